//! Why an example request did not become a test: the closed list of reasons, each with
//! the text that `COVERAGE.md` and the JSON report show.

use serde::{Deserialize, Serialize};

/// The reason an example was skipped; serialized as its [`text`](SkipReason::text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum SkipReason {
    #[serde(rename = "page has no usable HTTP request")]
    NoUsableRequest,
    #[serde(rename = "non-graph host")]
    NonGraphHost,
    #[serde(rename = "beta version")]
    BetaVersion,
    #[serde(rename = "example URL has no path")]
    EmptyUrl,
    #[serde(rename = "no documented operation for the example's method")]
    NoOperationForMethod,
    #[serde(rename = "no documented path matches")]
    NoPathMatches,
    #[serde(rename = "query does not match the documented literal query")]
    QueryMismatch,
    #[serde(rename = "request body is not valid JSON")]
    InvalidJsonRequest,
    #[serde(rename = "raw request body for a JSON operation")]
    RawBodyForJson,
    #[serde(rename = "no documented response")]
    NoResponse,
    #[serde(rename = "invalid response status")]
    InvalidStatus,
    #[serde(rename = "response body is not valid JSON")]
    InvalidJsonResponse,
    #[serde(rename = "non-JSON response for a JSON operation")]
    NonJsonResponse,
    #[serde(rename = "informational response status")]
    InformationalStatus,
}

impl SkipReason {
    /// Every reason, in declaration order.
    pub const ALL: [SkipReason; 14] = [
        SkipReason::NoUsableRequest,
        SkipReason::NonGraphHost,
        SkipReason::BetaVersion,
        SkipReason::EmptyUrl,
        SkipReason::NoOperationForMethod,
        SkipReason::NoPathMatches,
        SkipReason::QueryMismatch,
        SkipReason::InvalidJsonRequest,
        SkipReason::RawBodyForJson,
        SkipReason::NoResponse,
        SkipReason::InvalidStatus,
        SkipReason::InvalidJsonResponse,
        SkipReason::NonJsonResponse,
        SkipReason::InformationalStatus,
    ];

    /// The text shown in reports.
    pub fn text(self) -> &'static str {
        match self {
            SkipReason::NoUsableRequest => "page has no usable HTTP request",
            SkipReason::NonGraphHost => "non-graph host",
            SkipReason::BetaVersion => "beta version",
            SkipReason::EmptyUrl => "example URL has no path",
            SkipReason::NoOperationForMethod => "no documented operation for the example's method",
            SkipReason::NoPathMatches => "no documented path matches",
            SkipReason::QueryMismatch => "query does not match the documented literal query",
            SkipReason::InvalidJsonRequest => "request body is not valid JSON",
            SkipReason::RawBodyForJson => "raw request body for a JSON operation",
            SkipReason::NoResponse => "no documented response",
            SkipReason::InvalidStatus => "invalid response status",
            SkipReason::InvalidJsonResponse => "response body is not valid JSON",
            SkipReason::NonJsonResponse => "non-JSON response for a JSON operation",
            SkipReason::InformationalStatus => "informational response status",
        }
    }

    /// Same as [`text`](SkipReason::text); lets report code treat the reason as a string.
    pub fn as_str(&self) -> &'static str {
        self.text()
    }

    /// Whether the example's URL or method found no documented path (as opposed to a
    /// matched example whose request or response cannot be replayed).
    pub fn is_unmatched(self) -> bool {
        matches!(
            self,
            SkipReason::NonGraphHost
                | SkipReason::BetaVersion
                | SkipReason::NoPathMatches
                | SkipReason::EmptyUrl
        )
    }
}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.text())
    }
}

/// Report code formats a reason as text (`md_cell(&skipped.reason)`); the reason derefs to
/// the same string [`Display`](std::fmt::Display) prints.
impl std::ops::Deref for SkipReason {
    type Target = str;
    fn deref(&self) -> &str {
        self.text()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialized_as_the_report_text() {
        for r in SkipReason::ALL {
            let json = serde_json::to_string(&r).expect("serializes");
            assert_eq!(json, format!("\"{}\"", r.text()));
            let back: SkipReason = serde_json::from_str(&json).expect("deserializes");
            assert_eq!(back, r);
        }
    }
}
