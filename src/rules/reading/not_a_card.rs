//! CG011: the file is not a model card at all.

use crate::finding::Finding;
use crate::rules::{declare_rule, Context};

declare_rule! {
    /// The file is not a model card at all.
    ///
    /// ## What it checks
    /// Whether the file is something a failed download or a missing file leaves behind instead
    /// of a card: a git-lfs pointer (`version https://git-lfs.github.com/spec/v1` and an
    /// `oid sha256:` line), the Hub's "Entry not found" or "Repository not found" answer, an
    /// error message from its API, or an HTML page. Such a file gets this finding and no other.
    ///
    /// ## Why
    /// Every other finding on such a file would be noise: the card was never fetched. The
    /// repository's real `README.md` is elsewhere (in git-lfs storage, or not written yet).
    ///
    /// ## Example
    /// Bad:
    /// ```text
    /// version https://git-lfs.github.com/spec/v1
    /// oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393
    /// size 897
    /// ```
    /// Good: fetch the real file (`git lfs pull`, or `cardgen pull OWNER/NAME`), or write the card.
    pub const NOT_A_CARD = {
        code: "CG011",
        name: "not-a-card",
        severity: Error,
        check: check_not_a_card,
    }
}

fn check_not_a_card(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    if let Some(what) = ctx.not_a_card {
        out.push(
            NOT_A_CARD
                .finding(format!("this file is not a model card: it is {what}"))
                .help("fetch the real README.md (`git lfs pull`, or `cardgen pull OWNER/NAME`), or write the card"),
        );
    }
}
