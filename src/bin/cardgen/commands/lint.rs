use std::path::{Path, PathBuf};

use cardgen::config::Config;
use cardgen::files::{self, InputError};
use cardgen::hub::HubRef;
use cardgen::lint::{self, FileReport};

use crate::args::{Format, LintArgs};
use crate::exit;
use crate::report::{self, Summary};

pub fn run(args: LintArgs) -> u8 {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(files::CARD_FILE_NAME)]
    } else {
        args.paths.clone()
    };
    let (remote, paths): (Vec<_>, Vec<_>) = paths.into_iter().partition(|p| is_remote(p));
    let (cards, mut input_errors) = files::collect(&paths);
    if args.paths.is_empty() {
        for e in &mut input_errors {
            e.message = format!(
                "{}; run cardgen in a model directory or pass card files or directories, \
                 e.g. `cardgen lint models/`",
                e.message
            );
        }
    }
    if args.format != Format::Json {
        input_errors.iter().for_each(super::error);
    }
    let config = Config::default();
    let style = report::Style::from_args(&args);
    let mut summary = Summary::default();
    let mut json_reports = Vec::new();

    // Each result is printed (or kept, for JSON) as soon as the cards before it are done: output
    // is in input order, all cores stay busy, and memory does not grow with the number of cards.
    let mut on_result = |result: Result<(FileReport, String), InputError>| -> Result<(), ()> {
        match result {
            Ok((report, rendered)) => {
                summary.add(&report);
                if args.format == Format::Json {
                    json_reports.push(report);
                } else if super::print(&rendered).is_err() {
                    return Err(());
                }
            }
            Err(e) => {
                if args.format != Format::Json {
                    super::error(&e);
                }
                input_errors.push(e);
            }
        }
        Ok(())
    };
    let local = super::ordered::for_each(
        &cards,
        |path| check_one(path, &config, &style),
        &mut on_result,
    );
    if local.is_err() {
        return exit::USAGE;
    }
    for r in &remote {
        if on_result(fetch_one(r, &config, &style)).is_err() {
            return exit::USAGE;
        }
    }

    let tail = match args.format {
        Format::Json => report::json::document(&json_reports, &input_errors, &summary),
        _ if args.quiet => String::new(),
        _ => summary.line(&style, input_errors.len()),
    };
    if super::print(&tail).is_err() {
        return exit::USAGE;
    }
    if !input_errors.is_empty() {
        exit::USAGE
    } else if summary.errors > 0 {
        exit::FINDINGS
    } else {
        exit::OK
    }
}

/// Read, lint and render one card.
fn check_one(
    path: &Path,
    config: &Config,
    style: &report::Style,
) -> Result<(FileReport, String), InputError> {
    let bytes = std::fs::read(path).map_err(|e| InputError {
        path: path.to_path_buf(),
        message: format!("cannot read: {}", files::describe_io(&e)),
    })?;
    check_bytes(path.display().to_string(), &bytes, config, style)
}

/// `hf://owner/name[@rev]` names a card on the Hub.
fn is_remote(path: &Path) -> bool {
    path.to_str().is_some_and(|p| p.starts_with(HubRef::SCHEME))
}

/// Fetch a card from the Hub (README.md at the revision) and lint it.
fn fetch_one(
    arg: &Path,
    config: &Config,
    style: &report::Style,
) -> Result<(FileReport, String), InputError> {
    let text = arg.to_string_lossy();
    let fail = |message: String| InputError {
        path: arg.to_path_buf(),
        message,
    };
    let reference = HubRef::parse(&text)
        .expect("is_remote checked the scheme")
        .map_err(fail)?;
    let bytes = super::hub::fetch(&reference).map_err(|e| fail(e.to_string()))?;
    check_bytes(reference.to_string(), &bytes, config, style)
}

/// Lint and render one card's bytes.
fn check_bytes(
    path: String,
    bytes: &[u8],
    config: &Config,
    style: &report::Style,
) -> Result<(FileReport, String), InputError> {
    // A panic is a bug in cardgen; contain it to this file so every other report still prints.
    let diagnostics =
        std::panic::catch_unwind(|| lint::lint_bytes(bytes, config)).map_err(|_| InputError {
            path: PathBuf::from(&path),
            message: "internal error while linting this file (a bug in cardgen; please report it \
                      with the file)"
                .into(),
        })?;
    let report = FileReport { path, diagnostics };
    let rendered = match style.format {
        Format::Json => String::new(),
        Format::Brief => report::brief::render(&report),
        Format::Human => report::human::render(&report, bytes, style),
    };
    Ok((report, rendered))
}
