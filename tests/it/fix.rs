//! `cardgen lint --fix` and `--diff` on files: bytes kept, atomic and refused writes, output
//! streams (more cases in `tests/cmd/lint-fix*.toml` and `lint-diff.toml`).

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;

const CRLF_CARD: &[u8] =
    b"---\r\n# keep me\r\nlicense: 'MIT'\r\ntags: [nlp, nlp]\r\n---\r\n# M\r\n";
const CRLF_FIXED: &[u8] = b"---\r\n# keep me\r\nlicense: 'mit'\r\ntags: [nlp]\r\n---\r\n# M\r\n";

fn cardgen(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("cardgen").unwrap();
    cmd.current_dir(dir).env("NO_COLOR", "1");
    cmd
}

#[test]
fn fix_rewrites_only_the_fixed_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let card = dir.path().join("README.md");
    fs::write(&card, CRLF_CARD).unwrap();
    cardgen(dir.path())
        .args(["lint", "--fix", "--format", "brief", "README.md"])
        .assert()
        .code(1) // the body still lacks sections
        .stderr(contains("Fixed 2 problems in README.md"))
        .stdout(contains("CG102").not())
        .stdout(contains("CG201"));
    assert_eq!(fs::read(&card).unwrap(), CRLF_FIXED);
    let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "no temporary file left behind");
}

#[cfg(unix)]
#[test]
fn fix_keeps_the_file_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let card = dir.path().join("README.md");
    fs::write(&card, CRLF_CARD).unwrap();
    fs::set_permissions(&card, fs::Permissions::from_mode(0o640)).unwrap();
    cardgen(dir.path()).args(["lint", "--fix"]).assert().code(1);
    assert_eq!(fs::read(&card).unwrap(), CRLF_FIXED);
    let mode = fs::metadata(&card).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
}

#[cfg(unix)]
#[test]
fn a_symlinked_card_is_fixed_through_the_link() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("card.md"), CRLF_CARD).unwrap();
    std::os::unix::fs::symlink("card.md", dir.path().join("README.md")).unwrap();
    cardgen(dir.path()).args(["lint", "--fix"]).assert().code(1);
    assert_eq!(fs::read(dir.path().join("card.md")).unwrap(), CRLF_FIXED);
    let link = fs::symlink_metadata(dir.path().join("README.md")).unwrap();
    assert!(link.file_type().is_symlink(), "the link is kept");
}

#[test]
fn a_read_only_card_is_an_error_and_stays_intact() {
    let dir = tempfile::tempdir().unwrap();
    let card = dir.path().join("README.md");
    fs::write(&card, CRLF_CARD).unwrap();
    let mut perms = fs::metadata(&card).unwrap().permissions();
    perms.set_readonly(true);
    fs::set_permissions(&card, perms).unwrap();
    cardgen(dir.path())
        .args(["lint", "--fix", "README.md"])
        .assert()
        .code(2)
        .stderr(contains(
            "README.md: cannot write the fixes: the file is read-only",
        ))
        // The findings of the unfixed card are still reported.
        .stdout(contains("`MIT` is not a Hub license id"));
    assert_eq!(fs::read(&card).unwrap(), CRLF_CARD);
}

#[test]
fn diff_writes_nothing_and_exits_1_only_when_there_is_something_to_fix() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.md"), CRLF_CARD).unwrap();
    fs::write(dir.path().join("b.md"), CRLF_FIXED).unwrap();
    cardgen(dir.path())
        .args(["lint", "--diff", "a.md", "b.md"])
        .assert()
        .code(1)
        .stdout(contains("--- a/a.md\n+++ b/a.md\n"))
        .stdout(contains(
            "-license: 'MIT'\r\n-tags: [nlp, nlp]\r\n+license: 'mit'\r\n",
        ))
        .stdout(contains("b/b.md").not());
    assert_eq!(fs::read(dir.path().join("a.md")).unwrap(), CRLF_CARD);
    cardgen(dir.path())
        .args(["lint", "--diff", "b.md"])
        .assert()
        .code(0)
        .stdout("");
}

#[test]
fn json_output_stays_json_with_fix() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("README.md"), CRLF_CARD).unwrap();
    let out = cardgen(dir.path())
        .args(["lint", "--fix", "--format", "json"])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let codes: Vec<&str> = doc["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(
        !codes.contains(&"CG102") && !codes.contains(&"CG114"),
        "{codes:?}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("Fixed 2 problems"));
}
