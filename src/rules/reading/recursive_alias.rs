//! CG009: an alias refers to the node that contains it.

use crate::card::yaml::Note;
use crate::finding::Finding;
use crate::rules::{declare_rule, Context};

declare_rule! {
    /// An alias refers to the node that contains it.
    ///
    /// ## What it checks
    /// YAML like `a: &x [*x]`, which describes an infinitely deep value. cardgen reads the alias
    /// as null; `huggingface_hub` builds a recursive object that it cannot write back.
    ///
    /// ## Why
    /// No model card needs recursion; it is a mistake or an attack.
    ///
    /// ## Example
    /// Bad:
    /// ```yaml
    /// tags: &t [nlp, *t]
    /// ```
    /// Good:
    /// ```yaml
    /// base: &t [nlp]
    /// tags: *t
    /// ```
    pub const RECURSIVE_ALIAS = {
        code: "CG009",
        name: "recursive-alias",
        severity: Error,
        check: check_recursive,
    }
}

fn check_recursive(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(doc) = ctx.document() else { return };
    for note in &doc.notes {
        if let Note::RecursiveAlias { span } = note {
            out.push(
                RECURSIVE_ALIAS
                    .finding("this alias refers to a node that contains it")
                    .at(*span)
                    .label("recursive alias")
                    .help("replace the alias with the value it should repeat"),
            );
        }
    }
}
