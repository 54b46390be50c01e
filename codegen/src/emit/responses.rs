//! Typed responses: which documented type a JSON-returning operation answers with (the
//! response examples' `@odata.type`/`isCollection` annotation first, then the Response
//! section's linked type), why an operation stays untyped when none resolves, and whether a
//! documented response body can be read into that type (a body that cannot is a doc
//! defect the example test asserts).

use super::plan::{Op, RetKind};
use super::types::TypeNames;
use super::wire_check::{self, Finding, Reading};
pub use super::wire_check::{check, check_exact, holds_null, kind as kind_of};
use crate::model::{Body, Example};
use crate::types::{Catalogue, FieldType, Resolved};
use proc_macro2::TokenStream;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
    /// The op's tested examples whose documented body reads but is written back
    /// differently, with the JSON pointers of the places (sorted; their tests name them).
    pub rewritten: Vec<(String, Vec<String>)>,
}

impl TypedResponse {
    /// The Rust type the call returns: the item, or `Page<item>` for collections.
    pub fn result_type(&self) -> TokenStream {
        let item = self
            .item_type()
            .unwrap_or_else(|| quote::quote! { serde_json::Value });
        if self.resolved.collection {
            quote::quote! { crate::runtime::Page<#item> }
        } else {
            item
        }
    }

    /// The tokens of [`Self::item`] (`None` if the text is not a type, which the
    /// catalogue's paths never are).
    fn item_type(&self) -> Option<TokenStream> {
        let ty = syn::parse_str::<syn::Type>(&self.item).ok()?;
        Some(quote::quote! { #ty })
    }
}

/// The Rust type an op's call returns.
pub fn ret_type(op: &Op<'_>) -> TokenStream {
    use quote::quote;
    match op.ret {
        RetKind::Empty => quote! { () },
        RetKind::Json => match &op.response {
            Some(t) => t.result_type(),
            None => quote! { serde_json::Value },
        },
        RetKind::Bytes => quote! { bytes::Bytes },
    }
}

/// The client method that turns a request whose answer is read as `ret` into a named
/// [`Call`](crate::runtime::Call) future (`call_json`), as the operation fns and the
/// example tests use it.
pub fn call_method(ret: RetKind) -> TokenStream {
    use quote::quote;
    match ret {
        RetKind::Empty => quote! { call_empty },
        RetKind::Json => quote! { call_json },
        RetKind::Bytes => quote! { call_bytes },
    }
}

/// The `<fn>_pages` item of an op whose typed answer is a page: a `Pager` over the same
/// request that follows `@odata.nextLink` (and keeps the delta link), returned as is or,
/// when building the request (or attaching its typed body) can fail, in a `Result`.
pub fn pages_fn(
    op: &Op<'_>,
    t: &TypedResponse,
    params: &[TokenStream],
    call: &TokenStream,
    fallible: bool,
    many: &TokenStream,
) -> TokenStream {
    let Some(item) = t.item_type() else {
        return TokenStream::new();
    };
    let id = proc_macro2::Ident::new(&op.pages_fn, proc_macro2::Span::call_site());
    // `params` are the async fn's: a typed body is one, and attaching it can fail
    let fallible = fallible || op.typed_body.is_some();
    let doc = super::docs::doc_attrs(&format!(
        "Reads the answer of [`{f}`] page by page: the first [`next_page`](crate::runtime::Pager::next_page) \
         sends the same request, each later one the previous page's `@odata.nextLink` with the first \
         request's headers; [`into_items`](crate::runtime::Pager::into_items) streams the items to the end. \
         After the last page, [`delta_link`](crate::runtime::Pager::delta_link) holds a delta \
         query's `@odata.deltaLink`. Nothing is sent until the first page is asked for.\n\n\
         Source: {src}",
        f = op.fn_name,
        src = super::docs::code(&op.page.source),
    ));
    if fallible {
        quote::quote! {
            #doc
            #many
            #[inline]
            pub fn #id(client: &Client, #(#params),*) -> Result<crate::runtime::Pager<#item>, Error> {
                Ok(client.pages(#call))
            }
        }
    } else {
        quote::quote! {
            #doc
            #many
            #[inline]
            pub fn #id(client: &Client, #(#params),*) -> crate::runtime::Pager<#item> {
                client.pages(#call)
            }
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
    /// What the contradiction does to a typed read.
    pub effect: Effect,
    /// Found in an example request (its body), not in a response.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub request: bool,
}

/// What a [`DocDefect`] does to a typed read of the documented body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// The body does not read into the type: the call answers a decode error.
    Unreadable,
    /// The body reads, but this value is written back in another form.
    Rewritten,
}

impl Effect {
    /// How COVERAGE.md names the effect.
    pub fn label(self) -> &'static str {
        match self {
            Effect::Unreadable => "does not read",
            Effect::Rewritten => "written back differently",
        }
    }
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
        rewritten: Vec::new(),
    })
}

/// The tested documented success answers of `op` that contradict its type: bodies that
/// do not read (with their first offending value), and values that read but are written
/// back differently (each place). The names of the examples of each kind go to `t`.
pub fn defects(cat: &Catalogue, op: &Op<'_>, t: &mut TypedResponse) -> Vec<DocDefect> {
    let r = &t.resolved;
    let documented = {
        let name = wire_check::type_name(&r.ty);
        if r.collection {
            format!("Collection({name})")
        } else {
            name
        }
    };
    let mut out = Vec::new();
    for c in &op.cases {
        let e = c.call.example;
        let Some(resp) = &e.response else { continue };
        if !(200..300).contains(&resp.status) {
            continue;
        }
        let whole = |found: &str| Finding {
            pointer: String::new(),
            documented_type: documented.clone(),
            found: found.to_owned(),
        };
        let reading = match &resp.body {
            _ if resp.status == 204 => Reading {
                unreadable: Some(whole(NO_BODY)),
                rewritten: Vec::new(),
            },
            Some(Body::Json(body)) => wire_check::read_body(cat, r, body),
            Some(Body::Raw(text)) if !text.trim().is_empty() => Reading {
                unreadable: Some(whole("text that is not JSON")),
                rewritten: Vec::new(),
            },
            _ => Reading {
                unreadable: Some(whole(NO_BODY)),
                rewritten: Vec::new(),
            },
        };
        let defect = |f: Finding, effect: Effect| DocDefect {
            source: op.page.source.clone(),
            example: e.name.clone(),
            pointer: f.pointer,
            documented_type: f.documented_type,
            found: f.found,
            effect,
            request: false,
        };
        if let Some(f) = reading.unreadable {
            t.unreadable.push(e.name.clone());
            out.push(defect(f, Effect::Unreadable));
        } else if !reading.rewritten.is_empty() {
            let pointers = reading
                .rewritten
                .iter()
                .map(|f| f.pointer.clone())
                .collect();
            t.rewritten.push((e.name.clone(), pointers));
            out.extend(
                reading
                    .rewritten
                    .into_iter()
                    .map(|f| defect(f, Effect::Rewritten)),
            );
        }
    }
    out
}

/// What typing the responses found: counts, reasons and the contradicting examples.
pub struct Typing {
    pub typed: usize,
    pub untyped: BTreeMap<String, usize>,
    pub defects: Vec<DocDefect>,
}

/// Sets the typed result of every JSON-returning op whose documented type resolves.
pub fn type_responses(
    plan: &mut super::plan::Plan<'_>,
    cat: &Catalogue,
    names: &TypeNames,
) -> Typing {
    let mut typing = Typing {
        typed: 0,
        untyped: BTreeMap::new(),
        defects: Vec::new(),
    };
    for op in plan.areas.iter_mut().flat_map(|a| a.ops.iter_mut()) {
        if op.ret != RetKind::Json {
            continue;
        }
        match response_type(cat, names, op) {
            Ok(mut t) => {
                let defects = defects(cat, op, &mut t);
                // an update documented as answering 204 would fail to decode on every call
                if defects.iter().any(|d| d.found == NO_BODY) {
                    *typing
                        .untyped
                        .entry("a documented success answer has no body".to_owned())
                        .or_default() += 1;
                    continue;
                }
                typing.typed += 1;
                typing.defects.extend(defects);
                op.response = Some(t);
            }
            Err(reason) => *typing.untyped.entry(reason.to_owned()).or_default() += 1,
        }
    }
    typing.defects.sort();
    typing.defects.dedup();
    typing
}
