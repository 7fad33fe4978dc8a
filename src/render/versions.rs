//! Framework versions, from every artifact that records one: `config.json` and
//! `generation_config.json` (`transformers_version`), `adapter_config.json` (`peft_version`),
//! `config_sentence_transformers.json` (`__version__`), and the "Framework versions" list of the
//! card the trainer wrote (TRL, PyTorch, Datasets, Tokenizers). The first source of a library
//! wins; the list is in a fixed order.

use super::artifacts::Artifacts;

/// Libraries in the order the card lists them, with the spellings sources use.
const LIBRARIES: &[(&str, &[&str])] = &[
    ("PEFT", &["peft"]),
    ("TRL", &["trl"]),
    ("Transformers", &["transformers"]),
    (
        "Sentence Transformers",
        &["sentence transformers", "sentence_transformers"],
    ),
    ("PyTorch", &["pytorch", "torch"]),
    ("Datasets", &["datasets"]),
    ("Tokenizers", &["tokenizers"]),
    ("Accelerate", &["accelerate"]),
];

/// (library, version) pairs the artifacts record.
pub fn collect(art: &Artifacts) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = Vec::new();
    let mut add = |name: &str, version: Option<&str>| {
        let Some(v) = version.map(str::trim).filter(|v| !v.is_empty()) else {
            return;
        };
        let key = name.to_ascii_lowercase();
        let Some((label, _)) = LIBRARIES
            .iter()
            .find(|(_, names)| names.contains(&key.as_str()))
        else {
            return;
        };
        if !found.iter().any(|(l, _)| l == label) {
            found.push(((*label).to_owned(), v.to_owned()));
        }
    };
    if let Some(a) = &art.adapter {
        add("peft", a.peft_version.as_deref());
    }
    if let Some(c) = &art.config {
        add("transformers", c.transformers_version.as_deref());
    }
    add(
        "transformers",
        art.generation_transformers_version.as_deref(),
    );
    if let Some(st) = &art.sentence_transformers {
        for (k, v) in &st.versions {
            add(k, Some(v));
        }
    }
    if let Some(r) = &art.readme {
        for (k, v) in &r.versions {
            add(k, Some(v));
        }
    }
    found.sort_by_key(|(label, _)| LIBRARIES.iter().position(|(l, _)| l == label));
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::artifacts::{AdapterConfig, ModelConfig};
    use crate::render::trainer_readme::TrainerReadme;

    #[test]
    fn artifacts_first_then_the_trainer_card_in_a_fixed_order() {
        let art = Artifacts {
            adapter: Some(AdapterConfig {
                peft_version: Some("0.21.2".into()),
                ..AdapterConfig::default()
            }),
            config: Some(ModelConfig {
                transformers_version: Some("5.25.0".into()),
                ..ModelConfig::default()
            }),
            readme: Some(TrainerReadme {
                versions: vec![
                    ("Pytorch".into(), "2.14.1".into()),
                    ("Transformers".into(), "4.0.0".into()),
                    ("TRL".into(), "1.16.0".into()),
                ],
                ..TrainerReadme::default()
            }),
            ..Artifacts::default()
        };
        let v = collect(&art);
        let names: Vec<&str> = v.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["PEFT", "TRL", "Transformers", "PyTorch"]);
        assert_eq!(v[2].1, "5.25.0");
    }
}
