//! `cardgen pull`: download README.md from the Hub and write it atomically.

use std::io::{self, Write};
use std::path::Path;

use cardgen::files;
use cardgen::hub::{self, RepoId};
use cardgen::write;

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
    let write = if args.force {
        write::atomic_write
    } else {
        write::atomic_create
    };
    let written = write(&args.output, &bytes).map_err(|e| match e.kind() {
        io::ErrorKind::AlreadyExists => exists_message(&args.output),
        _ => format!(
            "{}: cannot write: {}",
            args.output.display(),
            files::describe_io(&e)
        ),
    })?;
    super::note_symlink(&args.output, &written);
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
