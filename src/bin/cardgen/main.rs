//! The `cardgen` command: parse arguments, call the library, print, exit.

mod args;
mod commands;
mod panic_hook;
mod report;
mod server;
mod setup;

use std::process::ExitCode;

/// See Cargo.toml for why; the library leaves the choice of allocator to its user.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit codes scripts can rely on.
pub mod exit {
    /// No error-level findings.
    pub const OK: u8 = 0;
    /// At least one error-level finding.
    pub const FINDINGS: u8 = 1;
    /// Usage, configuration or I/O error.
    pub const USAGE: u8 = 2;
}

fn main() -> ExitCode {
    panic_hook::install();
    let cli = match <args::Cli as clap::Parser>::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() {
                exit::USAGE
            } else {
                exit::OK
            };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    ExitCode::from(commands::run(cli))
}
