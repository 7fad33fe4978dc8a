//! CG207: the card and the GGUF files beside it disagree.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use regex::Regex;

use crate::finding::{Finding, Span};
use crate::model_files::names;
use crate::rules::{declare_rule, Context};

declare_rule! {
    /// The card names GGUF files that are not beside it, or does not list GGUF files that are.
    ///
    /// ## What it checks
    /// For a card in a folder that holds `.gguf` files (not for standard input without
    /// `--stdin-filename`, nor `hf://` cards): that every `….gguf` file name in the card is a
    /// file in that folder, and that every GGUF file there is named somewhere in the card. Names
    /// are compared exactly (the Hub's paths are case-sensitive), after the last `/` of a URL or
    /// path. The parts of a split file (`model-Q8_0-00001-of-00003.gguf`, …) count as listed
    /// when the card names any of them.
    ///
    /// ## Why
    /// The files table of a quantized release is kept by hand on most repositories and drifts
    /// from the files: a quant is renamed, re-made or dropped and the table still links it, or a
    /// new one is uploaded and never listed. Readers then download a file that is not there, or
    /// never learn of the one that is. `cardgen render --from FOLDER` writes the table from the
    /// files, and `cardgen render --update` keeps it in step.
    ///
    /// ## Example
    /// Bad (the folder holds `m-Q4_K_M.gguf` and `m-Q8_0.gguf`):
    /// ```markdown
    /// | File | Quant |
    /// |---|---|
    /// | m-Q4_K_M.gguf | Q4_K_M |
    /// | m-Q5_K_M.gguf | Q5_K_M |
    /// ```
    /// Good:
    /// ```markdown
    /// | File | Quant |
    /// |---|---|
    /// | m-Q4_K_M.gguf | Q4_K_M |
    /// | m-Q8_0.gguf | Q8_0 |
    /// ```
    pub const GGUF_FILE_MISMATCH = {
        code: "CG207",
        name: "gguf-file-mismatch",
        severity: Warning,
        check: check,
    }
}

/// At most this many file names in a help line.
const SHOWN: usize = 6;

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(siblings) = ctx.siblings.filter(|s| !s.gguf.is_empty()) else {
        return;
    };
    if ctx.encoding_error.is_some() {
        return;
    }
    // Each file (split parts together) and whether the card names it.
    let mut listed: BTreeMap<String, bool> = siblings
        .gguf
        .iter()
        .map(|n| (names::group_name(n), false))
        .collect();
    let first_part = |group: &str| -> String {
        siblings
            .gguf
            .iter()
            .find(|n| names::group_name(n) == group)
            .cloned()
            .unwrap_or_else(|| group.to_owned())
    };
    let files: Vec<String> = listed.keys().map(|g| first_part(g)).collect();
    // One finding per name and line: a link names its file twice (text and URL).
    let mut reported: Option<(usize, String)> = None;
    for (span, name) in mentions(ctx.text) {
        if siblings.gguf.contains(&name) {
            listed.insert(names::group_name(&name), true);
            continue;
        }
        let line_start = ctx.text[..span.start].rfind('\n').map_or(0, |i| i + 1);
        if reported.as_ref() == Some(&(line_start, name.clone())) {
            continue;
        }
        reported = Some((line_start, name.clone()));
        let other_case = siblings.gguf.iter().find(|g| g.eq_ignore_ascii_case(&name));
        let help = match other_case {
            Some(g) => format!("the file is `{g}`: names on the Hub are case-sensitive"),
            None => format!(
                "fix the name or remove the mention; the folder holds {}",
                shown(&files)
            ),
        };
        out.push(
            GGUF_FILE_MISMATCH
                .finding(format!(
                    "the card names `{name}`, which is not in the card's folder"
                ))
                .at(span)
                .label("no such GGUF file beside the card")
                .help(help),
        );
    }
    let unlisted: Vec<&String> = listed
        .iter()
        .filter(|(_, seen)| !**seen)
        .map(|(g, _)| g)
        .collect();
    let help = "list every file with its quant type and size; `cardgen render --from FOLDER` \
                writes that table from the files";
    if unlisted.len() == listed.len() && listed.len() > 1 {
        out.push(
            GGUF_FILE_MISMATCH
                .finding(format!(
                    "the card lists none of the {} GGUF files in its folder ({})",
                    listed.len(),
                    shown(&unlisted.iter().map(|g| first_part(g)).collect::<Vec<_>>())
                ))
                .help(help),
        );
        return;
    }
    for group in unlisted {
        let name = first_part(group);
        let what = if names::split_part(&name).is_some() {
            format!("split file `{group}` (first part `{name}`)")
        } else {
            format!("`{name}`")
        };
        out.push(
            GGUF_FILE_MISMATCH
                .finding(format!(
                    "{what} is in the card's folder but the card does not list it"
                ))
                .help(help),
        );
    }
}

/// Every `NAME.gguf` in the text (the last path or URL segment), with its span. Percent-encoded
/// names (in URLs) are decoded.
fn mentions(text: &str) -> Vec<(Span, String)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    // ASCII only: a Unicode `\b` makes regex leave its fast engine on any non-ASCII text.
    let re = RE.get_or_init(|| {
        Regex::new(r"(?i-u)[A-Za-z0-9._+%~-]*[A-Za-z0-9_+~-]\.gguf\b").expect("valid regex")
    });
    re.find_iter(text)
        .map(|m| {
            let name = percent_decode(m.as_str());
            (Span::new(m.start(), m.end()), name)
        })
        .collect()
}

fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_owned();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_owned())
}

/// `a, b, c and 3 more`.
fn shown(items: &[impl AsRef<str>]) -> String {
    let names: Vec<String> = items
        .iter()
        .take(SHOWN)
        .map(|s| format!("`{}`", s.as_ref()))
        .collect();
    let more = items.len().saturating_sub(SHOWN);
    if more > 0 {
        format!("{} and {more} more", names.join(", "))
    } else {
        names.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::card::CardContext;
    use crate::config::Config;
    use crate::model_files::Siblings;
    use crate::rules::Context;

    fn run(card: &str, files: &[&str]) -> Vec<Finding> {
        let config = Config::default();
        let siblings = Siblings {
            gguf: files.iter().map(|s| (*s).to_owned()).collect(),
        };
        let c = CardContext::new(card.as_bytes(), &config.limits.yaml);
        let ctx = Context::new(&c, &config.settings).with_siblings(Some(&siblings));
        let mut out = Vec::new();
        check(&ctx, &mut out);
        out
    }

    const FILES: &[&str] = &[
        "m-BF16-00001-of-00002.gguf",
        "m-BF16-00002-of-00002.gguf",
        "m-Q4_K_M.gguf",
        "m-Q8_0.gguf",
    ];

    #[test]
    fn a_complete_list_is_clean() {
        let card = "# m\n\n| [m-Q4_K_M.gguf](https://huggingface.co/me/m/blob/main/m-Q4_K_M.gguf) |\n| m-Q8_0.gguf |\n| m-BF16-00001-of-00002.gguf |\n";
        assert_eq!(run(card, FILES), []);
    }

    #[test]
    fn missing_and_unlisted_files() {
        let card = "# m\n\nGet m-Q4_K_M.gguf or m-Q5_K_M.gguf or M-Q8_0.GGUF.\n";
        let f = run(card, FILES);
        let msgs: Vec<&str> = f.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            msgs,
            [
                "the card names `m-Q5_K_M.gguf`, which is not in the card's folder",
                "the card names `M-Q8_0.GGUF`, which is not in the card's folder",
                "split file `m-BF16` (first part `m-BF16-00001-of-00002.gguf`) is in the card's folder but the card does not list it",
                "`m-Q8_0.gguf` is in the card's folder but the card does not list it",
            ]
        );
        let at = f[0].span.unwrap();
        assert_eq!(&card[at.start..at.end], "m-Q5_K_M.gguf");
        assert!(f[1].help.as_deref().unwrap().contains("`m-Q8_0.gguf`"));
    }

    #[test]
    fn a_link_to_a_missing_file_is_one_finding() {
        let card = "# m\n\n[m-Q2_K.gguf](https://huggingface.co/me/m/blob/main/m-Q2_K.gguf)\nm-Q4_K_M.gguf m-Q8_0.gguf m-BF16-00001-of-00002.gguf\nm-Q2_K.gguf\n";
        let f = run(card, FILES);
        assert_eq!(f.len(), 2, "{f:#?}");
        assert!(f[0]
            .help
            .as_deref()
            .unwrap()
            .ends_with("`m-BF16-00001-of-00002.gguf`, `m-Q4_K_M.gguf`, `m-Q8_0.gguf`"));
    }

    #[test]
    fn a_card_that_lists_nothing_gets_one_finding() {
        let f = run("# m\n\nQuantized files.\n", FILES);
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message.contains("none of the 3 GGUF files"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn no_gguf_beside_the_card_no_findings() {
        assert_eq!(run("# m\n\nSee x.gguf.\n", &[]), []);
        assert_eq!(percent_decode("a%20b.gguf"), "a b.gguf");
        assert_eq!(percent_decode("a%2.gguf"), "a%2.gguf");
        assert_eq!(percent_decode("a%"), "a%");
    }
}
