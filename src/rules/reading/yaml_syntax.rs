//! CG004: the front matter is not valid YAML.

use crate::card::yaml::ErrorKind;
use crate::card::Metadata;
use crate::finding::Finding;
use crate::rules::{declare_rule, Context};

declare_rule! {
    /// The front matter is not valid YAML.
    ///
    /// ## What it checks
    /// That the YAML between the `---` lines parses the way `huggingface_hub` (PyYAML
    /// `safe_load`) parses it. The finding points at the line and column of the error.
    ///
    /// ## Why
    /// The Hub rejects a push whose metadata does not parse, and `huggingface_hub.ModelCard`
    /// raises on it.
    ///
    /// ## Example
    /// Bad:
    /// ```yaml
    /// tags: [a, b
    /// ```
    /// Good:
    /// ```yaml
    /// tags: [a, b]
    /// ```
    pub const YAML_SYNTAX = {
        code: "CG004",
        name: "yaml-syntax",
        severity: Error,
        check: check_syntax,
    }
}

fn check_syntax(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    if let Metadata::Invalid(e) = &ctx.metadata {
        if e.kind == ErrorKind::Syntax {
            out.push(
                YAML_SYNTAX
                    .finding(format!("invalid YAML in the front matter: {}", e.message))
                    .at(e.span)
                    .label(e.message.clone())
                    .help("fix the YAML; quoting values that contain `:`, `#`, `{` or `[` often helps"),
            );
        }
    }
}
