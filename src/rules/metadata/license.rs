//! CG102 invalid-license, CG107 license-other-incomplete.

use super::edits::vocab_case;
use super::{generic_finding, issues, quote, Owner};
use crate::card::yaml::Node;
use crate::finding::Finding;
use crate::finding::Fix;
use crate::rules::declare_rule;
use crate::rules::Context;
use crate::schema::{self, IssueKind};

const LICENSES_URL: &str = "https://huggingface.co/docs/hub/repositories-licenses";

declare_rule! {
    /// `license` is not one of the Hub's license ids.
    ///
    /// ## What it checks
    /// That `license` (a string, or a list of strings) holds ids from the Hub's license list
    /// (83 ids, e.g. `apache-2.0`, `mit`, `cc-by-4.0`, `llama3.1`, `other`). Ids are lower-case;
    /// the finding suggests the id you most likely meant.
    ///
    /// ## Why
    /// The Hub rejects the push: `"license" must be one of [...]`. Severity error.
    ///
    /// ## Autofix
    /// `cardgen lint --fix` corrects the case of an id that matches exactly one Hub id when case
    /// is ignored (`Apache-2.0` → `apache-2.0`, `MIT` → `mit`).
    ///
    /// ## Example
    /// Bad: `license: Apache-2.0` — Good: `license: apache-2.0`
    pub const INVALID_LICENSE = {
        code: "CG102",
        name: "invalid-license",
        severity: Error,
        check: check_license,
        fix: license_case,
    }
}

fn check_license(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for issue in issues(ctx, Owner::License) {
        let f = match (&issue.kind, issue.node.as_str()) {
            (IssueKind::NotInVocab { .. }, Some(value)) => not_a_license(value).at(issue.span),
            (IssueKind::Type { .. }, _) => generic_finding(&INVALID_LICENSE, &issue).help(format!(
                "write one license id, e.g. `license: apache-2.0` (see {LICENSES_URL})"
            )),
            _ => generic_finding(&INVALID_LICENSE, &issue),
        };
        out.push(f);
    }
}

fn not_a_license(value: &str) -> Finding {
    let vocab = schema::schema().vocab("licenses");
    let f = INVALID_LICENSE
        .finding(format!(
            "{} is not a Hub license id; the Hub rejects the push (`\"license\" must be one of [...]`)",
            quote(value)
        ))
        .label("not a Hub license id");
    match vocab.suggest(value) {
        Some(id) => f.help(format!("did you mean `{id}`?")),
        None => f.help(format!(
            "use an id from {LICENSES_URL}, or `license: other` with `license_name` and `license_link`"
        )),
    }
}

declare_rule! {
    /// `license: other` without `license_name` and `license_link`.
    ///
    /// ## What it checks
    /// A card with `license: other` also sets `license_name` (a short id for the license, e.g.
    /// `my-license-1.0`) and `license_link` (`LICENSE`, `LICENSE.md`, or a URL to the text).
    ///
    /// ## Why
    /// Without them the model page just says "other", and users cannot tell what they may do
    /// with the model. The Hub docs ask for both; the push is not rejected, so this is a warning.
    ///
    /// ## Example
    /// Bad:
    /// ```yaml
    /// license: other
    /// ```
    /// Good:
    /// ```yaml
    /// license: other
    /// license_name: my-license-1.0
    /// license_link: LICENSE
    /// ```
    pub const LICENSE_OTHER_INCOMPLETE = {
        code: "CG107",
        name: "license-other-incomplete",
        severity: Warning,
        check: check_other,
    }
}

fn check_other(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(meta) = ctx.meta() else { return };
    let Some(other) = other_license(meta) else {
        return;
    };
    let has = |key: &str| meta.get(key).is_some_and(|v| !v.is_null());
    let missing: Vec<&str> = ["license_name", "license_link"]
        .into_iter()
        .filter(|k| !has(k))
        .collect();
    if missing.is_empty() {
        return;
    }
    let names: Vec<String> = missing.iter().map(|k| format!("`{k}`")).collect();
    out.push(
        LICENSE_OTHER_INCOMPLETE
            .finding(format!(
                "`license: other` without {}: the model page cannot say which license applies",
                names.join(" and ")
            ))
            .at(other.span)
            .label(format!("add {}", names.join(" and ")))
            .help("add `license_name: <short-id>` and `license_link: LICENSE` (a file in the repo) or a URL to the license text"),
    );
}

/// The `other` value of `license` (itself, or an item of a list).
fn other_license(meta: &Node) -> Option<&Node> {
    let license = meta.get("license")?;
    match license.as_seq() {
        Some(items) => items.iter().find(|n| n.as_str() == Some("other")),
        None => (license.as_str() == Some("other")).then_some(license),
    }
}

/// CG102: `license: Apache-2.0` → `apache-2.0` (also in a list).
pub(crate) fn license_case(ctx: &Context<'_>, out: &mut Vec<Fix>) {
    vocab_case(ctx, out, "CG102", "license", "licenses");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::metadata::testing::run_yaml;

    #[test]
    fn unknown_ids_are_errors_with_a_suggestion() {
        let got = run_yaml(&INVALID_LICENSE, "license: Apache-2.0\n");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].1, "Apache-2.0");
        assert_eq!(got[0].0.help.as_deref(), Some("did you mean `apache-2.0`?"));
        let got = run_yaml(&INVALID_LICENSE, "license: [mit, my-own]\n");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].1, "my-own");
        assert!(got[0].0.help.as_deref().unwrap().contains("license: other"));
    }

    #[test]
    fn wrong_types_are_reported_once() {
        let got = run_yaml(&INVALID_LICENSE, "license: {name: mit}\n");
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(
            got[0].0.message,
            "`license` must be a string or a list, not a mapping"
        );
    }

    #[test]
    fn valid_ids_pass() {
        for yaml in [
            "license: apache-2.0\n",
            "license: [mit, cc-by-4.0]\n",
            "license: llama3.1\n",
        ] {
            assert!(run_yaml(&INVALID_LICENSE, yaml).is_empty(), "{yaml}");
        }
    }

    #[test]
    fn other_needs_name_and_link() {
        let got = run_yaml(
            &LICENSE_OTHER_INCOMPLETE,
            "license: other\nlicense_link: LICENSE\n",
        );
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].1, "other");
        assert!(
            got[0].0.message.contains("without `license_name`:"),
            "{}",
            got[0].0.message
        );
        let ok = "license: other\nlicense_name: my-license\nlicense_link: LICENSE\n";
        assert!(run_yaml(&LICENSE_OTHER_INCOMPLETE, ok).is_empty());
        assert!(run_yaml(&LICENSE_OTHER_INCOMPLETE, "license: mit\n").is_empty());
    }
}
