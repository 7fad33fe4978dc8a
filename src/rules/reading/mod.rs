//! CG0xx: reading the card — encoding, front matter, YAML; one rule per file.

mod ambiguous_value;
mod card_too_large;
mod duplicate_key;
mod file_encoding;
mod front_matter_missing;
mod front_matter_not_mapping;
mod front_matter_unclosed;
mod not_a_card;
mod recursive_alias;
#[cfg(test)]
mod tests;
mod yaml_limit;
mod yaml_syntax;

pub use ambiguous_value::*;
pub use card_too_large::*;
pub use duplicate_key::*;
pub use file_encoding::*;
pub use front_matter_missing::*;
pub use front_matter_not_mapping::*;
pub use front_matter_unclosed::*;
pub use not_a_card::*;
pub use recursive_alias::*;
pub use yaml_limit::*;
pub use yaml_syntax::*;
