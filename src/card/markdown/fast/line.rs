//! Line-level scanners: indentation with tab stops, container markers, and the starts of leaf
//! blocks, each the same test pulldown-cmark 0.13 makes (its `scanners.rs`, MIT licence).

/// A cursor at the start of a line that counts indentation in columns (tabs stop every 4).
#[derive(Clone)]
pub(super) struct LineStart<'a> {
    bytes: &'a [u8],
    tab_start: usize,
    pub(super) ix: usize,
    /// Columns of a partly consumed tab still to be consumed before `ix`.
    spaces_remaining: usize,
    /// No thematic break can start before this offset (a cache of failed scans).
    min_hrule_offset: usize,
}

impl<'a> LineStart<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> Self {
        Self {
            bytes,
            tab_start: 0,
            ix: 0,
            spaces_remaining: 0,
            min_hrule_offset: 0,
        }
    }

    /// Consume `n` columns of indentation; whether all were there (some are consumed even if
    /// not).
    pub(super) fn scan_space(&mut self, n: usize) -> bool {
        self.scan_space_inner(n) == 0
    }

    /// Consume up to `n` columns of indentation; how many were consumed.
    pub(super) fn scan_space_upto(&mut self, n: usize) -> usize {
        n - self.scan_space_inner(n)
    }

    fn scan_space_inner(&mut self, mut n: usize) -> usize {
        let from_remaining = self.spaces_remaining.min(n);
        self.spaces_remaining -= from_remaining;
        n -= from_remaining;
        while n > 0 && self.ix < self.bytes.len() {
            match self.bytes[self.ix] {
                b' ' => {
                    self.ix += 1;
                    n -= 1;
                }
                b'\t' => {
                    let spaces = 4 - (self.ix - self.tab_start) % 4;
                    self.ix += 1;
                    self.tab_start = self.ix;
                    let used = spaces.min(n);
                    n -= used;
                    self.spaces_remaining = spaces - used;
                }
                _ => break,
            }
        }
        n
    }

    /// Consume all spaces and tabs.
    pub(super) fn scan_all_space(&mut self) {
        self.spaces_remaining = 0;
        self.ix += self.bytes[self.ix..]
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count();
    }

    /// At a line break or the end of the text.
    pub(super) fn is_at_eol(&self) -> bool {
        self.bytes
            .get(self.ix)
            .is_none_or(|&c| c == b'\r' || c == b'\n')
    }

    fn scan_ch(&mut self, c: u8) -> bool {
        if self.bytes.get(self.ix) == Some(&c) {
            self.ix += 1;
            true
        } else {
            false
        }
    }

    /// `>` and at most one column of space after it.
    pub(super) fn scan_blockquote_marker(&mut self) -> bool {
        if self.scan_ch(b'>') {
            let _ = self.scan_space(1);
            true
        } else {
            false
        }
    }

    /// A list marker after `indent` columns of indentation: its character (`-`, `+`, `*`, or `.`
    /// / `)` for ordered lists), start number and the content's indentation in columns.
    pub(super) fn scan_list_marker_with_indent(
        &mut self,
        indent: usize,
    ) -> Option<(u8, u64, usize)> {
        let save = self.clone();
        if let Some(&c) = self.bytes.get(self.ix) {
            if c == b'-' || c == b'+' || c == b'*' {
                if self.ix >= self.min_hrule_offset {
                    match scan_hrule(&self.bytes[self.ix..]) {
                        Err(min_offset) => self.min_hrule_offset = min_offset,
                        Ok(_) => {
                            *self = save;
                            return None;
                        }
                    }
                }
                self.ix += 1;
                if self.scan_space(1) || self.is_at_eol() {
                    return self.finish_list_marker(c, 0, indent + 2);
                }
            } else if c.is_ascii_digit() {
                let start_ix = self.ix;
                let mut ix = self.ix + 1;
                let mut val = u64::from(c - b'0');
                while ix < self.bytes.len() && ix - start_ix < 10 {
                    let c = self.bytes[ix];
                    ix += 1;
                    if c.is_ascii_digit() {
                        val = val * 10 + u64::from(c - b'0');
                    } else if c == b')' || c == b'.' {
                        self.ix = ix;
                        if self.scan_space(1) || self.is_at_eol() {
                            return self.finish_list_marker(c, val, indent + 1 + ix - start_ix);
                        }
                        break;
                    } else {
                        break;
                    }
                }
            }
        }
        *self = save;
        None
    }

    fn finish_list_marker(
        &mut self,
        c: u8,
        start: u64,
        mut indent: usize,
    ) -> Option<(u8, u64, usize)> {
        let save = self.clone();
        if scan_blank_line(&self.bytes[self.ix..]).is_some() {
            return Some((c, start, indent));
        }
        let post_indent = self.scan_space_upto(4);
        if post_indent < 4 {
            indent += post_indent;
        } else {
            *self = save;
        }
        Some((c, start, indent))
    }

    pub(super) fn remaining_space(&self) -> usize {
        self.spaces_remaining
    }
}

pub(super) fn is_ascii_whitespace(c: u8) -> bool {
    (0x09..=0x0d).contains(&c) || c == b' '
}

pub(super) fn is_ascii_whitespace_no_nl(c: u8) -> bool {
    c == b'\t' || c == 0x0b || c == 0x0c || c == b' '
}

pub(super) fn scan_while(data: &[u8], f: impl Fn(u8) -> bool) -> usize {
    data.iter().take_while(|&&b| f(b)).count()
}

pub(super) fn scan_rev_while(data: &[u8], f: impl Fn(u8) -> bool) -> usize {
    data.iter().rev().take_while(|&&b| f(b)).count()
}

pub(super) fn scan_ch_repeat(data: &[u8], c: u8) -> usize {
    scan_while(data, |b| b == c)
}

pub(super) fn scan_whitespace_no_nl(data: &[u8]) -> usize {
    scan_while(data, is_ascii_whitespace_no_nl)
}

/// The length of the line break at the start of `bytes`; `Some(0)` at the end of the text.
pub(super) fn scan_eol(bytes: &[u8]) -> Option<usize> {
    match bytes {
        [] => Some(0),
        [b'\n', ..] => Some(1),
        [b'\r', b'\n', ..] => Some(2),
        [b'\r', ..] => Some(1),
        _ => None,
    }
}

/// The length of a blank line (spaces, tabs and the break) at the start of `bytes`.
pub(super) fn scan_blank_line(bytes: &[u8]) -> Option<usize> {
    let i = scan_whitespace_no_nl(bytes);
    scan_eol(&bytes[i..]).map(|n| i + n)
}

/// The length of the line at the start of `bytes`, its `\n` included.
pub(super) fn scan_nextline(bytes: &[u8]) -> usize {
    memchr::memchr(b'\n', bytes).map_or(bytes.len(), |x| x + 1)
}

/// The end of a closing code fence at the start of `bytes` (before its line break).
pub(super) fn scan_closing_code_fence(
    bytes: &[u8],
    fence_char: u8,
    n_fence_char: usize,
) -> Option<usize> {
    if bytes.is_empty() {
        return Some(0);
    }
    let found = scan_ch_repeat(bytes, fence_char);
    if found < n_fence_char {
        return None;
    }
    let i = found + scan_ch_repeat(&bytes[found..], b' ');
    scan_eol(&bytes[i..]).map(|_| i)
}

/// Bytes and columns of indentation at the start of `text`, up to `max` columns.
fn calc_indent(text: &[u8], max: usize) -> (usize, usize) {
    let mut spaces = 0;
    let mut offset = 0;
    for (i, &b) in text.iter().enumerate() {
        offset = i;
        match b {
            b' ' => {
                spaces += 1;
                if spaces == max {
                    break;
                }
            }
            b'\t' => {
                let new_spaces = spaces + 4 - (spaces & 3);
                if new_spaces > max {
                    break;
                }
                spaces = new_spaces;
            }
            _ => break,
        }
    }
    (offset, spaces)
}

/// A thematic break: `Ok(length of the line)`, or `Err(offset before which none can start)`.
pub(super) fn scan_hrule(bytes: &[u8]) -> Result<usize, usize> {
    if bytes.len() < 3 {
        return Err(0);
    }
    let c = bytes[0];
    if !(c == b'*' || c == b'-' || c == b'_') {
        return Err(0);
    }
    let mut n = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' | b'\r' => {
                i += scan_eol(&bytes[i..]).unwrap_or(0);
                break;
            }
            c2 if c2 == c => n += 1,
            b' ' | b'\t' => {}
            _ => return Err(i),
        }
        i += 1;
    }
    if n >= 3 {
        Ok(i)
    } else {
        Err(i)
    }
}

/// An ATX heading's level.
pub(super) fn scan_atx_heading(data: &[u8]) -> Option<usize> {
    let level = scan_ch_repeat(data, b'#');
    let ends = data.get(level).copied().is_none_or(is_ascii_whitespace);
    (ends && (1..=6).contains(&level)).then_some(level)
}

/// A setext underline: the length of its line, break included, and the level.
pub(super) fn scan_setext_heading(data: &[u8]) -> Option<(usize, u8)> {
    let c = *data.first()?;
    let level = match c {
        b'=' => 1,
        b'-' => 2,
        _ => return None,
    };
    let mut i = 1 + scan_ch_repeat(&data[1..], c);
    i += scan_blank_line(&data[i..])?;
    Some((i, level))
}

/// An opening code fence: its length and character.
pub(super) fn scan_code_fence(data: &[u8]) -> Option<(usize, u8)> {
    let c = *data.first()?;
    if !(c == b'`' || c == b'~') {
        return None;
    }
    let i = 1 + scan_ch_repeat(&data[1..], c);
    if i < 3 {
        return None;
    }
    if c == b'`' {
        let suffix = &data[i..];
        let line = scan_nextline(suffix);
        if suffix[..line].contains(&b'`') {
            return None;
        }
    }
    Some((i, c))
}

/// A block quote marker that can interrupt a paragraph.
pub(super) fn scan_blockquote_start(data: &[u8]) -> bool {
    data.first() == Some(&b'>')
}

/// A list item start, as a paragraph interruption sees it: bytes scanned, delimiter and start
/// number.
pub(super) fn scan_listitem(bytes: &[u8]) -> Option<(usize, u8, usize)> {
    let mut c = *bytes.first()?;
    let (w, start) = match c {
        b'-' | b'+' | b'*' => (1, 0),
        b'0'..=b'9' => {
            let (length, start) = parse_decimal(bytes, 9);
            c = *bytes.get(length)?;
            if !(c == b'.' || c == b')') {
                return None;
            }
            (length + 1, start)
        }
        _ => return None,
    };
    let (mut postn, postindent) = calc_indent(&bytes[w..], 5);
    if postindent == 0 {
        scan_eol(&bytes[w..])?;
    } else if postindent > 4 {
        postn = 1;
    }
    if scan_blank_line(&bytes[w..]).is_some() {
        postn = 0;
    }
    Some((w + postn, c, start))
}

/// Digits at the start of `bytes` (at most `limit`): how many, and their value (stopping before
/// an overflow).
fn parse_decimal(bytes: &[u8], limit: usize) -> (usize, usize) {
    let mut count = 0;
    let mut acc = 0usize;
    for &b in bytes.iter().take(limit) {
        if !b.is_ascii_digit() {
            break;
        }
        match acc
            .checked_mul(10)
            .and_then(|t| t.checked_add(usize::from(b - b'0')))
        {
            Some(n) => {
                acc = n;
                count += 1;
            }
            None => break,
        }
    }
    (count, acc)
}

/// From `ix`, past the bytes of `bytes` that `stop` does not mark, four a step while none of the
/// four is marked (the runs between marked bytes are short: eight a step cost more): where the
/// first marked byte is, or `bytes.len()`.
#[inline]
pub(super) fn skip_unmarked(bytes: &[u8], mut ix: usize, stop: &[bool; 256]) -> usize {
    let marked = |x: u8| stop[usize::from(x)];
    while let Some(&[a, b, c, d]) = bytes.get(ix..ix + 4) {
        if marked(a) | marked(b) | marked(c) | marked(d) {
            break;
        }
        ix += 4;
    }
    while bytes.get(ix).is_some_and(|&x| !marked(x)) {
        ix += 1;
    }
    ix
}
