//! A usage snippet generated from the library, the task and what the run saved: code that runs
//! as written, on an input of the task's modality.
//!
//! - transformers: `pipeline(<task>)` where transformers' `pipeline()` serves the task, else the
//!   task's Auto class ([`super::tasks::auto_class`]); see [`transformers`].
//! - peft: the `AutoPeftModelFor…` class of the task, on top of the base model.
//! - sentence-transformers, diffusers: their own loaders.
//!
//! Inputs: `model.example_input` when train.toml gives one, otherwise a neutral input of the
//! right kind (an image or audio URL, a plain sentence, never a made-up topic). Classifiers show
//! their labels (`id2label`); causal LMs use the chat template only when one was saved.

mod inputs;
mod transformers;

use serde::Serialize;

use super::artifacts::Artifacts;
use super::facts::Facts;

/// Code for the "How to use" section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Snippet {
    /// Fenced-code language (`python`), or empty when `code` is Markdown to include as is.
    pub lang: String,
    pub code: String,
}

impl Snippet {
    /// A user's `usage`: Markdown when it has its own fences, otherwise Python code.
    pub fn custom(text: &str) -> Self {
        let lang = if text.contains("```") || text.contains("~~~") {
            ""
        } else {
            "python"
        };
        // Markdown is shown as prose: template syntax in it is made literal as in other texts.
        let code = if lang.is_empty() {
            super::literal::literal(text.trim_end())
        } else {
            text.trim_end().to_owned()
        };
        Snippet {
            lang: lang.into(),
            code,
        }
    }
}

/// What a generated snippet may use besides the facts.
#[derive(Debug, Clone, Default)]
pub struct Context<'a> {
    /// The Hub id the model is published under.
    pub repo: &'a str,
    /// `model.example_input`.
    pub example: Option<&'a str>,
    /// A chat template was saved with the tokenizer.
    pub chat_template: bool,
    /// Class labels in id order (`id2label`), for classifiers.
    pub labels: Vec<String>,
    /// The adapter folder holds its own tokenizer (TRL saves it): load that one, not the base's.
    pub tokenizer_saved: bool,
    /// The first language of the card (`model.language`).
    pub language: Option<&'a str>,
}

impl<'a> Context<'a> {
    /// The context for `repo`, from the artifacts and train.toml's example input.
    pub fn new(
        repo: &'a str,
        facts: &'a Facts,
        art: Option<&Artifacts>,
        example: Option<&'a str>,
    ) -> Self {
        let labels = art
            .and_then(|a| a.config.as_ref()?.id2label.as_ref())
            .map(|m| {
                let mut v: Vec<(u64, &String)> = m
                    .iter()
                    .filter_map(|(k, v)| Some((k.parse().ok()?, v)))
                    .collect();
                v.sort();
                v.into_iter().map(|(_, l)| l.clone()).collect::<Vec<_>>()
            })
            // transformers' placeholder names (`LABEL_0`, …) say nothing about the classes.
            .filter(|labels| !labels.iter().all(|l| is_placeholder_label(l)))
            .unwrap_or_default();
        Context {
            repo,
            example,
            chat_template: art.is_some_and(|a| a.chat_template),
            labels,
            tokenizer_saved: art.is_some_and(|a| a.tokenizer.is_some()),
            language: facts
                .language
                .as_ref()
                .and_then(|l| l.as_slice().first().map(String::as_str)),
        }
    }
}

fn is_placeholder_label(label: &str) -> bool {
    label
        .strip_prefix("LABEL_")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Why no snippet could be generated.
pub fn why_not(facts: &Facts, repo_id: Option<&str>) -> String {
    if repo_id.is_none() {
        return "set model.repo_id (the Hub id the card is published under) so a snippet can be \
                generated, or write model.usage"
            .into();
    }
    if facts.is_adapter && facts.base_model.is_none() {
        return "an adapter's snippet needs model.base_model; set it, or write model.usage".into();
    }
    match &facts.library_name {
        Some(lib) => format!("no snippet is known for library_name `{lib}`; write model.usage"),
        None => "no library and no Hub task are known for this model: set model.pipeline_tag (a \
                 transformers task is enough), model.library_name, or write model.usage"
            .into(),
    }
}

/// Generate a snippet, or `None` when the library is unknown or ids are missing.
pub fn generate(facts: &Facts, ctx: &Context<'_>) -> Option<Snippet> {
    let code = match facts.library_name.as_deref()? {
        "peft" => transformers::peft(facts, ctx)?,
        "transformers" => transformers::code(facts, ctx),
        "sentence-transformers" => sentence_transformers(ctx),
        "diffusers" => diffusers(ctx),
        _ => return None,
    };
    Some(Snippet {
        lang: "python".into(),
        code,
    })
}

/// A Python string literal (JSON string syntax is valid Python).
pub(crate) fn py(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

fn sentence_transformers(ctx: &Context<'_>) -> String {
    let repo = py(ctx.repo);
    let sentences = match ctx.example {
        Some(e) => format!("[{}]", py(e)),
        None => "[\"The weather is lovely today.\", \"It is sunny outside.\"]".into(),
    };
    format!(
        "from sentence_transformers import SentenceTransformer\n\n\
         model = SentenceTransformer({repo})\n\
         embeddings = model.encode({sentences})\n\
         print(model.similarity(embeddings, embeddings))\n"
    )
}

fn diffusers(ctx: &Context<'_>) -> String {
    let repo = py(ctx.repo);
    let prompt = py(ctx.example.unwrap_or("An astronaut riding a horse"));
    format!(
        "from diffusers import DiffusionPipeline\n\n\
         pipe = DiffusionPipeline.from_pretrained({repo})\n\
         image = pipe({prompt}).images[0]\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::meta::OneOrMany;

    #[test]
    fn adapter_snippet_loads_base_and_adapter() {
        let facts = Facts {
            library_name: Some("peft".into()),
            pipeline_tag: Some("text-generation".into()),
            base_model: Some(OneOrMany::One("Qwen/Qwen2.5-0.5B".into())),
            is_adapter: true,
            ..Facts::default()
        };
        let ctx = Context {
            repo: "me/adapter",
            ..Context::default()
        };
        let s = generate(&facts, &ctx).unwrap();
        assert!(s
            .code
            .contains("AutoPeftModelForCausalLM.from_pretrained(\"me/adapter\")"));
        assert!(s
            .code
            .contains("AutoTokenizer.from_pretrained(\"Qwen/Qwen2.5-0.5B\")"));
    }

    #[test]
    fn custom_markdown_is_kept() {
        assert_eq!(Snippet::custom("```sh\nx\n```\n").lang, "");
        assert_eq!(Snippet::custom("import x\n").lang, "python");
    }
}
