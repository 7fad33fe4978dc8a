//! The README stays true: set-up commands first, the rule table generated from the registry.

use std::path::Path;

const START: &str = "<!-- rules:start -->\n";
const END: &str = "<!-- rules:end -->";

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap()
}

#[test]
fn rule_table_is_current() {
    let text = readme();
    let start = text.find(START).expect("rules:start marker") + START.len();
    let end = text.find(END).expect("rules:end marker");
    let expected = cardgen::rules::markdown_table();
    if text[start..end] != expected {
        if std::env::var_os("CARDGEN_BLESS").is_some() {
            let updated = format!("{}{}{}", &text[..start], expected, &text[end..]);
            std::fs::write(
                Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"),
                updated,
            )
            .unwrap();
            return;
        }
        panic!(
            "the README rule table is out of date: run `CARDGEN_BLESS=1 cargo test --test it readme`"
        );
    }
}

#[test]
fn setup_commands_come_first_and_ci_runs_the_test_command() {
    let text = readme();
    let first_block: Vec<&str> = text
        .split("```sh\n")
        .nth(1)
        .expect("a sh code block")
        .split("```")
        .next()
        .unwrap()
        .lines()
        .collect();
    assert_eq!(first_block.len(), 2, "exactly two set-up commands");
    assert!(first_block[0].starts_with("cargo run --profile quick -- "));
    assert!(first_block[1].starts_with("scripts/test"));
    let ci =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(".ci/run")).unwrap();
    assert!(ci.lines().any(|l| l.trim() == "exec scripts/test"));
}

#[test]
fn the_eu_ai_act_table_matches_the_profile() {
    use cardgen::config::{Check, Profile};
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/profiles.md"))
            .unwrap();
    for r in Profile::EuAiAct.requirements() {
        let check = match r.check {
            Check::Section(s) => format!("section `{s}`"),
            Check::Metadata(k) => format!("key `{k}`"),
        };
        let row = format!("| {check} | {} | {} |", r.what, r.source);
        assert!(text.contains(&row), "docs/profiles.md lacks the row: {row}");
    }
}
