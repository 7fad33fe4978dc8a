//! Sizes as a card states them: parameter counts the way the Hub shows "Model size" (`494M`,
//! `7.24B`), file sizes in decimal units (`1.92 GB`), and the "Model size" detail of a checkpoint
//! read from its safetensors headers.

use crate::model_files::safetensors::Weights;

/// `45120` → `45.1K`, `494032768` → `494M`, `7241732096` → `7.24B`: three significant digits.
pub fn human_count(n: u64) -> String {
    scaled(n, 1000.0, &["", "K", "M", "B", "T"], "")
}

/// Bytes in decimal units, as the Hub lists file sizes: `58816` → `58.8 KB`.
pub fn human_bytes(n: u64) -> String {
    scaled(n, 1000.0, &[" B", " KB", " MB", " GB", " TB"], "")
}

fn scaled(n: u64, base: f64, units: &[&str], suffix: &str) -> String {
    let mut v = n as f64;
    let mut unit = 0;
    while v >= base * 0.9995 && unit + 1 < units.len() {
        v /= base;
        unit += 1;
    }
    if unit == 0 {
        return format!("{n}{}{suffix}", units[0]);
    }
    let digits = if v >= 99.95 {
        0
    } else if v >= 9.995 {
        1
    } else {
        2
    };
    let mut s = format!("{v:.digits$}");
    if s.contains('.') {
        s = s.trim_end_matches('0').trim_end_matches('.').to_owned();
    }
    format!("{s}{}{suffix}", units[unit])
}

/// `45120` → `45,120`.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The "Model size" (or, for an adapter, "Adapter size") detail of a safetensors checkpoint:
/// `45.1K parameters (45,120) · F32, F16`.
pub fn weights_detail(w: &Weights) -> (String, String) {
    let label = if w.adapter {
        "Adapter size"
    } else {
        "Model size"
    };
    let types = w.dtypes_by_share().join(", ");
    let value = format!(
        "{} parameters ({}){}",
        human_count(w.parameters),
        grouped(w.parameters),
        if types.is_empty() {
            String::new()
        } else {
            format!(" · {types}")
        }
    );
    (label.to_owned(), value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_like_the_hub() {
        assert_eq!(human_count(999), "999");
        assert_eq!(human_count(45_120), "45.1K");
        assert_eq!(human_count(494_032_768), "494M");
        assert_eq!(human_count(7_241_732_096), "7.24B");
        assert_eq!(human_count(7_000_000_000), "7B");
        assert_eq!(human_count(999_999), "1M");
        assert_eq!(human_bytes(58_816), "58.8 KB");
        assert_eq!(human_bytes(512), "512 B");
        assert_eq!(human_bytes(6_430_000_000), "6.43 GB");
        assert_eq!(grouped(45_120), "45,120");
        assert_eq!(grouped(7), "7");
        assert_eq!(grouped(1_000_000), "1,000,000");
    }
}
