//! CG115: a license given only as a tag or in prose, with no `license` key.

use std::sync::LazyLock;

use regex::{Regex, RegexSet};

use crate::card::yaml::Node;
use crate::finding::{Finding, Span};
use crate::rules::{declare_rule, Context};
use crate::schema;

declare_rule! {
    /// The card names a license only as a tag or in its text, not in `license`.
    ///
    /// ## What it checks
    /// Cards with front matter but no `license` key whose `tags` hold a `license:…` tag (copied
    /// from the tags the Hub shows), or whose text talks about the license ("**License:** MIT",
    /// "released under the Apache 2.0 license", a "License" section). When the license is one
    /// the Hub knows, the finding names the key to add.
    ///
    /// ## Why
    /// The Hub reads the license from the `license` key alone: without it the model page shows
    /// no license, and the model is missing from searches filtered by license, whatever the
    /// card says in prose or in a tag.
    ///
    /// ## Example
    /// Bad:
    /// ```yaml
    /// tags:
    /// - license:apache-2.0
    /// ```
    /// Good:
    /// ```yaml
    /// license: apache-2.0
    /// ```
    pub const LICENSE_NOT_IN_METADATA = {
        code: "CG115",
        name: "license-not-in-metadata",
        severity: Warning,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(meta) = ctx.meta() else { return };
    if meta.get("license").is_some() {
        return;
    }
    if let Some((span, id)) = license_tag(meta) {
        out.push(
            LICENSE_NOT_IN_METADATA
                .finding(format!(
                    "the license is only a tag (`license:{id}`), so the Hub shows no license for this model"
                ))
                .at(span)
                .label("license as a tag")
                .help(format!("add `license: {id}` to the front matter")),
        );
        return;
    }
    if let Some((span, id)) = license_in_text(ctx) {
        let help = match id {
            Some(id) => format!("add `license: {id}` to the front matter"),
            None => "add `license:` with the license's Hub id to the front matter (`cardgen explain CG102` lists them), or `license: other` with `license_name` and `license_link`".to_owned(),
        };
        out.push(
            LICENSE_NOT_IN_METADATA
                .finding("the card states its license only in its text, so the Hub shows no license for this model")
                .at(span)
                .label("license named here")
                .help(help),
        );
    }
}

/// The first `license:…` tag and the license id in it.
fn license_tag(meta: &Node) -> Option<(Span, String)> {
    meta.get("tags")?.as_seq()?.iter().find_map(|tag| {
        let id = tag.as_str()?.strip_prefix("license:")?.trim();
        (!id.is_empty()).then(|| (tag.span, id.to_owned()))
    })
}

/// A mention of the license in the body's prose, with the Hub id it names when it names one.
fn license_in_text(ctx: &Context<'_>) -> Option<(Span, Option<&'static str>)> {
    static MENTION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?-u:\b)licen[cs](?:e|ed|ing)(?-u:\b)").expect("license pattern")
    });
    let outline = ctx.outline();
    let heading = outline
        .headings
        .iter()
        .find(|h| MENTION.is_match(&h.text))
        .map(|h| (h.span, h.content));
    // The body in one search rather than one per text run: far fewer searches.
    let body = ctx.body.start;
    let mention = MENTION
        .find_iter(ctx.slice(ctx.body))
        .map(|m| Span::new(body + m.start(), body + m.end()))
        .find(|&m| outline.text_run(m).is_some());
    let at = match (heading, mention) {
        (Some((span, _)), _) => span,
        (None, Some(m)) => m,
        (None, None) => return None,
    };
    let near = heading.map_or(ctx.body, |(_, content)| content);
    let id = outline
        .text_in(near)
        .iter()
        .find_map(|&run| known_license(ctx.slice(run)));
    Some((at, id))
}

/// The Hub id of a license named in `text`, for the common ones: the first of [`NAMES`] that
/// `text` names and the Hub lists.
fn known_license(text: &str) -> Option<&'static str> {
    static SET: LazyLock<RegexSet> =
        LazyLock::new(|| RegexSet::new(NAMES.iter().map(|(re, _)| re)).expect("license names"));
    let licenses = schema::schema().vocab("licenses");
    SET.matches(text)
        .into_iter()
        .map(|i| NAMES[i].1)
        .find(|id| licenses.contains(id))
}

/// How the text of a card names common licenses, more specific names first, and their Hub ids.
const NAMES: &[(&str, &str)] = &[
    (
        r"(?i)(?-u:\b)apache(?:[- ]license)?[ ,-]*(?:version\s*)?2(?:\.0)?(?-u:\b)",
        "apache-2.0",
    ),
    (r"(?-u:\b)MIT(?-u:\b)", "mit"),
    (
        r"(?i)(?-u:\b)cc[- ]by[- ]nc[- ]sa[- ]?4\.0|(?-u:\b)CC BY-NC-SA(?-u:\b)",
        "cc-by-nc-sa-4.0",
    ),
    (
        r"(?i)(?-u:\b)cc[- ]by[- ]nc[- ]nd[- ]?4\.0",
        "cc-by-nc-nd-4.0",
    ),
    (
        r"(?i)(?-u:\b)cc[- ]by[- ]nc[- ]?4\.0|(?-u:\b)CC BY-NC(?-u:\b)",
        "cc-by-nc-4.0",
    ),
    (r"(?i)(?-u:\b)cc[- ]by[- ]sa[- ]?4\.0", "cc-by-sa-4.0"),
    (r"(?i)(?-u:\b)cc[- ]by[- ]?4\.0", "cc-by-4.0"),
    (r"(?i)(?-u:\b)llama[- ]?3\.1(?-u:\b)", "llama3.1"),
    (r"(?i)(?-u:\b)llama[- ]?3(?-u:\b)", "llama3"),
    (r"(?i)(?-u:\b)llama[- ]?2(?-u:\b)", "llama2"),
    (
        r"(?i)(?-u:\b)gpl[- ]?v?3|GNU General Public License v3",
        "gpl-3.0",
    ),
    (
        r"(?i)(?-u:\b)creativeml[- ]openrail[- ]m(?-u:\b)",
        "creativeml-openrail-m",
    ),
    (r"(?i)(?-u:\b)bsd[- ]3", "bsd-3-clause"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::metadata::testing::run;

    #[test]
    fn a_license_only_as_a_tag_or_in_prose_is_reported_with_the_key_to_add() {
        let tag = run(
            &LICENSE_NOT_IN_METADATA,
            "---\ntags:\n- gguf\n- license:apache-2.0\n---\n# M\n",
        );
        assert_eq!(tag.len(), 1);
        assert_eq!(
            tag[0].0.help.as_deref(),
            Some("add `license: apache-2.0` to the front matter")
        );
        assert_eq!(tag[0].1, "license:apache-2.0");
        let prose = run(
            &LICENSE_NOT_IN_METADATA,
            "---\ntags: [x]\n---\n# M\n\n**License:** MIT\n",
        );
        assert_eq!(
            prose[0].0.help.as_deref(),
            Some("add `license: mit` to the front matter")
        );
        let section = run(
            &LICENSE_NOT_IN_METADATA,
            "---\ntags: [x]\n---\n# M\n\n## License\n\nUse of this model is governed by the Llama 2 Community License.\n",
        );
        assert_eq!(
            section[0].0.help.as_deref(),
            Some("add `license: llama2` to the front matter")
        );
    }

    #[test]
    fn silent_with_a_license_key_or_without_a_word_about_it() {
        for card in [
            "---\nlicense: mit\ntags: [license:mit]\n---\n# M\n\nLicensed under MIT.\n",
            "---\ntags: [x]\n---\n# M\n\nA model.\n",
            "# No front matter\n\nLicense: MIT\n",
        ] {
            assert!(run(&LICENSE_NOT_IN_METADATA, card).is_empty(), "{card}");
        }
    }
}
