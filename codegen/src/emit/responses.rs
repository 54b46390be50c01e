//! Typed responses: which documented type a JSON-returning operation answers with (the
//! response examples' `@odata.type`/`isCollection` annotation first, then the Response
//! section's linked type), why an operation stays untyped when none resolves, and whether a
//! documented response body can be read into that type (a body that cannot is a doc
//! defect the example test asserts).

use super::plan::{Op, RetKind};
use super::types::TypeNames;
use crate::model::{Body, Example};
use crate::types::{Catalogue, FieldType, Primitive, Resolved};
use proc_macro2::TokenStream;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What a [`DocDefect`] found when the documented answer has no body.
pub const NO_BODY: &str = "no body";

/// The typed result of an operation: the item type and whether the answer is a page.
#[derive(Debug, Clone)]
pub struct TypedResponse {
    pub resolved: Resolved,
    /// The Rust type of one item (`crate::types::Message`), kept as its token text so
    /// the plan stays `Send + Sync` for the parallel rendering.
    pub item: String,
    /// Names of the op's tested examples whose documented body does not read into the
    /// type (their tests expect the decode error).
    pub unreadable: Vec<String>,
}

impl TypedResponse {
    /// The Rust type the call returns: the item, or `Page<item>` for collections.
    pub fn result_type(&self) -> TokenStream {
        let item: TokenStream = match syn::parse_str::<syn::Type>(&self.item) {
            Ok(t) => quote::quote! { #t },
            Err(_) => quote::quote! { serde_json::Value },
        };
        if self.resolved.collection {
            quote::quote! { crate::runtime::Page<#item> }
        } else {
            item.clone()
        }
    }
}

/// A documented response body that cannot be read into the documented type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DocDefect {
    pub source: String,
    pub example: String,
    /// JSON pointer of the offending value (empty for the whole body).
    pub pointer: String,
    pub documented_type: String,
    pub found: String,
    /// Found in an example request (its body), not in a response.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub request: bool,
}

/// The success examples of an op: its cases' examples first, then the page's other
/// examples with the op's method.
fn examples<'p>(op: &Op<'p>) -> Vec<&'p Example> {
    let mut out: Vec<&'p Example> = op.cases.iter().map(|c| c.call.example).collect();
    for e in &op.page.examples {
        if e.request.method.eq_ignore_ascii_case(&op.method)
            && !out.iter().any(|o| std::ptr::eq(*o, e))
        {
            out.push(e);
        }
    }
    out.retain(|e| {
        e.response
            .as_ref()
            .is_some_and(|r| (200..300).contains(&r.status))
    });
    out
}

/// The documented response type of a JSON-returning op, or why there is none.
pub fn response_type(
    cat: &Catalogue,
    names: &TypeNames,
    op: &Op<'_>,
) -> Result<TypedResponse, &'static str> {
    if op.ret != RetKind::Json {
        return Err("not a JSON response");
    }
    let mut annotated = false;
    let mut found: Option<Resolved> = None;
    for e in examples(op) {
        let Some(r) = &e.response else { continue };
        let Some(t) = &r.odata_type else { continue };
        annotated = true;
        if let Some(mut res) = cat.resolve_name(t) {
            res.collection |= r.is_collection;
            found = Some(res);
            break;
        }
    }
    let res = match found {
        Some(r) => r,
        None => match op
            .page
            .response
            .returns
            .as_ref()
            .and_then(|t| cat.resolve(t))
        {
            Some(r) => r,
            None if annotated => return Err("annotated type not documented"),
            None if op.page.response.returns.is_some() => {
                return Err("returned type not documented")
            }
            None => return Err("no documented response type"),
        },
    };
    match &res.ty {
        FieldType::Complex(_) => {}
        FieldType::Enum(_) | FieldType::Primitive(_) if res.collection => {}
        FieldType::Json => return Err("response type is untyped JSON"),
        _ => return Err("single primitive or enum response"),
    }
    let item = names.path(&Resolved {
        ty: res.ty.clone(),
        collection: false,
    });
    let item = item.to_string();
    if item.contains("serde_json") {
        return Err("response type has no generated type");
    }
    Ok(TypedResponse {
        resolved: res,
        item,
        unreadable: Vec::new(),
    })
}

/// Whether a documented response `body` reads into `r` (a page for collections); the
/// first contradiction as `(pointer, documented type, found)` otherwise.
pub fn readable(
    cat: &Catalogue,
    r: &Resolved,
    body: &Value,
) -> Result<(), (String, String, String)> {
    if r.collection {
        let Value::Object(m) = body else {
            return Err((String::new(), "page object".into(), kind(body)));
        };
        match m.get("value") {
            None | Some(Value::Null) => Ok(()),
            Some(Value::Array(items)) => {
                for (i, v) in items.iter().enumerate() {
                    check(cat, &r.ty, v, &format!("/value/{i}"))?;
                }
                Ok(())
            }
            Some(v) => Err(("/value".into(), "array".into(), kind(v))),
        }
    } else {
        check(cat, &r.ty, body, "")
    }
}

fn kind(v: &Value) -> String {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
    .to_owned()
}

/// Whether the runtime's `Binary` reads `text`: standard or (when it has `-`/`_`) URL-safe
/// alphabet, padding optional, surrounding whitespace ignored.
fn reads_as_base64(text: &str) -> bool {
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    use base64::Engine;
    let config =
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
    let text = text.trim();
    let alphabet = if text.contains(['-', '_']) {
        &base64::alphabet::URL_SAFE
    } else {
        &base64::alphabet::STANDARD
    };
    GeneralPurpose::new(alphabet, config).decode(text).is_ok()
}

/// Whether `name` is `base` or derives from it.
fn derives_from(cat: &Catalogue, name: &str, base: &str) -> bool {
    let mut cur = Some(name);
    for _ in 0..16 {
        match cur {
            Some(n) if n == base => return true,
            Some(n) => cur = cat.types.get(n).and_then(|t| t.base.as_deref()),
            None => return false,
        }
    }
    false
}

/// The fields of a type with those of its bases, and of the subtype `@odata.type` names.
fn fields_of<'c>(cat: &'c Catalogue, full: &str) -> Vec<&'c crate::types::Field> {
    let mut out = Vec::new();
    let mut cur = cat.types.get(full);
    let mut depth = 0;
    while let Some(t) = cur {
        out.extend(t.fields.iter());
        depth += 1;
        if depth > 16 {
            break;
        }
        cur = t.base.as_ref().and_then(|b| cat.types.get(b));
    }
    out
}

pub(super) fn check(
    cat: &Catalogue,
    ty: &FieldType,
    v: &Value,
    at: &str,
) -> Result<(), (String, String, String)> {
    check_value(cat, ty, v, at, false)
}

/// Whether `v` reads into `ty` and writes back as the same JSON (a request body built
/// from a documented example must send that example); the first value that does not as
/// `(pointer, documented type, found)`.
pub fn check_exact(
    cat: &Catalogue,
    ty: &FieldType,
    v: &Value,
    at: &str,
) -> Result<(), (String, String, String)> {
    check_value(cat, ty, v, at, true)
}

/// The JSON type of `v` (`string`, `object`, …).
pub fn kind_of(v: &Value) -> String {
    kind(v)
}

/// A value that reads into `p` but is written back differently (`1.0` as a Double goes
/// back as `1`): what was found, for [`check_exact`].
fn rewritten(p: Primitive, v: &Value) -> Option<String> {
    let changed = match (p, v) {
        (Primitive::Single | Primitive::Double, Value::Number(n)) => {
            n.is_f64()
                && n.as_f64()
                    .is_some_and(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
        }
        (Primitive::Single | Primitive::Double, Value::String(s)) => {
            !matches!(s.as_str(), "NaN" | "INF" | "-INF")
        }
        (Primitive::Int64, Value::String(s)) => {
            s.parse::<i64>().ok().map(|n| n.to_string()).as_deref() != Some(s.as_str())
        }
        (Primitive::Binary, Value::String(s)) => {
            use base64::Engine;
            let standard = base64::engine::general_purpose::STANDARD;
            standard
                .decode(s.as_bytes())
                .map_or(true, |b| standard.encode(b) != *s)
        }
        _ => false,
    };
    changed.then(|| format!("{v} (written back differently)"))
}

fn check_value(
    cat: &Catalogue,
    ty: &FieldType,
    v: &Value,
    at: &str,
    exact: bool,
) -> Result<(), (String, String, String)> {
    let bad = |doc: &str| Err((at.to_owned(), doc.to_owned(), kind(v)));
    if v.is_null() {
        return Ok(());
    }
    match ty {
        FieldType::Json | FieldType::Primitive(Primitive::Stream | Primitive::Json) => Ok(()),
        FieldType::Enum(name) => match v {
            Value::String(s) if exact && cat.enums.get(name).is_some_and(|e| e.flags) => {
                let parts: Vec<&str> = s
                    .split(',')
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .collect();
                if parts.join(",") == *s {
                    Ok(())
                } else {
                    Err((
                        at.to_owned(),
                        name.clone(),
                        format!("{v} (written back differently)"),
                    ))
                }
            }
            Value::String(_) => Ok(()),
            // the runtime reads a number as the member's text and writes a string back
            Value::Number(_) if exact => Err((
                at.to_owned(),
                name.clone(),
                format!("{v} (written back as a string)"),
            )),
            _ => bad(name),
        },
        FieldType::Primitive(p) => {
            if exact {
                if let Some(found) = rewritten(*p, v) {
                    return Err((at.to_owned(), format!("{p:?}"), found));
                }
            }
            let ok = match p {
                Primitive::Boolean => v.is_boolean(),
                Primitive::Byte => v.as_u64().is_some_and(|n| n <= u8::MAX as u64),
                Primitive::SByte => v.as_i64().is_some_and(|n| i8::try_from(n).is_ok()),
                Primitive::Int16 => v.as_i64().is_some_and(|n| i16::try_from(n).is_ok()),
                Primitive::Int32 => v.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
                Primitive::Int64 => {
                    v.is_i64() || v.as_str().is_some_and(|s| s.trim().parse::<i64>().is_ok())
                }
                Primitive::Single | Primitive::Double | Primitive::Decimal => {
                    v.is_number() || v.is_string()
                }
                Primitive::Binary => v.as_str().is_some_and(reads_as_base64),
                _ => v.is_string(),
            };
            if ok {
                Ok(())
            } else {
                bad(&format!("{p:?}"))
            }
        }
        FieldType::Complex(full) => {
            let Value::Object(m) = v else {
                return bad(full);
            };
            let actual = m
                .get("@odata.type")
                .and_then(Value::as_str)
                .and_then(|t| cat.resolve_name(t))
                .and_then(|r| match r.ty {
                    // the generated type dispatches only to its own subtypes
                    FieldType::Complex(n) if derives_from(cat, &n, full) => Some(n),
                    _ => None,
                })
                .unwrap_or_else(|| full.clone());
            let fields = fields_of(cat, &actual);
            for (k, val) in m {
                let Some(f) = fields.iter().find(|f| &f.json_name == k) else {
                    continue;
                };
                let at = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                if f.collection {
                    match val {
                        Value::Null => {}
                        Value::Array(items) => check_items(cat, f, items, &at, exact)?,
                        other => return Err((at, f.documented_type.clone(), kind(other))),
                    }
                } else {
                    check_value(cat, &f.ty, val, &at, exact)?;
                }
            }
            Ok(())
        }
    }
}

/// The items of a collection field: each reads into the item type (a `null` item does not:
/// collections hold values, not options).
fn check_items(
    cat: &Catalogue,
    f: &crate::types::Field,
    items: &[Value],
    at: &str,
    exact: bool,
) -> Result<(), (String, String, String)> {
    for (i, item) in items.iter().enumerate() {
        let at = format!("{at}/{i}");
        if item.is_null() && !holds_null(&f.ty) {
            return Err((at, f.documented_type.clone(), kind(item)));
        }
        check_value(cat, &f.ty, item, &at, exact)?;
    }
    Ok(())
}

/// Whether a value of `ty` can be JSON `null` itself (untyped JSON).
pub fn holds_null(ty: &FieldType) -> bool {
    matches!(
        ty,
        FieldType::Json | FieldType::Primitive(Primitive::Json | Primitive::Stream)
    )
}

/// The tested documented success answers of `op` that contradict its type.
pub fn defects(cat: &Catalogue, op: &Op<'_>, r: &Resolved) -> Vec<DocDefect> {
    let mut out = Vec::new();
    for c in &op.cases {
        let e = c.call.example;
        let Some(resp) = &e.response else { continue };
        if !(200..300).contains(&resp.status) {
            continue;
        }
        let documented = || {
            let t = match &r.ty {
                FieldType::Complex(n) | FieldType::Enum(n) => n.clone(),
                other => format!("{other:?}"),
            };
            if r.collection {
                format!("Collection({t})")
            } else {
                t
            }
        };
        let problem = match &resp.body {
            _ if resp.status == 204 => Some((String::new(), documented(), NO_BODY.into())),
            None => Some((String::new(), documented(), NO_BODY.into())),
            Some(Body::Raw(t)) if t.trim().is_empty() => {
                Some((String::new(), documented(), NO_BODY.into()))
            }
            Some(Body::Raw(_)) => {
                Some((String::new(), documented(), "text that is not JSON".into()))
            }
            Some(Body::Json(body)) => readable(cat, r, body).err(),
        };
        if let Some((pointer, documented_type, found)) = problem {
            out.push(DocDefect {
                source: op.page.source.clone(),
                example: e.name.clone(),
                pointer,
                documented_type,
                found,
                request: false,
            });
        }
    }
    out
}
