//! The single error type of the runtime (and of every generated crate) and Graph's error body.

use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;
use serde::{Deserialize, Serialize};

/// Everything that can go wrong when calling Microsoft Graph.
///
/// No variant ever contains the access token: tokens only travel in the
/// `Authorization` header, which is never stored in an error.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Graph answered with a non-2xx status.
    ///
    /// For 429, 503 and 504 this is returned once the retry policy is
    /// exhausted; `attempts` tells how many requests were made in total.
    #[error("{}", describe_api(*.status, .error.as_ref(), .request_id.as_deref(), *.attempts))]
    Api {
        /// HTTP status of the last answer.
        status: StatusCode,
        /// Graph's error body, if the answer carried one that parsed.
        error: Option<GraphError>,
        /// The `request-id` header, or `innerError.request-id` of the body.
        request_id: Option<String>,
        /// Number of requests made, including retries.
        attempts: u32,
    },
    /// The request could not be sent or the answer could not be read
    /// (connection refused, DNS failure, TLS failure, connection reset...).
    ///
    /// The URL inside `source` has its query string removed.
    #[error("{}", describe_transport(.source, *.attempts))]
    Transport {
        /// The underlying `reqwest` error.
        source: reqwest::Error,
        /// Number of requests made, including retries.
        attempts: u32,
    },
    /// No complete answer arrived within the configured timeout
    /// ([`ClientBuilder::timeout`](crate::ClientBuilder::timeout) or
    /// [`ClientBuilder::connect_timeout`](crate::ClientBuilder::connect_timeout)).
    #[error("request timed out after {after:?} ({})", plural_attempts(*.attempts))]
    Timeout {
        /// The timeout that expired.
        after: Duration,
        /// Number of requests made, including retries.
        attempts: u32,
    },
    /// A 2xx answer whose body was not the expected JSON.
    #[error("could not decode the JSON response: {source}; body starts with: {body_snippet:?}")]
    Decode {
        /// The JSON error.
        source: serde_json::Error,
        /// The first 200 characters of the body.
        body_snippet: String,
    },
    /// An argument was rejected before any request was sent.
    #[error("invalid argument `{name}`: {reason}")]
    InvalidArgument {
        /// Name of the argument.
        name: &'static str,
        /// Why it was rejected.
        reason: String,
    },
    /// A next or delta link points to another scheme, host or port than the
    /// client's base URL. Nothing was sent: the token only goes to the
    /// origin the client was configured for.
    #[error("refusing to follow a link to {link_origin}: the client only sends its token to {client_origin}")]
    ForeignLink {
        /// Scheme, host and port of the link.
        link_origin: String,
        /// Scheme, host and port of the client's base URL.
        client_origin: String,
    },
    /// The configured base URL is not a usable absolute http(s) URL.
    #[error("invalid base URL: {0}")]
    InvalidBaseUrl(String),
    /// The base URL uses plain `http://` for a host that is not loopback and
    /// [`ClientBuilder::allow_insecure_http`](crate::ClientBuilder::allow_insecure_http)
    /// was not enabled.
    #[error("refusing to send the access token over plain http to {0}; use https (or allow_insecure_http(true))")]
    InsecureBaseUrl(String),
    /// The token provider failed or returned an unusable token.
    #[error("could not obtain an access token: {0}")]
    Token(String),
}

impl Error {
    /// The HTTP status of an [`Error::Api`].
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Graph's error body of an [`Error::Api`], if it parsed.
    pub fn graph_error(&self) -> Option<&GraphError> {
        match self {
            Error::Api { error, .. } => error.as_ref(),
            _ => None,
        }
    }

    /// The request id Graph assigned (quote it when contacting support).
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// How many requests were made before giving up, for errors that come
    /// from sending (`Api`, `Transport`, `Timeout`).
    pub fn attempts(&self) -> Option<u32> {
        match self {
            Error::Api { attempts, .. }
            | Error::Transport { attempts, .. }
            | Error::Timeout { attempts, .. } => Some(*attempts),
            _ => None,
        }
    }
}

/// Graph's error object, the value of `"error"` in an error body:
/// `{"error": {"code", "message", "innerError": {"request-id", "date", "client-request-id"}}}`.
///
/// Parsing is tolerant: missing fields default to empty, unknown ones are
/// ignored.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GraphError {
    /// Machine-readable code, e.g. `ErrorItemNotFound` or `Request_ResourceNotFound`.
    #[serde(default)]
    pub code: String,
    /// Human-readable message.
    #[serde(default)]
    pub message: String,
    /// Diagnostic details (`innerError`, sometimes spelled `innererror`).
    ///
    /// Boxed to keep [`Error`] small (clippy's `result_large_err` would
    /// otherwise fire on every function returning `Result<_, Error>`).
    #[serde(
        default,
        rename = "innerError",
        alias = "innererror",
        skip_serializing_if = "Option::is_none"
    )]
    pub inner_error: Option<Box<InnerError>>,
    /// Additional error details some APIs return (e.g. per-field validation errors).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<serde_json::Value>,
}

/// Diagnostic part of a [`GraphError`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct InnerError {
    /// Graph's id for the request.
    #[serde(
        default,
        rename = "request-id",
        skip_serializing_if = "Option::is_none"
    )]
    pub request_id: Option<String>,
    /// The client request id echoed back by Graph.
    #[serde(
        default,
        rename = "client-request-id",
        skip_serializing_if = "Option::is_none"
    )]
    pub client_request_id: Option<String>,
    /// When the error happened, as sent by Graph.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// A more specific error code, when Graph provides one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

impl GraphError {
    /// Parses an error body of the form `{"error": {...}}`; `None` if the
    /// body is not JSON or has no `error` object.
    pub fn from_body(body: &[u8]) -> Option<GraphError> {
        #[derive(Deserialize)]
        struct Envelope {
            error: GraphError,
        }
        serde_json::from_slice::<Envelope>(body)
            .ok()
            .map(|envelope| envelope.error)
    }
}

impl fmt::Display for GraphError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.code.is_empty(), self.message.is_empty()) {
            (false, false) => write!(f, "{}: {}", self.code, self.message),
            (false, true) => f.write_str(&self.code),
            (true, false) => f.write_str(&self.message),
            (true, true) => f.write_str("(no error details)"),
        }
    }
}

/// Returns the first 200 characters of a body, lossily decoded as UTF-8.
pub(crate) fn body_snippet(body: &[u8]) -> String {
    String::from_utf8_lossy(body).chars().take(200).collect()
}

fn plural_attempts(attempts: u32) -> String {
    if attempts == 1 {
        "1 attempt".to_string()
    } else {
        format!("{attempts} attempts")
    }
}

fn describe_api(
    status: StatusCode,
    error: Option<&GraphError>,
    request_id: Option<&str>,
    attempts: u32,
) -> String {
    let mut text = format!("Microsoft Graph answered {status}");
    if let Some(error) = error {
        text.push_str(&format!(": {error}"));
    }
    text.push_str(&format!(" (after {}", plural_attempts(attempts)));
    if let Some(id) = request_id {
        text.push_str(&format!(", request-id {id}"));
    }
    text.push(')');
    text
}

fn describe_transport(source: &reqwest::Error, attempts: u32) -> String {
    let url = source
        .url()
        .map(|url| url.as_str().to_string())
        .unwrap_or_else(|| "<unknown URL>".to_string());
    let what = if source.is_connect() {
        "could not connect to"
    } else {
        "request failed for"
    };
    // The innermost cause ("Connection refused", "dns error", ...) is the
    // useful part; reqwest's own message only repeats the URL.
    let mut cause: &dyn std::error::Error = source;
    while let Some(next) = cause.source() {
        cause = next;
    }
    format!(
        "connection problem: {what} {url} ({}): {cause}",
        plural_attempts(attempts)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_graph_error_body() {
        let body = br#"{"error":{"code":"ErrorItemNotFound","message":"Not found.","innerError":{"request-id":"r-1","date":"2024-01-01T00:00:00","client-request-id":"c-1"}}}"#;
        let error = GraphError::from_body(body).unwrap();
        assert_eq!(error.code, "ErrorItemNotFound");
        assert_eq!(error.message, "Not found.");
        let inner = error.inner_error.unwrap();
        assert_eq!(inner.request_id.as_deref(), Some("r-1"));
        assert_eq!(inner.client_request_id.as_deref(), Some("c-1"));
    }

    #[test]
    fn tolerant_parsing() {
        let error = GraphError::from_body(br#"{"error":{"message":"m","extra":1}}"#).unwrap();
        assert_eq!(error.code, "");
        assert_eq!(error.message, "m");
        assert!(GraphError::from_body(b"<html>").is_none());
        assert!(GraphError::from_body(br#"{"value":[]}"#).is_none());
        let lower =
            GraphError::from_body(br#"{"error":{"code":"c","innererror":{"request-id":"x"}}}"#)
                .unwrap();
        assert_eq!(lower.inner_error.unwrap().request_id.as_deref(), Some("x"));
    }

    #[test]
    fn api_display_mentions_attempts_and_request_id() {
        let error = Error::Api {
            status: StatusCode::TOO_MANY_REQUESTS,
            error: Some(GraphError {
                code: "TooManyRequests".into(),
                message: "slow down".into(),
                ..GraphError::default()
            }),
            request_id: Some("abc".into()),
            attempts: 3,
        };
        let text = error.to_string();
        assert!(text.contains("429"), "{text}");
        assert!(text.contains("TooManyRequests: slow down"), "{text}");
        assert!(text.contains("3 attempts"), "{text}");
        assert!(text.contains("request-id abc"), "{text}");
    }

    #[test]
    fn error_stays_small() {
        // Generated code returns Result<_, Error> everywhere; clippy's
        // `result_large_err` fires above 128 bytes.
        assert!(
            std::mem::size_of::<Error>() <= 128,
            "{}",
            std::mem::size_of::<Error>()
        );
    }

    #[test]
    fn snippet_is_char_safe() {
        let body = "é".repeat(300);
        assert_eq!(body_snippet(body.as_bytes()).chars().count(), 200);
    }
}
