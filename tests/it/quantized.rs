//! Cards for quantized releases, end to end through the binary on files written by the real
//! writers: GGUF files by llama.cpp's `gguf` package, safetensors files by `safetensors` (both
//! in the venv of `scripts/setup-python`, through `scripts/make-model-files.py`), and the
//! safetensors checkpoints of the training fixtures.
//!
//! - a folder of three quantizations and a split file renders a card whose front matter
//!   `huggingface_hub` reads as base_model / quantized / gguf, whose table lists every file
//!   smallest first, whose commands name only quants and files that exist, and that lints clean;
//! - `--check` and `--update` follow the folder when a file goes;
//! - `cardgen lint` warns (CG207) about files the card names that are gone and files it does not
//!   list;
//! - a safetensors folder's card states the parameter count that `safetensors` itself reports.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use cardgen::render::model_size::grouped;
use serde_json::Value;

use crate::support::{root, run, run_ok, venv_tool};

const REPO: &str = "cardgen-tests/Tiny-Llama-Instruct-GGUF";

fn cardgen(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_cardgen"));
    c.current_dir(dir).env("NO_COLOR", "1");
    c
}

/// Run the generator: `scripts/make-model-files.py KIND DIR`; its JSON report.
fn make(python: &Path, kind: &str, dir: &Path) -> Value {
    let out = run_ok(
        Command::new(python)
            .arg(root().join("scripts/make-model-files.py"))
            .args([kind, dir.to_str().unwrap()]),
    );
    let last = out
        .lines()
        .rev()
        .find(|l| l.starts_with(['[', '{']))
        .unwrap();
    serde_json::from_str(last).unwrap()
}

/// A temp folder with `gguf/` (the generated files) and `train.toml`.
fn gguf_release(python: &Path) -> (tempfile::TempDir, Vec<String>) {
    let tmp = tempfile::tempdir().unwrap();
    let files = make(python, "gguf", &tmp.path().join("gguf"));
    let files: Vec<String> = files
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    std::fs::write(
        tmp.path().join("train.toml"),
        format!("[model]\nrepo_id = \"{REPO}\"\nauthors = \"cardgen tests\"\n"),
    )
    .unwrap();
    (tmp, files)
}

/// `cardgen render --meta train.toml --from gguf -o OUTPUT`.
fn render_cmd(dir: &Path, output: &str) -> Command {
    let mut c = cardgen(dir);
    c.args([
        "render",
        "--meta",
        "train.toml",
        "--from",
        "gguf",
        "-o",
        output,
    ]);
    c
}

/// Render into `gguf/README.md`; success and the output.
fn render(dir: &Path, extra: &[&str]) -> (bool, String) {
    run(render_cmd(dir, "gguf/README.md").args(extra))
}

/// `cardgen render … -o -`: the card on stdout, errors on stderr.
fn render_to_stdout(dir: &Path) -> std::process::Output {
    render_cmd(dir, "-").output().unwrap()
}

/// The front matter as `huggingface_hub` reads it.
fn hub_metadata(python: &Path, card: &Path) -> Value {
    let code = "import json, sys\nfrom huggingface_hub import ModelCard\n\
                print(json.dumps(ModelCard.load(sys.argv[1]).data.to_dict()))";
    let out = run_ok(
        Command::new(python)
            .args(["-c", code, card.to_str().unwrap()])
            .env("HF_HUB_OFFLINE", "1"),
    );
    serde_json::from_str(out.trim()).unwrap()
}

/// The card's lint findings as JSON (`cardgen lint --format json`), and the exit status.
fn lint(dir: &Path, card: &str) -> (bool, Vec<Value>) {
    let out = cardgen(dir)
        .args(["lint", "--format", "json", card])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let diags = doc["files"][0]["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    (out.status.success(), diags)
}

/// Everything between a region's markers.
fn region<'a>(card: &'a str, name: &str) -> &'a str {
    let begin = format!("<!-- cardgen:begin {name} -->");
    let end = format!("<!-- cardgen:end {name} -->");
    let start = card
        .find(&begin)
        .unwrap_or_else(|| panic!("no region {name}:\n{card}"));
    let stop = card.find(&end).unwrap();
    &card[start + begin.len()..stop]
}

/// Each quantization's files (split parts together), by the first part's name.
fn groups(files: &[String]) -> BTreeMap<String, Vec<String>> {
    let mut g: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for f in files {
        let key = match f.find("-00") {
            Some(i) if f.contains("-of-") => f[..i].to_owned(),
            _ => f.clone(),
        };
        g.entry(key).or_default().push(f.clone());
    }
    g
}

#[test]
fn a_folder_of_quantizations_and_a_split_file_renders_a_card_that_lints_clean() {
    let Some(py) = venv_tool("python") else {
        return;
    };
    let (tmp, files) = gguf_release(&py);
    let dir = tmp.path();
    assert_eq!(files.len(), 6, "{files:?}");
    assert_eq!(
        groups(&files).len(),
        4,
        "three quantizations and one split file"
    );

    let (ok, log) = render(dir, &[]);
    assert!(ok, "{log}");
    let card_path = dir.join("gguf/README.md");
    let card = std::fs::read_to_string(&card_path).unwrap();

    // The front matter, as the official client reads it.
    let meta = hub_metadata(&py, &card_path);
    assert_eq!(
        meta["base_model"], "cardgen-tests/tiny-llama-base",
        "{meta}"
    );
    assert_eq!(meta["base_model_relation"], "quantized");
    assert_eq!(meta["license"], "apache-2.0", "from general.license");
    assert_eq!(
        meta["pipeline_tag"], "text-generation",
        "the files have a chat template"
    );
    let tags: Vec<&str> = meta["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert_eq!(tags, ["gguf", "Q4_0", "Q5_0", "Q8_0", "BF16"]);
    assert!(
        meta.get("library_name").is_none(),
        "the Hub's library list has no GGUF entry"
    );

    // The table: every file, one row per quantization, smallest first, sizes from the disk.
    let table = region(&card, "files");
    let rows: Vec<&str> = table.lines().filter(|l| l.starts_with("| [")).collect();
    assert_eq!(rows.len(), 4, "{table}");
    for f in &files {
        assert!(
            table.contains(&format!(
                "[{f}](https://huggingface.co/{REPO}/blob/main/{f})"
            )),
            "{f}:\n{table}"
        );
    }
    let order: Vec<&str> = ["Q4_0", "Q5_0", "Q8_0", "BF16"].to_vec();
    let found: Vec<&str> = rows
        .iter()
        .map(|r| {
            order
                .iter()
                .find(|q| r.contains(&format!("| `{q}` |")))
                .copied()
                .unwrap()
        })
        .collect();
    assert_eq!(found, order, "smallest first:\n{table}");
    let sizes: Vec<u64> = ["Q4_0", "Q5_0", "Q8_0"]
        .iter()
        .map(|q| {
            let f = files.iter().find(|f| f.contains(q)).unwrap();
            std::fs::metadata(dir.join("gguf").join(f)).unwrap().len()
        })
        .collect();
    assert!(sizes.windows(2).all(|w| w[0] < w[1]));
    // Q8_0 stores 34 bytes per 32 weights (8.5 bits); the norms stay F32.
    let q8 = rows[2];
    let bpw: f64 = q8.split('|').nth(3).unwrap().trim().parse().unwrap();
    assert!((8.5..9.0).contains(&bpw), "{q8}");
    assert!(rows[3].contains("3 parts"), "{}", rows[3]);
    // The README's example rows are these rows.
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    for row in [rows[0], rows[2]] {
        assert!(
            readme.contains(&format!("\n{row}\n")),
            "README lacks the row:\n{row}"
        );
    }

    // Every command names this repo and a quant tag or file that selects exactly one file.
    let usage = region(&card, "usage");
    let g = groups(&files);
    let mut commands = 0;
    for line in usage
        .lines()
        .filter(|l| l.starts_with("llama-") || l.starts_with("ollama ") || l.starts_with("lms "))
    {
        commands += 1;
        assert!(line.contains(REPO), "{line}");
        let selector = if let Some(f) = line.split("--hf-file ").nth(1) {
            f.trim().to_owned()
        } else {
            line.rsplit([':', '@']).next().unwrap().trim().to_owned()
        };
        let matching: Vec<&String> = g
            .keys()
            .filter(|k| {
                *k == &selector
                    || k.to_ascii_uppercase()
                        .contains(&format!("-{}", selector.to_ascii_uppercase()))
            })
            .collect();
        assert_eq!(
            matching.len(),
            1,
            "`{selector}` in `{line}` must select one file: {matching:?}"
        );
    }
    assert_eq!(
        commands, 4,
        "llama-cli, llama-server, ollama, lms:\n{usage}"
    );

    // The prompt format, rendered from the chat template in the files.
    let prompt = region(&card, "prompt-format");
    assert!(
        prompt.contains("<|im_start|>system\n{system_prompt}<|im_end|>\n<|im_start|>user\n{prompt}<|im_end|>\n<|im_start|>assistant\n"),
        "{prompt}"
    );

    // Parameters from the tensor table: 64x96 x2 + per layer 4x64x64 + 3x64x128 + 2x64, + 64.
    let params = 2 * 96 * 64 + 2 * (4 * 64 * 64 + 3 * 64 * 128 + 2 * 64) + 64;
    assert!(
        card.contains(&format!("**Parameters:** 94.5K ({})", grouped(params))),
        "{card}"
    );
    assert!(card.contains("**Context length:** 2,048 tokens"));
    assert!(
        card.contains("**Model:** Tiny Llama Instruct (95K)"),
        "general.name, size label"
    );

    // cardgen lint: clean, and the card lists exactly the files.
    let (ok, diags) = lint(dir, "gguf/README.md");
    assert!(ok && diags.is_empty(), "{diags:#?}");
    // Rendering again changes nothing.
    let (ok, log) = render(dir, &["--check"]);
    assert!(ok, "{log}");
}

#[test]
fn the_card_follows_the_folder_and_lint_warns_when_they_drift() {
    let Some(py) = venv_tool("python") else {
        return;
    };
    let (tmp, files) = gguf_release(&py);
    let dir = tmp.path();
    let (ok, log) = render(dir, &[]);
    assert!(ok, "{log}");
    let card_path = dir.join("gguf/README.md");
    // A hand-written section outside the markers survives --update.
    let mut card = std::fs::read_to_string(&card_path).unwrap();
    card.push_str("\n## Thanks\n\nTo the llama.cpp authors.\n");
    std::fs::write(&card_path, &card).unwrap();

    // A quantization is dropped and another added: lint names both.
    let q5 = files.iter().find(|f| f.contains("Q5_0")).unwrap();
    std::fs::remove_file(dir.join("gguf").join(q5)).unwrap();
    let q4 = files.iter().find(|f| f.contains("Q4_0")).unwrap();
    let extra = q4.replace("Q4_0", "Q4_0-imat");
    std::fs::copy(dir.join("gguf").join(q4), dir.join("gguf").join(&extra)).unwrap();
    let (ok, diags) = lint(dir, "gguf/README.md");
    assert!(ok, "warnings only: {diags:#?}");
    let cg207: Vec<String> = diags
        .iter()
        .filter(|d| d["code"] == "CG207")
        .map(|d| d["message"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        cg207
            .iter()
            .any(|m| m.contains(&format!("names `{q5}`, which is not"))),
        "{cg207:?}"
    );
    assert!(
        cg207
            .iter()
            .any(|m| m.contains(&format!("`{extra}` is in the card's folder"))),
        "{cg207:?}"
    );
    // Each mention of the gone file is placed at its line.
    assert!(diags
        .iter()
        .filter(|d| d["code"] == "CG207")
        .any(|d| d["line"].is_u64()));

    // --check says the card is stale; --update refreshes the table and keeps the section.
    let (ok, diff) = render(dir, &["--check"]);
    assert!(!ok && diff.contains(q5.as_str()), "{diff}");
    let (ok, log) = render(dir, &["--update"]);
    assert!(ok, "{log}");
    let card = std::fs::read_to_string(&card_path).unwrap();
    assert!(!card.contains(q5.as_str()) && card.contains(&extra));
    assert!(
        cardgen::render::record::strip(&card).ends_with("## Thanks\n\nTo the llama.cpp authors.\n")
    );
    let (ok, diags) = lint(dir, "gguf/README.md");
    assert!(ok && diags.is_empty(), "{diags:#?}");
    // Two files now carry the Q4_0 label: no tag can pick one, so no command uses it.
    let usage = region(&card, "usage");
    assert!(
        !usage.contains(":Q4_0") && !usage.contains("@Q4_0"),
        "{usage}"
    );

    // A vision projector joins the folder: listed last, in no command and no tag.
    let mmproj = make(&py, "mmproj", &dir.join("gguf"));
    let mmproj = mmproj[0].as_str().unwrap();
    let (_, diags) = lint(dir, "gguf/README.md");
    assert!(
        diags
            .iter()
            .any(|d| d["message"].as_str().unwrap().contains(mmproj)),
        "{diags:#?}"
    );
    let (ok, log) = render(dir, &["--update"]);
    assert!(ok, "{log}");
    let card = std::fs::read_to_string(&card_path).unwrap();
    let table = region(&card, "files");
    let last = table.lines().rfind(|l| l.starts_with("| [")).unwrap();
    assert!(
        last.contains(mmproj) && last.contains("Vision projector"),
        "{table}"
    );
    assert!(!region(&card, "usage").contains("mmproj") && !region(&card, "usage").contains("F16"));
    assert!(region(&card, "header").contains("with a vision projector"));
    assert_eq!(lint(dir, "gguf/README.md"), (true, vec![]));

    // Standard input is linted beside the folder only when --stdin-filename names it.
    let mut c = cardgen(dir);
    c.args(["lint", "--format", "json", "-"]);
    let piped = |mut c: Command| {
        use std::io::Write;
        let mut child = c
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(b"# m\n\n## Usage\n\nrun x-Q9.gguf\n\n## Limitations\n\nNone known.\n")
            .unwrap();
        let out = child.wait_with_output().unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(!piped(c).contains("CG207"));
    let mut c = cardgen(dir);
    c.args([
        "lint",
        "--format",
        "json",
        "--stdin-filename",
        "gguf/README.md",
        "-",
    ]);
    assert!(piped(c).contains("x-Q9.gguf"));
}

#[test]
fn broken_model_files_are_errors_that_name_the_file() {
    let Some(py) = venv_tool("python") else {
        return;
    };
    let (tmp, files) = gguf_release(&py);
    let dir = tmp.path();
    // A part of the split file is missing.
    let part2 = files.iter().find(|f| f.contains("00002-of-00003")).unwrap();
    let moved = dir.join("part2");
    std::fs::rename(dir.join("gguf").join(part2), &moved).unwrap();
    let out = render_to_stdout(dir);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains(&format!("{part2} missing")), "{err}");
    std::fs::rename(&moved, dir.join("gguf").join(part2)).unwrap();

    // A file that is not GGUF, and one cut short inside its tensor table.
    for (name, bytes) in [
        ("notes-Q2_K.gguf", b"not a model".to_vec()),
        ("cut-Q3_K_M.gguf", {
            let q4 = files.iter().find(|f| f.contains("Q4_0")).unwrap();
            let all = std::fs::read(dir.join("gguf").join(q4)).unwrap();
            all[..4096].to_vec()
        }),
    ] {
        let p = dir.join("gguf").join(name);
        std::fs::write(&p, bytes).unwrap();
        let out = render_to_stdout(dir);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(
            err.contains("error: model files:") && err.contains(name),
            "{err}"
        );
        assert!(out.stdout.is_empty());
        std::fs::remove_file(p).unwrap();
    }
}

/// The parameter count `safetensors` itself reads from the files (Python, the official reader).
fn safetensors_parameters(py: &Path, files: &[PathBuf]) -> u64 {
    let code = "import sys, math\nfrom safetensors import safe_open\nn = 0\n\
                for p in sys.argv[1:]:\n    with safe_open(p, 'np') as f:\n        \
                for k in f.keys():\n            n += math.prod(f.get_slice(k).get_shape())\n\
                print(n)";
    let out = run_ok(Command::new(py).arg("-c").arg(code).args(files));
    out.trim().parse().unwrap()
}

#[test]
fn a_safetensors_folder_states_its_parameter_count() {
    let Some(py) = venv_tool("python") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(
        dir.join("train.toml"),
        "[model]\nname = \"Tiny\"\nrepo_id = \"me/tiny\"\nlibrary_name = \"transformers\"\n\
         description = \"A tiny model.\"\nlimitations = \"None known.\"\n",
    )
    .unwrap();
    // A full fine-tune's model.safetensors, a PEFT adapter, and a sharded checkpoint.
    let report = make(&py, "safetensors", &dir.join("sharded"));
    let shards: Vec<PathBuf> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| dir.join("sharded").join(f.as_str().unwrap()))
        .collect();
    assert!(shards.len() > 1);
    let art = root().join("fixtures/artifacts");
    for (from, files, label) in [
        (
            art.join("causal-lm-full"),
            vec![art.join("causal-lm-full/model.safetensors")],
            "Model size",
        ),
        (
            art.join("sft-lora"),
            vec![art.join("sft-lora/adapter_model.safetensors")],
            "Adapter size",
        ),
        (dir.join("sharded"), shards.clone(), "Model size"),
    ] {
        let want = safetensors_parameters(&py, &files);
        if from.ends_with("sharded") {
            assert_eq!(report["parameters"].as_u64(), Some(want));
        }
        let out = run_ok(
            cardgen(dir)
                .args(["render", "--meta", "train.toml", "-o", "-", "--from"])
                .arg(&from),
        );
        let line = out
            .lines()
            .find(|l| l.starts_with(&format!("- **{label}:**")))
            .unwrap_or_else(|| panic!("{}: no {label}:\n{out}", from.display()));
        assert!(
            line.contains(&format!(" parameters ({})", grouped(want))),
            "{line}"
        );
    }
    // A shard that the index names but that is not there is an error, not a smaller count.
    std::fs::remove_file(&shards[1]).unwrap();
    let out = cardgen(dir)
        .args([
            "render",
            "--meta",
            "train.toml",
            "-o",
            "-",
            "--from",
            "sharded",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(shards[1].file_name().unwrap().to_str().unwrap()),
        "{err}"
    );
}

#[test]
fn train_toml_wins_over_the_files() {
    let Some(py) = venv_tool("python") else {
        return;
    };
    let (tmp, _) = gguf_release(&py);
    let dir = tmp.path();
    std::fs::write(
        dir.join("train.toml"),
        format!(
            "[model]\nrepo_id = \"{REPO}\"\nbase_model = \"me/tiny-instruct\"\n\
             license = \"mit\"\ntags = [\"llama\"]\n\
             usage = \"llama-cli -hf {REPO}:Q8_0 -p 'Hello'\"\n\n\
             [[evaluation]]\ntask = \"text-generation\"\n\
             dataset = {{ id = \"wikitext\", name = \"WikiText-2\" }}\n\
             metric = {{ type = \"perplexity\" }}\nvalue = 12.5\n"
        ),
    )
    .unwrap();
    let (ok, log) = render(dir, &[]);
    assert!(ok, "{log}");
    let card_path = dir.join("gguf/README.md");
    let meta = hub_metadata(&py, &card_path);
    assert_eq!(meta["base_model"], "me/tiny-instruct");
    assert_eq!(meta["license"], "mit");
    assert_eq!(meta["tags"][0], "llama");
    assert_eq!(
        meta["model-index"][0]["results"][0]["metrics"][0]["value"],
        12.5
    );
    let card = std::fs::read_to_string(&card_path).unwrap();
    let usage = region(&card, "usage");
    assert_eq!(
        usage.trim(),
        format!("## How to use\n\n```sh\nllama-cli -hf {REPO}:Q8_0 -p 'Hello'\n```")
    );
    assert!(region(&card, "evaluation").contains("| Perplexity | 12.5 |"));
    assert_eq!(lint(dir, "gguf/README.md"), (true, vec![]));
}

#[test]
fn damaged_gguf_headers_are_errors_never_panics() {
    let Some(py) = venv_tool("python") else {
        return;
    };
    let (tmp, files) = gguf_release(&py);
    let q4 = files.iter().find(|f| f.contains("Q4_0")).unwrap();
    let good = std::fs::read(tmp.path().join("gguf").join(q4)).unwrap();
    let header_end = 6000.min(good.len());
    let path = tmp.path().join("damaged.gguf");
    // Every truncation point in the header, and byte changes (seeded) across it.
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut cases: Vec<Vec<u8>> = (0..header_end)
        .step_by(7)
        .map(|n| good[..n].to_vec())
        .collect();
    for _ in 0..1500 {
        let mut b = good.clone();
        for _ in 0..1 + next() % 3 {
            let at = (next() as usize) % header_end;
            b[at] = match next() % 4 {
                0 => 0xff,
                1 => 0,
                2 => b[at] ^ 0x80,
                _ => next() as u8,
            };
        }
        cases.push(b);
    }
    let mut errors = 0;
    for bytes in &cases {
        std::fs::write(&path, bytes).unwrap();
        let result = std::panic::catch_unwind(|| cardgen::model_files::gguf::read(&path));
        match result {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => {
                errors += 1;
                assert!(e.path == path && !e.message.is_empty());
            }
            Err(_) => panic!("reading a damaged header panicked ({} bytes)", bytes.len()),
        }
    }
    assert!(errors > cases.len() / 2, "{errors} of {}", cases.len());
}

#[test]
fn a_gguf_card_is_checked_where_the_files_are_not() {
    let Some(py) = venv_tool("python") else {
        return;
    };
    let (tmp, files) = gguf_release(&py);
    let dir = tmp.path();
    let (ok, log) = render(dir, &[]);
    assert!(ok && log.contains("Wrote train.lock.json"), "{log}");
    let lock = std::fs::read_to_string(dir.join("train.lock.json")).unwrap();
    assert!(lock.contains("\"gguf\": [") && !lock.contains("\"artifacts\""));

    // A clone: the card is there, the GGUF files (on the Hub, or in LFS) are not.
    for f in &files {
        std::fs::remove_file(dir.join("gguf").join(f)).unwrap();
    }
    let (ok, log) = render(dir, &["--check"]);
    assert!(ok, "{log}");
    assert!(
        log.contains("gguf holds no GGUF files: the files' facts come from train.lock.json"),
        "{log}"
    );
    // train.toml changes without a re-render: the check fails and its command fixes it.
    let toml = std::fs::read_to_string(dir.join("train.toml")).unwrap();
    std::fs::write(
        dir.join("train.toml"),
        toml.replace("cardgen tests", "cardgen's tests"),
    )
    .unwrap();
    let (ok, log) = render(dir, &["--check"]);
    assert!(!ok && log.contains("--update"), "{log}");
    let (ok, log) = render(dir, &["--update"]);
    assert!(ok, "{log}");
    let (ok, log) = render(dir, &["--check"]);
    assert!(ok, "{log}");
}
