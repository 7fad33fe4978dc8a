//! A fast path for the YAML most cards have, tried before the full parser.
//!
//! Most front matter is a block mapping of simple values: plain words (on one line or folded
//! over several), quoted strings (on one line or folded over several, with the common escapes),
//! one-line `[a, b]` lists, `|`/`>` block scalars, and nested block mappings and sequences
//! (`model-index`). [`parse`] reads exactly that subset, line by line, straight into the
//! [`Node`] tree, and returns `None` as soon as it sees anything else (other block scalar
//! headers, anchors, tags, flow mappings, rarer escapes, tabs, unusual line breaks or
//! indentation, document markers, directives, keys that are neither simple words nor explicit
//! (`? key` / `: value`) scalars, a value the resolver refuses, a limit reached…). The caller
//! then runs the full parser ([`super::builder`]: saphyr-parser plus the PyYAML checks), which
//! also reports every error: this path never makes one.
//!
//! Inside the subset, PyYAML and YAML 1.2 agree, and this path builds the same tree, spans and
//! notes as the full parser, scalars being resolved by the same [`resolve`] functions.
//! `tests/yaml_fast.rs` checks that on every card of the corpus, on mutations of them and on
//! random documents glued from lines.

use super::node::{Entry, Node, StrKind, Value};
use super::resolve::{self, Resolved};
use super::seen::Seen;
use super::{Document, Limits, Note};
use crate::finding::Span;

/// A line with content (not blank, not only a comment), as byte offsets into the front matter.
#[derive(Clone, Copy)]
struct Line {
    start: usize,
    /// Leading spaces.
    indent: usize,
    /// End of the line, before `\n` or `\r\n`.
    end: usize,
    /// Blank lines just before this one (since the previous line with content).
    blank_before: usize,
    /// Whether a comment line comes between the previous line with content and this one.
    comment_before: bool,
}

/// Keys longer than this go to the full parser (PyYAML limits simple keys to 1024 characters).
const MAX_KEY: usize = 256;

/// The bytes of a simple key after its first: ASCII letters and digits, `_`, `-`, `.`, space,
/// `,`, `/` and parentheses (`Company/university`, the long questions of gated models).
const KEY_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = b.is_ascii_alphanumeric()
            || matches!(b, b'_' | b'-' | b'.' | b' ' | b',' | b'/' | b'(' | b')');
        c += 1;
    }
    t
};

/// This path recurses (the full parser does not): deeper nesting goes to the full parser, whatever
/// [`Limits::max_depth`] says, so the stack stays small.
const MAX_DEPTH: usize = 64;

/// Parse `src` (the front matter, at `base` in the card) if it is in the subset.
pub(super) fn parse(src: &str, base: usize, limits: &Limits) -> Option<Document> {
    let lines = content_lines(src)?;
    let first = *lines.first()?;
    let mut p = Fast {
        src,
        bytes: src.as_bytes(),
        base,
        limits,
        lines,
        i: 0,
        nodes: 0,
        notes: Vec::new(),
    };
    let root = p.block(first.indent, 0)?;
    if p.i != p.lines.len() || p.nodes > limits.max_nodes {
        return None;
    }
    Some(Document {
        root,
        notes: p.notes,
    })
}

/// The lines with content, or `None` when the text has a character this path leaves to the
/// full parser: a tab, a control character, a `\r` not followed by `\n`, a byte-order mark,
/// or one of PyYAML's other line breaks (U+0085, U+2028, U+2029).
fn content_lines(src: &str) -> Option<Vec<Line>> {
    let b = src.as_bytes();
    // Most front matters are printable ASCII and `\n`: one pass over the whole text says so,
    // and then no line needs a check of its own.
    let plain = is_printable_ascii_or_newline(b);
    // Sized by a vectorised count of the line breaks: front matter lines are often a few bytes
    // (`- en`), and a guess from the length was regrown in most cards.
    let mut lines = Vec::with_capacity(memchr::memchr_iter(b'\n', b).count() + 1);
    let mut skipped = Skipped::default();
    let mut start = 0;
    for nl in memchr::memchr_iter(b'\n', b).chain(std::iter::once(b.len())) {
        let end = if nl < b.len() && nl > start && b[nl - 1] == b'\r' {
            nl - 1
        } else {
            nl
        };
        if !plain {
            check_line(&b[start..end])?;
        }
        push_line(&mut lines, &mut skipped, b, start, end);
        start = nl + 1;
    }
    Some(lines)
}

/// Whether every byte of `b` is printable ASCII or `\n` (no loop exit, so it vectorises).
fn is_printable_ascii_or_newline(b: &[u8]) -> bool {
    b.iter().fold(0u8, |acc, &c| {
        acc | u8::from(c != b'\n' && !(b' '..=b'~').contains(&c))
    }) == 0
}

/// `None` if `line` (without its line break) has a character [`content_lines`] refuses.
fn check_line(line: &[u8]) -> Option<()> {
    // Most lines are printable ASCII; this loop has no early exit, so it vectorises.
    let odd = line
        .iter()
        .fold(0u8, |acc, &c| acc | u8::from(!(b' '..=b'~').contains(&c)));
    if odd == 0 {
        return Some(());
    }
    for (i, &c) in line.iter().enumerate() {
        let next = |k: usize| line.get(i + k).copied();
        let refused = match c {
            0..=0x1f | 0x7f => true,
            // C1 controls, U+0085 among them.
            0xc2 => matches!(next(1), Some(0x80..=0x9f)),
            // U+2028, U+2029.
            0xe2 => next(1) == Some(0x80) && matches!(next(2), Some(0xa8 | 0xa9)),
            // U+FEFF, U+FFFE, U+FFFF.
            0xef => matches!(
                (next(1), next(2)),
                (Some(0xbb), Some(0xbf)) | (Some(0xbf), Some(0xbe | 0xbf))
            ),
            _ => false,
        };
        if refused {
            return None;
        }
    }
    Some(())
}

/// The first `:` or `#` in `b[from..end]`, or `end`: eight bytes a step, since a value seldom
/// has either (the lowest marked byte of a word is exact; marks above it may not be).
fn colon_or_hash(b: &[u8], mut i: usize, end: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has = |w: u64, c: u8| {
        let x = w ^ (ONES * u64::from(c));
        x.wrapping_sub(ONES) & !x & HIGH
    };
    while let Some(word) = b.get(i..i + 8).filter(|_| i + 8 <= end) {
        let w = u64::from_le_bytes(word.try_into().expect("eight bytes"));
        let marks = has(w, b':') | has(w, b'#');
        if marks != 0 {
            return i + (marks.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < end && !matches!(b[i], b':' | b'#') {
        i += 1;
    }
    i
}

/// Lines skipped since the last line with content: blank ones, and whether one was a comment.
#[derive(Default)]
struct Skipped {
    blank: usize,
    comment: bool,
}

fn push_line(lines: &mut Vec<Line>, skipped: &mut Skipped, b: &[u8], start: usize, end: usize) {
    let indent = b[start..end].iter().take_while(|&&c| c == b' ').count();
    match b.get(start + indent) {
        _ if start + indent == end => skipped.blank += 1,
        Some(b'#') => skipped.comment = true,
        _ => {
            let skipped = std::mem::take(skipped);
            lines.push(Line {
                start,
                indent,
                end,
                blank_before: skipped.blank,
                comment_before: skipped.comment,
            });
        }
    }
}

struct Fast<'a> {
    src: &'a str,
    bytes: &'a [u8],
    base: usize,
    limits: &'a Limits,
    lines: Vec<Line>,
    /// The next line to read.
    i: usize,
    nodes: usize,
    notes: Vec<Note>,
}

impl Fast<'_> {
    /// A node spanning `src[start..end]`, counted against the node budget.
    fn node(&mut self, value: Value, start: usize, end: usize) -> Node {
        self.nodes += 1;
        Node::new(value, Span::new(self.base + start, self.base + end))
    }

    /// The block collection whose first line is the current one, at column `col`.
    fn block(&mut self, col: usize, depth: usize) -> Option<Node> {
        let line = self.lines[self.i];
        if self.is_dash(line, col) {
            self.seq(col, depth, false)
        } else {
            self.map(col, depth)
        }
    }

    /// Whether `line` has a `- ` sequence entry at column `col`.
    fn is_dash(&self, line: Line, col: usize) -> bool {
        let at = line.start + col;
        self.bytes.get(at) == Some(&b'-') && (at + 1 == line.end || self.bytes[at + 1] == b' ')
    }

    fn skip_spaces(&self, mut at: usize, end: usize) -> usize {
        while at < end && self.bytes[at] == b' ' {
            at += 1;
        }
        at
    }

    /// A block sequence whose entries are at column `col`, the first on the current line.
    /// `indentless`: the sequence is a mapping value at its key's own column.
    fn seq(&mut self, col: usize, depth: usize, indentless: bool) -> Option<Node> {
        if depth >= self.limits.max_depth.min(MAX_DEPTH) {
            return None;
        }
        let dash = self.lines[self.i].start + col;
        let mut items = Vec::new();
        let mut first_token = None;
        loop {
            let line = self.lines[self.i];
            let at = self.skip_spaces(line.start + col + 1, line.end);
            first_token.get_or_insert(at);
            // An empty entry, or one that is itself a sequence: rare, left to the full parser.
            if at == line.end || self.bytes[at] == b'#' || self.is_dash(line, at - line.start) {
                return None;
            }
            let item = if self.key_end(at, line.end).is_some() || self.is_explicit(at, line.end) {
                self.map(at - line.start, depth + 1)?
            } else {
                self.value(at, line.end, col, depth + 1)?
            };
            items.push(item);
            let Some(&next) = self.lines.get(self.i) else {
                break;
            };
            if next.indent > col {
                return None;
            }
            if next.indent < col || !self.is_dash(next, col) {
                break;
            }
        }
        // The full parser starts a sequence at its first `-`, or, for one at its key's own
        // column, where its first item's first token is (a block scalar's header, not its text).
        let start = match first_token {
            Some(at) if indentless => at,
            _ => dash,
        };
        let end = items[items.len() - 1].span.end - self.base;
        Some(self.node(Value::Seq(items), start, end))
    }

    /// A block mapping whose keys are at column `col`, the first on the current line.
    fn map(&mut self, col: usize, depth: usize) -> Option<Node> {
        if depth >= self.limits.max_depth.min(MAX_DEPTH) {
            return None;
        }
        let mut entries: Vec<Entry> = Vec::new();
        let mut seen = Seen::default();
        let start = self.lines[self.i].start + col;
        loop {
            let mut line = self.lines[self.i];
            let key_start = line.start + col;
            let (key, colon) = if self.bytes[key_start] == b'?' {
                let (key, colon_line) = self.explicit_key(line, col, depth)?;
                line = colon_line;
                (key, line.start + col)
            } else {
                let colon = self.key_end(key_start, line.end)?;
                (self.plain(key_start, colon)?, colon)
            };
            let at = self.skip_spaces(colon + 1, line.end);
            let value = if at == line.end || self.bytes[at] == b'#' {
                self.i += 1;
                self.after_empty_value(col, colon, depth)?
            } else {
                self.value(at, line.end, col, depth + 1)?
            };
            if let Some(first) = seen.previous(&entries, &key) {
                self.notes.push(Note::DuplicateKey {
                    key: key.key_text().unwrap_or_default().into_owned(),
                    first,
                    second: key.span,
                });
            }
            entries.push(Entry { key, value });
            let Some(&next) = self.lines.get(self.i) else {
                break;
            };
            if next.indent < col {
                break;
            }
            if next.indent > col || self.is_dash(next, col) {
                return None;
            }
        }
        let end = entries
            .last()
            .map_or(start, |e| e.value.span.end - self.base);
        Some(self.node(Value::Map(entries), start, end))
    }

    /// An explicit key at column `col` of the current line (`? key`, then `: value` on a line
    /// of its own at the same column), as PyYAML writes a key too long for a simple key (the
    /// gating questions of Llama and Mistral licences): a plain or quoted scalar, which may go
    /// on over more indented lines. Returns the key and the `:` line, which is now the current
    /// one. Left to the full parser: any other key (a collection, a block scalar, none) and a
    /// key with no `:` line after it (a null value).
    fn explicit_key(&mut self, line: Line, col: usize, depth: usize) -> Option<(Node, Line)> {
        let mark = line.start + col;
        if !self.is_explicit(mark, line.end) {
            return None;
        }
        let at = self.skip_spaces(mark + 1, line.end);
        if at == line.end || matches!(self.bytes[at], b'#' | b'[' | b'|' | b'>') {
            return None;
        }
        let key = self.value(at, line.end, col, depth + 1)?;
        let next = *self.lines.get(self.i)?;
        let colon = next.start + col;
        let is_colon = next.indent == col
            && self.bytes[colon] == b':'
            && (colon + 1 == next.end || self.bytes[colon + 1] == b' ');
        is_colon.then_some((key, next))
    }

    /// Whether a `? ` explicit key indicator is at `at`.
    fn is_explicit(&self, at: usize, end: usize) -> bool {
        self.bytes[at] == b'?' && at + 1 < end && self.bytes[at + 1] == b' '
    }

    /// The value of `key:` with nothing after it on its line: a block collection on the next
    /// lines, or null (which the full parser places, empty, at the `:`).
    fn after_empty_value(&mut self, col: usize, colon: usize, depth: usize) -> Option<Node> {
        match self.lines.get(self.i).copied() {
            Some(next) if next.indent > col => self.block(next.indent, depth + 1),
            // A sequence may sit at its key's own column.
            Some(next) if next.indent == col && self.is_dash(next, col) => {
                self.seq(col, depth + 1, true)
            }
            _ => Some(self.node(Value::Null, colon, colon)),
        }
    }

    /// If a simple key starts at `at` (a word of ASCII letters, digits, `_`, `-`, `.` and inner
    /// spaces, followed by `:` and a space or the end of the line), where its `:` is.
    fn key_end(&self, at: usize, end: usize) -> Option<usize> {
        let b = self.bytes;
        if !(b[at].is_ascii_alphanumeric() || b[at] == b'_') {
            return None;
        }
        let stop = end.min(at + MAX_KEY + 1);
        let i = at
            + 1
            + b[at + 1..stop]
                .iter()
                .position(|&c| !KEY_BYTE[usize::from(c)])?;
        (b[i] == b':' && b[i - 1] != b' ' && (i + 1 == end || b[i + 1] == b' ')).then_some(i)
    }

    /// The value from `at` on the current line, of an entry of the collection at column `col`:
    /// a block scalar, a quoted string, a one-line value, or a plain scalar that goes on over
    /// the next, more indented lines. Moves past the lines it takes.
    fn value(&mut self, at: usize, end: usize, col: usize, depth: usize) -> Option<Node> {
        if matches!(self.bytes[at], b'|' | b'>') {
            return self.block_scalar(at, end, col);
        }
        if matches!(self.bytes[at], b'\'' | b'"') {
            return self.quoted_value(at, col);
        }
        let continued = self.lines.get(self.i + 1).is_some_and(|l| l.indent > col);
        if !continued || !self.plain_start(at, end) {
            let value = self.inline(at, end, depth)?;
            self.i += 1;
            return Some(value);
        }
        // A multi-line plain scalar: its lines are trimmed and joined by a space, or by one line
        // break per blank line between them. A comment, or a line that starts with an indicator
        // or holds `: `, is left to the full parser.
        let mut last = self.plain_line(at, end)?;
        let mut text = self.src[at..last].to_owned();
        self.i += 1;
        while let Some(&line) = self.lines.get(self.i) {
            if line.indent <= col {
                break;
            }
            let from = line.start + line.indent;
            if line.comment_before || !self.plain_start(from, line.end) || self.bytes[from] == b'-'
            {
                return None;
            }
            last = self.plain_line(from, line.end)?;
            match line.blank_before {
                0 => text.push(' '),
                n => text.extend(std::iter::repeat_n('\n', n)),
            }
            text.push_str(&self.src[from..last]);
            self.i += 1;
        }
        self.resolved(&text, at, last)
    }

    /// A block scalar (`|`, `|-`, `>`, `>-`) whose header is at `at` on the current line, as
    /// the value of an entry of the collection at column `col`; moves past its lines (a block
    /// that ends the front matter, as a long licence or description often does, runs to the end
    /// of the text). Left to the full parser: other headers, leading blank lines, a block with no
    /// line of text, and one that ends the text without a line break.
    fn block_scalar(&mut self, at: usize, end: usize, col: usize) -> Option<Node> {
        let b = self.bytes;
        let folded = b[at] == b'>';
        let strip = b.get(at + 1) == Some(&b'-') && at + 1 < end;
        let after = at + 1 + usize::from(strip);
        let rest = self.skip_spaces(after, end);
        if rest < end && (rest == after || b[rest] != b'#') {
            return None;
        }
        let brk = end + usize::from(b.get(end) == Some(&b'\r'));
        if b.get(brk) != Some(&b'\n') {
            return None;
        }
        let mut pos = brk + 1;
        let mut indent = None;
        let mut text = String::new();
        let mut breaks = 0;
        let mut leading_non_space = false;
        let mut start = pos;
        let stop = loop {
            if pos >= b.len() {
                // The block ends the front matter. Without a line of text its indentation is
                // unknown; without a final line break the last line is read differently.
                if indent.is_none() || b.last() != Some(&b'\n') {
                    return None;
                }
                break b.len();
            }
            let line_end = memchr::memchr(b'\n', &b[pos..]).map_or(b.len(), |o| pos + o);
            // A `\r\n` line break is one break; a lone `\r` was refused with the text.
            let text_end = line_end - usize::from(line_end > pos && b[line_end - 1] == b'\r');
            let line = &b[pos..text_end];
            let spaces = line.iter().take_while(|&&c| c == b' ').count();
            let blank = spaces == line.len();
            if blank && indent.is_none() {
                return None;
            }
            // A blank line is a line break; one with more spaces than the indentation is a line
            // of spaces (as for PyYAML).
            if blank && indent.is_some_and(|n| spaces <= n) {
                breaks += 1;
            } else {
                let n = match indent {
                    None if spaces <= col => return None,
                    None => {
                        start = pos + spaces;
                        *indent.insert(spaces)
                    }
                    // The full parser ends the scalar where the next line's text starts.
                    Some(n) if spaces < n => break pos + spaces,
                    Some(n) => {
                        // How PyYAML joins this line to the previous one.
                        if folded && leading_non_space && line[n] != b' ' {
                            if breaks == 0 {
                                text.push(' ');
                            }
                        } else {
                            text.push('\n');
                        }
                        n
                    }
                };
                text.extend(std::iter::repeat_n('\n', breaks));
                breaks = 0;
                leading_non_space = line[n] != b' ';
                text.push_str(&self.src[pos + n..text_end]);
            }
            pos = line_end + 1;
        };
        if !strip {
            text.push('\n');
        }
        self.i = self.lines.partition_point(|l| l.start < pos);
        Some(self.node(Value::Str(text.into(), StrKind::Plain), start, stop))
    }

    /// Where the text of a plain scalar's line from `at` ends (trailing spaces off); `None` if
    /// the line has a comment or a `: `, or ends with `:`.
    fn plain_line(&self, at: usize, end: usize) -> Option<usize> {
        match self.plain_text(at, end)? {
            (text_end, false) => Some(text_end),
            (_, true) => None,
        }
    }

    /// The text of a plain scalar from `at` on its line: where it ends (before a comment, a `#`
    /// after a space, and without trailing spaces) and whether a comment follows; `None` if it
    /// holds a `: ` or ends with `:`, which would make it a mapping.
    fn plain_text(&self, at: usize, end: usize) -> Option<(usize, bool)> {
        let b = self.bytes;
        let mut i = at;
        let (stop, comment) = loop {
            i = colon_or_hash(b, i, end);
            if i == end {
                break (end, false);
            }
            if b[i] == b'#' {
                if i > at && b[i - 1] == b' ' {
                    break (i - 1, true);
                }
            } else if i + 1 == end || b[i + 1] == b' ' {
                return None;
            }
            i += 1;
        };
        let text_end = at
            + b[at..stop]
                .iter()
                .rposition(|&c| c != b' ')
                .map_or(0, |p| p + 1);
        Some((text_end, comment))
    }

    /// A value on one line, from `at` (not a space and not a quote) to `end`: a `[…]` list or
    /// a plain scalar, followed by nothing but spaces and a comment.
    fn inline(&mut self, at: usize, end: usize, depth: usize) -> Option<Node> {
        match self.bytes[at] {
            b'[' => self.flow_seq(at, end, depth),
            _ => {
                if !self.plain_start(at, end) {
                    return None;
                }
                // `a: b` would be a mapping (an error here); `a:` at the end too.
                let (text_end, _) = self.plain_text(at, end)?;
                self.plain(at, text_end)
            }
        }
    }

    /// Whether a plain scalar may start at `at`: not an indicator, except `-` before a digit
    /// or `.` (`-1`, `-.5`).
    fn plain_start(&self, at: usize, end: usize) -> bool {
        match self.bytes[at] {
            b'-' => at + 1 < end && matches!(self.bytes[at + 1], b'0'..=b'9' | b'.'),
            b'?' | b':' | b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|'
            | b'>' | b'\'' | b'"' | b'%' | b'@' | b'`' => false,
            _ => true,
        }
    }

    /// Only spaces, then the end of the line or a comment, from `at`.
    fn trailing(&self, at: usize, end: usize) -> Option<()> {
        let rest = self.skip_spaces(at, end);
        (rest == end || (rest > at && self.bytes[rest] == b'#')).then_some(())
    }

    /// A plain scalar `src[start..end]`, resolved the PyYAML way; `None` where the resolver
    /// refuses it or it is a merge or value key (the full parser handles those).
    fn plain(&mut self, start: usize, end: usize) -> Option<Node> {
        self.resolved(&self.src[start..end], start, end)
    }

    /// A plain scalar whose text (folded, if it spans lines) is `text`, at `src[start..end]`.
    fn resolved(&mut self, text: &str, start: usize, end: usize) -> Option<Node> {
        let (resolved, ambiguity) = resolve::resolve_plain_noted(text);
        if let Some(ambiguity) = ambiguity {
            let span = Span::new(self.base + start, self.base + end);
            self.notes.push(Note::Ambiguous { span, ambiguity });
        }
        match resolved {
            Resolved::Value(v) => Some(self.node(v, start, end)),
            _ => None,
        }
    }

    /// A quoted item of a flow sequence, on one line from `at` (its opening quote): the node and
    /// the offset just after its closing quote. `None` when it has an escape (`\` in double
    /// quotes, `''` in single quotes: the full parser's span for the latter can run on past the
    /// string) or does not close on its line.
    fn quoted(&mut self, at: usize, end: usize) -> Option<(Node, usize)> {
        let quote = self.bytes[at];
        let body = &self.bytes[at + 1..end];
        let q = at
            + 1
            + body
                .iter()
                .position(|&c| c == quote || (quote == b'"' && c == b'\\'))?;
        let doubled = quote == b'\'' && q + 1 < end && self.bytes[q + 1] == b'\'';
        if self.bytes[q] != quote || doubled {
            return None;
        }
        let text = self.src[at + 1..q].into();
        Some((
            self.node(Value::Str(text, StrKind::Plain), at, q + 1),
            q + 1,
        ))
    }

    /// A quoted string from `at` (its opening quote), the value of an entry of the collection
    /// at column `col`: on one line, or going on over more lines indented past `col`. It is
    /// folded as PyYAML folds flow scalars: trailing and leading spaces of a line break dropped,
    /// one line break read as a space, each blank line as a line break, an escaped line break
    /// as nothing, `''` in single quotes as `'`. Moves past its lines. Left to the full parser:
    /// escapes other than `\\ \" \/ \n \t \r`, space and line break, a continuation line not
    /// indented past `col`, and anything after the closing quote but spaces and a comment.
    fn quoted_value(&mut self, at: usize, col: usize) -> Option<Node> {
        let b = self.bytes;
        let quote = b[at];
        let double = quote == b'"';
        let mut text = String::new();
        let mut i = at + 1;
        let mut run = i;
        loop {
            let c = *b.get(i)?;
            if c == quote {
                text.push_str(&self.src[run..i]);
                if !double && b.get(i + 1) == Some(&b'\'') {
                    text.push('\'');
                    i += 2;
                    run = i;
                    continue;
                }
                break;
            }
            match c {
                b'\\' if double => {
                    text.push_str(&self.src[run..i]);
                    let escaped = *b.get(i + 1)?;
                    match escaped {
                        b'\\' | b'"' | b'/' | b' ' => text.push(char::from(escaped)),
                        b'n' => text.push('\n'),
                        b't' => text.push('\t'),
                        b'r' => text.push('\r'),
                        b'\n' | b'\r' => {
                            let (next, breaks) = self.quoted_breaks(i + 1, col)?;
                            text.extend(std::iter::repeat_n('\n', breaks));
                            i = next;
                            run = i;
                            continue;
                        }
                        _ => return None,
                    }
                    i += 2;
                    run = i;
                }
                b' ' | b'\n' | b'\r' => {
                    let spaces = i;
                    while b.get(i) == Some(&b' ') {
                        i += 1;
                    }
                    if matches!(b.get(i), Some(b'\n' | b'\r')) {
                        text.push_str(&self.src[run..spaces]);
                        let (next, breaks) = self.quoted_breaks(i, col)?;
                        match breaks {
                            0 => text.push(' '),
                            n => text.extend(std::iter::repeat_n('\n', n)),
                        }
                        i = next;
                        run = i;
                    }
                }
                _ => i += 1,
            }
        }
        let close = i + 1;
        let line_end = memchr::memchr(b'\n', &b[close..]).map_or(b.len(), |o| close + o);
        let end = if line_end > close && b[line_end - 1] == b'\r' {
            line_end - 1
        } else {
            line_end
        };
        self.trailing(close, end)?;
        self.i = self.lines.partition_point(|l| l.start < line_end);
        // As on one line, the full parser ends the string after the spaces and comment that
        // follow it.
        Some(self.node(Value::Str(text.into(), StrKind::Plain), at, end))
    }

    /// The line break at `at` inside a quoted string and the blank lines after it: where the
    /// next line's text starts and how many blank lines there were. `None` at the end of the
    /// text or when that line is not indented past `col`.
    fn quoted_breaks(&self, mut at: usize, col: usize) -> Option<(usize, usize)> {
        let b = self.bytes;
        let mut breaks = 0;
        loop {
            match b.get(at) {
                Some(b'\n') => at += 1,
                Some(b'\r') if b.get(at + 1) == Some(&b'\n') => at += 2,
                _ => return None,
            }
            let line = at;
            while b.get(at) == Some(&b' ') {
                at += 1;
            }
            match b.get(at) {
                Some(b'\n' | b'\r') => breaks += 1,
                Some(_) if at - line > col => return Some((at, breaks)),
                _ => return None,
            }
        }
    }

    /// `[a, 'b', "c"]` on one line from `at`, with plain items made of safe characters.
    fn flow_seq(&mut self, at: usize, end: usize, depth: usize) -> Option<Node> {
        if depth >= self.limits.max_depth.min(MAX_DEPTH) {
            return None;
        }
        let mut items = Vec::new();
        let mut i = self.skip_spaces(at + 1, end);
        let close = loop {
            if i == end {
                return None;
            }
            if self.bytes[i] == b']' && items.is_empty() {
                break i;
            }
            let (mut item, after) = match self.bytes[i] {
                b'\'' | b'"' => self.quoted(i, end)?,
                _ => {
                    if !self.plain_start(i, end) {
                        return None;
                    }
                    let mut j = i;
                    while j < end && !matches!(self.bytes[j], b',' | b']') {
                        if matches!(
                            self.bytes[j],
                            b'[' | b'{' | b'}' | b'#' | b':' | b'?' | b'\'' | b'"'
                        ) {
                            return None;
                        }
                        j += 1;
                    }
                    let text_end = i + self.src[i..j].trim_end_matches(' ').len();
                    (self.plain(i, text_end)?, j)
                }
            };
            let k = self.skip_spaces(after, end);
            // As in block context, a quoted item ends where the next token starts.
            if item.span.end == self.base + after && matches!(self.bytes[i], b'\'' | b'"') {
                item.span.end = self.base + k;
            }
            items.push(item);
            match self.bytes.get(k) {
                Some(b',') if k < end => {
                    i = self.skip_spaces(k + 1, end);
                    if self.bytes.get(i) == Some(&b']') {
                        return None;
                    }
                }
                Some(b']') if k < end => break k,
                _ => return None,
            }
        };
        self.trailing(close + 1, end)?;
        let last = items
            .last()
            .map_or(close, |n: &Node| n.span.end - self.base);
        Some(self.node(Value::Seq(items), at, last))
    }
}
