//! Profiles: named sets of required sections and metadata keys. `hub` is the default.

use serde::Deserialize;

/// A named starting point for what a card must contain. `[sections] required` and
/// `[metadata] required` in the configuration replace the profile's lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Profile {
    /// What the Hub and readers need: usage and limitations.
    #[default]
    Hub,
    /// Every section a complete card has.
    Strict,
    /// The technical documentation the EU AI Act asks of general-purpose AI model providers.
    EuAiAct,
}

/// One item a profile requires, with where the requirement comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Requirement {
    pub check: Check,
    /// What the item documents.
    pub what: &'static str,
    /// The legal or editorial source, e.g. "AI Act Annex XI 1(f), Annex XII 1(h)".
    pub source: &'static str,
}

/// How a requirement is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// A built-in section (CG201, missing-section).
    Section(&'static str),
    /// A top-level front-matter key (CG113, missing-metadata-key).
    Metadata(&'static str),
}

const HUB: &[Requirement] = &[
    sec("usage", "how to use the model", "Hub model card guide"),
    sec(
        "limitations",
        "limitations, biases and risks",
        "Hub model card guide",
    ),
];

const STRICT: &[Requirement] = &[
    sec(
        "description",
        "what the model is",
        "Hub model card template",
    ),
    sec("intended-use", "intended uses", "Hub model card template"),
    sec(
        "training-data",
        "the training data",
        "Hub model card template",
    ),
    sec(
        "training-procedure",
        "how it was trained",
        "Hub model card template",
    ),
    sec(
        "evaluation",
        "evaluation and results",
        "Hub model card template",
    ),
    sec(
        "limitations",
        "limitations and biases",
        "Hub model card template",
    ),
    sec("usage", "how to use it", "Hub model card template"),
    sec("citation", "how to cite it", "Hub model card template"),
];

/// Regulation (EU) 2024/1689, Article 53(1)(a) with Annex XI (documentation for the AI Office)
/// and Article 53(1)(b) with Annex XII (information for downstream providers).
const EU_AI_ACT: &[Requirement] = &[
    sec(
        "intended-use",
        "the tasks the model is intended to perform and the AI systems it can be integrated in",
        "AI Act Art. 53(1)(a)-(b); Annex XI 1(a), Annex XII 1(a)",
    ),
    sec(
        "acceptable-use",
        "the acceptable use policy",
        "AI Act Art. 53(1)(a)-(b); Annex XI 1(b), Annex XII 1(b)",
    ),
    sec(
        "architecture",
        "the architecture and number of parameters",
        "AI Act Art. 53(1)(a)-(b); Annex XI 1(d), Annex XII 1(f)",
    ),
    sec(
        "input-output",
        "the modalities and the format of inputs and outputs",
        "AI Act Art. 53(1)(a)-(b); Annex XI 1(e), Annex XII 1(g) and 2(b)",
    ),
    meta(
        "pipeline_tag",
        "the task, which names the input and output modalities on the Hub",
        "AI Act Annex XI 1(e), Annex XII 1(g)",
    ),
    sec(
        "training-data",
        "the training, testing and validation data: type, provenance and curation",
        "AI Act Art. 53(1)(a)-(b) and (d); Annex XI 2(c), Annex XII 2(c)",
    ),
    sec(
        "compute",
        "the computational resources used for training and the energy consumption",
        "AI Act Art. 53(1)(a); Annex XI 2(d)-(e)",
    ),
    meta(
        "license",
        "the licence",
        "AI Act Art. 53(1)(a)-(b); Annex XI 1(f), Annex XII 1(h)",
    ),
    sec(
        "release",
        "the date of release",
        "AI Act Art. 53(1)(a)-(b); Annex XI 1(c), Annex XII 1(c)",
    ),
    sec(
        "distribution",
        "the methods of distribution",
        "AI Act Art. 53(1)(a)-(b); Annex XI 1(c), Annex XII 1(c)",
    ),
    sec(
        "contact",
        "a contact point for downstream providers and the AI Office",
        "AI Act Art. 53(1)(b) (information on request); Art. 54 for non-EU providers",
    ),
];

const fn sec(name: &'static str, what: &'static str, source: &'static str) -> Requirement {
    Requirement {
        check: Check::Section(name),
        what,
        source,
    }
}

const fn meta(key: &'static str, what: &'static str, source: &'static str) -> Requirement {
    Requirement {
        check: Check::Metadata(key),
        what,
        source,
    }
}

impl Profile {
    pub const ALL: &'static [Profile] = &[Profile::Hub, Profile::Strict, Profile::EuAiAct];

    pub fn name(self) -> &'static str {
        match self {
            Profile::Hub => "hub",
            Profile::Strict => "strict",
            Profile::EuAiAct => "eu-ai-act",
        }
    }

    /// The profile called `name`.
    pub fn from_name(name: &str) -> Option<Profile> {
        Self::ALL.iter().copied().find(|p| p.name() == name)
    }

    /// Everything the profile requires, in report order.
    pub fn requirements(self) -> &'static [Requirement] {
        match self {
            Profile::Hub => HUB,
            Profile::Strict => STRICT,
            Profile::EuAiAct => EU_AI_ACT,
        }
    }

    /// The built-in sections the profile requires.
    pub fn sections(self) -> impl Iterator<Item = &'static str> {
        self.requirements().iter().filter_map(|r| match r.check {
            Check::Section(s) => Some(s),
            Check::Metadata(_) => None,
        })
    }

    /// The metadata keys the profile requires.
    pub fn metadata(self) -> impl Iterator<Item = &'static Requirement> {
        self.requirements()
            .iter()
            .filter(|r| matches!(r.check, Check::Metadata(_)))
    }
}

impl std::fmt::Display for Profile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::known_section as known;

    #[test]
    fn every_required_section_is_built_in_and_every_requirement_has_a_source() {
        for p in Profile::ALL {
            for r in p.requirements() {
                if let Check::Section(s) = r.check {
                    assert!(known(s).is_some(), "{p}: {s}");
                }
                assert!(!r.source.is_empty() && !r.what.is_empty());
            }
            assert_eq!(Profile::from_name(p.name()), Some(*p));
        }
        assert_eq!(
            Profile::Hub.sections().collect::<Vec<_>>(),
            crate::rules::sections::known::DEFAULT_REQUIRED
        );
        assert_eq!(Profile::Strict.sections().count(), 8);
        for word in ["Annex XI", "Annex XII", "Art. 53"] {
            assert!(EU_AI_ACT.iter().any(|r| r.source.contains(word)), "{word}");
        }
    }
}
