//! `include` / `exclude`: which cards to lint, by globs relative to the configuration file.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};

/// Globs selecting the cards to lint. Empty: every card.
#[derive(Debug, Clone, Default)]
pub struct FileFilter {
    /// The directory the globs are relative to (the configuration file's).
    pub root: Option<PathBuf>,
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
    /// The globs as written, for display.
    pub include_globs: Vec<String>,
    pub exclude_globs: Vec<String>,
}

impl FileFilter {
    /// Compile the globs; the error is the index of the bad glob (in `include` then
    /// `exclude` order) and the message.
    pub(crate) fn new(
        include: &[String],
        exclude: &[String],
    ) -> Result<Self, (bool, usize, String)> {
        Ok(FileFilter {
            root: None,
            include: (!include.is_empty())
                .then(|| build(include).map_err(|(i, e)| (true, i, e)))
                .transpose()?,
            exclude: (!exclude.is_empty())
                .then(|| build(exclude).map_err(|(i, e)| (false, i, e)))
                .transpose()?,
            include_globs: include.to_vec(),
            exclude_globs: exclude.to_vec(),
        })
    }

    /// Whether the card at `path` is to be linted: it matches an `include` glob (when there
    /// are any) and no `exclude` glob. Globs are matched against the path relative to
    /// [`FileFilter::root`], with `/` separators; a glob also matches any file below a
    /// directory it matches (`exclude = ["vendor"]` skips `vendor/x/README.md`).
    pub fn selects(&self, path: &Path) -> bool {
        if self.include.is_none() && self.exclude.is_none() {
            return true;
        }
        let rel = self.relative(path);
        let matches = |set: &GlobSet| {
            let p = Path::new(&rel);
            p.ancestors()
                .filter(|a| !a.as_os_str().is_empty())
                .any(|a| set.is_match(a))
        };
        self.include.as_ref().is_none_or(matches) && !self.exclude.as_ref().is_some_and(matches)
    }

    fn relative(&self, path: &Path) -> String {
        let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let rel = match &self.root {
            Some(root) => abs.strip_prefix(root).unwrap_or(path),
            None => path,
        };
        let s = rel.to_string_lossy().replace('\\', "/");
        s.strip_prefix("./").map(str::to_string).unwrap_or(s)
    }
}

fn build(globs: &[String]) -> Result<GlobSet, (usize, String)> {
    let mut set = GlobSetBuilder::new();
    for (i, g) in globs.iter().enumerate() {
        set.add(glob(g).map_err(|e| (i, e))?);
    }
    set.build().map_err(|e| (0, e.to_string()))
}

fn glob(pattern: &str) -> Result<Glob, String> {
    let pattern = pattern.trim_start_matches("./").trim_end_matches('/');
    GlobBuilder::new(pattern)
        .literal_separator(true)
        .backslash_escape(true)
        .build()
        .map_err(|e| e.kind().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(include: &[&str], exclude: &[&str]) -> FileFilter {
        let own = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let mut f = FileFilter::new(&own(include), &own(exclude)).unwrap();
        f.root = Some(PathBuf::from("/repo"));
        f
    }

    #[test]
    fn include_and_exclude() {
        let f = filter(&["models/**"], &["models/drafts", "**/old-*/README.md"]);
        assert!(f.selects(Path::new("/repo/models/a/README.md")));
        assert!(!f.selects(Path::new("/repo/models/drafts/x/README.md")));
        assert!(!f.selects(Path::new("/repo/models/old-1/README.md")));
        assert!(!f.selects(Path::new("/repo/README.md")));
        assert!(filter(&[], &[]).selects(Path::new("/anywhere/README.md")));
        assert!(filter(&[], &["*.md"]).selects(Path::new("/repo/a/README.md")));
        assert!(!filter(&[], &["*.md"]).selects(Path::new("/repo/README.md")));
    }

    #[test]
    fn bad_globs_are_errors() {
        let e = FileFilter::new(&[], &["ok".into(), "a[".into()]).unwrap_err();
        assert_eq!((e.0, e.1), (false, 1));
    }
}
