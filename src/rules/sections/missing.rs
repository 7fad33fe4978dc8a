//! CG201: a required section is missing, empty, or only placeholder text.

use super::known::SectionSpec;
use crate::card::markdown::{heading_alt_key, heading_key, Heading};
use crate::finding::Finding;
use crate::rules::{declare_rule, Context};

use super::placeholder;

declare_rule! {
    /// A required section is missing, empty, or holds only placeholder text.
    ///
    /// ## What it checks
    /// For each section in `[sections] required` (by default the profile's: `usage` and
    /// `limitations` for `hub`; see the README for `strict` and `eu-ai-act`), that
    /// some heading of any level matches one of the section's synonyms and its section (up to the
    /// next heading of the same or a higher level, sub-sections included) has real content. A
    /// section with no content, or only template placeholders such as `[More Information
    /// Needed]`, counts as missing. Matching ignores case, punctuation, emoji, numbering and a
    /// trailing `[optional]` or `(…)`; the text in a trailing `(…)` is also tried on its own,
    /// for bilingual headings like "模型推理 (Inference)". `cardgen.toml` can change the synonyms.
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

fn check_missing(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let required = &ctx.settings.sections.required;
    if required.is_empty() || ctx.encoding_error.is_some() {
        return;
    }
    let headings = &ctx.outline().headings;
    let keys: Vec<(String, Option<String>)> = headings
        .iter()
        .map(|h| (heading_key(&h.text), heading_alt_key(&h.text)))
        .collect();
    for spec in required {
        let matching: Vec<&Heading> = headings
            .iter()
            .zip(&keys)
            .filter(|(_, (key, alt))| {
                spec.matches_key(key) || alt.as_deref().is_some_and(|a| spec.matches_key(a))
            })
            .map(|(h, _)| h)
            .collect();
        if let Some(f) = judge(ctx, spec, &matching) {
            out.push(f);
        }
    }
}

/// How a matching section falls short.
enum Shortfall {
    Empty,
    OnlyPlaceholders,
}

/// A finding unless one of the `matching` headings has real content.
fn judge(ctx: &Context<'_>, spec: &SectionSpec, matching: &[&Heading]) -> Option<Finding> {
    let mut first_bad: Option<(&Heading, Shortfall)> = None;
    for h in matching {
        let shortfall = if !ctx.outline().has_content(h.content) {
            Shortfall::Empty
        } else if placeholder::only_placeholders(ctx, h.content) {
            Shortfall::OnlyPlaceholders
        } else {
            return None;
        };
        first_bad.get_or_insert((h, shortfall));
    }
    Some(match first_bad {
        None => MISSING_SECTION
            .finding(format!("the card has no `{}` section", spec.name))
            .help(spec.missing_help()),
        Some((h, why)) => {
            let (what, label) = match why {
                Shortfall::Empty => ("is empty", "no content under this heading"),
                Shortfall::OnlyPlaceholders => (
                    "only has placeholder text",
                    "only placeholders under this heading",
                ),
            };
            MISSING_SECTION
                .finding(format!(
                    "the required `{}` section {what}, so it counts as missing",
                    spec.name
                ))
                .at(h.span)
                .label(label)
                .help(format!(
                    "write the {} section under this heading",
                    spec.name
                ))
        }
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
            Some("add a `## Usage` section; headings accepted for it include \"Usage\", \"How to use\", \"Quick start\", \"Getting started\", \"Inference\", and 35 more")
        );
    }

    #[test]
    fn passes_when_sections_have_content_at_any_level() {
        let c = card("# Model\n\n## 1. How to use\n\n```python\nrun()\n```\n\n#### Bias, Risks, and Limitations [optional]\n\nEnglish only.\n");
        assert!(run(&MISSING_SECTION, &c).is_empty());
        let c = card("# Model\n\n## Uses\n\n### Direct Use\n\nClassify reviews.\n\n## Limitations\n\n- Short texts only\n");
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
            Some("add a `## Model zoo` section; headings accepted for it include \"Model zoo\"")
        );
        let none = Config::from_toml("[sections]\nrequired = []\n").unwrap();
        assert!(run_with(&MISSING_SECTION, &card(""), &none).is_empty());
    }
}
