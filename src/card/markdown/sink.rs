//! What the outline records of each piece of a body: the event walk ([`super::parse`]) reports
//! what it sees through [`Sink`] (text here, a code span there, a heading from here to there),
//! and the rules of what counts as prose, code, a comment or media live here.

use super::{html, key, Heading, Outline, Pieces};
use crate::finding::Span;

/// A heading whose end has not been seen yet.
struct OpenHeading {
    level: u8,
    start: usize,
    text: String,
}

/// Collects an [`Outline`] from the pieces of a body, in document order.
pub(super) struct Sink<'a> {
    /// The body.
    src: &'a str,
    /// Where the body starts in the card: every span is offset by it.
    base: usize,
    out: Outline,
    heading: Option<OpenHeading>,
    code_block: bool,
    image_depth: u32,
    autolink: bool,
    /// Depth of inline `<code>` / `<pre>` tags, whose text is code.
    code_tags: u32,
}

impl<'a> Sink<'a> {
    pub(super) fn new(src: &'a str, base: usize) -> Self {
        Self {
            src,
            base,
            out: Outline::default(),
            heading: None,
            code_block: false,
            image_depth: 0,
            autolink: false,
            code_tags: 0,
        }
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.base + start, self.base + end)
    }

    /// Visible text `t` (or a line break, as `" "`) at `start..end` of the body.
    pub(super) fn text(&mut self, t: &str, start: usize, end: usize) {
        if self.code_block || self.image_depth > 0 || self.autolink {
            return;
        }
        let span = self.span(start, end);
        if self.heading.is_some() {
            self.push_heading_text(t);
        } else if self.code_tags > 0 {
            push_merged(&mut self.out.known.code, span);
        } else {
            push_merged(&mut self.out.known.text, span);
        }
    }

    /// An inline code span whose content is `t`.
    pub(super) fn code_span(&mut self, t: &str, start: usize, end: usize) {
        self.push_heading_text(t);
        self.out.known.code.push(self.span(start, end));
    }

    /// Inline or display math.
    pub(super) fn math(&mut self, start: usize, end: usize) {
        self.out.known.code.push(self.span(start, end));
    }

    /// Inline HTML `h` (a tag, a comment, a declaration…).
    pub(super) fn inline_html(&mut self, h: &str, start: usize, end: usize) {
        let span = self.span(start, end);
        if h.starts_with("<!--") {
            self.out.known.comments.push(span);
            return;
        }
        let (name, closing) = html::tag_name(h);
        if html::is_media(name) {
            self.out.known.media.push(span);
        } else if html::is_inline_code(name) {
            if closing {
                self.code_tags = self.code_tags.saturating_sub(1);
            } else {
                self.code_tags += 1;
            }
        }
    }

    /// The end of a paragraph, list item or table cell: inline code tags do not outlive it.
    pub(super) fn end_of_block(&mut self) {
        self.code_tags = 0;
    }

    pub(super) fn heading_start(&mut self, level: u8, start: usize) {
        self.heading = Some(OpenHeading {
            level,
            start: self.base + start,
            text: String::new(),
        });
    }

    /// The end of the heading whose source is `start..end` (line break included).
    pub(super) fn heading_end(&mut self, start: usize, end: usize) {
        self.code_tags = 0;
        let Some(open) = self.heading.take() else {
            return;
        };
        let source = self.src[start..end].trim_end();
        let end_of_text = self.base + start + source.len();
        self.out.headings.push(Heading {
            level: open.level,
            text: key::clean_heading_text_owned(open.text),
            span: Span::new(open.start, end_of_text),
            content: Span::empty(self.base + end),
            own: Span::empty(self.base + end),
            html: false,
        });
    }

    pub(super) fn code_block_start(&mut self, start: usize, end: usize) {
        self.code_block = true;
        self.out.known.code.push(self.span(start, end));
        self.out.known.blocks.push(self.span(start, end));
    }

    pub(super) fn code_block_end(&mut self) {
        self.code_block = false;
    }

    /// An HTML block at `start..end`.
    pub(super) fn html_block(&mut self, start: usize, end: usize) {
        let block = &self.src[start..end];
        html::scan_block(block, self.base + start, &mut self.out);
    }

    pub(super) fn image_start(&mut self, start: usize, end: usize) {
        self.image_depth += 1;
        self.out.known.media.push(self.span(start, end));
    }

    pub(super) fn image_end(&mut self) {
        self.image_depth = self.image_depth.saturating_sub(1);
    }

    /// A link; the text of autolinks (`<https://…>`) is not prose.
    pub(super) fn link_start(&mut self, autolink: bool) {
        self.autolink = autolink;
    }

    pub(super) fn link_end(&mut self) {
        self.autolink = false;
    }

    fn push_heading_text(&mut self, t: &str) {
        if self.image_depth > 0 {
            return;
        }
        if let Some(h) = &mut self.heading {
            h.text.push_str(t);
        }
    }

    /// The outline, finished: blank text runs dropped, code and comment spans sorted and merged,
    /// sections linked. `body_end` is where the body ends in the card.
    pub(super) fn finish(self, text: &str, body_end: usize) -> Outline {
        let Outline {
            mut headings,
            known,
            html_h1,
        } = self.out;
        link_sections(&mut headings, body_end);
        Outline {
            headings,
            known: known.tidy(text),
            html_h1,
        }
    }
}

impl Pieces {
    /// Blank text runs dropped; code, comment and media spans sorted and merged.
    fn tidy(mut self, text: &str) -> Self {
        self.text.retain(|r| {
            let run = &text[r.start..r.end];
            // Most runs start with a letter: no need to trim them.
            run.as_bytes().first().is_some_and(|b| b.is_ascii_graphic()) || !run.trim().is_empty()
        });
        // Inline `<pre>`/`<code>` and HTML blocks can open code regions that overlap; rules
        // expect sorted, disjoint spans.
        merge_overlapping(&mut self.code);
        merge_overlapping(&mut self.comments);
        // An `<img>` in an image's alt text is media inside media: one span, so that the list
        // can be searched.
        merge_overlapping(&mut self.media);
        merge_overlapping(&mut self.blocks);
        self
    }
}

/// Append `span`, merging it into the last one when they touch.
fn push_merged(spans: &mut Vec<Span>, span: Span) {
    match spans.last_mut() {
        Some(last) if last.end == span.start => last.end = span.end,
        _ => spans.push(span),
    }
}

/// Sort spans and merge the ones that overlap.
fn merge_overlapping(spans: &mut Vec<Span>) {
    if spans.windows(2).all(|w| w[0].end <= w[1].start) {
        return;
    }
    spans.sort_by_key(|s| (s.start, s.end));
    let mut merged: Vec<Span> = Vec::with_capacity(spans.len());
    for s in spans.drain(..) {
        match merged.last_mut() {
            Some(last) if s.start < last.end => last.end = last.end.max(s.end),
            _ => merged.push(s),
        }
    }
    *spans = merged;
}

/// Fill in each heading's `content` and `own` ends, given where the body ends.
fn link_sections(headings: &mut [Heading], body_end: usize) {
    // Indices of headings whose section is still open, levels strictly increasing.
    let mut open: Vec<usize> = Vec::new();
    for i in 0..headings.len() {
        let (level, start) = (headings[i].level, headings[i].span.start);
        while let Some(&j) = open.last() {
            if headings[j].level < level {
                break;
            }
            headings[j].content.end = start;
            open.pop();
        }
        if i > 0 {
            headings[i - 1].own.end = start;
        }
        open.push(i);
    }
    for j in open {
        headings[j].content.end = body_end;
    }
    if let Some(last) = headings.last_mut() {
        last.own.end = body_end;
    }
}
