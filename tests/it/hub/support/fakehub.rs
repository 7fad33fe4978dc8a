//! A fake Hugging Face Hub on the test server: repos with branches and pull requests, the
//! endpoints cardgen and `huggingface_hub` use (see `routes.rs`), and injectable faults.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;

use super::routes;
use super::server::{Recorded, Reply, Server};

/// The one valid token. Distinctive, so tests can assert it is never printed.
pub const TOKEN: &str = "hf_FAKEtokenMUSTneverBEprinted7Qx9";
/// The token's user, and the organisations it may write to.
pub const USER: &str = "alice";
pub const ORGS: &[&str] = &["my-org"];

/// A fault injected into the next `times` requests that match `method` and contain `part`.
pub struct Fault {
    pub method: &'static str,
    pub part: &'static str,
    pub kind: FaultKind,
    pub times: usize,
}

#[derive(Clone)]
pub enum FaultKind {
    /// Answer with this status, headers and body, without doing anything.
    Status(u16, Vec<(&'static str, String)>, String),
    /// Do the work, then answer with this status (the request was applied).
    AfterApply(u16),
    /// Close the connection without doing anything.
    Drop,
    /// Do the work, then close the connection without answering.
    DropAfterApply,
    /// Do the work, then send a truncated body.
    Truncate,
    /// Wait, then answer normally.
    Delay(Duration),
    /// Answer with this status and a body that echoes the `authorization` header.
    EchoAuth(u16),
}

#[derive(Debug, Clone, Default)]
pub struct Branch {
    pub head: String,
    pub readme: Option<Vec<u8>>,
    /// Commit summaries, oldest first.
    pub commits: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Repo {
    pub private: bool,
    pub gated: bool,
    pub branches: BTreeMap<String, Branch>,
    pub prs: usize,
}

#[derive(Default)]
pub struct State {
    pub base: String,
    pub repos: BTreeMap<String, Repo>,
    pub faults: Vec<Fault>,
    pub seq: u64,
}

impl State {
    /// A new commit id.
    pub fn next_sha(&mut self) -> String {
        self.seq += 1;
        let mut h = sha1_smol::Sha1::new();
        h.update(format!("commit {}", self.seq).as_bytes());
        h.digest().to_string()
    }

    pub fn new_repo(&mut self, private: bool, gated: bool) -> Repo {
        let head = self.next_sha();
        let main = Branch {
            head,
            readme: None,
            commits: vec!["initial commit".into()],
        };
        Repo {
            private,
            gated,
            branches: BTreeMap::from([("main".to_owned(), main)]),
            prs: 0,
        }
    }
}

pub struct FakeHub {
    pub server: Server,
    state: Arc<Mutex<State>>,
}

impl FakeHub {
    pub fn start() -> FakeHub {
        let state = Arc::new(Mutex::new(State::default()));
        let s = Arc::clone(&state);
        let server = Server::start(Box::new(move |req: &Recorded| {
            let mut st = s.lock().unwrap();
            respond(&mut st, req)
        }));
        state.lock().unwrap().base = server.url();
        FakeHub { server, state }
    }

    pub fn url(&self) -> String {
        self.server.url()
    }

    /// Add a repo, optionally with a README.md on main.
    pub fn repo(&self, id: &str, readme: Option<&[u8]>) -> &Self {
        self.repo_with(id, readme, false, false)
    }

    pub fn repo_with(&self, id: &str, readme: Option<&[u8]>, private: bool, gated: bool) -> &Self {
        let mut st = self.state.lock().unwrap();
        let mut repo = st.new_repo(private, gated);
        repo.branches.get_mut("main").unwrap().readme = readme.map(<[u8]>::to_vec);
        st.repos.insert(id.to_owned(), repo);
        self
    }

    /// Add a branch copied from main.
    pub fn branch(&self, id: &str, name: &str) -> &Self {
        let mut st = self.state.lock().unwrap();
        let repo = st.repos.get_mut(id).expect("repo exists");
        let main = repo.branches["main"].clone();
        repo.branches.insert(name.to_owned(), main);
        self
    }

    pub fn fault(
        &self,
        method: &'static str,
        part: &'static str,
        kind: FaultKind,
        times: usize,
    ) -> &Self {
        let fault = Fault {
            method,
            part,
            kind,
            times,
        };
        self.state.lock().unwrap().faults.push(fault);
        self
    }

    pub fn get_repo(&self, id: &str) -> Option<Repo> {
        self.state.lock().unwrap().repos.get(id).cloned()
    }

    pub fn branch_state(&self, id: &str, branch: &str) -> Branch {
        self.get_repo(id).expect("repo exists").branches[branch].clone()
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.server.requests()
    }

    /// `METHOD path[?query]` of every request, in order.
    pub fn lines(&self) -> Vec<String> {
        self.requests().iter().map(Recorded::line).collect()
    }
}

/// Apply the first matching fault, else route normally.
fn respond(st: &mut State, req: &Recorded) -> (Duration, Reply) {
    let fault = st
        .faults
        .iter_mut()
        .find(|f| f.times > 0 && f.method == req.method && req.path.contains(f.part));
    let Some(fault) = fault else {
        return (Duration::ZERO, routes::route(st, req));
    };
    fault.times -= 1;
    let kind = fault.kind.clone();
    let none = Duration::ZERO;
    match kind {
        FaultKind::Status(status, headers, body) => {
            (none, routes::reply(status, &headers, body.into_bytes()))
        }
        FaultKind::AfterApply(status) => {
            routes::route(st, req);
            (
                none,
                routes::error(
                    status,
                    "Internal Error - We're working hard to fix this as soon as possible!",
                ),
            )
        }
        FaultKind::Drop => (none, Reply::Drop),
        FaultKind::DropAfterApply => {
            routes::route(st, req);
            (none, Reply::Drop)
        }
        FaultKind::Truncate => match routes::route(st, req) {
            Reply::Send { status, body, .. } => (none, Reply::Truncate { status, body }),
            other => (none, other),
        },
        FaultKind::Delay(d) => (d, routes::route(st, req)),
        FaultKind::EchoAuth(status) => {
            let auth = req.header("authorization").unwrap_or_default();
            let body = serde_json::json!({"error": format!("bad request, you sent authorization: {auth}")});
            (
                none,
                routes::reply(status, &[], body.to_string().into_bytes()),
            )
        }
    }
}

/// Is the `authorization` header the valid token? `None` if there is none.
pub fn auth(req: &Recorded) -> Option<bool> {
    req.header("authorization")
        .map(|v| v.strip_prefix("Bearer ").is_some_and(|t| t == TOKEN))
}

/// Decode `%XX` escapes.
pub fn unquote(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let hex = b
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (b[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(v)) => {
                out.push(v);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub fn json_body(req: &Recorded) -> Value {
    req.json()
}
