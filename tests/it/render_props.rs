//! Properties of rendering:
//! - arbitrary strings in every front-matter field come back identical when the card is read
//!   with cardgen's YAML parser, and the body never opens a second front matter;
//! - `--update` keeps every hand-written byte (between regions, extra front-matter keys, CRLF)
//!   and re-renders only the managed parts.

use std::path::PathBuf;

use proptest::prelude::*;

use cardgen::card::{frontmatter, yaml, CardContext};
use cardgen::config::Config;
use cardgen::render::meta::{EvalDataset, EvalMetric, Evaluation, Meta, OneOrMany};
use cardgen::render::yaml_emit::{emit_entry, Yaml};
use cardgen::render::{self, update, Options};

fn text() -> impl Strategy<Value = String> {
    // Any Unicode scalar values, controls and line separators included; not blank (blank
    // values are dropped on purpose).
    any::<String>().prop_filter("not blank", |s| !s.trim().is_empty())
}

fn texts() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(text(), 1..4)
}

fn eval(fields: Vec<String>, value: f64) -> Evaluation {
    Evaluation {
        task: fields[0].clone(),
        task_name: Some(fields[1].clone()),
        dataset: EvalDataset {
            id: fields[2].clone(),
            name: fields[3].clone(),
            config: Some(fields[4].clone()),
            split: Some(fields[5].clone()),
            revision: Some(fields[6].clone()),
        },
        metric: EvalMetric {
            kind: fields[7].clone(),
            name: Some(fields[8].clone()),
        },
        value: Some(value),
        from: None,
        checkpoint: None,
    }
}

prop_compose! {
    fn meta()(
        s in prop::collection::vec(text(), 12),
        lists in prop::collection::vec(texts(), 4),
        ev in prop::collection::vec(text(), 9),
        value in any::<f64>(),
        co2 in any::<f64>(),
    ) -> Meta {
        let mut m = Meta::default();
        let md = &mut m.model;
        md.name = Some(s[0].clone());
        md.license = Some(s[1].clone());
        md.license_name = Some(s[2].clone());
        md.license_link = Some(s[3].clone());
        md.pipeline_tag = Some(s[4].clone());
        md.library_name = Some(s[5].clone());
        md.new_version = Some(s[6].clone());
        md.base_model_relation = Some(s[7].clone());
        md.description = Some(s[8].clone());
        md.limitations = Some(s[9].clone());
        md.usage = Some(s[10].clone());
        md.language = Some(OneOrMany::Many(lists[0].clone()));
        md.datasets = lists[1].clone();
        md.tags = lists[2].clone();
        md.metrics = lists[3].clone();
        md.base_model = Some(OneOrMany::One("owner/base-model".into()));
        m.training.hardware = Some(s[11].clone());
        m.training.co2_eq_emissions = Some(co2);
        m.evaluation = vec![eval(ev, value)];
        m
    }
}

/// The value the Hub's reader sees for `key`.
fn read_back(card: &str) -> serde_json::Value {
    let config = Config::default();
    let ctx = CardContext::new(card.as_bytes(), &config.limits.yaml);
    let fm = ctx.front_matter.expect("front matter");
    let doc = yaml::parse(ctx.text, fm.yaml, &config.limits.yaml).expect("YAML parses");
    assert!(
        frontmatter::find(ctx.body_text()).is_none(),
        "the body opens a second front matter"
    );
    doc.root.to_json()
}

fn float_json(f: f64) -> serde_json::Value {
    Yaml::Float(f).to_json()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn every_front_matter_field_round_trips(m in meta()) {
        let card = render::render(&m, &Options::default()).expect("renders");
        let got = read_back(&card.text);
        let md = &m.model;
        prop_assert_eq!(&got["license"], md.license.as_deref().unwrap());
        prop_assert_eq!(&got["license_name"], md.license_name.as_deref().unwrap());
        prop_assert_eq!(&got["license_link"], md.license_link.as_deref().unwrap());
        prop_assert_eq!(&got["pipeline_tag"], md.pipeline_tag.as_deref().unwrap());
        prop_assert_eq!(&got["library_name"], md.library_name.as_deref().unwrap());
        prop_assert_eq!(&got["new_version"], md.new_version.as_deref().unwrap());
        prop_assert_eq!(&got["base_model_relation"], md.base_model_relation.as_deref().unwrap());
        prop_assert_eq!(&got["language"], &serde_json::json!(md.language.as_ref().unwrap().as_slice()));
        prop_assert_eq!(&got["datasets"], &serde_json::json!(dedup(&md.datasets)));
        prop_assert_eq!(&got["tags"], &serde_json::json!(dedup(&md.tags)));
        let e = &m.evaluation[0];
        let co2 = &got["co2_eq_emissions"];
        prop_assert_eq!(&co2["emissions"], &float_json(m.training.co2_eq_emissions.unwrap()));
        prop_assert_eq!(&co2["hardware_used"], m.training.hardware.as_deref().unwrap());
        let index = &got["model-index"][0];
        prop_assert_eq!(&index["name"], md.name.as_deref().unwrap());
        let result = &index["results"][0];
        prop_assert_eq!(&result["task"]["type"], e.task.as_str());
        prop_assert_eq!(&result["task"]["name"], e.task_name.as_deref().unwrap());
        prop_assert_eq!(&result["dataset"]["type"], e.dataset.id.as_str());
        prop_assert_eq!(&result["dataset"]["name"], e.dataset.name.as_str());
        prop_assert_eq!(&result["dataset"]["config"], e.dataset.config.as_deref().unwrap());
        prop_assert_eq!(&result["dataset"]["split"], e.dataset.split.as_deref().unwrap());
        prop_assert_eq!(&result["dataset"]["revision"], e.dataset.revision.as_deref().unwrap());
        prop_assert_eq!(&result["metrics"][0]["type"], e.metric.kind.as_str());
        prop_assert_eq!(&result["metrics"][0]["name"], e.metric.name.as_deref().unwrap());
        prop_assert_eq!(&result["metrics"][0]["value"], &float_json(e.value.unwrap()));
    }

    #[test]
    fn a_single_entry_round_trips_as_key_and_value(key in text(), value in any::<String>()) {
        let fm = vec![(key.clone(), Yaml::Str(value.clone()))];
        let card = format!("---\n{}---\n\n# t\n", emit_entry(&key, &Yaml::Str(value.clone())));
        cardgen::render::yaml_emit::emit_document(&fm);
        let got = read_back(&card);
        prop_assert_eq!(got, serde_json::json!({ key: value }));
    }
}

fn dedup(v: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in v {
        if !out.contains(s) {
            out.push(s.clone());
        }
    }
    out
}

// ---- --update keeps hand-written bytes ----

fn fixture_meta() -> (Meta, Options) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let text = std::fs::read_to_string(dir.join("train.toml")).unwrap();
    let meta = render::parse_meta(&text).unwrap();
    let opts = Options {
        base_dir: dir,
        ..Options::default()
    };
    (meta, opts)
}

/// Hand-written text: whole lines, never a cardgen marker.
fn hand_chunk() -> impl Strategy<Value = String> {
    prop::collection::vec("[^\n\r]*", 0..4).prop_map(|lines| {
        lines
            .into_iter()
            .filter(|l| !l.contains("cardgen:"))
            .map(|l| format!("{l}\n"))
            .collect()
    })
}

/// Insert hand-written material into a rendered card: `extra` front-matter entries before
/// top-level entry `k`, and `chunks[j]` after the j-th region boundary (the start of the body,
/// then every end-marker line). Then use `eol` throughout.
fn decorate(card: &str, extra: &[(usize, String, String)], chunks: &[String], eol: &str) -> String {
    let fm = frontmatter::find(card).unwrap();
    let yaml = &card[fm.yaml.start..fm.close.start + 1];
    let mut starts: Vec<usize> = yaml
        .match_indices('\n')
        .map(|(i, _)| i + 1)
        .filter(|&i| i < yaml.len() && !yaml[i..].starts_with([' ', '-']))
        .collect();
    starts.insert(0, 0);
    let mut new_yaml = String::new();
    let mut pos = 0;
    for (k, &at) in starts.iter().enumerate() {
        new_yaml.push_str(&yaml[pos..at]);
        pos = at;
        for (_, key, value) in extra.iter().filter(|(i, _, _)| i % starts.len() == k) {
            new_yaml.push_str(&emit_entry(key, &Yaml::Str(value.clone())));
        }
    }
    new_yaml.push_str(&yaml[pos..]);
    let body = &card[fm.body_start()..];
    let mut bounds = vec![0];
    bounds.extend(
        body.match_indices("<!-- cardgen:end ")
            .map(|(i, _)| i + body[i..].find('\n').unwrap() + 1),
    );
    let mut new_body = String::new();
    let mut pos = 0;
    for (j, &at) in bounds.iter().enumerate() {
        new_body.push_str(&body[pos..at]);
        pos = at;
        if let Some(c) = chunks.get(j) {
            new_body.push_str(c);
        }
    }
    new_body.push_str(&body[pos..]);
    let out = format!(
        "{}{new_yaml}{}{new_body}",
        &card[..fm.yaml.start],
        &card[fm.close.start + 1..fm.body_start()]
    );
    out.replace('\n', eol)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn update_keeps_hand_written_bytes(
        chunks in prop::collection::vec(hand_chunk(), 0..12),
        extra in prop::collection::vec((any::<usize>(), "x_[a-z]{1,8}", any::<String>()), 0..4),
        crlf in any::<bool>(),
        license in "[a-z][a-z0-9-]{1,12}",
        description in text(),
    ) {
        let eol = if crlf { "\r\n" } else { "\n" };
        let mut extra = extra;
        extra.dedup_by(|a, b| a.1 == b.1);
        let (meta, opts) = fixture_meta();
        let before = render::render(&meta, &opts).unwrap();
        let mut changed = meta.clone();
        changed.model.license = Some(license);
        changed.model.description = Some(description);
        let after = render::render(&changed, &opts).unwrap();

        let old = decorate(&before.text, &extra, &chunks, eol);
        let updated = update::update(&old, &after).unwrap();
        prop_assert_eq!(updated.text, decorate(&after.text, &extra, &chunks, eol));
    }
}
