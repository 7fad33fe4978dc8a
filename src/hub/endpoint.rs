//! The Hub's base URL (`HF_ENDPOINT`), checked: `https://`, or `http://` to a loopback host.

use std::net::IpAddr;

/// Where the Hub is when `HF_ENDPOINT` is not set.
pub const DEFAULT_ENDPOINT: &str = "https://huggingface.co";

/// A checked base URL without a trailing `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint(String);

impl Endpoint {
    /// Check a base URL. Plain `http://` is refused unless the host is `localhost`, an address
    /// in 127.0.0.0/8 or `[::1]`, so a token is never sent unencrypted over a network.
    pub fn parse(url: &str) -> Result<Self, String> {
        let url = url.trim().trim_end_matches('/');
        let (scheme, rest) = url
            .split_once("://")
            .ok_or_else(|| format!("`{url}` is not a URL (expected https://host)"))?;
        let authority = rest.split('/').next().unwrap_or_default();
        if authority.is_empty() || authority.contains('@') {
            return Err(format!("`{url}` has no host, or has user info in it"));
        }
        match scheme.to_ascii_lowercase().as_str() {
            "https" => Ok(Endpoint(url.to_owned())),
            "http" if is_loopback(host_of(authority)) => Ok(Endpoint(url.to_owned())),
            "http" => Err(format!(
                "refusing plain http:// endpoint `{url}`: the token would travel unencrypted; \
                 use https:// (http:// is allowed only for localhost/127.0.0.1/[::1])"
            )),
            other => Err(format!(
                "`{url}`: unsupported scheme `{other}` (use https://)"
            )),
        }
    }

    /// The endpoint from `HF_ENDPOINT`, or the public Hub.
    pub fn from_env(var: Option<String>) -> Result<Self, String> {
        match var.filter(|v| !v.trim().is_empty()) {
            Some(v) => Self::parse(&v).map_err(|e| format!("HF_ENDPOINT: {e}")),
            None => Ok(Endpoint(DEFAULT_ENDPOINT.to_owned())),
        }
    }

    /// The base URL, without a trailing `/`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `base + path`; `path` starts with `/`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.0)
    }
}

/// The host of `host[:port]` or `[v6]:port`.
fn host_of(authority: &str) -> &str {
    if let Some(v6) = authority.strip_prefix('[') {
        return v6.split(']').next().unwrap_or_default();
    }
    authority.rsplit_once(':').map_or(authority, |(h, _)| h)
}

fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_and_loopback_http_are_accepted() {
        for ok in [
            "https://huggingface.co/",
            "https://hf-mirror.example/prefix",
            "http://127.0.0.1:8080",
            "http://127.1.2.3",
            "http://localhost:9/",
            "http://[::1]:80",
        ] {
            assert!(Endpoint::parse(ok).is_ok(), "{ok}");
        }
        assert_eq!(
            Endpoint::parse("https://h.co/").unwrap().url("/api/x"),
            "https://h.co/api/x"
        );
    }

    #[test]
    fn plain_http_elsewhere_and_odd_urls_are_refused() {
        for bad in [
            "http://huggingface.co",
            "http://10.0.0.1",
            "http://127.0.0.1.evil.example",
            "http://localhost@evil.example",
            "ftp://x",
            "huggingface.co",
            "https://",
        ] {
            assert!(Endpoint::parse(bad).is_err(), "{bad}");
        }
        assert!(Endpoint::parse("http://example.com")
            .unwrap_err()
            .contains("unencrypted"));
    }

    #[test]
    fn env_default() {
        assert_eq!(Endpoint::from_env(None).unwrap().as_str(), DEFAULT_ENDPOINT);
        assert_eq!(
            Endpoint::from_env(Some(String::new())).unwrap().as_str(),
            DEFAULT_ENDPOINT
        );
        assert!(Endpoint::from_env(Some("http://x.org".into()))
            .unwrap_err()
            .starts_with("HF_ENDPOINT"));
    }
}
