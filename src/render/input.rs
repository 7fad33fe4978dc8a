//! What a card is rendered from besides train.toml: a training output folder, a folder of GGUF
//! files, or — where the folder is absent or holds no GGUF files (CI) — the lock file that
//! recorded what was read from it.

use std::path::{Path, PathBuf};

use super::artifacts::{self, ArtifactError, Artifacts};
use super::lock::{self, Locked};
use super::{quantized, Meta, Notice, Options, RenderError};
use crate::model_files::{self, Quantization};

/// The facts a card is rendered from.
pub(super) enum Input {
    /// A training run's artifacts, or none.
    Run(Option<Box<Artifacts>>),
    /// The GGUF files of a quantized release.
    Gguf(Vec<Quantization>),
}

/// The input, the lock text to keep when it was read from its folder, and the note that the lock
/// stood in for the folder.
pub(super) struct Loaded {
    pub input: Input,
    pub lock: Option<String>,
    pub notice: Option<Notice>,
}

/// `--from`, else `[training] artifacts` relative to train.toml.
pub(super) fn artifacts_dir(meta: &Meta, opts: &Options) -> Option<PathBuf> {
    match (&opts.artifacts, &meta.training.artifacts) {
        (Some(d), _) => Some(d.clone()),
        (None, Some(d)) => Some(opts.base_dir.join(d)),
        (None, None) => None,
    }
}

/// Read the folder train.toml names, else what the lock recorded of it.
pub(super) fn load(meta: &Meta, opts: &Options) -> Result<Loaded, RenderError> {
    let Some(dir) = artifacts_dir(meta, opts) else {
        return Ok(Loaded {
            input: Input::Run(None),
            lock: None,
            notice: None,
        });
    };
    if quantized::is_gguf_folder(&dir) {
        let quants = model_files::read_gguf_dir(&dir).map_err(RenderError::ModelFiles)?;
        let lock = lock::to_text(&Locked::Gguf(quants.clone()));
        return Ok(Loaded {
            input: Input::Gguf(quants),
            lock: Some(lock),
            notice: None,
        });
    }
    if let Some(loaded) = from_lock(&dir, opts)? {
        return Ok(loaded);
    }
    let art = artifacts::read_dir(&dir).map_err(|e| no_folder(e, &dir, opts))?;
    let mut recorded = art.clone();
    if let Ok(rel) = art.dir.strip_prefix(&opts.base_dir) {
        recorded.dir = rel.to_path_buf();
    }
    Ok(Loaded {
        input: Input::Run(Some(Box::new(art))),
        lock: Some(lock::to_text(&Locked::Artifacts(Box::new(recorded)))),
        notice: None,
    })
}

/// The lock, where it stands in for `dir`: the artifacts of a folder that is absent, or the GGUF
/// files of a folder that holds none (their card may sit there without them).
fn from_lock(dir: &Path, opts: &Options) -> Result<Option<Loaded>, RenderError> {
    let Some(path) = opts.lock.as_ref().filter(|l| l.is_file()) else {
        return Ok(None);
    };
    let locked = match read_lock(path) {
        Ok(l) => l,
        // A folder that is there is read instead; the lock is rewritten from it.
        Err(_) if dir.exists() => return Ok(None),
        Err(e) => return Err(e),
    };
    let (input, facts) = match locked {
        Locked::Gguf(q) => (Input::Gguf(q), "the files' facts"),
        Locked::Artifacts(a) if !dir.exists() => (Input::Run(Some(a)), "the artifacts' facts"),
        Locked::Artifacts(_) => return Ok(None),
    };
    let state = if dir.exists() {
        "holds no GGUF files"
    } else {
        "is absent"
    };
    Ok(Some(Loaded {
        input,
        lock: None,
        notice: Some(Notice::note(format!(
            "{} {state}: {facts} come from {}",
            dir.display(),
            path.display()
        ))),
    }))
}

/// A folder that cannot be read: where it is absent, say how the lock would stand in.
fn no_folder(mut e: ArtifactError, dir: &Path, opts: &Options) -> RenderError {
    if let (false, Some(l)) = (dir.exists(), &opts.lock) {
        e.message = format!(
            "{}; neither is there a lock file ({}): render once where the artifacts are (that \
             writes the lock) and commit it, or pass --from",
            e.message,
            l.display()
        );
    }
    RenderError::Artifacts(e)
}

fn read_lock(path: &Path) -> Result<Locked, RenderError> {
    let bad = |message: String| {
        RenderError::Artifacts(ArtifactError {
            path: path.to_path_buf(),
            message,
        })
    };
    let text = std::fs::read_to_string(path).map_err(|e| bad(e.to_string()))?;
    lock::from_text(&text).map_err(|e| {
        bad(format!(
            "not a lock cardgen can read ({e}); render where the artifacts are to rewrite it"
        ))
    })
}
