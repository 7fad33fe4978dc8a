//! The model-card metadata JSON Schema (`schemas/modelcard.schema.json`) and validation.
//!
//! The committed schema is generated ([`generate`]) from a hand-written structure file and the
//! vocabularies in `schemas/vocab/`, which `scripts/update-vocab` extracts from the official npm
//! packages.
//!
//! The committed file spells out the vocabularies as big `enum`s (thousands of language codes,
//! hundreds of libraries, …) for editors. At run time that would cost parsing all of it at every
//! start and a linear scan per value, so validation works from the small structure file, each
//! `$vocab` a lookup in the static sorted tables that `build.rs` compiles from `schemas/vocab/`.
//! `quick` says whether metadata is valid; only when it is not is the jsonschema validator
//! compiled (each `$vocab` as a custom `format`), to say why. `tests/schema_current.rs` checks
//! that the committed file is exactly the structure file expanded with those vocabularies, and
//! that all three validators agree on the corpus.

mod accepts;
pub mod generate;
mod issue;
mod quick;
#[cfg(test)]
mod structure;
pub mod vocab;
mod yaml_json;

use std::sync::{Arc, OnceLock};

use serde_json::Value as Json;

use crate::card::yaml::{Entry, Node};
pub use accepts::accepts;
pub use issue::{describe, hub_path, Issue, IssueKind, JsonKind};
use vocab::{Vocab, NAMES};
use yaml_json::{Yaml, YamlNode};

/// The generated schema, as committed.
pub const SCHEMA_JSON: &str = include_str!("../../schemas/modelcard.schema.json");

/// The structure file the committed schema is generated from (`$vocab` placeholders instead of
/// the vocabularies' `enum`s).
const STRUCTURE_JSON: &str = include_str!("../../schemas/modelcard.schema.in.json");

/// Prefix of the runtime `format` names that stand for vocabularies.
const FORMAT_PREFIX: &str = "cardgen-vocab:";

/// The schema: its vocabularies, with which the quick validator (checks compiled in by `build.rs`)
/// answers, and jsonschema's validator for saying why metadata is invalid.
pub struct MetadataSchema {
    /// The structure file compiled by jsonschema (with each `$vocab` as a `format`), on first
    /// need.
    validator: OnceLock<jsonschema::Validator<Yaml>>,
    vocabs: Vec<Arc<Vocab>>,
}

static SCHEMA: OnceLock<MetadataSchema> = OnceLock::new();

/// The compiled schema, built on first use.
pub fn schema() -> &'static MetadataSchema {
    SCHEMA.get_or_init(MetadataSchema::load)
}

impl MetadataSchema {
    /// The vocabularies; the quick validator's checks were compiled from the structure file by
    /// `build.rs`, and the jsonschema validator is compiled on first need.
    pub fn load() -> Self {
        MetadataSchema {
            validator: OnceLock::new(),
            vocabs: Vocab::builtin().into_iter().map(Arc::new).collect(),
        }
    }

    /// The jsonschema validator, compiled on first use: only metadata that [`quick::is_valid`]
    /// finds invalid needs it, to say why.
    fn validator(&self) -> &jsonschema::Validator<Yaml> {
        self.validator.get_or_init(|| {
            compile_structure(&self.vocabs).unwrap_or_else(|e| panic!("embedded schema: {e}"))
        })
    }

    /// Compile the jsonschema validator now (for tests); `Err` says why it does not compile.
    pub fn check_compiles(&self) -> Result<(), String> {
        compile_structure(&self.vocabs).map(|_| ())
    }

    /// Whether the entries are valid (by the quick validator).
    fn entries_valid(&self, entries: &[&Entry]) -> bool {
        quick::is_valid(&self.vocabs, YamlNode::Root(entries))
    }

    /// The verdicts of the quick validator and of jsonschema on `meta`'s top-level
    /// entries, all together (key `None`) and one by one: for tests comparing the two.
    #[doc(hidden)]
    pub fn verdicts(&self, meta: &Node) -> Vec<(Option<String>, bool, bool)> {
        let all: Vec<&Entry> = meta.as_map().unwrap_or_default().iter().collect();
        let mut groups = vec![(None, all.clone())];
        for e in &all {
            groups.push((e.key.key_text().map(|k| k.into_owned()), vec![*e]));
        }
        groups
            .into_iter()
            .map(|(key, entries)| {
                let root = YamlNode::Root(&entries);
                (
                    key,
                    quick::is_valid(&self.vocabs, root),
                    self.validator().is_valid(root),
                )
            })
            .collect()
    }

    /// A vocabulary by name (`licenses`, `pipeline_tags`, `library_names`, `languages`).
    pub fn vocab(&self, name: &str) -> &Vocab {
        self.vocabs
            .iter()
            .find(|v| v.name == name)
            .unwrap_or_else(|| panic!("no vocabulary `{name}`"))
    }

    /// The top-level keys the Hub knows (the schema's `properties`), sorted.
    pub fn known_keys(&self) -> &'static [&'static str] {
        quick::KNOWN_KEYS
    }

    pub fn is_known_key(&self, key: &str) -> bool {
        quick::KNOWN_KEYS.binary_search(&key).is_ok()
    }

    /// What the schema says a top-level key is for.
    pub fn description(&self, key: &str) -> Option<&'static str> {
        let d = quick::DESCRIPTIONS;
        d.binary_search_by(|(k, _)| (*k).cmp(key))
            .ok()
            .map(|i| d[i].1)
    }

    /// Whether the top-level `key` takes a list (`tags`, `datasets`, `base_model`, …).
    pub fn is_list_key(&self, key: &str) -> bool {
        quick::LIST_KEYS.binary_search(&key).is_ok()
    }

    /// Validate the top-level entries of `meta` whose key passes `include` (unknown keys are
    /// never validated: the schema allows them). Issues are located in `meta`'s tree and come in
    /// source order.
    pub fn validate<'n>(&self, meta: &'n Node, include: impl Fn(&str) -> bool) -> Vec<Issue<'n>> {
        let entries: Vec<&Entry> = meta
            .as_map()
            .unwrap_or_default()
            .iter()
            .filter(|e| {
                e.key
                    .as_str()
                    .is_some_and(|k| include(k) && self.is_known_key(k))
            })
            .collect();
        if entries.is_empty() {
            return Vec::new();
        }
        if self.entries_valid(&entries) {
            return Vec::new();
        }
        let root = YamlNode::Root(&entries);
        let mut issues = Vec::new();
        for error in self.validator().iter_errors(root) {
            issue::collect(&error, meta, &mut issues);
        }
        issues.sort_by_key(|i| (i.span.start, i.span.end));
        issues
    }

    /// Whether a whole metadata mapping is valid.
    pub fn is_valid(&self, meta: &Node) -> bool {
        let entries: Vec<&Entry> = meta.as_map().unwrap_or_default().iter().collect();
        self.entries_valid(&entries)
    }
}

/// Compile the structure file with jsonschema. Draft 7: the structure file only uses keywords
/// that mean the same there as in the committed 2020-12 file (`tests/schema_current.rs` checks),
/// and its meta-schema, which jsonschema always checks the schema against, is smaller and cheaper
/// to build than 2020-12's.
fn compile_structure(vocabs: &[Arc<Vocab>]) -> Result<jsonschema::Validator<Yaml>, String> {
    let mut schema: Json = serde_json::from_str(STRUCTURE_JSON).map_err(|e| e.to_string())?;
    placeholders_to_formats(&mut schema)?;
    let mut options = jsonschema::options_for::<Yaml>()
        .with_draft(jsonschema::Draft::Draft7)
        .should_validate_formats(true);
    for v in vocabs {
        let set = Arc::clone(v);
        options = options.with_format(format!("{FORMAT_PREFIX}{}", v.name), move |s: &str| {
            set.contains(s)
        });
    }
    options.build(&schema).map_err(|e| e.to_string())
}

/// The vocabulary a runtime `format` name stands for.
fn vocab_of_format(format: &str) -> Option<&'static str> {
    let name = format.strip_prefix(FORMAT_PREFIX)?;
    NAMES.iter().copied().find(|n| *n == name)
}

/// Replace every `$vocab` placeholder with the matching runtime `format`.
fn placeholders_to_formats(node: &mut Json) -> Result<(), String> {
    match node {
        Json::Object(map) => {
            if let Some(name) = map.remove(generate::VOCAB_PLACEHOLDER) {
                let name = name
                    .as_str()
                    .filter(|n| NAMES.contains(n))
                    .ok_or_else(|| format!("`$vocab: {name}` names no vocabulary"))?;
                map.insert(
                    "format".into(),
                    Json::String(format!("{FORMAT_PREFIX}{name}")),
                );
            }
            map.values_mut().try_for_each(placeholders_to_formats)
        }
        Json::Array(items) => items.iter_mut().try_for_each(placeholders_to_formats),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests;
