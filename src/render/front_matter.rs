//! The card's front matter as typed data, in a stable key order.

use super::evaluation::{self, EvalRow};
use super::facts::Facts;
use super::meta::{Meta, OneOrMany};
use super::yaml_emit::Yaml;

/// Every key cardgen writes, in the order it writes them. With `--update` these keys are
/// re-rendered (or removed when there is no value for them any more); every other key is kept.
pub const MANAGED_KEYS: &[&str] = &[
    "language",
    "license",
    "license_name",
    "license_link",
    "library_name",
    "pipeline_tag",
    "base_model",
    "base_model_relation",
    "new_version",
    "datasets",
    "metrics",
    "tags",
    "co2_eq_emissions",
    "model-index",
];

/// Build the front matter. Empty lists and absent values are left out.
pub fn build(facts: &Facts, meta: &Meta, rows: &[EvalRow]) -> Vec<(String, Yaml)> {
    let mut out = Vec::new();
    let mut put = |key: &str, value: Option<Yaml>| {
        if let Some(v) = value {
            out.push((key.to_owned(), v));
        }
    };
    put("language", facts.language.as_ref().map(one_or_many));
    put("license", opt(&facts.license));
    put("license_name", opt(&facts.license_name));
    put("license_link", opt(&facts.license_link));
    put("library_name", opt(&facts.library_name));
    put("pipeline_tag", opt(&facts.pipeline_tag));
    put("base_model", facts.base_model.as_ref().map(one_or_many));
    put("base_model_relation", opt(&facts.base_model_relation));
    put("new_version", opt(&facts.new_version));
    put("datasets", list(&facts.datasets));
    put("metrics", list(&facts.metrics));
    put("tags", list(&facts.tags));
    put("co2_eq_emissions", co2(facts, meta));
    let name = facts.name.clone().unwrap_or_default();
    put(
        "model-index",
        (!rows.is_empty()).then(|| evaluation::model_index(&name, rows)),
    );
    out
}

fn opt(v: &Option<String>) -> Option<Yaml> {
    v.as_ref().map(Yaml::str)
}

fn list(v: &[String]) -> Option<Yaml> {
    (!v.is_empty()).then(|| Yaml::Seq(v.iter().map(Yaml::str).collect()))
}

fn one_or_many(v: &OneOrMany) -> Yaml {
    match v {
        OneOrMany::One(s) => Yaml::str(s),
        OneOrMany::Many(items) => Yaml::Seq(items.iter().map(Yaml::str).collect()),
    }
}

/// `co2_eq_emissions` as the Hub documents it: grams, plus the training type and hardware.
fn co2(facts: &Facts, meta: &Meta) -> Option<Yaml> {
    let grams = meta.training.co2_eq_emissions?;
    let training_type = if facts.base_model.is_some() {
        "fine-tuning"
    } else {
        "pre-training"
    };
    let mut entries = vec![
        ("emissions".to_owned(), Yaml::Float(grams)),
        ("training_type".to_owned(), Yaml::str(training_type)),
    ];
    if let Some(hw) = &meta.training.hardware {
        entries.push(("hardware_used".to_owned(), Yaml::str(hw)));
    }
    Some(Yaml::Map(entries))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_follow_the_managed_order() {
        let facts = Facts {
            tags: vec!["lora".into()],
            license: Some("mit".into()),
            language: Some(OneOrMany::One("en".into())),
            ..Facts::default()
        };
        let fm = build(&facts, &Meta::default(), &[]);
        let keys: Vec<&str> = fm.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["language", "license", "tags"]);
        let order: Vec<usize> = keys
            .iter()
            .map(|k| MANAGED_KEYS.iter().position(|m| m == k).unwrap())
            .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]));
    }
}
