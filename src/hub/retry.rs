//! When and how long to wait before trying a request again.

use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

/// A bounded retry policy: exponential backoff with jitter, honouring `Retry-After`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub max_attempts: u32,
    /// The wait before the first retry, doubled for each further one.
    pub base: Duration,
    /// The longest backoff wait.
    pub max_delay: Duration,
    /// The longest `Retry-After` cardgen will wait; a longer one ends the retries.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 5,
            base: Duration::from_millis(500),
            max_delay: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// How long to wait after failed attempt number `attempt` (1-based), or `None` to stop.
    /// `jitter` in `[0, 1)` spreads the backoff over its upper half; `Retry-After` is used as
    /// given.
    pub fn delay(
        &self,
        attempt: u32,
        retry_after: Option<Duration>,
        jitter: f64,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        if let Some(wait) = retry_after {
            return (wait <= self.max_retry_after).then_some(wait);
        }
        let exp = self.base.saturating_mul(1 << (attempt - 1).min(16));
        let capped = exp.min(self.max_delay);
        Some(capped.mul_f64(0.5 + 0.5 * jitter.clamp(0.0, 1.0)))
    }
}

/// Statuses worth retrying: rate limiting and transient server errors.
pub fn is_retryable_status(status: u16) -> bool {
    matches!(status, 429 | 500 | 502 | 503 | 504)
}

/// `Retry-After` as delay-seconds. An HTTP-date gives `None` (then backoff applies), as in
/// `huggingface_hub`.
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

/// A number in `[0, 1)` that differs between calls and processes (std's randomly seeded hasher).
pub fn jitter() -> f64 {
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    (h.finish() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_is_capped_and_bounded() {
        let p = RetryPolicy::default();
        let ms = |a, j| p.delay(a, None, j).map(|d| d.as_millis());
        assert_eq!(ms(1, 1.0), Some(500));
        assert_eq!(ms(2, 1.0), Some(1000));
        assert_eq!(ms(3, 0.0), Some(1000));
        assert_eq!(ms(4, 1.0), Some(4000));
        assert_eq!(ms(5, 1.0), None);
        let long = RetryPolicy {
            max_attempts: 40,
            ..p.clone()
        };
        assert_eq!(long.delay(30, None, 1.0), Some(Duration::from_secs(8)));
    }

    #[test]
    fn retry_after_is_honoured_up_to_a_limit() {
        let p = RetryPolicy::default();
        let s = Duration::from_secs;
        assert_eq!(p.delay(1, Some(s(3)), 0.7), Some(s(3)));
        assert_eq!(p.delay(1, Some(s(61)), 0.7), None);
        assert_eq!(parse_retry_after(" 7 "), Some(s(7)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
    }

    #[test]
    fn jitter_is_in_range_and_varies() {
        let xs: Vec<f64> = (0..20).map(|_| jitter()).collect();
        assert!(xs.iter().all(|x| (0.0..1.0).contains(x)));
        assert!(xs.windows(2).any(|w| w[0] != w[1]));
    }

    #[test]
    fn retryable_statuses() {
        assert!([429, 500, 502, 503, 504]
            .iter()
            .all(|s| is_retryable_status(*s)));
        assert!(![400, 401, 403, 404, 409, 412, 413, 501]
            .iter()
            .any(|s| is_retryable_status(*s)));
    }
}
