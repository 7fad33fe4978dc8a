//! CG005: the front matter is YAML, but not a mapping of keys to values.

use crate::card::yaml::Value;
use crate::finding::Finding;
use crate::rules::{declare_rule, Context};

declare_rule! {
    /// The front matter is YAML, but not a mapping of keys to values.
    ///
    /// ## What it checks
    /// That the metadata is a mapping (`key: value` lines), as the Hub requires. An empty block
    /// is fine (it means no metadata).
    ///
    /// ## Why
    /// `huggingface_hub` raises "repo card metadata block should be a dict" and the Hub ignores it.
    ///
    /// ## Example
    /// Bad:
    /// ```yaml
    /// - license: mit
    /// ```
    /// Good:
    /// ```yaml
    /// license: mit
    /// ```
    pub const FRONT_MATTER_NOT_MAPPING = {
        code: "CG005",
        name: "front-matter-not-mapping",
        severity: Error,
        check: check_not_mapping,
    }
}

fn check_not_mapping(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(doc) = ctx.document() else { return };
    let what = match doc.root.value {
        Value::Map(_) | Value::Null => return,
        Value::Seq(_) => "a list",
        Value::Str(..) => "a string",
        Value::Bool(_) => "a boolean",
        Value::Int(_) | Value::Float(_) => "a number",
    };
    out.push(
        FRONT_MATTER_NOT_MAPPING
            .finding(format!(
                "the front matter is {what}, not a mapping of metadata keys"
            ))
            .at(doc.root.span)
            .label(format!("this is {what}"))
            .help("write the metadata as `key: value` lines, e.g. `license: apache-2.0`"),
    );
}
