//! Duplicate-key detection for one mapping, without copying every key: shared by the full
//! parser ([`super::builder`]) and the fast path ([`super::fast`]).

use foldhash::{HashMap, HashMapExt as _};

use super::node::{Entry, Node, Value};
use crate::finding::Span;

/// Up to this many entries, a new key is compared with the earlier ones directly; past it,
/// their texts go into a hash map.
const LINEAR: usize = 16;

/// The keys a mapping has so far (its non-merge entries), by their text as JSON sees it.
#[derive(Default)]
pub(in crate::card::yaml) struct Seen {
    /// Built once the mapping has [`LINEAR`] entries: each key text → the span of its last key.
    map: Option<HashMap<String, Span>>,
}

impl Seen {
    /// The span of the last earlier key of `entries` with the same text as `key`, which is about
    /// to be added after them.
    ///
    /// Same answer as keeping a map from every key text to its latest span: the latest span for
    /// a text is that of the last entry with that text.
    pub(in crate::card::yaml) fn previous(
        &mut self,
        entries: &[Entry],
        key: &Node,
    ) -> Option<Span> {
        if let Some(map) = &mut self.map {
            return map.insert(text(key).into_owned(), key.span);
        }
        if entries.len() < LINEAR {
            return entries
                .iter()
                .rev()
                .find(|e| same_text(&e.key, key))
                .map(|e| e.key.span);
        }
        let mut map = HashMap::with_capacity(entries.len() * 2);
        for e in entries {
            map.insert(text(&e.key).into_owned(), e.key.span);
        }
        let first = map.insert(text(key).into_owned(), key.span);
        self.map = Some(map);
        first
    }
}

fn text(key: &Node) -> std::borrow::Cow<'_, str> {
    key.key_text().unwrap_or_default()
}

/// Whether two keys have the same text; string keys are compared without building their text.
fn same_text(a: &Node, b: &Node) -> bool {
    match (&a.value, &b.value) {
        (Value::Str(x, _), Value::Str(y, _)) => x == y,
        _ => text(a) == text(b),
    }
}
