//! The Markdown fast path (`src/card/markdown/fast/`) against pulldown-cmark's events.
//!
//! Wherever the fast path returns an outline, it must be the one pulldown-cmark's events give:
//! the same headings (level, text, spans), text runs, code, comments, media and HTML title.
//! Checked on every card body of the shared corpus, on mutations of them (characters that carry
//! Markdown syntax inserted and deleted, lines moved, re-indented, quoted and made list items), on
//! random documents glued from corpus lines, and on hand-written cases. The fast path must also
//! take most of the corpus, or it is not worth having: a change that makes it refuse everything
//! fails here too.

mod interop;

use interop::Rng;

use cardgen::card::markdown::Outline;
use cardgen::card::{encoding, frontmatter};
use cardgen::Span;

/// Compare the two readers on `text`'s `body`, and the outline whose paragraphs are read on
/// demand with pulldown-cmark's; whether the fast path took all of the body.
fn agree(text: &str, body: Span, what: &str) -> bool {
    let full = Outline::parse_full(text, body);
    lazy_agrees(text, body, &full, what);
    let Some(fast) = Outline::parse_fast(text, body) else {
        return false;
    };
    if full != fast {
        let (a, b) = (format!("{fast:#?}"), format!("{full:#?}"));
        let at = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
        let line = a[..at].matches('\n').count();
        let from = a[..at].rfind("Span").unwrap_or(at).saturating_sub(200);
        let body_text = &text[body.start..body.end];
        let shown = if body_text.len() > 3000 {
            format!("({} bytes)", body_text.len())
        } else {
            format!("{body_text:?}")
        };
        panic!(
            "{what}: the fast path and pulldown-cmark disagree (outline line {line}) on\n{shown}\n\
             fast: …{}\nfull: …{}",
            &a[from..(at + 300).min(a.len())],
            &b[from.min(b.len())..(at + 300).min(b.len())]
        );
    }
    true
}

/// [`Outline::parse`], which reads paragraphs only when asked about them, answers every question
/// as pulldown-cmark's outline does, and once every paragraph is read it is that outline.
fn lazy_agrees(text: &str, body: Span, full: &Outline<'_>, what: &str) {
    let lazy = Outline::parse(text, body);
    let fail = |question: String| -> ! {
        let shown = &text[body.start..body.end];
        panic!("{what}: the outline read on demand and pulldown-cmark's disagree on {question} for\n{shown:?}")
    };
    let mut spans: Vec<Span> = vec![body, Span::empty(body.start), Span::empty(body.end)];
    for h in &full.headings {
        spans.extend([h.content, h.own, h.span]);
    }
    // Offsets spread over the body, and spans of a few sizes from them.
    let mut x = body.len() as u64 | 1;
    for _ in 0..40 {
        x = x
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let at = body.start + (x >> 33) as usize % (body.len() + 1);
        let len = [0, 1, 2, 7, 30, 200][(x >> 20) as usize % 6];
        spans.push(Span::new(at, (at + len).min(body.end)));
    }
    let runs = |o: &Outline<'_>, span: Span| {
        let mut v = Vec::new();
        o.all_text_in(span, |r| {
            v.push(r);
            true
        });
        v.sort_by_key(|r| (r.start, r.end));
        v
    };
    for &span in &spans {
        let checks = [
            (
                "has_content",
                lazy.has_content(span),
                full.has_content(span),
            ),
            (
                "has_code_or_media",
                lazy.has_code_or_media(span),
                full.has_code_or_media(span),
            ),
            (
                "touches_code_or_comment",
                lazy.touches_code_or_comment(span),
                full.touches_code_or_comment(span),
            ),
            (
                "is_code",
                lazy.is_code(span.start),
                full.is_code(span.start),
            ),
            (
                "is_comment",
                lazy.is_comment(span.start),
                full.is_comment(span.start),
            ),
        ];
        for (name, got, want) in checks {
            if got != want {
                fail(format!("{name}({span:?}): {got} against {want}"));
            }
        }
        if lazy.text_run(span) != full.text_run(span) {
            fail(format!("text_run({span:?})"));
        }
        if runs(&lazy, span) != runs(full, span) {
            fail(format!("all_text_in({span:?})"));
        }
    }
    if lazy.is_blank(text, body) != full.is_blank(text, body) {
        fail("is_blank".into());
    }
    let resolved = lazy.resolve();
    if &resolved != full {
        fail(format!(
            "the whole outline:\n{resolved:#?}\nagainst\n{full:#?}"
        ));
    }
}

fn agree_md(src: &str) -> bool {
    agree(src, Span::new(0, src.len()), "case")
}

/// The text and body span of every corpus card that decodes (text, body, path).
fn corpus_bodies() -> Vec<(String, Span, String)> {
    let corpus = interop::corpus_dir();
    let mut out = Vec::new();
    for row in interop::manifest(&corpus) {
        let bytes = std::fs::read(corpus.join(&row.path)).expect("corpus card");
        let Ok(decoded) = encoding::decode(&bytes) else {
            continue;
        };
        let text = decoded.text.to_owned();
        let start = frontmatter::find(&text).map_or(0, |fm| fm.body_start());
        let body = Span::new(start, text.len());
        out.push((text, body, row.path));
    }
    out
}

#[test]
fn corpus_bodies_agree_and_most_take_the_fast_path() {
    let cards = corpus_bodies();
    let (mut taken, mut bytes, mut all_bytes) = (0, 0, 0);
    for (text, body, path) in &cards {
        all_bytes += body.len();
        if agree(text, *body, path) {
            taken += 1;
            bytes += body.len();
        }
    }
    eprintln!(
        "the fast path took {taken} of {} bodies ({bytes} of {all_bytes} bytes)",
        cards.len()
    );
    assert!(
        taken * 100 >= cards.len() * 85,
        "the fast path took only {taken} of {} bodies",
        cards.len()
    );
}

/// Pieces of Markdown syntax, inserted by the mutations.
const INSERTS: &[&str] = &[
    "*",
    "**",
    "_",
    "__",
    "***",
    " *",
    "* ",
    "`",
    "``",
    "```",
    "\n```\n",
    "~~~",
    "[",
    "]",
    "](",
    "](x)",
    "(",
    ")",
    "![",
    "<",
    ">",
    "</",
    "<b>",
    "</b>",
    "<code>",
    "</code>",
    "<img src=x>",
    "<!--",
    "-->",
    "<!-- c -->",
    "<?",
    "?>",
    "<!X",
    "<![CDATA[",
    "]]>",
    "<div>",
    "</div>",
    "<pre>",
    "</pre>",
    "<http://x.y>",
    "<a@b.c>",
    "\\",
    "\\*",
    "\\`",
    "&amp;",
    "&#35;",
    "&",
    "\n",
    "\n\n",
    "\r\n",
    "  \n",
    "\\\n",
    "\t",
    " ",
    "    ",
    "# ",
    "## ",
    " #",
    "#",
    "- ",
    "* ",
    "+ ",
    "1. ",
    "2) ",
    "> ",
    ">",
    "---",
    "\n---\n",
    "\n===\n",
    "***\n",
    "é",
    "中",
    "😀",
    "{",
    "}",
    "\"",
    "'",
    "\"t\"",
    "'t'",
    "(t)",
    ":",
    "[x]: /u\n",
    "|",
    "$",
];

/// One mutation of `md`: a piece of syntax inserted, a character deleted, a line duplicated,
/// deleted, re-indented, quoted or made a list item.
fn mutate(md: &str, rng: &mut Rng) -> String {
    let boundaries: Vec<usize> = (0..=md.len()).filter(|&i| md.is_char_boundary(i)).collect();
    let at = boundaries[rng.below(boundaries.len())];
    let line_start = md[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = md[at..].find('\n').map_or(md.len(), |i| at + i);
    let line = &md[line_start..line_end];
    match rng.below(8) {
        0..=2 => {
            let insert = INSERTS[rng.below(INSERTS.len())];
            format!("{}{insert}{}", &md[..at], &md[at..])
        }
        3 => {
            let next = boundaries.iter().find(|&&b| b > at).copied().unwrap_or(at);
            format!("{}{}", &md[..at], &md[next..])
        }
        4 => format!("{}\n{line}{}", &md[..line_end], &md[line_end..]),
        5 => format!(
            "{}{}",
            &md[..line_start],
            md[line_end..].trim_start_matches('\n')
        ),
        6 => {
            let indent = ["", " ", "  ", "   ", "    ", "     ", "\t"][rng.below(7)];
            let line = line.trim_start_matches([' ', '\t']);
            format!("{}{indent}{line}{}", &md[..line_start], &md[line_end..])
        }
        _ => {
            let prefix = ["> ", ">", "- ", "* ", "1. ", "  - ", "> - ", "- > "][rng.below(8)];
            format!("{}{prefix}{line}{}", &md[..line_start], &md[line_end..])
        }
    }
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Pieces of at most ~1,500 bytes of the corpus bodies, cut at line starts.
fn corpus_chunks(rng: &mut Rng) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (text, body, path) in corpus_bodies() {
        let body = &text[body.start..body.end];
        let starts: Vec<usize> = std::iter::once(0)
            .chain(body.match_indices('\n').map(|(i, _)| i + 1))
            .filter(|&i| i < body.len())
            .collect();
        if starts.is_empty() {
            continue;
        }
        for _ in 0..2 {
            let from = starts[rng.below(starts.len())];
            let mut to = (from + 1500).min(body.len());
            while !body.is_char_boundary(to) {
                to -= 1;
            }
            out.push((body[from..to].to_owned(), path.clone()));
        }
    }
    out
}

#[test]
fn mutated_corpus_chunks_agree() {
    // `CARDGEN_FAST_MUTATIONS=200 CARDGEN_FAST_SEED=7 cargo test --release --test markdown_fast`
    // for a longer search.
    let per_chunk = env_usize("CARDGEN_FAST_MUTATIONS", 4);
    let seed = env_usize("CARDGEN_FAST_SEED", 0x2545_f491) as u64;
    let mut rng = Rng(seed | 1);
    let (mut taken, mut tried) = (0, 0);
    for (chunk, path) in corpus_chunks(&mut rng) {
        for _ in 0..per_chunk {
            let mut md = mutate(&chunk, &mut rng);
            for _ in 0..rng.below(4) {
                md = mutate(&md, &mut rng);
            }
            tried += 1;
            if agree(&md, Span::new(0, md.len()), &format!("mutation of {path}")) {
                taken += 1;
            }
        }
    }
    eprintln!("{taken} of {tried} mutations took the fast path");
    assert!(
        taken * 2 >= tried,
        "only {taken} of {tried} mutations took the fast path"
    );
}

#[test]
fn random_documents_from_corpus_lines_agree() {
    let docs = env_usize("CARDGEN_FAST_DOCUMENTS", 20_000);
    let mut rng = Rng(env_usize("CARDGEN_FAST_SEED", 0x9e37_79b9) as u64 | 1);
    let mut lines: Vec<String> = Vec::new();
    for (text, body, _) in corpus_bodies() {
        for line in text[body.start..body.end].lines() {
            if line.len() < 300 && rng.below(8) == 0 {
                lines.push(line.to_owned());
            }
        }
    }
    let (mut taken, mut tried) = (0, 0);
    for _ in 0..docs {
        let mut md = String::new();
        for _ in 0..1 + rng.below(30) {
            let line = &lines[rng.below(lines.len())];
            let indent = ["", "", "", "  ", "   ", "    ", "> ", "- ", "1. "][rng.below(9)];
            md.push_str(indent);
            md.push_str(line);
            md.push_str(["\n", "\n", "\n", "\n\n", "\r\n"][rng.below(5)]);
        }
        tried += 1;
        if agree(&md, Span::new(0, md.len()), "random document") {
            taken += 1;
        }
    }
    eprintln!("{taken} of {tried} random documents took the fast path");
    assert!(
        taken * 3 >= tried,
        "only {taken} of {tried} random documents took the fast path"
    );
}

/// The fast path classes the neighbours of a `*`/`_` run with a copy of pulldown-cmark's
/// punctuation table (`src/card/markdown/fast/punct.rs`). For every character `X` outside ASCII
/// that is not whitespace, `a*Xb*`, `a_Xb_`, `*X*` and `X**b**X` (emphasis exactly when `X` is not
/// punctuation, or depending on it on either side) take the fast path and give pulldown-cmark's
/// outline.
#[test]
fn emphasis_next_to_any_character_takes_the_fast_path_and_agrees() {
    let mut refused = Vec::new();
    for c in (0x80..=0x10FFFF).filter_map(char::from_u32) {
        if c.is_whitespace() {
            continue;
        }
        // Above pulldown-cmark's table (U+1FBCA) nothing is punctuation: one probe per block.
        if u32::from(c) > 0x1FBCA && u32::from(c) % 64 != 0 {
            continue;
        }
        for md in [
            format!("a*{c}b*\n"),
            format!("a_{c}b_ x\n"),
            format!("*{c}* {c}**b**{c}\n"),
        ] {
            if !agree_md(&md) {
                refused.push(c);
            }
        }
    }
    assert!(
        refused.is_empty(),
        "the fast path refused emphasis next to {:?}",
        &refused[..refused.len().min(40)]
    );
}

#[test]
fn the_subset_takes_the_fast_path_and_agrees() {
    let cases = [
        "",
        "plain\n",
        "# Title\n\nSome *emphasis*, **strong**, ***both*** and _under_ __score__.\n",
        "## Heading ##\n\ntext\n\nSetext\n======\n\nTwo\n---\n",
        "#\n\n# #\n\n### a ###   \n\n#### b #c\n",
        "- a\n- b\n  - nested\n\n    para\n\n1. one\n2. two\n",
        "* a\n\n* b\n\n      code in item\n",
        "> quote\n> more\nlazy\n\n> - list in quote\n> ```\n> code\n> ```\n",
        "```python\nprint('x')\n```\n\n~~~\nunclosed\n",
        "    indented\n    code\n\n\n    more\n\nafter\n",
        "<div>\n<b>x</b> text\n</div>\n\n<!-- comment\nlines -->\n\n<img src=\"a.png\">\n",
        "para <!-- c --> <span>t</span> <img src=x> <code>c</code> x\n",
        "[link](http://x.y \"title\") and ![img](a.png) and <http://auto.link> <a@b.c>\n",
        "[a [nested] b](u) [not a link] [x]( <y> 'z' ) [empty]()\n",
        "`code` ``with ` tick`` \\`escaped` and \\*star\\* &amp; &#35;\n",
        "trailing  \nhard\\\nsoft \nend\n",
        "line one\r\nline two\r\n\r\n# CRLF\r\n",
        "*a **b** c* **a *b* c** *a*b*c* _a_b_ __a__b__\n",
        "x <span\nclass=\"a\">multi-line tag</span>\n",
        "- [ ] task\n- [x] done\n",
        "| a | b |\n|---|---|\n| 1 | 2 |\n",
        "[More Information Needed]\n\n{{ template }}\n",
        "Ünïcödé *wörds* and 中文**粗体**字\n",
        "a*Ⓐb* a*🄰b* _Ⓑ_\n",
        "emoji next to *😀emphasis* and **🚀 Features**, _—dash—_ «*quoted*»\n",
        "\t- tab list\n\t\tcode?\n",
        // Fenced code outside containers: where a fence character closes the block and where
        // it does not.
        "```\na ``` b\n   ```\nafter\n",
        "```\n    ```\n\t```\n  \t```\n ``\n```x\n```  \nafter\n",
        "````\n```\n`````\n\n# h\n",
        "~~~\n```\n~~\n ~~~ \n# h\n",
        "```\ncode\n```",
        "```\ncode\n  ",
        "```\r\ncode ```\r\n```\r\n# h\r\n",
        "```\n\n```\n```\n",
        "```\n\u{c}```\n```\n",
        "```js\n`a` ``b`` ```c\n```\n<!-- x -->\n",
    ];
    for case in cases {
        assert!(agree_md(case), "the fast path refused {case:?}");
    }
}

/// Cases where a paragraph read on demand needs care: math (answered from pulldown-cmark's
/// outline), an inline `<code>` left open (which runs on into the next paragraph), text of an
/// HTML block's last line right before a paragraph (which merges with its first run), media in
/// media, setext headings and paragraphs inside containers. [`agree`] checks the outline read on
/// demand whether or not the fast path takes the whole body.
#[test]
fn paragraphs_read_on_demand_agree() {
    for case in [
        "# T\n\nmath $x$ here\n\n## U\n\nplain text\n",
        "$$\na\n$$\n\n[More Information Needed]\n",
        "- a <code>open\n    - b\n\nafter\n",
        "x <kbd>k\n\n**bold** y\n",
        "<!-- c --> tail\nPara right after\n",
        "<div>\ntext</div>\nnext line\n",
        "![alt <img src=x> more](i.png) and <img src=y>\n",
        "Setext\n===\n\ntext\n\nTwo\nlines\n---\n",
        "> quoted para\n> more\n\n- item para\n  continued\n\n  second\n",
        "<http://x.y> only\n\n[](u)\n\n`code`\n",
        "1. one\n\n   TODO: write\n2. two $y$\n",
        "intro\n\nsee $a+b$ and `code\nspan` here\\\nnext <b>x\n\n## H\n\n  $$y$$ *e\n\n",
        "---\n\n  a `b\nc` $d$ \\\n![i](j) <!-- k\n-->\n***\ntext\n",
    ] {
        agree_md(case);
    }
}

#[test]
fn what_the_fast_path_leaves_to_pulldown_cmark() {
    for case in [
        "math $x$\n",
        "[ref]: http://x.y\n\n[ref]\n",
        "lone\rcarriage return\n",
        "# A &amp; B\n",
        "<code>open at the end\n",
    ] {
        assert!(
            Outline::parse_fast(case, Span::new(0, case.len())).is_none(),
            "the fast path took {case:?}"
        );
    }
}
