//! An open document: its text as the editor has it, kept up to date from `didChange`, and the
//! findings of its current text.

use std::path::PathBuf;
use std::sync::Arc;

use cardgen::config::Config;
use ls_types::{TextDocumentContentChangeEvent, Uri};

use super::position::{Encoding, Lines};

/// The UTF-8 byte-order mark. Editors usually drop it from the text they send; when one is
/// there, finding spans (offsets after it) are moved by its length.
const BOM: &str = "\u{feff}";

pub struct Document {
    pub uri: Uri,
    /// The file, for `file:` documents.
    pub path: Option<PathBuf>,
    pub language: String,
    pub version: i32,
    pub text: String,
    pub lines: Lines,
    /// Whether the file is a `README.md` beside model files (looked at when it is opened and when
    /// the configuration is reloaded).
    pub beside_model_files: bool,
    /// The findings of the current text; `None` until it is linted.
    pub lint: Option<Linted>,
}

/// The result of linting one version of a document.
pub enum Linted {
    /// A model card, with its configuration and findings (spans in the text after a BOM).
    Card {
        config: Arc<Config>,
        diagnostics: Vec<cardgen::Diagnostic>,
    },
    /// Not a model card: no findings.
    NotACard,
    /// No findings could be made: the configuration that applies cannot be read (or cardgen
    /// failed). The message says which, for a diagnostic at the top of the document.
    Error(String),
}

impl Document {
    pub fn new(uri: Uri, language: String, version: i32, text: String) -> Self {
        let path = uri.to_file_path().map(|p| p.into_owned());
        let beside_model_files = path.as_deref().is_some_and(is_readme_beside_model_files);
        Document {
            uri,
            path,
            language,
            version,
            lines: Lines::new(&text),
            text,
            beside_model_files,
            lint: None,
        }
    }

    /// Apply a `didChange`'s edits in order (each range refers to the text left by the ones
    /// before it, as the protocol says); an edit without a range replaces the whole text.
    pub fn change(
        &mut self,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        encoding: Encoding,
    ) {
        for change in changes {
            match change.range {
                Some(range) => {
                    let (start, end) = self.lines.span(&self.text, range, encoding);
                    self.text.replace_range(start..end, &change.text);
                }
                None => self.text = change.text,
            }
            self.lines = Lines::new(&self.text);
        }
        self.version = version;
        self.lint = None;
    }

    /// Bytes before the text cardgen's spans count from (a BOM's three, or none).
    pub fn base(&self) -> usize {
        if self.text.starts_with(BOM) {
            BOM.len()
        } else {
            0
        }
    }

    /// The text cardgen lints and fixes: after a BOM.
    pub fn card_text(&self) -> &str {
        &self.text[self.base()..]
    }

    /// Whether cardgen should look at this document at all: Markdown, by the editor's language
    /// id or the file's extension.
    pub fn is_markdown(&self) -> bool {
        let by_extension = self
            .path
            .as_deref()
            .and_then(|p| p.extension())
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"));
        self.language == "markdown" || by_extension
    }

    pub fn refresh_surroundings(&mut self) {
        self.beside_model_files = self
            .path
            .as_deref()
            .is_some_and(is_readme_beside_model_files);
    }
}

fn is_readme_beside_model_files(path: &std::path::Path) -> bool {
    path.file_name()
        .is_some_and(|n| n == cardgen::files::CARD_FILE_NAME)
        && path.parent().is_some_and(cardgen::files::has_model_files)
}
