//! Checks of a fix's result that do not rely on how the library applies its edits.

use std::collections::HashMap;

use cardgen::Diagnostic;
use cardgen::Span;

/// Findings as (code, message), counted.
fn findings(ds: &[Diagnostic]) -> HashMap<(String, String), usize> {
    let mut out = HashMap::new();
    for d in ds {
        *out.entry((d.finding.code.to_owned(), d.finding.message.clone()))
            .or_default() += 1;
    }
    out
}

/// The findings of `after` that `before` does not have (by code and message, counted).
pub fn new_findings(before: &[Diagnostic], after: &[Diagnostic]) -> Vec<(String, String)> {
    let mut pool = findings(before);
    let mut new = Vec::new();
    for (key, n) in findings(after) {
        if n > pool.remove(&key).unwrap_or(0) {
            new.push(key);
        }
    }
    new
}

/// Whether `after` is `before` with only the bytes inside `spans` replaced: the text between
/// the (merged) spans must appear in `after` in order, the first piece as a prefix and the last
/// as a suffix. Independent of how the library applies its edits.
pub fn only_spans_changed(before: &[u8], after: &[u8], spans: &[Span]) -> bool {
    let mut spans = spans.to_vec();
    spans.sort();
    let mut merged: Vec<Span> = Vec::new();
    for s in spans {
        match merged.last_mut() {
            Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
            _ => merged.push(s),
        }
    }
    let mut kept: Vec<&[u8]> = Vec::new();
    let mut at = 0;
    for s in &merged {
        kept.push(&before[at..s.start]);
        at = s.end;
    }
    kept.push(&before[at..]);
    let (first, rest) = kept.split_first().unwrap();
    let (last, middle) = rest
        .split_last()
        .map_or((&[][..], &[][..]), |(l, m)| (*l, m));
    if after.len() < first.len() + last.len()
        || !after.starts_with(first)
        || !after[first.len()..].ends_with(last)
    {
        return false;
    }
    let mut window = &after[first.len()..after.len() - last.len()];
    for piece in middle {
        match find(window, piece) {
            Some(i) => window = &window[i + piece.len()..],
            None => return false,
        }
    }
    true
}

pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

#[test]
fn the_span_check_catches_changes_outside_spans() {
    let before = b"abc def ghi";
    assert!(only_spans_changed(
        before,
        b"abc DEF ghi",
        &[Span::new(4, 7)]
    ));
    assert!(only_spans_changed(before, b"abc ghi", &[Span::new(3, 7)]));
    assert!(!only_spans_changed(
        before,
        b"abc DEF ghI",
        &[Span::new(4, 7)]
    ));
    assert!(!only_spans_changed(
        before,
        b"Abc DEF ghi",
        &[Span::new(4, 7)]
    ));
    assert!(!only_spans_changed(
        before,
        b"abc Xghi",
        &[Span::new(4, 5), Span::new(6, 7)]
    ));
}
