//! `cargo bench --bench server`: how long after an edit an editor has the new diagnostics, for
//! cards of about 2,000 and 3,000 lines. Each sample sends one `didChange` (one character typed
//! or deleted in the body) to a running `cardgen server` over its stdin and waits for the
//! `publishDiagnostics` of that version on its stdout: framing, pipes, the edit, the lint, and
//! the conversion of findings to LSP, as an editor sees it. `lint_only` is the lint alone.
//! Not a test: it asserts nothing about time.
//!
//! The cards are read from the shared corpus (`../shared/corpus`, or `CARDGEN_CORPUS`). Sources,
//! from the corpus MANIFEST.tsv:
//!
//! | name | lines | bytes | source repository @ commit, path |
//! |---|---:|---:|---|
//! | `puppers-1987-lines` | 1,987 | 29,753 | Wenxin-Jiang/CS577-NLP @ 17fb8ca9, `project/model_cards/_train/Imene_rare-puppers_README.md` |
//! | `bge-large-3069-lines` | 3,069 | 94,607 | micchyboy237/jet_python_modules @ 97cb4ef0, `docs/hf_readmes/bge-large_README.md` |

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use divan::Bencher;
use serde_json::json;

#[path = "../tests/it/lsp_client/mod.rs"]
#[allow(dead_code)]
mod lsp_client;

use lsp_client::Client;

const CARDS: &[(&str, &str)] = &[
    (
        "puppers-1987-lines",
        "cards/Wenxin-Jiang__CS577-NLP/0490-Imene_rare-puppers.md",
    ),
    (
        "bge-large-3069-lines",
        "cards/micchyboy237__jet_python_modules/0048-bge-large.md",
    ),
];
const NAMES: &[&str] = &["puppers-1987-lines", "bge-large-3069-lines"];

fn main() {
    divan::main();
}

fn card(name: &str) -> String {
    let corpus = std::env::var_os("CARDGEN_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    let rel = CARDS.iter().find(|(n, _)| *n == name).unwrap().1;
    std::fs::read_to_string(corpus.join(rel)).expect("the corpus card")
}

/// One edit and the diagnostics for it, through the server.
#[divan::bench(args = NAMES, sample_count = 200)]
fn edit_to_diagnostics(bencher: Bencher, name: &str) {
    let text = card(name);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("README.md");
    std::fs::write(&path, &text).unwrap();
    let mut client = Client::start(dir.path());
    let uri = client.open(&path, &text);
    client.diagnostics(&uri, 1);
    // An edit in the middle of the card: type `x` there, then delete it, and so on.
    let line = text.lines().count() / 2;
    let state = RefCell::new((client, 1i64));
    bencher.bench_local(|| {
        let (client, version) = &mut *state.borrow_mut();
        *version += 1;
        let at = json!({ "line": line, "character": 0 });
        let change = if *version % 2 == 0 {
            json!({ "range": { "start": at, "end": at }, "text": "x" })
        } else {
            let end = json!({ "line": line, "character": 1 });
            json!({ "range": { "start": at, "end": end }, "text": "" })
        };
        client.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": *version },
                "contentChanges": [change],
            }),
        );
        client.diagnostics(&uri, *version)
    });
    let (client, _) = state.into_inner();
    client.shutdown();
}

/// The lint of the same card in the library, for comparison.
#[divan::bench(args = NAMES)]
fn lint_only(bencher: Bencher, name: &str) {
    let text = card(name);
    let config = cardgen::config::Config::default();
    bencher.bench(|| cardgen::lint_bytes(divan::black_box(text.as_bytes()), &config));
}
