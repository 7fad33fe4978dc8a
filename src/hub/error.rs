//! What can go wrong talking to the Hub, as data, each with a message that says what to do.
//! Server text in these errors has already had the token redacted.

use std::fmt;

use super::transport::NetErrorKind;

/// Where to create or check tokens.
const TOKENS_PAGE: &str = "https://huggingface.co/settings/tokens";

#[derive(Debug, Clone, PartialEq)]
pub enum HubError {
    /// Bad input before anything was sent: endpoint, repo id, token file, parent commit.
    Config(String),
    /// No token anywhere cardgen looked.
    NoToken { searched: Vec<String> },
    /// 401: the token was refused (or none was sent).
    Unauthorized {
        token_source: Option<String>,
        searched: Vec<String>,
        server: String,
    },
    /// 403: the token may not do this.
    Forbidden { repo: String, server: String },
    /// 401/403 from a gated repo whose terms were not accepted.
    Gated { repo: String, server: String },
    /// 404 (or 401 with `X-Error-Code: RepoNotFound`).
    RepoNotFound {
        repo: String,
        server: String,
        suggest_create: bool,
    },
    RevisionNotFound {
        repo: String,
        revision: String,
        server: String,
    },
    FileNotFound {
        repo: String,
        revision: String,
        path: String,
        server: String,
    },
    /// 400 from the metadata validation endpoint: the Hub's messages, verbatim.
    InvalidMetadata { errors: Vec<String> },
    /// Any other 400.
    BadRequest { server: String },
    /// 409 (other than "repo exists" during `--create-repo`).
    Conflict { server: String },
    /// 412: the revision moved past `--parent-commit`.
    ParentCommitMismatch {
        parent: Option<String>,
        server: String,
    },
    /// 413.
    TooLarge { server: String },
    /// 429 still after every retry, or a `Retry-After` too long to wait.
    RateLimited {
        attempts: u32,
        retry_after: Option<u64>,
        server: String,
    },
    /// 5xx (or another unexpected status) still after every retry.
    Server {
        status: u16,
        attempts: u32,
        server: String,
    },
    /// Connect, timeout, dropped connection, still after every retry.
    Network {
        kind: NetErrorKind,
        attempts: u32,
        message: String,
    },
    /// A pull-request commit failed after it was sent; re-sending could open a second PR.
    MaybeApplied { repo_url: String, cause: String },
    /// The Hub answered something cardgen cannot read.
    Protocol(String),
}

impl HubError {
    /// A stable machine-readable name for `--format json`.
    pub fn kind(&self) -> &'static str {
        use HubError::*;
        match self {
            Config(_) => "config",
            NoToken { .. } => "no_token",
            Unauthorized { .. } => "unauthorized",
            Forbidden { .. } => "forbidden",
            Gated { .. } => "gated",
            RepoNotFound { .. } => "repo_not_found",
            RevisionNotFound { .. } => "revision_not_found",
            FileNotFound { .. } => "file_not_found",
            InvalidMetadata { .. } => "invalid_metadata",
            BadRequest { .. } => "bad_request",
            Conflict { .. } => "conflict",
            ParentCommitMismatch { .. } => "parent_commit_mismatch",
            TooLarge { .. } => "too_large",
            RateLimited { .. } => "rate_limited",
            Server { .. } => "server_error",
            Network { .. } => "network",
            MaybeApplied { .. } => "maybe_applied",
            Protocol(_) => "protocol",
        }
    }
}

impl fmt::Display for HubError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use HubError::*;
        match self {
            Config(m) | Protocol(m) => f.write_str(m),
            NoToken { searched } => write!(
                f,
                "no Hugging Face token found; cardgen looked at: {}. Set HF_TOKEN, log in with \
                 `hf auth login`, or pass --token-file FILE (create a token with write access at \
                 {TOKENS_PAGE})",
                searched.join(", ")
            ),
            Unauthorized {
                token_source: Some(src),
                server,
                ..
            } => write!(
                f,
                "401 Unauthorized: the Hub refused the token from {src}{}. Check or renew it at \
                 {TOKENS_PAGE}",
                detail(server)
            ),
            Unauthorized {
                token_source: None,
                searched,
                server,
            } => write!(
                f,
                "401 Unauthorized{}: no token was sent; cardgen looked at: {}. Set HF_TOKEN or \
                 pass --token-file FILE",
                detail(server),
                searched.join(", ")
            ),
            Forbidden { repo, server } => write!(
                f,
                "403 Forbidden: the token may not write to {repo}{}. Use a token with write \
                 access to this repo or organisation (fine-grained tokens must list it), or \
                 open a pull request with --create-pr",
                detail(server)
            ),
            Gated { repo, server } => write!(
                f,
                "{repo} is gated{}: accept its conditions on the Hub with the account whose \
                 token you use",
                detail(server)
            ),
            RepoNotFound {
                repo,
                server,
                suggest_create,
            } => {
                write!(
                    f,
                    "404 Not Found: repository {repo} does not exist, or it is private and the \
                     token cannot see it{}",
                    detail(server)
                )?;
                if *suggest_create {
                    f.write_str(". Add --create-repo to create it")?;
                }
                Ok(())
            }
            RevisionNotFound {
                repo,
                revision,
                server,
            } => write!(
                f,
                "404 Not Found: revision `{revision}` does not exist in {repo}{}. Create the \
                 branch first, or push to main (optionally with --create-pr)",
                detail(server)
            ),
            FileNotFound {
                repo,
                revision,
                path,
                server,
            } => write!(
                f,
                "404 Not Found: {repo} has no {path} at `{revision}`{}",
                detail(server)
            ),
            InvalidMetadata { errors } => {
                f.write_str("the Hub rejected the card's metadata:")?;
                errors.iter().try_for_each(|e| write!(f, "\n- {e}"))
            }
            BadRequest { server } => write!(f, "400 Bad Request{}", detail(server)),
            Conflict { server } => write!(f, "409 Conflict{}", detail(server)),
            ParentCommitMismatch { parent, server } => write!(
                f,
                "412 Precondition Failed: the branch has moved past the parent commit{}{}. \
                 Fetch the current card (`cardgen pull`), merge your change and push again \
                 with the new --parent-commit",
                parent.as_ref().map_or(String::new(), |p| format!(" {p}")),
                detail(server)
            ),
            TooLarge { server } => write!(
                f,
                "413 Payload Too Large: the Hub refused the card's size{}",
                detail(server)
            ),
            RateLimited {
                attempts,
                retry_after,
                server,
            } => write!(
                f,
                "429 Too Many Requests (after {attempts} attempt{}){}. Wait {} and try again",
                plural(*attempts),
                detail(server),
                retry_after.map_or("a minute".to_owned(), |s| format!("{s} s"))
            ),
            Server {
                status,
                attempts,
                server,
            } => write!(
                f,
                "the Hub answered {status} (after {attempts} attempt{}){}. Try again later",
                plural(*attempts),
                detail(server)
            ),
            Network {
                attempts, message, ..
            } => write!(
                f,
                "network error (after {attempts} attempt{}): {message}. Check the connection, \
                 HF_ENDPOINT and HTTPS_PROXY/NO_PROXY",
                plural(*attempts)
            ),
            MaybeApplied { repo_url, cause } => write!(
                f,
                "the commit request failed after it was sent ({cause}); the pull request may \
                 have been opened anyway. Check {repo_url}/discussions before pushing again"
            ),
        }
    }
}

impl std::error::Error for HubError {}

fn detail(server: &str) -> String {
    if server.is_empty() {
        String::new()
    } else {
        format!(" ({server})")
    }
}

fn plural(n: u32) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_actionable() {
        let e = HubError::RepoNotFound {
            repo: "a/b".into(),
            server: "Repository not found".into(),
            suggest_create: true,
        };
        assert!(e.to_string().ends_with("Add --create-repo to create it"));
        let e = HubError::NoToken {
            searched: vec!["HF_TOKEN (not set)".into()],
        };
        assert!(e.to_string().contains("looked at: HF_TOKEN (not set)"));
        let e = HubError::InvalidMetadata {
            errors: vec!["\"license\" is invalid".into(), "x".into()],
        };
        assert_eq!(
            e.to_string(),
            "the Hub rejected the card's metadata:\n- \"license\" is invalid\n- x"
        );
        assert_eq!(e.kind(), "invalid_metadata");
    }
}
