//! The configuration file as written (TOML, kebab-case, unknown keys rejected) and its
//! translation into a [`Config`], which checks every rule and section name.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::error::{did_you_mean, ConfigError, ConfigErrorKind};
use super::filter::FileFilter;
use super::profile::{Check, Profile};
use super::{
    known_section as known, Config, Level, Limits, LoadOptions, RequiredKey, SectionSpec, Sections,
    Settings, KNOWN,
};
use crate::finding::Span;

/// `cardgen.toml`, or the `[tool.cardgen]` table of `pyproject.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct FileConfig {
    /// The required sections and metadata keys to start from.
    profile: Option<Profile>,
    /// Globs a card must match to be linted (default: every card).
    #[serde(default)]
    include: Vec<Spanned<String>>,
    /// Globs of cards not to lint.
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default)]
    sections: FileSections,
    #[serde(default)]
    metadata: FileMetadata,
    /// Level per rule, by name or code.
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, Spanned<Level>>,
    #[serde(default)]
    limits: FileLimits,
}

/// `[limits]`: input limits a user may need to raise.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct FileLimits {
    /// Bytes, or a string with a K/M/G suffix (`"64M"`).
    max_card_size: Option<Spanned<toml::Value>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct FileMetadata {
    /// Top-level front-matter keys every card must have (replaces the profile's).
    required: Option<Vec<Spanned<String>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct FileSections {
    required: Option<Vec<Spanned<String>>>,
    /// Replace a section's synonyms (or define a new section).
    #[serde(default)]
    synonyms: BTreeMap<Spanned<String>, Spanned<Vec<String>>>,
    /// Add to a section's synonyms.
    #[serde(default)]
    extend_synonyms: BTreeMap<Spanned<String>, Spanned<Vec<String>>>,
}

/// `pyproject.toml`: only `[tool.cardgen]` is read, every other table is ignored.
#[derive(Debug, Deserialize)]
pub(super) struct PyProject {
    tool: Option<PyTool>,
}

#[derive(Debug, Deserialize)]
struct PyTool {
    cardgen: Option<FileConfig>,
}

impl PyProject {
    pub(super) fn cardgen(self) -> Option<FileConfig> {
        self.tool?.cardgen
    }
}

impl FileConfig {
    /// Check names and build the configuration. `source` is the file text, for positions.
    pub(super) fn into_config(
        self,
        source: &str,
        options: LoadOptions,
    ) -> Result<Config, ConfigError> {
        // Each part is built once, in this order (the first error wins); `Config::default()`
        // would build the default sections only for them to be replaced.
        let mut severity = BTreeMap::new();
        for (name, level) in &self.rules {
            let code = rule_code(name, source)?;
            severity.insert(code, level.get_ref().severity());
        }
        let profile = options.profile.or(self.profile).unwrap_or_default();
        let files = self.filter(source)?;
        let sections = self.sections.into_config(source, profile)?;
        let required_metadata = match &self.metadata.required {
            Some(keys) => metadata_keys(keys, source)?,
            None => profile
                .metadata()
                .filter_map(|r| match r.check {
                    Check::Metadata(key) => Some(RequiredKey {
                        key: key.to_string(),
                        why: format!("{} ({})", r.what, r.source),
                    }),
                    Check::Section(_) => None,
                })
                .collect(),
        };
        let mut config = Config {
            settings: Settings {
                limits: Limits::default(),
                severity,
                sections,
                required_metadata,
            },
            profile,
            files,
        };
        if let Some(size) = &self.limits.max_card_size {
            let parsed = match size.get_ref() {
                toml::Value::Integer(n) => usize::try_from(*n).ok().filter(|&n| n > 0),
                toml::Value::String(s) => super::parse_size(s),
                _ => None,
            };
            config.limits.max_card_size = parsed.ok_or_else(|| {
                at(
                    source,
                    size.span(),
                    ConfigErrorKind::Invalid,
                    "`max-card-size` must be a positive number of bytes or a size like \"64M\""
                        .into(),
                )
            })?;
        }
        Ok(config)
    }

    fn filter(&self, source: &str) -> Result<FileFilter, ConfigError> {
        if let Some(empty) = self
            .include
            .iter()
            .chain(&self.exclude)
            .find(|g| g.get_ref().is_empty())
        {
            return Err(invalid(source, empty, "empty glob".to_string()));
        }
        let own = |v: &[Spanned<String>]| v.iter().map(|g| g.get_ref().clone()).collect::<Vec<_>>();
        FileFilter::new(&own(&self.include), &own(&self.exclude)).map_err(|(inc, i, msg)| {
            let list = if inc { &self.include } else { &self.exclude };
            let glob = &list[i.min(list.len().saturating_sub(1))];
            invalid(
                source,
                glob,
                format!("invalid glob `{}`: {msg}", glob.get_ref()),
            )
        })
    }
}

fn metadata_keys(keys: &[Spanned<String>], source: &str) -> Result<Vec<RequiredKey>, ConfigError> {
    let mut out: Vec<RequiredKey> = Vec::new();
    for key in keys {
        let k = key.get_ref().trim();
        if k.is_empty() {
            return Err(invalid(source, key, "empty metadata key".to_string()));
        }
        if out.iter().all(|r| r.key != k) {
            out.push(RequiredKey {
                key: k.to_string(),
                why: "required by `[metadata] required` in the configuration".to_string(),
            });
        }
    }
    Ok(out)
}

fn rule_code(name: &Spanned<String>, source: &str) -> Result<&'static str, ConfigError> {
    if let Some(rule) = crate::rules::find(name.get_ref()) {
        return Ok(rule.code);
    }
    let names = crate::rules::RULES.iter().map(|r| r.name);
    Err(
        invalid(source, name, format!("unknown rule `{}`", name.get_ref()))
            .with_help(did_you_mean(name.get_ref(), names)),
    )
}

impl FileSections {
    fn into_config(self, source: &str, profile: Profile) -> Result<Sections, ConfigError> {
        let names: Vec<Spanned<String>> = match &self.required {
            Some(names) => names.clone(),
            None => profile
                .sections()
                .map(|n| Spanned::new(0..0, n.to_string()))
                .collect(),
        };
        let is_required = |n: &str| names.iter().any(|r| r.get_ref() == n);
        for name in self.synonyms.keys() {
            if known(name.get_ref()).is_none() && !is_required(name.get_ref()) {
                let hint = format!(
                    "a new section must also be listed in `required`, e.g. `required = [\"usage\", \"{}\"]`",
                    name.get_ref()
                );
                return Err(unknown_section(source, name, &self.synonyms, Some(hint)));
            }
        }
        for name in self.extend_synonyms.keys() {
            if known(name.get_ref()).is_none() && !self.defines(name.get_ref()) {
                return Err(unknown_section(source, name, &self.synonyms, None));
            }
        }
        let mut required: Vec<SectionSpec> = Vec::new();
        for name in &names {
            if required.iter().all(|s| &s.name != name.get_ref()) {
                required.push(self.spec(name, source)?);
            }
        }
        Ok(Sections { required })
    }

    fn defines(&self, name: &str) -> bool {
        self.synonyms.keys().any(|k| k.get_ref() == name)
    }

    /// The section `name`: built-in or defined in `[sections.synonyms]`, with its synonyms
    /// replaced or extended as configured.
    fn spec(&self, name: &Spanned<String>, source: &str) -> Result<SectionSpec, ConfigError> {
        let n = name.get_ref().as_str();
        let builtin = known(n);
        let replaced = lookup(&self.synonyms, n);
        let mut synonyms: Vec<String> = match (replaced, builtin) {
            (Some(list), _) => list.get_ref().clone(),
            (None, Some(k)) => k.synonyms.iter().map(|s| s.to_string()).collect(),
            (None, None) => return Err(unknown_section(source, name, &self.synonyms, None)),
        };
        let extended = lookup(&self.extend_synonyms, n);
        synonyms.extend(extended.iter().flat_map(|l| l.get_ref().iter().cloned()));
        let list_span = extended.or(replaced).map_or(name.span(), |l| l.span());
        if synonyms.is_empty() {
            let msg = format!("section `{n}` needs at least one heading");
            return Err(at(source, list_span, ConfigErrorKind::Invalid, msg));
        }
        let title = builtin
            .map_or(synonyms[0].as_str(), |k| k.title)
            .trim_matches('*')
            .to_string();
        SectionSpec::new(n, &title, synonyms).map_err(|bad| {
            let msg = format!("heading `{bad}` for section `{n}` has no letters or digits");
            at(source, list_span, ConfigErrorKind::Invalid, msg)
        })
    }
}

fn lookup<'m>(
    map: &'m BTreeMap<Spanned<String>, Spanned<Vec<String>>>,
    name: &str,
) -> Option<&'m Spanned<Vec<String>>> {
    map.iter()
        .find(|(k, _)| k.get_ref() == name)
        .map(|(_, v)| v)
}

/// "unknown section", with a "did you mean" among the built-in and defined sections, or else
/// `fallback`, or else how to define one.
fn unknown_section(
    source: &str,
    name: &Spanned<String>,
    defined: &BTreeMap<Spanned<String>, Spanned<Vec<String>>>,
    fallback: Option<String>,
) -> ConfigError {
    let n = name.get_ref().as_str();
    let candidates = KNOWN
        .iter()
        .map(|k| k.name)
        .chain(defined.keys().map(|k| k.get_ref().as_str()))
        .filter(|c| *c != n);
    let help = did_you_mean(n, candidates).or(fallback).unwrap_or_else(|| {
        format!(
            "define it with `[sections.synonyms]` `{n} = [\"Heading\", …]`, or use a built-in section: {}",
            KNOWN.iter().map(|k| k.name).collect::<Vec<_>>().join(", ")
        )
    });
    invalid(source, name, format!("unknown section `{n}`")).with_help(Some(help))
}

fn invalid(source: &str, name: &Spanned<String>, message: String) -> ConfigError {
    at(source, name.span(), ConfigErrorKind::Invalid, message)
}

fn at(
    source: &str,
    r: std::ops::Range<usize>,
    kind: ConfigErrorKind,
    message: String,
) -> ConfigError {
    ConfigError::at(kind, message, source, Span::new(r.start, r.end))
}

impl Level {
    /// The severity this level sets, or `None` for `off`.
    pub fn severity(self) -> Option<crate::Severity> {
        match self {
            Level::Error => Some(crate::Severity::Error),
            Level::Warning => Some(crate::Severity::Warning),
            Level::Info => Some(crate::Severity::Info),
            Level::Off => None,
        }
    }
}
