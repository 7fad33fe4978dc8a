//! Every rule's documentation (what `cardgen explain` prints) is a test: its Bad example fires
//! the rule, its Good example does not.

use cardgen::config::{Config, Profile};
use cardgen::lint::lint_bytes_beside;
use cardgen::model_files::Siblings;
use cardgen::rules::RULES;

/// Rules whose examples cannot be written as text in a Markdown page, and why.
const NO_EXAMPLE: &[(&str, &str)] = &[
    ("CG001", "the Bad example is bytes that are not UTF-8"),
    (
        "CG010",
        "the Bad example is a card over the 16 MiB size limit",
    ),
];

/// One example: the card text, whether it is the Bad one, and the files beside it.
struct Example {
    bad: bool,
    card: String,
    profile: Option<Profile>,
    folder: Option<Vec<String>>,
}

/// The Bad and Good examples of a rule's docs: a fenced block after a line starting with `Bad`
/// or `Good`, or inline code on such a line (`Bad: `x` — Good: `y``).
fn examples(docs: &str) -> Vec<Example> {
    let mut out = Vec::new();
    let mut lines = docs.lines().peekable();
    let mut pending: Option<(bool, Option<Profile>)> = None;
    // "Bad (the folder holds `a.gguf` and `b.gguf`)": the files beside both examples.
    let mut folder: Option<Vec<String>> = None;
    while let Some(line) = lines.next() {
        let trimmed = line.trim();
        if trimmed.starts_with("Bad") || trimmed.starts_with("Good") {
            let profile = if trimmed.contains("eu-ai-act") {
                Some(Profile::EuAiAct)
            } else if trimmed.contains("strict") {
                Some(Profile::Strict)
            } else {
                None
            };
            let inline: Vec<&str> = trimmed.split('`').skip(1).step_by(2).collect();
            let files: Vec<String> = inline
                .iter()
                .filter(|w| w.ends_with(".gguf"))
                .map(|w| w.to_string())
                .collect();
            if !files.is_empty() {
                folder = Some(files);
            }
            let parts: Vec<&str> = trimmed.split(" — ").collect();
            if parts.len() == 2 && inline.len() >= 2 && !trimmed.ends_with(':') {
                for (bad, part) in [(true, parts[0]), (false, parts[1])] {
                    if let Some(code) = part.split('`').nth(1) {
                        out.push(Example {
                            bad,
                            card: as_card(code, "yaml"),
                            profile,
                            folder: folder.clone(),
                        });
                    }
                }
                continue;
            }
            pending = Some((trimmed.starts_with("Bad"), profile));
            continue;
        }
        if let (Some((bad, profile)), Some(lang)) = (pending, trimmed.strip_prefix("```")) {
            let mut block = String::new();
            for l in lines.by_ref() {
                if l.trim_start().starts_with("```") {
                    break;
                }
                block.push_str(l);
                block.push('\n');
            }
            out.push(Example {
                bad,
                card: as_card(&block, lang),
                profile,
                folder: folder.clone(),
            });
            pending = None;
        }
    }
    out
}

/// A whole card for an example: Markdown as it is; YAML as the front matter of a card that
/// has a title, usage and limitations.
fn as_card(code: &str, lang: &str) -> String {
    const BODY: &str = "# Model\n\n## Usage\n\n`pipeline(\"fill-mask\", model=\"me/m\")`\n\n## Limitations\n\nEnglish only.\n";
    match lang {
        "yaml" if code.trim_start().starts_with("---") => format!("{}\n{BODY}", code.trim_end()),
        "yaml" => format!("---\n{}\n---\n{BODY}", code.trim_end()),
        _ => code.to_owned(),
    }
}

#[test]
fn bad_examples_fire_and_good_ones_do_not() {
    let mut failures = Vec::new();
    for rule in RULES {
        if NO_EXAMPLE.iter().any(|(code, _)| *code == rule.code) {
            continue;
        }
        let found = examples(&rule.explain());
        if !found.iter().any(|e| e.bad) {
            failures.push(format!("{}: no Bad example in its docs", rule.code));
        }
        for e in &found {
            let config = match e.profile {
                Some(p) => Config::for_profile(p),
                None => Config::default(),
            };
            let siblings = e.folder.clone().map(|gguf| Siblings { gguf });
            let diags = lint_bytes_beside(e.card.as_bytes(), &config, siblings.as_ref());
            let fired = diags.iter().any(|d| d.finding.code == rule.code);
            if fired != e.bad {
                failures.push(format!(
                    "{}: the {} example {}:\n{}",
                    rule.code,
                    if e.bad { "Bad" } else { "Good" },
                    if e.bad {
                        "does not fire it"
                    } else {
                        "fires it"
                    },
                    e.card
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
