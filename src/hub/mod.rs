//! Talking to the Hugging Face Hub: push one README.md, read one back.
//!
//! The protocol is the one `huggingface_hub` speaks (validate-yaml, preupload, NDJSON commit,
//! resolve). HTTP sits behind [`Transport`]; the `hub` cargo feature (on by default) provides
//! [`http::UreqTransport`]. Nothing here prints, and the token never appears in a `Debug` or
//! `Display` output or an error.

mod api;
mod client;
pub mod endpoint;
pub mod error;
#[cfg(feature = "hub")]
pub mod http;
pub mod push;
pub mod repo;
pub mod retry;
pub mod secret;
pub mod sha;
mod status;
pub mod token;
pub mod transport;

#[cfg(test)]
mod tests;

pub use api::{commit_body, CommitHeader, CommitInfo, Preupload, RepoCreated};
pub use client::Hub;
pub use endpoint::Endpoint;
pub use error::HubError;
pub use push::{push, PushOutcome, PushPlan, PushStatus};
pub use repo::{HubRef, RepoId, DEFAULT_REVISION};
pub use secret::Secret;
pub use token::{Token, TokenLookup};
pub use transport::{Method, NetError, NetErrorKind, Request, Response, Transport};

/// README.md of `repo` at `revision`, through the resolve endpoint.
pub fn fetch_card(hub: &Hub, repo: &RepoId, revision: &str) -> Result<Vec<u8>, HubError> {
    hub.download(repo, revision, crate::files::CARD_FILE_NAME)
}
