//! The lock file: what cardgen read from the training artifacts, kept beside train.toml
//! (`train.lock.json` for `train.toml`) so that the card can be rendered and checked where the
//! artifacts folder is not (it is usually git-ignored, and CI never has it).
//!
//! It holds what was read, not the files — the training artifacts, or the headers of a folder of
//! GGUF files — as JSON, pretty-printed so that a retrain shows as a readable diff. A folder that
//! exists always wins over the lock.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::artifacts::Artifacts;
use crate::model_files::Quantization;

/// The format version; a lock of another version is refused with a message to re-render.
const VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
struct LockFile {
    cardgen_lock: u32,
    about: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    artifacts: Option<Artifacts>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    gguf: Option<Vec<Quantization>>,
}

/// What a lock holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Locked {
    /// A training output folder, as read.
    Artifacts(Box<Artifacts>),
    /// A folder of GGUF files: their headers, grouped into quantizations.
    Gguf(Vec<Quantization>),
}

const ABOUT: &str = "What cardgen read from the training artifacts. `cardgen render` uses it when \
                     the artifacts folder is absent (in CI) and rewrites it when the folder is \
                     there. Commit it; do not edit it.";

/// The lock file of a train.toml: `train.lock.json` beside `train.toml`.
pub fn path_for(meta: &Path) -> PathBuf {
    let stem = meta
        .file_stem()
        .map_or_else(|| "train".into(), |s| s.to_string_lossy());
    meta.with_file_name(format!("{stem}.lock.json"))
}

/// The lock's text for what was read from a folder.
pub fn to_text(locked: &Locked) -> String {
    let (artifacts, gguf) = match locked {
        Locked::Artifacts(a) => (Some((**a).clone()), None),
        Locked::Gguf(q) => (None, Some(q.clone())),
    };
    let lock = LockFile {
        cardgen_lock: VERSION,
        about: ABOUT.to_owned(),
        artifacts,
        gguf,
    };
    let mut text = serde_json::to_string_pretty(&lock).unwrap_or_default();
    text.push('\n');
    text
}

/// Read a lock's text.
pub fn from_text(text: &str) -> Result<Locked, String> {
    let lock: LockFile = serde_json::from_str(text).map_err(|e| e.to_string())?;
    if lock.cardgen_lock != VERSION {
        return Err(format!(
            "it is of lock format {}, this cardgen reads format {VERSION}",
            lock.cardgen_lock
        ));
    }
    match (lock.artifacts, lock.gguf) {
        (Some(a), None) => Ok(Locked::Artifacts(Box::new(a))),
        (None, Some(q)) => Ok(Locked::Gguf(q)),
        _ => Err("it must hold either `artifacts` or `gguf`".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lock_sits_beside_train_toml() {
        assert_eq!(
            path_for(Path::new("cfg/train.toml")),
            Path::new("cfg/train.lock.json")
        );
        assert_eq!(path_for(Path::new("run.toml")), Path::new("run.lock.json"));
    }

    #[test]
    fn artifacts_read_back_as_written() {
        let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/artifacts/sft-lora");
        let art = Locked::Artifacts(Box::new(super::super::artifacts::read_dir(&dir).unwrap()));
        let text = to_text(&art);
        assert_eq!(from_text(&text).unwrap(), art);
        let other = text.replace("\"cardgen_lock\": 1", "\"cardgen_lock\": 9");
        assert!(from_text(&other).unwrap_err().contains("format 9"));
    }
}
