use serde::Serialize;

use cardgen::files::InputError;
use cardgen::lint::FileReport;

use super::Summary;

/// The `--format json` document (documented in the README).
#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    files: &'a [FileReport],
    errors: Vec<PathError>,
    summary: Counts,
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

pub fn document(reports: &[FileReport], errors: &[InputError], summary: &Summary) -> String {
    let doc = Document {
        version: 1,
        files: reports,
        errors: errors
            .iter()
            .map(|e| PathError {
                path: e.path.display().to_string(),
                message: e.message.clone(),
            })
            .collect(),
        summary: Counts {
            files: summary.files,
            errors: summary.errors,
            warnings: summary.warnings,
            infos: summary.infos,
        },
    };
    let mut s = serde_json::to_string_pretty(&doc).expect("findings serialise");
    s.push('\n');
    s
}
