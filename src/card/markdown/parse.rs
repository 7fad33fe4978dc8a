//! One pass of pulldown-cmark events over the body → [`Outline`].

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use super::{html, key, Heading, Outline};
use crate::finding::Span;

/// `$…$` / `$$…$$` math, which the Hub renders, so that its braces and words count as code.
/// Tables are left off: without them a table is a paragraph with the same text and code spans,
/// the headings are the same, and the corpus produces 30% fewer events.
const OPTIONS: Options = Options::ENABLE_MATH;

pub(super) fn parse(text: &str, body: Span) -> Outline {
    let Some(src) = text.get(body.start..body.end) else {
        return Outline::default();
    };
    let mut w = Walker {
        src,
        base: body.start,
        out: Outline::default(),
        heading: None,
        code_block: false,
        image_depth: 0,
        autolink: false,
        code_tags: 0,
    };
    for (event, range) in Parser::new_ext(src, OPTIONS).into_offset_iter() {
        w.event(event, range);
    }
    let mut out = w.out;
    out.text.retain(|r| !text[r.start..r.end].trim().is_empty());
    // Inline `<pre>`/`<code>` and HTML blocks can open code regions that overlap; rules expect
    // sorted, disjoint spans.
    merge_overlapping(&mut out.code);
    merge_overlapping(&mut out.comments);
    link_sections(&mut out.headings, body.end);
    out
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

/// A heading whose end event has not come yet.
struct OpenHeading {
    level: u8,
    start: usize,
    text: String,
}

struct Walker<'a> {
    src: &'a str,
    base: usize,
    out: Outline,
    heading: Option<OpenHeading>,
    code_block: bool,
    image_depth: u32,
    autolink: bool,
    /// Depth of inline `<code>` / `<pre>` tags, whose text is code.
    code_tags: u32,
}

impl Walker<'_> {
    fn span(&self, r: &Range<usize>) -> Span {
        Span::new(self.base + r.start, self.base + r.end)
    }

    fn event(&mut self, event: Event<'_>, r: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, r),
            Event::End(tag) => self.end(tag, r),
            Event::Text(t) => self.text(&t, r),
            Event::Code(t) => {
                self.push_heading_text(&t);
                self.out.code.push(self.span(&r));
            }
            Event::InlineMath(_) | Event::DisplayMath(_) => self.out.code.push(self.span(&r)),
            Event::InlineHtml(h) => self.inline_html(&h, r),
            Event::SoftBreak | Event::HardBreak => self.text(" ", r),
            Event::Html(_)
            | Event::FootnoteReference(_)
            | Event::Rule
            | Event::TaskListMarker(_) => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>, r: Range<usize>) {
        match tag {
            Tag::Heading { level, .. } => {
                self.heading = Some(OpenHeading {
                    level: level as u8,
                    start: self.base + r.start,
                    text: String::new(),
                });
            }
            Tag::CodeBlock(_) => {
                self.code_block = true;
                self.out.code.push(self.span(&r));
            }
            Tag::HtmlBlock => {
                let block = &self.src[r.clone()];
                html::scan_block(block, self.base + r.start, &mut self.out);
            }
            Tag::Image { .. } => {
                self.image_depth += 1;
                self.out.media.push(self.span(&r));
            }
            Tag::Link { link_type, .. } => {
                self.autolink = matches!(link_type, LinkType::Autolink | LinkType::Email);
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd, r: Range<usize>) {
        match tag {
            TagEnd::Heading(_) => {
                self.code_tags = 0;
                self.close_heading(r);
            }
            TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell => self.code_tags = 0,
            TagEnd::CodeBlock => self.code_block = false,
            TagEnd::Image => self.image_depth = self.image_depth.saturating_sub(1),
            TagEnd::Link => self.autolink = false,
            _ => {}
        }
    }

    fn text(&mut self, t: &str, r: Range<usize>) {
        if self.code_block || self.image_depth > 0 || self.autolink {
            return;
        }
        let span = self.span(&r);
        if self.heading.is_some() {
            self.push_heading_text(t);
        } else if self.code_tags > 0 {
            push_merged(&mut self.out.code, span);
        } else {
            push_merged(&mut self.out.text, span);
        }
    }

    fn push_heading_text(&mut self, t: &str) {
        if self.image_depth > 0 {
            return;
        }
        if let Some(h) = &mut self.heading {
            h.text.push_str(t);
        }
    }

    fn inline_html(&mut self, h: &str, r: Range<usize>) {
        let span = self.span(&r);
        if h.starts_with("<!--") {
            self.out.comments.push(span);
            return;
        }
        let (name, closing) = html::tag_name(h);
        if html::is_media(name) {
            self.out.media.push(span);
        } else if html::is_inline_code(name) {
            if closing {
                self.code_tags = self.code_tags.saturating_sub(1);
            } else {
                self.code_tags += 1;
            }
        }
    }

    fn close_heading(&mut self, r: Range<usize>) {
        let Some(open) = self.heading.take() else {
            return;
        };
        let source = self.src[r.clone()].trim_end();
        let end = self.base + r.start + source.len();
        self.out.headings.push(Heading {
            level: open.level,
            text: key::clean_heading_text(&open.text),
            span: Span::new(open.start, end),
            content: Span::empty(self.base + r.end),
            own: Span::empty(self.base + r.end),
        });
    }
}

/// Append `span`, merging it into the last one when they touch.
fn push_merged(spans: &mut Vec<Span>, span: Span) {
    match spans.last_mut() {
        Some(last) if last.end == span.start => last.end = span.end,
        _ => spans.push(span),
    }
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
