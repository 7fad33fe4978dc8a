//! The HTTP seam: one request in, one response (or a network error) out. The `hub` feature
//! provides [`super::http::UreqTransport`]; tests can provide their own.

use super::secret::Secret;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// One request. The token travels separately from the other headers, as a [`Secret`], so a
/// request can be logged or debug-printed without showing it.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(&'static str, String)>,
    pub auth: Option<Secret>,
    pub body: Vec<u8>,
}

impl Request {
    pub fn get(url: String) -> Self {
        Request {
            method: Method::Get,
            url,
            headers: Vec::new(),
            auth: None,
            body: Vec::new(),
        }
    }

    pub fn post(url: String, content_type: &str, body: Vec<u8>) -> Self {
        Request {
            method: Method::Post,
            url,
            headers: vec![("content-type", content_type.to_owned())],
            auth: None,
            body,
        }
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }
}

/// A response with any status (statuses are data here, not errors).
#[derive(Debug, Clone, Default)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    /// A header's value; names compare case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// What went wrong below HTTP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetErrorKind {
    /// Could not connect (refused, DNS, TLS handshake, proxy). The request was not sent.
    Connect,
    /// A connect or overall timeout.
    Timeout,
    /// The connection dropped or the response was cut short; the request may have arrived.
    Dropped,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetError {
    pub kind: NetErrorKind,
    pub message: String,
}

impl std::fmt::Display for NetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Sends requests. Implementations add the `authorization: Bearer` header from
/// [`Request::auth`] and must not follow redirects to other hosts with it.
pub trait Transport {
    fn send(&self, request: &Request) -> Result<Response, NetError>;
}
