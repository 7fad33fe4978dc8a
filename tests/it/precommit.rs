//! The hooks in `.pre-commit-hooks.yaml` work with the real pre-commit (from `target/venv`):
//! `pre-commit try-repo <this repository>` in a scratch git repository fails on a bad card and on a
//! stale card with cardgen's messages, and passes once both are fixed.
//!
//! Each try-repo builds cardgen with `cargo install` into a fresh pre-commit store; the builds
//! share `target/pre-commit-cargo` (unoptimised, see FAST_RELEASE), so only the cardgen crate
//! itself is recompiled. All checks run in one test, two try-repo runs in all (the `-py` hooks
//! are skipped through SKIP, so pre-commit does not install them).

use crate::support;

use std::path::Path;
use std::process::Command;

use support::{root, run, run_ok, target_dir, venv_tool, without_test_cargo_env};

const PY_HOOKS: &str = "cardgen-lint-py,cardgen-render-check-py";
/// The hooks' `cargo install` builds in release mode; the test only needs a working binary, so it
/// builds unoptimised (minutes less per install) in a target directory of its own that is kept
/// between runs, so dependencies are compiled once.
const FAST_RELEASE: [(&str, &str); 4] = [
    ("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0"),
    ("CARGO_PROFILE_RELEASE_LTO", "off"),
    ("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "256"),
    ("CARGO_PROFILE_RELEASE_INCREMENTAL", "false"),
];
const STALE_FROM: &str = "12 numeric features";
const STALE_TO: &str = "13 numeric features";

fn git(work: &Path, args: &[&str]) {
    run_ok(Command::new("git").args(args).current_dir(work));
}

fn try_repo(pre_commit: &Path, work: &Path) -> (bool, String) {
    run(without_test_cargo_env(&mut Command::new(pre_commit))
        .args([
            "try-repo",
            root().to_str().unwrap(),
            "--all-files",
            "--color",
            "never",
        ])
        .current_dir(work)
        .env("PRE_COMMIT_HOME", target_dir().join("pre-commit-home"))
        .env("CARGO_TARGET_DIR", target_dir().join("pre-commit-cargo"))
        .envs(FAST_RELEASE)
        .env("SKIP", PY_HOOKS))
}

/// The line pre-commit prints for a hook: `cardgen lint.......Passed`.
fn status_of(output: &str, hook_name: &str) -> Vec<String> {
    output
        .lines()
        .filter(|l| l.starts_with(&format!("{hook_name}.")))
        .map(|l| l.rsplit('.').next().unwrap_or("").trim().to_owned())
        .collect()
}

/// A git repo with a current generated README.md, a stale train.toml and a broken card.
fn bad_repo(work: &Path) -> String {
    git(work, &["init", "-q"]);
    let meta = std::fs::read_to_string(root().join("fixtures/train-minimal.toml")).unwrap();
    assert!(meta.contains(STALE_FROM));
    std::fs::write(work.join("train.toml"), &meta).unwrap();
    run_ok(
        Command::new(env!("CARGO_BIN_EXE_cardgen"))
            .args(["render", "--meta", "train.toml"])
            .current_dir(work),
    );
    std::fs::write(work.join("train.toml"), meta.replace(STALE_FROM, STALE_TO)).unwrap();
    std::fs::create_dir(work.join("bad")).unwrap();
    std::fs::copy(
        root().join("fixtures/cards/broken/README.md"),
        work.join("bad/README.md"),
    )
    .unwrap();
    git(work, &["add", "-A"]);
    meta
}

fn assert_bad_run(ok: bool, out: &str) {
    assert!(!ok, "try-repo passed on a broken and a stale card:\n{out}");
    assert_eq!(
        status_of(out, "cardgen lint"),
        ["Failed", "Skipped"],
        "{out}"
    );
    assert_eq!(
        status_of(out, "cardgen render --check"),
        ["Failed", "Skipped"],
        "{out}"
    );
    for expected in [
        "- hook id: cardgen-lint\n",
        "CG004 yaml-syntax",
        "bad/README.md",
        "- hook id: cardgen-render-check\n",
        "README.md is out of date",
    ] {
        assert!(out.contains(expected), "no {expected:?} in:\n{out}");
    }
    let diff_line = |l: &str| l.starts_with('+') && l.contains(STALE_TO);
    assert!(out.lines().any(diff_line), "no diff line in:\n{out}");
}

#[test]
fn hooks_fail_on_bad_and_stale_cards_and_pass_on_good_ones() {
    let Some(pre_commit) = venv_tool("pre-commit") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path();
    let meta = bad_repo(work);
    let (ok, out) = try_repo(&pre_commit, work);
    assert_bad_run(ok, &out);

    std::fs::write(work.join("train.toml"), meta).unwrap();
    std::fs::remove_file(work.join("bad/README.md")).unwrap();
    git(work, &["add", "-A"]);
    let (ok, out) = try_repo(&pre_commit, work);
    assert!(ok, "try-repo failed on a good, current card:\n{out}");
    assert_eq!(
        status_of(&out, "cardgen lint"),
        ["Passed", "Skipped"],
        "{out}"
    );
    assert_eq!(
        status_of(&out, "cardgen render --check"),
        ["Passed", "Skipped"],
        "{out}"
    );
}

/// pre-commit accepts the manifest; no hook pins a toolchain (that makes pre-commit download one
/// with rustup); every `-py` hook is its rust twin installed with pip.
#[test]
fn manifest_is_valid_and_py_hooks_mirror_the_rust_ones() {
    let Some(pre_commit) = venv_tool("pre-commit") else {
        return;
    };
    let manifest = root().join(".pre-commit-hooks.yaml");
    run_ok(
        Command::new(&pre_commit)
            .arg("validate-manifest")
            .arg(&manifest),
    );
    let text = std::fs::read_to_string(&manifest).unwrap();
    assert!(!text.contains("language_version:"), "{text}");
    let hooks: Vec<&str> = text.split("\n- id: ").skip(1).collect();
    assert_eq!(hooks.len(), 4, "{text}");
    for rust in hooks.iter().filter(|h| h.contains("language: rust")) {
        let id = rust.lines().next().unwrap();
        let twin = hooks
            .iter()
            .find(|h| h.starts_with(&format!("{id}-py\n")))
            .unwrap_or_else(|| panic!("no {id}-py hook"));
        let body = |h: &str| -> Vec<String> {
            h.lines()
                .filter(|l| {
                    ["entry:", "files:", "pass_filenames:"]
                        .iter()
                        .any(|k| l.trim_start().starts_with(k))
                })
                .map(str::to_owned)
                .collect()
        };
        assert_eq!(body(rust), body(twin), "{id} vs {id}-py");
        assert!(twin.contains("language: python"), "{twin}");
    }
}
