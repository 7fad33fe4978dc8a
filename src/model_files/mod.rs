//! Model weight files in a folder, read from their headers only: GGUF quantizations
//! ([`gguf`], [`read_gguf_dir`]) and safetensors checkpoints ([`safetensors`]).
//!
//! Nothing here reads tensor data, renders or prints: [`crate::render`] turns what is read into a
//! card, and the lint command passes the names of the GGUF files beside a card ([`Siblings`]) to
//! the rules.

pub mod gguf;
pub mod names;
pub mod quant;
pub mod safetensors;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use gguf::GgufFile;

/// A model file that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelFileError {
    pub path: PathBuf,
    pub message: String,
}

impl std::fmt::Display for ModelFileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

/// One quantization: a GGUF file, or all parts of a split one.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Quantization {
    /// One file, or the parts of a split file in order.
    pub files: Vec<GgufFile>,
    /// The Hub's quant label of the (first) file name: what a `:QUANT` tag selects.
    pub label: Option<String>,
    /// A vision projector (`mmproj-*.gguf`, architecture `clip`), not a quantization of the
    /// language model.
    pub projector: bool,
}

impl Quantization {
    /// The first (or only) file: the one runtimes are pointed at.
    pub fn first(&self) -> &GgufFile {
        &self.files[0]
    }

    /// Bytes on disk, all parts.
    pub fn size(&self) -> u64 {
        self.files.iter().map(|f| f.size).sum()
    }

    /// Elements of all tensors, all parts.
    pub fn parameters(&self) -> u64 {
        self.files.iter().map(|f| f.parameters).sum()
    }

    /// The quant type: the file name's label, else `general.file_type`, else the tensor type
    /// holding most parameters.
    pub fn quant_type(&self) -> String {
        if let Some(l) = &self.label {
            return l.clone();
        }
        let first = self.first();
        if let Some(name) = first.file_type.and_then(quant::file_type_name) {
            return name.to_owned();
        }
        let mut types: BTreeMap<&str, u64> = BTreeMap::new();
        for f in &self.files {
            for (t, n) in &f.tensor_types {
                *types.entry(t.as_str()).or_default() += n;
            }
        }
        types
            .into_iter()
            .max_by_key(|(_, n)| *n)
            .map_or_else(|| "unknown".to_owned(), |(t, _)| t.to_owned())
    }

    /// Bits of tensor data per parameter, from the tensor table (types and shapes), so neither
    /// the metadata (tokenizer, template) nor padding counts.
    pub fn bits_per_weight(&self) -> Option<f64> {
        let params = self.parameters();
        let bytes: u64 = self.files.iter().map(|f| f.tensor_bytes).sum();
        (params > 0).then(|| bytes as f64 * 8.0 / params as f64)
    }
}

/// The GGUF files in `dir` as quantizations, smallest first, vision projectors last. Split parts are one quantization
/// and must all be there. An empty result means the folder holds no GGUF file.
pub fn read_gguf_dir(dir: &Path) -> Result<Vec<Quantization>, ModelFileError> {
    let err = |path: &Path, message: String| ModelFileError {
        path: path.to_path_buf(),
        message,
    };
    let names = gguf_names(dir).map_err(|e| err(dir, format!("cannot list: {e}")))?;
    let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for name in names {
        let name = name.map_err(|p| err(&p, "the file name is not UTF-8".into()))?;
        groups
            .entry(names::group_name(&name))
            .or_default()
            .push(name);
    }
    let mut out = Vec::with_capacity(groups.len());
    for (group, mut parts) in groups {
        parts.sort();
        check_parts(dir, &group, &parts)?;
        let files = parts
            .iter()
            .map(|p| gguf::read(&dir.join(p)))
            .collect::<Result<Vec<_>, _>>()?;
        check_split_metadata(dir, &files)?;
        let first = &files[0];
        let projector = first.architecture.as_deref() == Some("clip")
            || first.name.to_ascii_lowercase().starts_with("mmproj");
        out.push(Quantization {
            label: names::quant_label(&first.name),
            files,
            projector,
        });
    }
    // Quantizations of the model first, then projectors; each smallest first.
    out.sort_by(|a, b| {
        (a.projector, a.size(), &a.first().name).cmp(&(b.projector, b.size(), &b.first().name))
    });
    Ok(out)
}

/// Every part `1..=count` of a split file, each once, with one count.
fn check_parts(dir: &Path, group: &str, parts: &[String]) -> Result<(), ModelFileError> {
    let split: Vec<names::SplitPart> = parts.iter().filter_map(|p| names::split_part(p)).collect();
    if split.is_empty() {
        return Ok(());
    }
    let count = split[0].count;
    let numbers: Vec<u32> = split.iter().map(|s| s.no).collect();
    let complete = split.len() == parts.len()
        && split.iter().all(|s| s.count == count)
        && numbers == (1..=count).collect::<Vec<_>>();
    if complete {
        return Ok(());
    }
    let missing: Vec<String> = (1..=count)
        .filter(|n| !numbers.contains(n))
        .map(|n| format!("{group}-{n:05}-of-{count:05}.gguf"))
        .collect();
    Err(ModelFileError {
        path: dir.join(&parts[0]),
        message: if missing.is_empty() {
            format!("the parts of split file `{group}` do not agree on their number ({parts:?})")
        } else {
            format!(
                "split file `{group}` is incomplete: {} missing",
                missing.join(", ")
            )
        },
    })
}

/// The parts' own `split.no` / `split.count` must agree with their names (a renamed part would
/// load in the wrong order).
fn check_split_metadata(dir: &Path, files: &[GgufFile]) -> Result<(), ModelFileError> {
    for (i, f) in files.iter().enumerate() {
        let by_name = names::split_part(&f.name).map(|p| (u64::from(p.no - 1), u64::from(p.count)));
        if let (Some(meta), Some(name)) = (f.split, by_name) {
            if meta != name || (files.len() > 1 && meta.0 != i as u64) {
                return Err(ModelFileError {
                    path: dir.join(&f.name),
                    message: format!(
                        "the file says it is part {} of {}, its name says part {} of {}",
                        meta.0 + 1,
                        meta.1,
                        name.0 + 1,
                        name.1
                    ),
                });
            }
        }
    }
    Ok(())
}

/// The GGUF file names directly in `dir` (regular files, or links to them), sorted; a name that
/// is not UTF-8 is its path as the error.
fn gguf_names(dir: &Path) -> std::io::Result<Vec<Result<String, PathBuf>>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let name = entry.file_name();
        let gguf = name.to_str().map_or_else(
            || {
                name.to_string_lossy()
                    .to_ascii_lowercase()
                    .ends_with(".gguf")
            },
            names::is_gguf,
        );
        if gguf && path.is_file() {
            out.push(name.into_string().map_err(|_| path));
        }
    }
    out.sort();
    Ok(out)
}

/// The GGUF files beside a card (in its folder), for the rules that compare the card with them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Siblings {
    /// GGUF file names, sorted.
    pub gguf: Vec<String>,
}

impl Siblings {
    /// List `dir`. Names that are not UTF-8 cannot be named by a card and are left out.
    pub fn read(dir: &Path) -> std::io::Result<Siblings> {
        Ok(Siblings {
            gguf: gguf_names(dir)?
                .into_iter()
                .filter_map(Result::ok)
                .collect(),
        })
    }
}
