//! `--fix` over the shared corpus of real Hub model cards (`../shared/corpus`, or
//! `CARDGEN_CORPUS`): fixing never adds a finding, never changes a byte outside the spans of the
//! fixes it reports (nor outside the front matter), and a fixed card has nothing left to fix.
//! Checked in memory for every card, and through the binary on copies of a sample.

use crate::fixcheck;
use crate::interop;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use cardgen::config::Config;
use cardgen::fix::fix_bytes;
use cardgen::lint::lint_bytes;
use cardgen::Span;
use fixcheck::{find, new_findings, only_spans_changed};
use interop::{corpus_dir, manifest};

/// The card paths of the MANIFEST, relative to the corpus directory.
fn cards(dir: &Path) -> Vec<String> {
    manifest(dir).into_iter().map(|r| r.path).collect()
}

#[test]
fn fixing_the_corpus_adds_no_finding_and_changes_only_the_fixed_spans() {
    let dir = corpus_dir();
    let config = Config::default();
    let mut fixed_cards = 0;
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    let paths = cards(&dir);
    for path in &paths {
        let bytes = std::fs::read(dir.join(path)).unwrap();
        let fixed = fix_bytes(&bytes, &config);
        let before = lint_bytes(&bytes, &config);
        let after = lint_bytes(&fixed.bytes, &config);
        assert_eq!(
            after, fixed.remaining,
            "{path}: remaining findings are current"
        );
        if !fixed.changed() {
            assert_eq!(fixed.bytes, bytes, "{path}: changed without a fix");
            continue;
        }
        fixed_cards += 1;
        for a in &fixed.applied {
            *kinds.entry(format!("{} {}", a.code, a.name)).or_default() += 1;
        }
        let new = new_findings(&before, &after);
        assert!(new.is_empty(), "{path}: new findings {new:?}");
        // Only the reported spans, all inside the front matter, changed (spans are offsets
        // after a byte-order mark).
        let bom = usize::from(bytes.starts_with(b"\xEF\xBB\xBF")) * 3;
        let text = &bytes[bom..];
        let spans: Vec<Span> = fixed.applied.iter().map(|a| a.span).collect();
        assert!(
            only_spans_changed(text, &fixed.bytes[bom..], &spans),
            "{path}: bytes changed outside the fixed spans {spans:?}"
        );
        let closing = find(&text[3..], b"\n---").expect("front matter") + 4;
        assert!(spans.iter().all(|s| s.end <= closing), "{path}: {spans:?}");
        // A fixed point: nothing left to fix.
        assert!(!fix_bytes(&fixed.bytes, &config).changed(), "{path}");
    }
    eprintln!(
        "corpus: {fixed_cards} of {} cards get fixes: {kinds:?}",
        paths.len()
    );
    assert!(fixed_cards > 0, "the corpus has cards to fix");
}

#[test]
fn fix_through_the_binary_matches_the_library_on_copies() {
    let dir = corpus_dir();
    let config = Config::default();
    let tmp = tempfile::tempdir().unwrap();
    // Every card that gets a fix, and as many that do not.
    let mut sample = Vec::new();
    let mut unchanged = 0;
    for (i, path) in cards(&dir).iter().enumerate() {
        let bytes = std::fs::read(dir.join(path)).unwrap();
        let fixed = fix_bytes(&bytes, &config);
        if !fixed.changed() && unchanged >= 40 {
            continue;
        }
        unchanged += usize::from(!fixed.changed());
        let name = format!("{i:04}.md");
        std::fs::write(tmp.path().join(&name), &bytes).unwrap();
        sample.push((name, bytes, fixed.bytes));
    }
    let names: Vec<&str> = sample.iter().map(|(n, ..)| n.as_str()).collect();
    let run = |flag: &str| {
        Command::new(env!("CARGO_BIN_EXE_cardgen"))
            .current_dir(tmp.path())
            .args(["lint", flag, "--format", "brief"])
            .args(&names)
            .output()
            .unwrap()
    };
    let diff = run("--diff");
    assert_eq!(diff.status.code(), Some(1), "--diff finds fixes");
    for (name, before, _) in &sample {
        assert_eq!(
            &std::fs::read(tmp.path().join(name)).unwrap(),
            before,
            "--diff wrote {name}"
        );
    }
    let fix = run("--fix");
    let stderr = String::from_utf8_lossy(&fix.stderr);
    assert!(
        !stderr.contains("panicked") && !stderr.contains("error:"),
        "{stderr}"
    );
    for (name, before, after) in &sample {
        let got = std::fs::read(tmp.path().join(name)).unwrap();
        assert_eq!(&got, after, "{name}");
        assert_eq!(
            stderr.contains(&format!(" in {name}\n")),
            before != after,
            "{name} is reported as fixed exactly when it changed"
        );
    }
    assert_eq!(run("--diff").status.code(), Some(0), "nothing left to fix");
}
