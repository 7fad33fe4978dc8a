//! A yes/no validator for the keywords the structure file uses, so that a card whose metadata is
//! valid (most cards) never needs the jsonschema validator compiled.
//!
//! Compiling the jsonschema validator (including the meta-schema check jsonschema 0.61 always
//! makes) was half of the work of `cardgen lint` on one card. This checks the same schema on the
//! same view of the YAML tree ([`YamlNode`], jsonschema's own node traits), and only answers
//! whether it is valid; when it is not, the jsonschema validator is compiled and says why. Any
//! keyword or form it does not know makes [`Quick::compile`], and so loading the schema, fail.
//! `tests/schema_current.rs` checks that both give the same verdict on every top-level value of
//! the corpus.

use std::sync::Arc;

use jsonschema::json::{Node as _, Object as _};
use jsonschema::JsonType;
use serde_json::{Map, Value as Json};

use super::vocab::Vocab;
use super::yaml_json::{Yaml, YamlNode};

/// The one `pattern` the structure file uses (Hub repo ids), matched by [`is_hub_id`].
const HUB_ID_PATTERN: &str =
    "^(?:[A-Za-z0-9_]+(?:[-.][A-Za-z0-9_]+)*/)?[A-Za-z0-9_]+(?:[-.][A-Za-z0-9_]+)*$";

/// Keywords that only annotate.
const ANNOTATIONS: &[&str] = &["$schema", "$id", "$comment", "description", "title"];

/// The compiled schema: the root and the `$defs` it refers to.
pub(super) struct Quick {
    root: Check,
    defs: Vec<Check>,
    vocabs: Vec<Arc<Vocab>>,
}

/// One (sub)schema.
#[derive(Default)]
struct Check {
    types: Option<Vec<JsonType>>,
    reference: Option<usize>,
    enumeration: Option<Vec<String>>,
    hub_id: bool,
    /// Index into the vocabularies (from `$vocab`).
    vocab: Option<usize>,
    required: Vec<String>,
    properties: Vec<(String, Check)>,
    additional: Option<Box<Check>>,
    items: Option<Box<Check>>,
    any_of: Vec<Check>,
}

impl Quick {
    /// Compile the structure file (`$vocab`: a value of the named vocabulary). `Err` names the
    /// first keyword or form this validator does not handle.
    pub(super) fn compile(schema: &Json, vocabs: &[Arc<Vocab>]) -> Result<Self, String> {
        let empty = Map::new();
        let defs_json = match schema.get("$defs") {
            Some(Json::Object(d)) => d,
            Some(_) => return Err("`$defs` is not an object".into()),
            None => &empty,
        };
        let names: Vec<&String> = defs_json.keys().collect();
        let mut compiler = Compiler { names, vocabs };
        let defs = defs_json
            .values()
            .map(|d| compiler.check(d))
            .collect::<Result<_, _>>()?;
        let root = compiler.check(schema)?;
        Ok(Quick {
            root,
            defs,
            vocabs: vocabs.to_vec(),
        })
    }

    /// Whether `node` is valid.
    pub(super) fn is_valid(&self, node: YamlNode<'_>) -> bool {
        self.valid(&self.root, node)
    }

    fn valid(&self, c: &Check, node: YamlNode<'_>) -> bool {
        if c.reference
            .is_some_and(|r| !self.valid(&self.defs[r], node))
        {
            return false;
        }
        if let Some(types) = &c.types {
            if !types.iter().any(|t| has_type(node, *t)) {
                return false;
            }
        }
        let text = node.as_string();
        if let Some(allowed) = &c.enumeration {
            if !text
                .as_deref()
                .is_some_and(|s| allowed.iter().any(|a| a == s))
            {
                return false;
            }
        }
        if let Some(s) = text.as_deref() {
            if c.hub_id && !is_hub_id(s) {
                return false;
            }
            if c.vocab.is_some_and(|v| !self.vocabs[v].contains(s)) {
                return false;
            }
        }
        if let Some(object) = node.as_object() {
            if !c.required.iter().all(|k| object.get(k).is_some()) {
                return false;
            }
            for (key, value) in object.members() {
                let schema = c
                    .properties
                    .iter()
                    .find(|(k, _)| *k == *key)
                    .map(|(_, s)| s);
                let schema = schema.or(c.additional.as_deref());
                if schema.is_some_and(|s| !self.valid(s, value)) {
                    return false;
                }
            }
        }
        if let (Some(items), Some(array)) = (&c.items, node.as_array()) {
            if !array.iter().all(|n| self.valid(items, YamlNode::Node(n))) {
                return false;
            }
        }
        c.any_of.is_empty() || c.any_of.iter().any(|b| self.valid(b, node))
    }
}

struct Compiler<'a> {
    names: Vec<&'a String>,
    vocabs: &'a [Arc<Vocab>],
}

impl Compiler<'_> {
    fn check(&mut self, schema: &Json) -> Result<Check, String> {
        let Json::Object(map) = schema else {
            return Err(format!("a schema that is not an object: {schema}"));
        };
        let mut c = Check::default();
        for (key, value) in map {
            match key.as_str() {
                "$defs" => {} // compiled by `Quick::compile`
                k if ANNOTATIONS.contains(&k) => {}
                "type" => c.types = Some(types(value)?),
                "$ref" => c.reference = Some(self.reference(value)?),
                "enum" => c.enumeration = Some(strings(value, "enum")?),
                "required" => c.required = strings(value, "required")?,
                "pattern" if value == HUB_ID_PATTERN => c.hub_id = true,
                "$vocab" => c.vocab = Some(self.vocab(value)?),
                "properties" => {
                    let Json::Object(props) = value else {
                        return Err("`properties` is not an object".into());
                    };
                    for (name, s) in props {
                        c.properties.push((name.clone(), self.check(s)?));
                    }
                }
                "additionalProperties" => c.additional = Some(Box::new(self.check(value)?)),
                "items" => c.items = Some(Box::new(self.check(value)?)),
                "anyOf" => {
                    let Json::Array(branches) = value else {
                        return Err("`anyOf` is not a list".into());
                    };
                    c.any_of = branches
                        .iter()
                        .map(|b| self.check(b))
                        .collect::<Result<_, _>>()?;
                }
                other => return Err(format!("keyword `{other}`: {value}")),
            }
        }
        Ok(c)
    }

    fn reference(&self, value: &Json) -> Result<usize, String> {
        value
            .as_str()
            .and_then(|r| r.strip_prefix("#/$defs/"))
            .and_then(|name| self.names.iter().position(|n| *n == name))
            .ok_or_else(|| format!("`$ref` {value}"))
    }

    fn vocab(&self, value: &Json) -> Result<usize, String> {
        value
            .as_str()
            .and_then(|name| self.vocabs.iter().position(|v| v.name == name))
            .ok_or_else(|| format!("`$vocab` {value}"))
    }
}

fn types(value: &Json) -> Result<Vec<JsonType>, String> {
    let one = |t: &Json| match t.as_str() {
        Some("null") => Ok(JsonType::Null),
        Some("boolean") => Ok(JsonType::Boolean),
        Some("number") => Ok(JsonType::Number),
        Some("string") => Ok(JsonType::String),
        Some("array") => Ok(JsonType::Array),
        Some("object") => Ok(JsonType::Object),
        _ => Err(format!("`type` {t}")), // `integer` included: not used, so not handled
    };
    match value {
        Json::Array(ts) => ts.iter().map(one).collect(),
        t => Ok(vec![one(t)?]),
    }
}

fn strings(value: &Json, keyword: &str) -> Result<Vec<String>, String> {
    let items = value
        .as_array()
        .ok_or(format!("`{keyword}` is not a list"))?;
    items
        .iter()
        .map(|v| v.as_str().map(str::to_owned))
        .collect::<Option<_>>()
        .ok_or(format!("`{keyword}` holds a non-string"))
}

fn has_type(node: YamlNode<'_>, t: JsonType) -> bool {
    <YamlNode<'_> as jsonschema::json::Node<'_, Yaml>>::json_type(&node) == t
}

/// `HUB_ID_PATTERN`: `name` or `namespace/name`, each of ASCII letters, digits and `_` in runs
/// joined by single `-` or `.`.
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
    use super::*;

    #[test]
    fn keywords_it_does_not_check_are_refused() {
        for schema in [
            serde_json::json!({"type": "string", "minLength": 1}),
            serde_json::json!({"type": "integer"}),
            serde_json::json!({"pattern": "^a$"}),
            serde_json::json!({"$ref": "#/$defs/missing"}),
            serde_json::json!({"$vocab": "no-such-vocabulary"}),
        ] {
            assert!(Quick::compile(&schema, &[]).is_err(), "{schema}");
        }
        assert!(Quick::compile(&serde_json::json!({"type": ["string", "null"]}), &[]).is_ok());
    }

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
