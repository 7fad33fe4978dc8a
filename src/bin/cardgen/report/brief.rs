use std::fmt::Write as _;

use cardgen::lint::FileReport;

/// `path:line:col: CODE severity: message`, one line per finding.
pub fn render(report: &FileReport) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let f = &d.finding;
        out.push_str(&report.path);
        if let (Some(l), Some(c)) = (d.line, d.column) {
            // Writing to a String cannot fail.
            let _ = write!(out, ":{l}:{c}");
        }
        let _ = write!(out, ": {} {}: ", f.code, f.severity);
        // A message on one line: its line breaks become spaces.
        for (i, part) in f.message.split('\n').enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(part);
        }
        out.push('\n');
    }
    out
}
