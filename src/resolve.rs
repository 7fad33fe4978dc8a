//! Which configuration applies to a card: a fixed file (`--config`), none (`--isolated`), or
//! the first `cardgen.toml` / `.cardgen.toml` / `pyproject.toml` [tool.cardgen] from the card's
//! directory up; then the profile and rule levels chosen on the command line.
//!
//! Each directory is looked at once and each configuration file read once: every card under the
//! same file (or under none) shares one `Arc<Config>`.

use foldhash::{HashMap, HashMapExt as _};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Config, ConfigError, Level, LoadOptions, Profile};

/// Choices made on the command line (or by an editor) that apply to every card.
#[derive(Debug, Clone, Default)]
pub struct ResolveOptions {
    /// Use this file for every card instead of looking for one.
    pub config: Option<PathBuf>,
    /// Use no configuration file at all.
    pub isolated: bool,
    /// Replace the file's profile.
    pub profile: Option<Profile>,
    /// Rule levels (by code or name) set on top of the file's, in order.
    pub levels: Vec<(String, Level)>,
}

/// Why no configuration could be made.
#[derive(Debug)]
pub enum Failure {
    /// A configuration file is wrong (shown with its source).
    File(ConfigError),
    /// A command-line value is wrong.
    Usage(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::File(e) => write!(f, "{e}"),
            Failure::Usage(m) => f.write_str(m),
        }
    }
}

/// Finds and caches the configuration of each directory.
pub struct Resolver {
    fixed: Option<Arc<Config>>,
    load: LoadOptions,
    levels: Vec<(String, Level)>,
    /// Absolute directory → the configuration file that applies there (`None`: none).
    dirs: HashMap<PathBuf, Option<PathBuf>>,
    /// Configuration file (`None`: the defaults) → the finished configuration.
    configs: HashMap<Option<PathBuf>, Arc<Config>>,
    /// The directory last asked about, as given, and its configuration: the cards of one
    /// directory usually come one after another.
    last: Option<(PathBuf, Arc<Config>)>,
}

impl Resolver {
    /// Check the options (rule names, a `--config` file) before any card is looked at.
    pub fn new(options: &ResolveOptions) -> Result<Self, Failure> {
        let mut resolver = Resolver {
            fixed: None,
            load: LoadOptions {
                profile: options.profile,
            },
            levels: options.levels.clone(),
            dirs: HashMap::new(),
            configs: HashMap::new(),
            last: None,
        };
        if !resolver.levels.is_empty() {
            resolver.finish(Config::default())?;
        }
        resolver.fixed = match (&options.config, options.isolated) {
            (Some(path), _) => {
                let config = Config::load_with(path, resolver.load).map_err(Failure::File)?;
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
        let config = self.look_up(dir)?;
        self.last = Some((dir.to_path_buf(), Arc::clone(&config)));
        Ok(config)
    }

    /// [`Resolver::for_dir`] without the memo of the last directory.
    fn look_up(&mut self, dir: &Path) -> Result<Arc<Config>, Failure> {
        let start = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
        let mut visited = Vec::new();
        let mut found = None;
        for d in start.ancestors() {
            if let Some(known) = self.dirs.get(d) {
                found = known.clone();
                break;
            }
            visited.push(d.to_path_buf());
            if let Some((path, config)) =
                Config::find_in_dir(d, self.load).map_err(Failure::File)?
            {
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
        let defaults = Config::for_profile(self.load.profile.unwrap_or_default());
        let config = Arc::new(self.finish(defaults)?);
        self.configs.insert(None, Arc::clone(&config));
        Ok(config)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_card_gets_the_nearest_configuration_file() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("tree");
        let mut cards = Vec::new();
        for i in 0..50 {
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
        let mut resolver = Resolver::new(&ResolveOptions::default()).unwrap();
        let level = |c: &Config, code: &str| c.severity.get(code).copied();
        let configs: Vec<Arc<Config>> = cards
            .iter()
            .map(|card| resolver.for_file(card).unwrap())
            .collect();
        assert_eq!(
            level(&configs[0], "CG201"),
            Some(Some(crate::Severity::Warning))
        );
        assert_eq!(level(&configs[10], "CG201"), Some(None));
        assert_eq!(level(&configs[20], "CG201"), level(&configs[0], "CG201"));
        assert_eq!(level(&configs[30], "CG203"), Some(None));
        assert_eq!(level(&configs[40], "CG201"), Some(None));
        assert!(Arc::ptr_eq(&configs[1], &configs[2]));
        assert!(Arc::ptr_eq(&configs[20], &configs[21]));
    }
}
