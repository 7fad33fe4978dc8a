//! Crash-safe writes, through the binary: a write that fails or is killed leaves the old card
//! intact, and what it leaves behind is never taken for a card.

use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const TRAIN_TOML: &str = "[model]\nname = \"m\"\nrepo_id = \"o/m\"\ndescription = \"d\"\n\
    usage = \"u\"\nlimitations = \"l\"\nlicense = \"mit\"\n";
const OLD: &str = "---\nlicense: mit\n---\n# Hand-written card\n\nDo not lose me.\n";

fn cardgen(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_cardgen"));
    c.current_dir(dir).env("NO_COLOR", "1").stdin(Stdio::null());
    c
}

fn output(mut c: Command) -> Output {
    let out = c.output().unwrap();
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("panicked"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("train.toml"), TRAIN_TOML).unwrap();
    fs::write(dir.path().join("README.md"), OLD).unwrap();
    dir
}

fn render_force(dir: &Path) -> Command {
    let mut c = cardgen(dir);
    c.args([
        "render",
        "--meta",
        "train.toml",
        "-o",
        "README.md",
        "--force",
    ]);
    c
}

fn names(dir: &Path) -> Vec<String> {
    let mut n: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    n.sort();
    n
}

#[test]
fn render_replaces_the_card_and_leaves_no_temp_file() {
    let dir = setup();
    let out = output(render_force(dir.path()));
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_ne!(
        fs::read_to_string(dir.path().join("README.md")).unwrap(),
        OLD
    );
    assert_eq!(names(dir.path()), ["README.md", "train.toml"]);
}

/// A directory nobody may write to: `chmod 555`, or for root (who ignores modes) the immutable
/// attribute. `None` when neither blocks a write here.
struct Locked<'a>(&'a Path, bool);

impl<'a> Locked<'a> {
    fn new(dir: &'a Path) -> Option<Self> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(dir, fs::Permissions::from_mode(0o555)).unwrap();
            if fs::write(dir.join("probe"), "x").is_err() {
                return Some(Locked(dir, false));
            }
            fs::remove_file(dir.join("probe")).unwrap();
            fs::set_permissions(dir, fs::Permissions::from_mode(0o755)).unwrap();
            let chattr = Command::new("chattr").arg("+i").arg(dir).output();
            if chattr.is_ok_and(|o| o.status.success()) {
                if fs::write(dir.join("probe"), "x").is_err() {
                    return Some(Locked(dir, true));
                }
                let _ = fs::remove_file(dir.join("probe"));
                let _ = Command::new("chattr").arg("-i").arg(dir).status();
            }
        }
        None
    }
}

impl Drop for Locked<'_> {
    fn drop(&mut self) {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            if self.1 {
                let _ = Command::new("chattr").arg("-i").arg(self.0).status();
            }
            let _ = fs::set_permissions(self.0, fs::Permissions::from_mode(0o755));
        }
    }
}

#[test]
fn a_read_only_directory_leaves_the_old_card_intact() {
    let dir = setup();
    let Some(lock) = Locked::new(dir.path()) else {
        eprintln!("skipped: neither chmod nor chattr makes a read-only directory here");
        return;
    };
    let out = output(render_force(dir.path()));
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cannot write README.md"), "{stderr}");
    drop(lock);
    assert_eq!(
        fs::read_to_string(dir.path().join("README.md")).unwrap(),
        OLD
    );
    assert_eq!(names(dir.path()), ["README.md", "train.toml"]);
}

#[cfg(unix)]
#[test]
fn killing_the_process_mid_write_leaves_the_old_card_intact() {
    let dir = setup();
    let mut c = render_force(dir.path());
    c.env("CARDGEN_TEST_PAUSE_BEFORE_RENAME", "30000")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut child = c.spawn().unwrap();
    let start = Instant::now();
    let temp = loop {
        let found = names(dir.path())
            .into_iter()
            .find(|n| n.starts_with(".README.md.cardgen-") && n.ends_with(".tmp"));
        if let Some(t) = found {
            // The pause starts once the temp file is complete and synced.
            let len = fs::metadata(dir.path().join(&t)).unwrap().len();
            if len > 0 {
                break t;
            }
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no temp file appeared"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "cardgen finished early"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert_eq!(
        fs::read_to_string(dir.path().join("README.md")).unwrap(),
        OLD
    );
    // The leftover is hidden and not named README.md: linting the directory finds one card.
    assert!(temp.starts_with('.'));
    let mut lint = cardgen(dir.path());
    lint.args(["lint", "--format", "json", "."]);
    let out = output(lint);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = json["files"].as_array().expect("files array");
    assert_eq!(files.len(), 1, "{json}");
    assert_eq!(files[0]["path"], "./README.md");
    // The next write works and leaves its own temp file nowhere.
    let out = output(render_force(dir.path()));
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        names(dir.path()),
        [temp.as_str(), "README.md", "train.toml"]
    );
}

#[cfg(unix)]
#[test]
fn writing_through_a_symlink_says_so() {
    let dir = setup();
    fs::create_dir(dir.path().join("cards")).unwrap();
    fs::rename(
        dir.path().join("README.md"),
        dir.path().join("cards/model.md"),
    )
    .unwrap();
    std::os::unix::fs::symlink("cards/model.md", dir.path().join("README.md")).unwrap();
    let out = output(render_force(dir.path()));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("is a symbolic link"), "{stderr}");
    assert!(stderr.contains("cards/model.md"), "{stderr}");
    let link = fs::symlink_metadata(dir.path().join("README.md")).unwrap();
    assert!(link.file_type().is_symlink());
    assert_ne!(
        fs::read_to_string(dir.path().join("cards/model.md")).unwrap(),
        OLD
    );
}

#[cfg(unix)]
#[test]
fn render_keeps_the_cards_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = setup();
    let card = dir.path().join("README.md");
    fs::set_permissions(&card, fs::Permissions::from_mode(0o600)).unwrap();
    let out = output(render_force(dir.path()));
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        fs::metadata(&card).unwrap().permissions().mode() & 0o777,
        0o600
    );
}
