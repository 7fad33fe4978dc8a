//! `pull -o` writes through the same atomic helper as `render`: a killed or failed write keeps
//! the old file, and a symbolic link target is followed and reported.

use crate::hub::support::{run, FakeHub, Sandbox};

const REMOTE: &[u8] = b"---\nlicense: mit\n---\n# Remote card\n";
const OLD: &str = "# Local card, hand-written\n";

fn hub() -> FakeHub {
    let hub = FakeHub::start();
    hub.repo("alice/m", Some(REMOTE));
    hub
}

#[cfg(unix)]
#[test]
fn pull_through_a_symlink_writes_its_target_and_says_so() {
    let hub = hub();
    let sb = Sandbox::new();
    sb.write("real.md", OLD);
    let _ = std::fs::remove_file(sb.path("README.md"));
    std::os::unix::fs::symlink("real.md", sb.path("README.md")).unwrap();
    let r = run(&mut sb.cardgen(&hub.url()), &["pull", "alice/m", "--force"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stderr.contains("README.md is a symbolic link"), "{r:?}");
    assert_eq!(std::fs::read(sb.path("real.md")).unwrap(), REMOTE);
    let meta = std::fs::symlink_metadata(sb.path("README.md")).unwrap();
    assert!(meta.file_type().is_symlink());
}

#[cfg(unix)]
#[test]
fn pull_killed_before_the_rename_keeps_the_old_file() {
    let hub = hub();
    let sb = Sandbox::new();
    sb.write("README.md", OLD);
    let mut child = sb
        .cardgen(&hub.url())
        .env("CARDGEN_TEST_PAUSE_BEFORE_RENAME", "30000")
        .args(["pull", "alice/m", "--force"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    loop {
        let temp = std::fs::read_dir(sb.dir.path()).unwrap().any(|e| {
            let e = e.unwrap();
            e.file_name().to_string_lossy().ends_with(".tmp")
                && e.metadata().unwrap().len() == REMOTE.len() as u64
        });
        if temp {
            break;
        }
        assert!(start.elapsed().as_secs() < 60, "no temp file appeared");
        assert!(child.try_wait().unwrap().is_none(), "pull finished early");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(std::fs::read_to_string(sb.path("README.md")).unwrap(), OLD);
}
