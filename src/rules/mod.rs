//! The rule registry: every check cardgen runs, with a stable code and name.
//!
//! A rule is one `declare_rule!` in one file (or one small family file): its doc comment is what
//! `cardgen explain` prints, its `check` function reads the shared [`Context`] (the card and the
//! [`Settings`]) and pushes findings, and its optional fixer sits beside it. Add a rule by writing
//! the file and adding one line to [`RULES`].

use std::cell::OnceCell;

use crate::card::CardContext;
use crate::finding::{Finding, Fix, Severity};
use crate::model_files::Siblings;

mod files;
mod metadata;
pub(crate) mod reading;
pub mod sections;
pub mod settings;
pub(crate) mod suppression;

pub use settings::Settings;

/// What a rule sees: the card, read once, and the settings. Derefs to the card.
pub struct Context<'a> {
    pub card: &'a CardContext<'a>,
    pub settings: &'a Settings,
    /// The model files in the card's folder, when the card was read from one.
    pub siblings: Option<&'a Siblings>,
    metadata_valid: OnceCell<bool>,
    /// CG201's verdict on each required section, which CG203 asks too.
    pub(crate) section_verdicts: OnceCell<Vec<sections::missing::Verdict>>,
}

impl<'a> Context<'a> {
    pub fn new(card: &'a CardContext<'a>, settings: &'a Settings) -> Self {
        Context {
            card,
            settings,
            siblings: None,
            metadata_valid: OnceCell::new(),
            section_verdicts: OnceCell::new(),
        }
    }

    /// The same context, knowing the files beside the card.
    pub fn with_siblings(mut self, siblings: Option<&'a Siblings>) -> Self {
        self.siblings = siblings;
        self
    }

    /// Whether the metadata mapping (if any) passes the schema, checked once for the card. The
    /// schema's properties are checked independently of each other, so when the whole mapping
    /// passes, every rule that checks some of its keys can skip its own validation.
    pub fn metadata_valid(&self) -> bool {
        *self.metadata_valid.get_or_init(|| {
            self.card
                .meta()
                .is_none_or(|m| crate::schema::schema().is_valid(m))
        })
    }
}

/// Run `f` on the context of a card read with `config` (for tests of single rules).
#[cfg(test)]
pub(crate) fn with_context<R>(
    bytes: &[u8],
    config: &crate::config::Config,
    f: impl FnOnce(&Context<'_>) -> R,
) -> R {
    let card = CardContext::new(bytes, &config.limits.yaml);
    f(&Context::new(&card, config))
}

impl<'a> std::ops::Deref for Context<'a> {
    type Target = CardContext<'a>;
    fn deref(&self) -> &CardContext<'a> {
        self.card
    }
}

pub(crate) use metadata::repeated_tags;

/// Declare a rule. The doc comment becomes [`Rule::docs`]; its first line is the summary. An
/// optional `fix: path` makes the rule fixable by `cardgen lint --fix` (see [`crate::fix`]).
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis const $id:ident = {
            code: $code:literal,
            name: $name:literal,
            severity: $sev:ident,
            check: $check:path
            $(, fix: $fix:path)? $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        $vis const $id: $crate::rules::Rule = $crate::rules::Rule {
            code: $code,
            name: $name,
            severity: $crate::finding::Severity::$sev,
            docs: concat!($($doc, "\n"),*),
            check: $check,
            fix: $crate::rules::optional_fix!($($fix)?),
        };
    };
}
pub(crate) use declare_rule;

/// `Some(fixer)`, or `None` without one (for [`declare_rule!`]).
macro_rules! optional_fix {
    () => {
        None
    };
    ($fix:path) => {
        Some($fix)
    };
}
pub(crate) use optional_fix;

/// Every rule, in code order.
pub const RULES: &[Rule] = &[
    reading::FILE_ENCODING,
    reading::FRONT_MATTER_MISSING,
    reading::FRONT_MATTER_UNCLOSED,
    reading::YAML_SYNTAX,
    reading::FRONT_MATTER_NOT_MAPPING,
    reading::YAML_LIMIT,
    reading::DUPLICATE_KEY,
    reading::AMBIGUOUS_VALUE,
    reading::RECURSIVE_ALIAS,
    reading::CARD_TOO_LARGE,
    reading::NOT_A_CARD,
    metadata::METADATA_SCHEMA,
    metadata::INVALID_LICENSE,
    metadata::INVALID_PIPELINE_TAG,
    metadata::INVALID_LIBRARY_NAME,
    metadata::INVALID_LANGUAGE,
    metadata::UNKNOWN_KEY,
    metadata::LICENSE_OTHER_INCOMPLETE,
    metadata::INVALID_HUB_ID,
    metadata::NULL_ENTRY,
    metadata::MODEL_INDEX_INVALID,
    metadata::WIDGET_INVALID,
    metadata::CO2_EMISSIONS_INVALID,
    metadata::MISSING_METADATA_KEY,
    metadata::DUPLICATE_TAG,
    metadata::LICENSE_NOT_IN_METADATA,
    sections::MISSING_SECTION,
    sections::EMPTY_SECTION,
    sections::PLACEHOLDER_TEXT,
    sections::UNRENDERED_TEMPLATE,
    sections::EMPTY_BODY,
    sections::MISSING_TITLE,
    files::GGUF_FILE_MISMATCH,
    suppression::UNUSED_SUPPRESSION,
];

/// A check with its identity and documentation.
#[derive(Clone, Copy)]
pub struct Rule {
    /// Stable code, `CG` + three digits. Never reused.
    pub code: &'static str,
    /// Stable kebab-case name.
    pub name: &'static str,
    /// Severity unless configured otherwise.
    pub severity: Severity,
    /// Markdown: what it checks, why, a failing and a passing example.
    pub docs: &'static str,
    pub check: fn(&Context<'_>, &mut Vec<Finding>),
    /// Offers the fixes for what `check` reports, if the rule is fixable.
    pub fix: Option<Fixer>,
}

/// A rule's fixer: pushes the [`Fix`]es for the card's problems of that rule.
pub type Fixer = fn(&Context<'_>, &mut Vec<Fix>);

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.code, self.name)
    }
}

impl Rule {
    /// The first line of the docs.
    pub fn summary(&self) -> &'static str {
        self.docs
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or("")
    }

    /// Whether `cardgen lint --fix` can fix what this rule reports.
    pub fn fixable(&self) -> bool {
        self.fix.is_some()
    }

    /// The docs with the one leading space of each `///` line removed; for CG201, every
    /// heading accepted for each built-in section.
    pub fn explain(&self) -> String {
        let mut out = String::new();
        for line in self.docs.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        if self.code == sections::MISSING_SECTION.code {
            out.push('\n');
            out.push_str(&sections::known::accepted_headings());
        }
        out
    }

    /// Start a finding of this rule.
    pub fn finding(&self, message: impl Into<String>) -> Finding {
        Finding {
            code: self.code,
            name: self.name,
            severity: self.severity,
            message: message.into(),
            span: None,
            label: None,
            help: None,
        }
    }
}

/// Look a rule up by code (`CG101`, any case) or name (`yaml-syntax`).
pub fn find(code_or_name: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}

/// The rule table in the README: code, name, default severity, summary (and whether `--fix`
/// fixes it).
pub fn markdown_table() -> String {
    let mut out = String::from("| Code | Name | Default | What it checks |\n|---|---|---|---|\n");
    for r in RULES {
        out.push_str(&format!(
            "| `{}` | `{}` | {} | {}{} |\n",
            r.code,
            r.name,
            r.severity,
            r.summary().replace('|', "\\|"),
            if r.fixable() {
                " Fixable (`--fix`)."
            } else {
                ""
            }
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut codes = HashSet::new();
        let mut names = HashSet::new();
        for r in RULES {
            assert!(codes.insert(r.code), "duplicate code {}", r.code);
            assert!(names.insert(r.name), "duplicate name {}", r.name);
            assert!(
                r.code.len() == 5
                    && r.code.starts_with("CG")
                    && r.code[2..].bytes().all(|b| b.is_ascii_digit()),
                "bad code {}",
                r.code
            );
            assert!(
                r.name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "bad name {}",
                r.name
            );
            assert!(!r.summary().is_empty(), "{} has no docs", r.code);
        }
    }

    #[test]
    fn codes_are_in_order() {
        let codes: Vec<_> = RULES.iter().map(|r| r.code).collect();
        let mut sorted = codes.clone();
        sorted.sort();
        assert_eq!(codes, sorted);
    }

    #[test]
    fn fixed_names_exist() {
        for name in [
            "front-matter-missing",
            "yaml-syntax",
            "front-matter-not-mapping",
        ] {
            assert!(find(name).is_some(), "{name}");
        }
    }
}
