//! The official client (`huggingface_hub`, in the venv `scripts/setup-python` makes) against
//! the same fake Hub: it must succeed, and the requests it sends must match cardgen's.

use std::path::PathBuf;
use std::process::Command;

use serde_json::{json, Value};

use crate::hub::support::server::Recorded;
use crate::hub::support::{run, FakeHub, Sandbox, CARD, TOKEN};

const SCRIPT: &str = r#"
import sys
from huggingface_hub import HfApi
api = HfApi()
api.create_repo("alice/interop", private=True, exist_ok=True)
api.upload_file(path_or_fileobj=sys.argv[1], path_in_repo="README.md", repo_id="alice/interop", commit_message="Update card")
info = api.upload_file(path_or_fileobj=sys.argv[2], path_in_repo="README.md", repo_id="alice/interop", commit_message="Update card", create_pr=True)
print(info.pr_revision)
"#;

fn python() -> Option<PathBuf> {
    let py = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/venv/bin/python");
    if py.is_file() {
        return Some(py);
    }
    assert_ne!(
        std::env::var("CI").as_deref(),
        Ok("true"),
        "{} is missing; run scripts/setup-python",
        py.display()
    );
    println!("skipped: run scripts/setup-python");
    None
}

/// What must match: method, path, query, content type, and the body (JSON or NDJSON lines).
fn shape(r: &Recorded) -> Value {
    let ctype = r
        .header("content-type")
        .unwrap_or_default()
        .split(';')
        .next()
        .unwrap_or_default()
        .to_owned();
    let body = match ctype.as_str() {
        "application/x-ndjson" => Value::Array(
            r.ndjson()
                .into_iter()
                .map(Option::unwrap_or_default)
                .collect(),
        ),
        _ => r.json(),
    };
    let mut query: Vec<&str> = r.query.split('&').filter(|q| !q.is_empty()).collect();
    query.sort_unstable();
    json!({"method": r.method, "path": r.path, "query": query, "content_type": ctype, "body": body,
           "auth": r.header("authorization") == Some(&format!("Bearer {TOKEN}"))})
}

#[test]
fn official_client_and_cardgen_send_the_same_requests() {
    let Some(py) = python() else { return };
    let sb = Sandbox::new();
    let v2 = sb.write(
        "v2.md",
        &CARD.replace("A small model.", "A small model, second version."),
    );
    let script = sb.write("interop.py", SCRIPT);

    let official = FakeHub::start();
    let out = Command::new(py)
        .env_clear()
        .current_dir(sb.dir.path())
        .env("HOME", sb.path("home"))
        .env("HF_HOME", sb.path("hf_home"))
        .env("HF_ENDPOINT", official.url())
        .env("HF_TOKEN", TOKEN)
        .env("HF_HUB_DISABLE_TELEMETRY", "1")
        .env("NO_PROXY", "127.0.0.1,localhost")
        .args([script.to_str().unwrap(), "README.md", v2.to_str().unwrap()])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "python failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(stdout.trim(), "refs/pr/1");

    let ours = FakeHub::start();
    let first = [
        "push",
        "--repo",
        "alice/interop",
        "--create-repo",
        "--private",
        "-m",
        "Update card",
    ];
    assert_eq!(run(&mut sb.cardgen_with_token(&ours.url()), &first).code, 0);
    let second = [
        "push",
        v2.to_str().unwrap(),
        "--repo",
        "alice/interop",
        "--create-pr",
        "-m",
        "Update card",
    ];
    assert_eq!(
        run(&mut sb.cardgen_with_token(&ours.url()), &second).code,
        0
    );

    let expected = [
        "POST /api/repos/create",
        "POST /api/validate-yaml",
        "POST /api/models/alice/interop/preupload/main",
        "POST /api/models/alice/interop/commit/main",
        "POST /api/validate-yaml",
        "POST /api/models/alice/interop/preupload/main?create_pr=1",
        "POST /api/models/alice/interop/commit/main?create_pr=1",
    ];
    assert_eq!(official.lines(), expected);
    let theirs: Vec<Value> = official.requests().iter().map(shape).collect();
    let mine: Vec<Value> = ours.requests().iter().map(shape).collect();
    assert_eq!(
        serde_json::to_string_pretty(&mine).unwrap(),
        serde_json::to_string_pretty(&theirs).unwrap()
    );
    for hub in [&official, &ours] {
        let repo = hub.get_repo("alice/interop").unwrap();
        assert!(repo.private);
        assert_eq!(
            repo.branches["main"].readme.as_deref(),
            Some(CARD.as_bytes())
        );
        assert_eq!(
            repo.branches["refs/pr/1"].readme.as_deref(),
            Some(std::fs::read(&v2).unwrap().as_slice())
        );
    }
}
