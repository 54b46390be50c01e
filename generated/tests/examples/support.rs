//! Helpers of the example tests (hand-written; `cargo xtask codegen` never
//! touches this file and declares what it needs from the line below).
//!
//! dev-dependencies: percent-encoding

#![allow(dead_code)]

/// Matches the percent-decoded request path exactly, so ids with spaces, `/`,
/// `{}` or non-ASCII characters are compared as documented, whatever their encoding.
pub struct DecodedPath(pub &'static str);

impl wiremock::Match for DecodedPath {
    fn matches(&self, request: &wiremock::Request) -> bool {
        percent_encoding::percent_decode_str(request.url.path()).decode_utf8_lossy() == self.0
    }
}

/// A client for the mock server with the token `test-token` and no retries.
pub fn client(server: &wiremock::MockServer) -> graph_sdk::Client {
    graph_sdk::Client::builder()
        .base_url(&server.uri())
        .token("test-token")
        .retry(graph_sdk::RetryPolicy::none())
        .build()
        .expect("client for the mock server")
}

/// The decoded-path matcher sees ids with spaces, slashes and non-ASCII text as written.
#[tokio::test]
async fn decoded_path_matches_encoded_ids() {
    use wiremock::matchers::method;
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(DecodedPath("/users/Adèle Vance/messages/a/b {id}"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let path = format!(
        "/users/{}/messages/{}",
        graph_sdk::runtime::encode_segment("Adèle Vance"),
        graph_sdk::runtime::encode_segment("a/b {id}")
    );
    let request = graph_sdk::OperationRequest::new(reqwest::Method::GET, path);
    client(&server).send_empty(request).await.expect("matched");
}
