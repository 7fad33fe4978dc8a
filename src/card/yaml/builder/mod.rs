//! Events → [`Node`] tree, with an explicit stack (no recursion) and hard limits.
//!
//! The events come from saphyr-parser, a YAML 1.2 parser; the tree is what PyYAML's `safe_load`
//! (YAML 1.1, what `huggingface_hub` uses) builds, and cardgen accepts exactly what PyYAML
//! accepts (checked on the Hub corpus by `tests/hf_interop.rs` and against PyYAML itself by
//! `tests/hf_interop_live.rs`). Besides resolving scalars the PyYAML way ([`resolve`]), the
//! builder closes the gaps between the two scanners in three ways:
//!
//! - saphyr reads an adjusted copy of the text ([`Input`]): PyYAML's extra line breaks, a
//!   byte-order mark inside the text, a final line break; and, when saphyr fails or ends a token
//!   elsewhere than PyYAML, a patched copy (indentation PyYAML does not check, comments glued to
//!   the previous token, alias and anchor names glued to `:`, `?` starting a key in a flow
//!   collection), parsed again;
//! - PyYAML's stricter rules are checked on the original text ([`pyyaml`]): tabs, anchor and
//!   tag characters, duplicate anchors, block scalar headers, directives, a leading `...`;
//! - where saphyr accepts what PyYAML reads differently, the builder makes PyYAML's choice:
//!   `?` inside plain scalars in flow collections and keys on two lines there, keys left empty,
//!   top-level block scalars at column 0, block scalars cut off by the end of the text,
//!   aliases to an enclosing collection used as keys or merged, and tagged scalars built by
//!   PyYAML's constructors (`!!int`, `!!float`, `!!timestamp`, `!!binary`, `!`).

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span as YSpan, Tag};

use super::input::{Input, BOM_STANDIN, MAX_PATCHES};
use super::node::{Entry, Node, Value};
use super::pyyaml::{self, Issue, ScalarExtent};
use super::resolve::{self, Resolved};
use super::seen::Seen;
use super::{Document, Error, ErrorKind, Limits, Note};
use crate::finding::Span;

mod checks;
mod construct;

use checks::{check_flow_plain, unclosed_bracket};
use construct::{
    apply_merges, check_pairs, check_set, core_name, is_non_specific, plain_str, tagged_scalar,
    unknown_tag,
};

/// Parse the YAML in `text[yaml.start..yaml.end]`. Spans in the result are offsets into `text`.
///
/// Tries the [`fast`](super::fast) path first; `full` skips it (for tests that compare the two).
pub fn parse_with(text: &str, yaml: Span, limits: &Limits, full: bool) -> Result<Document, Error> {
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
    if !full {
        if let Some(doc) = super::fast::parse(src, yaml.start, limits) {
            return Ok(doc);
        }
    }
    check_printable(src, yaml.start)?;
    pyyaml::check_prologue(src, yaml.start)?;
    let mut input = Input::new(src);
    let mut patches = 0;
    let mut split = Vec::new();
    let b = loop {
        let mut b = Builder::new(&input, src, yaml.start, limits);
        let failure = match b.run() {
            Ok(()) => match pyyaml::check_tokens(src, yaml.start, &b.scalars, &split) {
                Ok(()) => break b,
                Err(Issue::Error(e)) => return Err(e),
                Err(Issue::SplitAt(at)) => Failure::Split(at),
            },
            Err(f) => f,
        };
        // Where saphyr scans differently from PyYAML, adjust its text and parse again.
        let retry = patches < MAX_PATCHES
            && match &failure {
                Failure::Split(at) => {
                    split.push(*at);
                    input.insert_space_at_source(*at)
                }
                Failure::Scan { message, at, flow } => input.patch(message, *at, *flow),
                Failure::Error(_) => false,
            };
        if retry {
            patches += 1;
            continue;
        }
        return Err(match failure {
            Failure::Error(e) => e,
            Failure::Split(at) => syntax(
                "PyYAML (huggingface_hub) reads this differently; put a space here",
                Span::empty(yaml.start + at),
            ),
            Failure::Scan { message, at, .. } => {
                let at = yaml.start + input.at(at);
                syntax(message, Span::new(at, at))
            }
        });
    };
    Ok(Document {
        root: b
            .root
            .unwrap_or_else(|| Node::new(Value::Null, Span::empty(yaml.start))),
        notes: b.notes,
    })
}

/// PyYAML's reader rejects these before parsing (`NON_PRINTABLE` in reader.py).
///
/// Walks bytes: an ASCII byte is a whole character, allowed when it is a tab, a line break or
/// `' '..='~'` (the only ASCII characters in the allowed set), so only non-ASCII sequences are
/// decoded. Same first offending character, hence the same error, as checking every `char`.
fn check_printable(src: &str, base: usize) -> Result<(), Error> {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}')
            || ('\u{A0}'..='\u{D7FF}').contains(&c)
            || ('\u{E000}'..='\u{FFFD}').contains(&c)
            || c >= '\u{10000}'
    };
    let bytes = src.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let c = if b.is_ascii() {
            if matches!(b, b' '..=b'~' | b'\n' | b'\t' | b'\r') {
                i += 1;
                continue;
            }
            char::from(b)
        } else {
            let c = pyyaml::char_at(src, i);
            if allowed(c) {
                i += c.len_utf8();
                continue;
            }
            c
        };
        return Err(Error {
            kind: ErrorKind::Syntax,
            message: format!(
                "control character U+{:04X} is not allowed in YAML",
                u32::from(c)
            ),
            span: Span::new(base + i, base + i + c.len_utf8()),
        });
    }
    Ok(())
}

/// Why a parse stopped.
enum Failure {
    /// saphyr's scanner or parser refused the text at this character of [`Input::text`];
    /// `flow` is where the innermost open `[` or `{` is (a character of [`Input::text`]).
    Scan {
        message: String,
        at: usize,
        flow: Option<usize>,
    },
    /// PyYAML ends a token at this source offset where saphyr did not: parse again with a space
    /// inserted there.
    Split(usize),
    Error(Error),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Error(e)
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
        flow: bool,
    },
    Map {
        entries: Vec<Entry>,
        pending: Option<(Node, bool)>,
        merges: Vec<Node>,
        seen: Seen,
        start: usize,
        anchor: usize,
        kind: CollKind,
        flow: bool,
    },
}

impl Frame {
    /// Inside `[...]` or `{...}`.
    fn flow(&self) -> bool {
        match self {
            Frame::Seq { flow, .. } | Frame::Map { flow, .. } => *flow,
        }
    }
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
    input: &'a Input,
    /// The front matter text (the original, not [`Input::text`]).
    src: &'a str,
    /// Offset of `src` in the card.
    base: usize,
    limits: &'a Limits,
    /// Every scalar's extent, for the checks in [`pyyaml::check_tokens`].
    scalars: Vec<ScalarExtent>,
    /// For each open collection, its own `[` / `{` if it has one (a character of
    /// [`Input::text`]).
    brackets: Vec<Option<usize>>,
    /// Where the last event ended (a character of [`Input::text`]).
    last_end: usize,
    /// Set when the source must be parsed again with a space at this source offset.
    split: Option<usize>,
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
    fn new(input: &'a Input, src: &'a str, base: usize, limits: &'a Limits) -> Self {
        Builder {
            parser: Parser::new_from_str(&input.text),
            input,
            src,
            base,
            limits,
            scalars: Vec::new(),
            brackets: Vec::new(),
            last_end: 0,
            split: None,
            stack: Vec::new(),
            counts: Vec::new(),
            anchors: HashMap::new(),
            nodes: 0,
            root: None,
            notes: Vec::new(),
            documents: 0,
        }
    }

    /// Card offsets of a saphyr span.
    fn span(&self, s: &YSpan) -> Span {
        Span::new(
            self.base + self.input.at(s.start.index()),
            self.base + self.input.at(s.end.index()),
        )
    }

    fn run(&mut self) -> Result<(), Failure> {
        while let Some(ev) = self.parser.next_event() {
            let (event, yspan) = match ev {
                Ok(ev) => ev,
                Err(e) => {
                    let at = e.marker().index();
                    let flow = self
                        .brackets
                        .iter()
                        .rev()
                        .flatten()
                        .next()
                        .copied()
                        .or_else(|| unclosed_bracket(&self.input.text, self.last_end, at));
                    return Err(Failure::Scan {
                        message: e.info().to_owned(),
                        at,
                        flow,
                    });
                }
            };
            self.last_end = yspan.end.index();
            let span = self.span(&yspan);
            match event {
                Event::DocumentStart(_) => {
                    self.documents += 1;
                    if self.documents > 1 {
                        return Err(syntax(
                            "expected a single YAML document, but found another one",
                            span,
                        )
                        .into());
                    }
                }
                Event::Scalar(value, style, anchor, tag) => {
                    let built = self.scalar(&value, style, anchor, tag.as_deref(), span);
                    if let Some(at) = self.split.take() {
                        return Err(Failure::Split(at));
                    }
                    let (node, is_merge) = built?;
                    self.finish(node, anchor, 1, is_merge)?;
                }
                Event::Alias(id) => self.alias(id, span)?,
                Event::SequenceStart(anchor, tag) => {
                    self.start_collection(false, anchor, tag.as_deref(), span, &yspan)?;
                }
                Event::MappingStart(anchor, tag) => {
                    self.start_collection(true, anchor, tag.as_deref(), span, &yspan)?;
                }
                Event::SequenceEnd | Event::MappingEnd => self.close(span)?,
                Event::StreamEnd => break,
                Event::StreamStart | Event::DocumentEnd | Event::Nothing => {}
            }
        }
        Ok(())
    }

    /// The `[` or `{` that opens a flow collection starting at `span` (after its properties),
    /// as a character of [`Input::text`]; `None` for a block collection.
    fn own_bracket(&self, span: Span, yspan: &YSpan) -> Option<usize> {
        let rel = Span::new(span.start - self.base, span.end - self.base);
        let at = pyyaml::value_start(self.src, rel);
        matches!(self.src.as_bytes().get(at), Some(b'[' | b'{'))
            .then(|| yspan.start.index() + self.src[rel.start..at].chars().count())
    }

    /// A sequence or mapping starts: check its tag, note whether it is in flow style (its own
    /// bracket or a flow parent), and push its frame.
    fn start_collection(
        &mut self,
        mapping: bool,
        anchor: usize,
        tag: Option<&Tag>,
        span: Span,
        yspan: &YSpan,
    ) -> Result<(), Error> {
        let kind = self.coll_kind(tag, mapping, span)?;
        let bracket = self.own_bracket(span, yspan);
        let flow = bracket.is_some() || self.stack.last().is_some_and(Frame::flow);
        self.brackets.push(bracket);
        let start = span.start;
        let frame = if mapping {
            Frame::Map {
                entries: Vec::new(),
                pending: None,
                merges: Vec::new(),
                seen: Seen::default(),
                start,
                anchor,
                kind,
                flow,
            }
        } else {
            Frame::Seq {
                items: Vec::new(),
                start,
                anchor,
                kind,
                flow,
            }
        };
        self.open(frame, anchor, span)
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
        self.brackets.pop();
        let count = self.counts.pop().unwrap_or(0) + 1;
        let (value, start, anchor, end) = match frame {
            Frame::Seq {
                items,
                start,
                anchor,
                kind,
                ..
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
                let merge_list = self.in_merge_list();
                let own_merge_list = merge_list
                    && matches!(
                        self.stack.iter().rev().nth(1),
                        Some(Frame::Map { anchor, .. }) if *anchor == id
                    );
                match self.stack.last_mut() {
                    // `<<: *x` inside x's own mapping: PyYAML merges the entries x has, which
                    // changes nothing. Inside a mapping nested in x: a recursive value.
                    Some(Frame::Map {
                        pending: pending @ Some((_, true)),
                        anchor,
                        ..
                    }) => {
                        *pending = None;
                        if *anchor != id {
                            self.notes.push(Note::RecursiveAlias { span });
                        }
                        return Ok(());
                    }
                    // `<<: [*x, ...]`: the same, item by item.
                    Some(Frame::Seq { .. }) if merge_list => {
                        if !own_merge_list {
                            self.notes.push(Note::RecursiveAlias { span });
                        }
                        return Ok(());
                    }
                    // PyYAML builds a list or dict here, which cannot be a key.
                    Some(Frame::Map { pending: None, .. }) => {
                        return Err(syntax(
                            "this alias is used as a key but refers to a collection it is \
                             inside; PyYAML (huggingface_hub) cannot use that as a key",
                            span,
                        ))
                    }
                    _ => {}
                }
                self.notes.push(Note::RecursiveAlias { span });
                self.finish(Node::new(Value::Null, span), 0, 1, false)
            }
            None => Err(syntax("found undefined alias", span)),
        }
    }

    /// Whether the open sequence is the value of a `<<` merge key.
    fn in_merge_list(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::Seq { .. }))
            && matches!(
                self.stack.iter().rev().nth(1),
                Some(Frame::Map {
                    pending: Some((_, true)),
                    ..
                })
            )
    }

    fn attach(&mut self, node: Node, is_merge: bool) -> Result<(), Error> {
        if matches!(
            self.stack.last(),
            Some(Frame::Map {
                pending: None,
                flow: true,
                ..
            })
        ) {
            self.check_flow_key(&node)?;
        }
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
                    if let Some(first) = seen.previous(entries, &key) {
                        self.notes.push(Note::DuplicateKey {
                            key: key.key_text().unwrap_or_default().into_owned(),
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
        raw: &str,
        style: ScalarStyle,
        anchor: usize,
        tag: Option<&Tag>,
        span: Span,
    ) -> Result<(Node, bool), Error> {
        use std::borrow::Cow;
        let rel = Span::new(span.start - self.base, span.end - self.base);
        let block = matches!(style, ScalarStyle::Literal | ScalarStyle::Folded);
        // Only the text (`has_standin`) or an escape (`"\uFFFF"`) can put the stand-in there.
        let standin = self.input.has_standin || style == ScalarStyle::DoubleQuoted;
        let mut text = if standin && raw.contains(BOM_STANDIN) {
            Cow::Owned(raw.replace(BOM_STANDIN, "\u{FEFF}"))
        } else {
            Cow::Borrowed(raw)
        };
        let content = if block {
            self.block_content(rel, &text)
        } else {
            None
        };
        let indent = content.map(|(_, n)| n);
        self.scalars.push(ScalarExtent {
            // saphyr can give an empty plain scalar the span of what follows it (`{a: }`).
            span: if style == ScalarStyle::Plain && raw.is_empty() {
                Span::empty(rel.start)
            } else {
                rel
            },
            style,
            block: content,
        });
        if block && self.stack.is_empty() && self.check_root_block(content, span)? {
            text = Cow::Borrowed("");
        } else if block && self.input.appended_break && rel.end == self.src.len() {
            text = Cow::Owned(self.block_at_end(&text, indent));
        }
        let in_key = matches!(self.stack.last(), Some(Frame::Map { pending: None, .. }));
        if style == ScalarStyle::Plain {
            if let Some(c @ ('|' | '>' | '%' | '@' | '`')) = text.chars().next() {
                return Err(syntax(
                    format!(
                        "PyYAML (huggingface_hub) cannot read a value starting with `{c}` \
                         unquoted; quote it"
                    ),
                    span,
                ));
            }
            if self.stack.last().is_some_and(Frame::flow) {
                if text.starts_with('?') {
                    // PyYAML reads `?` in a flow collection as a key indicator whatever follows
                    // (`[?x]` is `[{x: null}]`): parse again with a space after it.
                    let value = pyyaml::value_start(self.src, rel);
                    self.split = Some(value + 1);
                    return Err(syntax("`?` starts a key here", span));
                }
                check_flow_plain(&text, span)?;
            }
        }
        if in_key
            && style == ScalarStyle::Plain
            && text.is_empty()
            && tag.is_none()
            && anchor == 0
            && span.is_empty()
            && !self.after_question_mark(rel.start)
        {
            return Err(syntax(
                "a mapping entry without a key (nothing before the `:`); PyYAML (huggingface_hub) \
                 cannot read it",
                span,
            ));
        }
        let (value, is_merge) = match tag {
            Some(tag) if !is_non_specific(tag) => (
                tagged_scalar(&text, tag).map_err(|m| syntax(m, span))?,
                false,
            ),
            // `!` asks for the implicit resolution, whatever the style: `! '12'` is 12.
            Some(_) => self.implicit(resolve::resolve_implicit(&text), &text, span, in_key)?,
            None if style != ScalarStyle::Plain => (plain_str(&text), false),
            None => {
                let (resolved, ambiguity) = resolve::resolve_plain_noted(&text);
                if let Some(ambiguity) = ambiguity {
                    self.notes.push(Note::Ambiguous { span, ambiguity });
                }
                self.implicit(resolved, &text, span, in_key)?
            }
        };
        Ok((Node::new(value, span), is_merge))
    }

    /// Turn an implicit resolution into a value (and whether it is the merge key `<<`).
    fn implicit(
        &self,
        resolved: Resolved,
        text: &str,
        span: Span,
        in_key: bool,
    ) -> Result<(Value, bool), Error> {
        match resolved {
            Resolved::Value(v) => Ok((v, false)),
            Resolved::Merge => Ok((plain_str(text), true)),
            // PyYAML's `flatten_mapping` turns a `=` key into a string.
            Resolved::ValueTag if in_key => Ok((plain_str(text), false)),
            Resolved::ValueTag => Err(syntax(
                "a bare `=` is a YAML 1.1 value key that PyYAML cannot load; quote it",
                span,
            )),
            Resolved::Invalid(m) => Err(syntax(m, span)),
        }
    }

    fn coll_kind(&self, tag: Option<&Tag>, mapping: bool, span: Span) -> Result<CollKind, Error> {
        let Some(tag) = tag else {
            return Ok(CollKind::Normal);
        };
        if is_non_specific(tag) {
            return Ok(CollKind::Normal);
        }
        let core = core_name(tag);
        match (core.as_deref(), mapping) {
            (Some("map"), true) | (Some("seq"), false) => Ok(CollKind::Normal),
            (Some("set"), true) => Ok(CollKind::Set),
            (Some("omap" | "pairs"), false) => Ok(CollKind::Pairs),
            _ => Err(syntax(unknown_tag(tag), span)),
        }
    }
}
