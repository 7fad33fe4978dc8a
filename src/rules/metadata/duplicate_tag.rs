//! CG114: the same tag twice in `tags`.

use super::edits::remove_item;
use super::quote;
use crate::card::yaml::Node;
use crate::finding::Finding;
use crate::finding::Fix;
use crate::rules::declare_rule;
use crate::rules::Context;

declare_rule! {
    /// A tag is listed more than once in `tags`.
    ///
    /// ## What it checks
    /// That no string appears twice in `tags` (exact comparison: `NLP` and `nlp` are different
    /// tags).
    ///
    /// ## Why
    /// A repeated tag does nothing: `huggingface_hub` drops repeats when it saves a card, and the
    /// Hub shows each tag once. It is noise left by templates and trainers that append their tag
    /// to a list that already has it. Severity info.
    ///
    /// ## Autofix
    /// `cardgen lint --fix` removes the repeats (the first of each tag stays): the item with the
    /// comma before it in `[a, b, a]`, the whole `- a` line in a block list.
    ///
    /// ## Example
    /// Bad: `tags: [trl, sft, trl]` — Good: `tags: [trl, sft]`
    pub const DUPLICATE_TAG = {
        code: "CG114",
        name: "duplicate-tag",
        severity: Info,
        check: check,
        fix: dedupe_tags,
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(tags) = ctx.meta().and_then(|m| m.get("tags")) else {
        return;
    };
    let items = tags.as_seq().unwrap_or_default();
    for (index, tag) in repeated_tags(tags) {
        out.push(
            DUPLICATE_TAG
                .finding(format!("the tag {} is listed more than once", quote(tag)))
                .at(items[index].span)
                .label("repeated tag")
                .help("remove it; the Hub shows each tag once"),
        );
    }
}

/// The items of a `tags` list that repeat an earlier item: (index, tag).
pub(crate) fn repeated_tags(tags: &Node) -> Vec<(usize, &str)> {
    let items = tags.as_seq().unwrap_or_default();
    let mut seen = std::collections::HashSet::new();
    items
        .iter()
        .enumerate()
        .filter_map(|(i, n)| Some((i, n.as_str()?)))
        .filter(|(_, tag)| !seen.insert(*tag))
        .collect()
}

/// CG114: remove repeated tags (the first of each stays).
pub(crate) fn dedupe_tags(ctx: &Context<'_>, out: &mut Vec<Fix>) {
    let Some(tags) = ctx.meta().and_then(|m| m.get("tags")) else {
        return;
    };
    for (index, tag) in crate::rules::repeated_tags(tags) {
        if let Some(edit) = remove_item(ctx.text, tags, index) {
            out.push(Fix::new(
                "CG114",
                format!("removed the repeated tag `{tag}`"),
                vec![edit],
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::metadata::testing::run_yaml;

    #[test]
    fn repeats_are_reported_at_the_repeat() {
        let got = run_yaml(&DUPLICATE_TAG, "tags: [trl, sft, trl, SFT, trl]\n");
        let at: Vec<&str> = got.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(at, ["trl", "trl"]);
        assert_eq!(got[0].0.message, "the tag `trl` is listed more than once");
    }

    #[test]
    fn distinct_tags_and_single_strings_pass() {
        for yaml in ["tags: [a, b, A]\n", "tags: a\n", "tags:\n- a\n- 1\n- '1'\n"] {
            assert!(run_yaml(&DUPLICATE_TAG, yaml).is_empty(), "{yaml}");
        }
    }
}
