//! Across the CG1xx rules: one finding per problem, and nothing on a clean card.

use super::testing::card;
use crate::config::Config;
use crate::finding::Finding;
use crate::rules::with_context;
use crate::rules::RULES;

fn metadata_findings(yaml: &str) -> Vec<Finding> {
    let text = card(yaml);
    let config = Config::default();
    let mut out = Vec::new();
    with_context(text.as_bytes(), &config, |ctx| {
        for rule in RULES
            .iter()
            .filter(|r| r.code.starts_with("CG1") || r.code == "CG008")
        {
            (rule.check)(ctx, &mut out);
        }
    });
    out
}

#[test]
fn each_problem_is_reported_by_one_rule() {
    let cases = [
        ("license: Apache-2.0\n", "CG102"),
        ("license: {a: b}\n", "CG102"),
        ("pipeline_tag: text_generation\n", "CG103"),
        ("library_name: Transformers\n", "CG104"),
        ("language: [en-US]\n", "CG105"),
        ("language: no\n", "CG008"),
        ("licence: mit\n", "CG106"),
        ("license: other\n", "CG107"),
        ("base_model: /home/me/model\n", "CG108"),
        ("datasets: [null]\n", "CG109"),
        ("tags:\n", "CG109"),
        ("license:\n", "CG109"),
        ("model-index: [{results: []}]\n", "CG110"),
        ("widget: {text: hi}\n", "CG111"),
        ("co2_eq_emissions: {emissions: lots}\n", "CG112"),
        ("tags: [a, b, a]\n", "CG114"),
        ("tags: {a: b}\n", "CG101"),
        ("gated: maybe\n", "CG101"),
    ];
    for (yaml, code) in cases {
        let got: Vec<&str> = metadata_findings(yaml).iter().map(|f| f.code).collect();
        assert_eq!(got, vec![code], "{yaml}");
    }
}

#[test]
fn a_complete_card_has_no_metadata_findings() {
    let yaml = "license: other\nlicense_name: my-license\nlicense_link: LICENSE\nlanguage: [en, de]\n\
                library_name: transformers\npipeline_tag: text-generation\ntags: [trl, sft]\n\
                base_model: meta-llama/Llama-3.1-8B\nbase_model_relation: finetune\n\
                datasets: [HuggingFaceH4/ultrachat_200k]\nmetrics: [accuracy]\n\
                widget:\n- messages: [{role: user, content: Hi}]\nco2_eq_emissions: {emissions: 12}\n\
                model-index:\n- name: m\n  results:\n  - task: {type: text-generation}\n    \
                dataset: {type: gsm8k, name: GSM8K}\n    metrics: [{type: accuracy, value: 0.5}]\n";
    assert_eq!(metadata_findings(yaml), vec![]);
}

#[test]
fn every_metadata_rule_is_registered_in_order() {
    let codes: Vec<&str> = RULES
        .iter()
        .map(|r| r.code)
        .filter(|c| c.starts_with("CG1"))
        .collect();
    let want: Vec<String> = (101..=115).map(|n| format!("CG{n}")).collect();
    assert_eq!(codes, want);
}
