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

#[test]
fn json_differences_ignore_key_order_and_number_spelling() {
    use graph_runtime::test_support::json_differences;
    use serde_json::json;
    let documented = json!({"a": 1.0, "b": [{"c": "x"}], "d": null});
    let written = json!({"d": null, "b": [{"c": "x"}], "a": 1});
    assert_eq!(json_differences(&written, &documented), vec![]);
}

#[test]
fn json_differences_name_each_change_by_json_pointer() {
    use graph_runtime::test_support::json_differences;
    use serde_json::json;
    let documented = json!({"a/b": [1, {"c": "x", "d": 2}], "n": "1.5"});
    let written = json!({"a/b": [1, {"c": "y", "e": true}], "n": 1.5});
    let pointers: Vec<String> = json_differences(&written, &documented)
        .into_iter()
        .map(|d| d.to_string())
        .collect();
    assert_eq!(
        pointers,
        [
            "/a~1b/1/c: written \"y\", documented \"x\"",
            "/a~1b/1/d: written nothing, documented 2",
            "/a~1b/1/e: written true, documented nothing",
            "/n: written 1.5, documented \"1.5\"",
        ]
    );
    assert_eq!(json_differences(&json!([1]), &json!([1, 2]))[0].pointer, "");
}

#[test]
#[should_panic(expected = "changes the documented JSON at /n: written 2, documented 1")]
fn assert_round_trip_fails_on_a_changed_value() {
    graph_runtime::test_support::assert_round_trip(&serde_json::json!({"n": 2}), r#"{"n": 1}"#);
}

#[test]
fn assert_round_trip_changes_accepts_exactly_the_named_places() {
    use graph_runtime::test_support::assert_round_trip_changes;
    let written = serde_json::json!({"n": 1.5, "value": []});
    assert_round_trip_changes(&written, r#"{"n": "1.5"}"#, &["/n", "/value"]);
    let missed = std::panic::catch_unwind(|| {
        assert_round_trip_changes(&written, r#"{"n": "1.5"}"#, &["/n"]);
    });
    assert!(missed.is_err());
}

/// A replay checks the whole request and hands back what the call read from the answer.
#[test]
fn replay_returns_the_decoded_answer_of_a_matching_request() {
    use graph_runtime::test_support::Replay;
    let result = Replay::new("POST", "/me/items/a b")
        .query("$select", "id,name")
        .header("consistencylevel", "eventual")
        .json_body(r#"{"name": "x", "size": 1}"#)
        .status(201)
        .response_header("x-answer", "yes")
        .response_body(r#"{"id": "1"}"#, "application/json")
        .run(|c: &graph_runtime::Client<V1>| {
            let request = OperationRequest::new(
                reqwest::Method::POST,
                format!("/me/items/{}", encode_segment("a b")),
            )
            .query("$select", "id,name")
            .header("ConsistencyLevel", "eventual")
            .json_body(&serde_json::json!({"size": 1, "name": "x"}));
            c.call_json::<serde_json::Value>(request)
        });
    assert_eq!(result.expect("answer"), serde_json::json!({"id": "1"}));
}

/// A request other than the one described is not answered, and the replay fails the test.
#[test]
#[should_panic(expected = "Verifications failed")]
fn replay_fails_when_the_request_differs() {
    use graph_runtime::test_support::Replay;
    let _ = Replay::new("DELETE", "/me/items/1")
        .empty_body()
        .status(204)
        .run(|c: &graph_runtime::Client<V1>| {
            c.call_empty(Ok(OperationRequest::new(
                reqwest::Method::DELETE,
                "/me/items/2".to_owned(),
            )))
        });
}
