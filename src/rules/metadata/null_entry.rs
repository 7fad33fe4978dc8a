//! CG109: empty (null) values of list keys and empty entries in their lists.

use crate::card::yaml::{Node, Value};
use crate::finding::{Finding, Span};
use crate::rules::declare_rule;
use crate::rules::Context;
use crate::schema;

declare_rule! {
    /// A list key is empty, or one of its entries is.
    ///
    /// ## What it checks
    /// Keys that take a list (`tags`, `datasets`, `metrics`, `language`, `base_model`, `license`,
    /// `widget`, `model-index`, …) with no value (`datasets:`) or with empty entries: a `-` with
    /// nothing after it, `null` or `~` in the list. An empty list (`base_model: []`) is as empty
    /// as no value for the keys whose facts the Hub shows: `base_model`, `datasets`, `language`
    /// and `license` (mergekit writes `base_model: []` when the merged models were local paths).
    ///
    /// ## Why
    /// Templates and trainers leave them behind (`datasets: [null]` when no dataset name was
    /// known). The Hub rejected such cards (huggingface/transformers#13528), and
    /// `huggingface_hub` drops null values when it rewrites a card. Severity error.
    ///
    /// ## Example
    /// Bad:
    /// ```yaml
    /// datasets:
    /// -
    /// tags:
    /// ```
    /// Good: remove both keys, or fill them in:
    /// ```yaml
    /// datasets:
    /// - stanfordnlp/imdb
    /// ```
    pub const NULL_ENTRY = {
        code: "CG109",
        name: "null-entry",
        severity: Error,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(meta) = ctx.meta() else { return };
    let schema = schema::schema();
    for entry in meta.as_map().unwrap_or_default() {
        let key_text = entry.key.as_str().unwrap_or("");
        let empty = match &entry.value.value {
            Value::Null => true,
            Value::Seq(items) if items.is_empty() => SHOWN_FACTS.contains(&key_text),
            Value::Seq(items) => items.iter().any(Node::is_null),
            _ => false,
        };
        let Some(key) = entry.key.as_str().filter(|_| empty) else {
            continue;
        };
        // With a duplicated key only the last entry counts, as in PyYAML.
        let is_last = meta
            .entry(key)
            .is_some_and(|last| std::ptr::eq(last, entry));
        if !is_last || !schema.is_list_key(key) {
            continue;
        }
        match &entry.value.value {
            Value::Seq(items) if items.is_empty() => out.push(empty_list(key, entry.key.span)),
            Value::Seq(items) => empty_items(ctx, key, items, out),
            _ => out.push(empty_value(key, entry.key.span)),
        }
    }
}

/// List keys whose empty list hides a fact the Hub shows on the model page.
const SHOWN_FACTS: &[&str] = &["base_model", "datasets", "language", "license"];

fn empty_list(key: &str, span: Span) -> Finding {
    NULL_ENTRY
        .finding(format!(
            "`{key}` is an empty list, which says nothing: the Hub shows no {key} for this model"
        ))
        .at(span)
        .label("empty list")
        .help(format!(
            "list the Hub ids under `{key}`, or remove the `{key}: []` line"
        ))
}

fn empty_value(key: &str, span: Span) -> Finding {
    NULL_ENTRY
        .finding(format!("`{key}` has no value; the Hub expects a list here"))
        .at(span)
        .label("empty")
        .help(format!(
            "remove the `{key}:` line, or list at least one entry under it"
        ))
}

fn empty_items(ctx: &Context<'_>, key: &str, items: &[Node], out: &mut Vec<Finding>) {
    for (i, item) in items.iter().enumerate().filter(|(_, n)| n.is_null()) {
        out.push(
            NULL_ENTRY
                .finding(format!(
                    "`{key}[{i}]` is an empty entry; the Hub rejects empty entries in `{key}`"
                ))
                .at(dash_or(ctx, item.span))
                .label("empty entry")
                .help("remove this entry, or fill it in"),
        );
    }
}

/// An empty span just after `- ` widened to the dash, so the finding has something to point at.
fn dash_or(ctx: &Context<'_>, span: Span) -> Span {
    if !span.is_empty() {
        return span;
    }
    let before = ctx.text.get(..span.start).unwrap_or("");
    let trimmed = before.trim_end_matches([' ', '\t']);
    if trimmed.ends_with('-') {
        Span::new(trimmed.len() - 1, trimmed.len())
    } else {
        span
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::metadata::testing::run_yaml;

    #[test]
    fn empty_entries_point_at_their_dash() {
        let got = run_yaml(&NULL_ENTRY, "datasets:\n- \n- imdb\ntags: [a, null]\n");
        let shown: Vec<(&str, &str)> = got
            .iter()
            .map(|(f, t)| (t.as_str(), f.message.as_str()))
            .collect();
        assert_eq!(
            shown,
            vec![
                (
                    "-",
                    "`datasets[0]` is an empty entry; the Hub rejects empty entries in `datasets`"
                ),
                (
                    "null",
                    "`tags[1]` is an empty entry; the Hub rejects empty entries in `tags`"
                ),
            ]
        );
    }

    #[test]
    fn empty_list_keys_point_at_the_key() {
        let got = run_yaml(&NULL_ENTRY, "tags:\nlicense: mit\nmetrics: ~\n");
        let texts: Vec<&str> = got.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(texts, vec!["tags", "metrics"]);
    }

    #[test]
    fn scalar_keys_and_full_lists_pass() {
        let yaml = "tags: [a]\ndatasets: imdb\nthumbnail:\ninstance_prompt: ~\nmy_key: [null]\n";
        assert!(run_yaml(&NULL_ENTRY, yaml).is_empty());
    }
}
