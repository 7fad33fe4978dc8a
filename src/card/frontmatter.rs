//! Finding the front matter exactly as the Hub does.
//!
//! The Hub and `huggingface_hub` (`repocard.py`, `REGEX_YAML_BLOCK`) use
//! `^(\s*---(?:\r\n|\r|\n))([\S\s]*?)((?:\r\n|\r|\n)---[ \t]*(\r\n|\n|$))` with Python's `re.search`
//! (no MULTILINE flag, so `^` is the start of the text, and `\s` is Python's Unicode whitespace).
//! This module implements that pattern by hand in one linear scan; `tests/frontmatter_regex.rs`
//! checks it against the `regex` crate running the same pattern.

use crate::finding::Span;

/// Where the front matter is, in byte offsets of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrontMatter {
    /// The whole block, from the first byte of the text to the end of the closing fence line
    /// (group 0 of the Hub's regex).
    pub block: Span,
    /// The opening `---` line, with its line break.
    pub open: Span,
    /// The YAML between the fences (group 2; may be empty).
    pub yaml: Span,
    /// The closing `---` line, including the line break before it.
    pub close: Span,
}

impl FrontMatter {
    /// Where the Markdown body starts.
    pub fn body_start(&self) -> usize {
        self.block.end
    }
}

/// Python's `str.isspace()`, which is what `\s` means in a `re` str pattern.
pub fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Find the front matter with the Hub's rule, or `None` when the Hub sees none.
pub fn find(text: &str) -> Option<FrontMatter> {
    let open = find_open(text)?;
    let bytes = text.as_bytes();
    if let Some(fm) = find_close(bytes, open, open.end) {
        return Some(fm);
    }
    // The opening `(?:\r\n|\r|\n)` tried `\r\n` first; when no closing fence follows, the regex
    // backtracks to `\r` alone, which makes the `\n` the start of the YAML. Every later position
    // was already tried, so only a close at that `\n` is new (`---\r\n---\n` is empty YAML).
    if open.end >= 2 && &bytes[open.end - 2..open.end] == b"\r\n" {
        let at = open.end - 1;
        let open = Span::new(open.start, at);
        let close_end = match_close(bytes, at)?;
        return Some(FrontMatter {
            block: Span::new(0, close_end),
            open,
            yaml: Span::new(at, at),
            close: Span::new(at, close_end),
        });
    }
    None
}

/// Lazy `([\S\s]*?)` then the closing group: the first position `p >= yaml_start` where the
/// closing fence matches.
///
/// A close is a line break right before `---`, so only the line breaks just before a `---` (rare
/// inside YAML, and found with a SIMD search) are tried, earliest first: `\r\n---` is tried at
/// its `\r`, then at its `\n`.
fn find_close(bytes: &[u8], open: Span, yaml_start: usize) -> Option<FrontMatter> {
    let dashes = memchr::memmem::find_iter(&bytes[yaml_start..], b"---").map(|q| q + yaml_start);
    for q in dashes {
        for p in [q.checked_sub(2), q.checked_sub(1)].into_iter().flatten() {
            if p < yaml_start {
                continue;
            }
            if let Some(close_end) = match_close(bytes, p) {
                return Some(FrontMatter {
                    block: Span::new(0, close_end),
                    open,
                    yaml: Span::new(yaml_start, p),
                    close: Span::new(p, close_end),
                });
            }
        }
    }
    None
}

fn find_open(text: &str) -> Option<Span> {
    // `\s*` is greedy but can backtrack; `---` contains no whitespace, so the only candidate is
    // the first non-whitespace character.
    let dash = text
        .char_indices()
        .find(|&(_, c)| !is_py_space(c))
        .map(|(i, _)| i)?;
    let rest = &text.as_bytes()[dash..];
    if !rest.starts_with(b"---") {
        return None;
    }
    let after = dash + 3;
    let nl = line_break_len(text.as_bytes(), after)?;
    Some(Span::new(dash, after + nl))
}

/// `(?:\r\n|\r|\n)---[ \t]*(\r\n|\n|$)` at `p`; returns the end of the match.
fn match_close(bytes: &[u8], p: usize) -> Option<usize> {
    // The alternation tries `\r\n` first, then `\r`; both must be considered because after
    // a `\r` the next byte may be the `\n` of... no: `\r\n---` vs `\r` + `\n---` differ, so try both.
    for nl in break_candidates(bytes, p) {
        let mut q = p + nl;
        if !bytes[q..].starts_with(b"---") {
            continue;
        }
        q += 3;
        while q < bytes.len() && (bytes[q] == b' ' || bytes[q] == b'\t') {
            q += 1;
        }
        if q == bytes.len() {
            return Some(q);
        }
        if bytes[q] == b'\n' {
            return Some(q + 1);
        }
        if bytes[q] == b'\r' && bytes.get(q + 1) == Some(&b'\n') {
            return Some(q + 2);
        }
        // `[ \t]*` could backtrack, but giving back spaces never makes `\r\n|\n|$` match.
    }
    None
}

fn break_candidates(bytes: &[u8], p: usize) -> impl Iterator<Item = usize> {
    let crlf = bytes[p] == b'\r' && bytes.get(p + 1) == Some(&b'\n');
    let single = bytes[p] == b'\r' || bytes[p] == b'\n';
    [crlf.then_some(2), single.then_some(1)]
        .into_iter()
        .flatten()
}

fn line_break_len(bytes: &[u8], at: usize) -> Option<usize> {
    match (bytes.get(at), bytes.get(at + 1)) {
        (Some(b'\r'), Some(b'\n')) => Some(2),
        (Some(b'\r'), _) | (Some(b'\n'), _) => Some(1),
        _ => None,
    }
}

/// A text that opens with a `---` line but has no closing fence: the Hub shows it as Markdown.
pub fn looks_unclosed(text: &str) -> bool {
    find(text).is_none() && find_open(text).is_some()
}

/// The lines of `text` with their start offsets, without their `\n` (a `\r` before it stays).
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut at = 0;
    text.split('\n').map(move |line| {
        let start = at;
        at += line.len() + 1;
        (start, line)
    })
}

/// A front-matter block the Hub does not see because text comes before it: from the `---`
/// line that opens it, among the first lines, to the end of the closing `---` line, when
/// `key:` lines stand between them.
pub fn misplaced(text: &str) -> Option<Span> {
    let mut lines = lines(text)
        .take(40)
        .skip_while(|(_, l)| l.trim().is_empty())
        .skip(1);
    let (open_at, _) = lines.find(|(_, l)| l.trim_end() == "---")?;
    let mut keys = 0;
    for (at, line) in lines {
        if line.trim_end() == "---" {
            return (keys > 0).then(|| Span::new(open_at, at + line.trim_end().len()));
        }
        let key = line.split(':').next().unwrap_or("");
        if line.contains(':') && !key.is_empty() && !key.starts_with([' ', '\t', '#', '-']) {
            keys += 1;
        }
    }
    None
}

/// Why a `---` line does not close the front matter for the Hub.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NearClose {
    /// It ends with a carriage return before its line break (`\r\r\n`).
    StrayCarriageReturn,
    /// It is indented.
    Indented,
}

/// In a text that opens front matter and never closes it, the first line after the opening
/// that is `---` but for something the Hub's pattern does not allow.
pub fn near_close(text: &str) -> Option<(Span, NearClose)> {
    let open = find_open(text)?;
    lines(text)
        .skip_while(|(at, _)| *at < open.end)
        .find_map(|(at, line)| {
            let content = line.trim_end_matches('\r');
            let fence = content.trim_end_matches([' ', '\t']);
            let stray = line.len() - content.len() >= 2;
            if fence == "---" && stray {
                return Some((Span::new(at, at + 3), NearClose::StrayCarriageReturn));
            }
            let lead = fence.len() - fence.trim_start().len();
            (lead > 0 && fence.trim_start() == "---")
                .then(|| (Span::new(at + lead, at + lead + 3), NearClose::Indented))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> Option<&str> {
        find(text).map(|fm| &text[fm.yaml.start..fm.yaml.end])
    }

    #[test]
    fn blocks_the_hub_does_not_see() {
        let text = "# Title\n---\nlicense: mit\ntags: [a]\n---\n# Model\n";
        assert_eq!(misplaced(text), Some(Span::new(8, 38)));
        assert_eq!(misplaced("---\nlicense: mit\n---\n"), None);
        assert_eq!(misplaced("# A\n\n---\n\nText\n\n---\n"), None);
        let crcr = "---\r\r\nlicense: mit\r\r\n---\r\r\n# Model\r\r\n";
        assert!(looks_unclosed(crcr));
        assert_eq!(
            near_close(crcr),
            Some((Span::new(21, 24), NearClose::StrayCarriageReturn))
        );
        let indented = "---\nlicense: mit\n ---\n# Model\n";
        assert_eq!(
            near_close(indented),
            Some((Span::new(18, 21), NearClose::Indented))
        );
        assert_eq!(near_close("---\nlicense: mit\n# Model\n"), None);
    }

    #[test]
    fn hub_cases() {
        assert_eq!(yaml("---\na: 1\n---\nbody"), Some("a: 1"));
        assert_eq!(yaml("\n\n  ---\na: 1\n---\n"), Some("a: 1"));
        assert_eq!(yaml("---\r\na: 1\r\n---\r\nbody"), Some("a: 1"));
        assert_eq!(yaml("---\ra: 1\r---"), Some("a: 1"));
        assert_eq!(yaml("---\na: 1\n---  \t\nbody"), Some("a: 1"));
        assert_eq!(yaml("---\na: 1\n---"), Some("a: 1"));
        assert_eq!(yaml("---\n---\n"), None);
        assert_eq!(yaml("---\n\n---\n"), Some(""));
        assert_eq!(yaml("text\n---\na: 1\n---\n"), None);
        assert_eq!(
            yaml("---\na: 1\n----\nb: 2\n---\n"),
            Some("a: 1\n----\nb: 2")
        );
        assert_eq!(yaml("--- \na: 1\n---\n"), None);
        assert_eq!(yaml("\u{feff}---\na: 1\n---\n"), None);
    }

    #[test]
    fn crlf_open_backtracks_to_cr_like_the_regex() {
        assert_eq!(yaml("---\r\n---\n"), Some(""));
        assert_eq!(yaml("---\r\n---\n\n\x07\x07"), Some(""));
        assert_eq!(yaml("---\r\n---\r\n"), Some(""));
        assert_eq!(yaml("---\n---\n"), None);
        assert_eq!(yaml("---\r\na: 1\r\n---\r\n"), Some("a: 1"));
    }

    #[test]
    fn lone_cr_close_needs_end_of_text() {
        // `(\r\n|\n|$)`: a closing fence followed by a lone CR does not close.
        assert_eq!(yaml("---\ra: 1\r---\rbody"), None);
        assert_eq!(yaml("---\ra: 1\r---\rbody\n---\n"), Some("a: 1\r---\rbody"));
    }

    #[test]
    fn body_starts_after_close() {
        let t = "---\na: 1\n---\nbody";
        let fm = find(t).unwrap();
        assert_eq!(&t[fm.body_start()..], "body");
        assert!(looks_unclosed("---\na: 1\n"));
        assert!(!looks_unclosed("# title\n"));
    }
}
