//! Typed sending, collection pages, paging (page by page and as a stream),
//! delta links, the same-origin rule for links, absent/null/set bodies and
//! the API version a client defaults to, against local wiremock servers.

use futures::TryStreamExt;
use graph_runtime::wire::{Binary, Double, Int64};
use graph_runtime::{Beta, Error, GraphApi, Nullable, OperationRequest, Page, RetryPolicy, V1};
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

type Client = graph_runtime::Client<V1>;

const TOKEN: &str = "PAGING-TOKEN-5d1e";

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(&format!("{}/v1.0", server.uri()))
        .token(TOKEN)
        .retry(RetryPolicy::none())
        .build()
        .unwrap()
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Message {
    subject: String,
}

fn messages(subjects: &[&str]) -> serde_json::Value {
    json!(subjects
        .iter()
        .map(|s| json!({ "subject": s }))
        .collect::<Vec<_>>())
}

/// Three pages at `/v1.0/me/messages`: the first answers the request with
/// `$top=2`, the others the next links; every page demands the first
/// request's `ConsistencyLevel` and `Prefer` headers.
async fn three_pages(server: &MockServer) {
    let base = format!("{}/v1.0/me/messages", server.uri());
    let pages = [
        (
            None,
            json!({"@odata.context": "ctx", "@odata.count": 5, "value": messages(&["a", "b"]), "@odata.nextLink": format!("{base}?$skiptoken=p2")}),
        ),
        (
            Some("p2"),
            json!({"value": messages(&["c", "d"]), "@odata.nextLink": format!("{base}?$skiptoken=p3")}),
        ),
        (Some("p3"), json!({"value": messages(&["e"])})),
    ];
    for (token, body) in pages {
        let mut mock = Mock::given(method("GET"))
            .and(path("/v1.0/me/messages"))
            .and(header("ConsistencyLevel", "eventual"))
            .and(header("Prefer", "odata.maxpagesize=2"))
            .and(header("authorization", format!("Bearer {TOKEN}").as_str()));
        mock = match token {
            None => mock
                .and(query_param("$top", "2"))
                .and(query_param_is_missing("$skiptoken")),
            Some(token) => mock
                .and(query_param("$skiptoken", token))
                .and(query_param_is_missing("$top")),
        };
        mock.respond_with(ResponseTemplate::new(200).set_body_json(body))
            .expect(1)
            .mount(server)
            .await;
    }
}

fn list_request() -> OperationRequest {
    OperationRequest::new(Method::GET, "/me/messages".into())
        .query("$top", "2")
        .header("ConsistencyLevel", "eventual")
        .header("Prefer", "odata.maxpagesize=2")
}

#[tokio::test]
async fn pages_follow_next_links_with_the_first_requests_headers() {
    let server = MockServer::start().await;
    three_pages(&server).await;
    let mut pager = client(&server).pages::<Message>(list_request());
    let mut sizes = Vec::new();
    let mut first = None;
    while let Some(page) = pager.next_page().await.unwrap() {
        sizes.push(page.value.len());
        first.get_or_insert(page);
    }
    assert_eq!(sizes, [2, 2, 1]);
    assert_eq!(pager.pages_read(), 3);
    assert_eq!(pager.delta_link(), None);
    assert!(pager.next_page().await.unwrap().is_none());
    let first = first.unwrap();
    assert_eq!(first.count, Some(5));
    assert_eq!(first.other["@odata.context"], "ctx");
    assert_eq!(first.value[0].subject, "a");
}

#[tokio::test]
async fn items_stream_runs_to_the_last_page() {
    let server = MockServer::start().await;
    three_pages(&server).await;
    let items: Vec<Message> = client(&server)
        .items(list_request())
        .try_collect()
        .await
        .unwrap();
    let subjects: Vec<&str> = items.iter().map(|m| m.subject.as_str()).collect();
    assert_eq!(subjects, ["a", "b", "c", "d", "e"]);
}

#[tokio::test]
async fn items_stream_of_json_values() {
    let server = MockServer::start().await;
    three_pages(&server).await;
    let items: Vec<serde_json::Value> = client(&server)
        .items(list_request())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 5);
    assert_eq!(items[4]["subject"], "e");
}

#[tokio::test]
async fn a_next_link_to_another_origin_is_refused_and_gets_nothing() {
    let server = MockServer::start().await;
    let foreign = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"value": []})))
        .expect(0)
        .mount(&foreign)
        .await;
    // Same host (127.0.0.1), other port: another origin.
    Mock::given(method("GET"))
        .and(path("/v1.0/me/messages"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "value": messages(&["a"]),
            "@odata.nextLink": format!("{}/v1.0/me/messages?$skiptoken=x", foreign.uri()),
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);

    let mut stream = Box::pin(client.items::<Message>(list_request()));
    assert_eq!(stream.try_next().await.unwrap().unwrap().subject, "a");
    let error = stream.try_next().await.unwrap_err();
    match &error {
        Error::ForeignLink {
            link_origin,
            client_origin,
        } => {
            assert_eq!(link_origin, &foreign.uri());
            assert_eq!(client_origin, &server.uri());
        }
        other => panic!("expected ForeignLink, got {other:?}"),
    }
    assert!(!error.to_string().contains(TOKEN));
    // The stream ends after the error.
    assert!(stream.try_next().await.unwrap().is_none());
    assert!(foreign.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn links_must_keep_scheme_host_and_port() {
    let client = Client::builder()
        .base_url("https://graph.microsoft.com/v1.0")
        .token(TOKEN)
        .build()
        .unwrap();
    for link in [
        "http://graph.microsoft.com/v1.0/me/messages?$skiptoken=x",
        "https://graph.microsoft.com:8443/v1.0/me/messages",
        "https://evil.example/v1.0/me/messages",
        "https://graph.microsoft.com.evil.example/v1.0/me",
        "https://user:pw@graph.microsoft.com/v1.0/me",
    ] {
        let op = OperationRequest::from_link(Method::GET, link);
        let error = client.build_request(&op).await.unwrap_err();
        assert!(
            matches!(error, Error::ForeignLink { .. }),
            "{link}: {error:?}"
        );
    }
    // The default port written out is the same origin; the link is sent as it is.
    let op = OperationRequest::from_link(
        Method::GET,
        "https://GRAPH.microsoft.com:443/v1.0/me/messages?$skiptoken=a%2Bb",
    );
    let request = client.build_request(&op).await.unwrap();
    assert_eq!(
        request.url().as_str(),
        "https://graph.microsoft.com/v1.0/me/messages?$skiptoken=a%2Bb"
    );
    assert!(matches!(
        client
            .build_request(&OperationRequest::from_link(Method::GET, "not a url"))
            .await,
        Err(Error::InvalidArgument { name: "link", .. })
    ));
}

#[tokio::test]
async fn a_delta_call_returns_its_delta_link_and_resumes_from_it() {
    let server = MockServer::start().await;
    let base = format!("{}/v1.0/me/messages/delta", server.uri());
    let answers = [
        (
            "$select",
            "subject",
            json!({"value": messages(&["a"]), "@odata.nextLink": format!("{base}?$skiptoken=s2")}),
        ),
        (
            "$skiptoken",
            "s2",
            json!({"value": [{"subject": "b"}, {"id": "gone", "@removed": {"reason": "deleted"}}], "@odata.deltaLink": format!("{base}?$deltatoken=d1")}),
        ),
        (
            "$deltatoken",
            "d1",
            json!({"value": messages(&["c"]), "@odata.deltaLink": format!("{base}?$deltatoken=d2")}),
        ),
    ];
    for (name, value, body) in answers {
        Mock::given(method("GET"))
            .and(path("/v1.0/me/messages/delta"))
            .and(query_param(name, value))
            .and(header("Prefer", "odata.track-changes"))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = client(&server);
    let first = OperationRequest::new(Method::GET, "/me/messages/delta".into())
        .query("$select", "subject")
        .header("Prefer", "odata.track-changes");
    let (items, delta) = client
        .pages::<serde_json::Value>(first)
        .collect_all()
        .await
        .unwrap();
    assert_eq!(items.len(), 3);
    assert_eq!(items[2]["@removed"]["reason"], "deleted");
    let delta = delta.expect("the last page carries a delta link");
    assert_eq!(delta, format!("{base}?$deltatoken=d1"));

    // Later: resume from the stored link, with the same headers.
    let resume =
        OperationRequest::from_link(Method::GET, &delta).header("Prefer", "odata.track-changes");
    let mut pager = client.pages::<Message>(resume);
    let page = pager.next_page().await.unwrap().unwrap();
    assert_eq!(
        page.value,
        [Message {
            subject: "c".into()
        }]
    );
    assert!(pager.next_page().await.unwrap().is_none());
    assert_eq!(
        pager.delta_link(),
        Some(format!("{base}?$deltatoken=d2").as_str())
    );
}

#[derive(Debug, Default, Serialize, Deserialize, PartialEq)]
struct UserUpdate {
    #[serde(
        rename = "officeLocation",
        default,
        skip_serializing_if = "Nullable::is_absent"
    )]
    office_location: Nullable<String>,
    #[serde(
        rename = "jobTitle",
        default,
        skip_serializing_if = "Nullable::is_absent"
    )]
    job_title: Nullable<String>,
    #[serde(
        rename = "mobilePhone",
        default,
        skip_serializing_if = "Nullable::is_absent"
    )]
    mobile_phone: Nullable<String>,
}

#[tokio::test]
async fn an_update_can_clear_a_property_with_null() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path("/v1.0/me"))
        .and(body_json(
            json!({"officeLocation": null, "jobTitle": "Lead"}),
        ))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let update = UserUpdate {
        office_location: Nullable::Null,
        job_title: "Lead".to_string().into(),
        ..UserUpdate::default()
    };
    let op = OperationRequest::new(Method::PATCH, "/me".into())
        .json_body(&update)
        .unwrap();
    client(&server).send_empty(op).await.unwrap();

    // And the three states come back apart when read.
    let read: UserUpdate =
        serde_json::from_value(json!({"officeLocation": null, "jobTitle": "Lead"})).unwrap();
    assert!(read.office_location.is_null());
    assert_eq!(read.job_title.value().map(String::as_str), Some("Lead"));
    assert!(read.mobile_phone.is_absent());
}

#[derive(Debug, Deserialize, Serialize)]
struct DriveItem {
    id: String,
    size: Option<Int64>,
    #[serde(rename = "contentBytes")]
    content_bytes: Option<Binary>,
    score: Option<Double>,
    #[serde(flatten)]
    other: serde_json::Map<String, serde_json::Value>,
}

#[tokio::test]
async fn send_json_is_typed_and_still_reads_values() {
    let server = MockServer::start().await;
    let body = json!({
        "id": "1",
        "size": "9007199254740993",
        "contentBytes": "aGn7_w",
        "score": "NaN",
        "@odata.etag": "W/\"x\""
    });
    Mock::given(method("GET"))
        .and(path("/v1.0/me/drive/items/1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body.clone()))
        .expect(2)
        .mount(&server)
        .await;
    let client = client(&server);
    let get = || OperationRequest::new(Method::GET, "/me/drive/items/1".into());

    let item: DriveItem = client.send_json(get()).await.unwrap();
    assert_eq!(item.size.map(|n| n.value), Some(9_007_199_254_740_993));
    assert_eq!(
        item.content_bytes.as_ref().map(|b| b.0.as_slice()),
        Some(&b"hi\xfb\xff"[..])
    );
    assert!(item.score.is_some_and(|s| s.0.is_nan()));
    // What Graph sent comes back out, unknown keys included.
    let mut again = serde_json::to_value(&item).unwrap();
    // Binary is written back in the standard alphabet, padded.
    assert_eq!(again["contentBytes"], "aGn7/w==");
    again["contentBytes"] = json!("aGn7_w");
    assert_eq!(again, body);

    let value: serde_json::Value = client.send_json(get()).await.unwrap();
    assert_eq!(value, body);

    // A typed result that does not match is a decode error with the body's start.
    let server2 = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": 5})))
        .mount(&server2)
        .await;
    let error = client_for(&server2)
        .send_json::<DriveItem>(get())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
}

fn client_for(server: &MockServer) -> Client {
    client(server)
}

#[tokio::test]
async fn a_page_serializes_back_with_unknown_keys() {
    let text = json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users",
        "@odata.count": "12",
        "@odata.nextLink": "https://graph.microsoft.com/v1.0/users?$skiptoken=X",
        "value": [{"id": "1"}]
    });
    let page: Page<serde_json::Value> = serde_json::from_value(text.clone()).unwrap();
    assert_eq!(page.count, Some(12));
    let mut back = serde_json::to_value(&page).unwrap();
    assert_eq!(back["@odata.count"], 12);
    back["@odata.count"] = json!("12");
    assert_eq!(back, text);
    let empty: Page<Message> = serde_json::from_str("{}").unwrap();
    assert!(empty.value.is_empty() && empty.next_link.is_none());
}

#[tokio::test]
async fn an_empty_path_parameter_is_refused_before_sending() {
    let server = MockServer::start().await;
    let client = client(&server);
    for bad in ["/users//messages", "/users/", "//me"] {
        let error = client
            .send_empty(OperationRequest::new(Method::GET, bad.into()))
            .await
            .unwrap_err();
        match &error {
            Error::InvalidArgument {
                name: "path",
                reason,
            } => {
                assert!(reason.contains("empty"), "{bad}: {reason}")
            }
            other => panic!("{bad}: {other:?}"),
        }
    }
    assert!(server.received_requests().await.unwrap().is_empty());
    assert!(client
        .build_request(&OperationRequest::new(Method::GET, "/".into()))
        .await
        .is_ok());
}

#[test]
fn the_api_marker_gives_the_default_base_url_and_version() {
    let beta = graph_runtime::Client::<Beta>::new("t").unwrap();
    assert_eq!(beta.base_url().as_str(), "https://graph.microsoft.com/beta");
    assert_eq!(beta.api_version(), "beta");
    let v1 = Client::new("t").unwrap();
    assert_eq!(v1.base_url().as_str(), "https://graph.microsoft.com/v1.0");
    assert_eq!(v1.api_version(), "v1.0");

    struct Sovereign;
    impl GraphApi for Sovereign {
        const VERSION: &'static str = "beta";
        const DEFAULT_BASE_URL: &'static str = "https://graph.microsoft.us/beta";
        const USER_AGENT: &'static str = "my-sdk/9";
    }
    let client = graph_runtime::Client::<Sovereign>::builder()
        .token("t")
        .user_agent("app/1")
        .build()
        .unwrap();
    assert_eq!(
        client.base_url().as_str(),
        "https://graph.microsoft.us/beta"
    );
    // A base URL set by the app wins over the default.
    let custom = graph_runtime::Client::<Sovereign>::builder()
        .token("t")
        .base_url("https://graph.microsoft.com/v1.0")
        .build()
        .unwrap();
    assert_eq!(
        custom.base_url().as_str(),
        "https://graph.microsoft.com/v1.0"
    );
    assert_eq!(custom.api_version(), "beta");
}

#[tokio::test]
async fn the_user_agent_names_the_api_crate() {
    struct Sdk;
    impl GraphApi for Sdk {
        const VERSION: &'static str = "beta";
        const DEFAULT_BASE_URL: &'static str = "https://graph.microsoft.com/beta";
        const USER_AGENT: &'static str = "msgraph-docs-sdk-beta/0.1.0";
    }
    let client = graph_runtime::Client::<Sdk>::builder()
        .token("t")
        .user_agent("app/1")
        .build()
        .unwrap();
    let request = client
        .build_request(&OperationRequest::new(Method::GET, "/me".into()))
        .await
        .unwrap();
    assert_eq!(
        request.url().as_str(),
        "https://graph.microsoft.com/beta/me"
    );
    assert_eq!(
        request.headers()["user-agent"],
        "app/1 msgraph-docs-sdk-beta/0.1.0"
    );
}
