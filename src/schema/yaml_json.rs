//! Validate the YAML tree in place: jsonschema's JSON-representation traits implemented for
//! [`Node`], so no `serde_json::Value` is built for a card that is valid. Converting a large
//! `model-index` to JSON would cost more than validating it.
//!
//! The mapping to JSON is the one of [`Node::to_json`]: keys as `json.dumps` writes them, the
//! last of duplicated keys wins, and non-finite floats read as strings (`nan`, `inf`).

use std::borrow::Cow;

use jsonschema::json::{Array, Json, JsonNumber, Node as JsonNode, NodeIdentity, Object};
use jsonschema::JsonType;
use serde_json::Value as JsonValue;

use crate::card::yaml::{Entry, Node, Value};

/// The representation marker for [`jsonschema::options_for`].
pub struct Yaml;

impl Json for Yaml {
    type Node<'a> = YamlNode<'a>;
    type PreparedKey = String;
    type StringBuffer = ();

    // Lookups scan the entries, so a pass over the members is cheap by comparison.
    const KEYS_PER_LOOKUP: usize = 4;
    // Aliases are expanded into copies, and recursive ones read as null: the tree has no cycles.
    const ACYCLIC: bool = true;

    fn prepare_key(key: &str) -> String {
        key.to_owned()
    }

    fn with_string_node<T>((): &mut (), string: &str, f: impl FnOnce(YamlNode<'_>) -> T) -> T {
        f(YamlNode::Name(string))
    }
}

/// A node as the validator sees it.
#[derive(Debug, Clone, Copy)]
pub enum YamlNode<'a> {
    Node(&'a Node),
    /// The top-level mapping restricted to some of its entries.
    Root(&'a [&'a Entry]),
    /// A bare string (a property name).
    Name(&'a str),
}

impl<'a> YamlNode<'a> {
    fn value(&self) -> Option<&'a Value> {
        match self {
            YamlNode::Node(n) => Some(&n.value),
            _ => None,
        }
    }
}

/// Non-finite floats are strings in JSON, as `Node::to_json` writes them.
fn non_finite(f: f64) -> Option<&'static str> {
    if f.is_nan() {
        Some("nan")
    } else if f.is_infinite() {
        Some(if f > 0.0 { "inf" } else { "-inf" })
    } else {
        None
    }
}

impl<'a> JsonNode<'a, Yaml> for YamlNode<'a> {
    type Object = YamlObject<'a>;
    type Array = &'a [Node];
    type Number = YamlNumber;

    fn as_object(&self) -> Option<YamlObject<'a>> {
        match (self, self.value()) {
            (YamlNode::Root(entries), _) => Some(YamlObject::Root(entries)),
            (_, Some(Value::Map(entries))) => Some(YamlObject::Map(entries)),
            _ => None,
        }
    }

    fn as_array(&self) -> Option<&'a [Node]> {
        match self.value() {
            Some(Value::Seq(items)) => Some(items),
            _ => None,
        }
    }

    fn as_string(&self) -> Option<Cow<'a, str>> {
        match (self, self.value()) {
            (YamlNode::Name(s), _) => Some(Cow::Borrowed(s)),
            (_, Some(Value::Str(s, _))) => Some(Cow::Borrowed(s)),
            (_, Some(Value::Float(f))) => non_finite(*f).map(Cow::Borrowed),
            _ => None,
        }
    }

    fn as_number(&self) -> Option<YamlNumber> {
        match self.value()? {
            Value::Int(i) => Some(YamlNumber::Int(*i)),
            Value::Float(f) if f.is_finite() => Some(YamlNumber::Float(*f)),
            _ => None,
        }
    }

    fn as_boolean(&self) -> Option<bool> {
        match self.value()? {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    fn is_null(&self) -> bool {
        matches!(self.value(), Some(Value::Null))
    }

    fn json_type(&self) -> JsonType {
        match (self, self.value()) {
            (YamlNode::Root(_), _) => JsonType::Object,
            (YamlNode::Name(_), _) => JsonType::String,
            (_, Some(Value::Null)) => JsonType::Null,
            (_, Some(Value::Bool(_))) => JsonType::Boolean,
            (_, Some(Value::Int(_))) => JsonType::Number,
            (_, Some(Value::Float(f))) if f.is_finite() => JsonType::Number,
            (_, Some(Value::Float(_) | Value::Str(..))) => JsonType::String,
            (_, Some(Value::Seq(_))) => JsonType::Array,
            (_, Some(Value::Map(_)) | None) => JsonType::Object,
        }
    }

    fn equals_value(&self, expected: &JsonValue) -> bool {
        match (self.as_string(), expected) {
            (Some(s), JsonValue::String(e)) => s == e.as_str(),
            (Some(_), _) => false,
            (None, _) => jsonschema::json::cmp::equal(&self.to_value(), expected),
        }
    }

    fn to_value(&self) -> Cow<'a, JsonValue> {
        Cow::Owned(match self {
            YamlNode::Node(n) => n.to_json(),
            YamlNode::Name(s) => JsonValue::String((*s).to_owned()),
            YamlNode::Root(entries) => {
                let mut map = serde_json::Map::new();
                for e in entries.iter() {
                    if let Some(k) = e.key.key_text() {
                        map.insert(k.into_owned(), e.value.to_json());
                    }
                }
                JsonValue::Object(map)
            }
        })
    }

    fn identity(&self) -> Option<NodeIdentity> {
        match self {
            YamlNode::Node(n) => Some(NodeIdentity::new(std::ptr::from_ref::<Node>(n) as usize)),
            YamlNode::Root(entries) => Some(NodeIdentity::tagged(entries.as_ptr() as usize, 1)),
            YamlNode::Name(_) => None,
        }
    }
}

/// A number in the tree.
#[derive(Debug, Clone, Copy)]
pub enum YamlNumber {
    Int(i64),
    Float(f64),
}

impl JsonNumber for YamlNumber {
    fn as_u64(&self) -> Option<u64> {
        match self {
            YamlNumber::Int(i) => u64::try_from(*i).ok(),
            YamlNumber::Float(_) => None,
        }
    }

    fn as_i64(&self) -> Option<i64> {
        match self {
            YamlNumber::Int(i) => Some(*i),
            YamlNumber::Float(_) => None,
        }
    }

    fn as_f64(&self) -> Option<f64> {
        Some(match self {
            YamlNumber::Int(i) => *i as f64,
            YamlNumber::Float(f) => *f,
        })
    }

    fn as_str(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_number().to_string())
    }

    fn to_number(&self) -> Cow<'_, serde_json::Number> {
        Cow::Owned(match self {
            YamlNumber::Int(i) => serde_json::Number::from(*i),
            YamlNumber::Float(f) => serde_json::Number::from_f64(*f).unwrap_or_else(|| 0.into()),
        })
    }
}

/// A mapping: a YAML mapping node, or the filtered top level.
#[derive(Debug, Clone, Copy)]
pub enum YamlObject<'a> {
    Map(&'a [Entry]),
    Root(&'a [&'a Entry]),
}

/// The members of a [`YamlObject`], in source order. Keys that are collections are skipped, and
/// so is every entry whose key comes again later (the last one wins, as in PyYAML).
pub enum Members<'a> {
    Map(std::slice::Iter<'a, Entry>),
    Root(std::slice::Iter<'a, &'a Entry>),
}

impl<'a> Iterator for Members<'a> {
    type Item = (Cow<'a, str>, YamlNode<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let (entry, overridden): (&'a Entry, bool) = match self {
                Members::Map(it) => {
                    let e = it.next()?;
                    (e, it.as_slice().iter().any(|l| same_key(l, e)))
                }
                Members::Root(it) => {
                    let e = it.next().copied()?;
                    (e, it.as_slice().iter().any(|l| same_key(l, e)))
                }
            };
            if overridden {
                continue;
            }
            if let Some(key) = entry.key.key_text() {
                return Some((key, YamlNode::Node(&entry.value)));
            }
        }
    }
}

pub(super) fn same_key(a: &Entry, b: &Entry) -> bool {
    match (a.key.as_str(), b.key.as_str()) {
        (Some(x), Some(y)) => x == y,
        (None, None) => a.key.key_text().is_some() && a.key.key_text() == b.key.key_text(),
        _ => false,
    }
}

impl<'a> YamlObject<'a> {
    /// The value of `key`: of its last entry, as PyYAML keeps the last of duplicated keys.
    pub(super) fn value_of(&self, key: &str) -> Option<YamlNode<'a>> {
        let last = |e: &&'a Entry| match &e.key.value {
            // Most keys: compared without building their text.
            Value::Str(s, _) => s == key,
            _ => e.key.key_text().as_deref() == Some(key),
        };
        let found = match *self {
            YamlObject::Map(entries) => entries.iter().rev().find(last),
            YamlObject::Root(entries) => entries.iter().rev().copied().find(last),
        };
        found.map(|e| YamlNode::Node(&e.value))
    }
}

impl<'a> Object<'a, Yaml> for YamlObject<'a> {
    type Node = YamlNode<'a>;
    type MemberName = Cow<'a, str>;
    type MembersIter = Members<'a>;

    /// The number of entries. It counts a duplicated key twice, which only matters to
    /// `minProperties`/`maxProperties`; the schema uses neither.
    fn len(&self) -> usize {
        match self {
            YamlObject::Map(entries) => entries.len(),
            YamlObject::Root(entries) => entries.len(),
        }
    }

    fn get(&self, key: &String) -> Option<YamlNode<'a>> {
        self.value_of(key)
    }

    fn members(&self) -> Members<'a> {
        match *self {
            YamlObject::Map(entries) => Members::Map(entries.iter()),
            YamlObject::Root(entries) => Members::Root(entries.iter()),
        }
    }
}

impl<'a> Array<'a, Yaml> for &'a [Node] {
    type Node = YamlNode<'a>;
    type ElementsIter = std::iter::Map<std::slice::Iter<'a, Node>, fn(&'a Node) -> YamlNode<'a>>;

    fn len(&self) -> usize {
        <[Node]>::len(self)
    }

    fn elements(&self) -> Self::ElementsIter {
        self.iter().map(YamlNode::Node)
    }
}
