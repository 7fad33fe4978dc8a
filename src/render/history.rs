//! Training facts from artifacts: the procedure list, the adapter's configuration, and the
//! training-results table from `trainer_state.json`'s `log_history`.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::artifacts::{Artifacts, TrainerState};
use super::format::{json_text, number};
use super::meta::Training;

/// A Markdown table: header cells and rows of cells (not yet escaped).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Most rows of a training-loss table when there are no evaluation logs.
const MAX_LOSS_ROWS: usize = 10;

/// The adapter's configuration from `adapter_config.json`.
pub fn adapter_rows(art: &Artifacts) -> Vec<(String, String)> {
    let Some(a) = &art.adapter else {
        return Vec::new();
    };
    let mut rows = Vec::new();
    let mut put = |k: &str, v: Option<String>| {
        if let Some(v) = v {
            rows.push((k.to_owned(), v));
        }
    };
    put("peft_type", a.peft_type.clone());
    put("r", a.r.map(|r| r.to_string()));
    put("lora_alpha", a.lora_alpha.map(number));
    put("lora_dropout", a.lora_dropout.map(number));
    let modules = a.target_modules();
    put(
        "target_modules",
        (!modules.is_empty()).then(|| modules.join(", ")),
    );
    put("bias", a.bias.clone());
    put("use_dora", a.use_dora.then(|| "true".into()));
    put("use_rslora", a.use_rslora.then(|| "true".into()));
    put("task_type", a.task_type.clone());
    rows
}

/// How training went: method, framework, epochs and steps, best checkpoint, final loss.
pub fn procedure(t: &Training, art: Option<&Artifacts>) -> Vec<(String, String)> {
    let mut p = Vec::new();
    if let Some(m) = &t.method {
        p.push(("Method".into(), method_label(m)));
    }
    if let Some(q) = art
        .and_then(|a| a.config.as_ref())
        .and_then(|c| c.quantization())
    {
        p.push(("Base model loaded in".into(), q));
    }
    if let Some(fw) = &t.framework {
        p.push(("Framework".into(), fw.clone()));
    }
    if let Some(a) = art {
        let metric = a.training_args.as_ref().and_then(|t| {
            t.values
                .get("metric_for_best_model")?
                .as_str()
                .map(str::to_owned)
        });
        if let Some(s) = &a.state {
            p.extend(state_facts(s, metric.as_deref()));
        }
    }
    if let Some(loss) = art.and_then(|a| a.metrics.get("train_loss")) {
        p.push(("Final training loss".into(), number(*loss)));
    }
    p
}

fn method_label(m: &str) -> String {
    match m.to_ascii_lowercase().as_str() {
        "full" => "Full fine-tuning (all weights updated)".into(),
        "lora" => "LoRA (low-rank adapters; base weights frozen)".into(),
        "qlora" => "QLoRA (LoRA on a 4-bit quantized base model)".into(),
        "dora" => "DoRA (weight-decomposed low-rank adaptation)".into(),
        _ => m.to_owned(),
    }
}

fn state_facts(s: &TrainerState, metric: Option<&str>) -> Vec<(String, String)> {
    let mut p = Vec::new();
    match (s.epoch, s.global_step) {
        (Some(e), Some(g)) => {
            let unit = if e == 1.0 { "epoch" } else { "epochs" };
            p.push((
                "Trained for".into(),
                format!("{} {unit} ({g} steps)", number(e)),
            ));
        }
        (None, Some(g)) => p.push(("Trained for".into(), format!("{g} steps"))),
        _ => {}
    }
    if let (Some(best), Some(ckpt)) = (s.best_metric, &s.best_model_checkpoint) {
        let name = ckpt.rsplit(['/', '\\']).next().unwrap_or(ckpt);
        let metric = metric.unwrap_or("best metric");
        p.push((
            "Best checkpoint".into(),
            format!("`{name}` ({metric} {})", number(best)),
        ));
    }
    p
}

/// Training time from `train_runtime` (seconds), as `2 h 5 min`.
pub fn runtime(art: &Artifacts) -> Option<String> {
    let secs = art.metrics.get("train_runtime").copied().or_else(|| {
        let state = art.state.as_ref()?;
        state
            .log_history
            .iter()
            .rev()
            .find_map(|e| e.get("train_runtime")?.as_f64())
    })?;
    let mins = (secs / 60.0).round() as u64;
    Some(match (mins / 60, mins % 60) {
        (0, 0) if secs < 1.0 => "under 1 s".to_owned(),
        (0, 0) => format!("{} s", secs.round() as u64),
        (0, m) => format!("{m} min"),
        (h, m) => format!("{h} h {m} min"),
    })
}

/// Throughput and timing keys, which say nothing about quality.
pub fn is_throughput(key: &str) -> bool {
    key.ends_with("runtime")
        || key.ends_with("_per_second")
        || key.ends_with("num_tokens")
        || key == "samples"
        || key == "epoch"
}

/// The training-results table: one row per evaluation log (training loss, epoch, step,
/// validation loss, metrics), or, without evaluation logs, the training loss at up to
/// [`MAX_LOSS_ROWS`] logging steps. `columns` picks the keys a TRL method logs (rewards,
/// margins, KL); `None` keeps every evaluation metric.
pub fn results(s: &TrainerState, columns: Option<fn(&str) -> bool>) -> Option<Table> {
    let evals: Vec<&BTreeMap<String, Value>> = s
        .log_history
        .iter()
        .filter(|e| e.contains_key("eval_loss"))
        .collect();
    if evals.is_empty() {
        return loss_table(s, columns);
    }
    let mut metrics = eval_metric_names(&evals);
    if let Some(keep) = columns {
        metrics.retain(|m| keep(m.trim_start_matches("eval_")));
    }
    let mut header = vec!["Training Loss", "Epoch", "Step", "Validation Loss"]
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>();
    header.extend(
        metrics
            .iter()
            .map(|m| m.trim_start_matches("eval_").to_owned()),
    );
    let rows = evals
        .iter()
        .map(|e| {
            let step = e.get("step").and_then(Value::as_u64).unwrap_or(0);
            let mut row = vec![
                train_loss_at(s, step),
                cell(e, "epoch"),
                step.to_string(),
                cell(e, "eval_loss"),
            ];
            row.extend(metrics.iter().map(|m| cell(e, m)));
            row
        })
        .collect();
    Some(Table { header, rows })
}

fn eval_metric_names(evals: &[&BTreeMap<String, Value>]) -> Vec<String> {
    let mut names: Vec<String> = evals
        .iter()
        .flat_map(|e| e.keys())
        .filter(|k| k.starts_with("eval_") && *k != "eval_loss")
        .filter(|k| !is_throughput(k.trim_start_matches("eval_")))
        .cloned()
        .collect();
    names.sort();
    names.dedup();
    names
}

fn cell(e: &BTreeMap<String, Value>, key: &str) -> String {
    e.get(key).and_then(json_text).unwrap_or_else(|| "—".into())
}

/// The last training loss logged at or before `step`.
fn train_loss_at(s: &TrainerState, step: u64) -> String {
    s.log_history
        .iter()
        .filter(|e| {
            e.get("step")
                .and_then(Value::as_u64)
                .is_some_and(|st| st <= step)
        })
        .filter_map(|e| e.get("loss").and_then(Value::as_f64))
        .next_back()
        .map(number)
        .unwrap_or_else(|| "No log".into())
}

fn loss_table(s: &TrainerState, columns: Option<fn(&str) -> bool>) -> Option<Table> {
    let logs: Vec<&BTreeMap<String, Value>> = s
        .log_history
        .iter()
        .filter(|e| e.contains_key("loss"))
        .collect();
    if logs.is_empty() {
        return None;
    }
    let stride = logs.len().div_ceil(MAX_LOSS_ROWS);
    let mut picked: Vec<&BTreeMap<String, Value>> = logs.iter().copied().step_by(stride).collect();
    if picked.last() != logs.last() {
        picked.push(logs[logs.len() - 1]);
    }
    let mut extra: Vec<String> = match columns {
        Some(keep) => logs
            .iter()
            .flat_map(|e| e.keys())
            .filter(|k| keep(k))
            .cloned()
            .collect(),
        None => Vec::new(),
    };
    extra.sort();
    extra.dedup();
    let rows = picked
        .iter()
        .map(|e| {
            let mut row = vec![cell(e, "epoch"), cell(e, "step"), cell(e, "loss")];
            row.extend(extra.iter().map(|k| cell(e, k)));
            row
        })
        .collect();
    let mut header = vec!["Epoch".into(), "Step".into(), "Training Loss".into()];
    header.extend(extra);
    Some(Table { header, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(entries: &[&str]) -> TrainerState {
        TrainerState {
            log_history: entries
                .iter()
                .map(|e| serde_json::from_str(e).unwrap())
                .collect(),
            ..TrainerState::default()
        }
    }

    #[test]
    fn eval_rows_pair_with_the_last_training_loss() {
        let s = state(&[
            r#"{"epoch": 0.5, "loss": 2.5, "step": 10}"#,
            r#"{"epoch": 1.0, "loss": 2.0, "step": 20}"#,
            r#"{"epoch": 1.0, "eval_loss": 1.9, "eval_accuracy": 0.7, "eval_runtime": 3.2, "step": 20}"#,
        ]);
        let t = results(&s, None).unwrap();
        assert_eq!(
            t.header,
            [
                "Training Loss",
                "Epoch",
                "Step",
                "Validation Loss",
                "accuracy"
            ]
        );
        assert_eq!(t.rows, [["2", "1", "20", "1.9", "0.7"]]);
    }

    #[test]
    fn loss_table_is_sampled_and_keeps_the_last_row() {
        let entries: Vec<String> = (1..=25)
            .map(|i| {
                format!(
                    r#"{{"epoch": {}, "loss": {}, "step": {i}}}"#,
                    i as f64 / 25.0,
                    3.0 - i as f64 / 10.0
                )
            })
            .collect();
        let refs: Vec<&str> = entries.iter().map(String::as_str).collect();
        let t = results(&state(&refs), None).unwrap();
        assert!(t.rows.len() <= MAX_LOSS_ROWS + 1);
        assert_eq!(t.rows.last().unwrap()[1], "25");
    }
}
