//! The `README.md` a trainer writes beside its output: transformers' `Trainer.create_model_card`,
//! TRL's trainers and sentence-transformers' `model.save`. cardgen reads from it only what the
//! other artifacts do not record: the hyperparameter list (when there is no training_args file),
//! the framework versions (TRL, Datasets, Tokenizers, PyTorch) and the training method TRL names.
//!
//! A README.md that none of them wrote (a card cardgen rendered, or one a person wrote) is not
//! read.

/// What a trainer's card says.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TrainerReadme {
    /// Which library wrote it: `transformers`, `trl` or `sentence-transformers`.
    pub writer: String,
    /// "The following hyperparameters were used during training:" as (name, value).
    pub hyperparameters: Vec<(String, String)>,
    /// "Framework versions" as (library, version), as the card spells the library.
    pub versions: Vec<(String, String)>,
    /// The method TRL names ("This model was trained with DPO, …"): `DPO`.
    pub method: Option<String>,
    /// `base_model` of its front matter (transformers 5 no longer records `_name_or_path` in
    /// config.json; the trainer's card still names the model training started from).
    pub base_model: Option<String>,
}

/// The signature line of each writer.
const WRITERS: &[(&str, &str)] = &[
    (
        "transformers",
        "generated automatically according to the information the Trainer had access to",
    ),
    ("trl", "It has been trained using [TRL]"),
    (
        "sentence-transformers",
        "This is a [sentence-transformers](https://www.SBERT.net) model",
    ),
];

/// Read a trainer's card, or `None` when no trainer wrote this text.
pub fn parse(text: &str) -> Option<TrainerReadme> {
    if text.contains("<!-- cardgen:begin") {
        return None;
    }
    let writer = WRITERS
        .iter()
        .find(|(_, sig)| text.contains(sig))
        .map(|(w, _)| *w)?;
    Some(TrainerReadme {
        writer: writer.to_owned(),
        hyperparameters: bullets_after(text, |l| {
            l.starts_with("The following hyperparameters were used during training")
        }),
        versions: bullets_after(text, |l| {
            l.starts_with('#') && l.to_ascii_lowercase().contains("framework versions")
        })
        .into_iter()
        .chain(bare_versions(text))
        .collect(),
        method: trained_with(text),
        base_model: front_matter_value(text, "base_model"),
    })
}

/// A one-line `key: value` of the front matter (the trainers write plain scalars there).
fn front_matter_value(text: &str, key: &str) -> Option<String> {
    let body = text.strip_prefix("---\n")?;
    let fm = &body[..body.find("\n---")?];
    fm.lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(": "))
        .map(|v| v.trim().trim_matches(['"', '\'']).to_owned())
        .filter(|v| !v.is_empty())
}

/// The `- key: value` bullets right after the first line `starts` accepts.
fn bullets_after(text: &str, starts: impl Fn(&str) -> bool) -> Vec<(String, String)> {
    let mut lines = text.lines().skip_while(|l| !starts(l.trim()));
    if lines.next().is_none() {
        return Vec::new();
    }
    lines
        .skip_while(|l| l.trim().is_empty())
        .take_while(|l| l.trim_start().starts_with("- "))
        .filter_map(|l| {
            let item = l.trim_start().strip_prefix("- ")?;
            let (k, v) = item.split_once(": ")?;
            Some((k.trim().trim_matches('`').to_owned(), v.trim().to_owned()))
        })
        .collect()
}

/// Trainer cards write versions as `- Transformers 5.25.0` (no colon).
fn bare_versions(text: &str) -> Vec<(String, String)> {
    let mut lines = text.lines().skip_while(|l| {
        !(l.starts_with('#') && l.to_ascii_lowercase().contains("framework versions"))
    });
    if lines.next().is_none() {
        return Vec::new();
    }
    lines
        .skip_while(|l| l.trim().is_empty())
        .take_while(|l| l.starts_with("- "))
        .filter(|l| !l.contains(": "))
        .filter_map(|l| {
            let (name, version) = l[2..].trim().rsplit_once(' ')?;
            version
                .starts_with(|c: char| c.is_ascii_digit())
                .then(|| (name.trim().to_owned(), version.to_owned()))
        })
        .collect()
}

/// `DPO` from "This model was trained with DPO, a method introduced in …" or "… with SFT.".
fn trained_with(text: &str) -> Option<String> {
    let rest = text.split("This model was trained with ").nth(1)?;
    let word: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    (!word.is_empty()).then_some(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_trainer_card() {
        let text = "<!-- This model card has been generated automatically according to the \
information the Trainer had access to. You\n\n### Training hyperparameters\n\nThe following \
hyperparameters were used during training:\n- learning_rate: 0.005\n- seed: 42\n\n### Framework \
versions\n\n- Transformers 5.25.0\n- Pytorch 2.14.1+cu130\n";
        let r = parse(text).unwrap();
        assert_eq!(r.writer, "transformers");
        let with_fm = format!("---\nlicense: mit\nbase_model: google-t5/t5-small\n---\n{text}");
        assert_eq!(
            parse(&with_fm).unwrap().base_model.as_deref(),
            Some("google-t5/t5-small")
        );
        assert_eq!(
            r.hyperparameters[0],
            ("learning_rate".into(), "0.005".into())
        );
        assert_eq!(r.versions[1], ("Pytorch".into(), "2.14.1+cu130".into()));
    }

    #[test]
    fn reads_a_trl_card_and_skips_other_cards() {
        let text = "It has been trained using [TRL](https://github.com/huggingface/trl).\n\n\
This model was trained with DPO, a method.\n\n### Framework versions\n\n- PEFT 0.21.2\n- TRL: 1.16.0\n";
        let r = parse(text).unwrap();
        assert_eq!(r.method.as_deref(), Some("DPO"));
        assert_eq!(
            r.versions,
            [
                ("TRL".to_owned(), "1.16.0".to_owned()),
                ("PEFT".to_owned(), "0.21.2".to_owned())
            ]
        );
        assert_eq!(parse("# My model\n\nHand-written.\n"), None);
        assert_eq!(
            parse("<!-- cardgen:begin header -->\nIt has been trained using [TRL]"),
            None
        );
    }
}
