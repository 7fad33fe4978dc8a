//! A panic hook that never prints a token: the message and location are redacted of every token
//! cardgen loaded (registered with [`register`]) and of anything shaped like a Hugging Face
//! token (`hf_` and 20 or more letters and digits), then printed with a request to report the bug.

use std::sync::{Mutex, OnceLock};

use cardgen::hub::Secret;

static SECRETS: Mutex<Vec<Secret>> = Mutex::new(Vec::new());

/// Test hook: set to `1` to panic, with the token in the message, right after a token is loaded.
pub const TEST_PANIC_ENV: &str = "CARDGEN_TEST_PANIC_WITH_TOKEN";

/// Remember a token so a panic message never shows it.
pub fn register(secret: &Secret) {
    if let Ok(mut s) = SECRETS.lock() {
        if !s.contains(secret) {
            s.push(secret.clone());
        }
    }
    if std::env::var(TEST_PANIC_ENV).is_ok_and(|v| v == "1") {
        panic!(
            "test panic requested by {TEST_PANIC_ENV}; token {}",
            secret.expose()
        );
    }
}

/// `text` with every registered token and every token-shaped word replaced.
pub fn redact(text: &str) -> String {
    static SHAPE: OnceLock<regex::Regex> = OnceLock::new();
    // `lock` can only fail if a panic happened while it was held; redact with what is known.
    let mut out = text.to_owned();
    let secrets = SECRETS.lock().map(|s| s.clone()).unwrap_or_default();
    for s in &secrets {
        out = s.redact(&out);
    }
    let shape = SHAPE.get_or_init(|| regex::Regex::new(r"hf_[A-Za-z0-9]{20,}").expect("valid"));
    shape
        .replace_all(&out, cardgen::hub::secret::REDACTED)
        .into_owned()
}

/// Install the hook (once, at start-up).
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let payload = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(no message)".to_owned());
        let location = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let thread = std::thread::current();
        let name = thread.name().unwrap_or("<unnamed>");
        eprintln!(
            "{}",
            redact(&format!(
                "thread '{name}' panicked{location}:\n{payload}\n\
                 error: this is a bug in cardgen; please report it (the message above has any \
                 token removed)"
            ))
        );
        if std::env::var_os("RUST_BACKTRACE").is_some_and(|v| v != "0") {
            let bt = std::backtrace::Backtrace::force_capture();
            eprintln!("{}", redact(&bt.to_string()));
        }
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_registered_and_token_shaped_text() {
        let s = Secret::new("s3cr3t-value").unwrap();
        SECRETS.lock().unwrap().push(s);
        let out = redact("a s3cr3t-value b hf_abcdefghijklmnopqrstuvwxyz c hf_short");
        assert_eq!(out, "a [REDACTED] b [REDACTED] c hf_short");
    }
}
