//! Lint arbitrary bytes: no panic, deterministic, findings inside the text.
#![no_main]

include!("../../tests/fuzz_support/props.rs");

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    lint_is_total(data);
});
