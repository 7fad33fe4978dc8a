//! Pushing README.md: create the repo if asked, let the Hub validate the metadata, preupload,
//! and commit unless the Hub already has the same bytes. A commit that fails after it may have
//! been applied is re-checked before it is sent again, so no duplicate commit is made.

use serde::Serialize;
use serde_json::{json, Value};

use super::api::{CommitHeader, CommitInfo, RepoCreated};
use super::client::Hub;
use super::error::HubError;
use super::repo::{quote, RepoId};
use super::retry;
use super::sha::git_blob_sha1;
use super::transport::NetErrorKind;
use super::Endpoint;

/// The commit title when `--message` is not given.
pub const DEFAULT_SUMMARY: &str = "Update README.md with cardgen";

/// Everything a push needs.
#[derive(Debug, Clone)]
pub struct PushPlan {
    pub repo: RepoId,
    pub revision: String,
    pub create_pr: bool,
    pub create_repo: bool,
    pub private: bool,
    pub header: CommitHeader,
    pub content: Vec<u8>,
}

/// How a push ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PushStatus {
    /// A new commit (or pull request) was made.
    Committed,
    /// The Hub already had these exact bytes; nothing was committed.
    UpToDate,
    /// A commit attempt failed but had been applied; it was not sent again.
    AppliedEarlier,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PushOutcome {
    pub status: PushStatus,
    pub repo: String,
    pub revision: String,
    /// `Some(true)` if `--create-repo` created it, `Some(false)` if it existed.
    pub repo_created: Option<bool>,
    pub commit_url: Option<String>,
    pub commit_oid: Option<String>,
    pub pr_url: Option<String>,
    pub pr_revision: Option<String>,
    /// The git blob SHA-1 of the card that was pushed.
    pub oid: String,
    /// Warnings from the Hub's metadata validation, verbatim.
    pub hub_warnings: Vec<String>,
}

/// A request a push would send, for `--dry-run`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlannedRequest {
    pub method: &'static str,
    pub url: String,
    /// What the body carries (file content left out).
    pub body: Value,
}

impl PushPlan {
    /// Check what the Hub would refuse anyway: an empty title, a malformed parent commit.
    pub fn check(&self) -> Result<(), HubError> {
        if self.header.summary.trim().is_empty() {
            return Err(HubError::Config(
                "the commit message must not be empty".into(),
            ));
        }
        if let Some(p) = &self.header.parent_commit {
            let hex = p.chars().all(|c| c.is_ascii_hexdigit());
            if !hex || !(5..=40).contains(&p.len()) {
                return Err(HubError::Config(format!(
                    "--parent-commit `{p}` is not a commit id (5 to 40 hex digits)"
                )));
            }
        }
        Ok(())
    }

    /// The requests [`push`] sends when the card differs from the Hub's, in order.
    pub fn planned_requests(&self, endpoint: &Endpoint) -> Vec<PlannedRequest> {
        let query = if self.create_pr { "?create_pr=1" } else { "" };
        let api = |action: &str| {
            let path = format!(
                "/api/models/{}/{action}/{}{query}",
                self.repo,
                quote(&self.revision)
            );
            endpoint.url(&path)
        };
        let post = |url: String, body: Value| PlannedRequest {
            method: "POST",
            url,
            body,
        };
        let mut out = Vec::new();
        if self.create_repo {
            let mut body = json!({"name": self.repo.name, "organization": self.repo.namespace});
            if self.private {
                body["visibility"] = json!("private");
            }
            out.push(post(endpoint.url("/api/repos/create"), body));
        }
        let size = self.content.len();
        out.push(post(
            endpoint.url("/api/validate-yaml"),
            json!({"repoType": "model", "content": format!("<README.md, {size} bytes>")}),
        ));
        out.push(post(
            api("preupload"),
            json!({"files": [{"path": "README.md", "size": size}]}),
        ));
        let mut header =
            json!({"summary": self.header.summary, "description": self.header.description});
        if let Some(p) = &self.header.parent_commit {
            header["parentCommit"] = json!(p);
        }
        out.push(post(api("commit"), json!([{"key": "header", "value": header}, {"key": "file", "value": {"path": "README.md", "encoding": "base64", "content": format!("<{size} bytes>")}}])));
        out
    }
}

/// Push the card. Requires a token; sends nothing if the plan does not pass [`PushPlan::check`].
pub fn push(hub: &Hub, plan: &PushPlan) -> Result<PushOutcome, HubError> {
    plan.check()?;
    if hub.auth().token.is_none() {
        return Err(HubError::NoToken {
            searched: hub.auth().searched.clone(),
        });
    }
    let mut outcome = PushOutcome {
        status: PushStatus::Committed,
        repo: plan.repo.to_string(),
        revision: plan.revision.clone(),
        repo_created: None,
        commit_url: None,
        commit_oid: None,
        pr_url: None,
        pr_revision: None,
        oid: git_blob_sha1(&plan.content),
        hub_warnings: Vec::new(),
    };
    if plan.create_repo {
        let created = hub.create_repo(&plan.repo, plan.private)?;
        outcome.repo_created = Some(matches!(created, RepoCreated::Created { .. }));
    }
    outcome.hub_warnings = hub.validate_yaml(&String::from_utf8_lossy(&plan.content))?;
    if remote_matches(hub, plan, &outcome.oid)? {
        return finish_without_commit(hub, plan, outcome, PushStatus::UpToDate);
    }
    commit_once(hub, plan, outcome)
}

/// Does the Hub's README.md at the revision have this oid? Refuses LFS-tracked READMEs.
fn remote_matches(hub: &Hub, plan: &PushPlan, oid: &str) -> Result<bool, HubError> {
    let pre = hub.preupload(&plan.repo, &plan.revision, plan.create_pr, &plan.content)?;
    if pre.upload_mode != "regular" {
        return Err(HubError::Protocol(format!(
            "the Hub wants README.md uploaded as `{}` (the repo's .gitattributes tracks it with \
             LFS); cardgen only sends regular files",
            pre.upload_mode
        )));
    }
    Ok(pre.remote_oid.as_deref() == Some(oid))
}

/// Report the revision's current commit, as the official client does when it skips a commit.
fn finish_without_commit(
    hub: &Hub,
    plan: &PushPlan,
    mut outcome: PushOutcome,
    status: PushStatus,
) -> Result<PushOutcome, HubError> {
    let sha = hub.revision_sha(&plan.repo, &plan.revision)?;
    outcome.status = status;
    outcome.commit_url = Some(hub.commit_url(&plan.repo, &sha));
    outcome.commit_oid = Some(sha);
    Ok(outcome)
}

/// Send the commit; after a failure that may have been applied, look before sending again.
fn commit_once(hub: &Hub, plan: &PushPlan, outcome: PushOutcome) -> Result<PushOutcome, HubError> {
    let mut attempt = 1;
    loop {
        let err = match hub.commit(
            &plan.repo,
            &plan.revision,
            plan.create_pr,
            &plan.header,
            &plan.content,
        ) {
            Ok(info) => return Ok(committed(outcome, info)),
            Err(e) if maybe_applied(&e) => e,
            Err(e) => return Err(e),
        };
        if plan.create_pr {
            return Err(HubError::MaybeApplied {
                repo_url: hub.repo_url(&plan.repo),
                cause: err.to_string(),
            });
        }
        let Some(wait) = hub.policy().delay(attempt, None, retry::jitter()) else {
            return Err(with_attempts(err, attempt));
        };
        hub.pause(wait);
        if remote_matches(hub, plan, &outcome.oid)? {
            return finish_without_commit(hub, plan, outcome, PushStatus::AppliedEarlier);
        }
        attempt += 1;
    }
}

fn committed(mut outcome: PushOutcome, info: CommitInfo) -> PushOutcome {
    outcome.status = PushStatus::Committed;
    outcome.commit_url = Some(info.commit_url);
    outcome.commit_oid = Some(info.commit_oid);
    outcome.pr_url = info.pr_url;
    outcome.pr_revision = info.pr_revision;
    outcome
}

/// A 5xx, or a connection that failed after the request may have arrived.
fn maybe_applied(e: &HubError) -> bool {
    match e {
        HubError::Server { status, .. } => *status >= 500,
        HubError::Network { kind, .. } => *kind != NetErrorKind::Connect,
        _ => false,
    }
}

fn with_attempts(e: HubError, n: u32) -> HubError {
    match e {
        HubError::Server { status, server, .. } => HubError::Server {
            status,
            attempts: n,
            server,
        },
        HubError::Network { kind, message, .. } => HubError::Network {
            kind,
            attempts: n,
            message,
        },
        other => other,
    }
}
