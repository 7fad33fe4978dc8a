//! CG0xx: reading the card — encoding, front matter, YAML.

use crate::card::yaml::{ErrorKind, Note, Value};
use crate::card::Metadata;
use crate::finding::{Finding, Span};
use crate::rules::declare_rule;
use crate::rules::Context;

declare_rule! {
    /// The card is not UTF-8 text.
    ///
    /// ## What it checks
    /// That the file decodes as UTF-8 (a UTF-8 byte-order mark is allowed and skipped). UTF-16
    /// and UTF-32 files and files with invalid bytes are reported once, with the encoding named.
    ///
    /// ## Why
    /// The Hub and `huggingface_hub` read `README.md` as UTF-8. A UTF-16 card (what some Windows
    /// editors save) shows as garbage on the Hub and its metadata is ignored.
    ///
    /// ## Fix
    /// Re-save the file as UTF-8, e.g. `iconv -f UTF-16 -t UTF-8 README.md > README.utf8.md`.
    pub const FILE_ENCODING = {
        code: "CG001",
        name: "file-encoding",
        severity: Error,
        check: check_encoding,
    }
}

fn check_encoding(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    if let Some(e) = &ctx.encoding_error {
        out.push(
            FILE_ENCODING
                .finding(e.message())
                .help("re-save the file as UTF-8 (without a BOM)"),
        );
    }
}

declare_rule! {
    /// The card has no YAML front matter.
    ///
    /// ## What it checks
    /// That `README.md` starts with a metadata block, found with the Hub's own rule: optional
    /// blank lines, a `---` line, YAML, and a closing `---` line.
    ///
    /// ## Why
    /// Without front matter the Hub knows no license, base model, datasets, task or library: the
    /// model cannot be found by filters, and the Hub warns about missing metadata.
    ///
    /// ## Example
    /// Bad:
    /// ```markdown
    /// # My model
    /// ```
    /// Good:
    /// ```markdown
    /// ---
    /// license: apache-2.0
    /// ---
    /// # My model
    /// ```
    pub const FRONT_MATTER_MISSING = {
        code: "CG002",
        name: "front-matter-missing",
        severity: Error,
        check: check_missing,
    }
}

fn check_missing(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    if ctx.encoding_error.is_some() || ctx.front_matter.is_some() || ctx.unclosed_front_matter {
        return;
    }
    let first_line_end = ctx.lines().line_start(2).min(ctx.text.len());
    let first = Span::new(0, trim_line_end(ctx.text, first_line_end));
    let mut f = FRONT_MATTER_MISSING
        .finding("the card has no YAML front matter, so the Hub sees no metadata")
        .help("start the file with a `---` line, the metadata (e.g. `license: apache-2.0`), and another `---` line");
    if !ctx.text.is_empty() {
        f = f.at(first).label("the Hub expects `---` here");
    }
    out.push(f);
}

fn trim_line_end(text: &str, end: usize) -> usize {
    text[..end].trim_end_matches(['\r', '\n']).len()
}

declare_rule! {
    /// The front matter opens with `---` but is never closed.
    ///
    /// ## What it checks
    /// A card whose first line is `---` needs a closing `---` line (it may carry trailing spaces
    /// or end the file). Without one the Hub treats the whole file as Markdown.
    ///
    /// ## Why
    /// The metadata is silently ignored, and the YAML shows up as text on the model page.
    ///
    /// ## Example
    /// Bad:
    /// ```markdown
    /// ---
    /// license: mit
    /// # My model
    /// ```
    /// Good: add a `---` line after `license: mit`.
    pub const FRONT_MATTER_UNCLOSED = {
        code: "CG003",
        name: "front-matter-unclosed",
        severity: Error,
        check: check_unclosed,
    }
}

fn check_unclosed(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    if !ctx.unclosed_front_matter {
        return;
    }
    let start = ctx.text.len()
        - ctx
            .text
            .trim_start_matches(crate::card::frontmatter::is_py_space)
            .len();
    out.push(
        FRONT_MATTER_UNCLOSED
            .finding("the front matter opens with `---` but has no closing `---` line, so the Hub shows it as text")
            .at(Span::new(start, start + 3))
            .label("opened here")
            .help("add a line with just `---` after the last metadata line"),
    );
}

declare_rule! {
    /// The front matter is not valid YAML.
    ///
    /// ## What it checks
    /// That the YAML between the `---` lines parses the way `huggingface_hub` (PyYAML
    /// `safe_load`) parses it. The finding points at the line and column of the error.
    ///
    /// ## Why
    /// The Hub rejects a push whose metadata does not parse, and `huggingface_hub.ModelCard`
    /// raises on it.
    ///
    /// ## Example
    /// Bad:
    /// ```yaml
    /// tags: [a, b
    /// ```
    /// Good:
    /// ```yaml
    /// tags: [a, b]
    /// ```
    pub const YAML_SYNTAX = {
        code: "CG004",
        name: "yaml-syntax",
        severity: Error,
        check: check_syntax,
    }
}

fn check_syntax(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    if let Metadata::Invalid(e) = &ctx.metadata {
        if e.kind == ErrorKind::Syntax {
            out.push(
                YAML_SYNTAX
                    .finding(format!("invalid YAML in the front matter: {}", e.message))
                    .at(e.span)
                    .label(e.message.clone())
                    .help("fix the YAML; quoting values that contain `:`, `#`, `{` or `[` often helps"),
            );
        }
    }
}

declare_rule! {
    /// The front matter is YAML, but not a mapping of keys to values.
    ///
    /// ## What it checks
    /// That the metadata is a mapping (`key: value` lines), as the Hub requires. An empty block
    /// is fine (it means no metadata).
    ///
    /// ## Why
    /// `huggingface_hub` raises "repo card metadata block should be a dict" and the Hub ignores it.
    ///
    /// ## Example
    /// Bad:
    /// ```yaml
    /// - license: mit
    /// ```
    /// Good:
    /// ```yaml
    /// license: mit
    /// ```
    pub const FRONT_MATTER_NOT_MAPPING = {
        code: "CG005",
        name: "front-matter-not-mapping",
        severity: Error,
        check: check_not_mapping,
    }
}

fn check_not_mapping(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(doc) = ctx.document() else { return };
    let what = match doc.root.value {
        Value::Map(_) | Value::Null => return,
        Value::Seq(_) => "a list",
        Value::Str(..) => "a string",
        Value::Bool(_) => "a boolean",
        Value::Int(_) | Value::Float(_) => "a number",
    };
    out.push(
        FRONT_MATTER_NOT_MAPPING
            .finding(format!(
                "the front matter is {what}, not a mapping of metadata keys"
            ))
            .at(doc.root.span)
            .label(format!("this is {what}"))
            .help("write the metadata as `key: value` lines, e.g. `license: apache-2.0`"),
    );
}

declare_rule! {
    /// The front matter is too large, too deep, or expands too much.
    ///
    /// ## What it checks
    /// cardgen bounds the work hostile YAML can cause: front matter size (1 MiB), nesting depth
    /// (64 levels) and the number of nodes including everything aliases repeat (250,000). A
    /// "billion laughs" alias bomb stops here instead of eating memory.
    ///
    /// ## Why
    /// No real model card comes near these limits; a file that does is broken or hostile.
    pub const YAML_LIMIT = {
        code: "CG006",
        name: "yaml-limit",
        severity: Error,
        check: check_limit,
    }
}

fn check_limit(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    if let Metadata::Invalid(e) = &ctx.metadata {
        if e.kind == ErrorKind::Limit {
            out.push(
                YAML_LIMIT
                    .finding(e.message.clone())
                    .at(e.span)
                    .label("limit reached here")
                    .help(
                        "simplify the front matter; real model cards stay far below these limits",
                    ),
            );
        }
    }
}

declare_rule! {
    /// A key appears twice in the same mapping.
    ///
    /// ## What it checks
    /// Duplicate keys anywhere in the front matter.
    ///
    /// ## Why
    /// YAML forbids them, and parsers disagree on which value wins: PyYAML keeps the last one,
    /// others keep the first or refuse the file. What the Hub shows may not be what you meant.
    ///
    /// ## Example
    /// Bad:
    /// ```yaml
    /// license: mit
    /// license: apache-2.0
    /// ```
    /// Good: keep one `license` line.
    pub const DUPLICATE_KEY = {
        code: "CG007",
        name: "duplicate-key",
        severity: Error,
        check: check_duplicates,
    }
}

fn check_duplicates(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(doc) = ctx.document() else { return };
    for note in &doc.notes {
        if let Note::DuplicateKey { key, first, second } = note {
            let (line, _) = ctx.line_col(first.start);
            out.push(
                DUPLICATE_KEY
                    .finding(format!("duplicate key `{key}` (first defined on line {line})"))
                    .at(*second)
                    .label("duplicate key")
                    .help("remove one of the two entries; PyYAML keeps the last, other parsers the first"),
            );
        }
    }
}

declare_rule! {
    /// A value means different things in YAML 1.1 and YAML 1.2.
    ///
    /// ## What it checks
    /// Unquoted values such as `yes`, `no`, `on`, `off` (booleans in YAML 1.1, strings in 1.2),
    /// `0777` (octal 511 in 1.1), `1_000`, `1:20` (sexagesimal 80), `2024-01-01` (a date in 1.1)
    /// and `1e5` (a string in 1.1, a number in 1.2). cardgen reads them as PyYAML does, since that
    /// is what `huggingface_hub` uses, and warns that other tools may not.
    ///
    /// ## Why
    /// `language: no` (Norwegian) becomes `false`; a version `1.10` becomes `1.1`.
    ///
    /// ## Example
    /// Bad: `language: no` — Good: `language: "no"`
    pub const AMBIGUOUS_VALUE = {
        code: "CG008",
        name: "ambiguous-value",
        severity: Warning,
        check: check_ambiguous,
    }
}

fn check_ambiguous(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(doc) = ctx.document() else { return };
    for note in &doc.notes {
        if let Note::Ambiguous { span, ambiguity: a } = note {
            out.push(
                AMBIGUOUS_VALUE
                    .finding(format!(
                        "`{}` is read as a {} by huggingface_hub (YAML 1.1) but as a {} by YAML 1.2 tools",
                        a.text, a.yaml11, a.yaml12
                    ))
                    .at(*span)
                    .label(format!("YAML 1.1: {}, YAML 1.2: {}", a.yaml11, a.yaml12))
                    .help(format!("quote it (`\"{}\"`) if you mean a string", a.text)),
            );
        }
    }
}

declare_rule! {
    /// An alias refers to the node that contains it.
    ///
    /// ## What it checks
    /// YAML like `a: &x [*x]`, which describes an infinitely deep value. cardgen reads the alias
    /// as null; `huggingface_hub` builds a recursive object that it cannot write back.
    ///
    /// ## Why
    /// No model card needs recursion; it is a mistake or an attack.
    pub const RECURSIVE_ALIAS = {
        code: "CG009",
        name: "recursive-alias",
        severity: Error,
        check: check_recursive,
    }
}

fn check_recursive(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(doc) = ctx.document() else { return };
    for note in &doc.notes {
        if let Note::RecursiveAlias { span } = note {
            out.push(
                RECURSIVE_ALIAS
                    .finding("this alias refers to a node that contains it")
                    .at(*span)
                    .label("recursive alias")
                    .help("replace the alias with the value it should repeat"),
            );
        }
    }
}

declare_rule! {
    /// The card file is larger than the card size limit.
    ///
    /// ## What it checks
    /// That the file is no larger than the limit: 16 MiB unless raised with `[limits]
    /// max-card-size` in `cardgen.toml` or the `CARDGEN_MAX_CARD_SIZE` environment variable
    /// (e.g. `64M`). A larger file is not read past the limit and not parsed; this is its only
    /// finding.
    ///
    /// ## Why
    /// The largest of 2,009 real model cards is under 1 MB. A card of many megabytes is a
    /// generated log, a pasted dataset or a hostile file, and parsing it costs time and memory.
    ///
    /// ## Fix
    /// Move bulk content (tables, logs, samples) into separate files in the repository and link
    /// to them from the card.
    pub const CARD_TOO_LARGE = {
        code: "CG010",
        name: "card-too-large",
        severity: Error,
        check: check_size,
    }
}

/// The finding for a card of `size` bytes (or more, when reading stopped at the limit).
pub fn card_too_large(size: usize, limit: usize) -> Finding {
    let shown = if size > limit {
        format!("more than {}", human_size(limit))
    } else {
        human_size(size)
    };
    CARD_TOO_LARGE
        .finding(format!(
            "the card is {shown}, over the {} limit; it was not checked",
            human_size(limit)
        ))
        .help("move bulk content into separate files, or raise the limit with `[limits] max-card-size` or CARDGEN_MAX_CARD_SIZE")
}

fn human_size(n: usize) -> String {
    if n >= 1 << 20 && n.is_multiple_of(1 << 20) {
        format!("{} MiB", n >> 20)
    } else if n >= 1 << 10 && n.is_multiple_of(1 << 10) {
        format!("{} KiB", n >> 10)
    } else {
        format!("{n} bytes")
    }
}

fn check_size(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let limit = ctx.settings.limits.max_card_size;
    if ctx.text.len() > limit {
        out.push(card_too_large(ctx.text.len() + 1, limit));
    }
}
