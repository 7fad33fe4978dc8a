//! Heading text: cleaning the plain text, and the normalised key used to match section names.

/// Collapse whitespace, and drop a trailing `{#id .class}` attribute block together with the
/// closing `#`s that it kept pulldown-cmark from removing.
pub(super) fn clean_heading_text(raw: &str) -> String {
    let mut s = raw.trim();
    if let Some(before) = strip_attribute_block(s) {
        s = before.trim_end();
        if let Some(hashes) = s.rfind(|c: char| c != '#') {
            let tail = &s[hashes..];
            if tail.len() > 1 && tail.starts_with(char::is_whitespace) {
                s = s[..hashes].trim_end();
            }
        } else {
            s = "";
        }
    }
    if is_collapsed_ascii(s) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// [`clean_heading_text`] of a string that can be given up: returned as it is when it is already
/// clean (most headings), which saves copying it.
pub(super) fn clean_heading_text_owned(raw: String) -> String {
    let clean = raw.trim().len() == raw.len()
        && strip_attribute_block(&raw).is_none()
        && is_collapsed_ascii(&raw);
    if clean {
        raw
    } else {
        clean_heading_text(&raw)
    }
}

/// Whether `s`, already trimmed, is ASCII with no whitespace but single spaces: what
/// [`clean_heading_text`] would rebuild word by word unchanged (most headings).
fn is_collapsed_ascii(s: &str) -> bool {
    let bytes = s.as_bytes();
    bytes
        .iter()
        .all(|&b| b.is_ascii() && !matches!(b, b'\t'..=b'\r'))
        && !bytes.windows(2).any(|w| w == b"  ")
}

/// `s` without a trailing `{#id}` / `{.class}` block, if it has one.
fn strip_attribute_block(s: &str) -> Option<&str> {
    let inner = s.strip_suffix('}')?;
    let open = inner.rfind('{')?;
    let attrs = &inner[open + 1..];
    let looks_like_attrs = attrs.trim_start().starts_with(['#', '.'])
        && !attrs.contains(['{', '}'])
        && !attrs.trim().is_empty();
    looks_like_attrs.then(|| &s[..open])
}

/// The key of a heading's plain text, for matching section names: lower case; emoji,
/// punctuation and markup gone; `&` read as `and`; leading numbering (`1.`, `2)`, `3.1`) and
/// trailing bracketed qualifiers (`[optional]`, `(Sentence Transformers)`) dropped; words
/// separated by single spaces. Two headings that mean the same section should get equal keys.
///
/// ```
/// use cardgen::card::markdown::heading_key;
/// assert_eq!(heading_key("2) 🚀 Bias, Risks, & Limitations [optional]:"), "bias risks and limitations");
/// ```
pub fn heading_key(text: &str) -> String {
    let mut out = String::new();
    push_heading_key(text, &mut out);
    out
}

/// Append the [`heading_key`] of `text` to `out` (nothing when the key is empty), so that the
/// keys of many headings can share one buffer.
pub fn push_heading_key(text: &str, out: &mut String) {
    let text = strip_qualifiers(text);
    out.reserve(text.len());
    let mut key = Key {
        base: out.len(),
        out,
        word_start: None,
    };
    if text.is_ascii() {
        key_ascii(text, &mut key);
    } else {
        key_chars(text, &mut key);
    }
}

/// The general path of [`push_heading_key`], one `char` at a time.
fn key_chars(text: &str, key: &mut Key<'_>) {
    for c in text.chars() {
        if is_word_char(c) {
            key.push(c);
        } else {
            key.end_word();
            if c == '&' {
                key.push_str("and");
                key.end_word();
            }
        }
    }
    key.end_word();
}

/// The ASCII path of [`push_heading_key`], a run of letters and digits at a time; the same
/// words as [`key_chars`].
fn key_ascii(text: &str, key: &mut Key<'_>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_alphanumeric() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            let at = key.push_str(&text[start..i]);
            key.out[at..].make_ascii_lowercase();
            key.end_word();
        } else {
            if bytes[i] == b'&' {
                key.push_str("and");
                key.end_word();
            }
            i += 1;
        }
    }
}

/// The key of the last trailing `(…)` group of a heading, if it has one: "模型推理 (Inference)"
/// → `inference`. Bilingual cards put the English name of a section there.
pub fn heading_alt_key(text: &str) -> Option<String> {
    let mut out = String::new();
    push_heading_alt_key(text, &mut out).then_some(out)
}

/// Append the [`heading_alt_key`] of `text` to `out`, if it has one; says whether it did.
pub fn push_heading_alt_key(text: &str, out: &mut String) -> bool {
    let s = text.trim_end_matches(|c: char| !c.is_alphanumeric() && c != ')');
    let Some(inner) = s.strip_suffix(')') else {
        return false;
    };
    let Some(open) = inner.rfind('(') else {
        return false;
    };
    if s[..open].trim().is_empty() {
        return false;
    }
    let before = out.len();
    push_heading_key(&inner[open + 1..], out);
    out.len() > before
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || (!c.is_ascii() && c.is_alphanumeric())
}

/// A key being appended to `out` a character or a word at a time (this runs for every heading of
/// every card).
struct Key<'o> {
    out: &'o mut String,
    /// Where the key starts in `out`.
    base: usize,
    /// Where the current word starts in `out`, while inside a word.
    word_start: Option<usize>,
}

impl Key<'_> {
    fn start_word(&mut self) {
        if self.word_start.is_none() {
            if self.out.len() > self.base {
                self.out.push(' ');
            }
            self.word_start = Some(self.out.len());
        }
    }

    fn push(&mut self, c: char) {
        self.start_word();
        if c.is_ascii() {
            self.out.push(c.to_ascii_lowercase());
        } else {
            self.out.extend(c.to_lowercase());
        }
    }

    /// Append `s` to the current word; returns where `s` starts in `out`.
    fn push_str(&mut self, s: &str) -> usize {
        self.start_word();
        let at = self.out.len();
        self.out.push_str(s);
        at
    }

    /// Close the current word; a number before any other word is numbering and is dropped.
    fn end_word(&mut self) {
        if self.word_start.take() == Some(self.base)
            && self.out.as_bytes()[self.base..]
                .iter()
                .all(|b| b.is_ascii_digit())
        {
            self.out.truncate(self.base);
        }
    }
}

/// `text` without trailing `[…]` / `(…)` groups (and the punctuation around them), unless that
/// would leave nothing.
fn strip_qualifiers(text: &str) -> &str {
    let mut s = text.trim_end_matches(|c: char| !c.is_alphanumeric() && c != ')' && c != ']');
    loop {
        let open = match s.chars().next_back() {
            Some(')') => '(',
            Some(']') => '[',
            _ => return s,
        };
        let Some(at) = s.rfind(open) else { return s };
        let before =
            s[..at].trim_end_matches(|c: char| !c.is_alphanumeric() && c != ')' && c != ']');
        if before.is_empty() {
            return s;
        }
        s = before;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Headings that exercise every branch of the key: Unicode, emoji, CJK, numbering, `&`,
    /// qualifiers.
    const TRICKY: &[&str] = &[
        "",
        " ",
        "Usage",
        "  How to Use:  ",
        "1. Usage",
        "2) Usage",
        "3.1 Quick start",
        "1 2 3",
        "12",
        "1. 2. Usage 3",
        "Usage 2",
        "&",
        "& 1",
        "1 & 2",
        "a&b",
        "A&&B",
        "Intended uses & limitations",
        "Model Sources [optional]",
        "Usage (Sentence-Transformers)",
        "Citation [optional] (BibTeX)",
        "(optional)",
        "[optional]",
        "Usage ()",
        "x (1)",
        "Bias, Risks, & Limitations [optional]:",
        "MiXeD CaSe_with_underscores-and-dashes",
        "v2.0 Release",
        "🚀 Quickstart 🚀",
        "2) 🚀 Bias, Risks, & Limitations [optional]:",
        "模型推理 (Inference)",
        "局限性 (Limitations)",
        "Ограничения",
        "ÉTÉ Über straße",
        "İstanbul",
        "١٢ Usage",
        "Ⅻ Usage",
        "日本語 123",
        "\u{a0}Usage\u{a0}",
        "tab\there",
        "Usage (模型推理)",
    ];

    #[test]
    fn the_ascii_path_gives_the_general_key() {
        for text in TRICKY.iter().filter(|t| t.is_ascii()) {
            for prefix in ["", "earlier key"] {
                let (mut fast, mut slow) = (prefix.to_string(), prefix.to_string());
                for (out, ascii) in [(&mut fast, true), (&mut slow, false)] {
                    let base = out.len();
                    let mut key = Key {
                        out,
                        base,
                        word_start: None,
                    };
                    let text = strip_qualifiers(text);
                    if ascii {
                        key_ascii(text, &mut key);
                    } else {
                        key_chars(text, &mut key);
                    }
                }
                assert_eq!(fast, slow, "{text:?} after {prefix:?}");
            }
        }
    }

    #[test]
    fn keys_appended_to_a_buffer_are_the_keys_on_their_own() {
        let mut buf = String::from("1");
        for text in TRICKY {
            let start = buf.len();
            push_heading_key(text, &mut buf);
            assert_eq!(&buf[start..], heading_key(text), "{text:?}");
            let start = buf.len();
            let had = push_heading_alt_key(text, &mut buf);
            assert_eq!(had.then(|| &buf[start..]), heading_alt_key(text).as_deref());
            assert_eq!(had, buf.len() > start, "{text:?}");
        }
        assert_eq!(heading_key("1. 2. Usage 3"), "usage 3");
        assert_eq!(heading_key("A&&B"), "a and and b");
        assert_eq!(heading_key("ÉTÉ Über straße"), "été über straße");
        assert_eq!(heading_alt_key("x (1)"), None);
    }

    #[test]
    fn collapsed_ascii_headings_are_kept_as_they_are() {
        for raw in TRICKY.iter().chain(&[
            "a  b",
            "a \t b",
            "a\nb",
            "a\u{b}b",
            "a\u{c}b",
            "a\rb",
            "a\u{1c}b",
            "a\u{85}b",
            "Usage {#usage}",
            "Usage ## {#usage}",
        ]) {
            let s = raw.trim();
            let rebuilt = s.split_whitespace().collect::<Vec<_>>().join(" ");
            if is_collapsed_ascii(s) {
                assert_eq!(rebuilt, s, "{raw:?}");
            }
            let owned = clean_heading_text_owned((*raw).to_owned());
            assert_eq!(owned, clean_heading_text(raw), "{raw:?}");
            let padded = format!(" {raw}\u{3000}");
            assert_eq!(
                clean_heading_text_owned(padded.clone()),
                clean_heading_text(&padded),
                "{raw:?}"
            );
        }
        assert!(is_collapsed_ascii("How to use"));
        assert!(!is_collapsed_ascii("a  b") && !is_collapsed_ascii("a\tb"));
        assert_eq!(clean_heading_text(" a \u{1c} b "), "a \u{1c} b");
        assert_eq!(clean_heading_text("Usage ## {#usage}"), "Usage");
    }
}
