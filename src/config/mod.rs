//! Configuration: what to check and how strictly. Read from `cardgen.toml`, `.cardgen.toml` or
//! the `[tool.cardgen]` table of `pyproject.toml`.
//!
//! ```toml
//! [sections]
//! required = ["usage", "limitations", "citation"]
//!
//! [sections.synonyms]          # replaces a section's accepted headings (or defines a section)
//! usage = ["How to use", "Inference"]
//!
//! [sections.extend-synonyms]   # adds to them
//! limitations = ["Things to watch out for"]
//!
//! [rules]                      # by name or code: "error", "warning", "info" or "off"
//! placeholder-text = "error"
//! CG206 = "off"
//! ```
//!
//! Errors are data ([`ConfigError`]): message, file, byte span, line and column, and a
//! "did you mean" when a name is close to a known one. Nothing here prints.

mod error;
mod file;
pub mod sections;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::card::yaml;
pub use error::{ConfigError, ConfigErrorKind, Location};
pub use sections::{SectionSpec, SectionsConfig};

/// The names of configuration files, in the order [`Config::discover`] tries them in a directory.
pub const FILE_NAMES: &[&str] = &["cardgen.toml", ".cardgen.toml", "pyproject.toml"];

/// The whole configuration.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub limits: Limits,
    /// Severity per rule code (`CG101`), or `None` to turn the rule off.
    pub severity: BTreeMap<&'static str, Option<crate::Severity>>,
    /// Required sections and the headings that count as them.
    pub sections: SectionsConfig,
}

/// Input limits.
#[derive(Debug, Clone)]
pub struct Limits {
    pub yaml: yaml::Limits,
    /// The largest card file read, in bytes ([`DEFAULT_MAX_CARD_SIZE`]). A larger file gets one
    /// `card-too-large` finding (CG010) and is not parsed.
    pub max_card_size: usize,
}

/// The default card size limit: 16 MiB (the largest card in the 2,009-card corpus is under 1 MB).
pub const DEFAULT_MAX_CARD_SIZE: usize = 16 * 1024 * 1024;

/// The environment variable that overrides [`Limits::max_card_size`] (bytes, or with a
/// `K`/`M`/`G` suffix for KiB/MiB/GiB).
pub const MAX_CARD_SIZE_ENV: &str = "CARDGEN_MAX_CARD_SIZE";

impl Default for Limits {
    fn default() -> Self {
        Limits {
            yaml: yaml::Limits::default(),
            max_card_size: DEFAULT_MAX_CARD_SIZE,
        }
    }
}

impl Limits {
    /// Apply `CARDGEN_MAX_CARD_SIZE` when it is set; an unparsable value is an error message.
    pub fn apply_env(&mut self) -> Result<(), String> {
        match std::env::var(MAX_CARD_SIZE_ENV) {
            Ok(v) => {
                self.max_card_size = parse_size(&v).ok_or_else(|| {
                    format!(
                        "{MAX_CARD_SIZE_ENV}={v:?} is not a size; use bytes or a K, M or G suffix, e.g. 64M"
                    )
                })?;
                Ok(())
            }
            Err(_) => Ok(()),
        }
    }
}

/// `1048576`, `1024K`, `64M`, `1G` (binary units).
pub fn parse_size(text: &str) -> Option<usize> {
    let t = text.trim();
    let (digits, unit) = match t.char_indices().last()? {
        (i, c) if c.is_ascii_alphabetic() => (&t[..i], c.to_ascii_uppercase()),
        _ => (t, 'B'),
    };
    let shift = match unit {
        'B' => 0,
        'K' => 10,
        'M' => 20,
        'G' => 30,
        _ => return None,
    };
    let n: usize = digits.trim().parse().ok()?;
    n.checked_mul(1usize << shift).filter(|&n| n > 0)
}

/// A rule's level as written in a config file or on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    #[serde(alias = "warn")]
    Warning,
    Info,
    Off,
}

impl Config {
    /// Parse `cardgen.toml` text.
    pub fn from_toml(text: &str) -> Result<Config, ConfigError> {
        let file: file::FileConfig =
            toml::from_str(text).map_err(|e| ConfigError::from_toml(&e, text))?;
        file.into_config(text)
    }

    /// Parse `pyproject.toml` text; `Ok(None)` when it has no `[tool.cardgen]` table.
    pub fn from_pyproject(text: &str) -> Result<Option<Config>, ConfigError> {
        if !text.contains("cardgen") {
            return Ok(None);
        }
        let project: file::PyProject =
            toml::from_str(text).map_err(|e| ConfigError::from_toml(&e, text))?;
        project.cardgen().map(|f| f.into_config(text)).transpose()
    }

    /// Read a configuration file. A file named `pyproject.toml` is read from its
    /// `[tool.cardgen]` table, which must exist.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        Self::load_if_present(path)?.ok_or_else(|| ConfigError {
            kind: ConfigErrorKind::Invalid,
            path: Some(path.to_path_buf()),
            message: "no `[tool.cardgen]` table in this file".to_string(),
            location: None,
            help: Some("add a `[tool.cardgen]` table, or use `cardgen.toml`".to_string()),
        })
    }

    /// Look for a configuration in `start` and then each parent directory: `cardgen.toml`,
    /// `.cardgen.toml`, then a `pyproject.toml` with a `[tool.cardgen]` table. The first found
    /// wins; a found file that is invalid is an error. `Ok(None)` when there is none.
    pub fn discover(start: &Path) -> Result<Option<(PathBuf, Config)>, ConfigError> {
        // `Path::new(".").ancestors()` stops at `.`; an absolute path walks all the way up.
        let start = std::path::absolute(start).unwrap_or_else(|_| start.to_path_buf());
        for dir in start.ancestors() {
            for name in FILE_NAMES {
                let path = dir.join(name);
                if !path.is_file() {
                    continue;
                }
                if let Some(config) = Self::load_if_present(&path)? {
                    return Ok(Some((path, config)));
                }
            }
        }
        Ok(None)
    }

    fn load_if_present(path: &Path) -> Result<Option<Config>, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError::io(path, &e))?;
        let parsed = if path.file_name().is_some_and(|n| n == "pyproject.toml") {
            Self::from_pyproject(&text)
        } else {
            Self::from_toml(&text).map(Some)
        };
        parsed.map_err(|e| e.in_file(path))
    }
}
