//! What trainers leave in an output folder, read as they write it.
//!
//! - `adapter_config.json`: PEFT `PeftConfigMixin.save_pretrained` (`json.dumps(indent=2,
//!   sort_keys=True)`).
//! - `trainer_state.json`: transformers `TrainerState.save_to_json`.
//! - `config.json`: transformers `PretrainedConfig.to_json_file`.
//! - `all_results.json`, `eval_results.json`, `train_results.json`: `Trainer.save_metrics`.
//! - `training_args.json`: `TrainingArguments.to_json_string()`, written by some scripts.
//!
//! Python's `json` writes `NaN` / `Infinity` for non-finite floats (e.g. a `grad_norm`); they are
//! read as null. Unknown keys are ignored: these formats grow with every release.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

/// The files this module knows, in the order they are read.
pub const KNOWN_FILES: &[&str] = &[
    "adapter_config.json",
    "trainer_state.json",
    "config.json",
    "all_results.json",
    "eval_results.json",
    "train_results.json",
    "training_args.json",
];

/// Everything read from one folder.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Artifacts {
    pub dir: PathBuf,
    /// The known files that were present.
    pub files: Vec<&'static str>,
    pub adapter: Option<AdapterConfig>,
    pub state: Option<TrainerState>,
    pub config: Option<ModelConfig>,
    /// Metrics from `*_results.json` (later files win: all, eval, train).
    pub metrics: BTreeMap<String, f64>,
    pub training_args: Option<BTreeMap<String, Value>>,
    /// The safetensors checkpoint (model, shards or adapter), from its headers.
    pub weights: Option<crate::model_files::safetensors::Weights>,
}

/// `adapter_config.json` (the keys cardgen uses).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
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
}

/// `trainer_state.json` (the keys cardgen uses).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct TrainerState {
    pub epoch: Option<f64>,
    pub global_step: Option<u64>,
    pub max_steps: Option<u64>,
    pub num_train_epochs: Option<f64>,
    pub train_batch_size: Option<u64>,
    pub total_flos: Option<f64>,
    pub best_metric: Option<f64>,
    pub best_model_checkpoint: Option<String>,
    #[serde(default)]
    pub log_history: Vec<BTreeMap<String, Value>>,
}

/// `config.json` (the keys cardgen uses).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct ModelConfig {
    #[serde(default)]
    pub architectures: Vec<String>,
    pub model_type: Option<String>,
    #[serde(rename = "_name_or_path")]
    pub name_or_path: Option<String>,
    pub transformers_version: Option<String>,
    pub quantization_config: Option<Value>,
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

/// Read every known file in `dir`. A folder holding none of them is an error.
pub fn read_dir(dir: &Path) -> Result<Artifacts, ArtifactError> {
    if !dir.is_dir() {
        return Err(ArtifactError {
            path: dir.to_path_buf(),
            message: "not a directory".into(),
        });
    }
    let mut a = Artifacts {
        dir: dir.to_path_buf(),
        ..Artifacts::default()
    };
    for &name in KNOWN_FILES {
        let path = dir.join(name);
        if path.is_file() {
            a.files.push(name);
            read_one(&mut a, name, &path)?;
        }
    }
    a.weights = crate::model_files::safetensors::read_dir(dir).map_err(|e| ArtifactError {
        path: e.path,
        message: e.message,
    })?;
    if a.files.is_empty() && a.weights.is_none() {
        return Err(ArtifactError {
            path: dir.to_path_buf(),
            message: format!(
                "no training artifacts found (looked for {})",
                KNOWN_FILES.join(", ")
            ),
        });
    }
    Ok(a)
}

fn read_one(a: &mut Artifacts, name: &str, path: &Path) -> Result<(), ArtifactError> {
    match name {
        "adapter_config.json" => a.adapter = Some(load(path)?),
        "trainer_state.json" => a.state = Some(load(path)?),
        "config.json" => a.config = Some(load(path)?),
        "training_args.json" => a.training_args = Some(load(path)?),
        _ => {
            let m: BTreeMap<String, Value> = load(path)?;
            a.metrics
                .extend(m.into_iter().filter_map(|(k, v)| Some((k, v.as_f64()?))));
        }
    }
    Ok(())
}

fn load<T: DeserializeOwned>(path: &Path) -> Result<T, ArtifactError> {
    let err = |message: String| ArtifactError {
        path: path.to_path_buf(),
        message,
    };
    let text = std::fs::read_to_string(path).map_err(|e| err(format!("cannot read: {e}")))?;
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
        assert!(read_dir(&dir.join("nope")).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
