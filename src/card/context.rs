//! [`CardContext`]: everything rules need, computed once per card.

use std::cell::OnceCell;

use super::encoding::{self, EncodingError};
use super::frontmatter::{self, FrontMatter};
use super::lines::LineIndex;
use super::markdown::Outline;
use super::yaml;
use crate::finding::Span;

/// The card's metadata, as far as it could be read.
#[derive(Debug, Clone, PartialEq)]
pub enum Metadata {
    /// No front matter (or the file is not text).
    Absent,
    /// Front matter whose YAML does not parse, or breaks a limit.
    Invalid(yaml::Error),
    /// Parsed YAML. The root may still be something other than a mapping.
    Parsed(yaml::Document),
}

/// A card, read once: text, front matter, YAML tree, Markdown outline.
pub struct CardContext<'a> {
    /// The text after a UTF-8 BOM; empty when the bytes are not UTF-8.
    pub text: &'a str,
    pub encoding_error: Option<EncodingError>,
    pub had_bom: bool,
    pub front_matter: Option<FrontMatter>,
    /// The text opens with a `---` line that is never closed.
    pub unclosed_front_matter: bool,
    /// What the file is when it is not a model card at all (a git-lfs pointer, an error page).
    pub not_a_card: Option<&'static str>,
    pub metadata: Metadata,
    /// The Markdown body (everything after the front matter).
    pub body: Span,
    outline: OnceCell<Outline>,
    /// Line starts, built on first use: only findings with a span need them.
    lines: OnceCell<LineIndex<'a>>,
}

impl<'a> CardContext<'a> {
    /// Read a card from its bytes, parsing its front matter within `limits`.
    pub fn new(bytes: &'a [u8], limits: &yaml::Limits) -> Self {
        let (text, had_bom, encoding_error) = match encoding::decode(bytes) {
            Ok(d) => (d.text, d.had_bom, None),
            Err(e) => ("", false, Some(e)),
        };
        let front_matter = frontmatter::find(text);
        let unclosed_front_matter = front_matter.is_none() && frontmatter::looks_unclosed(text);
        let not_a_card = super::not_a_card::detect(text);
        let metadata = match front_matter {
            None => Metadata::Absent,
            Some(fm) => match yaml::parse(text, fm.yaml, limits) {
                Ok(doc) => Metadata::Parsed(doc),
                Err(e) => Metadata::Invalid(e),
            },
        };
        let body = Span::new(front_matter.map_or(0, |fm| fm.body_start()), text.len());
        CardContext {
            text,
            encoding_error,
            had_bom,
            front_matter,
            unclosed_front_matter,
            not_a_card,
            metadata,
            body,
            outline: OnceCell::new(),
            lines: OnceCell::new(),
        }
    }

    /// The parsed YAML document, if the front matter parsed.
    pub fn document(&self) -> Option<&yaml::Document> {
        match &self.metadata {
            Metadata::Parsed(doc) => Some(doc),
            _ => None,
        }
    }

    /// The metadata mapping, when the front matter parsed to a mapping (an empty document counts
    /// as an empty mapping, as in `huggingface_hub`). `None` otherwise.
    pub fn meta(&self) -> Option<&yaml::Node> {
        let root = &self.document()?.root;
        matches!(root.value, yaml::Value::Map(_) | yaml::Value::Null).then_some(root)
    }

    /// The Markdown body text.
    pub fn body_text(&self) -> &'a str {
        &self.text[self.body.start..self.body.end]
    }

    /// Headings and sections of the body, parsed on first use.
    pub fn outline(&self) -> &Outline {
        self.outline
            .get_or_init(|| Outline::parse(self.text, self.body))
    }

    /// The text of a span.
    pub fn slice(&self, span: Span) -> &'a str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    /// Line starts of the text, computed on first use.
    pub fn lines(&self) -> &LineIndex<'a> {
        self.lines.get_or_init(|| LineIndex::new(self.text))
    }

    /// 1-based line and column of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        self.lines().line_col(self.text, offset)
    }
}
