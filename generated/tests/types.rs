//! The typed models against the documentation: `message` has the documented properties
//! and relationships with their types, subtypes are chosen by `@odata.type`, unknown
//! properties survive a round trip, and absent, `null` and set stay distinct.
//!
//! Written by hand; the generator never touches this file. The types a crate compiles
//! follow its area features, and `message` belongs to the mail area (`outlook`).
#![cfg(feature = "outlook")]

use graph_sdk::types::{
    AnyAttachment, AnyExtension, AnyRecipient, Attachment, EmailAddress, FileAttachment,
    FollowupFlag, Importance, InferenceClassificationType, InternetMessageHeader, ItemBody,
    Message, MultiValueLegacyExtendedProperty, Recipient, SingleValueLegacyExtendedProperty,
};
use graph_sdk::wire::{Binary, DateTimeOffset, WireEnum};
use serde_json::{json, Value};

#[test]
fn message_has_the_documented_fields_and_types() {
    // The 31 properties and 4 relationships of `resources/message.md` (bases included), each
    // with its documented type: this only compiles when every field has that type.
    // `recipient` has documented subtypes (`attendeeBase`, `attendee`), so its values are
    // `AnyRecipient`.
    let m = Message::default();
    let _: &Option<Option<Vec<AnyRecipient>>> = &m.bcc_recipients;
    let _: &Option<Option<ItemBody>> = &m.body;
    let _: &Option<Option<String>> = &m.body_preview;
    let _: &Option<Option<Vec<String>>> = &m.categories;
    let _: &Option<Option<Vec<AnyRecipient>>> = &m.cc_recipients;
    let _: &Option<Option<String>> = &m.change_key;
    let _: &Option<Option<String>> = &m.conversation_id;
    let _: &Option<Option<Binary>> = &m.conversation_index;
    let _: &Option<Option<DateTimeOffset>> = &m.created_date_time;
    let _: &Option<Option<FollowupFlag>> = &m.flag;
    let _: &Option<Option<AnyRecipient>> = &m.from;
    let _: &Option<Option<bool>> = &m.has_attachments;
    let _: &Option<Option<String>> = &m.id;
    let _: &Option<Option<Importance>> = &m.importance;
    let _: &Option<Option<InferenceClassificationType>> = &m.inference_classification;
    let _: &Option<Option<Vec<InternetMessageHeader>>> = &m.internet_message_headers;
    let _: &Option<Option<String>> = &m.internet_message_id;
    let _: &Option<Option<bool>> = &m.is_delivery_receipt_requested;
    let _: &Option<Option<bool>> = &m.is_draft;
    let _: &Option<Option<bool>> = &m.is_read;
    let _: &Option<Option<bool>> = &m.is_read_receipt_requested;
    let _: &Option<Option<DateTimeOffset>> = &m.last_modified_date_time;
    let _: &Option<Option<String>> = &m.parent_folder_id;
    let _: &Option<Option<DateTimeOffset>> = &m.received_date_time;
    let _: &Option<Option<Vec<AnyRecipient>>> = &m.reply_to;
    let _: &Option<Option<AnyRecipient>> = &m.sender;
    let _: &Option<Option<DateTimeOffset>> = &m.sent_date_time;
    let _: &Option<Option<String>> = &m.subject;
    let _: &Option<Option<Vec<AnyRecipient>>> = &m.to_recipients;
    let _: &Option<Option<ItemBody>> = &m.unique_body;
    let _: &Option<Option<String>> = &m.web_link;
    // Relationships.
    let _: &Option<Option<Vec<AnyAttachment>>> = &m.attachments;
    let _: &Option<Option<Vec<AnyExtension>>> = &m.extensions;
    let _: &Option<Option<Vec<MultiValueLegacyExtendedProperty>>> =
        &m.multi_value_extended_properties;
    let _: &Option<Option<Vec<SingleValueLegacyExtendedProperty>>> =
        &m.single_value_extended_properties;
}

#[test]
fn message_serializes_the_exact_json_names() {
    // Every field set to `null`: the JSON carries exactly the documented names.
    let all_null = json!({
        "bccRecipients": null, "body": null, "bodyPreview": null, "categories": null,
        "ccRecipients": null, "changeKey": null, "conversationId": null,
        "conversationIndex": null, "createdDateTime": null, "flag": null, "from": null,
        "hasAttachments": null, "id": null, "importance": null,
        "inferenceClassification": null, "internetMessageHeaders": null,
        "internetMessageId": null, "isDeliveryReceiptRequested": null, "isDraft": null,
        "isRead": null, "isReadReceiptRequested": null, "lastModifiedDateTime": null,
        "parentFolderId": null, "receivedDateTime": null, "replyTo": null, "sender": null,
        "sentDateTime": null, "subject": null, "toRecipients": null, "uniqueBody": null,
        "webLink": null, "attachments": null, "extensions": null,
        "multiValueExtendedProperties": null, "singleValueExtendedProperties": null
    });
    let m: Message = serde_json::from_value(all_null.clone()).unwrap();
    assert_eq!(m.subject, Some(None));
    assert!(
        m.additional_properties.is_empty(),
        "{:?}",
        m.additional_properties
    );
    assert_eq!(serde_json::to_value(&m).unwrap(), all_null);
    assert_eq!(all_null.as_object().unwrap().len(), 35);
}

#[test]
fn recipient_email_address_item_body() {
    let r: Recipient = serde_json::from_value(json!({
        "emailAddress": {"name": "Alex", "address": "alex@contoso.com"}
    }))
    .unwrap();
    let address: EmailAddress = r.email_address.flatten().unwrap();
    assert_eq!(address.address, Some(Some("alex@contoso.com".to_owned())));
    let body: ItemBody =
        serde_json::from_value(json!({"contentType": "html", "content": "<p>hi</p>"})).unwrap();
    assert_eq!(body.content.clone().flatten().as_deref(), Some("<p>hi</p>"));
    assert_eq!(
        serde_json::to_value(&body).unwrap(),
        json!({"contentType": "html", "content": "<p>hi</p>"})
    );
}

#[test]
fn attachments_deserialize_into_their_subtypes() {
    let m: Message = serde_json::from_value(json!({
        "attachments": [
            {"@odata.type": "#microsoft.graph.fileAttachment", "name": "a.txt", "contentBytes": "aGk="},
            {"@odata.type": "microsoft.graph.itemAttachment", "name": "item"},
            {"@odata.type": "#microsoft.graph.referenceAttachment", "name": "ref"},
            {"name": "untagged"},
            {"@odata.type": "#microsoft.graph.futureAttachment", "name": "new", "extra": 1}
        ]
    }))
    .unwrap();
    let a = m.attachments.clone().flatten().unwrap();
    match &a[0] {
        AnyAttachment::FileAttachment(f) => {
            let f: &FileAttachment = f;
            assert_eq!(f.content_bytes, Some(Some(Binary(b"hi".to_vec()))));
            assert_eq!(f.name.as_ref().and_then(Option::as_deref), Some("a.txt"));
        }
        other => panic!("expected a file attachment, got {other:?}"),
    }
    assert!(matches!(a[1], AnyAttachment::ItemAttachment(_)));
    assert!(matches!(a[2], AnyAttachment::ReferenceAttachment(_)));
    assert!(matches!(a[3], AnyAttachment::Attachment(_)));
    match &a[4] {
        AnyAttachment::Attachment(base) => {
            let base: &Attachment = base;
            assert_eq!(base.additional_properties.get("extra"), Some(&json!(1)));
        }
        other => panic!("expected the base, got {other:?}"),
    }
    // Written back as read, tags included.
    let back = serde_json::to_value(&m).unwrap();
    assert_eq!(
        back["attachments"][1]["@odata.type"],
        "microsoft.graph.itemAttachment"
    );
    assert_eq!(back["attachments"][4]["extra"], 1);
}

#[test]
fn unknown_properties_survive_a_round_trip() {
    let sent = json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users('x')/messages/$entity",
        "@odata.etag": "W/\"CQAAABYAAAC\"",
        "id": "AAMkAGI2",
        "subject": "Hello",
        "importance": "someFutureLevel",
        "newProperty": {"nested": [1, 2, 3]},
        "receivedDateTime": "2016-10-19T10:37:00.0000000Z",
        "from": {"emailAddress": {"address": "a@b.c", "unknownInner": true}}
    });
    let m: Message = serde_json::from_value(sent.clone()).unwrap();
    assert_eq!(
        m.importance,
        Some(Some(Importance::from_wire("someFutureLevel")))
    );
    assert_eq!(m.additional_properties.len(), 3);
    assert_eq!(serde_json::to_value(&m).unwrap(), sent);
}

#[test]
fn an_update_can_send_null() {
    let update = Message {
        subject: Some(Some("New subject".to_owned())),
        flag: Some(None),
        ..Message::default()
    };
    assert_eq!(
        serde_json::to_value(&update).unwrap(),
        json!({"subject": "New subject", "flag": null})
    );
    let read: Message = serde_json::from_value(json!({"flag": null})).unwrap();
    assert!(matches!(read.flag, Some(None)));
    assert!(read.subject.is_none());
    assert_eq!(Importance::High.as_str(), "high");
}

#[test]
fn unknown_enum_values_are_kept() {
    let v: Value = serde_json::to_value(Importance::from_wire("critical")).unwrap();
    assert_eq!(v, json!("critical"));
}
