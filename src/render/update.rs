//! `--update` and `--check`: re-render only what cardgen manages in an existing card.
//!
//! Managed: the front-matter keys in [`MANAGED_KEYS`] and the body regions between
//! `cardgen:begin` / `cardgen:end` markers. Everything else — other keys, their order, comments,
//! hand-written sections, a byte-order mark, line endings — is kept byte for byte. Replaced parts
//! take the file's line ending. The card's record (see [`record`]) tells hand edits inside managed
//! parts from stale output: list entries a person added are kept, and every replaced edit is
//! named in the notices.

use std::ops::Range;

use crate::card::yaml::{Node, Value};
use crate::card::{frontmatter, CardContext, Metadata};
use crate::config::Config;

use super::front_matter::MANAGED_KEYS;
use super::record::{self, Record};
use super::regions::{self, convert};
use super::yaml_emit::{emit_entry, Yaml};
use super::{Notice, Rendered};

pub use super::regions::UpdateError;

mod edits;

use edits::FrontMatterPlan;

/// Did cardgen render this card? (It has managed regions or a record.)
pub fn is_generated(text: &str) -> bool {
    regions::has_regions(text) || record::find(text).is_some()
}

/// The line ending a file uses: that of its first line break.
pub fn line_ending(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// An updated card, and what the update kept or replaced that a person wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct Updated {
    pub text: String,
    pub notices: Vec<Notice>,
}

/// Update `old` (a card cardgen rendered, perhaps edited since) with a fresh rendering.
pub fn update(old: &str, new: &Rendered) -> Result<Updated, UpdateError> {
    let bom = if old.starts_with('\u{feff}') {
        "\u{feff}"
    } else {
        ""
    };
    let recorded = record::find(old).map(|(_, r)| r);
    let text = record::strip(&old[bom.len()..]);
    let eol = line_ending(&text);
    let new_text = record::strip(&new.text);
    let new_body = match frontmatter::find(&new_text) {
        Some(fm) => &new_text[fm.body_start()..],
        None => new_text.as_str(),
    };
    let mut notices = Vec::new();
    let old_meta = read_meta(&text).unwrap_or_default();
    let plan = edits::plan_front_matter(
        &old_meta,
        &new.front_matter,
        recorded.as_ref(),
        &mut notices,
    );
    let (head, body) = front_matter(&text, &plan, eol)?;
    same_template(&text[body..], new_body)?;
    if let Some(r) = &recorded {
        let first_line = 1 + text[..body].matches('\n').count();
        edits::name_region_edits(&text[body..], new_body, r, first_line, &mut notices);
    }
    let merged = regions::merge(&text[body..], new_body, eol)?;
    let result = format!("{head}{merged}");
    check_front_matter(&old_meta, &result, &plan)?;
    let result = record::append(&result, &Record::of(&new.front_matter, new_body), eol);
    let text = format!("{bom}{result}");
    if recorded.is_none() && text != old {
        notices.push(Notice::note(
            "the card has no cardgen record (an older cardgen wrote it): hand edits inside its \
             managed parts could not be told apart this time; the record is added now",
        ));
    }
    Ok(Updated { text, notices })
}

/// A card whose regions share no name with the rendering's was rendered with another template:
/// merging would drop every region and insert new ones.
fn same_template(old_body: &str, new_body: &str) -> Result<(), UpdateError> {
    let names = |t: &str| -> Result<Vec<String>, UpdateError> {
        Ok(regions::find(t)?.into_iter().map(|r| r.name).collect())
    };
    let (old, new) = (names(old_body)?, names(new_body)?);
    if old.is_empty() || new.is_empty() || old.iter().any(|o| new.contains(o)) {
        return Ok(());
    }
    let list = |v: &[String]| {
        let shown: Vec<&str> = v.iter().take(4).map(String::as_str).collect();
        let more = if v.len() > 4 { ", …" } else { "" };
        format!("{}{more}", shown.join(", "))
    };
    Err(UpdateError::new(format!(
        "the card's regions ({}) are not the ones this template renders ({}): it was rendered \
         with another template; pass that one with --template (or set `template` under [card] in \
         train.toml), or use --force to re-render the card whole",
        list(&old),
        list(&new)
    )))
}

/// The front matter of a card as JSON, `None` when it has none or it cannot be read.
fn read_meta(text: &str) -> Option<serde_json::Map<String, serde_json::Value>> {
    let config = Config::default();
    let ctx = CardContext::new(text.as_bytes(), &config.limits.yaml);
    match ctx.meta()?.to_json() {
        serde_json::Value::Object(m) => Some(m),
        _ => Some(serde_json::Map::new()),
    }
}

/// The updated front matter must hold the planned managed values and the old other values.
fn check_front_matter(
    old: &serde_json::Map<String, serde_json::Value>,
    new: &str,
    plan: &FrontMatterPlan,
) -> Result<(), UpdateError> {
    let replaced = |k: &str| MANAGED_KEYS.contains(&k) && !plan.keep.iter().any(|p| p == k);
    let mut expected: serde_json::Map<String, serde_json::Value> = old
        .iter()
        .filter(|(k, _)| !replaced(k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for (k, v) in &plan.entries {
        expected.insert(k.clone(), v.to_json());
    }
    if read_meta(new).as_ref() == Some(&expected) {
        Ok(())
    } else {
        Err(UpdateError::new(
            "the front matter's layout (anchors, aliases or flow style) keeps cardgen from \
             updating it in place; use --force to re-render the whole card",
        ))
    }
}

/// The updated front matter (through the closing fence) and where the old body starts.
fn front_matter(
    text: &str,
    plan: &FrontMatterPlan,
    eol: &str,
) -> Result<(String, usize), UpdateError> {
    let fm = plan.entries.as_slice();
    let config = Config::default();
    let ctx = CardContext::new(text.as_bytes(), &config.limits.yaml);
    let Some(found) = ctx.front_matter else {
        if ctx.unclosed_front_matter {
            return Err(UpdateError::new("the front matter is never closed (`---`)"));
        }
        let yaml: String = fm.iter().map(|(k, v)| emit_entry(k, v)).collect();
        let block = convert(&format!("---\n{yaml}---\n"), eol);
        return Ok((block, 0));
    };
    let root = match &ctx.metadata {
        Metadata::Parsed(doc) => &doc.root,
        Metadata::Invalid(e) => {
            return Err(UpdateError::new(format!(
                "the front matter is not valid YAML ({}); fix it first",
                e.message
            )))
        }
        Metadata::Absent => return Err(UpdateError::new("the front matter could not be read")),
    };
    // The YAML including the line break that precedes the closing `---`.
    let close_break = line_break_len(text, found.close.start);
    let yaml = found.yaml.start..found.close.start + close_break;
    let entries = top_level_entries(text, root, &yaml)?;
    let mut out = text[..yaml.start].to_owned();
    out.push_str(&splice(text, &yaml, &entries, plan, eol));
    out.push_str(&text[yaml.end..found.block.end]);
    Ok((out, found.block.end))
}

fn line_break_len(text: &str, at: usize) -> usize {
    if text[at..].starts_with("\r\n") {
        2
    } else {
        1
    }
}

/// A top-level `key: value` entry: its key and the lines it occupies.
struct Entry {
    key: String,
    lines: Range<usize>,
}

fn top_level_entries(
    text: &str,
    root: &Node,
    yaml: &Range<usize>,
) -> Result<Vec<Entry>, UpdateError> {
    let map = match &root.value {
        Value::Map(m) => m.as_slice(),
        Value::Null => &[],
        _ => return Err(UpdateError::new("the front matter is not a mapping")),
    };
    map.iter()
        .map(|e| {
            let start = e.key.span.start;
            let line_start = text[..start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
            if line_start != start || start < yaml.start {
                return Err(UpdateError::new(
                    "the front matter is not in block style (each key at the start of a line); \
                     cardgen cannot update it in place",
                ));
            }
            let end = line_end(text, subtree_end(&e.value).max(e.key.span.end), yaml.end);
            let key = e.key.key_text().unwrap_or_default().into_owned();
            Ok(Entry {
                key,
                lines: line_start..end,
            })
        })
        .collect()
}

/// The furthest end of a scalar in a node (a block collection's own span may reach into the
/// next line, so only leaves and keys count).
fn subtree_end(node: &Node) -> usize {
    let children = match &node.value {
        Value::Seq(items) => items.iter().map(subtree_end).max(),
        Value::Map(entries) => entries
            .iter()
            .map(|e| subtree_end(&e.value).max(e.key.span.end))
            .max(),
        _ => None,
    };
    children.unwrap_or(node.span.end)
}

/// The end (after the line break) of the line holding the last non-blank byte before `end`.
fn line_end(text: &str, end: usize, limit: usize) -> usize {
    let last = text[..end.min(limit)].trim_end().len();
    text[last..limit].find('\n').map_or(limit, |i| last + i + 1)
}

/// Rebuild the YAML: managed entries replaced, removed or added; the rest kept.
fn splice(
    text: &str,
    yaml: &Range<usize>,
    entries: &[Entry],
    plan: &FrontMatterPlan,
    eol: &str,
) -> String {
    let fm = plan.entries.as_slice();
    let managed = |k: &str| MANAGED_KEYS.contains(&k) && !plan.keep.iter().any(|p| p == k);
    let in_old = |k: &str| entries.iter().any(|e| e.key == k);
    let emit = |k: &str, v: &Yaml| convert(&emit_entry(k, v), eol);
    // New keys not in the old front matter go after the nearest preceding key that is.
    let mut after: Vec<(Option<&str>, String)> = Vec::new();
    let mut prev: Option<&str> = None;
    for (k, v) in fm {
        if in_old(k) {
            prev = Some(k);
        } else {
            after.push((prev, emit(k, v)));
        }
    }
    let inserts = |anchor: Option<&str>| -> String {
        after
            .iter()
            .filter(|(a, _)| *a == anchor)
            .map(|(_, s)| s.as_str())
            .collect()
    };
    let mut out = String::new();
    let mut pos = yaml.start;
    let mut done: Vec<&str> = Vec::new();
    let first_managed = entries.iter().position(|e| managed(&e.key));
    for (i, e) in entries.iter().enumerate() {
        out.push_str(&text[pos..e.lines.start]);
        pos = e.lines.end;
        if Some(i) == first_managed {
            out.push_str(&inserts(None));
        }
        if !managed(&e.key) {
            out.push_str(&text[e.lines.clone()]);
            continue;
        }
        if done.contains(&e.key.as_str()) {
            continue;
        }
        done.push(&e.key);
        if let Some((k, v)) = fm.iter().find(|(k, _)| *k == e.key) {
            out.push_str(&emit(k, v));
            out.push_str(&inserts(Some(k)));
        }
    }
    out.push_str(&text[pos..yaml.end]);
    if first_managed.is_none() {
        if !out.is_empty() && !out.ends_with('\n') {
            out.push_str(eol);
        }
        out.push_str(&inserts(None));
    }
    out
}

/// A unified diff from the card on disk to the rendered one (empty when equal).
pub fn unified_diff(old: &str, new: &str, path: &str) -> String {
    if old == new {
        return String::new();
    }
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(path, &format!("{path} (rendered)"))
        .to_string()
}

#[cfg(test)]
mod tests;
