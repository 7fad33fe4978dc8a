//! The card of a quantized release: a folder of GGUF files (several quantizations of one model,
//! split files, perhaps a vision projector), rendered from the files' own headers.
//!
//! ```text
//! *.gguf ──► model_files (headers) ─┐
//! train.toml ──► Meta ──────────────┴─► Facts ──► front matter (base_model, quantized, gguf tags)
//!                                    └─► QuantBody ──► templates/quantized.md.jinja ──► card
//! ```
//!
//! train.toml wins wherever it says something; the files fill in the rest. The body's files
//! table, commands and prompt format sit in managed regions, so `--update` and `--check` keep them
//! in step with the files.

pub mod files;
pub mod prompt;
pub mod usage;

use std::path::Path;

use minijinja::value::{Serde, Value};
use serde::Serialize;

use crate::model_files::{self, Quantization};

use super::facts::{self, Facts, LocalPath};
use super::meta::{Meta, OneOrMany, SectionId};
use super::snippet::Snippet;
use super::template::{self, Source, TemplateError};
use super::{assemble, body, evaluation, front_matter, regions, yaml_emit};
use super::{MissingData, Notice, Options, RenderError, Rendered};

use files::FileRow;
use prompt::Prompt;
use usage::Usage;

/// Whether `dir` holds GGUF files (then its card is a quantized release's).
pub fn is_gguf_folder(dir: &Path) -> bool {
    model_files::Siblings::read(dir).is_ok_and(|s| !s.gguf.is_empty())
}

/// What `templates/quantized.md.jinja` sees as `card`.
#[derive(Debug, Clone, Serialize)]
pub struct QuantBody {
    pub name: String,
    pub repo_id: Option<String>,
    /// One sentence on what the files are, from the facts.
    pub summary: String,
    pub description: Option<String>,
    /// "Model details" bullet list: label and Markdown value.
    pub details: Vec<(String, String)>,
    pub files: Vec<FileRow>,
    /// The files table as cells: file(s), quant type, bits per weight, size, use when.
    pub file_cells: Vec<Vec<String>>,
    /// Generated commands (`None` without a repo id or with `model.usage`).
    pub usage: Option<Usage>,
    /// `model.usage`: Markdown when it has its own fences, else shell commands (fenced as `sh`).
    pub custom_usage: Option<Snippet>,
    pub prompt: Option<Prompt>,
    /// `[[evaluation]]` results as table cells: task, dataset (linked), split, metric, value.
    pub evaluation_cells: Vec<Vec<String>>,
    /// The model the files were made from, as a Markdown link or name, for the limitations.
    pub source: Option<String>,
    pub intended_use: Option<String>,
    pub out_of_scope_use: Option<String>,
    pub limitations: Option<String>,
    pub recommendations: Option<String>,
    pub sections: Vec<(String, String)>,
    pub citation: Option<String>,
    pub authors: Vec<String>,
    pub contact: Option<String>,
    pub not_provided: Vec<SectionId>,
}

/// Render the card of the GGUF folder `dir`.
pub fn render(
    meta: &Meta,
    opts: &Options,
    quants: &[Quantization],
) -> Result<Rendered, RenderError> {
    let mut notices = Vec::new();
    let facts = merge(meta, quants, &mut notices)?;
    let m = &meta.model;
    let custom_usage = body::text(&m.usage).map(|u| {
        let mut s = Snippet::custom(&u);
        if !s.lang.is_empty() {
            s.lang = "sh".into();
        }
        s
    });
    let usage = match (&custom_usage, m.repo_id.as_deref()) {
        (None, Some(repo)) => usage::commands(repo, quants),
        _ => None,
    };
    check_required(meta, &facts, custom_usage.is_some() || usage.is_some())?;
    // Evaluations of these files (perplexity per quant, …) need their values in train.toml.
    let rows = evaluation::resolve(&meta.evaluation, None, &mut notices)
        .map_err(RenderError::EvaluationValue)?;
    let fm = front_matter::build(&facts, meta, &rows);
    let mut body = build_body(meta, &facts, quants, usage, custom_usage);
    body.evaluation_cells = rows.iter().map(body::eval_cells).collect();

    let source = choose_template(meta, opts, &mut notices)?;
    let yaml = yaml_emit::emit_document(&fm);
    let out = render_template(&source, &body, &yaml).map_err(RenderError::Template)?;
    let text = assemble::assemble(&fm, &yaml, &out).map_err(RenderError::FrontMatter)?;
    regions::find(&text).map_err(RenderError::Markers)?;
    Ok(Rendered {
        text,
        front_matter: fm,
        template: match &source {
            Source::Embedded(n) => (*n).to_owned(),
            Source::User { name, .. } => name.clone(),
        },
        notices,
        lock: None,
    })
}

/// Hub metadata: train.toml first, then the GGUF headers.
fn merge(
    meta: &Meta,
    quants: &[Quantization],
    notices: &mut Vec<Notice>,
) -> Result<Facts, RenderError> {
    let m = &meta.model;
    let models: Vec<&Quantization> = quants.iter().filter(|q| !q.projector).collect();
    let first = models.first().map(|q| q.first());
    let base_model = match &m.base_model {
        Some(bm) => {
            if let Some(bad) = bm.as_slice().iter().find(|s| !facts::is_hub_id(s)) {
                return Err(RenderError::LocalBaseModel(LocalPath {
                    value: bad.clone(),
                    source: "train.toml".into(),
                    suggestion: facts::guess_hub_id(bad),
                }));
            }
            Some(bm.clone())
        }
        None => gguf_base_models(&models),
    };
    let license = m.license.clone().or_else(|| {
        let l = first?.license.clone()?;
        let known = crate::schema::schema().vocab("licenses").contains(&l);
        if !known {
            notices.push(Notice::warning(
                format!(
                    "the GGUF files name the license `{l}`, which is not a Hub license id; the \
                     card states no license"
                ),
                Some("set `license` under [model] in train.toml".into()),
            ));
        }
        known.then_some(l)
    });
    let mut extra_tags = vec!["gguf".to_owned()];
    extra_tags.extend(models.iter().filter_map(|q| q.label.clone()));
    Ok(Facts {
        name: m
            .name
            .clone()
            .or_else(|| m.repo_id.clone())
            .or_else(|| first?.model_name.as_ref().map(|n| format!("{n} GGUF"))),
        language: m.language.clone(),
        license,
        license_name: m.license_name.clone(),
        license_link: m.license_link.clone(),
        library_name: m.library_name.clone(),
        pipeline_tag: m.pipeline_tag.clone().or_else(|| {
            first?
                .chat_template
                .as_ref()
                .map(|_| "text-generation".to_owned())
        }),
        base_model_relation: m
            .base_model_relation
            .clone()
            .or_else(|| base_model.as_ref().map(|_| "quantized".to_owned())),
        base_model,
        new_version: m.new_version.clone(),
        datasets: m.datasets.clone(),
        metrics: m.metrics.clone(),
        tags: facts::union(&m.tags, &extra_tags),
        architecture: first.and_then(|f| f.architecture.clone()),
        ..Facts::default()
    })
}

/// Hub ids the files name as their origin: `general.source.repo_url` (the model that was
/// converted), else the `general.base_model.N.repo_url` entries (the models it was made from,
/// which convert_hf_to_gguf.py copies from that model's card).
fn gguf_base_models(models: &[&Quantization]) -> Option<OneOrMany> {
    let firsts = || models.iter().map(|q| q.first());
    let ids = |urls: Vec<&str>| -> Vec<String> {
        let v: Vec<String> = urls
            .into_iter()
            .filter_map(model_files::gguf::hub_id_from_url)
            .filter(|id| facts::is_hub_id(id))
            .collect();
        facts::union(&v, &[])
    };
    let mut found = ids(firsts()
        .filter_map(|f| f.source_repo_url.as_deref())
        .collect());
    if found.is_empty() {
        found = ids(firsts()
            .flat_map(|f| f.base_models.iter().filter_map(|b| b.repo_url.as_deref()))
            .collect());
    }
    match found.len() {
        0 => None,
        1 => found.pop().map(OneOrMany::One),
        _ => Some(OneOrMany::Many(found)),
    }
}

/// A title, and commands (or `model.usage`, or permission to say there are none).
fn check_required(meta: &Meta, facts: &Facts, has_usage: bool) -> Result<(), RenderError> {
    let mut missing = Vec::new();
    if facts.name.is_none() {
        missing.push(MissingData {
            key: "model.name",
            section: None,
            hint: "the card's title; set model.name or model.repo_id".into(),
        });
    }
    if !has_usage && !meta.card.not_provided.contains(&SectionId::Usage) {
        missing.push(MissingData {
            key: "model.repo_id",
            section: Some(SectionId::Usage),
            hint: "the Hub id the files are published under: the llama.cpp, Ollama and LM Studio \
                   commands name it (or write model.usage)"
                .into(),
        });
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(RenderError::Missing(missing))
    }
}

fn build_body(
    meta: &Meta,
    facts: &Facts,
    quants: &[Quantization],
    usage: Option<Usage>,
    custom_usage: Option<Snippet>,
) -> QuantBody {
    let m = &meta.model;
    let repo = m.repo_id.as_deref();
    let rows = files::rows(quants, repo);
    let source = source_text(facts, quants);
    let first = quants
        .iter()
        .find(|q| !q.projector)
        .map(Quantization::first);
    QuantBody {
        name: body::literal_name(facts),
        repo_id: m.repo_id.clone(),
        summary: summary(source.as_deref(), quants),
        description: body::prose(&m.description),
        details: body::literal_pairs(files::details(meta, facts, quants)),
        file_cells: rows.iter().map(FileRow::cells).collect(),
        files: rows,
        usage,
        custom_usage,
        prompt: first.and_then(|f| {
            let t = f.chat_template.as_deref()?;
            Some(prompt::from_template(
                t,
                f.bos_token.as_deref(),
                f.eos_token.as_deref(),
            ))
        }),
        evaluation_cells: Vec::new(),
        source,
        intended_use: body::prose(&m.intended_use),
        out_of_scope_use: body::prose(&m.out_of_scope_use),
        limitations: body::prose(&m.limitations),
        recommendations: body::prose(&m.recommendations),
        sections: body::sections(meta),
        citation: body::text(&m.citation),
        authors: body::authors(meta),
        contact: body::prose(&m.contact),
        not_provided: meta.card.not_provided.clone(),
    }
}

/// The model the files were made from: linked Hub ids, else the name in the GGUF header.
fn source_text(facts: &Facts, quants: &[Quantization]) -> Option<String> {
    if let Some(bm) = &facts.base_model {
        return Some(files::hub_links(bm.as_slice()));
    }
    let f = quants.iter().find(|q| !q.projector)?.first();
    f.model_name.clone().or_else(|| f.basename.clone())
}

fn summary(source: Option<&str>, quants: &[Quantization]) -> String {
    let n = quants.iter().filter(|q| !q.projector).count();
    let what = if n == 1 {
        "A GGUF quantization".to_owned()
    } else {
        format!("{n} GGUF quantizations")
    };
    let of = source.map(|s| format!(" of {s}")).unwrap_or_default();
    let projector = if quants.iter().any(|q| q.projector) {
        ", with a vision projector for image input"
    } else {
        ""
    };
    format!(
        "{what}{of}{projector}, for llama.cpp and the applications built on it (Ollama, LM \
         Studio and others)."
    )
}

/// `--template`, else `[card] template` when it names a file, else the embedded quantized card.
/// The embedded general and adapter templates expect a training card's data, so they do not
/// apply here.
fn choose_template(
    meta: &Meta,
    opts: &Options,
    notices: &mut Vec<Notice>,
) -> Result<Source, RenderError> {
    let read = |path: &Path| {
        std::fs::read_to_string(path)
            .map(|text| Source::User {
                name: path.display().to_string(),
                text,
            })
            .map_err(|e| RenderError::TemplateFile {
                path: path.to_path_buf(),
                message: e.to_string(),
            })
    };
    if let Some(path) = &opts.template {
        return read(path);
    }
    match meta.card.template.as_deref() {
        None | Some("quantized") => Ok(Source::Embedded("quantized")),
        Some(name) if template::EMBEDDED_NAMES.contains(&name) => {
            notices.push(Notice::warning(
                format!(
                    "[card] template = \"{name}\" is for training runs; a folder of GGUF files \
                     gets the quantized card"
                ),
                Some("remove `template` from [card], or name a template file".into()),
            ));
            Ok(Source::Embedded("quantized"))
        }
        Some(name) => {
            let path = opts.base_dir.join(name);
            if path.is_file() {
                read(&path)
            } else {
                Err(RenderError::UnknownTemplate(name.to_owned()))
            }
        }
    }
}

fn render_template(source: &Source, body: &QuantBody, yaml: &str) -> Result<String, TemplateError> {
    let env = template::shared();
    let ctx = minijinja::context! {
        card => Value::from(Serde(body)),
        card_data => yaml.trim_end(),
    };
    Ok(match source {
        Source::Embedded(name) => env.get_template(&format!("{name}.md.jinja"))?.render(ctx)?,
        Source::User { name, text } => env.render_named_str(name, text, ctx)?,
    })
}
