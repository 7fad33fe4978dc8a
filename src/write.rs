//! Atomic file replacement, the one way cardgen writes a file (render, `--update`, `init`,
//! `pull -o`): write a temporary file in the same directory, give it the old file's permissions,
//! flush it to disk, and rename it over the target. A reader sees the old file or the new one,
//! never half of either; a failed or killed write leaves the old file as it was.
//!
//! A target that is a symbolic link is not replaced by a regular file: the file it points to is
//! written (atomically, in that file's directory), and [`Written::via_symlink`] says so, so the
//! caller can tell the user where the bytes went.
//!
//! Temporary files are named `.<name>.cardgen-<pid>-<n>.tmp`: hidden, and never named
//! `README.md`, so one left behind by a killed process is not mistaken for a card.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Test hook: milliseconds to pause after the temporary file is written and synced, before the
/// rename, so a test can kill the process mid-write. Not for users.
pub const PAUSE_ENV: &str = "CARDGEN_TEST_PAUSE_BEFORE_RENAME";

/// Where a write went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The file actually replaced: the target, or the file its symbolic link points to.
    pub path: PathBuf,
    /// The target was a symbolic link (to `path`).
    pub via_symlink: bool,
}

/// Replace (or create) `path` with `bytes`, atomically.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> io::Result<Written> {
    write_file(path, bytes, true)
}

/// Create `path` with `bytes` atomically; `AlreadyExists` if it exists (checked again at the
/// moment the file is put in place, so a file that appears meanwhile is not overwritten).
pub fn atomic_create(path: &Path, bytes: &[u8]) -> io::Result<Written> {
    write_file(path, bytes, false)
}

fn write_file(path: &Path, bytes: &[u8], overwrite: bool) -> io::Result<Written> {
    let (dest, via_symlink) = resolve(path)?;
    let dir = match dest.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let old_permissions = fs::metadata(&dest).ok().map(|m| m.permissions());
    if !overwrite && old_permissions.is_some() {
        return Err(io::ErrorKind::AlreadyExists.into());
    }
    let (tmp, mut file) = create_temp(&dir, &dest)?;
    let result = (|| {
        file.write_all(bytes)?;
        if let Some(p) = old_permissions {
            file.set_permissions(p)?;
        }
        file.sync_all()?;
        drop(file);
        pause_for_tests();
        place(&tmp, &dest, overwrite)?;
        sync_dir(&dir);
        Ok(())
    })();
    // After a rename the temp name is gone; after a hard link (or a failure) it must go.
    let _ = fs::remove_file(&tmp);
    result.map(|()| Written {
        path: dest,
        via_symlink,
    })
}

/// Follow symbolic links (up to 40, like the kernel) to the file that should be written.
fn resolve(path: &Path) -> io::Result<(PathBuf, bool)> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&current) {
            Ok(m) if m.file_type().is_symlink() => {
                let target = fs::read_link(&current)?;
                current = match current.parent() {
                    Some(parent) if target.is_relative() => parent.join(target),
                    _ => target,
                };
            }
            Ok(m) if m.is_dir() => return Err(io::ErrorKind::IsADirectory.into()),
            _ => return Ok((current.clone(), current != path)),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// Move the finished temp file into place: a rename, or without `overwrite` a hard link, which
/// fails if `dest` appeared meanwhile.
fn place(tmp: &Path, dest: &Path, overwrite: bool) -> io::Result<()> {
    if overwrite {
        return fs::rename(tmp, dest);
    }
    match fs::hard_link(tmp, dest) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(e),
        Err(_) if dest.exists() => Err(io::ErrorKind::AlreadyExists.into()),
        // A file system without hard links: the check above is the best that can be done.
        Err(_) => fs::rename(tmp, dest),
    }
}

fn pause_for_tests() {
    if let Some(ms) = std::env::var(PAUSE_ENV)
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

/// A new file `.<name>.cardgen-<pid>-<n>.tmp` next to the target.
fn create_temp(dir: &Path, target: &Path) -> io::Result<(PathBuf, File)> {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "card".into());
    for n in 0..100u32 {
        let tmp = dir.join(format!(".{name}.cardgen-{}-{n}.tmp", std::process::id()));
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        "could not create a temporary file next to the card",
    ))
}

/// Make the rename durable (best effort: not every platform can open a directory).
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("cardgen-write-{}-{name}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn replaces_content_and_leaves_no_temp_files() {
        let dir = scratch("replace");
        let path = dir.join("README.md");
        fs::write(&path, "old").unwrap();
        atomic_write(&path, b"new").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        let names: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["README.md"]);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn keeps_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = scratch("perms");
        let path = dir.join("README.md");
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        atomic_write(&path, b"new").unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn create_refuses_an_existing_file() {
        let dir = scratch("create");
        let path = dir.join("README.md");
        atomic_create(&path, b"first").unwrap();
        let e = atomic_create(&path, b"second").unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read_to_string(&path).unwrap(), "first");
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 1);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_is_followed_and_reported() {
        let dir = scratch("symlink");
        fs::create_dir_all(dir.join("real")).unwrap();
        fs::write(dir.join("real/card.md"), "old").unwrap();
        std::os::unix::fs::symlink("real/card.md", dir.join("README.md")).unwrap();
        let w = atomic_write(&dir.join("README.md"), b"new").unwrap();
        assert!(w.via_symlink);
        assert_eq!(w.path, dir.join("real/card.md"));
        assert!(fs::symlink_metadata(dir.join("README.md"))
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_to_string(dir.join("real/card.md")).unwrap(), "new");
        std::os::unix::fs::symlink("loop", dir.join("loop")).unwrap();
        assert!(atomic_write(&dir.join("loop"), b"x").is_err());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_missing_directory_is_an_error_and_writes_nothing() {
        let path = std::env::temp_dir().join("cardgen-no-such-dir-xyz/README.md");
        assert!(atomic_write(&path, b"x").is_err());
        assert!(!path.exists());
    }
}
