//! Push flows that succeed, the lint gate and the dry run.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use serde_json::json;

use crate::hub::support::{run, FakeHub, Sandbox, CARD, TOKEN};

const OLD: &[u8] = b"---\nlicense: mit\n---\n# Old card\n";

#[test]
fn happy_path_validates_preuploads_and_commits() {
    let hub = FakeHub::start();
    hub.repo("alice/m", Some(OLD));
    let sb = Sandbox::new();
    let r = run(
        &mut sb.cardgen_with_token(&hub.url()),
        &[
            "push",
            "--repo",
            "alice/m",
            "-m",
            "Update card",
            "--description",
            "Longer text",
        ],
    );
    assert_eq!(r.code, 0, "{r:?}");
    let head = hub.branch_state("alice/m", "main");
    assert_eq!(head.readme.as_deref(), Some(CARD.as_bytes()));
    assert_eq!(head.commits.last().unwrap(), "Update card");
    assert!(
        r.stdout
            .contains(&format!("{}/alice/m/commit/{}", hub.url(), head.head)),
        "{}",
        r.stdout
    );
    assert_eq!(
        hub.lines(),
        [
            "POST /api/validate-yaml",
            "POST /api/models/alice/m/preupload/main",
            "POST /api/models/alice/m/commit/main",
        ]
    );
    let reqs = hub.requests();
    for (req, ctype) in reqs.iter().zip([
        "application/json",
        "application/json",
        "application/x-ndjson",
    ]) {
        assert_eq!(req.header("content-type"), Some(ctype));
        assert_eq!(
            req.header("authorization"),
            Some(format!("Bearer {TOKEN}").as_str())
        );
        assert!(req.header("user-agent").unwrap().starts_with("cardgen/"));
    }
    assert_eq!(
        reqs[0].json(),
        json!({"content": CARD, "repoType": "model"})
    );
    assert_eq!(
        reqs[1].json(),
        json!({"files": [{"path": "README.md", "sample": B64.encode(CARD), "size": CARD.len()}]})
    );
    assert!(reqs[2].body.ends_with(b"\n"));
    let lines: Vec<_> = reqs[2].ndjson().into_iter().map(Option::unwrap).collect();
    assert_eq!(
        lines,
        [
            json!({"key": "header", "value": {"summary": "Update card", "description": "Longer text"}}),
            json!({"key": "file", "value": {"content": B64.encode(CARD), "path": "README.md", "encoding": "base64"}}),
        ]
    );
}

#[test]
fn same_card_on_the_hub_means_no_commit() {
    let hub = FakeHub::start();
    hub.repo("alice/m", Some(CARD.as_bytes()));
    let sb = Sandbox::new();
    let r = run(
        &mut sb.cardgen_with_token(&hub.url()),
        &["push", "--repo", "alice/m", "--format", "json"],
    );
    assert_eq!(r.code, 0, "{r:?}");
    let doc = r.json();
    assert_eq!(doc["status"], "up_to_date");
    let head = hub.branch_state("alice/m", "main");
    assert_eq!(doc["commit_oid"], head.head.as_str());
    assert_eq!(head.commits.len(), 1);
    assert!(!hub.lines().iter().any(|l| l.contains("/commit/")));
    assert_eq!(
        hub.lines().last().unwrap(),
        "GET /api/models/alice/m/revision/main"
    );
    let human = run(
        &mut sb.cardgen_with_token(&hub.url()),
        &["push", "--repo", "alice/m"],
    );
    assert!(human.stdout.contains("already up to date"), "{human:?}");
}

#[test]
fn create_repo_private_then_push() {
    let hub = FakeHub::start();
    let sb = Sandbox::new();
    let r = run(
        &mut sb.cardgen_with_token(&hub.url()),
        &["push", "--repo", "alice/new", "--create-repo", "--private"],
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stdout.contains("Created repository alice/new."),
        "{}",
        r.stdout
    );
    let reqs = hub.requests();
    assert_eq!(reqs[0].line(), "POST /api/repos/create");
    assert_eq!(
        reqs[0].json(),
        json!({"name": "new", "organization": "alice", "visibility": "private"})
    );
    assert!(hub.get_repo("alice/new").unwrap().private);
    assert_eq!(
        hub.branch_state("alice/new", "main").readme.as_deref(),
        Some(CARD.as_bytes())
    );
}

#[test]
fn create_repo_that_exists_is_fine_and_org_namespaces_work() {
    let hub = FakeHub::start();
    hub.repo("my-org/x", Some(OLD));
    let sb = Sandbox::new();
    let r = run(
        &mut sb.cardgen_with_token(&hub.url()),
        &["push", "--repo", "my-org/x", "--create-repo"],
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stdout.contains("Repository my-org/x already exists."),
        "{}",
        r.stdout
    );
    assert_eq!(
        hub.requests()[0].json(),
        json!({"name": "x", "organization": "my-org"})
    );
    assert_eq!(
        hub.branch_state("my-org/x", "main").readme.as_deref(),
        Some(CARD.as_bytes())
    );
    let denied = run(
        &mut sb.cardgen_with_token(&hub.url()),
        &["push", "--repo", "other-org/y", "--create-repo"],
    );
    assert_eq!(denied.code, 2);
    assert!(
        denied.stderr.contains("403 Forbidden") && denied.stderr.contains("other-org"),
        "{denied:?}"
    );
}

#[test]
fn pull_request_and_pr_revision_are_url_encoded() {
    let hub = FakeHub::start();
    hub.repo("alice/m", Some(OLD));
    let sb = Sandbox::new();
    let r = run(
        &mut sb.cardgen_with_token(&hub.url()),
        &[
            "push",
            "--repo",
            "alice/m",
            "--create-pr",
            "--format",
            "json",
        ],
    );
    assert_eq!(r.code, 0, "{r:?}");
    let doc = r.json();
    assert_eq!(
        doc["pr_url"],
        format!("{}/alice/m/discussions/1", hub.url())
    );
    assert_eq!(doc["pr_revision"], "refs/pr/1");
    assert_eq!(
        hub.branch_state("alice/m", "main").readme.as_deref(),
        Some(OLD)
    );
    assert!(
        hub.lines()[1..]
            .iter()
            .all(|l| l.ends_with("/main?create_pr=1")),
        "{:?}",
        hub.lines()
    );

    let second = sb.write(
        "v2.md",
        &CARD.replace("A small model.", "A small model, v2."),
    );
    let args = [
        "push",
        second.to_str().unwrap(),
        "--repo",
        "alice/m",
        "--revision",
        "refs/pr/1",
    ];
    let r = run(&mut sb.cardgen_with_token(&hub.url()), &args);
    assert_eq!(r.code, 0, "{r:?}");
    let lines = hub.lines();
    assert_eq!(
        lines[lines.len() - 1],
        "POST /api/models/alice/m/commit/refs%2Fpr%2F1"
    );
    assert_eq!(
        lines[lines.len() - 2],
        "POST /api/models/alice/m/preupload/refs%2Fpr%2F1"
    );
    let pr = hub.branch_state("alice/m", "refs/pr/1");
    assert!(String::from_utf8(pr.readme.unwrap())
        .unwrap()
        .contains("v2"));
}

#[test]
fn parent_commit_is_sent_and_a_stale_one_fails_with_412() {
    let hub = FakeHub::start();
    hub.repo("alice/m", Some(OLD));
    let head = hub.branch_state("alice/m", "main").head;
    let sb = Sandbox::new();
    let r = run(
        &mut sb.cardgen_with_token(&hub.url()),
        &["push", "--repo", "alice/m", "--parent-commit", &head],
    );
    assert_eq!(r.code, 0, "{r:?}");
    let commit = hub.requests().pop().unwrap();
    assert_eq!(
        commit.ndjson()[0].as_ref().unwrap()["value"]["parentCommit"],
        head.as_str()
    );

    let second = sb.write("v2.md", &CARD.replace("small", "tiny"));
    let args = [
        "push",
        second.to_str().unwrap(),
        "--repo",
        "alice/m",
        "--parent-commit",
        &head,
    ];
    let stale = run(&mut sb.cardgen_with_token(&hub.url()), &args);
    assert_eq!(stale.code, 2);
    assert!(
        stale.stderr.contains("412 Precondition Failed"),
        "{stale:?}"
    );
    assert!(
        stale.stderr.contains("A commit has happened since"),
        "{stale:?}"
    );
    let bad = run(
        &mut sb.cardgen_with_token(&hub.url()),
        &["push", "--repo", "alice/m", "--parent-commit", "zz"],
    );
    assert!(
        bad.code == 2 && bad.stderr.contains("not a commit id"),
        "{bad:?}"
    );
}

#[test]
fn dry_run_sends_nothing() {
    let hub = FakeHub::start();
    hub.repo("alice/m", Some(OLD));
    let sb = Sandbox::new();
    let args = [
        "push",
        "--repo",
        "alice/m",
        "--dry-run",
        "--create-pr",
        "--create-repo",
    ];
    let r = run(&mut sb.cardgen_with_token(&hub.url()), &args);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stdout.contains("nothing was sent") && r.stdout.contains("Token: from HF_TOKEN."),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains(&format!(
        "POST {}/api/models/alice/m/commit/main?create_pr=1",
        hub.url()
    )));
    let no_token = run(
        &mut sb.cardgen(&hub.url()),
        &["push", "--repo", "alice/m", "--dry-run"],
    );
    assert_eq!(no_token.code, 0);
    assert!(
        no_token.stdout.contains("Token: none found"),
        "{no_token:?}"
    );
    assert!(hub.requests().is_empty());
}

#[test]
fn lint_errors_stop_the_push_before_any_request() {
    let hub = FakeHub::start();
    hub.repo("alice/m", Some(OLD));
    let sb = Sandbox::new();
    let bad = sb.write("bad.md", "---\nlicense: [mit\n---\n# x\n\n## Usage\n\nLoad it with `transformers`.\n\n## Limitations\n\nEnglish only.\n");
    let r = run(
        &mut sb.cardgen_with_token(&hub.url()),
        &["push", bad.to_str().unwrap(), "--repo", "alice/m"],
    );
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.stderr.contains("CG004") && r.stderr.contains("--no-lint"),
        "{}",
        r.stderr
    );
    let j = run(
        &mut sb.cardgen_with_token(&hub.url()),
        &[
            "push",
            bad.to_str().unwrap(),
            "--repo",
            "alice/m",
            "--format",
            "json",
        ],
    );
    assert_eq!(
        (j.code, j.json()["error"]["kind"].as_str()),
        (1, Some("lint"))
    );
    assert_eq!(j.json()["lint"]["errors"], 1);
    assert!(hub.requests().is_empty());
    let forced = run(
        &mut sb.cardgen_with_token(&hub.url()),
        &[
            "push",
            bad.to_str().unwrap(),
            "--repo",
            "alice/m",
            "--no-lint",
        ],
    );
    assert_eq!(forced.code, 0, "{forced:?}");
    assert_eq!(hub.lines().len(), 3);
}

#[test]
fn hub_validation_errors_and_warnings_are_shown_verbatim() {
    let hub = FakeHub::start();
    hub.repo("alice/m", Some(OLD));
    let sb = Sandbox::new();
    let invalid = sb.write("invalid.md", "---\nlicense: not-a-license\n---\n# x\n");
    let r = run(
        &mut sb.cardgen_with_token(&hub.url()),
        // --no-lint: cardgen's own schema check would stop this card before the Hub sees it.
        &[
            "push",
            invalid.to_str().unwrap(),
            "--repo",
            "alice/m",
            "--no-lint",
        ],
    );
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.stderr.contains(
            "the Hub rejected the card's metadata:\n- \"license\" must be one of [apache-2.0, mit,"
        ),
        "{}",
        r.stderr
    );
    assert_eq!(hub.lines(), ["POST /api/validate-yaml"]);
    let bare = sb.write("bare.md", "# No metadata\n");
    let w = run(
        &mut sb.cardgen_with_token(&hub.url()),
        &[
            "push",
            bare.to_str().unwrap(),
            "--repo",
            "alice/m",
            "--no-lint",
        ],
    );
    assert_eq!(w.code, 0, "{w:?}");
    assert!(w.stderr.contains(
        "warning: the Hub's metadata check: empty or missing yaml metadata in repo card"
    ));
}
