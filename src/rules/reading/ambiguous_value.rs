//! CG008: a value means different things in YAML 1.1 and YAML 1.2.

use crate::card::yaml::Note;
use crate::finding::Finding;
use crate::rules::{declare_rule, Context};

declare_rule! {
    /// A value means different things in YAML 1.1 and YAML 1.2.
    ///
    /// ## What it checks
    /// Unquoted values such as `yes`, `no`, `on`, `off` (booleans in YAML 1.1, strings in 1.2),
    /// `0777` (octal 511 in 1.1), `1_000`, `1:20` (sexagesimal 80), `2024-01-01` (a date in 1.1)
    /// and `1e5` (a string in 1.1, a number in 1.2). cardgen reads them as PyYAML does, since that
    /// is what `huggingface_hub` uses, and warns that other tools may not.
    ///
    /// ## Why
    /// `language: no` (Norwegian) becomes `false`; a version `1.10` becomes `1.1`.
    ///
    /// ## Example
    /// Bad: `language: no` — Good: `language: "no"`
    pub const AMBIGUOUS_VALUE = {
        code: "CG008",
        name: "ambiguous-value",
        severity: Warning,
        check: check_ambiguous,
    }
}

fn check_ambiguous(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(doc) = ctx.document() else { return };
    for note in &doc.notes {
        if let Note::Ambiguous { span, ambiguity: a } = note {
            out.push(
                AMBIGUOUS_VALUE
                    .finding(format!(
                        "`{}` is read as a {} by huggingface_hub (YAML 1.1) but as a {} by YAML 1.2 tools",
                        a.text, a.yaml11, a.yaml12
                    ))
                    .at(*span)
                    .label(format!("YAML 1.1: {}, YAML 1.2: {}", a.yaml11, a.yaml12))
                    .help(format!("quote it (`\"{}\"`) if you mean a string", a.text)),
            );
        }
    }
}
