//! `cardgen completions` and `cardgen man`: generated from the clap definition in `args.rs`.

use std::path::Path;

use clap::CommandFactory;
use clap_complete::Shell;

use crate::args::Cli;
use crate::exit;

pub fn completions(shell: Shell) -> u8 {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "cardgen", &mut script);
    print_bytes(&script)
}

pub fn man(out_dir: Option<&Path>) -> u8 {
    match out_dir {
        Some(dir) => write_pages(dir),
        None => {
            let mut page = Vec::new();
            match clap_mangen::Man::new(Cli::command()).render(&mut page) {
                Ok(()) => print_bytes(&page),
                Err(e) => fail(format!("cannot render the man page: {e}")),
            }
        }
    }
}

/// cardgen.1 plus one page per subcommand (cardgen-lint.1, …).
fn write_pages(dir: &Path) -> u8 {
    if let Err(e) = std::fs::create_dir_all(dir) {
        return fail(format!("cannot create {}: {e}", dir.display()));
    }
    match clap_mangen::generate_to(Cli::command(), dir) {
        Ok(()) => {
            eprintln!("Wrote man pages to {}", dir.display());
            exit::OK
        }
        Err(e) => fail(format!("cannot write man pages to {}: {e}", dir.display())),
    }
}

fn print_bytes(bytes: &[u8]) -> u8 {
    match super::print(&String::from_utf8_lossy(bytes)) {
        Ok(()) => exit::OK,
        Err(e) => fail(format!("cannot write to standard output: {e}")),
    }
}

fn fail(message: String) -> u8 {
    super::error(message);
    exit::USAGE
}
