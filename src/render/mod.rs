//! `cardgen render`: a complete model card from `train.toml` and training artifacts.
//!
//! ```text
//! train.toml ──► Meta ─┐
//!                      ├─► Facts (Hub metadata) ──► front matter (typed, yaml_emit)
//! artifacts/ ──────────┘                        └─► Body ──► template (minijinja) ──► card
//! ```
//!
//! The front matter is never templated text: it is serialized from typed data and checked to
//! read back identically. Nothing here prints; errors and notices are data.

pub mod artifacts;
pub mod auto_regions;
pub mod body;
pub mod evaluation;
pub mod facts;
pub mod format;
pub mod front_matter;
pub mod hf_variables;
pub mod history;
pub mod hyperparameters;
pub mod literal;
pub mod lock;
pub mod meta;
pub mod methods;
pub mod model_size;
pub mod provenance;
pub mod quantized;
pub mod record;
pub mod regions;
pub mod snippet;
pub mod tasks;
pub mod template;
pub mod toml_error;
pub mod train_toml;
pub mod trainer_readme;
pub mod training_args;
pub mod update;
pub mod versions;
pub mod yaml_emit;

mod assemble;
mod input;

use std::path::{Path, PathBuf};

pub use assemble::FrontMatterError;
pub use meta::{Meta, SectionId};
pub use toml_error::MetaError;
pub use train_toml::parse_meta;

use artifacts::{ArtifactError, Artifacts};
use evaluation::MissingValue;
use facts::{Facts, LocalPath};
use input::Input;
use snippet::Snippet;
use template::{Source, TemplateError};
use yaml_emit::Yaml;

/// Something the user should know that does not stop the render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub kind: NoticeKind,
    pub message: String,
    pub help: Option<String>,
}

/// A decision cardgen made (`Note`), or something the user should fix (`Warning`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    Note,
    Warning,
}

impl Notice {
    /// What cardgen read, derived or assumed.
    pub fn note(message: impl Into<String>) -> Self {
        Notice {
            kind: NoticeKind::Note,
            message: message.into(),
            help: None,
        }
    }

    /// Something the user should fix, and how.
    pub fn warning(message: impl Into<String>, help: Option<String>) -> Self {
        Notice {
            kind: NoticeKind::Warning,
            message: message.into(),
            help,
        }
    }
}

/// Where inputs come from, besides train.toml itself.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Directory that relative paths in train.toml are resolved against.
    pub base_dir: PathBuf,
    /// `--from`: a training output folder (overrides `[training] artifacts`).
    pub artifacts: Option<PathBuf>,
    /// `--template`: a template file (overrides `[card] template`).
    pub template: Option<PathBuf>,
    /// The lock file that stands in for an absent artifacts folder (see [`lock`]).
    pub lock: Option<PathBuf>,
}

/// A rendered card.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    /// The whole card: front matter and body, `\n` line endings.
    pub text: String,
    /// The front matter as data, in order (what `--update` splices in).
    pub front_matter: Vec<(String, Yaml)>,
    /// Which template rendered the body.
    pub template: String,
    pub notices: Vec<Notice>,
    /// The lock file's text, when the artifacts were read from their folder.
    pub lock: Option<String>,
}

/// Data a required section needs and train.toml does not give.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingData {
    pub key: &'static str,
    /// The section, or `None` for the title.
    pub section: Option<SectionId>,
    pub hint: String,
}

/// Why a card could not be rendered.
#[derive(Debug, Clone, PartialEq)]
pub enum RenderError {
    /// Everything wrong with train.toml, in file order (never empty).
    Meta(Vec<MetaError>),
    Artifacts(ArtifactError),
    LocalBaseModel(LocalPath),
    Missing(Vec<MissingData>),
    EvaluationValue(MissingValue),
    TemplateFile {
        path: PathBuf,
        message: String,
    },
    UnknownTemplate(String),
    Template(TemplateError),
    FrontMatter(FrontMatterError),
    /// The rendered regions do not nest (a text in train.toml holds a marker line).
    Markers(regions::UpdateError),
    /// A GGUF or safetensors file in the folder cannot be read.
    ModelFiles(crate::model_files::ModelFileError),
}

/// Read train.toml text and render.
pub fn render_toml(text: &str, opts: &Options) -> Result<Rendered, RenderError> {
    let meta = parse_meta(text).map_err(RenderError::Meta)?;
    render(&meta, opts)
}

/// Render a card from parsed metadata. The card ends with its [`record::Record`].
pub fn render(meta: &Meta, opts: &Options) -> Result<Rendered, RenderError> {
    let mut rendered = render_card(meta, opts)?;
    let record = record::Record::of(&rendered.front_matter, &rendered.text);
    rendered.text = record::append(&rendered.text, &record, "\n");
    Ok(rendered)
}

fn render_card(meta: &Meta, opts: &Options) -> Result<Rendered, RenderError> {
    let loaded = input::load(meta, opts)?;
    let mut rendered = match loaded.input {
        // A folder of GGUF files is a quantized release: its card comes from the files.
        Input::Gguf(quants) => quantized::render(meta, opts, &quants)?,
        Input::Run(art) => render_run(meta, opts, art.map(|a| *a))?,
    };
    rendered.notices.splice(0..0, loaded.notice);
    rendered.lock = loaded.lock;
    Ok(rendered)
}

/// The card of a training run (or of train.toml alone).
fn render_run(
    meta: &Meta,
    opts: &Options,
    art: Option<Artifacts>,
) -> Result<Rendered, RenderError> {
    let mut notices: Vec<Notice> = art
        .iter()
        .flat_map(|a| a.notes.iter().map(Notice::note))
        .collect();
    let facts =
        facts::merge(meta, art.as_ref(), &mut notices).map_err(RenderError::LocalBaseModel)?;
    let rows = evaluation::resolve(&meta.evaluation, art.as_ref(), &mut notices)
        .map_err(RenderError::EvaluationValue)?;
    let repo_id = meta.model.repo_id.as_deref();
    let example = body::text(&meta.model.example_input);
    let usage = body::text(&meta.model.usage)
        .map(|u| Snippet::custom(&u))
        .or_else(|| {
            let ctx = snippet::Context::new(repo_id?, &facts, art.as_ref(), example.as_deref());
            snippet::generate(&facts, &ctx)
        });
    check_required(meta, &facts, usage.is_some())?;
    let fm = front_matter::build(&facts, meta, &rows);
    let body = body::build(meta, &facts, art.as_ref(), rows, usage, &mut notices);
    let source = choose_template(meta, opts, &facts)?;
    let env = template::shared();
    let yaml = yaml_emit::emit_document(&fm);
    let variables = hf_variables::of(env, &body);
    let out =
        template::render(env, &source, &body, &yaml, variables).map_err(RenderError::Template)?;
    let text = assemble::assemble(&fm, &yaml, &out).map_err(RenderError::FrontMatter)?;
    regions::find(&text).map_err(RenderError::Markers)?;
    Ok(Rendered {
        text,
        front_matter: fm,
        template: template_name(&source),
        notices,
        lock: None,
    })
}

/// Fail with everything a required part lacks, unless the user allowed "not provided".
fn check_required(meta: &Meta, facts: &Facts, has_usage: bool) -> Result<(), RenderError> {
    let m = &meta.model;
    let allowed = |s: SectionId| meta.card.not_provided.contains(&s);
    let mut missing = Vec::new();
    if facts.name.is_none() {
        missing.push(MissingData {
            key: "model.name",
            section: None,
            hint: "the card's title; set model.name or model.repo_id".into(),
        });
    }
    let mut need = |ok: bool, section: SectionId, hint: String| {
        if !ok && !allowed(section) {
            missing.push(MissingData {
                key: section.key(),
                section: Some(section),
                hint,
            });
        }
    };
    need(
        body::text(&m.description).is_some(),
        SectionId::Description,
        "what the model is and does".into(),
    );
    need(
        has_usage,
        SectionId::Usage,
        snippet::why_not(facts, m.repo_id.as_deref()),
    );
    need(
        body::text(&m.limitations).is_some(),
        SectionId::Limitations,
        "known limitations, biases and risks".into(),
    );
    if missing.is_empty() {
        Ok(())
    } else {
        Err(RenderError::Missing(missing))
    }
}

fn choose_template(meta: &Meta, opts: &Options, facts: &Facts) -> Result<Source, RenderError> {
    if let Some(path) = &opts.template {
        return user_template(path);
    }
    match meta.card.template.as_deref() {
        None if facts.is_adapter => Ok(Source::Embedded("adapter")),
        None => Ok(Source::Embedded("general")),
        Some(name) => match template::EMBEDDED_NAMES.iter().find(|n| **n == name) {
            Some(n) => Ok(Source::Embedded(n)),
            None => {
                let path = opts.base_dir.join(name);
                if path.is_file() {
                    user_template(&path)
                } else {
                    Err(RenderError::UnknownTemplate(name.to_owned()))
                }
            }
        },
    }
}

fn user_template(path: &Path) -> Result<Source, RenderError> {
    let text = std::fs::read_to_string(path).map_err(|e| RenderError::TemplateFile {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    Ok(Source::User {
        name: path.display().to_string(),
        text,
    })
}

fn template_name(source: &Source) -> String {
    match source {
        Source::Embedded(n) => (*n).to_owned(),
        Source::User { name, .. } => name.clone(),
    }
}
