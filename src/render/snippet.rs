//! A usage snippet generated from the library, the task and the adapter type.

use serde::Serialize;

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
        Snippet {
            lang: lang.into(),
            code: text.trim_end().to_owned(),
        }
    }
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
    format!(
        "no snippet is known for library_name `{}`; write model.usage",
        facts.library_name.as_deref().unwrap_or("(unset)")
    )
}

/// Generate a snippet, or `None` when the library is unknown or ids are missing.
pub fn generate(facts: &Facts, repo_id: Option<&str>) -> Option<Snippet> {
    let repo = repo_id?;
    let code = match facts.library_name.as_deref()? {
        "peft" => peft(facts, repo)?,
        "transformers" => transformers(facts.pipeline_tag.as_deref(), repo),
        "sentence-transformers" => sentence_transformers(repo),
        "diffusers" => diffusers(repo),
        _ => return None,
    };
    Some(Snippet {
        lang: "python".into(),
        code,
    })
}

/// A Python string literal (JSON string syntax is valid Python).
fn py(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

fn peft(facts: &Facts, repo: &str) -> Option<String> {
    let base = facts.base_model.as_ref()?.as_slice().first()?.clone();
    let (repo, base_lit) = (py(repo), py(&base));
    let class = match facts.pipeline_tag.as_deref() {
        Some("text-generation") => "AutoPeftModelForCausalLM",
        Some("text-classification") => "AutoPeftModelForSequenceClassification",
        Some("token-classification") => "AutoPeftModelForTokenClassification",
        Some("question-answering") => "AutoPeftModelForQuestionAnswering",
        Some("feature-extraction") => "AutoPeftModelForFeatureExtraction",
        _ => "AutoPeftModel",
    };
    let load = format!(
        "from peft import {class}\nfrom transformers import AutoTokenizer\n\n\
         # Loads {base} and applies this adapter on top of it.\n\
         model = {class}.from_pretrained({repo})\n\
         tokenizer = AutoTokenizer.from_pretrained({base_lit})\n"
    );
    let run = if class == "AutoPeftModelForCausalLM" {
        GENERATE
    } else {
        ""
    };
    Some(format!("{load}{run}"))
}

const GENERATE: &str = "\nmessages = [{\"role\": \"user\", \"content\": \"Write a haiku about the sea.\"}]\n\
inputs = tokenizer.apply_chat_template(messages, add_generation_prompt=True, return_tensors=\"pt\")\n\
outputs = model.generate(inputs, max_new_tokens=128)\n\
print(tokenizer.decode(outputs[0][inputs.shape[-1]:], skip_special_tokens=True))\n";

fn transformers(task: Option<&str>, repo: &str) -> String {
    let repo = py(repo);
    let Some(task) = task else {
        return format!(
            "from transformers import AutoModel, AutoTokenizer\n\n\
             model = AutoModel.from_pretrained({repo})\n\
             tokenizer = AutoTokenizer.from_pretrained({repo})\n"
        );
    };
    let call = match task {
        "text-generation" => {
            "messages = [{\"role\": \"user\", \"content\": \"Write a haiku about the sea.\"}]\n\
                              print(pipe(messages, max_new_tokens=128)[0][\"generated_text\"])"
        }
        "text-classification" => "print(pipe(\"I really enjoyed this film.\"))",
        "token-classification" => "print(pipe(\"Ada Lovelace was born in London.\"))",
        "summarization" => "print(pipe(\"A long article to summarize ...\"))",
        _ => "print(pipe(\"Your input here\"))",
    };
    let task_lit = py(task);
    format!(
        "from transformers import pipeline\n\n\
         pipe = pipeline({task_lit}, model={repo})\n{call}\n"
    )
}

fn sentence_transformers(repo: &str) -> String {
    let repo = py(repo);
    format!(
        "from sentence_transformers import SentenceTransformer\n\n\
         model = SentenceTransformer({repo})\n\
         embeddings = model.encode([\"The weather is lovely today.\", \"It is sunny outside.\"])\n\
         print(model.similarity(embeddings, embeddings))\n"
    )
}

fn diffusers(repo: &str) -> String {
    let repo = py(repo);
    format!(
        "from diffusers import DiffusionPipeline\n\n\
         pipe = DiffusionPipeline.from_pretrained({repo})\n\
         image = pipe(\"An astronaut riding a horse\").images[0]\n"
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
        let s = generate(&facts, Some("me/adapter")).unwrap();
        assert!(s
            .code
            .contains("AutoPeftModelForCausalLM.from_pretrained(\"me/adapter\")"));
        assert!(s
            .code
            .contains("AutoTokenizer.from_pretrained(\"Qwen/Qwen2.5-0.5B\")"));
        assert!(generate(&facts, None).is_none());
    }

    #[test]
    fn custom_markdown_is_kept() {
        assert_eq!(Snippet::custom("```sh\nx\n```\n").lang, "");
        assert_eq!(Snippet::custom("import x\n").lang, "python");
    }
}
