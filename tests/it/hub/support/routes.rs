//! The fake Hub's endpoints, answering as the real Hub does (status, `X-Error-Code`, JSON
//! `error` messages) for the cases the tests need.

use base64::Engine as _;
use serde_json::{json, Value};

use super::fakehub::{auth, unquote, Branch, State, ORGS, USER};
use super::server::{Recorded, Reply};

pub fn reply(status: u16, headers: &[(&str, String)], body: Vec<u8>) -> Reply {
    Reply::Send {
        status,
        headers: headers
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect(),
        body,
    }
}

fn ok(v: Value) -> Reply {
    reply(200, &[], v.to_string().into_bytes())
}

pub fn error(status: u16, message: &str) -> Reply {
    reply(
        status,
        &[],
        json!({"error": message}).to_string().into_bytes(),
    )
}

fn coded(status: u16, code: &str, message: &str) -> Reply {
    let headers = [
        ("X-Error-Code", code.to_owned()),
        ("X-Request-Id", "Root=1-fake".to_owned()),
    ];
    reply(
        status,
        &headers,
        json!({"error": message}).to_string().into_bytes(),
    )
}

fn unauthorized() -> Reply {
    error(401, "Invalid credentials in Authorization header")
}

fn repo_not_found(status: u16) -> Reply {
    coded(status, "RepoNotFound", "Repository not found")
}

pub fn route(st: &mut State, req: &Recorded) -> Reply {
    let segs: Vec<&str> = req.path.trim_start_matches('/').split('/').collect();
    match (req.method.as_str(), segs.as_slice()) {
        ("POST", ["api", "repos", "create"]) => create_repo(st, req),
        ("POST", ["api", "validate-yaml"]) => validate_yaml(req),
        ("GET", ["api", "whoami-v2"]) => match auth(req) {
            Some(true) => ok(
                json!({"type": "user", "name": USER, "orgs": ORGS.iter().map(|o| json!({"name": o})).collect::<Vec<_>>()}),
            ),
            _ => unauthorized(),
        },
        ("POST", ["api", "models", ns, name, "preupload", rev]) => {
            write_checked(st, req, &format!("{ns}/{name}"), rev, |st, id, rev| {
                preupload(st, req, id, rev)
            })
        }
        ("POST", ["api", "models", ns, name, "commit", rev]) => {
            write_checked(st, req, &format!("{ns}/{name}"), rev, |st, id, rev| {
                commit(st, req, id, rev)
            })
        }
        ("GET", ["api", "models", ns, name, "revision", rev]) => {
            read_checked(st, req, &format!("{ns}/{name}"), rev, |b| {
                ok(json!({"id": format!("{ns}/{name}"), "sha": b.head}))
            })
        }
        ("GET", [ns, name, "resolve", rev, "README.md"]) => {
            read_checked(st, req, &format!("{ns}/{name}"), rev, readme)
        }
        ("GET", [name, "resolve", rev, "README.md"]) => read_checked(st, req, name, rev, readme),
        _ => error(404, "Sorry, we can't find the page you are looking for."),
    }
}

fn readme(b: &Branch) -> Reply {
    match &b.readme {
        Some(bytes) => reply(
            200,
            &[("Content-Type", "text/plain; charset=utf-8".into())],
            bytes.clone(),
        ),
        None => coded(404, "EntryNotFound", "Entry not found"),
    }
}

fn create_repo(st: &mut State, req: &Recorded) -> Reply {
    if auth(req) != Some(true) {
        return unauthorized();
    }
    let body = req.json();
    let name = body["name"].as_str().unwrap_or_default();
    let ns = body["organization"].as_str().unwrap_or(USER);
    if ns != USER && !ORGS.contains(&ns) {
        return error(
            403,
            &format!("You don't have the rights to create a model under the namespace \"{ns}\""),
        );
    }
    let id = format!("{ns}/{name}");
    let url = format!("{}/{id}", st.base);
    if st.repos.contains_key(&id) {
        return reply(
            409,
            &[],
            json!({"error": "You already created this model repo", "url": url})
                .to_string()
                .into_bytes(),
        );
    }
    let private = body["visibility"] == "private" || body["private"] == true;
    let repo = st.new_repo(private, false);
    st.repos.insert(id.clone(), repo);
    ok(json!({"url": url, "name": id, "id": id}))
}

fn validate_yaml(req: &Recorded) -> Reply {
    let body = req.json();
    let content = body["content"].as_str().unwrap_or_default();
    if body["repoType"] != "model" {
        return error(400, "repoType must be model, dataset or space");
    }
    if content.contains("license: not-a-license") {
        let msg = "\"license\" must be one of [apache-2.0, mit, openrail, bigscience-openrail-m, creativeml-openrail-m, other]";
        return reply(
            400,
            &[],
            json!({"errors": [{"message": msg}], "warnings": []})
                .to_string()
                .into_bytes(),
        );
    }
    let warnings: Vec<Value> = if content.starts_with("---") {
        vec![]
    } else {
        vec![json!({"message": "empty or missing yaml metadata in repo card"})]
    };
    ok(json!({"errors": [], "warnings": warnings}))
}

/// Auth, repo, write access and revision checks for a write; `f` gets the decoded revision.
fn write_checked(
    st: &mut State,
    req: &Recorded,
    id: &str,
    rev: &str,
    f: impl FnOnce(&mut State, &str, &str) -> Reply,
) -> Reply {
    match auth(req) {
        Some(true) => {}
        Some(false) => return unauthorized(),
        None => return repo_not_found(401),
    }
    let Some(repo) = st.repos.get(id) else {
        return repo_not_found(404);
    };
    let ns = id.split('/').next().unwrap_or_default();
    if ns != USER && !ORGS.contains(&ns) {
        let _ = repo;
        return error(403, &format!("You don't have write access to {id}"));
    }
    let rev = unquote(rev);
    let create_pr = req.query.contains("create_pr=1");
    if !repo.branches.contains_key(&rev) && !create_pr {
        return coded(404, "RevisionNotFound", &format!("Invalid rev id: {rev}"));
    }
    f(st, id, &rev)
}

/// Visibility and revision checks for a read.
fn read_checked(
    st: &mut State,
    req: &Recorded,
    id: &str,
    rev: &str,
    f: impl FnOnce(&Branch) -> Reply,
) -> Reply {
    let Some(repo) = st.repos.get(id) else {
        return repo_not_found(if auth(req) == Some(true) { 404 } else { 401 });
    };
    if repo.private && auth(req) != Some(true) {
        return repo_not_found(401);
    }
    if repo.gated && auth(req) != Some(true) {
        return coded(401, "GatedRepo", &format!("Access to model {id} is restricted. You must have access to it and be authenticated to access it. Please log in."));
    }
    let rev = unquote(rev);
    match repo.branches.get(&rev) {
        Some(b) => f(b),
        None => coded(404, "RevisionNotFound", &format!("Invalid rev id: {rev}")),
    }
}

fn git_oid(bytes: &[u8]) -> String {
    let mut h = sha1_smol::Sha1::new();
    h.update(format!("blob {}\0", bytes.len()).as_bytes());
    h.update(bytes);
    h.digest().to_string()
}

fn preupload(st: &mut State, req: &Recorded, id: &str, rev: &str) -> Reply {
    let branch = st.repos[id]
        .branches
        .get(rev)
        .or_else(|| st.repos[id].branches.get("main"));
    let oid = branch.and_then(|b| b.readme.as_deref()).map(git_oid);
    let files: Vec<Value> = req.json()["files"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            let mut out =
                json!({"path": f["path"], "uploadMode": "regular", "shouldIgnore": false});
            if f["path"] == "README.md" {
                if let Some(oid) = &oid {
                    out["oid"] = json!(oid);
                }
            }
            out
        })
        .collect();
    ok(json!({"files": files, "commitOid": branch.map(|b| b.head.clone())}))
}

fn commit(st: &mut State, req: &Recorded, id: &str, rev: &str) -> Reply {
    let lines: Vec<Value> = req
        .ndjson()
        .into_iter()
        .map(Option::unwrap_or_default)
        .collect();
    let header = lines
        .iter()
        .find(|l| l["key"] == "header")
        .map(|l| l["value"].clone())
        .unwrap_or_default();
    let summary = header["summary"].as_str().unwrap_or_default().to_owned();
    if summary.is_empty() {
        return error(400, "summary must not be empty");
    }
    let Some(file) = lines
        .iter()
        .find(|l| l["key"] == "file")
        .map(|l| &l["value"])
    else {
        return error(400, "no file operation");
    };
    let content = base64::engine::general_purpose::STANDARD
        .decode(file["content"].as_str().unwrap_or_default())
        .unwrap_or_default();
    let create_pr = req.query.contains("create_pr=1");
    let base = st.repos[id].branches.get(rev).cloned().unwrap_or_default();
    if let Some(parent) = header["parentCommit"].as_str() {
        if !base.head.starts_with(parent) {
            return error(
                412,
                "A commit has happened since. Please refresh and try again.",
            );
        }
    }
    let sha = st.next_sha();
    let url = format!("{}/{id}", st.base);
    let repo = st.repos.get_mut(id).unwrap();
    let (target, pr_url) = if create_pr {
        repo.prs += 1;
        (
            format!("refs/pr/{}", repo.prs),
            Some(format!("{url}/discussions/{}", repo.prs)),
        )
    } else {
        (rev.to_owned(), None)
    };
    let mut branch = base;
    branch.head = sha.clone();
    branch.readme = Some(content);
    branch.commits.push(summary);
    repo.branches.insert(target, branch);
    ok(
        json!({"commitUrl": format!("{url}/commit/{sha}"), "commitOid": sha, "pullRequestUrl": pr_url, "hookOutput": ""}),
    )
}
