//! CG301 and inline suppression: `<!-- cardgen-disable … -->`, `<!-- cardgen-enable … -->`,
//! `<!-- cardgen-disable-next-line … -->` in the body and `# cardgen: ignore …` in the front
//! matter. Applied after every other rule has run; unused suppressions become CG301 findings.

use std::sync::LazyLock;

use memchr::memmem::Finder;
use regex::Regex;

use crate::finding::Diagnostic;
use crate::finding::{Finding, Span};
use crate::rules::{declare_rule, Context};

static HTML: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)<!--[ \t]*cardgen-(disable-next-line|disable|enable)\b(.*?)-->")
        .expect("valid regex")
});
static YAML: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)(?:^|[ \t])#[ \t]*cardgen:[ \t]*ignore\b([^\r\n]*)").expect("valid regex")
});

declare_rule! {
    /// A cardgen suppression comment suppresses nothing, or names an unknown rule.
    ///
    /// ## What it checks
    /// The card can silence findings with comments:
    ///
    /// - `<!-- cardgen-disable CODE -->` … `<!-- cardgen-enable CODE -->` in the Markdown body:
    ///   findings that start between the two. Without a matching `cardgen-enable` it runs to the
    ///   end of the file and also covers findings that have no position (such as a missing
    ///   section).
    /// - `<!-- cardgen-disable-next-line CODE -->`: findings that start on the next line.
    /// - `# cardgen: ignore CODE` as a YAML comment on a front-matter line: findings that start
    ///   on that line.
    ///
    /// CODE is a rule code (`CG203`) or name (`placeholder-text`); several are separated by
    /// commas or spaces; no code means every rule. Text after ` -- ` is a reason, for readers.
    /// This rule reports each code of such a comment that silenced nothing (the problem was
    /// fixed, or the comment is in the wrong place), a `cardgen-enable` that closes no
    /// `cardgen-disable`, and unknown codes. Suppressions of rules turned off in the
    /// configuration are not reported. This rule's own findings cannot be suppressed by
    /// comments; turn it off with `unused-suppression = "off"` under `[rules]`.
    ///
    /// ## Why
    /// A stale suppression hides the next real problem at that place.
    ///
    /// ## Example
    /// Bad (the section has content, so there is nothing to suppress):
    /// ```markdown
    /// <!-- cardgen-disable-next-line missing-section -->
    /// ## Usage
    /// `pipeline("fill-mask", model="me/m")`
    /// ```
    /// Good:
    /// ```markdown
    /// <!-- cardgen-disable-next-line placeholder-text -- filled in at release -->
    /// Contact: [More Information Needed]
    /// ```
    pub const UNUSED_SUPPRESSION = {
        code: "CG301",
        name: "unused-suppression",
        severity: Warning,
        check: reported_after_the_other_rules,
    }
}

/// CG301 findings come from [`apply`], which runs once every other rule has.
fn reported_after_the_other_rules(_: &Context<'_>, _: &mut Vec<Finding>) {}

/// One rule (or every rule, `code: None`) silenced over a range of the text.
#[derive(Debug)]
struct Entry {
    directive: Span,
    /// What the comment says, for messages: `cardgen-disable`, `cardgen: ignore`, ….
    form: &'static str,
    code: Option<&'static str>,
    start: usize,
    /// `None`: to the end of the file, covering findings without a position too.
    end: Option<usize>,
    used: bool,
}

impl Entry {
    fn covers(&self, f: &Finding) -> bool {
        if self.code.is_some_and(|c| c != f.code) {
            return false;
        }
        match f.span {
            Some(s) => self.start <= s.start && self.end.is_none_or(|e| s.start < e),
            None => self.end.is_none(),
        }
    }
}

/// Remove the suppressed diagnostics; return CG301 findings for unused or invalid comments.
pub(crate) fn apply(ctx: &Context<'_>, diags: &mut Vec<Diagnostic>) -> Vec<Finding> {
    let mut problems = Vec::new();
    let mut entries = Vec::new();
    front_matter(ctx, &mut entries, &mut problems);
    body(ctx, &mut entries, &mut problems);
    if entries.is_empty() && problems.is_empty() {
        return problems;
    }
    diags.retain(|d| {
        let mut suppressed = false;
        for e in entries.iter_mut().filter(|e| e.covers(&d.finding)) {
            e.used = true;
            suppressed = true;
        }
        !suppressed
    });
    let off = |code: &str| ctx.settings.is_off(code);
    for e in entries.iter().filter(|e| !e.used) {
        if e.code.is_some_and(off) {
            continue;
        }
        let what = e.code.map_or(String::new(), |c| format!(" {c}"));
        problems.push(
            UNUSED_SUPPRESSION
                .finding(format!("`{}{what}` suppresses nothing", e.form))
                .at(e.directive)
                .label("unused suppression")
                .help("remove it, or move it next to the finding it is meant for"),
        );
    }
    problems
}

/// The rules a comment names: `None` for all. Unknown names are reported.
fn codes(text: &str, directive: Span, problems: &mut Vec<Finding>) -> Option<Vec<&'static str>> {
    let text = text.split(" -- ").next().unwrap_or("");
    let mut codes = Vec::new();
    for word in text
        .split([',', ' ', '\t', '\r', '\n'])
        .filter(|w| !w.is_empty())
    {
        match crate::rules::find(word) {
            Some(rule) => codes.push(rule.code),
            None => problems.push(
                UNUSED_SUPPRESSION
                    .finding(format!("unknown rule `{word}` in a cardgen comment"))
                    .at(directive)
                    .label("unknown rule")
                    .help("use a code or name from `cardgen rules`"),
            ),
        }
    }
    (!text.trim().is_empty()).then_some(codes)
}

fn push(entries: &mut Vec<Entry>, codes: Option<Vec<&'static str>>, template: Entry) {
    match codes {
        None => entries.push(template),
        Some(codes) => {
            for code in codes {
                entries.push(Entry {
                    code: Some(code),
                    ..template
                });
            }
        }
    }
}

/// The searches for `cardgen:` and `cardgen-`, built once instead of for every card.
static FRONT_MATTER_WORD: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"cardgen:"));
static BODY_WORD: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"cardgen-"));

fn front_matter(ctx: &Context<'_>, entries: &mut Vec<Entry>, problems: &mut Vec<Finding>) {
    let Some(fm) = ctx.front_matter else { return };
    let yaml = ctx.slice(fm.yaml);
    // Every match contains `cardgen:`; most cards have none, and then the regex is not even
    // compiled: compiling it would cost more than linting a small card's front matter.
    if FRONT_MATTER_WORD.find(yaml.as_bytes()).is_none() {
        return;
    }
    for m in YAML.captures_iter(yaml) {
        let whole = m.get(0).expect("match");
        let at = fm.yaml.start + whole.start();
        let directive = Span::new(
            at + whole.as_str().find('#').unwrap_or(0),
            fm.yaml.start + whole.end(),
        );
        let (line, _) = ctx.line_col(at);
        let codes = codes(&m[1], directive, problems);
        let template = Entry {
            directive,
            form: "cardgen: ignore",
            code: None,
            start: ctx.lines().line_start(line),
            end: Some(ctx.lines().line_start(line + 1)),
            used: false,
        };
        push(entries, codes, template);
    }
}

fn body(ctx: &Context<'_>, entries: &mut Vec<Entry>, problems: &mut Vec<Finding>) {
    let text = ctx.body_text();
    // Every match contains `cardgen-` (see `front_matter`).
    if BODY_WORD.find(text.as_bytes()).is_none() {
        return;
    }
    // Indices into `entries` of `cardgen-disable`s not closed yet.
    let mut open: Vec<usize> = Vec::new();
    for m in HTML.captures_iter(text) {
        let whole = m.get(0).expect("match");
        let directive = Span::new(ctx.body.start + whole.start(), ctx.body.start + whole.end());
        if ctx.outline().is_code(directive.start) {
            continue;
        }
        let codes = codes(&m[2], directive, problems);
        match &m[1] {
            "disable-next-line" => {
                let (line, _) = ctx.line_col(directive.end);
                let template = Entry {
                    directive,
                    form: "cardgen-disable-next-line",
                    code: None,
                    start: ctx.lines().line_start(line + 1),
                    end: Some(ctx.lines().line_start(line + 2)),
                    used: false,
                };
                push(entries, codes, template);
            }
            "disable" => {
                let first = entries.len();
                let template = Entry {
                    directive,
                    form: "cardgen-disable",
                    code: None,
                    start: directive.end,
                    end: None,
                    used: false,
                };
                push(entries, codes, template);
                open.extend(first..entries.len());
            }
            _ => {
                let before = open.len();
                open.retain(|&i| {
                    let closes = match (&codes, entries[i].code) {
                        (None, _) => true,
                        (Some(list), Some(c)) => list.contains(&c),
                        (Some(_), None) => false,
                    };
                    if closes {
                        entries[i].end = Some(directive.start);
                    }
                    !closes
                });
                if open.len() == before {
                    problems.push(
                        UNUSED_SUPPRESSION
                            .finding(
                                "`cardgen-enable` without a matching `cardgen-disable` before it",
                            )
                            .at(directive)
                            .label("nothing to enable")
                            .help("remove it, or add the `cardgen-disable` it is meant to end"),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
#[path = "suppression_tests.rs"]
mod tests;
