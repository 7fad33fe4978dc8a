use serde::Serialize;

use cardgen::files::InputError;
use cardgen::lint::{Diagnostic, FileReport};

use super::Summary;

/// The `--format json` document (documented in the README). `cardgen lint` writes it piece by
/// piece as the files are done ([`HEAD`], [`separator`] + [`entry_into`] per file, [`tail`]), so
/// that memory does not grow with the number of files; the bytes are the same as this struct's
/// pretty-printed form (tested below).
#[cfg(test)]
#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    files: &'a [FileReport],
    errors: Vec<PathError>,
    summary: Counts,
}

/// What comes after the files.
#[derive(Serialize)]
struct Tail {
    errors: Vec<PathError>,
    summary: Counts,
}

/// The document up to the first file's entry.
pub const HEAD: &str = "{\n  \"version\": 1,\n  \"files\": [";

/// What goes before a file's entry.
pub fn separator(first: bool) -> &'static str {
    if first {
        "\n    "
    } else {
        ",\n    "
    }
}

/// A diagnostic's field key with what goes before it (a comma, or the diagnostic's opening
/// brace for the first) and after it, as one `&'static str`.
macro_rules! key {
    ("{", $name:literal) => {
        concat!("        {\n          \"", $name, "\": ")
    };
    ($name:literal) => {
        concat!(",\n          \"", $name, "\": ")
    };
}

/// [`entry_into`] as a new string.
#[cfg(test)]
pub fn entry(report: &FileReport) -> String {
    let mut out = String::new();
    entry_into(report, &mut out);
    out
}

/// One file's entry, pretty-printed as it sits in `files`: two levels deep, written into `out`
/// (cleared first), a buffer that can be kept from file to file. Written by hand rather than
/// through serde_json, whose string escaping looks at one byte at a time: the entries of a
/// corpus lint took 38 M instructions that way (6% of the lint), 21 M then. The bytes are the
/// same as serde_json's pretty printer writes (tested below).
pub fn entry_into(report: &FileReport, out: &mut String) {
    out.clear();
    // A diagnostic is about 600 bytes here (the corpus averages 580): sized once, the buffer is
    // not regrown and copied two or three times per file.
    out.reserve(128 + report.path.len() + 640 * report.diagnostics.len());
    out.push_str("{\n      \"path\": ");
    push_str(out, &report.path);
    out.push_str(",\n      \"diagnostics\": [");
    for (i, d) in report.diagnostics.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        push_diagnostic(out, d);
    }
    if !report.diagnostics.is_empty() {
        out.push_str("\n      ");
    }
    out.push_str("]\n    }");
}

/// A diagnostic, four levels deep: the fields of its finding, then its line and column. Each
/// key is written with the punctuation and indentation around it as one piece.
fn push_diagnostic(out: &mut String, d: &Diagnostic) {
    let f = &d.finding;
    out.push_str(key!("{", "code"));
    push_str(out, f.code);
    out.push_str(key!("name"));
    push_str(out, f.name);
    out.push_str(key!("severity"));
    push_str(out, f.severity.as_str());
    out.push_str(key!("message"));
    push_str(out, &f.message);
    out.push_str(key!("span"));
    match f.span {
        Some(span) => {
            out.push_str("{\n            \"start\": ");
            push_number(out, Some(span.start));
            out.push_str(",\n            \"end\": ");
            push_number(out, Some(span.end));
            out.push_str("\n          }");
        }
        None => out.push_str("null"),
    }
    for (key, text) in [(key!("label"), &f.label), (key!("help"), &f.help)] {
        out.push_str(key);
        match text {
            Some(t) => push_str(out, t),
            None => out.push_str("null"),
        }
    }
    let numbers = [
        (key!("line"), d.line),
        (key!("column"), d.column),
        (key!("end_line"), d.end_line),
        (key!("end_column"), d.end_column),
    ];
    for (key, n) in numbers {
        out.push_str(key);
        push_number(out, n);
    }
    out.push_str("\n        }");
}

fn push_number(out: &mut String, n: Option<usize>) {
    match n {
        Some(n) => out.push_str(itoa::Buffer::new().format(n)),
        None => out.push_str("null"),
    }
}

/// `s` as a JSON string, escaped as serde_json escapes it: `"`, `\` and the control characters
/// below U+0020 (as `\b \t \n \f \r`, the rest as `\u00XX`); everything else as it is.
fn push_str(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push('"');
    let mut copied = 0;
    let mut i = 0;
    // Eight bytes at a time; the last few are padded with spaces, which need no escaping.
    while i < bytes.len() {
        let word = match bytes.get(i..i + 8) {
            Some(chunk) => u64::from_le_bytes(chunk.try_into().expect("eight bytes")),
            None => {
                let mut padded = [b' '; 8];
                padded[..bytes.len() - i].copy_from_slice(&bytes[i..]);
                u64::from_le_bytes(padded)
            }
        };
        let mask = escape_mask(word);
        if mask == 0 {
            i += 8;
            continue;
        }
        let at = i + mask.trailing_zeros() as usize / 8;
        let escaped = escape(bytes[at]).expect("the mask's lowest byte needs escaping");
        // `at` is at an ASCII byte, so both slice ends are character boundaries.
        out.push_str(&s[copied..at]);
        escaped.push_to(out);
        copied = at + 1;
        i = at + 1;
    }
    out.push_str(&s[copied..]);
    out.push('"');
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `word` (little-endian) that may need escaping: below `0x20`,
/// `"` or `\`. The lowest bit set, if any, is exact: a byte below `n` (for `n <= 0x80`) is one
/// whose high bit `word - n` sets and `word` does not have, and a byte equal to `c` is a zero
/// byte of `word ^ c`. Above it a borrow can mark a byte that needs nothing, which is why the
/// caller escapes only the lowest and looks again after it.
fn escape_mask(word: u64) -> u64 {
    let below = |w: u64, n: u8| w.wrapping_sub(ONES * u64::from(n)) & !w & HIGH_BITS;
    below(word, 0x20) | below(word ^ (ONES * u64::from(b'"')), 1) | below(word ^ (ONES * 0x5c), 1)
}

/// How serde_json writes a byte that it escapes.
enum Escaped {
    Short(&'static str),
    /// `\u00XX`.
    Unicode(u8),
}

impl Escaped {
    fn push_to(&self, out: &mut String) {
        match *self {
            Escaped::Short(s) => out.push_str(s),
            Escaped::Unicode(b) => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 0xf)]));
            }
        }
    }
}

fn escape(b: u8) -> Option<Escaped> {
    Some(match b {
        b'"' => Escaped::Short("\\\""),
        b'\\' => Escaped::Short("\\\\"),
        0x08 => Escaped::Short("\\b"),
        0x0c => Escaped::Short("\\f"),
        b'\n' => Escaped::Short("\\n"),
        b'\r' => Escaped::Short("\\r"),
        b'\t' => Escaped::Short("\\t"),
        0..=0x1f => Escaped::Unicode(b),
        _ => return None,
    })
}

/// The rest of the document after the last entry (`any_files`: whether there was one).
pub fn tail(any_files: bool, errors: &[InputError], summary: &Summary) -> String {
    let tail = Tail {
        errors: path_errors(errors),
        summary: counts(summary),
    };
    let text = serde_json::to_string_pretty(&tail).expect("errors serialise");
    let close = if any_files { "\n  ]," } else { "]," };
    format!("{close}{}\n", &text[1..])
}

fn path_errors(errors: &[InputError]) -> Vec<PathError> {
    errors
        .iter()
        .map(|e| PathError {
            path: e.path.display().to_string(),
            message: e.message.clone(),
        })
        .collect()
}

fn counts(summary: &Summary) -> Counts {
    Counts {
        files: summary.files,
        errors: summary.errors,
        warnings: summary.warnings,
        infos: summary.infos,
    }
}

#[derive(Serialize)]
struct PathError {
    path: String,
    message: String,
}

#[derive(Serialize)]
struct Counts {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
}

/// The whole document at once (what the pieces above add up to).
#[cfg(test)]
fn document(reports: &[FileReport], errors: &[InputError], summary: &Summary) -> String {
    let doc = Document {
        version: 1,
        files: reports,
        errors: path_errors(errors),
        summary: counts(summary),
    };
    let mut s = serde_json::to_string_pretty(&doc).expect("findings serialise");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use cardgen::lint::lint_bytes;

    use super::*;

    fn streamed(reports: &[FileReport], errors: &[InputError], summary: &Summary) -> String {
        let mut out = HEAD.to_owned();
        for (i, r) in reports.iter().enumerate() {
            out.push_str(separator(i == 0));
            out.push_str(&entry(r));
        }
        out + &tail(!reports.is_empty(), errors, summary)
    }

    #[test]
    fn streamed_pieces_make_the_whole_document() {
        let config = cardgen::config::Config::default();
        let card = |path: &str, text: &str| FileReport {
            path: path.into(),
            diagnostics: lint_bytes(text.as_bytes(), &config),
        };
        let reports = [
            card(
                "a/README.md",
                "---\nlicense: MIT\n---\n# A \"quoted\"\n\ntext\n",
            ),
            card("b/README.md", "no front matter\n"),
            card("c/README.md", "---\nlicense: mit\n---\n"),
            card("d/README.md", ""),
            card(
                "e/README.md",
                "---\nlicense: [mit\n---\n## Usage\n[More Information Needed]\n",
            ),
        ];
        let error = InputError {
            path: PathBuf::from("missing/README.md"),
            message: "no such file or directory".into(),
        };
        let mut summary = Summary::default();
        reports
            .iter()
            .for_each(|r| summary.add(crate::report::Tally::of(r)));
        for n in 0..=reports.len() {
            for errors in [&[][..], std::slice::from_ref(&error)] {
                let (whole, pieces) = (
                    document(&reports[..n], errors, &summary),
                    streamed(&reports[..n], errors, &summary),
                );
                assert_eq!(pieces, whole, "{n} files, {} errors", errors.len());
                serde_json::from_str::<serde_json::Value>(&pieces).expect("valid JSON");
            }
        }
    }

    /// Every byte serde_json escapes, at every offset in an eight-byte word, with non-ASCII text
    /// around it: the hand-written entry equals serde_json's pretty printer.
    #[test]
    fn entry_escapes_strings_as_serde_json_does() {
        use cardgen::finding::{Finding, Severity, Span};
        let mut all: String = (0u8..0x80).map(char::from).collect();
        all.push_str("é—“quoted”\u{2028}\u{1F600}\\\"");
        let texts: Vec<String> = (0..9)
            .map(|pad| format!("{}{all}{}", "ü".repeat(pad), "x".repeat(pad)))
            .chain(["".into(), "\"".into(), "plain text".into(), "\\".repeat(17)])
            // Strings shorter than a word, with a byte to escape at each place in them.
            .chain((0..7).map(|k| format!("{}\u{1}{}", "a".repeat(k), "\"".repeat(6 - k))))
            .collect();
        let diagnostic = |i: usize, text: &String| Diagnostic {
            finding: Finding {
                code: "CG101",
                name: "yaml-syntax",
                severity: [Severity::Info, Severity::Warning, Severity::Error][i % 3],
                message: text.clone(),
                span: i.is_multiple_of(2).then(|| Span::new(i, i * 1000 + 7)),
                label: (!i.is_multiple_of(3)).then(|| text.clone()),
                help: (i % 4 != 1).then(|| format!("{text}\t{i}")),
            },
            line: i.is_multiple_of(2).then_some(i + 1),
            column: i.is_multiple_of(2).then_some(usize::MAX - i),
            end_line: (!i.is_multiple_of(5)).then_some(i * 31),
            end_column: None,
        };
        let reports = [
            FileReport {
                path: format!("dir\\sub/\u{7f}\n{all}.md"),
                diagnostics: texts
                    .iter()
                    .enumerate()
                    .map(|(i, t)| diagnostic(i, t))
                    .collect(),
            },
            FileReport {
                path: "empty.md".into(),
                diagnostics: Vec::new(),
            },
        ];
        let mut summary = Summary::default();
        reports
            .iter()
            .for_each(|r| summary.add(crate::report::Tally::of(r)));
        assert_eq!(
            streamed(&reports, &[], &summary),
            document(&reports, &[], &summary)
        );
    }
}
