//! Unit tests of the type catalogue: primitive spellings, inheritance from the annotation
//! and from prose, enum naming, link resolution and the fallbacks with their diagnostics.

use super::*;
use crate::diag::Code;
use crate::parse::{parse_page, type_ref};

fn resource(stem: &str, annotation: &str, intro: &str, rows: &str) -> crate::model::Page {
    let md = format!(
        "---\ntitle: x\ndoc_type: resourcePageType\n---\n# {stem} resource type\n\nNamespace: microsoft.graph\n\n{intro}\n\n## Properties\n\n| Property | Type | Description |\n|:---|:---|:---|\n{rows}\n## JSON representation\n\n<!-- {annotation} -->\n```json\n{{}}\n```\n"
    );
    parse_page(&format!("v1.0/resources/{stem}.md"), md.as_bytes())
}

fn pages() -> Vec<crate::model::Page> {
    let enum_page = parse_page(
        "v1.0/resources/intune-apps-mobileapppublishingstate.md",
        b"---\ntitle: x\ndoc_type: enumPageType\n---\n# mobileAppPublishingState enum type\n\nNamespace: microsoft.graph\n\nThe state.\n\n## Members\n\n| Member | Value | Description |\n|:---|:---|:---|\n|notPublished|0|Not yet.|\n|published|2|Done.|\n",
    );
    let enums_md = parse_page(
        "v1.0/resources/enums.md",
        b"---\ntitle: x\ndoc_type: enumPageType\n---\n# Enum values\n\nNamespace: microsoft.graph\n\n### riskLevel values\n\n| Member |\n|:---|\n| low |\n| high |\n| unknownFutureValue |\n",
    );
    vec![
        resource(
            "entity",
            r#"{"blockType": "resource", "@odata.type": "microsoft.graph.entity", "abstract": true}"#,
            "Base.",
            "| id | String | The id. |\n",
        ),
        resource(
            "outlookitem",
            r#"{"blockType": "resource", "@odata.type": "microsoft.graph.outlookItem", "baseType": "microsoft.graph.entity"}"#,
            "Base of items.",
            "| changeKey | string | Key. |\n| createdDateTime | dateTimeOffset | When. |\n",
        ),
        resource(
            "message",
            r#"{"blockType": "resource", "@odata.type": "microsoft.graph.message", "openType": true}"#,
            "A message. Inherits from [outlookItem](outlookitem.md).",
            "| toRecipients | [recipient](recipient.md) collection | To. |\n| importance | importance | How important. |\n| sender | [recipient][] | From. |\n| state | [mobileAppPublishingState](../resources/intune-apps-mobileapppublishingstate.md) | State. |\n| risk | riskLevel | Risk. |\n| odd | String or Int32 | Either. |\n| blob | Untyped JSON object | Any. |\n| id | GUID | Replaces the inherited id. |\n",
        ),
        resource(
            "recipient",
            r#"{"blockType": "resource", "@odata.type": "microsoft.graph.recipient"}"#,
            "A recipient.",
            "| emailAddress | String | The address. |\n",
        ),
        enum_page,
        enums_md,
    ]
}

#[test]
fn names_are_documented_names() {
    let cat = Catalogue::build(&pages());
    assert!(cat.types.contains_key("microsoft.graph.message"));
    assert!(cat.types.contains_key("microsoft.graph.outlookItem"));
    // Intune enum pages: the title's name, not the file stem.
    let e = &cat.enums["microsoft.graph.mobileAppPublishingState"];
    assert_eq!(e.members.len(), 2);
    assert_eq!(e.members[1].value.as_deref(), Some("2"));
    assert!(cat.enums.contains_key("microsoft.graph.riskLevel"));
    assert_eq!(cat.stats.resource_annotations, 4);
    assert_eq!(cat.stats.annotations_typed, 4);
}

#[test]
fn inheritance_from_annotation_and_prose() {
    let cat = Catalogue::build(&pages());
    let item = &cat.types["microsoft.graph.outlookItem"];
    assert_eq!(item.base.as_deref(), Some("microsoft.graph.entity"));
    assert!(!item.base_from_prose);
    let msg = &cat.types["microsoft.graph.message"];
    assert_eq!(msg.base.as_deref(), Some("microsoft.graph.outlookItem"));
    assert!(msg.base_from_prose);
    assert!(msg.open_type);
    assert!(cat.types["microsoft.graph.entity"].is_abstract);
    assert!(cat
        .diagnostics
        .iter()
        .any(|d| d.code == Code::BaseTypeFromProse && d.file.ends_with("message.md")));
    assert_eq!(
        cat.descendants("microsoft.graph.entity"),
        vec!["microsoft.graph.message", "microsoft.graph.outlookItem"]
    );
    // Bases first; a redefined field replaces the inherited one in place.
    let names: Vec<&str> = cat
        .all_fields("microsoft.graph.message")
        .iter()
        .map(|f| f.json_name.as_str())
        .collect();
    assert_eq!(names[..3], ["id", "changeKey", "createdDateTime"]);
    let id = cat.all_fields("microsoft.graph.message")[0];
    assert_eq!(id.ty, FieldType::Primitive(Primitive::Guid));
}

#[test]
fn cells_resolve() {
    let cat = Catalogue::build(&pages());
    let msg = &cat.types["microsoft.graph.message"];
    let ty = |n: &str| {
        let f = msg.fields.iter().find(|f| f.json_name == n).expect("field");
        (f.ty.clone(), f.collection)
    };
    let complex = |n: &str| FieldType::Complex(format!("microsoft.graph.{n}"));
    assert_eq!(ty("toRecipients"), (complex("recipient"), true));
    assert_eq!(ty("sender"), (complex("recipient"), false));
    assert_eq!(
        ty("state"),
        (
            FieldType::Enum("microsoft.graph.mobileAppPublishingState".into()),
            false
        )
    );
    assert_eq!(
        ty("risk"),
        (FieldType::Enum("microsoft.graph.riskLevel".into()), false)
    );
    assert_eq!(ty("odd"), (FieldType::Json, false));
    assert_eq!(ty("blob"), (FieldType::Json, false));
    // `importance` has no page here: untyped, reported.
    assert_eq!(ty("importance"), (FieldType::Json, false));
    let codes: Vec<Code> = cat.diagnostics.iter().map(|d| d.code).collect();
    for c in [
        Code::TypeAlternatives,
        Code::TypeUntypedJson,
        Code::TypeUnknown,
    ] {
        assert!(codes.contains(&c), "{c} in {codes:?}");
    }
    let cell = type_ref("Collection(microsoft.graph.recipient)").expect("cell");
    assert_eq!(
        cat.resolve(&cell),
        Some(Resolved {
            ty: complex("recipient"),
            collection: true
        })
    );
    assert_eq!(
        cat.resolve_name("#microsoft.graph.Recipient").map(|r| r.ty),
        Some(complex("recipient"))
    );
    assert_eq!(
        cat.resolve_name("Collection(Edm.String)"),
        Some(Resolved {
            ty: FieldType::Primitive(Primitive::String),
            collection: true
        })
    );
}

#[test]
fn flags_need_powers_of_two() {
    let m = |v: &str| EnumMemberDef {
        name: format!("m{v}"),
        value: Some(v.into()),
        description: Text::default(),
    };
    assert!(build::looks_like_flags_for_test(&[
        m("0"),
        m("1"),
        m("2"),
        m("4")
    ]));
    assert!(!build::looks_like_flags_for_test(&[
        m("0"),
        m("1"),
        m("2"),
        m("3")
    ]));
    assert!(!build::looks_like_flags_for_test(&[m("1"), m("2")]));
}

#[test]
fn inherits_from_prose() {
    assert_eq!(
        build::inherits_from(
            "Represents a user. Inherits from [directoryObject](directoryobject.md)."
        ),
        Some(("directoryObject".into(), "directoryobject.md".into()))
    );
    assert_eq!(build::inherits_from("Nothing here [x](x.md)."), None);
}

#[test]
fn link_text_naming_another_type_than_the_linked_page_wins() {
    let cat = Catalogue::build(&pages());
    let complex = |n: &str| FieldType::Complex(format!("microsoft.graph.{n}"));
    let resolve = |cell: &str| cat.resolve(&type_ref(cell).expect("cell")).map(|r| r.ty);
    // a section of another type's page, named by its text
    assert_eq!(
        resolve("[riskLevel](../resources/message.md#risklevel-values)"),
        Some(FieldType::Enum("microsoft.graph.riskLevel".into()))
    );
    // a primitive whose link points to a page of a complex type
    assert_eq!(
        resolve("[DateTimeOffset](../resources/recipient.md)"),
        Some(FieldType::Primitive(
            crate::types::Primitive::DateTimeOffset
        ))
    );
    // the same short name: the linked page decides (its namespace)
    assert_eq!(
        resolve("[Recipient](../resources/recipient.md)"),
        Some(complex("recipient"))
    );
    // text that names nothing known: the linked page
    assert_eq!(
        resolve("[the recipient](../resources/recipient.md)"),
        Some(complex("recipient"))
    );
}
