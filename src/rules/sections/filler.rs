//! Template filler: placeholder text (`[More Information Needed]`, `TODO`, NeMo's `<ADD …>`
//! instructions…) and the template sentences that say nothing about the model. CG203 reports
//! the placeholders ([`super::placeholder`]); CG201 counts a required section holding only
//! filler as missing ([`super::missing`]); the section evidence leaves template sentences out.

use std::sync::{LazyLock, OnceLock};

use regex::Regex;

use crate::card::markdown::Outline;
use crate::finding::Span;
use crate::rules::Context;

/// What a placeholder is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    MoreInformationNeeded,
    Todo,
    ComingSoon,
    Optional,
    LoremIpsum,
    ModelId,
    /// TRL's link to a base model it did not know.
    NoneLink,
    /// NeMo's `<ADD …>` template instructions, which the Hub drops as HTML tags.
    Instruction,
}

impl Kind {
    /// What to do about a placeholder of this kind (CG203's help).
    pub(super) fn help(self) -> &'static str {
        match self {
            Kind::MoreInformationNeeded | Kind::Todo | Kind::ComingSoon | Kind::LoremIpsum => {
                "write the missing information, or remove the placeholder (and the section, if it has nothing else)"
            }
            Kind::Optional => "fill the optional part in and drop the `[optional]` marker, or remove it",
            Kind::ModelId => "replace `Model ID` with the model's name",
            Kind::NoneLink => "name the base model (a Hub id) in the link, or remove the sentence",
            Kind::Instruction => "replace the template's instruction with what it asks for; readers on the Hub do not see it at all",
        }
    }
}

/// One placeholder in the card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Placeholder {
    pub span: Span,
    pub kind: Kind,
}

/// The words of every placeholder that is visible text; brackets around them are added by
/// [`widen`]. Case variants are spelled out: a fully case-insensitive `TODO` would match "todo".
/// Searched through [`placeholder_words`].
static WORDS: OnceLock<Regex> = OnceLock::new();

fn words() -> &'static Regex {
    WORDS.get_or_init(|| {
        // ASCII classes and boundaries (`-u`): Unicode ones make this regex about six times as
        // costly to build, which a one-card lint pays on every run; the words are ASCII.
        Regex::new(
            r"(?x-u)
            (?-u:\b)(?:[Mm]ore\s+[Ii]nfo(?:rmation)?\s+[Nn]eeded|MORE\s+INFO(?:RMATION)?\s+NEEDED)(?-u:\b)
            | (?-u:\b)(?:TODO|FIXME|TBD|TBA|[Tt]bd|[Tt]ba)(?-u:\b)
            | (?-u:\b)(?:[Cc]oming\s+[Ss]oon|COMING\s+SOON)(?-u:\b)
            | (?:[Oo]ptional|OPTIONAL)\s*\\?\]
            | (?-u:\b)(?:[Ll]orem\s+[Ii]psum|LOREM\s+IPSUM)(?-u:\b)
            | (?-u:\b)Model\s+Card\s+for\s+Model\s+ID(?-u:\b)
            | \[None\]\(https://huggingface\.co/None\)",
        )
        .expect("placeholder pattern")
    })
}

/// Pieces of which every match of [`WORDS`] holds one, alternative by alternative: `Info`
/// (`info`, `INFO`), `TODO`, `FIXME`, `TB` of `TBD` and `TBA`, `bd` and `tba` (`Tba`), `oon`
/// (`OON`) of "soon", `ptional` (`PTIONAL`), `psum` (`PSUM`), the `ID` of "Model ID", and
/// `[None]`.
const WORD_PIECES: &[&str] = &[
    "Info", "info", "INFO", "TODO", "FIXME", "TB", "bd", "tba", "Tba", "oon", "OON", "ptional",
    "PTIONAL", "psum", "PSUM", "ID", "[None]",
];

/// The matches of [`WORDS`] in `text`. Until the pattern is built, text without any of
/// [`WORD_PIECES`] is not searched, as it has no match: building the pattern is the largest
/// single cost of linting one small card, and many cards have none of these pieces.
fn placeholder_words(text: &str) -> impl Iterator<Item = regex::Match<'_>> {
    let search = WORDS.get().is_some() || holds_a_piece(text);
    search
        .then(|| words().find_iter(text))
        .into_iter()
        .flatten()
}

/// Whether `text` holds one of [`WORD_PIECES`]: without one, it has no placeholder words.
fn holds_a_piece(text: &str) -> bool {
    WORD_PIECES
        .iter()
        .any(|piece| memchr::memmem::find(text.as_bytes(), piece.as_bytes()).is_some())
}

/// NeMo's template instructions: an upper-case verb and words in angle brackets.
static INSTRUCTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"<(?:ADD|DESCRIBE|DECLARE|DETAIL|EXPLAIN|INSERT|LIST|MENTION|PROVIDE|SPECIFY|WRITE)\s[A-Z0-9 ,.'()/_-]*>",
    )
    .expect("instruction pattern")
});

/// Which placeholder a match of [`WORDS`] is.
fn classify(m: &str) -> Kind {
    match m.as_bytes().first().map(u8::to_ascii_lowercase) {
        Some(b'[') => Kind::NoneLink,
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

/// Every placeholder in the card's visible text, in order: prose outside code and comments,
/// and headings (whose code spans count). The body is searched once, code and comments
/// included, and what is found there is dropped match by match: fewer searches than one per
/// piece of prose between two code spans.
pub(super) fn find(ctx: &Context<'_>) -> Vec<Placeholder> {
    let body = ctx.body_text();
    let base = ctx.body.start;
    let outline = ctx.outline();
    let mut found = Vec::new();
    for m in placeholder_words(body) {
        let (m_start, m_end) = (m.start(), m.end());
        let kind = classify(m.as_str());
        let (start, end) = match (widen(body, m_start, m_end), kind) {
            (_, Kind::NoneLink) => (m_start, m_end),
            (Some(w), _) => w,
            (None, Kind::Optional) => continue,
            (None, _) => (m_start, m_end),
        };
        let core = Span::new(base + m_start, base + m_end);
        let span = Span::new(base + start, base + end);
        let in_heading = outline
            .heading_at(core.start)
            .is_some_and(|h| h.span.end >= core.end);
        let shown = if kind == Kind::NoneLink {
            outline
                .text_run(Span::new(core.start + 1, core.start + 5))
                .is_some()
        } else {
            in_heading || (is_visible(outline, core) && !outline.touches_code_or_comment(span))
        };
        if shown && (kind != Kind::ComingSoon || stands_alone(ctx, outline, span)) {
            found.push(Placeholder { span, kind });
        }
    }
    // Most cards have no `<` in their prose: the pattern is then not even built.
    let instructions = body.contains('<').then(|| INSTRUCTION.find_iter(body));
    for m in instructions.into_iter().flatten() {
        let span = Span::new(base + m.start(), base + m.end());
        if !outline.touches_code_or_comment(span) {
            found.push(Placeholder {
                span,
                kind: Kind::Instruction,
            });
        }
    }
    found.sort_by_key(|p| (p.span.start, p.span.end));
    found
}

/// Whether `span` is visible text: it starts and ends in prose, with no code or comment in
/// between. (Brackets around a placeholder may be escapes outside the text runs, so this is
/// asked of the words only.)
fn is_visible(outline: &Outline, span: Span) -> bool {
    let in_prose = |at: usize| outline.text_run(Span::new(at, at + 1)).is_some();
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

/// The example NeMo's card template gives under its limitations instruction.
pub(super) const NEMO_EXAMPLE: &str = "Since this model was trained on publically available speech datasets, the performance of this model might degrade for speech which includes technical terms, or vernacular that the model has not been trained on. The model might also perform worse for accented speech.";

/// Template sentences that say nothing about the model (`huggingface_hub` and NeMo defaults),
/// matched at the start of a text run, ignoring ASCII case.
const FILLER: &[&str] = &[
    "Use the code below to get started with the model.",
    "Users (both direct and downstream) should be made aware of the risks, biases and limitations of the model.",
    "More information needed for further recommendations.",
    "Eg:",
    NEMO_EXAMPLE,
];

/// Whether the prose of `span` (outside headings) is nothing but placeholders and template
/// filler sentences. Code and media count as real content, but for a code block that is only
/// a placeholder; NeMo's instructions, which the Hub does not show, are nothing.
pub(super) fn only_placeholders(ctx: &Context<'_>, span: Span) -> bool {
    let outline = ctx.outline();
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
    for m in placeholder_words(text) {
        if text[at..m.start()].chars().any(char::is_alphanumeric) {
            return true;
        }
        at = m.end();
    }
    text[at..].chars().any(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::super::testing::card;
    use super::*;

    /// Every case variant of every alternative of [`WORDS`]: each match holds one of
    /// [`WORD_PIECES`], so that text without them need not be searched.
    #[test]
    fn every_placeholder_holds_a_piece() {
        for text in [
            "[More Information Needed]",
            "more info needed",
            "MORE INFORMATION NEEDED",
            "More\tinfo\nneeded",
            "TODO",
            "FIXME",
            "TBD",
            "TBA",
            "Tbd",
            "tbd",
            "Tba",
            "tba",
            "Coming soon",
            "coming Soon",
            "COMING SOON",
            "[Optional]",
            "[optional\\]",
            "OPTIONAL ]",
            "Lorem ipsum",
            "lorem Ipsum",
            "LOREM IPSUM",
            "Model Card for Model ID",
            "Model  Card\nfor Model\tID",
            "[None](https://huggingface.co/None)",
        ] {
            let m = words().find(text).unwrap_or_else(|| panic!("{text:?}"));
            assert!(holds_a_piece(m.as_str()), "{:?}", m.as_str());
            assert_eq!(placeholder_words(text).next(), Some(m), "{text:?}");
        }
        // Ordinary prose holds none, so a card of it is linted without building the pattern.
        assert!(!holds_a_piece(
            "A LoRA adapter that classifies the sentiment of movie reviews. Trained for 3 epochs."
        ));
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
