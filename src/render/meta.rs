//! `train.toml`: what a person knows about their model, in the Hub's own words.
//!
//! Every table denies unknown keys. `schemas/train.schema.json` is generated from these types
//! ([`schema`]); a file is checked against that same schema before it is deserialized, so that
//! every error in it is reported at once.

use std::collections::BTreeMap;
use std::path::PathBuf;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The whole `train.toml`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "cardgen train.toml")]
pub struct Meta {
    /// The model: Hub metadata (copied into the front matter) and the card's prose.
    #[serde(default)]
    pub model: Model,
    /// How the model was trained.
    #[serde(default)]
    pub training: Training,
    /// Evaluation results: each becomes a `model-index` entry and a row of the results table.
    #[serde(default)]
    pub evaluation: Vec<Evaluation>,
    /// How the card is rendered.
    #[serde(default)]
    pub card: CardOptions,
}

/// `[model]`. Metadata keys are spelled exactly as in the Hub's front matter.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Model {
    /// Display name: the card's title and the `model-index` name.
    pub name: Option<String>,
    /// The Hub id the card is published under (`owner/name`); used in the generated usage snippet.
    pub repo_id: Option<String>,
    /// A Hub license id (`apache-2.0`, `mit`, `llama3.1`, …) or `other`.
    pub license: Option<String>,
    /// With `license = "other"`: an id for the custom license.
    pub license_name: Option<String>,
    /// With `license = "other"`: `LICENSE`, `LICENSE.md` or a URL.
    pub license_link: Option<String>,
    /// The Hub id(s) of the model(s) this one was trained or merged from; never a local path.
    pub base_model: Option<OneOrMany>,
    /// `adapter`, `merge`, `quantized` or `finetune`.
    pub base_model_relation: Option<String>,
    /// Hub dataset ids used for training.
    #[serde(default)]
    pub datasets: Vec<String>,
    /// ISO 639 language code(s).
    pub language: Option<OneOrMany>,
    /// The Hub task, e.g. `text-generation`.
    pub pipeline_tag: Option<String>,
    /// The library that loads the model, e.g. `transformers`, `peft`.
    pub library_name: Option<String>,
    /// Free-form tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Metric ids (`accuracy`, `wer`, …).
    #[serde(default)]
    pub metrics: Vec<String>,
    /// Hub id of a newer version of this model.
    pub new_version: Option<String>,
    /// What the model is and does (Markdown). Required.
    pub description: Option<String>,
    /// What the model is for and who should use it (Markdown).
    pub intended_use: Option<String>,
    /// Uses the model is not suited for (Markdown).
    pub out_of_scope_use: Option<String>,
    /// Known limitations, biases and risks (Markdown). Required.
    pub limitations: Option<String>,
    /// What users should do about the limitations (Markdown).
    pub recommendations: Option<String>,
    /// A usage snippet (Python code, or Markdown if it contains a ``` fence). Generated from
    /// library_name / pipeline_tag / the adapter type when absent.
    pub usage: Option<String>,
    /// The input the generated usage snippet runs on: a prompt, a text, or an image or audio URL
    /// (default: a neutral input of the task's modality).
    pub example_input: Option<String>,
    /// BibTeX for citing the model.
    pub citation: Option<String>,
    /// Who wrote the card / trained the model.
    pub authors: Option<OneOrMany>,
    /// How to reach the authors.
    pub contact: Option<String>,
}

/// A string or a list of strings, as the Hub accepts for `base_model`, `language`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn as_slice(&self) -> &[String] {
        match self {
            OneOrMany::One(s) => std::slice::from_ref(s),
            OneOrMany::Many(v) => v,
        }
    }
}

/// `[training]`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Training {
    /// `full`, `lora`, `qlora`, `dora`, `prefix-tuning`, … (free text; `lora`/`qlora` select the
    /// adapter template).
    pub method: Option<String>,
    /// The training stack, e.g. `transformers Trainer`, `TRL SFTTrainer`, `unsloth`.
    pub framework: Option<String>,
    /// Free-form hyperparameters, shown as a table. Values override imported ones.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, serde_json::Value>")]
    pub hyperparameters: BTreeMap<String, toml::Value>,
    /// The training data: source, size, preprocessing (Markdown).
    pub data: Option<String>,
    /// Hardware used, e.g. `1x NVIDIA A100 80GB`.
    pub hardware: Option<String>,
    /// Wall-clock training time, e.g. `3 h 20 min`.
    pub duration: Option<String>,
    /// CO2 emitted during training, in grams.
    pub co2_eq_emissions: Option<f64>,
    /// A training output folder to import (relative to train.toml); `--from` overrides it.
    pub artifacts: Option<PathBuf>,
}

/// One `[[evaluation]]` result.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Evaluation {
    /// The task type, a Hub pipeline tag (`text-generation`).
    pub task: String,
    /// A readable task name; defaults to one derived from `task`.
    pub task_name: Option<String>,
    pub dataset: EvalDataset,
    pub metric: EvalMetric,
    /// The score. When absent it is read from the imported metrics (`eval_<metric.type>`, or the
    /// key named by `from`).
    pub value: Option<f64>,
    /// The key of the imported metric to use (e.g. `eval_accuracy`).
    pub from: Option<String>,
    /// Which evaluation of `trainer_state.json`'s log to read a value from: `last` (default:
    /// the trainer's `*_results.json`, else the last evaluation logged) or `best` (the best
    /// checkpoint's).
    pub checkpoint: Option<EvalCheckpoint>,
}

/// Which logged evaluation a value is read from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EvalCheckpoint {
    #[default]
    Last,
    Best,
}

/// The dataset an evaluation ran on.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EvalDataset {
    /// Hub dataset id.
    pub id: String,
    /// Readable name.
    pub name: String,
    pub config: Option<String>,
    pub split: Option<String>,
    pub revision: Option<String>,
}

/// The metric of an evaluation.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EvalMetric {
    /// Metric id (`accuracy`, `f1`, `perplexity`).
    #[serde(rename = "type")]
    pub kind: String,
    /// Readable name.
    pub name: Option<String>,
}

/// `[card]`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CardOptions {
    /// `general`, `adapter`, or a path to a Jinja2 template (relative to train.toml). Default:
    /// `adapter` for LoRA/QLoRA and PEFT artifacts, `general` otherwise.
    pub template: Option<String>,
    /// Extra sections, appended before the citation.
    #[serde(default)]
    pub sections: Vec<ExtraSection>,
    /// Sections that may print a "not provided" sentence instead of failing when their data is
    /// missing: `description`, `intended_use`, `usage`, `training_data`, `evaluation`,
    /// `limitations`.
    #[serde(default)]
    pub not_provided: Vec<SectionId>,
}

/// A section the user adds.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtraSection {
    pub title: String,
    /// Markdown.
    pub body: String,
}

/// Sections whose data can be missing.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum SectionId {
    Description,
    IntendedUse,
    Usage,
    TrainingData,
    Evaluation,
    Limitations,
}

impl SectionId {
    /// The train.toml key that fills the section.
    pub fn key(self) -> &'static str {
        match self {
            SectionId::Description => "model.description",
            SectionId::IntendedUse => "model.intended_use",
            SectionId::Usage => "model.usage",
            SectionId::TrainingData => "training.data",
            SectionId::Evaluation => "[[evaluation]]",
            SectionId::Limitations => "model.limitations",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            SectionId::Description => "Model description",
            SectionId::IntendedUse => "Intended use",
            SectionId::Usage => "How to use",
            SectionId::TrainingData => "Training data",
            SectionId::Evaluation => "Evaluation",
            SectionId::Limitations => "Limitations",
        }
    }
}

impl Meta {
    /// Treat blank strings as absent (`license = ""` must not reach the front matter) and drop
    /// blank list items.
    pub fn normalize(&mut self) {
        let m = &mut self.model;
        for field in [
            &mut m.name,
            &mut m.repo_id,
            &mut m.license,
            &mut m.license_name,
            &mut m.license_link,
            &mut m.base_model_relation,
            &mut m.pipeline_tag,
            &mut m.library_name,
            &mut m.new_version,
            &mut m.description,
            &mut m.intended_use,
            &mut m.out_of_scope_use,
            &mut m.limitations,
            &mut m.recommendations,
            &mut m.usage,
            &mut m.example_input,
            &mut m.citation,
            &mut m.contact,
            &mut self.training.method,
            &mut self.training.framework,
            &mut self.training.data,
            &mut self.training.hardware,
            &mut self.training.duration,
        ] {
            if field.as_deref().is_some_and(|s| s.trim().is_empty()) {
                *field = None;
            }
        }
        for list in [&mut m.datasets, &mut m.tags, &mut m.metrics] {
            list.retain(|s| !s.trim().is_empty());
        }
        for v in [&mut m.base_model, &mut m.language, &mut m.authors] {
            *v = v.take().and_then(OneOrMany::non_blank);
        }
    }
}

impl OneOrMany {
    fn non_blank(self) -> Option<Self> {
        match self {
            OneOrMany::One(s) if s.trim().is_empty() => None,
            OneOrMany::Many(v) => {
                let v: Vec<String> = v.into_iter().filter(|s| !s.trim().is_empty()).collect();
                (!v.is_empty()).then_some(OneOrMany::Many(v))
            }
            other => Some(other),
        }
    }
}

/// The commented `train.toml` that `cardgen init` writes.
pub const INIT_TEMPLATE: &str = include_str!("../../templates/train.init.toml");

/// The JSON Schema of `train.toml`, as data.
pub fn schema_value() -> serde_json::Value {
    schemars::schema_for!(Meta).to_value()
}

/// The JSON Schema of `train.toml`, pretty-printed with a trailing newline (in schemars' key
/// order, which a `serde_json::Value` would not keep).
pub fn schema() -> String {
    let schema = schemars::schema_for!(Meta);
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}
