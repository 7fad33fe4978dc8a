//! CG002: the card has no YAML front matter.

use crate::finding::{Finding, Span};
use crate::rules::{declare_rule, Context};

declare_rule! {
    /// The card has no YAML front matter.
    ///
    /// ## What it checks
    /// That `README.md` starts with a metadata block, found with the Hub's own rule: optional
    /// blank lines, a `---` line, YAML, and a closing `---` line.
    ///
    /// ## Why
    /// Without front matter the Hub knows no license, base model, datasets, task or library: the
    /// model cannot be found by filters, and the Hub warns about missing metadata.
    ///
    /// ## Example
    /// Bad:
    /// ```markdown
    /// # My model
    /// ```
    /// Good:
    /// ```markdown
    /// ---
    /// license: apache-2.0
    /// ---
    /// # My model
    /// ```
    pub const FRONT_MATTER_MISSING = {
        code: "CG002",
        name: "front-matter-missing",
        severity: Error,
        check: check_missing,
    }
}

fn check_missing(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    if ctx.encoding_error.is_some() || ctx.front_matter.is_some() || ctx.unclosed_front_matter {
        return;
    }
    let first_line_end = ctx.lines().line_start(2).min(ctx.text.len());
    let first = Span::new(0, trim_line_end(ctx.text, first_line_end));
    if let Some(block) = crate::card::frontmatter::misplaced(ctx.text) {
        let (line, _) = ctx.line_col(block.start);
        out.push(
            FRONT_MATTER_MISSING
                .finding(format!(
                    "the metadata block on line {line} comes after other text, so the Hub sees no metadata: the block must start the file"
                ))
                .at(first)
                .label("text before the metadata block")
                .help("move this text below the closing `---` line (or delete it), so that the file starts with `---`"),
        );
        return;
    }
    let mut f = FRONT_MATTER_MISSING
        .finding("the card has no YAML front matter, so the Hub sees no metadata")
        .help("start the file with a `---` line, the metadata (e.g. `license: apache-2.0`), and another `---` line");
    if !ctx.text.is_empty() {
        f = f.at(first).label("the Hub expects `---` here");
    }
    out.push(f);
}

fn trim_line_end(text: &str, end: usize) -> usize {
    text[..end].trim_end_matches(['\r', '\n']).len()
}
