//! Managed regions for a user template that has none of its own (like `huggingface_hub`'s
//! `modelcard_template.md`): each paragraph of the template that inserts a value is put between
//! `cardgen:begin` / `cardgen:end` markers, so the card it renders can be updated and checked like
//! any other. The template's own text around them stays the user's.
//!
//! A paragraph (a run of non-blank lines) is wrapped when it inserts a value (`{{ … }}`), holds no
//! statement or comment (`{% … %}`, `{# … #}`, which may open or close around it), is not inside
//! a loop, macro or other block statement (it could render more than once), not inside a code
//! fence or the front matter, and not indented (an indented paragraph may continue a list item,
//! which a marker at column 0 would end). A marker line is an HTML block, so it neither shows on
//! the Hub nor joins the paragraph before or after it.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

/// Statements that open a block whose body may render several times or not as written.
static OPENS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\{%-?\s*(for|macro|call|filter|raw)\b|\{%-?\s*set\s+[A-Za-z_][A-Za-z0-9_]*\s*-?%\}",
    )
    .expect("valid regex")
});
static CLOSES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\{%-?\s*end(for|macro|call|filter|raw|set)\b").expect("valid regex")
});
static FIRST_VALUE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{\{-?\s*([A-Za-z_][A-Za-z0-9_]*)").expect("valid regex"));

/// Should cardgen add regions to this template? Not when it places markers itself or extends an
/// embedded template (whose regions it inherits).
pub fn wanted(template: &str) -> bool {
    !template.contains("cardgen:begin") && !template.contains("{% extends")
}

/// The template with its value-inserting paragraphs between region markers.
pub fn add(template: &str) -> String {
    let lines: Vec<&str> = template.split_inclusive('\n').collect();
    let mut out = String::with_capacity(template.len() + template.len() / 4);
    let mut names: BTreeMap<String, usize> = BTreeMap::new();
    let mut depth = 0usize;
    let mut fence: Option<&str> = None;
    let mut i = front_matter_end(&lines);
    lines[..i].iter().for_each(|l| out.push_str(l));
    while i < lines.len() {
        let end = paragraph_end(&lines, i);
        let para = &lines[i..end];
        let wrap = fence.is_none() && depth == 0 && wrappable(para);
        for line in para {
            fence = next_fence(fence, line);
            depth = (depth + OPENS.find_iter(line).count())
                .saturating_sub(CLOSES.find_iter(line).count());
        }
        let text: String = para.concat();
        if wrap {
            let name = unique(&mut names, &region_name(&text));
            out.push_str(&format!("<!-- cardgen:begin {name} -->\n"));
            out.push_str(&text);
            if !text.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(&format!("<!-- cardgen:end {name} -->\n"));
        } else {
            out.push_str(&text);
        }
        i = end;
    }
    out
}

/// Lines `[start, end)` of the paragraph or blank run starting at `start`.
fn paragraph_end(lines: &[&str], start: usize) -> usize {
    let blank = |l: &str| l.trim().is_empty();
    let kind = blank(lines[start]);
    lines[start..]
        .iter()
        .position(|l| blank(l) != kind)
        .map_or(lines.len(), |n| start + n)
}

/// The index of the first line after a leading `---` … `---` front matter (0 when none).
fn front_matter_end(lines: &[&str]) -> usize {
    if lines.first().map(|l| l.trim_end()) != Some("---") {
        return 0;
    }
    lines[1..]
        .iter()
        .position(|l| l.trim_end() == "---")
        .map_or(0, |n| n + 2)
}

fn wrappable(para: &[&str]) -> bool {
    let text: String = para.concat();
    let first = para.first().copied().unwrap_or("");
    !first.trim().is_empty()
        && !first.starts_with([' ', '\t'])
        && text.contains("{{")
        && !text.contains("{%")
        && !text.contains("{#")
        && !text.contains("card_data")
        && !para.iter().any(|l| is_fence(l).is_some())
}

/// The fence a line opens or closes (```` ``` ```` or `~~~`, at least three).
fn is_fence(line: &str) -> Option<&str> {
    let t = line.trim_start();
    let ticks = t.len() - t.trim_start_matches('`').len();
    let tildes = t.len() - t.trim_start_matches('~').len();
    match (ticks >= 3, tildes >= 3) {
        (true, _) => Some(&t[..ticks]),
        (_, true) => Some(&t[..tildes]),
        _ => None,
    }
}

fn next_fence<'a>(open: Option<&'a str>, line: &'a str) -> Option<&'a str> {
    match (open, is_fence(line)) {
        (None, Some(f)) => Some(f),
        (Some(o), Some(f)) if f.starts_with(o) && line.trim().len() == f.len() => None,
        (o, _) => o,
    }
}

fn region_name(text: &str) -> String {
    FIRST_VALUE
        .captures(text)
        .map_or_else(|| "value".to_owned(), |c| c[1].to_owned())
}

fn unique(names: &mut BTreeMap<String, usize>, name: &str) -> String {
    let n = names.entry(name.to_owned()).or_insert(0);
    *n += 1;
    if *n == 1 {
        name.to_owned()
    } else {
        format!("{name}-{n}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_paragraphs_are_wrapped_and_the_rest_kept() {
        let t = "---\n{{ card_data }}\n---\n\n# Card for {{ model_id }}\n\n<!-- note -->\n\n- **A:** {{ a }}\n- **B:** {{ b }}\n\nStatic.\n";
        assert_eq!(
            add(t),
            "---\n{{ card_data }}\n---\n\n<!-- cardgen:begin model_id -->\n# Card for {{ model_id }}\n<!-- cardgen:end model_id -->\n\n<!-- note -->\n\n<!-- cardgen:begin a -->\n- **A:** {{ a }}\n- **B:** {{ b }}\n<!-- cardgen:end a -->\n\nStatic.\n"
        );
    }

    #[test]
    fn statements_loops_fences_and_indented_text_are_left_alone() {
        let t = "{% if x %}\n{{ x }}\n{% endif %}\n\n{% for i in l %}\n\n{{ i }}\n\n{% endfor %}\n\n```\n\n{{ code }}\n\n```\n\n- item\n\n  {{ more }}\n";
        assert_eq!(add(t), t);
    }

    #[test]
    fn repeated_names_are_numbered() {
        let t = "{{ x }}\n\n{{ x | upper }}\n";
        let out = add(t);
        assert!(out.contains("cardgen:begin x -->") && out.contains("cardgen:begin x-2 -->"));
    }

    #[test]
    fn templates_with_their_own_regions_or_a_parent_are_not_changed() {
        assert!(!wanted(
            "<!-- cardgen:begin a -->\n{{ x }}\n<!-- cardgen:end a -->\n"
        ));
        assert!(!wanted("{% extends \"general.md.jinja\" %}"));
        assert!(wanted("{{ x }}"));
    }
}
