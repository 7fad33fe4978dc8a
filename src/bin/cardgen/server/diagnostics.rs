//! Linting a document as the command line would lint its file, and cardgen's findings as LSP
//! diagnostics.

use std::path::Path;

use cardgen::card::frontmatter;
use cardgen::config::Resolver;
use cardgen::Severity;
use ls_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Position, Range,
};
use serde_json::json;

use super::document::{Document, Linted};
use super::position::Encoding;

/// What the server says in `source`.
pub const SOURCE: &str = "cardgen";

/// Lint a document with the configuration the command line would use for its file. Markdown
/// that is not a model card (no front matter, no cardgen configuration above it, and not a
/// `README.md` beside model files) gets no findings; neither does a card the configuration's
/// `include` / `exclude` leave out.
pub fn check(doc: &Document, resolver: Result<&mut Resolver, &str>) -> Linted {
    if !doc.is_markdown() {
        return Linted::NotACard;
    }
    let resolver = match resolver {
        Ok(r) => r,
        Err(message) => return Linted::Error(message.to_owned()),
    };
    let config = match &doc.path {
        Some(path) => resolver.for_file(path),
        None => resolver.for_dir(Path::new(".")),
    };
    let config = match config {
        Ok(config) => config,
        Err(failure) => {
            return Linted::Error(format!("cardgen cannot read its configuration: {failure}"))
        }
    };
    if doc
        .path
        .as_deref()
        .is_some_and(|p| !config.files.selects(p))
    {
        return Linted::NotACard;
    }
    let text = doc.card_text();
    let has_front_matter = frontmatter::find(text).is_some() || frontmatter::looks_unclosed(text);
    let configured = config.files.root.is_some();
    if !(has_front_matter || configured || doc.beside_model_files) {
        return Linted::NotACard;
    }
    let diagnostics = cardgen::lint_bytes(text.as_bytes(), &config);
    Linted::Card {
        config,
        diagnostics,
    }
}

/// How the client shows diagnostics.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub encoding: Encoding,
    /// The client shows `relatedInformation`; otherwise the help goes into the message.
    pub related_information: bool,
}

/// The LSP range of a finding's span (offsets in the text after a BOM); the start of the
/// document for a finding without one.
pub fn range_of(doc: &Document, d: &cardgen::Diagnostic, encoding: Encoding) -> Range {
    match d.finding.span {
        Some(span) => {
            let base = doc.base();
            doc.lines
                .range(&doc.text, base + span.start, base + span.end, encoding)
        }
        None => Range::new(Position::new(0, 0), Position::new(0, 0)),
    }
}

/// The diagnostics to publish for a document's current lint.
pub fn to_lsp(doc: &Document, style: Style) -> Vec<Diagnostic> {
    match &doc.lint {
        Some(Linted::Card { diagnostics, .. }) => diagnostics
            .iter()
            .map(|d| diagnostic(doc, d, style))
            .collect(),
        Some(Linted::Error(message)) => vec![Diagnostic {
            range: Range::default(),
            severity: Some(DiagnosticSeverity::ERROR),
            source: Some(SOURCE.to_owned()),
            message: message.clone(),
            ..Diagnostic::default()
        }],
        Some(Linted::NotACard) | None => Vec::new(),
    }
}

fn diagnostic(doc: &Document, d: &cardgen::Diagnostic, style: Style) -> Diagnostic {
    let f = &d.finding;
    let range = range_of(doc, d, style.encoding);
    let mut message = format!("{} [{}]", f.message, f.name);
    let mut related = None;
    if let Some(help) = &f.help {
        if style.related_information {
            related = Some(vec![DiagnosticRelatedInformation {
                location: Location::new(doc.uri.clone(), range),
                message: format!("help: {help}"),
            }]);
        } else {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
    }
    let fixable = cardgen::rules::find(f.code).is_some_and(|r| r.fixable());
    Diagnostic {
        range,
        severity: Some(severity(f.severity)),
        code: Some(NumberOrString::String(f.code.to_owned())),
        source: Some(SOURCE.to_owned()),
        message,
        related_information: related,
        data: Some(json!({ "name": f.name, "fixable": fixable })),
        ..Diagnostic::default()
    }
}

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}
