//! `cardgen render` through a project's life, through the binary, on the bundled LoRA run
//! (`fixtures/train.toml` with `fixtures/artifacts/sft-lora`): hand edits and `--update`, `--check`
//! in a clone without the artifacts folder, `--check` on a card cardgen did not write, and
//! `huggingface_hub`'s own `modelcard_template.md` rendered, updated and checked.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support::{root, venv_tool};

/// A project folder: train.toml and the artifacts it names (`artifacts/sft-lora`).
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = root().join("fixtures");
    std::fs::copy(fixtures.join("train.toml"), dir.path().join("train.toml")).unwrap();
    copy_dir(
        &fixtures.join("artifacts/sft-lora"),
        &dir.path().join("artifacts/sft-lora"),
    );
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn cardgen(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cardgen"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Run and expect `code`; return stderr.
fn expect(dir: &Path, args: &[&str], code: i32) -> String {
    let out = cardgen(dir, args);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(code), "cardgen {args:?}:\n{err}");
    err
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

fn edit(dir: &Path, name: &str, from: &str, to: &str) {
    let text = read(dir, name);
    assert!(text.contains(from), "{name} has no {from:?}");
    std::fs::write(dir.join(name), text.replacen(from, to, 1)).unwrap();
}

/// The command a message suggests between backticks, run as the user would paste it.
fn suggested(message: &str) -> Vec<String> {
    let start = message.rfind("`cardgen ").expect("a suggested command") + 1;
    let end = start + message[start..].find('`').unwrap();
    message[start..end]
        .split_whitespace()
        .skip(1)
        .map(str::to_owned)
        .collect()
}

#[test]
fn update_keeps_hand_edits_outside_regions_and_added_entries_and_names_what_it_replaces() {
    let p = project();
    let dir = p.path();
    expect(dir, &["render", "--meta", "train.toml"], 0);
    edit(dir, "README.md", "- sft\n", "- sft\n- sql\n");
    edit(
        dir,
        "README.md",
        "- b-mc2/sql-create-context\nmetrics:",
        "- b-mc2/sql-create-context\n- me/extra-questions\nmetrics:",
    );
    edit(
        dir,
        "README.md",
        "pipeline_tag: text-generation",
        "pipeline_tag: text2text-generation",
    );
    edit(
        dir,
        "README.md",
        "<!-- cardgen:end limitations -->",
        "Also slow on long schemas.\n<!-- cardgen:end limitations -->",
    );
    edit(
        dir,
        "README.md",
        "<!-- cardgen:begin citation -->",
        "## Acknowledgements\n\nThanks to the SQL reviewers.\n\n<!-- cardgen:begin citation -->",
    );
    // A retrain of the prose: train.toml changes too.
    edit(
        dir,
        "train.toml",
        "small enough to run",
        "small enough to run quickly",
    );

    let err = expect(dir, &["render", "--meta", "train.toml", "--update"], 0);
    let card = read(dir, "README.md");
    assert!(card.contains("small enough to run quickly"));
    assert!(card.contains("## Acknowledgements\n\nThanks to the SQL reviewers.\n"));
    assert!(
        card.contains("- sft\n- sql\n"),
        "a tag added by hand is kept"
    );
    assert!(
        card.contains("- me/extra-questions\n"),
        "a dataset added by hand is kept"
    );
    assert!(card.contains("pipeline_tag: text-generation\n"));
    assert!(!card.contains("Also slow on long schemas."));
    assert!(err.contains("kept tags sql (added by hand)"), "{err}");
    assert!(
        err.contains("kept datasets me/extra-questions (added by hand)"),
        "{err}"
    );
    assert!(
        err.contains("warning: replaced `pipeline_tag: text2text-generation`, edited by hand"),
        "{err}"
    );
    assert!(
        err.contains("warning: replaced a hand edit inside region `limitations`")
            && err.contains("`Also slow on long schemas.`"),
        "{err}"
    );
    // Nothing else is reported: the changed description was cardgen's own text going stale.
    assert_eq!(err.matches("warning:").count(), 2, "{err}");

    // The kept entries stay kept on the next update, silently except for the note.
    let again = expect(dir, &["render", "--meta", "train.toml", "--update"], 0);
    assert!(again.contains("is up to date"), "{again}");
    assert!(!again.contains("warning:"), "{again}");
    // And train.toml removing a tag it produced removes it; the hand-added one stays.
    edit(dir, "train.toml", "tags = [\"text-to-sql\"]", "tags = []");
    expect(dir, &["render", "--meta", "train.toml", "--update"], 0);
    let card = read(dir, "README.md");
    assert!(
        !card.contains("- text-to-sql\n") && card.contains("- sql\n"),
        "{card}"
    );
}

#[test]
fn check_passes_in_a_clone_without_the_artifacts_folder() {
    let p = project();
    let dir = p.path();
    let err = expect(dir, &["render", "--meta", "train.toml"], 0);
    assert!(err.contains("Wrote train.lock.json"), "{err}");
    expect(dir, &["render", "--meta", "train.toml", "--check"], 0);

    // CI: a clone has train.toml, README.md and the lock, not the git-ignored artifacts.
    std::fs::remove_dir_all(dir.join("artifacts")).unwrap();
    let err = expect(dir, &["render", "--meta", "train.toml", "--check"], 0);
    assert!(
        err.contains(
            "artifacts/sft-lora is absent: the artifacts' facts come from train.lock.json"
        ),
        "{err}"
    );

    // Someone edits train.toml without re-rendering: the check fails with a command that works.
    edit(
        dir,
        "train.toml",
        "small enough to run",
        "small enough to run quickly",
    );
    let out = cardgen(dir, &["render", "--meta", "train.toml", "--check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout)
        .contains("+`SELECT` query. It is small enough to run quickly"));
    let fix = suggested(&stderr(&out));
    assert_eq!(fix, ["render", "--meta", "train.toml", "--update"]);
    let fix: Vec<&str> = fix.iter().map(String::as_str).collect();
    expect(dir, &fix, 0);
    expect(dir, &["render", "--meta", "train.toml", "--check"], 0);

    // Without the lock either, the error says what to do.
    std::fs::remove_file(dir.join("train.lock.json")).unwrap();
    let err = expect(dir, &["render", "--meta", "train.toml", "--check"], 2);
    assert!(
        err.contains("neither is there a lock file (train.lock.json)"),
        "{err}"
    );
}

#[test]
fn check_fails_when_the_lock_is_stale_and_update_refreshes_it() {
    let p = project();
    let dir = p.path();
    expect(dir, &["render", "--meta", "train.toml"], 0);
    let lock = read(dir, "train.lock.json");
    std::fs::write(
        dir.join("train.lock.json"),
        lock.replacen("\"r\": 4", "\"r\": 8", 1),
    )
    .unwrap();
    let err = expect(dir, &["render", "--meta", "train.toml", "--check"], 1);
    assert!(err.contains("train.lock.json is out of date"), "{err}");
    expect(dir, &["render", "--meta", "train.toml", "--update"], 0);
    assert_eq!(read(dir, "train.lock.json"), lock);
}

#[test]
fn check_on_a_card_cardgen_did_not_write_suggests_force() {
    let p = project();
    let dir = p.path();
    std::fs::write(dir.join("README.md"), "# My model\n\nWritten by hand.\n").unwrap();
    let err = expect(dir, &["render", "--meta", "train.toml", "--check"], 1);
    assert!(err.contains("was not written by cardgen"), "{err}");
    let fix = suggested(&err);
    assert_eq!(fix, ["render", "--meta", "train.toml", "--force"]);
    let fix: Vec<&str> = fix.iter().map(String::as_str).collect();
    expect(dir, &fix, 0);
    expect(dir, &["render", "--meta", "train.toml", "--check"], 0);
}

/// `huggingface_hub`'s `modelcard_template.md`, from the installed package.
fn hf_template() -> Option<PathBuf> {
    let py = venv_tool("python")?;
    let out = Command::new(py)
        .args([
            "-c",
            "import huggingface_hub, os; print(os.path.join(os.path.dirname(huggingface_hub.__file__), 'templates', 'modelcard_template.md'))",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    Some(PathBuf::from(String::from_utf8(out.stdout).unwrap().trim()))
}

#[test]
fn huggingface_hubs_template_round_trips_through_render_update_and_check() {
    let Some(template) = hf_template() else {
        return;
    };
    let p = project();
    let dir = p.path();
    std::fs::copy(&template, dir.join("hf.md")).unwrap();
    let args = ["render", "--meta", "train.toml", "--template", "hf.md"];
    expect(dir, &args, 0);
    let card = read(dir, "README.md");

    // The usage code is fenced: its `#` comments are not headings.
    let usage = &card[card.find("## How to Get Started").unwrap()..];
    let fence = usage.find("```python\n").expect("a python fence");
    assert!(usage[fence..].find("# Loads Qwen").unwrap() < usage[fence + 3..].find("```").unwrap());
    // The training data shows the datasets, the results their table, the software its versions.
    let data = &card
        [card.find("### Training Data").unwrap()..card.find("### Training Procedure").unwrap()];
    assert!(data.contains("Datasets: [b-mc2/sql-create-context](https://huggingface.co/datasets/b-mc2/sql-create-context)"), "{data}");
    assert!(card.contains(
        "| Text-to-SQL | [sql-create-context (held-out 1,000)](https://huggingface.co/datasets/b-mc2/sql-create-context) | validation | Exact match | 0.712 |"
    ));
    assert!(card.contains("- PEFT 0.21.2"));
    assert!(!data.contains("[More Information Needed]"));

    // It lints clean of errors, and is a cardgen card: updated and checked like any other.
    expect(dir, &["lint", "README.md"], 0);
    expect(dir, &[&args[..], &["--check"]].concat(), 0);
    edit(
        dir,
        "README.md",
        "### Model Sources [optional]",
        "### Model Sources [optional]\n\nSee also our blog post.",
    );
    edit(
        dir,
        "README.md",
        "- **Developed by:** Ada Example, Grace Sample",
        "- **Developed by:** Ada Example, Grace Sample and friends",
    );
    edit(
        dir,
        "train.toml",
        "small enough to run",
        "small enough to run quickly",
    );
    let err = expect(dir, &[&args[..], &["--update"]].concat(), 0);
    assert!(
        err.contains("replaced a hand edit inside region `developers`"),
        "{err}"
    );
    let card = read(dir, "README.md");
    assert!(card.contains("See also our blog post."));
    assert!(card.contains("small enough to run quickly"));
    expect(dir, &[&args[..], &["--check"]].concat(), 0);

    // Updating it with another template is refused, not a silent rewrite.
    let err = expect(dir, &["render", "--meta", "train.toml", "--update"], 2);
    assert!(
        err.contains("it was rendered with another template"),
        "{err}"
    );
}

#[test]
fn a_user_template_gets_hyperparameters_training_results_and_the_procedure() {
    let p = project();
    let dir = p.path();
    std::fs::write(
        dir.join("mine.md"),
        "# {{ model_id }}\n\n## Usage\n\n{{ get_started_code }}\n\n## Limitations\n\n\
         {{ bias_risks_limitations }}\n\n## Training\n\n{{ hyperparameters }}\n\n\
         {{ training_results }}\n\n{{ speeds_sizes_times }}\n",
    )
    .unwrap();
    expect(
        dir,
        &["render", "--meta", "train.toml", "--template", "mine.md"],
        0,
    );
    let card = read(dir, "README.md");
    for want in [
        "<!-- cardgen:begin hyperparameters -->\n| Hyperparameter | Value |\n|---|---|\n",
        "| learning_rate | 0.002 |\n",
        "<!-- cardgen:begin training_results -->\n| Training Loss | Epoch | Step | Validation Loss |\n",
        "| 6.0003 | 1.5 | 6 | 5.9967 |\n<!-- cardgen:end training_results -->",
        "<!-- cardgen:begin speeds_sizes_times -->\n- **Framework:** TRL SFTTrainer 1.16 with PEFT 0.21\n",
        "- **Trained for:** 1.5 epochs (6 steps)\n",
    ] {
        assert!(card.contains(want), "no {want:?} in\n{card}");
    }
}
