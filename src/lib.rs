//! cardgen: read, lint, render and push Hugging Face model cards.
//!
//! The library does no terminal I/O: it turns bytes into [`card::CardContext`], runs the rule
//! registry over it and returns findings as plain data ([`finding::Finding`]). Rendering findings
//! for people or machines happens in the `cardgen` binary.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod card;
pub mod config;
pub mod files;
pub mod finding;
pub mod fix;
pub mod hub;
pub mod lint;
pub mod model_files;
pub mod render;
pub mod rules;
pub mod schema;
#[cfg(test)]
mod test_rng;
pub mod write;

pub use finding::{Diagnostic, Finding, Severity, Span};
pub use lint::{lint_bytes, FileReport};
