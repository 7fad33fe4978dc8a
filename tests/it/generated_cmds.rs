//! `cardgen schema`, `completions` and `man` print what is committed and what clap defines.

use std::path::Path;

use assert_cmd::Command;

fn cardgen(args: &[&str]) -> String {
    let out = Command::cargo_bin("cardgen")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "cardgen {args:?} failed: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn schema_prints_each_committed_file_byte_for_byte() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
    for (which, file) in [
        ("metadata", "modelcard.schema.json"),
        ("train", "train.schema.json"),
        ("config", "cardgen.schema.json"),
    ] {
        let committed = std::fs::read_to_string(dir.join(file)).unwrap();
        assert_eq!(cardgen(&["schema", which]), committed, "schema {which}");
    }
    assert_eq!(
        cardgen(&["schema"]),
        cardgen(&["schema", "metadata"]),
        "metadata is the default"
    );
}

#[test]
fn completions_cover_every_subcommand_in_every_shell() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = cardgen(&["completions", shell]);
        for sub in ["lint", "render", "explain", "schema", "completions", "man"] {
            assert!(script.contains(sub), "{shell} completion lacks {sub}");
        }
    }
}

#[test]
fn man_out_dir_writes_one_page_per_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man1");
    cardgen(&["man", "--out-dir", out.to_str().unwrap()]);
    for page in [
        "cardgen.1",
        "cardgen-lint.1",
        "cardgen-render.1",
        "cardgen-schema.1",
    ] {
        let text = std::fs::read_to_string(out.join(page)).unwrap();
        let name = page.trim_end_matches(".1");
        assert!(text.contains(&format!(".TH {name} 1")), "{page}: {text}");
    }
    let lint = std::fs::read_to_string(out.join("cardgen-lint.1")).unwrap();
    assert!(lint.contains("\\-\\-format"), "lint page lists its options");
    assert!(!out.join("cardgen-help.1").exists());
}

/// `docs/cardgen.1` is what `cardgen man` prints; `CARDGEN_BLESS=1` rewrites it.
#[test]
fn committed_man_page_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/cardgen.1");
    let fresh = cardgen(&["man"]);
    if std::fs::read_to_string(&path).ok().as_deref() == Some(fresh.as_str()) {
        return;
    }
    if std::env::var("CARDGEN_BLESS").as_deref() == Ok("1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, fresh).unwrap();
        return;
    }
    panic!(
        "docs/cardgen.1 is out of date: run `CARDGEN_BLESS=1 cargo test --test it generated_cmds`"
    );
}
