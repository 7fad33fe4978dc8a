//! Texts in train.toml are content: one that documents a chat template (`{{ messages }}`,
//! `{% if x %}` in prose) renders, and the written card passes `cardgen lint`. Through the binary.

use std::process::Command;

use crate::support::run;

fn cardgen() -> Command {
    Command::new(env!("CARGO_BIN_EXE_cardgen"))
}

const TRAIN_TOML: &str = r#"[model]
name = "chat-model {{ size }}"
repo_id = "someone/chat-model"
license = "mit"
library_name = "transformers"
pipeline_tag = "text-generation"
description = """
The chat template joins {{ messages }} and uses {% if x %} to add the system prompt.
Code stays as written: `{{ bos_token }}`.
"""
limitations = "A prompt with {# a comment #} in it is passed through."

[training]
data = "Conversations rendered with {% for m in messages %}{{ m.content }}{% endfor %}."

[[card.sections]]
title = "Prompt format {{ role }}"
body = """
```jinja
{{ messages }}
```
Outside the fence: {{ messages }}.
"""
"#;

#[test]
fn template_syntax_in_train_toml_is_written_literally_and_lints_clean() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("train.toml"), TRAIN_TOML).unwrap();
    let (ok, out) = run(cardgen()
        .current_dir(dir.path())
        .args(["render", "--meta", "train.toml"]));
    assert!(ok, "render failed:\n{out}");
    let card = std::fs::read_to_string(dir.path().join("README.md")).unwrap();
    for expected in [
        "# chat-model `{{ size }}`\n",
        "joins `{{ messages }}` and uses `{% if x %}` to add",
        "Code stays as written: `{{ bos_token }}`.",
        "A prompt with `{# a comment #}` in it",
        "rendered with `{% for m in messages %}{{ m.content }}{% endfor %}`.",
        "## Prompt format `{{ role }}`",
        "```jinja\n{{ messages }}\n```\nOutside the fence: `{{ messages }}`.",
    ] {
        assert!(card.contains(expected), "missing {expected:?} in:\n{card}");
    }
    let (ok, out) = run(cardgen()
        .current_dir(dir.path())
        .args(["lint", "README.md"]));
    assert!(ok, "lint failed:\n{out}");
}

/// A template's own leftovers are still errors: the check that refuses to write the card is not
/// weakened by train.toml texts being made literal.
#[test]
fn leftovers_of_a_user_template_still_stop_the_render() {
    let dir = tempfile::tempdir().unwrap();
    let toml = TRAIN_TOML.replace(
        "[model]\n",
        "[card]\ntemplate = \"my.md.jinja\"\n\n[model]\n",
    );
    std::fs::write(dir.path().join("train.toml"), toml).unwrap();
    std::fs::write(
        dir.path().join("my.md.jinja"),
        "{% extends \"general.md.jinja\" %}\n{% block usage_intro %}{% raw %}Run {{ model_id }}.{% endraw %}\n\n{% endblock %}\n",
    )
    .unwrap();
    let (ok, out) = run(cardgen()
        .current_dir(dir.path())
        .args(["render", "--meta", "train.toml"]));
    assert!(!ok, "{out}");
    assert!(
        out.contains("CG204 unrendered-template: unrendered template syntax `{{ model_id }}`"),
        "{out}"
    );
    assert!(out.contains("--> the rendered card, line "), "{out}");
    assert!(
        !out.contains("comes from"),
        "a template's text has no train.toml key:\n{out}"
    );
    assert!(!dir.path().join("README.md").exists());
}
