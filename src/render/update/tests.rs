use super::*;
use crate::render::record;

fn rendered(fm: Vec<(&str, Yaml)>, body: &str) -> Rendered {
    let fm: Vec<(String, Yaml)> = fm.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
    let yaml = super::super::yaml_emit::emit_document(&fm);
    Rendered {
        text: format!("---\n{yaml}---\n\n{body}"),
        front_matter: fm,
        template: "general".into(),
        notices: Vec::new(),
        lock: None,
    }
}

const BODY: &str = "<!-- cardgen:begin a -->\n# New\n<!-- cardgen:end a -->\n";

#[test]
fn managed_keys_are_replaced_in_place_and_others_kept() {
    let old = "---\n# hand comment\nlicense: mit  # old\nwidget:\n- text: hi\ntags:\n- a\n---\n\n<!-- cardgen:begin a -->\n# Old\n<!-- cardgen:end a -->\n\nHand-written.\n";
    let old = &with_record(old, &[("license", "\"mit\""), ("tags", "[\"a\"]")]);
    let new = rendered(
        vec![
            ("license", Yaml::str("apache-2.0")),
            ("tags", Yaml::Seq(vec![Yaml::str("b")])),
        ],
        BODY,
    );
    let out = crate::render::record::strip(&update(old, &new).unwrap().text);
    assert_eq!(
        out,
        "---\n# hand comment\nlicense: apache-2.0\nwidget:\n- text: hi\ntags:\n- b\n---\n\n<!-- cardgen:begin a -->\n# New\n<!-- cardgen:end a -->\n\nHand-written.\n"
    );
}

#[test]
fn new_keys_follow_their_predecessor_and_stale_keys_go() {
    let old = "---\nlicense: mit\nthumbnail: x.png\nnew_version: a/b\n---\n<!-- cardgen:begin a -->\n<!-- cardgen:end a -->\n";
    let old = &with_record(old, &[("license", "\"mit\""), ("new_version", "\"a/b\"")]);
    let new = rendered(
        vec![
            ("license", Yaml::str("mit")),
            ("library_name", Yaml::str("peft")),
        ],
        BODY,
    );
    let out = crate::render::record::strip(&update(old, &new).unwrap().text);
    assert!(
        out.starts_with("---\nlicense: mit\nlibrary_name: peft\nthumbnail: x.png\n---\n"),
        "{out}"
    );
}

#[test]
fn crlf_and_bom_are_kept() {
    let old = "\u{feff}---\r\nlicense: mit\r\nextra: 1\r\n---\r\n<!-- cardgen:begin a -->\r\n# Old\r\n<!-- cardgen:end a -->\r\nmine\r\n";
    let new = rendered(vec![("license", Yaml::str("bsd"))], BODY);
    let out = crate::render::record::strip(&update(old, &new).unwrap().text);
    assert_eq!(
        out,
        "\u{feff}---\r\nlicense: bsd\r\nextra: 1\r\n---\r\n<!-- cardgen:begin a -->\r\n# New\r\n<!-- cardgen:end a -->\r\nmine\r\n"
    );
}

#[test]
fn flow_style_front_matter_is_refused() {
    let old = "---\n{license: mit}\n---\n<!-- cardgen:begin a -->\n<!-- cardgen:end a -->\n";
    let new = rendered(vec![("license", Yaml::str("bsd"))], BODY);
    assert!(update(old, &new).is_err());
}

#[test]
fn a_card_without_front_matter_gets_one() {
    let old = "<!-- cardgen:begin a -->\n# Old\n<!-- cardgen:end a -->\n";
    let new = rendered(vec![("license", Yaml::str("mit"))], BODY);
    assert_eq!(
        crate::render::record::strip(&update(old, &new).unwrap().text),
        format!("---\nlicense: mit\n---\n{BODY}")
    );
}

#[test]
fn diff_is_unified_and_empty_when_equal() {
    assert_eq!(unified_diff("a\n", "a\n", "README.md"), "");
    let d = unified_diff("a\nb\n", "a\nc\n", "README.md");
    assert!(
        d.starts_with("--- README.md\n+++ README.md (rendered)\n@@"),
        "{d}"
    );
    assert!(d.contains("-b\n+c\n"));
}

#[test]
fn line_endings() {
    assert_eq!(line_ending("a\r\nb\n"), "\r\n");
    assert_eq!(line_ending("a\nb\r\n"), "\n");
    assert_eq!(line_ending("a"), "\n");
}

/// `card` with a record of the given front-matter values (JSON) as cardgen's.
fn with_record(card: &str, keys: &[(&str, &str)]) -> String {
    let mut r = Record::default();
    for (k, json) in keys {
        let value: serde_json::Value = serde_json::from_str(json).unwrap();
        r.keys.insert((*k).to_owned(), record::value_hashes(&value));
    }
    record::append(card, &r, "\n")
}

/// A card as cardgen renders it: the rendering with its record.
fn written(new: &Rendered) -> String {
    let record = Record::of(&new.front_matter, &new.text);
    record::append(&new.text, &record, "\n")
}

fn messages(notices: &[Notice]) -> Vec<String> {
    notices.iter().map(|n| n.message.clone()).collect()
}

#[test]
fn an_unedited_card_updates_without_a_word() {
    let first = rendered(vec![("tags", Yaml::Seq(vec![Yaml::str("a")]))], BODY);
    let second = rendered(
        vec![("tags", Yaml::Seq(vec![Yaml::str("b")]))],
        &BODY.replace("New", "Newer"),
    );
    let out = update(&written(&first), &second).unwrap();
    assert_eq!(out.text, written(&second));
    assert_eq!(messages(&out.notices), Vec::<String>::new());
}

#[test]
fn entries_added_by_hand_are_kept_and_entries_train_toml_dropped_go() {
    let first = rendered(
        vec![("tags", Yaml::Seq(vec![Yaml::str("a"), Yaml::str("gone")]))],
        BODY,
    );
    let edited = written(&first).replace("- gone\n", "- gone\n- mine\n");
    let second = rendered(vec![("tags", Yaml::Seq(vec![Yaml::str("a")]))], BODY);
    let out = update(&edited, &second).unwrap();
    assert!(
        out.text.starts_with("---\ntags:\n- a\n- mine\n---\n"),
        "{}",
        out.text
    );
    assert_eq!(messages(&out.notices), ["kept tags mine (added by hand)"]);
}

#[test]
fn managed_keys_edited_or_added_by_hand_are_named_or_kept() {
    let first = rendered(vec![("license", Yaml::str("mit"))], BODY);
    let edited = written(&first).replace(
        "license: mit",
        "license: bsd\npipeline_tag: fill-mask\nnew_version: a/b",
    );
    let second = rendered(
        vec![
            ("license", Yaml::str("mit")),
            ("pipeline_tag", Yaml::str("text-generation")),
        ],
        BODY,
    );
    let out = update(&edited, &second).unwrap();
    assert!(
        out.text.starts_with(
            "---\nlicense: mit\npipeline_tag: text-generation\nnew_version: a/b\n---\n"
        ),
        "{}",
        out.text
    );
    assert_eq!(
        messages(&out.notices),
        [
            "replaced `license: bsd`, edited by hand, with `mit` from train.toml",
            "replaced `pipeline_tag: fill-mask`, edited by hand, with `text-generation` from train.toml",
            "kept `new_version: a/b`, added by hand (train.toml does not set it)",
        ]
    );
}

#[test]
fn a_hand_edit_inside_a_region_is_named_when_replaced() {
    let first = rendered(vec![("license", Yaml::str("mit"))], BODY);
    let edited = written(&first).replace("# New\n", "# New\nMy note.\n");
    let out = update(&edited, &first).unwrap();
    assert_eq!(out.text, written(&first));
    assert_eq!(
        messages(&out.notices),
        ["replaced a hand edit inside region `a` (line 5) with train.toml's text"]
    );
    assert!(out.notices[0]
        .help
        .as_deref()
        .unwrap()
        .contains("`My note.`"));
}

#[test]
fn a_card_without_a_record_keeps_what_train_toml_does_not_produce() {
    let old =
        "---\ntags:\n- a\n- mine\n---\n<!-- cardgen:begin a -->\n# Old\n<!-- cardgen:end a -->\n";
    let new = rendered(vec![("tags", Yaml::Seq(vec![Yaml::str("a")]))], BODY);
    let out = update(old, &new).unwrap();
    assert!(out.text.starts_with("---\ntags:\n- a\n- mine\n---\n"));
    assert_eq!(out.notices.len(), 2, "{:?}", out.notices);
}
