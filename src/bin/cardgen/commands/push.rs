//! `cardgen push`: lint the card, then send it to the Hub (or show what would be sent).

use std::path::Path;
use std::sync::Arc;

use cardgen::config::Config;
use cardgen::files;
use cardgen::hub::{self, CommitHeader, PushPlan, RepoId};
use cardgen::lint::{self, FileReport};
use cardgen::Severity;

use super::hub as connect;
use super::push_report::{self, Done, Stop};
use crate::args::PushArgs;
use crate::report;

pub fn run(args: PushArgs) -> u8 {
    let config = if args.no_lint {
        Arc::new(Config::default())
    } else {
        let resolved = super::resolver(&args.config).and_then(|mut r| r.for_file(&args.file));
        match resolved {
            Ok(c) => c,
            Err(f) => return super::lint::config_failure(&f, &report::Style::stderr()),
        }
    };
    let limit = config.limits.max_card_size;
    let bytes = match files::read_card(&args.file, limit) {
        Ok(b) if b.len() > limit => {
            let msg = format!(
                "{}: the card is larger than the {} MiB card size limit",
                args.file.display(),
                limit >> 20
            );
            return push_report::finish(&args, None, Err(Stop::Input(msg)));
        }
        Ok(b) => b,
        Err(e) => {
            let msg = format!(
                "{}: cannot read: {}",
                args.file.display(),
                files::describe_io(&e)
            );
            return push_report::finish(&args, None, Err(Stop::Input(msg)));
        }
    };
    let lint = (!args.no_lint).then(|| lint_card(&args.file, &bytes, &config));
    if let Some(report) = &lint {
        push_report::show_lint(&args, report, &bytes);
    }
    let result = attempt(&args, bytes, lint.as_ref());
    push_report::finish(&args, lint.as_ref(), result)
}

/// The lint gate, with the configuration `lint` would use for this file.
fn lint_card(path: &Path, bytes: &[u8], config: &Config) -> FileReport {
    FileReport {
        path: path.display().to_string(),
        diagnostics: lint::lint_bytes(bytes, config),
    }
}

/// Everything after reading and linting: the gate, the plan, then the dry run or the push.
fn attempt(args: &PushArgs, bytes: Vec<u8>, lint: Option<&FileReport>) -> Result<Done, Stop> {
    let plan = plan(args, bytes)?;
    if let Some(n) = lint.map(|r| r.count(Severity::Error)).filter(|n| *n > 0) {
        return Err(Stop::Lint(n));
    }
    plan.check().map_err(Stop::Hub)?;
    if args.dry_run {
        let endpoint = connect::endpoint().map_err(Stop::Hub)?;
        let auth = connect::token_lookup(args.hub.token_file.as_deref()).map_err(Stop::Hub)?;
        return Ok(Done::DryRun {
            requests: plan.planned_requests(&endpoint),
            oid: hub::sha::git_blob_sha1(&plan.content),
            auth,
        });
    }
    let client = connect::connect(args.hub.token_file.as_deref()).map_err(Stop::Hub)?;
    hub::push(&client, &plan)
        .map(Done::Pushed)
        .map_err(Stop::Hub)
}

fn plan(args: &PushArgs, content: Vec<u8>) -> Result<PushPlan, Stop> {
    let repo = RepoId::parse_full(&args.repo).map_err(|e| Stop::Input(format!("--repo: {e}")))?;
    Ok(PushPlan {
        repo,
        revision: args.revision.clone(),
        create_pr: args.create_pr,
        create_repo: args.create_repo,
        private: args.private,
        header: CommitHeader {
            summary: args
                .message
                .clone()
                .unwrap_or_else(|| hub::push::DEFAULT_SUMMARY.to_owned()),
            description: args.description.clone(),
            parent_commit: args.parent_commit.clone(),
        },
        content,
    })
}
