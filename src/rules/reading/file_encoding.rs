//! CG001: the card is not UTF-8 text.

use crate::finding::Finding;
use crate::rules::{declare_rule, Context};

declare_rule! {
    /// The card is not UTF-8 text.
    ///
    /// ## What it checks
    /// That the file decodes as UTF-8 (a UTF-8 byte-order mark is allowed and skipped). UTF-16
    /// and UTF-32 files and files with invalid bytes are reported once, with the encoding named.
    ///
    /// ## Why
    /// The Hub and `huggingface_hub` read `README.md` as UTF-8. A UTF-16 card (what some Windows
    /// editors save) shows as garbage on the Hub and its metadata is ignored.
    ///
    /// ## Fix
    /// Re-save the file as UTF-8, e.g. `iconv -f UTF-16 -t UTF-8 README.md > README.utf8.md`.
    pub const FILE_ENCODING = {
        code: "CG001",
        name: "file-encoding",
        severity: Error,
        check: check_encoding,
    }
}

fn check_encoding(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    if let Some(e) = &ctx.encoding_error {
        out.push(
            FILE_ENCODING
                .finding(e.message())
                .help("re-save the file as UTF-8 (without a BOM)"),
        );
    }
}
