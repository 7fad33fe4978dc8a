//! What `cardgen push` prints: human lines (results on stdout, findings and problems on
//! stderr) or one JSON document on stdout.

use serde_json::{json, Value};

use cardgen::hub::push::PlannedRequest;
use cardgen::hub::{HubError, PushOutcome, PushStatus, TokenLookup};
use cardgen::lint::FileReport;
use cardgen::Severity;

use crate::args::{Format, OutputFormat, PushArgs};
use crate::report::{self, Style};

/// A push that went through, or a dry run.
pub enum Done {
    Pushed(PushOutcome),
    DryRun {
        requests: Vec<PlannedRequest>,
        oid: String,
        auth: TokenLookup,
    },
}

/// Why the push stopped.
pub enum Stop {
    /// The card could not be read, or an argument is wrong.
    Input(String),
    /// The card has this many error-level findings.
    Lint(usize),
    Hub(HubError),
}

/// Print findings (human format, to stderr) before anything else happens.
pub fn show_lint(args: &PushArgs, report: &FileReport, bytes: &[u8]) {
    if args.format == OutputFormat::Human && !report.diagnostics.is_empty() {
        let style = Style {
            format: Format::Human,
            color: false,
            width: 100,
        };
        eprint!("{}", report::human::render(report, bytes, &style));
    }
}

/// Print the result; return the exit code.
pub fn finish(args: &PushArgs, lint: Option<&FileReport>, result: Result<Done, Stop>) -> u8 {
    let code = code(&result);
    let printed = match args.format {
        OutputFormat::Json => super::print(&json_document(lint, &result)),
        OutputFormat::Human => human(args, &result),
    };
    if printed.is_err() {
        return crate::exit::USAGE;
    }
    code
}

fn human(args: &PushArgs, result: &Result<Done, Stop>) -> std::io::Result<()> {
    match result {
        Ok(Done::Pushed(o)) => {
            o.hub_warnings
                .iter()
                .for_each(|w| eprintln!("warning: the Hub's metadata check: {w}"));
            super::print(&outcome_lines(o))
        }
        Ok(Done::DryRun {
            requests,
            oid,
            auth,
        }) => super::print(&dry_run_lines(requests, oid, auth)),
        Err(Stop::Lint(n)) => {
            super::error(format!(
                "push stopped: {} has {n} error-level finding{}; fix {}, or pass --no-lint to \
                 push anyway",
                args.file.display(),
                if *n == 1 { "" } else { "s" },
                if *n == 1 { "it" } else { "them" },
            ));
            Ok(())
        }
        Err(Stop::Input(m)) => {
            super::error(m);
            Ok(())
        }
        Err(Stop::Hub(e)) => {
            super::error(e);
            Ok(())
        }
    }
}

fn outcome_lines(o: &PushOutcome) -> String {
    let mut s = String::new();
    match o.repo_created {
        Some(true) => s.push_str(&format!("Created repository {}.\n", o.repo)),
        Some(false) => s.push_str(&format!("Repository {} already exists.\n", o.repo)),
        None => {}
    }
    let url = o.commit_url.as_deref().unwrap_or_default();
    let at = format!("{} ({})", o.repo, o.revision);
    s.push_str(&match (o.status, &o.pr_url) {
        (PushStatus::Committed, Some(pr)) => format!(
            "Opened pull request {} on {at}: {pr}\nCommit: {url}\n",
            o.pr_revision.as_deref().unwrap_or("")
        ),
        (PushStatus::Committed, None) => format!("Pushed README.md to {at}: {url}\n"),
        (PushStatus::UpToDate, _) => {
            format!("README.md in {at} is already up to date; nothing committed. {url}\n")
        }
        (PushStatus::AppliedEarlier, _) => format!(
            "Pushed README.md to {at}: {url}\n(an earlier attempt that reported an error had \
             been applied, so it was not sent again)\n"
        ),
    });
    s
}

fn dry_run_lines(requests: &[PlannedRequest], oid: &str, auth: &TokenLookup) -> String {
    let mut s = String::from("Dry run: nothing was sent. A push would send:\n");
    for r in requests {
        s.push_str(&format!("  {} {}\n    {}\n", r.method, r.url, r.body));
    }
    s.push_str(&format!(
        "The commit is skipped if the Hub's README.md already has git blob SHA-1 {oid}.\n"
    ));
    s.push_str(&match &auth.token {
        Some(t) => format!("Token: from {}.\n", t.source),
        None => format!(
            "Token: none found (looked at: {}); a real push would fail.\n",
            auth.searched.join(", ")
        ),
    });
    s
}

fn json_document(lint: Option<&FileReport>, result: &Result<Done, Stop>) -> String {
    let mut doc = match result {
        Ok(Done::Pushed(o)) => serde_json::to_value(o).expect("outcome serialises"),
        Ok(Done::DryRun {
            requests,
            oid,
            auth,
        }) => json!({
            "status": "dry_run",
            "oid": oid,
            "requests": requests,
            "token_source": auth.token.as_ref().map(|t| t.source.clone()),
        }),
        Err(stop) => json!({"status": "error", "error": stop_json(stop)}),
    };
    doc["version"] = json!(1);
    doc["lint"] = lint.map_or(Value::Null, |r| {
        json!({
            "errors": r.count(Severity::Error),
            "warnings": r.count(Severity::Warning),
            "diagnostics": r.diagnostics,
        })
    });
    let mut s = serde_json::to_string_pretty(&doc).expect("JSON serialises");
    s.push('\n');
    s
}

fn stop_json(stop: &Stop) -> Value {
    match stop {
        Stop::Input(m) => json!({"kind": "input", "message": m}),
        Stop::Lint(n) => json!({"kind": "lint", "message": format!("{n} error-level findings")}),
        Stop::Hub(HubError::InvalidMetadata { errors }) => {
            json!({"kind": "invalid_metadata", "message": HubError::InvalidMetadata { errors: errors.clone() }.to_string(), "errors": errors})
        }
        Stop::Hub(e) => json!({"kind": e.kind(), "message": e.to_string()}),
    }
}

/// Exit code for a result.
pub fn code(result: &Result<Done, Stop>) -> u8 {
    match result {
        Ok(_) => crate::exit::OK,
        Err(Stop::Lint(_) | Stop::Hub(HubError::InvalidMetadata { .. })) => crate::exit::FINDINGS,
        Err(_) => crate::exit::USAGE,
    }
}
