//! Controlled vocabularies (`schemas/vocab/*.json`): membership and "did you mean" suggestions.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

/// The vocabularies the schema refers to, by file stem.
pub const NAMES: [&str; 4] = ["licenses", "pipeline_tags", "library_names", "languages"];

/// One vocabulary file, as written by `scripts/update-vocab`.
#[derive(Debug, Clone, Deserialize)]
pub struct VocabFile {
    /// Where the values come from, e.g. `npm:@huggingface/tasks@0.21.54`.
    pub source: String,
    pub values: Vec<String>,
    /// Values allowed on top of `values` (`code` and `multilingual` for languages).
    #[serde(default)]
    pub special: Vec<String>,
    /// English names by code (languages only), used for suggestions.
    #[serde(default)]
    pub names: BTreeMap<String, String>,
}

impl VocabFile {
    pub fn parse(text: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// Every allowed value (`values` and `special`), sorted.
    pub fn allowed(&self) -> Vec<String> {
        let mut all: Vec<String> = self.values.iter().chain(&self.special).cloned().collect();
        all.sort();
        all.dedup();
        all
    }
}

/// A vocabulary as compiled into the binary by `build.rs`: every allowed value sorted, and the
/// English names by code (languages only) sorted by code.
pub(super) struct Table {
    pub name: &'static str,
    pub source: &'static str,
    pub values: Packed,
    pub names: &'static [(&'static str, &'static str)],
}

/// Strings stored back to back in one `text`, item `i` ending at byte `ends[i]`: a static table
/// without a pointer per item, so without a relocation per item at start-up.
#[derive(Debug, Clone, Copy)]
pub struct Packed {
    pub text: &'static str,
    pub ends: &'static [u32],
}

impl Packed {
    /// Pack `items`, leaking them (tests build small vocabularies this way).
    #[cfg(test)]
    fn leak(items: &[&str]) -> Packed {
        let mut ends = Vec::with_capacity(items.len());
        let mut end = 0u32;
        for item in items {
            end += u32::try_from(item.len()).expect("short items");
            ends.push(end);
        }
        Packed {
            text: String::leak(items.concat()),
            ends: Vec::leak(ends),
        }
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn get(&self, i: usize) -> &'static str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = &'static str> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// Binary search, for items sorted as `str`s.
    pub fn contains(&self, value: &str) -> bool {
        self.find(value).is_some()
    }

    /// The index of `value`, by binary search (items sorted as `str`s).
    pub fn find(&self, value: &str) -> Option<usize> {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.get(mid).cmp(value) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }
}

include!(concat!(env!("OUT_DIR"), "/vocab_tables.rs"));

/// A vocabulary ready for lookups: binary search in a static sorted table (no start-up cost),
/// plus what suggestions need.
#[derive(Debug)]
pub struct Vocab {
    pub name: &'static str,
    pub source: &'static str,
    sorted: Packed,
    /// English names by code, sorted by code (languages only).
    names: &'static [(&'static str, &'static str)],
    /// Normalised form → value, for case- and separator-insensitive matches. Built on first use:
    /// only suggestions need it, and only when some value is not its own normalised form.
    normalised: OnceLock<BTreeMap<String, &'static str>>,
    /// Whether every value is its own normalised form (all but `library_names`), so that the
    /// sorted values serve as that map: building a map of every language code would cost more
    /// than the lookups it serves.
    self_normal: OnceLock<bool>,
    /// Lower-cased English name → code (languages only). Built on first use.
    by_name: OnceLock<BTreeMap<String, &'static str>>,
}

impl Vocab {
    /// The vocabularies compiled into the binary, in the order of [`NAMES`].
    pub fn builtin() -> Vec<Vocab> {
        TABLES
            .iter()
            .map(|t| Vocab::new(t.name, t.source, t.values, t.names))
            .collect()
    }

    /// A vocabulary of `sorted` values (sorted and without duplicates, as `build.rs` writes them).
    pub fn new(
        name: &'static str,
        source: &'static str,
        sorted: Packed,
        names: &'static [(&'static str, &'static str)],
    ) -> Self {
        debug_assert!(
            (1..sorted.len()).all(|i| sorted.get(i - 1) < sorted.get(i)),
            "{name} is not sorted"
        );
        Vocab {
            name,
            source,
            sorted,
            names,
            normalised: OnceLock::new(),
            self_normal: OnceLock::new(),
            by_name: OnceLock::new(),
        }
    }

    fn normalised(&self) -> &BTreeMap<String, &'static str> {
        self.normalised.get_or_init(|| {
            let mut normalised = BTreeMap::new();
            for v in self.sorted.iter() {
                normalised.entry(normalise(v)).or_insert(v);
            }
            normalised
        })
    }

    fn self_normal(&self) -> bool {
        *self
            .self_normal
            .get_or_init(|| self.sorted.iter().all(is_normal))
    }

    /// The value whose normalised form is `norm`, if any.
    fn by_normal_form(&self, norm: &str) -> Option<&'static str> {
        if self.self_normal() {
            self.sorted.find(norm).map(|i| self.sorted.get(i))
        } else {
            self.normalised().get(norm).copied()
        }
    }

    fn by_name(&self) -> &BTreeMap<String, &'static str> {
        self.by_name.get_or_init(|| {
            self.names
                .iter()
                .map(|(code, name)| (name.to_lowercase(), *code))
                .collect()
        })
    }

    pub fn contains(&self, value: &str) -> bool {
        self.sorted.contains(value)
    }

    pub fn len(&self) -> usize {
        self.sorted.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sorted.is_empty()
    }

    /// The allowed values, sorted.
    pub fn values(&self) -> impl ExactSizeIterator<Item = &'static str> + '_ {
        self.sorted.iter()
    }

    /// The valid value a mistyped one most likely meant: same text up to case and `_`/`-`/space,
    /// then (for vocabularies of words, not of 2–3 letter codes) the unique nearest value by edit
    /// distance.
    pub fn suggest(&self, value: &str) -> Option<&str> {
        let norm = normalise(value);
        if let Some(v) = self.by_normal_form(&norm) {
            return Some(v);
        }
        if self.name == "languages" {
            return None;
        }
        if self.self_normal() {
            // The map would hold each value under itself, in the same (sorted) order.
            nearest(&norm, self.sorted.iter().map(|v| (v, v)))
        } else {
            nearest(
                &norm,
                self.normalised().iter().map(|(n, v)| (n.as_str(), *v)),
            )
        }
    }

    /// What a value stands for, where the vocabulary file says (the English name of a language
    /// code); `None` for values without one.
    pub fn description(&self, value: &str) -> Option<&'static str> {
        self.names
            .binary_search_by(|(code, _)| (*code).cmp(value))
            .ok()
            .map(|i| self.names[i].1)
    }

    /// The code for an English language name (`English` → `en`); languages only.
    pub fn code_for_name(&self, name: &str) -> Option<&str> {
        self.by_name().get(&name.trim().to_lowercase()).copied()
    }
}

/// Whether `s` is its own [`normalise`]d form (checked without building that form).
fn is_normal(s: &str) -> bool {
    s.trim().len() == s.len()
        && !s
            .bytes()
            .any(|b| b.is_ascii_uppercase() || b == b'_' || b == b' ')
}

/// Lower-case, with `_` and spaces read as `-`.
pub fn normalise(s: &str) -> String {
    s.trim()
        .chars()
        .map(|c| match c {
            '_' | ' ' => '-',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// The unique candidate closest to `target` within a small edit distance (1 for short words,
/// 2 from five characters, 3 from twelve). `candidates` yields (comparable form, value).
pub fn nearest<'f, 'v>(
    target: &str,
    candidates: impl Iterator<Item = (&'f str, &'v str)>,
) -> Option<&'v str> {
    let n = target.chars().count();
    let limit = match n {
        0..=4 => 1,
        5..=11 => 2,
        _ => 3,
    };
    let mut best: Option<(usize, &'v str)> = None;
    let mut tie = false;
    for (form, value) in candidates {
        // The distance is at least the difference in length.
        if form.chars().count().abs_diff(n) > limit {
            continue;
        }
        let d = strsim::levenshtein(target, form);
        if d > limit {
            continue;
        }
        match best {
            Some((bd, _)) if d > bd => {}
            Some((bd, _)) if d == bd => tie = true,
            _ => {
                best = Some((d, value));
                tie = false;
            }
        }
    }
    best.filter(|_| !tie).map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab(name: &'static str, values: &[&'static str]) -> Vocab {
        let mut sorted = values.to_vec();
        sorted.sort_unstable();
        Vocab::new(name, "test", Packed::leak(&sorted), &[])
    }

    #[test]
    fn builtin_tables_match_the_vocabulary_files() {
        for (vocab, name) in Vocab::builtin().iter().zip(NAMES) {
            let path = format!("{}/schemas/vocab/{name}.json", env!("CARGO_MANIFEST_DIR"));
            let file = VocabFile::parse(&std::fs::read_to_string(path).unwrap()).unwrap();
            assert_eq!(vocab.name, name);
            assert_eq!(vocab.source, file.source);
            assert_eq!(vocab.values().collect::<Vec<_>>(), file.allowed());
            let names: Vec<(String, String)> = file.names.into_iter().collect();
            let table: Vec<(String, String)> = vocab
                .names
                .iter()
                .map(|(c, n)| (c.to_string(), n.to_string()))
                .collect();
            assert_eq!(table, names);
            assert!(vocab.values().all(|v| vocab.contains(v)));
            assert!(!vocab.contains("no such value") && !vocab.contains(""));
        }
    }

    #[test]
    fn suggests_by_case_and_separator_first() {
        let v = vocab("licenses", &["apache-2.0", "mit", "llama2"]);
        assert_eq!(v.suggest("Apache-2.0"), Some("apache-2.0"));
        assert_eq!(v.suggest("Apache 2.0"), Some("apache-2.0"));
        assert_eq!(v.suggest("MIT"), Some("mit"));
        assert_eq!(v.suggest("llama-2"), Some("llama2"));
        assert_eq!(v.suggest("gpl"), None);
    }

    #[test]
    fn case_sensitive_library_names_suggest_their_spelling() {
        let v = vocab("library_names", &["PaddleOCR", "transformers"]);
        assert!(!v.contains("Transformers"));
        assert_eq!(v.suggest("Transformers"), Some("transformers"));
        assert_eq!(v.suggest("paddleocr"), Some("PaddleOCR"));
    }

    #[test]
    fn ties_give_no_suggestion() {
        let v = vocab(
            "pipeline_tags",
            &["text-to-image", "text-to-video", "image-to-text"],
        );
        assert_eq!(v.suggest("text-to-imag"), Some("text-to-image"));
        assert_eq!(v.suggest("text-to-vid"), Some("text-to-video"));
        let tie = vocab("pipeline_tags", &["abcd-x", "abcd-y"]);
        assert_eq!(tie.suggest("abcd-z"), None);
    }

    #[test]
    fn self_normal_vocabularies_suggest_what_the_map_gives() {
        let mut vocabs = Vocab::builtin();
        vocabs.push(vocab(
            "pipeline_tags",
            &[
                "text-to-image",
                "text-to-video",
                "image-to-text",
                "abcd-x",
                "abcd-y",
            ],
        ));
        vocabs.push(vocab("library_names", &["PaddleOCR", "big_vision", "timm"]));
        let values = [
            "",
            " ",
            "EN",
            "en",
            " fr ",
            "en-US",
            "English",
            "zz",
            "xx-yy",
            "日本語",
            "Apache 2.0",
            "apache-2.0",
            "MIT",
            "mit ",
            "llama-2",
            "text_generation",
            "Text-Generation",
            "text-to-imag",
            "abcd-z",
            "transformers",
            "Transformers",
            "paddleocr",
            "big-vision",
            "BIG VISION",
            "tim",
            "timmm",
        ];
        for v in &vocabs {
            let map = v.normalised();
            for value in values {
                let norm = normalise(value);
                let want = map.get(&norm).copied().or_else(|| {
                    (v.name != "languages")
                        .then(|| nearest(&norm, map.iter().map(|(n, x)| (n.as_str(), *x))))
                        .flatten()
                });
                assert_eq!(v.suggest(value), want, "{}: {value:?}", v.name);
            }
        }
        let normal: Vec<bool> = Vocab::builtin().iter().map(Vocab::self_normal).collect();
        assert_eq!(normal, [true, true, false, true], "{NAMES:?}");
    }

    #[test]
    fn is_normal_says_whether_normalise_changes_a_value() {
        for s in [
            "", "en", "En", "a b", "a_b", "a-b", " a", "a ", "\u{a0}a", "a\u{a0}", "a\u{a0}b", "É",
            "é", "\t", "a\tb", "İ",
        ] {
            assert_eq!(is_normal(s), normalise(s) == s, "{s:?}");
        }
    }

    #[test]
    fn descriptions_are_the_language_names() {
        let vocabs = Vocab::builtin();
        let languages = vocabs.iter().find(|v| v.name == "languages").unwrap();
        assert_eq!(languages.description("fr"), Some("French"));
        assert_eq!(languages.description("zz"), None);
        let licenses = vocabs.iter().find(|v| v.name == "licenses").unwrap();
        assert_eq!(licenses.description("mit"), None);
    }

    #[test]
    fn languages_only_match_exactly_up_to_case() {
        let v = vocab("languages", &["en", "fr", "eng"]);
        assert_eq!(v.suggest("EN"), Some("en"));
        assert_eq!(v.suggest("ez"), None);
    }
}
