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

/// Expand the command-line paths into card files, in a stable order: explicit files in the
/// order given, each directory's cards sorted by path. Duplicates are dropped.
pub fn collect(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<InputError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => match walk(path) {
                Ok(found) if found.is_empty() => errors.push(InputError {
                    path: path.clone(),
                    message: format!("no {CARD_FILE_NAME} found in this directory or below it"),
                }),
                Ok(found) => files.extend(found),
                Err(e) => errors.push(e),
            },
            Ok(_) => files.push(path.clone()),
            Err(e) => errors.push(InputError {
                path: path.clone(),
                message: describe_io(&e),
            }),
        }
    }
    let mut seen = std::collections::HashSet::new();
    files.retain(|p| seen.insert(p.clone()));
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
}
