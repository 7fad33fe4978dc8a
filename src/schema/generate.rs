//! Build `schemas/modelcard.schema.json` from the hand-written structure file
//! `schemas/modelcard.schema.in.json` and the generated vocabularies in `schemas/vocab/`.
//!
//! In the structure file an enum backed by a vocabulary is written `{"type": "string",
//! "$vocab": "licenses"}`. Expansion replaces `$vocab` with the full `enum` (so editors get
//! completion) and keeps the vocabulary's name in the annotation `x-cardgen-vocab`, which the
//! runtime uses to swap the `enum` for a hash-set lookup.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::vocab::{VocabFile, NAMES};

/// The placeholder keyword in the structure file.
pub const VOCAB_PLACEHOLDER: &str = "$vocab";
/// The annotation left next to each expanded `enum`.
pub const VOCAB_ANNOTATION: &str = "x-cardgen-vocab";
/// The structure file, relative to the `schemas` directory.
pub const INPUT_FILE: &str = "modelcard.schema.in.json";
/// The generated schema, relative to the `schemas` directory.
pub const OUTPUT_FILE: &str = "modelcard.schema.json";

/// Why the schema could not be generated.
#[derive(Debug)]
pub enum GenerateError {
    Read {
        path: PathBuf,
        error: std::io::Error,
    },
    Parse {
        path: PathBuf,
        error: serde_json::Error,
    },
    /// `$vocab` names a vocabulary that does not exist.
    UnknownVocab(String),
    /// `$vocab` is not a string.
    BadPlaceholder(Value),
}

impl fmt::Display for GenerateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GenerateError::Read { path, error } => {
                write!(f, "cannot read {}: {error}", path.display())
            }
            GenerateError::Parse { path, error } => {
                write!(f, "{} is not valid JSON: {error}", path.display())
            }
            GenerateError::UnknownVocab(name) => {
                write!(
                    f,
                    "unknown vocabulary `{name}` (known: {})",
                    NAMES.join(", ")
                )
            }
            GenerateError::BadPlaceholder(v) => {
                write!(f, "`{VOCAB_PLACEHOLDER}` must name a vocabulary, found {v}")
            }
        }
    }
}

impl std::error::Error for GenerateError {}

/// Read the structure file and the vocabularies under `schemas_dir` and return the generated
/// schema as the exact text to commit (pretty JSON with a final newline).
pub fn generate(schemas_dir: &Path) -> Result<String, GenerateError> {
    let input: Value = read_json(&schemas_dir.join(INPUT_FILE))?;
    let mut vocabs = BTreeMap::new();
    for name in used_vocabs(&input)? {
        let path = schemas_dir.join("vocab").join(format!("{name}.json"));
        let text = read(&path)?;
        let file = VocabFile::parse(&text).map_err(|error| GenerateError::Parse { path, error })?;
        vocabs.insert(name, file);
    }
    let schema = expand(&input, &vocabs)?;
    let mut text = serde_json::to_string_pretty(&schema).expect("a JSON value always serialises");
    text.push('\n');
    Ok(text)
}

/// Expand every `$vocab` placeholder in `input` and add a root `$comment` naming the sources.
pub fn expand(input: &Value, vocabs: &BTreeMap<String, VocabFile>) -> Result<Value, GenerateError> {
    let mut out = expand_node(input, vocabs)?;
    if let Value::Object(root) = &mut out {
        root.insert("$comment".into(), Value::String(provenance(vocabs)));
    }
    Ok(out)
}

fn expand_node(node: &Value, vocabs: &BTreeMap<String, VocabFile>) -> Result<Value, GenerateError> {
    Ok(match node {
        Value::Object(map) => Value::Object(expand_object(map, vocabs)?),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|v| expand_node(v, vocabs))
                .collect::<Result<_, _>>()?,
        ),
        other => other.clone(),
    })
}

fn expand_object(
    map: &Map<String, Value>,
    vocabs: &BTreeMap<String, VocabFile>,
) -> Result<Map<String, Value>, GenerateError> {
    let mut out = Map::new();
    for (key, value) in map {
        if key == VOCAB_PLACEHOLDER {
            let name = vocab_name(value)?;
            let file = vocabs
                .get(name)
                .ok_or_else(|| GenerateError::UnknownVocab(name.to_owned()))?;
            out.insert(VOCAB_ANNOTATION.into(), Value::String(name.to_owned()));
            out.insert(
                "enum".into(),
                file.allowed().into_iter().map(Value::String).collect(),
            );
        } else {
            out.insert(key.clone(), expand_node(value, vocabs)?);
        }
    }
    Ok(out)
}

/// The vocabulary names `$vocab` placeholders use, each checked against [`NAMES`].
pub fn used_vocabs(input: &Value) -> Result<Vec<String>, GenerateError> {
    let mut names = Vec::new();
    let mut stack = vec![input];
    while let Some(node) = stack.pop() {
        match node {
            Value::Object(map) => {
                if let Some(v) = map.get(VOCAB_PLACEHOLDER) {
                    names.push(vocab_name(v)?.to_owned());
                }
                stack.extend(map.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    names.sort();
    names.dedup();
    Ok(names)
}

fn vocab_name(value: &Value) -> Result<&str, GenerateError> {
    let name = value
        .as_str()
        .ok_or_else(|| GenerateError::BadPlaceholder(value.clone()))?;
    if NAMES.contains(&name) {
        Ok(name)
    } else {
        Err(GenerateError::UnknownVocab(name.to_owned()))
    }
}

fn provenance(vocabs: &BTreeMap<String, VocabFile>) -> String {
    let sources: Vec<String> = vocabs
        .iter()
        .map(|(name, f)| format!("{name}: {}", f.source))
        .collect();
    format!(
        "Generated by cardgen (src/schema/generate.rs) from {INPUT_FILE} and vocab/*.json; do not \
         edit. Regenerate with `CARDGEN_BLESS=1 cargo test --test it schema_current`. Vocabularies: {}.",
        sources.join("; ")
    )
}

fn read(path: &Path) -> Result<String, GenerateError> {
    std::fs::read_to_string(path).map_err(|error| GenerateError::Read {
        path: path.to_owned(),
        error,
    })
}

fn read_json(path: &Path) -> Result<Value, GenerateError> {
    serde_json::from_str(&read(path)?).map_err(|error| GenerateError::Parse {
        path: path.to_owned(),
        error,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn vocabs() -> BTreeMap<String, VocabFile> {
        let file = VocabFile {
            source: "npm:test@1".into(),
            values: vec!["mit".into(), "apache-2.0".into()],
            special: vec!["other".into()],
            names: BTreeMap::new(),
        };
        BTreeMap::from([("licenses".to_string(), file)])
    }

    #[test]
    fn placeholders_become_sorted_enums_with_an_annotation() {
        let input = json!({"properties": {"license": {"type": "string", "$vocab": "licenses"}}});
        let out = expand(&input, &vocabs()).unwrap();
        assert_eq!(
            out["properties"]["license"],
            json!({"type": "string", "x-cardgen-vocab": "licenses", "enum": ["apache-2.0", "mit", "other"]})
        );
        assert!(out["$comment"]
            .as_str()
            .unwrap()
            .contains("licenses: npm:test@1"));
    }

    #[test]
    fn unknown_or_malformed_placeholders_are_errors() {
        let unknown = json!({"a": {"$vocab": "licences"}});
        assert!(matches!(
            used_vocabs(&unknown),
            Err(GenerateError::UnknownVocab(_))
        ));
        let bad = json!({"a": {"$vocab": 3}});
        assert!(matches!(
            expand(&bad, &vocabs()),
            Err(GenerateError::BadPlaceholder(_))
        ));
        let missing = json!({"a": {"$vocab": "languages"}});
        assert!(matches!(
            expand(&missing, &vocabs()),
            Err(GenerateError::UnknownVocab(_))
        ));
    }
}
