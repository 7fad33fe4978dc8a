//! Schema errors as cardgen reads them: one [`Issue`] per problem, located in the card.
//!
//! jsonschema reports `anyOf` failures as one error holding every branch's errors. Here such an
//! error becomes the errors of the one branch whose type fits the value (`language: EN` is a
//! vocabulary problem, not "not valid under any of the schemas"), or a single type error listing
//! every accepted type when no branch fits.

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{JsonType, ValidationError};

use crate::card::yaml::{Node, Value};
use crate::finding::Span;

/// A JSON type, as the schema names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum JsonKind {
    Null,
    Boolean,
    Number,
    String,
    Array,
    Object,
}

impl JsonKind {
    fn from_schema(t: JsonType) -> Self {
        match t {
            JsonType::Null => JsonKind::Null,
            JsonType::Boolean => JsonKind::Boolean,
            JsonType::Integer | JsonType::Number => JsonKind::Number,
            JsonType::String => JsonKind::String,
            JsonType::Array => JsonKind::Array,
            JsonType::Object => JsonKind::Object,
        }
    }

    /// "a string", "a list", …
    pub fn describe(self) -> &'static str {
        match self {
            JsonKind::Null => "empty",
            JsonKind::Boolean => "a boolean",
            JsonKind::Number => "a number",
            JsonKind::String => "a string",
            JsonKind::Array => "a list",
            JsonKind::Object => "a mapping",
        }
    }
}

/// What is wrong at one place.
#[derive(Debug, Clone, PartialEq)]
pub enum IssueKind {
    /// The value has the wrong type; `expected` is sorted and de-duplicated.
    Type { expected: Vec<JsonKind> },
    /// A string that is not in the named vocabulary (`licenses`, `languages`, …).
    NotInVocab { vocab: &'static str },
    /// A value outside a small `enum`.
    Enum { allowed: Vec<String> },
    /// A string that does not match the expected shape (Hub ids).
    Pattern,
    /// A mapping lacks a required key.
    Required { property: String },
    /// A mapping has a key the schema does not allow.
    UnknownKey,
    /// Anything else, with jsonschema's message.
    Other(String),
}

/// One schema problem, located in the card.
#[derive(Debug, Clone)]
pub struct Issue<'n> {
    /// JSON pointer of the offending value (for `Required`, of the mapping that lacks the key;
    /// for `UnknownKey`, of the key's value).
    pub pointer: String,
    pub kind: IssueKind,
    /// The node at `pointer` (for `UnknownKey`, the key node).
    pub node: &'n Node,
    /// Where to point: the value, the unknown key, or the first key of a mapping missing one.
    pub span: Span,
}

impl Issue<'_> {
    /// The path in the Hub's notation: `model-index[0].results[0].dataset.config`.
    pub fn path(&self) -> String {
        hub_path(&self.pointer)
    }

    /// The top-level key the issue is under.
    pub fn top_key(&self) -> String {
        segments(&self.pointer).next().unwrap_or_default()
    }
}

/// A JSON pointer in the Hub's error notation: `/a/0/b` → `a[0].b`.
pub fn hub_path(pointer: &str) -> String {
    let mut out = String::new();
    for seg in segments(pointer) {
        if !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()) {
            out.push('[');
            out.push_str(&seg);
            out.push(']');
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&seg);
        }
    }
    out
}

fn segments(pointer: &str) -> impl Iterator<Item = String> + '_ {
    pointer
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
}

/// How a YAML value reads in a message: "a string", "a list", "empty".
pub fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "empty",
        Value::Bool(_) => "a boolean",
        Value::Int(_) | Value::Float(_) => "a number",
        Value::Str(..) => "a string",
        Value::Seq(_) => "a list",
        Value::Map(_) => "a mapping",
    }
}

/// Turn one jsonschema error into issues, appending to `out`.
pub(crate) fn collect<'n>(error: &ValidationError<'_>, root: &'n Node, out: &mut Vec<Issue<'n>>) {
    let pointer = error.instance_path().as_str().to_owned();
    let kind = match error.kind() {
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            return alternatives(&pointer, context, root, out);
        }
        ValidationErrorKind::Required { property } => {
            let property = property
                .as_str()
                .map_or_else(|| property.to_string(), str::to_owned);
            return out.push(required(pointer, property, root));
        }
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
            return unknown_keys(&pointer, unexpected, root, out);
        }
        ValidationErrorKind::Type { kind } => IssueKind::Type {
            expected: kinds(kind),
        },
        ValidationErrorKind::Format { format } => match super::vocab_of_format(format) {
            Some(vocab) => IssueKind::NotInVocab { vocab },
            None => IssueKind::Other(error.to_string()),
        },
        ValidationErrorKind::Enum { options } => IssueKind::Enum {
            allowed: enum_strings(options),
        },
        ValidationErrorKind::Pattern { .. } => IssueKind::Pattern,
        _ => IssueKind::Other(error.to_string()),
    };
    let (node, _) = root.locate(&pointer);
    out.push(Issue {
        span: node.span,
        node,
        pointer,
        kind,
    });
}

fn kinds(kind: &TypeKind) -> Vec<JsonKind> {
    let mut out: Vec<JsonKind> = match kind {
        TypeKind::Single(t) => vec![JsonKind::from_schema(*t)],
        TypeKind::Multiple(set) => set.iter().map(JsonKind::from_schema).collect(),
    };
    out.sort();
    out.dedup();
    out
}

fn enum_strings(options: &serde_json::Value) -> Vec<String> {
    let items = options.as_array().map(Vec::as_slice).unwrap_or_default();
    items
        .iter()
        .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
        .collect()
}

/// `anyOf`/`oneOf`: follow the one branch whose type fits, or report the types that would.
fn alternatives<'n>(
    pointer: &str,
    branches: &[Vec<ValidationError<'static>>],
    root: &'n Node,
    out: &mut Vec<Issue<'n>>,
) {
    let mut expected = Vec::new();
    let mut fitting = Vec::new();
    for branch in branches {
        let type_error = branch.iter().find_map(|e| match e.kind() {
            ValidationErrorKind::Type { kind } if e.instance_path().as_str() == pointer => {
                Some(kinds(kind))
            }
            _ => None,
        });
        match type_error {
            Some(k) => expected.extend(k),
            None => fitting.push(branch),
        }
    }
    if let Some(branch) = fitting.first() {
        for e in branch.iter() {
            collect(e, root, out);
        }
        return;
    }
    expected.sort();
    expected.dedup();
    let (node, _) = root.locate(pointer);
    out.push(Issue {
        pointer: pointer.to_owned(),
        kind: IssueKind::Type { expected },
        node,
        span: node.span,
    });
}

fn required(pointer: String, property: String, root: &Node) -> Issue<'_> {
    let (node, _) = root.locate(&pointer);
    let span = node
        .as_map()
        .and_then(|entries| entries.first())
        .map_or(node.span, |e| e.key.span);
    Issue {
        pointer,
        kind: IssueKind::Required { property },
        node,
        span,
    }
}

fn unknown_keys<'n>(pointer: &str, keys: &[String], root: &'n Node, out: &mut Vec<Issue<'n>>) {
    for key in keys {
        let child = format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
        let node = root
            .locate_key(&child)
            .unwrap_or_else(|| root.locate(pointer).0);
        out.push(Issue {
            pointer: child,
            kind: IssueKind::UnknownKey,
            node,
            span: node.span,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hub_paths_use_brackets_for_indices() {
        assert_eq!(
            hub_path("/model-index/0/results/0/dataset/config"),
            "model-index[0].results[0].dataset.config"
        );
        assert_eq!(hub_path("/datasets/1"), "datasets[1]");
        assert_eq!(hub_path("/a~1b/c~0d"), "a/b.c~d");
        assert_eq!(hub_path(""), "");
    }
}
