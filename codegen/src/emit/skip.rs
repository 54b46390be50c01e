//! Why an example request did not become a test: the closed list of reasons, each with
//! the text that `COVERAGE.md` and the JSON report show.

use crate::model::ApiVersion;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;

/// The reason an example was skipped; serialized as its [`text`](SkipReason::text).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SkipReason {
    NoUsableRequest,
    NonGraphHost,
    /// The URL names another API version than the docs tree's own (`beta` in a v1.0
    /// tree, `v1.0` in a beta tree): shown as `<version> version` (`beta version`).
    OtherVersion(ApiVersion),
    EmptyUrl,
    NoOperationForMethod,
    NoPathMatches,
    QueryMismatch,
    InvalidJsonRequest,
    RawBodyForJson,
    NoResponse,
    InvalidStatus,
    InvalidJsonResponse,
    NonJsonResponse,
    InformationalStatus,
}

/// The suffix of [`SkipReason::OtherVersion`]'s text, after the version.
const VERSION_SUFFIX: &str = " version";

impl SkipReason {
    /// Every reason without data, in declaration order.
    pub const FIXED: [SkipReason; 13] = [
        SkipReason::NoUsableRequest,
        SkipReason::NonGraphHost,
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
    pub fn text(&self) -> Cow<'static, str> {
        match self {
            SkipReason::OtherVersion(v) => Cow::Owned(format!("{v}{VERSION_SUFFIX}")),
            fixed => Cow::Borrowed(fixed.fixed_text()),
        }
    }

    /// The reason a report text names, if any (the inverse of [`text`](SkipReason::text)).
    pub fn from_text(text: &str) -> Option<SkipReason> {
        if let Some(r) = SkipReason::FIXED
            .into_iter()
            .find(|r| r.fixed_text() == text)
        {
            return Some(r);
        }
        text.strip_suffix(VERSION_SUFFIX)
            .and_then(ApiVersion::parse)
            .map(SkipReason::OtherVersion)
    }

    fn fixed_text(&self) -> &'static str {
        match self {
            SkipReason::NoUsableRequest => "page has no usable HTTP request",
            SkipReason::NonGraphHost => "non-graph host",
            SkipReason::OtherVersion(_) => "other version",
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

    /// Whether the example's URL or method found no documented path (as opposed to a
    /// matched example whose request or response cannot be replayed).
    pub fn is_unmatched(&self) -> bool {
        matches!(
            self,
            SkipReason::NonGraphHost
                | SkipReason::OtherVersion(_)
                | SkipReason::NoPathMatches
                | SkipReason::EmptyUrl
        )
    }
}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text())
    }
}

impl Serialize for SkipReason {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text())
    }
}

impl<'de> Deserialize<'de> for SkipReason {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        SkipReason::from_text(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown skip reason {text:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialized_as_the_report_text() {
        let versions = [
            SkipReason::OtherVersion(ApiVersion::beta()),
            SkipReason::OtherVersion(ApiVersion::v1_0()),
        ];
        assert_eq!(versions[0].text(), "beta version");
        assert_eq!(versions[1].text(), "v1.0 version");
        for r in SkipReason::FIXED.into_iter().chain(versions) {
            let json = serde_json::to_string(&r).expect("serializes");
            assert_eq!(json, format!("\"{}\"", r.text()));
            let back: SkipReason = serde_json::from_str(&json).expect("deserializes");
            assert_eq!(back, r);
        }
    }
}
