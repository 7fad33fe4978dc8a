//! `cardgen lint --fix` and `--diff`: apply the safe fixes (atomically) or print them as a
//! unified diff. The fixing itself is `cardgen::fix`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use cardgen::config::Config;
use cardgen::files::{self, InputError};
use cardgen::fix::{self, FixedCard};
use cardgen::write::atomic_write;
use rayon::prelude::*;

use crate::args::{Format, LintArgs};
use crate::exit;

/// What `lint` does after the fixing step.
pub enum Next {
    /// `--diff`: done, with this exit code.
    Exit(u8),
    /// `--fix`: lint the (fixed) cards as usual; these files could not be fixed.
    Lint(Vec<InputError>),
}

/// `cards` come with the configuration that applies to each. Errors are returned, not printed.
pub fn run(
    args: &LintArgs,
    cards: &[(PathBuf, Arc<Config>)],
    remote: &[PathBuf],
    pool: &rayon::ThreadPool,
) -> Next {
    // Messages about fixes go to stderr when stdout is for a machine.
    let to_stdout = args.format == Format::Human && !args.diff;
    let mut errors: Vec<InputError> = remote
        .iter()
        .map(|p| InputError {
            path: p.clone(),
            message: "cards on the Hub cannot be fixed in place; `cardgen pull` the card and fix \
                      the local copy"
                .into(),
        })
        .collect();
    let mut changed = 0usize;
    let results: Vec<_> = pool.install(|| {
        cards
            .par_iter()
            .map(|(path, config)| (path, fix_one(path, config)))
            .collect()
    });
    for (path, result) in results {
        let outcome = result.and_then(|(before, fixed)| {
            if !fixed.changed() {
                return Ok(None);
            }
            changed += 1;
            if args.diff {
                let shown = path.display().to_string();
                let name = shown.trim_start_matches('/');
                Ok(Some(fix::unified_diff(
                    name,
                    &lossy(&before),
                    &lossy(&fixed.bytes),
                )))
            } else {
                write(path, &fixed.bytes)?;
                Ok(Some(report(path, &before, &fixed)))
            }
        });
        match outcome {
            Ok(Some(text)) if to_stdout || args.diff => {
                if super::print(&text).is_err() {
                    return Next::Exit(exit::USAGE);
                }
            }
            Ok(Some(text)) => eprint!("{text}"),
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
    }
    if !args.diff {
        return Next::Lint(errors);
    }
    errors.iter().for_each(super::error);
    Next::Exit(if !errors.is_empty() {
        exit::USAGE
    } else if changed > 0 {
        exit::FINDINGS
    } else {
        exit::OK
    })
}

/// Read and fix one card; returns the bytes before and the result.
fn fix_one(path: &Path, config: &Config) -> Result<(Vec<u8>, FixedCard), InputError> {
    let fail = |message: String| InputError {
        path: path.to_path_buf(),
        message,
    };
    let limit = config.limits.max_card_size;
    let before = files::read_card(path, limit)
        .map_err(|e| fail(format!("cannot read: {}", files::describe_io(&e))))?;
    if before.len() > limit {
        return Err(fail(format!(
            "not fixed: the card is larger than the {} MiB card size limit",
            limit >> 20
        )));
    }
    // A panic is a bug in cardgen: this card stays as it was, the others are still fixed.
    let fixed = std::panic::catch_unwind(|| fix::fix_bytes(&before, config)).map_err(|_| {
        fail(
            "internal error while fixing this file (a bug in cardgen; it was left as it was)"
                .into(),
        )
    })?;
    Ok((before, fixed))
}

/// Replace the card atomically; a read-only card is refused, not replaced. A symbolic link is
/// followed: the file it points to is replaced, the link stays.
fn write(path: &Path, bytes: &[u8]) -> Result<(), InputError> {
    let fail = |message: String| InputError {
        path: path.to_path_buf(),
        message,
    };
    let io = |e: std::io::Error| fail(format!("cannot write: {}", files::describe_io(&e)));
    let target = std::fs::canonicalize(path).map_err(io)?;
    let meta = std::fs::metadata(&target).map_err(io)?;
    if meta.permissions().readonly() {
        return Err(fail(
            "cannot write the fixes: the file is read-only (left unchanged)".into(),
        ));
    }
    atomic_write(&target, bytes).map(|_| ()).map_err(|e| {
        fail(format!(
            "cannot write the fixes: {}",
            files::describe_io(&e)
        ))
    })
}

/// "Fixed 2 problems in README.md" and one line per fix.
fn report(path: &Path, before: &[u8], fixed: &FixedCard) -> String {
    let n = fixed.applied.len();
    let mut out = format!(
        "Fixed {n} problem{} in {}\n",
        if n == 1 { "" } else { "s" },
        path.display()
    );
    let text = before.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(before);
    let mut applied: Vec<_> = fixed.applied.iter().collect();
    applied.sort_by_key(|a| a.span.start);
    for a in applied {
        let line = 1 + text[..a.span.start.min(text.len())]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        out.push_str(&format!(
            "  line {line}: {} {}: {}\n",
            a.code, a.name, a.description
        ));
    }
    out
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
