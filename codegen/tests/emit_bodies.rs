//! Typed request bodies on vendored pages through the parser: `user-sendmail` (a `POST`
//! action with a required and an optional parameter, a MIME example and a documented
//! request that contradicts its table) and `event-update` (a `PATCH` whose fields can be
//! sent as `null`), with the resource pages their parameter types name.

use codegen::emit::{emit_with, CrateOptions, Emitted};
use std::path::Path;

const PAGES: &[&str] = &[
    "zh-CN/v1.0/api/user-sendmail.md",
    "zh-CN/v1.0/api/event-update.md",
    "zh-CN/v1.0/resources/message.md",
    "zh-CN/v1.0/resources/outlookitem.md",
    "zh-CN/v1.0/resources/entity.md",
    "zh-CN/v1.0/resources/recipient.md",
    "zh-CN/v1.0/resources/emailaddress.md",
    "zh-CN/v1.0/resources/itembody.md",
    "zh-CN/v1.0/resources/event.md",
];

fn emitted() -> Emitted {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs");
    let pages: Vec<_> = PAGES
        .iter()
        .map(|source| {
            let bytes = std::fs::read(docs.join(source)).expect("vendored page");
            codegen::parse::parse_page(source, &bytes)
        })
        .collect();
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
        .filter(|(p, _)| p.to_string_lossy().starts_with("src/outlook"))
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
        "message: crate::wire::take_required(&mut m, \"message\")?,",
        "save_to_sent_items: crate::wire::take_optional(&mut m, \"saveToSentItems\")?,",
        "pub fn user_send_mail_request(path: UserSendMailPath<'_>) -> OperationRequest",
        "body: &UserSendMailBody, ) -> Result<(), Error>",
        "client.send_empty(user_send_mail_request(path).json_body(body)?).await",
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
        "#[derive(Debug, Clone, Default)] pub struct EventUpdateBody {"
    )));
    assert!(src.contains(&squash("pub subject: Option<Option<String>>,")));
    assert!(src.contains(&squash("subject: crate::wire::take(&mut m, \"subject\")?,")));
}

#[test]
fn example_tests_build_the_body_from_the_documented_json() {
    let e = emitted();
    let t = squash(&tests(&e));
    // readable examples: the typed call
    assert!(t.contains(&squash(
        "let body: graph_sdk::outlook::UserSendMailBody = serde_json::from_str(documented)"
    )));
    assert!(t.contains(&squash("&body, ) .await;")));
    // `"saveToSentItems": "false"` contradicts the Boolean row: the decode error is asserted
    // and the documented JSON is sent raw
    assert!(t.contains(&squash(
        "let error = serde_json::from_str::<graph_sdk::outlook::UserSendMailBody>(documented)"
    )));
    assert!(t.contains(&squash(".json(&request_body);")));
    // the MIME example goes through the request fn
    assert!(t.contains(&squash("graph_sdk::RequestBody::Bytes {")));

    let r = &e.report;
    assert_eq!(r.typed_request_bodies, 2, "{:?}", r.untyped_request_bodies);
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
