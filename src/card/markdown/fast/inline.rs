//! Inline content of a paragraph or heading: the items pulldown-cmark 0.13 builds for it (its
//! `firstpass.rs` `parse_line` and `parse.rs` `handle_inline_pass1`, MIT licence), resolved the
//! same way (code spans, then HTML and autolinks, then links, then emphasis), and reported to the
//! [`Sink`] in document order.

use super::emphasis;
use super::html;
use super::line::{
    is_ascii_whitespace_no_nl, scan_ch_repeat, scan_eol, scan_rev_while, skip_unmarked,
};
use super::punct;
use super::Bail;
use crate::card::markdown::sink::Sink;

/// No item (the end of a chain).
pub(super) const NIL: usize = usize::MAX;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Kind {
    Text,
    SoftBreak,
    /// A hard line break; `true` for a backslash before the line break.
    HardBreak(bool),
    /// A run of `*` or `_`: delimiters left in the run, whether it can open, close.
    MaybeEmphasis(usize, bool, bool),
    /// A run of backticks: its length, and whether a backslash precedes it.
    MaybeCode(usize, bool),
    MaybeHtml,
    MaybeLinkOpen,
    MaybeLinkClose,
    MaybeImage,
    /// A code span whose content is `start..end` of the body.
    Code(usize, usize),
    InlineHtml,
    /// A link; `true` for an autolink.
    Link(bool),
    Image,
    /// Emphasis or strong emphasis (they report the same).
    Emphasis,
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Item {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) kind: Kind,
    pub(super) next: usize,
    pub(super) child: usize,
}

/// A `[` or `![` waiting for its `]`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Opener {
    Link,
    Image,
    Disabled,
}

/// The items of one leaf block, and buffers kept from block to block.
#[derive(Default)]
pub(super) struct Inline {
    pub(super) items: Vec<Item>,
    links: Vec<(usize, Opener)>,
    links_disabled: usize,
    pub(super) stack: emphasis::Stack,
    /// For each container being reported: the item to go on with, and what to close.
    walk: Vec<(usize, Kind)>,
    /// Whether the block has text that may be an entity (`&x`), which a heading would decode.
    maybe_entity: bool,
}

/// What a line break ends a line with, before the paragraph decides whether it goes on.
#[derive(Clone, Copy)]
pub(super) struct Break {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) kind: Kind,
}

/// Whether pulldown-cmark stops at this byte of inline text.
const SPECIAL: [bool; 256] = super::byte_set(b"\n\r*_&\\[]<!`${}");

impl Inline {
    pub(super) fn begin(&mut self) {
        self.items.clear();
        self.maybe_entity = false;
    }

    pub(super) fn append(&mut self, start: usize, end: usize, kind: Kind) {
        self.items.push(Item {
            start,
            end,
            kind,
            next: NIL,
            child: NIL,
        });
    }

    /// Append text, extending the last item when it is text that ends at `start`.
    pub(super) fn append_text(&mut self, start: usize, end: usize) {
        if end <= start {
            return;
        }
        if let Some(last) = self.items.last_mut() {
            if last.kind == Kind::Text && last.end == start {
                last.end = end;
                return;
            }
        }
        self.append(start, end, Kind::Text);
    }

    /// Scan the line of `bytes` that starts at `start`: its items are appended; returns the
    /// start of the next line and the break that ends this one (`None` at the end of the text).
    pub(super) fn parse_line(
        &mut self,
        bytes: &[u8],
        start: usize,
    ) -> Result<(usize, Option<Break>), Bail> {
        let len = bytes.len();
        let mut begin_text = start;
        let mut ix = start;
        while ix < len {
            ix = skip_unmarked(bytes, ix, &SPECIAL);
            let Some(&b) = bytes.get(ix) else {
                break;
            };
            match b {
                b'\n' | b'\r' => return Ok(self.line_break(bytes, begin_text, ix)),
                b'\\' if ix + 1 < len && bytes[ix + 1].is_ascii_punctuation() => {
                    self.append_text(begin_text, ix);
                    if bytes[ix + 1] == b'`' {
                        let count = 1 + scan_ch_repeat(&bytes[ix + 2..], b'`');
                        self.append(ix + 1, ix + count + 1, Kind::MaybeCode(count, true));
                        begin_text = ix + 1 + count;
                        ix += count;
                    } else {
                        begin_text = ix + 1;
                        ix += 1;
                    }
                }
                b'*' | b'_' => {
                    let count = 1 + scan_ch_repeat(&bytes[ix + 1..], b);
                    let (open, close) = flanking(bytes, start, ix, count);
                    if open || close {
                        self.append_text(begin_text, ix);
                        for i in 0..count {
                            self.append(
                                ix + i,
                                ix + i + 1,
                                Kind::MaybeEmphasis(count - i, open, close),
                            );
                        }
                        begin_text = ix + count;
                    }
                    ix += count - 1;
                }
                b'$' => return Err(Bail),
                b'{' | b'}' => {}
                b'`' => {
                    self.append_text(begin_text, ix);
                    let count = 1 + scan_ch_repeat(&bytes[ix + 1..], b'`');
                    self.append(ix, ix + count, Kind::MaybeCode(count, false));
                    begin_text = ix + count;
                    ix += count - 1;
                }
                b'<' if bytes.get(ix + 1) != Some(&b'\\') => {
                    self.append_text(begin_text, ix);
                    self.append(ix, ix + 1, Kind::MaybeHtml);
                    begin_text = ix + 1;
                }
                b'!' if bytes.get(ix + 1) == Some(&b'[') => {
                    self.append_text(begin_text, ix);
                    self.append(ix, ix + 2, Kind::MaybeImage);
                    begin_text = ix + 2;
                    ix += 1;
                }
                b'[' => {
                    self.append_text(begin_text, ix);
                    self.append(ix, ix + 1, Kind::MaybeLinkOpen);
                    begin_text = ix + 1;
                }
                b']' => {
                    self.append_text(begin_text, ix);
                    self.append(ix, ix + 1, Kind::MaybeLinkClose);
                    begin_text = ix + 1;
                }
                b'&' if bytes
                    .get(ix + 1)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'#') =>
                {
                    self.maybe_entity = true;
                }
                _ => {}
            }
            ix += 1;
        }
        let trailing = scan_rev_while(&bytes[begin_text..len], is_ascii_whitespace_no_nl);
        self.append_text(begin_text, len - trailing);
        Ok((len, None))
    }

    /// The line break at `ix`: the text before it is appended; returns the next line's start and
    /// the break.
    fn line_break(&mut self, bytes: &[u8], begin_text: usize, ix: usize) -> (usize, Option<Break>) {
        let end = ix + scan_eol(&bytes[ix..]).unwrap_or(1);
        let backslashes = scan_rev_while(&bytes[..ix], |b| b == b'\\');
        if backslashes % 2 == 1 && end < bytes.len() {
            self.append_text(begin_text, ix - 1);
            let kind = Kind::HardBreak(true);
            return (
                end,
                Some(Break {
                    start: ix - 1,
                    end,
                    kind,
                }),
            );
        }
        let trailing = scan_rev_while(&bytes[..ix], is_ascii_whitespace_no_nl);
        if trailing >= 2 {
            self.append_text(begin_text, ix - trailing);
            let kind = Kind::HardBreak(false);
            return (
                end,
                Some(Break {
                    start: ix - trailing,
                    end,
                    kind,
                }),
            );
        }
        self.append_text(begin_text, ix - trailing);
        (
            end,
            Some(Break {
                start: ix,
                end,
                kind: Kind::SoftBreak,
            }),
        )
    }

    pub(super) fn append_break(&mut self, brk: Break) {
        self.append(brk.start, brk.end, brk.kind);
    }

    /// Link the items into one chain, in order.
    fn chain(&mut self) -> usize {
        let n = self.items.len();
        for (i, item) in self.items.iter_mut().enumerate() {
            item.next = if i + 1 < n { i + 1 } else { NIL };
        }
        if n == 0 {
            NIL
        } else {
            0
        }
    }

    /// Resolve the block's items and report them. `block` is the text up to the block's end;
    /// `skip_prefix` says how many bytes of container prefix start a continuation line.
    pub(super) fn finish(
        &mut self,
        block: &[u8],
        src: &str,
        skip_prefix: &dyn Fn(&[u8]) -> usize,
        sink: &mut Sink<'_>,
        heading: bool,
    ) -> Result<(), Bail> {
        if heading && self.maybe_entity {
            return Err(Bail);
        }
        let first = self.chain();
        self.pass1(first, block, skip_prefix);
        emphasis::resolve(self, first, src.as_bytes());
        self.report(first, src, sink, heading)
    }

    /// Code spans, inline HTML, autolinks and links, left to right.
    fn pass1(&mut self, first: usize, block: &[u8], skip_prefix: &dyn Fn(&[u8]) -> usize) {
        self.links.clear();
        self.links_disabled = 0;
        let mut cur = first;
        let mut prev = NIL;
        while cur != NIL {
            match self.items[cur].kind {
                Kind::MaybeHtml => {
                    if let Some(after) = self.html_at(cur, block, skip_prefix) {
                        prev = cur;
                        cur = after;
                        continue;
                    }
                    self.items[cur].kind = Kind::Text;
                }
                Kind::MaybeCode(count, backslash) => self.code_span_at(cur, count, backslash),
                Kind::MaybeLinkOpen => {
                    self.items[cur].kind = Kind::Text;
                    self.links.push((cur, Opener::Link));
                }
                Kind::MaybeImage => {
                    self.items[cur].kind = Kind::Text;
                    self.links.push((cur, Opener::Image));
                }
                Kind::MaybeLinkClose => {
                    self.items[cur].kind = Kind::Text;
                    if let Some(link) = self.link_at(cur, prev, block, skip_prefix) {
                        cur = link;
                    }
                }
                _ => {}
            }
            prev = cur;
            cur = self.items[cur].next;
        }
    }

    /// The first item of the chain from `node` that ends after `ix`.
    fn node_after(&self, mut node: usize, ix: usize) -> usize {
        while node != NIL && self.items[node].end <= ix {
            node = self.items[node].next;
        }
        node
    }

    /// Resume the chain at the first item after `ix` (that item now starts at `ix` or later).
    fn resume_after(&mut self, from: usize, ix: usize) -> usize {
        let node = self.node_after(from, ix);
        if node != NIL {
            self.items[node].start = self.items[node].start.max(ix);
        }
        node
    }

    /// An autolink or inline HTML at the `<` item `cur`: the item after it, if there is one.
    fn html_at(
        &mut self,
        cur: usize,
        block: &[u8],
        skip_prefix: &dyn Fn(&[u8]) -> usize,
    ) -> Option<usize> {
        let next = self.items[cur].next;
        if next == NIL {
            return None;
        }
        let at = self.items[next].start;
        if let Some(ix) = html::scan_autolink(block, at) {
            // Its text is not prose (the sink ignores text inside autolinks), so it gets no item.
            let node = self.resume_after(next, ix);
            let item = &mut self.items[cur];
            item.kind = Kind::Link(true);
            item.end = ix;
            item.next = node;
            return Some(node);
        }
        let ix = match block.get(at) {
            Some(b'!') => html::scan_comment(block, at + 1),
            Some(b'?') => html::scan_processing(block, at + 1),
            Some(_) => {
                let newline = |rest: &[u8]| Some(skip_prefix(rest));
                html::scan_tag(&block[at - 1..], &newline).map(|n| n + at - 1)
            }
            None => None,
        }?;
        let node = self.resume_after(next, ix);
        let item = &mut self.items[cur];
        item.kind = Kind::InlineHtml;
        item.end = ix;
        item.next = node;
        Some(node)
    }

    fn code_span_at(&mut self, cur: usize, count: usize, backslash: bool) {
        let mut search = count;
        if backslash {
            search -= 1;
            if search == 0 {
                self.items[cur].kind = Kind::Text;
                return;
            }
        }
        let mut scan = self.items[cur].next;
        while scan != NIL {
            if let Kind::MaybeCode(n, _) = self.items[scan].kind {
                if n == search {
                    self.make_code_span(cur, scan, backslash);
                    return;
                }
            }
            scan = self.items[scan].next;
        }
        self.items[cur].kind = Kind::Text;
    }

    fn make_code_span(&mut self, open: usize, close: usize, backslash: bool) {
        let content = Kind::Code(self.items[open].end, self.items[close].start);
        if backslash {
            let start = self.items[open].start;
            let o = &mut self.items[open];
            o.kind = Kind::Text;
            o.end = start + 1;
            o.next = close;
            let c = &mut self.items[close];
            c.kind = content;
            c.start = start + 1;
        } else {
            let (end, next) = (self.items[close].end, self.items[close].next);
            let o = &mut self.items[open];
            o.kind = content;
            o.end = end;
            o.next = next;
        }
    }

    /// A `]` at `cur`: if it closes an inline link or image, the link's item (its opener), whose
    /// `next` is the item after the link.
    fn link_at(
        &mut self,
        cur: usize,
        prev: usize,
        block: &[u8],
        skip_prefix: &dyn Fn(&[u8]) -> usize,
    ) -> Option<usize> {
        let (node, ty) = self.links.pop()?;
        self.links_disabled = self.links_disabled.min(self.links.len());
        if ty == Opener::Disabled {
            return None;
        }
        let next = self.items[cur].next;
        let end = html::scan_inline_link(block, self.items[cur].end, skip_prefix)?;
        let after = self.resume_after(next, end);
        if prev != NIL {
            self.items[prev].next = NIL;
        }
        let child = self.items[node].next;
        let item = &mut self.items[node];
        item.kind = if ty == Opener::Image {
            Kind::Image
        } else {
            Kind::Link(false)
        };
        item.child = child;
        item.next = after;
        item.end = end;
        if ty == Opener::Link {
            for (_, t) in &mut self.links[self.links_disabled..] {
                if *t == Opener::Link {
                    *t = Opener::Disabled;
                }
            }
            self.links_disabled = self.links.len();
        }
        Some(node)
    }

    /// Walk the resolved chain from `first` and report every piece to the sink.
    fn report(
        &mut self,
        first: usize,
        src: &str,
        sink: &mut Sink<'_>,
        heading: bool,
    ) -> Result<(), Bail> {
        self.walk.clear();
        let mut cur = first;
        loop {
            if cur == NIL {
                let Some((next, kind)) = self.walk.pop() else {
                    return Ok(());
                };
                match kind {
                    Kind::Image => sink.image_end(),
                    Kind::Link(_) => sink.link_end(),
                    _ => {}
                }
                cur = next;
                continue;
            }
            let item = self.items[cur];
            match item.kind {
                Kind::Text => sink.text(&src[item.start..item.end], item.start, item.end),
                Kind::SoftBreak | Kind::HardBreak(false) => sink.text(" ", item.start, item.end),
                Kind::HardBreak(true) => {
                    if heading {
                        return Err(Bail);
                    }
                    sink.text(" ", item.start, item.end);
                }
                Kind::Code(from, to) => {
                    let content = code_content(&src[from..to]);
                    if heading && content.is_none() {
                        return Err(Bail);
                    }
                    sink.code_span(content.unwrap_or(""), item.start, item.end);
                }
                Kind::InlineHtml => {
                    sink.inline_html(&src[item.start..item.end], item.start, item.end)
                }
                Kind::Link(auto) => {
                    sink.link_start(auto);
                    if !auto {
                        emphasis::resolve(self, item.child, src.as_bytes());
                    }
                }
                Kind::Image => sink.image_start(item.start, item.end),
                Kind::Emphasis => {}
                Kind::MaybeEmphasis(..)
                | Kind::MaybeCode(..)
                | Kind::MaybeHtml
                | Kind::MaybeLinkOpen
                | Kind::MaybeLinkClose
                | Kind::MaybeImage => return Err(Bail),
            }
            if matches!(item.kind, Kind::Link(_) | Kind::Image | Kind::Emphasis) {
                self.walk.push((item.next, item.kind));
                cur = item.child;
            } else {
                cur = item.next;
            }
        }
    }
}

/// The content of a code span on one line: one space stripped from each end when both have one
/// and it is not all spaces. `None` for a span over several lines (which a heading leaves to
/// pulldown-cmark).
fn code_content(raw: &str) -> Option<&str> {
    if raw.contains(['\n', '\r']) {
        return None;
    }
    let b = raw.as_bytes();
    let strip =
        b.first() == Some(&b' ') && b.last() == Some(&b' ') && !b.iter().all(|&c| c == b' ');
    Some(if strip {
        &raw[1..(raw.len() - 1).max(1)]
    } else {
        raw
    })
}

/// Whether a run of `count` delimiters at `ix` can open and close emphasis, judged within the line
/// that starts at `line` (pulldown-cmark's `delim_run_can_open` / `delim_run_can_close`).
fn flanking(bytes: &[u8], line: usize, ix: usize, count: usize) -> (bool, bool) {
    let delim = bytes[ix];
    let next = char_class(next_char(bytes, ix + count));
    let prev = (ix != line).then(|| char_class(prev_char(bytes, ix)));
    let open = match (next, prev) {
        (Class::None | Class::Space, _) => false,
        (_, None) => true,
        (next, Some(prev)) => {
            (delim == b'*' && next != Class::Punct) || matches!(prev, Class::Space | Class::Punct)
        }
    };
    let close = match prev {
        None | Some(Class::Space) => false,
        Some(prev) => match next {
            Class::None => true,
            next => {
                (delim == b'*' && prev != Class::Punct)
                    || matches!(next, Class::Space | Class::Punct)
            }
        },
    };
    (open, close)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// No character (the end of the text).
    None,
    Space,
    /// Unicode punctuation or symbol, by pulldown-cmark's table ([`punct`]).
    Punct,
    Other,
}

fn char_class(c: Option<char>) -> Class {
    match c {
        None => Class::None,
        Some(c) if c.is_whitespace() => Class::Space,
        Some(c) if punct::is_punctuation(c) => Class::Punct,
        Some(_) => Class::Other,
    }
}

// The neighbours of a delimiter run are decoded from bytes, ASCII first: slicing the `&str` and
// calling `chars()` (`src[at..].chars().next()`) cost 8 M more instructions on the corpus.
fn next_char(bytes: &[u8], at: usize) -> Option<char> {
    let rest = bytes.get(at..)?;
    if let Some(&b) = rest.first().filter(|b| b.is_ascii()) {
        return Some(char::from(b));
    }
    let len = utf8_len(*rest.first()?);
    std::str::from_utf8(rest.get(..len)?).ok()?.chars().next()
}

fn prev_char(bytes: &[u8], at: usize) -> Option<char> {
    let mut start = at.checked_sub(1)?;
    if bytes[start].is_ascii() {
        return Some(char::from(bytes[start]));
    }
    while start > 0 && (bytes[start] & 0xC0) == 0x80 {
        start -= 1;
    }
    std::str::from_utf8(&bytes[start..at]).ok()?.chars().next()
}

fn utf8_len(first: u8) -> usize {
    match first {
        0..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}
