//! `cardgen render --from` on the real training runs in `fixtures/artifacts/` (one per task
//! family, written by transformers, PEFT, TRL and sentence-transformers themselves), through the
//! binary: each card names the right Hub task, a snippet for it that compiles, the metric read
//! from the run, the hyperparameters and the framework versions; it lints clean, passes
//! `--profile strict` when train.toml fills every section, and loads in `huggingface_hub`.

use std::path::{Path, PathBuf};
use std::process::Command;

use cardgen::card::CardContext;
use cardgen::config::Config;

use crate::support::{root, run, venv_tool};

/// One training run and what its card must say.
struct Family {
    dir: &'static str,
    pipeline_tag: &'static str,
    /// `[[evaluation]]`: metric type, and `from` when the key is not `eval_<type>`.
    metric: (&'static str, Option<&'static str>),
    /// Text the card must hold: snippet, hyperparameters, versions, method parts.
    expect: &'static [&'static str],
}

const FAMILIES: &[Family] = &[
    Family {
        dir: "sft-lora",
        pipeline_tag: "text-generation",
        metric: ("mean_token_accuracy", None),
        expect: &[
            "AutoPeftModelForCausalLM.from_pretrained(",
            "apply_chat_template(",
            "| learning_rate | 0.002 |",
            "- PEFT 0.21.2",
            "- TRL 1.16.0",
            "- Transformers 5.25.0",
        ],
    },
    Family {
        dir: "causal-lm-full",
        pipeline_tag: "text-generation",
        metric: ("perplexity", Some("perplexity")),
        expect: &[
            "pipeline(\"text-generation\"",
            "saved without a chat template",
            "| training_steps | 5 |",
            "- Transformers 5.25.0",
        ],
    },
    Family {
        dir: "summarization-t5",
        pipeline_tag: "summarization",
        metric: ("rouge1", None),
        expect: &[
            "AutoModelForSeq2SeqLM.from_pretrained(",
            "| training_steps | 6 |",
            "- Transformers 5.25.0",
            "- PyTorch 2.14.1+cu130",
        ],
    },
    Family {
        dir: "translation-marian",
        pipeline_tag: "translation",
        metric: ("bleu", None),
        expect: &[
            "AutoModelForSeq2SeqLM.from_pretrained(",
            "- Transformers 5.25.0",
        ],
    },
    Family {
        dir: "asr-whisper",
        pipeline_tag: "automatic-speech-recognition",
        metric: ("wer", None),
        expect: &[
            "pipeline(\"automatic-speech-recognition\"",
            ".flac\"",
            "| learning_rate |",
            "- Transformers 5.25.0",
        ],
    },
    Family {
        dir: "asr-wav2vec2-ctc",
        pipeline_tag: "automatic-speech-recognition",
        metric: ("wer", None),
        expect: &[
            "pipeline(\"automatic-speech-recognition\"",
            "- Transformers 5.25.0",
        ],
    },
    Family {
        dir: "image-classification-vit",
        pipeline_tag: "image-classification",
        metric: ("accuracy", None),
        expect: &[
            "pipeline(\"image-classification\"",
            "# Labels: pizza, ramen, sushi",
            ".jpeg\"",
            "| training_steps | 6 |",
            "- Transformers 5.25.0",
        ],
    },
    Family {
        dir: "object-detection-detr",
        pipeline_tag: "object-detection",
        metric: ("loss", None),
        expect: &[
            "pipeline(\"object-detection\"",
            ".jpeg\"",
            "- Transformers 5.25.0",
        ],
    },
    Family {
        dir: "segmentation-segformer",
        pipeline_tag: "image-segmentation",
        metric: ("mean_iou", None),
        expect: &[
            "pipeline(\"image-segmentation\"",
            "# Labels: background, road, car",
            "- Transformers 5.25.0",
        ],
    },
    Family {
        dir: "text-classification-bert",
        pipeline_tag: "text-classification",
        metric: ("f1", None),
        expect: &[
            "pipeline(\"text-classification\"",
            "# Labels: bukan ujaran kebencian, ujaran kebencian",
            "- Transformers 5.25.0",
        ],
    },
    Family {
        dir: "token-classification-bert",
        pipeline_tag: "token-classification",
        metric: ("f1", None),
        expect: &[
            "pipeline(\"token-classification\"",
            "B-PER",
            "aggregation_strategy",
        ],
    },
    Family {
        dir: "question-answering-bert",
        pipeline_tag: "question-answering",
        metric: ("exact_match", None),
        expect: &[
            "AutoModelForQuestionAnswering.from_pretrained(",
            "- Transformers 5.25.0",
        ],
    },
    Family {
        dir: "fill-mask-bert",
        pipeline_tag: "fill-mask",
        metric: ("perplexity", Some("perplexity")),
        expect: &[
            "pipeline(\"fill-mask\"",
            "mask_token",
            "- Transformers 5.25.0",
        ],
    },
    Family {
        dir: "sentence-transformers",
        pipeline_tag: "sentence-similarity",
        metric: ("spearman_cosine", Some("eval_sts-dev_spearman_cosine")),
        expect: &[
            "SentenceTransformer(",
            "- Sentence Transformers 6.3.0",
            "| learning_rate | 0.001 |",
        ],
    },
    Family {
        dir: "image-text-to-text-qwen2vl",
        pipeline_tag: "image-text-to-text",
        metric: ("mean_token_accuracy", None),
        expect: &[
            "pipeline(\"image-text-to-text\"",
            "\"type\": \"image\"",
            "- TRL 1.16.0",
        ],
    },
    Family {
        dir: "dpo-lora",
        pipeline_tag: "text-generation",
        metric: ("accuracy", Some("eval_rewards/accuracies")),
        expect: &[
            "AutoPeftModelForCausalLM",
            "rewards/margins",
            "| beta |",
            "Cite DPO as:",
            "@inproceedings{rafailov2023direct",
            "- PEFT 0.21.2",
        ],
    },
    Family {
        dir: "grpo-lora",
        pipeline_tag: "text-generation",
        metric: ("reward", None),
        expect: &[
            "AutoPeftModelForCausalLM",
            "| reward | reward_std |",
            "| kl |",
            "| num_generations |",
            "Cite GRPO as:",
            "- TRL 1.16.0",
        ],
    },
];

fn cardgen() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_cardgen"));
    c.env("NO_COLOR", "1");
    c
}

/// train.toml for `f`; `full` fills every section the strict profile asks for.
fn train_toml(f: &Family, full: bool) -> String {
    let (metric, from) = f.metric;
    let from = from.map_or(String::new(), |k| format!("from = \"{k}\"\n"));
    let mut t = format!(
        "[model]\nname = \"{dir} example\"\nrepo_id = \"cardgen-examples/{dir}\"\n\
         license = \"apache-2.0\"\n\
         description = \"A model fine-tuned in a test run.\"\n\
         limitations = \"A few steps of training on random data: it is not useful.\"\n\n\
         [[evaluation]]\ntask = \"{tag}\"\n\
         dataset = {{ id = \"cardgen-examples/held-out\", name = \"Held-out split\", split = \"test\" }}\n\
         metric = {{ type = \"{metric}\" }}\n{from}",
        dir = f.dir,
        tag = f.pipeline_tag,
    );
    if full {
        t = t.replacen(
            "\n\n[[evaluation]]",
            "\nintended_use = \"Testing cardgen.\"\n\
             citation = \"@misc{example, title = {Example}, year = {2026}}\"\n\n\
             [training]\ndata = \"Random data made by the fixture script.\"\n\n[[evaluation]]",
            1,
        );
    }
    t
}

/// Render `f` into `dir/README.md`; returns the card and the messages.
fn render(f: &Family, dir: &Path, full: bool) -> (String, String) {
    let toml = dir.join("train.toml");
    std::fs::write(&toml, train_toml(f, full)).unwrap();
    let card = dir.join("README.md");
    let from = root().join("fixtures/artifacts").join(f.dir);
    let (ok, out) = run(cardgen()
        .arg("render")
        .arg("--meta")
        .arg(&toml)
        .arg("--from")
        .arg(&from)
        .arg("-o")
        .arg(&card));
    assert!(ok, "{}: render failed:\n{out}", f.dir);
    (std::fs::read_to_string(&card).unwrap(), out)
}

fn front_matter(card: &str) -> serde_json::Value {
    let config = Config::default();
    let ctx = CardContext::new(card.as_bytes(), &config.limits.yaml);
    ctx.meta().expect("front matter").to_json()
}

/// The first ```python block of the usage section.
fn snippet(card: &str) -> String {
    let usage = card.split("## How to use").nth(1).expect("a usage section");
    let code = usage.split("```python\n").nth(1).expect("a python block");
    code.split("\n```").next().unwrap().to_owned()
}

/// `python -m py_compile` each file.
fn py_compile(python: &Path, files: &[PathBuf]) {
    let (ok, out) = run(Command::new(python).args(["-m", "py_compile"]).args(files));
    assert!(ok, "a snippet does not compile:\n{out}");
}

#[test]
fn every_family_renders_the_card_its_run_calls_for() {
    let tmp = tempfile::tempdir().unwrap();
    let mut snippets = Vec::new();
    for f in FAMILIES {
        let dir = tmp.path().join(f.dir);
        std::fs::create_dir(&dir).unwrap();
        let (card, messages) = render(f, &dir, false);
        let fm = front_matter(&card);
        assert_eq!(fm["pipeline_tag"], f.pipeline_tag, "{}: {messages}", f.dir);
        assert!(
            messages.contains(&format!("note: pipeline_tag {}", f.pipeline_tag)),
            "{}: the task decision is not printed:\n{messages}",
            f.dir
        );
        let value = &fm["model-index"][0]["results"][0]["metrics"][0]["value"];
        assert!(value.is_number(), "{}: no imported metric in {fm}", f.dir);
        assert!(
            messages.contains("note: evaluation 1 ("),
            "{}: the imported value's source is not printed:\n{messages}",
            f.dir
        );
        for part in f.expect {
            assert!(
                card.contains(part),
                "{}: missing {part:?} in\n{card}",
                f.dir
            );
        }
        // Every run left training_args.bin and a record of its transformers version.
        assert!(
            card.contains("| learning_rate | "),
            "{}: no hyperparameters",
            f.dir
        );
        assert!(
            card.contains("- Transformers 5.25.0"),
            "{}: no versions",
            f.dir
        );
        // Placeholder labels (`LABEL_0`) are not shown as the classes.
        assert!(!card.contains("# Labels: LABEL_0"), "{}", f.dir);
        let code = snippet(&card);
        let path = tmp.path().join(format!("{}.py", f.dir.replace('-', "_")));
        std::fs::write(&path, &code).unwrap();
        snippets.push(path);

        let (ok, out) = run(cardgen().arg("lint").arg(dir.join("README.md")));
        assert!(ok, "{}: the card does not lint clean:\n{out}", f.dir);
        let (_, messages) = render(f, &dir, true);
        let (ok, out) = run(cardgen()
            .args(["lint", "--profile", "strict"])
            .arg(dir.join("README.md")));
        assert!(
            ok,
            "{}: a full card fails --profile strict:\n{out}\n{messages}",
            f.dir
        );
    }
    if let Some(python) = venv_tool("python") {
        py_compile(&python, &snippets);
    }
}

#[test]
fn an_output_root_is_read_through_its_best_checkpoint() {
    let tmp = tempfile::tempdir().unwrap();
    let f = &FAMILIES[6];
    assert_eq!(f.dir, "image-classification-vit");
    let (card, messages) = render(f, tmp.path(), false);
    assert!(
        messages.contains("read checkpoint-3, the best checkpoint (accuracy 0.25)"),
        "{messages}"
    );
    assert!(
        messages.contains("trainer_state.json) is checkpoint-6's"),
        "{messages}"
    );
    // The best checkpoint's evaluation on request.
    let toml =
        std::fs::read_to_string(tmp.path().join("train.toml")).unwrap() + "checkpoint = \"best\"\n";
    std::fs::write(tmp.path().join("train.toml"), toml).unwrap();
    let (ok, out) = run(cardgen()
        .args(["render", "--meta"])
        .arg(tmp.path().join("train.toml"))
        .arg("--from")
        .arg(root().join("fixtures/artifacts").join(f.dir))
        .args(["-o", "-"]));
    assert!(ok, "{out}");
    assert!(
        out.contains("log_history, step 3 (the best checkpoint's evaluation)"),
        "{out}"
    );
    assert!(card.contains("| 1.0802 | 0.75 | 3 |"), "{card}");
}

#[test]
fn a_task_and_a_base_model_are_enough_for_a_snippet() {
    let tmp = tempfile::tempdir().unwrap();
    let toml = tmp.path().join("train.toml");
    std::fs::write(
        &toml,
        "[model]\nname = \"asr\"\nrepo_id = \"me/asr\"\nbase_model = \"openai/whisper-tiny\"\n\
         pipeline_tag = \"automatic-speech-recognition\"\ndescription = \"d\"\nlimitations = \"l\"\n",
    )
    .unwrap();
    let (ok, out) = run(cardgen()
        .arg("render")
        .arg("--meta")
        .arg(&toml)
        .args(["-o", "-"]));
    assert!(ok, "{out}");
    assert!(
        out.contains("pipeline(\"automatic-speech-recognition\""),
        "{out}"
    );
    assert!(
        out.contains("note: library_name transformers, assumed"),
        "{out}"
    );

    // A folder with only trainer_state.json: the task comes from [[evaluation]].
    let run_dir = tmp.path().join("run");
    std::fs::create_dir(&run_dir).unwrap();
    std::fs::copy(
        root().join("fixtures/artifacts/text-classification-bert/trainer_state.json"),
        run_dir.join("trainer_state.json"),
    )
    .unwrap();
    std::fs::write(
        &toml,
        "[model]\nname = \"cls\"\nrepo_id = \"me/cls\"\ndescription = \"d\"\nlimitations = \"l\"\n\n\
         [[evaluation]]\ntask = \"text-classification\"\n\
         dataset = { id = \"me/data\", name = \"Data\" }\nmetric = { type = \"f1\" }\n",
    )
    .unwrap();
    let (ok, out) = run(cardgen()
        .arg("render")
        .arg("--meta")
        .arg(&toml)
        .arg("--from")
        .arg(&run_dir)
        .args(["-o", "-"]));
    assert!(ok, "{out}");
    assert!(out.contains("pipeline_tag: text-classification"), "{out}");
    assert!(out.contains("pipeline(\"text-classification\""), "{out}");
}

#[test]
fn every_task_the_table_reaches_gets_a_snippet_that_compiles() {
    let tmp = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    let mut tags = cardgen::render::tasks::all_tags();
    tags.push("sentence-similarity");
    for tag in tags {
        let lib = if tag == "sentence-similarity" {
            "library_name = \"sentence-transformers\"\n"
        } else {
            ""
        };
        let toml = tmp.path().join("train.toml");
        std::fs::write(
            &toml,
            format!(
                "[model]\nname = \"m\"\nrepo_id = \"me/m\"\npipeline_tag = \"{tag}\"\n{lib}\
                 description = \"d\"\nlimitations = \"l\"\n"
            ),
        )
        .unwrap();
        let (ok, card) = run(cardgen()
            .arg("render")
            .arg("--meta")
            .arg(&toml)
            .args(["-o", "-"]));
        assert!(ok, "{tag}: {card}");
        let code = snippet(&card);
        let auto = cardgen::render::tasks::auto_class(tag).unwrap_or("AutoModel");
        let names_it = code.contains(&format!("pipeline(\"{tag}\""))
            || code.contains(&format!("{auto}.from_pretrained("))
            || (tag == "sentence-similarity" && code.contains("SentenceTransformer("));
        assert!(
            names_it,
            "{tag}: the snippet names neither its pipeline nor its Auto class:\n{code}"
        );
        assert!(!code.contains("Your input here"), "{tag}: {code}");
        let path = tmp.path().join(format!("{}.py", tag.replace('-', "_")));
        std::fs::write(&path, code).unwrap();
        files.push(path);
    }
    if let Some(python) = venv_tool("python") {
        py_compile(&python, &files);
    }
}

/// Python: load each card named on the command line with huggingface_hub and print its
/// metadata as JSON lines.
const LOAD_CARDS: &str = r#"
import json, sys
from huggingface_hub import ModelCard
for path in sys.argv[1:]:
    card = ModelCard.load(path)
    print(json.dumps({"meta": card.data.to_dict(), "eval_results": len(card.data.eval_results or [])}))
"#;

#[test]
fn every_family_card_loads_in_huggingface_hub() {
    let Some(python) = venv_tool("python") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let mut cards = Vec::new();
    for f in FAMILIES {
        let dir = tmp.path().join(f.dir);
        std::fs::create_dir(&dir).unwrap();
        let (card, _) = render(f, &dir, true);
        cards.push((dir.join("README.md"), front_matter(&card)));
    }
    let (ok, out) = run(Command::new(&python)
        .env("HF_HUB_OFFLINE", "1")
        .args(["-c", LOAD_CARDS])
        .args(cards.iter().map(|(p, _)| p)));
    assert!(ok, "{out}");
    let lines: Vec<serde_json::Value> = out
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), cards.len(), "{out}");
    for ((path, ours), theirs) in cards.iter().zip(&lines) {
        assert_eq!(theirs["eval_results"], 1, "{}", path.display());
        for key in ["pipeline_tag", "library_name", "base_model", "tags"] {
            assert_eq!(theirs["meta"][key], ours[key], "{}: {key}", path.display());
        }
    }
}

#[test]
fn a_bare_config_json_names_its_task() {
    let expected = [
        ("BartForConditionalGeneration", "summarization"),
        ("BertForMaskedLM", "fill-mask"),
        ("BertForSequenceClassification", "text-classification"),
        ("CLIPModel", "zero-shot-image-classification"),
        ("DetrForObjectDetection", "object-detection"),
        ("DistilBertForTokenClassification", "token-classification"),
        ("Gemma2ForCausalLM", "text-generation"),
        ("LlamaForCausalLM", "text-generation"),
        ("MarianMTModel", "translation"),
        ("MistralForCausalLM", "text-generation"),
        ("Qwen2ForCausalLM", "text-generation"),
        ("Qwen2VLForConditionalGeneration", "image-text-to-text"),
        ("RobertaForQuestionAnswering", "question-answering"),
        ("SegformerForSemanticSegmentation", "image-segmentation"),
        ("T5ForConditionalGeneration", "summarization"),
        ("Wav2Vec2ForCTC", "automatic-speech-recognition"),
        (
            "WhisperForConditionalGeneration",
            "automatic-speech-recognition",
        ),
    ];
    let tmp = tempfile::tempdir().unwrap();
    let toml = tmp.path().join("train.toml");
    std::fs::write(
        &toml,
        "[model]\nname = \"m\"\nrepo_id = \"me/m\"\ndescription = \"d\"\nlimitations = \"l\"\n",
    )
    .unwrap();
    for (class, tag) in expected {
        let (ok, out) = run(cardgen()
            .arg("render")
            .arg("--meta")
            .arg(&toml)
            .arg("--from")
            .arg(root().join("fixtures/artifacts/configs").join(class))
            .args(["-o", "-"]));
        assert!(ok, "{class}: {out}");
        assert!(
            out.contains(&format!("pipeline_tag: {tag}\n")),
            "{class}: {out}"
        );
        assert!(
            out.contains(&format!("note: pipeline_tag {tag}, from {class}")),
            "{out}"
        );
        let fm = front_matter(out.split("\nnote: ").next().unwrap());
        assert_eq!(fm["library_name"], "transformers", "{class}");
    }
}
