//! Interop with the official Python client, in the venv `scripts/setup-python` builds
//! (`target/venv`: huggingface_hub 2.4.0, PyYAML 6.0.3):
//! - the Jinja2 template shipped inside huggingface_hub renders unchanged with `--template`, and
//!   huggingface_hub's `ModelCard` loads the result with the metadata cardgen built;
//! - the front-matter emitter round-trips arbitrary strings through PyYAML `safe_load`, as the
//!   Hub's client reads them.
//!
//! Without the venv the tests print "skipped" and pass, except under CI (`CI=true`), where a
//! missing venv is a failure.

use std::path::{Path, PathBuf};
use std::process::Command;

use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;

use cardgen::render::yaml_emit::{emit_document, Yaml};
use cardgen::render::{self, Options};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The venv's python, or `None` (after saying so) when the test should be skipped.
fn python() -> Option<PathBuf> {
    let py = root().join("target/venv/bin/python");
    if py.is_file() {
        return Some(py);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("target/venv/bin/python is missing under CI: run scripts/setup-python");
    }
    println!("skipped: run scripts/setup-python to create target/venv");
    None
}

/// Run a Python snippet with `input` on stdin; return stdout.
fn run_python(py: &Path, code: &str, input: &str) -> String {
    use std::io::Write;
    let mut child = Command::new(py)
        .args(["-c", code])
        .env("HF_HUB_OFFLINE", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Python: read a card the way huggingface_hub does and print its metadata as JSON, with
/// non-finite floats as their repr (as cardgen's JSON view shows them).
const LOAD_CARD: &str = r#"
import json, math, sys
from huggingface_hub import ModelCard
from huggingface_hub.repocard import REGEX_YAML_BLOCK
import yaml

def clean(v):
    if isinstance(v, float) and not math.isfinite(v):
        return repr(v)
    if isinstance(v, list):
        return [clean(x) for x in v]
    if isinstance(v, dict):
        return {k: clean(x) for k, x in v.items()}
    return v

text = sys.stdin.buffer.read().decode("utf-8")
card = ModelCard(text)
meta = yaml.safe_load(REGEX_YAML_BLOCK.search(text).group(2))
print(json.dumps({"meta": clean(meta), "eval_results": len(card.data.eval_results or []),
                  "body_starts": card.text.lstrip()[:60]}))
"#;

#[test]
fn huggingface_hub_template_renders_unchanged() {
    let Some(py) = python() else { return };
    let template = run_python(
        &py,
        "import huggingface_hub, os; print(os.path.join(os.path.dirname(huggingface_hub.__file__), 'templates', 'modelcard_template.md'))",
        "",
    );
    let template = PathBuf::from(template.trim());
    let fixtures = root().join("fixtures");
    let meta = std::fs::read_to_string(fixtures.join("train.toml")).unwrap();
    let opts = Options {
        base_dir: fixtures,
        template: Some(template),
        ..Options::default()
    };
    let card = render::render_toml(&meta, &opts).expect("the huggingface_hub template renders");
    assert!(card
        .text
        .contains("# Model Card for Qwen2.5-0.5B SQL Assistant (LoRA)"));
    assert!(card.text.contains("Review every query before running it"));
    // The template's own comment lines survive in the front matter.
    assert!(card
        .text
        .contains("# Doc / guide: https://huggingface.co/docs/hub/model-cards"));

    let loaded: serde_json::Value =
        serde_json::from_str(&run_python(&py, LOAD_CARD, &card.text)).unwrap();
    assert_eq!(loaded["meta"], Yaml::Map(card.front_matter).to_json());
    assert_eq!(loaded["eval_results"], 2);
}

#[test]
fn rendered_fixtures_load_in_huggingface_hub() {
    let Some(py) = python() else { return };
    let fixtures = root().join("fixtures");
    for name in [
        "train.toml",
        "train-full-finetune.toml",
        "train-minimal.toml",
    ] {
        let meta = std::fs::read_to_string(fixtures.join(name)).unwrap();
        let opts = Options {
            base_dir: fixtures.clone(),
            ..Options::default()
        };
        let card = render::render_toml(&meta, &opts).unwrap();
        let loaded: serde_json::Value =
            serde_json::from_str(&run_python(&py, LOAD_CARD, &card.text)).unwrap();
        assert_eq!(
            loaded["meta"],
            Yaml::Map(card.front_matter).to_json(),
            "{name}"
        );
        assert!(loaded["body_starts"]
            .as_str()
            .unwrap()
            .starts_with("<!-- cardgen:begin header -->"));
    }
}

/// Strings worth trying: everything YAML 1.1 or 1.2 could misread, then arbitrary ones.
fn samples() -> Vec<String> {
    let mut v: Vec<String> = [
        "yes",
        "No",
        "ON",
        "off",
        "y",
        "n",
        "~",
        "null",
        "true",
        "1.0",
        "1e5",
        "1_000",
        "0777",
        "0x1F",
        "0o17",
        "1:20",
        "2024-01-01",
        "2024-01-01 10:00:00",
        ".inf",
        "-.nan",
        "=",
        "<<",
        "---",
        "...",
        "a: b",
        "a #b",
        "#x",
        "- x",
        "? x",
        "{{ x }}",
        "{% x %}",
        "'q'",
        "\"q\"",
        "|",
        ">",
        "&a",
        "*a",
        "!tag",
        "%x",
        "@x",
        "`x`",
        " lead",
        "trail ",
        "",
        "a\nb",
        "a\r\nb",
        "\t",
        "\u{85}",
        "\u{2028}x",
        "\u{feff}",
        "\u{a0}",
        "é",
        "日本語",
        "🙂",
        "\0",
        "\u{7f}",
        "\u{9f}",
        "\u{fffe}",
        "C:\\path",
        "a\\nb",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    let mut runner = TestRunner::deterministic();
    let tricky = proptest::string::string_regex(
        "[-:#'\" {}\\[\\],&*!|>%@`?~=<.0-9a-zA-Z\n\r\t\u{85}\u{2028}\u{feff}é]{0,12}",
    )
    .unwrap();
    for _ in 0..400 {
        v.push(tricky.new_tree(&mut runner).unwrap().current());
        v.push(
            proptest::arbitrary::any::<String>()
                .new_tree(&mut runner)
                .unwrap()
                .current(),
        );
    }
    v
}

#[test]
fn emitter_round_trips_through_pyyaml() {
    let Some(py) = python() else { return };
    let values = samples();
    let mut entries: Vec<(String, Yaml)> = values
        .iter()
        .enumerate()
        .map(|(i, s)| (format!("k{i}"), Yaml::Str(s.clone())))
        .collect();
    // Strings as keys, lists, nested maps and floats too.
    entries.extend(values.iter().take(200).map(|s| (s.clone(), Yaml::Int(1))));
    entries.dedup_by(|a, b| a.0 == b.0);
    let mut seen = std::collections::HashSet::new();
    entries.retain(|(k, _)| seen.insert(k.clone()));
    entries.push((
        "list".into(),
        Yaml::Seq(values.iter().map(Yaml::str).collect()),
    ));
    entries.push((
        "floats".into(),
        Yaml::Seq(
            [
                0.1,
                1e-7,
                1e20,
                -2.5,
                0.0,
                f64::INFINITY,
                f64::NEG_INFINITY,
                f64::NAN,
                1e300,
            ]
            .into_iter()
            .map(Yaml::Float)
            .collect(),
        ),
    ));
    entries.push((
        "nested".into(),
        Yaml::Seq(vec![Yaml::Map(vec![
            (
                "a".into(),
                Yaml::Seq(vec![Yaml::Map(vec![("b".into(), Yaml::str("no"))])]),
            ),
            ("c".into(), Yaml::Map(vec![])),
        ])]),
    ));
    let yaml = emit_document(&entries);
    let code = r#"
import json, math, sys, yaml
def clean(v):
    if isinstance(v, float) and not math.isfinite(v):
        return repr(v)
    if isinstance(v, list):
        return [clean(x) for x in v]
    if isinstance(v, dict):
        return {k: clean(x) for k, x in v.items()}
    return v
print(json.dumps(clean(yaml.safe_load(sys.stdin.buffer.read().decode("utf-8")))))
"#;
    let got: serde_json::Value = serde_json::from_str(&run_python(&py, code, &yaml)).unwrap();
    let want = Yaml::Map(entries).to_json();
    if got != want {
        let (g, w) = (got.as_object().unwrap(), want.as_object().unwrap());
        let bad: Vec<_> = w
            .iter()
            .filter(|(k, v)| g.get(*k) != Some(v))
            .take(5)
            .collect();
        panic!("PyYAML read {} keys differently, e.g. {bad:?}", bad.len());
    }
}
