//! Every bundled train.toml renders into a card that lints clean, reads back as the metadata it
//! was built from, and is the same bytes every time, through the library and the binary.

use std::path::PathBuf;

use assert_cmd::Command;
use cardgen::card::CardContext;
use cardgen::config::Config;
use cardgen::render::{self, yaml_emit::Yaml, Options, Rendered};

const FIXTURES: &[&str] = &[
    "train.toml",
    "train-full-finetune.toml",
    "train-minimal.toml",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn render_fixture(name: &str) -> Rendered {
    let path = root().join("fixtures").join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    let opts = Options {
        base_dir: path.parent().unwrap().to_path_buf(),
        ..Options::default()
    };
    render::render_toml(&text, &opts).unwrap_or_else(|e| panic!("{name}: {e:?}"))
}

#[test]
fn every_fixture_lints_with_no_errors_and_no_warnings() {
    for name in FIXTURES {
        let card = render_fixture(name);
        let diags = cardgen::lint_bytes(card.text.as_bytes(), &Config::default());
        let loud: Vec<_> = diags
            .iter()
            .filter(|d| d.finding.severity >= cardgen::Severity::Warning)
            .collect();
        assert!(loud.is_empty(), "{name}: {loud:#?}");
    }
}

#[test]
fn front_matter_reads_back_as_the_data() {
    for name in FIXTURES {
        let card = render_fixture(name);
        let config = Config::default();
        let ctx = CardContext::new(card.text.as_bytes(), &config.limits.yaml);
        let meta = ctx.meta().expect("front matter").to_json();
        assert_eq!(
            meta,
            Yaml::Map(card.front_matter.clone()).to_json(),
            "{name}"
        );
        assert!(ctx
            .body_text()
            .trim_start()
            .starts_with("<!-- cardgen:begin header -->"));
    }
}

#[test]
fn rendering_is_deterministic() {
    for name in FIXTURES {
        assert_eq!(
            render_fixture(name).text,
            render_fixture(name).text,
            "{name}"
        );
    }
}

#[test]
fn the_binary_prints_the_same_bytes() {
    for name in FIXTURES {
        let out = Command::cargo_bin("cardgen")
            .unwrap()
            .current_dir(root())
            .args(["render", "--meta", &format!("fixtures/{name}"), "-o", "-"])
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            render_fixture(name).text
        );
    }
}

#[test]
fn adapter_fixture_imports_the_artifacts() {
    let card = render_fixture("train.toml");
    assert_eq!(card.template, "adapter");
    let fm = Yaml::Map(card.front_matter).to_json();
    assert_eq!(fm["library_name"], "peft");
    assert_eq!(fm["base_model_relation"], "adapter");
    assert_eq!(
        fm["tags"],
        serde_json::json!(["text-to-sql", "lora", "trl", "sft"])
    );
    // The second evaluation has no value in train.toml: it comes from eval_results.json.
    let metrics = &fm["model-index"][0]["results"][0]["metrics"];
    assert_eq!(metrics[1]["type"], "mean_token_accuracy");
    assert_eq!(metrics[1]["value"].as_f64(), Some(0.0041928719729185104));
    assert!(card.notices.iter().any(|n| n
        .message
        .contains("`eval_mean_token_accuracy` from eval_results.json")));
    for part in [
        "| r | 4 |",
        "| learning_rate | 0.002 |",
        "### Training results",
        "AutoPeftModelForCausalLM",
        "apply_chat_template(",
        "- TRL 1.16.0",
    ] {
        assert!(card.text.contains(part), "missing {part}");
    }
}

#[test]
fn full_finetune_fixture_takes_the_base_model_from_the_trainer_card() {
    let card = render_fixture("train-full-finetune.toml");
    let fm = Yaml::Map(card.front_matter).to_json();
    assert_eq!(fm["base_model"], "HuggingFaceTB/SmolLM2-135M");
    assert_eq!(fm["base_model_relation"], "finetune");
    assert_eq!(fm["pipeline_tag"], "text-generation");
    assert_eq!(fm["library_name"], "transformers");
    // max_steps=5 of num_train_epochs=3: the run's length is its steps.
    assert!(card.text.contains("| training_steps | 5 |"));
    assert!(!card.text.contains("| num_epochs |"));
    assert!(card.text.contains("saved without a chat template"));
}

#[test]
fn a_local_base_model_in_artifacts_is_left_out_with_a_notice() {
    let dir = tempfile::tempdir().unwrap();
    let art = dir.path().join("out");
    std::fs::create_dir(&art).unwrap();
    let config = std::fs::read_to_string(
        root().join("fixtures/artifacts/sft-lora/adapter_config.json"),
    )
    .unwrap()
    .replace(
        "\"Qwen/Qwen2.5-0.5B-Instruct\"",
        "\"/home/me/.cache/huggingface/hub/models--Qwen--Qwen2.5-0.5B-Instruct/snapshots/7ae557\"",
    );
    std::fs::write(art.join("adapter_config.json"), config).unwrap();
    let toml =
        "[model]\nname = \"x\"\ndescription = \"d\"\nlimitations = \"l\"\nusage = \"import x\"\n";
    let opts = Options {
        base_dir: dir.path().to_path_buf(),
        artifacts: Some(art),
        ..Options::default()
    };
    let card = render::render_toml(toml, &opts).unwrap();
    assert!(!card.front_matter.iter().any(|(k, _)| k == "base_model"));
    let help = card.notices.iter().find_map(|n| n.help.as_deref()).unwrap();
    assert!(
        help.contains("base_model = \"Qwen/Qwen2.5-0.5B-Instruct\""),
        "{help}"
    );
}

#[test]
fn a_marker_line_in_prose_is_refused() {
    let toml = "[model]\nname = \"x\"\ndescription = \"a\\n<!-- cardgen:end header -->\\nb\"\nlimitations = \"l\"\nusage = \"import x\"\n";
    let err = render::render_toml(toml, &Options::default()).unwrap_err();
    assert!(matches!(err, render::RenderError::Markers(_)), "{err:?}");
}
