//! Every card of the shared corpus of real Hub model cards, linted through the binary: no
//! panics, a well-formed JSON report, exit code 0 or 1, and the reading verdicts the corpus
//! MANIFEST records (computed with the Hub's front-matter regex and PyYAML) show up as findings.

use crate::interop;

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use interop::{corpus_dir, manifest};

/// Lint a batch of files through the binary; return code → findings per path.
fn lint(dir: &Path, paths: &[&str]) -> HashMap<String, Vec<String>> {
    let out = Command::new(env!("CARGO_BIN_EXE_cardgen"))
        .current_dir(dir)
        .args(["lint", "--format", "json"])
        .args(paths)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "cardgen panicked:\n{stderr}");
    let code = out.status.code().expect("cardgen was killed by a signal");
    assert!(code == 0 || code == 1, "exit code {code}:\n{stderr}");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(doc["files"].as_array().unwrap().len(), paths.len());
    doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let names = f["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["name"].as_str().unwrap().to_owned())
                .collect();
            (f["path"].as_str().unwrap().to_owned(), names)
        })
        .collect()
}

/// Run cardgen in `dir` on `args`; its standard output, after checking it exited 0 or 1.
fn run_in(dir: &Path, args: &[&str]) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_cardgen"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{out:?}");
    out.stdout
}

/// The paths of a JSON report's files, in its order.
fn listed_paths(report: &[u8]) -> Vec<String> {
    let doc: serde_json::Value = serde_json::from_slice(report).expect("valid JSON");
    doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn every_corpus_card_lints_without_panic_and_with_hub_verdicts() {
    let dir = corpus_dir();
    let rows = manifest(&dir);
    assert!(
        rows.len() >= 2000,
        "only {} cards in the MANIFEST",
        rows.len()
    );
    let mut findings = HashMap::new();
    let paths: Vec<&str> = rows.iter().map(|r| r.path.as_str()).collect();
    for chunk in paths.chunks(500) {
        findings.extend(lint(&dir, chunk));
    }
    let mut wrong = Vec::new();
    for row in &rows {
        let names = &findings[&row.path];
        let has = |n: &str| names.iter().any(|x| x == n);
        let flag = |prefix: &str| row.flags.iter().any(|f| f.starts_with(prefix));
        let expect = |ok: bool, what: &str, wrong: &mut Vec<String>| {
            if !ok {
                wrong.push(format!("{}: expected {what}, got {names:?}", row.path));
            }
        };
        if flag("not-utf8") {
            expect(has("file-encoding"), "file-encoding", &mut wrong);
            continue;
        }
        expect(!has("file-encoding"), "no file-encoding", &mut wrong);
        if has("not-a-card") {
            // A git-lfs pointer or an error page: that finding alone, nothing about metadata.
            expect(names.len() == 1, "not-a-card alone", &mut wrong);
            continue;
        }
        let no_fm = has("front-matter-missing") || has("front-matter-unclosed");
        expect(
            no_fm != row.has_front_matter,
            "front matter as the Hub finds it",
            &mut wrong,
        );
        expect(
            has("yaml-syntax") == flag("yaml-invalid"),
            "yaml-syntax exactly when PyYAML fails",
            &mut wrong,
        );
        let nondict = row
            .flags
            .iter()
            .any(|f| f.starts_with("yaml-nondict:") && f != "yaml-nondict:NoneType");
        expect(
            has("front-matter-not-mapping") == nondict,
            "front-matter-not-mapping exactly when PyYAML gives a non-dict",
            &mut wrong,
        );
    }
    assert!(
        wrong.is_empty(),
        "{} disagreements:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// A long path list is taken out of the command line before clap parses the options
/// (`src/bin/cardgen/argv.rs`); after `--` clap parses every path itself. Both give the same
/// report, in the same order, with options before, between and after the paths.
#[test]
fn many_paths_read_the_same_around_options() {
    let dir = corpus_dir();
    let rows = manifest(&dir);
    let paths: Vec<&str> = rows.iter().take(300).map(|r| r.path.as_str()).collect();
    let run = |args: Vec<&str>| run_in(&dir, &args);
    let (a, b) = paths.split_at(150);
    let mut interleaved = vec!["lint"];
    interleaved.extend(a);
    interleaved.extend(["--format", "json", "-q"]);
    interleaved.extend(b);
    interleaved.push("--color=never");
    let mut by_clap = vec!["lint", "--format", "json", "-q", "--color=never", "--"];
    by_clap.extend(&paths);
    let fast = run(interleaved);
    assert_eq!(listed_paths(&fast), paths);
    assert_eq!(fast, run(by_clap));
}

/// `--jobs` sets how many threads lint: the report is the same, in the order given, on one
/// thread, on more threads than cores and by default (`tests/wide_dirs.rs` checks a walked
/// directory). `-j 0` is a usage error.
#[test]
fn jobs_change_the_threads_not_the_report() {
    let dir = corpus_dir();
    let rows = manifest(&dir);
    let paths: Vec<&str> = rows.iter().take(400).map(|r| r.path.as_str()).collect();
    let run = |jobs: &[&str], paths: &[&str]| {
        let mut args = vec!["lint", "--format", "json"];
        args.extend(jobs);
        args.extend(paths);
        run_in(&dir, &args)
    };
    let default = run(&[], &paths);
    assert_eq!(listed_paths(&default), paths);
    for jobs in [["-j", "1"], ["--jobs", "2"], ["-j", "7"]] {
        assert_eq!(run(&jobs, &paths), default, "{jobs:?}");
    }

    let out = Command::new(env!("CARGO_BIN_EXE_cardgen"))
        .current_dir(&dir)
        .args(["lint", "-j", "0", "cards"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--jobs"), "{stderr}");
}
