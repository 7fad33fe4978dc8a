//! PyYAML's number constructors, with Python's `float()` and `int()` underneath (big integers
//! kept exact as decimal text).

use crate::card::yaml::node::{StrKind, Value};

/// PyYAML's `construct_yaml_float` (Python's `float()` on each part).
pub fn construct_float(s: &str) -> Result<f64, String> {
    let bad = || format!("`{s}` is not a valid float (Python's float() rejects it)");
    // Without `_` and upper case letters in ASCII text, both calls would copy `s` unchanged.
    let unchanged = s.is_ascii() && !s.bytes().any(|b| b == b'_' || b.is_ascii_uppercase());
    let v = match unchanged {
        true => std::borrow::Cow::Borrowed(s),
        false => std::borrow::Cow::Owned(s.replace('_', "").to_lowercase()),
    };
    let first = v.chars().next().ok_or_else(bad)?;
    let sign = if first == '-' { -1.0 } else { 1.0 };
    let v = if first == '-' || first == '+' {
        &v[1..]
    } else {
        &v[..]
    };
    if v == ".inf" {
        return Ok(sign * f64::INFINITY);
    }
    if v == ".nan" {
        return Ok(f64::NAN);
    }
    if v.contains(':') {
        // digits.reverse(); value += digit*base; base *= 60 (same float operations, same order)
        let parts = v
            .split(':')
            .map(py_float)
            .collect::<Option<Vec<f64>>>()
            .ok_or_else(bad)?;
        let mut base = 1.0;
        let mut total = 0.0;
        for part in parts.into_iter().rev() {
            total += part * base;
            base *= 60.0;
        }
        return Ok(sign * total);
    }
    Ok(sign * py_float(v).ok_or_else(bad)?)
}

/// Python's `float(s)` for ASCII text (after PyYAML removed `_` and lower-cased it).
fn py_float(s: &str) -> Option<f64> {
    let t = s.trim_matches(is_py_space);
    // Rust's grammar is Python's (sign, `1.`, `.5`, exponents, inf/infinity/nan), except that
    // Rust has no Unicode digits; both reject everything else here.
    t.parse::<f64>().ok()
}

/// `str.isspace()`.
fn is_py_space(c: char) -> bool {
    crate::card::frontmatter::is_py_space(c)
}

/// CPython's limit on decimal digits in `int()` (`sys.get_int_max_str_digits()`, 3.11+); bases
/// that are powers of two have no limit.
const INT_MAX_STR_DIGITS: usize = 4300;

/// PyYAML's `construct_yaml_int`, with Python's `int(text, base)` underneath. Used for plain
/// integers (after the resolver's regex) and for `!!int` (any text).
pub fn construct_int(s: &str) -> Result<Value, String> {
    let bad = || format!("`{s}` is not a valid integer (Python's int() rejects it)");
    let v = s.replace('_', "");
    let first = v.chars().next().ok_or_else(bad)?;
    let neg = first == '-';
    let v = if first == '-' || first == '+' {
        &v[1..]
    } else {
        &v[..]
    };
    if v == "0" {
        return Ok(Value::Int(0));
    }
    let magnitude = if let Some(r) = v.strip_prefix("0b") {
        py_int(r, 2)
    } else if let Some(r) = v.strip_prefix("0x") {
        py_int(r, 16)
    } else if v.starts_with('0') {
        py_int(v, 8)
    } else if v.is_empty() {
        None
    } else if v.contains(':') {
        let mut total = BigInt::zero();
        for part in v.split(':') {
            total = total.mul_small(60).add(&py_int(part, 10).ok_or_else(bad)?);
        }
        Some(total)
    } else {
        py_int(v, 10)
    };
    let magnitude = magnitude.ok_or_else(bad)?;
    Ok(magnitude.negate_if(neg).into_value())
}

/// Python's `int(s, base)`: surrounding whitespace, a sign, the base's own prefix (`0x` for 16,
/// `0o` for 8, `0b` for 2), then at least one digit. No underscores reach here.
fn py_int(s: &str, base: u32) -> Option<BigInt> {
    let t = s.trim_matches(is_py_space);
    let (neg, t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let prefix = match base {
        16 => Some("0x"),
        8 => Some("0o"),
        2 => Some("0b"),
        _ => None,
    };
    let t = match prefix {
        Some(p) if t.get(..2).is_some_and(|h| h.eq_ignore_ascii_case(p)) => &t[2..],
        _ => t,
    };
    if t.is_empty() || (base == 10 && t.len() > INT_MAX_STR_DIGITS) {
        return None;
    }
    let mut n = BigInt::zero();
    for c in t.chars() {
        n = n
            .mul_small(base)
            .add(&BigInt::from_u64(u64::from(c.to_digit(base)?)));
    }
    Some(n.negate_if(neg))
}

/// Just enough of Python's arbitrary-precision integers: sign and base-10⁹ limbs.
#[derive(Debug, Clone, PartialEq)]
struct BigInt {
    neg: bool,
    /// Little-endian base 10⁹; no trailing zero limbs (zero is empty).
    limbs: Vec<u32>,
}

impl BigInt {
    const BASE: u64 = 1_000_000_000;

    fn zero() -> Self {
        BigInt {
            neg: false,
            limbs: Vec::new(),
        }
    }

    fn from_u64(mut v: u64) -> Self {
        let mut limbs = Vec::new();
        while v > 0 {
            limbs.push((v % Self::BASE) as u32);
            v /= Self::BASE;
        }
        BigInt { neg: false, limbs }
    }

    fn negate_if(mut self, neg: bool) -> Self {
        if neg && !self.limbs.is_empty() {
            self.neg = !self.neg;
        }
        self
    }

    fn mul_small(mut self, m: u32) -> Self {
        let mut carry = 0u64;
        for limb in &mut self.limbs {
            let x = u64::from(*limb) * u64::from(m) + carry;
            *limb = (x % Self::BASE) as u32;
            carry = x / Self::BASE;
        }
        while carry > 0 {
            self.limbs.push((carry % Self::BASE) as u32);
            carry /= Self::BASE;
        }
        self.trim()
    }

    fn trim(mut self) -> Self {
        while self.limbs.last() == Some(&0) {
            self.limbs.pop();
        }
        if self.limbs.is_empty() {
            self.neg = false;
        }
        self
    }

    fn cmp_abs(&self, other: &BigInt) -> std::cmp::Ordering {
        self.limbs
            .len()
            .cmp(&other.limbs.len())
            .then_with(|| self.limbs.iter().rev().cmp(other.limbs.iter().rev()))
    }

    /// Signed addition.
    fn add(self, other: &BigInt) -> Self {
        if self.neg == other.neg {
            let mut limbs = Vec::with_capacity(self.limbs.len().max(other.limbs.len()) + 1);
            let mut carry = 0u64;
            for i in 0..self.limbs.len().max(other.limbs.len()) {
                let x = u64::from(self.limbs.get(i).copied().unwrap_or(0))
                    + u64::from(other.limbs.get(i).copied().unwrap_or(0))
                    + carry;
                limbs.push((x % Self::BASE) as u32);
                carry = x / Self::BASE;
            }
            if carry > 0 {
                limbs.push(carry as u32);
            }
            return BigInt {
                neg: self.neg,
                limbs,
            }
            .trim();
        }
        // Different signs: subtract the smaller magnitude from the larger.
        let (big, small) = if self.cmp_abs(other).is_ge() {
            (&self, other)
        } else {
            (other, &self)
        };
        let mut limbs = Vec::with_capacity(big.limbs.len());
        let mut borrow = 0i64;
        for i in 0..big.limbs.len() {
            let mut x = i64::from(big.limbs[i])
                - i64::from(small.limbs.get(i).copied().unwrap_or(0))
                - borrow;
            borrow = i64::from(x < 0);
            if x < 0 {
                x += Self::BASE as i64;
            }
            limbs.push(x as u32);
        }
        BigInt {
            neg: big.neg,
            limbs,
        }
        .trim()
    }

    fn to_decimal(&self) -> String {
        let mut limbs = self.limbs.iter().rev();
        let Some(first) = limbs.next() else {
            return "0".into();
        };
        let mut s = String::with_capacity(self.limbs.len() * 9 + 1);
        if self.neg {
            s.push('-');
        }
        s.push_str(&first.to_string());
        for l in limbs {
            s.push_str(&format!("{l:09}"));
        }
        s
    }

    /// An `i64` when it fits, else the exact decimal text as [`StrKind::BigInt`].
    fn into_value(self) -> Value {
        let dec = self.to_decimal();
        match dec.parse::<i64>() {
            Ok(i) => Value::Int(i),
            Err(_) => Value::Str(dec.into(), StrKind::BigInt),
        }
    }
}
