//! The static build that release binaries are made with (`scripts/static`, `scripts/pgo`; flags
//! in `scripts/lib/release.sh`): it links, has no dynamic loader or shared library, and behaves
//! like the ordinary build: the same `--version`, the same report for corpus cards in every
//! output format, the same rendered card, and a card fetched from a Hub on `localhost`, which
//! goes through static glibc's own name lookup (`/etc/hosts`).
//!
//! Built here with the debug profile (a release build with fat LTO takes minutes), in
//! `target/static-test`. On hosts where `scripts/lib/release.sh` builds dynamically (not Linux
//! with glibc on x86-64 or AArch64), there is nothing to test.

mod interop;
// The venv helpers of the shared module are for the Python tests.
#[allow(dead_code)]
mod support;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use support::{root, run_ok, without_test_cargo_env};

/// The flags `scripts/lib/release.sh` gives a static build on this host (empty: none).
fn static_rustflags() -> String {
    let out = run_ok(
        Command::new("bash")
            .current_dir(root())
            .args(["-c", "source scripts/lib/release.sh && static_rustflags"]),
    );
    out.trim().to_string()
}

fn host_triple() -> String {
    let out = run_ok(Command::new("rustc").arg("-vV"));
    out.lines()
        .find_map(|l| l.strip_prefix("host: "))
        .expect("rustc -vV names the host")
        .to_string()
}

/// Build the static binary; `None` where this host has no static build.
fn build() -> Option<PathBuf> {
    let flags = static_rustflags();
    if flags.is_empty() {
        eprintln!("skipped: scripts/lib/release.sh builds no static binary on this host");
        return None;
    }
    let triple = host_triple();
    let dir = root().join("target/static-test");
    run_ok(
        without_test_cargo_env(&mut Command::new(env!("CARGO")))
            .current_dir(root())
            .env("RUSTFLAGS", &flags)
            .args([
                "build", "--locked", "--quiet", "--bin", "cardgen", "--target",
            ])
            .arg(&triple)
            .arg("--target-dir")
            .arg(&dir),
    );
    Some(dir.join(&triple).join("debug/cardgen"))
}

/// The ELF file type and the program header types of `path`.
fn elf_layout(path: &Path) -> (u16, Vec<u32>) {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(&bytes[..4], b"\x7fELF", "{} is not ELF", path.display());
    assert_eq!(bytes[4], 2, "64-bit ELF");
    let u16_at = |at: usize| u16::from_le_bytes([bytes[at], bytes[at + 1]]);
    let u32_at = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap());
    let u64_at = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap());
    let (phoff, phentsize, phnum) = (u64_at(0x20) as usize, u16_at(0x36), u16_at(0x38));
    let types = (0..usize::from(phnum))
        .map(|i| u32_at(phoff + i * usize::from(phentsize)))
        .collect();
    (u16_at(0x10), types)
}

fn output(bin: &Path, args: &[&str]) -> Output {
    Command::new(bin)
        .current_dir(root())
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", bin.display()))
}

/// Every `step`-th card of the corpus MANIFEST, as full paths.
fn corpus_cards(step: usize) -> Vec<String> {
    let corpus = interop::corpus_dir();
    interop::manifest(&corpus)
        .iter()
        .step_by(step)
        .map(|row| corpus.join(&row.path).to_string_lossy().into_owned())
        .collect()
}

/// Serve one card at `/o/n/resolve/main/README.md` to one request on 127.0.0.1; the port.
fn serve_one_card(card: Vec<u8>) -> (u16, std::thread::JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut request_line = String::new();
        reader.read_line(&mut request_line).unwrap();
        let mut line = String::new();
        while reader.read_line(&mut line).unwrap() > 2 {
            line.clear();
        }
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n",
            card.len()
        );
        stream.write_all(head.as_bytes()).unwrap();
        stream.write_all(&card).unwrap();
        request_line
    });
    (port, handle)
}

#[test]
fn the_static_build_is_static_and_behaves_like_the_ordinary_one() {
    let Some(bin) = build() else { return };
    let ordinary = Path::new(env!("CARGO_BIN_EXE_cardgen"));

    // ET_EXEC (position-dependent), no PT_INTERP (3) and no PT_DYNAMIC (2): nothing for a
    // dynamic loader to do.
    let (kind, headers) = elf_layout(&bin);
    assert_eq!(kind, 2, "a position-dependent executable (ET_EXEC)");
    assert!(!headers.contains(&3), "no interpreter: {headers:?}");
    assert!(!headers.contains(&2), "no dynamic section: {headers:?}");

    assert_eq!(
        output(&bin, &["--version"]).stdout,
        output(ordinary, &["--version"]).stdout
    );

    let cards = corpus_cards(7);
    assert!(cards.len() > 250);
    for format in ["json", "human", "sarif", "github"] {
        let mut args = vec!["lint", "--color", "never", "--format", format];
        args.extend(cards.iter().map(String::as_str));
        let (a, b) = (output(&bin, &args), output(ordinary, &args));
        assert_eq!(a.status.code(), Some(1), "corpus cards have findings");
        assert_eq!(a.status.code(), b.status.code(), "{format}");
        assert!(a.stdout == b.stdout, "{format}: the reports differ");
        assert_eq!(a.stderr, b.stderr, "{format}");
    }

    let render = ["render", "--meta", "fixtures/train.toml", "-o", "-"];
    let (a, b) = (output(&bin, &render), output(ordinary, &render));
    assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
    assert_eq!(a.stdout, b.stdout);

    // `localhost` is looked up by static glibc (nss_files is built in).
    let card = std::fs::read(root().join("fixtures/cards/good/README.md")).unwrap();
    let (port, server) = serve_one_card(card);
    let fetched = Command::new(&bin)
        .current_dir(root())
        .env("HF_ENDPOINT", format!("http://localhost:{port}"))
        .env_remove("HF_TOKEN")
        .env("HF_HOME", root().join("target/static-test/hf-home"))
        .args(["lint", "--format", "brief", "hf://o/n"])
        .output()
        .unwrap();
    assert!(
        fetched.status.success(),
        "{}{}",
        String::from_utf8_lossy(&fetched.stdout),
        String::from_utf8_lossy(&fetched.stderr)
    );
    let request = server.join().unwrap();
    assert!(
        request.starts_with("GET /o/n/resolve/main/README.md "),
        "{request}"
    );
}
