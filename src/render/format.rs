//! Numbers and JSON values as a card shows them.

use serde_json::Value;

/// A number as a person reads it: integers without a fraction, small numbers to 4 significant
/// digits, others to 4 decimals.
pub fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        return format!("{}", v as i64);
    }
    if v.abs() < 1e-6 || !v.is_finite() {
        return format!("{v:.2e}");
    }
    let magnitude = v.abs().log10().floor() as i32;
    let decimals = (3 - magnitude).clamp(4, 10) as usize;
    let s = format!("{v:.decimals$}");
    let s = s.trim_end_matches('0');
    s.strip_suffix('.').unwrap_or(s).to_owned()
}

/// A JSON value as the card shows it; null and empty strings are absent.
pub fn json_text(v: &Value) -> Option<String> {
    Some(match v {
        Value::Null => return None,
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.as_f64().map(number).unwrap_or_else(|| n.to_string()),
        Value::String(s) if s.is_empty() => return None,
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .filter_map(json_text)
            .collect::<Vec<_>>()
            .join(", "),
        Value::Object(_) => v.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_naturally() {
        assert_eq!(number(3.0), "3");
        assert_eq!(number(0.123456), "0.1235");
        assert_eq!(number(0.0002), "0.0002");
        assert_eq!(number(0.00002), "0.00002");
        assert_eq!(number(12.345678), "12.3457");
        assert_eq!(number(1e-9), "1.00e-9");
    }
}
