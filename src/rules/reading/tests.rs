//! One failing and one passing card for each CG0xx rule.

use super::*;
use crate::config::Config;
use crate::finding::Finding;
use crate::rules::with_context;
use crate::rules::Rule;

fn run(rule: &Rule, card: &[u8]) -> Vec<Finding> {
    let config = Config::default();
    let mut out = Vec::new();
    with_context(card, &config, |ctx| (rule.check)(ctx, &mut out));
    out
}

/// The text of the card each finding points at.
fn pointed(card: &[u8], findings: &[Finding]) -> Vec<String> {
    findings
        .iter()
        .map(|f| {
            let s = f.span.expect("located");
            String::from_utf8_lossy(&card[s.start..s.end]).into_owned()
        })
        .collect()
}

const GOOD: &[u8] = b"---\nlicense: mit\ntags: [a, b]\n---\n# Model\n";

#[test]
fn file_encoding() {
    let f = run(&FILE_ENCODING, b"\xff\xfe-\x00-\x00-\x00\n\x00");
    assert_eq!(f.len(), 1);
    assert!(f[0].message.contains("UTF-16"), "{}", f[0].message);
    assert!(run(&FILE_ENCODING, b"\xEF\xBB\xBF---\nlicense: mit\n---\n").is_empty());
    assert!(run(&FILE_ENCODING, GOOD).is_empty());
}

#[test]
fn front_matter_missing() {
    let card = b"# Model\n\nText.\n";
    let f = run(&FRONT_MATTER_MISSING, card);
    assert_eq!(pointed(card, &f), ["# Model"]);
    assert!(run(&FRONT_MATTER_MISSING, GOOD).is_empty());
    assert!(run(
        &FRONT_MATTER_MISSING,
        b"\n\n---\n\n---\n# Empty metadata is metadata\n"
    )
    .is_empty());
    // An unclosed block is its own rule, not this one.
    assert!(run(&FRONT_MATTER_MISSING, b"---\nlicense: mit\n# Model\n").is_empty());
}

#[test]
fn front_matter_unclosed() {
    let card = b"\n---\nlicense: mit\n# Model\n";
    let f = run(&FRONT_MATTER_UNCLOSED, card);
    assert_eq!(pointed(card, &f), ["---"]);
    assert!(run(&FRONT_MATTER_UNCLOSED, GOOD).is_empty());
    assert!(run(&FRONT_MATTER_UNCLOSED, b"# No front matter at all\n").is_empty());
}

#[test]
fn yaml_syntax_points_into_the_readme_with_crlf() {
    let card = b"---\r\nlicense: mit\r\ntags: [a, b\r\n---\r\n# Model\r\n";
    let f = run(&YAML_SYNTAX, card);
    assert_eq!(f.len(), 1);
    let config = Config::default();
    let ctx = crate::card::CardContext::new(card, &config.limits.yaml);
    let (line, _) = ctx.line_col(f[0].span.unwrap().start);
    assert!((3..=4).contains(&line), "line {line}");
    assert!(run(&YAML_SYNTAX, GOOD).is_empty());
}

#[test]
fn front_matter_not_mapping() {
    let card = b"---\n- license: mit\n---\n# Model\n";
    let f = run(&FRONT_MATTER_NOT_MAPPING, card);
    assert!(f[0].message.contains("a list"), "{}", f[0].message);
    assert!(run(&FRONT_MATTER_NOT_MAPPING, b"---\njust words\n---\n").len() == 1);
    assert!(run(&FRONT_MATTER_NOT_MAPPING, GOOD).is_empty());
    assert!(run(
        &FRONT_MATTER_NOT_MAPPING,
        b"---\n\n---\n# Empty is a mapping\n"
    )
    .is_empty());
}

#[test]
fn yaml_limit() {
    let deep = format!("---\na: {}1{}\n---\n", "[".repeat(100), "]".repeat(100));
    let f = run(&YAML_LIMIT, deep.as_bytes());
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(run(&YAML_LIMIT, GOOD).is_empty());
}

#[test]
fn duplicate_key() {
    let card = b"---\nlicense: mit\ntags: [a]\nlicense: apache-2.0\n---\n";
    let f = run(&DUPLICATE_KEY, card);
    assert_eq!(pointed(card, &f), ["license"]);
    assert!(f[0].message.contains("line 2"), "{}", f[0].message);
    assert!(run(&DUPLICATE_KEY, GOOD).is_empty());
}

#[test]
fn ambiguous_value() {
    let card = b"---\nlanguage: no\nversion: 0777\n---\n";
    let f = run(&AMBIGUOUS_VALUE, card);
    assert_eq!(pointed(card, &f), ["no", "0777"]);
    assert!(run(
        &AMBIGUOUS_VALUE,
        b"---\nlanguage: \"no\"\nversion: '0777'\n---\n"
    )
    .is_empty());
}

#[test]
fn recursive_alias() {
    let card = b"---\na: &x [1, *x]\n---\n";
    let f = run(&RECURSIVE_ALIAS, card);
    assert_eq!(pointed(card, &f), ["*x"]);
    assert!(run(&RECURSIVE_ALIAS, b"---\na: &x [1]\nb: *x\n---\n").is_empty());
}

#[test]
fn not_a_card_title_above_front_matter_and_a_stray_carriage_return() {
    let lfs = b"version https://git-lfs.github.com/spec/v1\noid sha256:4d7a\nsize 897\n";
    let f = run(&NOT_A_CARD, lfs);
    assert_eq!(f.len(), 1);
    assert!(f[0].message.contains("git-lfs pointer"), "{}", f[0].message);
    let all = crate::lint::lint_bytes(lfs, &Config::default());
    assert_eq!(
        all.iter().map(|d| d.finding.code).collect::<Vec<_>>(),
        ["CG011"]
    );

    let above = b"# My model\n---\nlicense: mit\n---\nText.\n";
    let f = run(&FRONT_MATTER_MISSING, above);
    assert!(f[0].message.contains("line 2") && f[0].message.contains("must start the file"));
    assert_eq!(pointed(above, &f), ["# My model"]);

    let crcr = b"---\r\r\nlicense: mit\r\r\n---\r\r\n# Model\r\r\n";
    let f = run(&FRONT_MATTER_UNCLOSED, crcr);
    assert!(f[0].message.contains("line 5") && f[0].message.contains("stray carriage return"));
    assert_eq!(pointed(crcr, &f), ["---"]);
    let crate::finding::Finding { span, .. } = &f[0];
    assert_eq!(span.unwrap().start, 21);
}
