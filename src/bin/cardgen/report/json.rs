//! `--format json`: one document (documented in the README), pretty-printed by serde_json.

use std::io::{self, Write};

use serde::Serialize;

use cardgen::files::InputError;
use cardgen::lint::FileReport;

use super::Summary;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    files: &'a [FileReport],
    errors: Vec<PathError>,
    summary: Counts,
}

/// Write the whole document, with a final line break, as it is serialised: a document of many
/// cards is never held in memory as text.
pub fn write(
    reports: &[FileReport],
    errors: &[InputError],
    summary: &Summary,
    out: &mut dyn Write,
) -> io::Result<()> {
    let doc = Document {
        version: 1,
        files: reports,
        errors: path_errors(errors),
        summary: counts(summary),
    };
    // serde_json writes a few bytes at a time: a buffer of its own keeps those writes inlined,
    // rather than each a call through `dyn Write`.
    let mut buffered = io::BufWriter::with_capacity(64 * 1024, out);
    serde_json::to_writer_pretty(&mut buffered, &doc)?;
    buffered.write_all(b"\n")?;
    buffered.flush()
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
