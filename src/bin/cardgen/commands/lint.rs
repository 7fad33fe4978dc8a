use std::cell::Cell;
use std::collections::HashSet;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use cardgen::config::Config;
use cardgen::files::{self, InputError, Read};
use cardgen::hub::HubRef;
use cardgen::lint::{self, FileReport};

use super::config::{Failure, Resolver};
use crate::args::{Format, LintArgs};
use crate::exit;
use crate::report::{self, Summary, Tally};

/// The command-line path that means standard input.
const STDIN: &str = "-";

pub fn run(mut args: LintArgs) -> u8 {
    if let Some(jobs) = args.jobs {
        super::ordered::set_threads(usize::from(jobs));
    }
    let style = report::Style::from_args(&args);
    let mut resolver = match Resolver::new(&args.config) {
        Ok(r) => r,
        Err(f) => return config_failure(&f, &style),
    };
    let hint = args.paths.is_empty();
    let paths = if hint {
        vec![PathBuf::from(files::CARD_FILE_NAME)]
    } else {
        std::mem::take(&mut args.paths)
    };
    let stdin = paths.iter().any(|p| p.as_os_str() == STDIN);
    let (remote, paths): (Vec<_>, Vec<_>) = paths
        .into_iter()
        .filter(|p| p.as_os_str() != STDIN)
        .partition(|p| is_remote(p));
    // `--fix` and `--diff` need the whole list first; a plain lint looks at each named path when
    // it reads it, and expands a directory in its place.
    let fixing = args.fix || args.diff;
    let (cards, mut input_errors) = if fixing {
        files::collect(&paths, super::ordered::jobs())
    } else {
        (files::list(paths), Vec::new())
    };
    if hint {
        input_errors.iter_mut().for_each(add_hint);
    }
    let document = matches!(args.format, Format::Json | Format::Sarif);
    if !document {
        input_errors.iter().for_each(super::error);
    }
    if fixing {
        let mut selected = Vec::with_capacity(cards.len());
        for card in &cards {
            let path = &card.path;
            match resolver.for_file(path) {
                Ok(config) if config.files.selects(path) => selected.push((path.clone(), config)),
                Ok(_) => {}
                Err(f) => return config_failure(&f, &style),
            }
        }
        match super::fix::run(&args, &selected, &remote) {
            super::fix::Next::Exit(code) => return code,
            super::fix::Next::Lint(errors) => input_errors.extend(errors),
        }
    }
    let mut summary = Summary::default();
    // SARIF is one document built at the end; JSON is written as the files are done.
    let mut reports = Vec::new();
    let json = args.format == Format::Json;
    let mut out = super::Out::new();
    if json && out.print(report::json::HEAD).is_err() {
        return exit::USAGE;
    }

    let stdin_result = stdin.then(|| read_stdin(&args, &mut resolver, &style));
    let mut done = |results: Vec<CardResult>| -> Result<(), ()> {
        for result in results {
            match result {
                Ok(Linted {
                    tally,
                    rendered,
                    report,
                }) => {
                    summary.add(tally);
                    let printed = if json {
                        // `summary` has counted this file: it is the first one when it is 1.
                        let separator = report::json::separator(summary.files == 1);
                        out.print_parts(&[separator, &rendered])
                    } else if let Some(report) = report {
                        reports.push(report);
                        Ok(())
                    } else {
                        out.print(&rendered)
                    };
                    give_back_output_buffer(rendered);
                    if printed.is_err() {
                        return Err(());
                    }
                }
                Err(e) => {
                    if !document {
                        // In order with the reports when both streams go to one place.
                        out.flush().map_err(|_| ())?;
                        super::error(&e);
                    }
                    input_errors.push(e);
                }
            }
        }
        Ok(())
    };
    if done(stdin_result.into_iter().collect()).is_err() {
        return exit::USAGE;
    }
    // Each card's configuration (cached per directory), then the cards in parallel: each result
    // is printed (or kept, for JSON/SARIF) as soon as the cards before it are done, so output is
    // in input order, all cores stay busy, and memory does not grow with the number of cards.
    let mut work: Vec<(&files::Listed, Arc<Config>)> = Vec::with_capacity(cards.len());
    for card in &cards {
        match resolver.for_file(&card.path) {
            // A named path is filtered once it is known to be a file (`check_one`): a
            // directory's cards are filtered one by one.
            Ok(config) if card.named || config.files.selects(&card.path) => {
                work.push((card, config));
            }
            Ok(_) => {}
            Err(f) => return config_failure(&f, &style),
        }
    }
    // Set up when the first named directory is expanded: the cards delivered so far, so that a
    // card named twice (by itself and in a directory, or in two directories) is linted once.
    let mut seen: Option<Seen> = None;
    let mut index = 0;
    let local = super::ordered::for_each(
        &work,
        |(card, config)| check_one(card, config, &style),
        |checked| {
            let card = work[index].0;
            index += 1;
            match checked {
                Checked::Card(_) if seen.as_mut().is_some_and(|s| !s.insert(card.path.clone())) => {
                    Ok(())
                }
                Checked::Card(result) => done(vec![result]),
                Checked::NotACard(e) => done(vec![Err(hinted(e, hint))]),
                Checked::Unselected => Ok(()),
                Checked::Directory => {
                    let seen = seen.get_or_insert_with(|| {
                        work[..index].iter().map(|(c, _)| c.path.clone()).collect()
                    });
                    let dir = Directory {
                        seen,
                        resolver: &mut resolver,
                        style: &style,
                        hint,
                    };
                    dir.lint(&card.path, &mut done)
                }
            }
        },
    );
    if local.is_err() {
        return exit::USAGE;
    }
    for r in &remote {
        let config = match resolver.for_dir(Path::new(".")) {
            Ok(c) => c,
            Err(f) => return config_failure(&f, &style),
        };
        if done(vec![fetch_one(r, &config, &style)]).is_err() {
            return exit::USAGE;
        }
    }

    let tail = match args.format {
        Format::Json => report::json::tail(summary.files > 0, &input_errors, &summary),
        Format::Sarif => report::sarif::document(&reports, &input_errors),
        Format::Github => String::new(),
        _ if args.quiet => String::new(),
        _ => summary.line(&style, input_errors.len()),
    };
    if out.print(&tail).and_then(|()| out.flush()).is_err() {
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

/// Print why the configuration is unusable; exit 2.
pub fn config_failure(f: &Failure, style: &report::Style) -> u8 {
    match f {
        Failure::File(e) => eprint!("{}", report::config_error::render(e, style)),
        Failure::Usage(msg) => super::error(msg),
    }
    exit::USAGE
}

/// `cardgen lint -`: one card from standard input, named by `--stdin-filename`.
fn read_stdin(args: &LintArgs, resolver: &mut Resolver, style: &report::Style) -> CardResult {
    let name = args.stdin_filename.clone();
    let shown = name.clone().unwrap_or_else(|| PathBuf::from(STDIN));
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .read_to_end(&mut bytes)
        .map_err(|e| InputError {
            path: shown.clone(),
            message: format!("cannot read standard input: {}", files::describe_io(&e)),
        })?;
    let config = match &name {
        Some(path) => resolver.for_file(path),
        None => resolver.for_dir(Path::new(".")),
    };
    let config = config.map_err(|f| InputError {
        path: shown.clone(),
        message: match f {
            Failure::File(e) => e.to_string(),
            Failure::Usage(m) => m,
        },
    })?;
    check_bytes(shown_path(&shown), &bytes, &config, style)
}

/// A card checked, or why it was not.
enum Checked {
    Card(CardResult),
    /// A named path that is a directory: its cards are linted in its place.
    Directory,
    /// A named file that the configuration's `include`/`exclude` leave out.
    Unselected,
    /// A named path that cannot be opened or is neither a file nor a directory.
    NotACard(InputError),
}

/// Read, lint and render one card.
fn check_one(card: &files::Listed, config: &Config, style: &report::Style) -> Checked {
    if card.named && !config.files.selects(&card.path) {
        // Left out if it is a file; a directory's cards are selected one by one.
        return match files::classify(&card.path) {
            Ok(files::Kind::File) => Checked::Unselected,
            Ok(files::Kind::Directory) => Checked::Directory,
            Err(e) => Checked::NotACard(e),
        };
    }
    let mut bytes = READ_BUFFER.with(Cell::take);
    let checked = match files::read_listed(card, config.limits.max_card_size, &mut bytes) {
        Ok(Read::Card(n)) => Checked::Card(check_bytes(
            shown_path(&card.path),
            &bytes[..n],
            config,
            style,
        )),
        Ok(Read::Directory) => Checked::Directory,
        Ok(Read::NotACard(e)) => Checked::NotACard(e),
        Err(e) => Checked::Card(Err(e)),
    };
    if bytes.capacity() <= KEEP_READ_BUFFER {
        READ_BUFFER.with(|cell| cell.set(bytes));
    }
    checked
}

/// The cards delivered so far, once a directory is named: hashed with foldhash, as the file
/// list's duplicates are (a walked tree adds every card it finds).
type Seen = HashSet<PathBuf, foldhash::fast::RandomState>;

/// A directory named on the command line, found when it was read.
struct Directory<'a> {
    /// The cards linted before it (and in the directories before it).
    seen: &'a mut Seen,
    resolver: &'a mut Resolver,
    style: &'a report::Style,
    hint: bool,
}

impl Directory<'_> {
    /// Lint the directory's cards not linted yet, in order, on all cores, handing each result
    /// to `done`.
    fn lint(
        self,
        dir: &Path,
        done: &mut impl FnMut(Vec<CardResult>) -> Result<(), ()>,
    ) -> Result<(), ()> {
        let found = match files::expand(dir, super::ordered::jobs()) {
            Ok(found) => found,
            Err(e) => return done(vec![Err(hinted(e, self.hint))]),
        };
        self.resolver.probe(&found);
        let mut work = Vec::with_capacity(found.len());
        for path in found {
            if !self.seen.insert(path.clone()) {
                continue;
            }
            match self.resolver.for_file(&path) {
                Ok(config) if config.files.selects(&path) => {
                    work.push((files::Listed { path, named: false }, config));
                }
                Ok(_) => {}
                Err(f) => {
                    config_failure(&f, self.style);
                    return Err(());
                }
            }
        }
        let style = self.style;
        super::ordered::for_each(
            &work,
            |(card, config)| check_one(card, config, style),
            |checked| match checked {
                Checked::Card(result) => done(vec![result]),
                // Not named: found by the walk as files.
                Checked::Directory | Checked::Unselected | Checked::NotACard(_) => Ok(()),
            },
        )
    }
}

type CardResult = Result<Linted, InputError>;

/// The buffers cards are rendered into, handed back by the printing thread once printed and
/// taken again by whichever thread renders the next card: a card's rendered text (1.5 KB on
/// average over the corpus) is then neither allocated, grown nor freed per card, and on several
/// cores not freed by another thread than the one that allocated it. (With jemalloc, 2% less
/// wall time on two cores than allocating each one; with glibc's malloc it was 4%.)
static OUTPUT_BUFFERS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// At most this many buffers are kept (a few per card in flight), each of at most
/// [`KEEP_OUTPUT_BUFFER`] bytes.
const KEEP_OUTPUT_BUFFERS: usize = 64;
const KEEP_OUTPUT_BUFFER: usize = 64 << 10;

fn output_buffer() -> String {
    let mut buffers = OUTPUT_BUFFERS.lock().unwrap_or_else(|e| e.into_inner());
    buffers.pop().unwrap_or_default()
}

fn give_back_output_buffer(mut buffer: String) {
    if buffer.capacity() == 0 || buffer.capacity() > KEEP_OUTPUT_BUFFER {
        return;
    }
    buffer.clear();
    let mut buffers = OUTPUT_BUFFERS.lock().unwrap_or_else(|e| e.into_inner());
    if buffers.len() < KEEP_OUTPUT_BUFFERS {
        buffers.push(buffer);
    }
}

/// One card linted, as the thread that prints needs it. The worker thread that linted the card
/// keeps (and frees) the findings unless the format is SARIF, which is one document built at
/// the end: a report's findings are dozens of blocks, and a block freed by another thread than
/// the one that allocated it costs the allocator more (glibc's takes that thread's arena lock;
/// jemalloc sends it back to its arena in batches).
struct Linted {
    tally: Tally,
    rendered: String,
    /// The findings, for SARIF only.
    report: Option<FileReport>,
}

/// The hint for `cardgen lint` run with no paths where there is no card.
fn add_hint(e: &mut InputError) {
    e.message = format!(
        "{}; run cardgen in a model directory or pass card files or directories, \
         e.g. `cardgen lint models/`",
        e.message
    );
}

fn hinted(mut e: InputError, hint: bool) -> InputError {
    if hint {
        add_hint(&mut e);
    }
    e
}

thread_local! {
    /// What cards are read into, kept from card to card on each thread.
    static READ_BUFFER: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
}

/// A read buffer up to this size is kept for the next card; a bigger one is freed with its card.
const KEEP_READ_BUFFER: usize = 1 << 20;

/// `path` as reports show it: `Path::display`, whose formatter decodes the path one character
/// at a time, only for a path that is not UTF-8.
fn shown_path(path: &Path) -> String {
    path.to_str()
        .map_or_else(|| path.display().to_string(), str::to_owned)
}

/// `hf://owner/name[@rev]` names a card on the Hub.
fn is_remote(path: &Path) -> bool {
    path.to_str().is_some_and(|p| p.starts_with(HubRef::SCHEME))
}

/// Fetch a card from the Hub (README.md at the revision) and lint it.
fn fetch_one(arg: &Path, config: &Config, style: &report::Style) -> CardResult {
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
fn check_bytes(path: String, bytes: &[u8], config: &Config, style: &report::Style) -> CardResult {
    // A panic is a bug in cardgen; contain it to this file so every other report still prints.
    let diagnostics =
        std::panic::catch_unwind(|| lint::lint_bytes(bytes, config)).map_err(|_| InputError {
            path: PathBuf::from(&path),
            message: "internal error while linting this file (a bug in cardgen; please report it \
                      with the file)"
                .into(),
        })?;
    let report = FileReport { path, diagnostics };
    let mut rendered = output_buffer();
    match style.format {
        Format::Json => report::json::entry_into(&report, &mut rendered),
        Format::Sarif => {}
        Format::Brief => report::brief::render_into(&report, &mut rendered),
        Format::Github => rendered = report::github::render(&report),
        Format::Human => rendered = report::human::render(&report, bytes, style),
    }
    Ok(Linted {
        tally: Tally::of(&report),
        rendered,
        report: (style.format == Format::Sarif).then_some(report),
    })
}
