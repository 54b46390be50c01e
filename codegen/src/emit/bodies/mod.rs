//! Typed request bodies: which operations send a generated body struct built from the
//! page's Request body table (one field per parameter, typed through the type catalogue)
//! or the resource type the Request body section names (create/update), why the others
//! keep an untyped body, and whether a documented example request reads into the body
//! type and writes back the same JSON (an example that does not is a doc defect its test
//! asserts).
//!
//! # Rules
//!
//! - An operation sending JSON (`POST`/`PUT`/`PATCH` whose examples or table say JSON)
//!   with a body table gets `<Operation>Body`, in its area module. Parameter names come
//!   from the English side, exactly as documented; fields are `snake_case`.
//! - A parameter is required when its row says so (a `Required` column or "Required" in
//!   the description) and the operation is not a `PATCH`: the docs mark only a few rows,
//!   so every unmarked parameter is optional. Required fields hold `T`; optional ones
//!   `Option<T>` (left out when `None`; a `null` in JSON does not read); in a `PATCH` body
//!   every field is `Option<Option<T>>`, so an update can send `null` to clear a value.
//! - A single value of a type with documented subtypes holds the base struct (`Message`);
//!   a subtype is sent by setting its `odata_type` (its own properties go in
//!   `additional_properties`). Collections hold the `Any…` enum of the base.
//! - A `Type` cell the catalogue cannot resolve gives `serde_json::Value`; properties the
//!   table does not list are kept in `additional_properties` and sent as they are.
//! - An operation with no body table whose Request body section links one resource type
//!   (`supply a JSON representation of [message](…) object`) takes that type's plain
//!   struct (`crate::types::Message`, not `AnyMessage`): every field is optional and can
//!   hold `null`, so a create sends only what is set and an update can clear a value. A
//!   `$ref` operation (its body is a reference, `@odata.id`), a collection, or a type the
//!   catalogue does not generate keeps the untyped body.

pub mod example;
pub mod items;
pub mod signature;

use super::plan::{BodyKind, Op, Plan};
use super::responses::{check, check_exact, holds_null, kind_of, DocDefect, Effect};
use super::types::TypeNames;
use crate::model::{Body, Text};
use crate::types::{Catalogue, FieldType, Resolved};
use proc_macro2::{Ident, TokenStream};
use quote::quote;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// One parameter of a body table as a field of the body struct.
#[derive(Debug, Clone)]
pub struct BodyField {
    /// The exact JSON name (`saveToSentItems`).
    pub json_name: String,
    /// The Rust field name (`save_to_sent_items`).
    pub rust_name: String,
    /// The value type as token text (`crate::types::Message`, `Vec<String>`), kept as
    /// text so the plan stays `Send + Sync`.
    pub ty: String,
    /// The resolved type; `None` for untyped JSON.
    pub resolved: Option<Resolved>,
    pub required: bool,
    /// The `Type` cell as written (English side).
    pub documented_type: String,
    pub description: Text,
}

/// The typed body of an operation.
#[derive(Debug, Clone)]
pub struct TypedBody {
    /// The struct's name: in the area module (`UserSendMailBody`), or in the types module
    /// for a resource body (`Message`).
    pub type_name: String,
    /// The documented resource type sent as the body, when the body is not a table.
    pub resource: Option<ResourceBody>,
    /// The body table's parameters (empty for a resource body).
    pub fields: Vec<BodyField>,
    /// Optional fields can be sent as `null` (`PATCH`).
    pub nullable: bool,
    /// The tests (by test name: example names repeat on a page) whose documented request
    /// does not read into the body type (they expect the decode error and send the
    /// documented JSON raw).
    pub unreadable: Vec<String>,
    /// The tests whose documented request reads but writes back as other JSON (they
    /// assert the difference and send the documented JSON raw).
    pub rewritten: Vec<String>,
}

/// A body that is the documented resource type itself.
#[derive(Debug, Clone)]
pub struct ResourceBody {
    /// The catalogue's full name (`microsoft.graph.message`).
    pub full: String,
    /// The link as written (English side).
    pub documented_type: String,
}

impl TypedBody {
    /// The body type as the SDK crate names it (`UserSendMailBody` in the area module,
    /// `crate::types::Message`).
    pub fn path(&self) -> TokenStream {
        let id = super::names::ident(&self.type_name);
        match self.resource {
            Some(_) => quote! { crate::types::#id },
            None => quote! { #id },
        }
    }

    /// The body type as the test crate names it (`graph_sdk::outlook::UserSendMailBody`,
    /// `graph_sdk::types::Message`).
    pub fn test_path(&self, module: &Ident) -> TokenStream {
        let id = super::names::ident(&self.type_name);
        match self.resource {
            Some(_) => quote! { graph_sdk::types::#id },
            None => quote! { graph_sdk::#module::#id },
        }
    }

    /// A rustdoc link to the body type from its area module.
    pub fn doc_link(&self) -> String {
        match &self.resource {
            Some(r) => format!(
                "[`{0}`](crate::types::{0}) (the documented {1}; every property is optional, \
                 `Some(None)` sends `null`)",
                self.type_name,
                super::docs::code(crate::parse::spans::plain(&r.documented_type).trim())
            ),
            None => format!("[`{}`]", self.type_name),
        }
    }
}

/// Why an operation that sends a body keeps it untyped.
pub const RAW_BODY: &str = "raw (non-JSON) body";
pub const NO_NAMES: &str = "body table names no parameter";
pub const NO_TYPE: &str = "no body table and no documented body type";
pub const REFERENCE: &str = "reference ($ref) body";
pub const COLLECTION: &str = "documented body is a collection";
pub const UNKNOWN_TYPE: &str = "documented body type not generated";
pub const NOT_OBJECT: &str = "documented body type is not an object";

/// The typed body of `op`, or why it has none (`None` for an op that sends no body).
pub fn body_type(
    cat: &Catalogue,
    names: &TypeNames,
    op: &Op<'_>,
    type_name: &str,
) -> Option<Result<TypedBody, &'static str>> {
    match op.body {
        BodyKind::None => return None,
        BodyKind::Raw { .. } => return Some(Err(RAW_BODY)),
        BodyKind::Json | BodyKind::Any => {}
    }
    let nullable = op.method == "PATCH";
    if op.page.body_parameters.is_empty() {
        let body = resource_body(cat, names, op, nullable);
        return Some(body.map(|b| with_examples(cat, op, b)));
    }
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut taken: BTreeSet<String> = BTreeSet::from(["additional_properties".to_owned()]);
    let mut fields = Vec::new();
    for p in &op.page.body_parameters {
        let json_name = p.name.trim();
        if json_name.is_empty() || !seen.insert(json_name) {
            continue;
        }
        let base = super::names::snake_ident(json_name, "parameter", "p");
        let mut rust_name = base.clone();
        let mut i = 2;
        while taken.contains(&rust_name) {
            rust_name = format!("{base}_{i}");
            i += 1;
        }
        taken.insert(rust_name.clone());
        let resolved = p.type_ref.as_ref().and_then(|t| cat.resolve(t));
        let ty = match &resolved {
            // a single value of a base type is the base struct itself (`Message`, not
            // `AnyMessage`): set `odata_type` to send a subtype
            Some(Resolved {
                ty: FieldType::Complex(full),
                collection: false,
            }) if names.names.contains_key(full) => {
                let id = super::names::ident(&names.names[full]);
                quote::quote! { crate::types::#id }.to_string()
            }
            Some(r) => names.path(r).to_string(),
            None => "serde_json :: Value".to_owned(),
        };
        fields.push(BodyField {
            json_name: json_name.to_owned(),
            rust_name,
            ty,
            resolved,
            required: !nullable && p.required == Some(true),
            documented_type: p
                .type_ref
                .as_ref()
                .map(|t| t.raw.clone())
                .unwrap_or_default(),
            description: p.description.clone(),
        });
    }
    if fields.is_empty() {
        return Some(Err(NO_NAMES));
    }
    let body = TypedBody {
        type_name: type_name.to_owned(),
        resource: None,
        fields,
        nullable,
        unreadable: Vec::new(),
        rewritten: Vec::new(),
    };
    Some(Ok(with_examples(cat, op, body)))
}

/// The resource type the Request body section of `op` names, as its body.
fn resource_body(
    cat: &Catalogue,
    names: &TypeNames,
    op: &Op<'_>,
    nullable: bool,
) -> Result<TypedBody, &'static str> {
    let reference = op.variants.iter().any(|v| {
        let path = v.template.path.split('?').next().unwrap_or_default();
        path.trim().trim_end_matches('/').ends_with("/$ref")
    });
    if reference {
        return Err(REFERENCE);
    }
    let t = op.page.request_body_type.as_ref().ok_or(NO_TYPE)?;
    let full = match cat.resolve(t) {
        None => return Err(UNKNOWN_TYPE),
        Some(r) if r.collection => return Err(COLLECTION),
        Some(Resolved {
            ty: FieldType::Complex(full),
            ..
        }) => full,
        Some(_) => return Err(NOT_OBJECT),
    };
    let type_name = names.names.get(&full).ok_or(UNKNOWN_TYPE)?.clone();
    Ok(TypedBody {
        type_name,
        resource: Some(ResourceBody {
            full,
            documented_type: t.raw.clone(),
        }),
        fields: Vec::new(),
        nullable,
        unreadable: Vec::new(),
        rewritten: Vec::new(),
    })
}

/// `body` with the tested examples whose documented request does not read into it (or
/// reads but writes back differently).
fn with_examples(cat: &Catalogue, op: &Op<'_>, mut body: TypedBody) -> TypedBody {
    for c in &op.cases {
        let e = c.call.example;
        let Some(Body::Json(v)) = &e.request.body else {
            continue;
        };
        if readable(cat, &body, v, false).is_err() {
            body.unreadable.push(c.test_name.clone());
        } else if readable(cat, &body, v, true).is_err() {
            body.rewritten.push(c.test_name.clone());
        }
    }
    body
}

/// Whether a documented request `v` reads into `body` (and, when `exact`, writes back as
/// the same JSON); the first contradiction as `(pointer, documented type, found)`.
pub fn readable(
    cat: &Catalogue,
    body: &TypedBody,
    v: &Value,
    exact: bool,
) -> Result<(), (String, String, String)> {
    if let Some(r) = &body.resource {
        // the plain struct reads the body: no dispatch on `@odata.type`, which it keeps
        let mut plain = v.clone();
        if let Value::Object(o) = &mut plain {
            o.remove("@odata.type");
        }
        let ty = FieldType::Complex(r.full.clone());
        return if exact {
            check_exact(cat, &ty, &plain, "")
        } else {
            check(cat, &ty, &plain, "")
        };
    }
    let Value::Object(m) = v else {
        return Err((String::new(), "object".into(), kind_of(v)));
    };
    for f in &body.fields {
        let at = format!("/{}", f.json_name.replace('~', "~0").replace('/', "~1"));
        let found = |what: &str| Err((at.clone(), f.documented_type.clone(), what.to_owned()));
        let value = match m.get(&f.json_name) {
            None if f.required => return found("absent"),
            None => continue,
            Some(Value::Null) if f.required || !body.nullable => return found("null"),
            Some(Value::Null) => continue,
            Some(value) => value,
        };
        let Some(r) = &f.resolved else { continue };
        let one = |item: &Value, at: &str| {
            if exact {
                check_exact(cat, &r.ty, item, at)
            } else {
                check(cat, &r.ty, item, at)
            }
        };
        if !r.collection {
            // the base struct itself reads the value: no dispatch on `@odata.type`
            let mut plain = value.clone();
            if let (FieldType::Complex(_), Value::Object(o)) = (&r.ty, &mut plain) {
                o.remove("@odata.type");
            }
            one(&plain, &at)?;
            continue;
        }
        let Value::Array(items) = value else {
            return found(&kind_of(value));
        };
        for (i, item) in items.iter().enumerate() {
            let at = format!("{at}/{i}");
            if item.is_null() && !holds_null(&r.ty) {
                return Err((at, f.documented_type.clone(), "null".into()));
            }
            one(item, &at)?;
        }
    }
    Ok(())
}

/// The tested documented requests of `op` that do not read into its body (or write back
/// differently), as doc defects.
pub fn defects(cat: &Catalogue, op: &Op<'_>, body: &TypedBody) -> Vec<DocDefect> {
    let mut out = Vec::new();
    for c in &op.cases {
        let e = c.call.example;
        let Some(Body::Json(v)) = &e.request.body else {
            continue;
        };
        let problem = match readable(cat, body, v, false) {
            Err(p) => Some((p, Effect::Unreadable)),
            Ok(()) => readable(cat, body, v, true)
                .err()
                .map(|p| (p, Effect::Rewritten)),
        };
        if let Some(((pointer, documented_type, found), effect)) = problem {
            out.push(DocDefect {
                source: op.page.source.clone(),
                example: e.name.clone(),
                pointer,
                documented_type,
                found,
                effect,
                request: true,
            });
        }
    }
    out
}

/// What typing the request bodies found: counts, reasons and the contradicting examples.
pub struct BodyTyping {
    /// Typed bodies, table structs and resource types together.
    pub typed: usize,
    /// Of those, the bodies that are the documented resource type.
    pub resource: usize,
    pub untyped: BTreeMap<String, usize>,
    pub defects: Vec<DocDefect>,
}

/// Sets the typed body of every op that sends JSON described by a parameter table or a
/// documented resource type.
pub fn type_bodies(plan: &mut Plan<'_>, cat: &Catalogue, names: &TypeNames) -> BodyTyping {
    let mut typing = BodyTyping {
        typed: 0,
        resource: 0,
        untyped: BTreeMap::new(),
        defects: Vec::new(),
    };
    for op in plan.areas.iter_mut().flat_map(|a| a.ops.iter_mut()) {
        match body_type(cat, names, op, &op.body_type) {
            None => {}
            Some(Ok(body)) => {
                typing.typed += 1;
                typing.resource += usize::from(body.resource.is_some());
                typing.defects.extend(defects(cat, op, &body));
                op.typed_body = Some(body);
            }
            Some(Err(reason)) => *typing.untyped.entry(reason.to_owned()).or_default() += 1,
        }
    }
    typing
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::Primitive;
    use serde_json::json;

    fn field(name: &str, p: Primitive, collection: bool, required: bool) -> BodyField {
        BodyField {
            json_name: name.into(),
            rust_name: name.into(),
            ty: String::new(),
            resolved: Some(Resolved {
                ty: FieldType::Primitive(p),
                collection,
            }),
            required,
            documented_type: format!("{p:?}"),
            description: Text::default(),
        }
    }

    fn body(nullable: bool) -> TypedBody {
        TypedBody {
            type_name: "XBody".into(),
            resource: None,
            fields: vec![
                field("comment", Primitive::String, false, !nullable),
                field("size", Primitive::Double, false, false),
                field("ids", Primitive::String, true, false),
            ],
            nullable,
            unreadable: Vec::new(),
            rewritten: Vec::new(),
        }
    }

    fn problem(b: &TypedBody, v: serde_json::Value, exact: bool) -> Option<(String, String)> {
        readable(&Catalogue::default(), b, &v, exact)
            .err()
            .map(|(p, _, found)| (p, found))
    }

    #[test]
    fn what_reads_into_a_body() {
        let post = body(false);
        assert_eq!(
            problem(&post, json!({"comment": "x", "other": 1}), true),
            None
        );
        assert_eq!(
            problem(&post, json!({"size": 1}), false),
            Some(("/comment".into(), "absent".into()))
        );
        assert_eq!(
            problem(&post, json!({"comment": null}), false),
            Some(("/comment".into(), "null".into()))
        );
        // an optional parameter of a POST cannot be null: it would not be sent back
        assert_eq!(
            problem(&post, json!({"comment": "x", "size": null}), false),
            Some(("/size".into(), "null".into()))
        );
        assert_eq!(
            problem(&post, json!({"comment": "x", "ids": ["a", null]}), false),
            Some(("/ids/1".into(), "null".into()))
        );
        assert_eq!(
            problem(&post, json!({"comment": "x", "ids": "a"}), false),
            Some(("/ids".into(), "string".into()))
        );
        assert_eq!(
            problem(&post, json!(["x"]), false),
            Some((String::new(), "array".into()))
        );
        // an update can clear a value
        let patch = body(true);
        assert_eq!(
            problem(&patch, json!({"comment": null, "size": null}), true),
            None
        );
    }

    #[test]
    fn values_written_back_differently_are_found_only_when_exact() {
        let post = body(false);
        let v = json!({"comment": "x", "size": 47.0});
        assert_eq!(problem(&post, v.clone(), false), None);
        assert_eq!(
            problem(&post, v, true),
            Some((
                "/size".into(),
                "number with a fraction part of zero (written back differently)".into()
            ))
        );
        assert_eq!(
            problem(&post, json!({"comment": "x", "size": 47.5}), true),
            None
        );
    }
}
