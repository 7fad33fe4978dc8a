//! Events → [`Node`] tree, with an explicit stack (no recursion) and hard limits.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span as YSpan, Tag};

use super::node::{Entry, Node, StrKind, Value};
use super::resolve::{self, Resolved};
use super::{Document, Error, ErrorKind, Limits, Note};
use crate::finding::Span;

/// Parse the YAML in `text[yaml.start..yaml.end]`. Spans in the result are offsets into `text`.
pub fn parse(text: &str, yaml: Span, limits: &Limits) -> Result<Document, Error> {
    let src = &text[yaml.start..yaml.end];
    if src.len() > limits.max_bytes {
        return Err(Error {
            kind: ErrorKind::Limit,
            message: format!(
                "the front matter is {} bytes, more than the limit of {} bytes",
                src.len(),
                limits.max_bytes
            ),
            span: Span::empty(yaml.start),
        });
    }
    check_printable(src, yaml.start)?;
    let mut b = Builder::new(src, yaml.start, limits);
    b.run()?;
    Ok(Document {
        root: b
            .root
            .unwrap_or_else(|| Node::new(Value::Null, Span::empty(yaml.start))),
        notes: b.notes,
    })
}

/// PyYAML's reader rejects these before parsing (`NON_PRINTABLE` in reader.py).
fn check_printable(src: &str, base: usize) -> Result<(), Error> {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}')
            || ('\u{A0}'..='\u{D7FF}').contains(&c)
            || ('\u{E000}'..='\u{FFFD}').contains(&c)
            || c >= '\u{10000}'
    };
    match src.char_indices().find(|&(_, c)| !allowed(c)) {
        None => Ok(()),
        Some((i, c)) => Err(Error {
            kind: ErrorKind::Syntax,
            message: format!(
                "control character U+{:04X} is not allowed in YAML",
                u32::from(c)
            ),
            span: Span::new(base + i, base + i + c.len_utf8()),
        }),
    }
}

/// Character index (what saphyr's markers count) → byte offset in the card.
struct Offsets {
    base: usize,
    /// Byte offset of each char; empty when the text is ASCII (index == offset).
    table: Vec<usize>,
    len: usize,
}

impl Offsets {
    fn new(src: &str, base: usize) -> Self {
        let table = if src.is_ascii() {
            Vec::new()
        } else {
            src.char_indices().map(|(i, _)| i).collect()
        };
        Offsets {
            base,
            table,
            len: src.len(),
        }
    }
    fn at(&self, char_index: usize) -> usize {
        let rel = if self.table.is_empty() {
            char_index.min(self.len)
        } else {
            self.table.get(char_index).copied().unwrap_or(self.len)
        };
        self.base + rel
    }
    fn span(&self, s: &YSpan) -> Span {
        Span::new(self.at(s.start.index()), self.at(s.end.index()))
    }
}

enum Anchor {
    InProgress,
    Done { node: Node, count: usize },
}

enum Frame {
    Seq {
        items: Vec<Node>,
        start: usize,
        anchor: usize,
        kind: CollKind,
    },
    Map {
        entries: Vec<Entry>,
        pending: Option<(Node, bool)>,
        merges: Vec<Node>,
        seen: HashMap<String, Span>,
        start: usize,
        anchor: usize,
        kind: CollKind,
    },
}

/// What an explicit tag on a collection asks for.
#[derive(Clone, Copy, PartialEq)]
enum CollKind {
    Normal,
    /// `!!set`: a mapping whose values are all null.
    Set,
    /// `!!omap` / `!!pairs`: a sequence of one-entry mappings.
    Pairs,
}

struct Builder<'a> {
    parser: Parser<'a, saphyr_parser::StrInput<'a>>,
    off: Offsets,
    limits: &'a Limits,
    stack: Vec<Frame>,
    /// Node count of each frame's finished children, to size anchors.
    counts: Vec<usize>,
    anchors: HashMap<usize, Anchor>,
    nodes: usize,
    root: Option<Node>,
    notes: Vec<Note>,
    documents: usize,
}

fn syntax(message: impl Into<String>, span: Span) -> Error {
    Error {
        kind: ErrorKind::Syntax,
        message: message.into(),
        span,
    }
}

impl<'a> Builder<'a> {
    fn new(src: &'a str, base: usize, limits: &'a Limits) -> Self {
        Builder {
            parser: Parser::new_from_str(src),
            off: Offsets::new(src, base),
            limits,
            stack: Vec::new(),
            counts: Vec::new(),
            anchors: HashMap::new(),
            nodes: 0,
            root: None,
            notes: Vec::new(),
            documents: 0,
        }
    }

    fn run(&mut self) -> Result<(), Error> {
        while let Some(ev) = self.parser.next_event() {
            let (event, yspan) = ev.map_err(|e| {
                let at = self.off.at(e.marker().index());
                syntax(e.info().to_owned(), Span::new(at, at))
            })?;
            let span = self.off.span(&yspan);
            match event {
                Event::DocumentStart(_) => {
                    self.documents += 1;
                    if self.documents > 1 {
                        return Err(syntax(
                            "expected a single YAML document, but found another one",
                            span,
                        ));
                    }
                }
                Event::Scalar(value, style, anchor, tag) => {
                    let (node, is_merge) = self.scalar(&value, style, tag.as_deref(), span)?;
                    self.finish(node, anchor, 1, is_merge)?;
                }
                Event::Alias(id) => self.alias(id, span)?,
                Event::SequenceStart(anchor, tag) => {
                    let kind = self.coll_kind(tag.as_deref(), false, span)?;
                    self.open(
                        Frame::Seq {
                            items: Vec::new(),
                            start: span.start,
                            anchor,
                            kind,
                        },
                        anchor,
                        span,
                    )?;
                }
                Event::MappingStart(anchor, tag) => {
                    let kind = self.coll_kind(tag.as_deref(), true, span)?;
                    self.open(
                        Frame::Map {
                            entries: Vec::new(),
                            pending: None,
                            merges: Vec::new(),
                            seen: HashMap::new(),
                            start: span.start,
                            anchor,
                            kind,
                        },
                        anchor,
                        span,
                    )?;
                }
                Event::SequenceEnd | Event::MappingEnd => self.close(span)?,
                Event::StreamEnd => break,
                Event::StreamStart | Event::DocumentEnd | Event::Nothing => {}
            }
        }
        Ok(())
    }

    fn open(&mut self, frame: Frame, anchor: usize, span: Span) -> Result<(), Error> {
        if self.stack.len() >= self.limits.max_depth {
            return Err(Error {
                kind: ErrorKind::Limit,
                message: format!(
                    "the YAML nests deeper than {} levels",
                    self.limits.max_depth
                ),
                span,
            });
        }
        if anchor != 0 {
            self.anchors.insert(anchor, Anchor::InProgress);
        }
        self.stack.push(frame);
        self.counts.push(0);
        Ok(())
    }

    fn close(&mut self, span: Span) -> Result<(), Error> {
        let frame = self.stack.pop().expect("parser balances start/end events");
        let count = self.counts.pop().unwrap_or(0) + 1;
        let (value, start, anchor, end) = match frame {
            Frame::Seq {
                items,
                start,
                anchor,
                kind,
            } => {
                let end = items.last().map_or(span.start, |n| n.span.end);
                if kind == CollKind::Pairs {
                    check_pairs(&items)?;
                }
                (Value::Seq(items), start, anchor, end)
            }
            Frame::Map {
                entries,
                merges,
                start,
                anchor,
                kind,
                ..
            } => {
                let end = entries.last().map_or(span.start, |e| e.value.span.end);
                let entries = apply_merges(entries, merges)?;
                if kind == CollKind::Set {
                    check_set(&entries)?;
                }
                (Value::Map(entries), start, anchor, end)
            }
        };
        let node = Node::new(value, Span::new(start, end.max(start)));
        self.finish(node, anchor, count, false)
    }

    /// A node is complete: register its anchor and hand it to its parent.
    fn finish(
        &mut self,
        node: Node,
        anchor: usize,
        count: usize,
        is_merge: bool,
    ) -> Result<(), Error> {
        self.nodes += 1;
        if self.nodes > self.limits.max_nodes {
            return Err(self.budget_error(node.span));
        }
        if anchor != 0 {
            self.anchors.insert(
                anchor,
                Anchor::Done {
                    node: node.clone(),
                    count,
                },
            );
        }
        if let Some(c) = self.counts.last_mut() {
            *c += count;
        }
        self.attach(node, is_merge)
    }

    fn budget_error(&self, span: Span) -> Error {
        Error {
            kind: ErrorKind::Limit,
            message: format!(
                "the YAML expands to more than {} nodes (aliases count every node they repeat)",
                self.limits.max_nodes
            ),
            span,
        }
    }

    fn alias(&mut self, id: usize, span: Span) -> Result<(), Error> {
        match self.anchors.get(&id) {
            Some(Anchor::Done { node, count }) => {
                let (mut node, count) = (node.clone(), *count);
                self.nodes += count;
                if self.nodes > self.limits.max_nodes {
                    return Err(self.budget_error(span));
                }
                node.span = span;
                if let Some(c) = self.counts.last_mut() {
                    *c += count;
                }
                self.attach(node, false)
            }
            Some(Anchor::InProgress) => {
                self.notes.push(Note::RecursiveAlias { span });
                self.finish(Node::new(Value::Null, span), 0, 1, false)
            }
            None => Err(syntax("found undefined alias", span)),
        }
    }

    fn attach(&mut self, node: Node, is_merge: bool) -> Result<(), Error> {
        let misplaced_merge = || {
            syntax(
                "`<<` (a YAML 1.1 merge key) can only be used as a mapping key",
                node.span,
            )
        };
        let Some(top) = self.stack.last_mut() else {
            if is_merge {
                return Err(misplaced_merge());
            }
            self.root = Some(node);
            return Ok(());
        };
        match top {
            Frame::Seq { items, .. } => {
                if is_merge {
                    return Err(misplaced_merge());
                }
                items.push(node);
            }
            Frame::Map {
                entries,
                pending,
                merges,
                seen,
                ..
            } => match pending.take() {
                None => {
                    if node.key_text().is_none() {
                        return Err(syntax(
                            "a mapping key must be a scalar, not a sequence or mapping",
                            node.span,
                        ));
                    }
                    *pending = Some((node, is_merge));
                }
                Some(_) if is_merge => return Err(misplaced_merge()),
                Some((_, true)) => merges.push(node),
                Some((key, false)) => {
                    let text = key.key_text().map(|k| k.into_owned()).unwrap_or_default();
                    if let Some(first) = seen.insert(text.clone(), key.span) {
                        self.notes.push(Note::DuplicateKey {
                            key: text,
                            first,
                            second: key.span,
                        });
                    }
                    entries.push(Entry { key, value: node });
                }
            },
        }
        Ok(())
    }

    /// Build a scalar node the way PyYAML's `SafeConstructor` would.
    fn scalar(
        &mut self,
        text: &str,
        style: ScalarStyle,
        tag: Option<&Tag>,
        span: Span,
    ) -> Result<(Node, bool), Error> {
        let in_key = matches!(self.stack.last(), Some(Frame::Map { pending: None, .. }));
        let value =
            match tag {
                Some(tag) if !is_non_specific(tag) => {
                    tagged_scalar(text, tag).map_err(|m| syntax(m, span))?
                }
                Some(_) => plain_str(text),
                None if style != ScalarStyle::Plain => plain_str(text),
                None => {
                    let resolved = resolve::resolve_plain(text);
                    if let Some(ambiguity) = resolve::ambiguity(text, &resolved) {
                        self.notes.push(Note::Ambiguous { span, ambiguity });
                    }
                    match resolved {
                        Resolved::Value(v) => v,
                        Resolved::Merge => return Ok((Node::new(plain_str(text), span), true)),
                        Resolved::ValueTag if in_key => plain_str(text),
                        Resolved::ValueTag => return Err(syntax(
                            "a bare `=` is a YAML 1.1 value key that PyYAML cannot load; quote it",
                            span,
                        )),
                        Resolved::Invalid(m) => return Err(syntax(m, span)),
                    }
                }
            };
        Ok((Node::new(value, span), false))
    }

    fn coll_kind(&self, tag: Option<&Tag>, mapping: bool, span: Span) -> Result<CollKind, Error> {
        let Some(tag) = tag else {
            return Ok(CollKind::Normal);
        };
        if is_non_specific(tag) {
            return Ok(CollKind::Normal);
        }
        let core = tag.is_yaml_core_schema().then_some(tag.suffix.as_str());
        match (core, mapping) {
            (Some("map"), true) | (Some("seq"), false) => Ok(CollKind::Normal),
            (Some("set"), true) => Ok(CollKind::Set),
            (Some("omap" | "pairs"), false) => Ok(CollKind::Pairs),
            _ => Err(syntax(unknown_tag(tag), span)),
        }
    }
}

/// The non-specific tag `!`, which PyYAML resolves like no tag (to a string for scalars).
fn is_non_specific(tag: &Tag) -> bool {
    (tag.handle.is_empty() && tag.suffix == "!") || (tag.handle == "!" && tag.suffix.is_empty())
}

fn plain_str(text: &str) -> Value {
    Value::Str(text.to_owned(), StrKind::Plain)
}

fn unknown_tag(tag: &Tag) -> String {
    format!("PyYAML's safe loader has no constructor for the tag `{tag}`")
}

/// A scalar with an explicit tag (`!!str 1`, `!!int "3"`, `!custom x`).
fn tagged_scalar(text: &str, tag: &Tag) -> Result<Value, String> {
    if !tag.is_yaml_core_schema() {
        return Err(unknown_tag(tag));
    }
    let bad = |what: &str| format!("`{text}` is not a valid {what} (tag `{tag}`)");
    Ok(match tag.suffix.as_str() {
        "str" => plain_str(text),
        "null" => Value::Null,
        "bool" => match text.to_ascii_lowercase().as_str() {
            "yes" | "true" | "on" => Value::Bool(true),
            "no" | "false" | "off" => Value::Bool(false),
            _ => return Err(bad("boolean")),
        },
        "int" => match resolve::resolve_plain(text) {
            Resolved::Value(v @ Value::Int(_)) => v,
            Resolved::Value(Value::Str(s, StrKind::BigInt)) => Value::Str(s, StrKind::BigInt),
            _ => return Err(bad("integer")),
        },
        "float" => match resolve::resolve_plain(text) {
            Resolved::Value(Value::Float(f)) => Value::Float(f),
            Resolved::Value(Value::Int(i)) => Value::Float(i as f64),
            _ => return Err(bad("float")),
        },
        "timestamp" => match resolve::resolve_plain(text) {
            Resolved::Value(v @ Value::Str(_, StrKind::Timestamp)) => v,
            Resolved::Invalid(m) => return Err(m),
            _ => return Err(bad("timestamp")),
        },
        "binary" => Value::Str(text.to_owned(), StrKind::Binary),
        _ => return Err(unknown_tag(tag)),
    })
}

/// PyYAML's `flatten_mapping`: merged entries first (so explicit keys win), a sequence of
/// mappings merged so that earlier ones win.
fn apply_merges(entries: Vec<Entry>, merges: Vec<Node>) -> Result<Vec<Entry>, Error> {
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

fn check_pairs(items: &[Node]) -> Result<(), Error> {
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

fn check_set(entries: &[Entry]) -> Result<(), Error> {
    for e in entries {
        if e.key.key_text().is_none() {
            return Err(syntax("a `!!set` item must be a scalar", e.key.span));
        }
    }
    Ok(())
}
