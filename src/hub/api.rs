//! The Hub endpoints cardgen uses, as `huggingface_hub` 2.4.0 calls them (see
//! `hf_api.py` `create_repo`, `_validate_yaml`, `create_commit`; `_commit_api.py`).

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use serde::Serialize;
use serde_json::{json, Value};

use super::client::{Hub, Retry};
use super::error::HubError;
use super::repo::{quote, RepoId};
use super::status::{Ctx, Op};
use super::transport::Request;
use crate::files::CARD_FILE_NAME;

/// Bytes of the file sent as the preupload `sample`.
const SAMPLE_LEN: usize = 512;

/// What `--create-repo` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RepoCreated {
    Created { url: String },
    AlreadyExists,
}

/// The commit's title, description and optional parent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitHeader {
    pub summary: String,
    pub description: String,
    pub parent_commit: Option<String>,
}

/// What the commit endpoint answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommitInfo {
    pub commit_url: String,
    pub commit_oid: String,
    pub pr_url: Option<String>,
    /// `refs/pr/N` for a pull request.
    pub pr_revision: Option<String>,
}

/// Where a file's upload goes and what the Hub already has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preupload {
    /// The git blob SHA-1 of the file at the revision, if it exists there.
    pub remote_oid: Option<String>,
    /// `regular` or `lfs`.
    pub upload_mode: String,
}

impl Hub {
    /// `POST /api/repos/create`; 409 (it exists) is fine.
    pub fn create_repo(&self, repo: &RepoId, private: bool) -> Result<RepoCreated, HubError> {
        let mut body = json!({"name": repo.name, "organization": repo.namespace});
        if private {
            body["visibility"] = json!("private");
        }
        let req = Request::post(
            self.endpoint().url("/api/repos/create"),
            "application/json",
            body.to_string().into_bytes(),
        );
        let ctx = Ctx {
            repo: Some(repo),
            ..Ctx::new(Op::CreateRepo)
        };
        match self.send(&ctx, req, Retry::Transient) {
            Ok(resp) => {
                let json: Value = serde_json::from_slice(&resp.body).unwrap_or_default();
                let url = json["url"].as_str().map(str::to_owned);
                Ok(RepoCreated::Created {
                    url: url.unwrap_or_else(|| self.repo_url(repo)),
                })
            }
            Err(HubError::Conflict { .. }) => Ok(RepoCreated::AlreadyExists),
            // A token may lack the right to create repos yet write to an existing one: look
            // before failing, as `huggingface_hub` does with `exist_ok=True`.
            Err(e @ (HubError::Unauthorized { .. } | HubError::Forbidden { .. })) => {
                match self.revision_sha(repo, super::DEFAULT_REVISION) {
                    Ok(_) => Ok(RepoCreated::AlreadyExists),
                    Err(_) => Err(e),
                }
            }
            Err(e) => Err(e),
        }
    }

    /// `POST /api/validate-yaml`: the Hub's own metadata check. Returns its warnings; a 400
    /// becomes [`HubError::InvalidMetadata`] with its messages.
    pub fn validate_yaml(&self, content: &str) -> Result<Vec<String>, HubError> {
        let body = json!({"content": content, "repoType": "model"});
        let req = Request::post(
            self.endpoint().url("/api/validate-yaml"),
            "application/json",
            body.to_string().into_bytes(),
        );
        let resp = self.send(&Ctx::new(Op::ValidateYaml), req, Retry::Transient)?;
        let json: Value = serde_json::from_slice(&resp.body).unwrap_or_default();
        Ok(json["warnings"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|w| w["message"].as_str().map(|m| self.redact(m)))
            .collect())
    }

    /// `POST /api/models/{repo}/preupload/{revision}` for README.md.
    pub fn preupload(
        &self,
        repo: &RepoId,
        revision: &str,
        create_pr: bool,
        content: &[u8],
    ) -> Result<Preupload, HubError> {
        let sample = &content[..content.len().min(SAMPLE_LEN)];
        let body = json!({"files": [{"path": CARD_FILE_NAME, "sample": B64.encode(sample), "size": content.len()}]});
        let url = self.repo_api_url(repo, "preupload", revision, create_pr);
        let req = Request::post(url, "application/json", body.to_string().into_bytes());
        let resp = self.send(
            &Ctx::at(Op::Preupload, repo, revision),
            req,
            Retry::Transient,
        )?;
        let json: Value = serde_json::from_slice(&resp.body).map_err(|e| {
            HubError::Protocol(format!(
                "preupload answered something that is not JSON: {e}"
            ))
        })?;
        let file = json["files"]
            .as_array()
            .and_then(|files| files.iter().find(|f| f["path"] == CARD_FILE_NAME))
            .ok_or_else(|| HubError::Protocol("preupload did not answer for README.md".into()))?;
        Ok(Preupload {
            remote_oid: file["oid"].as_str().map(str::to_owned),
            upload_mode: file["uploadMode"].as_str().unwrap_or("regular").to_owned(),
        })
    }

    /// `POST /api/models/{repo}/commit/{revision}` with the NDJSON body (header + README.md).
    /// Retries only what was certainly not acted on (429, connect failures); the caller
    /// decides about 5xx and dropped connections.
    pub fn commit(
        &self,
        repo: &RepoId,
        revision: &str,
        create_pr: bool,
        header: &CommitHeader,
        content: &[u8],
    ) -> Result<CommitInfo, HubError> {
        let url = self.repo_api_url(repo, "commit", revision, create_pr);
        let req = Request::post(url, "application/x-ndjson", commit_body(header, content));
        let ctx = Ctx {
            parent: header.parent_commit.as_deref(),
            ..Ctx::at(Op::Commit, repo, revision)
        };
        let resp = self.send(&ctx, req, Retry::NotActedOn)?;
        let json: Value = serde_json::from_slice(&resp.body).map_err(|e| {
            HubError::Protocol(format!(
                "the commit endpoint answered something that is not JSON: {e}"
            ))
        })?;
        let field = |k: &str| json[k].as_str().map(str::to_owned);
        let pr_url = field("pullRequestUrl").filter(|_| create_pr);
        Ok(CommitInfo {
            commit_url: field("commitUrl").unwrap_or_default(),
            commit_oid: field("commitOid").unwrap_or_default(),
            pr_revision: pr_url.as_deref().and_then(pr_revision),
            pr_url,
        })
    }

    /// The commit a revision points at: `GET /api/models/{repo}/revision/{revision}` → `sha`.
    pub fn revision_sha(&self, repo: &RepoId, revision: &str) -> Result<String, HubError> {
        let url = self
            .endpoint()
            .url(&format!("/api/models/{repo}/revision/{}", quote(revision)));
        let resp = self.send(
            &Ctx::at(Op::RepoInfo, repo, revision),
            Request::get(url),
            Retry::Transient,
        )?;
        let json: Value = serde_json::from_slice(&resp.body).unwrap_or_default();
        json["sha"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| HubError::Protocol(format!("no commit sha in the repo info of {repo}")))
    }

    /// A file's bytes at a revision: `GET /{repo}/resolve/{revision}/{path}`.
    pub fn download(&self, repo: &RepoId, revision: &str, path: &str) -> Result<Vec<u8>, HubError> {
        let url = self.endpoint().url(&format!(
            "/{repo}/resolve/{}/{}",
            quote(revision),
            quote(path)
        ));
        let resp = self.send(
            &Ctx::at(Op::Download, repo, revision),
            Request::get(url),
            Retry::Transient,
        )?;
        Ok(resp.body)
    }

    /// The repo's page: `{endpoint}/{repo}`.
    pub fn repo_url(&self, repo: &RepoId) -> String {
        self.endpoint().url(&format!("/{repo}"))
    }

    /// The commit page URL for a sha.
    pub fn commit_url(&self, repo: &RepoId, sha: &str) -> String {
        self.endpoint().url(&format!("/{repo}/commit/{sha}"))
    }

    fn repo_api_url(&self, repo: &RepoId, action: &str, revision: &str, create_pr: bool) -> String {
        let query = if create_pr { "?create_pr=1" } else { "" };
        self.endpoint().url(&format!(
            "/api/models/{repo}/{action}/{}{query}",
            quote(revision)
        ))
    }
}

/// The NDJSON commit payload: a header line and one file line, each ending in `\n`.
pub fn commit_body(header: &CommitHeader, content: &[u8]) -> Vec<u8> {
    let mut value = json!({"summary": header.summary, "description": header.description});
    if let Some(parent) = &header.parent_commit {
        value["parentCommit"] = json!(parent);
    }
    let lines = [
        json!({"key": "header", "value": value}),
        json!({"key": "file", "value": {"content": B64.encode(content), "path": CARD_FILE_NAME, "encoding": "base64"}}),
    ];
    lines
        .iter()
        .flat_map(|l| format!("{l}\n").into_bytes())
        .collect()
}

/// `…/discussions/7` → `refs/pr/7`.
fn pr_revision(pr_url: &str) -> Option<String> {
    let num = pr_url.trim_end_matches('/').rsplit('/').next()?;
    num.parse::<u64>().ok().map(|n| format!("refs/pr/{n}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_body_is_two_ndjson_lines() {
        let header = CommitHeader {
            summary: "Update".into(),
            description: String::new(),
            parent_commit: Some("abc12".into()),
        };
        let body = String::from_utf8(commit_body(&header, b"hi")).unwrap();
        let lines: Vec<Value> = body
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert!(body.ends_with('\n'));
        assert_eq!(
            lines[0],
            json!({"key":"header","value":{"summary":"Update","description":"","parentCommit":"abc12"}})
        );
        assert_eq!(
            lines[1],
            json!({"key":"file","value":{"content":"aGk=","path":"README.md","encoding":"base64"}})
        );
    }

    #[test]
    fn pr_revisions() {
        assert_eq!(
            pr_revision("https://h.co/a/b/discussions/12").as_deref(),
            Some("refs/pr/12")
        );
        assert_eq!(pr_revision("https://h.co/a/b"), None);
    }
}
