use crate::config::Config;
use crate::lint::lint_bytes;

/// `(line, code)` of every finding.
fn found(card: &str) -> Vec<(usize, &'static str)> {
    lint_bytes(card.as_bytes(), &Config::default())
        .into_iter()
        .map(|d| (d.line.unwrap_or(0), d.finding.code))
        .collect()
}

const HEAD: &str = "---\nlicense: mit\n---\n# Model\n## Usage\nRun it.\n## Limitations\nSome.\n";

#[test]
fn without_comments_the_findings_are_there() {
    let card = format!("{HEAD}## Notes\n[More Information Needed]\n");
    assert_eq!(found(&card), [(10, "CG203")]);
}

#[test]
fn disable_next_line_by_code_or_name() {
    for code in ["CG203", "placeholder-text", "cg203, CG201", ""] {
        let card = format!(
            "{HEAD}## Notes\n<!-- cardgen-disable-next-line {code} -->\n[More Information Needed]\n"
        );
        let unused: Vec<_> = found(&card)
            .into_iter()
            .filter(|(_, c)| *c != "CG301" || !code.contains("CG201"))
            .collect();
        assert_eq!(unused, [], "{code}");
    }
    // Two lines down is out of reach.
    let card = format!(
        "{HEAD}## Notes\n<!-- cardgen-disable-next-line CG203 -->\n\n[More Information Needed]\n"
    );
    assert_eq!(found(&card), [(10, "CG301"), (12, "CG203")]);
}

#[test]
fn disable_enable_regions() {
    let card = format!(
        "{HEAD}## A\n<!-- cardgen-disable CG203 -->\nTODO\n<!-- cardgen-enable CG203 -->\n## B\nTODO\n"
    );
    assert_eq!(found(&card), [(14, "CG203")]);
    // Without an enable it runs to the end, and covers findings without a position.
    let card =
        "---\nlicense: mit\n---\n<!-- cardgen-disable missing-section, missing-title -->\nText.\n";
    assert_eq!(found(card), []);
    // Wherever it is: missing-section is gone, missing-title (not named) stays.
    let card = "---\nlicense: mit\n---\nText.\n<!-- cardgen-disable missing-section --> \n";
    assert_eq!(found(card), [(0, "CG206")]);
    // A positioned finding before the comment is not covered.
    let card = format!("{HEAD}## Notes\nTODO\n<!-- cardgen-disable CG203 -->\n");
    assert_eq!(found(&card), [(10, "CG203"), (11, "CG301")]);
}

#[test]
fn yaml_ignore_comment() {
    let card = format!(
        "---\nlicense: MIT # cardgen: ignore invalid-license\n{}",
        &HEAD[16..]
    );
    assert_eq!(found(&card), []);
    let card = format!("---\nlicense: MIT\n{}", &HEAD[16..]);
    assert_eq!(found(&card), [(2, "CG102")]);
    let card = format!("---\nlicense: mit # cardgen: ignore CG102\n{}", &HEAD[16..]);
    assert_eq!(found(&card), [(2, "CG301")]);
}

#[test]
fn unused_unknown_and_unmatched_comments_are_reported() {
    let card = format!("{HEAD}<!-- cardgen-disable CG999 -->\n<!-- cardgen-enable -->\n");
    let ds = lint_bytes(card.as_bytes(), &Config::default());
    let messages: Vec<_> = ds.iter().map(|d| d.finding.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "unknown rule `CG999` in a cardgen comment",
            "`cardgen-enable` without a matching `cardgen-disable` before it"
        ]
    );
    // Comments inside code are text, not directives.
    let card = format!("{HEAD}```\n<!-- cardgen-disable CG203 -->\n```\n");
    assert_eq!(found(&card), []);
    // Suppressions of rules turned off are not reported; CG301 itself can be turned off or
    // made an error.
    let card = format!("{HEAD}<!-- cardgen-disable CG203 -->\n");
    let off = Config::from_toml("[rules]\nCG203 = \"off\"\n").unwrap();
    assert!(lint_bytes(card.as_bytes(), &off).is_empty());
    let off = Config::from_toml("[rules]\nunused-suppression = \"off\"\n").unwrap();
    assert!(lint_bytes(card.as_bytes(), &off).is_empty());
    let err = Config::from_toml("[rules]\nCG301 = \"error\"\n").unwrap();
    let ds = lint_bytes(card.as_bytes(), &err);
    assert_eq!(ds[0].finding.severity, crate::Severity::Error);
    assert_eq!(
        ds[0].finding.message,
        "`cardgen-disable CG203` suppresses nothing"
    );
}
