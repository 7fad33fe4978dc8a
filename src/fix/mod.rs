//! Autofix: byte-range edits that cannot change what a card means, each offered by the rule that
//! reports the problem (`fix:` in [`declare_rule!`](crate::rules)).
//!
//! A rule's fixer reads the span-keeping YAML tree and proposes [`Fix`]es: small replacements
//! of source text (a scalar's case, a key's spelling, one list item's line, a `[`…`]` around a
//! value). Everything outside those spans is kept byte for byte: comments, key order, quoting
//! and line endings. [`fix_text`] applies a fix only after re-linting the result: the fix must
//! remove a finding of its rule and must not add any finding. It repeats until nothing more can
//! be fixed (a renamed `Licence: Apache-2.0` gets its value fixed in the second pass), at most
//! [`MAX_PASSES`] times.

mod diff;
mod edit;
mod engine;
pub(crate) mod fixers;
mod source;

pub use diff::unified_diff;
pub use edit::{apply_edits, original_span};
pub use engine::{fix_bytes, fix_text, FixedCard, FixedText, MAX_PASSES};

use crate::finding::Span;

/// Replace the text of `span` (byte offsets in the card's text) with `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub text: String,
}

impl Edit {
    pub fn new(span: Span, text: impl Into<String>) -> Self {
        Edit {
            span,
            text: text.into(),
        }
    }

    /// Whether two edits cannot be applied together (overlapping ranges, or two insertions at
    /// the same place, whose order would be arbitrary).
    pub fn conflicts(&self, other: &Edit) -> bool {
        let (a, b) = (self.span, other.span);
        let overlap = a.start.max(b.start) < a.end.min(b.end);
        let inside = |x: Span, y: Span| x.is_empty() && y.start < x.start && x.start < y.end;
        let same_insertion = a.is_empty() && b.is_empty() && a.start == b.start;
        overlap || inside(a, b) || inside(b, a) || same_insertion
    }
}

/// One fix a rule offers for one finding: edits applied together, and what they do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// The code of the rule whose finding this fixes.
    pub code: &'static str,
    /// What the fix does, for people: "renamed `licence` to `license`".
    pub description: String,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn new(code: &'static str, description: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix {
            code,
            description: description.into(),
            edits,
        }
    }

    /// The smallest span covering every edit.
    pub fn span(&self) -> Span {
        let start = self.edits.iter().map(|e| e.span.start).min().unwrap_or(0);
        let end = self.edits.iter().map(|e| e.span.end).max().unwrap_or(start);
        Span::new(start, end)
    }

    fn conflicts(&self, other: &Fix) -> bool {
        self.edits
            .iter()
            .any(|a| other.edits.iter().any(|b| a.conflicts(b)))
    }
}

/// A fix that was applied.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Applied {
    pub code: &'static str,
    pub name: &'static str,
    pub description: String,
    /// Where, in the text before any fix: every byte that changed lies in one of the applied
    /// fixes' spans.
    pub span: Span,
}

#[cfg(test)]
mod tests;
