//! Hand edits in the parts `--update` manages, told apart from cardgen's own output by the card's
//! [`Record`]: what `--update` keeps, and what it names when it replaces it.
//!
//! Front matter: a list entry (`tags`, `datasets`, …) the record does not hold was added by hand
//! and is kept; one the record holds and train.toml no longer produces is dropped. A managed key
//! the record does not hold was added by hand: replaced (and named) when train.toml sets it, kept
//! otherwise. A value that differs from its recorded hash was edited by hand and is named when
//! replaced. Regions: contents that differ from their recorded hash are named when replaced.

use serde_json::{Map, Value};

use crate::render::record::{hash_text, hash_value, value_hashes, Record};
use crate::render::regions;
use crate::render::yaml_emit::Yaml;
use crate::render::Notice;

/// Managed keys whose entries a person may add to: theirs are kept.
const LIST_KEYS: &[&str] = &["language", "datasets", "metrics", "tags"];

/// The front matter an update writes, and the managed keys it leaves as they are.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontMatterPlan {
    pub entries: Vec<(String, Yaml)>,
    /// Managed keys added by hand that train.toml does not set: kept like unmanaged keys.
    pub keep: Vec<String>,
}

/// Decide the managed front matter: `old` is the card's, `new` the rendering's.
pub fn plan_front_matter(
    old: &Map<String, Value>,
    new: &[(String, Yaml)],
    record: Option<&Record>,
    notices: &mut Vec<Notice>,
) -> FrontMatterPlan {
    let mut plan = FrontMatterPlan {
        entries: new.to_vec(),
        keep: Vec::new(),
    };
    for key in super::MANAGED_KEYS {
        let Some(before) = old.get(*key) else {
            continue;
        };
        let recorded = record.and_then(|r| r.keys.get(*key));
        let position = plan.entries.iter().position(|(k, _)| k == key);
        match position {
            Some(i) if LIST_KEYS.contains(key) => {
                keep_added_entries(key, before, &mut plan.entries[i].1, record, notices);
                if record.is_some() {
                    name_replaced(key, before, &plan.entries[i].1, recorded, true, notices);
                }
            }
            Some(i) => {
                if record.is_some() {
                    name_replaced(key, before, &plan.entries[i].1, recorded, false, notices);
                }
            }
            None => match recorded {
                Some(hashes) if *hashes != value_hashes(before) => notices.push(Notice::warning(
                    format!(
                        "removed `{key}: {}`, edited by hand: train.toml no longer sets `{key}`",
                        show(before)
                    ),
                    None,
                )),
                Some(_) => {}
                None => {
                    plan.keep.push((*key).to_owned());
                    notices.push(Notice::note(format!(
                        "kept `{key}: {}`, added by hand (train.toml does not set it)",
                        show(before)
                    )));
                }
            },
        }
    }
    plan
}

/// Append to `new` the entries of `before` that a person added (not in the record, or any entry
/// not produced by train.toml when the card has no record).
fn keep_added_entries(
    key: &str,
    before: &Value,
    new: &mut Yaml,
    record: Option<&Record>,
    notices: &mut Vec<Notice>,
) {
    let produced: Vec<Value> = entries(&new.to_json());
    let recorded: &[String] = record
        .and_then(|r| r.keys.get(key))
        .map_or(&[], Vec::as_slice);
    let added: Vec<Value> = entries(before)
        .into_iter()
        .filter(|e| !produced.contains(e) && !recorded.contains(&hash_value(e)))
        .collect();
    if added.is_empty() {
        return;
    }
    let names: Vec<String> = added.iter().map(show).collect();
    let why = if record.is_some() {
        "added by hand"
    } else {
        "not produced by train.toml; the card has no cardgen record, so remove them by hand if \
         train.toml dropped them"
    };
    notices.push(Notice::note(format!(
        "kept {key} {} ({why})",
        names.join(", ")
    )));
    let mut all: Vec<Yaml> = produced.iter().map(Yaml::from_json).collect();
    all.extend(added.iter().map(Yaml::from_json));
    *new = Yaml::Seq(all);
}

/// Warn when a value a person edited (its hash is not the recorded one) is replaced. For a list,
/// only the entries cardgen wrote count (a person's own entries are kept).
fn name_replaced(
    key: &str,
    before: &Value,
    after: &Yaml,
    recorded: Option<&Vec<String>>,
    list: bool,
    notices: &mut Vec<Notice>,
) {
    let after = after.to_json();
    if before == &after {
        return;
    }
    let edited = match recorded {
        None => !list,
        Some(hashes) if list => {
            // An entry cardgen wrote that is gone, though train.toml still produces it.
            let now = entries(&after);
            let kept = entries(before);
            now.iter()
                .any(|e| hashes.contains(&hash_value(e)) && !kept.contains(e))
        }
        Some(hashes) => *hashes != value_hashes(before),
    };
    if edited {
        notices.push(Notice::warning(
            format!(
                "replaced `{key}: {}`, edited by hand, with `{}` from train.toml",
                show(before),
                show(&after)
            ),
            Some(format!(
                "set `{key}` in train.toml to keep a value of your own"
            )),
        ));
    }
}

fn entries(v: &Value) -> Vec<Value> {
    match v {
        Value::Array(items) => items.clone(),
        Value::Null => Vec::new(),
        other => vec![other.clone()],
    }
}

/// A value in one short line.
fn show(v: &Value) -> String {
    let s = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(59).collect::<String>())
    } else {
        s
    }
}

/// Name each region whose contents a person edited and the update replaces or removes.
/// `first_line` is the file's line number of `old_body`'s first line.
pub fn name_region_edits(
    old_body: &str,
    new_body: &str,
    record: &Record,
    first_line: usize,
    notices: &mut Vec<Notice>,
) {
    let (Ok(old), Ok(new)) = (regions::find(old_body), regions::find(new_body)) else {
        return;
    };
    for r in &old {
        let content = &old_body[r.content.clone()];
        let Some(hash) = record.regions.get(&r.name) else {
            continue;
        };
        if hash_text(content) == *hash {
            continue;
        }
        let line = first_line + old_body[..r.begin.start].matches('\n').count();
        let replacement = new.iter().find(|n| n.name == r.name);
        let message = match replacement {
            Some(n) if hash_text(&new_body[n.content.clone()]) == hash_text(content) => continue,
            Some(_) => format!(
                "replaced a hand edit inside region `{}` (line {line}) with train.toml's text",
                r.name
            ),
            None => format!(
                "removed region `{}` (line {line}), edited by hand: train.toml no longer produces it",
                r.name
            ),
        };
        let lost = lost_lines(content, replacement.map(|n| &new_body[n.content.clone()]));
        notices.push(Notice::warning(message, lost));
    }
}

/// The first lines of `old` that `new` does not have, as help text.
fn lost_lines(old: &str, new: Option<&str>) -> Option<String> {
    let new = new.unwrap_or("");
    let have: Vec<&str> = new.lines().map(str::trim_end).collect();
    let lost: Vec<&str> = old
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty() && !have.contains(l))
        .collect();
    let first = lost.first()?;
    let more = match lost.len() {
        1 => String::new(),
        n => format!(" (and {} more line(s))", n - 1),
    };
    Some(format!(
        "the replaced text began `{}`{more}; write your own text outside the cardgen markers, \
         or in train.toml, to keep it",
        show(&Value::String((*first).to_owned()))
    ))
}
