//! Typed paging through the generated calls: listing messages gives typed pages and a
//! stream over three pages, a next link to another host is refused without sending the
//! token, and a delta call hands back its delta link and resumes from it.
//!
//! Written by hand; the generator never touches this file.
#![cfg(feature = "outlook")]

use futures::TryStreamExt;
use graph_runtime::test_support::{client, DecodedPath};
use graph_sdk::outlook::{message_delta_pages, MessageDeltaPath};
use graph_sdk::outlook::{user_list_messages, user_list_messages_pages, UserListMessagesPath};
use graph_sdk::types::AnyMessage;
use graph_sdk::{Error, ODataQuery};
use serde_json::json;
use wiremock::matchers::{header, method, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Mounts three pages of `/me/messages`, each naming the next by `?page=N`.
async fn three_pages(server: &MockServer) {
    for page in 1..=3 {
        let mut body = json!({
            "value": [
                {"id": format!("m{page}a"), "subject": format!("subject {page}a")},
                {"id": format!("m{page}b"), "subject": format!("subject {page}b")},
            ]
        });
        if page < 3 {
            body["@odata.nextLink"] =
                json!(format!("{}/me/messages?page={}", server.uri(), page + 1));
        }
        let mock = Mock::given(method("GET"))
            .and(DecodedPath("/me/messages"))
            .and(header("authorization", "Bearer test-token"))
            .and(header("prefer", "outlook.body-content-type=\"text\""));
        let mock = if page == 1 {
            mock.and(query_param("$top", "2"))
        } else {
            mock.and(query_param("page", page.to_string()))
        };
        mock.respond_with(ResponseTemplate::new(200).set_body_json(body))
            .expect(1)
            .mount(server)
            .await;
    }
}

fn subject(m: &AnyMessage) -> Option<String> {
    match m {
        AnyMessage::Message(m) => m.subject.clone().flatten(),
        _ => None,
    }
}

fn list_query() -> ODataQuery {
    ODataQuery::new().top(2)
}

#[tokio::test]
async fn listing_messages_yields_typed_pages() {
    let server = MockServer::start().await;
    three_pages(&server).await;
    let client = client::<graph_sdk::Api>(&server);
    let query = list_query();
    let request = graph_sdk::outlook::user_list_messages_request(UserListMessagesPath::Me, &query)
        .header("Prefer", "outlook.body-content-type=\"text\"");
    let mut pager = client.pages::<AnyMessage>(request);
    let mut subjects = Vec::new();
    while let Some(page) = pager.next_page().await.expect("page") {
        assert_eq!(page.value.len(), 2);
        subjects.extend(page.value.iter().filter_map(subject));
    }
    assert_eq!(pager.pages_read(), 3);
    assert_eq!(subjects.first().map(String::as_str), Some("subject 1a"));
    assert_eq!(subjects.last().map(String::as_str), Some("subject 3b"));
    assert_eq!(subjects.len(), 6);
}

#[tokio::test]
async fn the_pages_call_streams_every_message() {
    let server = MockServer::start().await;
    // the generated `_pages` call without extra headers: one mock chain without `Prefer`
    for page in 1..=3 {
        let mut body =
            json!({"value": [{"id": format!("m{page}"), "subject": format!("s{page}")}]});
        if page < 3 {
            body["@odata.nextLink"] =
                json!(format!("{}/me/messages?page={}", server.uri(), page + 1));
        }
        let mock = Mock::given(method("GET")).and(DecodedPath("/me/messages"));
        let mock = if page == 1 {
            mock.and(query_param("$top", "2"))
        } else {
            mock.and(query_param("page", page.to_string()))
        };
        // the first page is asked for twice: by the stream and by the single-page call
        mock.respond_with(ResponseTemplate::new(200).set_body_json(body))
            .expect(if page == 1 { 2 } else { 1 })
            .mount(&server)
            .await;
    }
    let client = client::<graph_sdk::Api>(&server);
    let query = list_query();
    let messages: Vec<AnyMessage> =
        user_list_messages_pages(&client, UserListMessagesPath::Me, &query)
            .into_items()
            .try_collect()
            .await
            .expect("all pages");
    let subjects: Vec<String> = messages.iter().filter_map(subject).collect();
    assert_eq!(subjects, ["s1", "s2", "s3"]);
    // the single-page call answers the first page, typed, with its next link
    let first = user_list_messages(&client, UserListMessagesPath::Me, &query)
        .await
        .expect("first page");
    assert_eq!(first.value.len(), 1);
    assert!(first.next_link.is_some());
}

#[tokio::test]
async fn a_next_link_to_another_host_is_refused_without_the_token() {
    let server = MockServer::start().await;
    let other = MockServer::start().await;
    Mock::given(method("GET"))
        .and(DecodedPath("/me/messages"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "value": [{"id": "m1"}],
            "@odata.nextLink": format!("{}/me/messages?page=2", other.uri()),
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"value": []})))
        .expect(0)
        .mount(&other)
        .await;
    let client = client::<graph_sdk::Api>(&server);
    let query = ODataQuery::new();
    let mut pager = user_list_messages_pages(&client, UserListMessagesPath::Me, &query);
    let first = pager
        .next_page()
        .await
        .expect("first page")
        .expect("a page");
    assert_eq!(first.value.len(), 1);
    let refused = pager.next_page().await.expect_err("foreign next link");
    assert!(matches!(refused, Error::ForeignLink { .. }), "{refused}");
    assert!(other
        .received_requests()
        .await
        .unwrap_or_default()
        .is_empty());
}

#[tokio::test]
async fn a_delta_call_returns_its_delta_link_and_resumes_from_it() {
    let server = MockServer::start().await;
    let delta_link = format!(
        "{}/me/mailFolders/inbox/messages/delta?$deltatoken=t1",
        server.uri()
    );
    Mock::given(method("GET"))
        .and(DecodedPath("/me/mailFolders/inbox/messages/delta"))
        .and(query_param("$select", "subject"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "value": [{"id": "m1", "subject": "first"}],
            "@odata.deltaLink": delta_link,
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(DecodedPath("/me/mailFolders/inbox/messages/delta"))
        .and(query_param("$deltatoken", "t1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "value": [{"id": "m2", "subject": "changed", "@removed": {"reason": "changed"}}],
            "@odata.deltaLink": format!("{}/me/mailFolders/inbox/messages/delta?$deltatoken=t2", server.uri()),
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = client::<graph_sdk::Api>(&server);
    let query = ODataQuery::new().select(["subject"]);
    let path = MessageDeltaPath::Me {
        mail_folder_id: "inbox",
    };
    let mut pager = message_delta_pages(&client, path, &query);
    let mut seen = Vec::new();
    while let Some(page) = pager.next_page().await.expect("delta page") {
        seen.extend(page.value.iter().filter_map(subject));
    }
    assert_eq!(seen, ["first"]);
    let stored = pager.delta_link().map(str::to_owned).expect("delta link");
    assert_eq!(stored, delta_link);

    // later: resume from the stored link, typed the same way
    let resumed = client.pages::<AnyMessage>(graph_sdk::OperationRequest::from_link(
        reqwest::Method::GET,
        &stored,
    ));
    let (changed, next) = resumed.collect_all().await.expect("resumed delta");
    assert_eq!(
        changed.iter().filter_map(subject).collect::<Vec<_>>(),
        ["changed"]
    );
    match &changed[0] {
        AnyMessage::Message(m) => assert!(m.additional_properties.contains_key("@removed")),
        other => panic!("expected a message, got {other:?}"),
    }
    assert!(next.is_some_and(|l| l.ends_with("t2")));
}
