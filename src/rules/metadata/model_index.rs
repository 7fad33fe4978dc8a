//! CG110: the `model-index` evaluation results, checked against the Papers-with-Code shape.

use super::edits::listify;
use super::{generic_finding, issues, type_message, Owner};
use crate::card::yaml::{Node, Value};
use crate::finding::Finding;
use crate::finding::Fix;
use crate::rules::declare_rule;
use crate::rules::Context;
use crate::schema::{vocab, Issue, IssueKind, JsonKind};

declare_rule! {
    /// `model-index` lacks a required key or has a value of the wrong type.
    ///
    /// ## What it checks
    /// The shape `huggingface_hub` and the Hub expect:
    /// ```yaml
    /// model-index:
    /// - name: my-model                            # required
    ///   results:                                  # required, a list
    ///   - task: {type: text-classification}       # `type` required
    ///     dataset: {type: imdb, name: IMDb}       # `type`, `name` required;
    ///                                             # `config`, `split`, `revision`: strings
    ///     metrics:                                # required, a list
    ///     - {type: accuracy, value: 0.93}         # `type`, `value` required
    /// ```
    /// Findings name the place the way the Hub does: `model-index[0].results[0].dataset.config`.
    ///
    /// ## Why
    /// The Hub rejects type errors on push (`"model-index[0].results[0].dataset.config" must be a
    /// string`), and `huggingface_hub` cannot load a card whose results lack a required key
    /// (`ModelCard.load` raises unless told to ignore metadata errors, and then drops the
    /// results). Severity error.
    ///
    /// ## Autofix
    /// `cardgen lint --fix` makes a `model-index` written as a single mapping a one-item list
    /// (`- ` before its first key), when that reveals no further problem in it.
    ///
    /// ## Example
    /// Bad:
    /// ```yaml
    /// model-index:
    /// - name: my-model
    ///   results:
    ///   - task: {type: translation}
    ///     dataset: {type: wmt16, name: WMT16, config: 2016}
    ///     metrics: [{type: bleu, value: 27.1}]
    /// ```
    /// Good (the config is a string):
    /// ```yaml
    /// model-index:
    /// - name: my-model
    ///   results:
    ///   - task: {type: translation}
    ///     dataset: {type: wmt16, name: WMT16, config: "2016"}
    ///     metrics: [{type: bleu, value: 27.1}]
    /// ```
    pub const MODEL_INDEX_INVALID = {
        code: "CG110",
        name: "model-index-invalid",
        severity: Error,
        check: check,
        fix: listify_model_index,
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for issue in issues(ctx, Owner::ModelIndex) {
        let f = match &issue.kind {
            IssueKind::Required { property } => missing(&issue, property),
            IssueKind::Type { expected } => wrong_type(ctx, &issue, expected),
            _ => generic_finding(&MODEL_INDEX_INVALID, &issue),
        };
        out.push(f);
    }
}

fn missing(issue: &Issue<'_>, property: &str) -> Finding {
    let path = issue.path();
    let f = MODEL_INDEX_INVALID.finding(format!(
        "`{path}` has no `{property}`; huggingface_hub cannot read these evaluation results"
    ));
    match near_key(issue.node, property) {
        Some(key) => f
            .at(key.span)
            .label(format!("did you mean `{property}`?"))
            .help(format!(
                "rename `{}` to `{property}`",
                key.as_str().unwrap_or_default()
            )),
        None => f
            .at(issue.span)
            .label(format!("`{property}` missing in this entry"))
            .help(what_to_add(parent_key(&issue.pointer), property)),
    }
}

/// A key of `map` that is probably a misspelling of `property` (`metric` for `metrics`).
fn near_key<'n>(map: &'n Node, property: &str) -> Option<&'n Node> {
    let keys: Vec<(String, &'n Node)> = map
        .as_map()?
        .iter()
        .filter_map(|e| Some((vocab::normalise(e.key.as_str()?), &e.key)))
        .collect();
    let target = vocab::normalise(property);
    let hit = vocab::nearest(&target, keys.iter().map(|(f, _)| (f.as_str(), f.as_str())))?;
    keys.iter().find(|(f, _)| f == hit).map(|(_, key)| *key)
}

/// The key of the mapping a pointer ends in: `/model-index/0/results/0` → `results`.
fn parent_key(pointer: &str) -> &str {
    pointer
        .rsplit('/')
        .find(|s| !s.bytes().all(|b| b.is_ascii_digit()))
        .unwrap_or("")
}

fn what_to_add(parent: &str, property: &str) -> String {
    let what = match (parent, property) {
        (_, "name") if parent == "dataset" => "a display name, e.g. `name: IMDb`",
        (_, "name") => "the model's name, e.g. `name: my-model`",
        (_, "results") => "a list of results, each with `task`, `dataset` and `metrics`",
        (_, "task") => "the task, e.g. `task: {type: text-classification}`",
        (_, "dataset") => "the dataset, e.g. `dataset: {type: stanfordnlp/imdb, name: IMDb}`",
        (_, "metrics") => "a list of metrics, e.g. `metrics: [{type: accuracy, value: 0.93}]`",
        ("task", "type") => "the task id, e.g. `type: text-classification`",
        ("dataset", "type") => "the dataset id, e.g. `type: stanfordnlp/imdb`",
        ("metrics", "type") => "the metric id, e.g. `type: accuracy`",
        (_, "value") => "the metric's value, e.g. `value: 0.93`",
        (_, "url") => "the URL the results come from",
        _ => return format!("add `{property}`"),
    };
    format!("add {what}")
}

fn wrong_type(ctx: &Context<'_>, issue: &Issue<'_>, expected: &[JsonKind]) -> Finding {
    let key = parent_key(&issue.pointer);
    let f = MODEL_INDEX_INVALID
        .finding(type_message(issue, expected))
        .at(issue.span)
        .label(format!("expected {}", super::expected_types(expected)));
    let scalar = matches!(
        issue.node.value,
        Value::Int(_) | Value::Float(_) | Value::Bool(_)
    );
    match expected {
        [JsonKind::String] if scalar => f.help(format!(
            "quote it: `{key}: \"{}\"`",
            ctx.slice(issue.node.span)
        )),
        [JsonKind::Array] if key == "model-index" => {
            f.help("make it a list: start the entry with `- name:`")
        }
        [JsonKind::Array] => f.help(format!("make `{key}` a list: start each entry with `- `")),
        [JsonKind::Object] if matches!(key, "task" | "dataset") => f.help(format!(
            "write `{key}` as a mapping, e.g. `{key}: {{type: ..., name: ...}}`"
        )),
        _ => f,
    }
}

/// CG110: a single `model-index` entry written as a mapping becomes a one-item list.
pub(crate) fn listify_model_index(ctx: &Context<'_>, out: &mut Vec<Fix>) {
    listify(ctx, out, "CG110", "model-index", |n| n.as_map().is_some());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::metadata::testing::run_yaml;

    const GOOD: &str =
        "model-index:\n- name: m\n  results:\n  - task: {type: text-classification}\n    \
                        dataset: {type: imdb, name: IMDb, config: plain_text, split: test}\n    \
                        metrics:\n    - {type: accuracy, value: 0.93, verified: false}\n    \
                        source: {url: 'https://x.org', name: X}\n";

    #[test]
    fn a_complete_model_index_passes() {
        assert!(run_yaml(&MODEL_INDEX_INVALID, GOOD).is_empty());
    }

    #[test]
    fn type_errors_use_the_hub_path_and_suggest_quoting() {
        let yaml = GOOD.replace("config: plain_text", "config: 2016");
        let got = run_yaml(&MODEL_INDEX_INVALID, &yaml);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(
            got[0].0.message,
            "`model-index[0].results[0].dataset.config` must be a string, not a number"
        );
        assert_eq!(
            got[0].0.help.as_deref(),
            Some("quote it: `config: \"2016\"`")
        );
        assert_eq!(got[0].1, "2016");
    }

    #[test]
    fn a_misspelt_key_is_named() {
        let yaml = GOOD.replace("    metrics:\n", "    metric:\n");
        let got = run_yaml(&MODEL_INDEX_INVALID, &yaml);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].1, "metric");
        assert_eq!(
            got[0].0.help.as_deref(),
            Some("rename `metric` to `metrics`")
        );
        assert!(got[0]
            .0
            .message
            .starts_with("`model-index[0].results[0]` has no `metrics`"));
    }

    #[test]
    fn missing_keys_say_what_to_add() {
        let yaml = "model-index:\n- results:\n  - task: {name: T}\n    dataset: {type: imdb, name: IMDb}\n    metrics: [{type: acc}]\n";
        let got = run_yaml(&MODEL_INDEX_INVALID, yaml);
        let msgs: Vec<&str> = got.iter().map(|(f, _)| f.message.as_str()).collect();
        assert_eq!(got.len(), 3, "{msgs:?}");
        assert!(msgs
            .iter()
            .any(|m| m.starts_with("`model-index[0]` has no `name`")));
        assert!(msgs
            .iter()
            .any(|m| m.starts_with("`model-index[0].results[0].task` has no `type`")));
        assert!(msgs
            .iter()
            .any(|m| m.starts_with("`model-index[0].results[0].metrics[0]` has no `value`")));
    }

    #[test]
    fn a_mapping_instead_of_a_list() {
        let got = run_yaml(&MODEL_INDEX_INVALID, "model-index:\n  name: m\n");
        assert_eq!(got.len(), 1);
        assert_eq!(
            got[0].0.message,
            "`model-index` must be a list, not a mapping"
        );
    }
}
