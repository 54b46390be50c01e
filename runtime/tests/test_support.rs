//! The test support the generated example tests use (feature `test-support`).

use graph_runtime::test_support::{client, DecodedPath};
use graph_runtime::{encode_segment, OperationRequest, V1};
use wiremock::matchers::{header, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The decoded-path matcher sees ids with spaces, slashes and non-ASCII text as written;
/// the client sends the test token.
#[tokio::test]
async fn decoded_path_matches_encoded_ids() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(DecodedPath("/users/Adèle Vance/messages/a/b {id}"))
        .and(header("authorization", "Bearer test-token"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let path = format!(
        "/users/{}/messages/{}",
        encode_segment("Adèle Vance"),
        encode_segment("a/b {id}")
    );
    let request = OperationRequest::new(reqwest::Method::GET, path);
    client::<V1>(&server)
        .send_empty(request)
        .await
        .expect("matched");
}
