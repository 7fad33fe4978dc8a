//! GitHub Actions workflow commands: one `::error` / `::warning` / `::notice` line per finding,
//! which GitHub shows as annotations on the pull request's diff.

use cardgen::lint::FileReport;
use cardgen::Severity;

/// `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=CODE name::message`.
pub fn render(report: &FileReport) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let f = &d.finding;
        let command = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut props = vec![("file", report.path.clone())];
        for (key, value) in [
            ("line", d.line),
            ("col", d.column),
            ("endLine", d.end_line),
            ("endColumn", d.end_column),
        ] {
            if let Some(v) = value {
                props.push((key, v.to_string()));
            }
        }
        props.push(("title", format!("{} {}", f.code, f.name)));
        let props: Vec<String> = props
            .into_iter()
            .map(|(k, v)| format!("{k}={}", property(&v)))
            .collect();
        let mut message = f.message.clone();
        if let Some(help) = &f.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        out.push_str(&format!(
            "::{command} {}::{}\n",
            props.join(","),
            data(&message)
        ));
    }
    out
}

/// Escape a command's message (GitHub's `escapeData`).
pub fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value (GitHub's `escapeProperty`).
pub fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(data("50% a\r\nb: c, d"), "50%25 a%0D%0Ab: c, d");
        assert_eq!(property("C:\\a,b%\n"), "C%3A\\a%2Cb%25%0A");
    }
}
