//! The hyperparameter list, in the order and with the names of the card transformers' Trainer
//! writes (`modelcard.extract_hyperparameters_from_trainer`): learning rate, batch sizes, seed,
//! gradient accumulation, total batch size, optimizer, scheduler, warmup, epochs or training
//! steps, mixed precision; then what the TRL method adds (`beta`, `num_generations`, …).
//!
//! Sources, first found: `training_args.bin` or `training_args.json`, then the list in the
//! trainer-written README.md, then `trainer_state.json`. train.toml's `[training.hyperparameters]`
//! overrides a value of the same name and adds the rest.

use std::collections::BTreeMap;

use serde_json::Value;

use super::artifacts::Artifacts;
use super::format::{json_text, number};
use super::methods::Method;

/// TRL arguments worth listing, when the run used a TRL method.
const METHOD_ARGS: &[&str] = &[
    "beta",
    "loss_type",
    "num_generations",
    "max_completion_length",
    "max_prompt_length",
    "max_length",
];

/// The list and where it was read (`None` when it is train.toml's alone).
pub fn list(
    own: &BTreeMap<String, toml::Value>,
    art: Option<&Artifacts>,
    method: Option<&Method>,
) -> (Vec<(String, String)>, Option<String>) {
    let (mut rows, source) = art.map_or((Vec::new(), None), |a| imported(a, method));
    for (k, v) in own {
        let text = toml_text(v);
        match rows.iter_mut().find(|(name, _)| name == k) {
            Some(row) => row.1 = text,
            None => rows.push((k.clone(), text)),
        }
    }
    (rows, source)
}

fn imported(art: &Artifacts, method: Option<&Method>) -> (Vec<(String, String)>, Option<String>) {
    if let Some(args) = &art.training_args {
        let file = art
            .training_args_file
            .as_deref()
            .unwrap_or("training arguments");
        return (from_args(&args.values, method), Some(file.to_owned()));
    }
    if let Some(r) = art
        .readme
        .as_ref()
        .filter(|r| !r.hyperparameters.is_empty())
    {
        return (
            r.hyperparameters.clone(),
            Some("the trainer's README.md".into()),
        );
    }
    match &art.state {
        Some(s) => {
            let mut rows = Vec::new();
            if let Some(b) = s.train_batch_size {
                rows.push(("train_batch_size".into(), b.to_string()));
            }
            // A run that stopped before its planned epochs was limited by max_steps.
            match (s.epoch, s.num_train_epochs, s.max_steps) {
                (Some(done), Some(planned), Some(steps)) if done < planned => {
                    rows.push(("training_steps".into(), steps.to_string()));
                }
                (_, Some(planned), _) => rows.push(("num_epochs".into(), number(planned))),
                _ => {}
            }
            (rows, Some("trainer_state.json".into()))
        }
        None => (Vec::new(), None),
    }
}

fn from_args(a: &BTreeMap<String, Value>, method: Option<&Method>) -> Vec<(String, String)> {
    let num = |k: &str| a.get(k).and_then(Value::as_f64);
    let text = |k: &str| a.get(k).and_then(json_text);
    let mut rows: Vec<(String, String)> = Vec::new();
    let mut put = |k: &str, v: Option<String>| {
        if let Some(v) = v {
            rows.push((k.to_owned(), v));
        }
    };
    put("learning_rate", text("learning_rate"));
    let train_bs = num("per_device_train_batch_size");
    put("train_batch_size", text("per_device_train_batch_size"));
    put("eval_batch_size", text("per_device_eval_batch_size"));
    put("seed", text("seed"));
    let accumulation = num("gradient_accumulation_steps").filter(|g| *g > 1.0);
    put("gradient_accumulation_steps", accumulation.map(number));
    put(
        "total_train_batch_size",
        train_bs.zip(accumulation).map(|(b, g)| number(b * g)),
    );
    put("optimizer", optimizer(a));
    put("lr_scheduler_type", text("lr_scheduler_type"));
    put(
        "lr_scheduler_warmup_ratio",
        num("warmup_ratio").filter(|r| *r > 0.0).map(number),
    );
    put(
        "lr_scheduler_warmup_steps",
        num("warmup_steps").filter(|s| *s > 0.0).map(number),
    );
    match num("max_steps").filter(|s| *s > 0.0) {
        Some(steps) => put("training_steps", Some(number(steps))),
        None => put("num_epochs", text("num_train_epochs")),
    }
    put(
        "weight_decay",
        num("weight_decay").filter(|w| *w > 0.0).map(number),
    );
    put(
        "label_smoothing_factor",
        num("label_smoothing_factor")
            .filter(|w| *w > 0.0)
            .map(number),
    );
    let precision = ["bf16", "fp16"]
        .into_iter()
        .find(|k| a.get(*k).and_then(Value::as_bool) == Some(true));
    put("mixed_precision", precision.map(str::to_owned));
    if method.is_some_and(|m| m.tag != "sft") {
        for k in METHOD_ARGS {
            put(k, text(k));
        }
    }
    rows
}

/// `adamw_torch_fused (betas 0.9, 0.999; epsilon 1e-08)` for the Adam family, the name otherwise.
fn optimizer(a: &BTreeMap<String, Value>) -> Option<String> {
    let name = a.get("optim").and_then(json_text)?;
    let mut parts = Vec::new();
    if name.contains("adam") {
        if let (Some(b1), Some(b2)) = (
            a.get("adam_beta1").and_then(Value::as_f64),
            a.get("adam_beta2").and_then(Value::as_f64),
        ) {
            parts.push(format!("betas {}, {}", number(b1), number(b2)));
        }
        if let Some(e) = a.get("adam_epsilon").and_then(Value::as_f64) {
            parts.push(format!("epsilon {e:e}"));
        }
    }
    if let Some(extra) = a.get("optim_args").and_then(json_text) {
        parts.push(extra);
    }
    Some(if parts.is_empty() {
        name
    } else {
        format!("{name} ({})", parts.join("; "))
    })
}

fn toml_text(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        toml::Value::Float(f) => number(*f),
        toml::Value::Array(items) => items.iter().map(toml_text).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(json: &str) -> BTreeMap<String, Value> {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn steps_replace_epochs_when_max_steps_is_set() {
        let rows = from_args(
            &args(
                r#"{"learning_rate": 5e-5, "per_device_train_batch_size": 8,
                "gradient_accumulation_steps": 4, "num_train_epochs": 3.0, "max_steps": 5000,
                "optim": "adamw_torch", "adam_beta1": 0.9, "adam_beta2": 0.999,
                "adam_epsilon": 1e-8, "warmup_steps": 0, "bf16": true}"#,
            ),
            None,
        );
        let get = |k: &str| rows.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        assert_eq!(get("training_steps"), Some("5000"));
        assert_eq!(get("num_epochs"), None);
        assert_eq!(get("total_train_batch_size"), Some("32"));
        assert_eq!(
            get("optimizer"),
            Some("adamw_torch (betas 0.9, 0.999; epsilon 1e-8)")
        );
        assert_eq!(get("lr_scheduler_warmup_steps"), None);
        assert_eq!(get("mixed_precision"), Some("bf16"));
    }
}
