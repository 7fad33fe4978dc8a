//! CG113: a front-matter key the profile or configuration requires is missing.

use crate::finding::Finding;
use crate::rules::declare_rule;
use crate::rules::Context;

declare_rule! {
    /// A metadata key the profile or the configuration requires is missing.
    ///
    /// ## What it checks
    /// Each top-level front-matter key in `[metadata] required` (or, when that is not set, in
    /// the profile) is present and not empty. The `hub` and `strict` profiles require none; the
    /// `eu-ai-act` profile requires `license` (the licence: AI Act Art. 53(1)(a)-(b), Annex XI
    /// 1(f), Annex XII 1(h)) and `pipeline_tag` (the task, which is how the Hub states the input
    /// and output modalities: Annex XI 1(e), Annex XII 1(g)).
    ///
    /// ## Why
    /// Facts that tools and regulators read from the metadata must be in the metadata, not only
    /// in prose. Severity error, because a profile or configuration asked for them; set
    /// `missing-metadata-key = "warning"` under `[rules]` to make it advisory.
    ///
    /// ## Example
    /// Bad, with `profile = "eu-ai-act"`:
    /// ```yaml
    /// ---
    /// tags: [text-classification]
    /// ---
    /// ```
    /// Good:
    /// ```yaml
    /// ---
    /// license: apache-2.0
    /// pipeline_tag: text-classification
    /// ---
    /// ```
    pub const MISSING_METADATA_KEY = {
        code: "CG113",
        name: "missing-metadata-key",
        severity: Error,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let required = &ctx.settings.required_metadata;
    if required.is_empty() || ctx.encoding_error.is_some() {
        return;
    }
    // Metadata that does not parse is reported by the reading rules; do not pile on.
    let meta = match (&ctx.metadata, ctx.meta()) {
        (crate::card::Metadata::Invalid(_), _) => return,
        (_, meta) => meta,
    };
    for r in required {
        let present = meta
            .and_then(|m| m.get(&r.key))
            .is_some_and(|v| !v.is_null() && v.as_seq().is_none_or(|s| !s.is_empty()));
        if present {
            continue;
        }
        let mut f = MISSING_METADATA_KEY
            .finding(format!("the metadata has no `{}`", r.key))
            .help(format!("add `{}:` to the front matter: {}", r.key, r.why));
        if let Some(fm) = ctx.front_matter {
            f = f.at(fm.open).label("in this front matter");
        }
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use crate::config::{Config, Profile};

    fn codes(card: &str, config: &Config) -> Vec<String> {
        crate::lint::lint_bytes(card.as_bytes(), config)
            .into_iter()
            .filter(|d| d.finding.code == "CG113")
            .map(|d| d.finding.message)
            .collect()
    }

    #[test]
    fn eu_profile_requires_license_and_pipeline_tag() {
        let eu = Config::for_profile(Profile::EuAiAct);
        assert_eq!(
            codes("---\nlicense: mit\npipeline_tag: []\n---\n# x\n", &eu),
            ["the metadata has no `pipeline_tag`"]
        );
        assert_eq!(codes("# no front matter\n", &eu).len(), 2);
        assert!(codes("---\nlicense: mit\npipeline_tag: fill-mask\n---\n", &eu).is_empty());
        assert!(codes("# x\n", &Config::default()).is_empty());
        assert!(codes("---\nlicense: [\n---\n", &eu).is_empty());
    }

    #[test]
    fn configured_keys_replace_the_profile() {
        let c =
            Config::from_toml("profile = \"eu-ai-act\"\n[metadata]\nrequired = [\"base_model\"]\n")
                .unwrap();
        assert_eq!(
            codes("---\nlicense: mit\n---\n", &c),
            ["the metadata has no `base_model`"]
        );
    }
}
