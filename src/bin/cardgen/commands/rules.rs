use cardgen::rules::{self, RULES};

use crate::args::RulesFormat;
use crate::exit;

pub fn run(format: RulesFormat) -> u8 {
    let text = match format {
        RulesFormat::Human => human(),
        RulesFormat::Markdown => rules::markdown_table(),
        RulesFormat::Json => json(),
    };
    match super::print(&text) {
        Ok(()) => exit::OK,
        Err(e) => {
            super::error(e);
            exit::USAGE
        }
    }
}

fn human() -> String {
    let width = RULES.iter().map(|r| r.name.len()).max().unwrap_or(0);
    let mut out = String::new();
    for r in RULES {
        out.push_str(&format!(
            "{}  {:<width$}  {:<7}  {}{}\n",
            r.code,
            r.name,
            r.severity.as_str(),
            r.summary(),
            if r.fixable() { " [fixable]" } else { "" }
        ));
    }
    out
}

fn json() -> String {
    let rules: Vec<_> = RULES
        .iter()
        .map(|r| {
            serde_json::json!({
                "code": r.code,
                "name": r.name,
                "severity": r.severity,
                "fixable": r.fixable(),
                "summary": r.summary(),
                "docs": r.explain(),
            })
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&serde_json::json!({ "rules": rules }))
        .expect("rule metadata serialises");
    s.push('\n');
    s
}
