use super::*;

/// The outline of `text`, every paragraph read.
fn outline(text: &str) -> Outline {
    Outline::parse(text, Span::new(0, text.len()))
}

fn slices<'t>(text: &'t str, spans: &[Span]) -> Vec<&'t str> {
    spans.iter().map(|s| &text[s.start..s.end]).collect()
}

#[test]
fn atx_and_setext_headings_with_plain_text() {
    let t = "# My `Model` *v2*\n\nUsage\n=====\n\nLimits\n------\n\n### <b>Bold</b> ###\n";
    let o = outline(t);
    let got: Vec<_> = o
        .headings
        .iter()
        .map(|h| (h.level, h.text.as_str()))
        .collect();
    assert_eq!(
        got,
        [(1, "My Model v2"), (1, "Usage"), (2, "Limits"), (3, "Bold")]
    );
    assert_eq!(
        &t[o.headings[1].span.start..o.headings[1].span.end],
        "Usage\n====="
    );
    assert_eq!(
        &t[o.headings[0].span.start..o.headings[0].span.end],
        "# My `Model` *v2*"
    );
}

#[test]
fn attribute_blocks_and_closing_hashes_are_removed() {
    let o = outline("## Training ## {#training}\n\n## C#\n\n## Sizes {.wide}\n");
    let got: Vec<_> = o.headings.iter().map(|h| h.text.as_str()).collect();
    assert_eq!(got, ["Training", "C#", "Sizes"]);
}

#[test]
fn template_braces_in_a_heading_are_kept() {
    let o = outline("# Model Card for {{ model_id }}\n");
    assert_eq!(o.headings[0].text, "Model Card for {{ model_id }}");
}

#[test]
fn sections_nest_by_level() {
    let t = "# T\nintro\n## A\na\n### A1\nx\n## B\n# U\n";
    let o = outline(t);
    let ends: Vec<_> = o
        .headings
        .iter()
        .map(|h| {
            (
                &t[h.content.start..h.content.end],
                &t[h.own.start..h.own.end],
            )
        })
        .collect();
    assert_eq!(
        ends,
        [
            ("intro\n## A\na\n### A1\nx\n## B\n", "intro\n"),
            ("a\n### A1\nx\n", "a\n"),
            ("x\n", "x\n"),
            ("", ""),
            ("", ""),
        ]
    );
    assert!(o.headings[1].has_subsections());
    assert!(!o.headings[2].has_subsections());
}

#[test]
fn offsets_are_in_card_coordinates() {
    let t = "---\nlicense: mit\n---\n# Title\n\nText `code`\n";
    let o = Outline::parse(t, Span::new(21, t.len()));
    assert_eq!(o.headings[0].span, Span::new(21, 28));
    assert_eq!(slices(t, &o.known.text), ["Text "]);
    assert_eq!(slices(t, &o.known.code), ["`code`"]);
}

#[test]
fn code_is_not_text_and_code_headings_are_not_headings() {
    let t =
        "```python\n# not a heading\nTODO\n```\n\n    indented TODO\n\nSee `TODO` and $x_{1}$.\n";
    let o = outline(t);
    assert!(o.headings.is_empty());
    assert_eq!(slices(t, &o.known.text), ["See ", " and ", "."]);
    assert!(o.is_code(t.find("TODO").unwrap()));
    assert!(o.is_code(t.find("indented").unwrap()));
    assert!(o.is_code(t.find("x_").unwrap()));
    assert!(!o.is_code(t.find("See").unwrap()));
}

#[test]
fn adjacent_text_pieces_merge() {
    let t = "- **Developed by:** [More Information Needed]\n";
    let o = outline(t);
    assert_eq!(
        slices(t, &o.known.text),
        ["Developed by:", " [More Information Needed]"]
    );
    let at = t.find("[More").unwrap();
    let run = o.text_run(Span::new(at, at + 25)).unwrap();
    assert_eq!(&t[run.start..run.end], " [More Information Needed]");
}

#[test]
fn html_blocks_split_into_comments_tags_text_and_code() {
    let t = "<div align=\"center\">\n<img src=\"a.png\">\nHello <b>there</b>\n<!-- hidden\nTODO -->\n<pre>TODO</pre> after\n</div>\n";
    let o = outline(t);
    assert_eq!(slices(t, &o.known.text), ["Hello", "there", "after"]);
    assert_eq!(slices(t, &o.known.comments), ["<!-- hidden\nTODO -->"]);
    assert_eq!(slices(t, &o.known.code), ["<pre>TODO</pre>"]);
    assert_eq!(slices(t, &o.known.media), ["<img src=\"a.png\">"]);
}

#[test]
fn inline_html_comments_code_tags_and_images() {
    let t =
        "Some <!-- a\nb --> text <CODE>x</CODE> ![alt](i.png) <img src=y> <https://x.org/todo>\n";
    let o = outline(t);
    assert_eq!(slices(t, &o.known.comments), ["<!-- a\nb -->"]);
    assert_eq!(slices(t, &o.known.code), ["x"]);
    assert_eq!(slices(t, &o.known.media), ["![alt](i.png)", "<img src=y>"]);
    assert!(o.is_comment(t.find("a\nb").unwrap()));
    assert!(o
        .known
        .text
        .iter()
        .all(|r| !t[r.start..r.end].contains("todo")));
    assert!(o
        .known
        .text
        .iter()
        .all(|r| !t[r.start..r.end].contains("alt")));
}

#[test]
fn unclosed_inline_code_tag_ends_with_its_paragraph() {
    let t = "a <code>b\n\nc\n";
    let o = outline(t);
    assert_eq!(slices(t, &o.known.text), ["a ", "c"]);
}

#[test]
fn headings_inside_details_after_a_blank_line() {
    let t = "<details>\n\n## Inside\n\ntext\n\n</details>\n\n<details>\n## Raw\n</details>\n";
    let o = outline(t);
    let got: Vec<_> = o.headings.iter().map(|h| h.text.as_str()).collect();
    assert_eq!(got, ["Inside"]);
}

#[test]
fn html_h1_is_recorded() {
    let t = "<p align=\"center\"><h1>Title</h1></p>\n\n## Usage\n";
    let o = outline(t);
    assert_eq!(o.html_h1.map(|s| &t[s.start..s.end]), Some("<h1>"));
}

#[test]
fn content_ignores_whitespace_comments_rules_and_headings() {
    let t = "## A\n\n<!-- c -->\n\n---\n\n## B\n\n![x](y)\n\n## C\n\n```\n```\n\n## D\nword\n";
    let o = outline(t);
    let has: Vec<_> = o.headings.iter().map(|h| o.has_content(h.own)).collect();
    assert_eq!(has, [false, true, true, true]);
    assert!(
        !o.has_content(Span::new(0, 5)),
        "heading text is not content"
    );
}

#[test]
fn body_span_out_of_range_gives_empty_outline() {
    assert_eq!(Outline::parse("abc", Span::new(2, 9)), Outline::default());
}

#[test]
fn alternate_keys_come_from_a_trailing_parenthesis() {
    assert_eq!(
        heading_alt_key("模型推理 (Inference)").as_deref(),
        Some("inference")
    );
    assert_eq!(
        heading_alt_key("Usage (Sentence-Transformers):").as_deref(),
        Some("sentence transformers")
    );
    assert_eq!(heading_alt_key("(Inference)"), None);
    assert_eq!(heading_alt_key("Usage"), None);
    assert_eq!(heading_alt_key("Usage ()"), None);
}

#[test]
fn heading_keys() {
    for (text, key) in [
        ("Usage", "usage"),
        ("  How to Use:  ", "how to use"),
        ("1. Usage", "usage"),
        ("2) Usage", "usage"),
        ("3.1 Quick start", "quick start"),
        ("🚀 Quickstart 🚀", "quickstart"),
        ("Bias, Risks, and Limitations", "bias risks and limitations"),
        (
            "Intended uses & limitations",
            "intended uses and limitations",
        ),
        ("Intended uses&limitations", "intended uses and limitations"),
        ("Model Sources [optional]", "model sources"),
        ("Usage (Sentence-Transformers)", "usage"),
        ("Citation [optional] (BibTeX)", "citation"),
        ("(optional)", "optional"),
        ("Ограничения", "ограничения"),
        ("", ""),
    ] {
        assert_eq!(heading_key(text), key, "{text:?}");
    }
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    const PIECES: &[&str] = &[
        "#",
        "## ",
        "### T",
        "\n",
        "\r\n",
        " ",
        "    ",
        "text",
        "é",
        "🚀",
        "`",
        "```",
        "~~~",
        "<!--",
        "-->",
        "<pre>",
        "</pre>",
        "<code>",
        "</code>",
        "<img src=x>",
        "<div>",
        "</div>",
        "<h1>",
        "[",
        "]",
        "(",
        ")",
        "![a](b)",
        "*",
        "_",
        "$",
        "$$",
        "{{",
        "}}",
        "{#",
        "#}",
        "{#id}",
        "---",
        "===",
        "> ",
        "- ",
        "1. ",
        "|",
        "\\",
        "<",
        ">",
        "&amp;",
        "<https://x.y/TODO>",
        "TODO",
        "[More Information Needed]",
    ];

    fn markdown() -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(PIECES), 0..80).prop_map(|v| v.concat())
    }

    fn sorted_disjoint(spans: &[Span]) -> bool {
        spans.windows(2).all(|w| w[0].end <= w[1].start) && spans.iter().all(|s| s.start <= s.end)
    }

    proptest! {
        #[test]
        fn spans_are_valid_sorted_and_inside_the_body(prefix in "[a-z\n]{0,8}", body in markdown()) {
            let text = format!("{prefix}{body}");
            let start = prefix.len();
            let o = Outline::parse(&text, Span::new(start, text.len()));
            let all = o.known.text.iter().chain(&o.known.code).chain(&o.known.comments).chain(&o.known.media);
            for s in all.chain(o.headings.iter().flat_map(|h| [&h.span, &h.content, &h.own])) {
                prop_assert!(start <= s.start && s.start <= s.end && s.end <= text.len(), "{s:?}");
                prop_assert!(text.get(s.start..s.end).is_some(), "{s:?} splits a character");
            }
            prop_assert!(sorted_disjoint(&o.known.text));
            prop_assert!(sorted_disjoint(&o.known.code));
            prop_assert!(sorted_disjoint(&o.known.comments));
            for w in o.headings.windows(2) {
                prop_assert!(w[0].span.end <= w[1].span.start);
            }
            for h in &o.headings {
                prop_assert!(h.span.end <= h.content.start && h.own.end <= h.content.end);
                prop_assert!((1..=6).contains(&h.level));
            }
        }
    }
}

#[test]
fn outside_known_code_leaves_out_code_comments_and_pre() {
    let t = "intro TODO\n\n```\ncode\n```\n<!-- c -->\n\npara `span` x\n\n<pre>p</pre>\n\ntail\n";
    let body = Span::new(0, t.len());
    let o = Outline::parse(t, body);
    assert_eq!(
        slices(t, &o.outside_known_code(body)),
        ["intro TODO\n\n", "\n", "\n\npara ", " x\n\n", "\n\ntail\n"]
    );
    // A span that starts inside a code block.
    let inner = Span::new(t.find("code").unwrap(), t.len());
    assert_eq!(
        slices(t, &o.outside_known_code(inner)),
        ["\n", "\n\npara ", " x\n\n", "\n\ntail\n"]
    );
    assert_eq!(
        slices(t, o.code_blocks_in(body)),
        ["```\ncode\n```", "<pre>p</pre>"]
    );
}

#[test]
fn html_headings_are_headings() {
    let t = "<div align=\"center\">\n<h1>My <b>model</b></h1>\n</div>\n\ntext\n\n<h2 id=\"use\">How to use</h2>\n\n```python\npipeline()\n```\n";
    let o = outline(t);
    let found: Vec<(u8, &str, bool)> = o
        .headings
        .iter()
        .map(|h| (h.level, h.text.as_str(), h.html))
        .collect();
    assert_eq!(found, [(1, "My model", true), (2, "How to use", true)]);
    let usage = &o.headings[1];
    assert!(o.has_content(usage.content));
    assert_eq!(o.html_h1.map(|s| &t[s.start..s.end]), Some("<h1>"));
}

#[test]
fn a_table_followed_by_a_rule_is_not_a_setext_heading() {
    let t = "## Results\n\n| a | b |\n|---|---|\n| 1 | 2 |\n--------\n\n## Usage\n\nrun it\n";
    let o = outline(t);
    let names: Vec<&str> = o.headings.iter().map(|h| h.text.as_str()).collect();
    assert_eq!(names, ["Results", "Usage"]);
    assert!(o.has_content(o.headings[0].own));
}
