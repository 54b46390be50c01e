//! Typed request bodies on vendored pages through the parser: `user-sendmail` (a `POST`
//! action with a required and an optional parameter, a MIME example and a documented
//! request that contradicts its table) and `event-update` (a `PATCH` whose fields can be
//! sent as `null`), `user-post-messages` (no body table: the Request body section names
//! the `message` resource, which is the body), a `$ref` page, and a page whose documented
//! request contradicts its resource type, with the resource pages their types name.

use codegen::emit::{emit_with, CrateOptions, Emitted};
use std::path::Path;

const PAGES: &[&str] = &[
    "zh-CN/v1.0/api/user-sendmail.md",
    "zh-CN/v1.0/api/event-update.md",
    "zh-CN/v1.0/api/user-post-messages.md",
    "zh-CN/v1.0/api/educationassignment-post-categories.md",
    "zh-CN/v1.0/resources/message.md",
    "zh-CN/v1.0/resources/outlookitem.md",
    "zh-CN/v1.0/resources/entity.md",
    "zh-CN/v1.0/resources/recipient.md",
    "zh-CN/v1.0/resources/emailaddress.md",
    "zh-CN/v1.0/resources/itembody.md",
    "zh-CN/v1.0/resources/event.md",
];

/// A create page whose first documented request writes `isRead` as a string; the second,
/// under the same example name, as the Boolean it is.
const DRAFTS: &str = "---\nms.prod: outlook\ndoc_type: apiPageType\n---\n# Create draft\n\n\
## HTTP request\n\n```http\nPOST /me/mailFolders/{id}/drafts\n```\n\n\
## Request body\n\nIn the request body, supply a JSON representation of [message](../resources/message.md) object.\n\n\
## Response\n\nIf successful, this method returns `201 Created` and a [message](../resources/message.md) object.\n\n\
## Example\n\n### Request\n\n<!-- { \"blockType\": \"request\", \"name\": \"create_draft\" } -->\n\
```http\nPOST https://graph.microsoft.com/v1.0/me/mailFolders/inbox/drafts\nContent-type: application/json\n\n\
{\"subject\": \"Hi\", \"isRead\": \"false\"}\n```\n\n### Response\n\n\
<!-- { \"blockType\": \"response\", \"@odata.type\": \"microsoft.graph.message\" } -->\n\
```http\nHTTP/1.1 201 Created\nContent-type: application/json\n\n{\"subject\": \"Hi\"}\n```\n\n\
### Request\n\n<!-- { \"blockType\": \"request\", \"name\": \"create_draft\" } -->\n\
```http\nPOST https://graph.microsoft.com/v1.0/me/mailFolders/inbox/drafts\nContent-type: application/json\n\n\
{\"subject\": \"Hi\", \"isRead\": false}\n```\n\n### Response\n\n\
<!-- { \"blockType\": \"response\", \"@odata.type\": \"microsoft.graph.message\" } -->\n\
```http\nHTTP/1.1 201 Created\nContent-type: application/json\n\n{\"subject\": \"Hi\"}\n```\n";

fn emitted() -> Emitted {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs");
    let mut pages: Vec<_> = PAGES
        .iter()
        .map(|source| {
            let bytes = std::fs::read(docs.join(source)).expect("vendored page");
            codegen::parse::parse_page(source, &bytes)
        })
        .collect();
    pages.push(codegen::parse::parse_page(
        "zh-CN/v1.0/api/mailfolder-post-drafts.md",
        DRAFTS.as_bytes(),
    ));
    let options = CrateOptions {
        locale: Some("zh-CN".into()),
        ..CrateOptions::default()
    };
    emit_with(&pages, &options)
}

/// Token-level text: whitespace differences of the printer do not matter.
fn squash(s: &str) -> String {
    s.split_whitespace().collect()
}

fn outlook(e: &Emitted) -> String {
    e.files
        .iter()
        .filter(|(p, _)| p.to_string_lossy().starts_with("areas/outlook/"))
        .map(|(_, t)| t.as_str())
        .collect()
}

fn tests(e: &Emitted) -> String {
    e.files
        .iter()
        .filter(|(p, _)| p.to_string_lossy().starts_with("tests/examples/outlook"))
        .map(|(_, t)| t.as_str())
        .collect()
}

#[test]
fn send_mail_takes_a_typed_body() {
    let e = emitted();
    let src = squash(&outlook(&e));
    for expected in [
        "pub struct UserSendMailBody {",
        "pub message: crate::types::Message,",
        "pub save_to_sent_items: Option<bool>,",
        "pub fn new(message: crate::types::Message) -> Self",
        "message: r.required(\"message\")?,",
        "save_to_sent_items: r.optional(\"saveToSentItems\"),",
        "w.value(\"message\", &self.message);",
        "w.optional(\"saveToSentItems\", &self.save_to_sent_items);",
        "pub fn user_send_mail_request(path: UserSendMailPath<'_>) -> OperationRequest",
        "body: &UserSendMailBody, ) -> Call<'c, ()>",
        "client.call_empty(user_send_mail_request(path).json_body(body))",
    ] {
        assert!(src.contains(&squash(expected)), "missing {expected}");
    }
    assert!(
        !src.contains("RequestBody"),
        "typed fn takes no RequestBody"
    );
}

#[test]
fn update_fields_can_be_sent_as_null() {
    let e = emitted();
    let src = squash(&outlook(&e));
    // no required parameter in an update: `Default` builds an empty one
    assert!(src.contains(&squash(
        "#[derive(Clone, Default)] pub struct EventUpdateBody {"
    )));
    assert!(src.contains(&squash("pub subject: Option<Option<String>>,")));
    assert!(src.contains(&squash("subject: r.field(\"subject\"),")));
    assert!(src.contains(&squash("w.field(\"subject\", &self.subject);")));
}

#[test]
fn example_tests_build_the_body_from_the_documented_json() {
    let e = emitted();
    let t = squash(&tests(&e));
    // readable examples: the typed call
    assert!(t.contains(&squash(
        "let body: graph_sdk::outlook::UserSendMailBody = support::from_json(documented)"
    )));
    assert!(t.contains(&squash(".run(|client| graph_sdk::outlook::user_send_mail(")));
    assert!(t.contains(&squash("&body, ));")));
    // `"saveToSentItems": "false"` contradicts the Boolean row: the decode error is asserted
    // and the documented JSON is sent raw
    assert!(t.contains(&squash(
        "let error = support::from_json::<graph_sdk::outlook::UserSendMailBody>(documented)"
    )));
    assert!(t.contains(&squash(".json(&request_body);")));
    // the MIME example goes through the request fn
    assert!(t.contains(&squash("graph_sdk::RequestBody::Bytes {")));

    let r = &e.report;
    assert_eq!(r.typed_request_bodies, 4, "{:?}", r.untyped_request_bodies);
    let defect = r
        .doc_defects
        .iter()
        .find(|d| d.request && d.example == "user_sendmail")
        .expect("the contradicting request is a doc defect");
    assert_eq!(
        (
            defect.pointer.as_str(),
            defect.documented_type.as_str(),
            defect.found.as_str()
        ),
        ("/saveToSentItems", "Boolean", "string")
    );
}

#[test]
fn a_create_page_without_a_table_takes_its_resource_type() {
    let e = emitted();
    let src = squash(&outlook(&e));
    for expected in [
        "path: UserPostMessagesPath<'_>, body: &crate::types::Message, ) -> Call<'c, crate::types::Message>",
        "client.call_json(user_post_messages_request(path).json_body(body))",
        // the raw escape hatch takes no body
        "pub fn user_post_messages_request(path: UserPostMessagesPath<'_>) -> OperationRequest",
    ] {
        assert!(src.contains(&squash(expected)), "missing {expected}");
    }
    // no body struct: the resource type is the body
    assert!(!src.contains("UserPostMessagesBody"));

    let t = squash(&tests(&e));
    assert!(t.contains(&squash(
        "let body: graph_sdk::types::Message = support::from_json(documented)"
    )));
    // `"isRead": "false"` contradicts the Boolean property: the decode error is asserted
    // and the documented JSON is sent raw
    assert!(t.contains(&squash(
        "let error = support::from_json::<graph_sdk::types::Message>(documented)"
    )));

    // the second example of the same name reads: each test goes by its own example
    let all = tests(&e);
    let second = all
        .split("fn mail_folder_post_drafts_create_draft_2()")
        .nth(1)
        .and_then(|rest| rest.split("#[test]").next())
        .expect("a test of the second example");
    assert!(squash(second).contains(&squash(
        "let body: graph_sdk::types::Message = support::from_json(documented)"
    )));
    assert!(!second.contains("expect_err(\"documented request body"));

    let r = &e.report;
    assert_eq!(r.resource_request_bodies, 2);
    // `$ref` sends a reference, not the linked resource
    assert_eq!(
        r.untyped_request_bodies.get("reference ($ref) body"),
        Some(&1),
        "{:?}",
        r.untyped_request_bodies
    );
    let defect = r
        .doc_defects
        .iter()
        .find(|d| d.request && d.example == "create_draft")
        .expect("the contradicting request is a doc defect");
    assert_eq!(
        (
            defect.pointer.as_str(),
            defect.documented_type.as_str(),
            defect.found.as_str()
        ),
        ("/isRead", "Boolean", "string")
    );
}
