use super::*;
use crate::card::yaml::node::StrKind;

fn doc(src: &str) -> Result<Document, Error> {
    parse(src, Span::new(0, src.len()), &Limits::default())
}

fn json(src: &str) -> serde_json::Value {
    doc(src).unwrap().root.to_json()
}

#[test]
fn mapping_with_spans() {
    let src = "license: mit\ntags:\n  - a\n  - b\n";
    let d = doc(src).unwrap();
    let tags = d.root.get("tags").unwrap();
    let b = &tags.as_seq().unwrap()[1];
    assert_eq!(&src[b.span.start..b.span.end], "b");
    let key = d.root.locate_key("/license").unwrap();
    assert_eq!(&src[key.span.start..key.span.end], "license");
}

#[test]
fn spans_with_crlf_and_unicode() {
    let src = "name: \"é\u{1F600}\"\r\nx: y\r\n";
    let d = doc(src).unwrap();
    let x = d.root.get("x").unwrap();
    assert_eq!(&src[x.span.start..x.span.end], "y");
}

#[test]
fn pyyaml_resolution_and_notes() {
    let d = doc("a: yes\nb: '0777'\nc: 0777\n").unwrap();
    assert_eq!(
        d.root.to_json(),
        serde_json::json!({"a": true, "b": "0777", "c": 511})
    );
    assert_eq!(d.notes.len(), 2);
}

#[test]
fn tags() {
    assert_eq!(
        json("a: !!str 12\nb: !!int '7'\nc: ! 5\n"),
        serde_json::json!({"a": "12", "b": 7, "c": 5})
    );
    assert!(doc("a: !custom x\n").is_err());
    assert!(doc("a: !!bool maybe\n").is_err());
    let d = doc("a: !!binary aGk=\n").unwrap();
    assert_eq!(
        d.root.get("a").unwrap().value,
        Value::Str("aGk=".into(), StrKind::Binary)
    );
}

#[test]
fn merge_keys() {
    let src = "base: &b {x: 1, y: 2}\nd:\n  <<: *b\n  y: 3\n";
    assert_eq!(json(src)["d"], serde_json::json!({"x": 1, "y": 3}));
    let src = "a: &a {k: 1}\nb: &b {k: 2}\nc:\n  <<: [*a, *b]\n";
    assert_eq!(json(src)["c"], serde_json::json!({"k": 1}));
    assert!(doc("a:\n  <<: 3\n").is_err());
    assert!(doc("a: <<\n").is_err());
    assert_eq!(json("'<<': 1\n"), serde_json::json!({"<<": 1}));
}

#[test]
fn value_tag_fails_like_pyyaml() {
    assert!(doc("a: =\n").is_err());
    assert_eq!(json("=: 1\n"), serde_json::json!({"=": 1}));
}

#[test]
fn duplicate_keys_are_noted() {
    let d = doc("a: 1\nb: 2\na: 3\n").unwrap();
    assert!(matches!(&d.notes[0], Note::DuplicateKey { key, .. } if key == "a"));
    assert_eq!(d.root.get("a").unwrap().value, Value::Int(3));
}

#[test]
fn complex_keys_fail() {
    assert!(doc("? [a]\n: 1\n").is_err());
    assert!(doc("{ {x}: 1 }\n").is_err());
}

#[test]
fn empty_and_scalar_roots() {
    assert_eq!(doc("").unwrap().root.value, Value::Null);
    assert_eq!(doc("# only a comment\n").unwrap().root.value, Value::Null);
    assert_eq!(
        doc("just text").unwrap().root.value,
        Value::Str("just text".into(), StrKind::Plain)
    );
    assert!(doc("a: 1\n---\nb: 2\n").is_err());
}

#[test]
fn alias_bomb_is_bounded() {
    let mut src = String::from("a: &a [x,x,x,x,x,x,x,x,x]\n");
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for w in names.windows(2) {
        let refs = vec![format!("*{}", w[0]); 9].join(",");
        src.push_str(&format!("{}: &{} [{refs}]\n", w[1], w[1]));
    }
    let e = doc(&src).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Limit);
}

#[test]
fn deep_nesting_is_bounded() {
    let src = "- ".repeat(100_000) + "x";
    assert_eq!(doc(&src).unwrap_err().kind, ErrorKind::Limit);
    let src = "[".repeat(100_000) + &"]".repeat(100_000);
    assert!(doc(&src).is_err());
}

#[test]
fn recursive_alias_is_null_with_note() {
    let d = doc("a: &x [1, *x]\n").unwrap();
    assert!(matches!(d.notes[0], Note::RecursiveAlias { .. }));
}

#[test]
fn undefined_alias_and_control_chars_fail() {
    assert!(doc("a: *nope\n").is_err());
    let e = doc("a: b\u{7}\n").unwrap_err();
    assert!(e.message.contains("U+0007"));
}

#[test]
fn syntax_error_position() {
    let src = "a: 1\ntags: [a, b\nc: 2\n";
    let e = doc(src).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Syntax);
    assert!(e.span.start > 5, "{e:?}");
}

#[test]
fn offsets_are_card_coordinates() {
    let text = "---\nlicense: mit\n---\n";
    let d = parse(text, Span::new(4, 16), &Limits::default()).unwrap();
    let v = d.root.get("license").unwrap();
    assert_eq!(&text[v.span.start..v.span.end], "mit");
}
