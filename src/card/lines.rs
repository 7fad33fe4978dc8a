//! Byte offset → 1-based line and column, with `\r\n`, `\r` and `\n` all ending a line.

use std::cell::{Cell, OnceCell, RefCell};

/// Start offsets of the lines of a text, found as far as they have been asked for: locating the
/// findings of a card rarely needs more than its first lines, so the rest is never scanned.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    /// Every line start up to and including `scanned`, in order.
    starts: RefCell<Vec<usize>>,
    /// Where scanning resumes (a line start, or the end of the text).
    scanned: Cell<usize>,
    text: &'a [u8],
    /// Whether the text has a `\r` (looked for on the first [`LineIndex::line_col`]). Without
    /// one, lines are counted rather than listed: a vectorised count of `\n`s from the last
    /// offset asked for, instead of a search and a push per line.
    has_cr: OnceCell<bool>,
    /// The last offset [`LineIndex::line_col`] counted lines up to, and its 0-based line.
    counted: Cell<(usize, usize)>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        LineIndex {
            starts: RefCell::new(vec![0]),
            scanned: Cell::new(0),
            text: text.as_bytes(),
            has_cr: OnceCell::new(),
            counted: Cell::new((0, 0)),
        }
    }

    /// Scan until a line starts after `offset`, or the text ends.
    fn scan_past(&self, offset: usize) {
        let bytes = self.text;
        let mut i = self.scanned.get();
        if i >= bytes.len() || i > offset {
            return;
        }
        let mut starts = self.starts.borrow_mut();
        // One iterator over the rest rather than a search per line: lines are short, and each
        // search paid its setup.
        let from = i;
        for off in memchr::memchr2_iter(b'\n', b'\r', &bytes[from..]) {
            let at = from + off;
            if at < i {
                continue; // the `\n` of a `\r\n`
            }
            i = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                at + 2
            } else {
                at + 1
            };
            starts.push(i);
            if i > offset {
                self.scanned.set(i);
                return;
            }
        }
        self.scanned.set(bytes.len());
    }

    /// Number of lines (a trailing line break starts an empty last line).
    pub fn line_count(&self) -> usize {
        self.scan_past(self.text.len());
        self.starts.borrow().len()
    }

    /// Byte offset where 1-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        let i = line.saturating_sub(1);
        loop {
            if let Some(&start) = self.starts.borrow().get(i) {
                return start;
            }
            let scanned = self.scanned.get();
            if scanned >= self.text.len() {
                return self.text.len();
            }
            self.scan_past(scanned);
        }
    }

    /// 1-based line and 1-based column (in characters) of a byte offset.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let (line, start) = if self.has_cr() {
            self.scan_past(offset);
            let starts = self.starts.borrow();
            let line = starts.partition_point(|&s| s <= offset);
            (line, starts[line - 1])
        } else {
            self.count_lines(offset)
        };
        let col = text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(offset - start);
        (line, col + 1)
    }

    fn has_cr(&self) -> bool {
        *self
            .has_cr
            .get_or_init(|| memchr::memchr(b'\r', self.text).is_some())
    }

    /// The 1-based line of `offset` and where it starts, for a text whose only line break is
    /// `\n`: the `\n`s counted on from the offset asked for last, or from the start.
    fn count_lines(&self, offset: usize) -> (usize, usize) {
        let (from, line) = match self.counted.get() {
            (at, line) if at <= offset => (at, line),
            _ => (0, 0),
        };
        let line = line + memchr::memchr_iter(b'\n', &self.text[from..offset]).count();
        self.counted.set((offset, line));
        let start = memchr::memrchr(b'\n', &self.text[..offset]).map_or(0, |at| at + 1);
        (line + 1, start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_rng::numbers;

    #[test]
    fn all_line_endings() {
        let t = "a\r\nb\rc\nd";
        let ix = LineIndex::new(t);
        assert_eq!(ix.line_count(), 4);
        assert_eq!(ix.line_col(t, 0), (1, 1));
        assert_eq!(ix.line_col(t, 3), (2, 1));
        assert_eq!(ix.line_col(t, 5), (3, 1));
        assert_eq!(ix.line_col(t, 7), (4, 1));
        assert_eq!(ix.line_col(t, 8), (4, 2));
    }

    #[test]
    fn columns_count_characters() {
        let t = "é: x";
        let ix = LineIndex::new(t);
        assert_eq!(ix.line_col(t, 2), (1, 2));
        assert_eq!(ix.line_col(t, 4), (1, 4));
    }

    /// The character boundary at or before `at`.
    fn boundary(t: &str, mut at: usize) -> usize {
        while !t.is_char_boundary(at) {
            at -= 1;
        }
        at
    }

    /// Queries in any order give what scanning the whole text first gives.
    #[test]
    fn partial_scanning_answers_like_a_full_scan() {
        let mut next = numbers(0x2545_f491);
        for _ in 0..300 {
            let t: String = (0..next(60))
                .map(|_| ["a", "é", "\n", "\r", "\r\n", " "][next(6)])
                .collect();
            let full = LineIndex::new(&t);
            full.line_count();
            let lazy = LineIndex::new(&t);
            for _ in 0..20 {
                if next(3) == 0 {
                    let line = next(t.len() + 3);
                    assert_eq!(
                        lazy.line_start(line),
                        full.line_start(line),
                        "{t:?} line {line}"
                    );
                } else {
                    let at = boundary(&t, next(t.len() + 1));
                    assert_eq!(
                        lazy.line_col(&t, at),
                        full.line_col(&t, at),
                        "{t:?} at {at}"
                    );
                }
            }
            assert_eq!(lazy.line_count(), full.line_count());
        }
    }

    /// Without a `\r`, lines are counted, not listed: queries in any order give the line and
    /// column a walk over the characters gives.
    #[test]
    fn counted_lines_answer_like_a_walk() {
        let mut next = numbers(0x9e37_79b9);
        for _ in 0..300 {
            let t: String = (0..next(200))
                .map(|_| ["a", "é", "\n", " ", "\n\n"][next(5)])
                .collect();
            let ix = LineIndex::new(&t);
            for _ in 0..20 {
                let at = boundary(&t, next(t.len() + 1));
                let before = &t[..at];
                let line = before.matches('\n').count() + 1;
                let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
                assert_eq!(ix.line_col(&t, at), (line, col), "{t:?} at {at}");
            }
        }
    }
}
