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
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
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
    let text = strip_qualifiers(text);
    let mut key = Key {
        out: String::with_capacity(text.len()),
        word_start: None,
    };
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
    key.out
}

/// The key of the last trailing `(…)` group of a heading, if it has one: "模型推理 (Inference)"
/// → `inference`. Bilingual cards put the English name of a section there.
pub fn heading_alt_key(text: &str) -> Option<String> {
    let s = text.trim_end_matches(|c: char| !c.is_alphanumeric() && c != ')');
    let inner = s.strip_suffix(')')?;
    let open = inner.rfind('(')?;
    let key = heading_key(&inner[open + 1..]);
    (!key.is_empty() && !s[..open].trim().is_empty()).then_some(key)
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || (!c.is_ascii() && c.is_alphanumeric())
}

/// A key being built one character at a time (this runs for every heading of every card).
struct Key {
    out: String,
    /// Where the current word starts in `out`, while inside a word.
    word_start: Option<usize>,
}

impl Key {
    fn start_word(&mut self) {
        if self.word_start.is_none() {
            if !self.out.is_empty() {
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

    fn push_str(&mut self, s: &str) {
        self.start_word();
        self.out.push_str(s);
    }

    /// Close the current word; a number before any other word is numbering and is dropped.
    fn end_word(&mut self) {
        if self.word_start.take() == Some(0) && self.out.bytes().all(|b| b.is_ascii_digit()) {
            self.out.clear();
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
