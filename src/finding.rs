//! Findings and fixes: what a rule reports and what it offers to change, as plain data. No
//! rendering here.

use serde::{Deserialize, Serialize};

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "info" => Ok(Severity::Info),
            "warning" | "warn" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            other => Err(format!(
                "unknown severity `{other}`: expected `error`, `warning` or `info`"
            )),
        }
    }
}

/// A byte range in the card's decoded text (after a UTF-8 BOM, if any).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub const fn empty(at: usize) -> Self {
        Span { start: at, end: at }
    }
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// One problem found in one card.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Stable rule code, e.g. `CG101`.
    pub code: &'static str,
    /// Stable kebab-case rule name, e.g. `yaml-syntax`.
    pub name: &'static str,
    pub severity: Severity,
    /// One sentence saying what is wrong.
    pub message: String,
    /// Where, in the card's text; `None` for whole-file findings.
    pub span: Option<Span>,
    /// Short text shown next to the span.
    pub label: Option<String>,
    /// What to do about it.
    pub help: Option<String>,
}

impl Finding {
    pub fn at(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// A finding with its line and column resolved (1-based; columns count characters).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    #[serde(flatten)]
    pub finding: Finding,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub end_line: Option<usize>,
    pub end_column: Option<usize>,
    /// Whether the finding's rule offers a fix for it (`cardgen lint --fix` applies it when the
    /// result lints no worse).
    pub fixable: bool,
}

impl Diagnostic {
    /// A finding that has no position in the card.
    pub fn unplaced(finding: Finding) -> Self {
        Diagnostic {
            finding,
            line: None,
            column: None,
            end_line: None,
            end_column: None,
            fixable: false,
        }
    }
}

/// Replace the text of `span` (byte offsets in the card's text) with `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub text: String,
}

impl Edit {
    pub fn new(span: Span, text: impl Into<String>) -> Self {
        Edit {
            span,
            text: text.into(),
        }
    }

    /// Whether two edits cannot be applied together (overlapping ranges, or two insertions at
    /// the same place, whose order would be arbitrary).
    pub fn conflicts(&self, other: &Edit) -> bool {
        let (a, b) = (self.span, other.span);
        let overlap = a.start.max(b.start) < a.end.min(b.end);
        let inside = |x: Span, y: Span| x.is_empty() && y.start < x.start && x.start < y.end;
        let same_insertion = a.is_empty() && b.is_empty() && a.start == b.start;
        overlap || inside(a, b) || inside(b, a) || same_insertion
    }
}

/// One fix a rule offers for one finding: edits applied together, and what they do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// The code of the rule whose finding this fixes.
    pub code: &'static str,
    /// What the fix does, for people: "renamed `licence` to `license`".
    pub description: String,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn new(code: &'static str, description: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix {
            code,
            description: description.into(),
            edits,
        }
    }

    /// The smallest span covering every edit.
    pub fn span(&self) -> Span {
        let start = self.edits.iter().map(|e| e.span.start).min().unwrap_or(0);
        let end = self.edits.iter().map(|e| e.span.end).max().unwrap_or(start);
        Span::new(start, end)
    }

    /// Whether any edit of one conflicts with any of the other.
    pub fn conflicts(&self, other: &Fix) -> bool {
        self.edits
            .iter()
            .any(|a| other.edits.iter().any(|b| a.conflicts(b)))
    }
}
