//! Shared by the tests that drive Python tools from the project's venv (`target/venv`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The cargo target directory this test was built in (shared, so release builds are reused).
pub fn target_dir() -> PathBuf {
    let exe = Path::new(env!("CARGO_BIN_EXE_cardgen"));
    exe.parent().and_then(Path::parent).unwrap().to_path_buf()
}

/// Variables cargo sets for this test process. A nested cargo must not see them: build scripts
/// track some (ring's tracks CARGO_MANIFEST_DIR), and a changed value rebuilds the whole tree that
/// `maturin build` or `cargo install` in a shell would otherwise reuse.
pub fn without_test_cargo_env(cmd: &mut Command) -> &mut Command {
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy();
        let set_by_cargo_test = [
            "CARGO_MANIFEST_",
            "CARGO_PKG_",
            "CARGO_CRATE_",
            "CARGO_BIN_",
        ]
        .iter()
        .any(|p| name.starts_with(p))
            || ["CARGO_PRIMARY_PACKAGE", "CARGO_TARGET_TMPDIR"].contains(&name.as_ref());
        if set_by_cargo_test {
            cmd.env_remove(name.as_ref());
        }
    }
    cmd
}

/// `target/venv/bin/NAME`, or `None` when the tools are not installed and the test should be
/// skipped. With `CI=true` a missing tool fails the test: CI must run it.
pub fn venv_tool(name: &str) -> Option<PathBuf> {
    let path = root().join("target/venv/bin").join(name);
    if path.is_file() {
        return Some(path);
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!(
            "{} is missing (CI=true): run scripts/setup-python",
            path.display()
        );
    }
    eprintln!(
        "skipped: run scripts/setup-python ({} is missing)",
        path.display()
    );
    None
}

/// Run `cmd`; return whether it succeeded and its stdout + stderr.
pub fn run(cmd: &mut Command) -> (bool, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&stdout),
        String::from_utf8_lossy(&stderr)
    );
    (status.success(), text)
}

/// Run `cmd` and panic with its output unless it succeeds.
pub fn run_ok(cmd: &mut Command) -> String {
    let (ok, text) = run(cmd);
    assert!(ok, "{cmd:?} failed:\n{text}");
    text
}
