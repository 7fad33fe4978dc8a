//! JSON-RPC over standard input and output, with the `Content-Length` framing of the protocol.
//! lsp-server's own stdio transport ends the reader at the first message it cannot parse; this
//! one answers such a message with the JSON-RPC error it calls for and reads on, so that no
//! input but the end of standard input stops the server.

use std::io::{self, BufRead, Read, Write};
use std::thread;

use crossbeam_channel::{unbounded, Receiver, Sender};
use lsp_server::{ErrorCode, Message};
use serde_json::{json, Value};

/// A body larger than this is skipped unread (and answered with an error): no client sends
/// one, and reading it would only hold memory.
const MAX_BODY: usize = 1 << 30;

/// The two ends the main loop uses, and the thread that writes.
pub struct Transport {
    pub sender: Sender<Message>,
    pub receiver: Receiver<Message>,
    writer: thread::JoinHandle<()>,
}

impl Transport {
    /// Start the reader and writer threads on standard input and output.
    pub fn stdio() -> io::Result<Transport> {
        // Unbounded: the reader reads ahead, so that the main loop sees a burst of edits at
        // once and lints after the last of them.
        let (to_loop, receiver) = unbounded::<Message>();
        let (sender, from_loop) = unbounded::<Message>();
        let writer = thread::Builder::new()
            .name("lsp-writer".into())
            .spawn(move || {
                for message in from_loop {
                    let mut out = io::stdout().lock();
                    if message.write(&mut out).is_err() {
                        return; // the client is gone
                    }
                }
            })?;
        thread::Builder::new()
            .name("lsp-reader".into())
            .spawn(move || read_loop(&mut io::stdin().lock(), &to_loop, &mut RawOut))?;
        Ok(Transport {
            sender,
            receiver,
            writer,
        })
    }

    /// Close the outgoing channel and wait until everything sent has been written.
    pub fn finish(self) {
        drop(self.sender);
        let _ = self.writer.join();
    }
}

/// Where the reader writes the error responses it makes itself: standard output, locked for
/// the whole message so that it never interleaves with the writer thread's.
struct RawOut;

impl RawOut {
    fn send(&mut self, value: &Value) {
        let text = value.to_string();
        let mut out = io::stdout().lock();
        let _ = write!(out, "Content-Length: {}\r\n\r\n{text}", text.len());
        let _ = out.flush();
    }
}

/// Read messages until the input ends (or the main loop is gone). Whatever cannot be read as a
/// message is answered with a JSON-RPC error and skipped.
fn read_loop(input: &mut impl BufRead, to_loop: &Sender<Message>, out: &mut RawOut) {
    loop {
        let body = match read_frame(input) {
            Ok(Some(Frame::Body(body))) => body,
            Ok(Some(Frame::Bad(why))) => {
                out.send(&error(Value::Null, ErrorCode::ParseError, &why));
                continue;
            }
            Ok(None) | Err(_) => return,
        };
        match parse(&body) {
            Ok(message) => {
                if to_loop.send(message).is_err() {
                    return;
                }
            }
            Err(reply) => out.send(&reply),
        }
    }
}

enum Frame {
    Body(Vec<u8>),
    /// A frame whose header could not be used; what was wrong.
    Bad(String),
}

/// The next frame's body; `None` at the end of the input.
fn read_frame(input: &mut impl BufRead) -> io::Result<Option<Frame>> {
    let mut length = None;
    let mut bad_header = None;
    let mut line = Vec::new();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            return Ok(None);
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if length.is_none() && bad_header.is_none() {
                continue; // a stray blank line between messages
            }
            break;
        }
        match text.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                match value.trim().parse::<usize>() {
                    Ok(n) => length = Some(n),
                    Err(_) => bad_header = Some(format!("bad Content-Length `{}`", value.trim())),
                }
            }
            Some(_) => {} // Content-Type and other headers
            None => bad_header = Some(format!("malformed header line `{text}`")),
        }
    }
    let Some(length) = length else {
        let why = bad_header.unwrap_or_else(|| "no Content-Length header".into());
        return Ok(Some(Frame::Bad(why)));
    };
    if length > MAX_BODY {
        io::copy(&mut input.take(length as u64), &mut io::sink())?;
        return Ok(Some(Frame::Bad(format!(
            "a message of {length} bytes is over the limit of {MAX_BODY}"
        ))));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    Ok(Some(Frame::Body(body)))
}

/// A message, or the error response for a body that is not one.
fn parse(body: &[u8]) -> Result<Message, Value> {
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        error(
            Value::Null,
            ErrorCode::ParseError,
            &format!("not JSON: {e}"),
        )
    })?;
    serde_json::from_value::<Message>(value.clone()).map_err(|e| {
        // Answer with the request's id where it has a usable one.
        let id = value
            .get("id")
            .filter(|id| id.is_i64() || id.is_string())
            .cloned()
            .unwrap_or(Value::Null);
        error(
            id,
            ErrorCode::InvalidRequest,
            &format!("not a JSON-RPC request, response or notification: {e}"),
        )
    })
}

fn error(id: Value, code: ErrorCode, message: &str) -> Value {
    json!({
        "jsonrpc": "2.0",
        "id": id,
        "error": { "code": code as i32, "message": message },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &str) -> Vec<Result<String, String>> {
        let mut input = io::Cursor::new(input.as_bytes().to_vec());
        let mut out = Vec::new();
        while let Some(frame) = read_frame(&mut input).unwrap() {
            out.push(match frame {
                Frame::Body(b) => Ok(String::from_utf8(b).unwrap()),
                Frame::Bad(why) => Err(why),
            });
        }
        out
    }

    #[test]
    fn frames_survive_bad_headers() {
        let got = frames(
            "Content-Length: 2\r\n\r\n{}garbage\r\n\r\nContent-Length: x\r\n\r\nContent-Type: a\r\nContent-Length: 4\r\n\r\nnull",
        );
        assert_eq!(got.len(), 4, "{got:?}");
        assert_eq!(got[0], Ok("{}".into()));
        assert!(got[1].as_ref().is_err_and(|e| e.contains("garbage")));
        assert!(got[2].as_ref().is_err_and(|e| e.contains("Content-Length")));
        assert_eq!(got[3], Ok("null".into()));
    }

    #[test]
    fn bodies_that_are_not_messages_get_errors_with_their_id() {
        let reply = parse(b"{\"id\": 7, \"params\": 1}").unwrap_err();
        assert_eq!(reply["id"], 7);
        assert_eq!(reply["error"]["code"], ErrorCode::InvalidRequest as i32);
        let reply = parse(b"{oops").unwrap_err();
        assert_eq!(reply["id"], Value::Null);
        assert_eq!(reply["error"]["code"], ErrorCode::ParseError as i32);
        assert!(parse(b"{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}").is_ok());
    }
}
