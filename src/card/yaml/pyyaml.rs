//! PyYAML's scanner rules that saphyr-parser (a YAML 1.2 scanner) does not apply, checked on the
//! original text so that cardgen refuses exactly what `huggingface_hub` refuses.
//!
//! - Tabs: PyYAML only skips spaces between tokens, so a tab anywhere except inside a quoted
//!   scalar, inside a block scalar's content (past its indentation) or in a comment is an error
//!   ("found character '\t' that cannot start any token"): after a value, in indentation, on a
//!   blank line, inside a plain scalar, after `:` or `,`, on a block scalar's header line.
//! - Anchor and alias names: PyYAML allows only ASCII letters, digits, `-` and `_`, and the name
//!   must be followed by a space, a line break or one of `?:,]}%@` and a backquote.
//! - Duplicate anchors: PyYAML's composer refuses a second `&name` in one document.
//! - A document-end marker (`...`) as the first token, and `%YAML` with a major version other
//!   than 1.

use std::collections::HashMap;

use saphyr_parser::ScalarStyle;

use super::input::is_py_break;
use super::{Error, ErrorKind};
use crate::finding::Span;

/// Where a scalar's text is, in source byte offsets (relative to the front matter).
#[derive(Debug, Clone, Copy)]
pub(super) struct ScalarExtent {
    /// The event's span: properties (`!tag &anchor`) and the value (for a block scalar without
    /// properties, only the content, or the header when there is no content).
    pub span: Span,
    pub style: ScalarStyle,
    /// Block scalars with content: where the content starts and its indentation (the column
    /// PyYAML reads content from).
    pub block: Option<(usize, usize)>,
}

fn error(message: String, base: usize, at: usize, len: usize) -> Error {
    Error {
        kind: ErrorKind::Syntax,
        message,
        span: Span::new(base + at, base + at + len),
    }
}

/// Checks made before parsing: a leading `...` and the `%YAML` version.
pub(super) fn check_prologue(src: &str, base: usize) -> Result<(), Error> {
    let mut pos = usize::from(src.starts_with('\u{FEFF}')) * '\u{FEFF}'.len_utf8();
    while pos < src.len() {
        let rest = &src[pos..];
        let line_len = rest.find(is_py_break).unwrap_or(rest.len());
        let line = &rest[..line_len];
        let trimmed = line.trim_start_matches(' ');
        if trimmed.is_empty() || trimmed.starts_with('#') {
            // Blank or comment line.
        } else if let Some(directive) = line.strip_prefix('%') {
            check_directive(directive)
                .map_err(|m| error(format!("`{}`: {m}", line.trim_end()), base, pos, line_len))?;
        } else if line.starts_with("...")
            && line[3..]
                .chars()
                .next()
                .is_none_or(|c| c == ' ' || c == '\t')
        {
            return Err(error(
                "a document end marker (`...`) before any content: PyYAML (huggingface_hub) \
                 cannot read this"
                    .into(),
                base,
                pos,
                3,
            ));
        } else {
            break;
        }
        pos += line_len;
        // Skip the line break (`\r\n` counts as one).
        if let Some(c) = src[pos..].chars().next() {
            pos += c.len_utf8();
            if c == '\r' && src[pos..].starts_with('\n') {
                pos += 1;
            }
        }
    }
    Ok(())
}

/// PyYAML's directive scanner: a name of letters, digits, `-` and `_`; for `%YAML`, a version
/// `major.minor` with major 1, then only blanks and a comment.
fn check_directive(d: &str) -> Result<(), String> {
    let name_len = d.find(|c: char| !is_anchor_char(c)).unwrap_or(d.len());
    let rest = &d[name_len..];
    if name_len == 0 || !(rest.is_empty() || rest.starts_with(' ')) {
        return Err("PyYAML (huggingface_hub) cannot read this directive name".into());
    }
    if &d[..name_len] != "YAML" {
        return Ok(());
    }
    let value = rest.trim_start_matches(' ');
    let major_len = value.bytes().take_while(u8::is_ascii_digit).count();
    let after_major = &value[major_len..];
    let minor = after_major.strip_prefix('.').unwrap_or("");
    let minor_len = minor.bytes().take_while(u8::is_ascii_digit).count();
    let tail = &minor[minor_len..];
    let tail_ok = tail.is_empty()
        || (tail.starts_with(' ') && {
            let t = tail.trim_start_matches(' ');
            t.is_empty() || t.starts_with('#')
        });
    if major_len == 0 || !after_major.starts_with('.') || minor_len == 0 || !tail_ok {
        return Err("PyYAML (huggingface_hub) expects `%YAML 1.x`".into());
    }
    if value[..major_len].parse::<u64>().ok() != Some(1) {
        return Err("PyYAML (huggingface_hub) only reads YAML 1.x documents".into());
    }
    Ok(())
}

/// Where a scalar's value text is (after its properties), and how tabs inside it are judged.
#[derive(Debug, Clone, Copy)]
struct Region {
    start: usize,
    end: usize,
    /// `None`: tabs are content (quoted scalar). `Some(n)`: a block scalar with indentation `n`;
    /// a tab before column `n` is not content. `Some(usize::MAX)`: a plain scalar, where PyYAML
    /// ends the scalar at a tab.
    tab_before: Option<usize>,
}

/// Skip the properties (`!tag`, `&anchor`) at the start of a node's span, and the blanks and
/// comments after them: where the value itself starts.
pub(super) fn value_start(src: &str, span: Span) -> usize {
    let blank = |c: char| c == ' ' || c == '\t' || is_py_break(c);
    let text = &src[span.start..span.end];
    let mut p = 0;
    while text[p..].starts_with(['!', '&']) {
        p += text[p..].find(blank).unwrap_or(text.len() - p);
        loop {
            p += text[p..].find(|c| !blank(c)).unwrap_or(text.len() - p);
            if text[p..].starts_with('#') {
                p += text[p..].find(is_py_break).unwrap_or(text.len() - p);
                continue;
            }
            break;
        }
    }
    span.start + p
}

/// PyYAML's tag characters (`scan_tag_uri`), besides `!`: ASCII letters and digits and
/// `-;/?:@&=+$,_.!~*'()[]%`.
fn is_tag_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-;/?:@&=+$,_.!~*'()[]%".contains(c)
}

/// The end of a quoted scalar that opens at `start` (just past the closing quote); saphyr's span
/// also covers the blanks after it.
fn quoted_end(src: &str, start: usize, span_end: usize) -> usize {
    let bytes = src.as_bytes();
    let Some(&quote) = bytes.get(start) else {
        return span_end;
    };
    let mut i = start + 1;
    while i < span_end {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            b if b == quote => return i + 1,
            _ => i += 1,
        }
    }
    span_end
}

fn regions(src: &str, scalars: &[ScalarExtent]) -> Vec<Region> {
    let mut out: Vec<Region> = scalars
        .iter()
        .filter(|s| !s.span.is_empty())
        .filter_map(|s| match s.style {
            ScalarStyle::Literal | ScalarStyle::Folded => s.block.map(|(start, n)| Region {
                start,
                end: s.span.end,
                tab_before: Some(n),
            }),
            ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => {
                let start = value_start(src, s.span);
                Some(Region {
                    start,
                    end: quoted_end(src, start, s.span.end),
                    tab_before: None,
                })
            }
            ScalarStyle::Plain => Some(Region {
                start: value_start(src, s.span),
                end: s.span.end,
                tab_before: Some(usize::MAX),
            }),
        })
        .filter(|r| r.start < r.end)
        .collect();
    out.sort_by_key(|r| r.start);
    out
}

/// PyYAML's anchor-name characters.
fn is_anchor_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

/// What may follow an anchor or alias name in PyYAML.
fn ends_anchor(c: Option<char>) -> bool {
    c.is_none_or(|c| {
        matches!(
            c,
            ' ' | '\t' | '?' | ':' | ',' | ']' | '}' | '%' | '@' | '`'
        ) || is_py_break(c)
    })
}

/// What [`check_tokens`] found.
#[derive(Debug)]
pub(super) enum Issue {
    /// PyYAML refuses the text.
    Error(Error),
    /// PyYAML ends a token at this source offset where saphyr did not: parse again with a space
    /// inserted there.
    SplitAt(usize),
}

impl From<Error> for Issue {
    fn from(e: Error) -> Self {
        Issue::Error(e)
    }
}

/// Checks made after a successful parse, on the original text, with the scalars the parser
/// found: tabs, anchor and alias names, duplicate anchors, block scalar headers.
///
/// `split` lists the offsets where a space was already inserted for saphyr.
pub(super) fn check_tokens(
    src: &str,
    base: usize,
    scalars: &[ScalarExtent],
    split: &[usize],
) -> Result<(), Issue> {
    let regions = regions(src, scalars);
    let mut next_region = 0;
    let mut anchors: HashMap<&str, usize> = HashMap::new();
    let mut col = 0usize;
    let mut in_comment = false;
    // The previous character, and whether it was the last one of a scalar's value.
    let mut prev: Option<char> = None;
    let mut prev_was_value = false;
    // PyYAML skips a byte-order mark at the very start.
    let mut next = if src.starts_with('\u{FEFF}') { 3 } else { 0 };
    while next < src.len() {
        let i = next;
        while next_region < regions.len() && regions[next_region].end <= i {
            next_region += 1;
        }
        // Inside a scalar's value only tabs and line breaks matter: scan it in one go.
        if let Some(r) = regions.get(next_region).filter(|r| r.start <= i) {
            let (end, last) = scan_region(src, base, r, i, &mut col, &mut in_comment)?;
            next = end;
            prev = Some(last);
            prev_was_value = true;
            continue;
        }
        let c = char_at(src, i);
        next = i + c.len_utf8();
        if is_py_break(c) {
            in_comment = false;
            col = 0;
            prev = Some(c);
            prev_was_value = false;
            continue;
        }
        if !in_comment && col == 0 && c == '%' {
            // A directive (saphyr parsed the text, so a `%` here is one); PyYAML ignores the
            // rest of the line of an unknown directive.
            in_comment = true;
        } else if !in_comment {
            let boundary = prev.is_none_or(|p| {
                p == ' ' || p == '\t' || is_py_break(p) || matches!(p, '[' | ']' | '{' | '}' | ',')
            });
            match c {
                '\t' => return Err(tab_error(base, i).into()),
                '#' if boundary || prev_was_value || matches!(prev, Some('\'' | '"')) => {
                    in_comment = true;
                }
                // A block scalar header: after `|` or `>` and its indicators, PyYAML wants a space
                // or the end of the line (`|#c` is an error).
                '|' | '>' if boundary => {
                    let rest = &src[i + 1..];
                    let ind = rest
                        .find(|ch: char| !(ch == '+' || ch == '-' || ch.is_ascii_digit()))
                        .unwrap_or(rest.len());
                    let after = rest[ind..].chars().next();
                    if !after.is_none_or(|ch| ch == ' ' || is_py_break(ch)) {
                        return Err(Issue::Error(error(
                            format!(
                                "block scalar header `{c}{}` must be followed by a space or the \
                                 end of the line (PyYAML, huggingface_hub)",
                                &rest[..ind]
                            ),
                            base,
                            i,
                            1 + ind,
                        )));
                    }
                }
                // PyYAML's tag characters include `,`, `[`, `]`, `{` and `}` (saphyr's do not):
                // `[!!str]` is a tag `!!str]` and an unclosed sequence for PyYAML.
                '!' if boundary => {
                    let token: &str = src[i..]
                        .split(|ch: char| ch == ' ' || ch == '\t' || is_py_break(ch))
                        .next()
                        .unwrap_or("");
                    // A verbatim tag (`!<tag:yaml.org,2002:str>`) ends at its `>`.
                    let (uri, glued) = match token.strip_prefix("!<") {
                        Some(v) => v.split_once('>').unwrap_or((v, "")),
                        None => (token, token),
                    };
                    if !uri.chars().all(is_tag_char)
                        || (glued.len() < token.len() && !glued.is_empty())
                    {
                        return Err(Issue::Error(error(
                            format!(
                                "tag `{token}`: PyYAML (huggingface_hub) only accepts ASCII \
                                 letters, digits and `-;/?:@&=+$,_.!~*'()[]%` in tags"
                            ),
                            base,
                            i,
                            token.len(),
                        )));
                    }
                    if glued.contains([',', '[', ']', '{', '}']) {
                        return Err(Issue::Error(error(
                            format!(
                                "tag `{token}`: PyYAML (huggingface_hub) reads `,`, brackets and \
                                 braces as part of a tag; put a space after the tag"
                            ),
                            base,
                            i,
                            token.len(),
                        )));
                    }
                }
                '&' | '*' if boundary => {
                    let name_start = i + 1;
                    let name_len = src[name_start..]
                        .find(|ch: char| !is_anchor_char(ch))
                        .unwrap_or(src.len() - name_start);
                    let name = &src[name_start..name_start + name_len];
                    let after = src[name_start + name_len..].chars().next();
                    let what = if c == '&' { "anchor" } else { "alias" };
                    if name.is_empty() || !ends_anchor(after) {
                        let shown: String = src[i..]
                            .chars()
                            .take_while(|&ch| !(ch == ' ' || ch == '\t' || is_py_break(ch)))
                            .collect();
                        return Err(Issue::Error(error(
                            format!(
                                "{what} `{shown}`: PyYAML (huggingface_hub) only allows ASCII \
                                 letters, digits, `-` and `_` in {what} names"
                            ),
                            base,
                            i,
                            shown.len(),
                        )));
                    }
                    // After an anchor name, PyYAML reads `:`, `?`, `%`, `@` and a backquote as
                    // the next token; saphyr's name runs on through them. Parse again with a
                    // space there.
                    let end = name_start + name_len;
                    let glued = after.is_some_and(|ch| matches!(ch, '?' | ':' | '%' | '@' | '`'));
                    if c == '&' && glued && !split.contains(&end) {
                        return Err(Issue::SplitAt(end));
                    }
                    if c == '&' {
                        if let Some(first) = anchors.insert(name, i) {
                            let line = 1 + src[..first].matches('\n').count();
                            return Err(Issue::Error(error(
                                format!(
                                    "the anchor `&{name}` is defined twice (first on line {line} \
                                     of the front matter); PyYAML (huggingface_hub) refuses \
                                     duplicate anchors"
                                ),
                                base,
                                i,
                                1 + name.len(),
                            )));
                        }
                    }
                }
                _ => {}
            }
        }
        col += 1;
        prev = Some(c);
        prev_was_value = false;
    }
    Ok(())
}

/// The character at byte `i` (a character boundary), without decoding ASCII.
pub(super) fn char_at(src: &str, i: usize) -> char {
    match src.as_bytes()[i] {
        b if b.is_ascii() => char::from(b),
        _ => src[i..].chars().next().expect("i is a character boundary"),
    }
}

/// The characters of region `r` from byte `i` (inside it) to its end, as [`check_tokens`] would
/// see them one by one there: a line break resets the column and ends a comment, a tab is an
/// error before the column `r.tab_before` allows, anything else moves one column on. Returns
/// where the next character starts and the last character seen.
fn scan_region(
    src: &str,
    base: usize,
    r: &Region,
    i: usize,
    col: &mut usize,
    in_comment: &mut bool,
) -> Result<(usize, char), Issue> {
    let bytes = src.as_bytes();
    let end = r.end.min(src.len());
    let mut j = i;
    let mut last = j;
    while j < end {
        last = j;
        let b = bytes[j];
        if b.is_ascii() {
            j += 1;
            match b {
                b'\n' | b'\r' => {
                    *in_comment = false;
                    *col = 0;
                }
                b'\t' if r.tab_before.is_some_and(|n| *col < n) => {
                    return Err(tab_error(base, last).into());
                }
                _ => *col += 1,
            }
            continue;
        }
        let c = char_at(src, j);
        j += c.len_utf8();
        if is_py_break(c) {
            *in_comment = false;
            *col = 0;
        } else {
            *col += 1;
        }
    }
    Ok((j, char_at(src, last)))
}

fn tab_error(base: usize, at: usize) -> Error {
    error(
        "a tab character here: PyYAML (what huggingface_hub uses) only accepts tabs inside quoted \
         strings, block scalars (`|`, `>`) and comments; use spaces"
            .into(),
        base,
        at,
        1,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prologue() {
        assert!(check_prologue("...\na: 1\n", 0).is_err());
        assert!(check_prologue("# c\n\n... # x\n", 0).is_err());
        assert!(check_prologue("...x: 1\n", 0).is_ok());
        assert!(check_prologue("a: 1\n...\n", 0).is_ok());
        assert!(check_prologue("%YAML 2.0\n---\na: 1\n", 0).is_err());
        assert!(check_prologue("%YAML 1.2\n---\na: 1\n", 0).is_ok());
        assert!(check_prologue("%TAG !e! x\n%YAML 1.1\n---\n", 0).is_ok());
        assert!(check_prologue("%YAML 1.1 # c\n---\n", 0).is_ok());
        assert!(check_prologue("%YAML 1.1 x\n---\n", 0).is_err());
        assert!(check_prologue("%YAML 1\n---\n", 0).is_err());
        assert!(check_prologue("%--->: x\n---\n", 0).is_err());
        assert!(check_prologue("%FOO bar baz\n---\n", 0).is_ok());
    }

    fn extent(start: usize, end: usize, style: ScalarStyle, indent: Option<usize>) -> ScalarExtent {
        ScalarExtent {
            span: Span::new(start, end),
            style,
            block: indent.map(|n| (start, n)),
        }
    }

    #[test]
    fn tabs() {
        let q = |s: usize, e: usize| extent(s, e, ScalarStyle::SingleQuoted, None);
        // In a quoted scalar: fine; after it: not.
        assert!(check_tokens("a: 'x\ty'\n", 0, &[q(3, 9)], &[]).is_ok());
        assert!(check_tokens("a: 'x'\t\n", 0, &[q(3, 6)], &[]).is_err());
        // saphyr's span of a quoted scalar includes the blanks after it.
        assert!(check_tokens("a: 'x''y'\t \n", 0, &[q(3, 11)], &[]).is_err());
        assert!(check_tokens(
            "a: \"x\\\"\"\t\n",
            0,
            &[extent(3, 9, ScalarStyle::DoubleQuoted, None)],
            &[]
        )
        .is_err());
        // In a comment: fine.
        assert!(check_tokens("a: 'x' # \t\n", 0, &[q(3, 6)], &[]).is_ok());
        // `'x'#c` starts a comment in PyYAML.
        assert!(check_tokens("a: 'x'#\t\n", 0, &[q(3, 6)], &[]).is_ok());
        // Block scalar: before the indentation column it is not content.
        let b = extent(7, 13, ScalarStyle::Literal, Some(2));
        assert!(check_tokens("a: |\n  x\n  \ty\n", 0, &[b], &[]).is_ok());
        assert!(check_tokens("a: |\n  x\n \ty\n", 0, &[b], &[]).is_err());
        // A header glued to a comment.
        let b = extent(9, 11, ScalarStyle::Literal, Some(2));
        assert!(check_tokens("a: |#c\n  x\n", 0, &[b], &[]).is_err());
        let b = extent(10, 12, ScalarStyle::Literal, Some(2));
        assert!(check_tokens("a: |- #c\n  x\n", 0, &[b], &[]).is_ok());
        // Plain scalar.
        let p = extent(3, 6, ScalarStyle::Plain, None);
        let e = check_tokens("a: x\ty\n", 0, &[p], &[]).unwrap_err();
        assert!(matches!(e, Issue::Error(e) if e.span == Span::new(4, 5)));
    }

    #[test]
    fn anchors() {
        let p = |s: usize, e: usize| extent(s, e, ScalarStyle::Plain, None);
        assert!(check_tokens("a: &x 1\nb: *x\n", 0, &[p(3, 7)], &[]).is_ok());
        assert!(check_tokens("a: &x 1\nb: &x 2\n", 0, &[p(3, 7), p(11, 15)], &[]).is_err());
        assert!(check_tokens("a: &x.y 1\n", 0, &[p(3, 9)], &[]).is_err());
        assert!(check_tokens("a: &é 1\n", 0, &[p(3, 8)], &[]).is_err());
        assert!(matches!(
            check_tokens("a: &x: 1\n", 0, &[p(3, 8)], &[]),
            Err(Issue::SplitAt(5))
        ));
        // `&` inside a plain scalar is text.
        assert!(check_tokens("a: R &D\n", 0, &[p(3, 7)], &[]).is_ok());
    }
}
