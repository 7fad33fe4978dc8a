//! The fuzz properties (`tests/fuzz_support/props.rs`) under proptest on stable: a fixed seed and
//! a short budget, so CI runs the same cases every time. `CARDGEN_FUZZ_CASES=N` (and
//! `CARDGEN_FUZZ_SEED=N`) run a longer or different campaign, as `scripts/fuzz --stable` does.
//! Crashes found by either fuzzer become fixtures in `tests/fuzz_regressions/`, replayed below.

include!("../fuzz_support/props.rs");

use proptest::prelude::*;
use proptest::test_runner::{Config as PtConfig, RngSeed};

fn config(default_cases: u32) -> PtConfig {
    let env = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<u64>().ok());
    PtConfig {
        cases: env("CARDGEN_FUZZ_CASES").map_or(default_cases, |n| n as u32),
        rng_seed: RngSeed::Fixed(env("CARDGEN_FUZZ_SEED").unwrap_or(0x00C0_FFEE)),
        failure_persistence: None,
        ..PtConfig::default()
    }
}

/// Pieces that matter to the front-matter rule and the YAML and Markdown readers, so random
/// cards reach the interesting paths instead of being mostly "no front matter".
const PIECES: &[&str] = &[
    "---",
    "--- ",
    "---\t",
    "\n",
    "\r",
    "\r\n",
    " ",
    "\t",
    "\u{1c}",
    "\u{1f}",
    "\u{85}",
    "\u{a0}",
    "\u{2028}",
    "\u{3000}",
    "\u{feff}",
    "\0",
    "a",
    "key: value",
    "license: mit",
    ": ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a ",
    "*a",
    "<<: *a",
    "!!str ",
    "'",
    "\"",
    "#",
    "# Heading",
    "## Usage",
    "> ",
    "```",
    "|",
    "|---|",
    "<!-- cardgen:begin x -->",
    "<!-- cardgen:end x -->",
    "é",
    "日本",
    "yes",
    "0777",
    "2024-01-01",
    "~",
    "...",
];

fn pieces() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(PIECES).prop_map(str::to_owned),
            1 => any::<char>().prop_map(String::from),
        ],
        0..48,
    )
    .prop_map(|v| v.concat())
}

fn card_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        3 => pieces().prop_map(String::into_bytes),
        1 => prop::collection::vec(any::<u8>(), 0..256),
        1 => (pieces(), prop::collection::vec(any::<u8>(), 0..8), pieces()).prop_map(|(a, b, c)| {
            let mut v = a.into_bytes();
            v.extend(b);
            v.extend(c.into_bytes());
            v
        }),
    ]
}

fn hub_regex() -> &'static regex::Regex {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| regex::Regex::new(HUB_PATTERN).unwrap())
}

/// Every text of up to seven bytes from `- \n \r space \t a`, after `---\n`, after `---\r\n`
/// and alone: the front-matter scanner finds what the Hub's regex finds in each (about a million texts).
#[test]
fn front_matter_matches_the_hub_regex_on_every_short_text() {
    let alphabet = [b'-', b'\n', b'\r', b' ', b'a', b'\t'];
    for len in 0..=7u32 {
        for n in 0..6u32.pow(len) {
            let tail: String = (0..len)
                .map(|i| char::from(alphabet[(n / 6u32.pow(i) % 6) as usize]))
                .collect();
            for open in ["", "---\n", "---\r\n"] {
                front_matter_agrees_with_hub(&format!("{open}{tail}"), hub_regex());
            }
        }
    }
}

/// train.toml text: a valid base with one field replaced by arbitrary text or a TOML fragment.
fn train_toml() -> impl Strategy<Value = String> {
    let value = prop_oneof![
        any::<String>().prop_map(|s| toml_string(&s)),
        pieces().prop_map(|s| toml_string(&s)),
        pieces(),
        Just("[1, 2, 3]".to_owned()),
        Just("{ a = 1 }".to_owned()),
    ];
    let field = prop::sample::select(
        &[
            "name",
            "description",
            "license",
            "tags",
            "language",
            "datasets",
            "base_model",
            "usage",
            "limitations",
            "repo_id",
            "pipeline_tag",
            "authors",
            "contact",
        ][..],
    );
    (field, value).prop_map(|(field, value)| {
        let mut base = vec![
            ("name", "\"m\"".to_owned()),
            ("repo_id", "\"o/m\"".to_owned()),
            ("description", "\"d\"".to_owned()),
            ("usage", "\"u\"".to_owned()),
            ("limitations", "\"l\"".to_owned()),
            ("license", "\"mit\"".to_owned()),
        ];
        base.retain(|(k, _)| *k != field);
        base.push((field, value));
        let body: String = base.iter().map(|(k, v)| format!("{k} = {v}\n")).collect();
        format!("[model]\n{body}")
    })
}

fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn lint_on_arbitrary_bytes(bytes in card_bytes()) {
        lint_is_total(&bytes);
    }

    #[test]
    fn front_matter_matches_the_hub_regex(text in pieces()) {
        front_matter_agrees_with_hub(&text, hub_regex());
    }
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn render_with_arbitrary_train_toml(text in train_toml()) {
        render_is_total(&text);
    }

    #[test]
    fn update_keeps_a_hand_written_line(old in pieces(), hand in any::<String>()) {
        update_is_total(&old, &hand);
    }
}

/// The render property is not vacuous: the strategy's base train.toml renders, and most
/// generated ones do too.
#[test]
fn the_render_property_reaches_render() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::new(config(64));
    let rendered = (0..64)
        .filter(|_| render_is_total(&train_toml().new_tree(&mut runner).unwrap().current()))
        .count();
    assert!(
        rendered >= 16,
        "only {rendered} of 64 generated train.toml files rendered"
    );
}

/// Every input a fuzzer ever crashed on, replayed by the property it broke. File names say which:
/// `lint-*`, `frontmatter-*`, `render-*`, `update-*`.
#[test]
fn regression_fixtures() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        match name.split('-').next().unwrap() {
            "lint" => lint_is_total(&bytes),
            "frontmatter" => front_matter_agrees_with_hub(&text, hub_regex()),
            "render" => _ = render_is_total(&text),
            "update" => update_is_total(&text, "hand-written"),
            _ => continue,
        }
        seen += 1;
    }
    assert!(seen > 0, "no fixtures in {}", dir.display());
}
