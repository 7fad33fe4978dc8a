//! Test support: the fake Hub and running the `cardgen` binary against it.
#![allow(dead_code)]

pub mod fakehub;
pub mod routes;
pub mod server;

use std::path::PathBuf;
use std::process::Command;

pub use fakehub::{FakeHub, FaultKind, TOKEN};

/// A sample card that passes lint.
pub const CARD: &str = "---\nlicense: mit\nlanguage:\n- en\ntags:\n- text-classification\n---\n\n# My model\n\nA small model.\n\n## How to use\n\nLoad it with `transformers`.\n\n## Limitations\n\nEnglish only.\n";

/// A scratch directory with a HOME, an HF_HOME and a card.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("home")).unwrap();
        std::fs::create_dir_all(dir.path().join("hf_home")).unwrap();
        std::fs::write(dir.path().join("README.md"), CARD).unwrap();
        Sandbox { dir }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    /// `cardgen` with a clean environment: only PATH, HOME, HF_HOME, HF_ENDPOINT, no proxies
    /// (NO_PROXY for loopback besides), fast retries; run in the sandbox.
    pub fn cardgen(&self, endpoint: &str) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_cardgen"));
        cmd.env_clear()
            .current_dir(self.dir.path())
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.path("home"))
            .env("HF_HOME", self.path("hf_home"))
            .env("HF_ENDPOINT", endpoint)
            .env("NO_PROXY", "127.0.0.1,localhost")
            .env("NO_COLOR", "1");
        cmd
    }

    /// Save the valid token where `hf auth login` would ($HF_HOME/token).
    pub fn save_login(&self) {
        std::fs::write(self.path("hf_home").join("token"), format!("{TOKEN}\n")).unwrap();
    }

    /// The same with `HF_TOKEN` set to the valid token.
    pub fn cardgen_with_token(&self, endpoint: &str) -> Command {
        let mut cmd = self.cardgen(endpoint);
        cmd.env("HF_TOKEN", TOKEN);
        cmd
    }
}

/// What a run printed.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", self.stdout))
    }
}

/// Run and check the one rule every run must keep: the token is never printed.
pub fn run(cmd: &mut Command, args: &[&str]) -> Run {
    let out = cmd.args(args).output().expect("cardgen runs");
    let run = Run {
        code: out.status.code().expect("exited"),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(
        !run.stdout.contains(TOKEN) && !run.stderr.contains(TOKEN),
        "token printed:\n{run:?}"
    );
    assert!(!run.stderr.contains("panicked"), "{run:?}");
    run
}
