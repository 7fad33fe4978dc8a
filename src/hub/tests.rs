//! The push flow against a scripted in-memory transport (no HTTP).

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use serde_json::{json, Value};

use super::*;

/// A scripted reply: for the first request whose URL contains the fragment.
type Scripted = (&'static str, Result<Response, NetError>);

/// Replies chosen by URL fragment, in order; every request recorded.
#[derive(Clone, Default)]
struct Script {
    replies: Rc<RefCell<Vec<Scripted>>>,
    seen: Rc<RefCell<Vec<Request>>>,
}

impl Script {
    fn reply(&self, url_part: &'static str, status: u16, body: Value) -> &Self {
        let resp = Response {
            status,
            headers: vec![("retry-after".into(), "2".into())],
            body: body.to_string().into_bytes(),
        };
        self.replies.borrow_mut().push((url_part, Ok(resp)));
        self
    }

    fn drop_conn(&self, url_part: &'static str) -> &Self {
        let err = NetError {
            kind: NetErrorKind::Dropped,
            message: "connection reset".into(),
        };
        self.replies.borrow_mut().push((url_part, Err(err)));
        self
    }

    fn urls(&self) -> Vec<String> {
        self.seen.borrow().iter().map(|r| r.url.clone()).collect()
    }

    fn count(&self, part: &str) -> usize {
        self.urls().iter().filter(|u| u.contains(part)).count()
    }
}

impl Transport for Script {
    fn send(&self, request: &Request) -> Result<Response, NetError> {
        self.seen.borrow_mut().push(request.clone());
        let mut replies = self.replies.borrow_mut();
        let i = replies
            .iter()
            .position(|(part, _)| request.url.contains(part))
            .unwrap_or_else(|| panic!("unscripted request {}", request.url));
        replies.remove(i).1
    }
}

thread_local! {
    static WAITED: Cell<Duration> = const { Cell::new(Duration::ZERO) };
}

fn record_pause(d: Duration) {
    WAITED.with(|w| w.set(w.get() + d));
}

const TOKEN: &str = "hf_unitTestSecretToken123";
const CARD: &[u8] = b"---\nlicense: mit\n---\n# Card\n";

fn hub(script: &Script, token: bool) -> Hub {
    let auth = TokenLookup {
        token: token.then(|| Token {
            secret: Secret::new(TOKEN).unwrap(),
            source: "HF_TOKEN".into(),
        }),
        searched: vec!["HF_TOKEN (not set)".into()],
    };
    let endpoint = Endpoint::parse("https://hub.test").unwrap();
    Hub::new(Box::new(script.clone()), endpoint, auth)
        .with_retry(retry::RetryPolicy::default(), record_pause)
}

fn plan(create_pr: bool) -> PushPlan {
    PushPlan {
        repo: RepoId::parse("alice/m").unwrap(),
        revision: "refs/pr/1".into(),
        create_pr,
        create_repo: false,
        private: false,
        header: CommitHeader {
            summary: "Update".into(),
            description: String::new(),
            parent_commit: None,
        },
        content: CARD.to_vec(),
    }
}

fn ok_flow(s: &Script, remote_oid: Option<&str>) {
    s.reply(
        "validate-yaml",
        200,
        json!({"errors": [], "warnings": [{"message": "w1"}]}),
    );
    s.reply("preupload", 200, json!({"files": [{"path": "README.md", "uploadMode": "regular", "shouldIgnore": false, "oid": remote_oid}]}));
}

fn commit_ok(s: &Script) {
    s.reply("/commit/", 200, json!({"commitUrl": "https://hub.test/alice/m/commit/c1", "commitOid": "c1", "pullRequestUrl": "https://hub.test/alice/m/discussions/4"}));
}

#[test]
fn happy_path_sends_validate_preupload_commit() {
    let s = Script::default();
    ok_flow(&s, Some("0000"));
    commit_ok(&s);
    let out = push(&hub(&s, true), &plan(true)).unwrap();
    assert_eq!(out.status, PushStatus::Committed);
    assert_eq!(out.hub_warnings, ["w1"]);
    assert_eq!(out.pr_revision.as_deref(), Some("refs/pr/4"));
    assert_eq!(
        s.urls(),
        [
            "https://hub.test/api/validate-yaml",
            "https://hub.test/api/models/alice/m/preupload/refs%2Fpr%2F1?create_pr=1",
            "https://hub.test/api/models/alice/m/commit/refs%2Fpr%2F1?create_pr=1",
        ]
    );
    let seen = s.seen.borrow();
    assert!(seen
        .iter()
        .all(|r| r.auth.as_ref().map(Secret::expose) == Some(TOKEN)));
    assert!(seen[2]
        .headers
        .contains(&("content-type", "application/x-ndjson".into())));
    assert!(!format!("{seen:?}").contains(TOKEN));
}

#[test]
fn same_oid_means_no_commit() {
    let s = Script::default();
    ok_flow(&s, Some(&sha::git_blob_sha1(CARD)));
    s.reply("/revision/", 200, json!({"sha": "head1"}));
    let out = push(&hub(&s, true), &plan(false)).unwrap();
    assert_eq!(out.status, PushStatus::UpToDate);
    assert_eq!(
        out.commit_url.as_deref(),
        Some("https://hub.test/alice/m/commit/head1")
    );
    assert_eq!(s.count("/commit/"), 0);
}

#[test]
fn applied_commit_after_500_is_not_sent_again() {
    let s = Script::default();
    ok_flow(&s, None);
    s.reply("/commit/", 500, json!({"error": "boom"}));
    s.reply("preupload", 200, json!({"files": [{"path": "README.md", "uploadMode": "regular", "oid": sha::git_blob_sha1(CARD)}]}));
    s.reply("/revision/", 200, json!({"sha": "c9"}));
    let out = push(&hub(&s, true), &plan(false)).unwrap();
    assert_eq!(out.status, PushStatus::AppliedEarlier);
    assert_eq!(s.count("/commit/"), 1);
    assert_eq!(s.count("preupload"), 2);
}

#[test]
fn unapplied_commit_after_a_drop_is_sent_again() {
    let s = Script::default();
    ok_flow(&s, None);
    s.drop_conn("/commit/");
    s.reply(
        "preupload",
        200,
        json!({"files": [{"path": "README.md", "uploadMode": "regular"}]}),
    );
    commit_ok(&s);
    let out = push(&hub(&s, true), &plan(false)).unwrap();
    assert_eq!(out.status, PushStatus::Committed);
    assert_eq!(s.count("/commit/"), 2);
}

#[test]
fn pull_request_commit_is_never_resent() {
    let s = Script::default();
    ok_flow(&s, None);
    s.reply("/commit/", 503, json!({}));
    let err = push(&hub(&s, true), &plan(true)).unwrap_err();
    assert_eq!(err.kind(), "maybe_applied");
    assert!(err
        .to_string()
        .contains("https://hub.test/alice/m/discussions"));
    assert_eq!(s.count("/commit/"), 1);
}

#[test]
fn rate_limit_waits_for_retry_after() {
    WAITED.with(|w| w.set(Duration::ZERO));
    let s = Script::default();
    s.reply("validate-yaml", 429, json!({}));
    ok_flow(&s, Some(&sha::git_blob_sha1(CARD)));
    s.reply("/revision/", 200, json!({"sha": "h"}));
    push(&hub(&s, true), &plan(false)).unwrap();
    assert_eq!(WAITED.with(Cell::get), Duration::from_secs(2));
    assert_eq!(s.count("validate-yaml"), 2);
}

#[test]
fn gives_up_after_the_attempt_limit() {
    let s = Script::default();
    for _ in 0..5 {
        s.reply("validate-yaml", 503, json!({"error": "down"}));
    }
    let err = push(&hub(&s, true), &plan(false)).unwrap_err();
    assert!(
        matches!(
            err,
            HubError::Server {
                status: 503,
                attempts: 5,
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn no_token_sends_nothing() {
    let s = Script::default();
    let err = push(&hub(&s, false), &plan(false)).unwrap_err();
    assert_eq!(err.kind(), "no_token");
    assert!(s.urls().is_empty());
}

#[test]
fn echoed_token_is_redacted() {
    let s = Script::default();
    s.reply(
        "validate-yaml",
        400,
        json!({"errors": [{"message": format!("bad header Bearer {TOKEN}")}]}),
    );
    let err = push(&hub(&s, true), &plan(false)).unwrap_err();
    let shown = format!("{err} {err:?}");
    assert!(
        !shown.contains(TOKEN) && shown.contains("[REDACTED]"),
        "{shown}"
    );
}

#[test]
fn bad_plans_are_refused_before_sending() {
    let s = Script::default();
    let mut p = plan(false);
    p.header.parent_commit = Some("xyz".into());
    assert_eq!(push(&hub(&s, true), &p).unwrap_err().kind(), "config");
    p.header.parent_commit = None;
    p.header.summary = " ".into();
    assert_eq!(push(&hub(&s, true), &p).unwrap_err().kind(), "config");
    assert!(s.urls().is_empty());
}

#[test]
fn dry_run_plan_lists_every_request() {
    let mut p = plan(true);
    p.create_repo = true;
    p.private = true;
    let reqs = p.planned_requests(&Endpoint::parse("https://hub.test").unwrap());
    let urls: Vec<&str> = reqs.iter().map(|r| r.url.as_str()).collect();
    assert_eq!(urls[0], "https://hub.test/api/repos/create");
    assert_eq!(
        reqs[0].body,
        json!({"name": "m", "organization": "alice", "visibility": "private"})
    );
    assert!(urls[3].ends_with("/commit/refs%2Fpr%2F1?create_pr=1"));
}

#[test]
fn create_repo_forbidden_but_existing_is_fine() {
    let s = Script::default();
    let repo = RepoId::parse("org/m").unwrap();
    s.reply(
        "/api/repos/create",
        403,
        json!({"error": "no create rights"}),
    );
    s.reply("/revision/main", 200, json!({"sha": "h"}));
    assert_eq!(
        hub(&s, true).create_repo(&repo, false).unwrap(),
        RepoCreated::AlreadyExists
    );
    s.reply(
        "/api/repos/create",
        403,
        json!({"error": "no create rights"}),
    );
    s.reply(
        "/revision/main",
        404,
        json!({"error": "Repository not found"}),
    );
    let err = hub(&s, true).create_repo(&repo, false).unwrap_err();
    assert!(matches!(err, HubError::Forbidden { .. }), "{err:?}");
}
