//! Configuration errors, as data: what is wrong, where in which file. No printing.

use std::path::{Path, PathBuf};

use crate::card::lines::LineIndex;
use crate::finding::Span;

/// What kind of problem a configuration file has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigErrorKind {
    /// The file could not be read.
    Io,
    /// Not valid TOML, or a key or value the configuration does not have.
    Toml,
    /// Valid TOML, but a name that refers to nothing (an unknown rule or section).
    Invalid,
}

/// Where in the file: a byte span and the 1-based line and column (in characters) of its start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    pub span: Span,
    pub line: usize,
    pub column: usize,
}

/// A problem with a configuration file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub kind: ConfigErrorKind,
    /// The file, when the configuration came from one.
    pub path: Option<PathBuf>,
    /// One sentence saying what is wrong.
    pub message: String,
    /// Where in the file, when known.
    pub location: Option<Location>,
    /// What to do about it, e.g. "did you mean `placeholder-text`?".
    pub help: Option<String>,
}

impl ConfigError {
    /// An error at `span` of `source`.
    pub(crate) fn at(kind: ConfigErrorKind, message: String, source: &str, span: Span) -> Self {
        let (line, column) = LineIndex::new(source).line_col(source, span.start);
        ConfigError {
            kind,
            path: None,
            message,
            location: Some(Location { span, line, column }),
            help: None,
        }
    }

    /// A TOML error (syntax, unknown key, wrong type) from the `toml` crate.
    pub(crate) fn from_toml(e: &toml::de::Error, source: &str) -> Self {
        let message = e.message().trim_end().to_string();
        match e.span() {
            Some(r) => Self::at(
                ConfigErrorKind::Toml,
                message,
                source,
                Span::new(r.start, r.end),
            ),
            None => ConfigError {
                kind: ConfigErrorKind::Toml,
                path: None,
                message,
                location: None,
                help: None,
            },
        }
    }

    pub(crate) fn io(path: &Path, e: &std::io::Error) -> Self {
        ConfigError {
            kind: ConfigErrorKind::Io,
            path: Some(path.to_path_buf()),
            message: format!("cannot read the configuration file: {e}"),
            location: None,
            help: None,
        }
    }

    pub(crate) fn with_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    pub(crate) fn in_file(mut self, path: &Path) -> Self {
        self.path = Some(path.to_path_buf());
        self
    }
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(path) = &self.path {
            write!(f, "{}", path.display())?;
            if let Some(p) = self.location {
                write!(f, ":{}:{}", p.line, p.column)?;
            }
            write!(f, ": ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConfigError {}

/// The candidate closest to `input` by edit distance, if it is close enough to be a likely typo.
pub(crate) fn did_you_mean<'c>(
    input: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<String> {
    let input = input.to_ascii_lowercase();
    let limit = (input.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (strsim::levenshtein(&input, &c.to_ascii_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        let names = ["placeholder-text", "missing-section", "empty-body"];
        assert_eq!(
            did_you_mean("placeholder-txt", names).as_deref(),
            Some("did you mean `placeholder-text`?")
        );
        assert_eq!(did_you_mean("zzz", names), None);
    }

    #[test]
    fn line_and_column_come_from_the_span() {
        let e = ConfigError::at(
            ConfigErrorKind::Toml,
            "x".into(),
            "a = 1\nbé = 2\n",
            Span::new(9, 10),
        );
        let at = e.location.unwrap();
        assert_eq!((at.line, at.column, at.span), (2, 3, Span::new(9, 10)));
        let e = e.in_file(Path::new("cardgen.toml"));
        assert_eq!(e.to_string(), "cardgen.toml:2:3: x");
    }
}
