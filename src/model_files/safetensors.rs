//! Parameter counts and tensor types of safetensors checkpoints, from their headers alone.
//!
//! A safetensors file is an 8-byte little-endian header length, a JSON header naming each
//! tensor's dtype, shape and byte range, then the data. Only the length and the header are read;
//! the header is parsed and checked by the official `safetensors` crate (its `Metadata`: offsets
//! contiguous, sizes matching dtype × shape), and the file's length must equal header + data, as
//! `SafeTensors::read_metadata` requires of a whole buffer.
//!
//! Checkpoints, as `transformers` and `peft` save them: `model.safetensors`, or shards listed in
//! `model.safetensors.index.json` (`weight_map`); a PEFT adapter's `adapter_model.safetensors`.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::Read;
use std::path::Path;

use super::ModelFileError;

/// The largest header the official readers accept (`safetensors`' `MAX_HEADER_SIZE`).
const MAX_HEADER: u64 = 100_000_000;

/// The weights of a checkpoint folder.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Weights {
    /// The safetensors files read, in order.
    pub files: Vec<String>,
    /// A PEFT adapter's weights (`adapter_model.safetensors`), not a whole model.
    pub adapter: bool,
    /// Elements of all tensors.
    pub parameters: u64,
    /// Elements per dtype (`BF16`, `F32`), as the Hub counts them for "Tensor type".
    pub dtypes: BTreeMap<String, u64>,
}

impl Weights {
    /// The dtypes, most parameters first.
    pub fn dtypes_by_share(&self) -> Vec<&str> {
        let mut v: Vec<(&str, u64)> = self.dtypes.iter().map(|(k, n)| (k.as_str(), *n)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        v.into_iter().map(|(k, _)| k).collect()
    }
}

/// The checkpoint in `dir`, if it holds one: the sharded index, else `model.safetensors`, else
/// `adapter_model.safetensors`. A damaged or incomplete checkpoint is an error.
pub fn read_dir(dir: &Path) -> Result<Option<Weights>, ModelFileError> {
    let index = dir.join("model.safetensors.index.json");
    if index.is_file() {
        let files = shard_names(&index)?;
        return read_files(dir, files, false).map(Some);
    }
    for (name, adapter) in [
        ("model.safetensors", false),
        ("adapter_model.safetensors", true),
    ] {
        if dir.join(name).is_file() {
            return read_files(dir, vec![name.to_owned()], adapter).map(Some);
        }
    }
    Ok(None)
}

fn read_files(dir: &Path, files: Vec<String>, adapter: bool) -> Result<Weights, ModelFileError> {
    let mut w = Weights {
        files,
        adapter,
        parameters: 0,
        dtypes: BTreeMap::new(),
    };
    for name in &w.files {
        for (dtype, n) in read_header(&dir.join(name))? {
            w.parameters = w.parameters.saturating_add(n);
            *w.dtypes.entry(dtype).or_default() += n;
        }
    }
    Ok(w)
}

/// The shard files an index names, sorted, each a plain file name in the same folder.
fn shard_names(index: &Path) -> Result<Vec<String>, ModelFileError> {
    let err = |message: String| ModelFileError {
        path: index.to_path_buf(),
        message,
    };
    #[derive(serde::Deserialize)]
    struct Index {
        weight_map: BTreeMap<String, String>,
    }
    let text = std::fs::read_to_string(index).map_err(|e| err(format!("cannot read: {e}")))?;
    let idx: Index = serde_json::from_str(&text).map_err(|e| {
        err(format!(
            "not a safetensors index (a JSON object with a `weight_map`): {e}"
        ))
    })?;
    let names: BTreeSet<String> = idx.weight_map.into_values().collect();
    if let Some(bad) = names
        .iter()
        .find(|n| n.is_empty() || n.contains(['/', '\\']) || n.starts_with('.'))
    {
        return Err(err(format!(
            "names the shard `{bad}`, which is not a file name in the same folder"
        )));
    }
    if names.is_empty() {
        return Err(err("names no shard files".into()));
    }
    Ok(names.into_iter().collect())
}

/// (dtype, elements) of each tensor in one safetensors file, from its header.
pub fn read_header(path: &Path) -> Result<Vec<(String, u64)>, ModelFileError> {
    let err = |message: String| ModelFileError {
        path: path.to_path_buf(),
        message,
    };
    let mut file = File::open(path).map_err(|e| err(format!("cannot open: {e}")))?;
    let len = file
        .metadata()
        .map_err(|e| err(format!("cannot read: {e}")))?
        .len();
    let mut n = [0u8; 8];
    file.read_exact(&mut n)
        .map_err(|_| err("not a safetensors file: shorter than its 8-byte header length".into()))?;
    let n = u64::from_le_bytes(n);
    if n > MAX_HEADER || n > len - 8 {
        return Err(err(format!(
            "not a safetensors file: its header length ({n} bytes) exceeds the file or the \
             100 MB limit"
        )));
    }
    let mut header = vec![0u8; n as usize];
    file.read_exact(&mut header)
        .map_err(|e| err(format!("cannot read the header: {e}")))?;
    let meta: safetensors::tensor::Metadata = serde_json::from_slice(&header)
        .map_err(|e| err(format!("not a safetensors header: {e}")))?;
    let data = meta.data_len() as u64;
    if 8 + n + data != len {
        return Err(err(format!(
            "the header describes {data} bytes of tensor data but the file holds {}: the file is \
             truncated or damaged",
            len - 8 - n
        )));
    }
    Ok(meta
        .tensors()
        .into_values()
        .map(|t| {
            let n = t
                .shape
                .iter()
                .fold(1u64, |a, &d| a.saturating_mul(d as u64));
            (t.dtype.to_string(), n)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, header: &str, data: usize) -> std::path::PathBuf {
        let mut bytes = (header.len() as u64).to_le_bytes().to_vec();
        bytes.extend_from_slice(header.as_bytes());
        bytes.resize(bytes.len() + data, 0);
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    #[test]
    fn headers_are_checked_against_the_file() {
        let dir = std::env::temp_dir().join(format!("cardgen-st-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let h = r#"{"a":{"dtype":"F16","shape":[2,3],"data_offsets":[0,12]},"b":{"dtype":"F32","shape":[1],"data_offsets":[12,16]}}"#;
        let ok = write(&dir, "ok.safetensors", h, 16);
        let mut got = read_header(&ok).unwrap();
        got.sort();
        assert_eq!(got, [("F16".to_owned(), 6), ("F32".to_owned(), 1)]);
        let short = write(&dir, "short.safetensors", h, 10);
        assert!(read_header(&short)
            .unwrap_err()
            .message
            .contains("truncated"));
        let bad = write(&dir, "bad.safetensors", "{\"a\": 1}", 0);
        assert!(read_header(&bad).is_err());
        std::fs::write(dir.join("huge.safetensors"), u64::MAX.to_le_bytes()).unwrap();
        assert!(read_header(&dir.join("huge.safetensors")).is_err());
        std::fs::write(dir.join("tiny.safetensors"), b"abc").unwrap();
        assert!(read_header(&dir.join("tiny.safetensors")).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
