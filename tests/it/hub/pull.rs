//! `cardgen pull` and `cardgen lint hf://…`.

use crate::hub::support::{run, FakeHub, FaultKind, Sandbox, TOKEN};

const REMOTE: &[u8] = b"---\nlicense: apache-2.0\n---\n# Remote card\n\n## Usage\n\nLoad it with `transformers`.\n\n## Limitations\n\nEnglish only.\n";

#[test]
fn pull_writes_the_card_and_refuses_to_overwrite() {
    let hub = FakeHub::start();
    hub.repo("alice/m", Some(REMOTE));
    let sb = Sandbox::new();
    let r = run(
        &mut sb.cardgen(&hub.url()),
        &["pull", "alice/m", "-o", "card.md"],
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(std::fs::read(sb.path("card.md")).unwrap(), REMOTE);
    assert!(
        r.stdout.contains(&format!(
            "Wrote card.md ({} bytes) from alice/m at main.",
            REMOTE.len()
        )),
        "{}",
        r.stdout
    );
    assert_eq!(hub.lines(), ["GET /alice/m/resolve/main/README.md"]);
    assert_eq!(hub.requests()[0].header("authorization"), None);

    let again = run(&mut sb.cardgen(&hub.url()), &["pull", "alice/m"]);
    assert_eq!(again.code, 2);
    assert!(
        again
            .stderr
            .contains("README.md already exists; pass --force"),
        "{again:?}"
    );
    assert_eq!(hub.lines().len(), 1, "no request before refusing");
    let forced = run(&mut sb.cardgen(&hub.url()), &["pull", "alice/m", "--force"]);
    assert_eq!(forced.code, 0, "{forced:?}");
    assert_eq!(std::fs::read(sb.path("README.md")).unwrap(), REMOTE);
    let leftovers: Vec<_> = std::fs::read_dir(sb.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
    let out = run(&mut sb.cardgen(&hub.url()), &["pull", "alice/m", "-o", "-"]);
    assert_eq!(out.stdout.as_bytes(), REMOTE);
}

#[test]
fn pull_a_revision_with_a_truncated_first_answer() {
    let hub = FakeHub::start();
    hub.repo("alice/m", Some(b"old"))
        .branch("alice/m", "refs/pr/1");
    hub.fault("GET", "/resolve/", FaultKind::Truncate, 1);
    let sb = Sandbox::new();
    let r = run(
        &mut sb.cardgen(&hub.url()),
        &["pull", "alice/m", "--revision", "refs/pr/1", "-o", "-"],
    );
    assert_eq!((r.code, r.stdout.as_str()), (0, "old"), "{r:?}");
    assert_eq!(
        hub.lines(),
        ["GET /alice/m/resolve/refs%2Fpr%2F1/README.md"; 2]
    );
}

#[test]
fn private_and_gated_repos_need_the_token() {
    let hub = FakeHub::start();
    hub.repo_with("alice/private", Some(REMOTE), true, false);
    hub.repo_with("org-x/gated", Some(REMOTE), false, true);
    let sb = Sandbox::new();
    let r = run(
        &mut sb.cardgen(&hub.url()),
        &["pull", "alice/private", "-o", "-"],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("401 Unauthorized") && r.stderr.contains("no token was sent"),
        "{}",
        r.stderr
    );
    let r = run(
        &mut sb.cardgen(&hub.url()),
        &["pull", "org-x/gated", "-o", "-"],
    );
    assert!(
        r.code == 2 && r.stderr.contains("org-x/gated is gated"),
        "{r:?}"
    );
    for repo in ["alice/private", "org-x/gated"] {
        let r = run(
            &mut sb.cardgen_with_token(&hub.url()),
            &["pull", repo, "-o", "-"],
        );
        assert_eq!(r.stdout.as_bytes(), REMOTE, "{r:?}");
    }
    let last = hub.requests().pop().unwrap();
    assert_eq!(
        last.header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
}

#[test]
fn pull_errors_name_what_is_missing() {
    let hub = FakeHub::start();
    hub.repo("alice/empty", None);
    let sb = Sandbox::new();
    let r = run(
        &mut sb.cardgen_with_token(&hub.url()),
        &["pull", "alice/empty", "-o", "out.md"],
    );
    assert!(
        r.code == 2 && r.stderr.contains("alice/empty has no README.md at `main`"),
        "{r:?}"
    );
    let r = run(
        &mut sb.cardgen_with_token(&hub.url()),
        &["pull", "alice/none", "-o", "out.md"],
    );
    assert!(
        r.code == 2 && r.stderr.contains("repository alice/none does not exist"),
        "{r:?}"
    );
    assert!(!r.stderr.contains("--create-repo"));
    assert!(!sb.path("out.md").exists());
}

#[test]
fn lint_a_card_on_the_hub() {
    let hub = FakeHub::start();
    hub.repo("alice/m", Some(REMOTE)).branch("alice/m", "v1.0");
    hub.repo("alice/broken", Some(b"---\nlicense: [mit\n---\n"));
    let sb = Sandbox::new();
    let r = run(
        &mut sb.cardgen(&hub.url()),
        &["lint", "hf://alice/m@v1.0", "--format", "json"],
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(r.json()["files"][0]["path"], "hf://alice/m@v1.0");
    assert_eq!(hub.lines(), ["GET /alice/m/resolve/v1.0/README.md"]);
    let r = run(
        &mut sb.cardgen(&hub.url()),
        &[
            "lint",
            "--format",
            "brief",
            "README.md",
            "hf://alice/broken",
        ],
    );
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.stdout.contains("hf://alice/broken@main:2:"),
        "{}",
        r.stdout
    );
    let r = run(&mut sb.cardgen(&hub.url()), &["lint", "hf://alice/missing"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("hf://alice/missing: 401 Unauthorized"),
        "{}",
        r.stderr
    );
}

#[test]
fn lint_on_the_hub_uses_the_configuration_of_the_current_directory() {
    let hub = FakeHub::start();
    hub.repo("alice/m", Some(REMOTE));
    let sb = Sandbox::new();
    std::fs::write(sb.path("cardgen.toml"), "profile = \"eu-ai-act\"\n").unwrap();
    let r = run(
        &mut sb.cardgen(&hub.url()),
        &["lint", "hf://alice/m", "--format", "brief"],
    );
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.stdout
            .contains("CG201 error: the card has no `acceptable-use` section"),
        "{}",
        r.stdout
    );
    let r = run(
        &mut sb.cardgen(&hub.url()),
        &["lint", "--isolated", "hf://alice/m", "--format", "brief"],
    );
    assert_eq!(r.code, 0, "{r:?}");
}
