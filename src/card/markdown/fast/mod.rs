//! A fast path for reading a card body, tried before pulldown-cmark.
//!
//! pulldown-cmark builds a tree of the whole body and then events for every piece of it; the
//! outline needs far less: where headings, code, HTML, images and prose are. This module does
//! pulldown-cmark 0.13's own block and inline parsing (ported from its `firstpass.rs`, `parse.rs`
//! and `scanners.rs`, MIT licence, with the options cardgen uses: math on, everything else off)
//! in one pass, and reports each piece to the [`Sink`] as soon as its block ends, without building
//! the document tree, the events or their strings. pulldown-cmark's copyright and licence are in
//! `LICENSE-pulldown-cmark` beside this file.
//!
//! It returns `None` as soon as the body has something outside the part it ports, and the caller
//! runs pulldown-cmark instead: math (`$`), link reference definitions (so no `[text][ref]` can
//! be a link), a line break that is a lone `\r`, a heading with something that
//! could be an entity (`&amp;`), a backslash line break or a code span over several lines, and
//! inline `<code>` tags left open at the end of a paragraph. Inside the subset the outline is the
//! one pulldown-cmark's events give, span for span: `tests/markdown_fast.rs` compares the two on
//! every corpus card, on mutations of them and on random documents. Whether a `*` or `_` run can
//! open or close emphasis next to a character outside ASCII comes from pulldown-cmark's own
//! punctuation table ([`punct`]).
//!
//! [`scan_deferred`] skims paragraphs instead of reading them ([`deferred`]): the rules ask about
//! few of them, and a paragraph's math shows only when it is read, when pulldown-cmark's outline
//! answers for that paragraph alone.

use std::cell::Cell;

mod deferred;
mod emphasis;
mod html;
mod inline;
mod line;
mod punct;

use inline::{Break, Inline, Kind};
use line::{
    scan_atx_heading, scan_blank_line, scan_blockquote_start, scan_closing_code_fence,
    scan_code_fence, scan_eol, scan_hrule, scan_listitem, scan_nextline, scan_rev_while,
    scan_setext_heading, scan_whitespace_no_nl, LineStart,
};

use super::sink::Sink;
pub(super) use deferred::Deferred;

/// The body has something this path leaves to pulldown-cmark.
pub(super) struct Bail;

/// An open container block.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Cont {
    /// A list: its marker character, whether it is still tight, and whether the last line was
    /// blank (pulldown-cmark's `LAST_LINE_EMPTY`, a shortcut it takes over runs of blank lines).
    List {
        ch: u8,
        tight: bool,
        last_line_empty: bool,
    },
    /// A list item whose content is indented by `indent` columns.
    Item {
        indent: usize,
    },
    Quote,
}

/// Scan `src`, reporting to `sink`; `None` if the body is outside the subset.
pub(super) fn scan<'a>(src: &'a str, sink: Sink<'a>) -> Option<Sink<'a>> {
    run(src, sink, None).map(|(sink, _)| sink)
}

/// [`scan`] with the paragraphs skimmed, not read: they are noted in the [`Deferred`] instead
/// (setext headings and headings are read as they come). `None` if the blocks of the body are
/// outside the subset; what is outside it in a paragraph shows when the paragraph is read.
pub(super) fn scan_deferred<'a>(src: &'a str, sink: Sink<'a>) -> Option<(Sink<'a>, Deferred)> {
    // About one paragraph per 200 to 400 bytes of a typical body: room for the more, rather
    // than the list copied as it grows.
    let deferred = Deferred::with_capacity(src.len() / 200 + 4);
    run(src, sink, Some(deferred)).map(|(sink, d)| (sink, d.unwrap_or_default()))
}

fn run<'a>(
    src: &'a str,
    sink: Sink<'a>,
    deferred: Option<Deferred>,
) -> Option<(Sink<'a>, Option<Deferred>)> {
    let bytes = src.as_bytes();
    if memchr::memchr_iter(b'\r', bytes).any(|i| bytes.get(i + 1) != Some(&b'\n')) {
        return None;
    }
    let mut inline = SCRATCH.with(Cell::take).unwrap_or_default();
    inline.begin();
    let mut blocks = Blocks {
        src,
        bytes,
        spine: Vec::new(),
        begin_list_item: None,
        last_line_blank: false,
        sink,
        inline,
        deferred,
    };
    let mut ix = 0;
    let mut done = Ok(());
    while ix < bytes.len() && done.is_ok() {
        match blocks.parse_block(ix) {
            Ok(next) => ix = next,
            Err(bail) => done = Err(bail),
        }
    }
    deferred::keep_scratch(blocks.inline);
    done.ok().map(|()| (blocks.sink, blocks.deferred))
}

thread_local! {
    /// The inline buffers, kept from body to body: each body used to allocate its own, a 14 KiB
    /// block and the reallocations after it, and free them again.
    static SCRATCH: Cell<Option<Inline>> = const { Cell::new(None) };
}

/// Item buffers up to this many items (a few hundred KiB) are kept for the next body; a bigger
/// one, from a huge paragraph, is freed with its body.
const KEEP_ITEMS: usize = 4096;

struct Blocks<'a> {
    src: &'a str,
    bytes: &'a [u8],
    /// The open containers, outermost first.
    spine: Vec<Cont>,
    /// Where the content of a list item that started with a blank line begins.
    begin_list_item: Option<usize>,
    last_line_blank: bool,
    sink: Sink<'a>,
    inline: Inline,
    /// Where paragraphs are noted to be read later; `None` to read them as they come.
    deferred: Option<Deferred>,
}

/// Whether the line at `ls` continues the container `c`, consuming its prefix if so (a list
/// needs nothing: its items do). On `false`, `ls` is where it was.
fn continues(c: &Cont, ls: &mut LineStart<'_>) -> bool {
    let save = ls.clone();
    let ok = match *c {
        Cont::List { .. } => true,
        Cont::Quote => {
            let _ = ls.scan_space(3);
            ls.scan_blockquote_marker()
        }
        Cont::Item { indent } => ls.scan_space(indent) || ls.is_at_eol(),
    };
    if !ok {
        *ls = save;
    }
    ok
}

/// How many bytes of container prefix begin the line `bytes` (pulldown-cmark's
/// `skip_container_prefixes`), without touching any state.
fn skip_prefixes(spine: &[Cont], bytes: &[u8]) -> usize {
    let mut ls = LineStart::new(bytes);
    for c in spine {
        if !continues(c, &mut ls) {
            break;
        }
    }
    ls.ix
}

impl Blocks<'_> {
    /// How many open containers the line at `ls` continues; `update_flags` at the start of a
    /// block, as pulldown-cmark's `scan_containers`.
    fn scan_containers(&mut self, ls: &mut LineStart<'_>, update_flags: bool) -> usize {
        let n = self.spine.len();
        let mut i = 0;
        while i < n {
            if let Cont::List {
                last_line_empty, ..
            } = &mut self.spine[i]
            {
                if update_flags {
                    if ls.is_at_eol() {
                        if *last_line_empty && ls.remaining_space() == 0 {
                            return n;
                        }
                        *last_line_empty = true;
                    } else {
                        *last_line_empty = false;
                    }
                }
            } else if !continues(&self.spine[i], ls) {
                break;
            }
            i += 1;
        }
        for c in self.spine.iter_mut().skip(i + 1) {
            if let Cont::List {
                last_line_empty, ..
            } = c
            {
                *last_line_empty = false;
            }
        }
        i
    }

    fn pop(&mut self) {
        if let Some(Cont::List { tight: true, .. }) = self.spine.pop() {
            self.begin_list_item = None;
        }
    }

    fn finish_empty_list_item(&mut self) {
        if self.begin_list_item.is_some()
            && self.last_line_blank
            && matches!(self.spine.last(), Some(Cont::Item { .. }))
        {
            self.pop();
        }
        self.begin_list_item = None;
    }

    /// Close a list that a block other than an item ends; a blank line before makes the
    /// enclosing list loose.
    fn finish_list(&mut self) {
        self.finish_empty_list_item();
        if let Some(Cont::List { .. }) = self.spine.last() {
            self.pop();
        }
        if self.last_line_blank {
            let n = self.spine.len();
            if n >= 2 {
                if let Cont::List { tight, .. } = &mut self.spine[n - 2] {
                    *tight = false;
                }
            }
            self.last_line_blank = false;
        }
    }

    /// Go on with the open list if it has the same marker, or start a new one.
    fn continue_list(&mut self, ch: u8) {
        self.finish_empty_list_item();
        if let Some(last) = self.spine.last_mut() {
            if let Cont::List {
                ch: existing,
                tight,
                ..
            } = last
            {
                if *existing == ch {
                    if self.last_line_blank {
                        *tight = false;
                        self.last_line_blank = false;
                    }
                    return;
                }
            }
            self.finish_list();
        }
        self.spine.push(Cont::List {
            ch,
            tight: true,
            last_line_empty: false,
        });
        self.last_line_blank = false;
    }

    /// One block from `start_ix`; returns where the next one starts.
    fn parse_block(&mut self, start_ix: usize) -> Result<usize, Bail> {
        let bytes = self.bytes;
        let mut ls = LineStart::new(&bytes[start_ix..]);
        let matched = self.scan_containers(&mut ls, true);
        for _ in matched..self.spine.len() {
            self.pop();
        }
        loop {
            let save = ls.clone();
            let outer_indent = ls.scan_space_upto(4);
            if outer_indent >= 4 {
                ls = save;
                break;
            }
            if let Some((ch, _, indent)) = ls.scan_list_marker_with_indent(outer_indent) {
                let after_marker = start_ix + ls.ix;
                self.continue_list(ch);
                self.spine.push(Cont::Item { indent });
                if let Some(n) = scan_blank_line(&bytes[after_marker..]) {
                    self.begin_list_item = Some(after_marker + n);
                    return Ok(after_marker + n);
                }
            } else if ls.scan_blockquote_marker() {
                self.finish_list();
                self.spine.push(Cont::Quote);
            } else {
                ls = save;
                break;
            }
        }
        let ix = start_ix + ls.ix;
        if let Some(n) = scan_blank_line(&bytes[ix..]) {
            let begun = self.begin_list_item.is_some();
            match self.spine.last_mut() {
                Some(Cont::Quote) => {}
                Some(Cont::Item { indent }) if begun => {
                    self.last_line_blank = true;
                    *indent = 0;
                }
                _ => self.last_line_blank = true,
            }
            return Ok(ix + n);
        }
        let indent = ls.scan_space_upto(4);
        let ix = start_ix + ls.ix;
        if indent == 4 {
            self.finish_list();
            return Ok(self.indented_code(ix));
        }
        if bytes[ix] == b'<' {
            let rest = &bytes[ix + 1..];
            if let Some(end_tag) = html::html_end_tag(rest) {
                self.finish_list();
                return Ok(self.html_block_1_to_5(ix, end_tag));
            }
            if html::starts_block_type_6(rest) || html::starts_block_type_7(&bytes[ix..]) {
                self.finish_list();
                return Ok(self.html_block_6_or_7(ix));
            }
        }
        if let Ok(n) = scan_hrule(&bytes[ix..]) {
            self.finish_list();
            return Ok(ix + n);
        }
        if let Some(level) = scan_atx_heading(&bytes[ix..]) {
            self.finish_list();
            return self.atx_heading(ix, level);
        }
        if let Some((n, ch)) = scan_code_fence(&bytes[ix..]) {
            self.finish_list();
            return Ok(self.fenced_code(ix, indent, ch, n));
        }
        if may_be_refdef(&bytes[ix..]) {
            return Err(Bail);
        }
        self.paragraph(ix)
    }

    fn indented_code(&mut self, start: usize) -> usize {
        let bytes = self.bytes;
        self.last_line_blank = false;
        let mut ix = start;
        let mut end = start;
        loop {
            ix += scan_nextline(&bytes[ix..]);
            if !self.last_line_blank {
                end = ix;
            }
            let mut ls = LineStart::new(&bytes[ix..]);
            let n = self.scan_containers(&mut ls, false);
            if n < self.spine.len() || !(ls.scan_space(4) || ls.is_at_eol()) {
                break;
            }
            let next_line = ix + ls.ix;
            if next_line == bytes.len() {
                break;
            }
            ix = next_line;
            self.last_line_blank = scan_blank_line(&bytes[ix..]).is_some();
        }
        self.code_block(start, end);
        ix
    }

    fn fenced_code(&mut self, start: usize, indent: usize, fence: u8, n_fence: usize) -> usize {
        let bytes = self.bytes;
        let info = start + n_fence + scan_whitespace_no_nl(&bytes[start + n_fence..]);
        let mut ix = info + scan_nextline(&bytes[info..]);
        if self.spine.is_empty() && indent == 0 {
            return self.fenced_code_at_top(start, ix, fence, n_fence);
        }
        loop {
            let mut ls = LineStart::new(&bytes[ix..]);
            let n = self.scan_containers(&mut ls, false);
            if n < self.spine.len() {
                self.code_block(start, ix);
                return ix;
            }
            ls.scan_space(indent);
            let mut close = ls.clone();
            if !close.scan_space(4 - indent) {
                let close_ix = ix + close.ix;
                if let Some(n) = scan_closing_code_fence(&bytes[close_ix..], fence, n_fence) {
                    ix = close_ix + n;
                    self.code_block(start, ix);
                    return ix + scan_blank_line(&bytes[ix..]).unwrap_or(0);
                }
            }
            ix += ls.ix;
            ix += scan_nextline(&bytes[ix..]);
        }
    }

    /// [`Blocks::fenced_code`] outside any container, for a fence at the start of its line (most
    /// code blocks), from the first line after the fence at `ix`. A line closes the block only
    /// if it starts, after at most three spaces, with a run of the fence character; so instead
    /// of looking at each line, this jumps from one fence character to the next and looks at
    /// its line only then. Without a closing fence the block runs to the end of the body.
    fn fenced_code_at_top(&mut self, start: usize, ix: usize, fence: u8, n_fence: usize) -> usize {
        let bytes = self.bytes;
        let mut from = ix;
        let end = loop {
            let Some(at) = memchr::memchr(fence, &bytes[from..]).map(|o| from + o) else {
                break bytes.len();
            };
            let line_start =
                memchr::memrchr(b'\n', &bytes[from..at]).map_or(from, |o| from + o + 1);
            let indent = &bytes[line_start..at];
            if indent.len() < 4 && indent.iter().all(|&b| b == b' ') {
                if let Some(n) = scan_closing_code_fence(&bytes[at..], fence, n_fence) {
                    break at + n;
                }
            }
            from = at + scan_nextline(&bytes[at..]);
        };
        self.code_block(start, end);
        end + scan_blank_line(&bytes[end..]).unwrap_or(0)
    }

    fn code_block(&mut self, start: usize, end: usize) {
        self.sink.code_block_start(start, end);
        self.sink.code_block_end();
    }

    /// An HTML block that ends at the line containing `end_tag` (`-->`, `</pre>`, …).
    fn html_block_1_to_5(&mut self, start: usize, end_tag: &str) -> usize {
        let bytes = self.bytes;
        let mut ix = start;
        let end;
        loop {
            let line_start = ix;
            ix += scan_nextline(&bytes[ix..]);
            let mut ls = LineStart::new(&bytes[ix..]);
            let n = self.scan_containers(&mut ls, false);
            if n < self.spine.len() || self.src[line_start..ix].contains(end_tag) {
                end = ix;
                break;
            }
            let next_line = ix + ls.ix;
            if next_line == bytes.len() {
                end = next_line;
                break;
            }
            ix = next_line;
        }
        self.sink.html_block(start, end);
        ix
    }

    /// An HTML block that ends at a blank line.
    fn html_block_6_or_7(&mut self, start: usize) -> usize {
        let bytes = self.bytes;
        let mut ix = start;
        let end;
        loop {
            ix += scan_nextline(&bytes[ix..]);
            let mut ls = LineStart::new(&bytes[ix..]);
            let n = self.scan_containers(&mut ls, false);
            if n < self.spine.len() || ls.is_at_eol() {
                end = ix;
                break;
            }
            let next_line = ix + ls.ix;
            if next_line == bytes.len() || scan_blank_line(&bytes[next_line..]).is_some() {
                end = next_line;
                break;
            }
            ix = next_line;
        }
        self.sink.html_block(start, end);
        ix
    }

    fn atx_heading(&mut self, start: usize, level: usize) -> Result<usize, Bail> {
        let bytes = self.bytes;
        let mut ix = start + level;
        let level = level as u8;
        if let Some(eol) = scan_eol(&bytes[ix..]) {
            self.sink.heading_start(level, start);
            self.sink.heading_end(start, ix + eol);
            return Ok(ix + eol);
        }
        ix += scan_whitespace_no_nl(&bytes[ix..]);
        let header_start = ix;
        self.inline.begin();
        let (end, brk) = self.inline.parse_line(bytes, ix)?;
        if let Some(Break {
            kind: Kind::HardBreak(true),
            start: s,
            end: e,
        }) = brk
        {
            self.inline.append_text(s, e);
        }
        self.trim_closing_hashes(header_start, end)?;
        self.leaf(start, end, Some(level))?;
        Ok(end)
    }

    /// Drop the closing `#`s (and the spaces before them) from the heading's last item.
    fn trim_closing_hashes(&mut self, header_start: usize, end: usize) -> Result<(), Bail> {
        let items = &mut self.inline.items;
        let Some(last) = items.last().copied() else {
            return Ok(());
        };
        let text = &self.bytes[header_start..end];
        let mut limit = text
            .iter()
            .rposition(|&b| !matches!(b, b'\n' | b'\r' | b' '))
            .map_or(0, |i| i + 1);
        let closer = text[..limit]
            .iter()
            .rposition(|&b| b != b'#')
            .map_or(0, |i| i + 1);
        if closer == 0 {
            limit = 0;
        } else {
            let spaces = scan_rev_while(&text[..closer], |b| b == b' ');
            if spaces > 0 {
                limit = closer - spaces;
            }
        }
        let new_end = header_start + limit;
        if limit == 0 {
            if items.len() > 1 {
                return Err(Bail);
            }
            items.pop();
        } else if new_end != last.end {
            if last.kind != Kind::Text || new_end < last.start || new_end > last.end {
                return Err(Bail);
            }
            if let Some(l) = items.last_mut() {
                l.end = new_end;
            }
        }
        Ok(())
    }

    fn paragraph(&mut self, start: usize) -> Result<usize, Bail> {
        self.finish_list();
        if self.deferred.is_some() {
            if let Some(end) = self.defer_paragraph(start) {
                return Ok(end);
            }
        }
        self.paragraph_lines(start)
    }

    /// The paragraph (or setext heading) at `start`, read and reported; its end.
    fn paragraph_lines(&mut self, start: usize) -> Result<usize, Bail> {
        self.inline.begin();
        let bytes = self.bytes;
        let mut ix = start;
        loop {
            let (next_ix, brk) = self.inline.parse_line(bytes, ix)?;
            ix = next_ix;
            let mut ls = LineStart::new(&bytes[ix..]);
            let position = self.scan_containers(&mut ls, false);
            let current = position == self.spine.len();
            let backslash = match brk {
                Some(Break {
                    kind: Kind::HardBreak(true),
                    start: s,
                    ..
                }) if bytes[s] == b'\\' => Some(s),
                _ => None,
            };
            if !ls.scan_space(4) && may_end_paragraph(&bytes[ix + ls.ix..]) {
                let at = ix + ls.ix;
                if current {
                    if let Some((n, level)) = scan_setext_heading(&bytes[at..]) {
                        self.trim_setext(start, backslash.is_some())?;
                        self.keep_backslash(backslash);
                        let end = at + n;
                        self.leaf(start, end, Some(level))?;
                        return Ok(end);
                    }
                }
                if interrupts(&bytes[at..], current) {
                    self.keep_backslash(backslash);
                    break;
                }
            }
            ls.scan_all_space();
            if ls.is_at_eol() {
                self.keep_backslash(backslash);
                break;
            }
            ix = next_ix + ls.ix;
            if let Some(b) = brk {
                self.inline.append_break(b);
            }
        }
        self.leaf(start, ix, None)?;
        Ok(ix)
    }

    /// A backslash that ends a paragraph's (or setext heading's) last line is text, not a break.
    fn keep_backslash(&mut self, at: Option<usize>) {
        if let Some(pos) = at {
            self.inline.append_text(pos, pos + 1);
        }
    }

    /// Trailing whitespace off a setext heading's last item.
    fn trim_setext(&mut self, header_start: usize, keep: bool) -> Result<(), Bail> {
        let bytes = self.bytes;
        if let Some(last) = self.inline.items.last_mut() {
            let content_end = last.end;
            if !keep {
                let ws = scan_rev_while(
                    &bytes[header_start..content_end],
                    line::is_ascii_whitespace_no_nl,
                );
                let new_end = content_end - ws;
                if new_end < last.start {
                    return Err(Bail);
                }
                last.end = new_end;
            }
        }
        Ok(())
    }

    /// Resolve and report the inline content of the paragraph or heading at `start..end`.
    fn leaf(&mut self, start: usize, end: usize, heading: Option<u8>) -> Result<(), Bail> {
        if let Some(level) = heading {
            self.sink.heading_start(level, start);
        }
        let spine = &self.spine;
        let skip = |rest: &[u8]| skip_prefixes(spine, rest);
        self.inline.finish(
            &self.bytes[..end],
            self.src,
            &skip,
            &mut self.sink,
            heading.is_some(),
        )?;
        if self.sink.open_code_tags() > 0 {
            return Err(Bail);
        }
        if heading.is_some() {
            self.sink.heading_end(start, end);
        } else {
            self.sink.end_of_block();
        }
        Ok(())
    }
}

/// The bytes a line (after its indentation) must start with to be a setext underline or to
/// interrupt a paragraph ([`interrupts`]): a line break, `=`, a thematic break or list marker
/// (`-`, `*`, `_`, `+`, a digit), `#`, a code fence (`` ` ``, `~`), `>` or `<`.
const MAY_END_PARAGRAPH: [bool; 256] = byte_set(b"\n\r=-*_+#`~><0123456789");

/// A table of the bytes in `bytes`.
const fn byte_set(bytes: &[u8]) -> [bool; 256] {
    let mut t = [false; 256];
    let mut i = 0;
    while i < bytes.len() {
        t[bytes[i] as usize] = true;
        i += 1;
    }
    t
}

/// Whether the line at `bytes` (after at most three columns of indentation) may end the
/// paragraph before it, as a setext underline or an interruption: a first-byte test that lets
/// most lines of prose, which start with a letter, skip the scanners.
fn may_end_paragraph(bytes: &[u8]) -> bool {
    bytes
        .first()
        .is_none_or(|&b| MAY_END_PARAGRAPH[usize::from(b)])
}

/// Whether the line `bytes` ends a paragraph (pulldown-cmark's
/// `scan_paragraph_interrupt_no_table`).
fn interrupts(bytes: &[u8], current_container: bool) -> bool {
    scan_eol(bytes).is_some()
        || scan_hrule(bytes).is_ok()
        || scan_atx_heading(bytes).is_some()
        || scan_code_fence(bytes).is_some()
        || scan_blockquote_start(bytes)
        || scan_listitem(bytes).is_some_and(|(ix, delim, index)| {
            !current_container
                || (matches!(delim, b'*' | b'-' | b'+') || index == 1)
                    && scan_blank_line(&bytes[ix..]).is_none()
        })
        || bytes.first() == Some(&b'<')
            && (html::html_end_tag(&bytes[1..]).is_some() || html::starts_block_type_6(&bytes[1..]))
}

/// Whether a paragraph starting with `bytes` may be a link reference definition (`[label]: …`),
/// which this path leaves to pulldown-cmark: a `[` whose line has `]:` or no `]` at all (the
/// label may go on over lines).
fn may_be_refdef(bytes: &[u8]) -> bool {
    if bytes.first() != Some(&b'[') {
        return false;
    }
    let line = &bytes[..scan_nextline(bytes)];
    !line.contains(&b']') || line.windows(2).any(|w| w == b"]:")
}
