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
//! Top-level keys: `profile = "hub" | "strict" | "eu-ai-act"` (the required sections and
//! metadata keys to start from, see [`Profile`]), `include` / `exclude` (globs relative to the
//! configuration file's directory: which cards to lint), and `[metadata] required` (front-matter
//! keys every card must have, CG113).
//!
//! Errors are data ([`ConfigError`]): message, file, byte span, line and column, and a
//! "did you mean" when a name is close to a known one. Nothing here prints.

mod error;
mod file;
mod filter;
pub mod profile;
mod resolve;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use serde::Deserialize;

pub use crate::rules::sections::known::{known as known_section, KnownSection, SectionSpec, KNOWN};
pub use crate::rules::settings::{
    parse_size, Limits, RequiredKey, Sections, Settings, DEFAULT_MAX_CARD_SIZE, MAX_CARD_SIZE_ENV,
};
pub use error::{ConfigError, ConfigErrorKind, Location};
pub use filter::FileFilter;
pub use profile::{Check, Profile, Requirement};
pub use resolve::{Failure, ResolveOptions, Resolver};

/// The names of configuration files, in the order [`Config::discover`] tries them in a directory.
pub const FILE_NAMES: &[&str] = &["cardgen.toml", ".cardgen.toml", "pyproject.toml"];

/// The whole configuration: what the rules read ([`Settings`], also reached through `Deref`),
/// the profile it started from, and which cards it applies to.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub settings: Settings,
    /// The profile the required sections and metadata keys started from.
    pub profile: Profile,
    /// Which cards to lint (`include` / `exclude`).
    pub files: FileFilter,
}

impl std::ops::Deref for Config {
    type Target = Settings;
    fn deref(&self) -> &Settings {
        &self.settings
    }
}

impl std::ops::DerefMut for Config {
    fn deref_mut(&mut self) -> &mut Settings {
        &mut self.settings
    }
}

/// Choices made outside the file (on the command line) that change how it is read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// Use this profile instead of the file's `profile`.
    pub profile: Option<Profile>,
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
    /// The configuration without a file: `profile`'s requirements and default levels.
    pub fn for_profile(profile: Profile) -> Config {
        Config::from_toml_with(
            "",
            LoadOptions {
                profile: Some(profile),
            },
        )
        .expect("an empty configuration is valid")
    }

    /// Parse `cardgen.toml` text.
    pub fn from_toml(text: &str) -> Result<Config, ConfigError> {
        Self::from_toml_with(text, LoadOptions::default())
    }

    /// Parse `cardgen.toml` text, with command-line choices.
    pub fn from_toml_with(text: &str, options: LoadOptions) -> Result<Config, ConfigError> {
        let file: file::FileConfig =
            toml::from_str(text).map_err(|e| ConfigError::from_toml(&e, text))?;
        file.into_config(text, options)
    }

    /// Parse `pyproject.toml` text; `Ok(None)` when it has no `[tool.cardgen]` table.
    pub fn from_pyproject(text: &str) -> Result<Option<Config>, ConfigError> {
        Self::from_pyproject_with(text, LoadOptions::default())
    }

    fn from_pyproject_with(
        text: &str,
        options: LoadOptions,
    ) -> Result<Option<Config>, ConfigError> {
        if !text.contains("cardgen") {
            return Ok(None);
        }
        let project: file::PyProject =
            toml::from_str(text).map_err(|e| ConfigError::from_toml(&e, text))?;
        project
            .cardgen()
            .map(|f| f.into_config(text, options))
            .transpose()
    }

    /// Set a rule's level, by code or name (the command line's `-W`, `-D`, `-A`).
    pub fn set_level(&mut self, rule: &str, level: Level) -> Result<(), String> {
        match crate::rules::find(rule) {
            Some(r) => {
                self.severity.insert(r.code, level.severity());
                Ok(())
            }
            None => {
                let names = crate::rules::RULES.iter().map(|r| r.name);
                let hint = error::did_you_mean(rule, names)
                    .map(|h| format!("; {h}"))
                    .unwrap_or_default();
                Err(format!(
                    "unknown rule `{rule}`{hint} (run `cardgen rules` for the list)"
                ))
            }
        }
    }

    /// Read a configuration file. A file named `pyproject.toml` is read from its
    /// `[tool.cardgen]` table, which must exist.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        Self::load_with(path, LoadOptions::default())
    }

    /// [`Config::load`] with command-line choices.
    pub fn load_with(path: &Path, options: LoadOptions) -> Result<Config, ConfigError> {
        Self::load_if_present(path, options)?.ok_or_else(|| ConfigError {
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
        Self::discover_with(start, LoadOptions::default())
    }

    /// [`Config::discover`] with command-line choices.
    pub fn discover_with(
        start: &Path,
        options: LoadOptions,
    ) -> Result<Option<(PathBuf, Config)>, ConfigError> {
        // `Path::new(".").ancestors()` stops at `.`; an absolute path walks all the way up.
        let start = std::path::absolute(start).unwrap_or_else(|_| start.to_path_buf());
        for dir in start.ancestors() {
            if let Some(found) = Self::find_in_dir(dir, options)? {
                return Ok(Some(found));
            }
        }
        Ok(None)
    }

    /// The configuration file in `dir` itself (not its parents), in the order of [`FILE_NAMES`]:
    /// one step of [`Config::discover_with`], for callers that cache the walk per directory.
    pub fn find_in_dir(
        dir: &Path,
        options: LoadOptions,
    ) -> Result<Option<(PathBuf, Config)>, ConfigError> {
        for path in Self::files_in_dir(dir) {
            if let Some(config) = Self::load_if_present(&path, options)? {
                return Ok(Some((path, config)));
            }
        }
        Ok(None)
    }

    /// The configuration files present in `dir` itself, in the order of [`FILE_NAMES`], whether
    /// or not they configure cardgen (a `pyproject.toml` may not): what [`Config::find_in_dir`]
    /// reads, and all a caller needs to know that a directory has none.
    pub fn files_in_dir(dir: &Path) -> impl Iterator<Item = PathBuf> + '_ {
        FILE_NAMES
            .iter()
            .map(|name| dir.join(name))
            .filter(|path| path.is_file())
    }

    fn load_if_present(path: &Path, options: LoadOptions) -> Result<Option<Config>, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError::io(path, &e))?;
        let parsed = if path.file_name().is_some_and(|n| n == "pyproject.toml") {
            Self::from_pyproject_with(&text, options)
        } else {
            Self::from_toml_with(&text, options).map(Some)
        };
        let mut parsed = parsed.map_err(|e| e.in_file(path))?;
        if let Some(config) = &mut parsed {
            let dir = path.parent().unwrap_or(Path::new(""));
            config.files.root = Some(std::path::absolute(dir).unwrap_or_else(|_| dir.into()));
        }
        Ok(parsed)
    }
}
