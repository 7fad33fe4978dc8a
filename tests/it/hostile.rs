//! Hostile input, through the binary: every case must end in bounded time (a watchdog kills the
//! process and fails the test), exit 1 or 2, name the problem once, and never panic.
//! Large inputs are generated into a temporary directory, not committed.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Generous for a debug build on a shared 2-core machine; a hang shows as a kill, not a wait.
const WATCHDOG: Duration = Duration::from_secs(60);

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

impl Run {
    fn all(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }
}

/// Run `cardgen args…` in `dir`, killing it if it outlives the watchdog. Output goes to files,
/// so a chatty process cannot block on a full pipe.
fn cardgen(dir: &Path, args: &[&str]) -> Run {
    cardgen_env(dir, args, &[])
}

fn cardgen_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let out = tempfile::NamedTempFile::new().unwrap();
    let err = tempfile::NamedTempFile::new().unwrap();
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_cardgen"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("HF_TOKEN")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(out.reopen().unwrap())
        .stderr(err.reopen().unwrap())
        .spawn()
        .unwrap();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > WATCHDOG {
            let _ = child.kill();
            let _ = child.wait();
            panic!("cardgen {args:?} ran longer than {WATCHDOG:?} and was killed");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let read = |f: &tempfile::NamedTempFile| {
        let bytes = fs::read(f.path()).unwrap();
        String::from_utf8_lossy(&bytes[..bytes.len().min(64 * 1024)]).into_owned()
    };
    Run {
        code: status.code(),
        stdout: read(&out),
        stderr: read(&err),
        elapsed: start.elapsed(),
    }
}

/// Exit 1 or 2, no panic, and `expect` named in the output.
fn assert_refused(run: &Run, expect: &str) {
    assert!(
        !run.stderr.contains("panicked"),
        "cardgen panicked:\n{}",
        run.stderr
    );
    assert!(
        matches!(run.code, Some(1 | 2)),
        "expected exit 1 or 2, got {:?} after {:?}:\n{}",
        run.code,
        run.elapsed,
        run.all()
    );
    assert!(
        run.all().contains(expect),
        "expected `{expect}` in the output:\n{}",
        run.all()
    );
}

/// Lint one generated card (brief format) and check the verdict.
fn lint_card(bytes: &[u8], expect: &str) -> Run {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("README.md"), bytes).unwrap();
    let run = cardgen(dir.path(), &["lint", "--format", "brief", "README.md"]);
    assert_refused(&run, expect);
    run
}

fn card(front: &str, body: &str) -> Vec<u8> {
    format!("---\n{front}\n---\n{body}").into_bytes()
}

/// Counts how often `code` appears in brief output (one line per finding).
fn count(run: &Run, code: &str) -> usize {
    run.stdout.lines().filter(|l| l.contains(code)).count()
}

// ---- YAML (parsed by src/card/yaml; these pin the limits end to end) ----

#[test]
fn yaml_alias_bomb() {
    let mut y = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (i, c) in ('b'..='j').enumerate() {
        let prev = (b'a' + i as u8) as char;
        y.push_str(&format!(
            "{c}: &{c} [{}]\n",
            vec![format!("*{prev}"); 9].join(",")
        ));
    }
    let run = lint_card(&card(&y, "# m\n"), "CG006");
    assert_eq!(count(&run, "CG006"), 1, "{}", run.stdout);
}

#[test]
fn yaml_deep_flow_collections() {
    let n = 100_000;
    // Either the YAML parser stops at its own recursion limit (`yaml-syntax`) or the builder at
    // its depth limit (`yaml-limit`): one finding on line 2.
    let y = format!("a: {}{}", "[".repeat(n), "]".repeat(n));
    let run = lint_card(&card(&y, "# m\n"), "README.md:2:");
    assert_eq!(
        count(&run, "CG004") + count(&run, "CG006"),
        1,
        "{}",
        run.stdout
    );
    let y = format!("a: {}1{}", "{b: ".repeat(n), "}".repeat(n));
    let run = lint_card(&card(&y, "# m\n"), "README.md:2:");
    assert_eq!(
        count(&run, "CG004") + count(&run, "CG006"),
        1,
        "{}",
        run.stdout
    );
}

#[test]
fn yaml_deep_block_collections() {
    // Compact nested block sequences: `- - - … x`, 100,000 levels on one line.
    let y = format!("a:\n  {}x", "- ".repeat(100_000));
    let run = lint_card(&card(&y, "# m\n"), "CG006");
    assert_eq!(count(&run, "CG006"), 1, "{}", run.stdout);
    // Nested block mappings, as deep as fits in 1 MiB of indentation.
    let mut y = String::new();
    for depth in 0..1_000 {
        y.push_str(&" ".repeat(depth));
        y.push_str("k:\n");
    }
    lint_card(&card(&y, "# m\n"), "CG006");
}

// ---- Size ----

#[test]
fn card_of_50_mb_is_refused_with_one_finding() {
    let mut body = String::from("# Model\n\n");
    let para = "All work and no play makes a model card a dull card. ".repeat(20) + "\n\n";
    while body.len() < 50 * 1024 * 1024 {
        body.push_str(&para);
    }
    let run = lint_card(&card("license: mit", &body), "CG010");
    assert_eq!(
        run.stdout.lines().filter(|l| l.contains(": CG")).count(),
        1,
        "{}",
        run.stdout
    );
}

#[test]
fn card_size_limit_is_configurable_by_env() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("README.md"),
        card("license: mit", &"x".repeat(4096)),
    )
    .unwrap();
    let run = cardgen_env(
        dir.path(),
        &["lint", "--format", "brief", "README.md"],
        &[("CARDGEN_MAX_CARD_SIZE", "1000")],
    );
    assert_refused(&run, "CG010");
    let run = cardgen_env(
        dir.path(),
        &["lint", "--format", "brief", "README.md"],
        &[("CARDGEN_MAX_CARD_SIZE", "lots")],
    );
    assert_refused(&run, "CARDGEN_MAX_CARD_SIZE");
}

#[test]
fn a_single_10_mb_line() {
    let line = "word ".repeat(2 * 1024 * 1024);
    lint_card(line.as_bytes(), "CG002");
    lint_card(&card("license: mit", &line), "CG2");
}

#[test]
fn a_10_mb_front_matter_value() {
    let y = format!(
        "license: mit\ndescription: {}",
        "a".repeat(10 * 1024 * 1024)
    );
    lint_card(&card(&y, "# m\n"), "CG006");
}

// ---- Encoding and odd bytes ----

#[test]
fn nul_bytes() {
    lint_card(b"---\nlicense: mit\x00\n---\n# M\n", "README.md:");
    lint_card(b"\x00\x00\x00\x00", "README.md:");
    lint_card(
        b"---\nlicense: mit\n---\n# M\x00odel\n\x00\x00",
        "README.md:",
    );
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for u in text.encode_utf16() {
        out.extend(if big_endian {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        });
    }
    out
}

#[test]
fn utf16_with_bom() {
    let text = "---\nlicense: mit\n---\n# Model\n";
    for be in [false, true] {
        let run = lint_card(&utf16(text, be), "CG001");
        assert!(run.stdout.contains("UTF-16"), "{}", run.stdout);
        assert_eq!(count(&run, "CG001"), 1, "{}", run.stdout);
    }
}

#[test]
fn invalid_utf8_in_body_and_front_matter() {
    let run = lint_card(b"---\nlicense: mit\n---\n# Model \xff\xfe\xc3\n", "CG001");
    assert_eq!(count(&run, "CG001"), 1, "{}", run.stdout);
    let run = lint_card(b"---\nlicense: \xc0\xafmit\n---\n# Model\n", "CG001");
    assert_eq!(count(&run, "CG001"), 1, "{}", run.stdout);
}

#[test]
fn lone_cr_file_and_lone_dashes() {
    lint_card(b"\r", "CG002");
    lint_card(b"\r\r\r\r", "CG002");
    lint_card(b"---", "README.md:");
    lint_card(b"---\n", "README.md:");
    lint_card(b"---\r", "README.md:");
}

#[test]
fn thousands_of_dash_lines() {
    lint_card("---\n".repeat(20_000).as_bytes(), "README.md:");
    lint_card("---\r\n".repeat(20_000).as_bytes(), "README.md:");
    lint_card("--- \n\n".repeat(20_000).as_bytes(), "README.md:");
}

// ---- Markdown ----

#[test]
fn a_hundred_thousand_headings() {
    let mut body = String::new();
    for i in 0..100_000 {
        body.push_str(&format!("{} Heading {i}\n", "#".repeat(1 + i % 6)));
    }
    lint_card(&card("license: mit", &body), "README.md:");
}

#[test]
fn pathologically_nested_markdown() {
    let n = 100_000;
    let cases = [
        ">".repeat(n) + " deep quote\n",
        "- ".repeat(n) + "deep list\n",
        "1. ".repeat(n / 2) + "deep ordered list\n",
        "*".repeat(n) + "x" + &"*".repeat(n) + "\n",
        "_".repeat(n) + "x" + &"*".repeat(n) + "\n",
        "[".repeat(n) + "x" + &"](u)".repeat(n) + "\n",
        "<div>".repeat(n / 5) + "\n",
        "`".repeat(n) + "\n",
        (0..3_000)
            .map(|i| format!("{}- item\n", "  ".repeat(i)))
            .collect::<String>(),
    ];
    for body in cases {
        lint_card(
            &card("license: mit", &format!("# Model\n\n{body}")),
            "README.md:",
        );
    }
}

#[test]
fn giant_table() {
    let cols = 200;
    let mut body = String::from("# Model\n\n## Evaluation\n\n|");
    body.push_str(&"h|".repeat(cols));
    body.push_str("\n|");
    body.push_str(&"---|".repeat(cols));
    body.push('\n');
    for r in 0..10_000 {
        body.push('|');
        for c in 0..cols {
            body.push_str(&format!("{}|", r * c));
        }
        body.push('\n');
    }
    lint_card(&card("license: mit", &body), "README.md:");
}

// ---- Files and directories ----

#[cfg(unix)]
#[test]
fn symlink_loop_in_a_linted_directory() {
    let dir = tempfile::tempdir().unwrap();
    let models = dir.path().join("models");
    fs::create_dir_all(models.join("a")).unwrap();
    fs::write(models.join("a/README.md"), card("license: mit", "# A\n")).unwrap();
    std::os::unix::fs::symlink("..", models.join("a/up")).unwrap();
    std::os::unix::fs::symlink("loop", models.join("loop")).unwrap();
    std::os::unix::fs::symlink("README.md", models.join("README.md")).unwrap();
    let run = cardgen(dir.path(), &["lint", "--format", "brief", "models"]);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(run.stdout.contains("a/README.md"), "{}", run.all());
    // A self-referencing symlink named explicitly is an input error.
    let run = cardgen(&models, &["lint", "--format", "brief", "README.md"]);
    assert_refused(&run, "symbolic links");
}

#[test]
fn a_directory_named_readme_md() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("README.md")).unwrap();
    let run = cardgen(dir.path(), &["lint", "README.md"]);
    assert_refused(&run, "README.md");
    assert_eq!(run.code, Some(2));
    let run = cardgen(dir.path(), &["lint", "."]);
    assert_refused(&run, "no README.md found");
}

/// Tests run as root, so `chmod 000` blocks nothing; what cannot be read here is a FIFO (its
/// `open` would block forever), a device (`/dev/zero` never ends) or a socket.
#[cfg(unix)]
#[test]
fn unreadable_files_are_input_errors_not_hangs() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("README.md");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        let run = cardgen(dir.path(), &["lint", "README.md"]);
        assert_refused(&run, "not a regular file");
        assert_eq!(run.code, Some(2));
    }
    // A socket: `open` fails (ENXIO) rather than blocking; it reads as "not a regular file" too.
    let sockets = tempfile::tempdir().unwrap();
    let _listener = std::os::unix::net::UnixListener::bind(sockets.path().join("README.md"))
        .expect("bind a Unix socket");
    // `lint` finds it when it collects paths; `push` opens the file it is given directly.
    for args in [
        &["lint", "README.md"][..],
        &["push", "--repo", "o/m", "--dry-run", "README.md"][..],
    ] {
        let run = cardgen(sockets.path(), args);
        assert_refused(&run, "not a regular file");
        assert_eq!(run.code, Some(2));
    }
    for args in [
        &["lint", "/dev/zero"][..],
        &["push", "--repo", "o/m", "--dry-run", "/dev/zero"][..],
    ] {
        let run = cardgen(dir.path(), args);
        assert_refused(&run, "not a regular file");
        assert_eq!(run.code, Some(2));
    }
}

#[test]
fn a_file_that_grows_while_being_read() {
    let dir = tempfile::tempdir().unwrap();
    let path: PathBuf = dir.path().join("README.md");
    fs::write(&path, card("license: mit", "# Model\n")).unwrap();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (path, stop) = (path.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut f = fs::OpenOptions::new().append(true).open(&path).unwrap();
            let chunk = "more text that keeps coming\n".repeat(4096);
            let mut written = 0usize;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) && written < 64 << 20 {
                f.write_all(chunk.as_bytes()).unwrap();
                written += chunk.len();
            }
        })
    };
    let run = cardgen(dir.path(), &["lint", "--format", "brief", "README.md"]);
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    writer.join().unwrap();
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(
        matches!(run.code, Some(0..=2)),
        "{:?}: {}",
        run.code,
        run.all()
    );
}

// ---- render ----

#[test]
fn train_toml_with_deep_inline_tables() {
    let dir = tempfile::tempdir().unwrap();
    let n = 100_000;
    let toml = format!(
        "[model]\nname = \"m\"\nx = {}1{}\n",
        "{a = ".repeat(n),
        "}".repeat(n)
    );
    fs::write(dir.path().join("train.toml"), toml).unwrap();
    let run = cardgen(dir.path(), &["render", "--meta", "train.toml", "-o", "-"]);
    assert_refused(&run, "train.toml");
    let arrays = format!(
        "[model]\nname = \"m\"\nx = {}1{}\n",
        "[".repeat(n),
        "]".repeat(n)
    );
    fs::write(dir.path().join("train.toml"), arrays).unwrap();
    let run = cardgen(dir.path(), &["render", "--meta", "train.toml", "-o", "-"]);
    assert_refused(&run, "train.toml");
}

const MINIMAL_TRAIN_TOML: &str = "[model]\nname = \"m\"\nrepo_id = \"o/m\"\n\
    description = \"d\"\nusage = \"u\"\nlimitations = \"l\"\nlicense = \"mit\"\n";

#[test]
fn a_template_that_recurses_into_itself() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("train.toml"), MINIMAL_TRAIN_TOML).unwrap();
    let templates = [
        "{% include \"self.md.jinja\" %}",
        "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
        "{% extends \"self.md.jinja\" %}",
        "{% for i in range(100000000) %}x{% endfor %}",
        // Bounded by fuel: 10^10 iterations would otherwise run for hours.
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    ];
    for t in templates {
        fs::write(dir.path().join("self.md.jinja"), t).unwrap();
        let run = cardgen(
            dir.path(),
            &[
                "render",
                "--meta",
                "train.toml",
                "--template",
                "self.md.jinja",
                "-o",
                "-",
            ],
        );
        assert_refused(&run, "self.md.jinja");
    }
}
