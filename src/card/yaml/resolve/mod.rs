//! Plain-scalar resolution exactly as PyYAML's `SafeLoader` does it (YAML 1.1), plus a note
//! wherever YAML 1.2's core schema would read the same text differently.
//!
//! PyYAML's implicit resolvers (resolver.py), tried in this order for a plain scalar:
//! bool, float, int, merge, null, timestamp, value (`=`).

mod number;

pub use number::{construct_float, construct_int};

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
    shortcut(s).unwrap_or_else(|| resolve_plain_full(s))
}

/// [`resolve_plain`] and its [`ambiguity`] together: the shortcuts that settle the value (a word
/// that can only be a string, a plain number) settle that both YAML versions agree, so the
/// comparison runs only for the rest.
pub fn resolve_plain_noted(s: &str) -> (Resolved, Option<Ambiguity>) {
    match shortcut(s) {
        Some(resolved) => (resolved, None),
        None => {
            let resolved = resolve_plain_full(s);
            let ambiguity = ambiguity(s, &resolved);
            (resolved, ambiguity)
        }
    }
}

/// The value of a word that can only be a string or of a plain number, read without the
/// resolver's patterns; `None` for anything else. Inlined into both callers: it runs on nearly
/// every scalar, and a real call returning its result through the `Option` costs more than it.
#[inline(always)]
fn shortcut(s: &str) -> Option<Resolved> {
    if only_string(s) {
        return Some(Resolved::Value(Value::Str(s.into(), StrKind::Plain)));
    }
    Some(Resolved::Value(match simple_number(s)? {
        SimpleNumber::Int => Value::Int(s.parse().expect("18 digits fit")),
        SimpleNumber::Float => Value::Float(s.parse().expect("digits, a point, digits")),
    }))
}

/// A plain number in its simplest spelling, as most model-index values are.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum SimpleNumber {
    /// `-`? and 1 to 18 digits without a leading zero (or `0`): an i64 for PyYAML and for YAML
    /// 1.2 alike.
    Int,
    /// `-`? digits `.` digits: a float for both. Rust's `f64` parsing rounds correctly, as
    /// Python's `float()` does, so the value is the same.
    Float,
}

/// Which [`SimpleNumber`] `s` is, if any: a shortcut past the resolver's patterns and the
/// YAML 1.1 / 1.2 comparison, which both agree on these.
fn simple_number(s: &str) -> Option<SimpleNumber> {
    let b = s.as_bytes();
    let unsigned = b.strip_prefix(b"-").unwrap_or(b);
    let int_len = unsigned.iter().take_while(|c| c.is_ascii_digit()).count();
    let (int, rest) = unsigned.split_at(int_len);
    match rest {
        [] if int == b"0" || (int.len() <= 18 && int.first().is_some_and(|&c| c != b'0')) => {
            Some(SimpleNumber::Int)
        }
        [b'.', frac @ ..]
            if !int.is_empty() && !frac.is_empty() && frac.iter().all(u8::is_ascii_digit) =>
        {
            Some(SimpleNumber::Float)
        }
        _ => None,
    }
}

/// Whether a plain scalar can only be a string, for PyYAML and for YAML 1.2 alike: it starts
/// with a non-ASCII character, or with an ASCII letter and is not one of the null and boolean
/// words. Every other implicit type (numbers, `.inf`, `.nan`, timestamps, `~`, `<<`, `=`)
/// starts with a digit, a sign, `.`, `~`, `<` or `=`. A cheap test that lets most scalars skip
/// the resolver's patterns.
fn only_string(s: &str) -> bool {
    let Some(&b0) = s.as_bytes().first() else {
        return false;
    };
    !b0.is_ascii() || (b0.is_ascii_alphabetic() && !is_null_or_bool_word(s))
}

/// PyYAML's null and boolean words (YAML 1.1); YAML 1.2's are among them.
fn is_null_or_bool_word(s: &str) -> bool {
    matches!(
        s,
        "null"
            | "Null"
            | "NULL"
            | "yes"
            | "Yes"
            | "YES"
            | "no"
            | "No"
            | "NO"
            | "true"
            | "True"
            | "TRUE"
            | "false"
            | "False"
            | "FALSE"
            | "on"
            | "On"
            | "ON"
            | "off"
            | "Off"
            | "OFF"
    )
}

/// [`resolve_plain`] without the [`only_string`] shortcut.
fn resolve_plain_full(s: &str) -> Resolved {
    if s.is_empty() || matches!(s, "~" | "null" | "Null" | "NULL") {
        return Resolved::Value(Value::Null);
    }
    if let Some(b) = parse_bool(s) {
        return Resolved::Value(Value::Bool(b));
    }
    if is_float11(s) {
        return match construct_float(s) {
            Ok(f) => Resolved::Value(Value::Float(f)),
            Err(e) => Resolved::Invalid(e),
        };
    }
    if is_int11(s) {
        return match construct_int(s) {
            Ok(v) => Resolved::Value(v),
            Err(e) => Resolved::Invalid(e),
        };
    }
    if s == "<<" {
        return Resolved::Merge;
    }
    if let Some(stamp) = parse_timestamp(s, true) {
        return match check_timestamp(s, stamp) {
            Ok(()) => Resolved::Value(Value::Str(s.into(), StrKind::Timestamp)),
            Err(e) => Resolved::Invalid(e),
        };
    }
    if s == "=" {
        return Resolved::ValueTag;
    }
    Resolved::Value(Value::Str(s.into(), StrKind::Plain))
}

/// Resolve a scalar PyYAML resolves implicitly even though it may not be plain: one tagged with
/// the non-specific `!` (`! '12'` is the integer 12). PyYAML's resolver regexes end in `$`,
/// which also matches before a final line break, and the constructor then sees that break.
pub fn resolve_implicit(s: &str) -> Resolved {
    let Some(t) = s.strip_suffix('\n') else {
        return resolve_plain(s);
    };
    let invalid = || Resolved::Invalid(format!("{s:?} cannot be constructed (PyYAML)"));
    match resolve_plain(t) {
        Resolved::Value(Value::Str(_, StrKind::Plain)) => {
            Resolved::Value(Value::Str(s.into(), StrKind::Plain))
        }
        Resolved::Value(Value::Str(_, StrKind::Timestamp)) => {
            Resolved::Value(Value::Str(s.into(), StrKind::Timestamp))
        }
        // `bool_values["yes\n"]` is a KeyError; `float(".inf\n")` a ValueError.
        Resolved::Value(Value::Bool(_)) => invalid(),
        Resolved::Value(Value::Float(_)) => match construct_float(s) {
            Ok(f) => Resolved::Value(Value::Float(f)),
            Err(_) => invalid(),
        },
        other => other,
    }
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
    // Both read a string, or the same number.
    match resolved {
        Resolved::Value(Value::Str(_, StrKind::Plain)) if only_string(s) => return None,
        Resolved::Value(Value::Int(_) | Value::Float(_)) if simple_number(s).is_some() => {
            return None
        }
        _ => {}
    }
    let yaml11 = match resolved {
        Resolved::Value(Value::Null) => "null",
        Resolved::Value(Value::Bool(_)) => "bool",
        Resolved::Value(Value::Int(_)) => "int",
        Resolved::Value(Value::Float(_)) => "float",
        Resolved::Value(Value::Str(_, StrKind::Timestamp)) => "date",
        Resolved::Value(Value::Str(_, StrKind::BigInt)) => "int",
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

/// The fields of a timestamp: (year, month, day, Some((hour, minute, second, tz minutes))).
type Stamp = (u32, u32, u32, Option<(u32, u32, u32, Option<i64>)>);

/// PyYAML's timestamp regexes: `implicit` is the resolver's (`YYYY-MM-DD` for a bare date),
/// otherwise the constructor's `timestamp_regexp` (also `YYYY-M-D`), which `!!timestamp` uses.
fn parse_timestamp(s: &str, implicit: bool) -> Option<Stamp> {
    let mut c = Cur::new(s);
    let num = |c: &mut Cur<'_>, min: usize, max: usize| -> Option<u32> {
        let start = c.i;
        let d = c.eat_while(|x| x.is_ascii_digit());
        if !(min..=max).contains(&d) {
            return None;
        }
        s[start..c.i].parse().ok()
    };
    let year = num(&mut c, 4, 4)?;
    c.eat(b'-').then_some(())?;
    let month = num(&mut c, 1, 2)?;
    c.eat(b'-').then_some(())?;
    let day = num(&mut c, 1, 2)?;
    if c.done() {
        return (!implicit || s.len() == 10).then_some((year, month, day, None));
    }
    if !(c.eat(b'T') || c.eat(b't') || c.eat_while(|x| x == b' ' || x == b'\t') > 0) {
        return None;
    }
    let hour = num(&mut c, 1, 2)?;
    c.eat(b':').then_some(())?;
    let minute = num(&mut c, 2, 2)?;
    c.eat(b':').then_some(())?;
    let second = num(&mut c, 2, 2)?;
    if c.eat(b'.') {
        c.eat_while(|x| x.is_ascii_digit());
    }
    let time = |tz| Some((year, month, day, Some((hour, minute, second, tz))));
    if c.done() {
        return time(None);
    }
    c.eat_while(|x| x == b' ' || x == b'\t');
    if c.eat(b'Z') {
        return if c.done() { time(Some(0)) } else { None };
    }
    let sign = match c.peek() {
        Some(b'-') => -1,
        Some(b'+') => 1,
        _ => return None,
    };
    c.i += 1;
    let tz_hour = num(&mut c, 1, 2)?;
    let tz_minute = if c.eat(b':') { num(&mut c, 2, 2)? } else { 0 };
    c.done()
        .then(|| {
            time(Some(
                sign * (i64::from(tz_hour) * 60 + i64::from(tz_minute)),
            ))
        })
        .flatten()
}

/// The checks Python's `datetime.date` / `datetime.datetime` / `datetime.timezone` make when
/// PyYAML constructs a timestamp.
fn check_timestamp(s: &str, stamp: Stamp) -> Result<(), String> {
    let (y, m, d, time) = stamp;
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
    if let Some((hour, minute, second, tz)) = time {
        if hour > 23 || minute > 59 || second > 59 {
            return Err(format!(
                "`{s}` looks like a timestamp, but the time is out of range"
            ));
        }
        if tz.is_some_and(|t| t.abs() >= 24 * 60) {
            return Err(format!(
                "`{s}` looks like a timestamp, but its UTC offset is not under 24 hours"
            ));
        }
    }
    Ok(())
}

/// PyYAML's `construct_yaml_timestamp` for `!!timestamp` (its regex, then the range checks).
pub fn construct_timestamp(s: &str) -> Result<Value, String> {
    // The regex ends in `$`, which also matches before a final line break.
    let body = s.strip_suffix('\n').unwrap_or(s);
    let stamp =
        parse_timestamp(body, false).ok_or_else(|| format!("`{s}` is not a valid timestamp"))?;
    check_timestamp(s, stamp)?;
    Ok(Value::Str(s.into(), StrKind::Timestamp))
}

/// PyYAML's `construct_yaml_bool`: `bool_values[value.lower()]`.
pub fn construct_bool(s: &str) -> Result<Value, String> {
    match s.to_lowercase().as_str() {
        "yes" | "true" | "on" => Ok(Value::Bool(true)),
        "no" | "false" | "off" => Ok(Value::Bool(false)),
        _ => Err(format!("`{s}` is not a valid boolean")),
    }
}

/// PyYAML's `construct_yaml_binary`: the text must be ASCII and `base64.decodebytes` must
/// accept it. That is CPython's non-strict `binascii.a2b_base64`: characters outside the
/// alphabet are skipped, a complete `=` padding ends the data, and the number of data
/// characters must not leave a partial quad.
pub fn check_binary(s: &str) -> Result<(), String> {
    if !s.is_ascii() {
        return Err("`!!binary` data must be ASCII base64".into());
    }
    let mut quad_pos = 0u32;
    let mut pads = 0u32;
    let mut data_chars = 0usize;
    for b in s.bytes() {
        if b == b'=' {
            pads += 1;
            if quad_pos >= 2 && quad_pos + pads >= 4 {
                return Ok(());
            }
            continue;
        }
        if !(b.is_ascii_alphanumeric() || b == b'+' || b == b'/') {
            continue;
        }
        pads = 0;
        data_chars += 1;
        quad_pos = (quad_pos + 1) % 4;
    }
    match quad_pos {
        0 => Ok(()),
        1 => Err(format!(
            "invalid `!!binary` base64: {data_chars} data characters is 1 more than a multiple of 4"
        )),
        _ => Err("invalid `!!binary` base64: incorrect padding".into()),
    }
}

#[cfg(test)]
mod tests;
