//! Which Hub task (`pipeline_tag`) a model serves, decided from what the run left behind.
//!
//! The architecture table is transformers' own: `scripts/fixtures/make-task-table.py` reads the
//! auto-model mappings (`MODEL_FOR_*_MAPPING_NAMES`) into `schemas/vocab/architecture-tasks.json`,
//! and `build.rs` compiles it in. A class can serve several tags (a sequence-to-sequence model
//! summarises and translates, a vision-language model is also any-to-any); they are listed most
//! specific first, and the card's own data decides between them.
//!
//! Order: the architecture in `config.json` (disambiguated by `[[evaluation]] task`, the
//! `model_type` and the metrics the run logged), then the PEFT `task_type`, then the
//! `[[evaluation]] task` alone. train.toml's `pipeline_tag` is never overridden (see `facts`).

include!(concat!(env!("OUT_DIR"), "/task_tables.rs"));

/// The tags transformers' auto-model mappings give `class`, most specific first; `None` for a
/// class they do not list.
pub fn architecture_tags(class: &str) -> Option<&'static [&'static str]> {
    let (mut lo, mut hi) = (0, ARCH_ENDS.len());
    while lo < hi {
        let mid = (lo + hi) / 2;
        let start = if mid == 0 {
            0
        } else {
            ARCH_ENDS[mid - 1] as usize
        };
        let name = &ARCH_TEXT[start..ARCH_ENDS[mid] as usize];
        match name.cmp(class) {
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
            std::cmp::Ordering::Equal => return Some(TAG_SETS[ARCH_SETS[mid] as usize]),
        }
    }
    None
}

/// Whether transformers' `pipeline()` serves `tag` (in the version the table was made from).
pub fn has_pipeline(tag: &str) -> bool {
    PIPELINES.contains(&tag)
}

/// The Auto class that loads a model for `tag` (`AutoModelForSeq2SeqLM` for `summarization`).
pub fn auto_class(tag: &str) -> Option<&'static str> {
    AUTO_CLASSES
        .iter()
        .find(|(t, _)| *t == tag)
        .map(|(_, class)| *class)
}

/// Where the table comes from (the script and the transformers version).
pub fn table_source() -> &'static str {
    GENERATED_BY
}

/// Every tag the table reaches.
pub fn all_tags() -> Vec<&'static str> {
    let mut tags: Vec<&'static str> = TAG_SETS.iter().flat_map(|s| s.iter().copied()).collect();
    tags.sort_unstable();
    tags.dedup();
    tags
}

/// What the decision can look at.
#[derive(Debug, Clone, Default)]
pub struct Evidence<'a> {
    /// `architectures[0]` of config.json.
    pub architecture: Option<&'a str>,
    pub model_type: Option<&'a str>,
    /// PEFT `task_type` (`CAUSAL_LM`).
    pub peft_task: Option<&'a str>,
    /// The `task` of each `[[evaluation]]`, in order.
    pub evaluation_tasks: Vec<&'a str>,
    /// Metric names the run logged or train.toml lists (`eval_rouge1`, `bleu`, …).
    pub metrics: Vec<&'a str>,
}

/// A decided tag and why, for the note printed to the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub tag: String,
    pub reason: String,
}

/// Model types whose sequence-to-sequence models are translation models.
const TRANSLATION_TYPES: &[&str] = &[
    "marian",
    "m2m_100",
    "nllb-moe",
    "fsmt",
    "mbart",
    "seamless_m4t",
    "seamless_m4t_v2",
];

/// Model types whose sequence-to-sequence models are summarisation models.
const SUMMARIZATION_TYPES: &[&str] = &[
    "bart",
    "pegasus",
    "pegasus_x",
    "led",
    "bigbird_pegasus",
    "prophetnet",
];

/// Decide the tag, or `None` when nothing says.
pub fn decide(e: &Evidence<'_>) -> Option<Decision> {
    if let Some(d) = from_architecture(e) {
        return Some(d);
    }
    if let Some(tag) = e.peft_task.and_then(|t| peft_tag(t, e)) {
        return Some(Decision {
            reason: format!(
                "from the PEFT task_type {}",
                e.peft_task.unwrap_or_default()
            ),
            tag,
        });
    }
    let tag = *e.evaluation_tasks.first()?;
    Some(Decision {
        tag: tag.to_owned(),
        reason: "from the task of [[evaluation]] in train.toml".into(),
    })
}

fn from_architecture(e: &Evidence<'_>) -> Option<Decision> {
    let class = e.architecture?;
    let tags = architecture_tags(class).filter(|t| !t.is_empty())?;
    let decided = |tag: &str, why: String| Decision {
        tag: tag.to_owned(),
        reason: format!("from {class}{why}"),
    };
    if tags.len() == 1 {
        return Some(decided(tags[0], String::new()));
    }
    if let Some(t) = e.evaluation_tasks.iter().find(|t| tags.contains(t)) {
        return Some(decided(t, " and the task of [[evaluation]]".into()));
    }
    if tags.contains(&"summarization") && tags.contains(&"translation") {
        if let Some((tag, why)) = seq2seq(e) {
            return Some(decided(tag, why));
        }
    }
    let others = tags[1..].join(", ");
    Some(decided(
        tags[0],
        format!(" (it also serves {others}; set pipeline_tag to choose)"),
    ))
}

/// Summarisation or translation, from the model type, then from the metrics.
fn seq2seq(e: &Evidence<'_>) -> Option<(&'static str, String)> {
    if let Some(t) = e.model_type {
        if TRANSLATION_TYPES.contains(&t) {
            return Some(("translation", format!(" (model_type {t})")));
        }
        if SUMMARIZATION_TYPES.contains(&t) {
            return Some(("summarization", format!(" (model_type {t})")));
        }
    }
    let logged = |words: &[&str]| {
        e.metrics
            .iter()
            .find(|m| words.iter().any(|w| m.to_ascii_lowercase().contains(w)))
            .copied()
    };
    if let Some(m) = logged(&["bleu", "chrf", "comet"]) {
        return Some(("translation", format!(" (the run logged {m})")));
    }
    if let Some(m) = logged(&["rouge"]) {
        return Some(("summarization", format!(" (the run logged {m})")));
    }
    None
}

fn peft_tag(task: &str, e: &Evidence<'_>) -> Option<String> {
    let tag = match task {
        "CAUSAL_LM" => "text-generation",
        "SEQ_CLS" => "text-classification",
        "TOKEN_CLS" => "token-classification",
        "QUESTION_ANS" => "question-answering",
        "FEATURE_EXTRACTION" => "feature-extraction",
        "SEQ_2_SEQ_LM" => return seq2seq(e).map(|(t, _)| t.to_owned()),
        _ => return None,
    };
    Some(tag.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arch(class: &'static str, model_type: &'static str) -> Evidence<'static> {
        Evidence {
            architecture: Some(class),
            model_type: Some(model_type),
            ..Evidence::default()
        }
    }

    #[test]
    fn the_table_is_compiled_in_and_sorted() {
        assert_eq!(
            architecture_tags("WhisperForConditionalGeneration"),
            Some(&["automatic-speech-recognition"][..])
        );
        assert_eq!(architecture_tags("BertForPreTraining"), Some(&[][..]));
        assert_eq!(architecture_tags("NoSuchModel"), None);
        assert!(table_source().contains("transformers"));
        assert!(has_pipeline("automatic-speech-recognition"));
        assert_eq!(auto_class("translation"), Some("AutoModelForSeq2SeqLM"));
    }

    #[test]
    fn conditional_generation_is_disambiguated() {
        let d = |e: Evidence<'_>| decide(&e).unwrap().tag;
        assert_eq!(d(arch("MarianMTModel", "marian")), "translation");
        assert_eq!(
            d(arch("BartForConditionalGeneration", "bart")),
            "summarization"
        );
        let mut t5 = arch("T5ForConditionalGeneration", "t5");
        t5.metrics = vec!["eval_bleu"];
        assert_eq!(d(t5.clone()), "translation");
        t5.evaluation_tasks = vec!["summarization"];
        assert_eq!(d(t5), "summarization");
        assert_eq!(
            d(arch("Qwen2VLForConditionalGeneration", "qwen2_vl")),
            "image-text-to-text"
        );
        assert_eq!(
            d(arch("CLIPModel", "clip")),
            "zero-shot-image-classification"
        );
    }

    #[test]
    fn peft_task_then_evaluation() {
        let e = Evidence {
            peft_task: Some("CAUSAL_LM"),
            ..Evidence::default()
        };
        assert_eq!(decide(&e).unwrap().tag, "text-generation");
        let e = Evidence {
            evaluation_tasks: vec!["automatic-speech-recognition"],
            ..Evidence::default()
        };
        assert_eq!(decide(&e).unwrap().tag, "automatic-speech-recognition");
        assert_eq!(decide(&Evidence::default()), None);
    }
}
