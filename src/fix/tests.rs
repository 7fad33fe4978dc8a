use super::*;
use crate::config::Config;

const BODY: &str = "# Model\n";

fn card(yaml: &str) -> String {
    format!("---\n{yaml}---\n{BODY}")
}

/// Fix a card made of this front matter; returns the new front matter and the rule codes fixed.
fn fix_yaml(yaml: &str) -> (String, Vec<&'static str>) {
    let fixed = fix_text(&card(yaml), &Config::default());
    let inner = fixed
        .text
        .strip_prefix("---\n")
        .and_then(|t| t.strip_suffix(&format!("---\n{BODY}")))
        .expect("the delimiters and body are kept")
        .to_owned();
    (inner, fixed.applied.iter().map(|a| a.code).collect())
}

fn assert_fixes(yaml: &str, want: &str, codes: &[&str]) {
    let (got, applied) = fix_yaml(yaml);
    assert_eq!(got, want, "fixing {yaml:?}");
    assert_eq!(applied, codes, "fixing {yaml:?}");
}

fn assert_untouched(yaml: &str) {
    assert_fixes(yaml, yaml, &[]);
}

#[test]
fn license_case_keeps_quotes_and_comments() {
    assert_fixes(
        "license: Apache-2.0 # the usual\n",
        "license: apache-2.0 # the usual\n",
        &["CG102"],
    );
    assert_fixes("license: \"MIT\"\n", "license: \"mit\"\n", &["CG102"]);
    assert_fixes("license: 'MIT'\n", "license: 'mit'\n", &["CG102"]);
    assert_fixes(
        "license: [MIT, cc-by-4.0, Apache-2.0]\n",
        "license: [mit, cc-by-4.0, apache-2.0]\n",
        &["CG102", "CG102"],
    );
    assert_fixes(
        "license:\n  - MIT  # a\n  - CC-BY-4.0\n",
        "license:\n  - mit  # a\n  - cc-by-4.0\n",
        &["CG102", "CG102"],
    );
}

#[test]
fn only_case_is_fixed_and_only_literal_spellings() {
    // A different spelling is a guess, not a fix.
    assert_untouched("license: apache2\n");
    assert_untouched("pipeline_tag: text_generation\n");
    // Escapes, anchors and tags are left alone.
    assert_untouched("license: \"\\x4dIT\"\n");
    assert_untouched("license: &l MIT\nlicense_name: *l\n");
    assert_untouched("license: !!str MIT\n");
}

#[test]
fn pipeline_tag_and_library_name_case() {
    assert_fixes(
        "pipeline_tag: Text-Generation\nlibrary_name: Transformers\n",
        "pipeline_tag: text-generation\nlibrary_name: transformers\n",
        &["CG103", "CG104"],
    );
    assert_fixes(
        "library_name: paddleocr\n",
        "library_name: PaddleOCR\n",
        &["CG104"],
    );
}

#[test]
fn misspelt_keys_are_renamed_when_the_right_key_is_absent() {
    assert_fixes(
        "licence: mit # TRL wrote this\nbase-model: a/b\nPipeline_Tag: fill-mask\n",
        "license: mit # TRL wrote this\nbase_model: a/b\npipeline_tag: fill-mask\n",
        &["CG106", "CG106", "CG106"],
    );
    assert_fixes("'languages': [en]\n", "'language': [en]\n", &["CG106"]);
    // The right key is there: renaming would make a duplicate.
    assert_untouched("licence: mit\nlicense: apache-2.0\n");
    // Two keys would become one.
    assert_untouched("licence: mit\nlicenses: [mit]\n");
    // A guess of CG106 (`task` is not certainly `tags`) is not renamed.
    assert_untouched("quantized_by: me\ntask: x\n");
}

#[test]
fn a_rename_that_raises_a_new_finding_is_not_applied() {
    // TRL's `licence: license` would become an invalid `license`.
    assert_untouched("licence: license\n");
    assert_untouched("model_index: {name: x}\n");
}

#[test]
fn fixes_chain_to_a_fixed_point() {
    let text = card("Licence: Apache-2.0\n");
    let fixed = fix_text(&text, &Config::default());
    assert_eq!(fixed.text, card("license: apache-2.0\n"));
    let applied: Vec<(&str, Span)> = fixed.applied.iter().map(|a| (a.code, a.span)).collect();
    // Both spans are in the original text: `Licence` at 4..11, `Apache-2.0` at 13..23.
    assert_eq!(
        applied,
        [("CG106", Span::new(4, 11)), ("CG102", Span::new(13, 23))]
    );
    assert_eq!(&text[13..23], "Apache-2.0");
    assert!(fixed.remaining.iter().all(|d| d.finding.code != "CG102"));
}

#[test]
fn repeated_tags_are_removed_in_flow_and_block_lists() {
    assert_fixes(
        "tags: [trl, sft, trl, trl]\n",
        "tags: [trl, sft]\n",
        &["CG114", "CG114"],
    );
    assert_fixes(
        "tags:\n# ours\n- trl\n- sft  # keep this comment\n- trl\n- x\n",
        "tags:\n# ours\n- trl\n- sft  # keep this comment\n- x\n",
        &["CG114"],
    );
    assert_fixes(
        "tags:\n  - 'a'\n  - \"a\"\n  - b\n",
        "tags:\n  - 'a'\n  - b\n",
        &["CG114"],
    );
    // A comment on the repeated item's line would be lost: left alone.
    assert_untouched("tags:\n- a\n- a # again\n");
    assert_untouched("tags: [a, # one\n  a]\n");
}

#[test]
fn single_values_become_lists_where_the_hub_wants_a_list() {
    assert_fixes(
        "buckets: my-org/my-bucket\n",
        "buckets: [my-org/my-bucket]\n",
        &["CG108"],
    );
    assert_fixes(
        "buckets: \"my-org/my-bucket\" # ours\n",
        "buckets: [\"my-org/my-bucket\"] # ours\n",
        &["CG108"],
    );
    assert_fixes(
        "widget: {text: Hello, example_title: Hi}\n",
        "widget: [{text: Hello, example_title: Hi}]\n",
        &["CG111"],
    );
    assert_fixes(
        "widget:  # one example\n  text: Hello\n  # the title\n  example_title: Hi\nlicense: mit\n",
        "widget:  # one example\n- text: Hello\n  # the title\n  example_title: Hi\nlicense: mit\n",
        &["CG111"],
    );
    assert_fixes(
        "widget:\n    text: Hello\n    example_title: Hi\n",
        "widget:\n  - text: Hello\n    example_title: Hi\n",
        &["CG111"],
    );
    // An anchor in front would move to the list.
    assert_untouched("widget: &w\n  text: Hello\n");
    // `tags: x` is valid (a string or a list): nothing to fix.
    assert_untouched("tags: x\ndatasets: imdb\n");
}

#[test]
fn a_model_index_mapping_is_wrapped_only_when_its_content_is_valid() {
    let good = "model-index:\n  name: m\n  results:\n  - task: {type: fill-mask}\n    \
                dataset: {type: imdb, name: IMDb}\n    metrics: [{type: acc, value: 1}]\n";
    let want = good.replacen("  name: m", "- name: m", 1);
    assert_fixes(good, &want, &["CG110"]);
    assert_untouched("model-index:\n  name: m\n");
}

#[test]
fn crlf_and_comments_are_kept() {
    let text = "---\r\n# top comment\r\nlicense: MIT\r\ntags:\r\n- a\r\n- a\r\n- b # b\r\n\
                licence_url: x\r\n---\r\n# Model\r\n";
    let fixed = fix_text(text, &Config::default());
    assert_eq!(
        fixed.text,
        "---\r\n# top comment\r\nlicense: mit\r\ntags:\r\n- a\r\n- b # b\r\n\
         licence_url: x\r\n---\r\n# Model\r\n"
    );
    assert_eq!(fixed.applied.len(), 2);
}

#[test]
fn bytes_keep_their_byte_order_mark_and_other_encodings_are_left_alone() {
    let config = Config::default();
    let fixed = fix_bytes(b"\xEF\xBB\xBF---\nlicense: MIT\n---\n# M\n", &config);
    assert_eq!(fixed.bytes, b"\xEF\xBB\xBF---\nlicense: mit\n---\n# M\n");
    assert!(fixed.changed());
    let utf16 = b"\xFF\xFE-\x00-\x00";
    let fixed = fix_bytes(utf16, &config);
    assert_eq!(fixed.bytes, utf16);
    assert!(!fixed.changed());
    assert!(fixed.remaining.iter().any(|d| d.finding.code == "CG001"));
}

#[test]
fn nothing_to_fix_keeps_the_text() {
    let text = card("license: mit\ntags: [a, b]\n");
    let fixed = fix_text(&text, &Config::default());
    assert_eq!(fixed.text, text);
    assert!(fixed.applied.is_empty());
    let broken = "---\nlicense: [MIT\n---\n";
    assert_eq!(fix_text(broken, &Config::default()).text, broken);
}

#[test]
fn disabled_rules_fix_nothing() {
    let mut config = Config::default();
    config.severity.insert("CG102", None);
    let text = card("license: MIT\ntags: [a, a]\n");
    let fixed = fix_text(&text, &config);
    assert_eq!(fixed.text, card("license: MIT\ntags: [a]\n"));
}

#[test]
fn fixable_rules_are_marked_in_the_registry() {
    let fixable: Vec<&str> = crate::rules::RULES
        .iter()
        .filter(|r| r.fixable())
        .map(|r| r.code)
        .collect();
    assert_eq!(
        fixable,
        ["CG102", "CG103", "CG104", "CG106", "CG108", "CG110", "CG111", "CG114"]
    );
    for code in fixable {
        let rule = crate::rules::find(code).unwrap();
        assert!(
            rule.docs.contains("## Autofix"),
            "{code} docs say what --fix does"
        );
    }
}

#[test]
fn conflicting_edits_are_detected() {
    let a = Edit::new(Span::new(0, 4), "x");
    assert!(a.conflicts(&Edit::new(Span::new(3, 5), "")));
    assert!(a.conflicts(&Edit::new(Span::empty(2), "[")));
    assert!(!a.conflicts(&Edit::new(Span::new(4, 6), "")));
    assert!(!a.conflicts(&Edit::new(Span::empty(4), "]")));
    let i = Edit::new(Span::empty(4), "[");
    assert!(i.conflicts(&Edit::new(Span::empty(4), "]")));
}

#[test]
fn quoted_scalars_followed_by_comments() {
    assert_fixes(
        "license: \"MIT\"  # c\ntags: [\"a\" # one\n  , 'b', \"a\"]\n",
        "license: \"mit\"  # c\ntags: [\"a\" # one\n  , 'b']\n",
        &["CG102", "CG114"],
    );
    assert_untouched("tags:\n- 'a'\n- 'a' # again\n");
    assert_fixes("licence: 'it''s'\n", "licence: 'it''s'\n", &[]);
}

#[test]
fn safe_fixes_are_the_fixes_fix_text_takes_one_at_a_time() {
    let text = card("Licence: MIT\npipeline_tag: Text-Generation\ntags: [a, a]\n");
    let all = safe_fixes(&text, &Config::default(), |_| true);
    let codes: Vec<&str> = all.iter().map(|f| f.code).collect();
    assert_eq!(codes, ["CG106", "CG103", "CG114"], "{all:#?}");
    // Each one alone removes a finding of its rule and adds none.
    for fix in &all {
        let fixed = apply_edits(&text, &fix.edits);
        let before = crate::lint::lint_bytes(text.as_bytes(), &Config::default());
        let after = crate::lint::lint_bytes(fixed.as_bytes(), &Config::default());
        let count =
            |ds: &[crate::Diagnostic]| ds.iter().filter(|d| d.finding.code == fix.code).count();
        assert!(count(&after) < count(&before), "{fix:?}");
    }
    let only_tags = safe_fixes(&text, &Config::default(), |f| f.code == "CG114");
    assert_eq!(only_tags.len(), 1);
    assert!(safe_fixes(&card("license: mit\n"), &Config::default(), |_| true).is_empty());
}
