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
    // Every mix of cases of the special words, and each of them one letter short.
    for w in words.iter().filter(|w| w.is_ascii() && w.len() <= 6) {
        for mask in 0..1u32 << w.len() {
            let mixed: String = w
                .chars()
                .enumerate()
                .map(|(i, c)| match mask >> i & 1 {
                    1 => c.to_ascii_uppercase(),
                    _ => c.to_ascii_lowercase(),
                })
                .collect();
            all.push(mixed[1..].to_string());
            all.push(mixed[..mixed.len() - 1].to_string());
            all.push(mixed);
        }
    }
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

#[test]
fn simple_numbers_take_a_shortcut_to_the_same_value() {
    let mut texts: Vec<String> = [
        "0",
        "-0",
        "7",
        "-42",
        "123456789012345678",
        "1234567890123456789",
        "0.5",
        "-0.0",
        "00.5",
        "0.8512345678901234567",
        "1.",
        ".5",
        "01",
        "-",
        "",
        "1.5.2",
        "1e5",
        "+1",
        "1_000",
        "0x1F",
        "1:20",
        "9223372036854775807",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // Every text of up to five characters from digits, `-` and `.`.
    let alphabet = ['0', '1', '9', '-', '.'];
    for len in 1..=5u32 {
        for n in 0..5u32.pow(len) {
            texts.push(
                (0..len)
                    .map(|i| alphabet[(n / 5u32.pow(i) % 5) as usize])
                    .collect(),
            );
        }
    }
    let mut taken = 0;
    for s in &texts {
        let Some(kind) = simple_number(s) else {
            continue;
        };
        taken += 1;
        assert_eq!(resolve_plain(s), resolve_plain_full(s), "{s}");
        let (yaml11, yaml12) = match (resolve_plain_full(s), kind) {
            (Resolved::Value(Value::Int(_)), SimpleNumber::Int) => ("int", kind12(s)),
            (Resolved::Value(Value::Float(_)), SimpleNumber::Float) => ("float", kind12(s)),
            other => panic!("{s}: {other:?}"),
        };
        assert_eq!(yaml11, yaml12, "{s}");
        assert!(!differs_as_int(s), "{s}");
        assert_eq!(ambiguity(s, &resolve_plain(s)), None, "{s}");
    }
    assert!(taken > 300, "{taken}");
}

#[test]
fn noted_resolution_is_the_resolution_and_its_ambiguity() {
    let texts = [
        "",
        "~",
        "null",
        "yes",
        "No",
        "on",
        "OFF",
        "true",
        "y",
        "n",
        "0",
        "-7",
        "007",
        "0o17",
        "0x1F",
        "0b101",
        "1_000",
        "1:20",
        "190:20:30",
        "1e5",
        "1.0e+5",
        "-.inf",
        ".NaN",
        "0.5",
        "1.",
        ".5",
        "+1",
        "2024-01-02",
        "2024-02-30",
        "2001-12-14t21:59:43.10-05:00",
        "<<",
        "=",
        "mit",
        "apache-2.0",
        "text-classification",
        "Accuracy",
        "é",
        "9223372036854775808",
        "123456789012345678",
        "1234567890123456789",
        "-0.0",
        "00.5",
        "1.5.2",
        "x: y",
        "_a",
    ];
    for s in texts {
        let resolved = resolve_plain(s);
        let ambiguity = ambiguity(s, &resolved);
        // As text: NaN is not equal to itself.
        assert_eq!(
            format!("{:?}", resolve_plain_noted(s)),
            format!("{:?}", (resolved, ambiguity)),
            "{s}"
        );
    }
}
