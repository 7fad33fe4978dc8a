//! cardgen reads every corpus card the way the official client does.
//!
//! `tests/data/hf-verdicts.tsv` holds what `huggingface_hub` 2.4.0 + PyYAML decide for each card
//! of `../shared/corpus` (made by `scripts/hf-verdicts.py`; `tests/hf_interop_live.rs` checks it
//! is current). This test recomputes every verdict with [`CardContext`] and requires 100%
//! agreement on all of them:
//!
//! - `decode`: the file reads as text ↔ `encoding_error.is_none()`;
//! - `front_matter`: `REGEX_YAML_BLOCK` matches ↔ `front_matter.is_some()`;
//! - `yaml_fnv`: the same YAML text (hash of group 2 ↔ hash of `text[fm.yaml]`);
//! - `yaml`: `yaml.safe_load` succeeds ↔ `Metadata::Parsed`;
//! - `mapping`: the value is a dict or None ↔ `ctx.meta().is_some()`;
//! - `value_fnv`: the same value (hash of the canonical JSON of both trees, `tests/interop`).
//!
//! No exceptions are needed for the corpus. The `modelcard` column (does `ModelCard(content)`
//! construct) is informational: it also depends on `ModelCardData`'s own checks, which are not
//! about reading.

use crate::interop;

use std::fmt::Write as _;

use cardgen::card::{CardContext, Metadata};
use cardgen::config::Config;
use interop::{corpus_dir, fnv1a64, manifest, require, value_fnv};

const VERDICTS: &str = include_str!("../data/hf-verdicts.tsv");
const COLUMNS: [&str; 8] = [
    "path",
    "decode",
    "front_matter",
    "yaml_fnv",
    "yaml",
    "mapping",
    "value_fnv",
    "modelcard",
];

struct Row<'a> {
    path: &'a str,
    decode: &'a str,
    front_matter: &'a str,
    yaml_fnv: &'a str,
    yaml: &'a str,
    mapping: &'a str,
    value_fnv: &'a str,
}

fn rows() -> Vec<Row<'static>> {
    let mut lines = VERDICTS.lines().filter(|l| !l.starts_with('#'));
    let header: Vec<&str> = lines.next().expect("header").split('\t').collect();
    assert_eq!(header, COLUMNS, "unexpected columns in hf-verdicts.tsv");
    lines
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), COLUMNS.len(), "bad row: {l}");
            Row {
                path: f[0],
                decode: f[1],
                front_matter: f[2],
                yaml_fnv: f[3],
                yaml: f[4],
                mapping: f[5],
                value_fnv: f[6],
            }
        })
        .collect()
}

/// cardgen's verdicts for one card, in the TSV's vocabulary (`ok`/`error` where Python names
/// an exception class: only success vs failure is compared).
struct Ours {
    decode: String,
    front_matter: String,
    yaml_fnv: String,
    yaml: String,
    mapping: String,
    value_fnv: String,
    /// Why cardgen's YAML reading failed, for the report.
    error: Option<String>,
}

fn ours(bytes: &[u8], config: &Config) -> Ours {
    let ctx = CardContext::new(bytes, &config.limits.yaml);
    let dash = || "-".to_owned();
    if ctx.encoding_error.is_some() {
        return Ours {
            decode: "error".into(),
            front_matter: dash(),
            yaml_fnv: dash(),
            yaml: dash(),
            mapping: dash(),
            value_fnv: dash(),
            error: ctx.encoding_error.as_ref().map(|e| e.message()),
        };
    }
    let Some(fm) = ctx.front_matter else {
        return Ours {
            decode: "ok".into(),
            front_matter: "no".into(),
            yaml_fnv: dash(),
            yaml: dash(),
            mapping: dash(),
            value_fnv: dash(),
            error: None,
        };
    };
    let yaml_fnv = fnv1a64(&ctx.text.as_bytes()[fm.yaml.start..fm.yaml.end]);
    let (yaml, mapping, vfnv, error) = match &ctx.metadata {
        Metadata::Parsed(doc) => {
            let mapping = if ctx.meta().is_some() { "yes" } else { "no" };
            ("ok".to_owned(), mapping.to_owned(), value_fnv(doc), None)
        }
        Metadata::Invalid(e) => {
            let (line, col) = ctx.line_col(e.span.start);
            let msg = format!("{} (line {line}, column {col})", e.message);
            ("error".to_owned(), dash(), dash(), Some(msg))
        }
        Metadata::Absent => unreachable!("front matter was found"),
    };
    Ours {
        decode: "ok".into(),
        front_matter: "yes".into(),
        yaml_fnv,
        yaml,
        mapping,
        value_fnv: vfnv,
        error,
    }
}

/// Python's exception class name → success or failure.
fn ok_or_error(python: &str) -> &str {
    match python {
        "ok" | "-" => python,
        _ => "error",
    }
}

#[test]
fn cardgen_reads_every_corpus_card_like_huggingface_hub() {
    let corpus = corpus_dir();
    if !require(
        &corpus.join("MANIFEST.tsv"),
        "clone the corpus beside the repository (../shared/corpus) or set CARDGEN_CORPUS",
    ) {
        return;
    }
    let rows = rows();

    // The TSV describes this corpus: same cards, same order.
    let rows_in_manifest = manifest(&corpus);
    let manifest_paths: Vec<&str> = rows_in_manifest.iter().map(|r| r.path.as_str()).collect();
    let tsv_paths: Vec<&str> = rows.iter().map(|r| r.path).collect();
    assert_eq!(
        tsv_paths, manifest_paths,
        "tests/data/hf-verdicts.tsv is not for this corpus; regenerate it with \
         target/venv/bin/python scripts/hf-verdicts.py"
    );

    let config = Config::default();
    let verdicts = [
        "decode",
        "front_matter",
        "yaml_fnv",
        "yaml",
        "mapping",
        "value_fnv",
    ];
    let mut agree = [0usize; 6];
    let mut all_agree = 0;
    let mut report = String::new();
    for row in &rows {
        let bytes = std::fs::read(corpus.join(row.path)).unwrap();
        let o = ours(&bytes, &config);
        let pairs = [
            (ok_or_error(row.decode), o.decode.as_str()),
            (row.front_matter, o.front_matter.as_str()),
            (row.yaml_fnv, o.yaml_fnv.as_str()),
            (ok_or_error(row.yaml), o.yaml.as_str()),
            (row.mapping, o.mapping.as_str()),
            (row.value_fnv, o.value_fnv.as_str()),
        ];
        let mut card_ok = true;
        for (i, (py, rs)) in pairs.iter().enumerate() {
            if py == rs {
                agree[i] += 1;
                continue;
            }
            card_ok = false;
            let py_full = match i {
                0 => row.decode,
                3 => row.yaml,
                _ => py,
            };
            write!(
                report,
                "\n{}: {}: huggingface_hub={py_full} cardgen={rs}",
                row.path, verdicts[i]
            )
            .unwrap();
            if let (3, Some(e)) = (i, &o.error) {
                write!(report, " ({e})").unwrap();
            }
        }
        all_agree += usize::from(card_ok);
    }

    let n = rows.len();
    let pct = |k: usize| 100.0 * k as f64 / n as f64;
    let mut summary = format!(
        "{n} cards; all verdicts agree on {all_agree} ({:.2}%)",
        pct(all_agree)
    );
    for (name, k) in verdicts.iter().zip(agree) {
        write!(summary, "\n  {name}: {k}/{n} ({:.2}%)", pct(k)).unwrap();
    }
    eprintln!("{summary}");
    assert!(
        report.is_empty(),
        "cardgen disagrees with huggingface_hub:{report}\n{summary}"
    );
}
