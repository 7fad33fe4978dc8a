//! The body → [`Outline`]: one pass of pulldown-cmark events.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use super::sink::Sink;
use super::Outline;
use crate::finding::Span;

/// GitHub-flavoured Markdown as the Hub renders cards, and `$…$` / `$$…$$` math, so that its
/// braces and words count as code.
const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS)
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_MATH);

/// The outline from pulldown-cmark's events.
pub(super) fn parse(text: &str, body: Span) -> Outline {
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
        TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::FootnoteDefinition => {
            sink.end_of_block();
        }
        TagEnd::CodeBlock => sink.code_block_end(),
        TagEnd::Image => sink.image_end(),
        TagEnd::Link => sink.link_end(),
        _ => {}
    }
}
