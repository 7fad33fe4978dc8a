//! `cardgen pull`: download README.md from the Hub and write it atomically.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use cardgen::files;
use cardgen::hub::{self, RepoId};

use super::hub as connect;
use crate::args::PullArgs;
use crate::exit;

pub fn run(args: PullArgs) -> u8 {
    match pull(&args) {
        Ok(()) => exit::OK,
        Err(message) => {
            super::error(message);
            exit::USAGE
        }
    }
}

fn pull(args: &PullArgs) -> Result<(), String> {
    let repo = RepoId::parse(&args.repo)?;
    let to_stdout = args.output.as_os_str() == "-";
    if !to_stdout && !args.force && args.output.exists() {
        return Err(exists_message(&args.output));
    }
    let client = connect::connect(args.hub.token_file.as_deref()).map_err(|e| e.to_string())?;
    let bytes = hub::fetch_card(&client, &repo, &args.revision).map_err(|e| e.to_string())?;
    if to_stdout {
        let mut out = io::stdout().lock();
        return out
            .write_all(&bytes)
            .and_then(|()| out.flush())
            .map_err(|e| format!("cannot write to stdout: {e}"));
    }
    write_atomic(&args.output, &bytes, args.force).map_err(|e| match e.kind() {
        io::ErrorKind::AlreadyExists => exists_message(&args.output),
        _ => format!(
            "{}: cannot write: {}",
            args.output.display(),
            files::describe_io(&e)
        ),
    })?;
    let line = format!(
        "Wrote {} ({} bytes) from {repo} at {}.\n",
        args.output.display(),
        bytes.len(),
        args.revision
    );
    super::print(&line).map_err(|e| e.to_string())
}

fn exists_message(path: &Path) -> String {
    format!(
        "{} already exists; pass --force to overwrite it, or -o - to print the card",
        path.display()
    )
}

/// Write `bytes` to `dest` through a temporary file in the same directory (written, synced,
/// then moved into place), so readers see the old file or the new one, never half of one.
/// Without `overwrite`, an existing `dest` is left alone (`AlreadyExists`).
pub fn write_atomic(dest: &Path, bytes: &[u8], overwrite: bool) -> io::Result<()> {
    let dir = match dest.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let (tmp, mut file) = create_temp(&dir, dest)?;
    let result = file
        .write_all(bytes)
        .and_then(|()| file.sync_all())
        .and_then(|()| place(&tmp, dest, overwrite));
    let _ = fs::remove_file(&tmp);
    result?;
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

fn create_temp(dir: &Path, dest: &Path) -> io::Result<(PathBuf, File)> {
    let name = dest
        .file_name()
        .map_or("card".into(), |n| n.to_string_lossy());
    let mut n = 0u32;
    loop {
        let tmp = dir.join(format!(".{name}.cardgen-{}-{n}.tmp", std::process::id()));
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 100 => n += 1,
            Err(e) => return Err(e),
        }
    }
}

/// Move the finished temp file into place: a rename, or without `overwrite` a hard link,
/// which fails if `dest` appeared meanwhile.
fn place(tmp: &Path, dest: &Path, overwrite: bool) -> io::Result<()> {
    if overwrite {
        return fs::rename(tmp, dest);
    }
    match fs::hard_link(tmp, dest) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(e),
        Err(_) if dest.exists() => Err(io::ErrorKind::AlreadyExists.into()),
        Err(_) => fs::rename(tmp, dest),
    }
}
