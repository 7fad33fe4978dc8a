//! `cardgen render`: render, lint the result, then write, print, update or check.

use std::path::Path;

use cardgen::config::Config;
use cardgen::lint;
use cardgen::render::update::Updated;
use cardgen::render::{self, lock, update, Meta, NoticeKind, Options, Rendered};
use cardgen::write;
use cardgen::Severity;

use super::render_report as report;
use crate::args::RenderArgs;
use crate::exit;

pub fn run(args: RenderArgs) -> u8 {
    let stdout = args.output.as_os_str() == "-";
    if stdout && (args.update || args.check) {
        super::error("--update and --check work on a file; drop `-o -`");
        return exit::USAGE;
    }
    let (rendered, meta, toml) = match render_card(&args) {
        Ok(r) => r,
        Err(code) => return code,
    };
    for n in &rendered.notices {
        eprint!("{}", report::notice(n));
    }
    if !passes_lint(&rendered, &meta, &toml) {
        return exit::FINDINGS;
    }
    if stdout {
        return match super::print(&rendered.text) {
            Ok(()) => exit::OK,
            Err(e) => fail(format!("cannot write to standard output: {e}")),
        };
    }
    if args.check {
        return check(&args, &rendered);
    }
    let code = write_card(&args, &rendered);
    if code != exit::OK {
        return code;
    }
    write_lock(&args.meta, &rendered)
}

/// The card, and the train.toml it came from (parsed, and its text).
fn render_card(args: &RenderArgs) -> Result<(Rendered, Meta, String), u8> {
    let text = std::fs::read_to_string(&args.meta).map_err(|e| {
        fail(format!(
            "cannot read {}: {}; run `cardgen init` to create one",
            args.meta.display(),
            cardgen::files::describe_io(&e)
        ))
    })?;
    let opts = Options {
        base_dir: args
            .meta
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default(),
        artifacts: args.from.clone(),
        template: args.template.clone(),
        lock: Some(lock::path_for(&args.meta)),
    };
    let meta = render::parse_meta(&text).map_err(|errors| {
        eprint!("{}", report::meta_errors(&args.meta, &text, &errors));
        exit::USAGE
    })?;
    let rendered = render::render(&meta, &opts).map_err(|e| {
        eprint!("{}", report::render_error(&args.meta, &e));
        exit::USAGE
    })?;
    Ok((rendered, meta, text))
}

/// The card must have no error-level lint findings; warnings are shown. Both are placed in the
/// rendered card, which is not on disk (or not yet, or differs from it after `--update`), and
/// name the train.toml key whose text is there.
fn passes_lint(rendered: &Rendered, meta: &Meta, toml: &str) -> bool {
    let diags = lint::lint_bytes(rendered.text.as_bytes(), &Config::default());
    eprint!("{}", report::findings(&rendered.text, meta, toml, &diags));
    let errors = diags
        .iter()
        .filter(|d| d.finding.severity == Severity::Error)
        .count();
    if errors > 0 {
        super::error(format!(
            "the rendered card has {errors} error-level finding(s); nothing was written"
        ));
    }
    errors == 0
}

/// What the file would hold after this render: an update of a card cardgen generated (with what
/// the update kept or replaced of a person's edits), else the fresh rendering.
fn target_text(existing: Option<&str>, rendered: &Rendered) -> Result<Updated, String> {
    match existing {
        Some(old) if update::is_generated(old) => update::update(old, rendered)
            .map_err(|e| format!("cannot update the card in place: {e}")),
        _ => Ok(Updated {
            text: rendered.text.clone(),
            notices: Vec::new(),
        }),
    }
}

fn check(args: &RenderArgs, rendered: &Rendered) -> u8 {
    let output = &args.output;
    let existing = match read_existing(output) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let generated = existing.as_deref().is_some_and(update::is_generated);
    let want = match target_text(existing.as_deref(), rendered) {
        Ok(t) => t.text,
        Err(msg) => return fail(msg),
    };
    let have = existing.clone().unwrap_or_default();
    let diff = update::unified_diff(&have, &want, &output.display().to_string());
    let lock_stale = stale_lock(args, rendered);
    if diff.is_empty() && lock_stale.is_none() {
        eprintln!("{} is up to date", output.display());
        return exit::OK;
    }
    if super::print(&diff).is_err() {
        return exit::USAGE;
    }
    let fix = if existing.is_some() && !generated {
        format!(
            "{} was not written by cardgen: `{}` replaces it with the rendered card (the diff \
             above shows what is lost)",
            output.display(),
            command_line(args, "--force")
        )
    } else {
        format!("run `{}` to refresh it", command_line(args, "--update"))
    };
    let what = match (diff.is_empty(), &lock_stale) {
        (true, Some(lock)) => format!("{lock} is"),
        (false, Some(lock)) => format!("{} and {lock} are", output.display()),
        _ => format!("{} is", output.display()),
    };
    eprintln!("{what} out of date: {fix}");
    exit::FINDINGS
}

/// The lock file, named, when the artifacts were read and the lock on disk does not hold them.
fn stale_lock(args: &RenderArgs, rendered: &Rendered) -> Option<String> {
    let want = rendered.lock.as_deref()?;
    let path = lock::path_for(&args.meta);
    let have = std::fs::read_to_string(&path).ok();
    (have.as_deref() != Some(want)).then(|| path.display().to_string())
}

/// The render command the user ran, with `flag` added (for a suggestion that works as shown).
fn command_line(args: &RenderArgs, flag: &str) -> String {
    let mut parts = vec!["cardgen render".to_owned()];
    let quote = |p: &Path| {
        let s = p.display().to_string();
        if s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-".contains(c))
        {
            s
        } else {
            format!("'{}'", s.replace('\'', "'\\''"))
        }
    };
    parts.push(format!("--meta {}", quote(&args.meta)));
    if let Some(from) = &args.from {
        parts.push(format!("--from {}", quote(from)));
    }
    if let Some(t) = &args.template {
        parts.push(format!("--template {}", quote(t)));
    }
    if args.output != Path::new("README.md") {
        parts.push(format!("-o {}", quote(&args.output)));
    }
    parts.push(flag.to_owned());
    parts.join(" ")
}

fn write_card(args: &RenderArgs, rendered: &Rendered) -> u8 {
    let output = &args.output;
    let existing = match read_existing(output) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let generated = existing.as_deref().is_some_and(update::is_generated);
    if existing.is_some() && !generated && !args.force {
        return fail(format!(
            "{} exists and was not generated by cardgen (it has no cardgen markers); pass --force \
             to replace it",
            output.display()
        ));
    }
    let text = if args.update && !args.force {
        match target_text(existing.as_deref(), rendered) {
            Ok(t) => {
                for n in &t.notices {
                    eprint!("{}", report::notice(n));
                }
                t.text
            }
            Err(msg) => return fail(msg),
        }
    } else {
        warn_if_hand_edits_are_lost(existing.as_deref(), rendered, output);
        rendered.text.clone()
    };
    if existing.as_deref() == Some(text.as_str()) {
        eprintln!("{} is up to date", output.display());
        return exit::OK;
    }
    match write::atomic_write(output, text.as_bytes()) {
        Ok(written) => super::note_symlink(output, &written),
        Err(e) => {
            return fail(format!(
                "cannot write {}: {}",
                output.display(),
                cardgen::files::describe_io(&e)
            ))
        }
    }
    let verb = if existing.is_some() {
        "Updated"
    } else {
        "Wrote"
    };
    eprintln!(
        "{verb} {} ({} template)",
        output.display(),
        rendered.template
    );
    exit::OK
}

/// A plain render replaces a cardgen card whole; say so when that drops hand-written parts, and
/// name the hand edits inside managed parts.
fn warn_if_hand_edits_are_lost(existing: Option<&str>, rendered: &Rendered, output: &Path) {
    let Some(old) = existing.filter(|o| update::is_generated(o)) else {
        return;
    };
    let kept = match update::update(old, rendered) {
        Ok(kept) => kept,
        Err(e) => {
            eprintln!(
                "warning: {} was replaced whole; an update would have failed ({e})",
                output.display()
            );
            return;
        }
    };
    for n in kept
        .notices
        .iter()
        .filter(|n| n.kind == NoticeKind::Warning)
    {
        eprint!("{}", report::notice(n));
    }
    if kept.text != rendered.text {
        eprintln!(
            "warning: {} had parts written by hand (text outside cardgen's markers, or \
             front-matter entries of your own); they were replaced (use --update to keep them)",
            output.display()
        );
    }
}

/// Keep the artifacts' facts beside train.toml, for renders and checks without the folder.
fn write_lock(meta: &Path, rendered: &Rendered) -> u8 {
    let Some(text) = &rendered.lock else {
        return exit::OK;
    };
    let path = lock::path_for(meta);
    let old = std::fs::read_to_string(&path).ok();
    if old.as_deref() == Some(text.as_str()) {
        return exit::OK;
    }
    if let Err(e) = write::atomic_write(&path, text.as_bytes()) {
        return fail(format!(
            "cannot write {}: {}",
            path.display(),
            cardgen::files::describe_io(&e)
        ));
    }
    let verb = if old.is_some() { "Updated" } else { "Wrote" };
    eprintln!(
        "{verb} {} (the artifacts' facts, for renders and checks without them: commit it)",
        path.display()
    );
    exit::OK
}

/// The card on disk, `None` when there is none yet.
fn read_existing(path: &Path) -> Result<Option<String>, u8> {
    match std::fs::read(path) {
        Ok(bytes) => String::from_utf8(bytes).map(Some).map_err(|_| {
            fail(format!(
                "{} is not UTF-8 text; cardgen will not touch it",
                path.display()
            ))
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(fail(format!(
            "cannot read {}: {}",
            path.display(),
            cardgen::files::describe_io(&e)
        ))),
    }
}

fn fail(message: String) -> u8 {
    super::error(message);
    exit::USAGE
}
