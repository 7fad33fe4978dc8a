use serde::Serialize;

use cardgen::files::InputError;
use cardgen::lint::FileReport;

use super::Summary;

/// The `--format json` document (documented in the README). `cardgen lint` writes it piece by
/// piece as the files are done ([`HEAD`], [`separator`] + [`entry`] per file, [`tail`]), so that
/// memory does not grow with the number of files; the bytes are the same as this struct's
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

/// One file's entry, pretty-printed as it sits in `files`: two levels deep.
pub fn entry(report: &FileReport) -> String {
    // A diagnostic is about 600 bytes here (the corpus averages 580): sized once, the buffer is
    // not regrown and copied two or three times per file.
    let mut out = Vec::with_capacity(128 + report.path.len() + 640 * report.diagnostics.len());
    let mut ser = serde_json::Serializer::with_formatter(&mut out, Nested::new(2));
    report.serialize(&mut ser).expect("findings serialise");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// serde_json's `PrettyFormatter` (two-space indent) starting `level` levels deep, so that an
/// entry is written in place instead of pretty-printed and then re-indented.
struct Nested {
    level: usize,
    has_value: bool,
}

impl Nested {
    fn new(level: usize) -> Self {
        Nested {
            level,
            has_value: false,
        }
    }

    fn indent<W: ?Sized + std::io::Write>(&self, w: &mut W) -> std::io::Result<()> {
        for _ in 0..self.level {
            w.write_all(b"  ")?;
        }
        Ok(())
    }

    fn open<W: ?Sized + std::io::Write>(&mut self, w: &mut W, c: &[u8]) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(c)
    }

    fn close<W: ?Sized + std::io::Write>(&mut self, w: &mut W, c: &[u8]) -> std::io::Result<()> {
        self.level -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        w.write_all(c)
    }

    fn item<W: ?Sized + std::io::Write>(&self, w: &mut W, first: bool) -> std::io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w)
    }
}

impl serde_json::ser::Formatter for Nested {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(w, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(w, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
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
        reports.iter().for_each(|r| summary.add(r));
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
}
