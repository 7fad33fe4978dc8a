//! The Markdown body as headings, sections and kinds of text, read as the Hub renders it:
//! GitHub-flavoured Markdown (tables, strikethrough, task lists, footnotes) with math, by
//! pulldown-cmark, plus the `<h1>`–`<h6>` elements of HTML blocks as headings.
//!
//! [`Outline::parse`] walks the body once. Every span is in card coordinates (byte offsets into
//! the whole card text, front matter included), so rules can point at them directly. Besides the
//! headings it records where code, HTML comments, visible text and media are, so a rule can ask
//! "is this offset inside code?" or "does this section have any content?" without parsing again.

mod html;
mod key;
mod parse;
mod sink;
#[cfg(test)]
mod tests;

pub use key::{heading_alt_key, heading_key, push_heading_alt_key, push_heading_key};

use crate::finding::Span;

/// Headings, sections and text kinds of a card body.
#[derive(Debug, Default, PartialEq)]
pub struct Outline {
    /// Every heading (ATX, setext or an HTML `<h1>`–`<h6>` element, any level, also inside block
    /// quotes and lists), in document order.
    pub headings: Vec<Heading>,
    known: Pieces,
    /// The first `<h1>` element of an HTML block, which the Hub shows as a title.
    pub html_h1: Option<Span>,
}

/// The kinds of text of a body or of one paragraph, each list sorted and non-overlapping.
#[derive(Debug, Clone, Default, PartialEq)]
struct Pieces {
    /// Visible prose outside headings: Markdown text (paragraphs, list items, table cells, link
    /// text) and the text between tags of HTML blocks. Never blank; adjacent pieces (`[`,
    /// `More Information Needed`, `]`) are merged into one run.
    text: Vec<Span>,
    /// Code: fenced and indented code blocks, inline code spans, math, and `<pre>`, `<code>`,
    /// `<script>`, `<style>` elements.
    code: Vec<Span>,
    /// HTML comments, in HTML blocks or inline.
    comments: Vec<Span>,
    /// Images and embedded media: `![alt](src)`, `<img>`, `<video>`, `<iframe>`, `<svg>`, …
    /// (media inside media merged into one span).
    media: Vec<Span>,
    /// Code blocks (fenced or indented) and `<pre>` elements: a subset of `code`.
    blocks: Vec<Span>,
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
    /// Written as an HTML element (`<h2>…</h2>`) rather than in Markdown.
    pub html: bool,
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

    /// Whether `offset` is inside code.
    pub fn is_code(&self, offset: usize) -> bool {
        contains(&self.known.code, offset)
    }

    /// Whether `offset` is inside an HTML comment.
    pub fn is_comment(&self, offset: usize) -> bool {
        contains(&self.known.comments, offset)
    }

    /// The text run that contains all of `span`, if any.
    pub fn text_run(&self, span: Span) -> Option<Span> {
        let text = &self.known.text;
        let i = text.partition_point(|r| r.end < span.end);
        text.get(i)
            .copied()
            .filter(|r| r.start <= span.start && span.end <= r.end)
    }

    /// The heading whose source contains `offset`.
    pub fn heading_at(&self, offset: usize) -> Option<&Heading> {
        let i = self.headings.partition_point(|h| h.span.end <= offset);
        self.headings.get(i).filter(|h| h.span.start <= offset)
    }

    /// Whether `keep` holds for every text run that overlaps `span` (it stops at the first that
    /// fails).
    pub fn all_text_in(&self, span: Span, mut keep: impl FnMut(Span) -> bool) -> bool {
        overlapping(&self.known.text, span).iter().all(|r| keep(*r))
    }

    /// The text runs that overlap `span`, in order.
    pub fn text_in(&self, span: Span) -> &[Span] {
        overlapping(&self.known.text, span)
    }

    /// The code blocks (fenced, indented, `<pre>`) that overlap `span`, in order.
    pub fn code_blocks_in(&self, span: Span) -> &[Span] {
        overlapping(&self.known.blocks, span)
    }

    /// Whether `span` holds anything a reader would see besides headings: prose, code or media.
    /// Whitespace, HTML comments, thematic breaks and empty HTML tags do not count.
    pub fn has_content(&self, span: Span) -> bool {
        let p = &self.known;
        !overlapping(&p.text, span).is_empty()
            || !overlapping(&p.code, span).is_empty()
            || !overlapping(&p.media, span).is_empty()
    }

    /// Whether any of `span` is code or an HTML comment.
    pub fn touches_code_or_comment(&self, span: Span) -> bool {
        !overlapping(&self.known.code, span).is_empty()
            || !overlapping(&self.known.comments, span).is_empty()
    }

    /// The parts of `span` outside code and comments, in order. Nothing that overlaps what is
    /// left out is prose for [`Outline::touches_code_or_comment`]; a search for words that must
    /// be prose can skip it.
    pub fn outside_known_code(&self, span: Span) -> Vec<Span> {
        let mut pieces: Vec<Span> = overlapping(&self.known.code, span)
            .iter()
            .chain(overlapping(&self.known.comments, span))
            .copied()
            .collect();
        pieces.sort_unstable_by_key(|p| p.start);
        let mut gaps = Vec::with_capacity(pieces.len() + 1);
        let mut at = span.start;
        for p in pieces {
            if p.start > at {
                gaps.push(Span::new(at, p.start));
            }
            at = at.max(p.end);
        }
        if at < span.end {
            gaps.push(Span::new(at, span.end));
        }
        gaps
    }

    /// Whether `span` holds code or media (content that is not prose).
    pub fn has_code_or_media(&self, span: Span) -> bool {
        !overlapping(&self.known.code, span).is_empty()
            || !overlapping(&self.known.media, span).is_empty()
    }

    /// Whether the body is nothing but whitespace and HTML comments.
    pub fn is_blank(&self, text: &str, body: Span) -> bool {
        let slice = |from: usize, to: usize| text.get(from..to).unwrap_or("");
        let mut at = body.start;
        for c in &self.known.comments {
            if !slice(at, c.start).trim().is_empty() {
                return false;
            }
            at = at.max(c.end);
        }
        slice(at, body.end).trim().is_empty()
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
