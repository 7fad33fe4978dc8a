//! The checks that make the builder read YAML like PyYAML where saphyr-parser differs: block
//! scalar content, explicit keys, flow keys, root block scalars, unclosed brackets.

use super::*;
use crate::card::yaml::input::is_py_break;

impl Builder<'_> {
    /// Where a block scalar's content starts and its indentation (the column PyYAML reads
    /// content from), or `None` when it has no content.
    ///
    /// Without properties, saphyr's span starts at the content's indentation column. With
    /// properties (`&a |`, `!!str |2`) it starts at them; the content then starts on the first
    /// non-blank line after the header, and the indentation is that line's leading spaces minus
    /// the spaces the value keeps (an explicit indentation indicator can leave some).
    pub(super) fn block_content(&self, rel: Span, raw: &str) -> Option<(usize, usize)> {
        if raw.chars().all(|c| c == '\n') {
            return None;
        }
        let src = self.src;
        // Content may itself start with `&` or `!`. Properties are there if they lead to a block
        // scalar header (`&a |`), unless the source is just the value's first line.
        let after_props = pyyaml::value_start(src, rel);
        let header_follows = src[after_props..rel.end].starts_with(['|', '>']) && {
            let line = src[after_props + 1..rel.end]
                .split(is_py_break)
                .next()
                .unwrap_or("");
            let rest =
                line.trim_start_matches(|c: char| c == '+' || c == '-' || c.is_ascii_digit());
            let rest = rest.trim_start_matches([' ', '\t']);
            rest.is_empty() || rest.starts_with('#')
        };
        let first_line = raw
            .trim_start_matches('\n')
            .split('\n')
            .next()
            .unwrap_or("");
        let has_properties = matches!(src.as_bytes().get(rel.start), Some(b'&' | b'!'))
            && header_follows
            && !src[rel.start..].starts_with(first_line);
        if has_properties {
            // Skip the properties (possibly on lines of their own) to the `|` or `>`.
            let header = rel.start + src[rel.start..rel.end].find(['|', '>'])?;
            let mut line = header + src[header..].find(is_py_break)?;
            while line < rel.end {
                // Step over the line break (`\r\n` is one).
                let c = src[line..].chars().next()?;
                line += c.len_utf8();
                if c == '\r' && src[line..].starts_with('\n') {
                    line += 1;
                }
                let rest = &src[line..];
                let lead = rest.chars().take_while(|&c| c == ' ').count();
                match rest[lead..].chars().next() {
                    Some(c) if is_py_break(c) => line += lead,
                    Some(_) => {
                        let kept = raw
                            .trim_start_matches('\n')
                            .chars()
                            .take_while(|&c| c == ' ')
                            .count();
                        return Some((line, lead.saturating_sub(kept)));
                    }
                    None => return None,
                }
            }
            return None;
        }
        let before = &src[..rel.start];
        let line_start = before
            .char_indices()
            .rev()
            .find(|&(_, c)| is_py_break(c))
            .map_or(0, |(i, c)| i + c.len_utf8());
        Some((rel.start, before[line_start..].chars().count()))
    }

    /// The value PyYAML reads for a block scalar that runs to the end of a text that does not end
    /// with a line break, given the value saphyr read with a line break appended.
    ///
    /// PyYAML adds the last line's break only if there is one, so with clip (`|`) and keep
    /// (`|+`) chomping the appended break must go when the last line is content (it has more
    /// characters than the indentation). When the last line is only indentation, keep chomping
    /// counted it as one more trailing line break, which must go too.
    pub(super) fn block_at_end(&self, value: &str, indent: Option<usize>) -> String {
        let last_line = self
            .src
            .char_indices()
            .rev()
            .find(|&(_, c)| is_py_break(c))
            .map_or(self.src, |(i, c)| &self.src[i + c.len_utf8()..]);
        let spaces_only = last_line.chars().all(|c| c == ' ');
        let Some(indent) = indent else {
            // No content: the last line is the header, or blank lines after it.
            if !spaces_only || !(value.ends_with("\n\n") || value == "\n") {
                return value.to_owned();
            }
            return value[..value.len() - 1].to_owned();
        };
        let content = !spaces_only || last_line.chars().count() > indent;
        let keep_counted_it = value.ends_with("\n\n") || value == "\n";
        match value.strip_suffix('\n') {
            Some(v) if content || keep_counted_it => v.to_owned(),
            _ => value.to_owned(),
        }
    }

    /// Whether the text before `rel` (skipping whitespace and comments) ends with `?`: an
    /// explicit key.
    pub(super) fn after_question_mark(&self, rel: usize) -> bool {
        let mut end = rel;
        loop {
            let before = &self.src[..end];
            let (line_start, brk) = match before.char_indices().rev().find(|&(_, c)| is_py_break(c))
            {
                Some((i, c)) => (i + c.len_utf8(), Some(i)),
                None => (0, None),
            };
            let mut seg = &before[line_start..];
            if line_start == 0 {
                // PyYAML skips a byte-order mark at the start.
                seg = seg.strip_prefix('\u{FEFF}').unwrap_or(seg);
            }
            let comment = seg
                .char_indices()
                .find(|&(i, c)| c == '#' && (i == 0 || seg[..i].ends_with([' ', '\t'])));
            if let Some((i, _)) = comment {
                seg = &seg[..i];
            }
            let seg = seg.trim_end_matches([' ', '\t', '\r']);
            if let Some(last) = seg.chars().last() {
                // `?` as a token of its own, not the end of a plain scalar (`a?`).
                let before = seg[..seg.len() - last.len_utf8()].chars().last();
                return last == '?'
                    && before.is_none_or(|c| matches!(c, ' ' | '\t' | '[' | '{' | ','));
            }
            match brk {
                Some(i) => end = i,
                None => return false,
            }
        }
    }

    /// In a flow mapping, PyYAML wants an implicit key and its `:` on one line.
    pub(super) fn check_flow_key(&self, key: &Node) -> Result<(), Error> {
        let (start, end) = (key.span.start - self.base, key.span.end - self.base);
        if start == end || self.after_question_mark(start) {
            return Ok(());
        }
        let mut crossed = self.src[start..end].contains(is_py_break);
        let mut rest = self.src[end..].char_indices();
        while let Some((_, c)) = rest.next() {
            match c {
                ' ' | '\t' => {}
                '#' => {
                    // A comment runs to the end of its line.
                    for (_, c) in rest.by_ref() {
                        if is_py_break(c) {
                            break;
                        }
                    }
                    crossed = true;
                }
                c if is_py_break(c) => crossed = true,
                ':' if crossed => {
                    return Err(syntax(
                        "a key inside { } that is not on the same line as its `:`; PyYAML \
                         (huggingface_hub) cannot read it",
                        key.span,
                    ))
                }
                _ => break,
            }
        }
        Ok(())
    }

    /// A block scalar at the top level: PyYAML wants its content indented by at least one
    /// space. Content at column 0 ends it at once (its value is then empty), and whatever
    /// follows must be comments.
    pub(super) fn check_root_block(
        &self,
        content: Option<(usize, usize)>,
        span: Span,
    ) -> Result<bool, Error> {
        let Some((start, 0)) = content else {
            return Ok(false);
        };
        let rel_end = span.end - self.base;
        let only_comments = self.src[start..rel_end]
            .split(is_py_break)
            .all(|l| l.trim_start_matches(' ').is_empty() || l.starts_with('#'));
        if only_comments {
            return Ok(true);
        }
        Err(syntax(
            "the content of a top-level block scalar must be indented by at least one space \
             for PyYAML (huggingface_hub)",
            span,
        ))
    }
}

/// The innermost `[` or `{` still open at character `at` of `text`, looking only at the text
/// after the last event (`from`): the scanner can fail ahead of the parser, before the event for
/// a flow collection it is scanning exists. Quoted strings and comments are skipped.
pub(super) fn unclosed_bracket(text: &str, from: usize, at: usize) -> Option<usize> {
    let chars: Vec<char> = text.chars().collect();
    let mut open = Vec::new();
    let mut i = from;
    while i < at.min(chars.len()) {
        match chars[i] {
            '[' | '{' => open.push(i),
            ']' | '}' => {
                open.pop();
            }
            q @ ('\'' | '"') => {
                i += 1;
                while i < chars.len() && chars[i] != q {
                    i += if q == '"' && chars[i] == '\\' { 2 } else { 1 };
                }
            }
            '#' if i == 0 || chars[i - 1].is_whitespace() => {
                while i < chars.len() && chars[i] != '\n' && chars[i] != '\r' {
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    open.last().copied()
}

/// A plain scalar inside `[...]` / `{...}`: PyYAML ends it at `?` (which then starts a key the
/// flow collection cannot take) and does not start one with `:`.
pub(super) fn check_flow_plain(text: &str, span: Span) -> Result<(), Error> {
    if text.starts_with(':') {
        return Err(syntax(
            format!(
                "`{text}` inside [ ] or {{ }}: PyYAML (huggingface_hub) reads the leading `:` as \
                 a key/value separator; quote the value"
            ),
            span,
        ));
    }
    if text.chars().skip(1).any(|c| c == '?') {
        return Err(syntax(
            format!(
                "`{text}` inside [ ] or {{ }}: PyYAML (huggingface_hub) ends an unquoted value at \
                 `?` there; quote the value"
            ),
            span,
        ));
    }
    Ok(())
}
