//! SARIF 2.1.0: one run, the rule table in `tool.driver.rules`, one result per finding.
//! GitHub code scanning reads it (`github/codeql-action/upload-sarif`).

use serde_json::{json, Value};

use cardgen::files::InputError;
use cardgen::lint::FileReport;
use cardgen::rules::{Rule, RULES};
use cardgen::Severity;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const INFO_URI: &str = "https://github.com/cardgen/cardgen";

pub fn document(reports: &[FileReport], errors: &[InputError]) -> String {
    let rules: Vec<Value> = RULES.iter().map(rule).collect();
    let results: Vec<Value> = reports
        .iter()
        .flat_map(|r| r.diagnostics.iter().map(move |d| (r, d)))
        .map(|(report, d)| {
            let f = &d.finding;
            let index = RULES.iter().position(|r| r.code == f.code);
            let mut location = json!({ "artifactLocation": { "uri": uri(&report.path) } });
            if let (Some(l), Some(c), Some(el), Some(ec)) =
                (d.line, d.column, d.end_line, d.end_column)
            {
                location["region"] = json!({
                    "startLine": l, "startColumn": c, "endLine": el, "endColumn": ec,
                });
            }
            let mut message = f.message.clone();
            if let Some(help) = &f.help {
                message.push_str(&format!("\nhelp: {help}"));
            }
            let mut result = json!({
                "ruleId": f.code,
                "level": level(f.severity),
                "message": { "text": message },
                "locations": [{ "physicalLocation": location }],
            });
            if let Some(i) = index {
                result["ruleIndex"] = json!(i);
            }
            result
        })
        .collect();
    let notifications: Vec<Value> = errors
        .iter()
        .map(|e| {
            json!({
                "level": "error",
                "message": { "text": e.message },
                "locations": [{ "physicalLocation": {
                    "artifactLocation": { "uri": uri(&e.path.display().to_string()) }
                }}],
            })
        })
        .collect();
    let doc = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "cardgen",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": INFO_URI,
                "rules": rules,
            }},
            "invocations": [{
                "executionSuccessful": errors.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut s = serde_json::to_string_pretty(&doc).expect("SARIF serialises");
    s.push('\n');
    s
}

fn rule(r: &Rule) -> Value {
    let docs = r.explain();
    json!({
        "id": r.code,
        "name": r.name,
        "shortDescription": { "text": r.summary() },
        "fullDescription": { "text": docs.trim() },
        "help": { "text": docs.trim(), "markdown": docs.trim() },
        "defaultConfiguration": { "level": level(r.severity) },
        "properties": { "tags": [category(r.code)] },
    })
}

fn category(code: &str) -> &'static str {
    match code.as_bytes().get(2) {
        Some(b'0') => "reading",
        Some(b'1') => "metadata",
        Some(b'2') => "sections",
        _ => "suppression",
    }
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative URI reference with forward slashes: `models/a/README.md`. Paths under the
/// current directory are made relative to it; `hf://` references are kept as they are.
pub fn uri(path: &str) -> String {
    if path.contains("://") {
        return path.to_string();
    }
    let p = std::path::Path::new(path);
    let rel = match std::env::current_dir() {
        Ok(cwd) if p.is_absolute() => p.strip_prefix(&cwd).unwrap_or(p),
        _ => p,
    };
    let s = rel.to_string_lossy().replace('\\', "/");
    let s = s.strip_prefix("./").unwrap_or(&s);
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    if rel.is_absolute() && !out.starts_with('/') {
        out.insert(0, '/');
    }
    if out.starts_with('/') {
        format!("file://{out}")
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_with_forward_slashes() {
        assert_eq!(uri("./models/a b/README.md"), "models/a%20b/README.md");
        assert_eq!(uri("models\\x\\README.md"), "models/x/README.md");
        assert_eq!(uri("hf://gpt2@main"), "hf://gpt2@main");
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(
            uri(&cwd.join("a/README.md").display().to_string()),
            "a/README.md"
        );
        assert_eq!(uri("/elsewhere/README.md"), "file:///elsewhere/README.md");
    }
}
