//! Shared by `push`, `pull` and `lint hf://…`: the Hub client built from the environment.

use std::path::Path;
use std::time::Duration;

use cardgen::hub::{token, Endpoint, Hub, HubError, HubRef, TokenLookup};

/// Environment variable: seconds one HTTP request may take in all (default 60).
pub const TIMEOUT_VAR: &str = "CARDGEN_HTTP_TIMEOUT";
/// Environment variable: attempts per request, the first included (default 5).
pub const ATTEMPTS_VAR: &str = "CARDGEN_HTTP_ATTEMPTS";

pub fn env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// `HF_ENDPOINT`, checked.
pub fn endpoint() -> Result<Endpoint, HubError> {
    Endpoint::from_env(env("HF_ENDPOINT")).map_err(HubError::Config)
}

/// Look for a token (`--token-file` or the environment), without network access.
pub fn token_lookup(token_file: Option<&Path>) -> Result<TokenLookup, HubError> {
    let lookup = token::discover(token_file, &env).map_err(HubError::Config)?;
    if let Some(t) = &lookup.token {
        crate::panic_hook::register(&t.secret);
    }
    Ok(lookup)
}

/// A client for `HF_ENDPOINT` with the discovered token.
pub fn connect(token_file: Option<&Path>) -> Result<Hub, HubError> {
    let endpoint = endpoint()?;
    let auth = token_lookup(token_file)?;
    let mut policy = cardgen::hub::retry::RetryPolicy::default();
    if let Some(n) = number(ATTEMPTS_VAR)? {
        policy.max_attempts = n.clamp(1, 10) as u32;
    }
    let timeout = number(TIMEOUT_VAR)?.map(|secs| Duration::from_secs(secs.max(1)));
    Ok(Hub::new(transport(timeout)?, endpoint, auth).with_retry(policy, std::thread::sleep))
}

#[cfg(feature = "hub")]
fn transport(timeout: Option<Duration>) -> Result<Box<dyn cardgen::hub::Transport>, HubError> {
    use cardgen::hub::http::{HttpOptions, UreqTransport};
    let mut options = HttpOptions::default();
    if let Some(t) = timeout {
        options.timeout = t;
        options.connect_timeout = options.connect_timeout.min(t);
    }
    Ok(Box::new(UreqTransport::new(&options)))
}

#[cfg(not(feature = "hub"))]
fn transport(_timeout: Option<Duration>) -> Result<Box<dyn cardgen::hub::Transport>, HubError> {
    Err(HubError::Config(
        "this cardgen was built without the `hub` feature, so it cannot reach the Hub".into(),
    ))
}

fn number(var: &str) -> Result<Option<u64>, HubError> {
    match env(var) {
        None => Ok(None),
        Some(v) => v
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| HubError::Config(format!("{var}=`{v}` is not a whole number"))),
    }
}

/// Fetch the README.md an `hf://` reference names.
pub fn fetch(reference: &HubRef) -> Result<Vec<u8>, HubError> {
    let hub = connect(None)?;
    cardgen::hub::fetch_card(&hub, &reference.repo, &reference.revision)
}
