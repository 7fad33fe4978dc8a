//! Which configuration applies to a card: `--config`, `--isolated`, or the first
//! `cardgen.toml` / `.cardgen.toml` / `pyproject.toml` [tool.cardgen] from the card's directory
//! up; then `--profile` and `-A`/`-W`/`-D`.
//!
//! `cardgen lint DIR` over thousands of cards in their own directories must not search (and parse
//! `pyproject.toml`s) up the whole tree once per card, nor keep one configuration per directory:
//! each directory is looked at once, each configuration file is read once, and every card under
//! the same file (or under none) shares one `Arc<Config>`.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use cardgen::config::{Config, ConfigError, Level, LoadOptions, Profile};
#[cfg(unix)]
use cardgen::files;

use crate::args::{ConfigArgs, ProfileArg};

/// Why no configuration could be made.
#[derive(Debug)]
pub enum Failure {
    /// A configuration file is wrong (shown with its source).
    File(ConfigError),
    /// A command-line value is wrong.
    Usage(String),
}

type Hasher = foldhash::fast::RandomState;

pub struct Resolver {
    fixed: Option<Arc<Config>>,
    options: LoadOptions,
    levels: Vec<(String, Level)>,
    /// Absolute directory → the configuration file that applies there (`None`: none). Hashed
    /// with foldhash: a walked tree asks for every one of its directories.
    dirs: HashMap<PathBuf, Option<PathBuf>, Hasher>,
    /// Configuration file (`None`: the defaults) → the finished configuration.
    configs: HashMap<Option<PathBuf>, Arc<Config>, Hasher>,
    /// The working directory, asked once (`std::path::absolute` asks the system every time).
    cwd: Option<PathBuf>,
    /// The directory asked for last and its configuration: cards of one directory usually come
    /// one after another, and comparing paths is cheaper than normalising and hashing them.
    last: Option<(PathBuf, Arc<Config>)>,
    /// Absolute directories found by [`Resolver::probe`] to hold none of the configuration files.
    bare: HashSet<PathBuf, Hasher>,
}

impl Resolver {
    pub fn new(args: &ConfigArgs) -> Result<Self, Failure> {
        let options = LoadOptions {
            profile: args.profile.map(|p| match p {
                ProfileArg::Hub => Profile::Hub,
                ProfileArg::Strict => Profile::Strict,
                ProfileArg::EuAiAct => Profile::EuAiAct,
            }),
        };
        let levels: Vec<(String, Level)> = [
            (&args.allow, Level::Off),
            (&args.warn, Level::Warning),
            (&args.deny, Level::Error),
        ]
        .into_iter()
        .flat_map(|(rules, level)| rules.iter().map(move |r| (r.clone(), level)))
        .collect();
        let mut resolver = Resolver {
            fixed: None,
            options,
            levels,
            dirs: HashMap::default(),
            configs: HashMap::default(),
            cwd: std::env::current_dir().ok(),
            last: None,
            bare: HashSet::default(),
        };
        // Check the -A/-W/-D names once, before any file is read.
        if !resolver.levels.is_empty() {
            resolver.finish(Config::default())?;
        }
        resolver.fixed = match (&args.config, args.isolated) {
            (Some(path), _) => {
                let config = Config::load_with(path, options).map_err(Failure::File)?;
                Some(Arc::new(resolver.finish(config)?))
            }
            (None, true) => {
                let config = Config::for_profile(options.profile.unwrap_or_default());
                Some(Arc::new(resolver.finish(config)?))
            }
            (None, false) => None,
        };
        Ok(resolver)
    }

    /// The configuration for a card at `path` (its directory is searched upwards).
    pub fn for_file(&mut self, path: &Path) -> Result<Arc<Config>, Failure> {
        // The bytes before the last `/` name the same directory as `Path::parent`, found
        // without taking the path apart component by component (once per card).
        #[cfg(unix)]
        if let Some((dir, _)) = files::split_name(path) {
            use std::os::unix::ffi::OsStrExt;
            return self.for_dir(Path::new(std::ffi::OsStr::from_bytes(dir)));
        }
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        self.for_dir(dir)
    }

    /// The configuration for cards in `dir`.
    pub fn for_dir(&mut self, dir: &Path) -> Result<Arc<Config>, Failure> {
        if let Some(c) = &self.fixed {
            return Ok(Arc::clone(c));
        }
        if let Some((last, config)) = &self.last {
            if last == dir {
                return Ok(Arc::clone(config));
            }
        }
        let config = self.resolve_dir(dir)?;
        self.last = Some((dir.to_path_buf(), Arc::clone(&config)));
        Ok(config)
    }

    fn resolve_dir(&mut self, dir: &Path) -> Result<Arc<Config>, Failure> {
        // As `std::path::absolute` makes it on Unix: joined to the working directory, `.`
        // components dropped, `..` kept.
        let start = self.absolute(dir);
        let mut visited = Vec::new();
        let mut found = None;
        for d in start.ancestors() {
            if let Some(known) = self.dirs.get(d) {
                found = known.clone();
                break;
            }
            visited.push(d.to_path_buf());
            if self.bare.contains(d) {
                continue;
            }
            if let Some((path, config)) =
                Config::find_in_dir(d, self.options).map_err(Failure::File)?
            {
                // Each directory is looked at once, so each file is read here once.
                let config = Arc::new(self.finish(config)?);
                self.configs.insert(Some(path.clone()), config);
                found = Some(path);
                break;
            }
        }
        for d in visited {
            self.dirs.insert(d, found.clone());
        }
        if let Some(config) = self.configs.get(&found) {
            return Ok(Arc::clone(config));
        }
        let defaults = Config::for_profile(self.options.profile.unwrap_or_default());
        let config = Arc::new(self.finish(defaults)?);
        self.configs.insert(None, Arc::clone(&config));
        Ok(config)
    }

    /// `dir` made absolute as `std::path::absolute` makes it on Unix: joined to the working
    /// directory, `.` components dropped, `..` kept.
    fn absolute(&self, dir: &Path) -> PathBuf {
        match &self.cwd {
            Some(cwd) if cfg!(unix) && dir.is_relative() && is_plain(dir) => cwd.join(dir),
            Some(cwd) if cfg!(unix) && dir.is_relative() => cwd.join(dir).components().collect(),
            _ => std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf()),
        }
    }

    /// Look for configuration files in the directories of `cards` (sorted, as a walk gives
    /// them) on all cores, ahead of [`Resolver::for_file`], which then skips the directories
    /// that hold none. A walked tree with a card in each of its 2,000 directories cost three
    /// failing `statx` per directory, one after the other, before any card was linted. Does
    /// nothing on one core or for a few cards, where it would only add work.
    pub fn probe(&mut self, cards: &[PathBuf]) {
        if self.fixed.is_none() && cards.len() >= PROBE_FROM && super::ordered::threads() > 1 {
            self.probe_all(cards);
        }
    }

    /// [`Resolver::probe`] whatever the number of cards and cores.
    fn probe_all(&mut self, cards: &[PathBuf]) {
        let mut dirs: Vec<PathBuf> = cards
            .iter()
            .filter_map(|c| c.parent())
            .map(|d| self.absolute(d))
            .collect();
        dirs.dedup();
        dirs.retain(|d| !self.dirs.contains_key(d));
        let bare = &mut self.bare;
        let _ = super::ordered::for_each(
            &dirs,
            |dir| {
                let none = Config::files_in_dir(dir).next().is_none();
                none.then(|| dir.clone())
            },
            |dir| -> Result<(), ()> {
                bare.extend(dir);
                Ok(())
            },
        );
    }

    fn finish(&self, mut config: Config) -> Result<Config, Failure> {
        // CARDGEN_MAX_CARD_SIZE overrides the file, as the command line does.
        config.limits.apply_env().map_err(Failure::Usage)?;
        for (rule, level) in &self.levels {
            config.set_level(rule, *level).map_err(Failure::Usage)?;
        }
        Ok(config)
    }
}

/// From this many cards on, [`Resolver::probe`] looks ahead.
const PROBE_FROM: usize = 64;

/// Whether joining `dir` (relative) to a directory needs no normalising: no `.` component, no
/// empty one (`//`), no trailing `/`, so that taking the joined path apart into components and
/// back (most of what resolving a new directory cost besides the file system) gives it back.
fn is_plain(dir: &Path) -> bool {
    let bytes = dir.as_os_str().as_encoded_bytes();
    !bytes.is_empty()
        && !bytes.ends_with(b"/")
        && bytes
            .split(|&b| b == b'/')
            .all(|c| !c.is_empty() && c != b".")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_directory_joins_as_normalising_would_give_it() {
        let cwd = Path::new("/work/repo");
        let words = ["a", "b.c", "..", ".", "", ".x", "x."];
        // Every path of up to three of those words, with `/` between, before or after them.
        let mut paths = vec![String::new()];
        for _ in 0..3 {
            let mut longer = Vec::new();
            for p in &paths {
                for w in words {
                    longer.push(format!("{p}/{w}"));
                    longer.push(format!("{p}{w}/"));
                    longer.push(format!("{p}{w}"));
                }
            }
            paths.extend(longer);
        }
        let mut plain = 0;
        for p in paths.iter().filter(|p| !p.starts_with('/')) {
            let dir = Path::new(p);
            let normal: PathBuf = cwd.join(dir).components().collect();
            if is_plain(dir) {
                plain += 1;
                assert_eq!(cwd.join(dir), normal, "{p:?}");
            }
        }
        assert!(plain > 50, "{plain}");
        assert!(is_plain(Path::new("models/a/b")));
        assert!(!is_plain(Path::new("./models")));
        assert!(!is_plain(Path::new("models//a")));
        assert!(!is_plain(Path::new("models/")));
    }

    #[test]
    fn probing_ahead_finds_the_same_configurations() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("tree");
        let mut cards = Vec::new();
        for i in 0..PROBE_FROM + 6 {
            let dir = root.join(format!("{i:03}"));
            std::fs::create_dir_all(&dir).unwrap();
            cards.push(dir.join("README.md"));
        }
        let write = |rel: &str, text: &str| std::fs::write(root.join(rel), text).unwrap();
        write("cardgen.toml", "[rules]\nmissing-section = \"warning\"\n");
        write("010/cardgen.toml", "[rules]\nmissing-section = \"off\"\n");
        write("020/pyproject.toml", "[project]\nname = \"x\"\n");
        write("030/.cardgen.toml", "[rules]\nplaceholder-text = \"off\"\n");
        write(
            "040/pyproject.toml",
            "[tool.cardgen.rules]\nmissing-section = \"off\"\n",
        );
        let args = ConfigArgs {
            config: None,
            isolated: false,
            profile: None,
            warn: Vec::new(),
            deny: Vec::new(),
            allow: Vec::new(),
        };
        let resolve = |probe: bool| {
            let mut resolver = Resolver::new(&args).unwrap();
            if probe {
                resolver.probe_all(&cards);
                assert_eq!(resolver.bare.len(), cards.len() - 4);
            }
            cards
                .iter()
                .map(|card| format!("{:?}", resolver.for_file(card).unwrap()))
                .collect::<Vec<_>>()
        };
        let (probed, looked_up) = (resolve(true), resolve(false));
        assert_eq!(probed, looked_up);
        assert_ne!(probed[10], probed[11]);
        assert_eq!(probed[20], probed[21]);
        assert_ne!(probed[30], probed[31]);
        assert_ne!(probed[40], probed[41]);
    }
}
