//! The fixers of the fixable rules (wired in with `fix:` in their `declare_rule!`).

use super::source::{remove_item, replace_scalar, wrap_in_list};
use super::Fix;
use crate::card::yaml::{Entry, Node, Value};
use crate::card::CardContext;
use crate::schema::{self, vocab};

/// Misspellings of metadata keys that are not just a different case or separator, with the key
/// they stand for. Only unmistakable ones: CG106 guesses more widely, but a guess is not a fix.
const MISSPELT_KEYS: [(&str, &str); 8] = [
    ("licence", "license"),
    ("licences", "license"),
    ("licenses", "license"),
    ("languages", "language"),
    ("dataset", "datasets"),
    ("metric", "metrics"),
    ("tag", "tags"),
    ("base_models", "base_model"),
];

/// The known key an unknown top-level key is certainly a misspelling of: the same up to case
/// and `-`/`_` (`base-model`, `Pipeline_Tag`, `model_index`), or one in [`MISSPELT_KEYS`].
pub(crate) fn misspelt_key(key: &str) -> Option<&'static str> {
    let schema = schema::schema();
    if schema.is_known_key(key) {
        return None;
    }
    let norm = vocab::normalise(key);
    let mut same = schema
        .known_keys()
        .iter()
        .filter(|k| vocab::normalise(k) == norm);
    if let (Some(k), None) = (same.next(), same.next()) {
        return Some(k);
    }
    MISSPELT_KEYS
        .iter()
        .find(|(wrong, _)| vocab::normalise(wrong) == norm)
        .map(|(_, right)| *right)
}

/// CG106: rename a misspelt top-level key when the right key is absent and no other key would
/// be renamed to it.
pub(crate) fn rename_keys(ctx: &CardContext<'_>, out: &mut Vec<Fix>) {
    let Some(entries) = ctx.meta().and_then(Node::as_map) else {
        return;
    };
    let target = |e: &Entry| e.key.as_str().and_then(misspelt_key);
    for entry in entries {
        let (Some(key), Some(right)) = (entry.key.as_str(), target(entry)) else {
            continue;
        };
        let taken = entries
            .iter()
            .any(|e| e.key.key_text().as_deref() == Some(right));
        let rivals = entries.iter().filter(|e| target(e) == Some(right)).count();
        if taken || rivals > 1 {
            continue;
        }
        if let Some(edit) = replace_scalar(ctx.text, &entry.key, right) {
            out.push(Fix::new(
                "CG106",
                format!("renamed `{key}` to `{right}`"),
                vec![edit],
            ));
        }
    }
}

/// CG102: `license: Apache-2.0` → `apache-2.0` (also in a list).
pub(crate) fn license_case(ctx: &CardContext<'_>, out: &mut Vec<Fix>) {
    vocab_case(ctx, out, "CG102", "license", "licenses");
}

/// CG103: `pipeline_tag: Text-Generation` → `text-generation`.
pub(crate) fn pipeline_tag_case(ctx: &CardContext<'_>, out: &mut Vec<Fix>) {
    vocab_case(ctx, out, "CG103", "pipeline_tag", "pipeline_tags");
}

/// CG104: `library_name: Transformers` → `transformers`.
pub(crate) fn library_name_case(ctx: &CardContext<'_>, out: &mut Vec<Fix>) {
    vocab_case(ctx, out, "CG104", "library_name", "library_names");
}

/// Fix the case of values of `key` that differ from exactly one vocabulary value only in case.
fn vocab_case(
    ctx: &CardContext<'_>,
    out: &mut Vec<Fix>,
    code: &'static str,
    key: &str,
    vocab_name: &str,
) {
    let Some(value) = ctx.meta().and_then(|m| m.get(key)) else {
        return;
    };
    let vocab = schema::schema().vocab(vocab_name);
    let values = match &value.value {
        Value::Seq(items) => items.iter().collect(),
        _ => vec![value],
    };
    for node in values {
        let Some(wrong) = node.as_str().filter(|s| !vocab.contains(s)) else {
            continue;
        };
        let mut same = vocab.values().filter(|v| v.eq_ignore_ascii_case(wrong));
        let (Some(right), None) = (same.next(), same.next()) else {
            continue;
        };
        if let Some(edit) = replace_scalar(ctx.text, node, right) {
            out.push(Fix::new(
                code,
                format!("`{key}`: `{wrong}` → `{right}`"),
                vec![edit],
            ));
        }
    }
}

/// CG114: remove repeated tags (the first of each stays).
pub(crate) fn dedupe_tags(ctx: &CardContext<'_>, out: &mut Vec<Fix>) {
    let Some(tags) = ctx.meta().and_then(|m| m.get("tags")) else {
        return;
    };
    for (index, tag) in crate::rules::repeated_tags(tags) {
        if let Some(edit) = remove_item(ctx.text, tags, index) {
            out.push(Fix::new(
                "CG114",
                format!("removed the repeated tag `{tag}`"),
                vec![edit],
            ));
        }
    }
}

/// CG108: `buckets: org/name` → `buckets: [org/name]`.
pub(crate) fn listify_buckets(ctx: &CardContext<'_>, out: &mut Vec<Fix>) {
    listify(ctx, out, "CG108", "buckets", |n| n.as_str().is_some());
}

/// CG110: a single `model-index` entry written as a mapping becomes a one-item list.
pub(crate) fn listify_model_index(ctx: &CardContext<'_>, out: &mut Vec<Fix>) {
    listify(ctx, out, "CG110", "model-index", |n| n.as_map().is_some());
}

/// CG111: a single `widget` example written as a mapping becomes a one-item list.
pub(crate) fn listify_widget(ctx: &CardContext<'_>, out: &mut Vec<Fix>) {
    listify(ctx, out, "CG111", "widget", |n| n.as_map().is_some());
}

/// Wrap the value of a top-level key that must be a list, when it is a single `wanted` value
/// written right after the key (no anchor or tag in between).
fn listify(
    ctx: &CardContext<'_>,
    out: &mut Vec<Fix>,
    code: &'static str,
    key: &str,
    wanted: impl Fn(&Node) -> bool,
) {
    let Some(entry) = ctx.meta().and_then(|m| m.entry(key)) else {
        return;
    };
    if !wanted(&entry.value) || !bare_value(ctx.text, entry) {
        return;
    }
    if let Some(edits) = wrap_in_list(ctx.text, &entry.value) {
        out.push(Fix::new(
            code,
            format!("made `{key}` a list of its one value"),
            edits,
        ));
    }
}

/// Whether only `:`, spaces, line breaks and a comment stand between a key and its value.
fn bare_value(text: &str, entry: &Entry) -> bool {
    let Some(gap) = text.get(entry.key.span.end..entry.value.span.start) else {
        return false;
    };
    let Some(rest) = gap.trim_start_matches([' ', '\t']).strip_prefix(':') else {
        return false;
    };
    rest.lines().all(|line| {
        let line = line.trim();
        line.is_empty() || line.starts_with('#')
    })
}
