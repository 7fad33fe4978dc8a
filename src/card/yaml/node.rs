//! The value tree: serde_json-like values where every node knows its span in the card.

use compact_str::CompactString;

use crate::finding::Span;

/// A YAML node with its position in the card (README byte offsets).
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

/// One `key: value` pair of a mapping. Keys are scalars.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
}

/// A YAML value, as PyYAML's `safe_load` would construct it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    /// A string. Timestamps and `!!binary` are kept as their source text and flagged in `kind`.
    /// Up to 24 bytes are held inline, so most keys and scalars of a front matter allocate
    /// nothing.
    Str(CompactString, StrKind),
    Seq(Vec<Node>),
    /// Entries in source order. Duplicate keys are kept (the builder reports them); lookups
    /// return the last one, as PyYAML does.
    Map(Vec<Entry>),
}

/// What a string value really is in PyYAML's eyes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StrKind {
    Plain,
    /// PyYAML builds a `datetime.date` / `datetime.datetime` here.
    Timestamp,
    /// PyYAML builds `bytes` here (`!!binary`).
    Binary,
    /// An integer too large for i64 (Python keeps it exact); the string is its exact value in
    /// decimal (`-123…`), whatever the YAML spelled (`0x…`, `1_000…`, `1:20…`).
    BigInt,
}

impl Node {
    pub fn new(value: Value, span: Span) -> Self {
        Node { value, span }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s, _) => Some(s),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&[Entry]> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(s) => Some(s),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    /// The entry for `key` in a mapping (the last one, if the key is duplicated).
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.as_map()?
            .iter()
            .rev()
            .find(|e| e.key.key_text().as_deref() == Some(key))
    }

    /// The value for `key` in a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    /// A key as JSON sees it (`json.dumps` rules: `true`, `null`, `1`, …). `None` for a
    /// collection, which cannot be a key.
    pub fn key_text(&self) -> Option<std::borrow::Cow<'_, str>> {
        use std::borrow::Cow;
        Some(match &self.value {
            Value::Str(s, _) => Cow::Borrowed(s.as_str()),
            Value::Null => Cow::Borrowed("null"),
            Value::Bool(true) => Cow::Borrowed("true"),
            Value::Bool(false) => Cow::Borrowed("false"),
            Value::Int(i) => Cow::Owned(i.to_string()),
            Value::Float(f) => Cow::Owned(format_float(*f)),
            Value::Seq(_) | Value::Map(_) => return None,
        })
    }

    /// Follow a JSON pointer (`/model-index/0/name`). Returns the deepest node reached and
    /// whether the whole pointer resolved.
    pub fn locate(&self, pointer: &str) -> (&Node, bool) {
        let mut node = self;
        for raw in pointer.split('/').skip(1) {
            let seg = raw.replace("~1", "/").replace("~0", "~");
            let next = match &node.value {
                Value::Map(_) => node.get(&seg),
                Value::Seq(items) => seg.parse::<usize>().ok().and_then(|i| items.get(i)),
                _ => None,
            };
            match next {
                Some(n) => node = n,
                None => return (node, false),
            }
        }
        (node, true)
    }

    /// The key node for the last segment of a pointer into a mapping (for "unknown key" findings).
    pub fn locate_key(&self, pointer: &str) -> Option<&Node> {
        let (parent, key) = pointer.rsplit_once('/')?;
        let (parent, found) = self.locate(parent);
        let key = key.replace("~1", "/").replace("~0", "~");
        found.then(|| parent.entry(&key).map(|e| &e.key))?
    }

    /// Convert to JSON for schema validation. Non-finite floats become strings.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => J::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f)
                .map(J::Number)
                .unwrap_or_else(|| J::String(format_float(*f))),
            Value::Str(s, _) => J::String(s.to_string()),
            Value::Seq(items) => J::Array(items.iter().map(Node::to_json).collect()),
            Value::Map(entries) => {
                let mut map = serde_json::Map::new();
                for e in entries {
                    if let Some(k) = e.key.key_text() {
                        map.insert(k.into_owned(), e.value.to_json());
                    }
                }
                J::Object(map)
            }
        }
    }
}

/// Python's `repr(float)` for the values that matter here (`inf`, `nan`, plain decimals).
pub fn format_float(f: f64) -> String {
    if f.is_nan() {
        "nan".into()
    } else if f.is_infinite() {
        if f > 0.0 { "inf" } else { "-inf" }.into()
    } else {
        format!("{f:?}")
    }
}
