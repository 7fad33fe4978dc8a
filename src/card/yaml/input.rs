//! The text saphyr-parser reads, and the way back to card offsets.
//!
//! saphyr-parser scans YAML 1.2; PyYAML (what `huggingface_hub` uses) scans YAML 1.1. Where the
//! two scanners differ in a way that does not change any value, saphyr is given a lightly edited
//! copy of the front matter, and every position it reports is mapped back to the original:
//!
//! - PyYAML's line breaks include NEL, LS and PS (U+0085, U+2028, U+2029); saphyr reads them
//!   as `\n`, and a CR that is not part of a CRLF as `\n` too (so that a CR before one of them
//!   cannot join it into a single CRLF break). Same length in characters: positions are kept.
//! - PyYAML reads a byte-order mark after the first character as an ordinary character; saphyr
//!   refuses it, so it reads U+FFFF instead (which cannot occur otherwise: PyYAML rejects it as
//!   non-printable before parsing) and the builder turns it back into U+FEFF in values.
//! - A front matter that does not end with a line break gets one (the Hub's regex never includes
//!   the last one). PyYAML then reads every value the same, except a block scalar that runs to
//!   the end, which the builder corrects; saphyr mishandles some block scalars cut off at the end
//!   of the text.
//! - On some scanner errors the builder patches the text and parses again (see [`Input::patch`]).

/// Stand-in for a byte-order mark inside the text.
pub(super) const BOM_STANDIN: char = '\u{FFFF}';

/// PyYAML's line-break characters.
pub(super) fn is_py_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// At most this many patch-and-reparse rounds per front matter.
pub(super) const MAX_PATCHES: usize = 256;

pub(super) struct Input {
    /// What saphyr reads.
    pub text: String,
    /// How character indices of `text` map to source byte offsets.
    table: Table,
    src_len: usize,
    /// A line break was appended because the source does not end with one.
    pub appended_break: bool,
    /// `text` holds [`BOM_STANDIN`] (the source has a byte-order mark after its start).
    pub has_standin: bool,
}

/// Character index of `text` → source byte offset.
enum Table {
    /// The source is ASCII and unpatched: a character index is the byte offset.
    Ascii,
    /// Unpatched: each non-ASCII character of the source, in order, as (character index, byte
    /// offset just past it). The characters between two of them are ASCII, one byte each.
    Sparse(Vec<(usize, usize)>),
    /// After a patch: the byte offset of each character of `text`.
    Full(Vec<usize>),
}

impl Input {
    /// Byte-based: the edits (see the module doc) only touch `\r`, U+0085, U+2028, U+2029 and
    /// U+FEFF, whose UTF-8 sequences start with `\r`, 0xC2, 0xE2 and 0xEF; everything between
    /// them is copied as is. Same text as mapping every `char` (see `translate_chars` in the
    /// tests).
    pub fn new(src: &str) -> Self {
        let (mut text, has_standin) = translate(src);
        let appended_break = !src.is_empty() && !src.ends_with(is_py_break);
        if appended_break {
            text.push('\n');
        }
        let table = if src.is_ascii() {
            Table::Ascii
        } else {
            Table::Sparse(non_ascii(src.as_bytes()))
        };
        Input {
            has_standin,
            text,
            table,
            src_len: src.len(),
            appended_break,
        }
    }

    /// The source byte offset of a character index of `text` (past the end: the source's end).
    pub fn at(&self, char_index: usize) -> usize {
        match &self.table {
            Table::Ascii => char_index.min(self.src_len),
            Table::Sparse(multi) => {
                let k = multi.partition_point(|&(c, _)| c < char_index);
                let at = match k.checked_sub(1).map(|k| multi[k]) {
                    None => char_index,
                    // Characters `c + 1 .. char_index` are ASCII.
                    Some((c, end)) => end + (char_index - c - 1),
                };
                at.min(self.src_len)
            }
            Table::Full(t) => t.get(char_index).copied().unwrap_or(self.src_len),
        }
    }

    /// React to a saphyr scanner error at character `at` of `text` by editing the text where
    /// PyYAML scans differently without reading a different value. Returns whether anything
    /// changed (then parse again).
    ///
    /// - "comments must be separated from other tokens by whitespace": PyYAML starts a comment
    ///   at any `#` between tokens (`"x"#c`, `[a,#c`); insert a space before it.
    /// - "tab cannot be used as indentation" (in a quoted scalar's continuation line): PyYAML
    ///   allows tabs there; read a space instead (the leading whitespace of a continuation line is
    ///   not part of the value). A tab PyYAML refuses is still reported by the tab check, which
    ///   reads the original text.
    /// - "invalid indentation in quoted scalar": PyYAML does not check the indentation of a
    ///   quoted scalar's continuation lines; indent them past the opening quote (again only
    ///   leading whitespace, which is not part of the value). Lines that start with a document
    ///   marker are left alone, since both parsers reject them.
    /// - "found unknown anchor" for `*name:` and the like, or "simple key expect ':'" after a line
    ///   that starts with one: PyYAML's alias names stop at `:`, `?`, `%`, `@` and a backquote,
    ///   saphyr's do not; insert a space after the name.
    /// - "simple key expect ':'" after a line that is only a block scalar header (`|`, `>-`)
    ///   at the indentation of the key or `-` before it (`a:` / `|` / `  text`): PyYAML reads
    ///   the block scalar as that value, saphyr wants it indented; indent the header by one
    ///   space.
    /// - "invalid indentation" (in a flow construct), inside `[...]` / `{...}` (`flow` is the
    ///   innermost open bracket): PyYAML does not check indentation in flow collections; indent
    ///   the line past that bracket (leading whitespace between flow tokens is not part of any
    ///   value).
    pub fn patch(&mut self, message: &str, at: usize, flow: Option<usize>) -> bool {
        let (mut chars, mut table) = self.materialize();
        let changed = if message.starts_with("comments must be separated") {
            chars.get(at) == Some(&'#') && {
                insert(&mut chars, &mut table, at, 1);
                true
            }
        } else if message == "tab cannot be used as indentation" {
            chars.get(at) == Some(&'\t') && {
                chars[at] = ' ';
                true
            }
        } else if message == "invalid indentation in quoted scalar" {
            indent_quoted(&mut chars, &mut table, at)
        } else if message.contains("found unknown anchor") {
            split_alias(&mut chars, &mut table, at)
        } else if message.starts_with("simple key expect") {
            // saphyr reports a required key that never got its `:` on a later line.
            header_line(&mut chars, &mut table, at) || alias_line(&mut chars, &mut table, at)
        } else if message.starts_with("invalid indentation") && flow.is_some() {
            flow.is_some_and(|b| indent_flow_line(&mut chars, &mut table, at, b))
        } else {
            false
        };
        self.text = chars.into_iter().collect();
        self.table = Table::Full(table);
        changed
    }

    /// Insert a space before the character at source offset `at`.
    pub fn insert_space_at_source(&mut self, at: usize) -> bool {
        let (mut chars, mut table) = self.materialize();
        // The source character itself comes after any spaces inserted before it.
        let i = table
            .iter()
            .rposition(|&o| o == at)
            .filter(|&i| i < chars.len());
        if let Some(i) = i {
            insert(&mut chars, &mut table, i, 1);
        }
        self.text = chars.into_iter().collect();
        self.table = Table::Full(table);
        i.is_some()
    }

    fn materialize(&mut self) -> (Vec<char>, Vec<usize>) {
        let chars: Vec<char> = self.text.chars().collect();
        let table = match std::mem::replace(&mut self.table, Table::Ascii) {
            Table::Full(mut t) => {
                t.resize(chars.len(), self.src_len);
                t
            }
            // `at` already gives the source's end past the last source character.
            table => {
                self.table = table;
                (0..chars.len()).map(|i| self.at(i)).collect()
            }
        };
        (chars, table)
    }
}

/// The text saphyr reads (without the appended break): lone CRs, NEL, LS and PS become `\n`, a
/// byte-order mark after the start becomes [`BOM_STANDIN`]; and whether one did.
fn translate(src: &str) -> (String, bool) {
    let b = src.as_bytes();
    let mut text = String::with_capacity(src.len() + 1);
    let (mut copied, mut i, mut standin) = (0, 0, false);
    // In ASCII text only a CR can need an edit.
    let ascii = src.is_ascii();
    let next = |hay: &[u8]| match ascii {
        true => memchr::memchr(b'\r', hay),
        false => hay
            .iter()
            .position(|&x| matches!(x, b'\r' | 0xC2 | 0xE2 | 0xEF)),
    };
    while let Some(off) = next(&b[i..]) {
        let p = i + off;
        // `p` is a character boundary: 0xC2, 0xE2 and 0xEF are lead bytes.
        let (len, with) = match &b[p..] {
            [b'\r', b'\n', ..] => (2, None),
            [b'\r', ..] => (1, Some('\n')),
            [0xC2, 0x85, ..] => (2, Some('\n')),
            [0xE2, 0x80, 0xA8 | 0xA9, ..] => (3, Some('\n')),
            [0xEF, 0xBB, 0xBF, ..] if p > 0 => (3, Some(BOM_STANDIN)),
            _ => (1, None),
        };
        if let Some(with) = with {
            text.push_str(&src[copied..p]);
            text.push(with);
            standin |= with == BOM_STANDIN;
            copied = p + len;
        }
        i = p + len;
    }
    text.push_str(&src[copied..]);
    (text, standin)
}

/// Each non-ASCII character as (character index, byte offset just past it).
fn non_ascii(b: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    // Continuation bytes so far: a lead byte at `p` is character `p - continuations`.
    let mut continuations = 0;
    for (p, &x) in b.iter().enumerate() {
        if x >= 0xC0 {
            let len = match x {
                0xF0.. => 4,
                0xE0.. => 3,
                _ => 2,
            };
            out.push((p - continuations, p + len));
        } else if x >= 0x80 {
            continuations += 1;
        }
    }
    out
}

/// Insert `n` spaces before character `at`; they map to the offset of the character after them.
fn insert(chars: &mut Vec<char>, table: &mut Vec<usize>, at: usize, n: usize) {
    let off = table
        .get(at)
        .copied()
        .unwrap_or_else(|| *table.last().unwrap_or(&0));
    chars.splice(at..at, std::iter::repeat_n(' ', n));
    table.splice(at..at, std::iter::repeat_n(off, n));
}

fn line_start(chars: &[char], at: usize) -> usize {
    chars[..at]
        .iter()
        .rposition(|&c| c == '\n' || c == '\r')
        .map_or(0, |p| p + 1)
}

/// Indent every continuation line of the quoted scalar whose opening quote is at `at`.
fn indent_quoted(chars: &mut Vec<char>, table: &mut Vec<usize>, at: usize) -> bool {
    let Some(&quote) = chars.get(at) else {
        return false;
    };
    if quote != '"' && quote != '\'' {
        return false;
    }
    let width = at - line_start(chars, at) + 1;
    // The closing quote.
    let mut i = at + 1;
    let end = loop {
        match chars.get(i) {
            None => return false,
            Some('\'') if quote == '\'' => {
                if chars.get(i + 1) == Some(&'\'') {
                    i += 2;
                    continue;
                }
                break i;
            }
            Some('\\') if quote == '"' => i += 2,
            Some('"') if quote == '"' => break i,
            Some(_) => i += 1,
        }
    };
    let starts: Vec<usize> = (at + 1..=end)
        .filter(|&j| chars[j - 1] == '\n' || (chars[j - 1] == '\r' && chars[j] != '\n'))
        .collect();
    let mut changed = false;
    for &j in starts.iter().rev() {
        let marker = chars
            .get(j..j + 3)
            .is_some_and(|m| m == ['-'; 3] || m == ['.'; 3])
            && chars
                .get(j + 3)
                .is_none_or(|&c| c == ' ' || c == '\t' || c == '\n' || c == '\r');
        if marker {
            continue;
        }
        let k = (j..chars.len())
            .find(|&k| chars[k] != ' ' && chars[k] != '\t')
            .unwrap_or(chars.len());
        if k - j >= width && chars[j..k].iter().all(|&c| c == ' ') {
            continue;
        }
        let off = table[j];
        chars.splice(j..k, std::iter::repeat_n(' ', width));
        table.splice(j..k, std::iter::repeat_n(off, width));
        changed = true;
    }
    changed
}

/// Indent the line holding character `at` past the bracket at `bracket`.
fn indent_flow_line(
    chars: &mut Vec<char>,
    table: &mut Vec<usize>,
    at: usize,
    bracket: usize,
) -> bool {
    if at >= chars.len() || bracket >= at {
        return false;
    }
    let width = bracket - line_start(chars, bracket) + 1;
    let j = line_start(chars, at);
    let marker = chars
        .get(j..j + 3)
        .is_some_and(|m| m == ['-'; 3] || m == ['.'; 3])
        && chars
            .get(j + 3)
            .is_none_or(|&c| c == ' ' || c == '\t' || c == '\n' || c == '\r');
    let k = (j..chars.len())
        .find(|&k| chars[k] != ' ' && chars[k] != '\t')
        .unwrap_or(chars.len());
    if marker || k - j >= width {
        return false;
    }
    let off = table[j];
    chars.splice(j..k, std::iter::repeat_n(' ', width));
    table.splice(j..k, std::iter::repeat_n(off, width));
    true
}

/// The lines before the one holding `at`, closest first, skipping blank and comment lines:
/// (line start, first non-space character).
fn lines_before(chars: &[char], at: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut end = line_start(chars, at.min(chars.len()));
    std::iter::from_fn(move || {
        while end > 0 {
            let start = line_start(chars, end - 1);
            let k = (start..end).find(|&k| chars[k] != ' ').unwrap_or(end);
            end = start;
            if k < chars.len() && !matches!(chars[k], '#' | '\n' | '\r') {
                return Some((start, k));
            }
        }
        None
    })
}

/// The closest line that is only a block scalar header (its content lines may follow it), if
/// the line before it ends with `:`: indent it by one space.
fn header_line(chars: &mut Vec<char>, table: &mut Vec<usize>, at: usize) -> bool {
    let lines: Vec<(usize, usize)> = lines_before(chars, at).collect();
    let line_end = |from: usize| {
        (from..chars.len())
            .find(|&i| chars[i] == '\n' || chars[i] == '\r')
            .unwrap_or(chars.len())
    };
    // `|` or `>`, indicators, then only blanks and maybe a comment.
    let is_header = |k: usize| {
        let rest: String = chars[k + 1..line_end(k)].iter().collect();
        let ind =
            rest.trim_start_matches(['+', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
        let tail = ind.trim_start_matches(' ');
        matches!(chars[k], '|' | '>')
            && (tail.is_empty() || (tail.starts_with('#') && tail.len() < ind.len()))
    };
    let Some(i) = lines.iter().position(|&(_, k)| is_header(k)) else {
        return false;
    };
    let Some(&(prev_start, prev_k)) = lines.get(i + 1) else {
        return false;
    };
    // Not left of the key (or indicator) it would belong to.
    let (start, k) = lines[i];
    if k - start < prev_k - prev_start {
        return false;
    }
    // The line before ends with `:`, maybe followed by properties and a comment.
    let prev: String = chars[prev_start..line_end(prev_start)].iter().collect();
    let mut prev = prev.trim_start_matches('\u{FEFF}');
    if let Some(c) = prev.find(" #") {
        prev = &prev[..c];
    }
    let mut prev = prev.trim_end();
    while let Some((head, last)) = prev.rsplit_once(' ') {
        if !last.starts_with(['&', '!']) {
            break;
        }
        prev = head.trim_end();
    }
    // The value of a key, or of `-` / `?` indicators that are all the line holds (`- -`).
    let indicators = prev
        .split(' ')
        .filter(|t| !t.is_empty())
        .all(|t| t == "-" || t == "?");
    if !(prev.ends_with(':') || (indicators && !prev.trim().is_empty())) {
        return false;
    }
    insert(chars, table, start, 1);
    true
}

/// The closest line whose first token (after `- ` entries) is an alias: split its name off a
/// following `:` and the like.
fn alias_line(chars: &mut Vec<char>, table: &mut Vec<usize>, at: usize) -> bool {
    let first_token = |mut k: usize| {
        while chars.get(k) == Some(&'-') && chars.get(k + 1) == Some(&' ') {
            k += 2;
            while chars.get(k) == Some(&' ') {
                k += 1;
            }
        }
        k
    };
    let found = lines_before(chars, at)
        .map(|(_, k)| first_token(k))
        .find(|&k| chars.get(k) == Some(&'*'));
    found.is_some_and(|k| split_alias(chars, table, k))
}

/// `*name:` → `*name :` where PyYAML's alias name ends.
fn split_alias(chars: &mut Vec<char>, table: &mut Vec<usize>, at: usize) -> bool {
    if chars.get(at) != Some(&'*') {
        return false;
    }
    let name_end = (at + 1..chars.len())
        .find(|&j| !(chars[j].is_ascii_alphanumeric() || chars[j] == '-' || chars[j] == '_'))
        .unwrap_or(chars.len());
    let stops_pyyaml = chars
        .get(name_end)
        .is_some_and(|c| matches!(c, '?' | ':' | '%' | '@' | '`'));
    if name_end == at + 1 || !stops_pyyaml {
        return false;
    }
    insert(chars, table, name_end, 1);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translation_keeps_positions() {
        let src = "a: \u{2028}b\u{FEFF}\u{85}";
        let input = Input::new(src);
        assert_eq!(input.text, "a: \nb\u{FFFF}\n");
        assert!(!input.appended_break);
        // char 5 is the BOM stand-in; its source offset is 3 + 3 + 1.
        assert_eq!(input.at(5), 7);
        assert_eq!(input.at(99), src.len());
        let input = Input::new("a\r\u{85}\nb\u{2028}");
        assert_eq!(input.text, "a\n\n\nb\n");
        let input = Input::new("a\r\u{85}\nb\u{2028}\r\r\u{85}c\r\n");
        assert_eq!(input.text, "a\n\n\nb\n\n\n\nc\r\n");
        let input = Input::new("a: b");
        assert!(input.appended_break);
        assert_eq!(input.text, "a: b\n");
        assert_eq!(input.at(4), 4);
    }

    /// The former per-`char` translation and table, as the oracle for the byte-based ones.
    fn translate_chars(src: &str) -> (String, Vec<usize>) {
        let mut text = String::new();
        let mut chars = src.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            text.push(match c {
                '\u{FEFF}' if i > 0 => BOM_STANDIN,
                '\u{85}' | '\u{2028}' | '\u{2029}' => '\n',
                '\r' if chars.peek().is_none_or(|&(_, c)| c != '\n') => '\n',
                c => c,
            });
        }
        (text, src.char_indices().map(|(i, _)| i).collect())
    }

    #[test]
    fn byte_translation_matches_chars() {
        let samples = [
            "",
            "a: b",
            "\r",
            "a\r\nb\rc\r",
            "\u{FEFF}a: \u{FEFF}\u{85}\u{2028}x\u{2029}\r\u{85}",
            "é: ü\n  - 日本語 \u{1F600}\r\n  - ©\u{A0}’—\u{2027}\u{202A}",
            "\u{FEFF}\u{FEFE}\u{FFFD}\u{C285}",
        ];
        for src in samples {
            let (want, table) = translate_chars(src);
            assert_eq!(
                translate(src),
                (want.clone(), want.contains(BOM_STANDIN)),
                "{src:?}"
            );
            let input = Input::new(src);
            for (i, &off) in table.iter().enumerate() {
                assert_eq!(input.at(i), off, "{src:?} char {i}");
            }
            for i in table.len()..table.len() + 3 {
                assert_eq!(input.at(i), src.len());
            }
            assert_eq!(input.has_standin, want.contains(BOM_STANDIN));
        }
    }

    #[test]
    fn patches() {
        let mut i = Input::new("a: \"x\"#c");
        assert!(i.patch(
            "comments must be separated from other tokens by whitespace",
            6,
            None
        ));
        assert_eq!(i.text, "a: \"x\" #c\n");
        assert_eq!(i.at(6), 6);
        assert_eq!(i.at(7), 6);

        let mut i = Input::new("- t: 'x\ny\n  z'\n");
        assert!(i.patch("invalid indentation in quoted scalar", 5, None));
        assert_eq!(i.text, "- t: 'x\n      y\n      z'\n");
        assert_eq!(i.at(14), 8); // the `y`

        let mut i = Input::new("k: \"x\n---\ny\"\n");
        assert!(i.patch("invalid indentation in quoted scalar", 3, None));
        assert_eq!(i.text, "k: \"x\n---\n    y\"\n");

        let mut i = Input::new("k: 'x\n\ty'\n");
        assert!(i.patch("tab cannot be used as indentation", 6, None));
        assert_eq!(i.text, "k: 'x\n y'\n");

        let mut i = Input::new("&a a: b\n*a: c\n");
        assert!(i.patch("while parsing node, found unknown anchor", 8, None));
        assert_eq!(i.text, "&a a: b\n*a : c\n");
        assert!(!i.patch("while parsing node, found unknown anchor", 0, None));
        assert!(!i.patch("something else", 0, None));

        let mut i = Input::new("&a a: b\n- *a: c\n\n# x\nd");
        assert!(i.patch("simple key expect ':'", 22, None));
        assert_eq!(i.text, "&a a: b\n- *a : c\n\n# x\nd\n");

        let mut i = Input::new("&a: x");
        assert!(i.insert_space_at_source(2));
        assert_eq!(i.text, "&a : x\n");

        let mut i = Input::new("a:\n|\n  x\n");
        assert!(i.patch("simple key expect ':'", 9, None));
        assert_eq!(i.text, "a:\n |\n  x\n");
        let mut i = Input::new("a: &x !!str # c\n>-\n  x\n");
        assert!(i.patch("simple key expect ':'", 24, None));
        assert_eq!(i.text, "a: &x !!str # c\n >-\n  x\n");
        let mut i = Input::new("\u{FEFF}- -\n|\n x\n");
        assert!(i.patch("simple key expect ':'", 10, None));
        assert_eq!(i.text, "\u{FEFF}- -\n |\n x\n");
        let mut i = Input::new("- a -\n|\n x\n");
        assert!(!i.patch("simple key expect ':'", 10, None));
        let mut i = Input::new("a: 1\n|\n  x\n");
        assert!(!i.patch("simple key expect ':'", 11, None));

        let mut i = Input::new("  key: [a,\n b]\n");
        assert!(
            !i.patch("invalid indentation", 11, None),
            "only inside a flow collection"
        );
        assert!(i.patch("invalid indentation", 11, Some(7)));
        assert_eq!(i.text, "  key: [a,\n        b]\n");
        assert_eq!(i.at(19), 12); // the `]`
    }
}
