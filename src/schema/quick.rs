//! A yes/no validator for the keywords the structure file uses, so that a card whose metadata is
//! valid (most cards) never needs the jsonschema validator compiled.
//!
//! Compiling the jsonschema validator (including the meta-schema check jsonschema always makes)
//! would be most of the work of `cardgen lint` on one card. This checks the same schema on the
//! same view of the YAML tree ([`YamlNode`], jsonschema's own node traits), and only answers
//! whether it is valid; when it is not, the jsonschema validator is compiled and says why. The
//! checks are statics that `build.rs` compiles from the structure file (`structure.rs`); any
//! keyword or form they do not cover fails the build. `tests/schema_current.rs` checks that both
//! validators give the same verdict on every top-level value of the corpus.

use std::sync::Arc;

use jsonschema::json::Node as _;
use jsonschema::JsonType;

use super::vocab::Vocab;
use super::yaml_json::{same_key, Yaml, YamlNode, YamlObject};
use crate::card::yaml::Entry;

include!(concat!(env!("OUT_DIR"), "/structure.rs"));

/// One (sub)schema, as `build.rs` writes it (see `structure::Check`).
pub(super) struct Check {
    types: Option<&'static [JsonType]>,
    reference: Option<usize>,
    enumeration: Option<&'static [&'static str]>,
    hub_id: bool,
    /// Index into the vocabularies, in the order of `vocab::NAMES` (from `$vocab`).
    vocab: Option<usize>,
    required: &'static [&'static str],
    properties: &'static [(&'static str, Check)],
    additional: Option<&'static Check>,
    items: Option<&'static Check>,
    any_of: &'static [Check],
}

/// Whether `node` is valid against [`ROOT`] (and the [`DEFS`] it refers to), with `vocabs` in
/// the order of `vocab::NAMES`.
pub(super) fn is_valid(vocabs: &[Arc<Vocab>], node: YamlNode<'_>) -> bool {
    valid(vocabs, &ROOT, node)
}

fn valid(vocabs: &[Arc<Vocab>], c: &Check, node: YamlNode<'_>) -> bool {
    if c.reference.is_some_and(|r| !valid(vocabs, &DEFS[r], node)) {
        return false;
    }
    if let Some(types) = c.types {
        if !types.iter().any(|t| has_type(node, *t)) {
            return false;
        }
    }
    if c.enumeration.is_some() || c.hub_id || c.vocab.is_some() {
        let text = node.as_string();
        if let Some(allowed) = c.enumeration {
            if !text.as_deref().is_some_and(|s| allowed.contains(&s)) {
                return false;
            }
        }
        if let Some(s) = text.as_deref() {
            if c.hub_id && !is_hub_id(s) {
                return false;
            }
            if c.vocab.is_some_and(|v| !vocabs[v].contains(s)) {
                return false;
            }
        }
    }
    if let Some(object) = node.as_object() {
        if !c.required.iter().all(|k| object.value_of(k).is_some()) {
            return false;
        }
        let members_valid = match object {
            YamlObject::Map(entries) => members_valid(vocabs, c, entries.len(), |i| &entries[i]),
            YamlObject::Root(entries) => members_valid(vocabs, c, entries.len(), |i| entries[i]),
        };
        if !members_valid {
            return false;
        }
    }
    if let (Some(items), Some(array)) = (c.items, node.as_array()) {
        if !array
            .iter()
            .all(|n| valid(vocabs, items, YamlNode::Node(n)))
        {
            return false;
        }
    }
    c.any_of.is_empty() || c.any_of.iter().any(|b| valid(vocabs, b, node))
}

/// Whether the `n` entries of a mapping (`entry(i)` is the `i`th) are valid against `c`'s
/// properties (and `additional`): the members jsonschema sees ([`super::yaml_json::Members`]),
/// looked at in a cheaper order. A key with no schema is passed over at once; only a key with
/// one is checked for a later duplicate, which overrides it as in PyYAML's dict.
fn members_valid<'a>(
    vocabs: &[Arc<Vocab>],
    c: &Check,
    n: usize,
    entry: impl Fn(usize) -> &'a Entry,
) -> bool {
    if c.properties.is_empty() && c.additional.is_none() {
        return true;
    }
    (0..n).all(|i| {
        let e = entry(i);
        let Some(key) = e.key.key_text() else {
            return true;
        };
        let Some(schema) = property(c.properties, &key).or(c.additional) else {
            return true;
        };
        let overridden = (i + 1..n).any(|j| same_key(entry(j), e));
        overridden || valid(vocabs, schema, YamlNode::Node(&e.value))
    })
}

/// The schema of property `key` among `properties`. Names are compared by length and first
/// byte before their bytes: most of a long list differs there, and a full comparison is a call
/// to `memcmp`.
fn property<'c>(properties: &'c [(&'static str, Check)], key: &str) -> Option<&'c Check> {
    let first = key.as_bytes().first();
    properties
        .iter()
        .find(|(k, _)| k.len() == key.len() && k.as_bytes().first() == first && *k == key)
        .map(|(_, s)| s)
}

fn has_type(node: YamlNode<'_>, t: JsonType) -> bool {
    <YamlNode<'_> as jsonschema::json::Node<'_, Yaml>>::json_type(&node) == t
}

/// `structure::HUB_ID_PATTERN`: `name` or `namespace/name`, each of ASCII letters, digits and
/// `_` in runs joined by single `-` or `.`.
fn is_hub_id(s: &str) -> bool {
    let mut parts = s.split('/');
    let name = parts.next_back().unwrap_or_default();
    let namespace = parts.next();
    parts.next().is_none() && namespace.is_none_or(is_hub_name) && is_hub_name(name)
}

fn is_hub_name(s: &str) -> bool {
    s.split(['-', '.'])
        .all(|run| !run.is_empty() && run.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
}

#[cfg(test)]
mod tests {
    use super::super::structure::HUB_ID_PATTERN;
    use super::*;

    #[test]
    fn hub_ids_match_the_pattern() {
        let pattern = regex::Regex::new(HUB_ID_PATTERN).unwrap();
        for s in [
            "gpt2",
            "org/model",
            "a-b.c_d/e.f-g",
            "a/b/c",
            "/a",
            "a/",
            "",
            "a--b",
            "a..b",
            "-a",
            "a-",
            "a.",
            ".a",
            "a/-b",
            "é/b",
            "a b",
            "a\n",
            "ab\n",
            "a/b\n",
            "_/_",
            "a.-b",
            "9",
        ] {
            assert_eq!(is_hub_id(s), pattern.is_match(s), "{s:?}");
        }
    }
}
