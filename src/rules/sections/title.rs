//! CG206: the card has no title.

use crate::finding::Finding;
use crate::rules::declare_rule;
use crate::rules::Context;

declare_rule! {
    /// The card does not start with a level-1 heading.
    ///
    /// ## What it checks
    /// The first heading of the body must be a level-1 heading (`# Title` or a title underlined
    /// with `===`), or an HTML heading (`<h1>`, or a styled `<h2>`/`<h3>` title) must come first.
    /// Reported when the body has no heading at all, or when its first heading is `##` or
    /// deeper. Cards with an empty body are left to CG205.
    ///
    /// ## Why
    /// The title tells readers which model the card is about, and a document outline that
    /// starts at level 2 reads as if the title was lost (often a sign the card was cut from a
    /// larger template). A warning: the Hub still shows the repository name above the card.
    ///
    /// ## Example
    /// Bad:
    /// ```markdown
    /// ## Usage
    /// ```
    /// Good:
    /// ```markdown
    /// # my-org/sentiment-bert
    /// ## Usage
    /// ```
    pub const MISSING_TITLE = {
        code: "CG206",
        name: "missing-title",
        severity: Warning,
        check: check_title,
    }
}

fn check_title(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    if ctx.encoding_error.is_some() {
        return;
    }
    let outline = ctx.outline();
    let misplaced_metadata = ctx
        .front_matter
        .is_none()
        .then(|| crate::card::frontmatter::misplaced(ctx.text))
        .flatten();
    let first = outline
        .headings
        .iter()
        .find(|h| misplaced_metadata.is_none_or(|block| h.span.start >= block.end));
    let html_title_first = outline
        .html_h1
        .is_some_and(|h1| first.is_none_or(|h| h1.start < h.span.start));
    // An HTML heading of any level is a styled title.
    if html_title_first || first.is_some_and(|h| h.level == 1 || h.html) {
        return;
    }
    match first {
        Some(h) => out.push(
            MISSING_TITLE
                .finding(format!("the card's first heading is level {}, not a `#` title", h.level))
                .at(h.span)
                .label(format!("level-{} heading", h.level))
                .help("start the card with a level-1 heading naming the model, e.g. `# my-org/my-model`"),
        ),
        None if outline.has_content(ctx.body) => out.push(
            MISSING_TITLE
                .finding("the card has no heading, so it has no title")
                .help("start the card with a level-1 heading naming the model, e.g. `# my-org/my-model`"),
        ),
        None => {}
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{card, pointed, run};
    use super::*;

    #[test]
    fn reports_a_first_heading_below_level_one() {
        let c = card("Intro text.\n\n## Usage\n\n# Late title\n");
        let f = run(&MISSING_TITLE, &c);
        assert_eq!(pointed(&c, &f), ["## Usage"]);
        assert_eq!(
            f[0].message,
            "the card's first heading is level 2, not a `#` title"
        );
    }

    #[test]
    fn reports_a_body_without_headings_but_not_an_empty_one() {
        let f = run(&MISSING_TITLE, &card("Just a paragraph.\n"));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].span, None);
        assert!(run(&MISSING_TITLE, &card("<!-- c -->\n")).is_empty());
    }

    #[test]
    fn accepts_atx_setext_and_html_titles() {
        assert!(run(&MISSING_TITLE, &card("# Title\n## Usage\n")).is_empty());
        assert!(run(&MISSING_TITLE, &card("Title\n=====\n")).is_empty());
        assert!(run(
            &MISSING_TITLE,
            &card("<h1 align=\"center\">Title</h1>\n\n## Usage\n")
        )
        .is_empty());
    }
}
