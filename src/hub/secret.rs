//! A token that never shows itself: `Debug` and `Display` print `[REDACTED]`.

use std::fmt;

/// What a secret is replaced with wherever it would be shown.
pub const REDACTED: &str = "[REDACTED]";

/// An access token. The only way to read it is [`Secret::expose`], used when building the
/// `authorization` header.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wrap a token; `None` if it is empty.
    pub fn new(token: impl Into<String>) -> Option<Self> {
        let token = token.into();
        (!token.is_empty()).then_some(Secret(token))
    }

    /// The token itself, for the `authorization` header only.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// `text` with every occurrence of the token replaced by `[REDACTED]`.
    pub fn redact(&self, text: &str) -> String {
        text.replace(&self.0, REDACTED)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({REDACTED})")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_hide_the_token() {
        let s = Secret::new("hf_abcdef123").unwrap();
        assert_eq!(format!("{s:?}"), "Secret([REDACTED])");
        assert_eq!(s.to_string(), "[REDACTED]");
        assert_eq!(s.expose(), "hf_abcdef123");
    }

    #[test]
    fn redact_replaces_every_occurrence() {
        let s = Secret::new("hf_x1").unwrap();
        assert_eq!(
            s.redact("Bearer hf_x1 and hf_x1!"),
            "Bearer [REDACTED] and [REDACTED]!"
        );
    }

    #[test]
    fn empty_token_is_none() {
        assert!(Secret::new("").is_none());
    }
}
