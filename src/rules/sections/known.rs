//! The sections cardgen knows by name, and which headings count as each.

use foldhash::{HashMap, HashMapExt as _};

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
            "Inference code*", "Inference example*", "Inference demo*", "*inferencing*",
            "Use with *", "Use in *", "Use it *", "Using *", "How to Get Started*", "Get started*",
            "Quickstart*", "Quick tour", "*How to run*", "Run *", "Running *", "Example",
            "Examples", "Example code", "Example usage*", "Code example*", "Sample code", "Demo",
            "Demonstration*", "*demo script*", "Model in action*", "How to query*", "How to download and use*",
            "How to easily download and use*", "*Prompt format*", "*Prompt formats*",
            "*Prompt template*", "*Prompt templates*", "*Instruction format*", "*Chat template*",
            "Example prompt*", "Sample prompt*", "Prompt example*", "Prompt", "Prompting",
            "How to prompt*", "Trigger words", "Recommended settings*",
            "Utilisation", "Utilisation du modèle", "Uso", "Uso del modelo", "Modo de uso",
            "Cómo usar*", "Como usar*", "Utilizzo", "Verwendung", "Anwendung", "Nutzung",
            "Использование", "Применение", "Penggunaan", "Cara penggunaan", "Kullanım",
            "Cách sử dụng", "使い方", "使用例", "使用方法", "用法", "使用说明", "推理",
            "사용법", "사용 방법", "사용 예시",
        ],
    },
    KnownSection {
        name: "limitations",
        title: "Limitations",
        synonyms: &[
            "*Limitations*", "*Risks", "*Out-of-Scope Use*", "*Ethical considerations*",
            "*Caveats*", "*Limitation*", "Bias", "Biases", "Bias and *", "Risks *",
            "Out-of-scope uses", "Misuse*", "Ethics*", "*Known issues*", "*Disclaimer*",
            "*Disclaimers*", "Safety*", "Responsible AI*", "*Usage warning*", "*Usage warnings*",
            "Warning*", "Warnings*", "Caution*", "Notice", "*Important notice*",
            "Declaration*", "Limitaciones*", "Sesgos*", "Biais*", "Einschränkungen*",
            "Limitazioni*", "Limitações*", "Ограничения*", "限界", "バイアス", "注意",
            "声明", "免责", "局限", "偏见", "风险", "リスク", "制限", "想定されない",
            "使用してはいけない", "제한", "한계", "편향",
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

/// One section: its name, and the headings that count as it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionSpec {
    pub name: String,
    /// The heading suggested when it is missing.
    pub title: String,
    /// Accepted headings, as written in the configuration.
    pub synonyms: Vec<String>,
    /// [`SectionSpec::missing_help`], written once: it is the help of most cards' findings.
    help: String,
    patterns: Vec<Pattern>,
    /// The spaced patterns, by their first word: only those whose first word a heading has can
    /// match it.
    by_first_word: HashMap<String, Vec<usize>>,
    /// The patterns written in a script without spaces (see [`Pattern::unspaced`]): only a
    /// heading that is not all ASCII can match them.
    unspaced: Vec<usize>,
}

impl SectionSpec {
    /// A section with its heading synonyms. Returns the first synonym that has no letters or
    /// digits as the error.
    pub fn new(name: &str, title: &str, synonyms: Vec<String>) -> Result<Self, String> {
        let patterns: Vec<Pattern> = synonyms
            .iter()
            .map(|s| Pattern::parse(s).ok_or_else(|| s.clone()))
            .collect::<Result<_, _>>()?;
        let mut by_first_word: HashMap<String, Vec<usize>> = HashMap::new();
        let mut unspaced = Vec::new();
        for (i, p) in patterns.iter().enumerate() {
            if p.unspaced.is_some() {
                unspaced.push(i);
            } else {
                by_first_word.entry(p.words[0].clone()).or_default().push(i);
            }
        }
        Ok(SectionSpec {
            name: name.to_string(),
            title: title.to_string(),
            help: missing_help(title, &synonyms),
            synonyms,
            patterns,
            by_first_word,
            unspaced,
        })
    }

    /// "add a `## Usage` section; headings accepted for it include …": what to do when the
    /// section is missing.
    pub fn missing_help(&self) -> &str {
        &self.help
    }

    pub fn from_known(k: &KnownSection) -> Self {
        let synonyms = k.synonyms.iter().map(|s| s.to_string()).collect();
        SectionSpec::new(k.name, k.title, synonyms).expect("built-in synonyms have words")
    }

    /// Whether a heading, given by its [`heading_key`], counts as this section.
    pub fn matches_key(&self, key: &str) -> bool {
        self.matches(&Key::new(key))
    }

    /// Whether a heading, given by its [`Key`], counts as this section.
    pub fn matches(&self, key: &Key<'_>) -> bool {
        let spaced = key
            .words
            .iter()
            .filter_map(|w| self.by_first_word.get(*w))
            .flatten();
        let unspaced = (!key.whole.is_ascii()).then_some(&self.unspaced);
        spaced
            .chain(unspaced.into_iter().flatten())
            .any(|&i| self.patterns[i].matches(key.whole, &key.words))
    }
}

/// A heading's [`heading_key`] with its words, split once to match against every section.
pub struct Key<'k> {
    whole: &'k str,
    words: Vec<&'k str>,
}

impl<'k> Key<'k> {
    pub fn new(key: &'k str) -> Self {
        Key {
            whole: key,
            words: key.split(' ').filter(|w| !w.is_empty()).collect(),
        }
    }
}

/// A synonym, normalised: its words and whether other words may come before or after.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Pattern {
    /// The words of the synonym's [`heading_key`].
    words: Vec<String>,
    any_before: bool,
    any_after: bool,
    /// Written in a script without spaces between words (Chinese, Japanese): the key it is
    /// found in anywhere in a heading's key, even inside a longer "word".
    unspaced: Option<String>,
}

impl Pattern {
    fn parse(synonym: &str) -> Option<Self> {
        let s = synonym.trim();
        let key = heading_key(s.trim_matches('*'));
        let words: Vec<String> = key
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(String::from)
            .collect();
        let unspaced = key.chars().any(is_unspaced_script).then(|| words.join(" "));
        (!words.is_empty()).then_some(Pattern {
            words,
            any_before: s.starts_with('*'),
            any_after: s.ends_with('*') && s.len() > 1,
            unspaced,
        })
    }

    /// Whether the pattern's words occur in a heading's key (given whole and as words) as
    /// consecutive words: at its start unless `any_before`, at its end unless `any_after`.
    fn matches(&self, whole: &str, key: &[&str]) -> bool {
        if let Some(needle) = &self.unspaced {
            return whole.contains(needle.as_str());
        }
        let n = self.words.len();
        let Some(last) = key.len().checked_sub(n) else {
            return false;
        };
        let (from, to) = match (self.any_before, self.any_after) {
            (false, false) if last != 0 => return false,
            (false, _) => (0, 0),
            (true, false) => (last, last),
            (true, true) => (0, last),
        };
        (from..=to).any(|i| key[i..i + n].iter().zip(&self.words).all(|(k, w)| k == w))
    }
}

/// Han and kana: scripts that write words without spaces between them.
fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xf900..=0xfaff)
}

/// Every section cardgen knows with the headings accepted for it, as Markdown (for
/// `cardgen explain CG201`).
pub fn accepted_headings() -> String {
    let mut out = String::from("## Headings accepted for each section\n");
    for k in KNOWN {
        let list: Vec<String> = k.synonyms.iter().map(|s| format!("`{s}`")).collect();
        out.push_str(&format!("\n- `{}`: {}\n", k.name, list.join(", ")));
    }
    out.push_str(
        "\n`*` stands for any words before or after; case, punctuation, emoji and numbering are \
         ignored. To accept another heading, add it in `cardgen.toml`:\n\n```toml\n\
         [sections.extend-synonyms]\nusage = [\"Try it out\"]\n```\n",
    );
    out
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
        let (usage, limits) = (
            SectionSpec::from_known(known("usage").unwrap()),
            SectionSpec::from_known(known("limitations").unwrap()),
        );
        for h in [
            "Usage",
            "How to use",
            "How to Use",
            "How to Get Started with the Model",
            "Inference",
            "Quick start",
            "Quickstart",
            "Getting started",
            "Example usage",
            "Usage (Sentence-Transformers)",
            "Prompt Templates",
            "Model in Action 🚀",
            "使い方例",
            "Utilisation",
            "Use with llama.cpp",
            "Demo: How to use in ESPnet2",
        ] {
            assert!(matches(&usage, h), "usage: {h}");
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
            "Disclaimers",
            "Usage warning",
            "Known issues",
            "注意❗",
        ] {
            assert!(matches(&limits, h), "limitations: {h}");
        }
        for h in [
            "Training procedure",
            "Model description",
            "Citation",
            "Out-of-scope use",
            "Licence and usage restrictions",
            "Inference time",
            "Uses",
            "Direct Use",
            "Intended uses & limitations",
        ] {
            assert!(!matches(&usage, h), "not usage: {h}");
        }
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
