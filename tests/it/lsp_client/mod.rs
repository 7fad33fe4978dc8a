//! A minimal LSP client for the tests: runs `cardgen server` and speaks JSON-RPC with it over
//! its standard input and output, as an editor does.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// Long enough for a debug build on a busy machine; a server that does not answer in this time
/// is stuck.
const TIMEOUT: Duration = Duration::from_secs(60);

pub struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    /// Messages received while waiting for something else, in order.
    pending: Vec<Value>,
    next_id: i64,
}

/// `file://` URI of a path (the test paths are plain ASCII, without characters to escape).
pub fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

impl Client {
    /// Start `cardgen server ARGS` in `dir`, without initializing.
    pub fn spawn(dir: &Path, args: &[&str]) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_cardgen"))
            .arg("server")
            .args(args)
            .current_dir(dir)
            .env_remove("CARDGEN_MAX_CARD_SIZE")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("cardgen server starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, incoming) = channel();
        std::thread::spawn(move || {
            let mut out = BufReader::new(stdout);
            while let Some(message) = read_message(&mut out) {
                if tx.send(message).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            incoming,
            pending: Vec::new(),
            next_id: 1,
        }
    }

    /// Start and initialize with `capabilities`.
    pub fn start_with(dir: &Path, args: &[&str], capabilities: Value) -> (Client, Value) {
        let mut client = Client::spawn(dir, args);
        let result = client.request(
            "initialize",
            json!({ "processId": null, "rootUri": uri(dir), "capabilities": capabilities }),
        );
        client.notify("initialized", json!({}));
        (client, result)
    }

    /// Start and initialize as an editor that shows related information and Markdown hovers.
    pub fn start(dir: &Path) -> Client {
        let capabilities = json!({
            "textDocument": {
                "publishDiagnostics": { "relatedInformation": true },
                "hover": { "contentFormat": ["markdown", "plaintext"] },
            },
        });
        Client::start_with(dir, &[], capabilities).0
    }

    /// Write bytes to the server as they are (for malformed input).
    pub fn send_raw(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).unwrap();
        self.stdin.flush().unwrap();
    }

    pub fn send(&mut self, message: &Value) {
        let body = message.to_string();
        let frame = format!("Content-Length: {}\r\n\r\n{body}", body.len());
        self.send_raw(frame.as_bytes());
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Send a request and return the whole response (`result` or `error`).
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        self.wait_for(|m| m["id"] == id && m.get("method").is_none())
    }

    /// Send a request and return its `result`; panics on an error response.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.call(method, params);
        assert!(response.get("error").is_none(), "{method}: {response}");
        response["result"].clone()
    }

    /// The first message (received or still to come) that `want` accepts; earlier messages
    /// that it does not accept are kept for later waits.
    pub fn wait_for(&mut self, want: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.pending.iter().position(&want) {
            return self.pending.remove(i);
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.incoming.recv_timeout(left) {
                Ok(m) if want(&m) => return m,
                Ok(m) => self.pending.push(m),
                Err(RecvTimeoutError::Timeout) => panic!(
                    "no awaited message from the server in {TIMEOUT:?}; received: {:#?}",
                    self.pending
                ),
                Err(RecvTimeoutError::Disconnected) => panic!(
                    "the server closed its output; received: {:#?}",
                    self.pending
                ),
            }
        }
    }

    /// The diagnostics published for `uri` at document `version`.
    pub fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let m = self.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        });
        m["params"]["diagnostics"].as_array().unwrap().clone()
    }

    /// Every message received so far and not yet awaited.
    pub fn drain(&mut self) -> Vec<Value> {
        while let Ok(m) = self.incoming.recv_timeout(Duration::from_millis(200)) {
            self.pending.push(m);
        }
        std::mem::take(&mut self.pending)
    }

    pub fn open(&mut self, path: &Path, text: &str) -> String {
        let uri = uri(path);
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": {
                "uri": uri, "languageId": "markdown", "version": 1, "text": text,
            }}),
        );
        uri
    }

    /// `shutdown` then `exit`; the server's exit status.
    pub fn shutdown(mut self) -> ExitStatus {
        let result = self.request("shutdown", Value::Null);
        assert_eq!(result, Value::Null);
        self.notify("exit", Value::Null);
        self.wait()
    }

    /// Close the server's input and wait for it to end.
    pub fn wait(mut self) -> ExitStatus {
        drop(self.stdin);
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

fn read_message(out: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if out.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            length = v.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    out.read_exact(&mut body).ok()?;
    Some(serde_json::from_slice(&body).expect("the server writes JSON"))
}

/// The byte offset of an LSP position in `text`, counting `character` in UTF-16 code units
/// (written here independently of the server's own conversion).
pub fn offset_utf16(text: &str, position: &Value) -> usize {
    let line = position["line"].as_u64().unwrap() as usize;
    let character = position["character"].as_u64().unwrap() as usize;
    let mut start = 0;
    for _ in 0..line {
        let rest = &text[start..];
        let Some(i) = rest.find(['\n', '\r']) else {
            return text.len(); // past the last line
        };
        start += i + if rest[i..].starts_with("\r\n") { 2 } else { 1 };
    }
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units >= character || c == '\n' || c == '\r' {
            return start + i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// The LSP position (UTF-16) of byte `offset` in `text`.
pub fn position_utf16(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let character: usize = before[start..].chars().map(char::len_utf16).sum();
    json!({ "line": line, "character": character })
}

/// `text` with LSP text edits (UTF-16 ranges) applied.
pub fn apply(text: &str, edits: &[Value]) -> String {
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            (
                offset_utf16(text, &e["range"]["start"]),
                offset_utf16(text, &e["range"]["end"]),
                e["newText"].as_str().unwrap(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_owned();
    for (start, end, new) in spans {
        out.replace_range(start..end, new);
    }
    out
}
