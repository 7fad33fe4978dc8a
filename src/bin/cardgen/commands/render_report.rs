//! How `cardgen render` reports problems: a train.toml error as a miette snippet at its
//! line:column, everything else as `error:` / `warning:` lines with a `help:` line.

use std::path::Path;
use std::sync::Arc;

use miette::{LabeledSpan, MietteDiagnostic, NamedSource};

use cardgen::render::facts::set_hub_id_help;
use cardgen::render::{provenance, Meta, MetaError, Notice, NoticeKind, RenderError};
use cardgen::Diagnostic;

/// Every train.toml error, each drawn over the file's text, then how many there are.
pub fn meta_errors(path: &Path, text: &str, errors: &[MetaError]) -> String {
    let mut out = errors
        .iter()
        .map(|e| meta_error(path, text, e))
        .collect::<Vec<_>>()
        .join("\n");
    let n = errors.len();
    let noun = if n == 1 { "error" } else { "errors" };
    out.push_str(&format!("{n} {noun} in {}\n", path.display()));
    out
}

/// One train.toml error, drawn over the file's text.
fn meta_error(path: &Path, text: &str, e: &MetaError) -> String {
    let mut diag = MietteDiagnostic::new(e.message.clone()).with_code("cardgen::train-toml");
    if let Some(help) = &e.help {
        diag = diag.with_help(help.clone());
    }
    if let Some(span) = &e.span {
        diag = diag.with_label(LabeledSpan::new(
            Some("here".into()),
            span.start,
            span.len().max(1),
        ));
    }
    let source = NamedSource::new(path.display().to_string(), Arc::<str>::from(text));
    let report = miette::Report::new(diag).with_source_code(source);
    let mut out = String::new();
    if crate::report::Style::stderr()
        .handler()
        .render_report(&mut out, report.as_ref())
        .is_err()
    {
        out = format!("error: {}: {}\n", path.display(), e.message);
    }
    out
}

/// Any other render error, as lines for stderr.
pub fn render_error(meta_path: &Path, e: &RenderError) -> String {
    let meta = meta_path.display();
    match e {
        RenderError::Meta(errors) => errors
            .iter()
            .map(|m| format!("error: {meta}: {}\n", m.message))
            .collect(),
        RenderError::Artifacts(a) => format!("error: training artifacts: {a}\n"),
        RenderError::LocalBaseModel(lp) => format!(
            "error: {meta}: base_model `{}` is a local path; the Hub rejects it\nhelp: {}\n",
            lp.value,
            set_hub_id_help(lp)
        ),
        RenderError::Missing(items) => missing(&meta.to_string(), items),
        RenderError::EvaluationValue(m) => format!(
            "error: {meta}: evaluation {} ({}) has no value, and the training artifacts have no \
             `{}` (in *_results.json or trainer_state.json's log_history)\nhelp: set `value`, or \
             `from` to the name of an imported metric\n",
            m.index + 1,
            m.metric,
            m.looked_for
        ),
        RenderError::TemplateFile { path, message } => {
            format!(
                "error: cannot read template {}: {message}\n",
                path.display()
            )
        }
        RenderError::UnknownTemplate(name) => format!(
            "error: {meta}: no template `{name}`\nhelp: use `general`, `adapter` or the path of a \
             Jinja2 template file (relative to {meta})\n"
        ),
        RenderError::Template(t) => format!("error: template {t}\n"),
        RenderError::FrontMatter(f) => format!("error: {f}\n"),
        RenderError::ModelFiles(e) => format!("error: model files: {e}\n"),
        RenderError::Markers(m) => format!(
            "error: the rendered card's cardgen markers do not pair up ({m})\nhelp: remove \
             `<!-- cardgen:begin … -->` / `<!-- cardgen:end … -->` lines from the texts in {meta}\n"
        ),
    }
}

fn missing(meta: &str, items: &[cardgen::render::MissingData]) -> String {
    let mut out = format!("error: {meta} lacks what the card's required parts need:\n");
    for m in items {
        let section = m.section.map_or("title", |s| s.title());
        out.push_str(&format!("  - {} ({section}): {}\n", m.key, m.hint));
    }
    out.push_str(
        "help: fill these in; or, to print a \"not provided\" sentence for a section instead, list \
         it under [card] not_provided\n",
    );
    out
}

pub fn notice(n: &Notice) -> String {
    let help = n
        .help
        .as_ref()
        .map(|h| format!("help: {h}\n"))
        .unwrap_or_default();
    let level = match n.kind {
        NoticeKind::Note => "note",
        NoticeKind::Warning => "warning",
    };
    format!("{level}: {}\n{help}", n.message)
}

/// Lint findings on the rendered card: each placed by line and column in the card, with the
/// line quoted and, when the text there came from train.toml, its key.
pub fn findings(card: &str, meta: &Meta, toml: &str, diags: &[Diagnostic]) -> String {
    if diags.is_empty() {
        return String::new();
    }
    let texts = provenance::texts(meta);
    let mut out = String::new();
    for d in diags {
        let f = &d.finding;
        out.push_str(&format!(
            "{}: {} {}: {}\n",
            f.severity, f.code, f.name, f.message
        ));
        match d.line {
            Some(line) => {
                let text = card.lines().nth(line.saturating_sub(1)).unwrap_or("");
                out.push_str(&format!(
                    "  --> the rendered card, line {line}, column {}: {}\n",
                    d.column.unwrap_or(1),
                    quote(text)
                ));
            }
            None => out.push_str("  --> the rendered card\n"),
        }
        let source = f
            .span
            .and_then(|s| provenance::source(&texts, card, s.start..s.end));
        if let Some((key, text)) = source {
            let at = provenance::toml_line(toml, text)
                .map(|n| format!(", line {n}"))
                .unwrap_or_default();
            out.push_str(&format!(
                "  = the text comes from `{key}` in train.toml{at}\n"
            ));
        }
        if let Some(help) = &f.help {
            out.push_str(&format!("  help: {help}\n"));
        }
    }
    out
}

/// A card line in backticks, shortened to a readable length.
fn quote(line: &str) -> String {
    const MAX: usize = 80;
    let line = line.trim();
    if line.chars().count() <= MAX {
        return format!("`{line}`");
    }
    let cut: String = line.chars().take(MAX).collect();
    format!("`{cut}…`")
}
