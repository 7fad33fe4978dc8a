//! The labelled set (`tests/data/labels.toml`): corpus cards judged by reading them, each with
//! the error-level findings a maintainer agrees with. Linted through the binary, every
//! error-level rule must be right in at least 98% of its firings on these cards, and every card
//! that shows a case of the lint-precision issue must get exactly its labels.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use serde::Deserialize;

use crate::interop::corpus_dir;

#[derive(Deserialize)]
struct Labels {
    card: Vec<Card>,
}

#[derive(Deserialize)]
struct Card {
    path: String,
    #[serde(default)]
    cases: Vec<String>,
    fires: BTreeMap<String, String>,
    #[serde(default)]
    silent: BTreeMap<String, String>,
    #[serde(default)]
    warns: BTreeMap<String, String>,
}

/// The sections CG201 can name.
const SECTIONS: [&str; 2] = ["usage", "limitations"];

/// The label keys of one finding: its code, or `CG201:<section>` for each section it names.
fn keys(code: &str, message: &str) -> Vec<String> {
    if code != "CG201" {
        return vec![code.to_owned()];
    }
    let named: Vec<String> = message
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|w| SECTIONS.contains(w))
        .map(|s| format!("CG201:{s}"))
        .collect();
    if named.is_empty() {
        vec![code.to_owned()]
    } else {
        named
    }
}

/// Per card: the keys of its error-level findings, and of all its findings.
fn lint(paths: &[String]) -> Vec<(BTreeSet<String>, BTreeSet<String>)> {
    let corpus = corpus_dir().join("cards");
    let out = Command::new(env!("CARGO_BIN_EXE_cardgen"))
        .current_dir(&corpus)
        .args(["lint", "--isolated", "--format", "json"])
        .args(paths)
        .output()
        .expect("run cardgen");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "no JSON from cardgen ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let files = doc["files"].as_array().expect("files");
    assert_eq!(
        files.len(),
        paths.len(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    files
        .iter()
        .map(|f| {
            let (mut errors, mut all) = (BTreeSet::new(), BTreeSet::new());
            for d in f["diagnostics"].as_array().expect("diagnostics") {
                let code = d["code"].as_str().unwrap();
                for key in keys(code, d["message"].as_str().unwrap()) {
                    if d["severity"] == "error" {
                        errors.insert(key.clone());
                    }
                    all.insert(key);
                }
            }
            (errors, all)
        })
        .collect()
}

#[test]
fn error_rules_are_right_on_the_labelled_cards() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/labels.toml"),
    )
    .unwrap();
    let labels: Labels = toml::from_str(&text).expect("labels.toml parses");
    assert!(labels.card.len() >= 80, "at least 80 labelled cards");
    let paths: Vec<String> = labels.card.iter().map(|c| c.path.clone()).collect();
    let found = lint(&paths);

    // rule → (right, wrong) firings
    let mut tally: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut wrong = Vec::new();
    let mut misses = Vec::new();
    let mut case_failures = Vec::new();
    for (card, (errors, all)) in labels.card.iter().zip(&found) {
        for key in errors {
            let rule = key.split(':').next().unwrap().to_owned();
            let entry = tally.entry(rule).or_default();
            if card.fires.contains_key(key) {
                entry.0 += 1;
            } else {
                entry.1 += 1;
                let why = card.silent.get(key).map_or("not labelled", String::as_str);
                wrong.push(format!("{}: {key} fired ({why})", card.path));
            }
        }
        for key in card.fires.keys().filter(|k| !errors.contains(*k)) {
            misses.push(format!("{}: {key} missed ({})", card.path, card.fires[key]));
        }
        if card.cases.is_empty() {
            continue;
        }
        let expected: BTreeSet<String> = card.fires.keys().cloned().collect();
        let bad_silent: Vec<&String> = card.silent.keys().filter(|k| all.contains(*k)).collect();
        let missing_warns: Vec<&String> = card.warns.keys().filter(|k| !all.contains(*k)).collect();
        if *errors != expected || !bad_silent.is_empty() || !missing_warns.is_empty() {
            case_failures.push(format!(
                "{} ({}): errors {errors:?}, labelled {expected:?}; fired though silent: \
                 {bad_silent:?}; warnings missing: {missing_warns:?}",
                card.path,
                card.cases.join(", ")
            ));
        }
    }
    let mut report = String::from("rule      right  wrong  precision\n");
    let mut low = Vec::new();
    for (rule, (right, bad)) in &tally {
        let precision = *right as f64 / (right + bad) as f64;
        report.push_str(&format!(
            "{rule:<8} {right:>6} {bad:>6}  {:>8.1}%\n",
            precision * 100.0
        ));
        if precision < 0.98 {
            low.push(rule.clone());
        }
    }
    eprintln!("{report}");
    eprintln!("wrong firings:\n  {}", wrong.join("\n  "));
    eprintln!("misses:\n  {}", misses.join("\n  "));
    assert!(
        low.is_empty(),
        "precision under 98% for {low:?}\n{report}\nwrong firings:\n  {}",
        wrong.join("\n  ")
    );
    assert!(
        case_failures.is_empty(),
        "cases not handled:\n  {}",
        case_failures.join("\n  ")
    );
}
