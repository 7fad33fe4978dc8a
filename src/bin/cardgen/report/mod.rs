//! Turning findings into text: human (miette), brief, GitHub annotations, JSON, SARIF. Each
//! format is a [`Reporter`], so the lint command runs the same way whatever the format.

pub mod brief;
pub mod config_error;
pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

use std::io::{self, IsTerminal, Write};

use miette::{GraphicalReportHandler, GraphicalTheme};

use cardgen::files::InputError;
use cardgen::lint::FileReport;
use cardgen::Severity;

use crate::args::{ColorChoice, Format, LintArgs};

/// An output format: a text per card, made on the thread that linted it and printed in input
/// order, then a closing text once every card is done.
pub trait Reporter: Sync {
    /// The text for one card (`bytes` are the card as read).
    fn card(&self, report: &FileReport, bytes: &[u8]) -> String;

    /// Whether [`Reporter::finish`] needs every card's report (a document built at the end).
    fn keeps_reports(&self) -> bool {
        false
    }

    /// Whether paths that could not be checked are part of the output rather than messages on
    /// standard error.
    fn owns_errors(&self) -> bool {
        false
    }

    /// Write the closing text. `reports` is empty unless [`Reporter::keeps_reports`].
    fn finish(
        &self,
        reports: &[FileReport],
        summary: &Summary,
        errors: &[InputError],
        out: &mut dyn Write,
    ) -> io::Result<()>;
}

/// The reporter for `--format`, with `--quiet` dropping the summary line.
pub fn reporter(style: Style, quiet: bool) -> Box<dyn Reporter> {
    match style.format {
        Format::Human | Format::Brief => Box::new(Text { style, quiet }),
        Format::Github => Box::new(Github),
        Format::Json => Box::new(Json),
        Format::Sarif => Box::new(Sarif),
    }
}

/// Human and brief output: findings, then a summary line.
struct Text {
    style: Style,
    quiet: bool,
}

impl Reporter for Text {
    fn card(&self, report: &FileReport, bytes: &[u8]) -> String {
        match self.style.format {
            Format::Brief => brief::render(report),
            _ => human::render(report, bytes, &self.style),
        }
    }

    fn finish(
        &self,
        _: &[FileReport],
        summary: &Summary,
        errors: &[InputError],
        out: &mut dyn Write,
    ) -> io::Result<()> {
        if self.quiet {
            return Ok(());
        }
        out.write_all(summary.line(&self.style, errors.len()).as_bytes())
    }
}

struct Github;

impl Reporter for Github {
    fn card(&self, report: &FileReport, _: &[u8]) -> String {
        github::render(report)
    }

    fn finish(
        &self,
        _: &[FileReport],
        _: &Summary,
        _: &[InputError],
        _: &mut dyn Write,
    ) -> io::Result<()> {
        Ok(())
    }
}

struct Json;

impl Reporter for Json {
    fn card(&self, _: &FileReport, _: &[u8]) -> String {
        String::new()
    }
    fn keeps_reports(&self) -> bool {
        true
    }
    fn owns_errors(&self) -> bool {
        true
    }
    fn finish(
        &self,
        reports: &[FileReport],
        summary: &Summary,
        errors: &[InputError],
        out: &mut dyn Write,
    ) -> io::Result<()> {
        json::write(reports, errors, summary, out)
    }
}

struct Sarif;

impl Reporter for Sarif {
    fn card(&self, _: &FileReport, _: &[u8]) -> String {
        String::new()
    }
    fn keeps_reports(&self) -> bool {
        true
    }
    fn owns_errors(&self) -> bool {
        true
    }
    fn finish(
        &self,
        reports: &[FileReport],
        _: &Summary,
        errors: &[InputError],
        out: &mut dyn Write,
    ) -> io::Result<()> {
        out.write_all(sarif::document(reports, errors).as_bytes())
    }
}

/// How to print.
pub struct Style {
    pub format: Format,
    pub color: bool,
    pub width: usize,
}

impl Style {
    pub fn from_args(args: &LintArgs) -> Self {
        let terminal = std::io::stdout().is_terminal();
        let color = match args.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => terminal && color_allowed(),
        };
        Style {
            format: args.format,
            color,
            // Into a file or a pipe, lines are never wrapped: a help or a URL stays whole.
            width: if terminal { terminal_width() } else { NO_WRAP },
        }
    }

    /// For reports on standard error outside `lint` (render errors, a configuration error in
    /// `push`).
    pub fn stderr() -> Self {
        Style {
            format: Format::Human,
            color: std::io::stderr().is_terminal() && color_allowed(),
            width: terminal_width(),
        }
    }

    /// The miette handler for graphical reports in this style.
    pub fn handler(&self) -> GraphicalReportHandler {
        let theme = if self.color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        GraphicalReportHandler::new_themed(theme)
            .with_width(self.width)
            .with_links(false)
    }
}

/// A width no line reaches.
const NO_WRAP: usize = 1 << 16;

/// `NO_COLOR` (set and not empty) turns colour off.
fn color_allowed() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// `COLUMNS` when it is a sensible width, else 100.
fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|&w: &usize| w >= 40)
        .unwrap_or(100)
}

/// Counts over all files.
#[derive(Debug, Default, Clone)]
pub struct Summary {
    pub files: usize,
    pub files_with_findings: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Findings `--fix` can fix.
    pub fixable: usize,
}

/// What the summary needs of one file's report: its findings counted by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub fixable: usize,
    /// Whether the file has any finding (at any severity).
    pub findings: bool,
}

impl Tally {
    pub fn of(report: &FileReport) -> Self {
        Tally {
            errors: report.count(Severity::Error),
            warnings: report.count(Severity::Warning),
            infos: report.count(Severity::Info),
            fixable: report.diagnostics.iter().filter(|d| d.fixable).count(),
            findings: !report.diagnostics.is_empty(),
        }
    }
}

impl Summary {
    pub fn add(&mut self, tally: Tally) {
        self.files += 1;
        self.files_with_findings += usize::from(tally.findings);
        self.errors += tally.errors;
        self.warnings += tally.warnings;
        self.infos += tally.infos;
        self.fixable += tally.fixable;
    }

    /// The closing line of human and brief output.
    pub fn line(&self, style: &Style, unreadable: usize) -> String {
        let cards = plural(self.files, "card");
        let skipped = match unreadable {
            0 => String::new(),
            n => format!(" {} could not be checked.", plural(n, "path")),
        };
        if self.files == 0 && unreadable > 0 {
            return format!("No cards checked:{skipped}\n");
        }
        if self.errors + self.warnings + self.infos == 0 {
            let verdict = if unreadable == 0 {
                "no problems found."
            } else {
                "no problems found in them."
            };
            return format!("Checked {cards}: {verdict}{skipped}\n");
        }
        let mut parts = Vec::new();
        for (n, what) in [
            (self.errors, "error"),
            (self.warnings, "warning"),
            (self.infos, "info"),
        ] {
            if n > 0 {
                parts.push(if what == "info" {
                    format!("{n} info")
                } else {
                    plural(n, what)
                });
            }
        }
        let counts = join_and(&parts);
        let fixable = match self.fixable {
            0 => String::new(),
            n => format!(" {n} fixable with `cardgen lint --fix`."),
        };
        let line = format!(
            "Found {counts} in {} of {cards}.{fixable}{skipped}",
            self.files_with_findings
        );
        if style.color && self.errors > 0 {
            format!("\x1b[1;31m{line}\x1b[0m\n")
        } else {
            format!("{line}\n")
        }
    }
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

fn join_and(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
