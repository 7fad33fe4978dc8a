//! How the `cardgen` binary is linked (`build.rs`): position-dependent on Linux with glibc, so
//! that no relocations are applied at start-up, unless `CARDGEN_PIE` was set for the build.

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn the_binary_is_position_dependent_unless_pie_is_asked_for() {
    let exe = std::fs::read(env!("CARGO_BIN_EXE_cardgen")).expect("the cardgen binary");
    assert_eq!(&exe[..4], b"\x7fELF");
    // e_type: 2 = ET_EXEC (position-dependent), 3 = ET_DYN (PIE).
    let e_type = u16::from_le_bytes([exe[16], exe[17]]);
    let want = if option_env!("CARDGEN_PIE").is_some() {
        3
    } else {
        2
    };
    assert_eq!(
        e_type,
        want,
        "ELF type of {}",
        env!("CARGO_BIN_EXE_cardgen")
    );
}
