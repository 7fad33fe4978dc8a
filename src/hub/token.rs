//! Finding the access token the way `huggingface_hub` does (`utils/_auth.py`): `--token-file`,
//! then `HF_TOKEN` (or the legacy `HUGGING_FACE_HUB_TOKEN`), then the token file at
//! `HF_TOKEN_PATH`, else `$HF_HOME/token`, else `$XDG_CACHE_HOME/huggingface/token`, else
//! `~/.cache/huggingface/token`. Environment lookups go through a function so tests never touch
//! the process environment.

use std::path::{Path, PathBuf};

use super::secret::Secret;

/// A token and where it came from (the place, never the value).
#[derive(Debug, Clone)]
pub struct Token {
    pub secret: Secret,
    pub source: String,
}

/// The result of looking for a token: maybe a token, and every place looked at, for messages.
#[derive(Debug, Clone, Default)]
pub struct TokenLookup {
    pub token: Option<Token>,
    pub searched: Vec<String>,
}

/// Remove `\r` and `\n`, trim; empty means no token (as `_clean_token`).
pub fn clean(raw: &str) -> Option<Secret> {
    Secret::new(raw.replace(['\r', '\n'], "").trim())
}

/// Look for a token. Only an explicit `--token-file` that cannot be read is an error.
pub fn discover(
    token_file: Option<&Path>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<TokenLookup, String> {
    let mut lookup = TokenLookup::default();
    if let Some(path) = token_file {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("--token-file {}: {}", path.display(), describe(&e)))?;
        let place = format!("--token-file {}", path.display());
        return Ok(found_or_empty(lookup, clean(&text), place));
    }
    for var in ["HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"] {
        match env(var).as_deref().map(clean) {
            Some(Some(secret)) => return Ok(found(lookup, secret, var.to_owned())),
            Some(None) => lookup.searched.push(format!("{var} (empty)")),
            None => lookup.searched.push(format!("{var} (not set)")),
        }
    }
    let (path, how) = token_path(env);
    let place = format!("{} ({how})", path.display());
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(found_or_empty(lookup, clean(&text), place)),
        Err(e) => {
            lookup.searched.push(format!("{place}: {}", describe(&e)));
            Ok(lookup)
        }
    }
}

fn found(mut lookup: TokenLookup, secret: Secret, place: String) -> TokenLookup {
    lookup.searched.push(place.clone());
    lookup.token = Some(Token {
        secret,
        source: place,
    });
    lookup
}

fn found_or_empty(lookup: TokenLookup, secret: Option<Secret>, place: String) -> TokenLookup {
    match secret {
        Some(secret) => found(lookup, secret, place),
        None => {
            let mut lookup = lookup;
            lookup.searched.push(format!("{place}: empty"));
            lookup
        }
    }
}

/// The token file path and which rule chose it.
pub fn token_path(env: &dyn Fn(&str) -> Option<String>) -> (PathBuf, &'static str) {
    let var = |name: &str| env(name).filter(|v| !v.is_empty());
    if let Some(p) = var("HF_TOKEN_PATH") {
        return (expand_home(&p, env), "HF_TOKEN_PATH");
    }
    if let Some(home) = var("HF_HOME") {
        return (expand_home(&home, env).join("token"), "$HF_HOME/token");
    }
    if let Some(cache) = var("XDG_CACHE_HOME") {
        let path = expand_home(&cache, env).join("huggingface").join("token");
        return (path, "$XDG_CACHE_HOME/huggingface/token");
    }
    let path = expand_home("~/.cache/huggingface/token", env);
    (path, "~/.cache/huggingface/token")
}

/// Expand a leading `~` with `HOME` (or `USERPROFILE`).
fn expand_home(path: &str, env: &dyn Fn(&str) -> Option<String>) -> PathBuf {
    let home = || env("HOME").or_else(|| env("USERPROFILE"));
    match path.strip_prefix('~') {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => match home() {
            Some(h) => PathBuf::from(format!("{h}{rest}")),
            None => PathBuf::from(path),
        },
        _ => PathBuf::from(path),
    }
}

fn describe(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "not found".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |k| map.get(k).cloned()
    }

    fn source(lookup: &TokenLookup) -> &str {
        &lookup.token.as_ref().unwrap().source
    }

    #[test]
    fn cleaning_is_like_the_official_client() {
        assert_eq!(clean(" hf_a\r\nb \n").unwrap().expose(), "hf_ab");
        assert!(clean(" \r\n ").is_none());
    }

    #[test]
    fn env_var_wins_over_the_file_and_legacy_var_is_read() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("token"), "hf_file").unwrap();
        let home = dir.path().to_str().unwrap();
        let l = discover(
            None,
            &env_of(&[("HF_TOKEN", "hf_env\n"), ("HF_HOME", home)]),
        )
        .unwrap();
        assert_eq!(l.token.as_ref().unwrap().secret.expose(), "hf_env");
        assert_eq!(source(&l), "HF_TOKEN");
        let l = discover(None, &env_of(&[("HUGGING_FACE_HUB_TOKEN", "hf_old")])).unwrap();
        assert_eq!(source(&l), "HUGGING_FACE_HUB_TOKEN");
    }

    #[test]
    fn token_file_locations_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().to_str().unwrap();
        std::fs::create_dir_all(dir.path().join("huggingface")).unwrap();
        std::fs::write(dir.path().join("huggingface/token"), "hf_xdg\n").unwrap();
        std::fs::write(dir.path().join("token"), "hf_home").unwrap();
        std::fs::write(dir.path().join("custom"), "hf_custom").unwrap();
        let custom = format!("{d}/custom");
        let l = discover(None, &env_of(&[("HF_TOKEN_PATH", &custom), ("HF_HOME", d)])).unwrap();
        assert_eq!(l.token.unwrap().secret.expose(), "hf_custom");
        let l = discover(None, &env_of(&[("HF_HOME", d), ("XDG_CACHE_HOME", d)])).unwrap();
        assert_eq!(l.token.unwrap().secret.expose(), "hf_home");
        let l = discover(None, &env_of(&[("XDG_CACHE_HOME", d)])).unwrap();
        assert_eq!(l.token.unwrap().secret.expose(), "hf_xdg");
        let l = discover(None, &env_of(&[("HOME", d)])).unwrap();
        assert!(l.token.is_none());
        let last = l.searched.last().unwrap();
        assert!(last.contains(".cache/huggingface/token") && last.ends_with("not found"));
        assert_eq!(l.searched[0], "HF_TOKEN (not set)");
    }

    #[test]
    fn explicit_token_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t");
        std::fs::write(&p, "hf_flag\n").unwrap();
        let l = discover(Some(&p), &env_of(&[("HF_TOKEN", "hf_env")])).unwrap();
        assert_eq!(l.token.as_ref().unwrap().secret.expose(), "hf_flag");
        assert!(source(&l).starts_with("--token-file"));
        let err = discover(Some(&dir.path().join("nope")), &env_of(&[])).unwrap_err();
        assert!(err.contains("not found"), "{err}");
        std::fs::write(&p, "  \n").unwrap();
        assert!(discover(Some(&p), &env_of(&[])).unwrap().token.is_none());
    }
}
