//! Plain-scalar resolution exactly as PyYAML's `SafeLoader` does it (YAML 1.1), plus a note
//! wherever YAML 1.2's core schema would read the same text differently.
//!
//! PyYAML's implicit resolvers (resolver.py), tried in this order for a plain scalar:
//! bool, float, int, merge, null, timestamp, value (`=`).

use super::node::{StrKind, Value};

/// How a plain scalar resolved under YAML 1.1.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolved {
    Value(Value),
    /// `<<`: a merge key.
    Merge,
    /// `=`: PyYAML's `SafeLoader` has no constructor for it and fails.
    ValueTag,
    /// The resolver matched but the constructor raises (e.g. `2024-02-30`).
    Invalid(String),
}

/// A plain scalar whose meaning differs between YAML 1.1 and YAML 1.2.
#[derive(Debug, Clone, PartialEq)]
pub struct Ambiguity {
    pub text: String,
    /// What PyYAML / `huggingface_hub` read (YAML 1.1).
    pub yaml11: &'static str,
    /// What a YAML 1.2 parser reads.
    pub yaml12: &'static str,
}

/// Resolve a plain (unquoted, untagged) scalar.
pub fn resolve_plain(s: &str) -> Resolved {
    if s.is_empty() || matches!(s, "~" | "null" | "Null" | "NULL") {
        return Resolved::Value(Value::Null);
    }
    if let Some(b) = parse_bool(s) {
        return Resolved::Value(Value::Bool(b));
    }
    if is_float11(s) {
        return Resolved::Value(Value::Float(construct_float(s)));
    }
    if is_int11(s) {
        return Resolved::Value(construct_int(s));
    }
    if s == "<<" {
        return Resolved::Merge;
    }
    if is_timestamp(s) {
        return match check_timestamp(s) {
            Ok(()) => Resolved::Value(Value::Str(s.to_owned(), StrKind::Timestamp)),
            Err(e) => Resolved::Invalid(e),
        };
    }
    if s == "=" {
        return Resolved::ValueTag;
    }
    Resolved::Value(Value::Str(s.to_owned(), StrKind::Plain))
}

/// What YAML 1.2 (core schema) reads a plain scalar as: `"null"`, `"bool"`, `"int"`, `"float"`
/// or `"string"`.
fn kind12(s: &str) -> &'static str {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return "null",
        "true" | "True" | "TRUE" | "false" | "False" | "FALSE" => return "bool",
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF"
        | ".nan" | ".NaN" | ".NAN" => return "float",
        _ => {}
    }
    let b = s.as_bytes();
    let digits = |t: &[u8], f: fn(&u8) -> bool| !t.is_empty() && t.iter().all(f);
    if let Some(rest) = s.strip_prefix("0o") {
        if digits(rest.as_bytes(), |c| (b'0'..=b'7').contains(c)) {
            return "int";
        }
    }
    if let Some(rest) = s.strip_prefix("0x") {
        if digits(rest.as_bytes(), u8::is_ascii_hexdigit) {
            return "int";
        }
    }
    let unsigned = s.strip_prefix(['-', '+']).unwrap_or(s).as_bytes();
    if digits(unsigned, u8::is_ascii_digit) {
        return "int";
    }
    if is_float12(b) {
        return "float";
    }
    "string"
}

/// `[-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?`
fn is_float12(b: &[u8]) -> bool {
    let mut i = usize::from(matches!(b.first(), Some(b'-' | b'+')));
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let int_digits = i - int_start;
    let mut frac_digits = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let fs = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        frac_digits = i - fs;
    }
    if int_digits == 0 && frac_digits == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        let es = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == es {
            return false;
        }
    }
    i == b.len()
}

/// The YAML 1.1 / 1.2 disagreement for a plain scalar, if any.
pub fn ambiguity(s: &str, resolved: &Resolved) -> Option<Ambiguity> {
    let yaml11 = match resolved {
        Resolved::Value(Value::Null) => "null",
        Resolved::Value(Value::Bool(_)) => "bool",
        Resolved::Value(Value::Int(_)) => "int",
        Resolved::Value(Value::Float(_)) => "float",
        Resolved::Value(Value::Str(_, StrKind::Timestamp)) => "date",
        Resolved::Value(Value::Str(..)) => "string",
        _ => return None,
    };
    let yaml12 = kind12(s);
    let same = yaml11 == yaml12 && !(yaml11 == "int" && differs_as_int(s));
    // An int in 1.1 that 1.2 reads as a float (or vice versa) is still a number: only warn when
    // the kind changes in a way that matters (bool/string/date/int-value).
    let numeric_pair = matches!((yaml11, yaml12), ("int", "float") | ("float", "int"));
    (!same && !numeric_pair).then(|| Ambiguity {
        text: s.to_owned(),
        yaml11,
        yaml12,
    })
}

/// Both read an int, but a different one (`0777`: octal 511 in 1.1, 777 in 1.2).
fn differs_as_int(s: &str) -> bool {
    let u = s.strip_prefix(['-', '+']).unwrap_or(s);
    u.len() > 1 && u.starts_with('0') && u.bytes().all(|c| c.is_ascii_digit())
}

fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => Some(true),
        "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => Some(false),
        _ => None,
    }
}

/// A tiny cursor for the hand-written versions of PyYAML's regexes.
struct Cur<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Cur<'a> {
    fn new(s: &'a str) -> Self {
        Cur {
            b: s.as_bytes(),
            i: 0,
        }
    }
    fn eat(&mut self, c: u8) -> bool {
        let hit = self.b.get(self.i) == Some(&c);
        self.i += usize::from(hit);
        hit
    }
    fn eat_sign(&mut self) {
        if matches!(self.b.get(self.i), Some(b'-' | b'+')) {
            self.i += 1;
        }
    }
    fn eat_while(&mut self, f: impl Fn(u8) -> bool) -> usize {
        let s = self.i;
        while self.i < self.b.len() && f(self.b[self.i]) {
            self.i += 1;
        }
        self.i - s
    }
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }
    fn done(&self) -> bool {
        self.i == self.b.len()
    }
    /// `(?::[0-5]?[0-9])+`
    fn sexagesimal_tail(&mut self) -> bool {
        let mut n = 0;
        while self.peek() == Some(b':') {
            self.i += 1;
            let d = self.eat_while(|c| c.is_ascii_digit());
            let part = &self.b[self.i - d..self.i];
            let ok = match d {
                1 => true,
                2 => part[0] <= b'5',
                _ => false,
            };
            if !ok {
                return false;
            }
            n += 1;
        }
        n > 0
    }
}

fn digit_(c: u8) -> bool {
    c.is_ascii_digit() || c == b'_'
}

/// `[eE][-+][0-9]+` (PyYAML requires the sign).
fn exponent(c: &mut Cur<'_>) -> bool {
    let save = c.i;
    if c.eat(b'e') || c.eat(b'E') {
        if (c.eat(b'-') || c.eat(b'+')) && c.eat_while(|x| x.is_ascii_digit()) > 0 {
            return true;
        }
        c.i = save;
        return false;
    }
    true
}

/// PyYAML's float regex.
fn is_float11(s: &str) -> bool {
    // [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
    let alt1 = || {
        let mut c = Cur::new(s);
        c.eat_sign();
        if !c.peek().is_some_and(|x| x.is_ascii_digit()) {
            return false;
        }
        c.eat_while(digit_);
        if !c.eat(b'.') {
            return false;
        }
        c.eat_while(digit_);
        let save = c.i;
        if !exponent(&mut c) {
            c.i = save;
        }
        c.done()
    };
    // \.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
    let alt2 = || {
        let mut c = Cur::new(s);
        if !c.eat(b'.') || !c.peek().is_some_and(|x| x.is_ascii_digit()) {
            return false;
        }
        c.eat_while(digit_);
        exponent(&mut c);
        c.done()
    };
    // [-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
    let alt3 = || {
        let mut c = Cur::new(s);
        c.eat_sign();
        if !c.peek().is_some_and(|x| x.is_ascii_digit()) {
            return false;
        }
        c.eat_while(digit_);
        if !c.sexagesimal_tail() || !c.eat(b'.') {
            return false;
        }
        c.eat_while(digit_);
        c.done()
    };
    let special = {
        let u = s.strip_prefix(['-', '+']).unwrap_or(s);
        matches!(u, ".inf" | ".Inf" | ".INF") || matches!(s, ".nan" | ".NaN" | ".NAN")
    };
    special || alt1() || alt2() || alt3()
}

/// PyYAML's int regex.
fn is_int11(s: &str) -> bool {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    let b = body.as_bytes();
    let all = |t: &[u8], f: fn(u8) -> bool| !t.is_empty() && t.iter().all(|&c| f(c));
    if let Some(r) = body.strip_prefix("0b") {
        return all(r.as_bytes(), |c| matches!(c, b'0' | b'1' | b'_'));
    }
    if let Some(r) = body.strip_prefix("0x") {
        return all(r.as_bytes(), |c| c.is_ascii_hexdigit() || c == b'_');
    }
    if body == "0" {
        return true;
    }
    if b.first() == Some(&b'0') {
        return all(&b[1..], |c| (b'0'..=b'7').contains(&c) || c == b'_');
    }
    if !b.first().is_some_and(|c| (b'1'..=b'9').contains(c)) {
        return false;
    }
    let mut c = Cur::new(body);
    c.i = 1;
    c.eat_while(digit_);
    if c.done() {
        return true;
    }
    c.sexagesimal_tail() && c.done()
}

/// PyYAML's `construct_yaml_float`.
fn construct_float(s: &str) -> f64 {
    let v = s.replace('_', "").to_ascii_lowercase();
    let (sign, v) = match v.as_bytes().first() {
        Some(b'-') => (-1.0, &v[1..]),
        Some(b'+') => (1.0, &v[1..]),
        _ => (1.0, &v[..]),
    };
    if v == ".inf" {
        return sign * f64::INFINITY;
    }
    if v == ".nan" {
        return f64::NAN;
    }
    if v.contains(':') {
        let mut base = 1.0;
        let mut total = 0.0;
        for part in v.split(':').rev() {
            total += parse_py_float(part) * base;
            base *= 60.0;
        }
        return sign * total;
    }
    sign * parse_py_float(v)
}

/// Python's `float()` on the strings the float regex admits (`1.`, `.5`, `1.e+5`).
fn parse_py_float(s: &str) -> f64 {
    s.parse::<f64>()
        .or_else(|_| s.replacen(".e", ".0e", 1).parse::<f64>())
        .unwrap_or(f64::NAN)
}

/// PyYAML's `construct_yaml_int`.
fn construct_int(s: &str) -> Value {
    let v = s.replace('_', "");
    let (neg, v) = match v.as_bytes().first() {
        Some(b'-') => (true, &v[1..]),
        Some(b'+') => (false, &v[1..]),
        _ => (false, &v[..]),
    };
    let magnitude: Option<i128> = if v == "0" {
        Some(0)
    } else if let Some(r) = v.strip_prefix("0b") {
        i128::from_str_radix(r, 2).ok()
    } else if let Some(r) = v.strip_prefix("0x") {
        i128::from_str_radix(r, 16).ok()
    } else if v.starts_with('0') {
        i128::from_str_radix(v, 8).ok()
    } else if v.contains(':') {
        v.split(':').try_fold(0i128, |acc, part| {
            acc.checked_mul(60)?.checked_add(part.parse::<i128>().ok()?)
        })
    } else {
        v.parse::<i128>().ok()
    };
    let signed = magnitude.map(|m| if neg { -m } else { m });
    match signed.and_then(|m| i64::try_from(m).ok()) {
        Some(i) => Value::Int(i),
        None => Value::Str(s.to_owned(), StrKind::BigInt),
    }
}

/// PyYAML's timestamp regex.
fn is_timestamp(s: &str) -> bool {
    let mut c = Cur::new(s);
    let n = |c: &mut Cur<'_>, min: usize, max: usize| {
        let d = c.eat_while(|x| x.is_ascii_digit());
        (min..=max).contains(&d)
    };
    if !(n(&mut c, 4, 4) && c.eat(b'-') && n(&mut c, 1, 2) && c.eat(b'-') && n(&mut c, 1, 2)) {
        return false;
    }
    if c.done() {
        // The date-only form needs two-digit month and day.
        return s.len() == 10;
    }
    if !(c.eat(b'T') || c.eat(b't') || c.eat_while(|x| x == b' ' || x == b'\t') > 0) {
        return false;
    }
    if !(n(&mut c, 1, 2) && c.eat(b':') && n(&mut c, 2, 2) && c.eat(b':') && n(&mut c, 2, 2)) {
        return false;
    }
    if c.eat(b'.') {
        c.eat_while(|x| x.is_ascii_digit());
    }
    if c.done() {
        return true;
    }
    c.eat_while(|x| x == b' ' || x == b'\t');
    if c.eat(b'Z') {
        return c.done();
    }
    if !(c.eat(b'-') || c.eat(b'+')) || !n(&mut c, 1, 2) {
        return false;
    }
    if c.eat(b':') && !n(&mut c, 2, 2) {
        return false;
    }
    c.done()
}

/// The range checks Python's `datetime` makes when PyYAML constructs a timestamp.
fn check_timestamp(s: &str) -> Result<(), String> {
    let nums: Vec<u32> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .map(|p| p.parse().unwrap_or(u32::MAX))
        .collect();
    let (y, m, d) = (nums[0], nums[1], nums[2]);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => {
            return Err(format!(
                "`{s}` looks like a date, but month {m} does not exist"
            ))
        }
    };
    if y == 0 || d == 0 || d > days {
        return Err(format!(
            "`{s}` looks like a date, but it is not a valid date"
        ));
    }
    if nums.len() >= 6 && (nums[3] > 23 || nums[4] > 59 || nums[5] > 59) {
        return Err(format!(
            "`{s}` looks like a timestamp, but the time is out of range"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
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
    }
}
