//! Helpers for the rule tests: run one rule over a card written inline.

use crate::config::Config;
use crate::finding::Finding;
use crate::rules::with_context;
use crate::rules::Rule;

/// Findings of `rule` on `card`, with the default configuration.
pub(super) fn run(rule: &Rule, card: &str) -> Vec<Finding> {
    run_with(rule, card, &Config::default())
}

/// Findings of `rule` on `card`, with `config`.
pub(super) fn run_with(rule: &Rule, card: &str, config: &Config) -> Vec<Finding> {
    let mut out = Vec::new();
    with_context(card.as_bytes(), config, |ctx| (rule.check)(ctx, &mut out));
    out
}

/// The text each finding points at.
pub(super) fn pointed<'c>(card: &'c str, findings: &[Finding]) -> Vec<&'c str> {
    findings
        .iter()
        .map(|f| f.span.map_or("", |s| &card[s.start..s.end]))
        .collect()
}

/// A card with minimal front matter around `body`.
pub(super) fn card(body: &str) -> String {
    format!("---\nlicense: mit\n---\n{body}")
}
