use super::*;

fn rendered(fm: Vec<(&str, Yaml)>, body: &str) -> Rendered {
    let fm: Vec<(String, Yaml)> = fm.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
    let yaml = super::super::yaml_emit::emit_document(&fm);
    Rendered {
        text: format!("---\n{yaml}---\n\n{body}"),
        front_matter: fm,
        template: "general".into(),
        notices: Vec::new(),
    }
}

const BODY: &str = "<!-- cardgen:begin a -->\n# New\n<!-- cardgen:end a -->\n";

#[test]
fn managed_keys_are_replaced_in_place_and_others_kept() {
    let old = "---\n# hand comment\nlicense: mit  # old\nwidget:\n- text: hi\ntags:\n- a\n---\n\n<!-- cardgen:begin a -->\n# Old\n<!-- cardgen:end a -->\n\nHand-written.\n";
    let new = rendered(
        vec![
            ("license", Yaml::str("apache-2.0")),
            ("tags", Yaml::Seq(vec![Yaml::str("b")])),
        ],
        BODY,
    );
    let out = update(old, &new).unwrap();
    assert_eq!(
        out,
        "---\n# hand comment\nlicense: apache-2.0\nwidget:\n- text: hi\ntags:\n- b\n---\n\n<!-- cardgen:begin a -->\n# New\n<!-- cardgen:end a -->\n\nHand-written.\n"
    );
}

#[test]
fn new_keys_follow_their_predecessor_and_stale_keys_go() {
    let old = "---\nlicense: mit\nthumbnail: x.png\nnew_version: a/b\n---\n<!-- cardgen:begin a -->\n<!-- cardgen:end a -->\n";
    let new = rendered(
        vec![
            ("license", Yaml::str("mit")),
            ("library_name", Yaml::str("peft")),
        ],
        BODY,
    );
    let out = update(old, &new).unwrap();
    assert!(
        out.starts_with("---\nlicense: mit\nlibrary_name: peft\nthumbnail: x.png\n---\n"),
        "{out}"
    );
}

#[test]
fn crlf_and_bom_are_kept() {
    let old = "\u{feff}---\r\nlicense: mit\r\nextra: 1\r\n---\r\n<!-- cardgen:begin a -->\r\n# Old\r\n<!-- cardgen:end a -->\r\nmine\r\n";
    let new = rendered(vec![("license", Yaml::str("bsd"))], BODY);
    let out = update(old, &new).unwrap();
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
        update(old, &new).unwrap(),
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
