//! `[[evaluation]]` results: values resolved from imported metrics, the `model-index` front
//! matter (Papers-with-Code shape, grouped as `huggingface_hub` groups it) and table rows.

use std::collections::BTreeMap;

use serde::Serialize;

use super::meta::Evaluation;
use super::yaml_emit::Yaml;

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

/// Resolve every evaluation's value: train.toml's `value`, else the imported metric named by
/// `from`, else `eval_<metric.type>`.
pub fn resolve(
    evals: &[Evaluation],
    metrics: &BTreeMap<String, f64>,
) -> Result<Vec<EvalRow>, MissingValue> {
    evals
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let key = e
                .from
                .clone()
                .unwrap_or_else(|| format!("eval_{}", e.metric.kind));
            let value = e.value.or_else(|| metrics.get(&key).copied());
            let value = value.ok_or_else(|| MissingValue {
                index: i,
                metric: e.metric.kind.clone(),
                looked_for: key,
            })?;
            Ok(row(e, value))
        })
        .collect()
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
        }
    }

    #[test]
    fn values_come_from_toml_then_imported_metrics() {
        let metrics = BTreeMap::from([("eval_f1".to_string(), 0.5)]);
        let rows = resolve(&[eval("accuracy", Some(0.9)), eval("f1", None)], &metrics).unwrap();
        assert_eq!(rows[1].value, 0.5);
        let err = resolve(&[eval("wer", None)], &metrics).unwrap_err();
        assert_eq!(err.looked_for, "eval_wer");
    }

    #[test]
    fn results_on_the_same_dataset_share_one_entry() {
        let rows = resolve(
            &[eval("accuracy", Some(0.9)), eval("f1", Some(0.8))],
            &BTreeMap::new(),
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
