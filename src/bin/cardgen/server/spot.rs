//! Where in the front matter a position is: on (or typing) a top-level key, or on a value of
//! one. Read from the lines around the position rather than from the YAML tree, because while
//! someone types the YAML is often not valid (`licen` alone on a line is not a mapping entry).

use cardgen::card::frontmatter;

/// A place in the front matter, with byte offsets in the text given to [`spot`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Spot<'t> {
    /// A top-level key: `text` is the whole key, from `start` to `end`; the position is at
    /// `offset`, and `colon` says whether the line already has the `:` after it.
    Key {
        text: &'t str,
        start: usize,
        end: usize,
        colon: bool,
    },
    /// A scalar value of top-level `key` (on the key's line, in a flow list, or a block list
    /// item below it): the word under the position runs from `start` to `end`.
    Value {
        key: &'t str,
        text: &'t str,
        start: usize,
        end: usize,
    },
}

/// Characters that end a value's word: YAML's separators, quotes and the start of a comment.
fn ends_word(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | ',' | '[' | ']' | '{' | '}' | '"' | '\'' | '#'
    )
}

/// The YAML between the fences, or after an opening fence that is never closed (someone is
/// writing it).
fn yaml_region(text: &str) -> Option<(usize, usize)> {
    if let Some(fm) = frontmatter::find(text) {
        return Some((fm.yaml.start, fm.yaml.end));
    }
    if frontmatter::looks_unclosed(text) {
        let open_end = text.find(['\n', '\r']).map_or(text.len(), |i| i + 1);
        return Some((open_end, text.len()));
    }
    None
}

fn line_around(text: &str, region: (usize, usize), offset: usize) -> (usize, usize) {
    let start = text[region.0..offset]
        .rfind(['\n', '\r'])
        .map_or(region.0, |i| region.0 + i + 1);
    let end = text[offset..region.1]
        .find(['\n', '\r'])
        .map_or(region.1, |i| offset + i);
    (start, end)
}

/// The spot at byte `offset` of `text` (a card's text after any BOM); `None` outside the front
/// matter, in comments, and in nested mappings.
pub fn spot(text: &str, offset: usize) -> Option<Spot<'_>> {
    let region = yaml_region(text)?;
    if offset < region.0 || offset > region.1 || !text.is_char_boundary(offset) {
        return None;
    }
    let (start, end) = line_around(text, region, offset);
    let line = &text[start..end];
    let first = line.chars().next();
    match first {
        None => Some(Spot::Key {
            text: "",
            start,
            end,
            colon: false,
        }),
        Some(' ' | '\t' | '-') => list_item(text, region, start, offset),
        Some('#') => None,
        Some(_) => key_line(text, start, end, offset),
    }
}

/// A line that starts at the left margin: a key, perhaps with a value after `: `.
fn key_line(text: &str, start: usize, end: usize, offset: usize) -> Option<Spot<'_>> {
    let line = &text[start..end];
    let colon = separator(line);
    match colon {
        Some(c) if offset > start + c => {
            let key = unquote(line[..c].trim_end());
            value_word(text, key, start + c + 1, end, offset)
        }
        _ => {
            let key_end = colon.map_or(end, |c| start + c);
            let key = text[start..key_end].trim_end();
            if key.contains(['#', '[', '{']) {
                return None;
            }
            Some(Spot::Key {
                text: key,
                start,
                end: start + key.len(),
                colon: colon.is_some(),
            })
        }
    }
}

/// The `:` that ends a block mapping key: followed by a space, a tab or the end of the line.
fn separator(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    (0..bytes.len()).find(|&i| {
        bytes[i] == b':' && matches!(bytes.get(i + 1), None | Some(b' ' | b'\t' | b'\r'))
    })
}

fn unquote(key: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = key.strip_prefix(q).and_then(|k| k.strip_suffix(q)) {
            return inner;
        }
    }
    key
}

/// The word around `offset` in a value that runs from `from` to `end`.
fn value_word<'t>(
    text: &'t str,
    key: &'t str,
    from: usize,
    end: usize,
    offset: usize,
) -> Option<Spot<'t>> {
    let value = &text[from..end];
    if value.trim_start().starts_with(['|', '>', '&', '*', '!']) {
        return None;
    }
    if text[from..offset].contains('#') {
        return None;
    }
    let word_start = text[from..offset]
        .rfind(ends_word)
        .map_or(from, |i| from + i + 1);
    let word_end = text[offset..end]
        .find(ends_word)
        .map_or(end, |i| offset + i);
    Some(Spot::Value {
        key,
        text: &text[word_start..word_end],
        start: word_start,
        end: word_end,
    })
}

/// An indented line (or a `- ` at the margin): a value when it is a list item of a top-level
/// key whose value is that block list.
fn list_item(text: &str, region: (usize, usize), start: usize, offset: usize) -> Option<Spot<'_>> {
    let (_, end) = line_around(text, region, offset);
    let line = &text[start..end];
    let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
    let item = &line[indent..];
    let after_dash = item.strip_prefix('-')?;
    if !(after_dash.is_empty() || after_dash.starts_with([' ', '\t'])) {
        return None;
    }
    let from = start + indent + 1;
    if offset < from {
        return None;
    }
    let key = owner(text, region, start, indent)?;
    value_word(text, key, from, end, offset)
}

/// The top-level key whose block list the line at `start` (indented by `indent`) is an item
/// of: the nearest line above at the margin, if it is `key:` with nothing after it, and every
/// line between is a list item at the same indentation, deeper, blank or a comment.
fn owner(text: &str, region: (usize, usize), start: usize, indent: usize) -> Option<&str> {
    let mut end = start;
    while end > region.0 {
        let above_end = end - 1;
        let above_start = text[region.0..above_end]
            .rfind(['\n', '\r'])
            .map_or(region.0, |i| region.0 + i + 1);
        let line = text[above_start..above_end].trim_end_matches('\r');
        end = above_start;
        let trimmed = line.trim_start_matches([' ', '\t']);
        let depth = line.len() - trimmed.len();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if depth > indent || (depth == indent && trimmed.starts_with('-')) {
            continue;
        }
        if depth != 0 {
            return None;
        }
        let colon = separator(line)?;
        let rest = line[colon + 1..].trim();
        return (rest.is_empty() || rest.starts_with('#'))
            .then(|| unquote(line[..colon].trim_end()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The spot at `|` in `card` (the `|` removed).
    fn at(card: &str) -> Option<(String, String, bool)> {
        let offset = card.find('|').unwrap();
        let text = card.replacen('|', "", 1);
        let spot = spot(&text, offset)?;
        Some(match spot {
            Spot::Key { text, colon, .. } => ("key".into(), text.to_owned(), colon),
            Spot::Value { key, text, .. } => (key.to_owned(), text.to_owned(), false),
        })
    }

    fn value(key: &str, word: &str) -> Option<(String, String, bool)> {
        Some((key.to_owned(), word.to_owned(), false))
    }

    #[test]
    fn keys_while_typing() {
        assert_eq!(
            at("---\nlicen|\n---\n"),
            Some(("key".into(), "licen".into(), false))
        );
        assert_eq!(at("---\n|\n---\n"), Some(("key".into(), "".into(), false)));
        assert_eq!(
            at("---\nlic|ense: mit\n---\n"),
            Some(("key".into(), "license".into(), true))
        );
        // Not closed yet.
        assert_eq!(
            at("---\nlicense: mit\npipe|"),
            Some(("key".into(), "pipe".into(), false))
        );
        assert_eq!(at("# Title\nlicen|\n"), None);
        assert_eq!(at("---\nlicense: mit\n---\nlicen|\n"), None);
    }

    #[test]
    fn values_inline_in_flow_lists_and_in_block_lists() {
        assert_eq!(at("---\nlicense: ap|\n---\n"), value("license", "ap"));
        assert_eq!(
            at("---\nlicense: \"ap|ache\"\n---\n"),
            value("license", "apache")
        );
        assert_eq!(at("---\nlanguage: [en, f|]\n---\n"), value("language", "f"));
        assert_eq!(
            at("---\nlanguage:\n  - en\n  # c\n  - f|\n---\n"),
            value("language", "f")
        );
        assert_eq!(
            at("---\nlanguage:\n- en\n- |\n---\n"),
            value("language", "")
        );
        assert_eq!(at("---\nlicense: mit # a comm|ent\n---\n"), None);
        // A list under a nested mapping belongs to no top-level key.
        assert_eq!(at("---\nco2:\n  a:\n    - x|\n---\n"), None);
        assert_eq!(at("---\nwidget: >\n  te|xt\n---\n"), None);
        assert_eq!(at("---\nwidget: >-|\n  text\n---\n"), None);
    }

    #[test]
    fn crlf_lines() {
        assert_eq!(
            at("---\r\nlanguage:\r\n  - en\r\n  - f|\r\n---\r\n"),
            value("language", "f")
        );
        assert_eq!(
            at("---\r\npipeline_tag: te|\r\n---\r\n"),
            value("pipeline_tag", "te")
        );
    }
}
