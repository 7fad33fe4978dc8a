//! Reading `train.toml` into [`Meta`], with errors as data: a message, a byte span, a 1-based
//! line:column, and help (a "did you mean" for a misspelt key).

use super::meta::Meta;

/// Why `train.toml` could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetaError {
    pub message: String,
    /// Byte range in the file, when the parser knows it.
    pub span: Option<std::ops::Range<usize>>,
    /// 1-based line and column (characters) of the span's start.
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub help: Option<String>,
}

/// Parse `train.toml` text.
pub fn parse_meta(text: &str) -> Result<Meta, MetaError> {
    let mut meta: Meta = toml::from_str(text).map_err(|e| convert(text, &e))?;
    meta.normalize();
    Ok(meta)
}

fn convert(text: &str, err: &toml::de::Error) -> MetaError {
    let span = err.span();
    let (line, column) = match &span {
        Some(r) => {
            let (l, c) = line_col(text, r.start);
            (Some(l), Some(c))
        }
        None => (None, None),
    };
    let raw = err.message().trim().to_owned();
    let (message, help) = match unknown_field(&raw) {
        Some((field, expected)) => {
            let table = span.as_ref().and_then(|r| table_at(text, r.start));
            unknown_key_message(&field, &expected, table.as_deref())
        }
        None => (raw, None),
    };
    MetaError {
        message,
        span,
        line,
        column,
        help,
    }
}

fn unknown_key_message(
    field: &str,
    expected: &[String],
    table: Option<&str>,
) -> (String, Option<String>) {
    let place = match table {
        Some(t) => format!(" in [{t}]"),
        None => " at the top level".to_owned(),
    };
    let message = format!("unknown key `{field}`{place}");
    let help = match did_you_mean(field, expected) {
        Some(s) => format!("did you mean `{s}`?"),
        None if expected.is_empty() => "this table takes no keys".to_owned(),
        None => format!(
            "expected one of {}",
            expected
                .iter()
                .map(|e| format!("`{e}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    (message, Some(help))
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

/// The closest expected name, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, candidates: &'a [String]) -> Option<&'a str> {
    let normalized = |s: &str| s.to_ascii_lowercase().replace('-', "_");
    candidates
        .iter()
        .map(|c| {
            let d = strsim::damerau_levenshtein(&normalized(word), &normalized(c));
            (d, c.as_str())
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
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_has_position_and_suggestion() {
        let text = "[model]\nname = \"x\"\nlicence = \"mit\"\n";
        let err = parse_meta(text).unwrap_err();
        assert_eq!(err.message, "unknown key `licence` in [model]");
        assert_eq!(err.help.as_deref(), Some("did you mean `license`?"));
        assert_eq!((err.line, err.column), (Some(3), Some(1)));
    }

    #[test]
    fn unknown_key_in_array_of_tables() {
        let text = "[[evaluation]]\ntask = \"t\"\nmetrik = 1\n";
        let err = parse_meta(text).unwrap_err();
        assert_eq!(err.message, "unknown key `metrik` in [evaluation]");
        assert_eq!(err.help.as_deref(), Some("did you mean `metric`?"));
    }

    #[test]
    fn type_errors_keep_the_parser_message() {
        let err = parse_meta("[model]\ntags = \"a\"\n").unwrap_err();
        assert!(err.message.contains("invalid type"), "{}", err.message);
        assert_eq!(err.line, Some(2));
    }

    #[test]
    fn far_names_get_the_list_instead() {
        let cands = vec!["name".to_string(), "license".to_string()];
        assert_eq!(did_you_mean("zzzzzzzz", &cands), None);
        assert_eq!(
            did_you_mean("base-model", &["base_model".into()]),
            Some("base_model")
        );
    }
}
