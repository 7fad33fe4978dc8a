//! Raw HTML and link syntax: HTML block starts, inline tags, comments, autolinks, and inline
//! link destinations and titles, each accepted exactly when pulldown-cmark 0.13 accepts it (its
//! `scanners.rs` and `parse.rs`, MIT licence).

use super::line::{
    is_ascii_whitespace, scan_blank_line, scan_ch_repeat, scan_eol, scan_while,
    scan_whitespace_no_nl, skip_unmarked,
};

/// Block-level tags that start an HTML block of type 6 (the CommonMark list).
const BLOCK_TAGS: [&str; 62] = [
    "address",
    "article",
    "aside",
    "base",
    "basefont",
    "blockquote",
    "body",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "iframe",
    "legend",
    "li",
    "link",
    "main",
    "menu",
    "menuitem",
    "nav",
    "noframes",
    "ol",
    "optgroup",
    "option",
    "p",
    "param",
    "search",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
];

/// How far a link destination may nest parentheses.
const LINK_MAX_NESTED_PARENS: usize = 32;

/// The end marker of an HTML block of types 1 to 5 that starts after the `<` of `text`.
pub(super) fn html_end_tag(text: &[u8]) -> Option<&'static str> {
    const RAW: [(&[u8], &str); 4] = [
        (b"pre", "</pre>"),
        (b"style", "</style>"),
        (b"script", "</script>"),
        (b"textarea", "</textarea>"),
    ];
    for (tag, end) in RAW {
        if text.len() < tag.len() {
            break;
        }
        if !text[..tag.len()].eq_ignore_ascii_case(tag) {
            continue;
        }
        match text.get(tag.len()) {
            None => return Some(end),
            Some(&s) if is_ascii_whitespace(s) || s == b'>' => return Some(end),
            Some(_) => {}
        }
    }
    for (start, end) in [(&b"!--"[..], "-->"), (b"?", "?>"), (b"![CDATA[", "]]>")] {
        if text.starts_with(start) {
            return Some(end);
        }
    }
    (text.len() > 1 && text[0] == b'!' && text[1].is_ascii_alphabetic()).then_some(">")
}

/// Whether an HTML block of type 6 starts after the `<` of `data`.
pub(super) fn starts_block_type_6(data: &[u8]) -> bool {
    let i = usize::from(data.first() == Some(&b'/'));
    let tail = &data[i..];
    let n = scan_while(tail, |c| c.is_ascii_alphanumeric());
    let name = &tail[..n];
    if !BLOCK_TAGS
        .iter()
        .any(|t| t.as_bytes().eq_ignore_ascii_case(name))
    {
        return false;
    }
    let tail = &tail[n..];
    tail.is_empty()
        || matches!(tail[0], b' ' | b'\t' | b'\r' | b'\n' | b'>')
        || tail.starts_with(b"/>")
}

/// Whether `data` (at a `<`) starts an HTML block of type 7: one complete tag alone on its line.
pub(super) fn starts_block_type_7(data: &[u8]) -> bool {
    let Some(i) = scan_tag(data, &|_| None) else {
        return false;
    };
    scan_blank_line(&data[i..]).is_some()
}

/// An open or closing tag at the `<` that starts `data`: its length. At a line break inside the
/// tag, `newline` gets the next line and says how many bytes of container prefix to skip, or
/// `None` if the tag cannot go on.
pub(super) fn scan_tag(data: &[u8], newline: &dyn Fn(&[u8]) -> Option<usize>) -> Option<usize> {
    let closing = usize::from(data.get(1) == Some(&b'/'));
    let l = scan_while(&data[1 + closing..], |c| c.is_ascii_alphabetic());
    if l == 0 {
        return None;
    }
    let mut i = 1 + closing + l;
    i += scan_while(&data[i..], |c| c.is_ascii_alphanumeric() || c == b'-');
    if closing == 0 {
        loop {
            let before = i;
            i = skip_whitespace(data, i, newline)?;
            if matches!(data.get(i), Some(b'/' | b'>')) {
                break;
            }
            if before == i {
                return None;
            }
            i = scan_attribute(data, i, newline)?;
        }
    }
    i += scan_whitespace_no_nl(&data[i..]);
    if closing == 0 && data.get(i) == Some(&b'/') {
        i += 1;
    }
    (data.get(i) == Some(&b'>')).then_some(i + 1)
}

/// Where a tag goes on at the line that starts at `at`: past the container prefix that
/// `newline` reports, or `None` if the tag cannot go on over lines.
fn next_line(data: &[u8], at: usize, newline: &dyn Fn(&[u8]) -> Option<usize>) -> Option<usize> {
    Some(at + newline(&data[at..])?)
}

/// Whitespace from `i`, line breaks included when `newline` lets the tag go on.
fn skip_whitespace(
    data: &[u8],
    mut i: usize,
    newline: &dyn Fn(&[u8]) -> Option<usize>,
) -> Option<usize> {
    loop {
        i += scan_whitespace_no_nl(&data[i..]);
        match scan_eol(&data[i..]) {
            Some(0) => return None,
            Some(n) => i = next_line(data, i + n, newline)?,
            None => return Some(i),
        }
    }
}

/// Whitespace (line breaks included) before `=` in an attribute: same rule, no buffer.
fn skip_attribute_space(
    data: &[u8],
    mut i: usize,
    newline: &dyn Fn(&[u8]) -> Option<usize>,
) -> Option<usize> {
    while i < data.len() {
        if !is_ascii_whitespace(data[i]) {
            return Some(i);
        }
        match scan_eol(&data[i..]) {
            Some(n) => i = next_line(data, i + n, newline)?,
            None => i += 1,
        }
    }
    Some(i)
}

fn scan_attribute(
    data: &[u8],
    mut i: usize,
    newline: &dyn Fn(&[u8]) -> Option<usize>,
) -> Option<usize> {
    let (&c, tail) = data[i..].split_first()?;
    if !(c.is_ascii_alphabetic() || c == b'_' || c == b':') {
        return None;
    }
    i += 1 + scan_while(tail, |c| {
        c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b':' | b'-')
    });
    let after_name = i;
    i = skip_attribute_space(data, i, newline)?;
    if data.get(i) != Some(&b'=') {
        return Some(after_name);
    }
    i = skip_attribute_space(data, after_name, newline)?;
    i += 1;
    i = skip_attribute_space(data, i, newline)?;
    scan_attribute_value(data, i, newline)
}

fn scan_attribute_value(
    data: &[u8],
    mut i: usize,
    newline: &dyn Fn(&[u8]) -> Option<usize>,
) -> Option<usize> {
    match *data.get(i)? {
        q @ (b'"' | b'\'') => {
            i += 1;
            while i < data.len() {
                if data[i] == q {
                    return Some(i + 1);
                }
                match scan_eol(&data[i..]) {
                    Some(n) => i = next_line(data, i + n, newline)?,
                    None => i += 1,
                }
            }
            None
        }
        b' ' | b'=' | b'>' | b'<' | b'`' | b'\n' | b'\r' => None,
        _ => Some(
            i + scan_while(&data[i..], |c| {
                !matches!(
                    c,
                    b' ' | b'\n' | b'\r' | b'"' | b'\'' | b'=' | b'>' | b'<' | b'`'
                )
            }),
        ),
    }
}

/// A comment, CDATA section or declaration after the `<!` that ends at `ix` of `bytes`.
pub(super) fn scan_comment(bytes: &[u8], mut ix: usize) -> Option<usize> {
    let c = *bytes.get(ix)?;
    ix += 1;
    match c {
        b'-' => {
            if *bytes.get(ix)? != b'-' {
                return None;
            }
            ix -= 1;
            while let Some(x) = memchr::memchr(b'-', &bytes[ix..]) {
                ix += x + 1;
                if bytes.get(ix) == Some(&b'-') && bytes.get(ix + 1) == Some(&b'>') {
                    return Some(ix + 2);
                }
            }
            None
        }
        b'[' if bytes[ix..].starts_with(b"CDATA[") => {
            ix += b"CDATA[".len();
            ix = memchr::memchr(b']', &bytes[ix..]).map_or(bytes.len(), |x| ix + x);
            let close = scan_ch_repeat(&bytes[ix..], b']');
            ix += close;
            (close > 0 && bytes.get(ix) == Some(&b'>')).then_some(ix + 1)
        }
        _ if c.is_ascii_alphabetic() => {
            ix = memchr::memchr(b'>', &bytes[ix..]).map_or(bytes.len(), |x| ix + x);
            (bytes.get(ix) == Some(&b'>')).then_some(ix + 1)
        }
        _ => None,
    }
}

/// A processing instruction after the `<?` that ends at `ix`.
pub(super) fn scan_processing(bytes: &[u8], mut ix: usize) -> Option<usize> {
    while let Some(offset) = memchr::memchr(b'?', &bytes[ix..]) {
        ix += offset + 1;
        if bytes.get(ix) == Some(&b'>') {
            return Some(ix + 1);
        }
    }
    None
}

/// An autolink (`<scheme:…>` or `<user@host>`) whose text starts at `start` (after the `<`):
/// the offset after its `>`.
pub(super) fn scan_autolink(bytes: &[u8], start: usize) -> Option<usize> {
    scan_uri(bytes, start).or_else(|| scan_email(bytes, start))
}

fn scan_uri(text: &[u8], start: usize) -> Option<usize> {
    let bytes = &text[start..];
    if bytes.first().is_none_or(|b| !b.is_ascii_alphabetic()) {
        return None;
    }
    let mut i = 1;
    while i < bytes.len() {
        let c = bytes[i];
        i += 1;
        match c {
            c if c.is_ascii_alphanumeric() => {}
            b'.' | b'-' | b'+' => {}
            b':' => break,
            _ => return None,
        }
    }
    if !(3..=33).contains(&i) {
        return None;
    }
    while i < bytes.len() {
        match bytes[i] {
            b'>' => return Some(start + i + 1),
            b'\0'..=b' ' | b'<' => return None,
            _ => {}
        }
        i += 1;
    }
    None
}

fn scan_email(text: &[u8], start: usize) -> Option<usize> {
    let bytes = &text[start..];
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        i += 1;
        match c {
            c if c.is_ascii_alphanumeric() => {}
            b'.' | b'!' | b'#' | b'$' | b'%' | b'&' | b'\'' | b'*' | b'+' | b'/' | b'=' | b'?'
            | b'^' | b'_' | b'`' | b'{' | b'|' | b'}' | b'~' | b'-' => {}
            b'@' if i > 1 => break,
            _ => return None,
        }
    }
    loop {
        let label_start = i;
        let mut fresh = true;
        while i < bytes.len() {
            match bytes[i] {
                c if c.is_ascii_alphanumeric() => {}
                b'-' if fresh => return None,
                b'-' => {}
                _ => break,
            }
            fresh = false;
            i += 1;
        }
        if i == label_start || i - label_start > 63 || bytes[i - 1] == b'-' {
            return None;
        }
        if bytes.get(i) != Some(&b'.') {
            break;
        }
        i += 1;
    }
    (bytes.get(i) == Some(&b'>')).then_some(start + i + 1)
}

/// The end of an inline link's `(dest "title")` that starts at `ix` (at the `(`), or `None`.
/// `skip_prefix` says how many bytes of container prefix begin a continuation line.
pub(super) fn scan_inline_link(
    bytes: &[u8],
    mut ix: usize,
    skip_prefix: &dyn Fn(&[u8]) -> usize,
) -> Option<usize> {
    if bytes.get(ix) != Some(&b'(') {
        return None;
    }
    ix += 1;
    let separator = |ix: &mut usize| {
        *ix += scan_whitespace_no_nl(&bytes[*ix..]);
        if let Some(n) = scan_eol(&bytes[*ix..]) {
            *ix += n;
            *ix += skip_prefix(&bytes[*ix..]);
        }
        *ix += scan_whitespace_no_nl(&bytes[*ix..]);
    };
    separator(&mut ix);
    ix += scan_link_dest(&bytes[ix..])?;
    separator(&mut ix);
    if let Some(n) = scan_link_title(bytes, ix) {
        ix += n;
        separator(&mut ix);
    }
    (bytes.get(ix) == Some(&b')')).then_some(ix + 1)
}

/// The bytes [`scan_link_dest`] stops at in a raw destination: spaces and controls, parentheses
/// and the backslash.
const DEST_STOP: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = c <= 0x20 || matches!(c as u8, b'(' | b')' | b'\\');
        c += 1;
    }
    t
};

/// The length of a link destination: `<…>` or raw with balanced parentheses (maybe empty).
fn scan_link_dest(bytes: &[u8]) -> Option<usize> {
    let escaped = |i: usize| bytes.get(i + 1).is_some_and(u8::is_ascii_punctuation);
    if bytes.first() == Some(&b'<') {
        let mut i = 1;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' | b'\r' | b'<' => return None,
                b'>' => return Some(i + 1),
                b'\\' if escaped(i) => i += 1,
                _ => {}
            }
            i += 1;
        }
        return None;
    }
    let mut nest = 0;
    let mut i = 0;
    while i < bytes.len() {
        i = skip_unmarked(bytes, i, &DEST_STOP);
        let Some(&byte) = bytes.get(i) else {
            break;
        };
        match byte {
            0..=0x20 => break,
            b'(' => {
                if nest > LINK_MAX_NESTED_PARENS {
                    return None;
                }
                nest += 1;
            }
            b')' => {
                if nest == 0 {
                    break;
                }
                nest -= 1;
            }
            b'\\' if escaped(i) => i += 1,
            _ => {}
        }
        i += 1;
    }
    (nest == 0).then_some(i)
}

/// The length of a link title (`"…"`, `'…'` or `(…)`) at `start`. pulldown-cmark skips the
/// container prefix of a continuation line inside a title; a prefix is spaces and `>`, never a
/// title delimiter, so scanning over it finds the same end.
fn scan_link_title(bytes: &[u8], start: usize) -> Option<usize> {
    let open = *bytes.get(start)?;
    if !matches!(open, b'\'' | b'"' | b'(') {
        return None;
    }
    let close = if open == b'(' { b')' } else { open };
    let mut i = start + 1;
    while i < bytes.len() {
        let c = bytes[i];
        if c == close {
            return Some(i - start + 1);
        }
        if c == open {
            return None;
        }
        if c == b'\\' && bytes.get(i + 1).is_some_and(u8::is_ascii_punctuation) {
            i += 1;
        }
        i += 1;
    }
    None
}
