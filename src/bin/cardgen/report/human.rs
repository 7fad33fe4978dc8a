//! miette graphical reports: file:line:col, the offending lines with a label, a help line.

use std::sync::Arc;

use miette::{LabeledSpan, MietteDiagnostic, NamedSource, Report};

use cardgen::card::encoding;
use cardgen::lint::FileReport;
use cardgen::Severity;

use super::Style;

pub fn render(report: &FileReport, bytes: &[u8], style: &Style) -> String {
    if report.diagnostics.is_empty() {
        return String::new();
    }
    let text: Arc<str> = encoding::decode(bytes).map(|d| d.text).unwrap_or("").into();
    let handler = style.handler();
    let mut out = String::new();
    for d in &report.diagnostics {
        let f = &d.finding;
        let mut diag = MietteDiagnostic::new(match f.span {
            Some(_) => f.message.clone(),
            None => format!("{}: {}", report.path, f.message),
        })
        .with_code(format!("{} {}", f.code, f.name))
        .with_severity(match f.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        });
        if let Some(help) = &f.help {
            diag = diag.with_help(help.clone());
        }
        if let Some(span) = f.span {
            let label = f.label.clone();
            diag = diag.with_label(LabeledSpan::new(label, span.start, span.len()));
        }
        let source = NamedSource::new(&report.path, Arc::clone(&text));
        let rep = Report::new(diag).with_source_code(source);
        if handler.render_report(&mut out, rep.as_ref()).is_err() {
            out.push_str(&format!("{}: {}\n", report.path, f.message));
        }
    }
    out
}
