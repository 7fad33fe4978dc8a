//! The CG2xx section rules and the sections configuration, end to end on fixture cards.

use std::path::{Path, PathBuf};

use cardgen::config::Config;
use cardgen::Diagnostic;
use cardgen::Severity;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sections")
        .join(name)
}

fn lint(name: &str, config: &Config) -> Vec<Diagnostic> {
    let bytes = std::fs::read(fixture(name)).expect("fixture");
    cardgen::lint_bytes(&bytes, config)
}

/// `(code, line)` of every finding, in order.
fn codes_and_lines(diags: &[Diagnostic]) -> Vec<(&'static str, usize)> {
    diags
        .iter()
        .map(|d| (d.finding.code, d.line.unwrap_or(0)))
        .collect()
}

#[test]
fn a_complete_card_has_no_findings() {
    let diags = lint("good.md", &Config::default());
    assert_eq!(codes_and_lines(&diags), []);
}

#[test]
fn trainer_card_placeholders_and_empty_results() {
    let diags = lint("trainer.md", &Config::default());
    assert_eq!(
        codes_and_lines(&diags),
        [("CG203", 19), ("CG201", 21), ("CG203", 27), ("CG202", 37),]
    );
    // One finding for the heading that holds only placeholders for both sections; its
    // placeholder is that finding, not a CG203 of its own.
    assert_eq!(
        diags[1].finding.message,
        "this heading only has placeholder text: the required `usage` and `limitations` sections count as missing"
    );
    assert_eq!(
        diags[3].finding.message,
        "the section `Training results` is empty"
    );
    assert_eq!((diags[0].column, diags[0].end_column), (Some(1), Some(24)));
}

#[test]
fn unfilled_hub_template() {
    let diags = lint("template.md", &Config::default());
    let count = |code: &str| diags.iter().filter(|d| d.finding.code == code).count();
    assert_eq!(
        count("CG201"),
        2,
        "usage and limitations are only placeholders"
    );
    // The placeholders of the two sections CG201 reports are part of its findings.
    assert_eq!(count("CG203"), 12);
    assert_eq!(count("CG202"), 0);
    assert_eq!(count("CG206"), 0);
    let first = &diags[0];
    assert_eq!(
        (first.finding.code, first.line, first.column),
        ("CG203", Some(6), Some(3))
    );
    assert_eq!(
        first.finding.message,
        "placeholder text `Model Card for Model ID` left in the card"
    );
}

#[test]
fn unrendered_template_syntax() {
    let diags = lint("unrendered.md", &Config::default());
    let found: Vec<_> = diags
        .iter()
        .filter(|d| d.finding.code == "CG204")
        .map(|d| (d.line.unwrap(), d.finding.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (5, "unrendered template syntax `{{ model_id }}`"),
            (7, "unrendered template syntax `{% if paper %}`"),
            (7, "unrendered template syntax `{{ paper }}`"),
            (7, "unrendered template syntax `{% endif %}`"),
        ]
    );
    assert!(diags.iter().all(|d| d.finding.code == "CG204"), "{diags:?}");
}

#[test]
fn body_with_only_a_comment_is_empty() {
    let diags = lint("empty-body.md", &Config::default());
    let codes: Vec<_> = diags.iter().map(|d| d.finding.code).collect();
    assert_eq!(codes, ["CG201", "CG201", "CG205"]);
    assert_eq!(
        (diags[2].line, diags[2].column),
        (Some(3), Some(1)),
        "points at the closing `---`"
    );
}

#[test]
fn discovered_config_changes_sections_and_severities() {
    let start = fixture("");
    let (path, config) = Config::discover(&start)
        .unwrap()
        .expect("cardgen.toml in the fixtures");
    assert_eq!(path, fixture("cardgen.toml"));
    let trainer = lint("trainer.md", &config);
    let missing: Vec<_> = trainer
        .iter()
        .filter(|d| d.finding.code == "CG201")
        .map(|d| d.finding.message.as_str())
        .collect();
    assert_eq!(
        missing,
        [
            "the card has no `citation` section",
            "the required `usage` section only has placeholder text, so it counts as missing",
        ]
    );
    let placeholder = trainer.iter().find(|d| d.finding.code == "CG203").unwrap();
    assert_eq!(placeholder.finding.severity, Severity::Error);

    let no_title = b"---\nlicense: mit\n---\n## Recipe\nmix well\n## Citation\nus\n";
    assert_eq!(
        cardgen::lint_bytes(no_title, &config),
        [],
        "CG206 is off; Recipe counts as usage"
    );
    assert_eq!(
        cardgen::lint_bytes(no_title, &Config::default())
            .iter()
            .map(|d| d.finding.code)
            .collect::<Vec<_>>(),
        ["CG201", "CG201", "CG206"]
    );
}

#[test]
fn discovery_from_a_relative_path_walks_up() {
    // Tests run in the package root, so this path is relative to it.
    let (path, _) = Config::discover(Path::new("tests/fixtures/sections/not/a/dir"))
        .unwrap()
        .expect("found");
    assert_eq!(path, fixture("cardgen.toml"));
}

#[test]
fn rules_can_be_turned_off_by_name() {
    let config = Config::from_toml(
        "[rules]\nmissing-section = \"off\"\nplaceholder-text = \"off\"\nempty-section = \"off\"\n",
    )
    .unwrap();
    assert_eq!(codes_and_lines(&lint("trainer.md", &config)), []);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    const PIECES: &[&str] = &[
        "# ",
        "## Usage",
        "### Limitations",
        "\n",
        "\r\n",
        " ",
        "text",
        "é",
        "`",
        "```",
        "<!--",
        "-->",
        "<pre>",
        "</pre>",
        "<h1>",
        "[",
        "]",
        "$",
        "{{",
        "}}",
        "{%",
        "%}",
        "---",
        "===",
        "- ",
        "[More Information Needed]",
        "TODO",
        "Coming soon",
        "optional]",
        "\\[",
        "=",
    ];

    proptest! {
        #[test]
        fn linting_any_body_never_panics_and_spans_stay_in_the_card(
            body in proptest::collection::vec(proptest::sample::select(PIECES), 0..60)
        ) {
            let card = format!("---\nlicense: mit\n---\n{}", body.concat());
            let all_sections = Config::from_toml(
                "[sections]\nrequired = [\"usage\", \"limitations\", \"description\", \"citation\", \"evaluation\"]\n",
            ).unwrap();
            for config in [Config::default(), all_sections] {
                for d in cardgen::lint_bytes(card.as_bytes(), &config) {
                    if let Some(s) = d.finding.span {
                        prop_assert!(card.get(s.start..s.end).is_some(), "{d:?}");
                    }
                }
            }
        }
    }
}

mod schema {
    use super::*;

    fn toml_to_json(text: &str) -> serde_json::Value {
        let value: toml::Value = toml::from_str(text).unwrap();
        serde_json::to_value(value).unwrap()
    }

    fn schema() -> serde_json::Value {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/cardgen.schema.json");
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    #[test]
    fn the_schema_accepts_what_the_loader_accepts() {
        let good = std::fs::read_to_string(fixture("cardgen.toml")).unwrap();
        let more = [
            good.as_str(),
            "profile = \"strict\"\n",
            "profile = \"eu-ai-act\"\ninclude = [\"models/**\"]\nexclude = [\"vendor\", \"**/drafts/*\"]\n",
            "[metadata]\nrequired = [\"license\", \"base_model\"]\n[rules]\nunused-suppression = \"off\"\nCG113 = \"warn\"\n",
        ];
        for text in more {
            Config::from_toml(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert!(
                jsonschema::is_valid(&schema(), &toml_to_json(text)),
                "{text}"
            );
        }
    }

    #[test]
    fn the_schema_lists_every_profile_and_built_in_section() {
        let s = schema();
        let profiles: Vec<&str> = s["properties"]["profile"]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap())
            .collect();
        let names: Vec<&str> = cardgen::config::Profile::ALL
            .iter()
            .map(|p| p.name())
            .collect();
        assert_eq!(profiles, names);
        let required = s["properties"]["sections"]["properties"]["required"]["description"]
            .as_str()
            .unwrap();
        for k in cardgen::config::KNOWN {
            assert!(required.contains(k.name), "{} is not in the schema", k.name);
        }
    }

    #[test]
    fn the_schema_rejects_what_the_loader_rejects() {
        for bad in [
            "[sections]\nrequird = []\n",
            "[rules]\nCG203 = \"loud\"\n",
            "[sections.synonyms]\nusage = []\n",
            "[lints]\n",
            "profile = \"eu\"\n",
            "include = \"models/**\"\n",
            "exclude = [\"\"]\n",
            "[metadata]\nrequired = [\"\"]\n",
            "[metadata]\nrequire = [\"license\"]\n",
        ] {
            assert!(Config::from_toml(bad).is_err(), "{bad}");
            assert!(
                !jsonschema::is_valid(&schema(), &toml_to_json(bad)),
                "{bad}"
            );
        }
    }
}
