//! One GGUF file's header: its metadata and tensor table, read with `gguf-rs-lib`.
//!
//! Only the header is read — magic, version, the key/value metadata and the tensor descriptors
//! (names, shapes, types, offsets) — never the tensor data, which is most of a multi-gigabyte
//! file. The reader checks every descriptor against the file's size and bounds what hostile
//! metadata can allocate (100,000 entries, 256 MiB); it reads GGUF version 3, which every
//! llama.cpp writer has produced since 2023.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use gguf_rs_lib::format::metadata::{Metadata, MetadataValue};
use gguf_rs_lib::reader::{GGUFFileReader, GGUFReaderConfig};

use super::ModelFileError;

/// What cardgen uses of one GGUF file.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct GgufFile {
    /// The file name (no directory).
    pub name: String,
    /// Bytes on disk.
    pub size: u64,
    /// `general.architecture` (`llama`, `qwen2`, `clip` for a vision projector).
    pub architecture: Option<String>,
    /// `general.name`, `general.basename`, `general.size_label`.
    pub model_name: Option<String>,
    pub basename: Option<String>,
    pub size_label: Option<String>,
    /// `general.license`.
    pub license: Option<String>,
    /// `general.source.repo_url`: where the converted model came from, when recorded.
    pub source_repo_url: Option<String>,
    /// `general.base_model.N.*`: the models the converted model was made from.
    pub base_models: Vec<BaseModel>,
    /// `{architecture}.context_length`.
    pub context_length: Option<u64>,
    /// `general.file_type` (llama.cpp's `llama_ftype`).
    pub file_type: Option<u32>,
    /// `tokenizer.chat_template`.
    pub chat_template: Option<String>,
    /// The text of the BOS and EOS tokens (`tokenizer.ggml.tokens[bos_token_id]`).
    pub bos_token: Option<String>,
    pub eos_token: Option<String>,
    /// `split.no` (0-based) and `split.count`, for a part of a split file.
    pub split: Option<(u64, u64)>,
    /// Elements of all tensors in this file.
    pub parameters: u64,
    /// Bytes of tensor data, from each tensor's type and shape.
    pub tensor_bytes: u64,
    /// Elements per tensor type (`Q4_K`, `F32`).
    pub tensor_types: BTreeMap<String, u64>,
}

/// One `general.base_model.N` entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BaseModel {
    pub name: Option<String>,
    pub organization: Option<String>,
    pub repo_url: Option<String>,
}

/// Read the header of the GGUF file at `path`.
pub fn read(path: &Path) -> Result<GgufFile, ModelFileError> {
    let err = |message: String| ModelFileError {
        path: path.to_path_buf(),
        message,
    };
    let file = File::open(path).map_err(|e| err(format!("cannot open: {e}")))?;
    let size = file
        .metadata()
        .map_err(|e| err(format!("cannot read: {e}")))?
        .len();
    let config = GGUFReaderConfig {
        validate_integrity: true,
        eager_load_tensors: false,
        ..GGUFReaderConfig::default()
    };
    let reader = GGUFFileReader::with_config(BufReader::with_capacity(1 << 16, file), config)
        .map_err(|e| err(format!("not a GGUF file cardgen can read: {e}")))?;
    let meta = reader.metadata();
    let mut out = GgufFile {
        name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        size,
        architecture: string(meta, "general.architecture"),
        model_name: string(meta, "general.name"),
        basename: string(meta, "general.basename"),
        size_label: string(meta, "general.size_label"),
        license: string(meta, "general.license"),
        source_repo_url: string(meta, "general.source.repo_url"),
        base_models: base_models(meta),
        file_type: int(meta, "general.file_type").and_then(|v| u32::try_from(v).ok()),
        chat_template: string(meta, "tokenizer.chat_template"),
        bos_token: token(meta, "tokenizer.ggml.bos_token_id"),
        eos_token: token(meta, "tokenizer.ggml.eos_token_id"),
        split: int(meta, "split.no").zip(int(meta, "split.count")),
        ..GgufFile::default()
    };
    out.context_length = out
        .architecture
        .as_deref()
        .and_then(|a| int(meta, &format!("{a}.context_length")));
    for t in reader.tensor_infos() {
        let n = t.element_count();
        out.parameters = out.parameters.saturating_add(n);
        out.tensor_bytes = out.tensor_bytes.saturating_add(t.expected_data_size());
        *out.tensor_types
            .entry(t.tensor_type().name().to_owned())
            .or_default() += n;
    }
    Ok(out)
}

fn string(meta: &Metadata, key: &str) -> Option<String> {
    meta.get_string(key)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// An integer of any width and signedness, if it is not negative.
fn int(meta: &Metadata, key: &str) -> Option<u64> {
    let v = meta.get(key)?;
    v.as_u64()
        .or_else(|| v.as_i64().and_then(|i| u64::try_from(i).ok()))
}

/// The text of the token whose id is stored under `key`.
fn token(meta: &Metadata, key: &str) -> Option<String> {
    let id = usize::try_from(int(meta, key)?).ok()?;
    match meta.get("tokenizer.ggml.tokens")? {
        MetadataValue::Array(a) => a.values.get(id)?.as_str().map(str::to_owned),
        _ => None,
    }
}

/// `general.base_model.count` entries (bounded by what the file holds).
fn base_models(meta: &Metadata) -> Vec<BaseModel> {
    let count = int(meta, "general.base_model.count").unwrap_or(0);
    (0..count.min(64))
        .map(|i| BaseModel {
            name: string(meta, &format!("general.base_model.{i}.name")),
            organization: string(meta, &format!("general.base_model.{i}.organization")),
            repo_url: string(meta, &format!("general.base_model.{i}.repo_url")),
        })
        .filter(|b| b.name.is_some() || b.repo_url.is_some())
        .collect()
}

/// `https://huggingface.co/OWNER/NAME` (or `hf.co`) → `OWNER/NAME`.
pub fn hub_id_from_url(url: &str) -> Option<String> {
    let rest = [
        "https://huggingface.co/",
        "https://hf.co/",
        "http://huggingface.co/",
    ]
    .iter()
    .find_map(|p| url.strip_prefix(p))?;
    let rest = rest.trim_end_matches('/');
    let mut parts = rest.split('/');
    let (owner, name) = (parts.next()?, parts.next()?);
    let id = format!("{owner}/{name}");
    (parts.next().is_none() && !owner.is_empty() && !name.is_empty()).then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hub_urls() {
        assert_eq!(
            hub_id_from_url("https://huggingface.co/Qwen/Qwen2.5-0.5B").as_deref(),
            Some("Qwen/Qwen2.5-0.5B")
        );
        assert_eq!(
            hub_id_from_url("https://hf.co/a/b/").as_deref(),
            Some("a/b")
        );
        assert_eq!(hub_id_from_url("https://huggingface.co/datasets/a/b"), None);
        assert_eq!(hub_id_from_url("https://example.com/a/b"), None);
        assert_eq!(hub_id_from_url("https://huggingface.co/gpt2"), None);
    }

    #[test]
    fn not_gguf_is_an_error_not_a_panic() {
        let dir = std::env::temp_dir().join(format!("cardgen-gguf-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for (name, bytes) in [
            ("empty.gguf", &b""[..]),
            ("text.gguf", &b"hello world, not a model"[..]),
            // Magic and version 3, then a tensor count of 2^64-1 and nothing else.
            (
                "huge.gguf",
                &b"GGUF\x03\x00\x00\x00\xff\xff\xff\xff\xff\xff\xff\xff\x00\x00\x00\x00\x00\x00\x00\x00"[..],
            ),
            // A string key claiming 2^63 bytes.
            (
                "longkey.gguf",
                &b"GGUF\x03\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80"[..],
            ),
        ] {
            let p = dir.join(name);
            std::fs::write(&p, bytes).unwrap();
            let e = read(&p).unwrap_err();
            assert!(e.message.contains("GGUF"), "{name}: {e}");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
