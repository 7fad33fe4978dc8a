//! A configuration error as a miette report: file:line:col, the offending TOML, a help line.

use miette::{LabeledSpan, MietteDiagnostic, NamedSource};

use cardgen::config::ConfigError;

use super::Style;

pub fn render(e: &ConfigError, style: &Style) -> String {
    let handler = style.handler();
    let source = e
        .path
        .as_ref()
        .and_then(|p| std::fs::read_to_string(p).ok().map(|t| (p, t)));
    let mut diag = MietteDiagnostic::new(match (&source, e.location) {
        (Some(_), Some(_)) => format!("invalid configuration: {}", e.message),
        _ => format!("invalid configuration: {e}"),
    })
    .with_code("cardgen::config");
    if let Some(help) = &e.help {
        diag = diag.with_help(help.clone());
    }
    let mut out = String::new();
    let rendered = match (source, e.location) {
        (Some((path, text)), Some(at)) => {
            diag = diag.with_label(LabeledSpan::new(
                Some(format!("line {}, column {}", at.line, at.column)),
                at.span.start,
                at.span.len(),
            ));
            let shown = std::env::current_dir()
                .ok()
                .and_then(|cwd| path.strip_prefix(cwd).ok())
                .unwrap_or(path);
            let named = NamedSource::new(shown.display().to_string(), text);
            let report = miette::Report::new(diag).with_source_code(named);
            handler.render_report(&mut out, report.as_ref())
        }
        _ => handler.render_report(&mut out, &diag),
    };
    if rendered.is_err() {
        out = format!("error: {e}\n");
    }
    out
}
