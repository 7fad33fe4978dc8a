//! `cargo bench --bench lint`: per-card costs with divan, on real cards of different sizes —
//! the whole lint, and its parts alone (front-matter extraction, YAML, schema validation,
//! Markdown outline) — plus compiling the schema. Not a test: it asserts nothing about time.
//!
//! The cards are read from the shared corpus (`../shared/corpus`, or `CARDGEN_CORPUS`), not
//! copied into this repository. Sources, from the corpus MANIFEST.tsv:
//!
//! | name | bytes | source repository @ commit, path |
//! |---|---:|---|
//! | `unsloth-5k` | 5,330 | JoseAdrianRodriguezGonzalez/Llm-Component @ 72950ff5, `unsloth__Jan-nano-128k-GGUF/README.md` |
//! | `ggml-10k` | 10,624 | leliuga/cohere-configurations @ 84408edf, `models/Genz-70b/README.md` |
//! | `st-model-index-45k` | 45,030 | Adithya-Monish-Kumar-K/Persona-Driven-Document-Intelligence-Engine @ 84c7d478, `models/sentence_transformer_finetuned/checkpoints/checkpoint-4200/README.md` |
//! | `st-model-index-116k` | 115,968 | Wenxin-Jiang/CS577-NLP @ 17fb8ca9, `project/model_cards/_train/Muennighoff_SGPT-125M-weightedmean-nli-bitfit_README.md` |

use std::path::{Path, PathBuf};

use cardgen::card::{frontmatter, yaml, CardContext};
use cardgen::config::Config;
use divan::counter::BytesCount;
use divan::{black_box, Bencher};

const CARDS: &[(&str, &str)] = &[
    (
        "unsloth-5k",
        "cards/JoseAdrianRodriguezGonzalez__Llm-Component/0114-unsloth__Jan-nano-128k-GGUF.md",
    ),
    (
        "ggml-10k",
        "cards/leliuga__cohere-configurations/0101-Genz-70b.md",
    ),
    (
        "st-model-index-45k",
        "cards/Adithya-Monish-Kumar-K__Persona-Driven-Document-Intelligence-Engine/0003-models__sentence_transformer_finetuned__checkpoints__checkpoint-4200.md",
    ),
    (
        "st-model-index-116k",
        "cards/Wenxin-Jiang__CS577-NLP/0711-Muennighoff_SGPT-125M-weightedmean-nli-bitfit.md",
    ),
];
const NAMES: &[&str] = &[
    "unsloth-5k",
    "ggml-10k",
    "st-model-index-45k",
    "st-model-index-116k",
];

fn main() {
    divan::main();
}

fn corpus() -> PathBuf {
    std::env::var_os("CARDGEN_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"))
}

fn card(name: &str) -> Vec<u8> {
    let rel = CARDS
        .iter()
        .find(|(n, _)| *n == name)
        .expect("known card")
        .1;
    let path = corpus().join(rel);
    std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (set CARDGEN_CORPUS to the shared corpus)",
            path.display()
        )
    })
}

/// The whole lint of one card, from bytes (what `cardgen lint` does per file).
#[divan::bench(args = NAMES)]
fn lint_card(bencher: Bencher, name: &str) {
    let bytes = card(name);
    let config = Config::default();
    cardgen::lint_bytes(&bytes, &config); // compile the schema outside the timing
    bencher
        .counter(BytesCount::new(bytes.len()))
        .bench(|| cardgen::lint_bytes(black_box(&bytes), &config));
}

/// Front-matter extraction alone (the Hub's `---` pattern).
#[divan::bench(args = NAMES)]
fn front_matter(bencher: Bencher, name: &str) {
    let bytes = card(name);
    let text = std::str::from_utf8(&bytes).expect("UTF-8 card");
    bencher
        .counter(BytesCount::new(bytes.len()))
        .bench(|| frontmatter::find(black_box(text)));
}

/// YAML of the front matter → node tree alone.
#[divan::bench(args = NAMES)]
fn yaml_parse(bencher: Bencher, name: &str) {
    let bytes = card(name);
    let text = std::str::from_utf8(&bytes).expect("UTF-8 card");
    let fm = frontmatter::find(text).expect("front matter");
    let config = Config::default();
    bencher
        .counter(BytesCount::new(fm.yaml.end - fm.yaml.start))
        .bench(|| yaml::parse(black_box(text), fm.yaml, &config.limits.yaml));
}

/// JSON Schema validation of the parsed metadata alone (schema already compiled).
#[divan::bench(args = NAMES)]
fn schema_validate(bencher: Bencher, name: &str) {
    let bytes = card(name);
    let config = Config::default();
    let ctx = CardContext::new(&bytes, &config.limits.yaml);
    let meta = ctx.meta().expect("metadata mapping");
    let schema = cardgen::schema::schema();
    bencher.bench(|| schema.validate(black_box(meta), |_| true));
}

/// Markdown body → outline (headings, sections, text spans) alone.
#[divan::bench(args = NAMES)]
fn markdown_outline(bencher: Bencher, name: &str) {
    let bytes = card(name);
    let config = Config::default();
    bencher.counter(BytesCount::new(bytes.len())).bench(|| {
        let ctx = CardContext::new(black_box(&bytes), &config.limits.yaml);
        ctx.outline().headings.len()
    });
}

/// Loading the schema (its vocabularies; `build.rs` compiled its checks): paid once per
/// `cardgen lint` process.
#[divan::bench(sample_count = 20)]
fn schema_load() -> cardgen::schema::MetadataSchema {
    cardgen::schema::MetadataSchema::load()
}
