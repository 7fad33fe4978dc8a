use cardgen::rules::{self, RULES};

use crate::exit;

pub fn run(query: &str) -> u8 {
    let Some(rule) = rules::find(query) else {
        let hint = closest(query)
            .map(|r| format!("; did you mean `{}` ({})?", r.code, r.name))
            .unwrap_or_default();
        super::error(format!(
            "no rule `{query}`{hint} Run `cardgen rules` to list them."
        ));
        return exit::USAGE;
    };
    let fixable = if rule.fixable() {
        "fixable with `cardgen lint --fix`"
    } else {
        "not fixed automatically"
    };
    let text = format!(
        "{} {} (default severity: {}; {fixable})\n\n{}",
        rule.code,
        rule.name,
        rule.severity,
        rule.explain()
    );
    match super::print(&text) {
        Ok(()) => exit::OK,
        Err(e) => {
            super::error(e);
            exit::USAGE
        }
    }
}

fn closest(query: &str) -> Option<&'static rules::Rule> {
    let q = query.to_ascii_lowercase();
    RULES
        .iter()
        .map(|r| {
            (
                strsim::levenshtein(&q, r.name)
                    .min(strsim::levenshtein(&q, &r.code.to_ascii_lowercase())),
                r,
            )
        })
        .filter(|(d, _)| *d <= 3)
        .min_by_key(|(d, _)| *d)
        .map(|(_, r)| r)
}
