//! Helpers for tests that replay Graph requests against a local `wiremock` server (cargo
//! feature `test-support`): a client bound to the mock server, a path matcher that
//! compares decoded paths, [`Replay`] (one documented exchange checked against what an
//! operation sends, from a plain `#[test]`) and the round-trip assertions. The example tests of every generated crate use them through a
//! dev-dependency on this crate with the feature on, so a crate generated into a new
//! folder needs no hand-copied test code.
//!
//! ```
//! # async fn demo() {
//! use graph_runtime::test_support::{client, wiremock, DecodedPath};
//! use wiremock::{matchers::method, Mock, MockServer, ResponseTemplate};
//!
//! let server = MockServer::start().await;
//! Mock::given(method("DELETE"))
//!     .and(DecodedPath("/me/messages/a b"))
//!     .respond_with(ResponseTemplate::new(204))
//!     .mount(&server)
//!     .await;
//! let client = client::<graph_runtime::V1>(&server);
//! # let _ = client; }
//! ```

use crate::{Client, GraphApi, RetryPolicy};

mod replay;

pub use replay::Replay;

/// The `wiremock` version the helpers are built on, for tests that mount mocks.
pub use wiremock;

/// The bearer token [`client`] sends: tests check for `Authorization: Bearer test-token`.
pub const TEST_TOKEN: &str = "test-token";

/// Matches the percent-decoded request path exactly, so ids with spaces, `/`, `{}` or
/// non-ASCII characters are compared as documented, whatever their encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecodedPath(pub &'static str);

impl wiremock::Match for DecodedPath {
    fn matches(&self, request: &wiremock::Request) -> bool {
        percent_encoding::percent_decode_str(request.url.path()).decode_utf8_lossy() == self.0
    }
}

/// A client for API `A` that sends to the mock server, with the token [`TEST_TOKEN`] and
/// no retries.
///
/// # Panics
///
/// When the server's URI is not a usable base URL, which a running `MockServer` never
/// gives; a test helper fails the test rather than returning an error.
pub fn client<A: GraphApi>(server: &wiremock::MockServer) -> Client<A> {
    match Client::<A>::builder()
        .base_url(&server.uri())
        .token(TEST_TOKEN)
        .retry(RetryPolicy::none())
        .build()
    {
        Ok(client) => client,
        Err(e) => panic!("client for the mock server {}: {e}", server.uri()),
    }
}

/// Reads `T` from JSON `text` as the client reads an answer: the text parsed into a
/// `serde_json::Value`, `T` read from that. (`serde_json::from_str` would give the same
/// value; going through `Value` compiles each type's `Deserialize` impl for the one
/// deserializer the client uses, not for a second one in every test crate.)
///
/// # Errors
///
/// When `text` is not JSON, or does not read into `T`.
pub fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, serde_json::Error> {
    serde_json::from_str::<serde_json::Value>(text).and_then(serde_json::from_value)
}

/// One place where a typed value, serialized back, differs from the documented JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonDifference {
    /// JSON pointer of the place (`/value/0/weight`; empty for the whole body).
    pub pointer: String,
    /// What the typed value wrote there (`None`: nothing).
    pub written: Option<serde_json::Value>,
    /// What the documentation has there (`None`: nothing).
    pub documented: Option<serde_json::Value>,
}

impl std::fmt::Display for JsonDifference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let show = |v: &Option<serde_json::Value>| match v {
            Some(v) => v.to_string(),
            None => "nothing".to_owned(),
        };
        write!(
            f,
            "{}: written {}, documented {}",
            self.pointer,
            show(&self.written),
            show(&self.documented)
        )
    }
}

/// Every place where `written` (a typed value serialized back) differs from the
/// `documented` JSON, sorted by pointer. Key order is ignored, and numbers are compared
/// by value (`1.0` is `1`), since a JSON number has no single spelling; arrays of
/// different lengths differ as a whole.
pub fn json_differences(
    written: &serde_json::Value,
    documented: &serde_json::Value,
) -> Vec<JsonDifference> {
    use serde_json::Value;
    fn differ(at: &str, w: Option<&Value>, d: Option<&Value>) -> JsonDifference {
        JsonDifference {
            pointer: at.to_owned(),
            written: w.cloned(),
            documented: d.cloned(),
        }
    }
    fn walk(w: &Value, d: &Value, at: &str, out: &mut Vec<JsonDifference>) {
        match (w, d) {
            (Value::Number(a), Value::Number(b)) => {
                if a != b && !a.as_f64().is_some_and(|x| b.as_f64() == Some(x)) {
                    out.push(differ(at, Some(w), Some(d)));
                }
            }
            (Value::Object(a), Value::Object(b)) => {
                let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
                for k in keys {
                    let below = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                    match (a.get(k), b.get(k)) {
                        (Some(wv), Some(dv)) => walk(wv, dv, &below, out),
                        (wv, dv) => out.push(differ(&below, wv, dv)),
                    }
                }
            }
            (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
                for (i, (wv, dv)) in a.iter().zip(b).enumerate() {
                    walk(wv, dv, &format!("{at}/{i}"), out);
                }
            }
            _ if w == d => {}
            _ => out.push(differ(at, Some(w), Some(d))),
        }
    }
    let mut out = Vec::new();
    walk(written, documented, "", &mut out);
    out.sort_by(|a, b| a.pointer.cmp(&b.pointer));
    out
}

/// The differences between `value` serialized and the `documented` JSON text.
///
/// # Panics
///
/// When the documented text is not JSON or the value does not serialize.
#[track_caller]
fn round_trip<T: serde::Serialize>(value: &T, documented: &str) -> Vec<JsonDifference> {
    let documented: serde_json::Value = match serde_json::from_str(documented) {
        Ok(v) => v,
        Err(e) => panic!("documented body is not JSON: {e}"),
    };
    let written = match serde_json::to_value(value) {
        Ok(v) => v,
        Err(e) => panic!("typed value does not serialize: {e}"),
    };
    json_differences(&written, &documented)
}

/// Asserts that `value` serializes back to the `documented` JSON text (see
/// [`json_differences`]): what a response example documents survives a typed round trip.
///
/// # Panics
///
/// When the documented text is not JSON, the value does not serialize, or the two differ.
#[track_caller]
pub fn assert_round_trip<T: serde::Serialize>(value: &T, documented: &str) {
    let differences = round_trip(value, documented);
    if !differences.is_empty() {
        let list: Vec<String> = differences.iter().map(ToString::to_string).collect();
        panic!(
            "the typed round trip changes the documented JSON at {}",
            list.join("; ")
        );
    }
}

/// Asserts that `value` serializes back to the `documented` JSON text except at exactly
/// the `pointers` given (sorted): where the documentation writes a value in a form the
/// types normalise (a Double as a string, base64 without padding, a page without
/// `value`), the test names each such place rather than passing silently.
///
/// # Panics
///
/// When the documented text is not JSON, the value does not serialize, or the places
/// that differ are not exactly `pointers`.
#[track_caller]
pub fn assert_round_trip_changes<T: serde::Serialize>(
    value: &T,
    documented: &str,
    pointers: &[&str],
) {
    let differences = round_trip(value, documented);
    let found: Vec<&str> = differences.iter().map(|d| d.pointer.as_str()).collect();
    if found != pointers {
        let list: Vec<String> = differences.iter().map(ToString::to_string).collect();
        panic!(
            "expected the typed round trip to change the documented JSON at {pointers:?}, \
             it changes it at [{}]",
            list.join("; ")
        );
    }
}
