use cardgen::lint::FileReport;

/// `path:line:col: CODE severity: message`, one line per finding.
pub fn render(report: &FileReport) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let f = &d.finding;
        let at = match (d.line, d.column) {
            (Some(l), Some(c)) => format!("{}:{l}:{c}", report.path),
            _ => report.path.clone(),
        };
        out.push_str(&format!(
            "{at}: {} {}: {}\n",
            f.code,
            f.severity,
            f.message.replace('\n', " ")
        ));
    }
    out
}
