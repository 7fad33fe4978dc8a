//! The paragraphs of an outline that are read on demand, and what each turned out to hold.

use std::cell::OnceCell;
use std::ops::Range;

use super::fast::Deferred;
use super::sink::Sink;
use super::{overlapping, Outline, Pieces};
use crate::finding::Span;

/// Paragraphs of a body skimmed by the fast path and not read yet.
#[derive(Debug)]
pub(super) struct Lazy<'a> {
    /// The card.
    text: &'a str,
    body: Span,
    deferred: Deferred,
    /// What each paragraph holds, once read.
    read: Vec<OnceCell<Pieces>>,
    /// pulldown-cmark's outline of the whole body, for paragraphs in a list or block quote that
    /// the fast path cannot read.
    full: OnceCell<Outline<'a>>,
}

impl<'a> Lazy<'a> {
    pub(super) fn new(text: &'a str, body: Span, deferred: Deferred) -> Self {
        let read = std::iter::repeat_with(OnceCell::new)
            .take(deferred.len())
            .collect();
        Self {
            text,
            body,
            deferred,
            read,
            full: OnceCell::new(),
        }
    }

    pub(super) fn len(&self) -> usize {
        self.deferred.len()
    }

    /// Paragraph `i` in card coordinates.
    fn span(&self, i: usize) -> Span {
        let s = self.deferred.span(i);
        Span::new(self.body.start + s.start, self.body.start + s.end)
    }

    /// The paragraph that contains `offset`.
    pub(super) fn containing(&self, offset: usize) -> Option<usize> {
        let rel = offset.checked_sub(self.body.start)?;
        let i = self.deferred.first_ending_after(rel);
        (i < self.len() && self.deferred.span(i).start <= rel).then_some(i)
    }

    /// The paragraph that contains all of `span` (an empty span may be at its end).
    pub(super) fn enclosing(&self, span: Span) -> Option<usize> {
        let (start, end) = (
            span.start.checked_sub(self.body.start)?,
            span.end.checked_sub(self.body.start)?,
        );
        let i = self.deferred.first_ending_from(end);
        (i < self.len() && self.deferred.span(i).start <= start).then_some(i)
    }

    /// The paragraphs that overlap `span`.
    pub(super) fn overlapping(&self, span: Span) -> Range<usize> {
        let from = self
            .deferred
            .first_ending_after(span.start.saturating_sub(self.body.start));
        let to = self
            .deferred
            .first_starting_from(span.end.saturating_sub(self.body.start));
        from..to.max(from)
    }

    /// Whether paragraph `i` lies within `span` and is known to start with prose.
    pub(super) fn starts_with_text_within(&self, i: usize, span: Span) -> bool {
        let p = self.span(i);
        self.deferred.starts_with_text(i) && span.start <= p.start && p.end <= span.end
    }

    /// What paragraph `i` holds, read on first use.
    pub(super) fn pieces(&self, i: usize) -> &Pieces {
        self.read[i].get_or_init(|| self.read_paragraph(i))
    }

    fn read_paragraph(&self, i: usize) -> Pieces {
        let src = &self.text[self.body.start..self.body.end];
        let mut sink = Sink::for_paragraph(src, self.body.start);
        sink.reserve_text(self.deferred.span(i).len() / 48 + 2);
        match self.deferred.read(i, src, sink) {
            Ok(sink) => sink.into_pieces(self.text),
            // Outside any container, a paragraph's lines are a document of their own that
            // pulldown-cmark reads as the same paragraph (it ends where the skim said, and the
            // link reference definitions that could reach into it from elsewhere send the whole
            // body to pulldown-cmark): read those lines alone, not the whole body.
            Err(_) if self.deferred.is_top_level(i) => {
                Outline::parse_full(self.text, self.span(i)).known
            }
            Err(_) => {
                let full = self
                    .full
                    .get_or_init(|| Outline::parse_full(self.text, self.body));
                full.known.within(self.span(i))
            }
        }
    }
}

impl Pieces {
    /// The pieces that overlap `span`.
    fn within(&self, span: Span) -> Pieces {
        Pieces {
            text: overlapping(&self.text, span).to_vec(),
            code: overlapping(&self.code, span).to_vec(),
            comments: overlapping(&self.comments, span).to_vec(),
            media: overlapping(&self.media, span).to_vec(),
        }
    }
}
