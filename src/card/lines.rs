//! Byte offset → 1-based line and column, with `\r\n`, `\r` and `\n` all ending a line.

/// Start offsets of every line of a text.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        // About one line per 40 bytes in real cards; one allocation for most.
        let mut starts = Vec::with_capacity(text.len() / 32 + 1);
        starts.push(0);
        let mut i = 0;
        while let Some(off) = memchr::memchr2(b'\n', b'\r', &bytes[i..]) {
            let at = i + off;
            i = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                at + 2
            } else {
                at + 1
            };
            starts.push(i);
        }
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    /// Number of lines (a trailing line break starts an empty last line).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Byte offset where 1-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(self.len)
    }

    /// 1-based line and 1-based column (in characters) of a byte offset.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.len);
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let col = text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(offset - start);
        (line, col + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
