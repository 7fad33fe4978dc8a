//! Edits computed from the YAML source around a node, for the metadata rules' fixers. Each helper returns `None` when the source
//! is not in a shape it can edit without doubt (escapes, aliases, tags, multi-line scalars,
//! comments in the way); the fix is then not offered.

use crate::card::yaml::{Entry, Node, Value};
use crate::finding::{Edit, Fix, Span};
use crate::rules::Context;
use crate::schema;

/// Replace a single-line string scalar (a value or a key) by `new`, keeping its quoting style.
/// The source must spell the value literally: plain, `'…'` or `"…"` without escapes.
pub fn replace_scalar(text: &str, node: &Node, new: &str) -> Option<Edit> {
    let value = node.as_str()?;
    let span = scalar_span(text, node)?;
    let src = slice(text, span)?;
    if src.contains(['\n', '\r']) {
        return None;
    }
    if src == value {
        return Some(Edit::new(span, new));
    }
    let quoted = |q: char| {
        src.len() >= 2 && src.starts_with(q) && src.ends_with(q) && &src[1..src.len() - 1] == value
    };
    if quoted('"') && !value.contains(['\\', '"']) || quoted('\'') && !value.contains('\'') {
        let inner = Span::new(span.start + 1, span.end - 1);
        let escaped = new.contains(['\\', '"', '\'']);
        return (!escaped).then(|| Edit::new(inner, new));
    }
    None
}

/// Remove item `index` (not the first) of a sequence: in flow style the item with the comma
/// before it, in block style its whole line.
pub fn remove_item(text: &str, seq: &Node, index: usize) -> Option<Edit> {
    let items = seq.as_seq()?;
    if !matches!(items.get(index)?.value, Value::Str(..)) {
        return None;
    }
    let item = scalar_span(text, items.get(index)?)?;
    let prev = items.get(index.checked_sub(1)?)?;
    let prev_end = match prev.value {
        Value::Str(..) => scalar_span(text, prev)?.end,
        _ => prev.span.end,
    };
    if slice(text, item)?.contains(['\n', '\r']) {
        return None;
    }
    if is_flow(text, seq) {
        let gap = slice(text, Span::new(prev_end, item.start))?;
        let only_comma = gap.trim().chars().eq([',']) && !gap.contains('#');
        return only_comma.then(|| Edit::new(Span::new(prev_end, item.end), ""));
    }
    let line_start = text[..item.start].rfind('\n').map_or(0, |i| i + 1);
    let prefix = &text[line_start..item.start];
    let dash = prefix.trim_start_matches(' ');
    let is_own_line =
        dash.starts_with('-') && dash.len() > 1 && dash[1..].chars().all(|c| c == ' ' || c == '\t');
    let rest = &text[item.end..];
    let line_end = rest.find('\n').map_or(text.len(), |i| item.end + i + 1);
    let tail = &text[item.end..line_end];
    let blank_tail = tail
        .trim_end_matches(['\n', '\r'])
        .trim_matches([' ', '\t'])
        .is_empty();
    (is_own_line && blank_tail).then(|| Edit::new(Span::new(line_start, line_end), ""))
}

/// Turn a top-level value into a one-item list: a single-line string `x` becomes `[x]`, a flow
/// mapping `{…}` becomes `[{…}]`, a block mapping indented by two or more spaces gets `- ` in
/// front of its first key (so `  text: hi` becomes `- text: hi`).
pub fn wrap_in_list(text: &str, node: &Node) -> Option<Vec<Edit>> {
    let src = slice(text, node.span)?;
    match &node.value {
        Value::Str(value, _) => {
            let span = scalar_span(text, node)?;
            let src = slice(text, span)?;
            if src.contains(['\n', '\r']) {
                return None;
            }
            let quoted = src.starts_with(['"', '\'']);
            let item = if quoted || (src == value && plain_in_flow(value)) {
                src.to_owned()
            } else if src == value {
                serde_json::to_string(value.as_str()).ok()?
            } else {
                return None;
            };
            Some(vec![Edit::new(span, format!("[{item}]"))])
        }
        Value::Map(_) if src.starts_with('{') => {
            // The node ends at its last value; the closing brace follows.
            let after = &text[node.span.end..];
            let close = after.find(|c: char| !matches!(c, ' ' | '\t' | ',' | '\r' | '\n'))?;
            if !after[close..].starts_with('}') {
                return None;
            }
            let end = node.span.end + close + 1;
            Some(vec![
                Edit::new(Span::empty(node.span.start), "["),
                Edit::new(Span::empty(end), "]"),
            ])
        }
        Value::Map(_) => {
            let line_start = text[..node.span.start].rfind('\n').map_or(0, |i| i + 1);
            let indent = &text[line_start..node.span.start];
            let ok = indent.len() >= 2 && indent.bytes().all(|b| b == b' ');
            ok.then(|| {
                let at = node.span.start - 2;
                vec![Edit::new(Span::new(at, node.span.start), "- ")]
            })
        }
        _ => None,
    }
}

/// Whether a sequence is written in flow style (`[a, b]`): its span starts at the `[`, while a
/// block sequence's starts at its first item.
fn is_flow(text: &str, seq: &Node) -> bool {
    let first = seq.as_seq().and_then(<[Node]>::first);
    text[seq.span.start..].starts_with('[') && first.is_none_or(|f| f.span.start > seq.span.start)
}

/// Whether a plain scalar reads the same inside `[…]` as outside it.
fn plain_in_flow(value: &str) -> bool {
    !value.contains([',', '[', ']', '{', '}', '#'])
        && !value.contains(": ")
        && !value.ends_with(':')
        && !value.is_empty()
}

/// The span of a scalar's own text. The reader's span of a quoted scalar can run on over the
/// spaces and comment after it; it is cut at the closing quote. `None` if the text after the
/// quote is anything but spaces and comments.
fn scalar_span(text: &str, node: &Node) -> Option<Span> {
    let src = slice(text, node.span)?;
    let quote = match src.bytes().next() {
        Some(q @ (b'"' | b'\'')) => q,
        _ => return Some(node.span),
    };
    let bytes = src.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            b if b == quote => {
                let after_is_blank = src[i + 1..].lines().all(|l| {
                    let l = l.trim();
                    l.is_empty() || l.starts_with('#')
                });
                return after_is_blank.then(|| Span::new(node.span.start, node.span.start + i + 1));
            }
            _ => i += 1,
        }
    }
    None
}

fn slice(text: &str, span: Span) -> Option<&str> {
    text.get(span.start..span.end)
}

/// Fix the case of values of `key` that differ from exactly one vocabulary value only in case.
pub(super) fn vocab_case(
    ctx: &Context<'_>,
    out: &mut Vec<Fix>,
    code: &'static str,
    key: &str,
    vocab_name: &str,
) {
    let Some(value) = ctx.meta().and_then(|m| m.get(key)) else {
        return;
    };
    let vocab = schema::schema().vocab(vocab_name);
    let values = match &value.value {
        Value::Seq(items) => items.iter().collect(),
        _ => vec![value],
    };
    for node in values {
        let Some(wrong) = node.as_str().filter(|s| !vocab.contains(s)) else {
            continue;
        };
        let mut same = vocab.values().filter(|v| v.eq_ignore_ascii_case(wrong));
        let (Some(right), None) = (same.next(), same.next()) else {
            continue;
        };
        if let Some(edit) = replace_scalar(ctx.text, node, right) {
            out.push(Fix::new(
                code,
                format!("`{key}`: `{wrong}` → `{right}`"),
                vec![edit],
            ));
        }
    }
}

/// Wrap the value of a top-level key that must be a list, when it is a single `wanted` value
/// written right after the key (no anchor or tag in between).
pub(super) fn listify(
    ctx: &Context<'_>,
    out: &mut Vec<Fix>,
    code: &'static str,
    key: &str,
    wanted: impl Fn(&Node) -> bool,
) {
    let Some(entry) = ctx.meta().and_then(|m| m.entry(key)) else {
        return;
    };
    if !wanted(&entry.value) || !bare_value(ctx.text, entry) {
        return;
    }
    if let Some(edits) = wrap_in_list(ctx.text, &entry.value) {
        out.push(Fix::new(
            code,
            format!("made `{key}` a list of its one value"),
            edits,
        ));
    }
}

/// Whether only `:`, spaces, line breaks and a comment stand between a key and its value.
fn bare_value(text: &str, entry: &Entry) -> bool {
    let Some(gap) = text.get(entry.key.span.end..entry.value.span.start) else {
        return false;
    };
    let Some(rest) = gap.trim_start_matches([' ', '\t']).strip_prefix(':') else {
        return false;
    };
    rest.lines().all(|line| {
        let line = line.trim();
        line.is_empty() || line.starts_with('#')
    })
}
