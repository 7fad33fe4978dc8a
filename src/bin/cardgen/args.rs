//! Command-line arguments (clap derive only; no logic).

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Lint, render and publish Hugging Face model cards.
///
/// A model card is the README.md of a model repository: YAML front matter (license, base_model,
/// datasets, tags, model-index, …) followed by Markdown. cardgen reads it exactly as the Hub does
/// and tells you what the Hub would reject and what readers will miss, before you push.
#[derive(Debug, Parser)]
#[command(name = "cardgen", version, propagate_version = true)]
#[command(
    after_help = "Exit codes: 0 no error-level findings, 1 error-level findings, 2 usage, config or I/O error.\n\nRun `cardgen rules` for the list of checks and `cardgen explain CODE` for one of them."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check model cards for metadata errors, YAML problems and missing sections.
    ///
    /// Each PATH is a card file or a directory; directories are searched for README.md files,
    /// skipping what .gitignore and .ignore exclude and hidden directories.
    #[command(
        after_help = "Examples:\n  cardgen lint README.md\n  cardgen lint models/\n  cardgen lint --format json a/README.md b/README.md\n\nExit codes: 0 no error-level findings, 1 error-level findings, 2 usage, config or I/O error."
    )]
    Lint(LintArgs),
    /// Explain what a rule checks, why, and how to fix it.
    #[command(after_help = "Examples:\n  cardgen explain CG004\n  cardgen explain yaml-syntax")]
    Explain {
        /// Rule code (CG004) or name (yaml-syntax).
        rule: String,
    },
    /// Render README.md from train.toml and training artifacts.
    ///
    /// Metadata comes from train.toml (`cardgen init` writes a commented one) and, with --from or
    /// `[training] artifacts`, from what trainers leave in an output folder (adapter_config.json,
    /// trainer_state.json, config.json, *_results.json, training_args.json).
    #[command(
        after_help = "Examples:\n  cardgen render --meta train.toml\n  cardgen render --meta train.toml -o -\n  cardgen render --meta train.toml --from outputs/checkpoint-500\n  cardgen render --meta train.toml --update\n  cardgen render --meta train.toml --check\n\nExit codes: 0 written (or up to date), 1 --check found the card out of date or the card fails lint, 2 usage, train.toml, artifact or I/O error."
    )]
    Render(RenderArgs),
    /// Write a commented train.toml to start from.
    Init(InitArgs),
    /// List every rule with its code, name and default severity.
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = RulesFormat::Human)]
        format: RulesFormat,
    },
}

#[derive(Debug, clap::Args)]
pub struct LintArgs {
    /// Card files or directories to lint [default: README.md in the current directory].
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// How to print findings.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Print nothing for files without findings, and no summary line.
    #[arg(long, short)]
    pub quiet: bool,

    /// Colour in human output: auto (on a terminal, unless NO_COLOR is set), always or never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    /// The training metadata file.
    #[arg(long, value_name = "FILE", default_value = "train.toml")]
    pub meta: PathBuf,

    /// A training output folder to read (overrides `[training] artifacts`).
    #[arg(long, value_name = "DIR")]
    pub from: Option<PathBuf>,

    /// Where to write the card; `-` for standard output.
    #[arg(long, short, value_name = "PATH", default_value = "README.md")]
    pub output: PathBuf,

    /// A Jinja2 template file (overrides `[card] template`).
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,

    /// Re-render only what cardgen manages; keep everything written by hand.
    #[arg(long)]
    pub update: bool,

    /// Write nothing; exit 1 and print a diff when the card is out of date.
    #[arg(long)]
    pub check: bool,

    /// Replace a README.md that cardgen did not generate.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Where to write it.
    #[arg(value_name = "PATH", default_value = "train.toml")]
    pub path: PathBuf,

    /// Replace an existing file.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Annotated source snippets for people.
    Human,
    /// One line per finding: `path:line:col: CODE severity: message`.
    Brief,
    /// One JSON document with every file and finding (see README).
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Human,
    Json,
    /// A Markdown table (the one in the README).
    Markdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}
