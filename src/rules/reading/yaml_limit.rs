//! CG006: the front matter is too large, too deep, or expands too much.

use crate::card::yaml::ErrorKind;
use crate::card::Metadata;
use crate::finding::Finding;
use crate::rules::{declare_rule, Context};

declare_rule! {
    /// The front matter is too large, too deep, or expands too much.
    ///
    /// ## What it checks
    /// cardgen bounds the work hostile YAML can cause: front matter size (1 MiB), nesting depth
    /// (64 levels) and the number of nodes including everything aliases repeat (250,000). A
    /// "billion laughs" alias bomb stops here instead of eating memory.
    ///
    /// ## Why
    /// No real model card comes near these limits; a file that does is broken or hostile.
    ///
    /// ## Example
    /// Bad (each line repeats the one before ten times: 300,000 nodes):
    /// ```yaml
    /// a: &a [x, x, x, x, x, x, x, x, x, x]
    /// b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
    /// c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
    /// d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
    /// e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
    /// f: [*e, *e, *e]
    /// ```
    /// Good:
    /// ```yaml
    /// license: mit
    /// tags: [text-classification]
    /// ```
    pub const YAML_LIMIT = {
        code: "CG006",
        name: "yaml-limit",
        severity: Error,
        check: check_limit,
    }
}

fn check_limit(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    if let Metadata::Invalid(e) = &ctx.metadata {
        if e.kind == ErrorKind::Limit {
            out.push(
                YAML_LIMIT
                    .finding(e.message.clone())
                    .at(e.span)
                    .label("limit reached here")
                    .help(
                        "simplify the front matter; real model cards stay far below these limits",
                    ),
            );
        }
    }
}
