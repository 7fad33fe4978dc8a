//! What the rules read besides the card: levels, required sections and keys, input limits.
//! The configuration ([`crate::config`]) builds these from files, profiles and the command line.

use std::collections::BTreeMap;

use super::sections::known::{known, SectionSpec, DEFAULT_REQUIRED};
use crate::card::yaml;
use crate::finding::Severity;

/// Everything a rule may consult besides the card.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub limits: Limits,
    /// Severity per rule code (`CG101`), or `None` to turn the rule off.
    pub severity: BTreeMap<&'static str, Option<Severity>>,
    /// Required sections and the headings that count as them.
    pub sections: Sections,
    /// Top-level front-matter keys every card must have (CG113), with why.
    pub required_metadata: Vec<RequiredKey>,
}

impl Settings {
    /// Whether the rule with this code is turned off.
    pub fn is_off(&self, code: &str) -> bool {
        self.severity.get(code) == Some(&None)
    }
}

/// The sections a card must have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sections {
    /// Sections every card must have, in the order they are reported.
    pub required: Vec<SectionSpec>,
}

impl Default for Sections {
    fn default() -> Self {
        let required = DEFAULT_REQUIRED
            .iter()
            .filter_map(|name| known(name))
            .map(SectionSpec::from_known)
            .collect();
        Sections { required }
    }
}

/// A front-matter key a card must have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequiredKey {
    pub key: String,
    /// Why, e.g. "the licence (AI Act Annex XI 1(f), Annex XII 1(h))".
    pub why: String,
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
