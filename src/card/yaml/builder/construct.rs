//! PyYAML's constructors for explicitly tagged scalars and collections, and merge keys.

use super::*;
use crate::card::yaml::node::StrKind;

/// The non-specific tag `!`, which PyYAML resolves like no tag at all (for any scalar style).
pub(super) fn is_non_specific(tag: &Tag) -> bool {
    (tag.handle.is_empty() && tag.suffix == "!") || (tag.handle == "!" && tag.suffix.is_empty())
}

/// The name of a `tag:yaml.org,2002:` tag (`!!int`, `!<tag:yaml.org,2002:int>`, `%TAG`-defined
/// handles), or `None` for any other tag.
pub(super) fn core_name(tag: &Tag) -> Option<String> {
    if tag.handle == "!" {
        return None;
    }
    format!("{}{}", tag.handle, tag.suffix)
        .strip_prefix("tag:yaml.org,2002:")
        .map(str::to_owned)
}

pub(super) fn plain_str(text: &str) -> Value {
    Value::Str(text.into(), StrKind::Plain)
}

pub(super) fn show_tag(tag: &Tag) -> String {
    match core_name(tag) {
        Some(name) => format!("!!{name}"),
        None if tag.handle == "!" => format!("!{}", tag.suffix),
        None => format!("!<{}{}>", tag.handle, tag.suffix),
    }
}

pub(super) fn unknown_tag(tag: &Tag) -> String {
    format!(
        "PyYAML's safe loader has no constructor for the tag `{}`",
        show_tag(tag)
    )
}

/// A scalar with an explicit tag (`!!str 1`, `!!int "3"`, `!custom x`), built by PyYAML's
/// constructor for that tag, which does not check the text against the resolver's pattern.
pub(super) fn tagged_scalar(text: &str, tag: &Tag) -> Result<Value, String> {
    let name = core_name(tag).ok_or_else(|| unknown_tag(tag))?;
    let with_tag = |e: String| format!("{e} (tag `{}`)", show_tag(tag));
    Ok(match name.as_str() {
        "str" => plain_str(text),
        "null" => Value::Null,
        "bool" => resolve::construct_bool(text).map_err(with_tag)?,
        "int" => resolve::construct_int(text).map_err(with_tag)?,
        "float" => Value::Float(resolve::construct_float(text).map_err(with_tag)?),
        "timestamp" => resolve::construct_timestamp(text).map_err(with_tag)?,
        "binary" => {
            resolve::check_binary(text).map_err(with_tag)?;
            Value::Str(text.into(), StrKind::Binary)
        }
        _ => return Err(unknown_tag(tag)),
    })
}

/// PyYAML's `flatten_mapping`: merged entries first (so explicit keys win), a sequence of
/// mappings merged so that earlier ones win.
pub(super) fn apply_merges(entries: Vec<Entry>, merges: Vec<Node>) -> Result<Vec<Entry>, Error> {
    if merges.is_empty() {
        return Ok(entries);
    }
    let not_mapping = |span| {
        syntax(
            "a `<<` merge key needs a mapping or a list of mappings",
            span,
        )
    };
    let mut merged = Vec::new();
    for m in merges {
        match m.value {
            Value::Map(sub) => merged.extend(sub),
            Value::Seq(items) => {
                let mut parts = Vec::with_capacity(items.len());
                for item in items {
                    match item.value {
                        Value::Map(sub) => parts.push(sub),
                        _ => return Err(not_mapping(item.span)),
                    }
                }
                for sub in parts.into_iter().rev() {
                    merged.extend(sub);
                }
            }
            _ => return Err(not_mapping(m.span)),
        }
    }
    merged.extend(entries);
    Ok(merged)
}

pub(super) fn check_pairs(items: &[Node]) -> Result<(), Error> {
    for item in items {
        if item.as_map().is_none_or(|m| m.len() != 1) {
            return Err(syntax(
                "an `!!omap` / `!!pairs` item must be a mapping with one entry",
                item.span,
            ));
        }
    }
    Ok(())
}

pub(super) fn check_set(entries: &[Entry]) -> Result<(), Error> {
    for e in entries {
        if e.key.key_text().is_none() {
            return Err(syntax("a `!!set` item must be a scalar", e.key.span));
        }
    }
    Ok(())
}
