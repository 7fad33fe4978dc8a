//! A directory wide enough for the parallel walk and for configuration files to be looked for
//! ahead (64 entries, 64 cards: `src/files.rs`, `Resolver::probe`), through the binary: linting
//! the directory gives the report that naming its cards one by one gives (serial configuration
//! lookup, no walk), with ignored and hidden directories left out and each directory's
//! configuration file applied, whatever number of threads `--jobs` gives.

use std::fs;
use std::path::Path;
use std::process::Command;

const CARDS: usize = 70;

fn lint(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_cardgen"))
        .current_dir(dir)
        .args(["lint", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    (out.status.code(), String::from_utf8(out.stdout).unwrap())
}

#[test]
fn a_wide_tree_lints_as_its_cards_named_one_by_one() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    };
    // No usage or limitations section: CG201 twice, unless a configuration turns it off.
    let card = "---\nlicense: mit\n---\n# Model\n\nText.\n";
    let mut named = Vec::new();
    for i in 0..CARDS {
        let rel = format!("tree/m{i:03}/README.md");
        write(&rel, card);
        named.push(rel);
        write(&format!("tree/m{i:03}/.hidden/README.md"), card);
        write(&format!("tree/m{i:03}/skipped/README.md"), card);
    }
    write("tree/.gitignore", "skipped/\n");
    write("tree/m007/.ignore", "x/\n");
    write("tree/m007/x/README.md", card);
    write(
        "tree/m010/cardgen.toml",
        "[rules]\nmissing-section = \"off\"\n",
    );
    write("tree/m020/pyproject.toml", "[project]\nname = \"x\"\n");
    write(
        "tree/m030/.cardgen.toml",
        "[rules]\nmissing-section = \"warning\"\n",
    );
    write(
        "tree/m040/pyproject.toml",
        "[tool.cardgen.rules]\nmissing-section = \"off\"\n",
    );
    #[cfg(unix)]
    std::os::unix::fs::symlink("..", root.join("tree/m050/up")).unwrap();

    let (code, walked) = lint(root, &["tree"]);
    assert_eq!(code, Some(1));
    let names: Vec<&str> = named.iter().map(String::as_str).collect();
    assert_eq!(lint(root, &names), (code, walked.clone()));
    // One thread walks and looks the configuration up card by card (no probe); three walk
    // and probe on more threads than this machine may have cores.
    assert_eq!(lint(root, &["-j", "1", "tree"]), (code, walked.clone()));
    assert_eq!(lint(root, &["--jobs", "3", "tree"]), (code, walked.clone()));

    let doc: serde_json::Value = serde_json::from_str(&walked).unwrap();
    let files = doc["files"].as_array().unwrap();
    let paths: Vec<&str> = files.iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(paths, names);
    let missing = |i: usize| {
        files[i]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == "CG201")
            .map(|d| d["severity"].as_str().unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(missing(0), ["error", "error"]);
    assert!(missing(10).is_empty());
    assert_eq!(missing(20), ["error", "error"]);
    assert_eq!(missing(30), ["warning", "warning"]);
    assert!(missing(40).is_empty());
}
