//! What a top-level metadata key takes, in words, read from the schema's structure file: "a Hub
//! license id, or a list of Hub license ids". For editors (hover) and help texts.

use std::sync::OnceLock;

use serde_json::Value as Json;

/// A noun phrase whose head can be made plural: `head` + `tail` ("mapping" + " with `name`").
struct Noun {
    head: String,
    tail: String,
}

impl Noun {
    fn new(head: impl Into<String>, tail: impl Into<String>) -> Self {
        Noun {
            head: head.into(),
            tail: tail.into(),
        }
    }

    fn singular(&self) -> String {
        let article = match self.head.chars().next() {
            Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
            _ => "a",
        };
        format!("{article} {}{}", self.head, self.tail)
    }

    fn plural(&self) -> String {
        format!("{}s{}", self.head, self.tail)
    }
}

/// The structure file, parsed on first use.
fn structure() -> &'static Json {
    static STRUCTURE: OnceLock<Json> = OnceLock::new();
    STRUCTURE.get_or_init(|| {
        serde_json::from_str(super::STRUCTURE_JSON).expect("the embedded structure file is JSON")
    })
}

/// What the top-level `key` takes, in words; `None` for a key the schema does not know.
pub fn accepts(key: &str) -> Option<String> {
    let schema = structure().get("properties")?.get(key)?;
    Some(phrase(schema, 0))
}

/// Deeper than this, a schema is described by its type alone (the structure file has no
/// recursive definitions, but a description must end whatever the file says).
const MAX_DEPTH: usize = 4;

/// The schema as alternatives joined by ", or ".
fn phrase(schema: &Json, depth: usize) -> String {
    let schema = resolve(schema);
    if let Some(values) = schema.get("enum").and_then(Json::as_array) {
        let listed: Vec<String> = values.iter().map(|v| format!("`{}`", plain(v))).collect();
        return format!("one of {}", listed.join(", "));
    }
    if let Some(branches) = schema.get("anyOf").and_then(Json::as_array) {
        let parts: Vec<String> = branches.iter().map(|b| phrase(b, depth + 1)).collect();
        return parts.join(", or ");
    }
    let types = types(schema);
    let parts: Vec<String> = types
        .iter()
        .map(|t| match *t {
            "array" => {
                let items = schema.get("items").map(|i| noun(i, depth + 1));
                items.map_or("a list".to_owned(), |n| format!("a list of {}", n.plural()))
            }
            "null" => "null".to_owned(),
            other => noun_of_type(schema, other).singular(),
        })
        .collect();
    if parts.is_empty() {
        "any value".to_owned()
    } else {
        parts.join(" or ")
    }
}

/// The schema as one noun ("Hub license id", "mapping with `name` and `results`").
fn noun(schema: &Json, depth: usize) -> Noun {
    let schema = resolve(schema);
    match types(schema).as_slice() {
        [one] if *one != "array" => noun_of_type(schema, one),
        _ if schema.get("anyOf").is_some() && depth < MAX_DEPTH => {
            Noun::new("value", format!(" that is {}", phrase(schema, depth + 1)))
        }
        _ => Noun::new("value", ""),
    }
}

fn noun_of_type(schema: &Json, json_type: &str) -> Noun {
    if let Some(vocab) = schema.get(super::generate::VOCAB_PLACEHOLDER) {
        return Noun::new(vocab_noun(vocab.as_str().unwrap_or("")), "");
    }
    if schema.get("pattern").is_some() && json_type == "string" {
        return Noun::new("Hub repo id", "");
    }
    match json_type {
        "object" => Noun::new("mapping", required(schema)),
        "string" | "number" | "boolean" | "integer" => Noun::new(json_type, ""),
        _ => Noun::new("value", ""),
    }
}

fn required(schema: &Json) -> String {
    let keys: Vec<String> = schema
        .get("required")
        .and_then(Json::as_array)
        .map(|r| r.iter().map(|k| format!("`{}`", plain(k))).collect())
        .unwrap_or_default();
    match keys.as_slice() {
        [] => String::new(),
        [one] => format!(" with {one}"),
        [init @ .., last] => format!(" with {} and {last}", init.join(", ")),
    }
}

/// The singular noun for a vocabulary's values.
fn vocab_noun(name: &str) -> &'static str {
    match name {
        "licenses" => "Hub license id",
        "pipeline_tags" => "Hub task (pipeline tag)",
        "library_names" => "Hub library name",
        "languages" => "language code",
        _ => "value",
    }
}

/// Follow a local `$ref` (`#/$defs/NAME`) into the structure file.
fn resolve(schema: &Json) -> &Json {
    let mut schema = schema;
    for _ in 0..MAX_DEPTH {
        let Some(name) = schema
            .get("$ref")
            .and_then(Json::as_str)
            .and_then(|r| r.strip_prefix("#/$defs/"))
        else {
            break;
        };
        match structure().get("$defs").and_then(|d| d.get(name)) {
            Some(target) => schema = target,
            None => break,
        }
    }
    schema
}

fn types(schema: &Json) -> Vec<&str> {
    match schema.get("type") {
        Some(Json::String(t)) => vec![t.as_str()],
        Some(Json::Array(ts)) => ts.iter().filter_map(Json::as_str).collect(),
        _ => Vec::new(),
    }
}

fn plain(v: &Json) -> String {
    v.as_str().map_or_else(|| v.to_string(), str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::accepts;

    #[test]
    fn describes_what_each_key_takes() {
        let cases = [
            ("license", "a Hub license id, or a list of Hub license ids"),
            ("language", "a language code, or a list of language codes"),
            ("pipeline_tag", "a Hub task (pipeline tag)"),
            ("tags", "a string, or a list of strings"),
            ("datasets", "a Hub repo id, or a list of Hub repo ids"),
            (
                "base_model_relation",
                "one of `adapter`, `merge`, `quantized`, `finetune`",
            ),
            (
                "model-index",
                "a list of mappings with `name` and `results`",
            ),
            ("inference", "a boolean, or a mapping"),
            (
                "co2_eq_emissions",
                "a number, or a mapping with `emissions`",
            ),
            ("thumbnail", "a string or null"),
            ("gated", "a boolean"),
        ];
        for (key, want) in cases {
            assert_eq!(accepts(key).as_deref(), Some(want), "{key}");
        }
        assert_eq!(accepts("no_such_key"), None);
    }

    #[test]
    fn every_known_key_is_described() {
        for key in crate::schema::schema().known_keys() {
            let text = accepts(key).unwrap_or_else(|| panic!("{key}"));
            assert!(
                !text.is_empty() && !text.contains("any value"),
                "{key}: {text}"
            );
        }
    }
}
