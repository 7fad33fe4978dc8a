//! CG202 and CG205: headings with nothing under them, and a body with nothing in it.

use crate::finding::{Finding, Span};
use crate::rules::declare_rule;
use crate::rules::Context;

declare_rule! {
    /// A heading with no content before the next heading of the same or a higher level.
    ///
    /// ## What it checks
    /// Every heading of level 2 or deeper without sub-headings must be followed by something a
    /// reader sees: text, a list, a table, code, an image. Whitespace, HTML comments and `---`
    /// rules do not count. A heading followed directly by sub-headings is fine; if those are
    /// empty too, each of them is reported instead, so fixing the findings never leaves an empty
    /// parent behind. Level-1 headings are titles (quantised-model cards put `# Original model
    /// card` right above the original card's own `# Title`) and headings with no text (an image
    /// or badge as a heading) are decoration, so neither is reported. Nor is a heading followed
    /// at once by a level-1 heading (`## Usage` then `# Example 1`): the levels are off, not
    /// the content; and nor are the lines of a metadata block that does not start the
    /// file, which Markdown reads as a heading (CG002 reports the block).
    ///
    /// ## Why
    /// An empty section is a template leftover or a forgotten draft. A warning: the card still
    /// works, but the heading promises something that is not there.
    ///
    /// ## Example
    /// Bad:
    /// ```markdown
    /// ## Training data
    ///
    /// ## Evaluation
    /// Accuracy 91% on the test split.
    /// ```
    /// Good: write the training data section, or delete its heading.
    pub const EMPTY_SECTION = {
        code: "CG202",
        name: "empty-section",
        severity: Warning,
        check: check_empty_sections,
    }
}

fn check_empty_sections(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let outline = ctx.outline();
    let misplaced_metadata = ctx
        .front_matter
        .is_none()
        .then(|| crate::card::frontmatter::misplaced(ctx.text))
        .flatten();
    for (i, h) in outline.headings.iter().enumerate() {
        let next_is_title = outline
            .headings
            .get(i + 1)
            .is_some_and(|n| n.level == 1 && n.span.start == h.own.end);
        let in_metadata = misplaced_metadata.is_some_and(|block| h.span.start < block.end);
        if h.level == 1
            || h.text.is_empty()
            || h.has_subsections()
            || next_is_title
            || in_metadata
            || outline.has_content(h.content)
        {
            continue;
        }
        out.push(
            EMPTY_SECTION
                .finding(format!("the section `{}` is empty", h.text))
                .at(h.span)
                .label("nothing under this heading")
                .help("write the section, or remove the heading"),
        );
    }
}

declare_rule! {
    /// The card has no text after the front matter.
    ///
    /// ## What it checks
    /// That the Markdown body (everything after the closing `---`) holds something besides
    /// whitespace and HTML comments.
    ///
    /// ## Why
    /// The model page shows nothing but metadata: no description, no usage, no limitations. An
    /// error, because such a card tells readers nothing; `huggingface_hub` also used to crash on
    /// cards with metadata and no body.
    ///
    /// ## Example
    /// Bad:
    /// ```markdown
    /// ---
    /// license: mit
    /// ---
    /// <!-- TODO -->
    /// ```
    /// Good: add at least a title and a paragraph saying what the model is.
    pub const EMPTY_BODY = {
        code: "CG205",
        name: "empty-body",
        severity: Error,
        check: check_empty_body,
    }
}

fn check_empty_body(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    if ctx.encoding_error.is_some() || !is_blank(ctx) {
        return;
    }
    let at = match ctx.front_matter {
        Some(fm) => fence_line(ctx, fm.close),
        None => Span::empty(ctx.body.start),
    };
    out.push(
        EMPTY_BODY
            .finding("the card has no text after the front matter")
            .at(at)
            .label("nothing after this")
            .help("add a `# Title` and a paragraph saying what the model is, what it is for and how to use it"),
    );
}

/// The `---` of the closing fence span, without the line breaks around it.
fn fence_line(ctx: &Context<'_>, close: Span) -> Span {
    let text = ctx.slice(close);
    let start = close.start + (text.len() - text.trim_start_matches(['\r', '\n']).len());
    let end = close.start + text.trim_end().len();
    Span::new(start, end.max(start))
}

/// Whether the body is only whitespace and HTML comments.
fn is_blank(ctx: &Context<'_>) -> bool {
    // Anything but a comment first means it is not: the outline is needed only after one.
    let rest = ctx.body_text().trim_start();
    if !rest.starts_with("<!--") {
        return rest.is_empty();
    }
    ctx.outline().is_blank(ctx.text, ctx.body)
}

#[cfg(test)]
mod tests {
    use super::super::testing::{card, pointed, run};
    use super::*;

    #[test]
    fn reports_leaf_headings_without_content() {
        let c = card("# Model\n\n## Training\n\n### Data\n\n<!-- todo -->\n\n### Procedure\n\n---\n\n## Evaluation\n\n91%\n\n## Contact\n");
        let f = run(&EMPTY_SECTION, &c);
        assert_eq!(pointed(&c, &f), ["### Data", "### Procedure", "## Contact"]);
        assert_eq!(f[0].message, "the section `Data` is empty");
    }

    #[test]
    fn parents_of_sections_with_content_and_sections_with_media_pass() {
        let c = card("# Model\n## Training\n### Data\nWikipedia.\n## Demo\n![demo](demo.gif)\n## Code\n```\nx\n```\n# Original model card\n# Base\n## ![logo](l.png)\n");
        assert!(run(&EMPTY_SECTION, &c).is_empty());
    }

    #[test]
    fn empty_body_is_reported_at_the_closing_fence() {
        let c = card("\n<!-- generated -->\n  \n");
        let f = run(&EMPTY_BODY, &c);
        assert_eq!(pointed(&c, &f), ["---"]);
        assert_eq!(f[0].span.unwrap().start, c.rfind("---").unwrap());
        assert!(run(&EMPTY_BODY, &card("")).len() == 1);
        assert!(
            run(&EMPTY_BODY, "").len() == 1,
            "an empty file has an empty body too"
        );
    }

    #[test]
    fn any_text_makes_the_body_non_empty() {
        assert!(run(&EMPTY_BODY, &card("<!-- a -->\nHello\n")).is_empty());
        assert!(run(&EMPTY_BODY, &card("<br>\n")).is_empty());
        assert!(run(&EMPTY_BODY, "# Title only\n").is_empty());
    }
}
