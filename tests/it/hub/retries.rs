//! Retries (429/5xx with Retry-After), timeouts, dropped connections, and no duplicate
//! commit when a failed commit had in fact been applied.

use std::time::{Duration, Instant};

use crate::hub::support::{run, FakeHub, FaultKind, Sandbox, CARD};

const OLD: &[u8] = b"---\nlicense: mit\n---\n# Old card\n";

fn hub_with_repo() -> FakeHub {
    let hub = FakeHub::start();
    hub.repo("alice/m", Some(OLD));
    hub
}

fn count(hub: &FakeHub, part: &str) -> usize {
    hub.lines().iter().filter(|l| l.contains(part)).count()
}

fn retry_after(status: u16, secs: &str) -> FaultKind {
    FaultKind::Status(
        status,
        vec![("Retry-After", secs.into())],
        r#"{"error":"slow down"}"#.into(),
    )
}

#[test]
fn rate_limit_and_unavailable_are_retried_honouring_retry_after() {
    let hub = hub_with_repo();
    hub.fault("POST", "/api/validate-yaml", retry_after(429, "1"), 1);
    hub.fault("POST", "/preupload/", retry_after(503, "1"), 1);
    let sb = Sandbox::new();
    let started = Instant::now();
    let r = run(
        &mut sb.cardgen_with_token(&hub.url()),
        &["push", "--repo", "alice/m"],
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "Retry-After was not honoured"
    );
    assert_eq!(count(&hub, "validate-yaml"), 2);
    assert_eq!(count(&hub, "preupload"), 2);
    assert_eq!(hub.branch_state("alice/m", "main").commits.len(), 2);
}

#[test]
fn retries_are_bounded() {
    let hub = hub_with_repo();
    hub.fault(
        "POST",
        "/api/validate-yaml",
        FaultKind::Status(500, vec![], "{}".into()),
        10,
    );
    let sb = Sandbox::new();
    let r = run(
        sb.cardgen_with_token(&hub.url())
            .env("CARDGEN_HTTP_ATTEMPTS", "2"),
        &["push", "--repo", "alice/m"],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("the Hub answered 500 (after 2 attempts)"),
        "{}",
        r.stderr
    );
    assert_eq!(count(&hub, "validate-yaml"), 2);
    let hub = hub_with_repo();
    hub.fault("POST", "/api/validate-yaml", retry_after(429, "3600"), 1);
    let r = run(
        &mut sb.cardgen_with_token(&hub.url()),
        &["push", "--repo", "alice/m"],
    );
    assert!(
        r.stderr.contains("429 Too Many Requests (after 1 attempt)")
            && r.stderr.contains("Wait 3600 s"),
        "{r:?}"
    );
}

#[test]
fn a_commit_applied_before_a_500_is_not_sent_again() {
    for fault in [FaultKind::AfterApply(500), FaultKind::DropAfterApply] {
        let hub = hub_with_repo();
        hub.fault("POST", "/commit/", fault, 1);
        let sb = Sandbox::new();
        let r = run(
            &mut sb.cardgen_with_token(&hub.url()),
            &["push", "--repo", "alice/m", "--format", "json"],
        );
        assert_eq!(r.code, 0, "{r:?}");
        assert_eq!(r.json()["status"], "applied_earlier");
        assert_eq!(count(&hub, "/commit/"), 1);
        let main = hub.branch_state("alice/m", "main");
        assert_eq!(main.commits.len(), 2, "exactly one new commit");
        assert_eq!(r.json()["commit_oid"], main.head.as_str());
    }
}

#[test]
fn a_commit_that_did_not_arrive_is_sent_again() {
    for fault in [
        FaultKind::Drop,
        FaultKind::Status(502, vec![], "bad gateway".into()),
    ] {
        let hub = hub_with_repo();
        hub.fault("POST", "/commit/", fault, 1);
        let sb = Sandbox::new();
        let r = run(
            &mut sb.cardgen_with_token(&hub.url()),
            &["push", "--repo", "alice/m"],
        );
        assert_eq!(r.code, 0, "{r:?}");
        assert_eq!(count(&hub, "/commit/"), 2);
        assert_eq!(hub.branch_state("alice/m", "main").commits.len(), 2);
        assert_eq!(
            hub.branch_state("alice/m", "main").readme.as_deref(),
            Some(CARD.as_bytes())
        );
    }
}

#[test]
fn a_failed_pull_request_commit_is_never_resent() {
    let hub = hub_with_repo();
    hub.fault("POST", "/commit/", FaultKind::AfterApply(500), 1);
    let sb = Sandbox::new();
    let r = run(
        &mut sb.cardgen_with_token(&hub.url()),
        &["push", "--repo", "alice/m", "--create-pr"],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains(&format!("Check {}/alice/m/discussions", hub.url())),
        "{}",
        r.stderr
    );
    assert_eq!(count(&hub, "/commit/"), 1);
    assert_eq!(hub.get_repo("alice/m").unwrap().prs, 1);
}

#[test]
fn slow_answers_within_the_timeout_succeed_and_beyond_it_fail() {
    let hub = hub_with_repo();
    hub.fault(
        "POST",
        "/api/validate-yaml",
        FaultKind::Delay(Duration::from_millis(300)),
        1,
    );
    let sb = Sandbox::new();
    let r = run(
        &mut sb.cardgen_with_token(&hub.url()),
        &["push", "--repo", "alice/m"],
    );
    assert_eq!(r.code, 0, "{r:?}");
    let hub = hub_with_repo();
    hub.fault(
        "POST",
        "/api/validate-yaml",
        FaultKind::Delay(Duration::from_secs(4)),
        2,
    );
    let r = run(
        sb.cardgen_with_token(&hub.url())
            .env("CARDGEN_HTTP_TIMEOUT", "1")
            .env("CARDGEN_HTTP_ATTEMPTS", "2"),
        &["push", "--repo", "alice/m"],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("network error (after 2 attempts)") && r.stderr.contains("timeout"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_closed_port_is_a_network_error() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let sb = Sandbox::new();
    let r = run(
        sb.cardgen_with_token(&format!("http://127.0.0.1:{port}"))
            .env("CARDGEN_HTTP_ATTEMPTS", "2"),
        &["push", "--repo", "alice/m"],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("network error (after 2 attempts)"),
        "{}",
        r.stderr
    );
}

#[test]
fn proxies_come_from_the_environment() {
    let proxy = FakeHub::start();
    let sb = Sandbox::new();
    let target = "http://127.0.0.1:1";
    let mut cmd = sb.cardgen_with_token(target);
    cmd.env_remove("NO_PROXY")
        .env("HTTP_PROXY", proxy.url())
        .env("CARDGEN_HTTP_ATTEMPTS", "1");
    let r = run(&mut cmd, &["push", "--repo", "alice/m"]);
    assert_eq!(r.code, 2);
    assert_eq!(proxy.lines(), ["CONNECT 127.0.0.1:1"], "{r:?}");
    let mut bypass = sb.cardgen_with_token(target);
    bypass
        .env("HTTP_PROXY", proxy.url())
        .env("CARDGEN_HTTP_ATTEMPTS", "1");
    assert_eq!(run(&mut bypass, &["push", "--repo", "alice/m"]).code, 2);
    assert_eq!(
        proxy.lines().len(),
        1,
        "NO_PROXY=127.0.0.1 bypasses the proxy"
    );
}
