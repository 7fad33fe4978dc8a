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

pub use diff::unified_diff;
pub use edit::{apply_edits, original_span};
pub use engine::{fix_bytes, fix_text, safe_fixes, FixedCard, FixedText, MAX_PASSES};

use crate::finding::Span;
pub use crate::finding::{Edit, Fix};

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
