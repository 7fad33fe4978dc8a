//! CG108: `base_model`, `datasets`, `new_version` and `buckets` must hold Hub ids, not paths.

use super::edits::listify;
use super::{generic_finding, issues, quote, Owner};
use crate::finding::Finding;
use crate::finding::Fix;
use crate::rules::declare_rule;
use crate::rules::Context;
use crate::schema::{Issue, IssueKind};

declare_rule! {
    /// A field that takes Hub ids holds a local path or something else that is not an id.
    ///
    /// ## What it checks
    /// `base_model`, `new_version`, `datasets` and `buckets` hold Hub repo ids: `name` or
    /// `namespace/name`, made of letters, digits, `_`, `-` and `.` (no `--` or `..`). Values
    /// that start with `/`, `./`, `../` or `~`, contain a backslash or a drive letter (`C:\`), or
    /// have more than one `/` are local paths; `https://huggingface.co/...` URLs are reduced to
    /// the id they contain.
    ///
    /// ## Why
    /// This is the most common Hub rejection. Trainers write the directory they loaded the model
    /// or data from, and the push fails with `"datasets[0]" with value "/var/hf/images/" is not
    /// valid`. Severity error.
    ///
    /// ## Autofix
    /// `cardgen lint --fix` makes a single `buckets` id a list (`buckets: [my-org/my-bucket]`).
    /// Paths are left to you: only you know which Hub repo they stand for.
    ///
    /// ## Example
    /// Bad:
    /// ```yaml
    /// base_model: /home/me/checkpoints/llama-3.1-8b
    /// datasets: [./data/train.jsonl]
    /// ```
    /// Good:
    /// ```yaml
    /// base_model: meta-llama/Llama-3.1-8B
    /// datasets: [stanfordnlp/imdb]
    /// ```
    pub const INVALID_HUB_ID = {
        code: "CG108",
        name: "invalid-hub-id",
        severity: Error,
        check: check,
        fix: listify_buckets,
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    local_dirs_shaped_like_ids(ctx, out);
    for issue in issues(ctx, Owner::HubId) {
        let f = match (&issue.kind, issue.node.as_str()) {
            (IssueKind::Pattern, Some(value)) => not_an_id(&issue, value),
            (IssueKind::Type { .. }, _) => {
                let what = Field::of(&issue.top_key()).what;
                generic_finding(&INVALID_HUB_ID, &issue).help(format!(
                    "write a {what} id like `{}`",
                    Field::of(&issue.top_key()).example
                ))
            }
            _ => generic_finding(&INVALID_HUB_ID, &issue),
        };
        out.push(f);
    }
}

/// `namespace/name` values that pass the Hub's id pattern but whose namespace is a local
/// directory (`models/Qwen2.5-1.5B`, as LLaMA-Factory writes them).
fn local_dirs_shaped_like_ids(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(meta) = ctx.meta() else { return };
    for key in ["base_model", "new_version", "datasets"] {
        let Some(value) = meta.get(key) else { continue };
        let nodes: Vec<&crate::card::yaml::Node> = match value.as_seq() {
            Some(items) => items.iter().collect(),
            None => vec![value],
        };
        for (i, node) in nodes.iter().enumerate() {
            let Some(text) = node.as_str() else { continue };
            let Some((ns, _)) = text.split_once('/') else {
                continue;
            };
            if text.matches('/').count() != 1 || !LOCAL_DIRS.contains(&ns) {
                continue;
            }
            let path = if value.as_seq().is_some() {
                format!("{key}[{i}]")
            } else {
                key.to_owned()
            };
            let field = Field::of(key);
            out.push(
                INVALID_HUB_ID
                    .finding(format!(
                        "`{path}` is a local path ({}), not a Hub {} id: `{ns}` is a local directory, not a Hub user or organisation",
                        quote(text),
                        field.what
                    ))
                    .at(node.span)
                    .label("local path")
                    .help(format!(
                        "write the Hub id of the {} you started from (e.g. `{}`, see {})",
                        field.what, field.example, field.browse
                    )),
            );
        }
    }
}

/// What a field refers to, for messages.
struct Field {
    what: &'static str,
    example: &'static str,
    browse: &'static str,
}

impl Field {
    fn of(key: &str) -> Field {
        match key {
            "datasets" => Field {
                what: "dataset",
                example: "stanfordnlp/imdb",
                browse: "https://hf.co/datasets",
            },
            "buckets" => Field {
                what: "bucket",
                example: "my-org/my-bucket",
                browse: "your organisation's storage buckets",
            },
            _ => Field {
                what: "model",
                example: "meta-llama/Llama-3.1-8B",
                browse: "https://hf.co/models",
            },
        }
    }
}

/// Why a string is not a Hub id.
#[derive(Debug, PartialEq, Eq)]
enum Problem {
    LocalPath,
    /// A Hub URL; holds the id inside it, when there is one.
    Url(Option<String>),
    /// Several names joined with `/`.
    Joined,
    Malformed,
}

fn classify(value: &str) -> Problem {
    let v = value.trim();
    if let Some(rest) = v
        .strip_prefix("https://")
        .or_else(|| v.strip_prefix("http://"))
    {
        return Problem::Url(id_in_url(rest));
    }
    let b = v.as_bytes();
    let drive =
        b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && matches!(b[2], b'\\' | b'/');
    let pathy = v.starts_with(['/', '~', '.']) || v.contains('\\') || drive;
    let segments: Vec<&str> = v.split('/').collect();
    let local_dir = segments.len() > 1
        && (LOCAL_DIRS.contains(&segments[0].to_ascii_lowercase().as_str())
            || segments.iter().any(|s| s.starts_with("checkpoint")));
    if pathy || local_dir {
        Problem::LocalPath
    } else if segments.len() > 2 {
        Problem::Joined
    } else {
        Problem::Malformed
    }
}

/// First path segments that name a local directory, never a Hub user or organisation (`models`
/// and `datasets` are reserved on the Hub; the rest are where trainers write).
const LOCAL_DIRS: &[&str] = &[
    "models",
    "datasets",
    "spaces",
    "output",
    "outputs",
    "checkpoints",
    "runs",
    "results",
    "saved_models",
    "content",
    "workspace",
    "home",
    "tmp",
    "mnt",
    "data",
];

/// `huggingface.co/org/name/tree/main` → `org/name`; `hf.co/datasets/org/name` → `org/name`.
fn id_in_url(rest: &str) -> Option<String> {
    let (host, path) = rest.split_once('/')?;
    if !matches!(host, "huggingface.co" | "www.huggingface.co" | "hf.co") {
        return None;
    }
    let mut segs = path.split('/').filter(|s| !s.is_empty()).peekable();
    if segs
        .peek()
        .is_some_and(|s| matches!(*s, "datasets" | "spaces" | "models" | "buckets"))
    {
        segs.next();
    }
    let ns = segs.next()?;
    Some(match segs.next() {
        Some(name) => format!("{ns}/{name}"),
        None => ns.to_owned(),
    })
}

fn not_an_id(issue: &Issue<'_>, value: &str) -> Finding {
    let path = issue.path();
    let field = Field::of(&issue.top_key());
    let (message, label, help) = match classify(value) {
        Problem::LocalPath => (
            format!("`{path}` is a local path ({}), not a Hub {} id; the Hub rejects the push", quote(value), field.what),
            "local path".to_owned(),
            format!(
                "write the Hub id of the {} you started from (e.g. `{}`, see {}), or remove the entry if it is not on the Hub",
                field.what, field.example, field.browse
            ),
        ),
        Problem::Url(Some(id)) => (
            format!("`{path}` is a URL ({}), not a Hub {} id", quote(value), field.what),
            "URL".to_owned(),
            format!("write the id alone: `{id}`"),
        ),
        Problem::Url(None) => (
            format!("`{path}` is a URL ({}), not a Hub {} id", quote(value), field.what),
            "URL".to_owned(),
            format!("only Hub ids are accepted (e.g. `{}`); remove the entry if it is not on the Hub", field.example),
        ),
        Problem::Joined => (
            format!("{} in `{path}` is several names joined with `/`, not a Hub {} id", quote(value), field.what),
            "not a Hub id".to_owned(),
            format!("list each {} as its own entry, by its Hub id (e.g. `{}`)", field.what, field.example),
        ),
        Problem::Malformed => (
            format!("{} in `{path}` is not a valid Hub {} id", quote(value), field.what),
            "not a Hub id".to_owned(),
            format!(
                "a Hub id is `name` or `namespace/name` with letters, digits, `_`, `-` and `.` (no spaces, `--` or `..`), e.g. `{}`",
                field.example
            ),
        ),
    };
    INVALID_HUB_ID
        .finding(message)
        .at(issue.span)
        .label(label)
        .help(help)
}

/// CG108: `buckets: org/name` → `buckets: [org/name]`.
pub(crate) fn listify_buckets(ctx: &Context<'_>, out: &mut Vec<Fix>) {
    listify(ctx, out, "CG108", "buckets", |n| n.as_str().is_some());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::metadata::testing::run_yaml;

    #[test]
    fn classifies_values() {
        for path in [
            "/home/me/m",
            "./out",
            "../m",
            "~/m",
            "C:\\models\\x",
            "c:/models",
            "outputs/checkpoint-500",
            "models/run1/final",
            ".cache",
        ] {
            assert_eq!(classify(path), Problem::LocalPath, "{path}");
        }
        assert_eq!(classify("cnndaily/newyorkdaily/xsum"), Problem::Joined);
        let url = classify("https://huggingface.co/datasets/stanfordnlp/imdb/tree/main");
        assert_eq!(url, Problem::Url(Some("stanfordnlp/imdb".into())));
        assert_eq!(classify("https://example.com/x"), Problem::Url(None));
        assert_eq!(classify("my model"), Problem::Malformed);
    }

    #[test]
    fn local_paths_are_errors_naming_the_field() {
        let yaml = "base_model: /home/me/ckpt/llama\ndatasets:\n- imdb\n- ./data/train.jsonl\n";
        let got = run_yaml(&INVALID_HUB_ID, yaml);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0].1, "/home/me/ckpt/llama");
        assert!(
            got[0].0.message.starts_with("`base_model` is a local path"),
            "{}",
            got[0].0.message
        );
        assert_eq!(got[1].1, "./data/train.jsonl");
        assert!(got[1]
            .0
            .message
            .starts_with("`datasets[1]` is a local path"));
        assert!(got[1]
            .0
            .help
            .as_deref()
            .unwrap()
            .contains("stanfordnlp/imdb"));
    }

    #[test]
    fn urls_give_the_id() {
        let got = run_yaml(
            &INVALID_HUB_ID,
            "new_version: https://huggingface.co/org/model-v2\n",
        );
        assert_eq!(
            got[0].0.help.as_deref(),
            Some("write the id alone: `org/model-v2`")
        );
    }

    #[test]
    fn ids_pass() {
        let yaml =
            "base_model: [meta-llama/Llama-3.1-8B, gpt2]\ndatasets: imdb\nnew_version: a/b\n";
        assert!(run_yaml(&INVALID_HUB_ID, yaml).is_empty());
    }

    #[test]
    fn wrong_types_are_reported_here() {
        let got = run_yaml(&INVALID_HUB_ID, "base_model: {id: x}\n");
        assert_eq!(got.len(), 1);
        assert_eq!(
            got[0].0.message,
            "`base_model` must be a string or a list, not a mapping"
        );
    }
}
