//! A tiny HTTP/1.1 server on 127.0.0.1 for tests: one connection at a time, `Connection:
//! close` on every reply, every request recorded. It stops when dropped, after
//! `MAX_REQUESTS` requests or after `MAX_LIFETIME`, whichever comes first.

use std::io::{BufRead, BufReader, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde_json::Value;

const MAX_REQUESTS: usize = 200;
const MAX_LIFETIME: Duration = Duration::from_secs(120);
const MAX_BODY: usize = 8 * 1024 * 1024;

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub query: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }

    /// The body as NDJSON lines (`None` for a line that is not JSON).
    pub fn ndjson(&self) -> Vec<Option<Value>> {
        String::from_utf8_lossy(&self.body)
            .split_terminator('\n')
            .map(|l| serde_json::from_str(l).ok())
            .collect()
    }

    /// `METHOD path[?query]`.
    pub fn line(&self) -> String {
        match self.query.as_str() {
            "" => format!("{} {}", self.method, self.path),
            q => format!("{} {}?{q}", self.method, self.path),
        }
    }
}

/// What to answer.
pub enum Reply {
    Send {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Close the connection without answering.
    Drop,
    /// Answer with a `Content-Length` larger than the body, then close.
    Truncate { status: u16, body: Vec<u8> },
}

type Handler = Box<dyn FnMut(&Recorded) -> (Duration, Reply) + Send>;

pub struct Server {
    pub addr: std::net::SocketAddr,
    log: Arc<Mutex<Vec<Recorded>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Start serving; `handler` returns a delay before replying, and the reply.
    pub fn start(handler: Handler) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (l, s) = (Arc::clone(&log), Arc::clone(&stop));
        let thread = std::thread::spawn(move || serve(listener, handler, l, s));
        Server {
            addr,
            log,
            stop,
            thread: Some(thread),
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.log.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn serve(
    listener: TcpListener,
    mut handler: Handler,
    log: Arc<Mutex<Vec<Recorded>>>,
    stop: Arc<AtomicBool>,
) {
    let started = Instant::now();
    let mut served = 0;
    while !stop.load(Ordering::SeqCst) && started.elapsed() < MAX_LIFETIME && served < MAX_REQUESTS
    {
        match listener.accept() {
            Ok((stream, _)) => {
                served += 1;
                let _ = handle(stream, &mut handler, &log, &stop);
            }
            Err(_) => std::thread::sleep(Duration::from_millis(5)),
        }
    }
}

fn handle(
    stream: TcpStream,
    handler: &mut Handler,
    log: &Mutex<Vec<Recorded>>,
    stop: &AtomicBool,
) -> std::io::Result<()> {
    stream.set_nonblocking(false)?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let Some(req) = read_request(&mut reader)? else {
        return Ok(());
    };
    log.lock().unwrap().push(req.clone());
    let (delay, reply) = handler(&req);
    let until = Instant::now() + delay;
    while Instant::now() < until && !stop.load(Ordering::SeqCst) {
        std::thread::sleep(Duration::from_millis(10));
    }
    write_reply(stream, reply)
}

fn read_request(r: &mut impl BufRead) -> std::io::Result<Option<Recorded>> {
    let mut line = String::new();
    if r.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_owned();
    let target = parts.next().unwrap_or_default();
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        r.read_line(&mut h)?;
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.push((k.trim().to_owned(), v.trim().to_owned()));
        }
    }
    let mut req = Recorded {
        method,
        path: path.to_owned(),
        query: query.to_owned(),
        headers,
        body: Vec::new(),
    };
    req.body = read_body(r, &req)?;
    Ok(Some(req))
}

fn read_body(r: &mut impl BufRead, req: &Recorded) -> std::io::Result<Vec<u8>> {
    if req
        .header("transfer-encoding")
        .is_some_and(|v| v.eq_ignore_ascii_case("chunked"))
    {
        return read_chunked(r);
    }
    let len: usize = req
        .header("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; len.min(MAX_BODY)];
    r.read_exact(&mut body)?;
    Ok(body)
}

fn read_chunked(r: &mut impl BufRead) -> std::io::Result<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let mut size = String::new();
        r.read_line(&mut size)?;
        let n =
            usize::from_str_radix(size.trim().split(';').next().unwrap_or("0"), 16).unwrap_or(0);
        let mut chunk = vec![0; n + 2];
        r.read_exact(&mut chunk)?;
        if n == 0 || body.len() > MAX_BODY {
            return Ok(body);
        }
        body.extend_from_slice(&chunk[..n]);
    }
}

fn write_reply(mut stream: TcpStream, reply: Reply) -> std::io::Result<()> {
    let (status, headers, body, declared) = match reply {
        Reply::Drop => return stream.shutdown(Shutdown::Both),
        Reply::Send {
            status,
            headers,
            body,
        } => (status, headers, body.clone(), body.len()),
        Reply::Truncate { status, body } => (status, Vec::new(), body.clone(), body.len() + 100),
    };
    let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (k, v) in &headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if !headers
        .iter()
        .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
    {
        head.push_str("Content-Type: application/json\r\n");
    }
    head.push_str(&format!(
        "Content-Length: {declared}\r\nConnection: close\r\n\r\n"
    ));
    stream.write_all(head.as_bytes())?;
    stream.write_all(&body)?;
    stream.flush()?;
    stream.shutdown(Shutdown::Both)
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        412 => "Precondition Failed",
        413 => "Payload Too Large",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}
