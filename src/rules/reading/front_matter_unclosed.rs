//! CG003: the front matter opens with `---` but is never closed.

use crate::finding::{Finding, Span};
use crate::rules::{declare_rule, Context};

declare_rule! {
    /// The front matter opens with `---` but is never closed.
    ///
    /// ## What it checks
    /// A card whose first line is `---` needs a closing `---` line (it may carry trailing spaces
    /// or end the file). Without one the Hub treats the whole file as Markdown.
    ///
    /// ## Why
    /// The metadata is silently ignored, and the YAML shows up as text on the model page.
    ///
    /// ## Example
    /// Bad:
    /// ```markdown
    /// ---
    /// license: mit
    /// # My model
    /// ```
    /// Good: add a `---` line after `license: mit`.
    pub const FRONT_MATTER_UNCLOSED = {
        code: "CG003",
        name: "front-matter-unclosed",
        severity: Error,
        check: check_unclosed,
    }
}

fn check_unclosed(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    use crate::card::frontmatter::{near_close, NearClose};
    if !ctx.unclosed_front_matter {
        return;
    }
    if let Some((fence, why)) = near_close(ctx.text) {
        let (line, _) = ctx.line_col(fence.start);
        let (problem, help) = match why {
            NearClose::StrayCarriageReturn => (
                "ends with a stray carriage return (`\\r\\r\\n`)",
                "save the file with plain `\\n` or `\\r\\n` line endings (e.g. `sed -i 's/\\r\\r$/\\r/' README.md`)",
            ),
            NearClose::Indented => ("is indented", "remove the spaces before `---`"),
        };
        out.push(
            FRONT_MATTER_UNCLOSED
                .finding(format!(
                    "the front matter is never closed: the `---` on line {line} {problem}, so the Hub does not take it as the closing line and shows the metadata as text"
                ))
                .at(fence)
                .label("not a closing line for the Hub")
                .help(help),
        );
        return;
    }
    let start = ctx.text.len()
        - ctx
            .text
            .trim_start_matches(crate::card::frontmatter::is_py_space)
            .len();
    out.push(
        FRONT_MATTER_UNCLOSED
            .finding("the front matter opens with `---` but has no closing `---` line, so the Hub shows it as text")
            .at(Span::new(start, start + 3))
            .label("opened here")
            .help("add a line with just `---` after the last metadata line"),
    );
}
