//! The fix loop: collect the fixes the enabled rules offer, keep those that re-lint clean, apply
//! them, and start again on the result until nothing more is fixed.

use std::collections::HashMap;

use super::edit::{apply_edits, original_span};
use super::Applied;
use crate::card::CardContext;
use crate::config::Config;
use crate::finding::{Diagnostic, Edit, Fix};
use crate::lint::{lint_bytes, lint_card};
use crate::rules::{self, Context, RULES};

/// Most rounds of fixing one card. A fix can reveal another (a key renamed to `license` gets its
/// value checked), so one round is not always enough; no chain of the current fixes is longer
/// than two.
pub const MAX_PASSES: usize = 4;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// A card's text after fixing.
#[derive(Debug, Clone, PartialEq)]
pub struct FixedText {
    pub text: String,
    /// In the order they were applied; spans refer to the text before fixing.
    pub applied: Vec<Applied>,
    /// The findings of the fixed text.
    pub remaining: Vec<Diagnostic>,
}

/// A card's bytes after fixing (a UTF-8 byte-order mark is kept).
#[derive(Debug, Clone, PartialEq)]
pub struct FixedCard {
    pub bytes: Vec<u8>,
    /// Spans refer to the card's text before fixing (after the byte-order mark, as findings do).
    pub applied: Vec<Applied>,
    pub remaining: Vec<Diagnostic>,
}

impl FixedCard {
    pub fn changed(&self) -> bool {
        !self.applied.is_empty()
    }
}

/// Fix a card's bytes. Bytes that are not UTF-8 are returned unchanged, with their findings.
pub fn fix_bytes(bytes: &[u8], config: &Config) -> FixedCard {
    let ctx = CardContext::new(bytes, &config.limits.yaml);
    if ctx.encoding_error.is_some() {
        return FixedCard {
            bytes: bytes.to_vec(),
            applied: Vec::new(),
            remaining: lint_card(&ctx, config),
        };
    }
    let fixed = fix_text(ctx.text, config);
    let mut out = Vec::with_capacity(bytes.len() + 8);
    if ctx.had_bom {
        out.extend_from_slice(UTF8_BOM);
    }
    out.extend_from_slice(fixed.text.as_bytes());
    FixedCard {
        bytes: out,
        applied: fixed.applied,
        remaining: fixed.remaining,
    }
}

/// Fix a card's text (without a byte-order mark) as far as it safely can.
pub fn fix_text(text: &str, config: &Config) -> FixedText {
    run(text, config, MAX_PASSES, true)
}

/// The fix loop, at most `passes` rounds. With `lookahead`, a fix whose result has a new finding
/// is still taken if the following rounds fix that finding away (see [`verify`]).
fn run(text: &str, config: &Config, passes: usize, lookahead: bool) -> FixedText {
    let mut current = text.to_owned();
    let mut history: Vec<Vec<Edit>> = Vec::new();
    let mut applied = Vec::new();
    for pass in 0.. {
        let (before, accepted) = {
            let card = CardContext::new(current.as_bytes(), &config.limits.yaml);
            let before = lint_card(&card, config);
            if pass == passes {
                (before, Vec::new())
            } else {
                let offered = candidates(&Context::new(&card, config));
                let lookahead = lookahead.then_some(passes - pass - 1);
                let accepted = accept(&current, config, &before, offered, lookahead);
                (before, accepted)
            }
        };
        if accepted.is_empty() {
            return FixedText {
                text: current,
                applied,
                remaining: before,
            };
        }
        for fix in &accepted {
            let span = history
                .iter()
                .rev()
                .fold(fix.span(), |span, edits| original_span(edits, span));
            applied.push(Applied {
                code: fix.code,
                name: rules::find(fix.code).map_or("", |r| r.name),
                description: fix.description.clone(),
                span,
            });
        }
        let edits: Vec<Edit> = accepted.into_iter().flat_map(|f| f.edits).collect();
        current = apply_edits(&current, &edits);
        history.push(edits);
    }
    unreachable!("the loop returns after `passes` rounds")
}

/// The fixes `--fix` could make to `text` taken one at a time: each fix an enabled rule offers
/// that `wanted` selects and that, applied alone, passes [`verify`] as in [`fix_text`]. For
/// editors, which offer each one next to its finding; fixes may conflict with each other.
pub fn safe_fixes(text: &str, config: &Config, wanted: impl Fn(&Fix) -> bool) -> Vec<Fix> {
    let card = CardContext::new(text.as_bytes(), &config.limits.yaml);
    let mut offered = offered(&Context::new(&card, config));
    offered.retain(|f| wanted(f));
    if offered.is_empty() {
        return offered;
    }
    let before = lint_card(&card, config);
    let lookahead = Some(MAX_PASSES - 1);
    offered
        .into_iter()
        .filter(|f| verify(text, config, &before, std::slice::from_ref(f), lookahead))
        .collect()
}

/// The fixes the enabled fixable rules offer, minus any that conflict with an earlier one.
fn candidates(ctx: &Context<'_>) -> Vec<Fix> {
    let mut kept: Vec<Fix> = Vec::new();
    for fix in offered(ctx) {
        if !kept.iter().any(|k| k.conflicts(&fix)) {
            kept.push(fix);
        }
    }
    kept
}

/// Every fix the enabled fixable rules offer, in text order.
fn offered(ctx: &Context<'_>) -> Vec<Fix> {
    let mut offered = Vec::new();
    for rule in RULES {
        let Some(fixer) = rule.fix else { continue };
        if ctx.settings.is_off(rule.code) {
            continue;
        }
        let start = offered.len();
        fixer(ctx, &mut offered);
        debug_assert!(
            offered[start..].iter().all(|f| f.code == rule.code),
            "{} offers fixes under another code",
            rule.code
        );
    }
    offered.retain(|f| !f.edits.is_empty());
    offered.sort_by_key(|f| (f.span().start, f.span().end));
    offered
}

/// The fixes to apply this round: all of them if together they pass [`verify`], else those
/// that pass one by one (and together), else the first of those.
fn accept(
    text: &str,
    config: &Config,
    before: &[Diagnostic],
    offered: Vec<Fix>,
    lookahead: Option<usize>,
) -> Vec<Fix> {
    let ok = |fixes: &[Fix]| verify(text, config, before, fixes, lookahead);
    if offered.is_empty() || ok(&offered) {
        return offered;
    }
    let mut good: Vec<Fix> = offered
        .into_iter()
        .filter(|f| ok(std::slice::from_ref(f)))
        .collect();
    if good.len() > 1 && !ok(&good) {
        good.truncate(1);
    }
    good
}

/// Whether applying `fixes` to `text` adds no finding and removes, for each rule, at least as
/// many of its findings as it has fixes here. Findings are compared by code and message.
///
/// With `lookahead: Some(n)`, a result that fails is fixed further (up to `n` rounds, without
/// lookahead) and judged by what remains: `Licence: Apache-2.0` renamed to `license` has an
/// invalid license, which the next round fixes.
fn verify(
    text: &str,
    config: &Config,
    before: &[Diagnostic],
    fixes: &[Fix],
    lookahead: Option<usize>,
) -> bool {
    let edits: Vec<Edit> = fixes.iter().flat_map(|f| f.edits.iter().cloned()).collect();
    let fixed = apply_edits(text, &edits);
    let after = lint_bytes(fixed.as_bytes(), config);
    if no_worse(before, &after, fixes) {
        return true;
    }
    match lookahead {
        Some(n) if n > 0 => no_worse(before, &run(&fixed, config, n, false).remaining, fixes),
        _ => false,
    }
}

/// No finding in `after` that is not in `before`, and each fix's rule has lost a finding.
fn no_worse(before: &[Diagnostic], after: &[Diagnostic], fixes: &[Fix]) -> bool {
    let mut pool: HashMap<(&str, &str), usize> = HashMap::new();
    for d in before {
        *pool.entry(key(d)).or_default() += 1;
    }
    for d in after {
        match pool.get_mut(&key(d)) {
            Some(n) if *n > 0 => *n -= 1,
            _ => return false,
        }
    }
    let mut wanted: HashMap<&str, usize> = HashMap::new();
    for f in fixes {
        *wanted.entry(f.code).or_default() += 1;
    }
    wanted.into_iter().all(|(code, n)| {
        let count = |ds: &[Diagnostic]| ds.iter().filter(|d| d.finding.code == code).count();
        count(before) >= count(after) + n
    })
}

fn key(d: &Diagnostic) -> (&str, &str) {
    (d.finding.code, d.finding.message.as_str())
}
