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
    /// Named on the command line and not looked at yet ([`list`]): it may turn out to be a
    /// directory, which [`read_listed`] reports as [`Read::Directory`] for the caller to
    /// [`expand`] in its place. Looking at each named path once, when it is opened, rather than
    /// with a `stat` first saves a path lookup per card (3 ms of a 2,009-card lint here).
    pub named: bool,
}

/// The command-line paths as cards to read, each [`Listed::named`], in the order given, without
/// looking at them: a directory among them is found when it is read. Repeated paths are dropped.
pub fn list(paths: &[PathBuf]) -> Vec<Listed> {
    // Sized up front: rehashing the paths as the set grew was most of the cost of this function.
    let mut seen = std::collections::HashSet::with_capacity(paths.len());
    paths
        .iter()
        .filter(|p| seen.insert(p.as_path()))
        .map(|path| Listed {
            path: path.clone(),
            named: true,
        })
        .collect()
}

/// Expand the command-line paths into card files, looking at each, in a stable order: explicit
/// files in the order given, each directory's cards sorted by path. Duplicates are dropped. For
/// commands that need the whole list before they start ([`list`] is lazier).
pub fn collect(paths: &[PathBuf]) -> (Vec<Listed>, Vec<InputError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let listed = |path| Listed { path, named: false };
    for path in paths {
        match classify(path) {
            Ok(Kind::Directory) => match expand(path) {
                Ok(found) => files.extend(found.into_iter().map(listed)),
                Err(e) => errors.push(e),
            },
            Ok(Kind::File) => files.push(listed(path.clone())),
            Err(e) => errors.push(e),
        }
    }
    let mut seen = std::collections::HashSet::with_capacity(files.len());
    files.retain(|f| seen.insert(f.path.clone()));
    (files, errors)
}

/// What a path names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    File,
    Directory,
}

/// Whether `path` is a file or a directory (`stat`, following symbolic links); an error for
/// anything else, in the words [`read_listed`] uses for a named path.
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
    let found = walk(dir)?;
    if found.is_empty() {
        return Err(InputError {
            path: dir.to_path_buf(),
            message: format!("no {CARD_FILE_NAME} found in this directory or below it"),
        });
    }
    Ok(found)
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
    let n = read_sized(path, limit, &mut bytes)?;
    bytes.truncate(n);
    Ok(bytes)
}

/// What [`read_listed`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Read {
    /// The card is `bytes[..n]`.
    Card(usize),
    /// A [`Listed::named`] path is a directory: its cards are to be [`expand`]ed.
    Directory,
    /// A [`Listed::named`] path that cannot be opened or is neither a file nor a directory,
    /// with the error [`classify`] gives (`no such file or directory`, …).
    NotACard(InputError),
}

/// [`read_card`] for a listed card, into the first bytes of `bytes`.
///
/// `bytes` is a buffer kept from card to card: it only grows (to the longest card read into
/// it), and what it holds past the card is left over from earlier cards. Keeping its length
/// means the bytes are zeroed once, when the buffer first grows to them, not for each card.
///
/// An error once the file is open (or for a card that was not named) is `cannot read: …`.
pub fn read_listed(card: &Listed, limit: usize, bytes: &mut Vec<u8>) -> Result<Read, InputError> {
    let error = |message| InputError {
        path: card.path.clone(),
        message,
    };
    let (file, len) = match open_regular(&card.path) {
        Ok(Opened::File(file, len)) => (file, len),
        Ok(Opened::Directory) if card.named => return Ok(Read::Directory),
        Ok(Opened::Directory) => return Err(error(format!("cannot read: {NOT_REGULAR}"))),
        Err(e) if card.named => return Ok(Read::NotACard(error(describe_io(&e)))),
        Err(e) => return Err(error(format!("cannot read: {}", describe_io(&e)))),
    };
    read_into(file, len, limit, bytes)
        .map(Read::Card)
        .map_err(|e| error(format!("cannot read: {}", describe_io(&e))))
}

fn read_sized(path: &Path, limit: usize, bytes: &mut Vec<u8>) -> std::io::Result<usize> {
    match open_regular(path)? {
        Opened::File(file, len) => read_into(file, len, limit, bytes),
        Opened::Directory => Err(std::io::Error::from(std::io::ErrorKind::IsADirectory)),
    }
}

/// Read the file, as long as it was when opened and at most `limit + 1` bytes, into
/// `bytes[..n]` and return `n`. One `read` for the whole length: `Read::read_to_end` would read
/// a card of more than 8 KiB in several growing pieces (it is not told the length), 371 more
/// system calls over the corpus.
fn read_into(
    mut file: std::fs::File,
    len: u64,
    limit: usize,
    bytes: &mut Vec<u8>,
) -> std::io::Result<usize> {
    use std::io::Read;
    let size = usize::try_from(len)
        .unwrap_or(usize::MAX)
        .min(limit.saturating_add(1));
    if bytes.len() < size {
        bytes.try_reserve_exact(size - bytes.len())?;
        bytes.resize(size, 0);
    }
    let mut filled = 0;
    while filled < size {
        match file.read(&mut bytes[filled..size]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// An opened path: a regular file with its length, or a directory (not kept open).
enum Opened {
    File(std::fs::File, u64),
    Directory,
}

fn not_regular() -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidInput, NOT_REGULAR)
}

/// Open for reading without blocking on a FIFO (`O_NONBLOCK`, which changes nothing for regular
/// files) and look at what was opened (`fstat`): anything but a regular file or a directory is
/// refused. One path lookup per card.
#[cfg(unix)]
fn open_regular(path: &Path) -> std::io::Result<Opened> {
    use std::os::unix::fs::OpenOptionsExt;
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(|e| match e.raw_os_error() {
            Some(libc::ENXIO) => not_regular(), // a socket
            _ => e,
        })?;
    let meta = file.metadata()?;
    if meta.is_dir() {
        Ok(Opened::Directory)
    } else if meta.is_file() {
        Ok(Opened::File(file, meta.len()))
    } else {
        Err(not_regular())
    }
}

/// Elsewhere: looked at before `open` (a directory cannot be opened as a file everywhere).
#[cfg(not(unix))]
fn open_regular(path: &Path) -> std::io::Result<Opened> {
    let meta = std::fs::metadata(path)?;
    if meta.is_dir() {
        return Ok(Opened::Directory);
    }
    if !meta.is_file() {
        return Err(not_regular());
    }
    Ok(Opened::File(std::fs::File::open(path)?, meta.len()))
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
    fn named_paths_are_looked_at_when_read() {
        let dir = tempfile::tempdir().unwrap();
        let (named, walked) = (dir.path().join("card.md"), dir.path().join("m"));
        std::fs::create_dir(&walked).unwrap();
        let walked_card = walked.join(CARD_FILE_NAME);
        std::fs::write(&named, "abcdef").unwrap();
        std::fs::write(&walked_card, "abc").unwrap();
        let missing = dir.path().join("gone.md");
        let listed = list(&[
            named.clone(),
            walked.clone(),
            named.clone(),
            missing.clone(),
        ]);
        let entry = |path: &Path, named| Listed {
            path: path.to_path_buf(),
            named,
        };
        let expected = [
            entry(&named, true),
            entry(&walked, true),
            entry(&missing, true),
        ];
        assert_eq!(listed, expected);
        // The buffer keeps what it held past the card: only `bytes[..n]` is the card.
        let mut bytes = b"left over, and longer than both cards".to_vec();
        let mut read = |card: &Listed, limit| {
            read_listed(card, limit, &mut bytes).map(|r| match r {
                Read::Card(n) => Ok(bytes[..n].to_vec()),
                Read::Directory => Err(None),
                Read::NotACard(e) => Err(Some(e)),
            })
        };
        assert_eq!(read(&listed[0], 100), Ok(Ok(b"abcdef".to_vec())));
        assert_eq!(read(&listed[1], 100), Ok(Err(None)));
        let not_a_card = InputError {
            path: missing,
            message: "no such file or directory".into(),
        };
        assert_eq!(read(&listed[2], 100), Ok(Err(Some(not_a_card))));
        assert_eq!(
            read(&entry(&walked_card, false), 100),
            Ok(Ok(b"abc".to_vec()))
        );
        assert_eq!(read(&entry(&named, false), 3), Ok(Ok(b"abcd".to_vec())));
        let e = read(&entry(&walked, false), 100).unwrap_err();
        assert!(e.message.starts_with("cannot read: not a regular file"));
        assert_eq!(expand(&walked), Ok(vec![walked_card.clone()]));
        let (files, errors) = collect(&[named.clone(), walked.clone(), walked_card.clone()]);
        assert!(errors.is_empty());
        assert_eq!(files, [entry(&named, false), entry(&walked_card, false)]);
    }

    #[test]
    fn a_card_is_read_as_long_as_it_was_when_opened() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("README.md");
        std::fs::write(&path, "a").unwrap();
        let card = Listed {
            path: path.clone(),
            named: true,
        };
        let mut bytes = vec![b'x'; 10];
        assert_eq!(read_listed(&card, 100, &mut bytes), Ok(Read::Card(1)));
        assert_eq!(&bytes[..1], b"a");
        assert_eq!(read_listed(&card, 0, &mut bytes), Ok(Read::Card(1)));
        std::fs::write(&path, vec![b'y'; 20]).unwrap();
        assert_eq!(read_listed(&card, 100, &mut bytes), Ok(Read::Card(20)));
        assert_eq!(bytes, vec![b'y'; 20]);
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
