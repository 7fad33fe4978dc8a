//! miette graphical reports: file:line:col, the offending lines with a label, a help line, and
//! where to read more.

use std::sync::Arc;

use miette::{
    LabeledSpan, MietteDiagnostic, MietteError, MietteSpanContents, Report, SourceCode, SourceSpan,
    SpanContents,
};

use cardgen::card::encoding;
use cardgen::lint::FileReport;
use cardgen::Severity;

use super::Style;

pub fn render(report: &FileReport, bytes: &[u8], style: &Style) -> String {
    if report.diagnostics.is_empty() {
        return String::new();
    }
    let text: Arc<str> = encoding::decode(bytes).map(|d| d.text).unwrap_or("").into();
    let source = Card::new(&report.path, text);
    let handler = style.handler();
    let mut out = String::new();
    for d in &report.diagnostics {
        let f = &d.finding;
        let mut diag = MietteDiagnostic::new(match f.span {
            Some(_) => f.message.clone(),
            None => format!("{}: {}", report.path, f.message),
        })
        .with_code(if d.fixable {
            format!("{} {} [fixable]", f.code, f.name)
        } else {
            format!("{} {}", f.code, f.name)
        })
        .with_severity(match f.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        });
        let more = format!("see `cardgen explain {}`", f.code);
        diag = diag.with_help(match &f.help {
            Some(help) => format!("{help}\n{more}"),
            None => more,
        });
        if let Some(span) = f.span {
            let label = f.label.clone();
            diag = diag.with_label(LabeledSpan::new(label, span.start, span.len()));
        }
        let rep = Report::new(diag).with_source_code(source.clone());
        if handler.render_report(&mut out, rep.as_ref()).is_err() {
            out.push_str(&format!("{}: {}\n", report.path, f.message));
        }
    }
    out
}

/// A card's text with its line starts, so that each finding's snippet costs the lines around it
/// rather than a scan from the start of the card (miette's own `str` source scans from the
/// start for every finding).
#[derive(Clone)]
struct Card {
    name: String,
    text: Arc<str>,
    /// Where each line starts; `\r\n`, `\r` and `\n` end lines, as for miette and the findings.
    starts: Arc<Vec<usize>>,
}

impl Card {
    fn new(name: &str, text: Arc<str>) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                    starts.push(i + 2);
                    i += 2;
                    continue;
                }
                b'\r' | b'\n' => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        Card {
            name: name.to_owned(),
            text,
            starts: Arc::new(starts),
        }
    }

    /// The 0-based line holding byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }
}

impl SourceCode for Card {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let line = self.line_of(span.offset());
        // One line more than the context: miette reads a window that starts right at the span
        // differently from the same span further into a text.
        let first = line.saturating_sub(context_lines_before + 1);
        let base = self.starts[first];
        let window = self
            .text
            .as_bytes()
            .get(base..)
            .ok_or(MietteError::OutOfBounds)?;
        let local = SourceSpan::new((span.offset() - base).into(), span.len());
        let inner = window.read_span(&local, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            SourceSpan::new((inner.span().offset() + base).into(), inner.span().len()),
            inner.line() + first,
            inner.column(),
            inner.line_count() + first,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The windowed source gives miette what the whole text would.
    #[test]
    fn windows_read_as_the_whole_text_does() {
        let text = "---\r\nlicense: mit\r\n---\n# A\n\n## B\r\ntext\rmore\n\n## C\n";
        let card = Card::new("README.md", Arc::from(text));
        for start in 0..text.len() {
            for len in [0, 1, 3] {
                if start + len > text.len() {
                    continue;
                }
                let span = SourceSpan::new(start.into(), len);
                for (before, after) in [(0, 0), (1, 1), (2, 3)] {
                    let whole = text.as_bytes().read_span(&span, before, after).unwrap();
                    let window = card.read_span(&span, before, after).unwrap();
                    assert_eq!(whole.data(), window.data(), "{start} {len} {before}");
                    assert_eq!(whole.span(), window.span());
                    assert_eq!(
                        (whole.line(), whole.column()),
                        (window.line(), window.column())
                    );
                }
            }
        }
    }
}
