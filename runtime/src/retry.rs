//! Retry policy: which answers are retried and how long to wait.

use std::time::{Duration, SystemTime};

use rand::Rng;
use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};

/// How often and how patiently the [`Client`](crate::Client) retries.
///
/// What is retried:
/// * answers `429 Too Many Requests`, `503 Service Unavailable` and
///   `504 Gateway Timeout`, for every method (Graph's throttling guidance;
///   Microsoft's own SDKs do the same). The wait honours `Retry-After`
///   (seconds or an HTTP date), capped by `max_delay`; without it the wait is
///   exponential backoff with full jitter;
/// * transport errors (connection refused, reset, connect timeout) only for
///   idempotent methods: `GET`, `HEAD`, `PUT`, `DELETE` (and `OPTIONS`,
///   `TRACE`). A `POST` or `PATCH` is never re-sent after a transport error,
///   since it may already have taken effect.
///
/// A request that exceeds the overall timeout is not retried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Maximum number of requests in total, including the first one
    /// (values below 1 are treated as 1).
    pub max_attempts: u32,
    /// Base of the exponential backoff: the n-th retry waits a random
    /// duration in `[0, min(max_delay, base_delay * 2^(n-1))]`.
    pub base_delay: Duration,
    /// Upper bound for any single wait, including one requested by `Retry-After`.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    /// 4 attempts, 500 ms base delay, 30 s maximum delay.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries (one attempt).
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// `max_attempts`, but at least 1.
    pub(crate) fn attempts_allowed(&self) -> u32 {
        self.max_attempts.max(1)
    }

    /// The wait before the retry that follows attempt number `attempt`
    /// (1-based): `Retry-After` if present, else full-jitter backoff.
    pub(crate) fn delay(&self, attempt: u32, headers: Option<&HeaderMap>) -> Duration {
        let requested = headers.and_then(|headers| retry_after(headers, SystemTime::now()));
        match requested {
            Some(wait) => wait.min(self.max_delay),
            None => self.backoff(attempt),
        }
    }

    /// Exponential backoff with full jitter, bounded by `max_delay`.
    fn backoff(&self, attempt: u32) -> Duration {
        let exponent = attempt.saturating_sub(1).min(30);
        let ceiling = self
            .base_delay
            .saturating_mul(1u32 << exponent)
            .min(self.max_delay);
        let ceiling_ms = u64::try_from(ceiling.as_millis()).unwrap_or(u64::MAX);
        if ceiling_ms == 0 {
            return Duration::ZERO;
        }
        Duration::from_millis(rand::rng().random_range(0..=ceiling_ms))
    }
}

/// Statuses that are retried: 429, 503, 504.
pub(crate) fn is_retryable_status(status: StatusCode) -> bool {
    matches!(
        status,
        StatusCode::TOO_MANY_REQUESTS
            | StatusCode::SERVICE_UNAVAILABLE
            | StatusCode::GATEWAY_TIMEOUT
    )
}

/// Methods that may be re-sent after a transport error.
pub(crate) fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE
    )
}

/// Parses `Retry-After` as delta-seconds or as an HTTP date (relative to `now`).
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn retry_after_seconds() {
        assert_eq!(
            retry_after(&headers("7"), SystemTime::now()),
            Some(Duration::from_secs(7))
        );
        assert_eq!(retry_after(&headers("soon"), SystemTime::now()), None);
        assert_eq!(retry_after(&HeaderMap::new(), SystemTime::now()), None);
    }

    #[test]
    fn retry_after_http_date() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let later = httpdate::fmt_http_date(now + Duration::from_secs(12));
        assert_eq!(
            retry_after(&headers(&later), now),
            Some(Duration::from_secs(12))
        );
        let past = httpdate::fmt_http_date(now - Duration::from_secs(12));
        assert_eq!(retry_after(&headers(&past), now), Some(Duration::ZERO));
    }

    #[test]
    fn retry_after_is_capped() {
        let policy = RetryPolicy {
            max_delay: Duration::from_secs(2),
            ..RetryPolicy::default()
        };
        assert_eq!(
            policy.delay(1, Some(&headers("3600"))),
            Duration::from_secs(2)
        );
    }

    #[test]
    fn backoff_is_bounded() {
        let policy = RetryPolicy {
            max_attempts: 10,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(250),
        };
        for attempt in 1..40 {
            let delay = policy.delay(attempt, None);
            assert!(delay <= Duration::from_millis(250), "{delay:?}");
            if attempt == 1 {
                assert!(delay <= Duration::from_millis(100), "{delay:?}");
            }
        }
    }

    #[test]
    fn defaults() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.max_attempts, 4);
        assert_eq!(policy.base_delay, Duration::from_millis(500));
        assert_eq!(policy.max_delay, Duration::from_secs(30));
        assert_eq!(RetryPolicy::none().attempts_allowed(), 1);
        let zero = RetryPolicy {
            max_attempts: 0,
            ..RetryPolicy::default()
        };
        assert_eq!(zero.attempts_allowed(), 1);
    }

    #[test]
    fn classification() {
        assert!(is_retryable_status(StatusCode::TOO_MANY_REQUESTS));
        assert!(is_retryable_status(StatusCode::SERVICE_UNAVAILABLE));
        assert!(is_retryable_status(StatusCode::GATEWAY_TIMEOUT));
        assert!(!is_retryable_status(StatusCode::INTERNAL_SERVER_ERROR));
        assert!(is_idempotent(&Method::GET));
        assert!(is_idempotent(&Method::PUT));
        assert!(is_idempotent(&Method::DELETE));
        assert!(!is_idempotent(&Method::POST));
        assert!(!is_idempotent(&Method::PATCH));
    }
}
