//! `--format sarif` is valid SARIF 2.1.0 (checked against the official schema in
//! `tests/data/`) and carries the rule table; `--format json` and `github` agree with it.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::{json, Value};

fn cases() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cmd")
}

fn lint(dir: &str, args: &[&str]) -> (Value, i32) {
    let out = Command::cargo_bin("cardgen")
        .unwrap()
        .current_dir(cases().join(dir))
        .args(["lint", "--isolated"])
        .args(args)
        .output()
        .unwrap();
    let doc = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    (doc, out.status.code().unwrap())
}

fn sarif_validator() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif-2.1.0-rtm.5.json");
    let mut schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    // The rtm.5 schema's `language` patterns have a stray `]` that is not a valid regular
    // expression for the validator; use the intended "xx or xx-XX" (cardgen writes no
    // `language`, so this changes nothing it is checked against).
    let fixed = fix_patterns(&mut schema);
    assert_eq!(fixed, 2, "the known bad patterns");
    jsonschema::draft4::new(&schema).expect("the SARIF schema compiles")
}

fn fix_patterns(v: &mut Value) -> usize {
    const BAD: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
    match v {
        Value::Object(map) => {
            let mut n = 0;
            if map.get("pattern").and_then(Value::as_str) == Some(BAD) {
                map.insert("pattern".into(), json!("^[a-zA-Z]{2}(-[a-zA-Z]{2})?$"));
                n += 1;
            }
            n + map.values_mut().map(fix_patterns).sum::<usize>()
        }
        Value::Array(items) => items.iter_mut().map(fix_patterns).sum(),
        _ => 0,
    }
}

fn assert_valid(doc: &Value) {
    let validator = sarif_validator();
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "invalid SARIF:\n{}", errors.join("\n"));
}

#[test]
fn sarif_is_valid_and_has_rules_and_regions() {
    let (doc, code) = lint(
        "formats.in",
        &["--format", "sarif", "we,ird:name.md", "missing.md"],
    );
    assert_eq!(code, 2, "a missing file is an input error");
    assert_valid(&doc);
    assert_eq!(doc["version"], "2.1.0");
    let run = &doc["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), cardgen::rules::RULES.len());
    for (rule, meta) in cardgen::rules::RULES.iter().zip(rules) {
        assert_eq!(meta["id"], rule.code);
        assert_eq!(meta["name"], rule.name);
        assert_eq!(meta["shortDescription"]["text"], rule.summary());
        assert!(meta["help"]["text"].as_str().unwrap().contains("## Why"));
    }
    let results = run["results"].as_array().unwrap();
    let codes: Vec<&str> = results
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["CG110", "CG106", "CG203"]);
    let first = &results[0];
    assert_eq!(first["level"], "error");
    assert_eq!(results[1]["level"], "note");
    let index = first["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[index]["id"], "CG110");
    let location = &first["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "we,ird:name.md");
    assert_eq!(
        location["region"],
        json!({"startLine": 3, "startColumn": 14, "endLine": 3, "endColumn": 15})
    );
    let invocation = &run["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    assert_eq!(
        invocation["toolExecutionNotifications"][0]["locations"][0]["physicalLocation"]
            ["artifactLocation"]["uri"],
        "missing.md"
    );
}

#[test]
fn sarif_for_a_directory_uses_relative_forward_slash_uris_and_no_region_for_whole_file_findings() {
    let (doc, code) = lint("config.in", &["--format", "sarif", "."]);
    assert_eq!(code, 1);
    assert_valid(&doc);
    let results = doc["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        let loc = &r["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
        assert!(
            uri.ends_with("/README.md") && !uri.starts_with('.'),
            "{uri}"
        );
        if r["message"]["text"]
            .as_str()
            .unwrap()
            .starts_with("the card has no")
        {
            assert!(loc.get("region").is_none());
        }
    }
}

#[test]
fn the_schema_check_can_fail() {
    let (mut doc, _) = lint("formats.in", &["--format", "sarif", "we,ird:name.md"]);
    doc["runs"][0]["results"][0]["level"] = json!("fatal");
    assert!(!sarif_validator().is_valid(&doc));
}

#[test]
fn json_and_sarif_report_the_same_findings() {
    let (json_doc, _) = lint("suppress.in", &["--format", "json"]);
    let (sarif, _) = lint("suppress.in", &["--format", "sarif"]);
    assert_valid(&sarif);
    let from_json: Vec<(String, u64)> = json_doc["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    let from_sarif: Vec<(String, u64)> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let line = &r["locations"][0]["physicalLocation"]["region"]["startLine"];
            (
                r["ruleId"].as_str().unwrap().to_owned(),
                line.as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(from_json, from_sarif);
    assert_eq!(from_json.iter().filter(|(c, _)| c == "CG301").count(), 3);
}
