//! `cargo bench --bench render`: render each bundled train.toml with divan (artifacts read from
//! disk each time, as the command does), one thread. Not a test: it asserts nothing about time.

use std::path::{Path, PathBuf};

use cardgen::render::{self, Options};
use divan::{black_box, Bencher};

const FIXTURES: &[&str] = &[
    "train.toml",
    "train-full-finetune.toml",
    "train-minimal.toml",
];

fn main() {
    divan::main();
}

#[divan::bench(args = FIXTURES)]
fn render_fixture(bencher: Bencher, name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let text = std::fs::read_to_string(dir.join(name)).expect("fixture");
    let opts = Options {
        base_dir: PathBuf::from(&dir),
        ..Options::default()
    };
    render::render_toml(&text, &opts).expect("renders"); // parse the templates outside the timing
    bencher.bench(|| render::render_toml(black_box(&text), &opts).expect("renders"));
}
