//! Hover: on a finding, its rule's explanation (`cardgen explain`); on a metadata key, what it
//! means and what it takes; on a value of a vocabulary key, whether the Hub knows it.

use cardgen::schema;
use ls_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position, Range};

use super::completion::vocab_of;
use super::diagnostics::range_of;
use super::document::{Document, Linted};
use super::position::Encoding;
use super::spot::{spot, Spot};

/// The hover at `position` (byte `offset` in the document's text).
pub fn hover(
    doc: &Document,
    position: Position,
    offset: usize,
    encoding: Encoding,
    markdown: bool,
) -> Option<Hover> {
    let mut parts = findings(doc, position, encoding);
    let base = doc.base();
    let mut range = None;
    if let Some(at) = offset.checked_sub(base) {
        if let Some((text, start, end)) = metadata(doc.card_text(), at) {
            parts.push(text);
            range = Some(
                doc.lines
                    .range(&doc.text, base + start, base + end, encoding),
            );
        }
    }
    if parts.is_empty() {
        return None;
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: if markdown {
                MarkupKind::Markdown
            } else {
                MarkupKind::PlainText
            },
            value: parts.join("\n\n---\n\n"),
        }),
        range,
    })
}

/// The explanation of each rule with a finding at `position`.
fn findings(doc: &Document, position: Position, encoding: Encoding) -> Vec<String> {
    let Some(Linted::Card { diagnostics, .. }) = &doc.lint else {
        return Vec::new();
    };
    let mut seen = Vec::new();
    let mut parts = Vec::new();
    for d in diagnostics {
        let range = range_of(doc, d, encoding);
        if !contains(range, position) || seen.contains(&d.finding.code) {
            continue;
        }
        seen.push(d.finding.code);
        let Some(rule) = cardgen::rules::find(d.finding.code) else {
            continue;
        };
        parts.push(format!(
            "**{} {}** ({}): {}\n\n{}",
            rule.code,
            rule.name,
            d.finding.severity,
            d.finding.message,
            rule.explain().trim_end()
        ));
    }
    parts
}

/// Whether `range` holds `position`, its end included (an empty range, a finding at a point
/// or one without a place, holds the position it is at).
fn contains(range: Range, position: Position) -> bool {
    range.start <= position && position <= range.end
}

/// What the key or value at `at` is (text, and its span).
fn metadata(text: &str, at: usize) -> Option<(String, usize, usize)> {
    match spot(text, at)? {
        Spot::Key {
            text: key,
            start,
            end,
            ..
        } => {
            let description = schema::schema().description(key)?;
            let accepts = schema::accepts(key).unwrap_or_default();
            let values = vocab_of(key).map_or(String::new(), |v| {
                format!(" Completion offers the {} values the Hub knows.", v.len())
            });
            let text = format!("**`{key}`**: {description}\n\nTakes {accepts}.{values}");
            Some((text, start, end))
        }
        Spot::Value {
            key,
            text: value,
            start,
            end,
        } => {
            let vocab = vocab_of(key)?;
            if value.is_empty() {
                return None;
            }
            let text = if vocab.contains(value) {
                match vocab.description(value) {
                    Some(d) => format!("`{value}`: {d}"),
                    None => format!("`{value}` is a `{key}` the Hub knows."),
                }
            } else {
                let hint = vocab
                    .suggest(value)
                    .map(|s| format!(" Did you mean `{s}`?"))
                    .unwrap_or_default();
                format!("`{value}` is not a `{key}` the Hub knows.{hint}")
            };
            Some((text, start, end))
        }
    }
}
