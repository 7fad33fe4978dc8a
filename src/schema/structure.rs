//! The structure file (`schemas/modelcard.schema.in.json`) compiled for the quick validator at
//! build time: `build.rs` includes this file, compiles the structure file with [`compile`] and
//! writes the result as Rust statics ([`Compiled::rust`]) to `$OUT_DIR/structure.rs`, which
//! `src/schema/quick.rs` includes. A start of `cardgen lint` then neither parses the structure
//! file nor builds the tree of checks: they are statics, ready before the first card.
//!
//! Any keyword or form the quick validator does not handle is an error here, so the build fails
//! until it does. This file uses only `std` and `serde_json`, the build script's dependencies.

use std::fmt::Write as _;

use serde_json::{Map, Value as Json};

/// The one `pattern` the structure file uses (Hub repo ids), matched by `quick::is_hub_id`.
pub const HUB_ID_PATTERN: &str =
    "^(?:[A-Za-z0-9_]+(?:[-.][A-Za-z0-9_]+)*/)?[A-Za-z0-9_]+(?:[-.][A-Za-z0-9_]+)*$";

/// Keywords that only annotate.
const ANNOTATIONS: &[&str] = &["$schema", "$id", "$comment", "description", "title"];

/// The JSON types `type` may name, as `jsonschema::JsonType` variants. `integer` is not used by
/// the structure file, so it is not handled.
const TYPES: &[(&str, &str)] = &[
    ("null", "Null"),
    ("boolean", "Boolean"),
    ("number", "Number"),
    ("string", "String"),
    ("array", "Array"),
    ("object", "Object"),
];

/// The structure file, compiled.
#[derive(Debug)]
pub struct Compiled {
    pub root: Check,
    /// The `$defs`, in file order; `$ref`s are indices into it.
    pub defs: Vec<Check>,
    /// Top-level keys the schema describes, sorted.
    pub known_keys: Vec<String>,
    /// Top-level keys whose value may be a list, sorted.
    pub list_keys: Vec<String>,
    /// The `description` of each top-level key that has one, sorted by key.
    pub descriptions: Vec<(String, String)>,
}

/// One (sub)schema.
#[derive(Debug, Default)]
pub struct Check {
    /// `jsonschema::JsonType` variant names.
    pub types: Option<Vec<&'static str>>,
    pub reference: Option<usize>,
    pub enumeration: Option<Vec<String>>,
    pub hub_id: bool,
    /// Index into the vocabularies (from `$vocab`).
    pub vocab: Option<usize>,
    pub required: Vec<String>,
    pub properties: Vec<(String, Check)>,
    pub additional: Option<Box<Check>>,
    pub items: Option<Box<Check>>,
    pub any_of: Vec<Check>,
}

/// Compile the structure file; `vocabs` are the vocabulary names, in the order of the runtime
/// tables (`$vocab` becomes an index into them). `Err` names the first keyword or form the quick
/// validator does not handle.
pub fn compile(schema: &Json, vocabs: &[&str]) -> Result<Compiled, String> {
    let empty = Map::new();
    let defs_json = match schema.get("$defs") {
        Some(Json::Object(d)) => d,
        Some(_) => return Err("`$defs` is not an object".into()),
        None => &empty,
    };
    let compiler = Compiler {
        names: defs_json.keys().collect(),
        vocabs,
    };
    let defs = defs_json
        .values()
        .map(|d| compiler.check(d))
        .collect::<Result<_, _>>()?;
    let root = compiler.check(schema)?;
    let properties = match schema.get("properties") {
        Some(Json::Object(p)) => p,
        _ => &empty,
    };
    let mut known_keys: Vec<String> = properties.keys().cloned().collect();
    known_keys.sort();
    let mut list_keys: Vec<String> = properties
        .iter()
        .filter(|(_, s)| accepts_array(s, defs_json))
        .map(|(k, _)| k.clone())
        .collect();
    list_keys.sort();
    let mut descriptions: Vec<(String, String)> = properties
        .iter()
        .filter_map(|(k, s)| Some((k.clone(), s.get("description")?.as_str()?.to_owned())))
        .collect();
    descriptions.sort();
    Ok(Compiled {
        root,
        defs,
        known_keys,
        list_keys,
        descriptions,
    })
}

struct Compiler<'a> {
    names: Vec<&'a String>,
    vocabs: &'a [&'a str],
}

impl Compiler<'_> {
    fn check(&self, schema: &Json) -> Result<Check, String> {
        let Json::Object(map) = schema else {
            return Err(format!("a schema that is not an object: {schema}"));
        };
        let mut c = Check::default();
        for (key, value) in map {
            match key.as_str() {
                "$defs" => {} // compiled by `compile`
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
            .and_then(|name| self.vocabs.iter().position(|v| *v == name))
            .ok_or_else(|| format!("`$vocab` {value}"))
    }
}

fn types(value: &Json) -> Result<Vec<&'static str>, String> {
    let one = |t: &Json| {
        TYPES
            .iter()
            .find(|(name, _)| t.as_str() == Some(name))
            .map(|&(_, variant)| variant)
            .ok_or_else(|| format!("`type` {t}"))
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

/// Whether a (top-level property) schema accepts an array, following `$ref`s into `$defs` and
/// `anyOf`/`oneOf` branches.
fn accepts_array(schema: &Json, defs: &Map<String, Json>) -> bool {
    let types_array = match schema.get("type") {
        Some(Json::String(t)) => t == "array",
        Some(Json::Array(ts)) => ts.iter().any(|t| t == "array"),
        _ => false,
    };
    let via_ref = schema
        .get("$ref")
        .and_then(Json::as_str)
        .and_then(|r| r.strip_prefix("#/$defs/"))
        .and_then(|name| defs.get(name))
        .is_some_and(|d| accepts_array(d, defs));
    let via_branches = ["anyOf", "oneOf"].iter().any(|k| {
        schema
            .get(*k)
            .and_then(Json::as_array)
            .is_some_and(|bs| bs.iter().any(|b| accepts_array(b, defs)))
    });
    types_array || via_ref || via_branches
}

impl Compiled {
    /// The Rust source of the statics `quick.rs` includes: `ROOT`, `DEFS`, `KNOWN_KEYS`,
    /// `LIST_KEYS` and `DESCRIPTIONS`, of the types `Check`, `&[Check]`, `&[&str]` and
    /// `&[(&str, &str)]`.
    pub fn rust(&self) -> String {
        let mut out = String::from(
            "// Generated by build.rs from schemas/modelcard.schema.in.json; do not edit.\n",
        );
        out.push_str("pub(super) static ROOT: Check = ");
        self.root.rust(&mut out);
        out.push_str(";\npub(super) static DEFS: &[Check] = &[");
        for d in &self.defs {
            d.rust(&mut out);
            out.push(',');
        }
        out.push_str("];\npub(super) static KNOWN_KEYS: &[&str] = ");
        str_slice(&mut out, &self.known_keys);
        out.push_str(";\npub(super) static LIST_KEYS: &[&str] = ");
        str_slice(&mut out, &self.list_keys);
        out.push_str(";\npub(super) static DESCRIPTIONS: &[(&str, &str)] = &[");
        for (k, d) in &self.descriptions {
            let _ = write!(out, "({k:?}, {d:?}),");
        }
        out.push_str("];\n");
        out
    }
}

impl Check {
    /// This check as a `Check { … }` expression.
    fn rust(&self, out: &mut String) {
        out.push_str("Check { types: ");
        match &self.types {
            Some(ts) => {
                out.push_str("Some(&[");
                for t in ts {
                    let _ = write!(out, "JsonType::{t},");
                }
                out.push_str("])");
            }
            None => out.push_str("None"),
        }
        let _ = write!(out, ", reference: {:?}, enumeration: ", self.reference);
        match &self.enumeration {
            Some(e) => {
                out.push_str("Some(");
                str_slice(out, e);
                out.push(')');
            }
            None => out.push_str("None"),
        }
        let _ = write!(
            out,
            ", hub_id: {}, vocab: {:?}, required: ",
            self.hub_id, self.vocab
        );
        str_slice(out, &self.required);
        out.push_str(", properties: &[");
        for (name, c) in &self.properties {
            let _ = write!(out, "({name:?}, ");
            c.rust(out);
            out.push_str("),");
        }
        out.push_str("], additional: ");
        boxed(out, self.additional.as_deref());
        out.push_str(", items: ");
        boxed(out, self.items.as_deref());
        out.push_str(", any_of: &[");
        for b in &self.any_of {
            b.rust(out);
            out.push(',');
        }
        out.push_str("] }");
    }
}

fn boxed(out: &mut String, check: Option<&Check>) {
    match check {
        Some(c) => {
            out.push_str("Some(&");
            c.rust(out);
            out.push(')');
        }
        None => out.push_str("None"),
    }
}

fn str_slice(out: &mut String, items: &[String]) {
    out.push_str("&[");
    for s in items {
        let _ = write!(out, "{s:?},");
    }
    out.push(']');
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
            serde_json::json!({"anyOf": {"type": "string"}}),
        ] {
            assert!(compile(&schema, &[]).is_err(), "{schema}");
        }
        let ok = compile(&serde_json::json!({"type": ["string", "null"]}), &[]).unwrap();
        assert_eq!(ok.root.types, Some(vec!["String", "Null"]));
    }

    /// The statics the library was built with are the structure file compiled now, with the
    /// vocabularies in the order of `vocab::NAMES` (build.rs has its own copy of that list).
    #[test]
    fn the_built_statics_are_current() {
        let schema: Json = serde_json::from_str(super::super::STRUCTURE_JSON).unwrap();
        let now = compile(&schema, &super::super::vocab::NAMES)
            .unwrap()
            .rust();
        assert_eq!(include_str!(concat!(env!("OUT_DIR"), "/structure.rs")), now);
    }

    #[test]
    fn top_level_tables_are_sorted() {
        let schema: Json = serde_json::from_str(super::super::STRUCTURE_JSON).unwrap();
        let c = compile(&schema, &super::super::vocab::NAMES).unwrap();
        assert!(c.known_keys.windows(2).all(|w| w[0] < w[1]));
        assert!(c.list_keys.iter().all(|k| c.known_keys.contains(k)));
        assert!(c.descriptions.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(c.list_keys.contains(&"tags".to_string()));
        assert!(!c.list_keys.contains(&"pipeline_tag".to_string()));
    }
}
