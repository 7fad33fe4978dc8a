//! A small YAML emitter for the front matter: typed data in, block-style YAML out.
//!
//! Output is read back identically by PyYAML (`yaml.safe_load`, YAML 1.1, what `huggingface_hub`
//! uses) and by YAML 1.2 parsers. A string is written plain only when it is unmistakably a string
//! in both versions; everything else is double-quoted with escapes, so no value can span lines,
//! close the front matter (`---`), start a comment or turn into a number, boolean, null or date.

/// A YAML value with ordered mappings.
#[derive(Debug, Clone, PartialEq)]
pub enum Yaml {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Yaml>),
    Map(Vec<(String, Yaml)>),
}

impl Yaml {
    pub fn str(s: impl Into<String>) -> Self {
        Yaml::Str(s.into())
    }

    /// Convert JSON (numbers, strings, arrays, objects in key order of the map).
    pub fn from_json(v: &serde_json::Value) -> Self {
        use serde_json::Value as J;
        match v {
            J::Null => Yaml::Null,
            J::Bool(b) => Yaml::Bool(*b),
            J::Number(n) => n
                .as_i64()
                .map(Yaml::Int)
                .unwrap_or_else(|| Yaml::Float(n.as_f64().unwrap_or(f64::NAN))),
            J::String(s) => Yaml::Str(s.clone()),
            J::Array(items) => Yaml::Seq(items.iter().map(Yaml::from_json).collect()),
            J::Object(map) => Yaml::Map(
                map.iter()
                    .map(|(k, v)| (k.clone(), Yaml::from_json(v)))
                    .collect(),
            ),
        }
    }

    /// The value as JSON (for comparing with what a parser read back).
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Yaml::Null => J::Null,
            Yaml::Bool(b) => J::Bool(*b),
            Yaml::Int(i) => J::from(*i),
            Yaml::Float(f) => serde_json::Number::from_f64(*f)
                .map(J::Number)
                .unwrap_or_else(|| J::String(py_float(*f))),
            Yaml::Str(s) => J::String(s.clone()),
            Yaml::Seq(items) => J::Array(items.iter().map(Yaml::to_json).collect()),
            Yaml::Map(entries) => J::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_json()))
                    .collect(),
            ),
        }
    }
}

/// Python's `repr` of a non-finite float, as the card reader reports it in JSON.
fn py_float(f: f64) -> String {
    if f.is_nan() {
        "nan".into()
    } else if f > 0.0 {
        "inf".into()
    } else {
        "-inf".into()
    }
}

/// Emit a mapping as a block-style YAML document (no `---` fences), each line ending in `\n`.
pub fn emit_document(entries: &[(String, Yaml)]) -> String {
    let mut out = String::new();
    emit_map(&mut out, entries, 0, false);
    out
}

/// Emit one `key: value` entry at the top level (used to splice a single managed key).
pub fn emit_entry(key: &str, value: &Yaml) -> String {
    let mut out = String::new();
    emit_map(&mut out, &[(key.to_owned(), value.clone())], 0, false);
    out
}

/// `inline_first`: the first key follows a `- ` the caller wrote on the same line.
fn emit_map(out: &mut String, entries: &[(String, Yaml)], indent: usize, inline_first: bool) {
    for (i, (key, value)) in entries.iter().enumerate() {
        if i > 0 || !inline_first {
            push_indent(out, indent);
        }
        out.push_str(&scalar_str(key));
        out.push(':');
        emit_value_after_key(out, value, indent);
    }
}

fn emit_value_after_key(out: &mut String, value: &Yaml, indent: usize) {
    match value {
        Yaml::Seq(items) if !items.is_empty() => {
            out.push('\n');
            // PyYAML style: a sequence under a key is not indented further.
            emit_seq(out, items, indent);
        }
        Yaml::Map(entries) if !entries.is_empty() => {
            out.push('\n');
            emit_map(out, entries, indent + 2, false);
        }
        _ => {
            out.push(' ');
            out.push_str(&scalar(value));
            out.push('\n');
        }
    }
}

fn emit_seq(out: &mut String, items: &[Yaml], indent: usize) {
    for item in items {
        push_indent(out, indent);
        out.push_str("- ");
        match item {
            Yaml::Map(entries) if !entries.is_empty() => emit_map(out, entries, indent + 2, true),
            Yaml::Seq(inner) if !inner.is_empty() => {
                // A nested sequence starts on the same line: `- - a`.
                let mut nested = String::new();
                emit_seq(&mut nested, inner, indent + 2);
                out.push_str(nested.trim_start_matches(' '));
            }
            _ => {
                out.push_str(&scalar(item));
                out.push('\n');
            }
        }
    }
}

fn push_indent(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

/// A scalar (or empty collection) on one line.
fn scalar(value: &Yaml) -> String {
    match value {
        Yaml::Null => "null".into(),
        Yaml::Bool(b) => b.to_string(),
        Yaml::Int(i) => i.to_string(),
        Yaml::Float(f) => float(*f),
        Yaml::Str(s) => scalar_str(s),
        Yaml::Seq(_) => "[]".into(),
        Yaml::Map(_) => "{}".into(),
    }
}

/// A float both YAML versions read back as the same float: always a `.` in the mantissa and a
/// signed exponent (PyYAML's float pattern requires both), `.inf` / `.nan` for the specials.
pub fn float(f: f64) -> String {
    if f.is_nan() {
        return ".nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { ".inf" } else { "-.inf" }.into();
    }
    let s = format!("{f:?}");
    let (mantissa, exponent) = match s.split_once('e') {
        Some((m, e)) => (m.to_owned(), Some(e.to_owned())),
        None => (s, None),
    };
    let mantissa = if mantissa.contains('.') {
        mantissa
    } else {
        format!("{mantissa}.0")
    };
    match exponent {
        None => mantissa,
        Some(e) if e.starts_with('-') => format!("{mantissa}e{e}"),
        Some(e) => format!("{mantissa}e+{e}"),
    }
}

/// A string, plain when that is safe, otherwise double-quoted.
pub fn scalar_str(s: &str) -> String {
    if is_plain_safe(s) {
        s.to_owned()
    } else {
        double_quoted(s)
    }
}

/// Words YAML 1.1 or 1.2 read as booleans or null, in any case.
const RESERVED: &[&str] = &[
    "y", "n", "yes", "no", "true", "false", "on", "off", "null", "nan", "inf",
];

/// Conservative: starts with an ASCII letter, then only letters, digits, space and `._/+()-`,
/// no leading/trailing space, no `---` or `...`, not a reserved word. Such a text can only be a
/// string, in YAML 1.1 and 1.2 alike, as a key or a value.
fn is_plain_safe(s: &str) -> bool {
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || " ._/+()-".contains(c))
        && !s.ends_with(' ')
        && !s.contains("  ")
        && !s.contains("---")
        && !s.contains("...")
        && !RESERVED.iter().any(|w| w.eq_ignore_ascii_case(s))
}

/// A double-quoted scalar. Printable text is kept as is (including non-ASCII); everything PyYAML
/// would refuse to read or would fold (line breaks, controls, U+0085, U+2028/9, U+FEFF, U+FFFE/F)
/// is escaped.
pub fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            '\u{85}' => out.push_str("\\N"),
            '\u{a0}' => out.push_str("\\_"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if needs_escape(c) => push_escape(&mut out, c),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Characters outside PyYAML's printable set (`reader.py` NON_PRINTABLE), plus U+FEFF.
fn needs_escape(c: char) -> bool {
    let printable = matches!(c, '\u{20}'..='\u{7e}')
        || matches!(c, '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
        || c >= '\u{10000}';
    !printable || c == '\u{feff}'
}

fn push_escape(out: &mut String, c: char) {
    let n = c as u32;
    if n <= 0xff {
        out.push_str(&format!("\\x{n:02X}"));
    } else if n <= 0xffff {
        out.push_str(&format!("\\u{n:04X}"));
    } else {
        out.push_str(&format!("\\U{n:08X}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(entries: &[(&str, Yaml)]) -> Yaml {
        Yaml::Map(
            entries
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        )
    }

    #[test]
    fn plain_only_when_unambiguous() {
        for s in [
            "apache-2.0",
            "meta-llama/Llama-3.1-8B",
            "en",
            "text-generation",
        ] {
            assert_eq!(scalar_str(s), s);
        }
        for s in [
            "no",
            "On",
            "NULL",
            "1.0",
            "2024-01-01",
            "0777",
            "1_000",
            "1:20",
            "",
            " a",
            "a ",
            "a: b",
            "a #b",
            "---",
            "{{ x }}",
            "'q'",
            "\"q\"",
            "a\nb",
            "é",
            "=",
            "<<",
            "~",
            "-a",
            "a---b",
            ".inf",
        ] {
            assert!(scalar_str(s).starts_with('"'), "{s:?} should be quoted");
        }
    }

    #[test]
    fn escapes() {
        assert_eq!(
            double_quoted("a\"b\\c\n\u{2028}\u{1}"),
            r#""a\"b\\c\n\L\x01""#
        );
        assert_eq!(double_quoted("\u{feff}é"), "\"\\uFEFFé\"");
    }

    #[test]
    fn floats_always_read_back_as_floats() {
        assert_eq!(float(1.0), "1.0");
        assert_eq!(float(0.5), "0.5");
        assert_eq!(float(1e-7), "1.0e-7");
        assert_eq!(float(1e20), "1.0e+20");
        assert_eq!(float(f64::NEG_INFINITY), "-.inf");
    }

    #[test]
    fn block_layout_matches_pyyaml_style() {
        let doc = vec![
            ("license".to_string(), Yaml::str("mit")),
            (
                "tags".to_string(),
                Yaml::Seq(vec![Yaml::str("lora"), Yaml::str("yes")]),
            ),
            (
                "model-index".to_string(),
                Yaml::Seq(vec![map(&[
                    ("name", Yaml::str("m")),
                    (
                        "results",
                        Yaml::Seq(vec![map(&[(
                            "metrics",
                            Yaml::Seq(vec![map(&[
                                ("type", Yaml::str("accuracy")),
                                ("value", Yaml::Float(0.9)),
                            ])]),
                        )])]),
                    ),
                ])]),
            ),
            ("empty".to_string(), Yaml::Seq(vec![])),
        ];
        let expected = "license: mit\ntags:\n- lora\n- \"yes\"\nmodel-index:\n- name: m\n  results:\n  - metrics:\n    - type: accuracy\n      value: 0.9\nempty: []\n";
        assert_eq!(emit_document(&doc), expected);
    }
}
