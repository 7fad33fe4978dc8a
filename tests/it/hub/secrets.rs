//! The token is never printed, on any output path: human and JSON output, every endpoint whose
//! error body echoes the `authorization` header, status codes that are retried or not, `pull`
//! and `lint hf://`, a token from a file, and a panic while a token is loaded. (`run` itself
//! fails any run that prints the token.)

use crate::hub::support::{run, FakeHub, FaultKind, Sandbox, CARD, TOKEN};

fn hub() -> FakeHub {
    let hub = FakeHub::start();
    hub.repo("alice/m", Some(CARD.as_bytes()));
    hub
}

#[test]
fn error_bodies_that_echo_the_header_are_redacted_everywhere() {
    let parts: &[(&str, &str)] = &[
        ("GET", "/api/whoami-v2"),
        ("POST", "/api/validate-yaml"),
        ("POST", "/preupload/"),
        ("POST", "/commit/"),
        ("GET", "/revision/"),
    ];
    let mut reached = std::collections::BTreeSet::new();
    for &(method, part) in parts {
        for status in [403, 500] {
            for format in ["human", "json"] {
                let hub = hub();
                let sb = Sandbox::new();
                sb.write("README.md", &format!("{CARD}\nA changed line.\n"));
                hub.fault(method, part, FaultKind::EchoAuth(status), 10);
                let r = run(
                    sb.cardgen_with_token(&hub.url())
                        .env("CARDGEN_HTTP_ATTEMPTS", "1"),
                    &["push", "--repo", "alice/m", "--format", format],
                );
                let all = format!("{}{}", r.stdout, r.stderr);
                if hub.requests().iter().any(|q| q.path.contains(part)) {
                    reached.insert(part);
                    assert_ne!(r.code, 0, "{method} {part} {status}: {r:?}");
                    assert!(
                        all.contains("[REDACTED]"),
                        "{method} {part} {status}: {r:?}"
                    );
                }
            }
        }
    }
    for part in ["/api/validate-yaml", "/preupload/", "/commit/"] {
        assert!(
            reached.contains(part),
            "push never reached {part}: {reached:?}"
        );
    }
}

#[test]
fn pull_and_remote_lint_redact_echoed_headers() {
    let hub = hub();
    let sb = Sandbox::new();
    hub.fault("GET", "/resolve/", FaultKind::EchoAuth(403), 100);
    sb.write("README.md", CARD);
    let r = run(
        &mut sb.cardgen_with_token(&hub.url()),
        &["pull", "alice/m", "-o", "-"],
    );
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("[REDACTED]"), "{r:?}");
    for format in ["human", "json"] {
        let r = run(
            &mut sb.cardgen_with_token(&hub.url()),
            &["lint", "--format", format, "hf://alice/m"],
        );
        assert_eq!(r.code, 2, "{r:?}");
        assert!(
            format!("{}{}", r.stdout, r.stderr).contains("[REDACTED]"),
            "{r:?}"
        );
    }
}

#[test]
fn a_token_from_a_file_that_does_not_look_like_one_is_still_redacted() {
    let hub = hub();
    let sb = Sandbox::new();
    sb.write("README.md", CARD);
    let odd = "plain-secret-without-prefix-42";
    let file = sb.write("token.txt", &format!("{odd}\r\n"));
    hub.fault("POST", "/api/validate-yaml", FaultKind::EchoAuth(400), 10);
    let r = run(
        &mut sb.cardgen(&hub.url()),
        &[
            "push",
            "--repo",
            "alice/m",
            "--token-file",
            file.to_str().unwrap(),
        ],
    );
    assert_ne!(r.code, 0);
    assert!(!r.stdout.contains(odd) && !r.stderr.contains(odd), "{r:?}");
}

/// The panic hook redacts the token from the message; `CARDGEN_TEST_PANIC_WITH_TOKEN=1` makes
/// cardgen panic with the token in the message right after loading it.
#[test]
fn a_panic_with_a_token_loaded_does_not_print_it() {
    let sb = Sandbox::new();
    sb.write("README.md", CARD);
    let odd = "plain-secret-without-prefix-43";
    let file = sb.write("token.txt", odd);
    let cases: [(Vec<&str>, &str, bool); 3] = [
        (vec!["push", "--repo", "alice/m"], TOKEN, true),
        (vec!["pull", "alice/m", "-o", "-"], TOKEN, true),
        (
            vec![
                "push",
                "--repo",
                "alice/m",
                "--token-file",
                file.to_str().unwrap(),
            ],
            odd,
            false,
        ),
    ];
    for (args, secret, from_env) in cases {
        let mut cmd = sb.cardgen("http://127.0.0.1:9");
        if from_env {
            cmd.env("HF_TOKEN", TOKEN);
        }
        cmd.env("CARDGEN_TEST_PANIC_WITH_TOKEN", "1")
            .env("RUST_BACKTRACE", "1");
        let out = cmd.args(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(101), "{args:?}: {stderr}");
        assert!(stderr.contains("panicked"), "{stderr}");
        assert!(stderr.contains("token [REDACTED]"), "{stderr}");
        assert!(stderr.contains("this is a bug in cardgen"), "{stderr}");
        assert!(
            !stderr.contains(secret) && !stdout.contains(secret),
            "{stderr}"
        );
    }
}
