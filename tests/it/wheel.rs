//! `pip install cardgen` works without a Rust toolchain: maturin builds a wheel that carries the
//! binary, pip installs it (offline) into a fresh virtualenv, and the installed `cardgen` runs with
//! nothing but that virtualenv on PATH. The wheel carries the tests' debug build.

use crate::support;

use std::path::{Path, PathBuf};
use std::process::Command;

use support::{root, run, run_ok, target_dir, venv_tool, without_test_cargo_env};

fn build_wheel(maturin: &Path) -> PathBuf {
    let out = target_dir().join("wheel-test/dist");
    let _ = std::fs::remove_dir_all(&out);
    run_ok(
        without_test_cargo_env(&mut Command::new(maturin))
            // The test's own debug build: what is tested is the packaging, and the dist
            // profile's whole-program optimisation would take minutes.
            .args(["build", "--profile", "dev", "--quiet", "--out"])
            .arg(&out)
            .current_dir(root())
            .env("CARGO_TARGET_DIR", target_dir()),
    );
    let wheels: Vec<PathBuf> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "whl"))
        .collect();
    assert_eq!(
        wheels.len(),
        1,
        "one wheel in {}: {wheels:?}",
        out.display()
    );
    wheels.into_iter().next().unwrap()
}

/// A fresh virtualenv with only the wheel installed (no index: nothing else is fetched).
fn install(python: &Path, wheel: &Path) -> PathBuf {
    let venv = target_dir().join("wheel-test/venv");
    let _ = std::fs::remove_dir_all(&venv);
    run_ok(Command::new(python).args(["-m", "venv"]).arg(&venv));
    run_ok(
        Command::new(venv.join("bin/pip"))
            .args([
                "install",
                "--quiet",
                "--no-index",
                "--disable-pip-version-check",
            ])
            .arg(wheel),
    );
    venv
}

/// `cardgen ARGS` from the virtualenv, with no cargo or rustc reachable.
fn installed_cardgen(venv: &Path, args: &[&str]) -> (bool, String) {
    run(Command::new(venv.join("bin/cardgen"))
        .args(args)
        .current_dir(root())
        .env_clear()
        .env("PATH", venv.join("bin"))
        .env("NO_COLOR", "1"))
}

#[test]
fn wheel_installs_into_a_fresh_venv_and_lints() {
    let (Some(maturin), Some(python)) = (venv_tool("maturin"), venv_tool("python")) else {
        return;
    };
    let wheel = build_wheel(&maturin);
    let name = wheel.file_name().unwrap().to_string_lossy().into_owned();
    let version = env!("CARGO_PKG_VERSION");
    assert!(
        name.starts_with(&format!("cardgen-{version}-py3-none-")),
        "{name}"
    );

    let venv = install(&python, &wheel);
    let (ok, out) = installed_cardgen(&venv, &["--version"]);
    assert!(ok && out == format!("cardgen {version}\n"), "{out}");

    let (ok, out) = installed_cardgen(&venv, &["lint", "fixtures/cards/good/README.md"]);
    assert!(ok, "the good card fails:\n{out}");
    let (ok, out) = installed_cardgen(&venv, &["lint", "fixtures/cards/broken/README.md"]);
    assert!(!ok && out.contains("CG004 yaml-syntax"), "{out}");
}
