//! Hub metadata for the card: train.toml values, filled in from training artifacts where
//! train.toml is silent. train.toml always wins.

use super::artifacts::Artifacts;
use super::meta::{Meta, OneOrMany};
use super::methods::{self, Method};
use super::tasks;
use super::Notice;

/// The merged metadata, before it becomes front matter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    pub name: Option<String>,
    pub language: Option<OneOrMany>,
    pub license: Option<String>,
    pub license_name: Option<String>,
    pub license_link: Option<String>,
    pub library_name: Option<String>,
    pub pipeline_tag: Option<String>,
    pub base_model: Option<OneOrMany>,
    pub base_model_relation: Option<String>,
    pub new_version: Option<String>,
    pub datasets: Vec<String>,
    pub metrics: Vec<String>,
    pub tags: Vec<String>,
    /// The model is a PEFT adapter (from the method or adapter_config.json).
    pub is_adapter: bool,
    /// `peft_type` of the adapter, lower case (`lora`).
    pub adapter_type: Option<String>,
    /// Architecture and model type from config.json (`LlamaForCausalLM`, `llama`).
    pub architecture: Option<String>,
    pub model_type: Option<String>,
    /// PEFT `task_type` (`CAUSAL_LM`).
    pub peft_task: Option<String>,
    /// The TRL method the run used.
    pub method: Option<&'static Method>,
    /// library_name was assumed, not read or given (the snippet says so).
    pub library_assumed: bool,
    /// "Model size" (or "Adapter size") and its value, from the safetensors headers.
    pub model_size: Option<(String, String)>,
}

/// A base model that is a local path: the Hub rejects it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalPath {
    pub value: String,
    /// Where it came from: `train.toml` or an artifact file name.
    pub source: String,
    /// A Hub id guessed from the path, if one can be.
    pub suggestion: Option<String>,
}

const ADAPTER_METHODS: &[&str] = &["lora", "qlora", "dora", "adalora", "ia3", "loha", "lokr"];

/// Merge train.toml and artifacts. A local-path `base_model` in train.toml is an error; one in
/// an artifact is dropped with a notice.
pub fn merge(
    meta: &Meta,
    art: Option<&Artifacts>,
    notices: &mut Vec<Notice>,
) -> Result<Facts, LocalPath> {
    let m = &meta.model;
    let method = meta.training.method.as_deref().map(str::to_ascii_lowercase);
    let adapter = art.and_then(|a| a.adapter.as_ref());
    let config = art.and_then(|a| a.config.as_ref());
    let mut f = Facts {
        name: m.name.clone().or_else(|| m.repo_id.clone()),
        language: m.language.clone(),
        license: m.license.clone(),
        license_name: m.license_name.clone(),
        license_link: m.license_link.clone(),
        new_version: m.new_version.clone(),
        datasets: m.datasets.clone(),
        metrics: m.metrics.clone(),
        is_adapter: adapter.is_some() || method.as_deref().is_some_and(is_adapter_method),
        adapter_type: adapter.and_then(|a| a.peft_type.as_deref().map(str::to_ascii_lowercase)),
        architecture: config.and_then(|c| c.architectures.first().cloned()),
        model_type: config.and_then(|c| c.model_type.clone()),
        peft_task: adapter.and_then(|a| a.task_type.clone()),
        model_size: art
            .and_then(|a| a.weights.as_ref())
            .map(super::model_size::weights_detail),
        ..Facts::default()
    };
    f.base_model = base_model(meta, art, notices)?;
    let framework = meta.training.framework.as_deref();
    if let Some((method, from)) = methods::detect(art, framework) {
        notices.push(Notice::note(format!(
            "training method {}, from {from}",
            method.name
        )));
        f.method = Some(method);
    }
    f.pipeline_tag = m
        .pipeline_tag
        .clone()
        .or_else(|| default_pipeline(&f, meta, art, notices));
    f.library_name = m.library_name.clone();
    if f.library_name.is_none() {
        if let Some((lib, assumed)) = default_library(&f, art) {
            let why = if assumed {
                "assumed: pipeline_tag is a transformers task and nothing names another \
                 library; set model.library_name if it is not"
            } else {
                "from the artifacts"
            };
            notices.push(Notice::note(format!("library_name {lib}, {why}")));
            f.library_name = Some(lib);
            f.library_assumed = assumed;
        }
    }
    f.base_model_relation = m
        .base_model_relation
        .clone()
        .or_else(|| default_relation(&f, method.as_deref()));
    f.tags = tags(&m.tags, &f, method.as_deref());
    if methods::is_trl(art, framework) {
        f.tags = union(&f.tags, &["trl".to_owned()]);
    }
    if let Some(m) = f.method {
        f.tags = union(&f.tags, &[m.tag.to_owned()]);
    }
    f.metrics = union(
        &f.metrics,
        &meta
            .evaluation
            .iter()
            .map(|e| e.metric.kind.clone())
            .collect::<Vec<_>>(),
    );
    Ok(f)
}

fn is_adapter_method(m: &str) -> bool {
    ADAPTER_METHODS.contains(&m)
}

fn base_model(
    meta: &Meta,
    art: Option<&Artifacts>,
    notices: &mut Vec<Notice>,
) -> Result<Option<OneOrMany>, LocalPath> {
    if let Some(bm) = &meta.model.base_model {
        if let Some(bad) = bm.as_slice().iter().find(|s| !is_hub_id(s)) {
            return Err(local_path(bad, "train.toml"));
        }
        return Ok(Some(bm.clone()));
    }
    let Some((value, source)) = imported_base_model(art) else {
        return Ok(None);
    };
    if is_hub_id(&value) {
        notices.push(Notice::note(format!("base_model {value}, from {source}")));
        return Ok(Some(OneOrMany::One(value)));
    }
    let lp = local_path(&value, source);
    notices.push(Notice::warning(
        format!(
            "{source} names the base model by the local path `{value}`; the Hub rejects local \
             paths, so base_model is left out"
        ),
        Some(set_hub_id_help(&lp)),
    ));
    Ok(None)
}

fn imported_base_model(art: Option<&Artifacts>) -> Option<(String, &'static str)> {
    let art = art?;
    let from_adapter = art
        .adapter
        .as_ref()
        .and_then(|a| a.base_model_name_or_path.clone())
        .map(|v| (v, "adapter_config.json"));
    // A full fine-tune's config.json names the model it was loaded from.
    let from_config = art
        .config
        .as_ref()
        .filter(|_| art.adapter.is_none())
        .and_then(|c| c.name_or_path.clone())
        .map(|v| (v, "config.json"));
    let from_readme = art
        .readme
        .as_ref()
        .filter(|_| art.adapter.is_none())
        .and_then(|r| r.base_model.clone())
        .map(|v| (v, "the trainer's README.md"));
    from_adapter
        .or(from_config)
        .filter(|(v, _)| !v.is_empty())
        .or(from_readme)
}

/// What to tell the user about a local path.
pub fn set_hub_id_help(lp: &LocalPath) -> String {
    match &lp.suggestion {
        Some(id) => format!(
            "set `base_model = \"{id}\"` under [model] in train.toml (the Hub id of the model you \
             started from)"
        ),
        None => "set `base_model = \"owner/name\"` under [model] in train.toml: the Hub id of the \
                 model you started from"
            .to_owned(),
    }
}

fn local_path(value: &str, source: &str) -> LocalPath {
    LocalPath {
        value: value.to_owned(),
        source: source.to_owned(),
        suggestion: guess_hub_id(value),
    }
}

/// `owner/name` or a legacy single `name`: letters, digits, `-`, `_`, `.`; no path syntax.
pub fn is_hub_id(s: &str) -> bool {
    let segment_ok = |p: &str| {
        !p.is_empty()
            && p.len() <= 96
            && !p.starts_with(['.', '-'])
            && !p.ends_with('.')
            && !p.contains("..")
            && p.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
    };
    let parts: Vec<&str> = s.split('/').collect();
    parts.len() <= 2 && parts.iter().all(|p| segment_ok(p))
}

/// A Hub id hidden in a local path: the HF cache layout (`models--owner--name`), or the last two
/// components (`/data/meta-llama/Llama-3.1-8B`).
pub fn guess_hub_id(path: &str) -> Option<String> {
    let parts: Vec<&str> = path
        .split(['/', '\\'])
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    if let Some(cached) = parts.iter().find_map(|p| p.strip_prefix("models--")) {
        let id = cached.replacen("--", "/", 1);
        return is_hub_id(&id).then_some(id);
    }
    let tail = parts.get(parts.len().checked_sub(2)?..)?.join("/");
    (is_hub_id(&tail) && !tail.contains("checkpoint-")).then_some(tail)
}

/// The library, and whether it is only assumed (a transformers task with nothing else known).
fn default_library(f: &Facts, art: Option<&Artifacts>) -> Option<(String, bool)> {
    if f.is_adapter {
        Some(("peft".into(), false))
    } else if art.is_some_and(|a| a.sentence_transformers.is_some()) {
        Some(("sentence-transformers".into(), false))
    } else if art.is_some_and(|a| a.config.is_some()) {
        Some(("transformers".into(), false))
    } else if f
        .pipeline_tag
        .as_deref()
        .is_some_and(|t| tasks::all_tags().contains(&t))
    {
        Some(("transformers".into(), true))
    } else {
        None
    }
}

fn default_pipeline(
    f: &Facts,
    meta: &Meta,
    art: Option<&Artifacts>,
    notices: &mut Vec<Notice>,
) -> Option<String> {
    if art.is_some_and(|a| a.sentence_transformers.is_some()) && !f.is_adapter {
        notices.push(Notice::note(
            "pipeline_tag sentence-similarity, from modules.json (a sentence-transformers model)",
        ));
        return Some("sentence-similarity".into());
    }
    let mut metrics: Vec<&str> = meta.model.metrics.iter().map(String::as_str).collect();
    metrics.extend(meta.evaluation.iter().map(|e| e.metric.kind.as_str()));
    if let Some(a) = art {
        metrics.extend(a.metrics.keys().map(String::as_str));
        if let Some(s) = &a.state {
            metrics.extend(
                s.log_history
                    .iter()
                    .flat_map(|e| e.keys().map(String::as_str)),
            );
        }
    }
    let evidence = tasks::Evidence {
        architecture: f.architecture.as_deref(),
        model_type: f.model_type.as_deref(),
        peft_task: f.peft_task.as_deref(),
        evaluation_tasks: meta.evaluation.iter().map(|e| e.task.as_str()).collect(),
        metrics,
    };
    match tasks::decide(&evidence) {
        Some(d) => {
            notices.push(Notice::note(format!(
                "pipeline_tag {}, {}",
                d.tag, d.reason
            )));
            Some(d.tag)
        }
        None => {
            if let Some(class) = &f.architecture {
                notices.push(Notice::warning(
                    format!("no Hub task is known for {class}; the card has no pipeline_tag"),
                    Some("set model.pipeline_tag in train.toml".into()),
                ));
            }
            None
        }
    }
}

fn default_relation(f: &Facts, method: Option<&str>) -> Option<String> {
    f.base_model.as_ref()?;
    if f.is_adapter {
        Some("adapter".into())
    } else if method.is_some_and(|m| m == "full") {
        Some("finetune".into())
    } else {
        None
    }
}

fn tags(own: &[String], f: &Facts, method: Option<&str>) -> Vec<String> {
    let mut extra = Vec::new();
    if let Some(t) = &f.adapter_type {
        extra.push(t.clone());
    }
    if let Some(m) = method.filter(|m| is_adapter_method(m)) {
        extra.push(m.to_owned());
    }
    union(own, &extra)
}

/// `a` then the items of `b` not already in it, without duplicates.
pub fn union(a: &[String], b: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in a.iter().chain(b) {
        if !out.contains(s) {
            out.push(s.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hub_ids_and_paths() {
        for ok in [
            "gpt2",
            "meta-llama/Llama-3.1-8B",
            "Qwen/Qwen2.5-0.5B-Instruct",
        ] {
            assert!(is_hub_id(ok), "{ok}");
        }
        for bad in [
            "/data/llama",
            "./out",
            "../m",
            "~/m",
            "a/b/c",
            "C:\\m",
            "",
            "a//b",
        ] {
            assert!(!is_hub_id(bad), "{bad}");
        }
    }

    #[test]
    fn guesses_ids_from_paths() {
        let cache = "/root/.cache/huggingface/hub/models--meta-llama--Llama-3.1-8B/snapshots/0e9e";
        assert_eq!(
            guess_hub_id(cache).as_deref(),
            Some("meta-llama/Llama-3.1-8B")
        );
        assert_eq!(
            guess_hub_id("/data/models/Qwen/Qwen2.5-7B").as_deref(),
            Some("Qwen/Qwen2.5-7B")
        );
        assert_eq!(guess_hub_id("/x/outputs/checkpoint-500"), None);
    }
}
