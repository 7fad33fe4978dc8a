//! The body → [`Outline`]: the fast scanner when the body is in its subset, else one pass of
//! pulldown-cmark events.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use super::lazy::Lazy;
use super::sink::Sink;
use super::{fast, Outline};
use crate::finding::Span;

/// `$…$` / `$$…$$` math, which the Hub renders, so that its braces and words count as code.
/// Tables are left off: without them a table is a paragraph with the same text and code spans,
/// the headings are the same, and the corpus produces 30% fewer events.
const OPTIONS: Options = Options::ENABLE_MATH;

/// The fast scanner's outline with its paragraphs left to be read on demand, or pulldown-cmark's
/// when the body's blocks are outside the fast scanner's subset.
pub(super) fn parse(text: &str, body: Span) -> Outline<'_> {
    let Some(src) = text.get(body.start..body.end) else {
        return Outline::default();
    };
    let Some((sink, deferred)) = fast::scan_deferred(src, Sink::new(src, body.start)) else {
        return parse_full(text, body);
    };
    let mut outline = sink.finish(text, body.end);
    if deferred.len() > 0 {
        outline.lazy = Some(Box::new(Lazy::new(text, body, deferred)));
    }
    outline
}

/// The fast scanner's outline, every paragraph read, or `None` when the body has something it
/// leaves to pulldown-cmark.
pub(super) fn parse_fast(text: &str, body: Span) -> Option<Outline<'_>> {
    let Some(src) = text.get(body.start..body.end) else {
        return Some(Outline::default());
    };
    let sink = fast::scan(src, Sink::new(src, body.start))?;
    Some(sink.finish(text, body.end))
}

/// The outline from pulldown-cmark's events.
pub(super) fn parse_full(text: &str, body: Span) -> Outline<'_> {
    let Some(src) = text.get(body.start..body.end) else {
        return Outline::default();
    };
    let mut sink = Sink::new(src, body.start);
    for (event, range) in Parser::new_ext(src, OPTIONS).into_offset_iter() {
        event_to_sink(&mut sink, event, range);
    }
    sink.finish(text, body.end)
}

fn event_to_sink(sink: &mut Sink<'_>, event: Event<'_>, r: Range<usize>) {
    match event {
        Event::Start(tag) => start(sink, tag, r),
        Event::End(tag) => end(sink, tag, r),
        Event::Text(t) => sink.text(&t, r.start, r.end),
        Event::Code(t) => sink.code_span(&t, r.start, r.end),
        Event::InlineMath(_) | Event::DisplayMath(_) => sink.math(r.start, r.end),
        Event::InlineHtml(h) => sink.inline_html(&h, r.start, r.end),
        Event::SoftBreak | Event::HardBreak => sink.text(" ", r.start, r.end),
        Event::Html(_) | Event::FootnoteReference(_) | Event::Rule | Event::TaskListMarker(_) => {}
    }
}

fn start(sink: &mut Sink<'_>, tag: Tag<'_>, r: Range<usize>) {
    match tag {
        Tag::Heading { level, .. } => sink.heading_start(level as u8, r.start),
        Tag::CodeBlock(_) => sink.code_block_start(r.start, r.end),
        Tag::HtmlBlock => sink.html_block(r.start, r.end),
        Tag::Image { .. } => sink.image_start(r.start, r.end),
        Tag::Link { link_type, .. } => {
            sink.link_start(matches!(link_type, LinkType::Autolink | LinkType::Email));
        }
        _ => {}
    }
}

fn end(sink: &mut Sink<'_>, tag: TagEnd, r: Range<usize>) {
    match tag {
        TagEnd::Heading(_) => sink.heading_end(r.start, r.end),
        TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell => sink.end_of_block(),
        TagEnd::CodeBlock => sink.code_block_end(),
        TagEnd::Image => sink.image_end(),
        TagEnd::Link => sink.link_end(),
        _ => {}
    }
}
