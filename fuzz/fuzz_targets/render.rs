//! Render arbitrary train.toml text: no panic; a card that renders reads back and is a fixed
//! point of `--update`.
#![no_main]

include!("../../tests/fuzz_support/props.rs");

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = render_is_total(text);
    }
});
