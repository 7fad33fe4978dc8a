//! CG2xx: the Markdown body — required sections, empty sections, placeholders, template
//! leftovers, an empty body, a missing title. Every rule reads the shared
//! [`Outline`](crate::card::markdown::Outline); none parses Markdown itself.

mod empty;
mod evidence;
mod filler;
pub mod known;
pub(crate) mod missing;
mod placeholder;
mod template;
mod title;

pub use empty::{EMPTY_BODY, EMPTY_SECTION};
pub use missing::MISSING_SECTION;
pub use placeholder::PLACEHOLDER_TEXT;
pub(crate) use template::unrendered_tags;
pub use template::UNRENDERED_TEMPLATE;
pub use title::MISSING_TITLE;

#[cfg(test)]
mod testing;
