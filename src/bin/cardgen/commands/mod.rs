//! One module per subcommand; each returns the process exit code.

mod explain;
mod fix;
mod hub;
mod init;
mod lint;
mod pull;
mod push;
mod push_report;
mod render;
mod render_report;
mod rules;
mod schema;
mod shell;

use std::io::{self, Write};

use crate::args::{Cli, Command};
pub use crate::setup::{error, resolver};

pub fn run(cli: Cli) -> u8 {
    match cli.command {
        Command::Lint(args) => lint::run(args),
        Command::Explain { rule } => explain::run(&rule),
        Command::Rules { format } => rules::run(format),
        Command::Push(args) => push::run(args),
        Command::Pull(args) => pull::run(args),
        Command::Render(args) => render::run(args),
        Command::Init(args) => init::run(args),
        Command::Schema { which } => schema::run(which),
        Command::Server(args) => crate::server::run(args),
        Command::Completions { shell } => shell::completions(shell),
        Command::Man { out_dir } => shell::man(out_dir.as_deref()),
    }
}

/// Standard output for a stream of reports: block-buffered into a file or a pipe (one `write`
/// per 64 KiB instead of two per card, since stdout is line-buffered), flushed after each write
/// on a terminal so that people see each card's report as it comes. A closed pipe is not an
/// error.
pub struct Out {
    buf: io::BufWriter<io::Stdout>,
    terminal: bool,
}

impl Out {
    pub fn new() -> Self {
        use std::io::IsTerminal;
        Out {
            buf: io::BufWriter::with_capacity(64 * 1024, io::stdout()),
            terminal: io::stdout().is_terminal(),
        }
    }

    pub fn print(&mut self, text: &str) -> io::Result<()> {
        self.print_parts(&[text])
    }

    /// Print what `write` writes, as one piece.
    pub fn write_with(
        &mut self,
        write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let written = write(&mut self.buf);
        let result = if self.terminal {
            written.and_then(|()| self.buf.flush())
        } else {
            written
        };
        ignore_broken_pipe(result)
    }

    /// [`Out::print`] the pieces one after another, as one piece.
    pub fn print_parts(&mut self, parts: &[&str]) -> io::Result<()> {
        self.write_with(|w| {
            parts
                .iter()
                .try_for_each(|part| w.write_all(part.as_bytes()))
        })
    }

    /// Write out what is buffered (before writing to stderr, and at the end).
    pub fn flush(&mut self) -> io::Result<()> {
        ignore_broken_pipe(self.buf.flush())
    }
}

fn ignore_broken_pipe(result: io::Result<()>) -> io::Result<()> {
    match result {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Write to stdout; a closed pipe (`cardgen rules | head`) is not an error.
pub fn print(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    ignore_broken_pipe(out.write_all(text.as_bytes()).and_then(|()| out.flush()))
}

/// Say where the bytes went when the target was a symbolic link.
pub fn note_symlink(target: &std::path::Path, written: &cardgen::write::Written) {
    if written.via_symlink {
        eprintln!(
            "note: {} is a symbolic link; wrote the file it points to, {}",
            target.display(),
            written.path.display()
        );
    }
}
