//! Completion in the front matter: the metadata keys of the schema, and the values of `license`,
//! `pipeline_tag`, `library_name` and `language` from the Hub's vocabularies.

use std::collections::HashSet;

use cardgen::schema::{self, vocab::Vocab};
use ls_types::{
    CompletionItem, CompletionItemKind, CompletionList, CompletionTextEdit, Documentation,
    MarkupContent, MarkupKind, TextEdit,
};

use super::document::Document;
use super::position::Encoding;
use super::spot::{spot, Spot};

/// Most values sent for one request; the list is marked incomplete beyond, so that the editor
/// asks again as more is typed (the language vocabulary has 8,100 codes).
const MAX_ITEMS: usize = 200;

/// The vocabulary whose values a key takes.
pub fn vocab_of(key: &str) -> Option<&'static Vocab> {
    let name = match key {
        "license" => "licenses",
        "pipeline_tag" => "pipeline_tags",
        "library_name" => "library_names",
        "language" => "languages",
        _ => return None,
    };
    Some(schema::schema().vocab(name))
}

/// The items for the position at byte `offset` of the document's text.
pub fn complete(doc: &Document, offset: usize, encoding: Encoding) -> Option<CompletionList> {
    let base = doc.base();
    let text = doc.card_text();
    let at = offset.checked_sub(base)?;
    let edit_range = |start: usize| doc.lines.range(&doc.text, base + start, offset, encoding);
    match spot(text, at)? {
        Spot::Key {
            text: key,
            start,
            colon,
            ..
        } => Some(keys(text, key, colon, edit_range(start))),
        Spot::Value { key, start, .. } => values(key, &text[start..at], edit_range(start)),
    }
}

fn keys(text: &str, current: &str, colon: bool, range: ls_types::Range) -> CompletionList {
    let present = present_keys(text);
    let schema = schema::schema();
    let items = schema
        .known_keys()
        .iter()
        .filter(|k| **k == current || !present.contains(**k))
        .map(|key| {
            let new_text = if colon {
                (*key).to_owned()
            } else {
                format!("{key}: ")
            };
            CompletionItem {
                label: (*key).to_owned(),
                kind: Some(CompletionItemKind::PROPERTY),
                detail: schema::accepts(key),
                documentation: schema.description(key).map(markdown),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(range, new_text))),
                ..CompletionItem::default()
            }
        })
        .collect();
    CompletionList {
        is_incomplete: false,
        items,
    }
}

/// The top-level keys written at the left margin of the front matter.
fn present_keys(text: &str) -> HashSet<&str> {
    let Some(fm) = cardgen::card::frontmatter::find(text) else {
        return HashSet::new();
    };
    text[fm.yaml.start..fm.yaml.end]
        .lines()
        .filter(|l| !l.starts_with([' ', '\t', '-', '#']))
        .filter_map(|l| l.split_once(':').map(|(k, _)| k.trim()))
        .collect()
}

fn values(key: &str, typed: &str, range: ls_types::Range) -> Option<CompletionList> {
    let vocab = vocab_of(key)?;
    let wanted = typed.to_lowercase();
    let matches = |value: &str, description: Option<&str>| {
        value.to_lowercase().starts_with(&wanted)
            || description.is_some_and(|d| d.to_lowercase().starts_with(&wanted))
    };
    // Values with a description (the two-letter language codes) first, then the rest.
    let ranked = [true, false].into_iter().flat_map(|described| {
        vocab
            .values()
            .map(|v| (v, vocab.description(v)))
            .filter(move |(_, d)| d.is_some() == described)
    });
    let mut items = Vec::new();
    let mut truncated = false;
    for (rank, (value, description)) in ranked.filter(|(v, d)| matches(v, *d)).enumerate() {
        if rank == MAX_ITEMS {
            truncated = true;
            break;
        }
        items.push(CompletionItem {
            label: value.to_owned(),
            kind: Some(CompletionItemKind::ENUM_MEMBER),
            detail: Some(description.unwrap_or(key).to_owned()),
            sort_text: Some(format!("{rank:05}")),
            filter_text: description.map(|d| format!("{value} {d}")),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                range,
                value.to_owned(),
            ))),
            ..CompletionItem::default()
        });
    }
    Some(CompletionList {
        is_incomplete: truncated,
        items,
    })
}

fn markdown(text: &str) -> Documentation {
    Documentation::MarkupContent(MarkupContent {
        kind: MarkupKind::Markdown,
        value: text.to_owned(),
    })
}
