//! `--update` over arbitrary existing text: no panic; a hand-written line survives. The input is
//! split at the first NUL: existing card, then the hand-written line.
#![no_main]

include!("../../tests/fuzz_support/props.rs");

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let (old, hand) = text.split_once('\0').unwrap_or((text, "hand-written"));
        update_is_total(old, hand);
    }
});
