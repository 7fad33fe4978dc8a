use super::*;

fn v(s: &str) -> Value {
    match resolve_plain(s) {
        Resolved::Value(v) => v,
        other => panic!("{s}: {other:?}"),
    }
}

#[test]
fn pyyaml_bools_ints_floats() {
    assert_eq!(v("yes"), Value::Bool(true));
    assert_eq!(v("Off"), Value::Bool(false));
    assert_eq!(v("y"), Value::Str("y".into(), StrKind::Plain));
    assert_eq!(v("0777"), Value::Int(511));
    assert_eq!(v("0o17"), Value::Str("0o17".into(), StrKind::Plain));
    assert_eq!(v("1_000"), Value::Int(1000));
    assert_eq!(v("1:20"), Value::Int(80));
    assert_eq!(v("0x1F"), Value::Int(31));
    assert_eq!(v("0b101"), Value::Int(5));
    assert_eq!(v("09"), Value::Str("09".into(), StrKind::Plain));
    assert_eq!(v("1e5"), Value::Str("1e5".into(), StrKind::Plain));
    assert_eq!(v("1.0e+5"), Value::Float(100000.0));
    assert_eq!(v("1.e+5"), Value::Float(100000.0));
    assert_eq!(v("1."), Value::Float(1.0));
    assert_eq!(v(".5"), Value::Float(0.5));
    assert_eq!(v("1:30.5"), Value::Float(90.5));
    assert_eq!(v("-.inf"), Value::Float(f64::NEG_INFINITY));
    assert_eq!(v("~"), Value::Null);
    assert_eq!(
        v("2024-01-01"),
        Value::Str("2024-01-01".into(), StrKind::Timestamp)
    );
    assert_eq!(v("2024-1-1"), Value::Str("2024-1-1".into(), StrKind::Plain));
    assert_eq!(
        v("2001-12-14t21:59:43.10-05:00"),
        Value::Str("2001-12-14t21:59:43.10-05:00".into(), StrKind::Timestamp)
    );
    assert_eq!(resolve_plain("<<"), Resolved::Merge);
    assert_eq!(resolve_plain("="), Resolved::ValueTag);
    assert!(matches!(resolve_plain("2024-02-30"), Resolved::Invalid(_)));
}

#[test]
fn constructors_follow_python() {
    assert_eq!(construct_int("0o17"), Ok(Value::Int(15)));
    assert_eq!(construct_int("--5"), Ok(Value::Int(5)));
    assert_eq!(construct_int("1_:2"), Ok(Value::Int(62)));
    assert!(construct_int("0b_").is_err());
    assert!(construct_int("").is_err());
    assert_eq!(
        construct_int("-0x1_0000_0000_0000_0000"),
        Ok(Value::Str("-18446744073709551616".into(), StrKind::BigInt))
    );
    assert!(construct_int(&"9".repeat(4301)).is_err());
    assert_eq!(construct_float(" 2.5 "), Ok(2.5));
    assert_eq!(construct_float("-1:30"), Ok(-90.0));
    assert!(construct_float("1e").is_err());
    assert!(construct_float(".inf\n").is_err());
    assert!(construct_timestamp("2024-1-1").is_ok());
    assert!(construct_timestamp("2024-1-1\n").is_ok());
    assert!(construct_timestamp("2001-12-14 21:59:43 +24:00").is_err());
    assert_eq!(construct_bool("YES"), Ok(Value::Bool(true)));
    assert!(construct_bool("y").is_err());
    assert!(check_binary("aGVsbG8=").is_ok());
    assert!(check_binary("aG Vs\nbG8=").is_ok());
    assert!(check_binary("aGk=!!").is_ok());
    assert!(check_binary("aGVsbG8").is_err());
    assert!(check_binary("a").is_err());
    assert!(check_binary("aG=k").is_err());
    assert!(check_binary("é").is_err());
    // `! "12\n"`: the resolver's `$` matches before the final line break.
    assert_eq!(resolve_implicit("12\n"), Resolved::Value(Value::Int(12)));
    assert!(matches!(resolve_implicit("yes\n"), Resolved::Invalid(_)));
    assert_eq!(resolve_implicit("\n"), Resolved::Value(Value::Null));
}

#[test]
fn ambiguities() {
    let amb = |s: &str| ambiguity(s, &resolve_plain(s)).map(|a| (a.yaml11, a.yaml12));
    assert_eq!(amb("yes"), Some(("bool", "string")));
    assert_eq!(amb("on"), Some(("bool", "string")));
    assert_eq!(amb("0777"), Some(("int", "int")));
    assert_eq!(amb("1_000"), Some(("int", "string")));
    assert_eq!(amb("2024-01-01"), Some(("date", "string")));
    assert_eq!(amb("0o17"), Some(("string", "int")));
    assert_eq!(amb("1e5"), Some(("string", "float")));
    assert_eq!(amb("true"), None);
    assert_eq!(amb("42"), None);
    assert_eq!(amb("0.5"), None);
    assert_eq!(amb("apache-2.0"), None);
    assert_eq!(amb("99999999999999999999"), None);
    assert_eq!(amb("0x_FFFF_FFFF_FFFF_FFFF_FF"), Some(("int", "string")));
}

/// The [`only_string`] shortcut agrees with the full resolver and with YAML 1.2 on every word
/// near the special ones.
#[test]
fn only_string_shortcut_is_exact() {
    let words = [
        "null",
        "Null",
        "NULL",
        "nulls",
        "yes",
        "Yes",
        "YES",
        "true",
        "True",
        "TRUE",
        "on",
        "On",
        "ON",
        "no",
        "No",
        "NO",
        "false",
        "False",
        "FALSE",
        "off",
        "Off",
        "OFF",
        "falsey",
        "y",
        "n",
        "Yess",
        "inf",
        "nan",
        "NaN",
        "e5",
        "E5",
        "x1",
        "é",
        "日本",
        "\u{FEFF}1",
    ];
    let alphabet = [
        "a", "n", "N", "o", "O", "f", "e", "l", "s", "1", ".", "é", "-", ":", "_",
    ];
    let mut all: Vec<String> = words.iter().map(|w| w.to_string()).collect();
    for a in alphabet {
        for b in alphabet {
            for c in ["", "e", "l", "s", "1", "F"] {
                all.push(format!("{a}{b}{c}"));
                all.push(format!("t{a}{b}{c}"));
            }
        }
    }
    for w in &all {
        if only_string(w) {
            match resolve_plain_full(w) {
                Resolved::Value(Value::Str(s, StrKind::Plain)) => assert_eq!(&s, w),
                other => panic!("{w:?}: {other:?}"),
            }
            assert_eq!(kind12(w), "string", "{w:?}");
        }
    }
    assert!(only_string("license") && only_string("é") && !only_string("no"));
    assert!(!only_string("1.0") && !only_string("") && !only_string("~"));
}

#[test]
fn float_spellings() {
    for (s, want) in [
        ("1.5", 1.5),
        ("1_0.5", 10.5),
        ("1.5E+2", 150.0),
        ("-.INF", f64::NEG_INFINITY),
    ] {
        assert_eq!(construct_float(s), Ok(want), "{s}");
    }
}
