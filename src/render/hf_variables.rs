//! The variables of `huggingface_hub`'s `modelcard_template.md` (`ModelCard.from_template`), as
//! Markdown, for every one cardgen has data for; plus `hyperparameters` and `training_results`,
//! which that template has no slot for but a user's template may use. Only variables with a value
//! are set, so a template's `default(…)` fallbacks apply to the rest.
//!
//! Each value is Markdown that reads right where the Hugging Face template places it: code comes
//! fenced, lists and tables are whole blocks, and a value placed inside a list item is one line.

use std::collections::BTreeMap;

use minijinja::Environment;

use super::body::Body;
use super::format::number;
use super::template::{fence, pairs, table};

/// Variable name → Markdown. Tables and label lists are written by the templates' own macros.
pub fn of(env: &Environment<'_>, b: &Body) -> BTreeMap<&'static str, String> {
    let mut v: BTreeMap<&'static str, String> = BTreeMap::new();
    let mut put = |k: &'static str, s: Option<String>| {
        if let Some(s) = s.filter(|s| !s.trim().is_empty()) {
            v.insert(k, s);
        }
    };
    let authors = (!b.authors.is_empty()).then(|| b.authors.join(", "));
    put("model_id", Some(b.name.clone()));
    put("model_summary", b.description.clone());
    put("model_description", b.description.clone());
    put("developers", authors.clone());
    put("model_card_authors", authors);
    put("model_card_contact", b.contact.clone());
    put("direct_use", b.intended_use.clone());
    put("out_of_scope_use", b.out_of_scope_use.clone());
    put("bias_risks_limitations", b.limitations.clone());
    put("bias_recommendations", b.recommendations.clone());
    put("get_started_code", usage(b));
    put("training_data", training_data(b));
    put("training_regime", detail(&b.training.procedure, "Method"));
    put("speeds_sizes_times", speeds(env, b));
    put(
        "hyperparameters",
        table2(env, "Hyperparameter", &b.training.hyperparameters),
    );
    put(
        "training_results",
        b.training.results.as_ref().and_then(|t| {
            let header: Vec<&str> = t.header.iter().map(String::as_str).collect();
            table(env, &header, &t.rows)
        }),
    );
    put("testing_data", testing_data(b));
    put("testing_metrics", testing_metrics(b));
    put("results", results(env, b));
    put("hardware_type", b.training.hardware.clone());
    put("hours_used", b.training.duration.clone());
    put(
        "co2_emitted",
        b.training.co2_grams.map(|g| format!("{} g", number(g))),
    );
    put("software", software(b));
    put(
        "citation_bibtex",
        b.citation.as_ref().map(|c| fence(c, "bibtex")),
    );
    put("license", detail(&b.details, "License"));
    put("language", detail(&b.details, "Language(s)"));
    put(
        "base_model",
        detail(&b.details, "Fine-tuned from").or_else(|| detail(&b.details, "Adapter for")),
    );
    put("model_type", detail(&b.details, "Architecture"));
    v
}

fn detail(pairs: &[(String, String)], label: &str) -> Option<String> {
    pairs
        .iter()
        .find(|(k, _)| k == label)
        .map(|(_, v)| v.clone())
}

/// The usage snippet, fenced unless it is Markdown with fences of its own.
fn usage(b: &Body) -> Option<String> {
    let u = b.usage.as_ref()?;
    Some(if u.lang.is_empty() {
        u.code.trim_end().to_owned()
    } else {
        fence(&u.code, &u.lang)
    })
}

/// The training data text, then the datasets as Hub links.
fn training_data(b: &Body) -> Option<String> {
    let links = dataset_links(b.training.datasets.iter().map(String::as_str));
    let parts: Vec<String> = [
        b.training.data.clone(),
        (!links.is_empty()).then(|| format!("Datasets: {}", links.join(", "))),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

fn dataset_links<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for id in ids {
        let link = format!("[{id}](https://huggingface.co/datasets/{id})");
        if !out.contains(&link) {
            out.push(link);
        }
    }
    out
}

/// Epochs, steps and time, as a list.
fn speeds(env: &Environment<'_>, b: &Body) -> Option<String> {
    let mut items: Vec<(String, String)> = b
        .training
        .procedure
        .iter()
        .filter(|(k, _)| k != "Method")
        .cloned()
        .collect();
    if let Some(d) = &b.training.duration {
        items.push(("Training time".to_owned(), d.clone()));
    }
    if items.is_empty() {
        return None;
    }
    pairs(env, &items)
}

/// The evaluation datasets, with their splits.
fn testing_data(b: &Body) -> Option<String> {
    let mut lines: Vec<String> = Vec::new();
    for r in &b.evaluation {
        let link = format!(
            "[{}](https://huggingface.co/datasets/{})",
            r.dataset_name, r.dataset_id
        );
        let line = match &r.split {
            Some(s) => format!("- {link}, split `{s}`"),
            None => format!("- {link}"),
        };
        if !lines.contains(&line) {
            lines.push(line);
        }
    }
    (!lines.is_empty()).then(|| lines.join("\n"))
}

fn testing_metrics(b: &Body) -> Option<String> {
    let mut lines: Vec<String> = Vec::new();
    for r in &b.evaluation {
        let line = if r.metric_name == r.metric {
            format!("- `{}`", r.metric)
        } else {
            format!("- {} (`{}`)", r.metric_name, r.metric)
        };
        if !lines.contains(&line) {
            lines.push(line);
        }
    }
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// The results table, else the metrics the trainer logged.
fn results(env: &Environment<'_>, b: &Body) -> Option<String> {
    if !b.evaluation_cells.is_empty() {
        let header = ["Task", "Dataset", "Split", "Metric", "Value"];
        return table(env, &header, &b.evaluation_cells);
    }
    table2(env, "Metric", &b.trainer_metrics)
}

fn software(b: &Body) -> Option<String> {
    let lines: Vec<String> = b
        .training
        .framework_versions
        .iter()
        .map(|(name, version)| format!("- {name} {version}"))
        .collect();
    (!lines.is_empty()).then(|| lines.join("\n"))
}

fn table2(env: &Environment<'_>, first: &str, pairs: &[(String, String)]) -> Option<String> {
    if pairs.is_empty() {
        return None;
    }
    let rows: Vec<Vec<String>> = pairs
        .iter()
        .map(|(k, v)| vec![k.clone(), v.clone()])
        .collect();
    table(env, &[first, "Value"], &rows)
}
