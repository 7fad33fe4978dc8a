use super::*;
use crate::Severity;

fn err(text: &str) -> ConfigError {
    Config::from_toml(text).expect_err("should be rejected")
}

fn required_names(c: &Config) -> Vec<&str> {
    c.sections
        .required
        .iter()
        .map(|s| s.name.as_str())
        .collect()
}

#[test]
fn defaults_require_usage_and_limitations() {
    let c = Config::default();
    assert_eq!(required_names(&c), ["usage", "limitations"]);
    assert_eq!(
        required_names(&Config::from_toml("").unwrap()),
        ["usage", "limitations"]
    );
}

#[test]
fn full_example_parses() {
    let c = Config::from_toml(
        r#"
[sections]
required = ["usage", "limitations", "citation", "usage"]
[sections.synonyms]
usage = ["How to use", "Inference"]
[sections.extend-synonyms]
limitations = ["Things to watch out for"]
[rules]
placeholder-text = "error"
CG206 = "off"
empty-section = "warn"
"#,
    )
    .unwrap();
    assert_eq!(required_names(&c), ["usage", "limitations", "citation"]);
    let usage = &c.sections.required[0];
    assert_eq!(usage.synonyms, ["How to use", "Inference"]);
    assert_eq!(usage.title, "Usage");
    assert!(!usage.matches_key("quick start"));
    let limits = &c.sections.required[1];
    assert!(limits.matches_key("things to watch out for") && limits.matches_key("limitations"));
    assert!(c.sections.required[2].matches_key("bibtex entry and citation info"));
    assert_eq!(c.severity.get("CG203"), Some(&Some(Severity::Error)));
    assert_eq!(c.severity.get("CG206"), Some(&None));
    assert_eq!(c.severity.get("CG202"), Some(&Some(Severity::Warning)));
}

#[test]
fn custom_sections_need_synonyms() {
    let c = Config::from_toml("[sections]\nrequired = [\"model-zoo\"]\n[sections.synonyms]\nmodel-zoo = [\"Model zoo\"]\n").unwrap();
    assert_eq!(c.sections.required[0].title, "Model zoo");
    let e = err("[sections]\nrequired = [\"model-zoo\"]\n");
    assert_eq!(e.kind, ConfigErrorKind::Invalid);
    assert_eq!(e.message, "unknown section `model-zoo`");
    assert_eq!(e.location.map(|l| (l.line, l.column)), Some((2, 13)));
}

#[test]
fn unknown_keys_are_errors_with_positions() {
    let e = err("[sections]\nrequird = [\"usage\"]\n");
    assert_eq!(e.kind, ConfigErrorKind::Toml);
    assert!(
        e.message.contains("unknown field `requird`"),
        "{}",
        e.message
    );
    assert_eq!(e.location.map(|l| (l.line, l.column)), Some((2, 1)));
    assert_eq!(e.location.map(|l| l.span), Some(crate::Span::new(11, 18)));
    let e = err("[lints]\n");
    assert!(e.message.contains("unknown field `lints`"), "{}", e.message);
}

#[test]
fn unknown_rule_names_suggest_the_closest() {
    let e = err("[rules]\nplaceholder-txt = \"error\"\n");
    assert_eq!(e.message, "unknown rule `placeholder-txt`");
    assert_eq!(e.help.as_deref(), Some("did you mean `placeholder-text`?"));
    assert_eq!(e.location.map(|l| (l.line, l.column)), Some((2, 1)));
}

#[test]
fn bad_levels_and_typoed_sections_are_errors() {
    let e = err("[rules]\nCG203 = \"loud\"\n");
    assert!(
        e.message.contains("unknown variant `loud`"),
        "{}",
        e.message
    );
    assert_eq!(e.location.map(|l| l.line), Some(2));
    let e = err("[sections]\nrequired = [\"usgae\"]\n");
    assert_eq!(e.help.as_deref(), Some("did you mean `usage`?"));
    let e = err("[sections.synonyms]\nusgae = [\"Usage\"]\n");
    assert_eq!(e.message, "unknown section `usgae`");
    assert_eq!(e.help.as_deref(), Some("did you mean `usage`?"));
    let e = err("[sections.synonyms]\nmodel-zoo = [\"Zoo\"]\n");
    assert!(e
        .help
        .unwrap()
        .starts_with("a new section must also be listed in `required`"));
    let e = err("[sections.extend-synonyms]\nnope = [\"X\"]\n");
    assert_eq!(e.message, "unknown section `nope`");
}

#[test]
fn empty_or_wordless_synonyms_are_errors() {
    let e = err("[sections.synonyms]\nusage = []\n");
    assert_eq!(e.message, "section `usage` needs at least one heading");
    assert_eq!(e.location.map(|l| l.line), Some(2));
    let e = err("[sections.synonyms]\nusage = [\"--\"]\n");
    assert!(e.message.contains("no letters or digits"), "{}", e.message);
}

#[test]
fn pyproject_reads_only_tool_cardgen() {
    let none = "[project]\nname = \"x\"\n[tool.ruff]\nline-length = 100\n";
    assert!(Config::from_pyproject(none).unwrap().is_none());
    let some = format!("{none}[tool.cardgen.sections]\nrequired = [\"citation\"]\n");
    let c = Config::from_pyproject(&some).unwrap().unwrap();
    assert_eq!(required_names(&c), ["citation"]);
    let bad = format!("{none}[tool.cardgen]\nnope = 1\n");
    let e = Config::from_pyproject(&bad).unwrap_err();
    assert_eq!(
        e.location.map(|l| l.line),
        Some(6),
        "positions are in the whole pyproject.toml"
    );
}

#[test]
fn discover_walks_up_and_prefers_cardgen_toml() {
    let root = tempfile::tempdir().unwrap();
    let deep = root.path().join("a/b");
    std::fs::create_dir_all(&deep).unwrap();
    assert!(Config::discover(&deep).unwrap().is_none());

    std::fs::write(
        root.path().join("pyproject.toml"),
        "[tool.cardgen.rules]\nCG206 = \"off\"\n",
    )
    .unwrap();
    let (path, c) = Config::discover(&deep).unwrap().unwrap();
    assert_eq!(path, root.path().join("pyproject.toml"));
    assert_eq!(c.severity.get("CG206"), Some(&None));

    std::fs::write(
        root.path().join("a/pyproject.toml"),
        "[project]\nname = \"x\"\n",
    )
    .unwrap();
    std::fs::write(root.path().join(".cardgen.toml"), "").unwrap();
    let (path, _) = Config::discover(&deep).unwrap().unwrap();
    assert_eq!(
        path,
        root.path().join(".cardgen.toml"),
        "a pyproject without the table is skipped"
    );

    std::fs::write(root.path().join("a/cardgen.toml"), "oops = 1\n").unwrap();
    let e = Config::discover(&deep).unwrap_err();
    assert_eq!(e.path, Some(root.path().join("a/cardgen.toml")));
    assert_eq!(e.location.map(|l| l.line), Some(1));
}

#[test]
fn load_reports_missing_files_and_tables() {
    let dir = tempfile::tempdir().unwrap();
    let e = Config::load(&dir.path().join("cardgen.toml")).unwrap_err();
    assert_eq!(e.kind, ConfigErrorKind::Io);
    let py = dir.path().join("pyproject.toml");
    std::fs::write(&py, "[project]\nname = \"cardgen-demo\"\n").unwrap();
    assert_eq!(
        Config::load(&py).unwrap_err().kind,
        ConfigErrorKind::Invalid
    );
}

#[test]
fn profiles_set_the_required_sections_and_keys() {
    let strict = Config::from_toml("profile = \"strict\"\n").unwrap();
    assert_eq!(strict.profile, Profile::Strict);
    assert_eq!(
        required_names(&strict),
        [
            "description",
            "intended-use",
            "training-data",
            "training-procedure",
            "evaluation",
            "limitations",
            "usage",
            "citation"
        ]
    );
    let eu = Config::for_profile(Profile::EuAiAct);
    assert!(required_names(&eu).contains(&"acceptable-use"));
    let keys: Vec<&str> = eu
        .required_metadata
        .iter()
        .map(|k| k.key.as_str())
        .collect();
    assert_eq!(keys, ["pipeline_tag", "license"]);
    assert!(eu.required_metadata[1].why.contains("Annex XI 1(f)"));
    // The file's own list replaces the profile's; the command line's profile wins over the file's.
    let own =
        Config::from_toml("profile = \"strict\"\n[sections]\nrequired = [\"usage\"]\n").unwrap();
    assert_eq!(required_names(&own), ["usage"]);
    let cli = LoadOptions {
        profile: Some(Profile::Hub),
    };
    let over = Config::from_toml_with("profile = \"strict\"\n", cli).unwrap();
    assert_eq!(required_names(&over), ["usage", "limitations"]);
    let e = err("profile = \"eu\"\n");
    assert_eq!(e.location.map(|l| (l.line, l.column)), Some((1, 11)));
    assert!(e.message.contains("unknown variant `eu`"), "{}", e.message);
}

#[test]
fn globs_and_command_line_levels() {
    let c = Config::from_toml("include = [\"models/**\"]\nexclude = [\"models/old\"]\n").unwrap();
    assert_eq!(c.files.include_globs, ["models/**"]);
    let e = err("exclude = [\"ok\", \"a[\"]\n");
    assert_eq!(e.location.map(|l| (l.line, l.column)), Some((1, 18)));
    assert!(e.message.starts_with("invalid glob `a[`"), "{}", e.message);

    let mut c = Config::default();
    c.set_level("placeholder-text", Level::Error).unwrap();
    c.set_level("cg201", Level::Off).unwrap();
    assert_eq!(c.severity.get("CG203"), Some(&Some(Severity::Error)));
    assert_eq!(c.severity.get("CG201"), Some(&None));
    let e = c.set_level("placeholder-txt", Level::Warning).unwrap_err();
    assert!(e.contains("did you mean `placeholder-text`"), "{e}");
}

#[test]
fn max_card_size_from_file() {
    let c = Config::from_toml("[limits]\nmax-card-size = \"64M\"\n").unwrap();
    assert_eq!(c.limits.max_card_size, 64 << 20);
    let c = Config::from_toml("[limits]\nmax-card-size = 1000\n").unwrap();
    assert_eq!(c.limits.max_card_size, 1000);
    assert_eq!(
        Config::default().limits.max_card_size,
        crate::config::DEFAULT_MAX_CARD_SIZE
    );
    let e = Config::from_toml("[limits]\nmax-card-size = \"lots\"\n").unwrap_err();
    assert!(e.message.contains("max-card-size"), "{e:?}");
    assert!(Config::from_toml("[limits]\nmax-card-size = 0\n").is_err());
}

#[test]
fn parse_size_units() {
    use crate::config::parse_size;
    assert_eq!(parse_size("10"), Some(10));
    assert_eq!(parse_size("2k"), Some(2048));
    assert_eq!(parse_size("1G"), Some(1 << 30));
    assert_eq!(parse_size("1T"), None);
    assert_eq!(parse_size(""), None);
    assert_eq!(parse_size("0"), None);
}
