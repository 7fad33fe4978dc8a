//! Parse the command line, taking the paths of `cardgen lint` out of it first.
//!
//! clap stores each positional value twice (the raw string and the parsed value behind an
//! `Arc`) and looks at each one as a possible option, subcommand or value of the one before:
//! about 1,800 instructions and three allocations per path, 0.8 ms of a 27 ms lint of 2,009
//! files on two cores, all before any card is read. So before clap runs, the plain words after
//! `lint` (not starting with `-`, not the value of an option before them) are moved into the
//! path list as they are, and clap parses what is left: the options, and everything from the
//! first word this cannot be sure about (`--`, an option it does not know, an option with an
//! optional or attached-only value). What it cannot be sure about is left to clap, so clap
//! still reports every error, prints help and version, and parses options the same way; the
//! paths keep their order (the ones taken out all come before the ones clap parses). The
//! pre-pass reads the options off `lint`'s arguments, built on their own ([`lint_command`]).

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Arg, Args, CommandFactory, FromArgMatches};

use crate::args::{Cli, Command, LintArgs};

/// The subcommand whose positional words are paths.
const LINT: &str = "lint";

/// Below this many words after `lint`, clap parses them all: the pre-pass builds `lint`'s
/// arguments a second time and looks at each word twice, which pays from about 15 paths on.
const MIN_WORDS: usize = 16;

/// [`clap::Parser::try_parse`], faster for `cardgen lint` with many paths.
pub fn parse() -> Result<Cli, clap::Error> {
    parse_from(std::env::args_os().collect(), MIN_WORDS)
}

/// [`parse`], taking the paths out first when `lint` has at least `min_words` words after it.
fn parse_from(mut argv: Vec<OsString>, min_words: usize) -> Result<Cli, clap::Error> {
    let mut cmd = Cli::command();
    let lint_words = match argv.get(1) {
        Some(sub) if sub == LINT => argv.len() - 2,
        _ => 0,
    };
    let taken = if lint_words >= min_words.max(1) {
        take_paths(&lint_command(), &mut argv)
    } else {
        Taken::default()
    };
    if taken.paths.is_empty() {
        return clap_parse(&mut cmd, argv);
    }
    let mut cli = match clap_parse(&mut cmd, argv.clone()) {
        Ok(cli) => cli,
        // An error (or help) as clap words it for the whole command line: its usage line
        // shows the paths given.
        Err(_) => return clap_parse(&mut Cli::command(), taken.put_back(argv)),
    };
    if let Command::Lint(lint) = &mut cli.command {
        let rest = std::mem::replace(&mut lint.paths, taken.paths);
        lint.paths.extend(rest);
    }
    Ok(cli)
}

/// `lint`'s arguments, built as clap builds them to parse (with the `--version` that
/// `propagate_version` gives it). Not through [`Cli`]: building the whole command would build
/// every subcommand's arguments, which `Command` defers.
fn lint_command() -> clap::Command {
    let lint = clap::Command::new(LINT).version(env!("CARGO_PKG_VERSION"));
    let mut lint = LintArgs::augment_args(lint);
    lint.build();
    lint
}

/// What [`clap::Parser::try_parse_from`] does.
fn clap_parse(cmd: &mut clap::Command, argv: Vec<OsString>) -> Result<Cli, clap::Error> {
    let mut matches = cmd.try_get_matches_from_mut(argv)?;
    Cli::from_arg_matches_mut(&mut matches).map_err(|e| e.format(&mut Cli::command()))
}

/// The paths taken out of the command line, and where each one was.
#[derive(Default)]
struct Taken {
    paths: Vec<PathBuf>,
    at: Vec<usize>,
}

impl Taken {
    /// The whole command line again, from what was left of it.
    fn put_back(self, left: Vec<OsString>) -> Vec<OsString> {
        let total = left.len() + self.paths.len();
        let mut left = left.into_iter();
        let mut paths = self.paths.into_iter().zip(self.at).peekable();
        (0..total)
            .filter_map(|i| match paths.next_if(|(_, at)| *at == i) {
                Some((path, _)) => Some(path.into_os_string()),
                None => left.next(),
            })
            .collect()
    }
}

/// Move the plain words after `cardgen lint` (`argv[2..]`; `lint` built) out of `argv`, in
/// order, as paths. Nothing is taken unless its path argument is a plain list.
fn take_paths(lint: &clap::Command, argv: &mut Vec<OsString>) -> Taken {
    let mut taken = Taken::default();
    if !plain_positional(lint) {
        return taken;
    }
    let mut kept = Vec::with_capacity(argv.len());
    let mut words = std::mem::take(argv).into_iter().enumerate();
    kept.extend(words.by_ref().take(2).map(|(_, w)| w));
    while let Some((i, word)) = words.next() {
        match classify(lint, word.as_encoded_bytes()) {
            Word::Path => {
                taken.paths.push(PathBuf::from(word));
                taken.at.push(i);
            }
            Word::Flag => kept.push(word),
            Word::OptionAndValue => {
                kept.push(word);
                kept.extend(words.next().map(|(_, w)| w));
            }
            Word::Unsure => {
                kept.push(word);
                kept.extend(words.map(|(_, w)| w));
                break;
            }
        }
    }
    *argv = kept;
    taken
}

/// What a word after `lint` is.
enum Word {
    /// A path: a word that does not start with `-`, or `-` (standard input).
    Path,
    /// An option complete in itself: a flag, `--name=value`, `-fVALUE`.
    Flag,
    /// An option whose value is the next word.
    OptionAndValue,
    /// Anything else: clap parses it and everything after it.
    Unsure,
}

fn classify(lint: &clap::Command, word: &[u8]) -> Word {
    match word {
        [] => Word::Unsure,
        b"-" => Word::Path,
        [b'-', b'-', rest @ ..] => long(lint, rest),
        [b'-', rest @ ..] => short(lint, rest),
        _ => Word::Path,
    }
}

/// `--name` or `--name=value` (`rest` is what follows `--`).
fn long(lint: &clap::Command, rest: &[u8]) -> Word {
    let (name, attached) = match rest.iter().position(|&b| b == b'=') {
        Some(eq) => (&rest[..eq], true),
        None => (rest, false),
    };
    let Ok(name) = std::str::from_utf8(name) else {
        return Word::Unsure;
    };
    let found = lint.get_arguments().find(|a| {
        a.get_long() == Some(name) || a.get_all_aliases().is_some_and(|v| v.contains(&name))
    });
    match found.map(value) {
        Some(Value::None) if !attached => Word::Flag,
        Some(Value::One) if attached => Word::Flag,
        Some(Value::One) => Word::OptionAndValue,
        _ => Word::Unsure,
    }
}

/// `-abc`: flags, up to one that takes a value (attached, or the next word).
fn short(lint: &clap::Command, rest: &[u8]) -> Word {
    let Ok(rest) = std::str::from_utf8(rest) else {
        return Word::Unsure;
    };
    for (i, c) in rest.char_indices() {
        let found = lint.get_arguments().find(|a| {
            a.get_short() == Some(c) || a.get_all_short_aliases().is_some_and(|v| v.contains(&c))
        });
        match found.map(value) {
            Some(Value::None) => {}
            Some(Value::One) if i + c.len_utf8() < rest.len() => return Word::Flag,
            Some(Value::One) => return Word::OptionAndValue,
            _ => return Word::Unsure,
        }
    }
    Word::Flag
}

/// How an option takes its value, as far as this fast path understands it.
enum Value {
    None,
    /// Exactly one, attached or as the next word.
    One,
    Other,
}

fn value(arg: &Arg) -> Value {
    if arg.is_positional() {
        return Value::Other;
    }
    let range = arg.get_num_args();
    match (arg.get_action().takes_values(), range) {
        (false, _) => Value::None,
        (true, Some(r))
            if r.min_values() == 1
                && r.max_values() == 1
                && !arg.is_require_equals_set()
                && !arg.is_allow_hyphen_values_set() =>
        {
            Value::One
        }
        _ => Value::Other,
    }
}

/// Whether `lint`'s only positional argument is a list of paths that clap would take word by
/// word: no delimiter to split on, no `last`, no trailing or hyphen-value tricks.
fn plain_positional(lint: &clap::Command) -> bool {
    let mut positionals = lint.get_positionals();
    let plain = positionals.next().is_some_and(|p| {
        p.get_value_delimiter().is_none()
            && !p.is_last_set()
            && !p.is_trailing_var_arg_set()
            && !p.is_allow_hyphen_values_set()
            && !p.is_allow_negative_numbers_set()
            && p.get_num_args()
                .is_some_and(|r| r.min_values() <= 1 && r.max_values() > 1)
    });
    plain && positionals.next().is_none() && !lint.has_subcommands()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What clap alone makes of `words`: the parsed command, or the error's kind and text.
    fn by_clap(words: &[&str]) -> Result<String, (clap::error::ErrorKind, String)> {
        use clap::Parser;
        Cli::try_parse_from(words)
            .map(|cli| format!("{cli:?}"))
            .map_err(|e| (e.kind(), e.render().to_string()))
    }

    /// What [`parse_from`] makes of `words`, with the paths taken out first.
    fn by_fast_path(words: &[&str]) -> Result<String, (clap::error::ErrorKind, String)> {
        parse_from(words.iter().map(OsString::from).collect(), 0)
            .map(|cli| format!("{cli:?}"))
            .map_err(|e| (e.kind(), e.render().to_string()))
    }

    #[test]
    fn lint_alone_has_the_arguments_of_lint_in_the_whole_command() {
        let mut whole = Cli::command();
        whole.build();
        let in_whole = whole.find_subcommand(LINT).unwrap();
        let alone = lint_command();
        let args = |cmd: &clap::Command| format!("{:?}", cmd.get_arguments().collect::<Vec<_>>());
        assert_eq!(args(&alone), args(in_whole));
        assert!(args(&alone).contains("stdin_filename"));
    }

    #[test]
    fn takes_the_paths_that_clap_would_parse() {
        let mut argv = [
            "cardgen", "lint", "a.md", "--format", "json", "-", "b", "-q", "c",
        ]
        .map(OsString::from)
        .to_vec();
        let cmd = {
            let mut cmd = Cli::command();
            cmd.build();
            cmd
        };
        let whole = argv.clone();
        let taken = take_paths(cmd.find_subcommand(LINT).unwrap(), &mut argv);
        assert_eq!(taken.paths, ["a.md", "-", "b", "c"].map(PathBuf::from));
        assert_eq!(taken.at, [2, 5, 6, 8]);
        assert_eq!(argv, ["cardgen", "lint", "--format", "json", "-q"]);
        assert_eq!(taken.put_back(argv), whole);
    }

    #[test]
    fn same_result_as_clap() {
        // Every sequence of up to four of these words after `cardgen lint` (and a few other
        // subcommands): options with and without values, attached values, clusters, `--`,
        // unknown options, bad values, help and version, empty words.
        let words = [
            "a.md",
            "-",
            "--format",
            "json",
            "--format=sarif",
            "-q",
            "-qW",
            "-Wmissing-title",
            "-A",
            "x",
            "--fix",
            "--",
            "--bogus",
            "--color",
            "never",
            "",
            "-h",
            "--help",
            "--version",
            "--isolated",
            "--config",
            "c.toml",
            "--stdin-filename=s.md",
            "-x",
            "--profile",
        ];
        let mut pick = crate::test_rng::numbers(7);
        for first in ["lint", "rules", "explain", "--version", "-V"] {
            for _ in 0..1500 {
                let n = pick(5);
                let mut argv = vec!["cardgen", first];
                argv.extend((0..n).map(|_| words[pick(words.len())]));
                assert_eq!(by_fast_path(&argv), by_clap(&argv), "{argv:?}");
            }
        }
    }

    #[test]
    fn many_paths_keep_their_order() {
        let names: Vec<String> = (0..500).map(|i| format!("d{}/README.md", i % 7)).collect();
        let mut argv = vec!["cardgen", "lint", "--format", "json"];
        argv.extend(names.iter().map(String::as_str));
        argv.extend(["--", "-odd.md", "last.md"]);
        assert_eq!(by_fast_path(&argv), by_clap(&argv));
    }
}
