//! transformers and PEFT snippets, one shape per task.

use super::inputs::{self, Modality};
use super::{py, Context};
use crate::render::facts::Facts;
use crate::render::tasks;

/// The snippet of a transformers model.
pub fn code(facts: &Facts, ctx: &Context<'_>) -> String {
    let repo = py(ctx.repo);
    let Some(tag) = facts.pipeline_tag.as_deref() else {
        return format!(
            "from transformers import AutoModel, AutoTokenizer\n\n\
             # No Hub task is known for this model: this loads its weights and tokenizer only.\n\
             model = AutoModel.from_pretrained({repo})\n\
             tokenizer = AutoTokenizer.from_pretrained({repo})\n"
        );
    };
    if tasks::has_pipeline(tag) {
        return pipeline(tag, &repo, ctx);
    }
    match tag {
        "summarization" | "translation" => seq2seq(tag, &repo, ctx),
        "question-answering" => question_answering(&repo, ctx),
        _ => auto_class(tag, &repo, ctx),
    }
}

/// An input line: `name = <example or neutral text>`, with a comment when it is the neutral one.
fn text_input(name: &str, tag: &str, ctx: &Context<'_>) -> String {
    match ctx.example {
        Some(e) => format!("{name} = {}\n", py(e)),
        None => format!(
            "{}\n{name} = {}\n",
            inputs::replace_comment(ctx.language),
            py(inputs::text(tag))
        ),
    }
}

/// The URL (or path) of the sample image, audio or video.
fn media_input(name: &str, tag: &str, ctx: &Context<'_>) -> String {
    let url = ctx.example.or(inputs::url(tag)).unwrap_or_default();
    format!("{name} = {}\n", py(url))
}

fn labels_comment(ctx: &Context<'_>) -> String {
    if ctx.labels.is_empty() {
        return String::new();
    }
    let shown: Vec<&str> = ctx.labels.iter().take(20).map(String::as_str).collect();
    let more = ctx.labels.len().saturating_sub(shown.len());
    let more = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    format!("# Labels: {}{more}\n", shown.join(", "))
}

fn pipeline(tag: &str, repo: &str, ctx: &Context<'_>) -> String {
    let head = format!(
        "from transformers import pipeline\n\npipe = pipeline({}, model={repo})\n",
        py(tag)
    );
    let body = match tag {
        "text-generation" if ctx.chat_template => format!(
            "\n{}messages = [{{\"role\": \"user\", \"content\": prompt}}]\n\
             print(pipe(messages, max_new_tokens=128)[0][\"generated_text\"][-1][\"content\"])\n",
            text_input("prompt", tag, ctx)
        ),
        "text-generation" => format!(
            "\n# The model was saved without a chat template: give it plain text to continue.\n{}\
             print(pipe(prompt, max_new_tokens=128)[0][\"generated_text\"])\n",
            plain_prompt(ctx)
        ),
        "image-text-to-text" | "any-to-any" => format!(
            "\n{}{}messages = [\n    {{\"role\": \"user\", \"content\": [\n        \
             {{\"type\": \"image\", \"url\": image}},\n        {{\"type\": \"text\", \"text\": prompt}},\n    ]}}\n]\n\
             print(pipe(text=messages, max_new_tokens=128)[0][\"generated_text\"][-1][\"content\"])\n",
            media_input("image", "image-classification", &Context { example: None, ..ctx.clone() }),
            text_input("prompt", tag, ctx)
        ),
        "token-classification" => format!(
            "\n{}{}print(pipe(text, aggregation_strategy=\"simple\"))\n",
            labels_comment(ctx),
            text_input("text", tag, ctx)
        ),
        "fill-mask" => {
            let text = match ctx.example {
                Some(e) => py(e),
                None => "f\"Hello, I'm a {pipe.tokenizer.mask_token} model.\"".into(),
            };
            format!("\n# The input holds the tokenizer's mask token.\nprint(pipe({text}))\n")
        }
        "zero-shot-image-classification" | "zero-shot-object-detection" => format!(
            "\n{}print(pipe(image, candidate_labels=[\"a photo of a cat\", \"a photo of a dog\"]))\n",
            media_input("image", tag, ctx)
        ),
        "document-question-answering" => format!(
            "\n{}print(pipe(image=image, question=\"What is the invoice number?\"))\n",
            media_input("image", tag, ctx)
        ),
        "table-question-answering" => "\ntable = {\"Name\": [\"A\", \"B\"], \"Count\": [\"1\", \"2\"]}\n\
             print(pipe(table=table, query=\"Which name has count 2?\"))\n"
            .into(),
        "text-to-audio" => format!(
            "\n{}speech = pipe(text)\nprint(speech[\"sampling_rate\"], speech[\"audio\"].shape)\n",
            text_input("text", tag, ctx)
        ),
        "depth-estimation" => format!(
            "\n{}pipe(image)[\"depth\"].save(\"depth.png\")\n",
            media_input("image", tag, ctx)
        ),
        "feature-extraction" | "image-feature-extraction" => {
            let (name, input) = input_of(tag, ctx);
            format!("\n{input}features = pipe({name})\nprint(len(features[0]))\n")
        }
        _ => simple_call(tag, ctx),
    };
    format!("{head}{body}")
}

/// The input variable of a task's modality and the line that sets it.
fn input_of(tag: &str, ctx: &Context<'_>) -> (&'static str, String) {
    match inputs::modality(tag) {
        Modality::Text => ("text", text_input("text", tag, ctx)),
        Modality::Image => ("image", media_input("image", tag, ctx)),
        Modality::Audio => ("audio", media_input("audio", tag, ctx)),
        Modality::Video => ("video", media_input("video", tag, ctx)),
    }
}

/// `pipe(<input>)` for classifiers, detectors, segmenters and speech recognisers.
fn simple_call(tag: &str, ctx: &Context<'_>) -> String {
    let (name, input) = input_of(tag, ctx);
    let note = if inputs::modality(tag) == Modality::Audio {
        "# A URL or a local file; decoding audio files needs ffmpeg.\n"
    } else {
        ""
    };
    format!(
        "\n{}{note}{input}print(pipe({name}))\n",
        labels_comment(ctx)
    )
}

fn plain_prompt(ctx: &Context<'_>) -> String {
    match ctx.example {
        Some(e) => format!("prompt = {}\n", py(e)),
        None => format!(
            "{}\nprompt = \"Hello, my name is\"\n",
            inputs::replace_comment(ctx.language)
        ),
    }
}

fn seq2seq(tag: &str, repo: &str, ctx: &Context<'_>) -> String {
    format!(
        "from transformers import AutoModelForSeq2SeqLM, AutoTokenizer\n\n\
         tokenizer = AutoTokenizer.from_pretrained({repo})\n\
         model = AutoModelForSeq2SeqLM.from_pretrained({repo})\n\n\
         {}inputs = tokenizer(text, return_tensors=\"pt\", truncation=True)\n\
         # Generation lengths come from the model's generation_config.json.\n\
         outputs = model.generate(**inputs)\n\
         print(tokenizer.decode(outputs[0], skip_special_tokens=True))\n",
        text_input("text", tag, ctx)
    )
}

fn question_answering(repo: &str, ctx: &Context<'_>) -> String {
    let question = match ctx.example {
        Some(e) => format!("question = {}\n", py(e)),
        None => format!(
            "{}\nquestion = \"What is the text about?\"\n",
            inputs::replace_comment(ctx.language)
        ),
    };
    format!(
        "import torch\n\
         from transformers import AutoModelForQuestionAnswering, AutoTokenizer\n\n\
         tokenizer = AutoTokenizer.from_pretrained({repo})\n\
         model = AutoModelForQuestionAnswering.from_pretrained({repo})\n\n\
         {question}context = \"The text that holds the answer.\"\n\
         inputs = tokenizer(question, context, return_tensors=\"pt\", truncation=True)\n\
         with torch.no_grad():\n    outputs = model(**inputs)\n\
         start = int(outputs.start_logits.argmax())\n\
         end = int(outputs.end_logits.argmax())\n\
         print(tokenizer.decode(inputs[\"input_ids\"][0][start : end + 1]))\n"
    )
}

/// Tasks `pipeline()` does not serve: the task's Auto class and the processor of its inputs.
fn auto_class(tag: &str, repo: &str, ctx: &Context<'_>) -> String {
    let class = tasks::auto_class(tag).unwrap_or("AutoModel");
    if tag == "time-series-forecasting" {
        return format!(
            "from transformers import {class}\n\n\
             model = {class}.from_pretrained({repo})\n\
             # Call model.generate(past_values=...) with tensors shaped as in model.config.\n\
             print(model.config.prediction_length)\n"
        );
    }
    let (input, call) = match inputs::modality(tag) {
        Modality::Text if tag == "multiple-choice" => (
            "prompt = \"The sky is\"\nchoices = [\"blue.\", \"made of cheese.\"]\n".to_owned(),
            "inputs = processor([prompt] * len(choices), choices, return_tensors=\"pt\", padding=True)\n\
             outputs = model(**{k: v.unsqueeze(0) for k, v in inputs.items()})\n\
             print(choices[int(outputs.logits.argmax())])\n",
        ),
        Modality::Text => (
            text_input("text", tag, ctx),
            "inputs = processor(text, return_tensors=\"pt\")\noutputs = model(**inputs)\n",
        ),
        _ => (
            format!(
                "from transformers.image_utils import load_image\n\n{}image = load_image(image)\n",
                media_input("image", tag, ctx)
            ),
            "inputs = processor(images=image, return_tensors=\"pt\")\noutputs = model(**inputs)\n",
        ),
    };
    format!(
        "from transformers import AutoProcessor, {class}\n\n\
         processor = AutoProcessor.from_pretrained({repo})\n\
         model = {class}.from_pretrained({repo})\n\n{input}{call}"
    )
}

/// The PEFT adapter snippet: the `AutoPeftModelFor…` class loads the base model and the adapter.
pub fn peft(facts: &Facts, ctx: &Context<'_>) -> Option<String> {
    let base = facts.base_model.as_ref()?.as_slice().first()?.clone();
    let class = match facts.pipeline_tag.as_deref() {
        Some("text-generation") => "AutoPeftModelForCausalLM",
        Some("text-classification") => "AutoPeftModelForSequenceClassification",
        Some("token-classification") => "AutoPeftModelForTokenClassification",
        Some("question-answering") => "AutoPeftModelForQuestionAnswering",
        Some("feature-extraction") => "AutoPeftModelForFeatureExtraction",
        Some("summarization" | "translation") => "AutoPeftModelForSeq2SeqLM",
        _ => "AutoPeftModel",
    };
    let repo = py(ctx.repo);
    let tokenizer_from = if ctx.tokenizer_saved {
        repo.clone()
    } else {
        py(&base)
    };
    let load = format!(
        "from peft import {class}\nfrom transformers import AutoTokenizer\n\n\
         # Loads {base} and applies this adapter on top of it.\n\
         model = {class}.from_pretrained({repo})\n\
         tokenizer = AutoTokenizer.from_pretrained({tokenizer_from})\n"
    );
    let run = match class {
        "AutoPeftModelForCausalLM" if ctx.chat_template => format!(
            "\n{}messages = [{{\"role\": \"user\", \"content\": prompt}}]\n\
             inputs = tokenizer.apply_chat_template(\n    messages, add_generation_prompt=True, \
             return_tensors=\"pt\", return_dict=True\n)\n\
             outputs = model.generate(**inputs, max_new_tokens=128)\n\
             print(tokenizer.decode(outputs[0][inputs[\"input_ids\"].shape[-1] :], skip_special_tokens=True))\n",
            text_input("prompt", "text-generation", ctx)
        ),
        "AutoPeftModelForCausalLM" => format!(
            "\n# The adapter was saved without a chat template: give it plain text to continue.\n{}\
             inputs = tokenizer(prompt, return_tensors=\"pt\")\n\
             outputs = model.generate(**inputs, max_new_tokens=128)\n\
             print(tokenizer.decode(outputs[0], skip_special_tokens=True))\n",
            plain_prompt(ctx)
        ),
        _ => String::new(),
    };
    Some(format!("{load}{run}"))
}
