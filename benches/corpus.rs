//! `cargo bench --bench corpus`: lint every card of the shared corpus, in memory, on one thread,
//! and report cards/s. Not a test: it asserts nothing about time.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use cardgen::config::Config;

fn corpus_files(dir: &Path) -> Vec<PathBuf> {
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).expect("corpus MANIFEST.tsv");
    let mut lines = manifest.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let col = header.iter().position(|h| *h == "local_path").unwrap();
    lines
        .map(|l| dir.join(l.split('\t').nth(col).unwrap()))
        .collect()
}

fn main() {
    let dir = std::env::var_os("CARDGEN_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    let cards: Vec<Vec<u8>> = corpus_files(&dir)
        .iter()
        .map(|p| std::fs::read(p).unwrap())
        .collect();
    let bytes: usize = cards.iter().map(Vec::len).sum();
    let config = Config::default();

    // Warm up once (lazy statics such as the compiled schema), then measure for ~3 s.
    let mut findings = 0;
    for card in &cards {
        findings += cardgen::lint_bytes(card, &config).len();
    }
    let start = Instant::now();
    let mut passes = 0;
    while start.elapsed() < Duration::from_secs(3) {
        for card in &cards {
            std::hint::black_box(cardgen::lint_bytes(card, &config));
        }
        passes += 1;
    }
    let secs = start.elapsed().as_secs_f64();
    let n = (cards.len() * passes) as f64;
    println!(
        "corpus lint, 1 thread, in memory: {} cards ({:.1} MB), {passes} passes, {:.0} cards/s, {:.1} MB/s, {:.1} µs/card, {findings} findings per pass",
        cards.len(),
        bytes as f64 / 1e6,
        n / secs,
        (bytes * passes) as f64 / 1e6 / secs,
        secs * 1e6 / n,
    );
}
