//! CG3xx: the card's own cardgen comments.

use crate::card::CardContext;
use crate::finding::Finding;
use crate::rules::declare_rule;

declare_rule! {
    /// A cardgen suppression comment suppresses nothing, or names an unknown rule.
    ///
    /// ## What it checks
    /// The card can silence findings with comments:
    ///
    /// - `<!-- cardgen-disable CODE -->` … `<!-- cardgen-enable CODE -->` in the Markdown body:
    ///   findings that start between the two. Without a matching `cardgen-enable` it runs to the
    ///   end of the file and also covers findings that have no position (such as a missing
    ///   section).
    /// - `<!-- cardgen-disable-next-line CODE -->`: findings that start on the next line.
    /// - `# cardgen: ignore CODE` as a YAML comment on a front-matter line: findings that start
    ///   on that line.
    ///
    /// CODE is a rule code (`CG203`) or name (`placeholder-text`); several are separated by
    /// commas or spaces; no code means every rule. Text after ` -- ` is a reason, for readers.
    /// This rule reports each code of such a comment that silenced nothing (the problem was
    /// fixed, or the comment is in the wrong place), a `cardgen-enable` that closes no
    /// `cardgen-disable`, and unknown codes. Suppressions of rules turned off in the
    /// configuration are not reported. This rule's own findings cannot be suppressed by
    /// comments; turn it off with `unused-suppression = "off"` under `[rules]`.
    ///
    /// ## Why
    /// A stale suppression hides the next real problem at that place.
    ///
    /// ## Example
    /// Bad (the section has content, so there is nothing to suppress):
    /// ```markdown
    /// <!-- cardgen-disable-next-line missing-section -->
    /// ## Usage
    /// `pipeline("fill-mask", model="me/m")`
    /// ```
    /// Good:
    /// ```markdown
    /// <!-- cardgen-disable-next-line placeholder-text -- filled in at release -->
    /// Contact: [More Information Needed]
    /// ```
    pub const UNUSED_SUPPRESSION = {
        code: "CG301",
        name: "unused-suppression",
        severity: Warning,
        check: reported_after_the_other_rules,
    }
}

/// CG301 findings come from [`crate::suppress`], which runs once every other rule has.
fn reported_after_the_other_rules(_: &CardContext<'_>, _: &mut Vec<Finding>) {}
