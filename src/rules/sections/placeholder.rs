//! CG203: placeholder text left from a template; also what CG201 calls "only placeholder text".

use std::ops::Range;
use std::sync::{LazyLock, OnceLock};

use regex::Regex;

use crate::card::markdown::Outline;
use crate::finding::{Finding, Span};
use crate::rules::declare_rule;
use crate::rules::Context;

declare_rule! {
    /// Template placeholder text left in the card, such as `[More Information Needed]`.
    ///
    /// ## What it checks
    /// The card's visible text (prose, headings, text inside HTML; not code, math or HTML
    /// comments) for text that templates leave behind: `[More Information Needed]` and "More
    /// information needed" (the `huggingface_hub` and Trainer templates), `[optional]` (template
    /// headings and labels), "Model Card for Model ID" (the template's default title), `TODO`
    /// and `FIXME` (upper case only: "todo" is Spanish and Portuguese for "all"), `TBD`, `TBA`,
    /// "Lorem ipsum", and "Coming soon" when it stands alone as a list item, table cell or
    /// value ("Paper: Coming soon!"; not "a paper is coming soon", nor a roadmap heading).
    /// Words match in lower case, capitalised or upper case. Each occurrence is reported, up
    /// to 20 per card, then one "and N more".
    ///
    /// ## Why
    /// Readers see a card that promises information it does not give. It is a warning, not an
    /// error, because a card with a few placeholders is still usable; CG201 makes it an error
    /// when a required section holds nothing else.
    ///
    /// ## Example
    /// Bad:
    /// ```markdown
    /// ## Training Data
    ///
    /// [More Information Needed]
    /// ```
    /// Good: describe the data, or delete the section.
    pub const PLACEHOLDER_TEXT = {
        code: "CG203",
        name: "placeholder-text",
        severity: Warning,
        check: check_placeholders,
    }
}

/// Findings past this many are summarised in one "and N more".
const MAX_FINDINGS: usize = 20;

fn check_placeholders(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let found = find(ctx);
    for p in found.iter().take(MAX_FINDINGS) {
        out.push(
            PLACEHOLDER_TEXT
                .finding(format!(
                    "placeholder text `{}` left in the card",
                    ctx.slice(p.span)
                ))
                .at(p.span)
                .label("placeholder")
                .help(p.kind.help()),
        );
    }
    if let Some(next) = found.get(MAX_FINDINGS) {
        let more = found.len() - MAX_FINDINGS;
        let s = if more == 1 { "" } else { "s" };
        out.push(
            PLACEHOLDER_TEXT
                .finding(format!("and {more} more placeholder{s} in this card"))
                .at(next.span)
                .label("more placeholders from here on"),
        );
    }
}

/// What a placeholder is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    MoreInformationNeeded,
    Todo,
    ComingSoon,
    Optional,
    LoremIpsum,
    ModelId,
}

impl Kind {
    fn help(self) -> &'static str {
        match self {
            Kind::MoreInformationNeeded | Kind::Todo | Kind::ComingSoon | Kind::LoremIpsum => {
                "write the missing information, or remove the placeholder (and the section, if it has nothing else)"
            }
            Kind::Optional => "fill the optional part in and drop the `[optional]` marker, or remove it",
            Kind::ModelId => "replace `Model ID` with the model's name",
        }
    }
}

/// One placeholder in the card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Placeholder {
    pub span: Span,
    pub kind: Kind,
}

/// The core words of every placeholder; brackets around them are added by [`widen`]. Case
/// variants are spelled out (lower, capitalised, upper) and word boundaries are ASCII, which keeps
/// the search on the regex crate's fast path: a fully case-insensitive pattern with the brackets
/// in it took 14 µs per corpus card, this one about 1 µs.
const PATTERN_SOURCE: &str = r"(?x)
        (?-u:\b)(?:[Mm]ore\s+[Ii]nfo(?:rmation)?\s+[Nn]eeded|MORE\s+INFO(?:RMATION)?\s+NEEDED)(?-u:\b)
        | (?-u:\b)(?:TODO|FIXME|TBD|TBA|[Tt]bd|[Tt]ba)(?-u:\b)
        | (?-u:\b)(?:[Cc]oming\s+[Ss]oon|COMING\s+SOON)(?-u:\b)
        | (?:[Oo]ptional|OPTIONAL)\s*\\?\]
        | (?-u:\b)(?:[Ll]orem\s+[Ii]psum|LOREM\s+IPSUM)(?-u:\b)
        | (?-u:\b)Model\s+Card\s+for\s+Model\s+ID(?-u:\b)";

/// [`PATTERN_SOURCE`], compiled on first use: only for a text with one of [`ANCHORS`] in it.
static PATTERN: OnceLock<Regex> = OnceLock::new();

fn pattern() -> &'static Regex {
    PATTERN.get_or_init(|| Regex::new(PATTERN_SOURCE).expect("placeholder pattern"))
}

/// Pieces of [`PATTERN_SOURCE`], one of which is in every match of it but for "Model Card for
/// Model ID" (see [`model_ids`]): the last word of each alternative, in each case the
/// alternative allows (`[Oo]ptional` from its second letter). They are rare in cards, where the
/// pattern's own first words ("More", "Model", "Com…", "Opt…") are not: the pattern's prefilter
/// stopped at each of those, and searching for these first lets the pattern skip three in four
/// cards of the corpus (two thirds of its bytes).
const ANCHORS: &[&str] = &[
    "needed", "Needed", "NEEDED", "TODO", "FIXME", "TBD", "TBA", "Tbd", "tbd", "Tba", "tba",
    "soon", "Soon", "SOON", "ptional", "PTIONAL", "ipsum", "Ipsum", "IPSUM",
];

/// A SIMD search for [`ANCHORS`], built on first use; `None` where the CPU has none (then
/// [`scalar_anchors`] does).
static ANCHOR_SEARCH: OnceLock<Option<aho_corasick::packed::Searcher>> = OnceLock::new();

/// Where "Model Card for Model ID" may end in `text`: each `ID` after `Model` and white space.
fn model_ids(text: &str) -> impl Iterator<Item = usize> + '_ {
    static ID: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new(b"ID"));
    ID.find_iter(text.as_bytes()).filter(|&at| {
        let before = &text[..at];
        let trimmed = before.trim_end();
        trimmed.len() < before.len() && trimmed.ends_with("Model")
    })
}

fn anchor_search() -> Option<&'static aho_corasick::packed::Searcher> {
    ANCHOR_SEARCH
        .get_or_init(|| aho_corasick::packed::Searcher::new(ANCHORS))
        .as_ref()
}

/// Until the SIMD searcher is built, texts shorter than this are searched for [`ANCHORS`] a byte
/// at a time: that costs less than building the searcher, so linting a small card never builds
/// it. Once built, it searches every text: it takes a quarter of the instructions per byte.
const SHORT_TEXT: usize = 4096;

/// The first two bytes of [`ANCHORS`], as a table: `PAIRS[FIRST[a] as usize][b]` says whether
/// some anchor starts with `a`, `b` (row 0 is all `false`, for bytes that start none).
const FIRST: [u8; 256] = {
    let mut first = [0u8; 256];
    let mut rows = 0;
    let mut i = 0;
    while i < ANCHORS.len() {
        let a = ANCHORS[i].as_bytes()[0] as usize;
        if first[a] == 0 {
            rows += 1;
            first[a] = rows;
        }
        i += 1;
    }
    first
};

/// See [`FIRST`].
const PAIRS: [[bool; 256]; 16] = {
    let mut pairs = [[false; 256]; 16];
    let mut i = 0;
    while i < ANCHORS.len() {
        let a = ANCHORS[i].as_bytes();
        pairs[FIRST[a[0] as usize] as usize][a[1] as usize] = true;
        i += 1;
    }
    pairs
};

/// Where [`ANCHORS`] are in `text`, as the SIMD searcher finds them (no two overlap).
fn scalar_anchors(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i + 1 < bytes.len() {
        if !PAIRS[FIRST[bytes[i] as usize] as usize][bytes[i + 1] as usize] {
            i += 1;
            continue;
        }
        let rest = &bytes[i..];
        match ANCHORS.iter().find(|a| rest.starts_with(a.as_bytes())) {
            Some(a) => {
                found.push((i, i + a.len()));
                i += a.len();
            }
            None => i += 1,
        }
    }
    found
}

/// Where [`ANCHORS`] and the `ID`s of [`model_ids`] are in `text`, in order. Every match of
/// [`PATTERN`] holds one, so a text with none has no placeholder.
#[cfg(test)]
fn anchors(text: &str) -> Vec<(usize, usize)> {
    anchors_within(text, std::slice::from_ref(&(0..text.len())))
}

/// [`anchors`], the [`ANCHORS`] looked for only within `parts` of `text` (in order, not
/// overlapping): an anchor that is not wholly inside a part is not reported. No anchor starts
/// or ends with a byte that can end or start a part (see [`find`]), so an anchor reported for
/// the whole text is either wholly inside a part or wholly outside all of them.
fn anchors_within(text: &str, parts: &[Range<usize>]) -> Vec<(usize, usize)> {
    let simd = if text.len() < SHORT_TEXT && ANCHOR_SEARCH.get().is_none() {
        None
    } else {
        anchor_search()
    };
    let mut found = Vec::new();
    for part in parts {
        let at = part.start;
        match simd {
            Some(s) => found.extend(
                s.find_iter(&text[part.clone()])
                    .map(|m| (at + m.start(), at + m.end())),
            ),
            None => found.extend(
                scalar_anchors(&text[part.clone()])
                    .into_iter()
                    .map(|(s, e)| (at + s, at + e)),
            ),
        }
    }
    let before = found.len();
    found.extend(model_ids(text).map(|at| (at, at + 2)));
    if found.len() > before && before > 0 {
        found.sort_unstable();
    }
    found
}

/// The matches of [`PATTERN`] in `text`, the ones `find_iter` gives, found around the anchors
/// instead of by running the pattern over the whole text.
///
/// Every match holds exactly one anchor, and no two matches overlap. For each anchor not inside
/// the last match, the match holding it starts at most five runs of non-space (the anchor's
/// own, and "Model Card for Model" before an `ID`) back, and ends at most two bytes after the
/// anchor and the white space after it (`optional \]`); the pattern runs only there, with the
/// text around as context for `\b`.
fn placeholder_matches(text: &str) -> Vec<(usize, usize)> {
    placeholder_matches_within(text, std::slice::from_ref(&(0..text.len())))
}

/// [`placeholder_matches`] of the [`ANCHORS`] wholly within `parts` of `text` (and every `ID`
/// of "Model Card for Model ID"); the pattern still sees the whole text around them.
fn placeholder_matches_within(text: &str, parts: &[Range<usize>]) -> Vec<(usize, usize)> {
    let mut found: Vec<(usize, usize)> = Vec::new();
    for (at, anchor_end) in anchors_within(text, parts) {
        let done = found.last().map_or(0, |m| m.1);
        if at < done {
            continue;
        }
        let from = back_runs(text, at, 5).max(done);
        let to = forward_bound(text, anchor_end);
        let window = &text[..to];
        let mut start = from;
        while let Some(m) = pattern().find_at(window, start) {
            if m.start() > at {
                break;
            }
            if m.end() > at {
                found.push((m.start(), m.end()));
                break;
            }
            start = m.end();
        }
    }
    found
}

/// Where the `runs`-th run of non-space characters back from `at` starts (the one `at` is in,
/// if it is in one, counts).
fn back_runs(text: &str, at: usize, runs: usize) -> usize {
    let mut chars = text[..at].char_indices().rev().peekable();
    let mut start = at;
    for _ in 0..runs {
        while let Some(&(i, _)) = chars.peek().filter(|(_, c)| c.is_whitespace()) {
            start = i;
            chars.next();
        }
        while let Some(&(i, _)) = chars.peek().filter(|(_, c)| !c.is_whitespace()) {
            start = i;
            chars.next();
        }
    }
    start
}

/// Past where a match holding an anchor that ends at `end` can end, by at least one byte (the
/// one `\b` looks at): the white space after it, then `\]`, then one more.
fn forward_bound(text: &str, end: usize) -> usize {
    let rest = &text[end..];
    let space = rest.len() - rest.trim_start().len();
    let mut to = (end + space + 3).min(text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    to
}

/// Which placeholder a match of [`PATTERN`] is.
fn classify(m: &str) -> Kind {
    match m.as_bytes().first().map(u8::to_ascii_lowercase) {
        Some(b'm') if m.starts_with("Model") && m.len() > 20 => Kind::ModelId,
        Some(b'm') => Kind::MoreInformationNeeded,
        Some(b'c') => Kind::ComingSoon,
        Some(b'o') => Kind::Optional,
        Some(b'l') => Kind::LoremIpsum,
        _ => Kind::Todo,
    }
}

/// The match `start..end` of `body` widened to the `[` … `]` (or `\[` … `\]`) around it, or
/// `None` when it has no brackets.
fn widen(body: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let before = body[..start].trim_end_matches([' ', '\t']);
    let open = before.strip_suffix('[')?;
    let open = open.strip_suffix('\\').unwrap_or(open);
    let close = if body[..end].ends_with(']') {
        end
    } else {
        let after = &body[end..];
        let rest = after.trim_start_matches([' ', '\t']);
        let rest = rest.strip_prefix('\\').unwrap_or(rest);
        end + (after.len() - rest.len()) + rest.strip_prefix(']').map(|_| 1)?
    };
    Some((open.len(), close))
}

/// Every placeholder in the card's visible text, in order.
///
/// Anchors inside the code and comments the outline knows before reading its paragraphs (code
/// blocks, comments, `<pre>`-like elements) are not searched for: a match holds its anchor, so it
/// would touch that code and be dropped below. Such a piece starts and ends with a byte no
/// anchor starts or ends with (a fence or indentation, `<`, `>`, `` ` ``, `$` or a line break),
/// so no anchor is cut in two by it.
pub(super) fn find(ctx: &Context<'_>) -> Vec<Placeholder> {
    let base = ctx.body.start;
    let parts: Vec<Range<usize>> = ctx
        .outline()
        .outside_known_code(ctx.body)
        .into_iter()
        .map(|s| s.start - base..s.end - base)
        .collect();
    find_in(ctx, &parts)
}

/// [`find`], with the anchor words looked for in `parts` of the body only.
fn find_in(ctx: &Context<'_>, parts: &[Range<usize>]) -> Vec<Placeholder> {
    let body = ctx.body_text();
    let mut found = Vec::new();
    let outline = ctx.outline();
    let matches = placeholder_matches_within(body, parts);
    if matches.is_empty() {
        return found;
    }
    for (m_start, m_end) in matches {
        let kind = classify(&body[m_start..m_end]);
        let (start, end) = match (widen(body, m_start, m_end), kind) {
            (Some(w), _) => w,
            (None, Kind::Optional) => continue,
            (None, _) => (m_start, m_end),
        };
        let core = Span::new(ctx.body.start + m_start, ctx.body.start + m_end);
        let span = Span::new(ctx.body.start + start, ctx.body.start + end);
        if is_visible(outline, core)
            && !outline.touches_code_or_comment(span)
            && (kind != Kind::ComingSoon || stands_alone(ctx, outline, span))
        {
            found.push(Placeholder { span, kind });
        }
    }
    found
}

/// Whether `span` is visible text: it starts and ends in prose or a heading, with no code or
/// comment in between. (Brackets around a placeholder may be escapes outside the text runs, so
/// this is asked of the words only.)
fn is_visible(outline: &Outline, span: Span) -> bool {
    let in_prose = |at: usize| {
        outline.text_run(Span::new(at, at + 1)).is_some() || outline.heading_at(at).is_some()
    };
    let last = span.end.saturating_sub(1);
    !span.is_empty()
        && in_prose(span.start)
        && in_prose(last)
        && !outline.touches_code_or_comment(span)
}

/// Whether `span` is prose (not a heading, where "Coming soon" titles a roadmap) and the text
/// around it on its line is only punctuation, emoji and markup, or a `Label:` before it.
fn stands_alone(ctx: &Context<'_>, outline: &Outline, span: Span) -> bool {
    let Some(region) = outline.text_run(span) else {
        return false;
    };
    let text = ctx.slice(Span::new(region.start, span.start));
    let before = text.rsplit(['\n', '\r']).next().unwrap_or("");
    let before = before.rsplit_once(':').map_or(before, |(_, b)| b);
    let after_text = ctx.slice(Span::new(span.end, region.end));
    let after = after_text.split(['\n', '\r']).next().unwrap_or("");
    !before
        .chars()
        .chain(after.chars())
        .any(char::is_alphanumeric)
}

/// Template sentences that say nothing about the model (`huggingface_hub` defaults), matched
/// at the start of a text run, ignoring ASCII case.
const FILLER: &[&str] = &[
    "Use the code below to get started with the model.",
    "Users (both direct and downstream) should be made aware of the risks, biases and limitations of the model.",
    "More information needed for further recommendations.",
];

/// Whether the prose of `span` (outside headings) is nothing but placeholders and template
/// filler sentences. Code and media count as real content.
pub(super) fn only_placeholders(ctx: &Context<'_>, span: Span) -> bool {
    let outline = ctx.outline();
    // Prose first: most sections have some, and the first run with real text settles it.
    outline.all_text_in(span, |run| !has_real_text(strip_filler(ctx.slice(run))))
        && !outline.has_code_or_media(span)
}

/// `text` without the filler sentences it starts with.
fn strip_filler(mut text: &str) -> &str {
    loop {
        text = text.trim_start();
        let filler = FILLER.iter().find(|f| {
            text.get(..f.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(f))
        });
        match filler {
            Some(f) => text = &text[f.len()..],
            None => return text,
        }
    }
}

/// Whether `text` has a letter or digit outside placeholders.
fn has_real_text(text: &str) -> bool {
    let mut at = 0;
    for (start, end) in placeholder_matches(text) {
        if text[at..start].chars().any(char::is_alphanumeric) {
            return true;
        }
        at = end;
    }
    text[at..].chars().any(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::super::testing::{card, pointed, run};
    use super::*;
    use crate::test_rng::numbers;

    #[test]
    fn the_word_prefilter_lets_every_placeholder_through() {
        let samples = [
            "[More Information Needed]",
            "more info needed",
            "MORE\tINFORMATION\nNEEDED",
            "More Info Needed",
            "TODO",
            "FIXME",
            "TBD",
            "TBA",
            "Tbd",
            "tba",
            "Coming soon",
            "COMING  SOON",
            "coming\u{a0}Soon",
            "[optional]",
            "Optional \\]",
            "OPTIONAL]",
            "Lorem ipsum",
            "LOREM IPSUM",
            "Model Card for Model ID",
            "Model\u{2003}Card for Model\nID",
        ];
        for text in samples {
            assert!(pattern().is_match(text), "{text:?} is a placeholder");
            assert!(!anchors(text).is_empty(), "the prefilter drops {text:?}");
        }
        for plain in [
            "A model card for a model, with an id.",
            "More information is given below, as needs be.",
            "ModelID, Model: ID",
            "tb",
            "",
        ] {
            assert!(anchors(plain).is_empty(), "{plain:?}");
        }
        assert!(!anchors("Model \n\tID").is_empty() && !anchors("xx Needed").is_empty());
    }

    /// Looking for anchors only outside the code and comments known before paragraphs are read
    /// finds what looking everywhere finds, for bodies of placeholders in and next to code
    /// blocks, code spans, comments, math and code-like HTML.
    #[test]
    fn skipping_known_code_finds_the_same_placeholders() {
        const PIECES: &[&str] = &[
            "```\nTODO\n```\n",
            "~~~\n[More Information Needed]\n~~~\n",
            "    TODO indented\n",
            "<!-- TODO -->",
            "<!--\nComing soon\n-->\n",
            "<pre>TODO</pre>",
            "<pre>\nTBD\n</pre>\n",
            "<code>tbd</code>",
            "`TODO`",
            "$TODO$",
            "$$\nTBA\n$$\n",
            "# TODO heading `x`\n",
            "## Model Card for Model ID\n",
            "[More Information Needed]",
            "More info needed",
            "[optional]",
            "Coming soon",
            "Lorem ipsum",
            "Model Card for Model ID",
            "TODO",
            "FIXME:",
            "text",
            " ",
            "\n",
            "\n\n",
            "- ",
            "> ",
            "<div>\n",
            "</div>\n",
        ];
        let mut next = numbers(0x5bd1_e995);
        let config = crate::config::Config::default();
        let (mut with_placeholders, mut with_code) = (0, 0);
        for _ in 0..3000 {
            let body: String = (0..next(16)).map(|_| PIECES[next(PIECES.len())]).collect();
            let text = card(&body);
            crate::rules::with_context(text.as_bytes(), &config, |ctx| {
                let whole = 0..ctx.body_text().len();
                let found = find(ctx);
                assert_eq!(
                    found,
                    find_in(ctx, std::slice::from_ref(&whole)),
                    "{body:?}"
                );
                with_placeholders += usize::from(!found.is_empty());
                with_code += usize::from(ctx.outline().outside_known_code(ctx.body).len() > 1);
            });
        }
        // Not a vacuous check: many bodies have placeholders, and many have code to skip.
        assert!(
            with_placeholders > 1000 && with_code > 1000,
            "{with_placeholders} {with_code}"
        );
    }

    /// Random texts of placeholder words, near misses, spaces and markup.
    fn random_texts(count: usize) -> impl Iterator<Item = String> {
        const PIECES: &[&str] = &[
            "More",
            "more",
            "MORE",
            "Info",
            "info",
            "information",
            "INFORMATION",
            "Needed",
            "needed",
            "NEEDED",
            "TODO",
            "TODOS",
            "FIXME",
            "TBD",
            "tbd",
            "TBA",
            "Tba",
            "Coming",
            "coming",
            "soon",
            "Soon",
            "SOON",
            "Optional",
            "optional",
            "OPTIONAL",
            "Lorem",
            "ipsum",
            "IPSUM",
            "Model",
            "Card",
            "for",
            "ID",
            "IDs",
            "x",
            "é",
            " ",
            " ",
            "  ",
            "\n",
            "\t",
            "\u{a0}",
            "\u{2003}",
            "[",
            "]",
            "\\",
            "`",
            "_",
            "-",
            ":",
            "1",
        ];
        let mut next = numbers(0x2545_f491_4f6c_dd1d);
        (0..count).map(move |_| {
            let n = next(14);
            (0..n).map(|_| PIECES[next(PIECES.len())]).collect()
        })
    }

    #[test]
    fn anchored_search_finds_what_the_pattern_finds() {
        let texts = [
            "[More Information Needed] and TODO, then Model Card for Model ID.",
            "optional  \\]x Optional]Optional]",
            "if needed, soon; the TBD list",
            "Model\n Card  for Model \u{a0}ID",
        ];
        let random = random_texts(200_000);
        for text in texts.iter().map(|t| t.to_string()).chain(random) {
            let want: Vec<(usize, usize)> = pattern()
                .find_iter(&text)
                .map(|m| (m.start(), m.end()))
                .collect();
            assert_eq!(placeholder_matches(&text), want, "{text:?}");
            if let Some(simd) = anchor_search() {
                let found: Vec<(usize, usize)> = simd
                    .find_iter(&text)
                    .map(|m| (m.start(), m.end()))
                    .collect();
                assert_eq!(scalar_anchors(&text), found, "{text:?}");
            }
            if !want.is_empty() {
                assert!(!anchors(&text).is_empty(), "{text:?}");
            }
        }
        // Long texts take the SIMD search.
        for seed in 0..50 {
            let mut long: String = random_texts(2_000 + seed).skip(seed * 7).collect();
            let at = (seed * 97) % long.len();
            let at = (at..)
                .find(|&i| long.is_char_boundary(i))
                .unwrap_or(long.len());
            long.insert_str(
                at,
                " Model Card for Model ID: TODO [More Information Needed] ",
            );
            assert!(long.len() >= SHORT_TEXT);
            let want: Vec<(usize, usize)> = pattern()
                .find_iter(&long)
                .map(|m| (m.start(), m.end()))
                .collect();
            assert_eq!(placeholder_matches(&long), want);
        }
    }

    #[test]
    fn reports_template_placeholders_with_exact_spans() {
        let c = card(
            "# Model Card for Model ID\n\n### Model Sources [optional]\n\n- **Developed by:** [More Information Needed]\n\nMore information needed\n\nTODO: describe. Results TBD.\n\n- **Paper:** Coming soon!\n\nLorem ipsum dolor.\n",
        );
        let f = run(&PLACEHOLDER_TEXT, &c);
        assert_eq!(
            pointed(&c, &f),
            [
                "Model Card for Model ID",
                "[optional]",
                "[More Information Needed]",
                "More information needed",
                "TODO",
                "TBD",
                "Coming soon",
                "Lorem ipsum",
            ]
        );
        assert_eq!(
            f[2].message,
            "placeholder text `[More Information Needed]` left in the card"
        );
    }

    #[test]
    fn ignores_code_comments_urls_and_ordinary_words() {
        let c = card(
            "# Model\n\n```python\nmodel = load(TODO)  # TBD\n```\n\nUse `TODO` here. $\\text{TBD}$\n\n<!-- [More Information Needed] -->\n\nTodo el mundo, en todo caso. A todo list app. To do this, run it.\n\nA paper is coming soon, stay tuned. See <https://example.org/TODO>.\n\n<pre>TODO</pre>\n\n![TODO](img.png)\n",
        );
        let f = run(&PLACEHOLDER_TEXT, &c);
        assert_eq!(pointed(&c, &f), Vec::<&str>::new());
    }

    #[test]
    fn finds_placeholders_in_html_blocks_and_headings() {
        let c = card("# Model\n\n<div>\n<p>TBA</p>\n</div>\n\n## TODO: Evaluation\n\ntext\n\n### Coming Soon\n\n- a roadmap item\n\n| Paper | **Coming Soon** |\n");
        let f = run(&PLACEHOLDER_TEXT, &c);
        assert_eq!(pointed(&c, &f), ["TBA", "TODO", "Coming Soon"]);
        assert!(
            f[2].span.unwrap().start > c.find("| Paper").unwrap(),
            "the heading is not reported"
        );
    }

    #[test]
    fn escaped_brackets_belong_to_the_placeholder() {
        let c = card("# M\n\n\\[More Information Needed\\]\n\n- **Paper \\[Optional\\]:** x\n\nan optional] bracket\n");
        let f = run(&PLACEHOLDER_TEXT, &c);
        assert_eq!(
            pointed(&c, &f),
            ["\\[More Information Needed\\]", "\\[Optional\\]"]
        );
    }

    #[test]
    fn caps_findings_with_a_summary() {
        let body: String = (0..25).map(|i| format!("- item {i}: TBD\n")).collect();
        let c = card(&body);
        let f = run(&PLACEHOLDER_TEXT, &c);
        assert_eq!(f.len(), MAX_FINDINGS + 1);
        assert_eq!(
            f[MAX_FINDINGS].message,
            "and 5 more placeholders in this card"
        );
        assert!(f[MAX_FINDINGS].span.unwrap().start > f[MAX_FINDINGS - 1].span.unwrap().start);
    }

    #[test]
    fn placeholder_only_sections() {
        let config = crate::config::Config::default();
        let only = |body: &str| {
            let c = card(body);
            crate::rules::with_context(c.as_bytes(), &config, |ctx| {
                only_placeholders(ctx, ctx.body)
            })
        };
        assert!(only(
            "## Uses\n\n### Direct Use\n\n[More Information Needed]\n\n<!-- comment -->\n"
        ));
        assert!(only(
            "Use the code below to get started with the model.\n\n[More Information Needed]\n"
        ));
        assert!(only("Users (both direct and downstream) should be made aware of the risks, biases and limitations of the model. More information needed for further recommendations.\n"));
        assert!(!only(
            "[More Information Needed]\n\nWorks on English only.\n"
        ));
        assert!(!only("TODO\n\n```python\nrun()\n```\n"));
    }
}
