//! The Markdown body as headings, sections and kinds of text (pulldown-cmark).
//!
//! [`Outline::parse`] walks the body once. Every span is in card coordinates (byte offsets into
//! the whole card text, front matter included), so rules can point at them directly. Besides the
//! headings it records where code, HTML comments, visible text and media are, so a rule can ask
//! "is this offset inside code?" or "does this section have any content?" without parsing again.

mod fast;
mod html;
mod key;
mod parse;
mod sink;
#[cfg(test)]
mod tests;

pub use key::{heading_alt_key, heading_key, push_heading_alt_key, push_heading_key};

use crate::finding::Span;

/// Headings, sections and text kinds of a card body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outline {
    /// Every heading (ATX or setext, any level, also inside block quotes, lists and HTML blocks
    /// that leave room for Markdown), in document order.
    pub headings: Vec<Heading>,
    /// Visible prose outside headings: Markdown text (paragraphs, list items, table cells, link
    /// text) and the text between tags of HTML blocks. Sorted, non-overlapping, never blank;
    /// adjacent pieces (`[`, `More Information Needed`, `]`) are merged into one run.
    pub text: Vec<Span>,
    /// Code: fenced and indented code blocks, inline code spans, math, and `<pre>`, `<code>`,
    /// `<script>`, `<style>` elements. Sorted, non-overlapping.
    pub code: Vec<Span>,
    /// HTML comments, in HTML blocks or inline. Sorted, non-overlapping.
    pub comments: Vec<Span>,
    /// Images and embedded media: `![alt](src)`, `<img>`, `<video>`, `<iframe>`, `<svg>`, …
    pub media: Vec<Span>,
    /// The first `<h1>` element of an HTML block, which the Hub shows as a title.
    pub html_h1: Option<Span>,
}

/// One heading and the section it opens.
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// Plain text: inline code and emphasis text kept, HTML and images dropped, whitespace
    /// collapsed, a trailing `{#id}` attribute block and closing `#`s removed.
    pub text: String,
    /// The heading's source, without its line break (both lines for a setext heading).
    pub span: Span,
    /// The section: from after the heading to the next heading of the same or a higher level
    /// (a smaller number), or the end of the body. Includes sub-sections.
    pub content: Span,
    /// The heading's own content: from after the heading to the next heading of any level.
    pub own: Span,
}

impl Heading {
    /// Whether the section has sub-headings.
    pub fn has_subsections(&self) -> bool {
        self.own.end < self.content.end
    }
}

impl Outline {
    /// Parse `body`, a span of `text`.
    pub fn parse(text: &str, body: Span) -> Self {
        parse::parse(text, body)
    }

    /// The fast scanner's outline of `body`, or `None` when the body has something it leaves to
    /// pulldown-cmark. For tests that compare the two readers; [`Outline::parse`] picks.
    #[doc(hidden)]
    pub fn parse_fast(text: &str, body: Span) -> Option<Self> {
        parse::parse_fast(text, body)
    }

    /// pulldown-cmark's outline of `body`. For tests that compare the two readers.
    #[doc(hidden)]
    pub fn parse_full(text: &str, body: Span) -> Self {
        parse::parse_full(text, body)
    }

    /// Whether `offset` is inside code.
    pub fn is_code(&self, offset: usize) -> bool {
        contains(&self.code, offset)
    }

    /// Whether `offset` is inside an HTML comment.
    pub fn is_comment(&self, offset: usize) -> bool {
        contains(&self.comments, offset)
    }

    /// The text run that contains all of `span`, if any.
    pub fn text_run(&self, span: Span) -> Option<Span> {
        let i = self.text.partition_point(|r| r.end < span.end);
        self.text
            .get(i)
            .copied()
            .filter(|r| r.start <= span.start && span.end <= r.end)
    }

    /// The heading whose source contains `offset`.
    pub fn heading_at(&self, offset: usize) -> Option<&Heading> {
        let i = self.headings.partition_point(|h| h.span.end <= offset);
        self.headings.get(i).filter(|h| h.span.start <= offset)
    }

    /// The text runs that overlap `span`.
    pub fn text_in(&self, span: Span) -> &[Span] {
        overlapping(&self.text, span)
    }

    /// Whether `span` holds anything a reader would see besides headings: prose, code or media.
    /// Whitespace, HTML comments, thematic breaks and empty HTML tags do not count.
    pub fn has_content(&self, span: Span) -> bool {
        !overlapping(&self.text, span).is_empty()
            || !overlapping(&self.code, span).is_empty()
            || !overlapping(&self.media, span).is_empty()
    }

    /// Whether any of `span` is code or an HTML comment.
    pub fn touches_code_or_comment(&self, span: Span) -> bool {
        !overlapping(&self.code, span).is_empty() || !overlapping(&self.comments, span).is_empty()
    }

    /// Whether `span` holds code or media (content that is not prose).
    pub fn has_code_or_media(&self, span: Span) -> bool {
        !overlapping(&self.code, span).is_empty() || !overlapping(&self.media, span).is_empty()
    }
}

/// Whether a sorted, non-overlapping list of spans has one containing `offset`.
fn contains(spans: &[Span], offset: usize) -> bool {
    let i = spans.partition_point(|s| s.end <= offset);
    spans.get(i).is_some_and(|s| s.start <= offset)
}

/// The spans of a sorted, non-overlapping list that overlap `span`.
fn overlapping(spans: &[Span], span: Span) -> &[Span] {
    let from = spans.partition_point(|s| s.end <= span.start);
    let to = from + spans[from..].partition_point(|s| s.start < span.end);
    &spans[from..to]
}
