//! CG103 invalid-pipeline-tag, CG104 invalid-library-name, CG105 invalid-language.

use super::edits::vocab_case;
use super::{generic_finding, issues, quote, Owner};
use crate::finding::Finding;
use crate::finding::Fix;
use crate::rules::Context;
use crate::rules::{declare_rule, Rule};
use crate::schema::{self, Issue, IssueKind};

declare_rule! {
    /// `pipeline_tag` is not one of the Hub's tasks.
    ///
    /// ## What it checks
    /// That `pipeline_tag` is one of the 57 `PIPELINE_TYPES` of `@huggingface/tasks` (e.g.
    /// `text-generation`, `image-classification`). Tags use `-`, never `_`; the finding suggests
    /// the nearest valid tag.
    ///
    /// ## Why
    /// The tag drives the task filter and the inference widget; an unknown one hides the model
    /// from the filter. Removed tags such as `conversational` and `text2text-generation` still
    /// sit in many cards on the Hub, so a rejection is not certain: severity warning.
    ///
    /// ## Autofix
    /// `cardgen lint --fix` corrects the case of a tag that matches exactly one Hub task when
    /// case is ignored (`Text-Generation` → `text-generation`); other spellings are left to you.
    ///
    /// ## Example
    /// Bad: `pipeline_tag: text_generation` — Good: `pipeline_tag: text-generation`
    pub const INVALID_PIPELINE_TAG = {
        code: "CG103",
        name: "invalid-pipeline-tag",
        severity: Warning,
        check: check_pipeline_tag,
        fix: pipeline_tag_case,
    }
}

fn check_pipeline_tag(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    report(
        ctx,
        out,
        &INVALID_PIPELINE_TAG,
        Owner::PipelineTag,
        |value| {
            let f = INVALID_PIPELINE_TAG
                .finding(format!("{} is not a Hub pipeline tag", quote(value)))
                .label("unknown task");
            match schema::schema().vocab("pipeline_tags").suggest(value) {
            Some(tag) => f.help(format!("did you mean `{tag}`?")),
            None => f.help("use one of the Hub's tasks (https://huggingface.co/tasks), e.g. `text-generation`, or remove `pipeline_tag`"),
        }
        },
    );
}

declare_rule! {
    /// `library_name` is not a library the Hub knows.
    ///
    /// ## What it checks
    /// That `library_name` is a key of `MODEL_LIBRARIES_UI_ELEMENTS` in `@huggingface/tasks`
    /// (257 libraries, e.g. `transformers`, `diffusers`, `PaddleOCR`). Names are case-sensitive.
    ///
    /// ## Why
    /// The library decides the "Use this model" snippet and the library filter. An unknown name
    /// is kept but does nothing (and since 2024 the Hub no longer assumes `transformers` for
    /// repos with a `config.json`). Not a rejection: severity warning.
    ///
    /// ## Autofix
    /// `cardgen lint --fix` corrects the case of a name that matches exactly one Hub library
    /// when case is ignored (`Transformers` → `transformers`).
    ///
    /// ## Example
    /// Bad: `library_name: Transformers` — Good: `library_name: transformers`
    pub const INVALID_LIBRARY_NAME = {
        code: "CG104",
        name: "invalid-library-name",
        severity: Warning,
        check: check_library_name,
        fix: library_name_case,
    }
}

fn check_library_name(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    report(
        ctx,
        out,
        &INVALID_LIBRARY_NAME,
        Owner::LibraryName,
        |value| {
            let suggestion = schema::schema().vocab("library_names").suggest(value);
            let case_only = suggestion.is_some_and(|s| s.eq_ignore_ascii_case(value));
            let message = if case_only {
                format!(
                    "{} is not a library the Hub knows (names are case-sensitive)",
                    quote(value)
                )
            } else {
                format!("{} is not a library the Hub knows", quote(value))
            };
            let f = INVALID_LIBRARY_NAME
                .finding(message)
                .label("unknown library");
            match suggestion {
            Some(name) => f.help(format!("did you mean `{name}`?")),
            None => f.help("the Hub shows no library snippet for it; use a name from https://huggingface.co/docs/hub/models-libraries, or remove `library_name`"),
        }
        },
    );
}

declare_rule! {
    /// A `language` entry is not a language code the Hub knows.
    ///
    /// ## What it checks
    /// That each `language` value is an ISO 639-1 code (`en`) or ISO 639-3 code (`yue`) from
    /// `@huggingface/languages`, or `multilingual` or `code`. Codes are case-sensitive and bare:
    /// `en-US`, `EN` and `English` are not codes; the finding says which code to use.
    ///
    /// ## Why
    /// The language filter on the Hub only matches known codes. Cards with region codes exist
    /// on the Hub, so this is a warning.
    ///
    /// ## Example
    /// Bad:
    /// ```yaml
    /// language: [en-US, Chinese]
    /// ```
    /// Good:
    /// ```yaml
    /// language: [en, zh]
    /// ```
    pub const INVALID_LANGUAGE = {
        code: "CG105",
        name: "invalid-language",
        severity: Warning,
        check: check_language,
    }
}

fn check_language(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    report(ctx, out, &INVALID_LANGUAGE, Owner::Language, |value| {
        let f = INVALID_LANGUAGE
            .finding(format!(
                "{} is not a language code the Hub knows",
                quote(value)
            ))
            .label("not an ISO 639 code");
        match suggest_language(value) {
            Some(codes) if codes.len() == 1 => f.help(format!("use `{}`", codes[0])),
            Some(codes) => f.help(format!(
                "list each language separately: `language: [{}]`",
                codes.join(", ")
            )),
            None => f.help(
                "use ISO 639-1 codes (`en`), ISO 639-3 codes (`yue`), `multilingual` or `code`",
            ),
        }
    });
}

/// ISO 639-1 codes withdrawn in favour of new ones (ISO 639-1:2002 and its predecessors).
const WITHDRAWN: [(&str, &str); 4] = [("iw", "he"), ("in", "id"), ("ji", "yi"), ("jw", "jv")];

/// The code(s) a wrong language value most likely stands for: `EN` → `en`, `English` → `en`,
/// `en-US` → `en`, `en-zh` → `en`, `zh`.
fn suggest_language(value: &str) -> Option<Vec<String>> {
    let vocab = schema::schema().vocab("languages");
    let code = |p: &str| -> Option<String> {
        let withdrawn = WITHDRAWN
            .iter()
            .find(|(old, _)| *old == p)
            .map(|(_, new)| *new);
        withdrawn
            .or_else(|| vocab.suggest(p))
            .or_else(|| vocab.code_for_name(p))
            .map(str::to_owned)
    };
    if let Some(c) = code(value) {
        return Some(vec![c]);
    }
    let parts: Vec<&str> = value
        .split(['-', '_', ',', ' ', '/', ';'])
        .filter(|p| !p.is_empty())
        .collect();
    let first = code(parts.first()?)?;
    let Some(second) = parts.get(1) else {
        return Some(vec![first]);
    };
    if is_region_or_script(second) {
        return Some(vec![first]);
    }
    if let Some(mut codes) = parts.iter().map(|p| code(p)).collect::<Option<Vec<_>>>() {
        codes.dedup();
        return Some(codes);
    }
    // A variant subtag such as `rm-sursilv`.
    let variant = second.len() >= 5
        && second
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    variant.then(|| vec![first])
}

/// A BCP 47 region (`US`, `419`) or script (`Hant`) subtag.
fn is_region_or_script(s: &str) -> bool {
    let region = (s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase()))
        || (s.len() == 3 && s.bytes().all(|b| b.is_ascii_digit()));
    let script = s.len() == 4
        && s.starts_with(|c: char| c.is_ascii_uppercase())
        && s[1..].bytes().all(|b| b.is_ascii_lowercase());
    region || script
}

/// Report this rule's issues: vocabulary misses through `miss`, the rest generically.
fn report(
    ctx: &Context<'_>,
    out: &mut Vec<Finding>,
    rule: &Rule,
    owner: Owner,
    miss: impl Fn(&str) -> Finding,
) {
    for issue in issues(ctx, owner) {
        out.push(finding(rule, &issue, &miss));
    }
}

fn finding(rule: &Rule, issue: &Issue<'_>, miss: &impl Fn(&str) -> Finding) -> Finding {
    match (&issue.kind, issue.node.as_str()) {
        (IssueKind::NotInVocab { .. }, Some(value)) => miss(value).at(issue.span),
        _ => generic_finding(rule, issue),
    }
}

/// CG103: `pipeline_tag: Text-Generation` → `text-generation`.
pub(crate) fn pipeline_tag_case(ctx: &Context<'_>, out: &mut Vec<Fix>) {
    vocab_case(ctx, out, "CG103", "pipeline_tag", "pipeline_tags");
}

/// CG104: `library_name: Transformers` → `transformers`.
pub(crate) fn library_name_case(ctx: &Context<'_>, out: &mut Vec<Fix>) {
    vocab_case(ctx, out, "CG104", "library_name", "library_names");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::metadata::testing::run_yaml;

    fn helps(rule: &Rule, yaml: &str) -> Vec<(String, String)> {
        run_yaml(rule, yaml)
            .into_iter()
            .map(|(f, text)| (text, f.help.unwrap_or_default()))
            .collect()
    }

    #[test]
    fn pipeline_tags_suggest_the_dashed_form() {
        let got = helps(&INVALID_PIPELINE_TAG, "pipeline_tag: text_generation\n");
        assert_eq!(
            got,
            vec![(
                "text_generation".into(),
                "did you mean `text-generation`?".into()
            )]
        );
        assert!(run_yaml(&INVALID_PIPELINE_TAG, "pipeline_tag: text-generation\n").is_empty());
    }

    #[test]
    fn library_names_are_case_sensitive() {
        let got = run_yaml(&INVALID_LIBRARY_NAME, "library_name: Transformers\n");
        assert_eq!(got.len(), 1);
        assert!(got[0].0.message.contains("case-sensitive"));
        assert_eq!(
            got[0].0.help.as_deref(),
            Some("did you mean `transformers`?")
        );
        assert!(run_yaml(&INVALID_LIBRARY_NAME, "library_name: PaddleOCR\n").is_empty());
        let list = run_yaml(&INVALID_LIBRARY_NAME, "library_name: [transformers]\n");
        assert_eq!(
            list[0].0.message,
            "`library_name` must be a string, not a list"
        );
    }

    #[test]
    fn languages_get_the_code_they_meant() {
        let yaml =
            "language:\n- en-US\n- English\n- EN\n- en-zh\n- iw\n- Spanish French\n- rm-sursilv\n\
                    - zh-Hant\n- noinfo\n- fr\n- code\n";
        let got = helps(&INVALID_LANGUAGE, yaml);
        let want = [
            ("en-US", "use `en`"),
            ("English", "use `en`"),
            ("EN", "use `en`"),
            (
                "en-zh",
                "list each language separately: `language: [en, zh]`",
            ),
            ("iw", "use `he`"),
            (
                "Spanish French",
                "list each language separately: `language: [es, fr]`",
            ),
            ("rm-sursilv", "use `rm`"),
            ("zh-Hant", "use `zh`"),
        ];
        for (i, (text, help)) in want.iter().enumerate() {
            assert_eq!((got[i].0.as_str(), got[i].1.as_str()), (*text, *help));
        }
        assert_eq!(got.len(), 9, "{got:?}");
        assert!(got[8].1.starts_with("use ISO 639-1 codes"));
    }

    #[test]
    fn valid_languages_pass() {
        for yaml in [
            "language: en\n",
            "language: [yue, multilingual, code, und]\n",
        ] {
            assert!(run_yaml(&INVALID_LANGUAGE, yaml).is_empty(), "{yaml}");
        }
    }

    #[test]
    fn norwegian_no_is_left_to_the_ambiguity_rule() {
        assert!(run_yaml(&INVALID_LANGUAGE, "language: no\n").is_empty());
    }
}
