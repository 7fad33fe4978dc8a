//! Validation against the embedded schema, on YAML parsed the way cards are.

use super::*;
use crate::card::yaml::{self, Limits};
use crate::finding::Span;

fn doc(src: &str) -> yaml::Document {
    yaml::parse(src, Span::new(0, src.len()), &Limits::default()).expect("test YAML parses")
}

/// (pointer, kind, text under the span) for every issue.
fn issues(src: &str) -> Vec<(String, IssueKind, String)> {
    let d = doc(src);
    schema()
        .validate(&d.root, |_| true)
        .into_iter()
        .map(|i| {
            (
                i.pointer.clone(),
                i.kind.clone(),
                src[i.span.start..i.span.end].to_owned(),
            )
        })
        .collect()
}

fn vocab(name: &'static str) -> IssueKind {
    IssueKind::NotInVocab { vocab: name }
}

#[test]
fn a_typical_card_is_valid() {
    let src = "license: apache-2.0\nlanguage: [en, fra, multilingual]\nlibrary_name: PaddleOCR\n\
               pipeline_tag: text-generation\ntags: [a]\ndatasets: [stanfordnlp/imdb, squad]\n\
               base_model: meta-llama/Llama-3.1-8B\nco2_eq_emissions: 12.5\ninference: false\n\
               thumbnail:\nmy_own_key: {anything: [1]}\n";
    assert_eq!(issues(src), vec![]);
}

#[test]
fn vocabulary_misses_point_at_the_value() {
    assert_eq!(
        issues("license: Apache-2.0\n"),
        vec![("/license".into(), vocab("licenses"), "Apache-2.0".into())]
    );
    assert_eq!(
        issues("language:\n  - en\n  - EN\n"),
        vec![("/language/1".into(), vocab("languages"), "EN".into())]
    );
    assert_eq!(
        issues("library_name: Transformers\n"),
        vec![(
            "/library_name".into(),
            vocab("library_names"),
            "Transformers".into()
        )]
    );
}

#[test]
fn any_of_with_no_fitting_branch_is_one_type_issue() {
    let expected = IssueKind::Type {
        expected: vec![JsonKind::Number, JsonKind::Object],
    };
    assert_eq!(
        issues("co2_eq_emissions: 12 g\n"),
        vec![("/co2_eq_emissions".into(), expected, "12 g".into())]
    );
}

#[test]
fn required_keys_point_at_the_mapping_s_first_key() {
    let src = "model-index:\n- name: m\n  results:\n  - task: {type: text-generation}\n    dataset: {name: x, type: y}\n";
    let got = issues(src);
    assert_eq!(
        got,
        vec![(
            "/model-index/0/results/0".into(),
            IssueKind::Required {
                property: "metrics".into()
            },
            "task".into()
        )]
    );
}

#[test]
fn nested_type_errors_keep_their_path() {
    let src = "model-index:\n- name: m\n  results:\n  - task: {type: t}\n    dataset: {name: x, type: y, config: 2017}\n    metrics: [{type: acc, value: 1}]\n";
    let d = doc(src);
    let got = schema().validate(&d.root, |_| true);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].path(), "model-index[0].results[0].dataset.config");
    assert_eq!(
        got[0].kind,
        IssueKind::Type {
            expected: vec![JsonKind::String]
        }
    );
}

#[test]
fn only_included_keys_are_validated() {
    let d = doc("license: nope\npipeline_tag: nope\n");
    let only_license = schema().validate(&d.root, |k| k == "license");
    assert_eq!(only_license.len(), 1);
    assert_eq!(only_license[0].top_key(), "license");
}

#[test]
fn hub_id_pattern() {
    for ok in ["gpt2", "meta-llama/Llama-3.1-8B", "a_b/c.d-e", "org/x.y"] {
        assert_eq!(issues(&format!("base_model: {ok}\n")), vec![], "{ok}");
    }
    for bad in [
        "/home/me/model",
        "./out",
        "a/b/c",
        "C:\\models\\x",
        "a--b/c",
        "a/b..c",
        "has space",
    ] {
        let got = issues(&format!("base_model: '{bad}'\n"));
        assert_eq!(got.len(), 1, "{bad}");
        assert_eq!(got[0].1, IssueKind::Pattern, "{bad}");
    }
}

#[test]
fn list_keys_reject_null_values_and_null_items() {
    let s = schema();
    let list_keys: Vec<&&str> = s.known_keys().iter().filter(|k| s.is_list_key(k)).collect();
    assert!(list_keys.len() >= 8, "{list_keys:?}");
    for key in [
        "tags",
        "datasets",
        "base_model",
        "language",
        "widget",
        "model-index",
        "license",
    ] {
        assert!(s.is_list_key(key), "{key}");
    }
    assert!(!s.is_list_key("pipeline_tag"));
    // The null-entry rule relies on this: in every list key, an empty value or item is an error.
    for key in list_keys {
        for yaml in [format!("{key}: null\n"), format!("{key}: [null]\n")] {
            assert!(!s.is_valid(&doc(&yaml).root), "{yaml}");
        }
    }
}

#[test]
fn unknown_top_level_keys_are_allowed() {
    assert!(schema().is_valid(&doc("licence: 3\nmodel_name: [x]\n").root));
    assert!(schema().is_known_key("extra_gated_fields"));
    assert!(!schema().is_known_key("licence"));
}

#[test]
fn values_read_as_json_does() {
    // Non-finite floats are strings, big integers too (as `Node::to_json` writes them).
    assert_eq!(issues("license_name: .nan\n"), vec![]);
    let got = issues("co2_eq_emissions: .inf\n");
    assert_eq!(got.len(), 1);
    assert_eq!(
        got[0].1,
        IssueKind::Type {
            expected: vec![JsonKind::Number, JsonKind::Object]
        }
    );
    assert_eq!(
        issues("co2_eq_emissions: 12\ngated: true\nthumbnail: ~\n"),
        vec![]
    );
    // With a duplicated key the last value counts, as in PyYAML.
    assert_eq!(issues("license: nope\nlicense: mit\n"), vec![]);
    // Non-string keys are keys as JSON writes them.
    assert_eq!(
        issues("extra_gated_fields: {1: text, true: checkbox}\n"),
        vec![]
    );
}

#[test]
fn duplicated_keys_count_once_the_last_time_at_every_level() {
    let s = schema();
    let cases = [
        ("license: nope\nlicense: mit\n", true),
        ("license: mit\nlicense: nope\n", false),
        ("license: mit\nlicense: mit\ntags: [a]\ntags: 3\n", false),
        (
            "model-index:\n- name: m\n  results:\n  - task: {type: t}\n    dataset: {type: d, name: n}\n    metrics:\n    - {type: acc, value: 1, value: x}\n",
            true,
        ),
        (
            "model-index:\n- name: m\n  name: [not, a, name]\n  results: []\n",
            false,
        ),
        (
            "model-index:\n- name: [not, a, name]\n  name: m\n  results: []\n",
            true,
        ),
        (
            "co2_eq_emissions: {emissions: x, emissions: 3}\n",
            true,
        ),
        (
            "co2_eq_emissions: {emissions: 3, emissions: x}\n",
            false,
        ),
    ];
    for (yaml, valid) in cases {
        let d = doc(yaml);
        assert_eq!(s.is_valid(&d.root), valid, "{yaml}");
        for (key, quick, full) in s.verdicts(&d.root) {
            assert_eq!(quick, full, "{yaml}: {key:?}");
        }
    }
}
