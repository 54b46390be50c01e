//! Tokens of the area crates: one operation fn returning a `Call` and one request
//! builder per operation, plus a path enum for operations with several documented paths;
//! a large area is a root file and one file per page group.

use super::bodies::signature;
use super::docs::{self, doc_attrs, inner_doc_attrs};
use super::imports::Uses;
use super::members;
use super::names::{ident, NameSet};
use super::op_docs::{field_doc, op_doc};
use super::paths::{encode_literal, Tok};
use super::plan::{Area, Op, Variant};
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use std::collections::BTreeMap;

pub(super) fn str_lit(s: &str) -> Literal {
    Literal::string(s)
}

/// The path string of a variant: statements (item paths are encoded first, since
/// `encode_item_path` can fail) and the `format!` expression.
fn path_expr(v: &Variant<'_>) -> (TokenStream, TokenStream) {
    let mut fmt = String::new();
    let mut args = Vec::new();
    let mut stmts = TokenStream::new();
    for t in &v.path {
        let name = |i: &usize| {
            v.fields
                .get(*i)
                .map_or("invalid_identifier", |f| f.name.as_str())
        };
        match t {
            Tok::Lit(s) => fmt.push_str(&encode_literal(s).replace('{', "{{").replace('}', "}}")),
            Tok::Param(i) => {
                fmt.push_str("{}");
                let id = ident(name(i));
                args.push(quote! { encode_segment(#id) });
            }
            Tok::Item(i) => {
                // captured by name: the encoded value shadows the argument
                let id = ident(name(i));
                stmts.extend(quote! { let #id = encode_item_path(#id)?; });
                fmt.push('{');
                fmt.push_str(name(i));
                fmt.push('}');
            }
        }
    }
    let expr = if args.is_empty() && stmts.is_empty() {
        let lit = str_lit(&fmt.replace("{{", "{").replace("}}", "}"));
        quote! { String::from(#lit) }
    } else if args.is_empty() {
        let lit = str_lit(&fmt);
        quote! { format!(#lit) }
    } else {
        let lit = str_lit(&fmt);
        quote! { format!(#lit, #(#args),*) }
    };
    (stmts, expr)
}

/// `.query(name, value)` calls for the documented literal query of a variant.
fn query_calls(v: &Variant<'_>) -> TokenStream {
    let calls = v.query.iter().map(|(k, toks)| {
        let key = str_lit(k);
        let value = match toks.as_slice() {
            [] => quote! { "" },
            [Tok::Lit(s)] => {
                let lit = str_lit(s);
                quote! { #lit }
            }
            [Tok::Param(i)] | [Tok::Item(i)] => {
                let id = ident(
                    v.fields
                        .get(*i)
                        .map_or("invalid_identifier", |f| f.name.as_str()),
                );
                quote! { #id }
            }
            toks => {
                let mut fmt = String::new();
                for t in toks {
                    match t {
                        Tok::Lit(s) => fmt.push_str(&s.replace('{', "{{").replace('}', "}}")),
                        Tok::Param(i) | Tok::Item(i) => {
                            let name = v
                                .fields
                                .get(*i)
                                .map_or("invalid_identifier", |f| f.name.as_str());
                            fmt.push('{');
                            fmt.push_str(name);
                            fmt.push('}');
                        }
                    }
                }
                let lit = str_lit(&fmt);
                quote! { format!(#lit) }
            }
        };
        quote! { .query(#key, #value) }
    });
    quote! { #(#calls)* }
}

fn method_tokens(m: &str) -> TokenStream {
    let id = ident(m);
    quote! { reqwest::Method::#id }
}

fn variant_request(op: &Op<'_>, v: &Variant<'_>) -> (TokenStream, TokenStream) {
    let method = method_tokens(&op.method);
    let (stmts, path) = path_expr(v);
    let query = query_calls(v);
    (
        stmts,
        quote! { OperationRequest::new(#method, #path) #query },
    )
}

/// Tokens of the argument list after `client` (and of the request fn).
fn args(op: &Op<'_>) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let mut params = Vec::new();
    let mut names = Vec::new();
    if op.multi() {
        let ty = ident(&op.path_type);
        params.push(if path_has_fields(op) {
            quote! { path: #ty<'_> }
        } else {
            quote! { path: #ty }
        });
        names.push(quote! { path });
    } else if let Some(v) = op.variants.first() {
        for f in &v.fields {
            let id = ident(&f.name);
            params.push(quote! { #id: &str });
            names.push(quote! { #id });
        }
    }
    if op.odata {
        params.push(quote! { query: &ODataQuery });
        names.push(quote! { query });
    }
    // a typed body is attached by the async fn; the request fn leaves it out
    if let Some(p) = signature::request_param(op) {
        params.push(p);
        names.push(quote! { body });
    }
    (params, names)
}

/// Whether any path variant has a field (so the enum carries a lifetime).
fn path_has_fields(op: &Op<'_>) -> bool {
    op.variants.iter().any(|v| !v.fields.is_empty())
}

fn path_enum(op: &Op<'_>) -> TokenStream {
    let ty = ident(&op.path_type);
    let fn_name = &op.fn_name;
    let doc = doc_attrs(&format!(
        "The documented paths of [`{fn_name}`]: one variant per path.\n\nSource: {}",
        docs::code(&op.page.source)
    ));
    let variants = op.variants.iter().map(|v| {
        let name = ident(&v.name);
        let vdoc = doc_attrs(&docs::code(&format!(
            "{} {}",
            op.method,
            v.template.path.trim()
        )));
        let fields = v.fields.iter().map(|f| {
            let id = ident(&f.name);
            let fdoc = doc_attrs(&field_doc(f));
            quote! { #fdoc #id: &'a str }
        });
        if v.fields.is_empty() {
            quote! { #vdoc #name }
        } else {
            quote! { #vdoc #name { #(#fields),* } }
        }
    });
    let generics = if path_has_fields(op) {
        quote! { <'a> }
    } else {
        TokenStream::new()
    };
    // no `PartialEq`: a path is built to be sent, and the derive on ~600 path enums costs
    // a second of the crate's build
    quote! {
        #doc
        #[derive(Debug, Clone, Copy)]
        pub enum #ty #generics {
            #(#variants),*
        }
    }
}

fn op_items(op: &Op<'_>, uses: &mut Uses) -> TokenStream {
    let fn_id = ident(&op.fn_name);
    let req_id = ident(&op.request_fn);
    let (params, names) = args(op);
    let mut fn_params = params.clone();
    let body_struct = match signature::typed_param(op) {
        Some((param, items)) => {
            fn_params.push(param);
            items
        }
        None => TokenStream::new(),
    };
    let fallible = op.fallible();
    uses.item |= fallible;
    uses.segment |= op
        .variants
        .iter()
        .any(|v| v.path.iter().any(|t| matches!(t, Tok::Param(_))));
    uses.odata |= op.odata;
    uses.request_body |= signature::uses_request_body(op);
    uses.path_enum |= op.multi();

    let (pre, base) = if op.multi() {
        let ty = ident(&op.path_type);
        let arms = op.variants.iter().map(|v| {
            let vname = ident(&v.name);
            let fields: Vec<_> = v.fields.iter().map(|f| ident(&f.name)).collect();
            let (stmts, req) = variant_request(op, v);
            let body = if stmts.is_empty() {
                req
            } else {
                quote! { { #stmts #req } }
            };
            if fields.is_empty() {
                quote! { #ty::#vname => #body }
            } else {
                quote! { #ty::#vname { #(#fields),* } => #body }
            }
        });
        (TokenStream::new(), quote! { match path { #(#arms),* } })
    } else {
        match op.variants.first() {
            Some(v) => variant_request(op, v),
            None => {
                let method = method_tokens(&op.method);
                (
                    TokenStream::new(),
                    quote! { OperationRequest::new(#method, String::from("/")) },
                )
            }
        }
    };
    let mut tail = TokenStream::new();
    if op.odata {
        tail.extend(quote! { .odata(query) });
    }
    tail.extend(signature::request_setter(op));
    let (stmts, expr) = if tail.is_empty() {
        (pre, base)
    } else if op.multi() {
        (quote! { let request = #base; }, quote! { request #tail })
    } else {
        (pre, quote! { #base #tail })
    };
    let (req_ret, req_body, call) = if fallible {
        (
            quote! { Result<OperationRequest, Error> },
            quote! { #stmts Ok(#expr) },
            quote! { #req_id(#(#names),*)? },
        )
    } else {
        (
            quote! { OperationRequest },
            quote! { #stmts #expr },
            quote! { #req_id(#(#names),*) },
        )
    };
    let ret = super::responses::ret_type(op);
    let call_method = super::responses::call_method(op.ret);
    let sending = signature::sending(op, quote! { #req_id(#(#names),*) }, fallible, &call_method);
    let call = signature::attach(op, call);
    let many = if fn_params.len() + 1 > 7 {
        quote! { #[allow(clippy::too_many_arguments)] }
    } else {
        TokenStream::new()
    };
    let many_req = if params.len() > 7 {
        quote! { #[allow(clippy::too_many_arguments)] }
    } else {
        TokenStream::new()
    };
    let doc = doc_attrs(&op_doc(op));
    let req_doc = doc_attrs(&format!(
        "Builds the request of [`{}`] without sending it{}{}.\n\nSource: {}",
        op.fn_name,
        signature::request_doc_note(op),
        if fallible {
            "; fails if an item path is not a valid relative path"
        } else {
            ""
        },
        docs::code(&op.page.source)
    ));
    let enum_tokens = if op.multi() {
        path_enum(op)
    } else {
        TokenStream::new()
    };
    let pages = match &op.response {
        Some(t) if t.resolved.collection => {
            super::responses::pages_fn(op, t, &fn_params, &call, fallible, &many)
        }
        _ => TokenStream::new(),
    };
    // `Error` is named by a fallible request fn and by a `_pages` fn that attaches a body
    uses.error |= fallible || (op.typed_body.is_some() && !pages.is_empty());
    quote! {
        #enum_tokens

        #body_struct

        #req_doc
        #many_req
        #[inline]
        pub fn #req_id(#(#params),*) -> #req_ret {
            #req_body
        }

        #doc
        #many
        #[inline]
        pub fn #fn_id<'c>(client: &'c Client, #(#fn_params),*) -> Call<'c, #ret> {
            #sending
        }

        #pages
    }
}

/// The module of a single-file area crate (`src/operations.rs`), which its `lib.rs`
/// re-exports (see [`area_root`]).
pub const SINGLE_MODULE: &str = "operations";

/// Tokens of the one module file of an area that is not split by page group.
pub fn area_module(area: &Area<'_>) -> TokenStream {
    let ops: Vec<&Op<'_>> = area.ops.iter().collect();
    let module_doc = inner_doc_attrs(&format!(
        "Operations of the {} area (`ms.prod`): {} operations.",
        docs::code(&area.name),
        area.ops.len()
    ));
    ops_file(module_doc, &ops)
}

/// Module doc, header and items of the given ops.
fn ops_file(module_doc: TokenStream, ops: &[&Op<'_>]) -> TokenStream {
    let mut uses = Uses::default();
    let items: Vec<TokenStream> = ops.iter().map(|op| op_items(op, &mut uses)).collect();
    let header = uses.header();
    quote! {
        #module_doc
        #header
        #(#items)*
    }
}

/// The ops of an area by page group, with a module name per group; the names are
/// unique, never a file the crate root needs (`lib`) and never the area's own items
/// (the root holds only modules).
pub fn area_groups<'a, 'p>(area: &'a Area<'p>) -> Vec<(String, Vec<&'a Op<'p>>)> {
    let mut by_group: BTreeMap<&str, Vec<&Op<'p>>> = BTreeMap::new();
    for op in &area.ops {
        by_group.entry(op.group.as_str()).or_default().push(op);
    }
    let mut names = NameSet::with_reserved(["mod", "lib", "runtime", "support", "types", "wire"]);
    by_group
        .into_iter()
        .map(|(g, ops)| (names.unique(g, "_"), ops))
        .collect()
}

/// The root file (`src/lib.rs`) of an area crate: its docs, the model's `runtime`
/// and `wire` imported (so the code names `crate::runtime::…`), its own `types` module
/// when some types only this area uses live here (else the model's, imported), and one
/// private module per file whose items it re-exports, so paths stay
/// `graph_sdk::<area>::<item>`. The modules are `#[rustfmt::skip]`: `cargo fmt` leaves
/// the generated files as they are.
pub fn area_root(area: &Area<'_>, modules: &[String], own_types: bool) -> TokenStream {
    let files = if modules.len() > 1 {
        format!(" in {} files, one per page group", modules.len())
    } else {
        String::new()
    };
    let doc = inner_doc_attrs(&format!(
        "Operations of the {} area (`ms.prod`), behind the cargo feature {} of the SDK \
         crate, which re-exports them as `{}`.\n\n{} operations{files}; all of them are \
         re-exported here.",
        docs::code(&area.name),
        docs::code(&area.feature),
        area.module,
        area.ops.len(),
    ));
    let model = ident(members::MODEL_LIB);
    let types = if own_types {
        quote! {
            #[allow(unused_imports)]
            use #model::{runtime, wire};

            /// The documented types only this area's calls use (the SDK crate's `types`
            /// re-exports them with all the others).
            #[rustfmt::skip]
            pub mod types;
        }
    } else {
        quote! {
            #[allow(unused_imports)]
            use #model::{runtime, types, wire};
        }
    };
    let mods = modules.iter().map(|g| {
        let m = ident(g);
        quote! {
            #[rustfmt::skip]
            mod #m;
            pub use #m::*;
        }
    });
    quote! {
        #doc
        #![warn(missing_docs)]
        #types
        #(#mods)*
    }
}

/// An area crate's code as one file per page group (its root is [`area_root`] over the
/// group names).
pub fn area_folder(area: &Area<'_>) -> Vec<(String, TokenStream)> {
    area_groups(area)
        .iter()
        .map(|(g, ops)| {
            let doc = inner_doc_attrs(&format!(
                "Operations of the {} area from the {} pages.",
                docs::code(&area.name),
                docs::code(g)
            ));
            (g.clone(), ops_file(doc, ops))
        })
        .collect()
}
