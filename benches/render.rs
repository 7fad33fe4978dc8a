//! `cargo bench --bench render`: render each bundled train.toml (artifacts read from disk each
//! time, as the command does) on one thread and report the time per card. Not a test: it
//! asserts nothing about time.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use cardgen::render::{self, Options};

const FIXTURES: &[&str] = &[
    "train.toml",
    "train-full-finetune.toml",
    "train-minimal.toml",
];

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    for name in FIXTURES {
        let text = std::fs::read_to_string(dir.join(name)).expect("fixture");
        let opts = Options {
            base_dir: PathBuf::from(&dir),
            ..Options::default()
        };
        let card = render::render_toml(&text, &opts).expect("renders");
        let start = Instant::now();
        let mut n = 0u32;
        while start.elapsed() < Duration::from_secs(2) {
            std::hint::black_box(render::render_toml(&text, &opts).expect("renders"));
            n += 1;
        }
        let per_card = start.elapsed().as_secs_f64() / f64::from(n);
        println!(
            "render {name}: {n} renders, {:.1} µs/card ({:.0} cards/s), {} bytes, {} template",
            per_card * 1e6,
            1.0 / per_card,
            card.text.len(),
            card.template,
        );
    }
}
