//! CG1xx: the metadata — what the Hub accepts in the front matter, checked offline against
//! `schemas/modelcard.schema.json`.
//!
//! Every schema problem is reported by exactly one rule. Problems are routed by top-level key
//! ([`owner`]): `license` problems go to CG102, `model-index` problems to CG110, and so on;
//! keys no specific rule owns go to CG101. Two kinds of problem are taken out before routing:
//! empty entries of list keys (CG109 reports them) and values that CG008 already flags as read
//! differently by YAML 1.1 and 1.2 (`language: no`), so one mistake gives one finding.

mod co2;
mod duplicate_tag;
mod edits;
mod hub_id;
mod license;
mod license_not_in_metadata;
mod model_index;
mod null_entry;
mod required_key;
mod schema_rule;
mod unknown_key;
mod vocab;
mod widget;

pub use co2::CO2_EMISSIONS_INVALID;
pub(crate) use duplicate_tag::repeated_tags;
pub use duplicate_tag::DUPLICATE_TAG;
pub use hub_id::INVALID_HUB_ID;
pub use license::{INVALID_LICENSE, LICENSE_OTHER_INCOMPLETE};
pub use license_not_in_metadata::LICENSE_NOT_IN_METADATA;
pub use model_index::MODEL_INDEX_INVALID;
pub use null_entry::NULL_ENTRY;
pub use required_key::MISSING_METADATA_KEY;
pub use schema_rule::METADATA_SCHEMA;
pub use unknown_key::UNKNOWN_KEY;
pub use vocab::{INVALID_LANGUAGE, INVALID_LIBRARY_NAME, INVALID_PIPELINE_TAG};
pub use widget::WIDGET_INVALID;

use crate::card::yaml::{Node, Note, Value};
use crate::finding::Finding;
use crate::rules::Context;
use crate::schema::{self, describe, Issue, IssueKind, JsonKind};

/// Which rule reports schema problems under a top-level key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Owner {
    /// CG101, everything not listed below.
    Schema,
    License,
    PipelineTag,
    LibraryName,
    Language,
    HubId,
    ModelIndex,
    Widget,
    Co2,
}

/// The rule that owns a top-level key.
pub(crate) fn owner(key: &str) -> Owner {
    match key {
        "license" => Owner::License,
        "pipeline_tag" => Owner::PipelineTag,
        "library_name" => Owner::LibraryName,
        "language" => Owner::Language,
        "base_model" | "datasets" | "new_version" | "buckets" => Owner::HubId,
        "model-index" => Owner::ModelIndex,
        "widget" => Owner::Widget,
        "co2_eq_emissions" => Owner::Co2,
        _ => Owner::Schema,
    }
}

/// The schema issues `who` reports for this card.
pub(crate) fn issues<'c>(ctx: &'c Context<'_>, who: Owner) -> Vec<Issue<'c>> {
    let Some(meta) = ctx.meta().filter(|_| !ctx.metadata_valid()) else {
        return Vec::new();
    };
    let mut out = schema::schema().validate(meta, |key| owner(key) == who);
    out.retain(|i| !is_null_entry(meta, &i.pointer) && !is_ambiguous(ctx, i.node));
    out
}

/// Whether `pointer` is an empty value of a list key or an empty item of one (CG109's).
pub(crate) fn is_null_entry(meta: &Node, pointer: &str) -> bool {
    let mut segs = pointer.split('/').skip(1);
    let (Some(key), index, None) = (segs.next(), segs.next(), segs.next()) else {
        return false;
    };
    if !schema::schema().is_list_key(key) {
        return false;
    }
    let Some(value) = meta.get(key) else {
        return false;
    };
    match index {
        None => value.is_null(),
        Some(i) => {
            let items = value.as_seq().unwrap_or_default();
            i.parse::<usize>()
                .ok()
                .and_then(|i| items.get(i))
                .is_some_and(Node::is_null)
        }
    }
}

/// Whether CG008 (ambiguous-value) already reports this node.
fn is_ambiguous(ctx: &Context<'_>, node: &Node) -> bool {
    ctx.document().is_some_and(|d| {
        d.notes
            .iter()
            .any(|n| matches!(n, Note::Ambiguous { span, .. } if *span == node.span))
    })
}

/// A value for a message: in backticks, shortened past 60 characters.
pub(crate) fn quote(text: &str) -> String {
    const MAX: usize = 60;
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("`{}…`", &text[..cut]),
        None => format!("`{text}`"),
    }
}

/// "a string or a list".
pub(crate) fn expected_types(expected: &[JsonKind]) -> String {
    let words: Vec<&str> = expected.iter().map(|k| k.describe()).collect();
    match words.as_slice() {
        [] => "something else".into(),
        [one] => (*one).into(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// "`path` must be a string, not a number" (or "`path` is empty; it must be …").
pub(crate) fn type_message(issue: &Issue<'_>, expected: &[JsonKind]) -> String {
    let path = issue.path();
    let want = expected_types(expected);
    match issue.node.value {
        Value::Null => format!("`{path}` is empty; it must be {want}"),
        ref v => format!("`{path}` must be {want}, not {}", describe(v)),
    }
}

/// A finding for any issue, in neutral words (CG101, and the fallback of the other rules).
pub(crate) fn generic_finding(rule: &crate::rules::Rule, issue: &Issue<'_>) -> Finding {
    let (message, label) = message_and_label(issue);
    let mut f = rule.finding(message).at(issue.span).label(label);
    if let Some(help) = help_for(issue) {
        f = f.help(help);
    }
    f
}

/// The neutral message and label for an issue.
fn message_and_label(issue: &Issue<'_>) -> (String, String) {
    let path = issue.path();
    let value = || {
        issue
            .node
            .as_str()
            .map(quote)
            .unwrap_or_else(|| describe(&issue.node.value).into())
    };
    match &issue.kind {
        IssueKind::Type { expected } => (
            type_message(issue, expected),
            format!("expected {}", expected_types(expected)),
        ),
        IssueKind::Enum { allowed } => {
            let list: Vec<String> = allowed.iter().map(|a| quote(a)).collect();
            (
                format!(
                    "`{path}` must be one of {}; found {}",
                    list.join(", "),
                    value()
                ),
                "not an allowed value".into(),
            )
        }
        IssueKind::NotInVocab { vocab } => (
            format!("{} is not a known value of `{path}` ({vocab})", value()),
            "unknown value".into(),
        ),
        IssueKind::Pattern => (
            format!("{} is not a valid value of `{path}`", value()),
            "invalid form".into(),
        ),
        IssueKind::Required { property } => (
            format!("`{path}` has no `{property}`"),
            format!("`{property}` missing"),
        ),
        IssueKind::UnknownKey => (
            format!("`{path}` is not allowed here"),
            "unexpected key".into(),
        ),
        IssueKind::Other(msg) => (format!("`{path}`: {msg}"), "here".into()),
    }
}

fn help_for(issue: &Issue<'_>) -> Option<String> {
    if let IssueKind::Enum { allowed } = &issue.kind {
        let value = issue.node.as_str()?;
        let forms: Vec<(String, &str)> = allowed
            .iter()
            .map(|a| (schema::vocab::normalise(a), a.as_str()))
            .collect();
        let target = schema::vocab::normalise(value);
        let hit = forms.iter().find(|(f, _)| *f == target).map(|(_, a)| *a);
        let near = hit.or_else(|| {
            schema::vocab::nearest(&target, forms.iter().map(|(f, a)| (f.as_str(), *a)))
        });
        return near.map(|n| format!("did you mean `{n}`?"));
    }
    let key = issue.top_key();
    schema::schema()
        .description(&key)
        .map(|d| format!("`{key}`: {d}"))
}

#[cfg(test)]
pub(crate) mod testing {
    use crate::config::Config;
    use crate::finding::Finding;
    use crate::rules::Rule;

    /// A card with this YAML as front matter.
    pub fn card(yaml: &str) -> String {
        format!("---\n{yaml}---\n# Model\n")
    }

    /// Run one rule over a card; returns (finding, text under its span).
    pub fn run(rule: &Rule, text: &str) -> Vec<(Finding, String)> {
        let config = Config::default();
        crate::rules::with_context(text.as_bytes(), &config, |ctx| {
            let mut out = Vec::new();
            (rule.check)(ctx, &mut out);
            out.into_iter()
                .map(|f| {
                    let under = f.span.map_or("", |s| ctx.slice(s)).to_owned();
                    (f, under)
                })
                .collect()
        })
    }

    /// Run one rule over a card made of this YAML.
    pub fn run_yaml(rule: &Rule, yaml: &str) -> Vec<(Finding, String)> {
        run(rule, &card(yaml))
    }
}

#[cfg(test)]
mod tests;
