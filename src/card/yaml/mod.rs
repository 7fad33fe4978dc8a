//! YAML front matter → a value tree that keeps source positions.
//!
//! `saphyr-parser` turns the text into events; [`builder`] assembles them with an explicit stack
//! (no recursion), a depth limit, a node budget that also bounds alias expansion, and a size
//! limit. Plain scalars are resolved the way PyYAML's `safe_load` resolves them (YAML 1.1), since
//! that is what `huggingface_hub` uses; where YAML 1.2 would read a value differently the builder
//! records a note so a rule can warn about it.
//!
//! Most front matter never reaches saphyr: [`fast`] reads the common subset (block mappings and
//! sequences of one-line values) straight into the same tree, and hands anything else to the
//! full parser.

mod builder;
mod fast;
mod input;
mod node;
mod pyyaml;
mod resolve;
mod seen;

/// Parse the YAML in `text[yaml.start..yaml.end]`. Spans in the result are offsets into `text`.
pub fn parse(text: &str, yaml: Span, limits: &Limits) -> Result<Document, Error> {
    builder::parse_with(text, yaml, limits, false)
}

/// [`parse`] without the fast path: always the full parser. For tests that compare the two.
#[doc(hidden)]
pub fn parse_full(text: &str, yaml: Span, limits: &Limits) -> Result<Document, Error> {
    builder::parse_with(text, yaml, limits, true)
}

/// The fast path alone: `None` where it leaves the text to the full parser. For tests.
#[doc(hidden)]
pub fn parse_fast(text: &str, yaml: Span, limits: &Limits) -> Option<Document> {
    if yaml.end - yaml.start > limits.max_bytes {
        return None;
    }
    fast::parse(&text[yaml.start..yaml.end], yaml.start, limits)
}
pub use node::{Entry, Node, StrKind, Value};
pub use resolve::Ambiguity;

use crate::finding::Span;

/// Bounds that keep hostile YAML from hanging or exhausting memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Deepest nesting of sequences and mappings.
    pub max_depth: usize,
    /// Most nodes in the tree, counting every node an alias expands to.
    pub max_nodes: usize,
    /// Largest front matter, in bytes.
    pub max_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 64,
            max_nodes: 250_000,
            max_bytes: 1 << 20,
        }
    }
}

/// What went wrong when the YAML could not be turned into a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// Not valid YAML (what PyYAML reports as a scanner, parser, composer or constructor error).
    Syntax,
    /// A limit in [`Limits`] was hit.
    Limit,
}

/// A YAML error at a position in the card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
    pub span: Span,
}

/// Something worth telling the user about YAML that did parse.
#[derive(Debug, Clone, PartialEq)]
pub enum Note {
    /// The same key twice in one mapping; YAML parsers disagree on which value wins.
    DuplicateKey {
        key: String,
        first: Span,
        second: Span,
    },
    /// A plain scalar that YAML 1.1 (PyYAML, `huggingface_hub`) and YAML 1.2 read differently.
    Ambiguous { span: Span, ambiguity: Ambiguity },
    /// An alias that refers to the node it is inside; it is read as null.
    RecursiveAlias { span: Span },
}

/// A parsed YAML document.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The root node; `Value::Null` for an empty document.
    pub root: Node,
    pub notes: Vec<Note>,
}

#[cfg(test)]
mod tests;
