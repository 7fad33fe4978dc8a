//! Configuration: what to check and how strictly. Read from `cardgen.toml`.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::card::yaml;

/// The whole configuration.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub limits: Limits,
    /// Severity per rule code (`CG101`), or `None` to turn the rule off.
    pub severity: BTreeMap<&'static str, Option<crate::Severity>>,
}

/// Input limits.
#[derive(Debug, Clone, Default)]
pub struct Limits {
    pub yaml: yaml::Limits,
}

/// A rule's level as written in a config file or on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Info,
    Off,
}
