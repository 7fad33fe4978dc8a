//! What trainers leave in an output folder, read as they write it.
//!
//! - `adapter_config.json`: PEFT `PeftConfigMixin.save_pretrained` (`json.dumps(indent=2,
//!   sort_keys=True)`).
//! - `trainer_state.json`: transformers `TrainerState.save_to_json`.
//! - `config.json`, `generation_config.json`: transformers `PretrainedConfig.to_json_file`.
//! - `all_results.json`, `eval_results.json`, `train_results.json`: `Trainer.save_metrics`.
//! - `training_args.bin`: `torch.save(TrainingArguments)`, written by every Trainer checkpoint
//!   (see [`super::training_args`]); `training_args.json`: `to_json_string()`, from some scripts.
//! - `tokenizer_config.json`, `chat_template.jinja`: the tokenizer's `save_pretrained`.
//! - `modules.json`, `config_sentence_transformers.json`: sentence-transformers' `save`.
//! - `README.md`: the card the trainer wrote (`Trainer.create_model_card`, TRL, sentence-
//!   transformers), read only for what the other files lack (see [`super::trainer_readme`]).
//!
//! An output root that holds only `checkpoint-*` folders is read through one of them: the best
//! (`best_model_checkpoint`) or else the last. A root with a model of its own takes the trainer
//! state and arguments it lacks from its last checkpoint.
//!
//! Python's `json` writes `NaN` / `Infinity` for non-finite floats (e.g. a `grad_norm`); they are
//! read as null. Unknown keys are ignored: these formats grow with every release.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::trainer_readme::{self, TrainerReadme};
use super::training_args::{self, TrainingArgs};

/// The files this module knows, in the order they are read.
pub const KNOWN_FILES: &[&str] = &[
    "adapter_config.json",
    "trainer_state.json",
    "config.json",
    "all_results.json",
    "eval_results.json",
    "train_results.json",
    "training_args.bin",
    "training_args.json",
    "generation_config.json",
    "tokenizer_config.json",
    "chat_template.jinja",
    "config_sentence_transformers.json",
    "modules.json",
    "README.md",
];

/// Files that hold the model itself (weights' configuration): a folder with one of them is a
/// model, not only a training log.
const MODEL_FILES: &[&str] = &["adapter_config.json", "config.json", "modules.json"];

/// Everything read from one folder.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Artifacts {
    pub dir: PathBuf,
    /// The known files that were present (a checkpoint's as `checkpoint-6/trainer_state.json`).
    pub files: Vec<String>,
    pub adapter: Option<AdapterConfig>,
    pub state: Option<TrainerState>,
    pub config: Option<ModelConfig>,
    /// Metrics from `*_results.json` (later files win: all, eval, train).
    pub metrics: BTreeMap<String, f64>,
    /// The file each metric was read from.
    pub metric_files: BTreeMap<String, String>,
    /// `training_args.bin`, else `training_args.json`.
    pub training_args: Option<TrainingArgs>,
    /// Which file the arguments came from.
    pub training_args_file: Option<String>,
    /// `transformers_version` of generation_config.json.
    pub generation_transformers_version: Option<String>,
    pub tokenizer: Option<TokenizerConfig>,
    /// A chat template was saved (`chat_template.jinja` or in tokenizer_config.json).
    pub chat_template: bool,
    pub sentence_transformers: Option<SentenceTransformersConfig>,
    /// The card the trainer wrote.
    pub readme: Option<TrainerReadme>,
    /// What the reader chose and assumed (which checkpoint, where the state came from).
    pub notes: Vec<String>,
    /// The safetensors checkpoint (model, shards or adapter), from its headers.
    pub weights: Option<crate::model_files::safetensors::Weights>,
}

/// `adapter_config.json` (the keys cardgen uses).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AdapterConfig {
    pub base_model_name_or_path: Option<String>,
    pub peft_type: Option<String>,
    pub task_type: Option<String>,
    pub r: Option<u64>,
    pub lora_alpha: Option<f64>,
    pub lora_dropout: Option<f64>,
    pub target_modules: Option<Value>,
    #[serde(default)]
    pub use_dora: bool,
    #[serde(default)]
    pub use_rslora: bool,
    pub bias: Option<String>,
    pub modules_to_save: Option<Vec<String>>,
    pub peft_version: Option<String>,
}

/// `trainer_state.json` (the keys cardgen uses).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TrainerState {
    pub epoch: Option<f64>,
    pub global_step: Option<u64>,
    pub max_steps: Option<u64>,
    pub num_train_epochs: Option<f64>,
    pub train_batch_size: Option<u64>,
    pub total_flos: Option<f64>,
    pub best_metric: Option<f64>,
    pub best_global_step: Option<u64>,
    pub best_model_checkpoint: Option<String>,
    #[serde(default)]
    pub log_history: Vec<BTreeMap<String, Value>>,
}

/// `config.json` (the keys cardgen uses).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ModelConfig {
    #[serde(default, deserialize_with = "null_as_default")]
    pub architectures: Vec<String>,
    pub model_type: Option<String>,
    #[serde(rename = "_name_or_path")]
    pub name_or_path: Option<String>,
    pub transformers_version: Option<String>,
    pub quantization_config: Option<Value>,
    /// Class index -> label, for classifiers.
    pub id2label: Option<BTreeMap<String, String>>,
}

/// `tokenizer_config.json` (the keys cardgen uses).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TokenizerConfig {
    pub chat_template: Option<Value>,
    pub mask_token: Option<Value>,
}

/// `config_sentence_transformers.json` (the keys cardgen uses).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SentenceTransformersConfig {
    #[serde(rename = "__version__", default)]
    pub versions: BTreeMap<String, String>,
}

fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// Why a folder could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArtifactError {
    pub path: PathBuf,
    pub message: String,
}

impl std::fmt::Display for ArtifactError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

/// Read every known file in `dir`, through a checkpoint when the folder is an output root. A
/// folder holding none of them, directly or in a checkpoint, is an error.
pub fn read_dir(dir: &Path) -> Result<Artifacts, ArtifactError> {
    if !dir.is_dir() {
        return Err(ArtifactError {
            path: dir.to_path_buf(),
            message: "not a directory".into(),
        });
    }
    let mut root = read_one_dir(dir, "")?;
    let checkpoints = checkpoints(dir);
    let Some(last) = checkpoints.last() else {
        if root.files.is_empty() && root.weights.is_none() {
            return Err(nothing_found(dir));
        }
        return Ok(root);
    };
    let last_name = name_of(last);
    let last_art = read_one_dir(last, &format!("{last_name}/"))?;
    if has_model(&root) {
        fill_from(&mut root, last_art, &last_name);
        return Ok(root);
    }
    let (chosen, why) = choose_checkpoint(&checkpoints, &root, &last_art);
    let chosen_name = name_of(chosen);
    let mut art = if chosen == last {
        last_art.clone()
    } else {
        read_one_dir(chosen, &format!("{chosen_name}/"))?
    };
    art.notes.push(format!(
        "{} holds no model of its own: read {chosen_name}, {why}",
        dir.display()
    ));
    // The last checkpoint's state has the whole log history; an earlier one stops at its step.
    if chosen != last {
        if let Some(state) = last_art.state.clone() {
            art.state = Some(state);
            art.notes.push(format!(
                "the training log (trainer_state.json) is {last_name}'s, the last checkpoint"
            ));
        }
    }
    merge_root_files(&mut art, root);
    art.dir = dir.to_path_buf();
    Ok(art)
}

fn nothing_found(dir: &Path) -> ArtifactError {
    ArtifactError {
        path: dir.to_path_buf(),
        message: format!(
            "no training artifacts found, and no checkpoint-* folder (looked for {})",
            KNOWN_FILES.join(", ")
        ),
    }
}

fn name_of(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn has_model(a: &Artifacts) -> bool {
    a.files.iter().any(|f| MODEL_FILES.contains(&f.as_str()))
}

/// `checkpoint-<step>` folders, by step.
fn checkpoints(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<(u64, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let step = name.strip_prefix("checkpoint-")?.parse().ok()?;
            e.path().is_dir().then(|| (step, e.path()))
        })
        .collect();
    found.sort();
    found.into_iter().map(|(_, p)| p).collect()
}

/// The best checkpoint named by the newest trainer state, if it is here; else the last.
fn choose_checkpoint<'a>(
    all: &'a [PathBuf],
    root: &Artifacts,
    last: &Artifacts,
) -> (&'a PathBuf, String) {
    let state = last.state.as_ref().or(root.state.as_ref());
    let best = state.and_then(|s| {
        let name = s.best_model_checkpoint.as_deref()?;
        let name = name.rsplit(['/', '\\']).next()?;
        let path = all.iter().find(|p| name_of(p) == name)?;
        let metric = s
            .best_metric
            .map(|m| {
                format!(
                    " ({} {})",
                    best_metric_name(last, root),
                    super::format::number(m)
                )
            })
            .unwrap_or_default();
        Some((path, format!("the best checkpoint{metric}")))
    });
    best.unwrap_or_else(|| {
        let last = &all[all.len() - 1];
        (
            last,
            "the last checkpoint (the trainer named no best one)".into(),
        )
    })
}

fn best_metric_name(a: &Artifacts, b: &Artifacts) -> String {
    [a, b]
        .iter()
        .find_map(|x| {
            x.training_args
                .as_ref()?
                .values
                .get("metric_for_best_model")?
                .as_str()
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "best metric".into())
}

/// A root with a model: what it lacks comes from its last checkpoint.
fn fill_from(root: &mut Artifacts, ckpt: Artifacts, name: &str) {
    let mut took = Vec::new();
    if root.state.is_none() && ckpt.state.is_some() {
        root.state = ckpt.state;
        took.push("trainer_state.json");
    }
    if root.training_args.is_none() && ckpt.training_args.is_some() {
        root.training_args = ckpt.training_args;
        root.training_args_file = ckpt.training_args_file.clone();
        took.push(
            ckpt.training_args_file
                .as_deref()
                .unwrap_or("training arguments"),
        );
    }
    if !took.is_empty() {
        root.notes.push(format!(
            "{} from {name}, the last checkpoint (the output folder has none)",
            took.join(" and ")
        ));
        root.files
            .extend(took.iter().map(|f| format!("{name}/{f}")));
    }
}

/// A checkpoint read for an output root: the root's results files and card still count.
fn merge_root_files(art: &mut Artifacts, root: Artifacts) {
    art.metrics.extend(root.metrics);
    art.metric_files.extend(root.metric_files);
    if art.readme.is_none() {
        art.readme = root.readme;
    }
    if art.state.is_none() {
        art.state = root.state;
    }
    art.files.extend(root.files);
}

/// Read the known files of one folder; `prefix` names it in `files`.
fn read_one_dir(dir: &Path, prefix: &str) -> Result<Artifacts, ArtifactError> {
    let mut a = Artifacts {
        dir: dir.to_path_buf(),
        ..Artifacts::default()
    };
    for &name in KNOWN_FILES {
        let path = dir.join(name);
        if path.is_file() && read_one(&mut a, name, &path)? {
            a.files.push(format!("{prefix}{name}"));
        }
    }
    a.weights = crate::model_files::safetensors::read_dir(dir).map_err(|e| ArtifactError {
        path: e.path,
        message: e.message,
    })?;
    Ok(a)
}

/// Read one file; `false` when it turned out not to be what cardgen reads (a README.md the
/// trainer did not write).
fn read_one(a: &mut Artifacts, name: &str, path: &Path) -> Result<bool, ArtifactError> {
    match name {
        "adapter_config.json" => a.adapter = Some(load(path)?),
        "trainer_state.json" => a.state = Some(load(path)?),
        "config.json" => a.config = Some(load(path)?),
        "training_args.bin" => match training_args::read_bin(path) {
            Ok(args) => {
                a.training_args = Some(args);
                a.training_args_file = Some("training_args.bin".to_owned());
            }
            // The card can be written without it: say so and go on.
            Err(e) => {
                a.notes
                    .push(format!("{} was not read: {e}", path.display()));
                return Ok(false);
            }
        },
        "training_args.json" => {
            if a.training_args.is_none() {
                a.training_args = Some(TrainingArgs {
                    class: None,
                    values: load(path)?,
                });
                a.training_args_file = Some("training_args.json".to_owned());
            }
        }
        "generation_config.json" => {
            let g: BTreeMap<String, Value> = load(path)?;
            a.generation_transformers_version = g
                .get("transformers_version")
                .and_then(Value::as_str)
                .map(str::to_owned);
        }
        "tokenizer_config.json" => {
            let t: TokenizerConfig = load(path)?;
            a.chat_template |= t.chat_template.as_ref().is_some_and(|c| !c.is_null());
            a.tokenizer = Some(t);
        }
        "chat_template.jinja" => a.chat_template = true,
        "config_sentence_transformers.json" => a.sentence_transformers = Some(load(path)?),
        "modules.json" => {
            let _: Value = load(path)?;
            a.sentence_transformers.get_or_insert_with(Default::default);
        }
        "README.md" => {
            let text = read_text(path)?;
            match trainer_readme::parse(&text) {
                Some(r) => a.readme = Some(r),
                None => return Ok(false),
            }
        }
        _ => {
            let m: BTreeMap<String, Value> = load(path)?;
            for (k, v) in m {
                if let Some(v) = v.as_f64() {
                    a.metric_files.insert(k.clone(), name.to_owned());
                    a.metrics.insert(k, v);
                }
            }
        }
    }
    Ok(true)
}

fn read_text(path: &Path) -> Result<String, ArtifactError> {
    std::fs::read_to_string(path).map_err(|e| ArtifactError {
        path: path.to_path_buf(),
        message: format!("cannot read: {e}"),
    })
}

fn load<T: DeserializeOwned>(path: &Path) -> Result<T, ArtifactError> {
    let err = |message: String| ArtifactError {
        path: path.to_path_buf(),
        message,
    };
    let text = read_text(path)?;
    serde_json::from_str(&python_json(&text)).map_err(|e| {
        err(format!(
            "not the JSON this file should hold: {e} (line {}, column {})",
            e.line(),
            e.column()
        ))
    })
}

/// Replace Python's non-standard `NaN`, `Infinity` and `-Infinity` tokens (outside strings)
/// with `null`, so serde_json can read the file.
pub fn python_json(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("NaN") && !text.contains("Infinity") {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if in_string {
            in_string = escaped || c != '"';
            escaped = !escaped && c == '\\';
        } else if c == '"' {
            in_string = true;
        } else if let Some(token) = ["-Infinity", "Infinity", "NaN"]
            .into_iter()
            .find(|t| rest.starts_with(t))
        {
            out.push_str("null");
            rest = &rest[token.len()..];
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out.into()
}

impl AdapterConfig {
    /// `target_modules` as a list (PEFT writes a list, or a regex string).
    pub fn target_modules(&self) -> Vec<String> {
        match &self.target_modules {
            Some(Value::Array(items)) => {
                let mut v: Vec<String> = items
                    .iter()
                    .filter_map(|i| i.as_str().map(str::to_owned))
                    .collect();
                // PEFT saves a Python set as a list in arbitrary order: sort for stable output.
                v.sort();
                v
            }
            Some(Value::String(s)) => vec![s.clone()],
            _ => Vec::new(),
        }
    }
}

impl ModelConfig {
    /// bitsandbytes 4-bit or 8-bit loading recorded in the config (QLoRA-style training).
    pub fn quantization(&self) -> Option<String> {
        let q = self.quantization_config.as_ref()?;
        let method = q.get("quant_method").and_then(Value::as_str).unwrap_or("");
        let bits = if q.get("load_in_4bit").and_then(Value::as_bool) == Some(true) {
            "4-bit"
        } else if q.get("load_in_8bit").and_then(Value::as_bool) == Some(true) {
            "8-bit"
        } else {
            ""
        };
        let s = format!("{bits} {method}").trim().to_owned();
        (!s.is_empty()).then_some(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_non_finite_floats_become_null() {
        let t = r#"{"a": NaN, "b": -Infinity, "c": "NaN Infinity", "d": [Infinity]}"#;
        let v: Value = serde_json::from_str(&python_json(t)).unwrap();
        assert_eq!(v["a"], Value::Null);
        assert_eq!(v["b"], Value::Null);
        assert_eq!(v["c"], "NaN Infinity");
        assert_eq!(v["d"][0], Value::Null);
    }

    #[test]
    fn escaped_quotes_do_not_end_strings() {
        let t = r#"{"a": "x\"NaN", "b": NaN}"#;
        let v: Value = serde_json::from_str(&python_json(t)).unwrap();
        assert_eq!(v["a"], "x\"NaN");
        assert_eq!(v["b"], Value::Null);
    }

    #[test]
    fn missing_folder_and_empty_folder_are_errors() {
        let dir = std::env::temp_dir().join(format!("cardgen-art-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let err = read_dir(&dir).unwrap_err();
        assert!(err.message.contains("no training artifacts"), "{err}");
        std::fs::create_dir(dir.join("checkpoint-x")).unwrap();
        assert!(read_dir(&dir).is_err());
        assert!(read_dir(&dir.join("nope")).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
