//! Which files to lint: explicit files as given, directories searched for `README.md`
//! (honouring `.gitignore`, `.ignore` and hidden-file rules like git does).

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

/// A card file to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub path: PathBuf,
    /// Its length when it was listed, for a file named on the command line (which had to be
    /// looked at anyway, to tell it from a directory): [`read_listed`] then needs no second look.
    pub len: Option<u64>,
}

/// Expand the command-line paths into card files, in a stable order: explicit files in the
/// order given, each directory's cards sorted by path. Duplicates are dropped.
pub fn collect(paths: &[PathBuf]) -> (Vec<Listed>, Vec<InputError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => match walk(path) {
                Ok(found) if found.is_empty() => errors.push(InputError {
                    path: path.clone(),
                    message: format!("no {CARD_FILE_NAME} found in this directory or below it"),
                }),
                Ok(found) => files.extend(found.into_iter().map(|path| Listed { path, len: None })),
                Err(e) => errors.push(e),
            },
            Ok(meta) if meta.is_file() => files.push(Listed {
                path: path.clone(),
                len: Some(meta.len()),
            }),
            Ok(_) => errors.push(InputError {
                path: path.clone(),
                message: NOT_REGULAR.into(),
            }),
            Err(e) => errors.push(InputError {
                path: path.clone(),
                message: describe_io(&e),
            }),
        }
    }
    // Sized up front: rehashing the paths as the set grew was most of the cost of this function.
    let mut seen = std::collections::HashSet::with_capacity(files.len());
    files.retain(|f| seen.insert(f.path.clone()));
    (files, errors)
}

fn walk(dir: &Path) -> Result<Vec<PathBuf>, InputError> {
    let mut found = Vec::new();
    let walker = ignore::WalkBuilder::new(dir)
        .follow_links(false)
        .require_git(false)
        .build();
    for entry in walker {
        let entry = entry.map_err(|e| InputError {
            path: dir.to_path_buf(),
            message: e.to_string(),
        })?;
        let is_file = entry.file_type().is_some_and(|t| t.is_file());
        if is_file && entry.file_name() == CARD_FILE_NAME {
            found.push(entry.into_path());
        }
    }
    found.sort();
    Ok(found)
}

const NOT_REGULAR: &str = "not a regular file (a FIFO, socket or device); cardgen reads only files";

/// Read a card, at most `limit + 1` bytes of it: enough to tell that it is over the limit
/// without reading (or holding) the rest. Only regular files are read: a FIFO would block and a
/// device such as `/dev/zero` never ends. A file is read as long as it was when opened (up to the
/// limit): one `read` for a card, without a second one to look for more; one that shrinks while
/// it is read is read as far as it goes.
pub fn read_card(path: &Path, limit: usize) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    read_sized(path, limit, None, &mut bytes)?;
    Ok(bytes)
}

/// [`read_card`] for a listed card, into `bytes` (whatever it held is dropped; its capacity is
/// reused). A file named on the command line was a regular file of [`Listed::len`] bytes a
/// moment ago, so it is read that far without asking again (one system call less per card); one
/// that has grown since is read as long as it was when listed.
pub fn read_listed(card: &Listed, limit: usize, bytes: &mut Vec<u8>) -> std::io::Result<()> {
    read_sized(&card.path, limit, card.len, bytes)
}

fn read_sized(
    path: &Path,
    limit: usize,
    listed_len: Option<u64>,
    bytes: &mut Vec<u8>,
) -> std::io::Result<()> {
    use std::io::Read;
    let file = open_regular(path)?;
    let len = match listed_len {
        Some(len) => len,
        None => {
            let meta = file.metadata()?;
            if !meta.is_file() {
                return Err(not_regular());
            }
            meta.len()
        }
    };
    let cap = limit.saturating_add(1);
    let size = usize::try_from(len).unwrap_or(usize::MAX).min(cap);
    bytes.clear();
    bytes.reserve_exact(size);
    file.take(size as u64).read_to_end(bytes)?;
    Ok(())
}

fn not_regular() -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidInput, NOT_REGULAR)
}

/// Open for reading without blocking on a FIFO (`O_NONBLOCK`, which changes nothing for regular
/// files); the caller refuses what is not a regular file. This saves a `stat` per card.
#[cfg(unix)]
fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(|e| match e.raw_os_error() {
            Some(libc::ENXIO) => not_regular(), // a socket
            _ => e,
        })
}

/// Elsewhere: checked before `open`, and again (by the caller) on the open file.
#[cfg(not(unix))]
fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    if !std::fs::metadata(path)?.is_file() {
        return Err(not_regular());
    }
    std::fs::File::open(path)
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
    fn missing_path_is_an_error() {
        let (files, errors) = collect(&[PathBuf::from("/definitely/not/here")]);
        assert!(files.is_empty());
        assert_eq!(errors[0].message, "no such file or directory");
    }

    #[test]
    fn named_files_are_read_as_long_as_they_were_when_listed() {
        let dir = tempfile::tempdir().unwrap();
        let (named, walked) = (dir.path().join("card.md"), dir.path().join("m"));
        std::fs::create_dir(&walked).unwrap();
        let walked_card = walked.join(CARD_FILE_NAME);
        std::fs::write(&named, "abc").unwrap();
        std::fs::write(&walked_card, "abc").unwrap();
        let (files, errors) = collect(&[named.clone(), walked.clone(), named.clone()]);
        assert!(errors.is_empty());
        let listed = |path: &Path, len| Listed {
            path: path.to_path_buf(),
            len,
        };
        assert_eq!(files, [listed(&named, Some(3)), listed(&walked_card, None)]);
        std::fs::write(&named, "abcdef").unwrap();
        std::fs::write(&walked_card, "abcdef").unwrap();
        let read = |card: &Listed, limit| {
            let mut bytes = b"left over".to_vec();
            read_listed(card, limit, &mut bytes).unwrap();
            bytes
        };
        assert_eq!(read(&files[0], 100), b"abc");
        assert_eq!(read(&files[1], 100), b"abcdef");
        assert_eq!(read(&files[1], 3), b"abcd");
        std::fs::write(&named, "a").unwrap();
        assert_eq!(read(&files[0], 100), b"a");
        assert_eq!(read(&files[0], 0), b"a");
    }

    #[test]
    fn read_card_stops_one_byte_past_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("README.md");
        std::fs::write(&path, vec![b'x'; 5000]).unwrap();
        assert_eq!(read_card(&path, 100).unwrap().len(), 101);
        assert_eq!(read_card(&path, 5000).unwrap().len(), 5000);
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_not_cards() {
        let e = read_card(Path::new("/dev/null"), 10).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::InvalidInput);
        let (files, errors) = collect(&[PathBuf::from("/dev/null")]);
        assert!(files.is_empty());
        assert!(errors[0].message.contains("not a regular file"));
    }
}
