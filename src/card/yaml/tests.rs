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

/// Each duplicate points at the latest earlier key with its text, in small mappings (compared
/// directly) and large ones (hashed), with keys of any kind compared by their JSON text.
#[test]
fn duplicate_keys_small_and_large() {
    for n in [3, 15, 16, 17, 40] {
        let mut src: String = (0..n).map(|i| format!("k{i}: {i}\n")).collect();
        src.push_str("k1: x\n1: a\n'1': b\nk1: y\nnull: c\n~: d\n");
        let d = doc(&src).unwrap();
        let dups: Vec<(String, &str, &str)> = d
            .notes
            .iter()
            .map(|note| match note {
                Note::DuplicateKey { key, first, second } => (
                    key.clone(),
                    &src[first.start..first.end + 3],
                    &src[second.start..second.end + 3],
                ),
                other => panic!("{other:?}"),
            })
            .collect();
        let want = [
            ("k1".to_string(), "k1: 1", "k1: x"),
            ("1".to_string(), "1: a", "'1': b"),
            ("k1".to_string(), "k1: x", "k1: y"),
            ("null".to_string(), "null: c", "~: d"),
        ];
        assert_eq!(dups, want, "{n} keys");
    }
}

#[test]
fn control_characters_are_refused_where_they_are() {
    for (src, at, len) in [
        ("a: b\u{7}\n", 4, 1),
        ("a: é\u{7F}\n", 5, 1),
        ("a: 日\u{9F}\n", 6, 2),
        ("a: \u{FFFE}\n", 3, 3),
        ("a: \u{D7FF}\u{E000}\u{10000}\u{85}\r\n", 0, 0),
    ] {
        match doc(src) {
            Ok(_) => assert_eq!(len, 0, "{src:?}"),
            Err(e) => assert_eq!((e.span.start, e.span.end), (at, at + len), "{src:?}"),
        }
    }
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

// ---- Where saphyr-parser (YAML 1.2) and PyYAML (YAML 1.1, huggingface_hub) differ ----

fn value(src: &str, key: &str) -> Value {
    doc(src).unwrap().root.get(key).unwrap().value.clone()
}

fn s(text: &str) -> Value {
    Value::Str(text.into(), StrKind::Plain)
}

#[test]
fn tabs_only_in_quoted_block_and_comments() {
    for bad in [
        "a:\tb\n",
        "a: b\t\n",
        "a: \"b\"\t\n",
        "a: x\ty\n",
        "\ta: b\n",
        "a: b\n\t\nc: d\n",
        "a: [b,\tc]\n",
        "a: |\t\n  x\n",
        "a: |\n  x\n \ty\n",
        "a: &x\t1\n",
    ] {
        assert!(doc(bad).is_err(), "{bad:?}");
    }
    assert_eq!(value("a: 'x\ty'\n", "a"), s("x\ty"));
    assert_eq!(value("a: |\n  \tx\n", "a"), s("\tx\n"));
    assert_eq!(value("a: b # c\td\n", "a"), s("b"));
    assert_eq!(value("a: \"x\n\ty\"\n", "a"), s("x y"));
    // Where saphyr accepts the tab, cardgen's own check names it and points at it.
    let e = doc("a: b\t\n").unwrap_err();
    assert_eq!(e.span, Span::new(4, 5));
    assert!(e.message.contains("tab"), "{e:?}");
}

#[test]
fn non_specific_tag_resolves_like_plain() {
    let d = doc("a: ! '12'\nb: ! yes\nc: ! [1]\nd: ! x\n").unwrap();
    assert_eq!(d.root.get("a").unwrap().value, Value::Int(12));
    assert_eq!(d.root.get("b").unwrap().value, Value::Bool(true));
    assert_eq!(d.root.get("d").unwrap().value, s("x"));
    assert!(doc("a: ! =\n").is_err());
}

#[test]
fn tagged_scalars_use_pythons_conversions() {
    assert_eq!(value("a: !!int 0o17\n", "a"), Value::Int(15));
    assert_eq!(value("a: !!int ' 12 '\n", "a"), Value::Int(12));
    assert_eq!(value("a: !!int 0x0x1F\n", "a"), Value::Int(31));
    assert!(doc("a: !!int 1e3\n").is_err());
    assert!(doc("a: !!int\n").is_err());
    assert_eq!(value("a: !!float 1e5\n", "a"), Value::Float(100000.0));
    assert_eq!(value("a: !!float inf\n", "a"), Value::Float(f64::INFINITY));
    assert_eq!(value("a: !!float 1:30\n", "a"), Value::Float(90.0));
    assert!(doc("a: !!float x\n").is_err());
    assert_eq!(
        value("a: !!timestamp 2024-1-1\n", "a"),
        Value::Str("2024-1-1".into(), StrKind::Timestamp)
    );
    assert!(doc("a: !!timestamp x\n").is_err());
    assert!(doc("a: !!binary aGVsbG8\n").is_err());
    assert!(doc("a: !!binary é\n").is_err());
    assert!(doc("a: !!binary a\n").is_err());
    assert!(doc("a: !!binary 'aGk=!!'\n").is_ok());
    assert_eq!(value("a: !<tag:yaml.org,2002:str> 5\n", "a"), s("5"));
}

#[test]
fn integers_python_cannot_build_fail() {
    assert!(doc("a: 0b_\n").is_err());
    assert!(doc("a: 0x_\n").is_err());
    let long = format!("a: {}\n", "9".repeat(4301));
    assert!(
        doc(&long).is_err(),
        "int() refuses more than 4300 decimal digits"
    );
    // Hex has no digit limit; big values keep their exact decimal value.
    assert_eq!(
        value("a: 0x_FFFF_FFFF_FFFF_FFFF_FF\n", "a"),
        Value::Str("4722366482869645213695".into(), StrKind::BigInt)
    );
}

#[test]
fn timestamp_offsets_must_be_under_a_day() {
    assert!(doc("a: 2001-12-14 21:59:43 +24:00\n").is_err());
    assert!(doc("a: 2001-12-14 21:59:43 -23:99\n").is_err());
    assert!(doc("a: 2001-12-14 21:59:43 +23:59\n").is_ok());
}

#[test]
fn block_scalar_cut_off_by_the_end_of_the_text() {
    // The Hub's regex never includes the front matter's last line break.
    assert_eq!(value("a: |\n  x \n  y ", "a"), s("x \ny "));
    assert_eq!(value("a: |+\n  x", "a"), s("x"));
    assert_eq!(value("a: >+\n  x\n\n  ", "a"), s("x\n\n"));
    assert_eq!(value("a: |\n  x\n  ", "a"), s("x\n"));
    assert_eq!(value("a: |\n  x\n    ", "a"), s("x\n  "));
    assert_eq!(value("a: |+\n\n   ", "a"), s("\n"));
    assert_eq!(value("a: &x !!str |2\n    x\n  y", "a"), s("  x\ny"));
    // Not at the end: unchanged.
    assert_eq!(value("a: |\n  x\nb: 1", "a"), s("x\n"));
}

#[test]
fn quoted_continuation_lines_need_no_indentation() {
    let src = "widget:\n- text: \"first\nsecond\n\n  third\"\n  output: x\n";
    let d = doc(src).unwrap();
    let item = &d.root.get("widget").unwrap().as_seq().unwrap()[0];
    assert_eq!(item.get("text").unwrap().value, s("first second\nthird"));
    // Spans still point into the original text.
    let out = item.get("output").unwrap();
    assert_eq!(&src[out.span.start..out.span.end], "x");
    assert_eq!(
        json("a:\n  b: 'x\n\ty'\n"),
        serde_json::json!({"a": {"b": "x y"}})
    );
    // A document marker inside a quoted scalar is still an error.
    assert!(doc("a:\n  b: \"x\n---\ny\"\n").is_err());
}

#[test]
fn comments_right_after_a_token() {
    assert_eq!(value("a: \"x\"#c\n", "a"), s("x"));
    assert_eq!(
        json("a: [b,#c\n  d]\n"),
        serde_json::json!({"a": ["b", "d"]})
    );
    assert_eq!(value("a: b#c\n", "a"), s("b#c"));
}

#[test]
fn question_mark_and_colon_in_flow_plain_scalars() {
    assert!(doc("{url: http://x.y/?q=1}").is_err());
    assert!(doc("[a?b]").is_err());
    assert!(doc("[:x]").is_err());
    assert_eq!(value("a: http://x.y/?q=1\n", "a"), s("http://x.y/?q=1"));
    assert_eq!(json("[a:b]"), serde_json::json!(["a:b"]));
}

#[test]
fn keys_cannot_be_left_empty() {
    assert!(doc(": b\n").is_err());
    assert!(doc("{: b}").is_err());
    assert!(doc("- : b\n").is_err());
    assert_eq!(
        doc("? \n: b\n").unwrap().root.to_json(),
        serde_json::json!({"null": "b"})
    );
}

#[test]
fn anchors_follow_pyyaml() {
    assert!(doc("a: &x 1\nb: &x 2\n").is_err());
    assert!(doc("a: &x |\n  t\nb: &x |\n  u\n").is_err());
    assert!(doc("a: &a.b 1\n").is_err());
    assert!(doc("a: &é 1\n").is_err());
    assert_eq!(
        json("x: &a a\ny:\n  *a: c\n")["y"],
        serde_json::json!({"a": "c"})
    );
}

#[test]
fn document_markers_and_directives() {
    assert!(doc("...\na: 1\n").is_err());
    assert!(doc("%YAML 2.0\n---\na: 1\n").is_err());
    assert!(doc("%YAML 1.2\n---\na: 1\n").is_ok());
    assert!(doc("a: 1\n...\n").is_ok());
}

#[test]
fn pyyaml_line_breaks_and_inner_bom() {
    // NEL, LS and PS end lines in PyYAML.
    assert!(doc("a: b\u{85}c\n").is_err());
    assert!(doc("a: b\u{2028}c\n").is_err());
    assert_eq!(value("a: b # c\u{85}d: e\n", "d"), s("e"));
    assert_eq!(value("a: \"x\u{85}y\"\n", "a"), s("x y"));
    // A byte-order mark inside the text is an ordinary character.
    assert_eq!(value("a: \u{FEFF}b\n", "a"), s("\u{FEFF}b"));
}

#[test]
fn flow_collections_follow_pyyaml() {
    // `?` starts a key in a flow collection, whatever follows it.
    assert_eq!(json("[?x]"), serde_json::json!([{"x": null}]));
    assert_eq!(json("{?x: 1}"), serde_json::json!({"x": 1}));
    // Continuation lines in [ ] need no indentation.
    assert_eq!(
        json("  key: [a,\n b]\n"),
        serde_json::json!({"key": ["a", "b"]})
    );
    assert_eq!(json("- [a,\nb]\n"), serde_json::json!([["a", "b"]]));
    // An implicit key and its `:` on one line, even in { }.
    assert!(doc("{a\n  : 1}").is_err());
    assert!(doc("{? a\n  : 1}").is_ok());
    // Tags swallow brackets and commas in PyYAML.
    assert!(doc("[!!str]").is_err());
    assert!(doc("a: !é x\n").is_err());
    assert_eq!(json("[!!str a, b]"), serde_json::json!(["a", "b"]));
    // Values that cannot start unquoted.
    assert!(doc("[|]").is_err());
    assert!(doc("a: @x\n").is_err());
}

#[test]
fn aliases_to_an_enclosing_collection() {
    // Merging the mapping into itself changes nothing.
    assert_eq!(
        json("a: &x {c: 1, <<: *x}\n"),
        serde_json::json!({"a": {"c": 1}})
    );
    // Merging an enclosing mapping builds a recursive value.
    let d = doc("a: &x\n  b:\n    <<: *x\n").unwrap();
    assert!(d
        .notes
        .iter()
        .any(|n| matches!(n, Note::RecursiveAlias { .. })));
    // The same through a merge list.
    assert_eq!(
        json("a: &x {c: 1, <<: [*x]}\n"),
        serde_json::json!({"a": {"c": 1}})
    );
    // As a key it cannot be hashed.
    assert!(doc("a: &x\n  *x : 1\n").is_err());
}

#[test]
fn block_scalar_headers() {
    // A header on its own line at the key's indentation is the key's value.
    assert_eq!(value("a:\n|\n  x\n", "a"), s("x\n"));
    assert_eq!(value("a: &x # c\n>-\n  x\n", "a"), s("x"));
    assert!(doc("a: 1\n|\n  x\n").is_err());
    // A top-level block scalar needs indented content.
    assert!(doc("|\nx\n").is_err());
    assert_eq!(doc("|\n# c\n").unwrap().root.value, s(""));
    // Content that starts like properties is content.
    assert_eq!(value("1: >-\n    &a k: &a v\n", "1"), s("&a k: &a v"));
}

#[test]
fn scanner_details() {
    // Alias keys glued to `:`.
    assert_eq!(json("&a a: b\n*a: c\n"), serde_json::json!({"a": "c"}));
    // Anchor names glued to `:` end there.
    assert_eq!(json("&a: x\n"), serde_json::json!({"null": "x"}));
    // Directives.
    assert!(doc("%YAML 1.1 x\n---\na: 1\n").is_err());
    assert!(doc("%--->: x\n---\na: 1\n").is_err());
    assert!(doc("%FOO bar baz\n---\na: 1\n").is_ok());
    // A CR before NEL is two line breaks.
    assert_eq!(doc("a\r\u{85}\nb").unwrap().root.value, s("a\n\nb"));
    // A byte-order mark at the start is skipped before `&` and `?`.
    assert!(doc("\u{FEFF}&. x\n").is_err());
    assert_eq!(json("\u{FEFF}? a\n"), serde_json::json!({"a": null}));
}
