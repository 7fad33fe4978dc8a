//! What a person wrote in train.toml is content, shown as written. A text that documents a chat
//! template (`{{ messages }}`, `{% for m in messages %}`) would otherwise read as an unrendered
//! template to CG204 and to anyone reading the card; each such tag outside code is put in an
//! inline code span, the form CG204 accepts and the Hub shows literally.
//!
//! The tags are found by CG204's own matcher, applied to the text as a Markdown document of its
//! own, so what this leaves alone is what the lint leaves alone.

use crate::rules::sections::unrendered_tags;

/// `text` with every tag CG204 would report in it wrapped in a code span.
pub fn literal(text: &str) -> String {
    let mut tags = unrendered_tags(text);
    if tags.is_empty() {
        return text.to_owned();
    }
    // Adjacent tags share one span: two spans side by side would read as one with backticks in.
    tags.dedup_by(|next, prev| {
        let touching = prev.end == next.start;
        if touching {
            prev.end = next.end;
        }
        touching
    });
    let mut out = String::with_capacity(text.len() + 4 * tags.len());
    let mut at = 0;
    for tag in tags {
        out.push_str(&text[at..tag.start]);
        out.push_str(&code_span(&text[tag.clone()]));
        at = tag.end;
    }
    out.push_str(&text[at..]);
    out
}

/// `` `s` ``, with a backtick run longer than any inside `s` (a tag starts with `{` and ends
/// with `}`, so it never needs the padding spaces a leading or trailing backtick would).
fn code_span(s: &str) -> String {
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let ticks = "`".repeat(longest + 1);
    format!("{ticks}{s}{ticks}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_in_prose_become_code_and_code_is_left_alone() {
        let text = "Loops with {% for m in messages %} over {{ messages }}.\n\n\
                    Already code: `{{ x }}`.\n\n```jinja\n{{ y }}\n```\n";
        assert_eq!(
            literal(text),
            "Loops with `{% for m in messages %}` over `{{ messages }}`.\n\n\
             Already code: `{{ x }}`.\n\n```jinja\n{{ y }}\n```\n"
        );
    }

    #[test]
    fn what_cg204_accepts_is_unchanged() {
        for text in [
            "No tags here.",
            "Type {{user}} in the chat.",
            "title = {{BERT}},",
            "$\\frac{{a}}{b}$ and x^{{2}}",
            "<!-- {{ hidden }} -->",
        ] {
            assert_eq!(literal(text), text);
        }
    }

    #[test]
    fn adjacent_tags_share_one_span() {
        assert_eq!(
            literal("{% for m in messages %}{{ m }}{% endfor %} and {{ x }}"),
            "`{% for m in messages %}{{ m }}{% endfor %}` and `{{ x }}`"
        );
    }

    #[test]
    fn a_backtick_inside_gets_a_longer_fence() {
        assert_eq!(literal("a {{ x ` y }} b"), "a ``{{ x ` y }}`` b");
        assert!(unrendered_tags(&literal("a {{ x ` y }} b")).is_empty());
    }
}
