//! Code actions: each fix `cardgen lint --fix` would make, as a quick fix next to its finding;
//! "disable this rule on this line" through an inline suppression comment; and "fix all" as the
//! `source.fixAll.cardgen` action.

use std::collections::HashMap;

use cardgen::config::Config;
use cardgen::finding::{Edit, Fix, Span};
use cardgen::fix::{apply_edits, fix_text, safe_fixes};
use ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Diagnostic as LspDiagnostic, TextEdit,
    WorkspaceEdit,
};

use super::diagnostics::range_of;
use super::document::{Document, Linted};
use super::position::Encoding;

/// The kind of the "fix all" action, under the protocol's `source.fixAll`.
pub const FIX_ALL: &str = "source.fixAll.cardgen";

/// What the client asked for: the byte range, the diagnostics it sent, and which kinds.
pub struct Request<'a> {
    pub start: usize,
    pub end: usize,
    pub diagnostics: &'a [LspDiagnostic],
    pub only: Option<&'a [CodeActionKind]>,
}

impl Request<'_> {
    fn wants(&self, kind: &CodeActionKind) -> bool {
        self.only.is_none_or(|only| {
            only.iter().any(|o| {
                kind.as_str() == o.as_str()
                    || kind.as_str().starts_with(&format!("{}.", o.as_str()))
            })
        })
    }
}

pub fn actions(
    doc: &Document,
    request: &Request<'_>,
    encoding: Encoding,
) -> Vec<CodeActionOrCommand> {
    let Some(Linted::Card {
        config,
        diagnostics,
    }) = &doc.lint
    else {
        return Vec::new();
    };
    let base = doc.base();
    let start = request.start.saturating_sub(base);
    let end = request.end.saturating_sub(base);
    // The findings the request is about: those in its range (findings without a place are
    // shown at the start of the document).
    let here: Vec<&cardgen::Diagnostic> = diagnostics
        .iter()
        .filter(|d| match d.finding.span {
            Some(s) => s.start <= end && start <= s.end,
            None => start == 0,
        })
        .collect();
    let mut out = Vec::new();
    let quickfix = CodeActionKind::QUICKFIX;
    if request.wants(&quickfix) && !here.is_empty() {
        for (fix, finding) in quick_fixes(doc.card_text(), config, &here) {
            let title = format!("{} ({})", imperative(&fix.description), fix.code);
            let lsp = lsp_diagnostic(doc, finding, request, encoding);
            out.push(action(
                doc,
                title,
                quickfix.clone(),
                &fix.edits,
                lsp,
                true,
                encoding,
            ));
        }
        for (finding, edit, title) in suppressions(doc.card_text(), config, diagnostics, &here) {
            let lsp = lsp_diagnostic(doc, finding, request, encoding);
            out.push(action(
                doc,
                title,
                quickfix.clone(),
                &[edit],
                lsp,
                false,
                encoding,
            ));
        }
    }
    let fix_all = CodeActionKind::from(FIX_ALL);
    if request.wants(&fix_all) {
        if let Some(edit) = fix_everything(doc.card_text(), config) {
            let title = "Fix all cardgen findings that can be fixed safely".to_owned();
            out.push(action(doc, title, fix_all, &[edit], None, false, encoding));
        }
    }
    out
}

/// The safe fixes for the findings `here`, each with its finding: a fix of the same rule whose
/// edits touch the finding's span.
fn quick_fixes<'d>(
    text: &str,
    config: &Config,
    here: &[&'d cardgen::Diagnostic],
) -> Vec<(Fix, &'d cardgen::Diagnostic)> {
    let touches = |fix: &Fix, d: &cardgen::Diagnostic| {
        let f = fix.span();
        fix.code == d.finding.code
            && d.finding
                .span
                .is_some_and(|s| f.start <= s.end && s.start <= f.end)
    };
    safe_fixes(text, config, |fix| here.iter().any(|d| touches(fix, d)))
        .into_iter()
        .filter_map(|fix| {
            let d = here.iter().find(|d| touches(&fix, d))?;
            Some((fix, *d))
        })
        .collect()
}

/// "disable this rule on this line" for each finding `here` (once per rule and line): a
/// `# cardgen: ignore CODE` comment at the end of a front-matter line, a
/// `<!-- cardgen-disable-next-line CODE -->` line above a body line, or, for a finding without
/// a place, a `<!-- cardgen-disable CODE -->` at the end of the card. Offered only when the
/// card, linted again with the comment, has lost that finding and gained none (a comment inside
/// a block scalar or a table would not work).
fn suppressions<'d>(
    text: &str,
    config: &Config,
    all: &[cardgen::Diagnostic],
    here: &[&'d cardgen::Diagnostic],
) -> Vec<(&'d cardgen::Diagnostic, Edit, String)> {
    let yaml = cardgen::card::frontmatter::find(text).map(|fm| fm.yaml);
    let mut out: Vec<(&cardgen::Diagnostic, Edit, String)> = Vec::new();
    for d in here {
        let f = &d.finding;
        if f.code == "CG301" {
            continue; // cannot be suppressed by comments
        }
        let (edit, place) = match f.span {
            Some(span) if yaml.is_some_and(|y| y.start <= span.start && span.start <= y.end) => {
                (yaml_comment(text, span.start, f.code), "on this line")
            }
            Some(span) => (html_comment(text, span.start, f.code), "on this line"),
            None => (file_comment(text, f.code), "in this card"),
        };
        if out
            .iter()
            .any(|(_, e, _)| e.span == edit.span && e.text == edit.text)
        {
            continue;
        }
        if !silences(text, config, all, d, &edit) {
            continue;
        }
        let title = format!("Disable {} ({}) {place}", f.name, f.code);
        out.push((d, edit, title));
    }
    out
}

fn line_bounds(text: &str, at: usize) -> (usize, usize) {
    let start = text[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let end = text[at..].find(['\n', '\r']).map_or(text.len(), |i| at + i);
    (start, end)
}

fn yaml_comment(text: &str, at: usize, code: &str) -> Edit {
    let (_, end) = line_bounds(text, at);
    Edit::new(Span::empty(end), format!("  # cardgen: ignore {code}"))
}

fn html_comment(text: &str, at: usize, code: &str) -> Edit {
    let (start, end) = line_bounds(text, at);
    let line = &text[start..end];
    let indent = &line[..line.len() - line.trim_start_matches([' ', '\t']).len()];
    let newline = line_break(text);
    Edit::new(
        Span::empty(start),
        format!("{indent}<!-- cardgen-disable-next-line {code} -->{newline}"),
    )
}

fn file_comment(text: &str, code: &str) -> Edit {
    let newline = line_break(text);
    let before = if text.is_empty() || text.ends_with(['\n', '\r']) {
        ""
    } else {
        newline
    };
    Edit::new(
        Span::empty(text.len()),
        format!("{before}{newline}<!-- cardgen-disable {code} -->{newline}"),
    )
}

/// The card's own line break (`\r\n` for a Windows card).
fn line_break(text: &str) -> &'static str {
    match text.find(['\n', '\r']) {
        Some(i) if text[i..].starts_with("\r\n") => "\r\n",
        _ => "\n",
    }
}

/// Whether the card with `edit` applied no longer has finding `d` and has no finding it did
/// not have before (findings compared by code and message).
fn silences(
    text: &str,
    config: &Config,
    before: &[cardgen::Diagnostic],
    d: &cardgen::Diagnostic,
    edit: &Edit,
) -> bool {
    let edited = apply_edits(text, std::slice::from_ref(edit));
    let after = cardgen::lint_bytes(edited.as_bytes(), config);
    let key = |x: &cardgen::Diagnostic| (x.finding.code, x.finding.message.clone());
    let mut pool: HashMap<(&str, String), isize> = HashMap::new();
    for x in before {
        *pool.entry(key(x)).or_default() += 1;
    }
    for x in &after {
        let n = pool.entry(key(x)).or_default();
        *n -= 1;
        if *n < 0 {
            return false;
        }
    }
    pool.get(&key(d)).is_some_and(|n| *n > 0)
}

/// Every safe fix, as one edit from the first changed byte to the last.
fn fix_everything(text: &str, config: &Config) -> Option<Edit> {
    let fixed = fix_text(text, config);
    if fixed.applied.is_empty() {
        return None;
    }
    let new = fixed.text;
    let prefix = common_prefix(text, &new);
    let suffix = common_suffix(&text[prefix..], &new[prefix..]);
    Some(Edit::new(
        Span::new(prefix, text.len() - suffix),
        &new[prefix..new.len() - suffix],
    ))
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((i, _), _)| i)
}

fn common_suffix(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .sum()
}

/// A fix's description ("renamed `licence` to `license`") as an action title ("Rename …").
fn imperative(description: &str) -> String {
    const VERBS: &[(&str, &str)] = &[
        ("renamed ", "Rename "),
        ("removed ", "Remove "),
        ("made ", "Make "),
        ("changed ", "Change "),
        ("added ", "Add "),
    ];
    for (past, now) in VERBS {
        if let Some(rest) = description.strip_prefix(past) {
            return format!("{now}{rest}");
        }
    }
    format!("Fix {description}")
}

/// The client's diagnostic for a finding (by code and range), else one made from it.
fn lsp_diagnostic(
    doc: &Document,
    d: &cardgen::Diagnostic,
    request: &Request<'_>,
    encoding: Encoding,
) -> Option<LspDiagnostic> {
    let range = range_of(doc, d, encoding);
    let code = ls_types::NumberOrString::String(d.finding.code.to_owned());
    request
        .diagnostics
        .iter()
        .find(|x| x.range == range && x.code.as_ref() == Some(&code))
        .cloned()
}

fn action(
    doc: &Document,
    title: String,
    kind: CodeActionKind,
    edits: &[Edit],
    diagnostic: Option<LspDiagnostic>,
    preferred: bool,
    encoding: Encoding,
) -> CodeActionOrCommand {
    let base = doc.base();
    let text_edits = edits
        .iter()
        .map(|e| {
            let range =
                doc.lines
                    .range(&doc.text, base + e.span.start, base + e.span.end, encoding);
            TextEdit::new(range, e.text.clone())
        })
        .collect();
    let changes = HashMap::from([(doc.uri.clone(), text_edits)]);
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(kind),
        diagnostics: diagnostic.map(|d| vec![d]),
        edit: Some(WorkspaceEdit {
            changes: Some(changes),
            ..WorkspaceEdit::default()
        }),
        is_preferred: preferred.then_some(true),
        ..CodeAction::default()
    })
}
