//! Turning an error response into a [`HubError`]: the server's own message (as
//! `huggingface_hub`'s `hf_raise_for_status` finds it) and the status, read in context.

use serde_json::Value;

use super::error::HubError;
use super::repo::RepoId;
use super::token::TokenLookup;
use super::transport::Response;

/// Longest server message kept in an error.
const MAX_MESSAGE: usize = 2000;

/// Which call a response answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    CreateRepo,
    ValidateYaml,
    Preupload,
    Commit,
    RepoInfo,
    Download,
}

/// What the request was about, for messages.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ctx<'a> {
    pub op: Op,
    pub repo: Option<&'a RepoId>,
    pub revision: Option<&'a str>,
    pub parent: Option<&'a str>,
}

impl<'a> Ctx<'a> {
    pub fn new(op: Op) -> Self {
        Ctx {
            op,
            repo: None,
            revision: None,
            parent: None,
        }
    }

    pub fn at(op: Op, repo: &'a RepoId, revision: &'a str) -> Self {
        Ctx {
            repo: Some(repo),
            revision: Some(revision),
            ..Ctx::new(op)
        }
    }
}

/// The server's explanation: `X-Error-Message`, then the JSON body's `error` (string or list),
/// `error_description` and `errors[].message`, else the body text unless it is HTML; with the
/// request id appended. `redact` is applied to everything.
pub(crate) fn server_message(resp: &Response, redact: &dyn Fn(&str) -> String) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(m) = resp.header("x-error-message") {
        parts.push(m.to_owned());
    }
    match serde_json::from_slice::<Value>(&resp.body) {
        Ok(json) => parts.extend(json_messages(&json)),
        Err(_) => {
            let text = resp.text();
            let text = text.trim();
            let html = text.starts_with('<') || text.to_ascii_lowercase().contains("<html");
            if !text.is_empty() && !html {
                parts.push(text.to_owned());
            }
        }
    }
    parts.dedup();
    let mut msg = parts.join("; ");
    let request_id = ["x-request-id", "x-amzn-trace-id", "x-amz-cf-id"]
        .iter()
        .find_map(|h| resp.header(h));
    if let Some(id) = request_id {
        msg.push_str(&format!(" (Request ID: {id})"));
    }
    truncate(redact(msg.trim()))
}

fn json_messages(json: &Value) -> Vec<String> {
    let mut out = Vec::new();
    match &json["error"] {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => {
            out.extend(items.iter().filter_map(|v| v.as_str().map(str::to_owned)))
        }
        _ => {}
    }
    if let Some(s) = json["error_description"].as_str() {
        out.push(s.to_owned());
    }
    out.extend(error_list(json));
    out
}

/// `errors: [{message}]` (also the validation endpoint's format).
pub(crate) fn error_list(json: &Value) -> Vec<String> {
    json["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| {
            e["message"]
                .as_str()
                .or_else(|| e.as_str())
                .map(str::to_owned)
        })
        .collect()
}

fn truncate(mut s: String) -> String {
    if s.len() > MAX_MESSAGE {
        let mut cut = MAX_MESSAGE;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
        s.push('…');
    }
    s
}

/// The error for a final non-success response.
pub(crate) fn status_error(
    ctx: &Ctx<'_>,
    resp: &Response,
    attempts: u32,
    auth: &TokenLookup,
    redact: &dyn Fn(&str) -> String,
) -> HubError {
    let server = server_message(resp, redact);
    let code = resp.header("x-error-code").unwrap_or_default();
    let repo = ctx.repo.map(ToString::to_string).unwrap_or_default();
    let revision = ctx.revision.unwrap_or_default().to_owned();
    match (resp.status, code) {
        (401 | 403, "GatedRepo") => HubError::Gated { repo, server },
        (400, _) if ctx.op == Op::ValidateYaml => invalid_metadata(resp, redact, server),
        (400, _) => HubError::BadRequest { server },
        (401, "RepoNotFound") if auth.token.is_some() => not_found(ctx, repo, server),
        (401, _) => HubError::Unauthorized {
            token_source: auth.token.as_ref().map(|t| t.source.clone()),
            searched: auth.searched.clone(),
            server,
        },
        (403, _) => HubError::Forbidden { repo, server },
        (404, "RevisionNotFound") => HubError::RevisionNotFound {
            repo,
            revision,
            server,
        },
        (404, "EntryNotFound") => HubError::FileNotFound {
            repo,
            revision,
            path: crate::files::CARD_FILE_NAME.to_owned(),
            server,
        },
        (404, _) if ctx.repo.is_some() => not_found(ctx, repo, server),
        (409, _) => HubError::Conflict { server },
        (412, _) => HubError::ParentCommitMismatch {
            parent: ctx.parent.map(str::to_owned),
            server,
        },
        (413, _) => HubError::TooLarge { server },
        (429, _) => HubError::RateLimited {
            attempts,
            retry_after: resp
                .header("retry-after")
                .and_then(|v| v.trim().parse().ok()),
            server,
        },
        (status, _) => HubError::Server {
            status,
            attempts,
            server,
        },
    }
}

fn not_found(ctx: &Ctx<'_>, repo: String, server: String) -> HubError {
    HubError::RepoNotFound {
        repo,
        server,
        suggest_create: matches!(ctx.op, Op::Preupload | Op::Commit | Op::RepoInfo),
    }
}

fn invalid_metadata(resp: &Response, redact: &dyn Fn(&str) -> String, server: String) -> HubError {
    let errors: Vec<String> = serde_json::from_slice::<Value>(&resp.body)
        .map(|json| error_list(&json))
        .unwrap_or_default()
        .iter()
        .map(|e| redact(e))
        .collect();
    HubError::InvalidMetadata {
        errors: if errors.is_empty() {
            vec![server]
        } else {
            errors
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16, headers: &[(&str, &str)], body: &str) -> Response {
        Response {
            status,
            headers: headers
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            body: body.as_bytes().to_vec(),
        }
    }

    fn same(s: &str) -> String {
        s.to_owned()
    }

    #[test]
    fn message_sources() {
        let r = resp(
            400,
            &[("X-Error-Message", "bad thing"), ("x-request-id", "R1")],
            r#"{"error":["a","b"],"error_description":"c","errors":[{"message":"d"}]}"#,
        );
        assert_eq!(
            server_message(&r, &same),
            "bad thing; a; b; c; d (Request ID: R1)"
        );
        let html = resp(500, &[], "<!DOCTYPE html><html>oops</html>");
        assert_eq!(server_message(&html, &same), "");
        let text = resp(500, &[], " plain words \n");
        assert_eq!(server_message(&text, &same), "plain words");
        let long = resp(500, &[], &"é".repeat(3000));
        assert!(server_message(&long, &same).chars().count() <= 1001);
    }

    #[test]
    fn statuses_in_context() {
        let repo = RepoId::parse("a/b").unwrap();
        let ctx = Ctx::at(Op::Commit, &repo, "dev");
        let auth = TokenLookup::default();
        let e = |r: Response| status_error(&ctx, &r, 1, &auth, &same).kind();
        assert_eq!(e(resp(404, &[], "{}")), "repo_not_found");
        assert_eq!(
            e(resp(404, &[("X-Error-Code", "RevisionNotFound")], "{}")),
            "revision_not_found"
        );
        assert_eq!(e(resp(401, &[], "{}")), "unauthorized");
        assert_eq!(e(resp(403, &[("X-Error-Code", "GatedRepo")], "")), "gated");
        assert_eq!(e(resp(412, &[], "")), "parent_commit_mismatch");
        assert_eq!(e(resp(413, &[], "")), "too_large");
        assert_eq!(e(resp(502, &[], "")), "server_error");
        let v = Ctx::new(Op::ValidateYaml);
        let err = status_error(
            &v,
            &resp(
                400,
                &[],
                r#"{"errors":[{"message":"\"license\" must be one of [...]"}]}"#,
            ),
            1,
            &auth,
            &same,
        );
        assert_eq!(
            err,
            HubError::InvalidMetadata {
                errors: vec!["\"license\" must be one of [...]".into()]
            }
        );
    }
}
