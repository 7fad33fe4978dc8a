// The properties both fuzzers check, shared by `tests/fuzz_props.rs` (proptest, stable, CI) and
// the cargo-fuzz targets in `fuzz/` (nightly, long campaigns), which `include!` this file.
// Each function panics when its property fails.

use cardgen::card::{frontmatter, CardContext};
use cardgen::config::Config;

/// The Hub's `REGEX_YAML_BLOCK`, with Python's `\s` spelled out: Python's `str.isspace` also
/// matches U+001C..U+001F, which Rust's `\s` does not.
pub const HUB_PATTERN: &str =
    r"^([\s\x1c-\x1f]*---(?:\r\n|\r|\n))([\S\s]*?)((?:\r\n|\r|\n)---[ \t]*(\r\n|\n|$))";

/// Linting any bytes ends without a panic, gives the same answer twice, and every located
/// finding points inside the text.
pub fn lint_is_total(bytes: &[u8]) {
    let config = Config::default();
    let first = cardgen::lint::lint_bytes(bytes, &config);
    let second = cardgen::lint::lint_bytes(bytes, &config);
    assert_eq!(first, second, "lint is not deterministic");
    let ctx = CardContext::new(bytes, &config.limits.yaml);
    for d in &first {
        if let Some(span) = d.finding.span {
            assert!(
                span.start <= span.end && span.end <= ctx.text.len(),
                "{} span {span:?} outside the text ({} bytes)",
                d.finding.code,
                ctx.text.len()
            );
            assert!(ctx.text.is_char_boundary(span.start) && ctx.text.is_char_boundary(span.end));
        }
    }
}

/// cardgen's hand-written front-matter scanner finds exactly what the Hub's regex finds.
pub fn front_matter_agrees_with_hub(text: &str, hub: &regex::Regex) {
    let ours = frontmatter::find(text);
    let theirs = hub.captures(text);
    match (ours, theirs) {
        (None, None) => {}
        (Some(fm), Some(c)) => {
            let g0 = c.get(0).unwrap();
            let g2 = c.get(2).unwrap();
            assert_eq!(
                (fm.block.start, fm.block.end),
                (g0.start(), g0.end()),
                "block differs for {text:?}"
            );
            assert_eq!(
                (fm.yaml.start, fm.yaml.end),
                (g2.start(), g2.end()),
                "yaml differs for {text:?}"
            );
        }
        (ours, theirs) => panic!(
            "cardgen found {ours:?}, the Hub's regex {:?}, for {text:?}",
            theirs.map(|c| c.get(0).unwrap().range())
        ),
    }
}

/// Any train.toml text: parsing and rendering end without a panic, and a card that renders has
/// front matter that cardgen reads back as valid YAML mapping, with `--update` of the card by
/// itself changing nothing. Returns whether the text rendered.
pub fn render_is_total(toml_text: &str) -> bool {
    let Ok(meta) = cardgen::render::parse_meta(toml_text) else {
        return false;
    };
    let opts = cardgen::render::Options {
        base_dir: std::env::temp_dir().join("cardgen-fuzz-no-such-dir"),
        ..Default::default()
    };
    let Ok(rendered) = cardgen::render::render(&meta, &opts) else {
        return false;
    };
    let config = Config::default();
    let ctx = CardContext::new(rendered.text.as_bytes(), &config.limits.yaml);
    assert!(ctx.front_matter.is_some(), "no front matter in {:?}", rendered.text);
    assert!(
        ctx.meta().is_some(),
        "front matter is not a mapping: {:?}",
        ctx.metadata
    );
    let again = cardgen::render::update::update(&rendered.text, &rendered)
        .unwrap_or_else(|e| panic!("update of a fresh render failed: {e:?}"));
    assert_eq!(again.text, rendered.text, "update of a fresh render changed it");
    true
}

/// `fixtures/` of the cardgen repository, from its own tests or from `fuzz/`.
pub fn fixtures_dir() -> std::path::PathBuf {
    let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    [here.join("fixtures"), here.join("../fixtures")]
        .into_iter()
        .find(|d| d.join("train.toml").is_file())
        .expect("cardgen's fixtures/train.toml")
}

/// `--update` on any existing text ends without a panic; when it succeeds, a hand-written line
/// placed after the card's last region survives it.
pub fn update_is_total(old: &str, hand: &str) {
    let dir = fixtures_dir();
    let meta = cardgen::render::parse_meta(&std::fs::read_to_string(dir.join("train.toml")).unwrap())
        .unwrap();
    let opts = cardgen::render::Options {
        base_dir: dir,
        ..Default::default()
    };
    let rendered = cardgen::render::render(&meta, &opts).unwrap();
    let _ = cardgen::render::update::update(old, &rendered);
    let line: String = hand
        .chars()
        .filter(|c| !matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}'))
        .collect();
    if line.contains("cardgen:") || line.trim().is_empty() {
        return;
    }
    let card = format!("{}\n{line}\n", rendered.text);
    let updated = cardgen::render::update::update(&card, &rendered)
        .unwrap_or_else(|e| panic!("update failed: {e:?}"));
    assert!(
        updated.text.contains(&format!("\n{line}\n")),
        "hand-written line {line:?} lost"
    );
}
