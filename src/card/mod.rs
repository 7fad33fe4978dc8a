//! Reading a card: bytes → [`CardContext`], built once per file and shared by every rule.
//!
//! Nothing outside this module knows about byte-order marks, line endings, YAML events or the
//! Hub's front-matter pattern.

pub mod encoding;
pub mod frontmatter;
pub mod lines;
pub mod markdown;
pub mod not_a_card;
pub mod yaml;

mod context;

pub use context::{CardContext, Metadata};
