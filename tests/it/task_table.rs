//! `schemas/vocab/architecture-tasks.json`, the architecture -> Hub task table compiled into the
//! binary: it is what `scripts/fixtures/make-task-table.py` makes from transformers' auto-model
//! mappings, its tags are Hub pipeline tags, and the compiled table answers as the file says.

use std::collections::BTreeMap;
use std::process::Command;

use cardgen::render::tasks;

use crate::support::{root, run, venv_tool};

fn table() -> serde_json::Value {
    let text =
        std::fs::read_to_string(root().join("schemas/vocab/architecture-tasks.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn the_committed_table_is_what_transformers_gives() {
    let Some(python) = venv_tool("python") else {
        return;
    };
    let (ok, out) = run(Command::new(python)
        .arg(root().join("scripts/fixtures/make-task-table.py"))
        .arg("--check")
        .env("TRANSFORMERS_VERBOSITY", "error"));
    assert!(ok, "{out}");
    assert!(out.contains("is current"), "{out}");
}

#[test]
fn every_tag_is_a_hub_pipeline_tag_and_the_binary_agrees_with_the_file() {
    let t = table();
    let vocab = std::fs::read_to_string(root().join("schemas/vocab/pipeline_tags.json")).unwrap();
    let vocab: serde_json::Value = serde_json::from_str(&vocab).unwrap();
    let hub: Vec<&str> = vocab["values"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    let archs: BTreeMap<String, Vec<String>> =
        serde_json::from_value(t["architectures"].clone()).unwrap();
    assert!(archs.len() > 1000, "{} architectures", archs.len());
    for (class, tags) in &archs {
        for tag in tags {
            assert!(
                hub.contains(&tag.as_str()),
                "{class}: {tag} is not a Hub pipeline tag"
            );
        }
        let compiled: Vec<&str> = tasks::architecture_tags(class).unwrap().to_vec();
        assert_eq!(compiled, *tags, "{class}");
    }
    for tag in t["pipelines"].as_array().unwrap() {
        assert!(hub.contains(&tag.as_str().unwrap()), "{tag}");
    }
    for (tag, class) in t["auto_classes"].as_object().unwrap() {
        assert_eq!(tasks::auto_class(tag), class.as_str(), "{tag}");
    }
    assert_eq!(tasks::table_source(), t["generated_by"].as_str().unwrap());
}

#[test]
fn the_fixture_configs_are_all_in_the_table() {
    let dir = root().join("fixtures/artifacts/configs");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let entry = entry.unwrap();
        let class = entry.file_name().to_string_lossy().into_owned();
        let config: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(entry.path().join("config.json")).unwrap(),
        )
        .unwrap();
        assert_eq!(config["architectures"][0], class.as_str());
        let tags = tasks::architecture_tags(&class).unwrap_or_else(|| panic!("{class}"));
        assert!(!tags.is_empty(), "{class} has no Hub task");
        seen += 1;
    }
    assert!(seen >= 13, "{seen} configs");
    // The table and the fixtures come from the same transformers.
    let readme = std::fs::read_to_string(root().join("fixtures/artifacts/README.md")).unwrap();
    let version = tasks::table_source().rsplit(' ').next().unwrap();
    assert!(
        readme.contains(&format!("transformers {version}")),
        "{version}"
    );
}
