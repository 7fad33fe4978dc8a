//! Shared by the tests that read the shared corpus (`tests/hf_interop.rs`,
//! `tests/hf_interop_live.rs`, `tests/corpus_cli.rs`, `tests/fix_corpus.rs`): the corpus and its
//! MANIFEST, cardgen's side of the
//! canonical value form that `scripts/hf-verdicts.py` (`canonical()`) computes for PyYAML, the
//! FNV-1a hash, and where the corpus and the Python venv are.
#![allow(dead_code)] // each test binary uses a different part

pub mod snippets;

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use cardgen::card::yaml::{Document, Node, Note, StrKind, Value};

/// FNV-1a, 64 bit, as lowercase hex (16 digits).
pub fn fnv1a64(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `$CARDGEN_CORPUS`, else `../shared/corpus` beside the repository.
pub fn corpus_dir() -> PathBuf {
    match std::env::var_os("CARDGEN_CORPUS") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => repo_root().join("..").join("shared").join("corpus"),
    }
}

/// The columns of one corpus `MANIFEST.tsv` row that the tests use.
pub struct ManifestRow {
    /// The card's path relative to the corpus directory.
    pub path: String,
    /// The Hub's front-matter regex matches (computed by the corpus's own tooling).
    pub has_front_matter: bool,
    pub flags: Vec<String>,
}

/// The corpus MANIFEST, in order. Panics with a hint when the corpus is missing: callers that
/// may skip check with [`require`] first.
pub fn manifest(corpus: &Path) -> Vec<ManifestRow> {
    let file = corpus.join("MANIFEST.tsv");
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| {
        panic!(
            "cannot read {} ({e}): clone the corpus beside the repository (../shared/corpus) or \
             set CARDGEN_CORPUS",
            file.display()
        )
    });
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .unwrap_or_else(|| panic!("MANIFEST.tsv has no `{name}` column"))
    };
    let (p, fm, fl) = (col("local_path"), col("has_front_matter"), col("flags"));
    lines
        .filter(|l| !l.is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            ManifestRow {
                path: f[p].to_owned(),
                has_front_matter: f[fm] == "yes",
                flags: f[fl].split(',').map(str::to_owned).collect(),
            }
        })
        .collect()
}

/// The venv python made by `scripts/setup-python`.
pub fn venv_python() -> PathBuf {
    repo_root()
        .join("target")
        .join("venv")
        .join("bin")
        .join("python")
}

/// A tool the test needs is missing: fail in CI (`CI=true`), otherwise say why and skip.
/// Returns `false` when the caller should return (skipped).
pub fn require(what: &Path, hint: &str) -> bool {
    if what.exists() {
        return true;
    }
    let ci = std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true"));
    assert!(
        !ci,
        "{} is missing (CI=true, so this fails): {hint}",
        what.display()
    );
    eprintln!("skipped: {} is missing; {hint}", what.display());
    false
}

/// The canonical form: JSON with sorted keys and no floats (see `canonical()` in
/// `scripts/hf-verdicts.py`).
#[derive(Debug, Clone, PartialEq)]
pub enum Canon {
    Null,
    Bool(bool),
    Int(i64),
    Str(String),
    Arr(Vec<Canon>),
    Obj(BTreeMap<String, Canon>),
}

impl Canon {
    /// `json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"))`.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Canon::Null => out.push_str("null"),
            Canon::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Canon::Int(i) => write!(out, "{i}").unwrap(),
            Canon::Str(s) => out.push_str(&json_string(s)),
            Canon::Arr(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Canon::Obj(map) => {
                // BTreeMap<String, _> iterates in byte order of UTF-8, which is code-point
                // order: the order of Python's `sort_keys`.
                out.push('{');
                for (i, (k, v)) in map.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&json_string(k));
                    out.push(':');
                    v.write(out);
                }
                out.push('}');
            }
        }
    }
}

/// A JSON string as Python's `json.dumps(..., ensure_ascii=False)` writes it. serde_json escapes
/// the same set (`"`, `\`, `\b \f \n \r \t`, other C0 controls as `\u00xx` with lowercase hex)
/// and nothing else; `tests/hf_interop.rs` checks that on every control character.
pub fn json_string(s: &str) -> String {
    serde_json::to_string(s).expect("a str always serializes")
}

/// `f64:<bits>`; every NaN is `f64:nan` (PyYAML's NaN is `-inf/inf`, whose bits depend on the
/// CPU).
pub fn f64_text(f: f64) -> String {
    if f.is_nan() {
        "f64:nan".into()
    } else {
        format!("f64:{}", f.to_bits())
    }
}

/// The canonical value of a parsed document, or `Err("recursive")` when PyYAML would build a
/// value that contains itself (cardgen reads such an alias as null and notes it).
pub fn canonical_doc(doc: &Document) -> Result<Canon, &'static str> {
    if doc
        .notes
        .iter()
        .any(|n| matches!(n, Note::RecursiveAlias { .. }))
    {
        return Err("recursive");
    }
    Ok(canonical(&doc.root))
}

/// The hash `value_fnv` column for a parsed document.
pub fn value_fnv(doc: &Document) -> String {
    match canonical_doc(doc) {
        Ok(c) => fnv1a64(c.to_json().as_bytes()),
        Err(e) => e.to_owned(),
    }
}

pub fn canonical(node: &Node) -> Canon {
    match &node.value {
        Value::Null => Canon::Null,
        Value::Bool(b) => Canon::Bool(*b),
        Value::Int(i) => Canon::Int(*i),
        Value::Float(f) => Canon::Str(f64_text(*f)),
        Value::Str(s, kind) => Canon::Str(match kind {
            StrKind::Timestamp => "timestamp".into(),
            StrKind::Binary => "binary".into(),
            StrKind::BigInt => format!("bigint:{s}"),
            _ => s.to_string(),
        }),
        Value::Seq(items) => Canon::Arr(items.iter().map(canonical).collect()),
        Value::Map(entries) => {
            let mut obj = BTreeMap::new();
            for (key, value) in python_dict(entries.iter().map(|e| (&e.key, &e.value))) {
                obj.insert(canonical_key(key), canonical(value));
            }
            Canon::Obj(obj)
        }
    }
}

/// A dict key as `canonical_key()` in the script converts it.
pub fn canonical_key(key: &Node) -> String {
    match &key.value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f64_text(*f),
        Value::Str(s, kind) => match kind {
            StrKind::Timestamp => "timestamp".into(),
            StrKind::Binary => "binary".into(),
            StrKind::BigInt => s.to_string(),
            _ => s.to_string(),
        },
        Value::Seq(_) | Value::Map(_) => panic!("cardgen accepted a collection as a key"),
    }
}

/// Python dict identity of a key: `1 == 1.0 == True`, every NaN PyYAML makes is one object.
/// Timestamps and binary values are compared by their text (Python compares the built values;
/// no corpus card or test snippet has two keys that differ only there).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum PyKey {
    Int(String),
    Float(u64),
    Nan,
    Str(String),
    Null,
    Timestamp(String),
    Binary(String),
}

fn py_key(node: &Node) -> PyKey {
    match &node.value {
        Value::Null => PyKey::Null,
        Value::Bool(b) => PyKey::Int(u8::from(*b).to_string()),
        Value::Int(i) => PyKey::Int(i.to_string()),
        Value::Float(f) if f.is_nan() => PyKey::Nan,
        Value::Float(f) if f.is_finite() && f.fract() == 0.0 => PyKey::Int(float_int_decimal(*f)),
        Value::Float(f) => PyKey::Float(f.to_bits()),
        Value::Str(s, StrKind::BigInt) => PyKey::Int(s.to_string()),
        Value::Str(s, StrKind::Timestamp) => PyKey::Timestamp(s.to_string()),
        Value::Str(s, StrKind::Binary) => PyKey::Binary(s.to_string()),
        Value::Str(s, _) => PyKey::Str(s.to_string()),
        Value::Seq(_) | Value::Map(_) => panic!("cardgen accepted a collection as a key"),
    }
}

/// Build a mapping the way a Python dict does from `(key, value)` pairs in order: a key equal to
/// an earlier one keeps the earlier key object and position and takes the new value.
pub fn python_dict<'a>(
    pairs: impl Iterator<Item = (&'a Node, &'a Node)>,
) -> Vec<(&'a Node, &'a Node)> {
    let mut out: Vec<(&Node, &Node)> = Vec::new();
    let mut index: HashMap<PyKey, usize> = HashMap::new();
    for (k, v) in pairs {
        match index.get(&py_key(k)) {
            Some(&i) => out[i].1 = v,
            None => {
                index.insert(py_key(k), out.len());
                out.push((k, v));
            }
        }
    }
    out
}

/// The exact decimal value of an integral, finite f64.
fn float_int_decimal(f: f64) -> String {
    if f.abs() < 9.0e15 {
        return format!("{}", f as i64);
    }
    // Exact: mantissa * 2^exp with exp >= 0 for integral values this large.
    let bits = f.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32 - 1075;
    let mantissa = (bits & ((1u64 << 52) - 1)) | (1u64 << 52);
    let mut n = BigUint::from_u64(mantissa);
    for _ in 0..exp {
        n.mul_add(2, 0);
    }
    let sign = if f < 0.0 { "-" } else { "" };
    format!("{sign}{}", n.to_decimal())
}

/// Just enough arbitrary precision for the hashes: little-endian base 1e9 limbs.
struct BigUint(Vec<u32>);

impl BigUint {
    const BASE: u64 = 1_000_000_000;

    fn from_u64(mut v: u64) -> Self {
        let mut limbs = Vec::new();
        while v > 0 {
            limbs.push((v % Self::BASE) as u32);
            v /= Self::BASE;
        }
        BigUint(limbs)
    }

    /// `self = self * m + a`.
    fn mul_add(&mut self, m: u32, a: u32) {
        let mut carry = u64::from(a);
        for limb in &mut self.0 {
            let x = u64::from(*limb) * u64::from(m) + carry;
            *limb = (x % Self::BASE) as u32;
            carry = x / Self::BASE;
        }
        while carry > 0 {
            self.0.push((carry % Self::BASE) as u32);
            carry /= Self::BASE;
        }
    }

    fn to_decimal(&self) -> String {
        let mut limbs = self.0.iter().rev().skip_while(|&&l| l == 0);
        let Some(first) = limbs.next() else {
            return "0".into();
        };
        let mut s = first.to_string();
        for l in limbs {
            write!(s, "{l:09}").unwrap();
        }
        s
    }
}

/// A small deterministic generator (xorshift), so that every run of a randomised test checks the
/// same cases (`tests/yaml_fast.rs`, `tests/markdown_fast.rs`).
pub struct Rng(pub u64);

impl Rng {
    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_vectors() {
        // Published FNV-1a 64 test vectors.
        assert_eq!(fnv1a64(b""), "cbf29ce484222325");
        assert_eq!(fnv1a64(b"a"), "af63dc4c8601ec8c");
        assert_eq!(fnv1a64(b"foobar"), "85944171f73967e8");
    }

    #[test]
    fn integral_floats() {
        assert_eq!(float_int_decimal(1e20), "100000000000000000000");
        assert_eq!(float_int_decimal(-2.0), "-2");
    }

    #[test]
    fn json_escapes_match_python() {
        // What json.dumps(s, ensure_ascii=False) writes for each C0 control, DEL and U+2028.
        let short = [
            (8, "\\b"),
            (9, "\\t"),
            (10, "\\n"),
            (12, "\\f"),
            (13, "\\r"),
        ];
        for c in 0u32..0x20 {
            let want = short
                .iter()
                .find(|(k, _)| *k == c)
                .map_or_else(|| format!("\\u{c:04x}"), |(_, s)| (*s).to_owned());
            let s = char::from_u32(c).unwrap().to_string();
            assert_eq!(json_string(&s), format!("\"{want}\""), "U+{c:04X}");
        }
        assert_eq!(
            json_string("\u{7f}\u{2028}é\"\\/"),
            "\"\u{7f}\u{2028}é\\\"\\\\/\""
        );
    }

    #[test]
    fn objects_sort_like_python() {
        let mut m = BTreeMap::new();
        for k in ["b", "a", "é", "Z", "\u{1F600}", "\u{FFFD}"] {
            m.insert(k.to_owned(), Canon::Int(1));
        }
        // Python sorts str by code point: Z < a < b < é < U+FFFD < U+1F600.
        assert_eq!(
            Canon::Obj(m).to_json(),
            "{\"Z\":1,\"a\":1,\"b\":1,\"é\":1,\"\u{FFFD}\":1,\"\u{1F600}\":1}"
        );
    }
}
