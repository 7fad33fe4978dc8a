//! `--fix` over the shared corpus of real Hub model cards (`../shared/corpus`, or
//! `CARDGEN_CORPUS`): fixing never adds a finding, never changes a byte outside the spans of the
//! fixes it reports (nor outside the front matter), and a fixed card has nothing left to fix.
//! Checked in memory for every card, and through the binary on copies of a sample.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

use cardgen::config::Config;
use cardgen::fix::fix_bytes;
use cardgen::lint::{lint_bytes, Diagnostic};
use cardgen::Span;

fn corpus_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CARDGEN_CORPUS") {
        return PathBuf::from(dir);
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    assert!(
        dir.join("MANIFEST.tsv").is_file(),
        "the shared corpus is missing at {} (set CARDGEN_CORPUS to its path)",
        dir.display()
    );
    dir
}

/// The card paths of the MANIFEST, relative to the corpus directory.
fn cards(dir: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(dir.join("MANIFEST.tsv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let col = header.iter().position(|h| *h == "local_path").unwrap();
    lines
        .map(|l| l.split('\t').nth(col).unwrap().to_owned())
        .collect()
}

/// Findings as (code, message), counted.
fn findings(ds: &[Diagnostic]) -> HashMap<(String, String), usize> {
    let mut out = HashMap::new();
    for d in ds {
        *out.entry((d.finding.code.to_owned(), d.finding.message.clone()))
            .or_default() += 1;
    }
    out
}

/// Whether `after` is `before` with only the bytes inside `spans` replaced: the text between
/// the (merged) spans must appear in `after` in order, the first piece as a prefix and the last
/// as a suffix. Independent of how the library applies its edits.
fn only_spans_changed(before: &[u8], after: &[u8], spans: &[Span]) -> bool {
    let mut spans = spans.to_vec();
    spans.sort();
    let mut merged: Vec<Span> = Vec::new();
    for s in spans {
        match merged.last_mut() {
            Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
            _ => merged.push(s),
        }
    }
    let mut kept: Vec<&[u8]> = Vec::new();
    let mut at = 0;
    for s in &merged {
        kept.push(&before[at..s.start]);
        at = s.end;
    }
    kept.push(&before[at..]);
    let (first, rest) = kept.split_first().unwrap();
    let (last, middle) = rest
        .split_last()
        .map_or((&[][..], &[][..]), |(l, m)| (*l, m));
    if !after.starts_with(first) || !after[first.len()..].ends_with(last) {
        return false;
    }
    let mut window = &after[first.len()..after.len() - last.len()];
    for piece in middle {
        match find(window, piece) {
            Some(i) => window = &window[i + piece.len()..],
            None => return false,
        }
    }
    true
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

#[test]
fn the_span_check_catches_changes_outside_spans() {
    let before = b"abc def ghi";
    assert!(only_spans_changed(
        before,
        b"abc DEF ghi",
        &[Span::new(4, 7)]
    ));
    assert!(only_spans_changed(before, b"abc ghi", &[Span::new(3, 7)]));
    assert!(!only_spans_changed(
        before,
        b"abc DEF ghI",
        &[Span::new(4, 7)]
    ));
    assert!(!only_spans_changed(
        before,
        b"Abc DEF ghi",
        &[Span::new(4, 7)]
    ));
    assert!(!only_spans_changed(
        before,
        b"abc Xghi",
        &[Span::new(4, 5), Span::new(6, 7)]
    ));
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
        // No new finding.
        let mut pool = findings(&before);
        for (key, n) in findings(&after) {
            let had = pool.remove(&key).unwrap_or(0);
            assert!(n <= had, "{path}: new finding {key:?}");
        }
        // Only the reported spans, all inside the front matter, changed (spans are offsets
        // after a byte-order mark).
        let bom = usize::from(bytes.starts_with(b"\xEF\xBB\xBF")) * 3;
        let text = &bytes[bom..];
        let spans: Vec<Span> = fixed.applied.iter().map(|a| a.span).collect();
        assert!(
            only_spans_changed(text, &fixed.bytes[bom..], &spans),
            "{path}: bytes changed outside the fixed spans {spans:?}"
        );
        let body_start = find(&text[3..], b"\n---").expect("front matter") + 3;
        assert!(
            spans.iter().all(|s| s.end <= body_start),
            "{path}: {spans:?}"
        );
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
