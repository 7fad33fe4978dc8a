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
    let mut out = String::with_capacity(text.len());
    let mut words = 0;
    for word in text.split(|c: char| !c.is_alphanumeric() && c != '&') {
        for part in split_ampersands(word) {
            if words == 0 && part.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            if words > 0 {
                out.push(' ');
            }
            out.extend(part.chars().flat_map(char::to_lowercase));
            words += 1;
        }
    }
    out
}

/// The non-empty pieces of `word`, with each `&` turned into `and`.
fn split_ampersands(word: &str) -> impl Iterator<Item = &str> {
    word.split_inclusive('&').flat_map(|p| {
        let (w, amp) = match p.strip_suffix('&') {
            Some(w) => (w, Some("and")),
            None => (p, None),
        };
        (!w.is_empty()).then_some(w).into_iter().chain(amp)
    })
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
