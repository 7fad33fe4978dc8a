//! Which train.toml key a place in the rendered card came from, so that a lint finding on a card
//! that was never written can name what to edit.
//!
//! A text is found by content: a line of the card that holds a line of a train.toml text at the
//! finding's position came from that key. The keys and texts are read from the serialized
//! [`Meta`], so every string field, present and future, is covered.

use std::ops::Range;

use super::meta::Meta;

/// Every string in `meta`, as (where, text): `model.description`, `card.sections.body (entry 2)`.
pub fn texts(meta: &Meta) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Ok(value) = serde_json::to_value(meta) {
        collect(&value, &mut Vec::new(), None, &mut out);
    }
    out
}

fn collect(
    v: &serde_json::Value,
    keys: &mut Vec<String>,
    entry: Option<usize>,
    out: &mut Vec<(String, String)>,
) {
    match v {
        serde_json::Value::String(s) => {
            let mut place = keys.join(".");
            if let Some(n) = entry {
                place.push_str(&format!(" (entry {n})"));
            }
            out.push((place, s.clone()));
        }
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let entry = if items.len() > 1 { Some(i + 1) } else { entry };
                collect(item, keys, entry, out);
            }
        }
        serde_json::Value::Object(map) => {
            for (k, item) in map {
                keys.push(k.clone());
                collect(item, keys, entry, out);
                keys.pop();
            }
        }
        _ => {}
    }
}

/// The key whose text the card holds at `span` (byte offsets in `card`; on the span's first
/// line, a text that overlaps it), if one does, and the line of that text. When several texts
/// fit, the longest line wins: it is the least likely to match by chance.
pub fn source<'a>(
    texts: &'a [(String, String)],
    card: &str,
    span: Range<usize>,
) -> Option<(&'a str, &'a str)> {
    let at = span.start.min(card.len());
    let line_start = card[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = card[at..].find('\n').map_or(card.len(), |i| at + i);
    let line = &card[line_start..line_end];
    // The part of the span on its first line, at least one byte wide.
    let from = at - line_start;
    let to = (span.end.min(line_end) - line_start).max(from + 1);
    texts
        .iter()
        .flat_map(|(key, text)| text.lines().map(move |l| (key, l.trim())))
        .filter(|(_, l)| !l.is_empty())
        .filter(|(_, l)| {
            line.match_indices(l)
                .any(|(i, m)| i < to && from < i + m.len())
        })
        .max_by_key(|(_, l)| l.len())
        .map(|(key, l)| (key.as_str(), l))
}

/// The 1-based line of train.toml that holds `text` (a line of one of its values): a line that
/// is that text (inside a multi-line string), else a `key = "text"` line. `None` when neither
/// is found, as for a value written with escapes.
pub fn toml_line(toml: &str, text: &str) -> Option<usize> {
    let quoted = format!("= \"{text}\"");
    let lines = || toml.lines().enumerate();
    lines()
        .find(|(_, l)| l.trim() == text)
        .or_else(|| lines().find(|(_, l)| l.trim_end().ends_with(&quoted)))
        .map(|(i, _)| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::meta::ExtraSection;

    #[test]
    fn finds_the_key_a_line_came_from() {
        let mut meta = Meta::default();
        meta.model.license = Some("not-a-license".into());
        meta.model.description = Some("First line.\nA second line with mit in it.".into());
        meta.card.sections = vec![
            ExtraSection {
                title: "A".into(),
                body: "alpha".into(),
            },
            ExtraSection {
                title: "B".into(),
                body: "beta body".into(),
            },
        ];
        let texts = texts(&meta);
        let card =
            "---\nlicense: not-a-license\n---\n\nA second line with mit in it.\n\nbeta body\n";
        let at = |needle: &str| {
            let i = card.find(needle).unwrap();
            i..i + needle.len()
        };
        let key = |card, span| source(&texts, card, span).map(|(key, _)| key);
        assert_eq!(key(card, at("not-a-license")), Some("model.license"));
        assert_eq!(key(card, at("mit in")), Some("model.description"));
        assert_eq!(key(card, at("beta")), Some("card.sections.body (entry 2)"));
        assert_eq!(
            source(&texts, card, at("beta")).map(|(_, line)| line),
            Some("beta body")
        );
        assert_eq!(key(card, at("license:")), None);
        let heading = "---\n---\n\n## B\n";
        let i = heading.find("## B").unwrap();
        assert_eq!(
            key(heading, i..i + 4),
            Some("card.sections.title (entry 2)")
        );
    }

    #[test]
    fn finds_the_train_toml_line_of_a_text() {
        let toml =
            "[model]\nlicense = \"apache2\"\ndescription = \"\"\"\nOne.\nbeta body\n\"\"\"\n";
        assert_eq!(toml_line(toml, "apache2"), Some(2));
        assert_eq!(toml_line(toml, "beta body"), Some(5));
        assert_eq!(toml_line(toml, "absent"), None);
    }
}
