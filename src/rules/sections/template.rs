//! CG204: template syntax that was never rendered.

use std::sync::LazyLock;

use regex::Regex;

use crate::card::markdown::Outline;
use crate::finding::{Finding, Span};
use crate::rules::declare_rule;
use crate::rules::Context;

declare_rule! {
    /// Jinja or Handlebars template syntax left in the card body.
    ///
    /// ## What it checks
    /// `{{ … }}`, `{% … %}` and `{# … #}` on one line, outside code, math and HTML comments.
    /// BibTeX braces (`title = {{BERT}}`), LaTeX (`\frac{{a}}{b}`) and the `{{user}}` and
    /// `{{char}}` macros that chat front ends (SillyTavern, KoboldAI) ask their users to type are
    /// not reported.
    ///
    /// ## Why
    /// The card was written from a template (`ModelCard.from_template`, a training script) and
    /// the variables were never filled in: the Hub shows `{{ model_id }}` to readers. An error,
    /// because it is almost always a bug in whatever generated the card.
    ///
    /// ## Example
    /// Bad:
    /// ```markdown
    /// # Model Card for {{ model_id }}
    /// ```
    /// Good:
    /// ```markdown
    /// # Model Card for my-org/my-model
    /// ```
    /// To show template syntax on purpose, put it in a code span or block.
    pub const UNRENDERED_TEMPLATE = {
        code: "CG204",
        name: "unrendered-template",
        severity: Error,
        check: check_template,
    }
}

static TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\{\{[^\n]*?\}\}|\{%[^\n]*?%\}|\{#[^\n]*?#\}").expect("template pattern")
});

fn check_template(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let body = ctx.body_text();
    if !may_hold_tags(body) {
        return;
    }
    for span in unrendered(body, ctx.body.start, ctx.outline()) {
        out.push(
            UNRENDERED_TEMPLATE
                .finding(format!("unrendered template syntax `{}`", ctx.slice(span)))
                .at(span)
                .label("template syntax")
                .help("render the template with its variables, or put the text in a code span if it is an example"),
        );
    }
}

/// Every match starts with `{{`, `{%` or `{#`; without one the regex need not run.
fn may_hold_tags(body: &str) -> bool {
    let opens_tag = |i: usize| matches!(body.as_bytes().get(i + 1), Some(b'{' | b'%' | b'#'));
    memchr::memchr_iter(b'{', body.as_bytes()).any(opens_tag)
}

/// The tags this rule reports in `body`, which starts at `start` of the text `outline` was
/// parsed from; spans in that text.
fn unrendered(body: &str, start: usize, outline: &Outline) -> Vec<Span> {
    TAG.find_iter(body)
        .map(|m| (m, Span::new(start + m.start(), start + m.end())))
        .filter(|(m, span)| {
            !outline.touches_code_or_comment(*span)
                && looks_like_template(&body[..m.start()], m.as_str())
        })
        .map(|(_, span)| span)
        .collect()
}

/// The tags this rule would report in `markdown` if it were a card body of its own, as byte
/// ranges of `markdown`: what `cardgen render` makes literal in the texts of train.toml.
pub(crate) fn unrendered_tags(markdown: &str) -> Vec<std::ops::Range<usize>> {
    if !may_hold_tags(markdown) {
        return Vec::new();
    }
    let outline = Outline::parse(markdown, Span::new(0, markdown.len()));
    unrendered(markdown, 0, &outline)
        .into_iter()
        .map(|s| s.start..s.end)
        .collect()
}

/// Whether `tag`, preceded by `before`, is template syntax rather than BibTeX or LaTeX braces.
fn looks_like_template(before: &str, tag: &str) -> bool {
    let inner = &tag[2..tag.len() - 2];
    if inner.trim().is_empty() || is_chat_macro(tag) {
        return false;
    }
    let prev = before.chars().next_back();
    let latex_command = before
        .trim_end_matches(|c: char| c.is_ascii_alphabetic())
        .ends_with('\\');
    if latex_command || matches!(prev, Some('^' | '_')) {
        return false;
    }
    let bibtex_field = before.trim_end_matches([' ', '\t']).ends_with('=');
    !(bibtex_field && tag.starts_with("{{") && !inner.starts_with([' ', '-']))
}

/// The macros chat front ends replace with the user's and the character's names.
fn is_chat_macro(tag: &str) -> bool {
    ["{{user}}", "{{char}}"]
        .iter()
        .any(|m| tag.eq_ignore_ascii_case(m))
}

#[cfg(test)]
mod tests {
    use super::super::testing::{card, pointed, run};
    use super::*;

    #[test]
    fn reports_jinja_and_handlebars_left_in_the_body() {
        let c = card("# Model Card for {{ model_id }}\n\n{% if x %}yes{{ x }}{% endif %} {# note #}\n\n<img src=\"{{image}}\"> act as {{char}} for {{user}}.\n");
        let f = run(&UNRENDERED_TEMPLATE, &c);
        assert_eq!(
            pointed(&c, &f),
            [
                "{{ model_id }}",
                "{% if x %}",
                "{{ x }}",
                "{% endif %}",
                "{# note #}",
                "{{image}}",
            ]
        );
        assert_eq!(f[0].message, "unrendered template syntax `{{ model_id }}`");
    }

    #[test]
    fn ignores_code_math_comments_bibtex_and_latex() {
        let c = card(
            "# Model\n\n`{{ x }}`\n\n```jinja\n{{ y }}\n```\n\n$$ a^{{2}} $$\n\n<!-- {{ z }} -->\n\ntitle = {{Holocron}},\n\\mathbf{{x}} and {{}} and {#id}\n",
        );
        assert_eq!(
            pointed(&c, &run(&UNRENDERED_TEMPLATE, &c)),
            Vec::<&str>::new()
        );
    }
}
