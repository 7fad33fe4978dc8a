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
pub fn list(paths: Vec<PathBuf>) -> Vec<Listed> {
    // Sized up front: rehashing the paths as the set grew was most of the cost of this function;
    // and hashed with foldhash, not SipHash, which took 1,200 instructions per path.
    let mut seen = std::collections::HashSet::with_capacity_and_hasher(
        paths.len(),
        foldhash::fast::RandomState::default(),
    );
    let keep: Vec<bool> = paths.iter().map(|p| seen.insert(p.as_path())).collect();
    drop(seen);
    paths
        .into_iter()
        .zip(keep)
        .filter(|(_, keep)| *keep)
        .map(|(path, _)| Listed { path, named: true })
        .collect()
}

/// The threads to read and walk on: one per CPU this process may run on (`sched_getaffinity`,
/// cgroup quota), 1 if the system does not say.
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Expand the command-line paths into card files, looking at each, in a stable order: explicit
/// files in the order given, each directory's cards sorted by path. Duplicates are dropped. For
/// commands that need the whole list before they start ([`list`] is lazier). A wide directory
/// is walked on `jobs` threads, or on [`threads`] when `None` (looked up only then).
pub fn collect(paths: &[PathBuf], jobs: Option<usize>) -> (Vec<Listed>, Vec<InputError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let listed = |path| Listed { path, named: false };
    for path in paths {
        match classify(path) {
            Ok(Kind::Directory) => match expand(path, jobs) {
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

/// The cards in a directory or below it, sorted by path; an error if there are none. A wide
/// directory is walked on `jobs` threads, or on [`threads`] when `None` (looked up only then).
pub fn expand(dir: &Path, jobs: Option<usize>) -> Result<Vec<PathBuf>, InputError> {
    let found = walk(dir, jobs)?;
    if found.is_empty() {
        return Err(InputError {
            path: dir.to_path_buf(),
            message: format!("no {CARD_FILE_NAME} found in this directory or below it"),
        });
    }
    Ok(found)
}

/// The `README.md` files under `dir`, sorted, as the `ignore` crate walks it (`.gitignore`,
/// `.ignore`, hidden entries skipped, links not followed). The walk is most of the time a
/// directory lint spends outside the cards (for each directory, an open, two reads of its
/// entries, a look for ignore files), so a wide tree is walked by the crate's parallel walker,
/// on every core this process may use, as ripgrep walks. Even on one thread that walker looks
/// for ignore files with fewer system calls (none of the serial walker's four failing `statx`
/// per directory): 65 → 61 ms for a directory of 2,000 card directories on one core, 48 → 43 ms
/// on two. The sort makes the result the same either way.
fn walk(dir: &Path, jobs: Option<usize>) -> Result<Vec<PathBuf>, InputError> {
    let mut walker = ignore::WalkBuilder::new(dir);
    walker.follow_links(false).require_git(false);
    let mut found = if is_wide(dir) {
        let threads = jobs.unwrap_or_else(threads).min(MAX_WALK_THREADS);
        walk_parallel(walker.threads(threads).build_parallel())
    } else {
        walk_serial(walker.build())
    }
    .map_err(|message| InputError {
        path: dir.to_path_buf(),
        message,
    })?;
    found.sort();
    Ok(found)
}

/// Whether `dir` has at least [`WIDE`] entries. The parallel walker costs more than it saves on
/// a small tree: its threads start, and each that finds no work sleeps a millisecond before
/// looking again (2.1 → 3.5 ms for a directory of three cards on two cores).
fn is_wide(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| entries.take(WIDE).count() == WIDE)
}

const WIDE: usize = 64;

/// More walking threads than this wait on the file system more than they help.
const MAX_WALK_THREADS: usize = 8;

fn walk_serial(walker: ignore::Walk) -> Result<Vec<PathBuf>, String> {
    let mut found = Vec::new();
    for entry in walker {
        if let Some(card) = card_entry(entry.map_err(|e| e.to_string())?) {
            found.push(card);
        }
    }
    Ok(found)
}

/// [`walk_serial`] on several threads. Of several errors, the first by its text is reported.
fn walk_parallel(walker: ignore::WalkParallel) -> Result<Vec<PathBuf>, String> {
    let found = std::sync::Mutex::new(Vec::new());
    let errors = std::sync::Mutex::new(Vec::new());
    walker.run(|| {
        Box::new(|entry| {
            match entry {
                Ok(entry) => {
                    if let Some(card) = card_entry(entry) {
                        lock(&found).push(card);
                    }
                }
                Err(e) => lock(&errors).push(e.to_string()),
            }
            ignore::WalkState::Continue
        })
    });
    let mut errors = errors.into_inner().unwrap_or_else(|e| e.into_inner());
    errors.sort();
    match errors.into_iter().next() {
        Some(first) => Err(first),
        None => Ok(found.into_inner().unwrap_or_else(|e| e.into_inner())),
    }
}

/// The entry's path if it is a card file.
fn card_entry(entry: ignore::DirEntry) -> Option<PathBuf> {
    let is_file = entry.file_type().is_some_and(|t| t.is_file());
    (is_file && entry.file_name() == CARD_FILE_NAME).then(|| entry.into_path())
}

fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
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
/// refused. One path lookup per card, and on Linux only of its last component when the card
/// before it on this thread was in the same directory ([`in_parent`]).
#[cfg(unix)]
fn open_regular(path: &Path) -> std::io::Result<Opened> {
    use std::os::unix::fs::OpenOptionsExt;
    #[cfg(target_os = "linux")]
    let opened = in_parent::open(path);
    #[cfg(not(target_os = "linux"))]
    let opened = None;
    let file = opened
        .unwrap_or_else(|| {
            std::fs::OpenOptions::new()
                .read(true)
                .custom_flags(libc::O_NONBLOCK)
                .open(path)
        })
        .map_err(|e| match e.raw_os_error() {
            Some(libc::ENXIO) => not_regular(), // a socket
            _ => e,
        })?;
    let (mode, len) = fstat(&file)?;
    match mode & libc::S_IFMT {
        libc::S_IFDIR => Ok(Opened::Directory),
        libc::S_IFREG => Ok(Opened::File(file, len)),
        _ => Err(not_regular()),
    }
}

/// The file type bits and length of an open file: `fstat`, where `File::metadata` asks `statx`
/// for more than this needs.
#[cfg(unix)]
fn fstat(file: &std::fs::File) -> std::io::Result<(libc::mode_t, u64)> {
    let st = rustix::fs::fstat(file)?;
    Ok((st.st_mode, u64::try_from(st.st_size).unwrap_or(0)))
}

/// Cards opened relative to their directory. A path such as
/// `../shared/corpus/cards/owner__model/0001-README.md` costs the kernel a lookup of each of its
/// six components on every `open`; cards often come in runs from the same directory (a file
/// list in directory order, the chunks of consecutive cards each thread takes), so each thread
/// notes its last card's directory, opens it (`O_PATH`: no read permission needed, as for a
/// path lookup) when a second card in a row is in it, and opens the next cards in it with
/// `openat`: one component instead of six, for 1,980 of the corpus's 2,009 cards on one thread.
/// A card alone in its directory (`models/*/README.md`) costs no more than before. (A directory
/// replaced while a run of its cards is read is seen as it was at the second of them.)
#[cfg(target_os = "linux")]
mod in_parent {
    use std::cell::RefCell;
    use std::ffi::{OsStr, OsString};
    use std::fs::File;
    use std::os::fd::OwnedFd;
    use std::os::unix::ffi::OsStrExt;
    use std::path::Path;

    use rustix::fs::{Mode, OFlags};

    thread_local! {
        /// The directory of the last card opened on this thread, as its path was written, and
        /// the directory itself once a second card in a row was in it.
        static LAST: RefCell<Option<(OsString, Option<OwnedFd>)>> = const { RefCell::new(None) };
    }

    /// `path` opened for reading (`O_NONBLOCK`) in its directory, or `None` to open it by its
    /// whole path: one with no directory part, or whose last component is not a plain name
    /// (`a/b/`, `a/b/.`, `a/..`, which mean more than the name in the directory), or whose
    /// directory cannot be opened (the whole path then fails with the error it always gave).
    pub(super) fn open(path: &Path) -> Option<std::io::Result<File>> {
        let (dir, name) = super::split_name(path)?;
        LAST.with(|last| {
            let mut last = last.borrow_mut();
            let fd = match &mut *last {
                Some((seen, fd)) if seen.as_bytes() == dir => match fd {
                    Some(fd) => fd,
                    None => fd.insert(
                        rustix::fs::open(
                            OsStr::from_bytes(dir),
                            OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC,
                            Mode::empty(),
                        )
                        .ok()?,
                    ),
                },
                _ => {
                    *last = Some((OsStr::from_bytes(dir).into(), None));
                    return None;
                }
            };
            let flags = OFlags::RDONLY | OFlags::NONBLOCK | OFlags::CLOEXEC;
            Some(
                rustix::fs::openat(fd, OsStr::from_bytes(name), flags, Mode::empty())
                    .map(File::from)
                    .map_err(std::io::Error::from),
            )
        })
    }
}

/// `path` as the bytes of its directory and of its last component, when that is a plain name
/// (not `.` or `..`, and not followed by a `/`) after a directory that is not empty or the
/// root: `a/b/c.md` gives `a/b` and `c.md`; `c.md`, `/c.md`, `a/b/`, `a/.` and `a/..` give
/// `None`. The directory bytes are a path equal to [`Path::parent`], found with one search
/// from the end instead of taking the path apart component by component.
#[cfg(unix)]
pub fn split_name(path: &Path) -> Option<(&[u8], &[u8])> {
    use std::os::unix::ffi::OsStrExt;
    let whole = path.as_os_str().as_bytes();
    let slash = memchr::memrchr(b'/', whole)?;
    let (dir, name) = (&whole[..slash], &whole[slash + 1..]);
    if dir.is_empty() || matches!(name, b"" | b"." | b"..") {
        return None;
    }
    Some((dir, name))
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

    #[cfg(unix)]
    #[test]
    fn split_name_takes_a_plain_last_name_only() {
        let split = |p: &str| {
            split_name(Path::new(p)).map(|(d, n)| {
                (
                    String::from_utf8_lossy(d).into_owned(),
                    String::from_utf8_lossy(n).into_owned(),
                )
            })
        };
        let both = |d: &str, n: &str| Some((d.to_owned(), n.to_owned()));
        assert_eq!(split("a/b/c.md"), both("a/b", "c.md"));
        assert_eq!(split("../x/README.md"), both("../x", "README.md"));
        assert_eq!(split("a//c.md"), both("a/", "c.md"));
        assert_eq!(split("./c.md"), both(".", "c.md"));
        for p in ["c.md", "/c.md", "a/b/", "a/.", "a/..", "", "/"] {
            assert_eq!(split(p), None, "{p}");
        }
        // The directory bytes, as a path, are the parent, which is what callers rely on.
        for p in [
            "a/b/c.md", "a//c.md", "./x", "../x/y/", "a/./b", "x//y//z", "é/ü",
        ] {
            use std::os::unix::ffi::OsStrExt;
            let Some((dir, _)) = split_name(Path::new(p)) else {
                continue;
            };
            let dir = Path::new(std::ffi::OsStr::from_bytes(dir));
            assert_eq!(Some(dir), Path::new(p).parent(), "{p}");
        }
    }

    #[test]
    fn repeated_paths_are_listed_once() {
        // Path equality, not byte equality: `a//b` and `a/./b` name `a/b`.
        let paths = ["a/b", "c", "a//b", "a/./b", "c/", "d"].map(PathBuf::from);
        let listed: Vec<_> = list(paths.to_vec()).into_iter().map(|l| l.path).collect();
        assert_eq!(listed, ["a/b", "c", "d"].map(PathBuf::from));
    }

    #[test]
    fn missing_path_is_an_error() {
        let (files, errors) = collect(&[PathBuf::from("/definitely/not/here")], None);
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
        let listed = list(vec![
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
        assert_eq!(expand(&walked, None), Ok(vec![walked_card.clone()]));
        let (files, errors) = collect(&[named.clone(), walked.clone(), walked_card.clone()], None);
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
    fn cards_opened_in_their_directory_read_as_by_their_whole_path() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::create_dir(&a).unwrap();
        std::fs::create_dir(&b).unwrap();
        std::fs::write(a.join("1.md"), "one").unwrap();
        std::fs::write(a.join("2.md"), "two!").unwrap();
        std::fs::write(b.join("3.md"), "three").unwrap();
        let read = |path: PathBuf| {
            let mut bytes = Vec::new();
            let card = Listed { path, named: false };
            read_listed(&card, 100, &mut bytes).map(|r| match r {
                Read::Card(n) => String::from_utf8(bytes[..n].to_vec()).unwrap(),
                other => format!("{other:?}"),
            })
        };
        let message = |path: PathBuf| read(path).unwrap_err().message;
        // The same directory twice, another one, and back.
        assert_eq!(read(a.join("1.md")).unwrap(), "one");
        assert_eq!(read(a.join("2.md")).unwrap(), "two!");
        assert_eq!(read(b.join("3.md")).unwrap(), "three");
        assert_eq!(read(a.join("1.md")).unwrap(), "one");
        // Paths whose last component means more than a name in a directory keep their meaning.
        let file_as_dir = PathBuf::from(format!("{}/", a.join("1.md").display()));
        assert!(message(file_as_dir).contains("Not a directory"));
        assert!(message(a.join("1.md").join(".")).contains("Not a directory"));
        assert!(message(a.join("1.md").join("x.md")).contains("Not a directory"));
        assert_eq!(
            read(a.join("..")).unwrap_err().message,
            format!("cannot read: {NOT_REGULAR}")
        );
        // A missing file in a directory that is open, and one in a directory that is not there.
        assert_eq!(
            message(a.join("gone.md")),
            "cannot read: no such file or directory"
        );
        assert_eq!(
            message(dir.path().join("gone").join("x.md")),
            "cannot read: no such file or directory"
        );
        // The directory is looked up again when it is replaced between cards.
        std::fs::rename(&a, dir.path().join("old")).unwrap();
        std::fs::create_dir(&a).unwrap();
        std::fs::write(a.join("1.md"), "new").unwrap();
        assert_eq!(read(b.join("3.md")).unwrap(), "three");
        assert_eq!(read(a.join("1.md")).unwrap(), "new");
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
        let kept = [
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
        let mut expected = kept.to_vec();
        expected.sort();
        assert!(!is_wide(root));
        assert_eq!(walk(root, None), Ok(expected.clone()));
        // Wide enough for the parallel walk, which finds the same cards.
        for i in 0..WIDE {
            expected.push(card(&format!("many/{i:03}/README.md")));
            card(&format!("many/{i:03}/.hidden/README.md"));
            card(&format!("many/{i:03}/ignored/README.md"));
        }
        card("many/007/x/README.md");
        std::fs::write(root.join("many/007/.ignore"), "x/\n").unwrap();
        card("many/008/y/README.md");
        std::fs::write(root.join("many/008/.gitignore"), "/y\n").unwrap();
        expected.sort();
        let walker = || {
            ignore::WalkBuilder::new(root.join("many"))
                .require_git(false)
                .threads(4)
                .clone()
        };
        assert!(is_wide(&root.join("many")));
        let mut parallel = walk_parallel(walker().build_parallel()).unwrap();
        let mut serial = walk_serial(walker().build()).unwrap();
        parallel.sort();
        serial.sort();
        assert_eq!(parallel, serial);
        assert_eq!(parallel.len(), WIDE);
        assert_eq!(walk(root, None), Ok(expected));
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_not_cards() {
        let e = read_card(Path::new("/dev/null"), 10).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::InvalidInput);
        let (files, errors) = collect(&[PathBuf::from("/dev/null")], None);
        assert!(files.is_empty());
        assert!(errors[0].message.contains("not a regular file"));
    }
}
