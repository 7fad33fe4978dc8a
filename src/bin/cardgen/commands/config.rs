//! Which configuration applies to a card: `--config`, `--isolated`, or the first
//! `cardgen.toml` / `.cardgen.toml` / `pyproject.toml` [tool.cardgen] from the card's directory
//! up (cached per directory); then `--profile` and `-A`/`-W`/`-D`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use cardgen::config::{Config, ConfigError, Level, LoadOptions, Profile};

use crate::args::{ConfigArgs, ProfileArg};

/// Why no configuration could be made.
#[derive(Debug)]
pub enum Failure {
    /// A configuration file is wrong (shown with its source).
    File(ConfigError),
    /// A command-line value is wrong.
    Usage(String),
}

pub struct Resolver {
    fixed: Option<Arc<Config>>,
    options: LoadOptions,
    levels: Vec<(String, Level)>,
    cache: HashMap<PathBuf, Arc<Config>>,
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
            cache: HashMap::new(),
        };
        // Check the -A/-W/-D names once, before any file is read.
        resolver.finish(Config::default())?;
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
        let key = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
        if let Some(c) = self.cache.get(&key) {
            return Ok(Arc::clone(c));
        }
        let config = match Config::discover_with(&key, self.options).map_err(Failure::File)? {
            Some((_, config)) => config,
            None => Config::for_profile(self.options.profile.unwrap_or_default()),
        };
        let config = Arc::new(self.finish(config)?);
        self.cache.insert(key, Arc::clone(&config));
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
