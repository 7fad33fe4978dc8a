//! Lint one card: read it once, run every enabled rule, apply the card's suppression comments,
//! locate findings.

use serde::Serialize;

use crate::card::CardContext;
use crate::config::Config;
use crate::finding::{Diagnostic, Finding, Fix, Severity};
use crate::model_files::Siblings;
use crate::rules::reading::{card_too_large, CARD_TOO_LARGE, NOT_A_CARD};
use crate::rules::suppression::{self, UNUSED_SUPPRESSION};
use crate::rules::{Context, Settings, RULES};

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

/// Lint a card's bytes. Findings come sorted by position, then code. Bytes over the card size
/// limit get one `card-too-large` finding and are not parsed.
pub fn lint_bytes(bytes: &[u8], config: &Config) -> Vec<Diagnostic> {
    lint_bytes_beside(bytes, config, None)
}

/// [`lint_bytes`] for a card read from a folder: `siblings` lists the model files beside it, for
/// the rules that compare the card with them.
pub fn lint_bytes_beside(
    bytes: &[u8],
    config: &Config,
    siblings: Option<&Siblings>,
) -> Vec<Diagnostic> {
    let limit = config.limits.max_card_size;
    if bytes.len() > limit {
        // Not parsed even when the rule is off: the limit bounds the work, the rule reports it.
        return level(
            &config.settings,
            CARD_TOO_LARGE.code,
            card_too_large(bytes.len(), limit),
        )
        .map(Diagnostic::unplaced)
        .into_iter()
        .collect();
    }
    let card = CardContext::new(bytes, &config.limits.yaml);
    lint_card_beside(&card, &config.settings, siblings)
}

/// Run every enabled rule over an already-read card, then apply the card's suppression
/// comments.
pub fn lint_card<'a>(card: &'a CardContext<'a>, settings: &'a Settings) -> Vec<Diagnostic> {
    lint_card_beside(card, settings, None)
}

/// [`lint_card`] knowing the model files beside the card.
pub fn lint_card_beside<'a>(
    card: &'a CardContext<'a>,
    settings: &'a Settings,
    siblings: Option<&'a Siblings>,
) -> Vec<Diagnostic> {
    let ctx = Context::new(card, settings).with_siblings(siblings);
    let mut findings = Vec::new();
    // A file that is not a card at all gets that finding alone.
    let rules = RULES
        .iter()
        .filter(|r| card.not_a_card.is_none() || r.code == NOT_A_CARD.code);
    for rule in rules {
        let level = settings.severity.get(rule.code).copied();
        if level == Some(None) {
            continue;
        }
        let start = findings.len();
        (rule.check)(&ctx, &mut findings);
        if let Some(Some(sev)) = level {
            for f in &mut findings[start..] {
                f.severity = sev;
            }
        }
    }
    let fixes = offered_fixes(&ctx, &findings);
    let mut diags: Vec<Diagnostic> = findings
        .into_iter()
        .map(|f| {
            let fixable = fixes.iter().any(|fix| fixes_finding(fix, &f));
            Diagnostic {
                fixable,
                ..locate(card, f)
            }
        })
        .collect();
    let unused = suppression::apply(&ctx, &mut diags);
    diags.extend(
        unused
            .into_iter()
            .filter_map(|f| level(settings, UNUSED_SUPPRESSION.code, f))
            .map(|f| locate(card, f)),
    );
    diags.sort_by_key(|d| (d.finding.span.map_or(0, |s| s.start), d.finding.code));
    diags
}

/// The fixes the rules that found something offer.
fn offered_fixes(ctx: &Context<'_>, findings: &[Finding]) -> Vec<Fix> {
    let mut fixes = Vec::new();
    for rule in RULES
        .iter()
        .filter(|r| findings.iter().any(|f| f.code == r.code))
    {
        if let Some(fixer) = rule.fix {
            fixer(ctx, &mut fixes);
        }
    }
    fixes
}

/// Whether `fix` is meant for `finding`: same rule, and where the finding points (or anywhere,
/// for a finding without a position).
fn fixes_finding(fix: &Fix, finding: &Finding) -> bool {
    fix.code == finding.code
        && finding.span.is_none_or(|s| {
            let f = fix.span();
            f.start <= s.end && s.start <= f.end
        })
}

/// The finding at its configured severity, or `None` when its rule is off.
fn level(settings: &Settings, code: &str, mut finding: Finding) -> Option<Finding> {
    match settings.severity.get(code) {
        Some(None) => None,
        Some(Some(sev)) => {
            finding.severity = *sev;
            Some(finding)
        }
        None => Some(finding),
    }
}

fn locate(card: &CardContext<'_>, finding: Finding) -> Diagnostic {
    let Some(span) = finding.span else {
        return Diagnostic::unplaced(finding);
    };
    let (line, column) = card.line_col(span.start);
    let (end_line, end_column) = card.line_col(span.end);
    Diagnostic {
        finding,
        line: Some(line),
        column: Some(column),
        end_line: Some(end_line),
        end_column: Some(end_column),
        fixable: false,
    }
}
