//! Bytes → text. Model cards must be UTF-8 (the Hub and `huggingface_hub` read them as UTF-8,
//! skipping a UTF-8 byte-order mark). Anything else is reported, never guessed at.

/// Why a card's bytes are not usable text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EncodingError {
    /// Starts with a UTF-16 byte-order mark.
    Utf16 { big_endian: bool },
    /// Starts with a UTF-32 byte-order mark.
    Utf32 { big_endian: bool },
    /// Not valid UTF-8 at this byte offset (of the file).
    InvalidUtf8 { offset: usize, line: usize },
}

impl EncodingError {
    pub fn message(&self) -> String {
        match self {
            EncodingError::Utf16 { big_endian } => format!(
                "the file is UTF-16 ({}), not UTF-8; the Hub reads model cards as UTF-8",
                if *big_endian {
                    "big-endian"
                } else {
                    "little-endian"
                }
            ),
            EncodingError::Utf32 { big_endian } => format!(
                "the file is UTF-32 ({}), not UTF-8; the Hub reads model cards as UTF-8",
                if *big_endian {
                    "big-endian"
                } else {
                    "little-endian"
                }
            ),
            EncodingError::InvalidUtf8 { offset, line } => format!(
                "the file is not valid UTF-8: invalid byte at offset {offset} (line {line}); \
                 the Hub reads model cards as UTF-8"
            ),
        }
    }
}

/// Text decoded from a card's bytes.
#[derive(Debug, Clone, Copy)]
pub struct Decoded<'a> {
    /// The text after a UTF-8 BOM, if there was one.
    pub text: &'a str,
    /// Whether a UTF-8 BOM was skipped (3 bytes).
    pub had_bom: bool,
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Decode a card: UTF-8, with an optional leading BOM that is skipped.
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, EncodingError> {
    if bytes.starts_with(b"\x00\x00\xFE\xFF") {
        return Err(EncodingError::Utf32 { big_endian: true });
    }
    if bytes.starts_with(b"\xFF\xFE\x00\x00") {
        return Err(EncodingError::Utf32 { big_endian: false });
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return Err(EncodingError::Utf16 { big_endian: true });
    }
    if bytes.starts_with(b"\xFF\xFE") {
        return Err(EncodingError::Utf16 { big_endian: false });
    }
    let (body, had_bom) = match bytes.strip_prefix(UTF8_BOM) {
        Some(rest) => (rest, true),
        None => (bytes, false),
    };
    // The SIMD validator says only whether the bytes are UTF-8; std's says where they stop.
    if let Ok(text) = simdutf8::basic::from_utf8(body) {
        return Ok(Decoded { text, had_bom });
    }
    match std::str::from_utf8(body) {
        Ok(text) => Ok(Decoded { text, had_bom }),
        Err(e) => {
            let bad = e.valid_up_to();
            let line = 1 + body[..bad]
                .iter()
                .enumerate()
                .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && body.get(i + 1) != Some(&b'\n')))
                .count();
            Err(EncodingError::InvalidUtf8 {
                offset: bad + if had_bom { 3 } else { 0 },
                line,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_is_skipped() {
        let d = decode(b"\xEF\xBB\xBF---\n").unwrap();
        assert_eq!(d.text, "---\n");
        assert!(d.had_bom);
    }

    #[test]
    fn utf16_is_named() {
        assert_eq!(
            decode(b"\xFF\xFEh\x00").unwrap_err(),
            EncodingError::Utf16 { big_endian: false }
        );
        assert_eq!(
            decode(b"\xFE\xFF\x00h").unwrap_err(),
            EncodingError::Utf16 { big_endian: true }
        );
    }

    #[test]
    fn invalid_byte_is_located() {
        let e = decode(b"ok\nok\n\xFFx").unwrap_err();
        assert_eq!(e, EncodingError::InvalidUtf8 { offset: 6, line: 3 });
        assert!(e.message().contains("line 3"));
    }
}
