//! Rules that compare a card with the files beside it. The rules do no I/O: the lint command
//! lists the card's folder ([`crate::model_files::Siblings`]) and passes the list in
//! [`crate::rules::Context`]; cards without a folder (standard input without
//! `--stdin-filename`, `hf://` cards) get none of these findings.

mod gguf_file_mismatch;

pub use gguf_file_mismatch::GGUF_FILE_MISMATCH;
