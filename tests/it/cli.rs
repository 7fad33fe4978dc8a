//! CLI behaviour, pinned by the cases in `tests/cmd/*.toml` (run with `TRYCMD=overwrite` to
//! update the expected output after an intended change).

#[test]
fn cli_cases() {
    trycmd::TestCases::new()
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .case("tests/cmd/*.toml");
}
