//! What the body templates see: plain, serializable data, one field per section.

use serde::Serialize;

use super::artifacts::Artifacts;
use super::evaluation::{self, EvalRow};
use super::facts::Facts;
use super::history::{self, Table};
use super::literal::literal;
use super::meta::{EvalCheckpoint, Meta, SectionId};
use super::methods::{self, Method};
use super::snippet::Snippet;
use super::{hyperparameters, versions, Notice};

/// The template context (besides the Hugging Face variables, see [`super::template`]).
#[derive(Debug, Clone, Serialize)]
pub struct Body {
    pub name: String,
    pub repo_id: Option<String>,
    pub description: Option<String>,
    pub intended_use: Option<String>,
    pub out_of_scope_use: Option<String>,
    pub limitations: Option<String>,
    pub recommendations: Option<String>,
    pub usage: Option<Snippet>,
    pub citation: Option<String>,
    pub authors: Vec<String>,
    pub contact: Option<String>,
    /// "Model details" bullet list: label and Markdown value.
    pub details: Vec<(String, String)>,
    pub training: Training,
    pub evaluation: Vec<EvalRow>,
    /// The evaluation results as table cells: task, dataset (linked), split, metric, value.
    pub evaluation_cells: Vec<Vec<String>>,
    /// Evaluation metrics reported by the trainer (`eval_*` in `*_results.json`, else the last
    /// evaluation in `trainer_state.json`'s log).
    pub trainer_metrics: Vec<(String, String)>,
    /// Where `trainer_metrics` come from, as the sentence introducing them ends.
    pub trainer_metrics_source: String,
    /// Citations of the training method and library (TRL), as (what, BibTeX).
    pub method_citations: Vec<(String, String)>,
    pub sections: Vec<(String, String)>,
    /// Sections whose data is missing and that the user allowed to say so.
    pub not_provided: Vec<SectionId>,
    pub is_adapter: bool,
}

/// The training section's data.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Training {
    pub data: Option<String>,
    pub datasets: Vec<String>,
    /// Bullet list: label and value.
    pub procedure: Vec<(String, String)>,
    pub hyperparameters: Vec<(String, String)>,
    pub adapter: Vec<(String, String)>,
    pub results: Option<Table>,
    /// (library, version) from the artifacts.
    pub framework_versions: Vec<(String, String)>,
    pub hardware: Option<String>,
    pub duration: Option<String>,
    pub co2_grams: Option<f64>,
}

/// Gather the body data.
pub fn build(
    meta: &Meta,
    facts: &Facts,
    art: Option<&Artifacts>,
    rows: Vec<EvalRow>,
    usage: Option<Snippet>,
    notices: &mut Vec<Notice>,
) -> Body {
    let m = &meta.model;
    let (trainer_metrics, trainer_metrics_source) = art
        .map(|a| trainer_metrics(a, facts.method))
        .unwrap_or_default();
    Body {
        name: literal_name(facts),
        repo_id: m.repo_id.clone(),
        description: prose(&m.description),
        intended_use: prose(&m.intended_use),
        out_of_scope_use: prose(&m.out_of_scope_use),
        limitations: prose(&m.limitations),
        recommendations: prose(&m.recommendations),
        usage,
        citation: text(&m.citation),
        authors: authors(meta),
        contact: prose(&m.contact),
        details: literal_pairs(details(meta, facts)),
        training: training(meta, facts, art, notices),
        evaluation_cells: rows
            .iter()
            .map(|r| eval_cells(r).iter().map(|c| literal(c)).collect())
            .collect(),
        evaluation: rows,
        trainer_metrics,
        trainer_metrics_source,
        method_citations: method_citations(facts, art, meta),
        sections: sections(meta),
        not_provided: meta.card.not_provided.clone(),
        is_adapter: facts.is_adapter,
    }
}

/// Prose with surrounding blank lines removed; blank prose counts as absent.
pub fn text(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(|s| s.trim_matches(['\n', '\r']).trim_end().to_owned())
        .filter(|s| !s.trim().is_empty())
}

/// A train.toml text shown in the card: [`text`], with template syntax made literal.
pub fn prose(v: &Option<String>) -> Option<String> {
    text(v).map(|t| literal(&t))
}

/// The card's title (the front matter's `model-index` name stays as written: YAML is not
/// Markdown).
pub fn literal_name(facts: &Facts) -> String {
    literal(facts.name.as_deref().unwrap_or_default())
}

/// `[[card.sections]]` as (title, body), template syntax made literal.
pub fn sections(meta: &Meta) -> Vec<(String, String)> {
    meta.card
        .sections
        .iter()
        .map(|s| (literal(&s.title), literal(s.body.trim_end())))
        .collect()
}

/// `model.authors`, template syntax made literal.
pub fn authors(meta: &Meta) -> Vec<String> {
    meta.model
        .authors
        .as_ref()
        .map(|a| a.as_slice().iter().map(|s| literal(s)).collect())
        .unwrap_or_default()
}

/// Label and value pairs (some values are train.toml texts), template syntax made literal.
pub fn literal_pairs(pairs: Vec<(String, String)>) -> Vec<(String, String)> {
    pairs
        .into_iter()
        .map(|(k, v)| (literal(&k), literal(&v)))
        .collect()
}

fn hub_link(id: &str) -> String {
    format!("[{id}](https://huggingface.co/{id})")
}

fn details(meta: &Meta, f: &Facts) -> Vec<(String, String)> {
    let mut d = Vec::new();
    if let Some(a) = meta
        .model
        .authors
        .as_ref()
        .filter(|a| !a.as_slice().is_empty())
    {
        d.push(("Developed by".into(), a.as_slice().join(", ")));
    }
    let kind = match (&f.architecture, &f.model_type) {
        (Some(a), Some(t)) => Some(format!("{a} (`{t}`)")),
        (Some(a), None) => Some(a.clone()),
        (None, Some(t)) => Some(format!("`{t}`")),
        (None, None) => None,
    };
    if let Some(k) = kind {
        d.push(("Architecture".into(), k));
    }
    if let Some(size) = &f.model_size {
        d.push(size.clone());
    }
    if let Some(lang) = &f.language {
        d.push(("Language(s)".into(), lang.as_slice().join(", ")));
    }
    if let Some(l) = license_text(f) {
        d.push(("License".into(), l));
    }
    if let Some(bm) = &f.base_model {
        let links: Vec<String> = bm.as_slice().iter().map(|b| hub_link(b)).collect();
        let label = if f.is_adapter {
            "Adapter for"
        } else {
            "Fine-tuned from"
        };
        d.push((label.into(), links.join(", ")));
    }
    if let Some(lib) = &f.library_name {
        d.push(("Library".into(), format!("`{lib}`")));
    }
    d
}

fn license_text(f: &Facts) -> Option<String> {
    let l = f.license.as_ref()?;
    Some(match (&f.license_name, &f.license_link) {
        (Some(n), Some(link)) => format!("{n} ([{link}]({link}))"),
        (Some(n), None) => n.clone(),
        _ => format!("`{l}`"),
    })
}

fn training(
    meta: &Meta,
    f: &Facts,
    art: Option<&Artifacts>,
    notices: &mut Vec<Notice>,
) -> Training {
    let t = &meta.training;
    let (hyperparameters, source) = hyperparameters::list(&t.hyperparameters, art, f.method);
    if let Some(source) = source.filter(|_| !hyperparameters.is_empty()) {
        notices.push(Notice::note(format!("hyperparameters from {source}")));
    }
    let mut procedure = history::procedure(t, art);
    if let Some(m) = f.method {
        procedure.push(("Trained with".into(), method_text(m, f)));
    }
    Training {
        data: prose(&t.data),
        datasets: f.datasets.clone(),
        procedure: literal_pairs(procedure),
        hyperparameters: literal_pairs(hyperparameters),
        adapter: art.map(history::adapter_rows).unwrap_or_default(),
        results: art
            .and_then(|a| a.state.as_ref())
            .and_then(|s| history::results(s, f.method.map(|m| m.columns))),
        framework_versions: art.map(versions::collect).unwrap_or_default(),
        hardware: prose(&t.hardware),
        duration: prose(&t.duration).or_else(|| art.and_then(history::runtime)),
        co2_grams: t.co2_eq_emissions,
    }
}

pub(crate) fn eval_cells(r: &EvalRow) -> Vec<String> {
    vec![
        r.task_name.clone(),
        format!(
            "[{}](https://huggingface.co/datasets/{})",
            r.dataset_name, r.dataset_id
        ),
        r.split.clone().unwrap_or_else(|| "—".into()),
        r.metric_name.clone(),
        super::format::number(r.value),
    ]
}

/// "TRL's DPO, introduced in [title](link)".
fn method_text(m: &Method, f: &Facts) -> String {
    let by = if f.tags.iter().any(|t| t == "trl") {
        format!("TRL's {}", m.name)
    } else {
        m.name.to_owned()
    };
    match m.paper {
        Some((title, link)) => format!("{by}, introduced in [{title}]({link})"),
        None => by,
    }
}

/// The method's paper and TRL, as TRL's own cards cite them.
fn method_citations(f: &Facts, art: Option<&Artifacts>, meta: &Meta) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some((m, bib)) = f.method.and_then(|m| Some((m, m.citation?))) {
        out.push((m.name.to_owned(), bib.to_owned()));
    }
    if methods::is_trl(art, meta.training.framework.as_deref()) {
        out.push(("TRL".to_owned(), methods::TRL_BIB.to_owned()));
    }
    out
}

/// Evaluation metrics worth showing (not runtime or throughput; for a TRL preference or RL
/// method, the loss and the method's own columns), and where they come from.
fn trainer_metrics(art: &Artifacts, method: Option<&Method>) -> (Vec<(String, String)>, String) {
    let keep = |k: &str| {
        !history::is_throughput(k)
            && match method.filter(|m| m.logs_rewards()) {
                Some(m) => k == "loss" || (m.columns)(k),
                None => true,
            }
    };
    let from_results: Vec<(String, String)> = art
        .metrics
        .iter()
        .filter_map(|(k, v)| Some((k.strip_prefix("eval_")?, v)))
        .filter(|(k, _)| keep(k))
        .map(|(k, v)| (k.to_owned(), super::format::number(*v)))
        .collect();
    if !from_results.is_empty() {
        return (from_results, "as reported by the trainer".into());
    }
    let Some(state) = &art.state else {
        return (Vec::new(), String::new());
    };
    let Some(last) = state
        .log_history
        .iter()
        .rev()
        .find(|e| e.contains_key("eval_loss"))
    else {
        return (Vec::new(), String::new());
    };
    let rows = last
        .iter()
        .filter_map(|(k, v)| Some((k.strip_prefix("eval_")?, v.as_f64()?)))
        .filter(|(k, _)| keep(k))
        .map(|(k, v)| (k.to_owned(), super::format::number(v)))
        .collect();
    let source = evaluation::logged(art, "eval_loss", EvalCheckpoint::Last)
        .map(|(_, s)| format!("from {s}"))
        .unwrap_or_default();
    (rows, source)
}
