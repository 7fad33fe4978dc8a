//! Byte offsets in a document's text ↔ LSP positions: a line and a character offset counted in
//! the encoding agreed at initialisation (UTF-16 code units unless the client offers UTF-8 or
//! UTF-32). Lines end at `\n`, `\r\n` or `\r`, as in the protocol and in cardgen's own line
//! numbers.

use ls_types::{Position, PositionEncodingKind, Range};

/// What a position's `character` counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    Utf32,
}

impl Encoding {
    /// The first of the client's encodings that is not UTF-16 (no conversion for UTF-8), else
    /// UTF-16, which every client supports.
    pub fn negotiate(offered: &[String]) -> Self {
        for kind in offered {
            match kind.as_str() {
                "utf-8" => return Encoding::Utf8,
                "utf-32" => return Encoding::Utf32,
                _ => {}
            }
        }
        Encoding::Utf16
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }

    fn width(self, c: char) -> u32 {
        match self {
            Encoding::Utf8 => c.len_utf8() as u32,
            Encoding::Utf16 => c.len_utf16() as u32,
            Encoding::Utf32 => 1,
        }
    }
}

/// The start offset of every line of a text.
#[derive(Debug, Clone)]
pub struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for at in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            let crlf_half = bytes[at] == b'\n' && at > 0 && bytes[at - 1] == b'\r';
            if crlf_half {
                // The `\r` before it already started this line; move that start past the `\n`.
                if let Some(last) = starts.last_mut() {
                    *last = at + 1;
                }
            } else {
                starts.push(at + 1);
            }
        }
        Lines { starts }
    }

    /// The 0-based line that `offset` is on.
    fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// Where `line`'s content ends (before its line break).
    fn content_end(&self, text: &str, line: usize) -> usize {
        let Some(&next) = self.starts.get(line + 1) else {
            return text.len();
        };
        let bytes = text.as_bytes();
        if next >= 2 && &bytes[next - 2..next] == b"\r\n" {
            next - 2
        } else {
            next - 1
        }
    }

    /// The position of byte `offset` (clamped to the text, and moved back to a character
    /// boundary). An offset inside a `\r\n` is the end of its line.
    pub fn position(&self, text: &str, offset: usize, encoding: Encoding) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let start = self.starts[line];
        let end = offset.min(self.content_end(text, line)).max(start);
        let character = text[start..end].chars().map(|c| encoding.width(c)).sum();
        Position::new(line as u32, character)
    }

    pub fn range(&self, text: &str, start: usize, end: usize, encoding: Encoding) -> Range {
        Range::new(
            self.position(text, start, encoding),
            self.position(text, end, encoding),
        )
    }

    /// The byte offset of `position`. A line past the end is the end of the text; a character
    /// past the end of its line is the end of the line (as the protocol says); one inside a
    /// character (half of a UTF-16 surrogate pair) is the start of that character.
    pub fn offset(&self, text: &str, position: Position, encoding: Encoding) -> usize {
        let line = position.line as usize;
        let Some(&start) = self.starts.get(line) else {
            return text.len();
        };
        let end = self.content_end(text, line);
        let mut units = 0u32;
        for (i, c) in text[start..end].char_indices() {
            let next = units + encoding.width(c);
            if next > position.character {
                return start + i;
            }
            units = next;
        }
        end
    }

    pub fn span(&self, text: &str, range: Range, encoding: Encoding) -> (usize, usize) {
        let start = self.offset(text, range.start, encoding);
        let end = self.offset(text, range.end, encoding);
        (start.min(end), end.max(start))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(text: &str, encoding: Encoding) {
        let lines = Lines::new(text);
        for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let pos = lines.position(text, offset, encoding);
            let back = lines.offset(text, pos, encoding);
            let at_break = text[offset..].starts_with('\n') && text[..offset].ends_with('\r');
            if !at_break {
                assert_eq!(back, offset, "{text:?} at {offset} ({pos:?}, {encoding:?})");
            }
        }
    }

    #[test]
    fn utf16_counts_surrogate_pairs_as_two() {
        // "é" is one UTF-16 unit and two bytes; "🤗" is two units and four bytes.
        let text = "---\nlicense: é🤗x\n---\n";
        let lines = Lines::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(
            lines.position(text, x, Encoding::Utf16),
            Position::new(1, 12)
        );
        assert_eq!(
            lines.position(text, x, Encoding::Utf8),
            Position::new(1, 15)
        );
        assert_eq!(
            lines.position(text, x, Encoding::Utf32),
            Position::new(1, 11)
        );
        // Half a surrogate pair is the start of the character.
        let hug = text.find('🤗').unwrap();
        assert_eq!(
            lines.offset(text, Position::new(1, 11), Encoding::Utf16),
            hug
        );
        for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            roundtrip(text, encoding);
        }
    }

    #[test]
    fn crlf_and_lone_cr_end_lines() {
        let text = "a\r\nbé\rc\nd";
        let lines = Lines::new(text);
        assert_eq!(lines.starts, [0, 3, 7, 9]);
        assert_eq!(
            lines.position(text, text.find('c').unwrap(), Encoding::Utf16),
            Position::new(2, 0)
        );
        // Past the end of a line: its end, before the `\r\n`.
        assert_eq!(lines.offset(text, Position::new(0, 99), Encoding::Utf16), 1);
        assert_eq!(
            lines.offset(text, Position::new(9, 0), Encoding::Utf16),
            text.len()
        );
        // Inside the `\r\n`: the end of the line.
        assert_eq!(
            lines.position(text, 2, Encoding::Utf16),
            Position::new(0, 1)
        );
        roundtrip(text, Encoding::Utf16);
    }

    #[test]
    fn a_trailing_break_starts_an_empty_line() {
        let text = "x\n";
        let lines = Lines::new(text);
        assert_eq!(
            lines.position(text, 2, Encoding::Utf16),
            Position::new(1, 0)
        );
        assert_eq!(
            Lines::new("").position("", 5, Encoding::Utf16),
            Position::new(0, 0)
        );
    }

    #[test]
    fn negotiation_prefers_utf8_and_defaults_to_utf16() {
        let offer =
            |k: &[&str]| Encoding::negotiate(&k.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(offer(&[]), Encoding::Utf16);
        assert_eq!(offer(&["utf-16", "utf-8"]), Encoding::Utf8);
        assert_eq!(offer(&["utf-32"]), Encoding::Utf32);
    }
}
