//! CG007: a key appears twice in the same mapping.

use crate::card::yaml::Note;
use crate::finding::Finding;
use crate::rules::{declare_rule, Context};

declare_rule! {
    /// A key appears twice in the same mapping.
    ///
    /// ## What it checks
    /// Duplicate keys anywhere in the front matter.
    ///
    /// ## Why
    /// YAML forbids them, and parsers disagree on which value wins: PyYAML keeps the last one,
    /// others keep the first or refuse the file. What the Hub shows may not be what you meant.
    ///
    /// ## Example
    /// Bad:
    /// ```yaml
    /// license: mit
    /// license: apache-2.0
    /// ```
    /// Good: keep one `license` line.
    pub const DUPLICATE_KEY = {
        code: "CG007",
        name: "duplicate-key",
        severity: Error,
        check: check_duplicates,
    }
}

fn check_duplicates(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(doc) = ctx.document() else { return };
    for note in &doc.notes {
        if let Note::DuplicateKey { key, first, second } = note {
            let (line, _) = ctx.line_col(first.start);
            out.push(
                DUPLICATE_KEY
                    .finding(format!("duplicate key `{key}` (first defined on line {line})"))
                    .at(*second)
                    .label("duplicate key")
                    .help("remove one of the two entries; PyYAML keeps the last, other parsers the first"),
            );
        }
    }
}
