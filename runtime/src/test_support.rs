//! Helpers for tests that replay Graph requests against a local `wiremock` server (cargo
//! feature `test-support`): a client bound to the mock server and a path matcher that
//! compares decoded paths. The example tests of every generated crate use them through a
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
