//! The record a rendered card carries of what cardgen wrote: one HTML comment line at its end,
//! invisible on the Hub, holding a short hash of each managed region's contents and of each
//! managed front-matter value (of each entry, for lists).
//!
//! `--update` compares the card with its record to tell a hand edit from cardgen's own output
//! going stale: an edited region or key is named when it is replaced, and a list entry the record
//! does not hold was added by hand and is kept. Hashes, not copies, keep the line short and free of
//! anything Markdown, YAML or a template engine could read.

use std::collections::BTreeMap;

use super::regions;
use super::yaml_emit::Yaml;

const PREFIX: &str = "<!-- cardgen:record 1";
const CLOSE: &str = "-->";
/// Hex digits kept of each SHA-1: enough to tell an edit, short enough for one line.
const HASH_LEN: usize = 10;

/// What cardgen wrote into a card, as hashes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Record {
    /// Region name → hash of its contents.
    pub regions: BTreeMap<String, String>,
    /// Front-matter key → hash of each value written (one for a scalar or map, one per entry for a
    /// list).
    pub keys: BTreeMap<String, Vec<String>>,
}

/// The hash of a text, line endings normalised to `\n`.
pub fn hash_text(text: &str) -> String {
    let normal = text.replace("\r\n", "\n");
    let digest = sha1_smol::Sha1::from(normal.as_bytes())
        .digest()
        .to_string();
    digest[..HASH_LEN].to_owned()
}

/// The hash of a front-matter value, as JSON (how the card's YAML reads back).
pub fn hash_value(value: &serde_json::Value) -> String {
    hash_text(&value.to_string())
}

/// The hashes a value is recorded under: one per entry of a list, else one.
pub fn value_hashes(value: &serde_json::Value) -> Vec<String> {
    match value {
        serde_json::Value::Array(items) => items.iter().map(hash_value).collect(),
        other => vec![hash_value(other)],
    }
}

impl Record {
    /// The record of a rendering: its front matter and the regions of its text.
    pub fn of(front_matter: &[(String, Yaml)], text: &str) -> Record {
        let mut record = Record::default();
        for (key, value) in front_matter {
            record
                .keys
                .insert(key.clone(), value_hashes(&value.to_json()));
        }
        if let Ok(found) = regions::find(text) {
            for r in found {
                record
                    .regions
                    .entry(r.name)
                    .or_insert_with(|| hash_text(&text[r.content]));
            }
        }
        record
    }

    /// The record's line, without a line break.
    pub fn line(&self) -> String {
        let mut out = PREFIX.to_owned();
        let regions = self.regions.iter().map(|(k, h)| format!("{k}:{h}"));
        let keys = self
            .keys
            .iter()
            .map(|(k, hs)| format!("fm.{k}:{}", hs.join(",")));
        for token in regions.chain(keys) {
            out.push(' ');
            out.push_str(&token);
        }
        out.push(' ');
        out.push_str(CLOSE);
        out
    }

    /// Read a record line (surrounding whitespace allowed); `None` when it is not one.
    pub fn parse(line: &str) -> Option<Record> {
        let inner = line.trim().strip_prefix(PREFIX)?.strip_suffix(CLOSE)?;
        if !inner.is_empty() && !inner.starts_with(' ') {
            return None;
        }
        let mut record = Record::default();
        for token in inner.split_whitespace() {
            let (name, hashes) = token.split_once(':')?;
            match name.strip_prefix("fm.") {
                Some(key) => {
                    let hs = hashes
                        .split(',')
                        .filter(|h| !h.is_empty())
                        .map(str::to_owned);
                    record.keys.insert(key.to_owned(), hs.collect());
                }
                None => {
                    record.regions.insert(name.to_owned(), hashes.to_owned());
                }
            }
        }
        Some(record)
    }
}

/// Where a record line sits in a text: the byte range of the line, its line break included.
pub fn find(text: &str) -> Option<(std::ops::Range<usize>, Record)> {
    let mut start = 0;
    let mut found = None;
    for line in text.split_inclusive('\n') {
        let end = start + line.len();
        if line.trim_start().starts_with(PREFIX) {
            if let Some(r) = Record::parse(line) {
                found = Some((start..end, r));
            }
        }
        start = end;
    }
    found
}

/// `text` with its record line (and the blank line before it) taken out.
pub fn strip(text: &str) -> String {
    let Some((range, _)) = find(text) else {
        return text.to_owned();
    };
    let before = &text[..range.start];
    let trimmed = before
        .strip_suffix("\r\n")
        .or_else(|| before.strip_suffix('\n'))
        .filter(|b| b.ends_with('\n') && range.end == text.len())
        .unwrap_or(before);
    format!("{trimmed}{}", &text[range.end..])
}

/// `text` (a card without a record) with `record` as its last line, after a blank line.
pub fn append(text: &str, record: &Record, eol: &str) -> String {
    let mut out = text.trim_end_matches(['\n', '\r']).to_owned();
    out.push_str(eol);
    out.push_str(eol);
    out.push_str(&record.line());
    out.push_str(eol);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_reads_back_as_written() {
        let fm = vec![
            ("license".to_owned(), Yaml::str("mit")),
            (
                "tags".to_owned(),
                Yaml::Seq(vec![Yaml::str("a"), Yaml::str("b")]),
            ),
        ];
        let text = "<!-- cardgen:begin header -->\n# T\n<!-- cardgen:end header -->\n";
        let record = Record::of(&fm, text);
        assert_eq!(record.keys["tags"].len(), 2);
        assert_eq!(record.regions["header"], hash_text("# T\n"));
        assert_eq!(Record::parse(&record.line()), Some(record));
    }

    #[test]
    fn hashes_ignore_line_endings() {
        assert_eq!(hash_text("a\r\nb\r\n"), hash_text("a\nb\n"));
        assert_ne!(hash_text("a\n"), hash_text("b\n"));
    }

    #[test]
    fn append_and_strip_are_inverse() {
        let record = Record::default();
        let card = "# T\n\nText.\n";
        let with = append(card, &record, "\n");
        assert_eq!(with, "# T\n\nText.\n\n<!-- cardgen:record 1 -->\n");
        assert!(find(&with).is_some());
        assert_eq!(strip(&with), card);
        let crlf = append("# T\r\n", &record, "\r\n");
        assert_eq!(strip(&crlf), "# T\r\n");
    }

    #[test]
    fn other_comments_are_not_records() {
        assert_eq!(Record::parse("<!-- cardgen:recorded -->"), None);
        assert!(find("text\n<!-- hello -->\n").is_none());
    }
}
