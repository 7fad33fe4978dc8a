//! Front-matter extraction agrees with the Hub's regex (run by the `regex` crate).
#![no_main]

include!("../../tests/fuzz_support/props.rs");

static HUB: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        front_matter_agrees_with_hub(text, HUB.get_or_init(|| regex::Regex::new(HUB_PATTERN).unwrap()));
    }
});
