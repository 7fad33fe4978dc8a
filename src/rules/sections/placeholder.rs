//! CG203: placeholder text left from a template (what counts as one is in [`super::filler`]).

use super::filler::{find, Placeholder};
use crate::finding::Finding;
use crate::rules::declare_rule;
use crate::rules::Context;

declare_rule! {
    /// Template placeholder text left in the card, such as `[More Information Needed]`.
    ///
    /// ## What it checks
    /// The card's visible text (prose, headings with their code spans, text inside HTML; not
    /// code blocks, math or HTML comments) for text that templates leave behind:
    /// `[More Information Needed]` and "More information needed" (the `huggingface_hub` and
    /// Trainer templates), `[optional]` (template headings and labels), "Model Card for Model ID"
    /// (the template's default title), `TODO` and `FIXME` (upper case only: "todo" is Spanish and
    /// Portuguese for "all"), `TBD`, `TBA`, "Lorem ipsum", "Coming soon" when it stands alone as
    /// a list item, table cell or value ("Paper: Coming soon!"; not "a paper is coming soon",
    /// nor a roadmap heading), TRL's `[None](https://huggingface.co/None)` (written when the
    /// trainer knew no base model), and NeMo's template instructions such as
    /// `<ADD SOME INFORMATION ABOUT THE ARCHITECTURE>` (the Hub drops them as unknown HTML tags,
    /// so readers see an empty section). Words match in lower case, capitalised or upper case.
    /// Each occurrence is reported, up to 20 per card, then one "and N more". Placeholders in a
    /// required section that holds nothing else are reported by CG201 instead.
    ///
    /// ## Why
    /// Readers see a card that promises information it does not give. It is a warning, not an
    /// error, because a card with a few placeholders is still usable; CG201 makes it an error
    /// when a required section holds nothing else.
    ///
    /// ## Example
    /// Bad:
    /// ```markdown
    /// ## Training Data
    ///
    /// [More Information Needed]
    /// ```
    /// Good:
    /// ```markdown
    /// ## Training Data
    ///
    /// 20,000 English product reviews from the `amazon_polarity` test split.
    /// ```
    pub const PLACEHOLDER_TEXT = {
        code: "CG203",
        name: "placeholder-text",
        severity: Warning,
        check: check_placeholders,
    }
}

/// Findings past this many are summarised in one "and N more".
const MAX_FINDINGS: usize = 20;

fn check_placeholders(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let found: Vec<Placeholder> = find(ctx)
        .into_iter()
        .filter(|p| !super::missing::reports_placeholders_at(ctx, p.span))
        .collect();
    for p in found.iter().take(MAX_FINDINGS) {
        out.push(
            PLACEHOLDER_TEXT
                .finding(format!(
                    "placeholder text `{}` left in the card",
                    ctx.slice(p.span)
                ))
                .at(p.span)
                .label("placeholder")
                .help(p.kind.help()),
        );
    }
    if let Some(next) = found.get(MAX_FINDINGS) {
        let more = found.len() - MAX_FINDINGS;
        let s = if more == 1 { "" } else { "s" };
        out.push(
            PLACEHOLDER_TEXT
                .finding(format!("and {more} more placeholder{s} in this card"))
                .at(next.span)
                .label("more placeholders from here on"),
        );
    }
}
#[cfg(test)]
mod tests {
    use super::super::testing::{card, pointed, run};
    use super::*;

    #[test]
    fn reports_template_placeholders_with_exact_spans() {
        let c = card(
            "# Model Card for Model ID\n\n### Model Sources [optional]\n\n- **Developed by:** [More Information Needed]\n\nMore information needed\n\nTODO: describe. Results TBD.\n\n- **Paper:** Coming soon!\n\nLorem ipsum dolor.\n",
        );
        let f = run(&PLACEHOLDER_TEXT, &c);
        assert_eq!(
            pointed(&c, &f),
            [
                "Model Card for Model ID",
                "[optional]",
                "[More Information Needed]",
                "More information needed",
                "TODO",
                "TBD",
                "Coming soon",
                "Lorem ipsum",
            ]
        );
        assert_eq!(
            f[2].message,
            "placeholder text `[More Information Needed]` left in the card"
        );
    }

    #[test]
    fn ignores_code_comments_urls_and_ordinary_words() {
        let c = card(
            "# Model\n\n```python\nmodel = load(TODO)  # TBD\n```\n\nUse `TODO` here. $\\text{TBD}$\n\n<!-- [More Information Needed] -->\n\nTodo el mundo, en todo caso. A todo list app. To do this, run it.\n\nA paper is coming soon, stay tuned. See <https://example.org/TODO>.\n\n<pre>TODO</pre>\n\n![TODO](img.png)\n",
        );
        let f = run(&PLACEHOLDER_TEXT, &c);
        assert_eq!(pointed(&c, &f), Vec::<&str>::new());
    }

    #[test]
    fn finds_placeholders_in_html_blocks_and_headings() {
        let c = card("# Model\n\n<div>\n<p>TBA</p>\n</div>\n\n## TODO: Evaluation\n\ntext\n\n### Coming Soon\n\n- a roadmap item\n\n| Paper | **Coming Soon** |\n");
        let f = run(&PLACEHOLDER_TEXT, &c);
        assert_eq!(pointed(&c, &f), ["TBA", "TODO", "Coming Soon"]);
        assert!(
            f[2].span.unwrap().start > c.find("| Paper").unwrap(),
            "the heading is not reported"
        );
    }

    #[test]
    fn escaped_brackets_belong_to_the_placeholder() {
        let c = card("# M\n\n\\[More Information Needed\\]\n\n- **Paper \\[Optional\\]:** x\n\nan optional] bracket\n");
        let f = run(&PLACEHOLDER_TEXT, &c);
        assert_eq!(
            pointed(&c, &f),
            ["\\[More Information Needed\\]", "\\[Optional\\]"]
        );
    }

    #[test]
    fn caps_findings_with_a_summary() {
        let body: String = (0..25).map(|i| format!("- item {i}: TBD\n")).collect();
        let c = card(&body);
        let f = run(&PLACEHOLDER_TEXT, &c);
        assert_eq!(f.len(), MAX_FINDINGS + 1);
        assert_eq!(
            f[MAX_FINDINGS].message,
            "and 5 more placeholders in this card"
        );
        assert!(f[MAX_FINDINGS].span.unwrap().start > f[MAX_FINDINGS - 1].span.unwrap().start);
    }

    #[test]
    fn finds_trl_nemo_and_heading_code_placeholders() {
        let c = card("# M\n\nThis model is a fine-tuned version of [None](https://huggingface.co/None).\n\n## How to use `TODO: Update`\n\ntext\n\n## Architecture\n\n<ADD SOME INFORMATION ABOUT THE ARCHITECTURE>\n\n`<ADD X>` in code is fine.\n");
        let f = run(&PLACEHOLDER_TEXT, &c);
        assert_eq!(
            pointed(&c, &f),
            [
                "[None](https://huggingface.co/None)",
                "TODO",
                "<ADD SOME INFORMATION ABOUT THE ARCHITECTURE>"
            ]
        );
    }
}
