//! Which sections a card must have, and which headings count as each.

use crate::card::markdown::heading_key;

/// A section cardgen knows by name: its usual heading and the headings accepted for it.
///
/// Synonyms match a heading's normalised text ([`heading_key`]): case, punctuation, emoji,
/// numbering and trailing `[optional]` / `(…)` qualifiers are ignored. A leading or trailing `*`
/// matches any words before or after: `*usage*` accepts "Model usage" and "Usage with vLLM".
#[derive(Debug, Clone, Copy)]
pub struct KnownSection {
    pub name: &'static str,
    /// The heading to suggest when the section is missing.
    pub title: &'static str,
    pub synonyms: &'static [&'static str],
}

/// The built-in sections. `usage` and `limitations` are required by default. The first few
/// synonyms of each are the ones CG201's help names, so they are the plainest.
#[rustfmt::skip]
pub const KNOWN: &[KnownSection] = &[
    KnownSection {
        name: "usage",
        title: "Usage",
        synonyms: &[
            "Usage*", "*How to use*", "Quick start*", "Getting started*", "Inference", "*Usage",
            "*Inference", "Inference with *", "Inference on *", "Inference using *",
            "Inference code*", "Inference example*", "Inference demo*",
            "Uses", "Use", "Use with *", "Use it *", "Using *", "How to Get Started*", "Get started*",
            "Quickstart*", "Quick tour", "Direct Use", "Intended uses*", "Intended use",
            "*How to run*", "Run *", "Running *", "Example", "Examples", "Example code",
            "Code example*", "Sample code", "Demo", "*Prompt format*", "*Prompt template*",
            "Prompt", "Prompting", "How to prompt*", "Trigger words",
        ],
    },
    KnownSection {
        name: "limitations",
        title: "Limitations",
        synonyms: &[
            "*Limitations*", "*Risks", "*Out-of-Scope Use*", "*Ethical considerations*",
            "*Caveats*", "*Limitation*", "Bias", "Biases", "Bias and *", "Risks *",
            "Out-of-scope uses", "Misuse*", "Ethics*", "Known issues", "Disclaimer*", "Safety*",
            "Responsible AI*",
        ],
    },
    KnownSection {
        name: "description",
        title: "Model description",
        synonyms: &[
            "*Model description", "Description", "Model details", "Model summary", "Overview",
            "Summary", "Model overview", "About*", "Introduction", "Model information",
        ],
    },
    KnownSection {
        name: "intended-use",
        title: "Intended uses",
        synonyms: &["Intended use*", "Intended uses*", "Uses", "Direct use", "Downstream use*"],
    },
    KnownSection {
        name: "training-data",
        title: "Training data",
        synonyms: &[
            "*Training data*", "*Training dataset*", "Training and evaluation data", "Dataset*",
            "Data",
        ],
    },
    KnownSection {
        name: "training-procedure",
        title: "Training procedure",
        synonyms: &[
            "Training procedure*", "Training", "Training details", "Training hyperparameters",
            "Training process", "Training setup", "Fine-tuning*", "Finetuning*", "Training *",
        ],
    },
    KnownSection {
        name: "evaluation",
        title: "Evaluation",
        synonyms: &[
            "Evaluation*", "*Evaluation results", "Results", "Benchmark*", "Performance*",
            "Eval results", "Evaluations", "Metrics",
        ],
    },
    KnownSection {
        name: "citation",
        title: "Citation",
        synonyms: &[
            "Citation*", "*BibTeX*", "*How to cite*", "Cite", "Citing*", "Citations", "Reference",
            "References",
        ],
    },
    KnownSection {
        name: "environmental-impact",
        title: "Environmental impact",
        synonyms: &["Environmental impact", "Carbon*", "CO2*", "Emissions"],
    },
    KnownSection {
        name: "license",
        title: "License",
        synonyms: &["License*", "Licence*", "Licensing", "*License"],
    },
    KnownSection {
        name: "model-card-authors",
        title: "Model card authors",
        synonyms: &["Model card authors", "Authors", "Author", "Contributors", "Credits"],
    },
    KnownSection {
        name: "contact",
        title: "Model card contact",
        synonyms: &["*Contact*"],
    },
    KnownSection {
        name: "acceptable-use",
        title: "Acceptable use policy",
        synonyms: &[
            "*Acceptable use*", "*Use policy", "Usage policy", "Prohibited use*", "Out-of-scope use*",
            "Misuse*",
        ],
    },
    KnownSection {
        name: "architecture",
        title: "Model architecture",
        synonyms: &[
            "*Architecture*", "Technical specifications*", "Model specifications", "Parameters",
            "Model size",
        ],
    },
    KnownSection {
        name: "input-output",
        title: "Inputs and outputs",
        synonyms: &[
            "*Inputs and outputs*", "*Input and output*", "Input*", "Output*", "Modalities",
            "Modality", "*Input format*", "*Output format*",
        ],
    },
    KnownSection {
        name: "compute",
        title: "Compute and energy",
        synonyms: &[
            "*Compute*", "Hardware*", "*Energy*", "Environmental impact", "Carbon*", "CO2*",
            "Training infrastructure",
        ],
    },
    KnownSection {
        name: "release",
        title: "Release date",
        synonyms: &["Release*", "*Release date", "Model date", "Date*", "Version history", "Changelog"],
    },
    KnownSection {
        name: "distribution",
        title: "Distribution",
        synonyms: &["*Distribution*", "Availability", "Access*", "Download*", "Where to get it"],
    },
];

/// The sections required when the configuration does not say.
pub const DEFAULT_REQUIRED: &[&str] = &["usage", "limitations"];

/// The built-in section called `name`.
pub fn known(name: &str) -> Option<&'static KnownSection> {
    KNOWN.iter().find(|k| k.name == name)
}

/// The sections part of the configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionsConfig {
    /// Sections every card must have, in the order they are reported.
    pub required: Vec<SectionSpec>,
}

impl Default for SectionsConfig {
    fn default() -> Self {
        let required = DEFAULT_REQUIRED
            .iter()
            .filter_map(|name| known(name))
            .map(SectionSpec::from_known)
            .collect();
        SectionsConfig { required }
    }
}

/// "add a `## Usage` section; headings accepted for it include …", listing a few synonyms.
fn missing_help(title: &str, synonyms: &[String]) -> String {
    const SHOWN: usize = 5;
    let mut shown: Vec<String> = synonyms
        .iter()
        .take(SHOWN)
        .map(|s| format!("\"{}\"", s.trim_matches('*')))
        .collect();
    if synonyms.len() > SHOWN {
        shown.push(format!("and {} more", synonyms.len() - SHOWN));
    }
    format!(
        "add a `## {title}` section; headings accepted for it include {}",
        shown.join(", ")
    )
}

/// One required section: its name, and the headings that count as it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionSpec {
    pub name: String,
    /// The heading suggested when it is missing.
    pub title: String,
    /// Accepted headings, as written in the configuration.
    pub synonyms: Vec<String>,
    patterns: Vec<Pattern>,
    /// The hash of the first word of each pattern without a leading `*` and its index into
    /// `patterns`, sorted: a heading can only match such a pattern if its first word is the
    /// pattern's.
    anchored: Vec<(u64, usize)>,
    /// The same for the patterns with a leading `*`, which may start at any word of a heading:
    /// only those whose first word is that word are tried there.
    floating: Vec<(u64, usize)>,
    /// A 256-bit Bloom filter of the hashes in `anchored` and `floating`: most words of most
    /// headings start no pattern, and this tells so without the binary search.
    first_words: [u64; 4],
    /// What CG201 suggests when the section is missing (built once, not per card).
    missing_help: String,
}

impl SectionSpec {
    /// A section with its heading synonyms. Returns the first synonym that has no letters or
    /// digits as the error.
    pub fn new(name: &str, title: &str, synonyms: Vec<String>) -> Result<Self, String> {
        let patterns: Vec<Pattern> = synonyms
            .iter()
            .map(|s| Pattern::parse(s).ok_or_else(|| s.clone()))
            .collect::<Result<_, _>>()?;
        let (mut anchored, mut floating): (Vec<_>, Vec<_>) = (0..patterns.len())
            .map(|i| (patterns[i].first_hash(), i))
            .partition(|&(_, i)| !patterns[i].any_before);
        anchored.sort_unstable();
        floating.sort_unstable();
        let mut first_words = [0u64; 4];
        for &(h, _) in anchored.iter().chain(&floating) {
            first_words[bloom_slot(h)] |= bloom_bit(h);
        }
        Ok(SectionSpec {
            name: name.to_string(),
            title: title.to_string(),
            missing_help: missing_help(title, &synonyms),
            synonyms,
            patterns,
            anchored,
            floating,
            first_words,
        })
    }

    /// "add a `## Usage` section; headings accepted for it include …": what to do when the
    /// section is missing.
    pub fn missing_help(&self) -> &str {
        &self.missing_help
    }

    pub fn from_known(k: &KnownSection) -> Self {
        let synonyms = k.synonyms.iter().map(|s| s.to_string()).collect();
        SectionSpec::new(k.name, k.title, synonyms).expect("built-in synonyms have words")
    }

    /// Whether a heading, given by its [`heading_key`], counts as this section.
    pub fn matches_key(&self, key: &str) -> bool {
        let words: Vec<&str> = key.split(' ').filter(|w| !w.is_empty()).collect();
        self.matches_words(&words)
    }

    /// Whether a heading, given by the words of its [`heading_key`], counts as this section.
    pub fn matches_words(&self, words: &[&str]) -> bool {
        let words: Vec<Word<'_>> = words.iter().map(|w| Word::new(w)).collect();
        self.matches_hashed(&words)
    }

    /// [`SectionSpec::matches_words`] for words hashed once, to match them against several
    /// sections.
    pub fn matches_hashed(&self, words: &[Word<'_>]) -> bool {
        let Some(first) = words.first() else {
            return false;
        };
        let may_start = |h: u64| self.first_words[bloom_slot(h)] & bloom_bit(h) != 0;
        may_start(first.hash)
            && with_first_word(&self.anchored, first.hash)
                .any(|i| self.patterns[i].matches_at(words, 0))
            || words.iter().enumerate().any(|(at, w)| {
                may_start(w.hash)
                    && with_first_word(&self.floating, w.hash)
                        .any(|i| self.patterns[i].matches_at(words, at))
            })
    }
}

/// The patterns of `index` (sorted by first-word hash) whose first word hashes to `hash`.
fn with_first_word(index: &[(u64, usize)], hash: u64) -> impl Iterator<Item = usize> + '_ {
    let from = index.partition_point(|&(h, _)| h < hash);
    index[from..]
        .iter()
        .take_while(move |&&(h, _)| h == hash)
        .map(|&(_, i)| i)
}

/// A word of a heading key with its hash, so that comparing it with the words of many patterns
/// is mostly comparing integers.
#[derive(Debug, Clone, Copy)]
pub struct Word<'a> {
    hash: u64,
    text: &'a str,
}

impl<'a> Word<'a> {
    pub fn new(text: &'a str) -> Self {
        Word {
            hash: hash_word(text),
            text,
        }
    }
}

/// Which word of [`SectionSpec::first_words`] a hash sets (bits 6 and 7 of its top byte)...
fn bloom_slot(h: u64) -> usize {
    (h >> 62) as usize
}

/// ... and which bit of it (bits 0 to 5 of its top byte).
fn bloom_bit(h: u64) -> u64 {
    1 << ((h >> 56) & 63)
}

/// FNV-1a.
fn hash_word(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A synonym, normalised: its words and whether other words may come before or after.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Pattern {
    /// The synonym's [`heading_key`]: its words joined by single spaces.
    key: String,
    /// Each word's [`hash_word`] and where it is in `key`: one allocation per pattern, not one
    /// per word.
    words: Vec<(u64, std::ops::Range<usize>)>,
    any_before: bool,
    any_after: bool,
}

impl Pattern {
    fn parse(synonym: &str) -> Option<Self> {
        let s = synonym.trim();
        let any_before = s.starts_with('*');
        let any_after = s.ends_with('*') && s.len() > 1;
        let key = heading_key(s.trim_matches('*'));
        let mut words = Vec::with_capacity(key.bytes().filter(|&b| b == b' ').count() + 1);
        let mut start = 0;
        for w in key.split(' ') {
            if !w.is_empty() {
                words.push((hash_word(w), start..start + w.len()));
            }
            start += w.len() + 1;
        }
        (!words.is_empty()).then_some(Pattern {
            key,
            words,
            any_before,
            any_after,
        })
    }

    /// The first word's hash.
    fn first_hash(&self) -> u64 {
        self.words[0].0
    }

    /// Whether the pattern's words occur in `key` as consecutive words from word `at`, which
    /// must be its first word unless `any_before`; they must end `key` unless `any_after`.
    fn matches_at(&self, key: &[Word<'_>], at: usize) -> bool {
        let end = at + self.words.len();
        if end > key.len() || (at > 0 && !self.any_before) || (end < key.len() && !self.any_after) {
            return false;
        }
        key[at..end].iter().zip(&self.words).all(|(k, (h, range))| {
            k.hash == *h && k.text.as_bytes() == &self.key.as_bytes()[range.clone()]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(synonyms: &[&str]) -> SectionSpec {
        SectionSpec::new("x", "X", synonyms.iter().map(|s| s.to_string()).collect()).unwrap()
    }

    fn matches(spec: &SectionSpec, heading: &str) -> bool {
        spec.matches_key(&heading_key(heading))
    }

    #[test]
    fn exact_synonyms_ignore_case_punctuation_and_qualifiers() {
        let s = spec(&["Bias, Risks, and Limitations"]);
        assert!(matches(&s, "BIAS, RISKS AND LIMITATIONS"));
        assert!(matches(&s, "3. Bias, Risks, & Limitations [optional]"));
        assert!(!matches(&s, "Bias, Risks, and Limitations of the model"));
        assert!(!matches(&s, "Risks and Limitations"));
    }

    #[test]
    fn stars_allow_words_before_and_after() {
        let s = spec(&["*usage*", "How to use*"]);
        for yes in [
            "Usage",
            "Model usage",
            "Usage with vLLM",
            "Example usage (CLI)",
            "How to use it",
        ] {
            assert!(matches(&s, yes), "{yes}");
        }
        for no in ["Usages", "Misusage", "How to", "Use", "Somehow to use"] {
            assert!(!matches(&s, no), "{no}");
        }
    }

    #[test]
    fn empty_synonyms_are_rejected_and_empty_headings_never_match() {
        assert_eq!(
            SectionSpec::new("x", "X", vec!["🚀".into()]),
            Err("🚀".to_string())
        );
        assert!(!spec(&["usage"]).matches_key(""));
    }

    #[test]
    fn default_sections_cover_common_headings() {
        let d = SectionsConfig::default();
        let (usage, limits) = (&d.required[0], &d.required[1]);
        for h in [
            "Usage",
            "How to use",
            "How to Use",
            "Uses",
            "Direct Use",
            "How to Get Started with the Model",
            "Inference",
            "Quick start",
            "Quickstart",
            "Getting started",
            "Example usage",
            "Use",
            "Intended uses & limitations",
            "Usage (Sentence-Transformers)",
            "Use with llama.cpp",
            "Demo: How to use in ESPnet2",
        ] {
            assert!(matches(usage, h), "usage: {h}");
        }
        for h in [
            "Limitations",
            "Bias, Risks, and Limitations",
            "Limitations and bias",
            "Bias, Risks and Limitations",
            "Risks",
            "Out-of-Scope Use",
            "Intended uses & limitations",
            "Known limitations",
            "Ethical considerations",
            "Ethical Considerations and Limitations",
            "Misuse and Malicious Use",
        ] {
            assert!(matches(limits, h), "limitations: {h}");
        }
        for h in [
            "Training procedure",
            "Model description",
            "Citation",
            "Out-of-scope use",
            "Licence and usage restrictions",
            "Inference time",
        ] {
            assert!(!matches(usage, h), "not usage: {h}");
        }
    }

    /// `Pattern::matches` as it was before words were hashed and indexed.
    fn reference(p: &Pattern, key: &[&str]) -> bool {
        let words: Vec<&str> = p.key.split(' ').collect();
        let n = words.len();
        let Some(last) = key.len().checked_sub(n) else {
            return false;
        };
        let (from, to) = match (p.any_before, p.any_after) {
            (false, false) if last != 0 => return false,
            (false, _) => (0, 0),
            (true, false) => (last, last),
            (true, true) => (0, last),
        };
        (from..=to).any(|i| key[i..i + n].iter().zip(&words).all(|(k, w)| k == w))
    }

    #[test]
    fn the_first_word_index_finds_what_trying_every_pattern_finds() {
        let mut headings: Vec<String> = vec![
            "".into(),
            "a".into(),
            "zzz".into(),
            "model usage with vllm".into(),
            "how to use it".into(),
            "bias and fairness".into(),
            "intended uses and limitations".into(),
        ];
        for k in KNOWN {
            headings.push(heading_key(k.title));
            for syn in k.synonyms {
                let key = heading_key(syn.trim_matches('*'));
                headings.push(format!("x {key} y"));
                headings.push(format!("{key} y"));
                headings.push(format!("x {key}"));
                headings.push(key);
            }
        }
        let mut hits = 0;
        for k in KNOWN {
            let spec = SectionSpec::from_known(k);
            for h in &headings {
                let words: Vec<&str> = h.split(' ').filter(|w| !w.is_empty()).collect();
                let every = !words.is_empty() && spec.patterns.iter().any(|p| reference(p, &words));
                assert_eq!(spec.matches_words(&words), every, "{}: {h:?}", k.name);
                hits += usize::from(every);
            }
        }
        assert!(hits > 100, "{hits}");
    }

    #[test]
    fn every_known_section_parses() {
        for k in KNOWN {
            let s = SectionSpec::from_known(k);
            assert!(
                s.matches_key(&heading_key(k.title)),
                "{} must match its title",
                k.name
            );
        }
    }
}
