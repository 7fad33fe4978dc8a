//! The Markdown body as headings, sections and kinds of text (pulldown-cmark).
//!
//! [`Outline::parse`] walks the body once. Every span is in card coordinates (byte offsets into
//! the whole card text, front matter included), so rules can point at them directly. Besides the
//! headings it records where code, HTML comments, visible text and media are, so a rule can ask
//! "is this offset inside code?" or "does this section have any content?" without parsing again.
//!
//! The inline content of paragraphs (their text runs, code spans, inline HTML and images) is
//! what most of a body is, and most rules never look at most of it. So [`Outline::parse`] leaves
//! each paragraph unread until a question is asked about the part of the body it is in; the
//! answers are the ones a full read would give (`tests/markdown_fast.rs` checks
//! [`Outline::resolve`] against pulldown-cmark on the corpus).

mod fast;
mod html;
mod key;
mod lazy;
mod parse;
mod sink;
#[cfg(test)]
mod tests;

pub use key::{heading_alt_key, heading_key, push_heading_alt_key, push_heading_key};

use crate::finding::Span;
use lazy::Lazy;

/// Headings, sections and text kinds of a card body.
#[derive(Debug, Default)]
pub struct Outline<'a> {
    /// Every heading (ATX or setext, any level, also inside block quotes, lists and HTML blocks
    /// that leave room for Markdown), in document order.
    pub headings: Vec<Heading>,
    /// The pieces read so far (all of them unless `lazy` holds paragraphs not read yet).
    known: Pieces,
    /// The first `<h1>` element of an HTML block, which the Hub shows as a title.
    pub html_h1: Option<Span>,
    /// The paragraphs whose inline content is read on demand.
    lazy: Option<Box<Lazy<'a>>>,
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
}

impl PartialEq for Outline<'_> {
    /// Outlines are equal when what they say about the body is: two resolved outlines compare
    /// their pieces; an outline with paragraphs not read yet equals none ([`Outline::resolve`]
    /// it first).
    fn eq(&self, other: &Self) -> bool {
        self.lazy.is_none()
            && other.lazy.is_none()
            && self.headings == other.headings
            && self.known == other.known
            && self.html_h1 == other.html_h1
    }
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

impl<'a> Outline<'a> {
    /// Parse `body`, a span of `text`; paragraphs are read when a question needs them.
    pub fn parse(text: &'a str, body: Span) -> Self {
        parse::parse(text, body)
    }

    /// The fast scanner's outline of `body`, every paragraph read, or `None` when the body has
    /// something it leaves to pulldown-cmark. For tests that compare the two readers;
    /// [`Outline::parse`] picks.
    #[doc(hidden)]
    pub fn parse_fast(text: &'a str, body: Span) -> Option<Self> {
        parse::parse_fast(text, body)
    }

    /// pulldown-cmark's outline of `body`. For tests that compare the two readers.
    #[doc(hidden)]
    pub fn parse_full(text: &'a str, body: Span) -> Self {
        parse::parse_full(text, body)
    }

    /// The same outline with every paragraph read. For tests that compare it with a full read.
    #[doc(hidden)]
    pub fn resolve<'b>(&self) -> Outline<'b> {
        let mut known = self.known.clone();
        if let Some(lazy) = &self.lazy {
            for i in 0..lazy.len() {
                let p = lazy.pieces(i);
                known.text.extend_from_slice(&p.text);
                known.code.extend_from_slice(&p.code);
                known.comments.extend_from_slice(&p.comments);
                known.media.extend_from_slice(&p.media);
            }
            for list in [
                &mut known.text,
                &mut known.code,
                &mut known.comments,
                &mut known.media,
            ] {
                list.sort_by_key(|s| (s.start, s.end));
            }
        }
        Outline {
            headings: self.headings.clone(),
            known,
            html_h1: self.html_h1,
            lazy: None,
        }
    }

    /// Whether `offset` is inside code.
    pub fn is_code(&self, offset: usize) -> bool {
        contains(&self.known.code, offset)
            || self.paragraph_at(offset, |p| contains(&p.code, offset))
    }

    /// Whether `offset` is inside an HTML comment.
    pub fn is_comment(&self, offset: usize) -> bool {
        contains(&self.known.comments, offset)
            || self.paragraph_at(offset, |p| contains(&p.comments, offset))
    }

    /// The text run that contains all of `span`, if any.
    pub fn text_run(&self, span: Span) -> Option<Span> {
        let run = |text: &[Span]| {
            let i = text.partition_point(|r| r.end < span.end);
            text.get(i)
                .copied()
                .filter(|r| r.start <= span.start && span.end <= r.end)
        };
        run(&self.known.text).or_else(|| {
            let lazy = self.lazy.as_ref()?;
            let i = lazy.enclosing(span)?;
            run(&lazy.pieces(i).text)
        })
    }

    /// The heading whose source contains `offset`.
    pub fn heading_at(&self, offset: usize) -> Option<&Heading> {
        let i = self.headings.partition_point(|h| h.span.end <= offset);
        self.headings.get(i).filter(|h| h.span.start <= offset)
    }

    /// Whether `keep` holds for every text run that overlaps `span` (in no particular order; it
    /// stops at the first that fails).
    pub fn all_text_in(&self, span: Span, mut keep: impl FnMut(Span) -> bool) -> bool {
        overlapping(&self.known.text, span).iter().all(|r| keep(*r))
            && self.lazy.as_ref().is_none_or(|lazy| {
                lazy.overlapping(span).all(|i| {
                    overlapping(&lazy.pieces(i).text, span)
                        .iter()
                        .all(|r| keep(*r))
                })
            })
    }

    /// Whether `span` holds anything a reader would see besides headings: prose, code or media.
    /// Whitespace, HTML comments, thematic breaks and empty HTML tags do not count.
    pub fn has_content(&self, span: Span) -> bool {
        let visible = |p: &Pieces| {
            !overlapping(&p.text, span).is_empty()
                || !overlapping(&p.code, span).is_empty()
                || !overlapping(&p.media, span).is_empty()
        };
        visible(&self.known)
            || self.lazy.as_ref().is_some_and(|lazy| {
                lazy.overlapping(span)
                    .any(|i| lazy.starts_with_text_within(i, span) || visible(lazy.pieces(i)))
            })
    }

    /// Whether any of `span` is code or an HTML comment.
    pub fn touches_code_or_comment(&self, span: Span) -> bool {
        self.any_pieces(span, |p| {
            !overlapping(&p.code, span).is_empty() || !overlapping(&p.comments, span).is_empty()
        })
    }

    /// The parts of `span` outside the code and comments known without reading a paragraph
    /// (code blocks, HTML comments and `<pre>`-like elements, headings' code spans), in order.
    /// Nothing that overlaps what is left out is prose for [`Outline::touches_code_or_comment`];
    /// a search for words that must be prose can skip it.
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
        self.any_pieces(span, |p| {
            !overlapping(&p.code, span).is_empty() || !overlapping(&p.media, span).is_empty()
        })
    }

    /// Whether the body is nothing but whitespace and HTML comments.
    pub fn is_blank(&self, text: &str, body: Span) -> bool {
        // A paragraph always has something outside comments.
        if self.lazy.as_ref().is_some_and(|lazy| lazy.len() > 0) {
            return false;
        }
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

    /// Whether `test` holds for the known pieces or for those of a paragraph overlapping `span`.
    fn any_pieces(&self, span: Span, test: impl Fn(&Pieces) -> bool) -> bool {
        test(&self.known)
            || self
                .lazy
                .as_ref()
                .is_some_and(|lazy| lazy.overlapping(span).any(|i| test(lazy.pieces(i))))
    }

    /// Whether `test` holds for the pieces of the paragraph not read yet that contains `offset`.
    fn paragraph_at(&self, offset: usize, test: impl Fn(&Pieces) -> bool) -> bool {
        self.lazy.as_ref().is_some_and(|lazy| {
            lazy.containing(offset)
                .is_some_and(|i| test(lazy.pieces(i)))
        })
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
