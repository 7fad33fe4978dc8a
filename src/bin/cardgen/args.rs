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

/// `defer`: each subcommand's arguments are built only when clap builds that subcommand, which
/// it does for the one on the command line (and for help, man pages and completions, which build
/// them all). Without it, every start would build all of them, most for nothing, on the path of
/// linting one small card.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum Command {
    /// Check model cards for metadata errors, YAML problems and missing sections.
    ///
    /// Each PATH is a card file or a directory; directories are searched for README.md files,
    /// skipping what .gitignore and .ignore exclude and hidden directories.
    #[command(
        after_help = "Examples:\n  cardgen lint README.md\n  cardgen lint models/\n  cardgen lint --format json a/README.md b/README.md\n  cardgen lint --profile strict -A missing-title models/\n  cardgen lint --format github --config ci/cardgen.toml .\n  cat README.md | cardgen lint - --stdin-filename models/a/README.md\n\nExit codes: 0 no error-level findings, 1 error-level findings, 2 usage, config or I/O error."
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
    /// trainer_state.json, config.json, *_results.json, training_args.json, the safetensors
    /// headers). A folder of GGUF files is a quantized release: its card is written from the
    /// files' headers (a table of the quantizations, llama.cpp / Ollama / LM Studio commands, the
    /// prompt format).
    ///
    /// Writing the card also writes train.lock.json beside train.toml: the facts read from the
    /// artifacts. Commit it; where the artifacts folder is absent (CI), render and --check use it.
    #[command(
        after_help = "Examples:\n  cardgen render --meta train.toml\n  cardgen render --meta train.toml -o -\n  cardgen render --meta train.toml --from outputs/checkpoint-500\n  cardgen render --meta train.toml --from gguf-out -o gguf-out/README.md\n  cardgen render --meta train.toml --update\n  cardgen render --meta train.toml --check\n\nExit codes: 0 written (or up to date), 1 --check found the card out of date or the card fails lint, 2 usage, train.toml, artifact or I/O error."
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
    /// Upload a card (README.md only) to a model repository on the Hugging Face Hub.
    ///
    /// The card is linted first and error-level findings stop the push. The Hub validates the
    /// metadata, and nothing is committed when the Hub already has the same README.md.
    #[command(after_help = PUSH_HELP)]
    Push(PushArgs),
    /// Download a model repository's README.md from the Hugging Face Hub.
    #[command(
        after_help = "Examples:\n  cardgen pull alice/my-model\n  cardgen pull alice/my-model --revision v1.0 -o card.md\n  cardgen pull gpt2 -o -\n\nToken (for private or gated repos) and HF_ENDPOINT: as for `cardgen push`."
    )]
    Pull(PullArgs),
    /// Print a JSON Schema: card metadata, train.toml or the cardgen.toml configuration.
    #[command(
        after_help = "Examples:\n  cardgen schema > modelcard.schema.json\n  cardgen schema train\n  cardgen schema config"
    )]
    Schema {
        /// Which schema to print.
        #[arg(value_enum, default_value_t = SchemaKind::Metadata)]
        which: SchemaKind,
    },
    /// Run a language server for editors (LSP over standard input and output).
    ///
    /// Editors start `cardgen server` and talk to it over stdin/stdout. It lints each open
    /// model card as you type, with the configuration `cardgen lint` would use for that file
    /// (reloaded when a cardgen.toml, .cardgen.toml or pyproject.toml changes), and offers
    /// quick fixes (every `--fix` fix, and "disable this rule on this line"), completion of
    /// front-matter keys and of license, pipeline_tag, library_name and language values, and
    /// hover help for keys and findings. Markdown files that are not model cards (no front
    /// matter, no cardgen configuration above them, not a README.md beside model files) get no
    /// findings.
    #[command(after_help = SERVER_HELP)]
    Server(ServerArgs),
    /// Print a shell completion script.
    #[command(after_help = COMPLETIONS_HELP)]
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the cardgen(1) man page (roff), or write one page per subcommand.
    #[command(
        after_help = "Examples:\n  cardgen man | man -l -\n  cardgen man --out-dir /usr/local/share/man/man1"
    )]
    Man {
        /// Write cardgen.1 and cardgen-SUBCOMMAND.1 into this directory instead of printing.
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
    },
}

const COMPLETIONS_HELP: &str = "Examples:
  cardgen completions bash > ~/.local/share/bash-completion/completions/cardgen
  cardgen completions zsh > ~/.zfunc/_cardgen
  cardgen completions fish > ~/.config/fish/completions/cardgen.fish";

const SERVER_HELP: &str = "Examples:
  cardgen server                      # what an editor runs
  cardgen server --profile strict     # every section of a complete card, in every card
  cardgen server -A missing-title     # configuration options as for `cardgen lint`

Editor set-up (Neovim, Helix, Zed, VS Code): see the README, \"Editors\".

Exit codes: 0 after the client's shutdown and exit, 1 when the client exits (or closes the
input) without shutdown, 2 bad options (an unknown rule, a --config file that cannot be read).";

const PUSH_HELP: &str = "Examples:
  cardgen push --repo alice/my-model
  cardgen push models/x/README.md --repo my-org/x --create-pr --message \"Update card\"
  cardgen push --repo alice/new-model --create-repo --private
  cardgen push --repo alice/my-model --revision dev --dry-run

Token: --token-file, else HF_TOKEN, else the file at HF_TOKEN_PATH, $HF_HOME/token,
$XDG_CACHE_HOME/huggingface/token or ~/.cache/huggingface/token (as `hf auth login` saves it).
HF_ENDPOINT overrides https://huggingface.co.

Exit codes: 0 pushed or already up to date, 1 the card has error-level findings or the Hub
rejected its metadata, 2 any other error.";

#[derive(Debug, clap::Args)]
pub struct PushArgs {
    /// The card to upload.
    #[arg(value_name = "FILE", default_value = "README.md")]
    pub file: PathBuf,

    /// The model repository: OWNER/NAME (a user or an organisation).
    #[arg(long, value_name = "OWNER/NAME")]
    pub repo: String,

    /// Branch to commit to (or to open the pull request against).
    #[arg(long, value_name = "REV", default_value = "main")]
    pub revision: String,

    /// Open a pull request instead of committing to the branch.
    #[arg(long)]
    pub create_pr: bool,

    /// Fail (412) unless the branch is still at this commit; with --create-pr, branch from it.
    #[arg(long, value_name = "OID")]
    pub parent_commit: Option<String>,

    /// Commit title [default: "Update README.md with cardgen"].
    #[arg(long, short, value_name = "TEXT")]
    pub message: Option<String>,

    /// Commit description (the pull request's text with --create-pr).
    #[arg(long, value_name = "TEXT", default_value = "")]
    pub description: String,

    /// Create the repository first if it does not exist.
    #[arg(long)]
    pub create_repo: bool,

    /// Make a repository created by --create-repo private.
    #[arg(long, requires = "create_repo")]
    pub private: bool,

    /// Lint and show the requests that would be sent, without sending any.
    #[arg(long)]
    pub dry_run: bool,

    /// Push even if the card has error-level findings (the Hub still validates it).
    #[arg(long)]
    pub no_lint: bool,

    #[command(flatten)]
    pub hub: HubArgs,

    /// How to print the result.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,

    #[command(flatten)]
    pub config: ConfigArgs,
}

#[derive(Debug, clap::Args)]
pub struct ServerArgs {
    #[command(flatten)]
    pub config: ConfigArgs,
}

#[derive(Debug, clap::Args)]
pub struct PullArgs {
    /// The model repository: OWNER/NAME (or NAME for older top-level models).
    #[arg(value_name = "REPO")]
    pub repo: String,

    /// Branch, tag or commit to read.
    #[arg(long, value_name = "REV", default_value = "main")]
    pub revision: String,

    /// Where to write the card; `-` for stdout.
    #[arg(long, short, value_name = "FILE", default_value = "README.md")]
    pub output: PathBuf,

    /// Overwrite the output file if it exists.
    #[arg(long)]
    pub force: bool,

    #[command(flatten)]
    pub hub: HubArgs,
}

#[derive(Debug, clap::Args)]
pub struct HubArgs {
    /// Read the Hub token from this file instead of HF_TOKEN or the saved login.
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Human,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct LintArgs {
    /// Card files or directories to lint, hf://OWNER/NAME[@REV] to lint a card on the Hub, or
    /// `-` to read one card from standard input [default: README.md in the current directory].
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// The path to show for the card read from `-`; its directory is where the configuration
    /// is looked for.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,

    /// How to print findings.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Print nothing for files without findings, and no summary line.
    #[arg(long, short)]
    pub quiet: bool,

    /// Colour in human output: auto (on a terminal, unless NO_COLOR is set), always or never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Fix what can be fixed without changing what the card means (license, library and task
    /// case, misspelt keys, repeated tags, single values where a list is required), then report
    /// what is left. Files are replaced atomically.
    #[arg(long)]
    pub fix: bool,

    /// Print the changes --fix would make as a unified diff and write nothing. Exit code 1 if
    /// there is anything to fix.
    #[arg(long)]
    pub diff: bool,

    /// Lint on N threads [default: one per CPU this process may use]. `-j 1` lints on one
    /// thread, in the order given; the output is in the same order whatever N is.
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,

    #[command(flatten)]
    pub config: ConfigArgs,
}

// Which configuration to use, and command-line changes to it. (Not a doc comment: clap makes
// an `Args` struct's doc comment the about of the command it is flattened into, and with
// `Command`'s `defer` that comes after the subcommand's own.)
#[derive(Debug, Clone, clap::Args)]
#[command(next_help_heading = "Configuration")]
pub struct ConfigArgs {
    /// Use this configuration file (cardgen.toml, or a pyproject.toml with [tool.cardgen])
    /// instead of looking for one from each card's directory upwards.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,

    /// Ignore configuration files: built-in defaults and the command line only.
    #[arg(long)]
    pub isolated: bool,

    /// The required sections and metadata keys to start from [default: the file's `profile`,
    /// else hub].
    #[arg(long, value_enum, value_name = "PROFILE")]
    pub profile: Option<ProfileArg>,

    /// Make a rule (code or name) a warning. Repeatable; applied after the configuration file.
    #[arg(short = 'W', long = "warn", value_name = "RULE")]
    pub warn: Vec<String>,

    /// Make a rule an error (deny). Repeatable; applied after -W, so it wins.
    #[arg(short = 'D', long = "deny", value_name = "RULE")]
    pub deny: Vec<String>,

    /// Turn a rule off (allow). Repeatable; applied first, so -W or -D on the same rule wins.
    #[arg(short = 'A', long = "allow", value_name = "RULE")]
    pub allow: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProfileArg {
    /// What the Hub and readers need: usage and limitations (the default).
    Hub,
    /// Every section of a complete card: description, intended use, training data, training
    /// procedure, evaluation, limitations, usage, citation.
    Strict,
    /// The EU AI Act's technical documentation for general-purpose AI models (Art. 53, Annexes
    /// XI and XII).
    EuAiAct,
}

#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    /// The training metadata file.
    #[arg(long, value_name = "FILE", default_value = "train.toml")]
    pub meta: PathBuf,

    /// A training output folder, or a folder of GGUF files, to read (overrides `[training]
    /// artifacts`).
    #[arg(long, value_name = "DIR")]
    pub from: Option<PathBuf>,

    /// Where to write the card; `-` for standard output.
    #[arg(long, short, value_name = "PATH", default_value = "README.md")]
    pub output: PathBuf,

    /// A Jinja2 template file (overrides `[card] template`).
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,

    /// Re-render only what cardgen manages; keep text written outside its markers and list
    /// entries added by hand, and name each hand edit it replaces.
    #[arg(long)]
    pub update: bool,

    /// Write nothing; exit 1, print a diff and the command that fixes it when the card (or
    /// train.lock.json) is out of date.
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
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=…`): annotations on the pull request.
    Github,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Human,
    Json,
    /// A Markdown table (the one in the README).
    Markdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// The model-card front matter (schemas/modelcard.schema.json).
    Metadata,
    /// train.toml, the input of `cardgen render` (schemas/train.schema.json).
    Train,
    /// cardgen.toml, .cardgen.toml or [tool.cardgen] (schemas/cardgen.schema.json).
    Config,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}
