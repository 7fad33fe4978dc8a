//! Each failure a push can meet, and what the user is told.

use crate::hub::support::{run, FakeHub, FaultKind, Sandbox, TOKEN};

const OLD: &[u8] = b"---\nlicense: mit\n---\n# Old card\n";

fn hub_with_repo() -> FakeHub {
    let hub = FakeHub::start();
    hub.repo("alice/m", Some(OLD));
    hub
}

fn push_fails(hub: &FakeHub, extra: &[&str]) -> String {
    let sb = Sandbox::new();
    let mut args = vec!["push", "--repo", "alice/m"];
    args.extend_from_slice(extra);
    let r = run(&mut sb.cardgen_with_token(&hub.url()), &args);
    assert_eq!(r.code, 2, "{r:?}");
    r.stderr
}

#[test]
fn no_token_says_where_cardgen_looked_and_sends_nothing() {
    let hub = hub_with_repo();
    let sb = Sandbox::new();
    let r = run(&mut sb.cardgen(&hub.url()), &["push", "--repo", "alice/m"]);
    assert_eq!(r.code, 2);
    let hf_home = sb.path("hf_home").join("token");
    let expected = format!(
        "looked at: HF_TOKEN (not set), HUGGING_FACE_HUB_TOKEN (not set), {} ($HF_HOME/token): not found",
        hf_home.display()
    );
    assert!(r.stderr.contains(&expected), "{}", r.stderr);
    assert!(hub.requests().is_empty());
}

#[test]
fn a_refused_token_says_where_it_came_from() {
    let hub = hub_with_repo();
    let sb = Sandbox::new();
    let r = run(
        sb.cardgen(&hub.url()).env("HF_TOKEN", "hf_wrongWRONGwrong"),
        &["push", "--repo", "alice/m"],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("401 Unauthorized: the Hub refused the token from HF_TOKEN"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("hf_wrongWRONGwrong") && !r.stdout.contains("hf_wrongWRONGwrong"));
}

#[test]
fn saved_login_and_token_file_are_used() {
    let hub = hub_with_repo();
    let sb = Sandbox::new();
    sb.save_login();
    let r = run(&mut sb.cardgen(&hub.url()), &["push", "--repo", "alice/m"]);
    assert_eq!(r.code, 0, "{r:?}");
    let file = sb.write("tok", &format!("  {TOKEN}\r\n"));
    let v2 = sb.write("v2.md", "---\nlicense: mit\n---\n# v2\n\n## Usage\n\nLoad it with `transformers`.\n\n## Limitations\n\nEnglish only.\n");
    let args = [
        "push",
        v2.to_str().unwrap(),
        "--repo",
        "alice/m",
        "--token-file",
        file.to_str().unwrap(),
    ];
    let r = run(
        sb.cardgen(&hub.url()).env("HF_TOKEN", "hf_wrongWRONGwrong"),
        &args,
    );
    assert_eq!(r.code, 0, "{r:?}");
    let missing = run(
        &mut sb.cardgen(&hub.url()),
        &["push", "--repo", "alice/m", "--token-file", "nope"],
    );
    assert!(
        missing.code == 2 && missing.stderr.contains("--token-file nope: not found"),
        "{missing:?}"
    );
}

#[test]
fn forbidden_repo() {
    let hub = FakeHub::start();
    hub.repo("bob/m", Some(OLD));
    let sb = Sandbox::new();
    let r = run(
        &mut sb.cardgen_with_token(&hub.url()),
        &["push", "--repo", "bob/m"],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("403 Forbidden: the token may not write to bob/m"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("--create-pr"));
}

#[test]
fn missing_repo_suggests_create_repo() {
    let hub = FakeHub::start();
    let err = push_fails(&hub, &[]);
    assert!(
        err.contains("repository alice/m does not exist") && err.contains("Add --create-repo"),
        "{err}"
    );
}

#[test]
fn missing_revision() {
    let err = push_fails(&hub_with_repo(), &["--revision", "dev"]);
    assert!(
        err.contains("revision `dev` does not exist in alice/m"),
        "{err}"
    );
    assert!(err.contains("Request ID: Root=1-fake"), "{err}");
}

#[test]
fn conflict_and_too_large() {
    let hub = hub_with_repo();
    let body = r#"{"error":"Another commit is in progress"}"#.to_owned();
    hub.fault("POST", "/commit/", FaultKind::Status(409, vec![], body), 1);
    let err = push_fails(&hub, &[]);
    assert!(
        err.contains("409 Conflict (Another commit is in progress)"),
        "{err}"
    );
    hub.fault(
        "POST",
        "/commit/",
        FaultKind::Status(413, vec![], "request entity too large".into()),
        1,
    );
    let err = push_fails(&hub, &[]);
    assert!(
        err.contains("413 Payload Too Large") && err.contains("request entity too large"),
        "{err}"
    );
}

#[test]
fn an_echoed_token_is_redacted() {
    let hub = hub_with_repo();
    hub.fault("POST", "/api/validate-yaml", FaultKind::EchoAuth(400), 1);
    let sb = Sandbox::new();
    for format in ["human", "json"] {
        hub.fault("POST", "/preupload/", FaultKind::EchoAuth(400), 1);
        let r = run(
            &mut sb.cardgen_with_token(&hub.url()),
            &["push", "--repo", "alice/m", "--format", format],
        );
        assert_ne!(r.code, 0);
        assert!(
            r.stderr.contains("Bearer [REDACTED]") || r.stdout.contains("Bearer [REDACTED]"),
            "{r:?}"
        );
    }
}

#[test]
fn plain_http_to_a_remote_host_is_refused() {
    let sb = Sandbox::new();
    let r = run(
        &mut sb.cardgen_with_token("http://hub.example.com"),
        &["push", "--repo", "alice/m"],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("refusing plain http:// endpoint"),
        "{}",
        r.stderr
    );
}

#[test]
fn bad_repo_ids_are_usage_errors() {
    let sb = Sandbox::new();
    for (repo, why) in [
        ("gpt2", "has no namespace"),
        ("a/b/c", "not a valid repo id"),
    ] {
        let r = run(
            &mut sb.cardgen_with_token("http://127.0.0.1:9"),
            &["push", "--repo", repo],
        );
        assert!(r.code == 2 && r.stderr.contains(why), "{r:?}");
    }
}
