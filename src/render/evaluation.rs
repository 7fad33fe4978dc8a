//! `[[evaluation]]` results: values resolved from imported metrics, the `model-index` front
//! matter (Papers-with-Code shape, grouped as `huggingface_hub` groups it) and table rows.

use serde::Serialize;

use super::artifacts::Artifacts;
use super::format::number;
use super::meta::{EvalCheckpoint, Evaluation};
use super::yaml_emit::Yaml;
use super::Notice;

/// One result with its value known.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvalRow {
    pub task: String,
    pub task_name: String,
    pub dataset_id: String,
    pub dataset_name: String,
    pub config: Option<String>,
    pub split: Option<String>,
    pub revision: Option<String>,
    pub metric: String,
    pub metric_name: String,
    pub value: f64,
}

/// An evaluation whose value is neither in train.toml nor in the imported metrics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingValue {
    pub index: usize,
    pub metric: String,
    pub looked_for: String,
}

/// Resolve every evaluation's value: train.toml's `value`; else the imported metric named by
/// `from` (default `eval_<metric.type>`), from the trainer's `*_results.json` or, failing that,
/// from `trainer_state.json`'s `log_history` (the last evaluation that logged it, or the best
/// checkpoint's with `checkpoint = "best"`). Each imported value gets a note saying where it
/// came from.
pub fn resolve(
    evals: &[Evaluation],
    art: Option<&Artifacts>,
    notices: &mut Vec<Notice>,
) -> Result<Vec<EvalRow>, MissingValue> {
    evals
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let key = e
                .from
                .clone()
                .unwrap_or_else(|| format!("eval_{}", e.metric.kind));
            if let Some(v) = e.value {
                return Ok(row(e, v));
            }
            let found = art.and_then(|a| import(a, &key, e.checkpoint.unwrap_or_default()));
            let Some((value, source)) = found else {
                return Err(MissingValue {
                    index: i,
                    metric: e.metric.kind.clone(),
                    looked_for: key,
                });
            };
            notices.push(Notice::note(format!(
                "evaluation {} ({} = {}): `{key}` from {source}",
                i + 1,
                e.metric.kind,
                number(value)
            )));
            Ok(row(e, value))
        })
        .collect()
}

/// A metric's value and where it was found.
fn import(art: &Artifacts, key: &str, at: EvalCheckpoint) -> Option<(f64, String)> {
    let from_results = || {
        let v = *art.metrics.get(key)?;
        let file = art
            .metric_files
            .get(key)
            .map_or("the trainer's results files", String::as_str);
        Some((v, file.to_owned()))
    };
    match at {
        EvalCheckpoint::Last => from_results().or_else(|| logged(art, key, at)),
        EvalCheckpoint::Best => logged(art, key, at),
    }
}

/// A value from `log_history`: the last entry that has `key`, or the one at the best step.
pub fn logged(art: &Artifacts, key: &str, at: EvalCheckpoint) -> Option<(f64, String)> {
    let state = art.state.as_ref()?;
    let best = state.best_global_step.or_else(|| {
        let ckpt = state.best_model_checkpoint.as_deref()?;
        ckpt.rsplit("checkpoint-").next()?.parse().ok()
    });
    let entry = match at {
        EvalCheckpoint::Last => state
            .log_history
            .iter()
            .rev()
            .find(|e| e.contains_key(key))?,
        EvalCheckpoint::Best => state.log_history.iter().find(|e| {
            e.contains_key(key) && e.get("step").and_then(serde_json::Value::as_u64) == best
        })?,
    };
    let value = entry.get(key)?.as_f64()?;
    let step = entry
        .get("step")
        .and_then(serde_json::Value::as_u64)
        .map_or(String::new(), |s| format!(", step {s}"));
    let which = match at {
        EvalCheckpoint::Last => "the last evaluation that logged it",
        EvalCheckpoint::Best => "the best checkpoint's evaluation",
    };
    Some((
        value,
        format!("trainer_state.json log_history{step} ({which})"),
    ))
}

fn row(e: &Evaluation, value: f64) -> EvalRow {
    EvalRow {
        task: e.task.clone(),
        task_name: e.task_name.clone().unwrap_or_else(|| task_name(&e.task)),
        dataset_id: e.dataset.id.clone(),
        dataset_name: e.dataset.name.clone(),
        config: e.dataset.config.clone(),
        split: e.dataset.split.clone(),
        revision: e.dataset.revision.clone(),
        metric: e.metric.kind.clone(),
        metric_name: e
            .metric
            .name
            .clone()
            .unwrap_or_else(|| title_case(&e.metric.kind)),
        value,
    }
}

/// A readable name for a task tag (transformers' `TASK_TAG_TO_NAME_MAPPING` where it has one).
pub fn task_name(tag: &str) -> String {
    let known = match tag {
        "text-generation" => "Causal Language Modeling",
        "fill-mask" => "Masked Language Modeling",
        "text2text-generation" => "Sequence-to-sequence Language Modeling",
        _ => return title_case(tag),
    };
    known.to_owned()
}

fn title_case(s: &str) -> String {
    s.split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `model-index`: one entry named `name`, results grouped by task and dataset.
pub fn model_index(name: &str, rows: &[EvalRow]) -> Yaml {
    let mut groups: Vec<(GroupKey, Vec<&EvalRow>)> = Vec::new();
    for r in rows {
        let key = group_key(r);
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, members)) => members.push(r),
            None => groups.push((key, vec![r])),
        }
    }
    let results = groups.iter().map(|(_, members)| result(members)).collect();
    Yaml::Seq(vec![Yaml::Map(vec![
        ("name".into(), Yaml::str(name)),
        ("results".into(), Yaml::Seq(results)),
    ])])
}

type GroupKey = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn group_key(r: &EvalRow) -> GroupKey {
    (
        r.task.clone(),
        r.dataset_id.clone(),
        r.config.clone(),
        r.split.clone(),
        r.revision.clone(),
    )
}

fn result(members: &[&EvalRow]) -> Yaml {
    let first = members[0];
    let task = Yaml::Map(vec![
        ("type".into(), Yaml::str(&first.task)),
        ("name".into(), Yaml::str(&first.task_name)),
    ]);
    let mut dataset = vec![
        ("name".into(), Yaml::str(&first.dataset_name)),
        ("type".into(), Yaml::str(&first.dataset_id)),
    ];
    for (k, v) in [
        ("config", &first.config),
        ("split", &first.split),
        ("revision", &first.revision),
    ] {
        if let Some(v) = v {
            dataset.push((k.into(), Yaml::str(v)));
        }
    }
    let metrics = members
        .iter()
        .map(|r| {
            Yaml::Map(vec![
                ("type".into(), Yaml::str(&r.metric)),
                ("value".into(), Yaml::Float(r.value)),
                ("name".into(), Yaml::str(&r.metric_name)),
            ])
        })
        .collect();
    Yaml::Map(vec![
        ("task".into(), task),
        ("dataset".into(), Yaml::Map(dataset)),
        ("metrics".into(), Yaml::Seq(metrics)),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::meta::{EvalDataset, EvalMetric};
    use std::collections::BTreeMap;

    fn eval(metric: &str, value: Option<f64>) -> Evaluation {
        Evaluation {
            task: "text-classification".into(),
            task_name: None,
            dataset: EvalDataset {
                id: "stanfordnlp/imdb".into(),
                name: "IMDb".into(),
                config: None,
                split: Some("test".into()),
                revision: None,
            },
            metric: EvalMetric {
                kind: metric.into(),
                name: None,
            },
            value,
            from: None,
            checkpoint: None,
        }
    }

    #[test]
    fn values_come_from_toml_then_results_then_the_log() {
        let state: crate::render::artifacts::TrainerState = serde_json::from_str(
            r#"{"best_global_step": 3, "log_history": [
                {"step": 3, "eval_accuracy": 0.7, "eval_f1": 0.1},
                {"step": 6, "eval_accuracy": 0.6}]}"#,
        )
        .unwrap();
        let art = Artifacts {
            metrics: BTreeMap::from([("eval_f1".to_string(), 0.5)]),
            state: Some(state),
            ..Artifacts::default()
        };
        let mut notes = Vec::new();
        let evals = [
            eval("accuracy", Some(0.9)),
            eval("f1", None),
            eval("accuracy", None),
        ];
        let rows = resolve(&evals, Some(&art), &mut notes).unwrap();
        assert_eq!((rows[1].value, rows[2].value), (0.5, 0.6));
        assert!(
            notes[1].message.contains("log_history, step 6"),
            "{notes:?}"
        );
        let mut best = eval("accuracy", None);
        best.checkpoint = Some(EvalCheckpoint::Best);
        let rows = resolve(&[best], Some(&art), &mut notes).unwrap();
        assert_eq!(rows[0].value, 0.7);
        let err = resolve(&[eval("wer", None)], Some(&art), &mut notes).unwrap_err();
        assert_eq!(err.looked_for, "eval_wer");
    }

    #[test]
    fn results_on_the_same_dataset_share_one_entry() {
        let rows = resolve(
            &[eval("accuracy", Some(0.9)), eval("f1", Some(0.8))],
            None,
            &mut Vec::new(),
        )
        .unwrap();
        let Yaml::Seq(index) = model_index("m", &rows) else {
            panic!()
        };
        let Yaml::Map(entry) = &index[0] else {
            panic!()
        };
        let Yaml::Seq(results) = &entry[1].1 else {
            panic!()
        };
        assert_eq!(results.len(), 1);
        assert_eq!(rows[0].task_name, "Text Classification");
    }
}
