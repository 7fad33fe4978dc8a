//! Which files to lint: explicit files as given, directories searched for `README.md`
//! (honouring `.gitignore`, `.ignore` and hidden-file rules like git does), and reading a card
//! safely (only regular files, never more than the size limit).

use std::path::{Path, PathBuf};

/// The card file name searched for in directories.
pub const CARD_FILE_NAME: &str = "README.md";

/// Why an input path could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub path: PathBuf,
    pub message: String,
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

/// Expand the command-line paths into card files, in a stable order: explicit files in the
/// order given, each directory's cards sorted by path. A path named twice (or a card both named
/// and found in a directory) is kept once, at its first place. Paths that are neither a file
/// nor a directory with cards are errors, in the order given.
pub fn collect(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<InputError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        match classify(path) {
            Ok(Kind::Directory) => match expand(path) {
                Ok(found) => files.extend(found),
                Err(e) => errors.push(e),
            },
            Ok(Kind::File) => files.push(path.clone()),
            Err(e) => errors.push(e),
        }
    }
    let mut seen = std::collections::HashSet::with_capacity(files.len());
    files.retain(|f| seen.insert(f.clone()));
    (files, errors)
}

/// What a path names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    File,
    Directory,
}

/// Whether `path` is a file or a directory (`stat`, following symbolic links); an error for
/// anything else.
pub fn classify(path: &Path) -> Result<Kind, InputError> {
    let error = |message| InputError {
        path: path.to_path_buf(),
        message,
    };
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Ok(Kind::Directory),
        Ok(meta) if meta.is_file() => Ok(Kind::File),
        Ok(_) => Err(error(NOT_REGULAR.into())),
        Err(e) => Err(error(describe_io(&e))),
    }
}

/// The cards in a directory or below it, sorted by path; an error if there are none.
pub fn expand(dir: &Path) -> Result<Vec<PathBuf>, InputError> {
    let error = |message| InputError {
        path: dir.to_path_buf(),
        message,
    };
    let mut found = walk(dir).map_err(error)?;
    if found.is_empty() {
        return Err(error(format!(
            "no {CARD_FILE_NAME} found in this directory or below it"
        )));
    }
    found.sort();
    Ok(found)
}

/// The `README.md` files under `dir`, as the `ignore` crate walks it (`.gitignore`, `.ignore`,
/// hidden entries skipped, links not followed).
fn walk(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let walker = ignore::WalkBuilder::new(dir)
        .follow_links(false)
        .require_git(false)
        .build();
    let mut found = Vec::new();
    for entry in walker {
        let entry = entry.map_err(|e| e.to_string())?;
        let is_file = entry.file_type().is_some_and(|t| t.is_file());
        if is_file && entry.file_name() == CARD_FILE_NAME {
            found.push(entry.into_path());
        }
    }
    Ok(found)
}

const NOT_REGULAR: &str = "not a regular file (a FIFO, socket or device); cardgen reads only files";

/// Read a card, at most `limit + 1` bytes of it: enough to tell that it is over the limit
/// without reading (or holding) the rest. Only regular files are read: a FIFO would block and a
/// device such as `/dev/zero` never ends.
pub fn read_card(path: &Path, limit: usize) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let (file, len) = open_regular(path)?;
    // Room for the whole file and one byte more, so that it is read in one call and the next
    // sees its end (an empty buffer would be filled 32, 64, 128… bytes at a time).
    let room = usize::try_from(len).unwrap_or(usize::MAX).min(limit);
    let mut bytes = Vec::with_capacity(room.saturating_add(1));
    file.take(u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1))
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

fn not_regular() -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidInput, NOT_REGULAR)
}

/// Open for reading without blocking on a FIFO (`O_NONBLOCK`, which changes nothing for regular
/// files), then refuse anything but a regular file. The file and its size.
#[cfg(unix)]
fn open_regular(path: &Path) -> std::io::Result<(std::fs::File, u64)> {
    use std::os::unix::fs::OpenOptionsExt;
    let nonblocking = rustix::fs::OFlags::NONBLOCK.bits();
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(i32::try_from(nonblocking).unwrap_or_default())
        .open(path)
        .map_err(|e| {
            // A socket cannot be opened: ENXIO.
            if e.raw_os_error() == Some(rustix::io::Errno::NXIO.raw_os_error()) {
                not_regular()
            } else {
                e
            }
        })?;
    let meta = file.metadata()?;
    if meta.is_dir() {
        return Err(std::io::Error::from(std::io::ErrorKind::IsADirectory));
    }
    if !meta.is_file() {
        return Err(not_regular());
    }
    Ok((file, meta.len()))
}

/// Elsewhere: looked at before `open`.
#[cfg(not(unix))]
fn open_regular(path: &Path) -> std::io::Result<(std::fs::File, u64)> {
    let meta = std::fs::metadata(path)?;
    if meta.is_dir() {
        return Err(std::io::Error::from(std::io::ErrorKind::IsADirectory));
    }
    if !meta.is_file() {
        return Err(not_regular());
    }
    Ok((std::fs::File::open(path)?, meta.len()))
}

/// Files that make a directory a model repository (or a training output folder): weights in
/// the formats the Hub recognises, the configurations transformers, PEFT and
/// sentence-transformers save beside them, and cardgen's own `train.toml`.
const MODEL_FILE_NAMES: &[&str] = &[
    "config.json",
    "adapter_config.json",
    "modules.json",
    "config_sentence_transformers.json",
    "model_index.json",
    "params.json",
    "train.toml",
];
const MODEL_FILE_EXTENSIONS: &[&str] = &[
    "safetensors",
    "gguf",
    "bin",
    "pt",
    "pth",
    "ckpt",
    "onnx",
    "h5",
    "msgpack",
    "nemo",
    "keras",
    "tflite",
    "mlmodel",
];

/// Whether `dir` holds model files (weights, a model configuration or a `train.toml`): a
/// `README.md` there is a model card even without front matter. An unreadable directory holds
/// none.
pub fn has_model_files(dir: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    entries.filter_map(Result::ok).any(|entry| {
        let name = entry.file_name();
        let path = Path::new(&name);
        let by_name = name.to_str().is_some_and(|n| MODEL_FILE_NAMES.contains(&n));
        let by_extension = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| MODEL_FILE_EXTENSIONS.contains(&e));
        by_name || by_extension
    })
}

/// An I/O error in words a user can act on.
pub fn describe_io(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "no such file or directory".into(),
        K::PermissionDenied => "permission denied".into(),
        K::IsADirectory => "is a directory".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_paths_are_listed_once() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a");
        std::fs::create_dir(&a).unwrap();
        std::fs::write(a.join("b"), "x").unwrap();
        std::fs::write(dir.path().join("c"), "x").unwrap();
        let p = |s: &str| dir.path().join(s);
        // Path equality, not byte equality: `a//b` and `a/./b` name `a/b`.
        let (files, errors) = collect(&[p("a/b"), p("c"), p("a//b"), p("a/./b"), p("c/")]);
        assert_eq!(files, [p("a/b"), p("c")]);
        assert_eq!(errors.len(), 1, "`c/` is not a directory: {errors:?}");
    }

    #[test]
    fn missing_path_is_an_error() {
        let (files, errors) = collect(&[PathBuf::from("/definitely/not/here")]);
        assert!(files.is_empty());
        assert_eq!(errors[0].message, "no such file or directory");
    }

    #[test]
    fn directories_are_expanded_in_place_and_cards_kept_once() {
        let dir = tempfile::tempdir().unwrap();
        let (named, walked) = (dir.path().join("card.md"), dir.path().join("m"));
        std::fs::create_dir(&walked).unwrap();
        let walked_card = walked.join(CARD_FILE_NAME);
        std::fs::write(&named, "abcdef").unwrap();
        std::fs::write(&walked_card, "abc").unwrap();
        assert_eq!(expand(&walked), Ok(vec![walked_card.clone()]));
        let (files, errors) = collect(&[named.clone(), walked.clone(), walked_card.clone()]);
        assert!(errors.is_empty());
        assert_eq!(files, [named, walked_card]);
    }

    #[test]
    fn read_card_stops_one_byte_past_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("README.md");
        std::fs::write(&path, vec![b'x'; 5000]).unwrap();
        assert_eq!(read_card(&path, 100).unwrap().len(), 101);
        assert_eq!(read_card(&path, 5000).unwrap().len(), 5000);
        assert_eq!(read_card(&path, 4999).unwrap().len(), 5000);
        assert_eq!(read_card(&path, 100_000).unwrap(), vec![b'x'; 5000]);
        std::fs::write(&path, b"").unwrap();
        assert_eq!(read_card(&path, 100).unwrap(), b"");
        let e = read_card(dir.path(), 10).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::IsADirectory);
    }

    /// A file whose size `fstat` does not know (procfs says 0) is read to its end.
    #[cfg(target_os = "linux")]
    #[test]
    fn read_card_reads_past_an_unknown_size() {
        let path = Path::new("/proc/self/status");
        assert_eq!(std::fs::metadata(path).unwrap().len(), 0);
        let bytes = read_card(path, 1 << 20).unwrap();
        assert!(
            bytes.starts_with(b"Name:"),
            "{}",
            String::from_utf8_lossy(&bytes)
        );
        assert!(bytes.len() > 100);
        assert_eq!(read_card(path, 10).unwrap().len(), 11);
    }

    #[test]
    fn the_walk_honours_ignore_files_and_hidden_directories() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let card = |rel: &str| {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, "---\nlicense: mit\n---\n# x\n").unwrap();
            path
        };
        let mut expected = vec![
            card("a/README.md"),
            card("b/c/README.md"),
            card("README.md"),
            card("sub/y/README.md"),
            card("logs/keep/README.md"),
        ];
        card("a/readme.md");
        card(".hidden/README.md");
        card("ignored/README.md");
        card("sub/x/README.md");
        card("logs/drop/README.md");
        std::fs::write(root.join(".gitignore"), "ignored/\nlogs/*\n!logs/keep/\n").unwrap();
        std::fs::write(root.join("sub/.ignore"), "x/\n").unwrap();
        expected.sort();
        assert_eq!(expand(root), Ok(expected));
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_fifos_are_not_cards() {
        let e = read_card(Path::new("/dev/null"), 10).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::InvalidInput);
        let (files, errors) = collect(&[PathBuf::from("/dev/null")]);
        assert!(files.is_empty());
        assert!(errors[0].message.contains("not a regular file"));
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        let e = read_card(&fifo, 10).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::InvalidInput);
    }

    #[test]
    fn model_files_make_a_model_directory() {
        let tmp = tempfile::tempdir().unwrap();
        assert!(!has_model_files(tmp.path()));
        std::fs::write(tmp.path().join("notes.md"), "x").unwrap();
        assert!(!has_model_files(tmp.path()));
        std::fs::write(tmp.path().join("model.safetensors"), "x").unwrap();
        assert!(has_model_files(tmp.path()));
        let other = tempfile::tempdir().unwrap();
        std::fs::write(other.path().join("config.json"), "{}").unwrap();
        assert!(has_model_files(other.path()));
        assert!(!has_model_files(&tmp.path().join("missing")));
    }
}
