//! [`Transport`] over `ureq` (blocking, rustls). Statuses come back as data; the token goes in
//! the `authorization` header only, and only follows redirects to the same host.

use std::time::Duration;

use ureq::config::RedirectAuthHeaders;
use ureq::http;

use super::transport::{Method, NetError, NetErrorKind, Request, Response, Transport};

/// The largest response body read (a card is far smaller).
const MAX_BODY: u64 = 16 * 1024 * 1024;

/// Timeouts and proxy use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpOptions {
    /// Time to establish a connection (TCP and TLS).
    pub connect_timeout: Duration,
    /// Time for a whole request, response body included.
    pub timeout: Duration,
    /// Use `ALL_PROXY`/`HTTPS_PROXY`/`HTTP_PROXY` and `NO_PROXY` from the environment.
    pub proxy_from_env: bool,
}

impl Default for HttpOptions {
    fn default() -> Self {
        HttpOptions {
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(60),
            proxy_from_env: true,
        }
    }
}

pub struct UreqTransport {
    agent: ureq::Agent,
}

impl UreqTransport {
    pub fn new(options: &HttpOptions) -> Self {
        let mut config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(options.connect_timeout))
            .timeout_global(Some(options.timeout))
            .redirect_auth_headers(RedirectAuthHeaders::SameHost)
            .user_agent(format!("cardgen/{}", env!("CARGO_PKG_VERSION")));
        if !options.proxy_from_env {
            config = config.proxy(None);
        }
        UreqTransport {
            agent: config.build().into(),
        }
    }

    fn run(&self, req: &Request) -> Result<http::Response<ureq::Body>, ureq::Error> {
        let mut builder = http::Request::builder()
            .method(req.method.as_str())
            .uri(&req.url);
        for (name, value) in &req.headers {
            builder = builder.header(*name, value);
        }
        if let Some(secret) = &req.auth {
            builder = builder.header("authorization", format!("Bearer {}", secret.expose()));
        }
        match req.method {
            Method::Get => self.agent.run(builder.body(())?),
            Method::Post => self.agent.run(builder.body(req.body.clone())?),
        }
    }
}

impl Transport for UreqTransport {
    fn send(&self, req: &Request) -> Result<Response, NetError> {
        let mut resp = self.run(req).map_err(net_error)?;
        let status = resp.status().as_u16();
        let headers = resp
            .headers()
            .iter()
            .map(|(k, v)| {
                let value = String::from_utf8_lossy(v.as_bytes()).into_owned();
                (k.as_str().to_owned(), value)
            })
            .collect();
        let body = resp
            .body_mut()
            .with_config()
            .limit(MAX_BODY)
            .read_to_vec()
            .map_err(net_error)?;
        Ok(Response {
            status,
            headers,
            body,
        })
    }
}

fn net_error(e: ureq::Error) -> NetError {
    use ureq::Error as E;
    let kind = match &e {
        E::Timeout(_) => NetErrorKind::Timeout,
        E::ConnectionFailed
        | E::HostNotFound
        | E::ConnectProxyFailed(_)
        | E::InvalidProxyUrl
        | E::Tls(_)
        | E::Rustls(_)
        | E::TlsRequired => NetErrorKind::Connect,
        E::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => NetErrorKind::Connect,
        E::Io(_) | E::Protocol(_) | E::BodyStalled => NetErrorKind::Dropped,
        _ => NetErrorKind::Other,
    };
    NetError {
        kind,
        message: e.to_string(),
    }
}
