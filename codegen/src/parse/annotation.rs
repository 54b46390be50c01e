//! JSON annotations in HTML comments.
//!
//! An annotation is an HTML comment whose body is a JSON object, such as
//! `<!-- { "blockType": "response", "truncated": true } -->` in front of a code block,
//! or `<!-- { "type": "#page.annotation", … } -->` for the page. The comment body is
//! read with [`super::json::read_json`], so the few annotations that are not strict
//! JSON are still read (with a warning); the known keys are then read leniently into
//! an [`Annotation`].

use super::json::{read_json, JsonRead};
use super::Issue;
use crate::diag::Code;
use crate::model::{Annotation, BlockType};
use serde_json::{Map, Value};

/// Is this HTML comment body (text between `<!--` and `-->`) meant as a JSON
/// annotation? True when the trimmed text starts with `{`.
pub fn looks_like_annotation(comment: &str) -> bool {
    comment.trim_start().starts_with('{')
}

/// Reads one annotation from an HTML comment body.
///
/// `line` is the 1-based page line where the comment starts; it becomes
/// [`Annotation::line`] and the line of every issue.
///
/// Returns the annotation with warnings:
/// * `annotation-not-strict-json` when the tolerant JSON reading was needed (the
///   message names the repairs);
/// * `annotation-wrong-type` when a known key has a value of the wrong type. Such values
///   are read leniently: the strings `"true"` / `"false"` count as booleans, a single
///   string counts as a one-element list, anything else is ignored;
/// * `annotation-unknown-block-type` when `blockType` is not one of the known values; it
///   is kept as [`BlockType::Other`].
///
/// Returns an `annotation-unreadable` warning when even the tolerant reading fails or the
/// JSON is not an object.
pub fn read_annotation(comment: &str, line: u32) -> Result<(Annotation, Vec<Issue>), Issue> {
    let (raw, tolerant, mut issues) = match read_json(comment.trim()) {
        JsonRead::Strict(v) => (v, false, Vec::new()),
        JsonRead::Tolerant { value, fixes } => {
            let warning = Issue::warning(
                Code::AnnotationNotStrictJson,
                line,
                format!(
                    "annotation is not strict JSON; read after fixing: {}",
                    fixes.join(", ")
                ),
            );
            (value, true, vec![warning])
        }
        JsonRead::Failed(e) => {
            return Err(Issue::warning(
                Code::AnnotationUnreadable,
                line,
                format!("annotation is not readable JSON: {e}"),
            ))
        }
    };
    let Some(obj) = raw.as_object() else {
        return Err(Issue::warning(
            Code::AnnotationUnreadable,
            line,
            format!("annotation is not a JSON object but {}", kind_of(&raw)),
        ));
    };
    let mut r = Reader {
        obj,
        line,
        issues: &mut issues,
    };

    let block_type = r.string("blockType").map(|s| {
        let known = block_type_of(&s);
        if let BlockType::Other(_) = known {
            r.issues.push(Issue::warning(
                Code::AnnotationUnknownBlockType,
                line,
                format!("unknown blockType `{s}`"),
            ));
        }
        known
    });
    let names = r.strings("name");
    let truncated = r.boolean("truncated");
    let odata_type = r.string("@odata.type").or_else(|| r.string("@type"));
    let implied_collection = odata_type.as_deref().is_some_and(is_collection_type);
    let is_collection = match r.boolean("isCollection") {
        // `Collection(x)` is a collection whatever `isCollection` says.
        _ if implied_collection => Some(true),
        explicit => explicit,
    };
    let annotation = Annotation {
        block_type,
        names,
        truncated,
        odata_type,
        is_collection,
        is_empty: r.boolean("isEmpty"),
        expect_error: r.boolean("expectError"),
        key_property: r.string("keyProperty"),
        base_type: r.string("baseType"),
        is_abstract: r.boolean("abstract"),
        open_type: r.boolean("openType"),
        optional_properties: r.strings("optionalProperties"),
        raw: raw.clone(),
        tolerant,
        line,
    };
    Ok((annotation, issues))
}

/// True when the annotation is a page annotation (`"type": "#page.annotation"`).
pub fn is_page_annotation(a: &Annotation) -> bool {
    a.raw
        .get("type")
        .and_then(Value::as_str)
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("#page.annotation"))
}

/// Maps a `blockType` value, case-insensitively, to a [`BlockType`]; unknown values
/// are kept as written in [`BlockType::Other`].
pub fn block_type_of(value: &str) -> BlockType {
    match value.trim().to_ascii_lowercase().as_str() {
        "request" => BlockType::Request,
        "response" => BlockType::Response,
        "resource" => BlockType::Resource,
        "ignored" => BlockType::Ignored,
        "example" => BlockType::Example,
        "samples" => BlockType::Samples,
        "simulatedresponse" => BlockType::SimulatedResponse,
        "testparams" => BlockType::TestParams,
        "permissions" => BlockType::Permissions,
        _ => BlockType::Other(value.to_owned()),
    }
}

/// Whether an `@odata.type` value is `Collection(…)` (case-insensitive).
fn is_collection_type(t: &str) -> bool {
    let t = t.trim();
    t.get(..11)
        .is_some_and(|p| p.eq_ignore_ascii_case("Collection("))
        && t.ends_with(')')
}

/// A JSON type name for messages.
fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Reads known keys of an annotation object, collecting `annotation-wrong-type`
/// warnings.
struct Reader<'a> {
    obj: &'a Map<String, Value>,
    line: u32,
    issues: &'a mut Vec<Issue>,
}

impl Reader<'_> {
    fn wrong_type(&mut self, key: &str, expected: &str, v: &Value, action: &str) {
        self.issues.push(Issue::warning(
            Code::AnnotationWrongType,
            self.line,
            format!(
                "`{key}` should be {expected} but is {} ({v}); {action}",
                kind_of(v)
            ),
        ));
    }

    /// A string value; `null` or absent → `None`; other types are ignored with a warning.
    fn string(&mut self, key: &str) -> Option<String> {
        match self.obj.get(key)? {
            Value::String(s) => Some(s.clone()),
            Value::Null => None,
            v => {
                self.wrong_type(key, "a string", v, "ignored");
                None
            }
        }
    }

    /// A boolean; the strings `"true"` / `"false"` are accepted with a warning.
    fn boolean(&mut self, key: &str) -> Option<bool> {
        match self.obj.get(key)? {
            Value::Bool(b) => Some(*b),
            Value::Null => None,
            v @ Value::String(s) => {
                let parsed = match s.trim().to_ascii_lowercase().as_str() {
                    "true" => Some(true),
                    "false" => Some(false),
                    _ => None,
                };
                let action = if parsed.is_some() {
                    "read as a boolean"
                } else {
                    "ignored"
                };
                self.wrong_type(key, "a boolean", v, action);
                parsed
            }
            v => {
                self.wrong_type(key, "a boolean", v, "ignored");
                None
            }
        }
    }

    /// A list of strings; a single string is a one-element list; non-string elements
    /// and other types are ignored with a warning.
    fn strings(&mut self, key: &str) -> Vec<String> {
        match self.obj.get(key) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::String(s)) => vec![s.clone()],
            Some(Value::Array(items)) => {
                let mut out = Vec::new();
                for item in items {
                    match item {
                        Value::String(s) => out.push(s.clone()),
                        v => self.wrong_type(key, "a list of strings", v, "element ignored"),
                    }
                }
                out
            }
            Some(v) => {
                self.wrong_type(key, "a string or a list of strings", v, "ignored");
                Vec::new()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Severity;
    use serde_json::json;

    fn read(comment: &str) -> (Annotation, Vec<Issue>) {
        match read_annotation(comment, 7) {
            Ok(r) => r,
            Err(e) => panic!("unexpected error {e:?} for {comment:?}"),
        }
    }

    fn codes(issues: &[Issue]) -> Vec<&'static str> {
        issues.iter().map(|i| i.code.as_str()).collect()
    }

    #[test]
    fn looks_like() {
        assert!(looks_like_annotation(" { \"blockType\": \"request\" } "));
        assert!(looks_like_annotation("\n{\n"));
        assert!(!looks_like_annotation(
            " uuid: 8fcb5dbc 2015-10-25 14:57:30 UTC "
        ));
        assert!(!looks_like_annotation(" GET /groups/{id}/events "));
        assert!(!looks_like_annotation(""));
    }

    #[test]
    fn request_annotation() {
        let (a, issues) = read(" {\n  \"blockType\": \"request\",\n  \"name\": \"get_group\",\n  \"sampleKeys\": [\"abc\"]\n} ");
        assert!(issues.is_empty());
        assert_eq!(a.block_type, Some(BlockType::Request));
        assert_eq!(a.names, ["get_group"]);
        assert_eq!(a.raw["sampleKeys"], json!(["abc"]));
        assert!(!a.tolerant);
        assert_eq!(a.line, 7);
        assert_eq!(a.truncated, None);
        assert_eq!(a.is_collection, None);
        assert!(!is_page_annotation(&a));
    }

    #[test]
    fn response_annotation() {
        let (a, issues) = read(
            r#"{ "blockType": "response", "truncated": true, "@odata.type": "microsoft.graph.group", "isCollection": true, "name": ["a", "b"], "optionalProperties": ["x", "y"], "isEmpty": false, "expectError": true }"#,
        );
        assert!(issues.is_empty());
        assert_eq!(a.block_type, Some(BlockType::Response));
        assert_eq!(a.truncated, Some(true));
        assert_eq!(a.odata_type.as_deref(), Some("microsoft.graph.group"));
        assert_eq!(a.is_collection, Some(true));
        assert_eq!(a.names, ["a", "b"]);
        assert_eq!(a.optional_properties, ["x", "y"]);
        assert_eq!(a.is_empty, Some(false));
        assert_eq!(a.expect_error, Some(true));
    }

    #[test]
    fn resource_annotation() {
        let (a, issues) = read(
            r#"{ "blockType": "resource", "@odata.type": "microsoft.graph.entity", "keyProperty": "id", "baseType": null, "abstract": true, "openType": false }"#,
        );
        assert!(issues.is_empty());
        assert_eq!(a.block_type, Some(BlockType::Resource));
        assert_eq!(a.key_property.as_deref(), Some("id"));
        assert_eq!(a.base_type, None);
        assert_eq!(a.is_abstract, Some(true));
        assert_eq!(a.open_type, Some(false));
        let (a, _) = read(r#"{ "blockType": "resource", "baseType": "microsoft.graph.entity" }"#);
        assert_eq!(a.base_type.as_deref(), Some("microsoft.graph.entity"));
    }

    #[test]
    fn at_type_fallback_and_precedence() {
        let (a, _) = read(r#"{ "blockType": "request", "@type": "requestBodyResourceFor.x" }"#);
        assert_eq!(a.odata_type.as_deref(), Some("requestBodyResourceFor.x"));
        let (a, _) = read(r#"{ "@type": "b", "@odata.type": "a" }"#);
        assert_eq!(a.odata_type.as_deref(), Some("a"));
    }

    #[test]
    fn collection_type_implies_is_collection() {
        let (a, _) = read(
            r#"{ "blockType": "response", "@odata.type": "Collection(microsoft.graph.recentNotebook)" }"#,
        );
        assert_eq!(a.is_collection, Some(true));
        assert_eq!(
            a.odata_type.as_deref(),
            Some("Collection(microsoft.graph.recentNotebook)")
        );
        let (a, _) = read(r#"{ "@odata.type": "collection(x)", "isCollection": false }"#);
        assert_eq!(a.is_collection, Some(true));
        let (a, _) = read(r#"{ "@odata.type": "microsoft.graph.x", "isCollection": false }"#);
        assert_eq!(a.is_collection, Some(false));
        assert!(!is_collection_type("Collection("));
        assert!(!is_collection_type("Coll"));
        assert!(!is_collection_type("集合集合集合集合(x)"));
    }

    #[test]
    fn block_types_case_insensitive() {
        for (text, bt) in [
            ("request", BlockType::Request),
            ("Response", BlockType::Response),
            ("RESOURCE", BlockType::Resource),
            ("ignored", BlockType::Ignored),
            ("example", BlockType::Example),
            ("samples", BlockType::Samples),
            ("simulatedResponse", BlockType::SimulatedResponse),
            ("testparams", BlockType::TestParams),
            ("permissions", BlockType::Permissions),
        ] {
            let (a, issues) = read(&format!("{{ \"blockType\": \"{text}\" }}"));
            assert_eq!(a.block_type, Some(bt));
            assert!(issues.is_empty());
        }
    }

    #[test]
    fn unknown_block_type_is_kept() {
        let (a, issues) = read(r#"{ "blockType": "Requst" }"#);
        assert_eq!(a.block_type, Some(BlockType::Other("Requst".into())));
        assert_eq!(codes(&issues), ["annotation-unknown-block-type"]);
        assert_eq!(issues[0].severity, Severity::Warning);
        assert_eq!(issues[0].line, 7);
    }

    #[test]
    fn lenient_types() {
        // api/presence-get.md, resources/entity.md, api/accessreviewscheduledefinition-list.md
        let (a, issues) = read(
            r#"{ "blockType": "response", "truncated": "true", "abstract": "True", "isCollection": "true", "openType": "false" }"#,
        );
        assert_eq!(a.truncated, Some(true));
        assert_eq!(a.is_abstract, Some(true));
        assert_eq!(a.is_collection, Some(true));
        assert_eq!(a.open_type, Some(false));
        assert_eq!(codes(&issues), ["annotation-wrong-type"; 4]);
        assert!(issues[0].message.contains("truncated"));
    }

    #[test]
    fn wrong_types_are_ignored_with_warnings() {
        let (a, issues) = read(
            r#"{ "blockType": 3, "name": 3, "truncated": "maybe", "isEmpty": 1, "keyProperty": ["id"], "optionalProperties": ["a", 1], "@odata.type": {} }"#,
        );
        assert_eq!(a.block_type, None);
        assert!(a.names.is_empty());
        assert_eq!(a.truncated, None);
        assert_eq!(a.is_empty, None);
        assert_eq!(a.key_property, None);
        assert_eq!(a.optional_properties, ["a"]);
        assert_eq!(a.odata_type, None);
        assert_eq!(issues.len(), 7);
        assert!(issues.iter().all(|i| i.code == "annotation-wrong-type"));
        let (a, _) = read(r#"{ "optionalProperties": "a", "name": null }"#);
        assert_eq!(a.optional_properties, ["a"]);
        assert!(a.names.is_empty());
    }

    #[test]
    fn tolerant_reading_warns() {
        // api/b2xidentityuserflow-put-apiconnectorconfiguration.md
        let (a, issues) = read(r#" { "blockType": "response", } "#);
        assert_eq!(a.block_type, Some(BlockType::Response));
        assert!(a.tolerant);
        assert_eq!(codes(&issues), ["annotation-not-strict-json"]);
        assert!(issues[0].message.contains("trailing-comma"));
        // api/user-getmailtips.md
        let (a, issues) = read("{\n  \"blockType\": \"response\",\n  \"truncated\": true,\n  \"@odata.type\": \"microsoft.graph.mailTips\",\n  isCollection: true\n}");
        assert_eq!(a.is_collection, Some(true));
        assert!(issues[0].message.contains("unquoted-key"));
    }

    #[test]
    fn page_annotation() {
        // resources/list.md (entities) and resources/drive.md (raw newlines)
        let text = "{\n  \"type\": \"#page.annotation\",\n  \"description\": \"list resource\",\n  \"suppressions\": [\n    \"Warning: /x.md:\n      Found potential enums\"\n  ],\n  \"tocBookmarks\": { \"Resources/Drive\": \"#\" }\n}";
        let (a, issues) = read(text);
        assert!(is_page_annotation(&a));
        assert_eq!(a.block_type, None);
        assert_eq!(a.raw["tocBookmarks"], json!({"Resources/Drive": "#"}));
        assert_eq!(codes(&issues), ["annotation-not-strict-json"]);
        let (a, _) = read("{ \"type\": \"#page.annotation\", \"description\": &quot;x&quot; }");
        assert!(is_page_annotation(&a));
        let (a, _) = read(r#"{ "type": "page" }"#);
        assert!(!is_page_annotation(&a));
    }

    #[test]
    fn unreadable() {
        // api/userteamwork-delete-installedapps.md
        let text = "{\n  \"type\": \"#page.annotation\",\n  \"description\": \"User delete teamsAppInstallations,\n  \"keywords\": \"\",\n  \"section\": \"documentation\",\n  \"tocPath\": \"\"\n}";
        let e = read_annotation(text, 101).err();
        let e = e.as_ref();
        assert_eq!(e.map(|e| e.code.as_str()), Some("annotation-unreadable"));
        assert_eq!(e.map(|e| e.severity), Some(Severity::Warning));
        assert_eq!(e.map(|e| e.line), Some(101));
        for bad in ["", "{", "[1, 2]", "\"x\"", "GET /me", "{ \"a\": }"] {
            let e = read_annotation(bad, 1).err();
            assert_eq!(
                e.map(|e| e.code.as_str()),
                Some("annotation-unreadable"),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn raw_keeps_unknown_keys() {
        let (a, _) = read(
            r#"{ "blockType": "request", "name": "x", "scopes": "user.read", "@odata.annotations": [{"property": "p"}] }"#,
        );
        assert_eq!(a.raw["scopes"], json!("user.read"));
        assert_eq!(a.raw["@odata.annotations"][0]["property"], json!("p"));
    }
}
