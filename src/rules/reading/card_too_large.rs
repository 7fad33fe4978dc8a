//! CG010: the card file is larger than the card size limit.

use crate::finding::Finding;
use crate::rules::{declare_rule, Context};

declare_rule! {
    /// The card file is larger than the card size limit.
    ///
    /// ## What it checks
    /// That the file is no larger than the limit: 16 MiB unless raised with `[limits]
    /// max-card-size` in `cardgen.toml` or the `CARDGEN_MAX_CARD_SIZE` environment variable
    /// (e.g. `64M`). A larger file is not read past the limit and not parsed; this is its only
    /// finding.
    ///
    /// ## Why
    /// The largest of 2,009 real model cards is under 1 MB. A card of many megabytes is a
    /// generated log, a pasted dataset or a hostile file, and parsing it costs time and memory.
    ///
    /// ## Fix
    /// Move bulk content (tables, logs, samples) into separate files in the repository and link
    /// to them from the card.
    pub const CARD_TOO_LARGE = {
        code: "CG010",
        name: "card-too-large",
        severity: Error,
        check: check_size,
    }
}

/// The finding for a card of `size` bytes (or more, when reading stopped at the limit).
pub fn card_too_large(size: usize, limit: usize) -> Finding {
    let shown = if size > limit {
        format!("more than {}", human_size(limit))
    } else {
        human_size(size)
    };
    CARD_TOO_LARGE
        .finding(format!(
            "the card is {shown}, over the {} limit; it was not checked",
            human_size(limit)
        ))
        .help("move bulk content into separate files, or raise the limit with `[limits] max-card-size` or CARDGEN_MAX_CARD_SIZE")
}

fn human_size(n: usize) -> String {
    if n >= 1 << 20 && n.is_multiple_of(1 << 20) {
        format!("{} MiB", n >> 20)
    } else if n >= 1 << 10 && n.is_multiple_of(1 << 10) {
        format!("{} KiB", n >> 10)
    } else {
        format!("{n} bytes")
    }
}

fn check_size(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let limit = ctx.settings.limits.max_card_size;
    if ctx.text.len() > limit {
        out.push(card_too_large(ctx.text.len() + 1, limit));
    }
}
