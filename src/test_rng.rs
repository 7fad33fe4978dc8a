//! A small deterministic generator for the random inputs of unit tests.

/// A xorshift generator: each call gives the next number below `n`, the same sequence for the
/// same `seed` on every run.
pub(crate) fn numbers(mut seed: u64) -> impl FnMut(usize) -> usize {
    move |n| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    }
}
