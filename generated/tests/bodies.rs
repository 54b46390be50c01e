//! Typed request bodies through the generated calls: `user_send_mail` takes its body
//! struct (a typed `Message` and an optional `saveToSentItems`) and sends exactly the JSON
//! built, `message_send` still answers `Ok(())` on 202, and an update can clear a property
//! with `null`.
//!
//! Written by hand; the generator never touches this file.
#![cfg(feature = "outlook")]

use graph_runtime::test_support::{client, DecodedPath};
use graph_sdk::outlook::{
    message_send, user_send_mail, MessageSendPath, UserSendMailBody, UserSendMailPath,
};
use graph_sdk::types::{AnyRecipient, BodyType, EmailAddress, ItemBody, Message, Recipient};
use serde_json::json;
use wiremock::matchers::{body_json, header, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn to(address: &str) -> AnyRecipient {
    AnyRecipient::Recipient(Box::new(Recipient {
        email_address: Some(Some(EmailAddress {
            address: Some(Some(address.to_owned())),
            ..EmailAddress::default()
        })),
        ..Recipient::default()
    }))
}

#[tokio::test]
async fn user_send_mail_sends_the_typed_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(DecodedPath("/users/adele@contoso.com/sendMail"))
        .and(header("authorization", "Bearer test-token"))
        .and(body_json(json!({
            "message": {
                "subject": "Lunch?",
                "body": {"contentType": "text", "content": "At noon."},
                "toRecipients": [{"emailAddress": {"address": "megan@contoso.com"}}]
            },
            "saveToSentItems": false
        })))
        .respond_with(ResponseTemplate::new(202))
        .expect(1)
        .mount(&server)
        .await;
    let message = Message {
        subject: Some(Some("Lunch?".to_owned())),
        body: Some(Some(ItemBody {
            content_type: Some(Some(BodyType::Text)),
            content: Some(Some("At noon.".to_owned())),
            ..ItemBody::default()
        })),
        to_recipients: Some(Some(vec![to("megan@contoso.com")])),
        ..Message::default()
    };
    let mut body = UserSendMailBody::new(message);
    body.save_to_sent_items = Some(false);
    let client = client::<graph_sdk::Api>(&server);
    let path = UserSendMailPath::Users {
        user_id: "adele@contoso.com",
    };
    user_send_mail(&client, path, &body)
        .await
        .expect("202 Accepted");
}

#[tokio::test]
async fn the_body_struct_reads_the_documented_json_and_writes_it_back() {
    let documented = json!({
        "message": {
            "subject": "Meet for lunch?",
            "toRecipients": [{"emailAddress": {"address": "fannyd@contoso.onmicrosoft.com"}}],
            "ccRecipients": [{"emailAddress": {"address": "danas@contoso.onmicrosoft.com"}}]
        },
        "saveToSentItems": false
    });
    let body: UserSendMailBody = serde_json::from_value(documented.clone()).expect("body");
    assert_eq!(body.save_to_sent_items, Some(false));
    assert_eq!(
        body.message.subject,
        Some(Some("Meet for lunch?".to_owned()))
    );
    assert_eq!(serde_json::to_value(&body).expect("json"), documented);
    // a required parameter must be there
    let missing = serde_json::from_value::<UserSendMailBody>(json!({"saveToSentItems": true}));
    assert!(missing.is_err());
}

#[tokio::test]
async fn message_send_answers_unit_on_202() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(DecodedPath("/me/messages/AAMkAD=/send"))
        .and(header("content-length", "0"))
        .respond_with(ResponseTemplate::new(202))
        .expect(1)
        .mount(&server)
        .await;
    let client = client::<graph_sdk::Api>(&server);
    let sent: () = message_send(
        &client,
        MessageSendPath::Me {
            message_id: "AAMkAD=",
        },
    )
    .await
    .expect("202 Accepted");
    let () = sent;
}

#[test]
fn an_update_can_clear_a_property_with_null() {
    let update = Message {
        subject: Some(Some("New subject".to_owned())),
        categories: Some(None),
        ..Message::default()
    };
    assert_eq!(
        serde_json::to_value(&update).expect("json"),
        json!({"subject": "New subject", "categories": null})
    );
}
