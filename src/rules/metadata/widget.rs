//! CG111: `widget` must be a list of example mappings.

use super::edits::listify;
use super::{generic_finding, issues, type_message, Owner};
use crate::finding::Finding;
use crate::finding::Fix;
use crate::rules::declare_rule;
use crate::rules::Context;
use crate::schema::{Issue, IssueKind, JsonKind};

declare_rule! {
    /// `widget` is not a list of examples, or an example is not a mapping.
    ///
    /// ## What it checks
    /// That `widget` is a list, that each example in it is a mapping (`text:`, `src:`,
    /// `example_title:`, `messages:`, …), and that the known example fields have the right type
    /// (`text`, `src` and `example_title` are strings, `sentences` a list of strings, …).
    ///
    /// ## Why
    /// The Hub rejects the push with `"widget" must be an array` (ostris/ai-toolkit#260), and the
    /// inference widget cannot show examples of the wrong shape. Severity error.
    ///
    /// ## Autofix
    /// `cardgen lint --fix` makes a single example written as a mapping a one-item list (`- `
    /// before its first key, or `[…]` around a `{…}`), when the new problems it would reveal are
    /// none.
    ///
    /// ## Example
    /// Bad:
    /// ```yaml
    /// widget:
    ///   text: Paris is the capital of [MASK].
    /// ```
    /// Good:
    /// ```yaml
    /// widget:
    /// - text: Paris is the capital of [MASK].
    /// ```
    pub const WIDGET_INVALID = {
        code: "CG111",
        name: "widget-invalid",
        severity: Error,
        check: check,
        fix: listify_widget,
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for issue in issues(ctx, Owner::Widget) {
        let f = match &issue.kind {
            IssueKind::Type { expected } => wrong_type(&issue, expected),
            _ => generic_finding(&WIDGET_INVALID, &issue),
        };
        out.push(f);
    }
}

fn wrong_type(issue: &Issue<'_>, expected: &[JsonKind]) -> Finding {
    let f = WIDGET_INVALID
        .finding(type_message(issue, expected))
        .at(issue.span)
        .label(format!("expected {}", super::expected_types(expected)));
    let depth = issue.pointer.matches('/').count();
    match (depth, expected) {
        (1, _) => f.help(
            "the Hub rejects this (`\"widget\" must be an array`): start each example with `- `, e.g. `- text: Hello`",
        ),
        (2, [JsonKind::Object]) => match issue.node.as_str() {
            Some(text) => f.help(format!("write the example as `- text: {}`", yaml_string(text))),
            None => f.help("write each example as a mapping, e.g. `- text: <your example>`"),
        },
        _ => generic_finding(&WIDGET_INVALID, issue),
    }
}

/// A string as a YAML double-quoted scalar, shortened for a help text.
fn yaml_string(text: &str) -> String {
    let short: String = text.chars().take(40).collect();
    let ellipsis = if short.len() < text.len() { "…" } else { "" };
    let escaped = short.replace('\\', "\\\\").replace('"', "\\\"");
    format!("\"{escaped}{ellipsis}\"")
}

/// CG111: a single `widget` example written as a mapping becomes a one-item list.
pub(crate) fn listify_widget(ctx: &Context<'_>, out: &mut Vec<Fix>) {
    listify(ctx, out, "CG111", "widget", |n| n.as_map().is_some());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::metadata::testing::run_yaml;

    #[test]
    fn a_single_mapping_is_not_a_list() {
        let got = run_yaml(&WIDGET_INVALID, "widget:\n  text: hello\n");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0.message, "`widget` must be a list, not a mapping");
        assert!(got[0]
            .0
            .help
            .as_deref()
            .unwrap()
            .contains("must be an array"));
    }

    #[test]
    fn examples_must_be_mappings_with_typed_fields() {
        let got = run_yaml(
            &WIDGET_INVALID,
            "widget:\n- just text\n- text: 42\n  example_title: x\n",
        );
        let msgs: Vec<&str> = got.iter().map(|(f, _)| f.message.as_str()).collect();
        assert_eq!(
            msgs,
            vec![
                "`widget[0]` must be a mapping, not a string",
                "`widget[1].text` must be a string, not a number"
            ]
        );
        assert_eq!(
            got[0].0.help.as_deref(),
            Some("write the example as `- text: \"just text\"`")
        );
    }

    #[test]
    fn good_widgets_pass() {
        let yaml = "widget:\n- text: hi\n  example_title: Greeting\n- src: https://x/cat.png\n  output: {url: x}\n\
                    - messages: [{role: user, content: hi}]\n- source_sentence: a\n  sentences: [b, c]\n";
        assert!(run_yaml(&WIDGET_INVALID, yaml).is_empty());
    }
}
