//! Lint one card: read it once, run every enabled rule, locate findings.

use serde::Serialize;

use crate::card::CardContext;
use crate::config::Config;
use crate::finding::{Finding, Severity};
use crate::rules::reading::CARD_TOO_LARGE;
use crate::rules::suppression::UNUSED_SUPPRESSION;
use crate::rules::RULES;

/// A finding with its line and column resolved (1-based; columns count characters).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    #[serde(flatten)]
    pub finding: Finding,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub end_line: Option<usize>,
    pub end_column: Option<usize>,
}

/// The findings for one file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileReport {
    pub path: String,
    pub diagnostics: Vec<Diagnostic>,
}

impl FileReport {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.finding.severity == severity)
            .count()
    }
}

/// Lint a card's bytes. Findings come sorted by position, then code. Bytes over
/// [`Limits::max_card_size`](crate::config::Limits) get one `card-too-large` finding and are not
/// parsed.
pub fn lint_bytes(bytes: &[u8], config: &Config) -> Vec<Diagnostic> {
    let limit = config.limits.max_card_size;
    if bytes.len() > limit {
        // Not parsed even when the rule is off: the limit bounds the work, the rule reports it.
        if config.severity.get(CARD_TOO_LARGE.code) == Some(&None) {
            return Vec::new();
        }
        let mut finding = crate::rules::reading::card_too_large(bytes.len(), limit);
        if let Some(Some(sev)) = config.severity.get(CARD_TOO_LARGE.code) {
            finding.severity = *sev;
        }
        return vec![Diagnostic {
            finding,
            line: None,
            column: None,
            end_line: None,
            end_column: None,
        }];
    }
    let ctx = CardContext::new(bytes, config);
    lint_context(&ctx)
}

/// Run every enabled rule over an already-read card, then apply the card's suppression
/// comments (see [`crate::suppress`]).
pub fn lint_context(ctx: &CardContext<'_>) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    for rule in RULES {
        let level = ctx.config.severity.get(rule.code).copied();
        if level == Some(None) {
            continue;
        }
        let start = findings.len();
        (rule.check)(ctx, &mut findings);
        if let Some(Some(sev)) = level {
            for f in &mut findings[start..] {
                f.severity = sev;
            }
        }
    }
    let mut diags: Vec<Diagnostic> = findings.into_iter().map(|f| locate(ctx, f)).collect();
    let unused = crate::suppress::apply(ctx, &mut diags);
    match ctx.config.severity.get(UNUSED_SUPPRESSION.code).copied() {
        Some(None) => {}
        level => diags.extend(unused.into_iter().map(|mut f| {
            if let Some(Some(sev)) = level {
                f.severity = sev;
            }
            locate(ctx, f)
        })),
    }
    diags.sort_by_key(|d| (d.finding.span.map_or(0, |s| s.start), d.finding.code));
    diags
}

fn locate(ctx: &CardContext<'_>, finding: Finding) -> Diagnostic {
    let (line, column, end_line, end_column) = match finding.span {
        Some(span) => {
            let (l, c) = ctx.line_col(span.start);
            let (el, ec) = ctx.line_col(span.end);
            (Some(l), Some(c), Some(el), Some(ec))
        }
        None => (None, None, None, None),
    };
    Diagnostic {
        finding,
        line,
        column,
        end_line,
        end_column,
    }
}
