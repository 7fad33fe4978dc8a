//! CG106: top-level keys the Hub does not know, with the key that was probably meant.

use std::sync::OnceLock;

use super::edits::replace_scalar;
use super::quote;
use crate::card::yaml::{Entry, Node};
use crate::finding::Finding;
use crate::finding::Fix;
use crate::rules::declare_rule;
use crate::rules::Context;
use crate::schema::{self, vocab};

declare_rule! {
    /// A top-level metadata key the Hub does not know.
    ///
    /// ## What it checks
    /// Every top-level key that is not one of the Hub's metadata keys (those of
    /// `schemas/modelcard.schema.json`). When the key looks like a misspelt known key —
    /// `licence`, `base-model`, `pipeline-tag`, `metric`, `model_index`, `Language` — the finding
    /// names the key that was meant.
    ///
    /// ## Why
    /// The Hub keeps unknown keys but does nothing with them, so a misspelt key silently loses
    /// its information (TRL, for one, writes `licence:`). Many tools add keys of their own on
    /// purpose (`quantized_by`, `model_creator`), hence severity info.
    ///
    /// ## Autofix
    /// `cardgen lint --fix` renames a key that is a known key up to case and `-`/`_`
    /// (`base-model`, `Pipeline_Tag`, `model_index`) or a certain misspelling (`licence`,
    /// `licenses`, `languages`, `dataset`, `metric`, `tag`, `base_models`), when the right key
    /// is not there already and the renamed key raises no new finding.
    ///
    /// ## Example
    /// Bad: `base-model: meta-llama/Llama-3.1-8B` — Good: `base_model: meta-llama/Llama-3.1-8B`
    pub const UNKNOWN_KEY = {
        code: "CG106",
        name: "unknown-key",
        severity: Info,
        check: check,
        fix: rename_keys,
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(meta) = ctx.meta() else { return };
    let schema = schema::schema();
    for entry in meta.as_map().unwrap_or_default() {
        let Some(key) = entry.key.as_str() else {
            continue;
        };
        if schema.is_known_key(key) {
            continue;
        }
        let f = match meant(key) {
            Some(known) => UNKNOWN_KEY
                .finding(format!("{} is not a Hub metadata key; did you mean `{known}`?", quote(key)))
                .label(format!("did you mean `{known}`?"))
                .help(format!("rename it to `{known}`; the Hub ignores {}", quote(key))),
            None => UNKNOWN_KEY
                .finding(format!("{} is not a Hub metadata key; the Hub keeps it but does not use it", quote(key)))
                .label("unknown key")
                .help("fine if a tool of yours reads it; otherwise check the spelling against https://huggingface.co/docs/hub/model-cards#model-card-metadata"),
        };
        out.push(f.at(entry.key.span));
    }
}

/// The known key an unknown one most likely stands for.
fn meant(key: &str) -> Option<&'static str> {
    static FORMS: OnceLock<Vec<(String, &'static str)>> = OnceLock::new();
    let forms = FORMS.get_or_init(|| {
        let known: &'static [&'static str] = schema::schema().known_keys();
        known.iter().map(|&k| (vocab::normalise(k), k)).collect()
    });
    let target = vocab::normalise(key);
    if let Some((_, k)) = forms.iter().find(|(f, _)| *f == target) {
        return Some(k);
    }
    vocab::nearest(&target, forms.iter().map(|(f, k)| (f.as_str(), *k)))
}

/// Misspellings of metadata keys that are not just a different case or separator, with the key
/// they stand for. Only unmistakable ones: CG106 guesses more widely, but a guess is not a fix.
const MISSPELT_KEYS: [(&str, &str); 8] = [
    ("licence", "license"),
    ("licences", "license"),
    ("licenses", "license"),
    ("languages", "language"),
    ("dataset", "datasets"),
    ("metric", "metrics"),
    ("tag", "tags"),
    ("base_models", "base_model"),
];

/// The known key an unknown top-level key is certainly a misspelling of: the same up to case
/// and `-`/`_` (`base-model`, `Pipeline_Tag`, `model_index`), or one in [`MISSPELT_KEYS`].
pub(crate) fn misspelt_key(key: &str) -> Option<&'static str> {
    let schema = schema::schema();
    if schema.is_known_key(key) {
        return None;
    }
    let norm = vocab::normalise(key);
    let mut same = schema
        .known_keys()
        .iter()
        .filter(|k| vocab::normalise(k) == norm);
    if let (Some(k), None) = (same.next(), same.next()) {
        return Some(k);
    }
    MISSPELT_KEYS
        .iter()
        .find(|(wrong, _)| vocab::normalise(wrong) == norm)
        .map(|(_, right)| *right)
}

/// CG106: rename a misspelt top-level key when the right key is absent and no other key would
/// be renamed to it.
pub(crate) fn rename_keys(ctx: &Context<'_>, out: &mut Vec<Fix>) {
    let Some(entries) = ctx.meta().and_then(Node::as_map) else {
        return;
    };
    let target = |e: &Entry| e.key.as_str().and_then(misspelt_key);
    for entry in entries {
        let (Some(key), Some(right)) = (entry.key.as_str(), target(entry)) else {
            continue;
        };
        let taken = entries
            .iter()
            .any(|e| e.key.key_text().as_deref() == Some(right));
        let rivals = entries.iter().filter(|e| target(e) == Some(right)).count();
        if taken || rivals > 1 {
            continue;
        }
        if let Some(edit) = replace_scalar(ctx.text, &entry.key, right) {
            out.push(Fix::new(
                "CG106",
                format!("renamed `{key}` to `{right}`"),
                vec![edit],
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::metadata::testing::run_yaml;

    #[test]
    fn misspelt_keys_name_the_known_key() {
        let yaml = "licence: mit\nbase-model: x/y\npipeline-tag: fill-mask\nmetric: [acc]\n\
                    model_index: []\nLanguage: en\ndataset: [imdb]\n";
        let got = run_yaml(&UNKNOWN_KEY, yaml);
        let meant: Vec<(&str, &str)> = got
            .iter()
            .map(|(f, t)| (t.as_str(), f.label.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(
            meant,
            vec![
                ("licence", "did you mean `license`?"),
                ("base-model", "did you mean `base_model`?"),
                ("pipeline-tag", "did you mean `pipeline_tag`?"),
                ("metric", "did you mean `metrics`?"),
                ("model_index", "did you mean `model-index`?"),
                ("Language", "did you mean `language`?"),
                ("dataset", "did you mean `datasets`?"),
            ]
        );
    }

    #[test]
    fn keys_fix_renames_are_what_this_rule_suggests() {
        for key in [
            "licence",
            "Licences",
            "licenses",
            "languages",
            "dataset",
            "metric",
            "tag",
            "base_models",
            "base-model",
            "Pipeline_Tag",
            "model_index",
            "LIBRARY-NAME",
        ] {
            let fixed = misspelt_key(key);
            assert!(fixed.is_some(), "{key}");
            assert_eq!(fixed, meant(key), "{key}");
        }
        for key in ["task", "model_name", "license", "quantized_by"] {
            assert_eq!(misspelt_key(key), None, "{key}");
        }
    }

    #[test]
    fn tool_keys_are_reported_without_a_guess() {
        let got = run_yaml(&UNKNOWN_KEY, "quantized_by: me\nlicense: mit\n");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].1, "quantized_by");
        assert_eq!(got[0].0.label.as_deref(), Some("unknown key"));
    }

    #[test]
    fn known_keys_pass() {
        let yaml = "license: mit\nmodel-index: []\nextra_gated_prompt: hi\nco2_eq_emissions: 1\n";
        assert!(run_yaml(&UNKNOWN_KEY, yaml).is_empty());
    }
}
