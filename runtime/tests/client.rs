//! Tests of the client: request building without a network, and sending
//! against a local wiremock server.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use graph_runtime::{
    encode_item_path, encode_segment, Error, ODataQuery, OperationRequest, RetryPolicy,
    StaticToken, TokenFuture, TokenProvider, V1,
};
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, USER_AGENT};
use reqwest::{Method, StatusCode};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

type Client = graph_runtime::Client<V1>;
type ClientBuilder = graph_runtime::ClientBuilder<V1>;

/// A token that must never show up in any output.
const SENTINEL: &str = "SENTINEL-TOKEN-7f3a9c";

/// Fast retries so the tests do not wait long.
fn fast_retry(max_attempts: u32) -> RetryPolicy {
    RetryPolicy {
        max_attempts,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(100),
    }
}

fn mock_client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(&server.uri())
        .token(SENTINEL)
        .retry(fast_retry(4))
        .build()
        .unwrap()
}

fn offline_client() -> Client {
    Client::builder()
        .base_url("https://graph.microsoft.com/v1.0/")
        .token(SENTINEL)
        .build()
        .unwrap()
}

/// A loopback port on which nothing listens (connection refused).
fn refused_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

fn assert_no_token(text: &str) {
    assert!(!text.contains(SENTINEL), "token leaked in: {text}");
}

fn assert_error_has_no_token(error: &Error) {
    assert_no_token(&format!("{error:?}"));
    assert_no_token(&error.to_string());
}

fn get(path: &str) -> OperationRequest {
    OperationRequest::new(Method::GET, path.to_string())
}

fn post(path: &str) -> OperationRequest {
    OperationRequest::new(Method::POST, path.to_string())
}

// ---------------------------------------------------------------------------
// Request building without a network
// ---------------------------------------------------------------------------

#[tokio::test]
async fn build_request_get_encodes_query_and_sets_headers() {
    let client = offline_client();
    let op = get("/users")
        .query("$filter", "startswith(displayName,'a b')")
        .query("$top", "5");
    let request = client.build_request(&op).await.unwrap();

    assert_eq!(request.method(), Method::GET);
    assert_eq!(
        request.url().as_str(),
        "https://graph.microsoft.com/v1.0/users?$filter=startswith(displayName,%27a%20b%27)&$top=5"
    );
    let pairs: Vec<(String, String)> = request.url().query_pairs().into_owned().collect();
    assert_eq!(
        pairs,
        [
            (
                "$filter".to_string(),
                "startswith(displayName,'a b')".to_string()
            ),
            ("$top".to_string(), "5".to_string())
        ]
    );
    let headers = request.headers();
    let auth = headers.get(AUTHORIZATION).unwrap();
    assert_eq!(auth.to_str().unwrap(), format!("Bearer {SENTINEL}"));
    assert!(auth.is_sensitive());
    assert_eq!(headers.get(ACCEPT).unwrap(), "application/json");
    let agent = headers.get(USER_AGENT).unwrap().to_str().unwrap();
    assert_eq!(
        agent,
        format!("{}/{}", env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION"))
    );
    assert!(headers.get(CONTENT_LENGTH).is_none());
    assert!(headers.get(CONTENT_TYPE).is_none());
    assert!(request.body().is_none());
    assert_eq!(request.timeout(), Some(&Duration::from_secs(100)));
}

#[tokio::test]
async fn build_request_query_escapes_separators() {
    let client = offline_client();
    let op = get("/me/messages").query("$search", "\"a&b=c+d#e\"");
    let request = client.build_request(&op).await.unwrap();
    assert_eq!(
        request.url().query(),
        Some("$search=%22a%26b%3Dc%2Bd%23e%22")
    );
}

#[tokio::test]
async fn build_request_json_body() {
    let client = offline_client();
    let body = json!({"message": {"subject": "Hi é"}, "saveToSentItems": false});
    let op = post("/me/sendMail").json(&body);
    let request = client.build_request(&op).await.unwrap();

    assert_eq!(request.method(), Method::POST);
    assert_eq!(
        request.url().as_str(),
        "https://graph.microsoft.com/v1.0/me/sendMail"
    );
    let expected = serde_json::to_vec(&body).unwrap();
    assert_eq!(
        request.headers().get(CONTENT_TYPE).unwrap(),
        "application/json"
    );
    assert_eq!(
        request.headers().get(CONTENT_LENGTH).unwrap(),
        &expected.len().to_string()
    );
    let sent = request.body().unwrap().as_bytes().unwrap();
    assert_eq!(sent, expected.as_slice());
}

#[tokio::test]
async fn build_request_bytes_body() {
    let client = offline_client();
    let op = OperationRequest::new(
        Method::PUT,
        format!(
            "/me/drive/root:/{}:/content",
            encode_item_path("a/b c.txt").unwrap()
        ),
    )
    .bytes("text/plain", "hello");
    let request = client.build_request(&op).await.unwrap();
    assert_eq!(
        request.url().path(),
        "/v1.0/me/drive/root:/a/b%20c.txt:/content"
    );
    assert_eq!(request.headers().get(CONTENT_TYPE).unwrap(), "text/plain");
    assert_eq!(request.headers().get(CONTENT_LENGTH).unwrap(), "5");
    assert_eq!(request.body().unwrap().as_bytes().unwrap(), b"hello");
}

#[tokio::test]
async fn build_request_bodyless_writes_have_content_length_zero() {
    let client = offline_client();
    for verb in [Method::POST, Method::PUT, Method::PATCH] {
        let op = OperationRequest::new(verb.clone(), "/me/messages/1/send".into());
        let request = client.build_request(&op).await.unwrap();
        assert_eq!(
            request
                .headers()
                .get(CONTENT_LENGTH)
                .map(|v| v.to_str().unwrap()),
            Some("0"),
            "{verb}"
        );
        assert!(request.body().is_none());
    }
    for verb in [Method::GET, Method::DELETE, Method::HEAD] {
        let op = OperationRequest::new(verb.clone(), "/me/messages/1".into());
        let request = client.build_request(&op).await.unwrap();
        assert!(request.headers().get(CONTENT_LENGTH).is_none(), "{verb}");
    }
}

#[tokio::test]
async fn build_request_operation_headers() {
    let client = offline_client();
    let op = get("/me/messages")
        .header("Prefer", "outlook.body-content-type=\"text\"")
        .header("Prefer", "outlook.timezone=\"UTC\"")
        .header("Accept", "text/plain")
        .header("Authorization", "Bearer other")
        .header("Content-Length", "99");
    let request = client.build_request(&op).await.unwrap();
    let headers = request.headers();
    let prefer: Vec<&str> = headers
        .get_all("prefer")
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    assert_eq!(
        prefer,
        [
            "outlook.body-content-type=\"text\"",
            "outlook.timezone=\"UTC\""
        ]
    );
    assert_eq!(headers.get_all(ACCEPT).iter().count(), 1);
    assert_eq!(headers.get(ACCEPT).unwrap(), "text/plain");
    assert_eq!(headers.get_all(AUTHORIZATION).iter().count(), 1);
    assert_eq!(
        headers.get(AUTHORIZATION).unwrap().to_str().unwrap(),
        format!("Bearer {SENTINEL}")
    );
    assert!(headers.get(CONTENT_LENGTH).is_none());

    let bad = get("/me").header("X-Bad", "line\nbreak");
    assert!(matches!(
        client.build_request(&bad).await,
        Err(Error::InvalidArgument { name: "header", .. })
    ));
}

#[tokio::test]
async fn build_request_odata_options() {
    let client = offline_client();
    let op = get("/users").odata(
        &ODataQuery::new()
            .select(["id", "displayName"])
            .filter("startswith(displayName,'a b')")
            .orderby(["displayName desc"])
            .top(10)
            .count(true)
            .eventual_consistency(true),
    );
    let request = client.build_request(&op).await.unwrap();
    assert_eq!(
        request.url().query(),
        Some("$select=id,displayName&$filter=startswith(displayName,%27a%20b%27)&$orderby=displayName%20desc&$top=10&$count=true")
    );
    assert_eq!(
        request.headers().get("consistencylevel").unwrap(),
        "eventual"
    );
}

#[tokio::test]
async fn build_request_base_url_trailing_slash_and_custom_user_agent() {
    let cases = [
        (
            "https://graph.microsoft.com/beta",
            "https://graph.microsoft.com/beta/me",
        ),
        (
            "https://graph.microsoft.com/beta/",
            "https://graph.microsoft.com/beta/me",
        ),
        (
            "https://graph.microsoft.us/v1.0//",
            "https://graph.microsoft.us/v1.0/me",
        ),
        ("http://127.0.0.1:9", "http://127.0.0.1:9/me"),
        ("http://127.0.0.1:9/", "http://127.0.0.1:9/me"),
    ];
    for (base, expected) in cases {
        let client = Client::builder()
            .base_url(base)
            .token("t")
            .user_agent("contoso-sync/2.1")
            .build()
            .unwrap();
        let request = client.build_request(&get("/me")).await.unwrap();
        assert_eq!(request.url().as_str(), expected, "{base}");
        assert_eq!(
            request.headers().get(USER_AGENT).unwrap().to_str().unwrap(),
            format!(
                "contoso-sync/2.1 msgraph-docs-runtime/{}",
                env!("CARGO_PKG_VERSION")
            )
        );
    }
    assert_eq!(
        Client::new("t").unwrap().base_url().as_str(),
        "https://graph.microsoft.com/v1.0"
    );
}

#[tokio::test]
async fn build_request_rejects_paths_that_escape() {
    let client = offline_client();
    let bad = [
        "me".to_string(),
        "/me?$top=1".to_string(),
        "/me#x".to_string(),
        "/users/../groups".to_string(),
        "/users/./x".to_string(),
        format!("/users/{}/messages", encode_segment("..")),
        format!("/users/{}/messages", encode_segment(".")),
        "/users/%2e%2E/x".to_string(),
        "/users/a\\..\\b".to_string(),
    ];
    for path in bad {
        match client.build_request(&get(&path)).await {
            Err(Error::InvalidArgument { name: "path", .. }) => {}
            other => panic!("{path:?} gave {other:?}"),
        }
    }
}

#[tokio::test]
async fn build_request_token_errors() {
    struct Failing;
    impl TokenProvider for Failing {
        fn token(&self) -> TokenFuture<'_> {
            Box::pin(async { Err(Error::Token("refresh failed".into())) })
        }
    }
    let client = Client::builder().token_provider(Failing).build().unwrap();
    assert!(matches!(
        client.build_request(&get("/me")).await,
        Err(Error::Token(_))
    ));

    let client = Client::builder()
        .token_provider(StaticToken::new("bad\ntoken"))
        .build()
        .unwrap();
    let error = client.build_request(&get("/me")).await.unwrap_err();
    assert!(matches!(error, Error::Token(_)));
    assert!(!error.to_string().contains("bad\ntoken"));

    assert!(matches!(Client::new(""), Err(Error::Token(_))));
    assert!(matches!(Client::builder().build(), Err(Error::Token(_))));
}

// ---------------------------------------------------------------------------
// Base URL security
// ---------------------------------------------------------------------------

#[test]
fn insecure_http_base_url_is_refused_unless_allowed() {
    for base in [
        "http://graph.microsoft.com/v1.0",
        "http://10.0.0.1:8080",
        "http://localhost.evil.com",
    ] {
        let result = Client::builder().token("t").base_url(base).build();
        assert!(
            matches!(result, Err(Error::InsecureBaseUrl(_))),
            "{base}: {result:?}"
        );
        let allowed = Client::builder()
            .token("t")
            .base_url(base)
            .allow_insecure_http(true)
            .build();
        assert!(allowed.is_ok(), "{base}");
    }
}

#[test]
fn loopback_http_base_url_is_allowed() {
    for base in [
        "http://127.0.0.1:8080",
        "http://127.1.2.3/v1.0",
        "http://[::1]:3000/",
        "http://localhost:3000",
        "http://LOCALHOST",
    ] {
        let result = Client::builder().token("t").base_url(base).build();
        assert!(result.is_ok(), "{base}: {result:?}");
    }
}

#[test]
fn invalid_base_urls_are_refused() {
    for base in [
        "not a url",
        "graph.microsoft.com/v1.0",
        "ftp://graph.microsoft.com",
        "https://user:secret@graph.microsoft.com",
        "https://graph.microsoft.com/v1.0?x=1",
        "https://graph.microsoft.com/v1.0#frag",
    ] {
        let result = Client::builder().token("t").base_url(base).build();
        match result {
            Err(Error::InvalidBaseUrl(message)) => {
                assert!(!message.contains("secret"), "{message}")
            }
            other => panic!("{base}: {other:?}"),
        }
    }
}

// ---------------------------------------------------------------------------
// Security: the token never leaks
// ---------------------------------------------------------------------------

#[tokio::test]
async fn token_never_appears_in_debug_or_errors() {
    let builder: ClientBuilder = Client::builder().token(SENTINEL);
    assert_no_token(&format!("{builder:?}"));
    let client = builder.build().unwrap();
    assert_no_token(&format!("{client:?}"));
    let provider_builder = Client::builder().token_provider(StaticToken::new(SENTINEL));
    assert_no_token(&format!("{provider_builder:?}"));
    assert_no_token(&format!("{:?}", StaticToken::new(SENTINEL)));

    let op = get("/me").header("Authorization", format!("Bearer {SENTINEL}"));
    assert_no_token(&format!("{op:?}"));
    let request = client.build_request(&op).await.unwrap();
    assert_no_token(&format!("{request:?}"));

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api-error"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"error": {"code": "InvalidAuthenticationToken", "message": "Access token is empty."}})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/bad-json"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{not json"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/slow"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(&server.uri())
        .token(SENTINEL)
        .timeout(Duration::from_millis(200))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();

    let api = client
        .send_json::<serde_json::Value>(get("/api-error"))
        .await
        .unwrap_err();
    assert!(matches!(api, Error::Api { .. }));
    assert_error_has_no_token(&api);
    let decode = client
        .send_json::<serde_json::Value>(get("/bad-json"))
        .await
        .unwrap_err();
    assert!(matches!(decode, Error::Decode { .. }));
    assert_error_has_no_token(&decode);
    let timeout = client.send_empty(get("/slow")).await.unwrap_err();
    assert!(matches!(timeout, Error::Timeout { .. }));
    assert_error_has_no_token(&timeout);

    let refused = Client::builder()
        .base_url(&format!("http://127.0.0.1:{}", refused_port()))
        .token(SENTINEL)
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let transport = refused.send_empty(get("/me")).await.unwrap_err();
    assert!(
        matches!(transport, Error::Transport { .. }),
        "{transport:?}"
    );
    assert_error_has_no_token(&transport);
}

// ---------------------------------------------------------------------------
// Path encoding as seen by the server
// ---------------------------------------------------------------------------

#[tokio::test]
async fn server_receives_each_value_as_one_segment() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    let client = mock_client(&server);
    let values = [
        "../x",
        "a/b",
        "a?b",
        "a#b",
        "100%",
        "a b",
        "é",
        "AAMkAD=+/==",
    ];
    for value in values {
        let op = get(&format!("/users/{}/messages", encode_segment(value)));
        client.send_json::<serde_json::Value>(op).await.unwrap();
    }
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), values.len());
    for (request, value) in received.iter().zip(values) {
        let segments: Vec<&str> = request.url.path_segments().unwrap().collect();
        assert_eq!(segments.len(), 3, "{value:?} -> {}", request.url);
        assert_eq!(segments[0], "users");
        assert_eq!(segments[2], "messages");
        let decoded = percent_decode(segments[1]);
        assert_eq!(decoded, value);
        assert!(
            request.url.query().is_none(),
            "{value:?} -> {}",
            request.url
        );
    }
}

#[tokio::test]
async fn server_receives_encoded_item_path() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(
            "/me/drive/root:/Q1 docs/r%C3%A9sum%C3%A9 #1.docx:/content",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(b"PK\x03\x04".to_vec()))
        .expect(0)
        .named("decoded form must not match")
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(
            "/me/drive/root:/Q1%20docs/r%C3%A9sum%C3%A9%20%231.docx:/content",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(b"PK\x03\x04".to_vec()))
        .expect(1)
        .mount(&server)
        .await;
    let client = mock_client(&server);
    let item = encode_item_path("Q1 docs/résumé #1.docx").unwrap();
    let bytes = client
        .send_bytes(get(&format!("/me/drive/root:/{item}:/content")))
        .await
        .unwrap();
    assert_eq!(&bytes[..], b"PK\x03\x04");
}

#[tokio::test]
async fn dot_segment_ids_are_never_sent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let client = mock_client(&server);
    for value in [".", ".."] {
        let op = get(&format!("/users/{}/messages", encode_segment(value)));
        assert!(matches!(
            client.send_empty(op).await,
            Err(Error::InvalidArgument { name: "path", .. })
        ));
    }
    assert!(encode_item_path("a/../b").is_err());
}

fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .unwrap()
        .into_owned()
}

// ---------------------------------------------------------------------------
// Bodies and headers as seen by the server
// ---------------------------------------------------------------------------

#[tokio::test]
async fn bodyless_post_sends_content_length_zero() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/me/messages/AAMk%3D/send"))
        .and(header("content-length", "0"))
        .respond_with(ResponseTemplate::new(202))
        .expect(1)
        .mount(&server)
        .await;
    for verb in ["PATCH", "PUT"] {
        Mock::given(method(verb))
            .and(path("/me/x"))
            .and(header("content-length", "0"))
            .respond_with(ResponseTemplate::new(204))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = mock_client(&server);
    let op = post(&format!("/me/messages/{}/send", encode_segment("AAMk=")));
    client.send_empty(op).await.unwrap();
    client
        .send_empty(OperationRequest::new(Method::PATCH, "/me/x".into()))
        .await
        .unwrap();
    client
        .send_empty(OperationRequest::new(Method::PUT, "/me/x".into()))
        .await
        .unwrap();
}

#[tokio::test]
async fn json_and_bytes_bodies_are_received() {
    let server = MockServer::start().await;
    let body = json!({"message": {"subject": "Hello"}, "saveToSentItems": true});
    Mock::given(method("POST"))
        .and(path("/me/sendMail"))
        .and(header("content-type", "application/json"))
        .and(header(
            "authorization",
            format!("Bearer {SENTINEL}").as_str(),
        ))
        .and(header("accept", "application/json"))
        .and(body_json(&body))
        .respond_with(ResponseTemplate::new(202))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/me/drive/root:/a.txt:/content"))
        .and(header("content-type", "text/plain"))
        .and(header("content-length", "5"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "01X"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/users"))
        .and(query_param("$filter", "startswith(displayName,'a b')"))
        .and(query_param("$select", "id,displayName"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"value": []})))
        .expect(1)
        .mount(&server)
        .await;
    let client = mock_client(&server);
    client
        .send_empty(post("/me/sendMail").json(&body))
        .await
        .unwrap();
    let created = client
        .send_json::<serde_json::Value>(
            OperationRequest::new(Method::PUT, "/me/drive/root:/a.txt:/content".into())
                .bytes("text/plain", "hello"),
        )
        .await
        .unwrap();
    assert_eq!(created, json!({"id": "01X"}));
    let users = client
        .send_json::<serde_json::Value>(
            get("/users").odata(
                &ODataQuery::new()
                    .select(["id", "displayName"])
                    .filter("startswith(displayName,'a b')"),
            ),
        )
        .await
        .unwrap();
    assert_eq!(users, json!({"value": []}));
    let received = server.received_requests().await.unwrap();
    let agent = received[0]
        .headers
        .get("user-agent")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(agent.starts_with("msgraph-docs-runtime/"), "{agent}");
}

// ---------------------------------------------------------------------------
// Response handling
// ---------------------------------------------------------------------------

#[tokio::test]
async fn send_json_empty_answers_are_null_and_send_bytes_is_raw() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/no-content"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/empty"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/raw"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(vec![0u8, 159, 146, 150], "application/octet-stream"),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/with-body"))
        .respond_with(ResponseTemplate::new(200).set_body_string("ignored, not JSON"))
        .mount(&server)
        .await;
    let client = mock_client(&server);
    let value = client
        .send_json::<serde_json::Value>(OperationRequest::new(Method::DELETE, "/no-content".into()))
        .await
        .unwrap();
    assert_eq!(value, serde_json::Value::Null);
    assert_eq!(
        client
            .send_json::<serde_json::Value>(get("/empty"))
            .await
            .unwrap(),
        serde_json::Value::Null
    );
    let raw = client.send_bytes(get("/raw")).await.unwrap();
    assert_eq!(&raw[..], &[0u8, 159, 146, 150]);
    client.send_empty(post("/with-body")).await.unwrap();
}

#[tokio::test]
async fn not_found_with_graph_error_and_request_id_header() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/me/messages/missing"))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("request-id", "hdr-req-1")
                .set_body_json(json!({
                    "error": {
                        "code": "ErrorItemNotFound",
                        "message": "The specified object was not found in the store.",
                        "innerError": {
                            "request-id": "body-req-1",
                            "date": "2024-05-01T10:00:00",
                            "client-request-id": "client-1"
                        }
                    }
                })),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = mock_client(&server);
    let error = client
        .send_json::<serde_json::Value>(get("/me/messages/missing"))
        .await
        .unwrap_err();
    match &error {
        Error::Api {
            status,
            error: Some(graph),
            request_id,
            attempts,
        } => {
            assert_eq!(*status, StatusCode::NOT_FOUND);
            assert_eq!(graph.code, "ErrorItemNotFound");
            assert_eq!(
                graph.message,
                "The specified object was not found in the store."
            );
            let inner = graph.inner_error.as_ref().unwrap();
            assert_eq!(inner.client_request_id.as_deref(), Some("client-1"));
            assert_eq!(request_id.as_deref(), Some("hdr-req-1"));
            assert_eq!(*attempts, 1);
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
    assert_eq!(error.graph_error().unwrap().code, "ErrorItemNotFound");
    assert_eq!(error.request_id(), Some("hdr-req-1"));
    let text = error.to_string();
    assert!(text.contains("404"), "{text}");
    assert!(text.contains("ErrorItemNotFound"), "{text}");
    assert!(text.contains("hdr-req-1"), "{text}");
}

#[tokio::test]
async fn request_id_falls_back_to_inner_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({
            "error": {"code": "Authorization_RequestDenied", "message": "Insufficient privileges.",
                      "innerError": {"request-id": "body-req-2"}}
        })))
        .mount(&server)
        .await;
    let client = mock_client(&server);
    let error = client.send_empty(get("/users")).await.unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::FORBIDDEN));
    assert_eq!(error.request_id(), Some("body-req-2"));
}

#[tokio::test]
async fn bad_request_with_non_json_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(400).set_body_string("<html>Bad Request</html>"))
        .expect(1)
        .mount(&server)
        .await;
    let client = mock_client(&server);
    let error = client
        .send_json::<serde_json::Value>(post("/me/events"))
        .await
        .unwrap_err();
    match error {
        Error::Api {
            status,
            error,
            request_id,
            attempts,
        } => {
            assert_eq!(status, StatusCode::BAD_REQUEST);
            assert!(error.is_none());
            assert!(request_id.is_none());
            assert_eq!(attempts, 1);
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test]
async fn ok_with_invalid_json_is_a_decode_error() {
    let server = MockServer::start().await;
    let long_garbage = format!("{{\"value\": [{}", "x".repeat(500));
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string(long_garbage.clone()))
        .mount(&server)
        .await;
    let client = mock_client(&server);
    match client.send_json::<serde_json::Value>(get("/me")).await {
        Err(Error::Decode { body_snippet, .. }) => {
            assert_eq!(body_snippet.chars().count(), 200);
            assert!(long_garbage.starts_with(&body_snippet));
        }
        other => panic!("unexpected {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// Retries
// ---------------------------------------------------------------------------

#[tokio::test]
async fn retry_429_then_202_succeeds_after_two_attempts() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/me/messages/1/send"))
        .respond_with(ResponseTemplate::new(429))
        .up_to_n_times(1)
        .with_priority(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/me/messages/1/send"))
        .respond_with(ResponseTemplate::new(202))
        .with_priority(2)
        .expect(1)
        .mount(&server)
        .await;
    let client = mock_client(&server);
    client
        .send_empty(post("/me/messages/1/send"))
        .await
        .unwrap();
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 2);
    for request in &received {
        assert_eq!(request.headers.get("content-length").unwrap(), "0");
    }
}

#[tokio::test]
async fn retry_after_seconds_is_honoured() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "me"})))
        .with_priority(2)
        .mount(&server)
        .await;
    // Default policy: max_delay 30 s, so the 1 s Retry-After is used as is.
    let client = Client::builder()
        .base_url(&server.uri())
        .token(SENTINEL)
        .build()
        .unwrap();
    let start = Instant::now();
    let value = client
        .send_json::<serde_json::Value>(get("/me"))
        .await
        .unwrap();
    let elapsed = start.elapsed();
    assert_eq!(value, json!({"id": "me"}));
    assert!(elapsed >= Duration::from_millis(950), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn retry_after_http_date_is_honoured() {
    let server = MockServer::start().await;
    let when = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(2));
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", when.as_str()))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .with_priority(2)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(&server.uri())
        .token(SENTINEL)
        .build()
        .unwrap();
    let start = Instant::now();
    client.send_empty(get("/me")).await.unwrap();
    let elapsed = start.elapsed();
    // The date has one-second resolution: the wait is between 1 s and 2 s.
    assert!(elapsed >= Duration::from_millis(800), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
}

#[tokio::test]
async fn retry_after_is_capped_by_max_delay() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "3600"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .with_priority(2)
        .mount(&server)
        .await;
    let client = mock_client(&server); // max_delay 100 ms
    let start = Instant::now();
    client.send_empty(get("/me")).await.unwrap();
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
}

#[tokio::test]
async fn always_429_gives_up_after_max_attempts() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("request-id", "throttled-1")
                .set_body_json(json!({"error": {"code": "TooManyRequests", "message": "Please retry again later."}})),
        )
        .expect(3)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(&server.uri())
        .token(SENTINEL)
        .retry(fast_retry(3))
        .build()
        .unwrap();
    let error = client
        .send_json::<serde_json::Value>(get("/me/messages"))
        .await
        .unwrap_err();
    match &error {
        Error::Api {
            status, attempts, ..
        } => {
            assert_eq!(*status, StatusCode::TOO_MANY_REQUESTS);
            assert_eq!(*attempts, 3);
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(error.attempts(), Some(3));
    assert_eq!(error.graph_error().unwrap().code, "TooManyRequests");
    assert_eq!(error.request_id(), Some("throttled-1"));
    let text = error.to_string();
    assert!(text.contains("3 attempts"), "{text}");
    assert!(text.contains("429"), "{text}");
}

#[tokio::test]
async fn backoff_retries_503_and_504_without_retry_after() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(504))
        .up_to_n_times(1)
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true})))
        .with_priority(3)
        .mount(&server)
        .await;
    let client = mock_client(&server);
    let value = client
        .send_json::<serde_json::Value>(get("/me"))
        .await
        .unwrap();
    assert_eq!(value, json!({"ok": true}));
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn other_errors_are_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500))
        .expect(1)
        .mount(&server)
        .await;
    let client = mock_client(&server);
    let error = client.send_empty(get("/me")).await.unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
    assert_eq!(error.attempts(), Some(1));
    assert!(error.to_string().contains("1 attempt"), "{error}");
}

#[tokio::test]
async fn token_provider_is_asked_before_every_attempt() {
    struct Counting(AtomicU32);
    impl TokenProvider for Counting {
        fn token(&self) -> TokenFuture<'_> {
            let n = self.0.fetch_add(1, Ordering::SeqCst) + 1;
            Box::pin(async move { Ok(format!("token-{n}")) })
        }
    }
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer token-1"))
        .respond_with(ResponseTemplate::new(429))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer token-2"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let provider = Arc::new(Counting(AtomicU32::new(0)));
    let client = Client::builder()
        .base_url(&server.uri())
        .token_provider(provider.clone())
        .retry(fast_retry(4))
        .build()
        .unwrap();
    client.send_empty(get("/me")).await.unwrap();
    assert_eq!(provider.0.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn token_error_sends_nothing() {
    struct Failing;
    impl TokenProvider for Failing {
        fn token(&self) -> TokenFuture<'_> {
            Box::pin(async { Err(Error::Token("refresh token expired".into())) })
        }
    }
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(&server.uri())
        .token_provider(Failing)
        .build()
        .unwrap();
    let error = client.send_empty(get("/me")).await.unwrap_err();
    assert!(matches!(error, Error::Token(_)), "{error:?}");
    assert!(error.to_string().contains("refresh token expired"));
}

#[tokio::test]
async fn connection_refused_is_retried_only_for_idempotent_methods() {
    let port = refused_port();
    let client = Client::builder()
        .base_url(&format!("http://127.0.0.1:{port}/v1.0"))
        .token(SENTINEL)
        .retry(fast_retry(3))
        .build()
        .unwrap();

    let op = get("/users").query("$filter", "mail eq 'secret@contoso.com'");
    let error = client.send_json::<serde_json::Value>(op).await.unwrap_err();
    match &error {
        Error::Transport { attempts, source } => {
            assert_eq!(*attempts, 3);
            assert!(source.is_connect());
        }
        other => panic!("unexpected {other:?}"),
    }
    let text = error.to_string();
    assert!(text.contains("connection problem"), "{text}");
    assert!(
        text.contains(&format!("http://127.0.0.1:{port}/v1.0/users")),
        "{text}"
    );
    assert!(text.contains("3 attempts"), "{text}");
    assert!(!text.contains("secret@contoso.com"), "{text}");
    assert!(!format!("{error:?}").contains("secret"), "{error:?}");

    for verb in [Method::PUT, Method::DELETE] {
        let error = client
            .send_empty(OperationRequest::new(verb.clone(), "/me/x".into()))
            .await
            .unwrap_err();
        assert_eq!(error.attempts(), Some(3), "{verb}");
    }
    for verb in [Method::POST, Method::PATCH] {
        let error = client
            .send_empty(OperationRequest::new(verb.clone(), "/me/x".into()))
            .await
            .unwrap_err();
        assert!(
            matches!(error, Error::Transport { attempts: 1, .. }),
            "{verb}: {error:?}"
        );
    }
}

// ---------------------------------------------------------------------------
// Timeouts
// ---------------------------------------------------------------------------

#[tokio::test]
async fn slow_server_gives_timeout_error_within_bound() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(10)))
        .mount(&server)
        .await;
    let timeout = Duration::from_millis(500);
    let client = Client::builder()
        .base_url(&server.uri())
        .token(SENTINEL)
        .timeout(timeout)
        .connect_timeout(Duration::from_secs(2))
        .build()
        .unwrap();
    let start = Instant::now();
    let error = client
        .send_json::<serde_json::Value>(get("/me"))
        .await
        .unwrap_err();
    let elapsed = start.elapsed();
    match error {
        Error::Timeout { after, attempts } => {
            assert_eq!(after, timeout);
            assert_eq!(attempts, 1);
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(elapsed >= Duration::from_millis(450), "{elapsed:?}");
    assert!(elapsed < timeout + Duration::from_secs(3), "{elapsed:?}");
    // The timeout is not retried, even for GET.
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[test]
fn clients_are_cheap_to_clone_and_send() {
    fn assert_send_sync<T: Send + Sync + Clone>() {}
    assert_send_sync::<Client>();
    assert_send_sync::<ClientBuilder>();
    fn assert_send_future<F: std::future::Future + Send>(_: F) {}
    let client_for_futures = Client::new("t").unwrap();
    assert_send_future(client_for_futures.send_json::<serde_json::Value>(get("/me")));
    assert_send_future(client_for_futures.send_empty(get("/me")));
    assert_send_future(client_for_futures.send_bytes(get("/me")));
    let client = Client::new("t").unwrap();
    let clone = client.clone();
    assert_eq!(clone.base_url(), client.base_url());
    assert_eq!(client.retry_policy(), &RetryPolicy::default());
}
