//! Tokens of the SDK crate: area modules (one async fn and one request builder per
//! operation, plus a path enum for operations with several documented paths) and lib.rs.

use super::docs;
use super::names::ident;
use super::paths::{encode_literal, Tok};
use super::plan::{Area, BodyKind, Field, Op, RetKind, Variant};
use crate::model::{Page, Permission};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// `#[doc = " line"]` attributes for the lines of a markdown text.
pub fn doc_attrs(text: &str) -> TokenStream {
    let lines: Vec<TokenStream> = text
        .lines()
        .map(|l| {
            let s = if l.is_empty() {
                String::new()
            } else {
                format!(" {l}")
            };
            let lit = Literal::string(&s);
            quote! { #[doc = #lit] }
        })
        .collect();
    quote! { #(#lines)* }
}

fn str_lit(s: &str) -> Literal {
    Literal::string(s)
}

fn locale(page: &Page) -> String {
    page.locale
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .unwrap_or("localized")
        .to_owned()
}

/// Markdown permissions table.
fn permissions_table(perms: &[Permission]) -> Vec<String> {
    if perms.is_empty() {
        return Vec::new();
    }
    let with_resource = perms.iter().any(|p| p.resource.is_some());
    let sections: std::collections::BTreeSet<&str> =
        perms.iter().map(|p| p.section.as_str()).collect();
    let with_section = sections.len() > 1;
    let mut head = Vec::new();
    if with_section {
        head.push("Section");
    }
    if with_resource {
        head.push("Resource");
    }
    head.push("Permission type");
    head.push("Permissions (least to most privileged)");
    let mut out = vec![
        format!("| {} |", head.join(" | ")),
        format!("|{}", " --- |".repeat(head.len())),
    ];
    for p in perms {
        let mut cells = Vec::new();
        if with_section {
            cells.push(docs::code(&p.section));
        }
        if with_resource {
            cells.push(
                p.resource
                    .as_ref()
                    .map(|r| docs::cell(&r.en))
                    .unwrap_or_default(),
            );
        }
        cells.push(docs::cell(&p.kind.en));
        let scopes = if p.not_supported || p.scopes.is_empty() {
            "Not supported".to_owned()
        } else {
            p.scopes
                .iter()
                .map(|s| docs::cell(s))
                .collect::<Vec<_>>()
                .join(", ")
        };
        cells.push(scopes);
        out.push(format!("| {} |", cells.join(" | ")));
    }
    out
}

fn field_doc(f: &Field) -> String {
    let mut s = format!(
        "Placeholder {}",
        docs::code(&format!("{{{}}}", f.placeholder))
    );
    if let Some(after) = &f.after {
        s.push_str(&format!(" after {}", docs::code(after)));
    }
    if f.in_query {
        s.push_str(" in the query string");
    }
    if f.alternatives.len() > 1 {
        let alts: Vec<String> = f.alternatives.iter().map(|a| docs::line(a)).collect();
        s.push_str(&format!(": {}", alts.join(" or ")));
    }
    if f.item_path {
        s.push_str(" (a `/`-separated path below the drive root, without leading `/`)");
    }
    s.push('.');
    if let Some(p) = &f.param {
        let d = docs::line(&p.description.en);
        if !d.is_empty() {
            s.push(' ');
            s.push_str(&d);
        }
    }
    s
}

fn op_doc(op: &Op<'_>) -> String {
    let page = op.page;
    let mut parts: Vec<String> = Vec::new();
    let title = docs::line(&page.title.en);
    parts.push(if title.is_empty() {
        docs::code(&op.fn_name)
    } else {
        title
    });
    let desc = docs::prose(&page.description.en);
    if !desc.is_empty() {
        parts.push(desc);
    }
    let (lt, ld) = (
        docs::line(&page.title.localized),
        docs::prose(&page.description.localized),
    );
    if !lt.is_empty() || !ld.is_empty() {
        let mut l = format!("Localized ({}): {}", docs::line(&locale(page)), lt);
        if !ld.is_empty() {
            l.push_str("\n\n");
            l.push_str(&ld);
        }
        parts.push(l);
    }
    let perms = permissions_table(&page.permissions);
    if !perms.is_empty() {
        parts.push(format!("# Permissions\n\n{}", perms.join("\n")));
    }
    let mut http = vec![
        "# HTTP request".to_owned(),
        String::new(),
        "```text".to_owned(),
    ];
    for v in &op.variants {
        http.push(docs::code_block_line(&format!(
            "{} {}",
            op.method,
            v.template.path.trim()
        )));
    }
    http.push("```".into());
    parts.push(http.join("\n"));

    let mut args: Vec<String> = Vec::new();
    if op.multi() {
        args.push(format!(
            "- `path`: which documented path to call, see [`{}`].",
            op.path_type
        ));
    } else if let Some(v) = op.variants.first() {
        for f in &v.fields {
            args.push(format!("- `{}`: {}", f.name, field_doc(f)));
        }
    }
    if op.odata {
        let opts: Vec<String> = page.query_options.iter().map(|o| docs::code(o)).collect();
        args.push(format!(
            "- `query`: OData query options; the page documents {}.",
            opts.join(", ")
        ));
    }
    let props: Vec<String> = page
        .body_parameters
        .iter()
        .map(|p| docs::code(&p.name))
        .collect();
    let props = if props.is_empty() {
        String::new()
    } else {
        format!(" Documented properties: {}.", props.join(", "))
    };
    match &op.body {
        BodyKind::None => {}
        BodyKind::Json => args.push(format!("- `body`: the JSON request body.{props}")),
        BodyKind::Raw { content_type } => args.push(format!(
            "- `body`: the request body, sent as {}.",
            docs::code(content_type)
        )),
        BodyKind::Any => args.push(format!(
            "- `body`: the request body (the page documents JSON and raw bodies).{props}"
        )),
    }
    if !args.is_empty() {
        parts.push(format!("# Arguments\n\n{}", args.join("\n")));
    }

    let mut resp = String::from("# Response\n\n");
    resp.push_str(match op.ret {
        RetKind::Empty => "Returns `()` on success",
        RetKind::Json => "Returns the JSON body (`serde_json::Value`, `Null` when empty)",
        RetKind::Bytes => "Returns the raw body (`bytes::Bytes`)",
    });
    if let Some(status) = page.response.status {
        resp.push_str(&format!("; the documented success status is `{status}`"));
    }
    if let Some(t) = page
        .response
        .returns
        .as_ref()
        .filter(|t| !t.name.trim().is_empty())
    {
        let name = if t.collection {
            format!("{} collection", t.name.trim())
        } else {
            t.name.trim().to_owned()
        };
        resp.push_str(&format!("; the documented type is {}", docs::code(&name)));
    }
    resp.push('.');
    let rd = docs::prose(&page.response.description.en);
    if !rd.is_empty() {
        resp.push_str("\n\n");
        resp.push_str(&rd);
    }
    parts.push(resp);
    parts.push(format!("Source: {}", docs::code(&page.source)));
    parts.join("\n\n")
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
    match &op.body {
        BodyKind::None => {}
        BodyKind::Json => params.push(quote! { body: &serde_json::Value }),
        BodyKind::Raw { .. } => params.push(quote! { body: bytes::Bytes }),
        BodyKind::Any => params.push(quote! { body: RequestBody }),
    }
    if op.body != BodyKind::None {
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
    quote! {
        #doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[allow(clippy::enum_variant_names)]
        pub enum #ty #generics {
            #(#variants),*
        }
    }
}

/// Whether the op builder uses an item-path (so the module imports `encode_item_path`).
pub struct Uses {
    pub segment: bool,
    pub item: bool,
    pub odata: bool,
    pub request_body: bool,
}

fn op_items(op: &Op<'_>, uses: &mut Uses) -> TokenStream {
    let fn_id = ident(&op.fn_name);
    let req_id = ident(&op.request_fn);
    let (params, names) = args(op);
    let fallible = op.fallible();
    uses.item |= fallible;
    uses.segment |= op
        .variants
        .iter()
        .any(|v| v.path.iter().any(|t| matches!(t, Tok::Param(_))));
    uses.odata |= op.odata;
    uses.request_body |= op.body == BodyKind::Any;

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
    match &op.body {
        BodyKind::None => {}
        BodyKind::Json => tail.extend(quote! { .json(body) }),
        BodyKind::Raw { content_type } => {
            let ct = str_lit(content_type);
            tail.extend(quote! { .bytes(#ct, body) });
        }
        BodyKind::Any => tail.extend(quote! { .body(body) }),
    }
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
    let (ret, send) = match op.ret {
        RetKind::Empty => (quote! { () }, quote! { send_empty }),
        RetKind::Json => (quote! { serde_json::Value }, quote! { send_json }),
        RetKind::Bytes => (quote! { bytes::Bytes }, quote! { send_bytes }),
    };
    let many = if params.len() + 1 > 7 {
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
        "Builds the request of [`{}`] without sending it{}.\n\nSource: {}",
        op.fn_name,
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
    quote! {
        #enum_tokens

        #req_doc
        #many_req
        pub fn #req_id(#(#params),*) -> #req_ret {
            #req_body
        }

        #doc
        #many
        pub async fn #fn_id(client: &Client, #(#params),*) -> Result<#ret, Error> {
            client.#send(#call).await
        }
    }
}

/// Tokens of one area module file.
pub fn area_module(area: &Area<'_>) -> TokenStream {
    let mut uses = Uses {
        segment: false,
        item: false,
        odata: false,
        request_body: false,
    };
    let items: Vec<TokenStream> = area.ops.iter().map(|op| op_items(op, &mut uses)).collect();
    let mut imports = vec![quote! { Client }, quote! { Error }];
    if uses.odata {
        imports.push(quote! { ODataQuery });
    }
    imports.push(quote! { OperationRequest });
    if uses.request_body {
        imports.push(quote! { RequestBody });
    }
    if uses.item {
        imports.push(quote! { encode_item_path });
    }
    if uses.segment {
        imports.push(quote! { encode_segment });
    }
    let module_doc = inner_doc_attrs(&format!(
        "Operations of the {} area (`ms.prod`), behind the cargo feature {}.\n\n{} operations.",
        docs::code(&area.name),
        docs::code(&area.feature),
        area.ops.len()
    ));
    quote! {
        #module_doc
        use crate::runtime::{#(#imports),*};
        #(#items)*
    }
}

/// `#![doc = " line"]` attributes.
pub fn inner_doc_attrs(text: &str) -> TokenStream {
    let lines: Vec<TokenStream> = text
        .lines()
        .map(|l| {
            let s = if l.is_empty() {
                String::new()
            } else {
                format!(" {l}")
            };
            let lit = Literal::string(&s);
            quote! { #![doc = #lit] }
        })
        .collect();
    quote! { #(#lines)* }
}

/// Tokens of `src/lib.rs`.
pub fn lib_rs(areas: &[Area<'_>], ops: usize) -> TokenStream {
    let mut table = vec![
        "| feature | module | operations |".to_owned(),
        "| --- | --- | --- |".to_owned(),
    ];
    for a in areas {
        table.push(format!(
            "| {} | `{}` | {} |",
            docs::code(&a.feature),
            a.module,
            a.ops.len()
        ));
    }
    let doc = inner_doc_attrs(&format!(
        "Microsoft Graph v1.0 client generated from the Graph reference documentation.\n\n\
         Every documented operation is one async function taking a [`Client`] (plus a \
         `*_request` function that only builds the [`OperationRequest`]). Operations are \
         grouped in one module per documentation area, each behind a cargo feature; the \
         `full` feature (default) enables all {} operations.\n\n{}",
        ops,
        table.join("\n")
    ));
    let mods = areas.iter().map(|a| {
        let m = ident(&a.module);
        let f = str_lit(&a.feature);
        quote! {
            #[cfg(feature = #f)]
            #[rustfmt::skip]
            pub mod #m;
        }
    });
    quote! {
        #doc
        #![warn(missing_docs)]
        pub mod runtime;
        #[rustfmt::skip]
        pub mod types;
        pub mod wire;
        #[rustfmt::skip]
        pub use runtime::{Client, ClientBuilder, Error, GraphError, ODataQuery, OperationRequest, RequestBody, RetryPolicy, StaticToken, TokenProvider};
        #(#mods)*
    }
}
