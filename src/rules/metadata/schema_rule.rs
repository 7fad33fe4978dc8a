//! CG101: type and structure errors in metadata keys no more specific rule covers.

use super::{generic_finding, issues, Owner};
use crate::finding::Finding;
use crate::rules::declare_rule;
use crate::rules::Context;

declare_rule! {
    /// A metadata value has the wrong type or shape.
    ///
    /// ## What it checks
    /// The keys of `schemas/modelcard.schema.json` that no more specific CG1xx rule covers:
    /// `tags` and `metrics` (a string or a list of strings), `license_name` and `license_link`
    /// (strings), `base_model_relation` (`adapter`, `merge`, `quantized` or `finetune`),
    /// `inference` (a boolean or a mapping), `thumbnail`, `gated`, `instance_prompt` and the
    /// `extra_gated_*` keys. Keys the Hub does not know are left to CG106.
    ///
    /// ## Why
    /// The Hub validates metadata types when you push and rejects the commit with messages such
    /// as `"tags" must be an array`. Severity error: a wrong type is either rejected or ignored.
    ///
    /// ## Example
    /// Bad:
    /// ```yaml
    /// tags:
    ///   nlp: true
    /// base_model_relation: fine-tune
    /// ```
    /// Good:
    /// ```yaml
    /// tags: [nlp]
    /// base_model_relation: finetune
    /// ```
    pub const METADATA_SCHEMA = {
        code: "CG101",
        name: "metadata-schema",
        severity: Error,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for issue in issues(ctx, Owner::Schema) {
        out.push(generic_finding(&METADATA_SCHEMA, &issue));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::metadata::testing::run_yaml;

    #[test]
    fn wrong_types_are_reported_on_the_value() {
        let got = run_yaml(&METADATA_SCHEMA, "tags:\n  nlp: true\ngated: 'yes'\n");
        let texts: Vec<&str> = got.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(texts.contains(&"'yes'"), "{texts:?}");
        assert_eq!(
            got[0].0.message,
            "`tags` must be a string or a list, not a mapping"
        );
        assert!(got[0].0.help.as_deref().unwrap().starts_with("`tags`: "));
    }

    #[test]
    fn small_enums_suggest_the_nearest_value() {
        let got = run_yaml(&METADATA_SCHEMA, "base_model_relation: fine-tune\n");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].1, "fine-tune");
        assert_eq!(got[0].0.help.as_deref(), Some("did you mean `finetune`?"));
    }

    #[test]
    fn valid_and_foreign_keys_pass() {
        let yaml =
            "tags: [a, b]\nmetrics: accuracy\ninference:\n  parameters: {temperature: 0.5}\n\
                    license: Apache\nquantized_by: me\nextra_gated_fields:\n  Company: text\n  \
                    Role: {type: select, options: [a, {label: B, value: b}]}\n";
        assert!(run_yaml(&METADATA_SCHEMA, yaml).is_empty());
    }
}
