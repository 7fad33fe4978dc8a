//! CG201: a required section is missing, empty, or only placeholder text.

use super::evidence;
use super::filler;
use super::known::{Key, SectionSpec};
use crate::card::markdown::{heading_alt_key, heading_key, Heading};
use crate::finding::{Finding, Span};
use crate::rules::{declare_rule, Context};

declare_rule! {
    /// A required section is missing, empty, or holds only placeholder text.
    ///
    /// ## What it checks
    /// For each section in `[sections] required` (by default the profile's: `usage` and
    /// `limitations` for `hub`; see the README for `strict` and `eu-ai-act`), that some heading
    /// of any level (Markdown or an HTML `<h1>`–`<h6>`) matches one of the section's synonyms
    /// and its section (up to the next heading of the same or a higher level, sub-sections
    /// included) has real content. A section with no content, or only template placeholders
    /// such as `[More Information Needed]`, counts as missing. Matching ignores case,
    /// punctuation, emoji, numbering and a trailing `[optional]` or `(…)`; the text in a
    /// trailing `(…)` is also tried on its own, for bilingual headings like "模型推理
    /// (Inference)". `cardgen.toml` can change the synonyms.
    ///
    /// The two sections of the default profile are also found by what they say, wherever it
    /// stands:
    ///
    /// - `usage`: a code block that loads or runs the model (`from_pretrained`, `pipeline(`,
    ///   `SentenceTransformer(`, `llama-cli`, `ollama run`, …) or writes out a prompt format
    ///   (`<|im_start|>`, `[INST]`, `### Instruction:`, …), and an image model's prompt
    ///   settings (negative prompt, trigger words). Under a usage heading, prose counts too,
    ///   unless it only points elsewhere ("Please refer to our GitHub"). "Intended uses" and
    ///   "Direct use" say what a model is for, not how to run it: they count only with such
    ///   code.
    /// - `limitations`: a sentence that states a limitation, a bias, a risk or a use to avoid
    ///   ("may produce", "not suitable for", "known issues", "uncensored", …), under any heading
    ///   or none, or in the access-gate text shown on the model page. Under a heading that
    ///   combines uses and limitations ("Intended uses & limitations"), only such a sentence
    ///   counts.
    ///
    /// When one heading holds only placeholders for both sections, the finding names both.
    ///
    /// ## Why
    /// How to use a model and where it fails are what readers of a model card need most, and
    /// what auto-generated cards most often leave as placeholders. An error, because a card
    /// without them does not do its job. If your cards do not need them, change
    /// `[sections] required`, or set `missing-section = "warning"` (or `"off"`) under `[rules]`
    /// in `cardgen.toml`.
    ///
    /// ## Example
    /// Bad:
    /// ```markdown
    /// # My model
    /// ## Intended uses & limitations
    /// More information needed
    /// ```
    /// Good:
    /// ```markdown
    /// # My model
    /// ## Usage
    /// `pipeline("text-classification", model="me/my-model")`
    /// ## Limitations
    /// Trained on English news only; do not use it for medical text.
    /// ```
    pub const MISSING_SECTION = {
        code: "CG201",
        name: "missing-section",
        severity: Error,
        check: check_missing,
    }
}

/// Headings that say what a model is for rather than how to run it: a `usage` section under
/// them counts only with usage code, but a placeholder-only one is reported there.
const INTENDED_USE: &[&str] = &[
    "Intended use*",
    "Intended uses*",
    "Uses",
    "Use",
    "Direct use*",
];

/// How a required section stands in the card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    Present,
    /// No heading matches and nothing elsewhere counts.
    Absent,
    /// The best matching heading is empty.
    Empty(Span),
    /// The best matching heading holds only placeholders.
    Placeholders(Span),
}

fn check_missing(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let verdicts = verdicts(ctx);
    for (i, (spec, verdict)) in verdicts.iter().enumerate() {
        match verdict {
            Verdict::Present => {}
            Verdict::Absent => out.push(
                MISSING_SECTION
                    .finding(format!("the card has no `{}` section", spec.name))
                    .help(format!("{}; {HOW_TO_ADD}", spec.missing_help())),
            ),
            Verdict::Empty(at) | Verdict::Placeholders(at) => {
                let same: Vec<&str> = verdicts
                    .iter()
                    .filter(|(_, v)| v.at() == Some(*at))
                    .map(|(s, _)| s.name.as_str())
                    .collect();
                // One finding per heading: the first section reported there names them all.
                if verdicts[..i].iter().any(|(_, v)| v.at() == Some(*at)) {
                    continue;
                }
                out.push(shortfall(&same, *verdict, *at));
            }
        }
    }
}

/// How to accept another heading, for the help of a missing section.
const HOW_TO_ADD: &str =
    "or, if your heading is not recognised, add it under `[sections.extend-synonyms]` in cardgen.toml (`cardgen explain CG201` lists every accepted heading)";

impl Verdict {
    fn at(self) -> Option<Span> {
        match self {
            Verdict::Empty(at) | Verdict::Placeholders(at) => Some(at),
            _ => None,
        }
    }
}

/// The finding for sections that fall short at one heading.
fn shortfall(names: &[&str], verdict: Verdict, at: Span) -> Finding {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    let (what, label) = match verdict {
        Verdict::Empty(_) => ("is empty", "no content under this heading"),
        _ => (
            "only has placeholder text",
            "only placeholders under this heading",
        ),
    };
    let message = if names.len() == 1 {
        format!(
            "the required {} section {what}, so it counts as missing",
            quoted[0]
        )
    } else {
        format!(
            "this heading {what}: the required {} sections count as missing",
            quoted.join(" and ")
        )
    };
    MISSING_SECTION
        .finding(message)
        .at(at)
        .label(label)
        .help(format!(
            "write the {} section under this heading",
            names.join(" and ")
        ))
}

/// Each required section with its verdict, in order; worked out once per card.
fn verdicts<'s>(ctx: &'s Context<'_>) -> Vec<(&'s SectionSpec, Verdict)> {
    let required = &ctx.settings.sections.required;
    let verdicts = ctx
        .section_verdicts
        .get_or_init(|| judge_all(ctx, required));
    required.iter().zip(verdicts.iter().copied()).collect()
}

fn judge_all(ctx: &Context<'_>, required: &[SectionSpec]) -> Vec<Verdict> {
    if required.is_empty() || ctx.encoding_error.is_some() {
        return Vec::new();
    }
    let headings = &ctx.outline().headings;
    let keys: Vec<(String, Option<String>)> = headings
        .iter()
        .map(|h| (heading_key(&h.text), heading_alt_key(&h.text)))
        .collect();
    let keys: Vec<(Key<'_>, Option<Key<'_>>)> = keys
        .iter()
        .map(|(key, alt)| (Key::new(key), alt.as_deref().map(Key::new)))
        .collect();
    let matching = |spec: &SectionSpec| -> Vec<&Heading> {
        headings
            .iter()
            .zip(&keys)
            .filter(|(_, (key, alt))| {
                spec.matches(key) || alt.as_ref().is_some_and(|a| spec.matches(a))
            })
            .map(|(h, _)| h)
            .collect()
    };
    required
        .iter()
        .map(|spec| match spec.name.as_str() {
            "usage" => usage(ctx, &matching(spec), &matching(&INTENDED_USE_SPEC)),
            "limitations" => limitations(ctx, &matching(spec)),
            _ => by_heading(ctx, &matching(spec), |_| true),
        })
        .collect()
}

static INTENDED_USE_SPEC: std::sync::LazyLock<SectionSpec> = std::sync::LazyLock::new(|| {
    let synonyms = INTENDED_USE.iter().map(|s| s.to_string()).collect();
    SectionSpec::new("intended-use", "Intended uses", synonyms).expect("words")
});

/// The verdict from matching headings alone: present when one has real content that `counts`.
fn by_heading(
    ctx: &Context<'_>,
    matching: &[&Heading],
    counts: impl Fn(&Heading) -> bool,
) -> Verdict {
    let mut first_bad = None;
    for h in matching {
        let verdict = if !ctx.outline().has_content(h.content) {
            Verdict::Empty(h.span)
        } else if filler::only_placeholders(ctx, h.content) {
            Verdict::Placeholders(h.span)
        } else if counts(h) {
            return Verdict::Present;
        } else {
            continue;
        };
        first_bad.get_or_insert(verdict);
    }
    first_bad.unwrap_or(Verdict::Absent)
}

/// `usage`: a usage heading whose content does more than point elsewhere, or usage code or
/// prompt settings anywhere.
fn usage(ctx: &Context<'_>, matching: &[&Heading], intended: &[&Heading]) -> Verdict {
    let by_heading = by_heading(ctx, matching, |h| {
        !evidence::only_points_elsewhere(ctx, h.content) && !placeholder_code_only(ctx, h.content)
    });
    if by_heading == Verdict::Present
        || evidence::has_usage_code(ctx, ctx.body)
        || evidence::has_prompt_settings(ctx, ctx.body)
    {
        return Verdict::Present;
    }
    match by_heading {
        Verdict::Absent => match by_heading_only_bad(ctx, intended) {
            Some(v) => v,
            None => Verdict::Absent,
        },
        other => other,
    }
}

/// The first of `matching` that is empty or only placeholders, if any.
fn by_heading_only_bad(ctx: &Context<'_>, matching: &[&Heading]) -> Option<Verdict> {
    match by_heading(ctx, matching, |_| false) {
        Verdict::Absent | Verdict::Present => None,
        bad => Some(bad),
    }
}

/// Whether the code of `span` is all template leftovers (`from x import ...`, `...`,
/// `TODO`), with no prose besides.
fn placeholder_code_only(ctx: &Context<'_>, span: Span) -> bool {
    let outline = ctx.outline();
    let blocks = outline.code_blocks_in(span);
    let leftover = |line: &str| {
        let l = line.trim();
        l.is_empty()
            || l.starts_with("```")
            || l.starts_with("~~~")
            || l.starts_with('#')
            || matches!(l, "..." | "…")
            || l.contains("TODO")
            || l.starts_with("import ")
            || l.starts_with("from ")
    };
    !blocks.is_empty()
        && blocks.iter().all(|&b| ctx.slice(b).lines().all(leftover))
        && outline
            .text_in(span)
            .iter()
            .all(|&r| !evidence_text(ctx.slice(r)))
}

/// Whether a run of prose says more than a placeholder does.
fn evidence_text(text: &str) -> bool {
    let t = text.trim();
    !(t.is_empty() || t.contains("TODO") || t.eq_ignore_ascii_case("more information needed"))
}

/// `limitations`: a limitations heading with real content (under a heading that also names
/// uses, a sentence that states a limitation), or such a sentence anywhere.
fn limitations(ctx: &Context<'_>, matching: &[&Heading]) -> Verdict {
    let verdict = by_heading(ctx, matching, |h| {
        !names_uses(&h.text) || evidence::states_limitations(ctx, h.content)
    });
    if verdict == Verdict::Present
        || evidence::states_limitations(ctx, ctx.body)
        || evidence::gate_states_limitations(ctx)
    {
        return Verdict::Present;
    }
    verdict
}

/// Whether a heading names uses as well ("Intended uses & limitations").
fn names_uses(text: &str) -> bool {
    heading_key(text)
        .split(' ')
        .any(|w| matches!(w, "use" | "uses" | "intended" | "usage"))
}

/// Whether CG201 reports the section that holds `span` as placeholders only: then the
/// placeholders there are its finding, not CG203's.
pub(super) fn reports_placeholders_at(ctx: &Context<'_>, span: Span) -> bool {
    let headings = &ctx.outline().headings;
    verdicts(ctx).iter().any(|(_, v)| match v {
        Verdict::Placeholders(at) => headings
            .iter()
            .find(|h| h.span == *at)
            .is_some_and(|h| h.span.start <= span.start && span.end <= h.content.end),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::{card, pointed, run, run_with};
    use super::*;
    use crate::config::Config;

    #[test]
    fn reports_each_missing_section_without_a_span() {
        let c = card("# Model\n\nA model.\n");
        let f = run(&MISSING_SECTION, &c);
        let msgs: Vec<_> = f.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            msgs,
            [
                "the card has no `usage` section",
                "the card has no `limitations` section"
            ]
        );
        assert!(f.iter().all(|f| f.span.is_none()));
        assert_eq!(
            f[0].help.as_deref(),
            Some("add a `## Usage` section; headings accepted for it include \"Usage\", \"How to use\", \"Quick start\", \"Getting started\", \"Inference\", and 73 more; or, if your heading is not recognised, add it under `[sections.extend-synonyms]` in cardgen.toml (`cardgen explain CG201` lists every accepted heading)")
        );
    }

    #[test]
    fn passes_when_sections_have_content_at_any_level() {
        let c = card("# Model\n\n## 1. How to use\n\n```python\nrun()\n```\n\n#### Bias, Risks, and Limitations [optional]\n\nEnglish only.\n");
        assert!(run(&MISSING_SECTION, &c).is_empty());
        let c = card("# Model\n\n## Usage\n\n### With transformers\n\nCall the `fill-mask` pipeline with a sentence holding `[MASK]`.\n\n## Limitations\n\n- Short texts only\n");
        assert!(run(&MISSING_SECTION, &c).is_empty());
    }

    #[test]
    fn empty_or_placeholder_sections_count_as_missing() {
        let c = card("# Model\n\n## Usage\n\n## Intended uses & limitations\n\nMore information needed\n\n## Training\n\nx\n");
        let f = run(&MISSING_SECTION, &c);
        assert_eq!(
            pointed(&c, &f),
            ["## Usage", "## Intended uses & limitations"]
        );
        assert_eq!(
            f[0].message,
            "the required `usage` section is empty, so it counts as missing"
        );
        assert_eq!(
            f[1].message,
            "the required `limitations` section only has placeholder text, so it counts as missing"
        );
    }

    #[test]
    fn bilingual_headings_match_on_their_parenthesis() {
        let c = card("# M\n\n## 模型推理 (Inference)\n\n```python\nrun()\n```\n\n## 局限性 (Limitations)\n\n仅限中文。\n");
        assert!(run(&MISSING_SECTION, &c).is_empty());
    }

    #[test]
    fn one_good_match_is_enough() {
        let c = card("# M\n\n## Usage\n\n[More Information Needed]\n\n## Quick start\n\n`pip install m`\n\n## Limitations\n\nSome.\n");
        assert!(run(&MISSING_SECTION, &c).is_empty());
    }

    #[test]
    fn configured_sections_and_synonyms() {
        let config = Config::from_toml("[sections]\nrequired = [\"citation\", \"zoo\"]\n[sections.synonyms]\nzoo = [\"Model zoo\"]\n").unwrap();
        let c = card("# M\n\n## BibTeX entry and citation info\n\n```bibtex\n@misc{x}\n```\n");
        let f = run_with(&MISSING_SECTION, &c, &config);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].message, "the card has no `zoo` section");
        assert_eq!(
            f[0].help.as_deref(),
            Some("add a `## Model zoo` section; headings accepted for it include \"Model zoo\"; or, if your heading is not recognised, add it under `[sections.extend-synonyms]` in cardgen.toml (`cardgen explain CG201` lists every accepted heading)")
        );
        let none = Config::from_toml("[sections]\nrequired = []\n").unwrap();
        assert!(run_with(&MISSING_SECTION, &card(""), &none).is_empty());
    }

    #[test]
    fn usage_code_and_limitation_sentences_count_wherever_they_stand() {
        let c = card("# M\n\nYou can use it by\n\n```python\nm = AutoModel.from_pretrained(\"me/m\")\n```\n\n**Note:** the model may produce biased outputs on dialects.\n");
        assert!(run(&MISSING_SECTION, &c).is_empty());
        let c = card("# M\n\n## Prompt Templates\n\n```\n<|im_start|>user\nhi<|im_end|>\n```\n\nThis model is uncensored.\n");
        assert!(run(&MISSING_SECTION, &c).is_empty());
        let c = card("# M\n\n## ollama\n\nRun **ollama run me/m:Q4_K_M** in a terminal.\n\n## Disclaimers\n\nIt can be wrong.\n");
        assert!(run(&MISSING_SECTION, &c).is_empty());
    }

    #[test]
    fn a_card_without_usage_is_still_flagged() {
        let c = card("# M\n\n## How to use\n\nPlease refer to our publication to check how to use the model.\n\n## Usage (with Stable-baselines3)\nTODO: Add your code\n\n```python\nfrom stable_baselines3 import ...\n...\n```\n\n## Intended use\n\nDrafting emails.\n\n## Limitations\n\nEnglish only.\n");
        let f = run(&MISSING_SECTION, &c);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].message, "the card has no `usage` section");
    }

    #[test]
    fn one_placeholder_heading_for_both_sections_gives_one_finding() {
        let c = card("# M\n\n## Intended uses & limitations\n\nMore information needed\n\n## Training\n\nx\n");
        let f = run(&MISSING_SECTION, &c);
        assert_eq!(pointed(&c, &f), ["## Intended uses & limitations"]);
        assert_eq!(
            f[0].message,
            "this heading only has placeholder text: the required `usage` and `limitations` sections count as missing"
        );
        let all = crate::lint::lint_bytes(c.as_bytes(), &Config::default());
        let codes: Vec<&str> = all.iter().map(|d| d.finding.code).collect();
        assert_eq!(
            codes,
            ["CG201"],
            "no CG203 for the placeholder CG201 reports"
        );
    }

    #[test]
    fn a_heading_for_uses_and_limitations_needs_a_limitation() {
        let c = card("# M\n\n## Usage\n\n`pipeline(\"translation\", model=\"me/m\")`\n\n## Intended uses & limitations\n\nTranslating legal texts from Czech to Swedish.\n");
        let f = run(&MISSING_SECTION, &c);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].message, "the card has no `limitations` section");
    }
}
