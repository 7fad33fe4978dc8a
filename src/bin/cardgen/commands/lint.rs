//! `cardgen lint`: find the cards, resolve each one's configuration, lint them in parallel, and
//! hand each report to the format's [`Reporter`] in input order.

use foldhash::HashMap;
use rayon::prelude::*;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use cardgen::config::{Config, Failure, Resolver};
use cardgen::files::{self, InputError};
use cardgen::hub::HubRef;
use cardgen::lint::{self, FileReport};
use cardgen::model_files::Siblings;

use crate::args::LintArgs;
use crate::exit;
use crate::report::{self, Reporter, Summary, Tally};

/// The command-line path that means standard input.
const STDIN: &str = "-";

/// Cards linted together before their reports are printed: output starts early and memory does
/// not grow with the number of cards.
const BATCH: usize = 256;

pub fn run(args: LintArgs) -> u8 {
    let style = report::Style::from_args(&args);
    let mut resolver = match super::resolver(&args.config) {
        Ok(r) => r,
        Err(f) => return config_failure(&f, &style),
    };
    let hint = args.paths.is_empty();
    let paths = if hint {
        vec![PathBuf::from(files::CARD_FILE_NAME)]
    } else {
        args.paths.clone()
    };
    let stdin = paths.iter().any(|p| p.as_os_str() == STDIN);
    let (remote, local): (Vec<_>, Vec<_>) = paths
        .into_iter()
        .filter(|p| p.as_os_str() != STDIN)
        .partition(|p| is_remote(p));
    let (cards, mut input_errors) = files::collect(&local);
    if hint {
        input_errors.iter_mut().for_each(add_hint);
    }
    let reporter = report::reporter(style, args.quiet);
    if !reporter.owns_errors() {
        input_errors.iter().for_each(super::error);
    }
    let mut selected = Vec::with_capacity(cards.len());
    for path in cards {
        match resolver.for_file(&path) {
            Ok(config) if config.files.selects(&path) => selected.push((path, config)),
            Ok(_) => {}
            Err(f) => return config_failure(&f, &report::Style::stderr()),
        }
    }
    // One card is linted on this thread: starting workers would cost more than the lint.
    let pool = if selected.len() > 1 || args.fix || args.diff {
        match thread_pool(args.jobs) {
            Ok(pool) => Some(pool),
            Err(e) => {
                super::error(format!("cannot start the worker threads: {e}"));
                return exit::USAGE;
            }
        }
    } else {
        None
    };
    if let (true, Some(pool)) = (args.fix || args.diff, &pool) {
        match super::fix::run(&args, &selected, &remote, pool) {
            super::fix::Next::Exit(code) => return code,
            super::fix::Next::Lint(errors) => {
                if !reporter.owns_errors() {
                    errors.iter().for_each(super::error);
                }
                input_errors.extend(errors);
            }
        }
    }

    let mut printer = Printer {
        reporter: reporter.as_ref(),
        out: super::Out::new(),
        summary: Summary::default(),
        reports: Vec::new(),
        errors: input_errors,
    };
    if stdin {
        let result = read_stdin(&args, &mut resolver, reporter.as_ref());
        if printer.add(result).is_err() {
            return exit::USAGE;
        }
    }
    let folders = match &pool {
        Some(pool) => pool.install(|| Folders::list(&selected)),
        None => Folders::list(&selected),
    };
    let check = |(path, config): &(PathBuf, Arc<Config>)| {
        check_file(path, config, folders.of(path), reporter.as_ref())
    };
    for batch in selected.chunks(BATCH) {
        let results: Vec<CardResult> = match &pool {
            Some(pool) => pool.install(|| batch.par_iter().map(check).collect()),
            None => batch.iter().map(check).collect(),
        };
        for result in results {
            if printer.add(result).is_err() {
                return exit::USAGE;
            }
        }
    }
    for r in &remote {
        let result = match resolver.for_dir(Path::new(".")) {
            Ok(config) => fetch_one(r, &config, reporter.as_ref()),
            Err(f) => return config_failure(&f, &report::Style::stderr()),
        };
        if printer.add(result).is_err() {
            return exit::USAGE;
        }
    }
    let code = printer.finish();
    // The process ends next: freeing the configurations and the folders' listings, or stopping
    // the worker threads (each hands its memory back to the system as it ends), would only cost
    // time.
    std::mem::forget((resolver, selected, folders, pool));
    code
}

/// The threads cards are linted on: `--jobs`, else one per CPU.
fn thread_pool(jobs: Option<u16>) -> Result<rayon::ThreadPool, rayon::ThreadPoolBuildError> {
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(n) = jobs {
        builder = builder.num_threads(usize::from(n));
    }
    builder.build()
}

/// Prints each card's text as it comes and keeps what the end of the output needs.
struct Printer<'r> {
    reporter: &'r dyn Reporter,
    out: super::Out,
    summary: Summary,
    reports: Vec<FileReport>,
    errors: Vec<InputError>,
}

impl Printer<'_> {
    /// Print one card's result; `Err` when standard output is gone.
    fn add(&mut self, result: CardResult) -> Result<(), ()> {
        match result {
            Ok(Linted { report, text }) => {
                self.summary.add(Tally::of(&report));
                if self.reporter.keeps_reports() {
                    self.reports.push(report);
                }
                self.out.print(&text).map_err(|_| ())
            }
            Err(e) => {
                if !self.reporter.owns_errors() {
                    // In order with the reports when both streams go to one place.
                    self.out.flush().map_err(|_| ())?;
                    super::error(&e);
                }
                self.errors.push(e);
                Ok(())
            }
        }
    }

    /// Print the closing text; the exit code.
    fn finish(mut self) -> u8 {
        let written = self
            .out
            .write_with(|w| {
                self.reporter
                    .finish(&self.reports, &self.summary, &self.errors, w)
            })
            .and_then(|()| self.out.flush());
        // The process ends next: freeing every finding would only cost time.
        std::mem::forget(std::mem::take(&mut self.reports));
        if written.is_err() {
            return exit::USAGE;
        }
        if !self.errors.is_empty() {
            exit::USAGE
        } else if self.summary.errors > 0 {
            exit::FINDINGS
        } else {
            exit::OK
        }
    }
}

/// Print why the configuration is unusable; exit 2.
pub fn config_failure(f: &Failure, style: &report::Style) -> u8 {
    match f {
        Failure::File(e) => eprint!("{}", report::config_error::render(e, style)),
        Failure::Usage(msg) => super::error(msg),
    }
    exit::USAGE
}

/// `cardgen lint -`: one card from standard input, named by `--stdin-filename`.
fn read_stdin(args: &LintArgs, resolver: &mut Resolver, reporter: &dyn Reporter) -> CardResult {
    let name = args.stdin_filename.clone();
    let shown = name.clone().unwrap_or_else(|| PathBuf::from(STDIN));
    let fail = |message: String| InputError {
        path: shown.clone(),
        message,
    };
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .read_to_end(&mut bytes)
        .map_err(|e| {
            fail(format!(
                "cannot read standard input: {}",
                files::describe_io(&e)
            ))
        })?;
    let config = match &name {
        Some(path) => resolver.for_file(path),
        None => resolver.for_dir(Path::new(".")),
    };
    let config = config.map_err(|f| fail(f.to_string()))?;
    let siblings = name.as_deref().and_then(siblings_of);
    check_bytes(
        shown_path(&shown),
        &bytes,
        &config,
        siblings.as_ref(),
        reporter,
    )
}

type CardResult = Result<Linted, InputError>;

/// One card linted: its report and its text in the output format.
struct Linted {
    report: FileReport,
    text: String,
}

/// Read, lint and render one card file, with the model files of its folder.
fn check_file(
    path: &Path,
    config: &Config,
    siblings: Option<&Siblings>,
    reporter: &dyn Reporter,
) -> CardResult {
    let bytes = files::read_card(path, config.limits.max_card_size).map_err(|e| InputError {
        path: path.to_path_buf(),
        message: format!("cannot read: {}", files::describe_io(&e)),
    })?;
    check_bytes(shown_path(path), &bytes, config, siblings, reporter)
}

/// The model files in the folder of each card, each folder listed once (a folder of many
/// cards would otherwise be listed once per card).
struct Folders(HashMap<PathBuf, Option<Siblings>>);

impl Folders {
    fn list(cards: &[(PathBuf, Arc<Config>)]) -> Self {
        let mut dirs: Vec<PathBuf> = cards.iter().map(|(p, _)| folder_of(p).to_owned()).collect();
        dirs.sort();
        dirs.dedup();
        let read = |d: PathBuf| {
            let s = Siblings::read(&d).ok();
            (d, s)
        };
        // One folder is read on this thread: no workers are started for it.
        if dirs.len() < 2 {
            return Folders(dirs.into_iter().map(read).collect());
        }
        Folders(dirs.into_par_iter().map(read).collect())
    }

    fn of(&self, card: &Path) -> Option<&Siblings> {
        self.0.get(folder_of(card)).and_then(Option::as_ref)
    }
}

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// The model files in the folder of the card at `path`, for the rules that compare the card
/// with them; `None` when the folder cannot be listed (those rules then stay silent).
fn siblings_of(path: &Path) -> Option<Siblings> {
    Siblings::read(folder_of(path)).ok()
}

/// The hint for `cardgen lint` run with no paths where there is no card.
fn add_hint(e: &mut InputError) {
    e.message = format!(
        "{}; run cardgen in a model directory or pass card files or directories, \
         e.g. `cardgen lint models/`",
        e.message
    );
}

/// `path` as reports show it.
fn shown_path(path: &Path) -> String {
    path.display().to_string()
}

/// `hf://owner/name[@rev]` names a card on the Hub.
fn is_remote(path: &Path) -> bool {
    path.to_str().is_some_and(|p| p.starts_with(HubRef::SCHEME))
}

/// Fetch a card from the Hub (README.md at the revision) and lint it.
fn fetch_one(arg: &Path, config: &Config, reporter: &dyn Reporter) -> CardResult {
    let text = arg.to_string_lossy();
    let fail = |message: String| InputError {
        path: arg.to_path_buf(),
        message,
    };
    let reference = HubRef::parse(&text)
        .expect("is_remote checked the scheme")
        .map_err(fail)?;
    let bytes = super::hub::fetch(&reference).map_err(|e| fail(e.to_string()))?;
    check_bytes(reference.to_string(), &bytes, config, None, reporter)
}

/// Lint and render one card's bytes; `siblings` lists the model files beside it.
fn check_bytes(
    path: String,
    bytes: &[u8],
    config: &Config,
    siblings: Option<&Siblings>,
    reporter: &dyn Reporter,
) -> CardResult {
    // A panic is a bug in cardgen; contain it to this file so every other report still prints.
    let diagnostics = std::panic::catch_unwind(|| lint::lint_bytes_beside(bytes, config, siblings))
        .map_err(|_| InputError {
            path: PathBuf::from(&path),
            message: "internal error while linting this file (a bug in cardgen; please report it \
                      with the file)"
                .into(),
        })?;
    let report = FileReport { path, diagnostics };
    let text = reporter.card(&report, bytes);
    Ok(Linted { report, text })
}
