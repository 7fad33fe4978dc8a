//! The files table and the model details of a quantized card.

use serde::Serialize;

use crate::model_files::{quant, Quantization};
use crate::render::facts::Facts;
use crate::render::meta::Meta;
use crate::render::model_size::{grouped, human_bytes, human_count};

/// One row of the files table: one quantization, smallest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileRow {
    /// The file names (the parts of a split file in order).
    pub files: Vec<String>,
    /// Markdown links to the files on the Hub, or the names in code spans without a repo id.
    pub links: Vec<String>,
    pub quant_type: String,
    /// Bits of tensor data per parameter, two decimals.
    pub bits_per_weight: Option<String>,
    pub size: String,
    pub use_when: String,
}

impl FileRow {
    /// Table cells: file(s), quant type, bits per weight, size, use when.
    pub fn cells(&self) -> Vec<String> {
        vec![
            self.links.join("\n"),
            format!("`{}`", self.quant_type),
            self.bits_per_weight.clone().unwrap_or_else(|| "—".into()),
            self.size.clone(),
            self.use_when.clone(),
        ]
    }
}

/// The table rows, in the order of `quants` (smallest first).
pub fn rows(quants: &[Quantization], repo: Option<&str>) -> Vec<FileRow> {
    quants
        .iter()
        .map(|q| {
            let files: Vec<String> = q.files.iter().map(|f| f.name.clone()).collect();
            let quant_type = q.quant_type();
            let mut use_when = if q.projector {
                "Vision projector (mmproj): needed for image input, used with a model file".into()
            } else {
                quant::use_when(&quant_type).to_owned()
            };
            if q.files.len() > 1 {
                let note = format!(
                    "{} parts: download all; point the runtime at the first",
                    q.files.len()
                );
                use_when = if use_when.is_empty() {
                    note
                } else {
                    format!("{use_when}. {note}")
                };
            }
            FileRow {
                links: files.iter().map(|f| link(f, repo)).collect(),
                files,
                quant_type,
                bits_per_weight: q.bits_per_weight().map(|b| format!("{b:.2}")),
                size: human_bytes(q.size()),
                use_when,
            }
        })
        .collect()
}

/// `[NAME](https://huggingface.co/REPO/blob/main/NAME)`, or `` `NAME` `` without a repo id or
/// when the name holds Markdown syntax that would break the link.
fn link(name: &str, repo: Option<&str>) -> String {
    match repo {
        Some(r) if !name.contains(['[', ']', '*', '\\', '`', '<', '|']) => format!(
            "[{name}](https://huggingface.co/{r}/blob/main/{})",
            percent_encode(name)
        ),
        _ => format!("`{name}`"),
    }
}

/// A path segment of a URL: every byte but the unreserved ones percent-encoded.
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `Name (Organization)` of a `general.base_model.N` entry that names no Hub repository.
fn base_model_name(b: &crate::model_files::gguf::BaseModel) -> Option<String> {
    let name = b.name.as_ref()?;
    Some(match &b.organization {
        Some(o) => format!("{name} ({o})"),
        None => name.clone(),
    })
}

/// `[id](https://huggingface.co/id)` for each model id, comma-separated.
pub fn hub_links(ids: &[String]) -> String {
    let links: Vec<String> = ids
        .iter()
        .map(|id| format!("[{id}](https://huggingface.co/{id})"))
        .collect();
    links.join(", ")
}

/// "Model details" of a quantized card.
pub fn details(meta: &Meta, f: &Facts, quants: &[Quantization]) -> Vec<(String, String)> {
    let mut d = Vec::new();
    // The authors of a quantized release are who made these files.
    let authors = meta.model.authors.as_ref().map(|a| a.as_slice().join(", "));
    if let Some(a) = authors.filter(|a| !a.is_empty()) {
        d.push(("Quantized by".into(), a));
    }
    if let Some(bm) = &f.base_model {
        let label = match f.base_model_relation.as_deref() {
            Some("finetune") => "Fine-tuned from",
            Some("merge") => "Merged from",
            Some("adapter") => "Adapter for",
            _ => "Quantized from",
        };
        d.push((label.into(), hub_links(bm.as_slice())));
    }
    let model = quants.iter().find(|q| !q.projector);
    if let Some(first) = model.map(Quantization::first) {
        // What the converter named the model (it may differ from base_model, which for a
        // fine-tune's GGUF names the fine-tune's parent).
        if let Some(name) = &first.model_name {
            let size = first
                .size_label
                .as_ref()
                .filter(|l| !name.contains(l.as_str()))
                .map(|l| format!(" ({l})"))
                .unwrap_or_default();
            d.push(("Model".into(), format!("{name}{size}")));
        }
        if f.base_model.is_none() {
            let names: Vec<String> = first
                .base_models
                .iter()
                .filter_map(base_model_name)
                .collect();
            if !names.is_empty() {
                d.push(("Based on".into(), names.join(", ")));
            }
        }
    }
    if let Some(a) = &f.architecture {
        d.push(("Architecture".into(), format!("`{a}`")));
    }
    if let Some(q) = model {
        let n = q.parameters();
        d.push((
            "Parameters".into(),
            format!("{} ({})", human_count(n), grouped(n)),
        ));
        if let Some(ctx) = q.first().context_length {
            d.push(("Context length".into(), format!("{} tokens", grouped(ctx))));
        }
    }
    if let Some(lang) = &f.language {
        d.push(("Language(s)".into(), lang.as_slice().join(", ")));
    }
    if let Some(l) = &f.license {
        d.push(("License".into(), format!("`{l}`")));
    }
    d.push(("Format".into(), "GGUF".into()));
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_encoded() {
        assert_eq!(
            link("a b_Q4_0.gguf", Some("me/m")),
            "[a b_Q4_0.gguf](https://huggingface.co/me/m/blob/main/a%20b_Q4_0.gguf)"
        );
        assert_eq!(link("x.gguf", None), "`x.gguf`");
        assert_eq!(link("x[1].gguf", Some("me/m")), "`x[1].gguf`");
    }
}
