//! A small scanner for raw HTML: comments, tags, code-like elements and the text between tags.
//!
//! It only needs to tell text from markup well enough to search for placeholders and decide
//! whether a section has content; it is not an HTML parser.

use super::{key, Heading, Outline};
use crate::finding::Span;

/// Elements whose content is code or not shown as prose.
const RAW: &[&str] = &["pre", "code", "kbd", "samp", "script", "style", "textarea"];

/// Elements that show something without text.
const MEDIA: &[&str] = &[
    "img", "video", "audio", "iframe", "embed", "object", "svg", "picture", "canvas",
];

/// Whether a tag name is an embedded-media element.
pub(super) fn is_media(name: &str) -> bool {
    MEDIA.iter().any(|m| m.eq_ignore_ascii_case(name))
}

/// Whether a tag name is an inline element whose text is code.
pub(super) fn is_inline_code(name: &str) -> bool {
    ["code", "pre", "kbd", "samp"]
        .iter()
        .any(|m| m.eq_ignore_ascii_case(name))
}

/// Whether a tag name is an element whose content is code or hidden.
pub(super) fn is_raw(name: &str) -> bool {
    RAW.iter().any(|m| m.eq_ignore_ascii_case(name))
}

/// The name of the tag that `html` starts with, and whether it is a closing tag.
pub(super) fn tag_name(html: &str) -> (&str, bool) {
    let rest = html.strip_prefix('<').unwrap_or(html);
    let (rest, closing) = match rest.strip_prefix('/') {
        Some(r) => (r, true),
        None => (rest, false),
    };
    let len = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
        .count();
    (&rest[..len], closing)
}

/// Record the comments, code, media and text of an HTML block that starts at card offset `base`.
pub(super) fn scan_block(block: &str, base: usize, out: &mut Outline) {
    let mut s = Scanner {
        block,
        base,
        out,
        text_start: 0,
    };
    s.run();
}

struct Scanner<'a, 'o> {
    block: &'a str,
    base: usize,
    out: &'o mut Outline,
    text_start: usize,
}

impl Scanner<'_, '_> {
    fn run(&mut self) {
        let mut i = 0;
        while let Some(off) = self.block[i..].find('<') {
            let lt = i + off;
            i = self.markup_at(lt).unwrap_or(lt + 1);
        }
        self.flush_text(self.block.len());
    }

    /// Handle a comment or tag at `lt`; return where scanning resumes, or `None` if the `<` is
    /// plain text.
    fn markup_at(&mut self, lt: usize) -> Option<usize> {
        let rest = &self.block[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            let end = after
                .find("-->")
                .map_or(self.block.len(), |e| lt + 4 + e + 3);
            self.flush_text(lt);
            self.out.known.comments.push(self.span(lt, end));
            return Some(self.resume(end));
        }
        let tag_end = lt + tag_len(rest)?;
        self.flush_text(lt);
        let (name, closing) = tag_name(rest);
        let mut end = tag_end;
        if !closing {
            if is_media(name) {
                self.out.known.media.push(self.span(lt, tag_end));
            } else if let Some(level) = heading_level(name) {
                if level == 1 && self.out.html_h1.is_none() {
                    self.out.html_h1 = Some(self.span(lt, tag_end));
                }
                end = self.close_of(name, tag_end);
                self.heading(level, lt, tag_end, end);
            } else if is_raw(name) {
                end = self.close_of(name, tag_end);
                self.out.known.code.push(self.span(lt, end));
                if name.eq_ignore_ascii_case("pre") {
                    self.out.known.blocks.push(self.span(lt, end));
                }
            }
        }
        Some(self.resume(end))
    }

    /// An `<hN>` element from `lt` to `end`, its content starting at `inner`: a heading whose
    /// text is the element's text without tags.
    fn heading(&mut self, level: u8, lt: usize, inner: usize, end: usize) {
        let content = &self.block[inner..end];
        let content = content
            .rfind("</")
            .map_or(content, |close| &content[..close]);
        let text = key::clean_heading_text_owned(strip_tags(content));
        let after = self.span(end, end);
        self.out.headings.push(Heading {
            level,
            text,
            span: self.span(lt, end),
            content: after,
            own: after,
            html: true,
        });
    }

    /// The end of the closing tag of `name` at or after `from`, or the end of the block.
    fn close_of(&self, name: &str, from: usize) -> usize {
        let hay = &self.block[from..];
        let mut at = 0;
        while let Some(off) = hay[at..].find("</") {
            let start = at + off;
            let (n, _) = tag_name(&hay[start..]);
            if n.eq_ignore_ascii_case(name) {
                let len = tag_len(&hay[start..]).unwrap_or(hay.len() - start);
                return from + start + len;
            }
            at = start + 2;
        }
        self.block.len()
    }

    fn resume(&mut self, at: usize) -> usize {
        self.text_start = at;
        at
    }

    fn flush_text(&mut self, end: usize) {
        let piece = &self.block[self.text_start..end];
        let trimmed = piece.trim_start();
        let start = self.text_start + piece.len() - trimmed.len();
        let trimmed = trimmed.trim_end();
        if !trimmed.is_empty() {
            let span = self.span(start, start + trimmed.len());
            self.out.known.text.push(span);
        }
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.base + start, self.base + end)
    }
}

/// The level of a heading element's tag name (`h1` to `h6`).
fn heading_level(name: &str) -> Option<u8> {
    match name.as_bytes() {
        [b'h' | b'H', d @ b'1'..=b'6'] => Some(d - b'0'),
        _ => None,
    }
}

/// `html` without its tags and comments, with the common character references decoded.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let lt = i + off;
        out.push_str(&html[i..lt]);
        let rest = &html[lt..];
        i = if let Some(after) = rest.strip_prefix("<!--") {
            after.find("-->").map_or(html.len(), |e| lt + 4 + e + 3)
        } else if let Some(len) = tag_len(rest) {
            out.push(' ');
            lt + len
        } else {
            out.push('<');
            lt + 1
        };
    }
    out.push_str(&html[i..]);
    for (entity, c) in [
        ("&amp;", "&"),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", "\""),
        ("&#39;", "'"),
        ("&nbsp;", " "),
    ] {
        if out.contains(entity) {
            out = out.replace(entity, c);
        }
    }
    out
}

/// The length of the tag at the start of `s` (`<name …>`, `</name>`, `<!…>`, `<?…>`), quotes
/// respected; `None` if `s` does not start a tag.
fn tag_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let first = *b.get(1)?;
    let second = b.get(2).copied().unwrap_or(b' ');
    let opens = first.is_ascii_alphabetic()
        || (first == b'/' && second.is_ascii_alphabetic())
        || first == b'!'
        || first == b'?';
    if !opens {
        return None;
    }
    let mut quote = None;
    for (i, &c) in b.iter().enumerate().skip(1) {
        match (quote, c) {
            (None, b'"' | b'\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, b'>') => return Some(i + 1),
            _ => {}
        }
    }
    None
}
