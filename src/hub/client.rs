//! [`Hub`]: a transport, an endpoint, a token, and the retry loop every call goes through.

use std::time::Duration;

use super::endpoint::Endpoint;
use super::error::HubError;
use super::retry::{self, RetryPolicy};
use super::secret::Secret;
use super::status::{self, Ctx};
use super::token::TokenLookup;
use super::transport::{NetError, NetErrorKind, Request, Response, Transport};

/// Which failures a call may retry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Retry {
    /// 429, 5xx and network errors: for calls that are safe to repeat.
    Transient,
    /// Only what shows the request was not acted on: 429 and failures to connect.
    NotActedOn,
}

/// A client for one Hub endpoint with one (optional) token.
pub struct Hub {
    transport: Box<dyn Transport>,
    endpoint: Endpoint,
    auth: TokenLookup,
    policy: RetryPolicy,
    pause: fn(Duration),
    user_agent: String,
}

impl Hub {
    pub fn new(transport: Box<dyn Transport>, endpoint: Endpoint, auth: TokenLookup) -> Self {
        Hub {
            transport,
            endpoint,
            auth,
            policy: RetryPolicy::default(),
            pause: std::thread::sleep,
            user_agent: format!("cardgen/{}", env!("CARGO_PKG_VERSION")),
        }
    }

    /// Replace the retry policy and the function that waits between attempts.
    pub fn with_retry(mut self, policy: RetryPolicy, pause: fn(Duration)) -> Self {
        self.policy = policy;
        self.pause = pause;
        self
    }

    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// The token and where cardgen looked for it.
    pub fn auth(&self) -> &TokenLookup {
        &self.auth
    }

    pub(crate) fn policy(&self) -> &RetryPolicy {
        &self.policy
    }

    pub(crate) fn pause(&self, d: Duration) {
        (self.pause)(d);
    }

    fn secret(&self) -> Option<&Secret> {
        self.auth.token.as_ref().map(|t| &t.secret)
    }

    /// `text` with the token (if any) replaced by `[REDACTED]`.
    pub fn redact(&self, text: &str) -> String {
        match self.secret() {
            Some(s) => s.redact(text),
            None => text.to_owned(),
        }
    }

    /// Send with retries; a 2xx/3xx response is `Ok`, anything else an error in `ctx`.
    pub(crate) fn send(
        &self,
        ctx: &Ctx<'_>,
        req: Request,
        mode: Retry,
    ) -> Result<Response, HubError> {
        let mut req = req.header("user-agent", self.user_agent.clone());
        req.auth = self.secret().cloned();
        let mut attempt = 1;
        loop {
            let wait = match self.transport.send(&req) {
                Ok(resp) if resp.status < 400 => return Ok(resp),
                Ok(resp) => self
                    .retry_status(&resp, attempt, mode)
                    .ok_or_else(|| self.status_error(ctx, &resp, attempt))?,
                Err(net) => self
                    .retry_net(&net, attempt, mode)
                    .ok_or_else(|| self.net_error(net, attempt))?,
            };
            (self.pause)(wait);
            attempt += 1;
        }
    }

    fn retry_status(&self, resp: &Response, attempt: u32, mode: Retry) -> Option<Duration> {
        let allowed = match mode {
            Retry::Transient => retry::is_retryable_status(resp.status),
            Retry::NotActedOn => resp.status == 429,
        };
        let after = resp
            .header("retry-after")
            .and_then(retry::parse_retry_after);
        allowed
            .then(|| self.policy.delay(attempt, after, retry::jitter()))
            .flatten()
    }

    fn retry_net(&self, err: &NetError, attempt: u32, mode: Retry) -> Option<Duration> {
        let allowed = mode == Retry::Transient || err.kind == NetErrorKind::Connect;
        allowed
            .then(|| self.policy.delay(attempt, None, retry::jitter()))
            .flatten()
    }

    pub(crate) fn status_error(&self, ctx: &Ctx<'_>, resp: &Response, attempts: u32) -> HubError {
        status::status_error(ctx, resp, attempts, &self.auth, &|s| self.redact(s))
    }

    fn net_error(&self, err: NetError, attempts: u32) -> HubError {
        HubError::Network {
            kind: err.kind,
            attempts,
            message: self.redact(&err.message),
        }
    }
}
