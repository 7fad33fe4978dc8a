//! Errors in `train.toml` as data: a message, a byte span, a 1-based line:column, and help (a
//! "did you mean" for a misspelt key or value). Nothing here knows the train.toml schema.

use std::ops::Range;

/// One thing wrong with `train.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetaError {
    pub message: String,
    /// Byte range in the file, when the parser knows it.
    pub span: Option<Range<usize>>,
    /// 1-based line and column (characters) of the span's start.
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub help: Option<String>,
}

impl MetaError {
    /// An error at `span` of `text`.
    pub fn at(text: &str, span: Range<usize>, message: String, help: Option<String>) -> Self {
        let (line, column) = line_col(text, span.start);
        MetaError {
            message,
            span: Some(span),
            line: Some(line),
            column: Some(column),
            help,
        }
    }
}

/// The parser's or serde's error, as a [`MetaError`]. serde's "unknown field" reads as the
/// schema check's "unknown key" does.
pub fn from_toml(text: &str, err: &toml::de::Error) -> MetaError {
    let span = err.span();
    let raw = err.message().trim().to_owned();
    let (message, help) = match unknown_field(&raw) {
        Some((field, expected)) => {
            let table = span.as_ref().and_then(|r| table_at(text, r.start));
            let place = match table {
                Some(t) => format!("in [{t}]"),
                None => "at the top level".to_owned(),
            };
            let names: Vec<&str> = expected.iter().map(String::as_str).collect();
            (
                format!("unknown key `{field}` {place}"),
                Some(key_help(&field, &names)),
            )
        }
        None => (raw, None),
    };
    match span {
        Some(span) => MetaError::at(text, span, message, help),
        None => MetaError {
            message,
            span: None,
            line: None,
            column: None,
            help,
        },
    }
}

/// Help for an unknown key: the close known name, else all of them.
pub fn key_help(word: &str, known: &[&str]) -> String {
    match did_you_mean(word, known) {
        Some(s) => format!("did you mean `{s}`?"),
        None if known.is_empty() => "this table takes no keys".to_owned(),
        None => format!("expected one of {}", backticked(known)),
    }
}

/// `` `a`, `b`, `c` ``.
pub fn backticked(names: &[&str]) -> String {
    names
        .iter()
        .map(|e| format!("`{e}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// serde's `unknown field `x`, expected one of `a`, `b`` (or `expected `a``, or `there are no
/// fields`): the field and the expected names.
fn unknown_field(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let (field, rest) = rest.split_once('`')?;
    let expected = rest
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect();
    Some((field.to_owned(), expected))
}

/// The closest known name, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let normalized = |s: &str| s.to_ascii_lowercase().replace('-', "_");
    candidates
        .iter()
        .map(|&c| {
            (
                strsim::damerau_levenshtein(&normalized(word), &normalized(c)),
                c,
            )
        })
        .filter(|&(d, c)| d <= 2.max(c.len() / 4))
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// The `[table]` or `[[table]]` header above `offset`, if any.
fn table_at(text: &str, offset: usize) -> Option<String> {
    let before = text.get(..offset)?;
    before.lines().rev().find_map(|line| {
        let t = line.trim();
        let inner = t.strip_prefix("[[").and_then(|r| r.split("]]").next());
        let inner = inner.or_else(|| t.strip_prefix('[').and_then(|r| r.split(']').next()));
        inner.map(|s| s.trim().to_owned())
    })
}

/// 1-based line and character column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_unknown_field_reads_as_an_unknown_key() {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Model {
            license: Option<String>,
        }
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Doc {
            model: Model,
        }
        let text = "[model]\nlicence = \"mit\"\n";
        let err = toml::from_str::<Doc>(text).unwrap_err();
        let e = from_toml(text, &err);
        assert_eq!(e.message, "unknown key `licence` in [model]");
        assert_eq!(e.help.as_deref(), Some("did you mean `license`?"));
        assert_eq!((e.line, e.column), (Some(2), Some(1)));
    }

    #[test]
    fn far_names_get_the_list_instead() {
        assert_eq!(did_you_mean("zzzzzzzz", &["name", "license"]), None);
        assert_eq!(
            did_you_mean("base-model", &["base_model"]),
            Some("base_model")
        );
        assert_eq!(
            key_help("zzzzzzzz", &["name", "license"]),
            "expected one of `name`, `license`"
        );
        assert_eq!(key_help("x", &[]), "this table takes no keys");
    }

    #[test]
    fn line_col_counts_characters() {
        assert_eq!(line_col("a\néb = 1", 5), (2, 3));
        assert_eq!(line_col("ab", 99), (1, 3));
    }
}
