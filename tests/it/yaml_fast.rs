//! The YAML fast path (`src/card/yaml/fast.rs`) against the full parser (saphyr-parser plus the
//! PyYAML checks, whose verdicts `tests/hf_interop.rs` checks against PyYAML).
//!
//! Wherever the fast path returns a document, it must be the one the full parser builds: same
//! values, spans and notes. Checked on every card of the shared corpus, on mutations of their
//! front matter (characters inserted and deleted, lines moved and re-indented), and on
//! hand-written cases. The fast path must also take most of the corpus, or it is not worth
//! having: a change that makes it refuse everything fails here too.

use crate::interop;

use interop::Rng;

use cardgen::card::yaml::{parse_fast, parse_full, Limits};
use cardgen::card::{encoding, frontmatter};
use cardgen::Span;

/// Compare the two parsers on `text`'s `yaml` span; whether the fast path took it.
fn agree(text: &str, yaml: Span, what: &str) -> bool {
    let limits = Limits::default();
    let Some(fast) = parse_fast(text, yaml, &limits) else {
        return false;
    };
    let full = parse_full(text, yaml, &limits);
    if full.as_ref() != Ok(&fast) {
        let (a, b) = (format!("{:?}", Ok::<_, ()>(&fast)), format!("{full:?}"));
        let at = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
        let from = at.saturating_sub(300);
        panic!(
            "{what}: the fast path and the full parser disagree on\n{}\n\
             fast: …{}\nfull: …{}",
            &text[yaml.start..yaml.end],
            &a[from..(at + 200).min(a.len())],
            &b[from.min(b.len())..(at + 200).min(b.len())]
        );
    }
    true
}

/// The whole text as front matter.
fn agree_yaml(src: &str) -> bool {
    agree(src, Span::new(0, src.len()), "case")
}

/// The front matter of every corpus card that has one (text, YAML span, path).
fn corpus_front_matter() -> Vec<(String, Span, String)> {
    let corpus = interop::corpus_dir();
    let mut out = Vec::new();
    for row in interop::manifest(&corpus) {
        let bytes = std::fs::read(corpus.join(&row.path)).expect("corpus card");
        let Ok(decoded) = encoding::decode(&bytes) else {
            continue;
        };
        let text = decoded.text.to_owned();
        if let Some(fm) = frontmatter::find(&text) {
            out.push((text, fm.yaml, row.path));
        }
    }
    out
}

#[test]
fn corpus_cards_agree_and_most_take_the_fast_path() {
    let cards = corpus_front_matter();
    let taken = cards
        .iter()
        .filter(|(text, yaml, path)| agree(text, *yaml, path))
        .count();
    eprintln!(
        "the fast path took {taken} of {} front matters",
        cards.len()
    );
    // 1,764 of 1,845 on the corpus of 2026-11 before multi-line quoted strings and escapes;
    // most of the others had multi-line quoted
    // strings, escapes or block scalars that end the front matter.
    assert!(
        taken * 100 >= cards.len() * 90,
        "the fast path took only {taken} of {} front matters",
        cards.len()
    );
}

/// Characters that change YAML structure.
const INSERTS: &[&str] = &[
    " ", "  ", ":", ": ", "#", " #", "-", "- ", "'", "\"", "[", "]", ",", "\n", "\n  ", "\r\n",
    "\t", "{", "&a ", "*a", "!", "|", "?", "\\", "é", "yes", "1", "~", "=", "<<",
];

/// One mutation of `yaml`: a character inserted or deleted, a line duplicated, deleted or
/// re-indented.
fn mutate(yaml: &str, rng: &mut Rng) -> String {
    let boundaries: Vec<usize> = (0..=yaml.len())
        .filter(|&i| yaml.is_char_boundary(i))
        .collect();
    let at = boundaries[rng.below(boundaries.len())];
    let line_start = yaml[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = yaml[at..].find('\n').map_or(yaml.len(), |i| at + i);
    match rng.below(6) {
        0 | 1 => {
            let insert = INSERTS[rng.below(INSERTS.len())];
            format!("{}{insert}{}", &yaml[..at], &yaml[at..])
        }
        2 => {
            let next = boundaries.iter().find(|&&b| b > at).copied().unwrap_or(at);
            format!("{}{}", &yaml[..at], &yaml[next..])
        }
        3 => {
            let line = &yaml[line_start..line_end];
            format!("{}\n{line}{}", &yaml[..line_end], &yaml[line_end..])
        }
        4 => format!(
            "{}{}",
            &yaml[..line_start],
            yaml[line_end..].trim_start_matches('\n')
        ),
        _ => {
            let indent = ["", " ", "  ", "   ", "    "][rng.below(5)];
            let line = yaml[line_start..line_end].trim_start_matches(' ');
            format!("{}{indent}{line}{}", &yaml[..line_start], &yaml[line_end..])
        }
    }
}

#[test]
fn mutated_corpus_front_matter_agrees() {
    // `CARDGEN_FAST_MUTATIONS=300 CARDGEN_FAST_SEED=7 cargo test --release --test yaml_fast` for a
    // longer search.
    let per_card: usize = std::env::var("CARDGEN_FAST_MUTATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(6);
    let seed = std::env::var("CARDGEN_FAST_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x9e37_79b9_7f4a_7c15);
    let mut rng = Rng(seed);
    let mut taken = 0;
    let mut tried = 0;
    for (text, yaml, path) in corpus_front_matter() {
        let src = &text[yaml.start..yaml.end];
        if src.len() > 20_000 {
            continue; // keeps the test fast; the big ones are covered unmutated above
        }
        for _ in 0..per_card {
            let mut mutated = mutate(src, &mut rng);
            for _ in 0..rng.below(3) {
                mutated = mutate(&mutated, &mut rng);
            }
            tried += 1;
            if agree(
                &mutated,
                Span::new(0, mutated.len()),
                &format!("mutation of {path}"),
            ) {
                taken += 1;
            }
        }
    }
    eprintln!("{taken} of {tried} mutations took the fast path");
    // Many mutations keep the text in the subset (about half), so the comparison is not vacuous.
    assert!(
        taken * 3 >= tried,
        "only {taken} of {tried} mutations took the fast path"
    );
}

#[test]
fn the_subset_takes_the_fast_path_and_agrees() {
    let cases = [
        "license: mit\n",
        "license: mit",
        "license: mit\r\ntags:\r\n- a\r\n- b\r\n",
        "a: 1\nb: 1.5\nc: yes\nd: no\ne: null\nf: ~\ng: 2024-01-02\nh: 0x1F\ni: 1_000\n",
        "a:\nb:\n",
        "a:   \n  # comment\nb: x\n",
        "a:\n",
        "key: value # comment\nother: 'it s' # c\nthird: \"double\"\n",
        "tags: [a, b, 'c d', \"e\"]\nempty: []\nlanguage: [en]\n",
        "tags: [ a , b ]  # c\n",
        "tags:\n- a\n- b\nnext: 1\n",
        "tags:\n  - a\n  - b\nnext: 1\n",
        "model-index:\n- name: m\n  results:\n  - task:\n      type: t\n    metrics:\n    - type: acc\n      value: 0.9\n",
        "a: 1\na: 2\n",
        "on: x\nNo: y\n1: z\n",
        "url: https://example.com/a:b\n",
        "text: a, b] {c}\n",
        "n: -1\nm: -.5\n",
        "  a: 1\n  b: 2\n",
        "- a\n- b\n",
        "- a: 1\n  b: 2\n- c: 3\n",
        "a:\n  b:\n    c: d\n  e: f\n",
        "widget:\n- text: Hello, world\n  example_title: Greeting\n",
        "description: café ünïcode 日本語\n",
        "a: multi\n  line\nb: 1\n",
        "a: 'multi\n  line'\nb: 1\n",
        "a: \"multi   \n   line\"  # c\nb: 1\n",
        "a: 'blank\n\n  lines\n\n\n  kept'\n",
        "a: \"esc \\\" \\\\ \\/ \\n \\t \\r \\ x\"\n",
        "a: \"joined\\\n   here\"\n",
        "- 'item\n  two'\n- \"three\\\n\n  four\"\n",
        "a:\n  b: 'deep\n    er'\n  c: 1\n",
        "a: 'crlf\r\n  line'\r\nb: 1\r\n",
        "a: 'it''s'\nb: 'x''y''z'  # c\nc: 'it''s\n  more'''\n",
        "a: one\n\n  two\n\n\n  three  \n",
        "- item that\n  goes on\n- next\n",
        "- k: value that\n    goes on\n  j: 1\n",
        "k:\n  - value that\n    goes on\n",
        "n: 1\n  2\n",
        "a: |\n  x\n  y\nb: 1\n",
        "a: |-\n  x\n\n  y\n\nb: 1\n",
        "a: >\n  x\n  y\n\n  z\n   indented\n  w\nb: 1\n",
        "a: >-  # c\n    x\n    # not a comment\n# a comment\nb: 1\n",
        "- |\n  x\n- >\n  y\n  z\n- b\n",
        "a: |\n  text\n     \n  more\nb: 1\n",
        "a: >-\n  text\n     \n  more\n    \nb: 1\n",
        "? a\n: b\n",
        "? a\n:\nc: 1\n",
        "? a\n:  # c\n  - x\n",
        "fields:\n  Name: text\n  ? By clicking Submit below I accept\n    the terms\n\n    of the license\n  : checkbox\n  Country: country\n",
        "? 'quoted\n  key'\n: \"value\n  here\"\n",
        "? a\n: b\n? a\n: c\n",
        "- ? a\n  : b\n",
        "a: >-\r\n  x\r\n  y\r\n\r\n  z\r\nb: 1\r\n",
        "a: |\r\n  x\r\n   \r\n  y\r\n\r\nb: 1\r\n",
        "a: >\r\n  x\r\n   indented\r\n  y\r\nb: 1\r\n",
        "a: |\n  text\n",
        "a: >-\n  text\n\n  more\n\n",
        "a: |-\r\n  text\r\n\r\n",
        "Company/university: text\nI agree (to this), and that: checkbox\n",
        "a,b: 1\na/b: 2\na(b): 3\n",
        // `:` and `#` at every offset of the eight-byte steps that look for them.
        "a: https://example.com/models#section\n",
        "a: a long value of several words # and a comment\n",
        "a: 0123456789abcdef#x\nb: 0123456:89abcdef\nc: 01234567#  # c\n",
        "- a long item, not a key:x\n- another long item#1 # c\n",
        "a: long text over\n  two lines:x#not a comment\n  and three\n",
    ];
    for case in cases {
        assert!(agree_yaml(case), "the fast path refused {case:?}");
    }
}

#[test]
fn everything_else_goes_to_the_full_parser() {
    let cases = [
        "",
        "# only a comment\n",
        "a: |\n  text\n  ",
        "a: |\n  text",
        "a: |+\n  text\nb: 1\n",
        "a: |2\n  text\nb: 1\n",
        "a: |\n\n  text\nb: 1\n",
        "a: |\nb: 1\n",
        "a: |x\n  text\nb: 1\n",
        "a: multi\n  line # c\n",
        "a: multi\n  - line\n",
        "a: multi\n  [line]\n",
        "a: multi\n# c\n  line\n",
        "a: multi\n  line: x\n",
        "a: \"multi\nline\"\n",
        "a: \"bad \\q escape\"\n",
        "a: \"unicode \\u00e9\"\n",
        "a: 'multi\n  line' x\n",
        "a: 'never closed\n  b: 1\n",
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a: {b: 1}\n",
        "a: {}\n",
        "a:\tb\n",
        "a: b\rc: d\n",
        "a: b\r",
        "a: b\u{85}c: d\n",
        "\u{feff}a: b\n",
        "? a\n",
        "? a\n? b\n: c\n",
        "? [a]\n: b\n",
        "? |\n  a\n: b\n",
        "?a: b\n",
        "? a\n : b\n",
        "? a\n:b\n",
        "? a: b\n: c\n",
        "'quoted key': v\n",
        "a: a long value with a colon: inside\n",
        "a: a long value that ends in a colon:\n",
        "a: a long value, a colon and spaces:   \n",
        "a: long text over\n  two lines # with a comment\n",
        "a: long text over\n  two lines: with a colon\n",
        "a: b: c\n",
        "a: b:\n",
        "a : b\n",
        "- - a\n",
        "-\n  a: 1\n",
        "a: [b, [c]]\n",
        "a: [b,]\n",
        "a: [b: c]\n",
        "a: [b\n",
        "a: 'x'#c\n",
        "a: 'x' y\n",
        "<<: {a: 1}\n",
        "a: =\n",
        "a: 2024-02-30\n",
        "---\na: 1\n",
        "a: 1\n...\n",
        "%YAML 1.1\n---\na: 1\n",
        "just text\n",
        "a: 1\n  b: 2\n",
        "a: 1\n- b\n",
        "a:\n- b\n  c: 1\n",
        "a: |x\n",
        "a: @x\n",
        "a: `x`\n",
        "a: %x\n",
    ];
    for case in cases {
        let limits = Limits::default();
        assert_eq!(
            parse_fast(case, Span::new(0, case.len()), &limits),
            None,
            "the fast path took {case:?}"
        );
    }
}

#[test]
fn limits_are_left_to_the_full_parser() {
    let deep = (0..70).fold(String::new(), |mut s, i| {
        s.push_str(&" ".repeat(i * 2));
        s.push_str("k:\n");
        s
    }) + &" ".repeat(140)
        + "k: v\n";
    let limits = Limits::default();
    assert_eq!(parse_fast(&deep, Span::new(0, deep.len()), &limits), None);
    assert!(parse_full(&deep, Span::new(0, deep.len()), &limits).is_err());
    let many = "k: [a, b, c]\n";
    let small = Limits {
        max_nodes: 4,
        ..Limits::default()
    };
    assert_eq!(parse_fast(many, Span::new(0, many.len()), &small), None);
    assert!(parse_full(many, Span::new(0, many.len()), &small).is_err());
}

#[test]
fn deep_nesting_within_a_raised_limit_goes_to_the_full_parser() {
    // The fast path recurses; past 64 levels it steps aside even when the limit allows more.
    let deep = (0..100).fold(String::new(), |mut s, i| {
        s.push_str(&" ".repeat(i));
        s.push_str("k:\n");
        s
    }) + &" ".repeat(100)
        + "k: v\n";
    let limits = Limits {
        max_depth: 1000,
        ..Limits::default()
    };
    let span = Span::new(0, deep.len());
    assert_eq!(parse_fast(&deep, span, &limits), None);
    assert!(parse_full(&deep, span, &limits).is_ok());
    let shallow = "a:\n b:\n  c: d\n";
    assert!(parse_fast(shallow, Span::new(0, shallow.len()), &limits).is_some());
}

#[test]
fn random_line_soups_agree() {
    // Documents glued from lines that mix every construct of the subset at different
    // indentations: continuation lines, blank and comment lines between them, items, keys.
    const LINES: &[&str] = &[
        "a: x",
        "b:",
        "- y",
        "  - z",
        "  c: w",
        "   more words",
        "    deeper",
        " one",
        "",
        "  ",
        "# c",
        "  # c",
        "d: 'q'",
        "e: [1, 2]",
        "- k: v",
        "  k2: v2",
        "f: -1",
        "g: yes",
        "    and: more",
        "h: x # c",
        "  tail",
        "  - m\n    n",
        "i: 1.5",
        "  2",
        "   ~",
        "j: |",
        "k: >-",
        "- |",
        "  - >",
        "l: |-  # c",
        "   # text",
        "m: >",
        "     x",
        "      ",
    ];
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let limits = Limits::default();
    let mut taken = 0;
    let runs = 20_000;
    for _ in 0..runs {
        let n = 1 + rng.below(8);
        let doc: String = (0..n)
            .map(|_| format!("{}\n", LINES[rng.below(LINES.len())]))
            .collect();
        if parse_fast(&doc, Span::new(0, doc.len()), &limits).is_some() {
            taken += 1;
        }
        agree_yaml(&doc);
    }
    eprintln!("{taken} of {runs} line soups took the fast path");
    assert!(taken >= 2_000, "only {taken} line soups took the fast path");
}
