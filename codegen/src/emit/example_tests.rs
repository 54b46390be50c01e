//! Generator of the example-test binary `tests/examples/`: for every example the plan
//! kept as a [`Case`], one `#[test]` that replays the documented exchange with the
//! runtime's `test_support::Replay` (a `wiremock` server answering the documented
//! response, checking the request the SDK sends: method, decoded path, query, headers,
//! body) and compares the result with the documented answer. The test is plain code: the
//! asynchronous part lives in the runtime, compiled once, not once per test. One file per area,
//! a module folder with one file per page group for the areas emitted as folders. The
//! mock client and the decoded-path matcher come from the runtime's `test_support`
//! (cargo feature `test-support`), so the crate holds no hand-written test code.

use super::code::area_groups;
use super::docs::{self, doc_attrs, inner_doc_attrs};
use super::names::ident;
use super::paths::{encode_literal, Tok};
use super::plan::cases::header as header_of;
use super::plan::{
    valid_header_name, valid_header_value, Area, BodyKind, Case, OData, Op, RetKind,
};
use crate::model::Body;
use crate::parse::url::percent_decode;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// Names a test fn must not take (imports of the test files).
pub const RESERVED_TEST_NAMES: &[&str] = &[
    "header",
    "method",
    "Mock",
    "MockServer",
    "ResponseTemplate",
    "support",
    "graph_sdk",
    "graph_runtime",
    "wiremock",
    "serde_json",
    "bytes",
    "tokio",
    "crate",
    "std",
    "core",
];

/// Response headers that are not replayed (set by the server itself, or handled apart).
const SKIPPED_RESPONSE_HEADERS: &[&str] = &[
    "content-length",
    "transfer-encoding",
    "connection",
    "content-type",
    "content-encoding",
];

use super::docs::raw_lit;

fn lit(s: &str) -> Literal {
    Literal::string(s)
}

pub(super) fn body_text(body: &Body) -> String {
    match body {
        Body::Json(v) => serde_json::to_string_pretty(v).unwrap_or_else(|_| v.to_string()),
        Body::Raw(s) => s.clone(),
    }
}

/// The percent-decoded path the server sees for a case.
fn decoded_path(op: &Op<'_>, case: &Case<'_>) -> String {
    let Some(v) = op.variants.get(case.variant) else {
        return String::from("/");
    };
    let mut out = String::new();
    for t in &v.path {
        match t {
            Tok::Lit(s) => out.push_str(&percent_decode(&encode_literal(s), false)),
            Tok::Param(i) | Tok::Item(i) => {
                out.push_str(case.values.get(*i).map_or("", String::as_str));
            }
        }
    }
    out
}

/// Query pairs the request sends, in order.
fn sent_query(op: &Op<'_>, case: &Case<'_>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some(v) = op.variants.get(case.variant) {
        for (k, toks) in &v.query {
            let mut value = String::new();
            for t in toks {
                match t {
                    Tok::Lit(s) => value.push_str(s),
                    Tok::Param(i) | Tok::Item(i) => {
                        value.push_str(case.values.get(*i).map_or("", String::as_str));
                    }
                }
            }
            out.push((k.clone(), value));
        }
    }
    out.extend(case.odata.iter().map(OData::sent));
    out.extend(case.extra_query.iter().cloned());
    out
}

fn odata_tokens(case: &Case<'_>) -> TokenStream {
    let setters = case.odata.iter().map(|o| match o {
        OData::Select(v) => {
            let items = v.iter().map(|s| lit(s));
            quote! { .select([#(#items),*]) }
        }
        OData::Expand(v) => {
            let items = v.iter().map(|s| lit(s));
            quote! { .expand([#(#items),*]) }
        }
        OData::OrderBy(v) => {
            let items = v.iter().map(|s| lit(s));
            quote! { .orderby([#(#items),*]) }
        }
        OData::Filter(s) => {
            let l = lit(s);
            quote! { .filter(#l) }
        }
        OData::Search(s) => {
            let l = lit(s);
            quote! { .search(#l) }
        }
        OData::Top(n) => {
            let l = Literal::u32_unsuffixed(*n);
            quote! { .top(#l) }
        }
        OData::Skip(n) => {
            let l = Literal::u32_unsuffixed(*n);
            quote! { .skip(#l) }
        }
        OData::Count(b) => quote! { .count(#b) },
    });
    let ec = if case.eventual_consistency {
        quote! { .eventual_consistency(true) }
    } else {
        TokenStream::new()
    };
    quote! { &graph_sdk::ODataQuery::new() #(#setters)* #ec }
}

/// A type path as the test crate names it: `crate::` of the SDK becomes `graph_sdk::`.
fn in_test_crate(tokens: TokenStream) -> TokenStream {
    use proc_macro2::{Group, Ident, TokenTree};
    tokens
        .into_iter()
        .map(|t| match t {
            TokenTree::Ident(i) if i == "crate" => {
                TokenTree::Ident(Ident::new("graph_sdk", i.span()))
            }
            TokenTree::Group(g) => {
                let mut n = Group::new(g.delimiter(), in_test_crate(g.stream()));
                n.set_span(g.span());
                TokenTree::Group(n)
            }
            other => other,
        })
        .collect()
}

/// The test fn of one case.
fn case_test(area: &Area<'_>, op: &Op<'_>, case: &Case<'_>) -> TokenStream {
    let ex = case.example;
    let module = ident(&area.module);
    let name = ident(&case.test_name);
    let method_lit = lit(&op.method);
    let path_lit = lit(&decoded_path(op, case));
    let mut setup = TokenStream::new();
    // `Replay` builder calls: what the request must be (`checks`), then the answer
    let mut checks = TokenStream::new();

    // request body
    let req_ct = header_of(&ex.request.headers, "Content-Type")
        .filter(|c| valid_header_value(c))
        .unwrap_or("application/octet-stream");
    let mut sends_body = false;
    // a typed body: the fn's argument, or the body the request fn sends instead
    let mut typed_arg: Option<TokenStream> = None;
    let mut raw_body: Option<TokenStream> = None;
    if let Some(tb) = &op.typed_body {
        let b = super::bodies::example::case_body(tb, &module, &case.test_name, ex, req_ct);
        setup.extend(b.setup);
        checks.extend(b.checks);
        sends_body = b.sends_body;
        typed_arg = b.typed_arg;
        raw_body = b.raw_body;
    }
    let body_arg: Option<TokenStream> = match (&op.body, &ex.request.body) {
        _ if op.typed_body.is_some() => None,
        (BodyKind::None, _) => None,
        (BodyKind::Json, Some(Body::Json(v))) | (BodyKind::Any, Some(Body::Json(v))) => {
            let text = raw_lit(&body_text(&Body::Json(v.clone())));
            setup.extend(quote! {
                let documented: &'static str = #text;
                let request_body: serde_json::Value =
                    serde_json::from_str(documented).expect("documented request body");
            });
            checks.extend(quote! { .json_body(documented) });
            sends_body = true;
            Some(if op.body == BodyKind::Any {
                quote! { graph_sdk::RequestBody::Json(request_body.clone()) }
            } else {
                quote! { &request_body }
            })
        }
        (BodyKind::Raw { .. } | BodyKind::Any, Some(body)) => {
            let text = raw_lit(&body_text(body));
            setup.extend(quote! { let request_body: &'static str = #text; });
            checks.extend(quote! { .text_body(request_body) });
            sends_body = true;
            Some(if op.body == BodyKind::Any {
                let ct = lit(req_ct);
                quote! {
                    graph_sdk::RequestBody::Bytes {
                        content_type: String::from(#ct),
                        data: bytes::Bytes::from(request_body),
                    }
                }
            } else {
                quote! { bytes::Bytes::from(request_body) }
            })
        }
        (BodyKind::Json, _) => Some(quote! { &serde_json::Value::Null }),
        (BodyKind::Raw { .. }, _) => Some(quote! { bytes::Bytes::new() }),
        (BodyKind::Any, None) => Some(quote! { graph_sdk::RequestBody::Empty }),
    };
    if !sends_body && matches!(op.method.as_str(), "POST" | "PUT" | "PATCH") {
        checks.extend(quote! { .empty_body() });
    }
    for (k, v) in sent_query(op, case) {
        let (k, v) = (lit(&k), lit(&v));
        checks.extend(quote! { .query(#k, #v) });
    }
    if case.eventual_consistency {
        checks.extend(quote! { .header("consistencylevel", "eventual") });
    }

    // response
    let Some(resp) = &ex.response else {
        return TokenStream::new();
    };
    let status = Literal::u16_unsuffixed(resp.status);
    let mut answer = quote! { .status(#status) };
    let redirect = (300..400).contains(&resp.status);
    for (k, v) in &resp.headers {
        let k = k.trim();
        let v = v.trim();
        if SKIPPED_RESPONSE_HEADERS
            .iter()
            .any(|s| k.eq_ignore_ascii_case(s))
            || (redirect && k.eq_ignore_ascii_case("location"))
            || !valid_header_name(k)
            || !valid_header_value(v)
        {
            continue;
        }
        let (k, v) = (lit(&k.to_ascii_lowercase()), lit(v));
        answer.extend(quote! { .response_header(#k, #v) });
    }
    if redirect {
        answer.extend(quote! { .redirect() });
    }
    let resp_body = resp
        .body
        .as_ref()
        .filter(|b| !matches!(b, Body::Raw(t) if t.trim().is_empty()));
    let resp_text = resp_body.map(body_text);
    if let (Some(text), Some(body)) = (&resp_text, resp_body) {
        let default_ct = match body {
            Body::Json(_) => "application/json",
            Body::Raw(_) => "text/plain",
        };
        let ct = header_of(&resp.headers, "Content-Type")
            .filter(|c| valid_header_value(c) && !c.is_empty())
            .unwrap_or(default_ct);
        let (text, ct) = (raw_lit(text), lit(ct));
        setup.extend(quote! { let response_body: &'static str = #text; });
        answer.extend(quote! { .response_body(response_body, #ct) });
    }

    // call
    let fn_path = {
        let f = ident(&op.fn_name);
        quote! { graph_sdk::#module::#f }
    };
    let req_path = {
        let f = ident(&op.request_fn);
        quote! { graph_sdk::#module::#f }
    };
    let mut args: Vec<TokenStream> = Vec::new();
    if let Some(v) = op.variants.get(case.variant) {
        let vals: Vec<TokenStream> = v
            .fields
            .iter()
            .zip(&case.values)
            .map(|(f, val)| {
                let id = ident(&f.name);
                let l = lit(val);
                if op.multi() {
                    quote! { #id: #l }
                } else {
                    quote! { #l }
                }
            })
            .collect();
        if op.multi() {
            let ty = ident(&op.path_type);
            let vn = ident(&v.name);
            if vals.is_empty() {
                args.push(quote! { graph_sdk::#module::#ty::#vn });
            } else {
                args.push(quote! { graph_sdk::#module::#ty::#vn { #(#vals),* } });
            }
        } else {
            args.extend(vals);
        }
    }
    if op.odata {
        args.push(odata_tokens(case));
    }
    if let Some(b) = body_arg {
        args.push(b);
    }
    let mut fn_args = args.clone();
    fn_args.extend(typed_arg);
    let ret = super::responses::ret_type(op);
    let call_method = super::responses::call_method(op.ret);
    let call_method = if op.ret == RetKind::Json {
        let ty = in_test_crate(ret);
        quote! { #call_method::<#ty> }
    } else {
        call_method
    };
    let unreadable = op
        .response
        .as_ref()
        .is_some_and(|t| t.unreadable.contains(&ex.name));
    let rewritten: Vec<&str> = op
        .response
        .as_ref()
        .and_then(|t| t.rewritten.iter().find(|(name, _)| *name == ex.name))
        .map(|(_, pointers)| pointers.iter().map(String::as_str).collect())
        .unwrap_or_default();
    let (request, call) = if case.extra_query.is_empty() && !case.no_body && raw_body.is_none() {
        let call = if fn_args.is_empty() {
            fn_path
        } else {
            quote! { |client| #fn_path(client, #(#fn_args),*) }
        };
        (TokenStream::new(), call)
    } else {
        let expect = if op.fallible() {
            quote! { .expect("request") }
        } else {
            TokenStream::new()
        };
        let extra = case.extra_query.iter().map(|(k, v)| {
            let (k, v) = (lit(k), lit(v));
            quote! { .query(#k, #v) }
        });
        let body = match raw_body {
            Some(raw) => raw,
            // extra query pairs: the request fn, then the typed body
            None if op.typed_body.is_some() => quote! {
                .json_body(&body)
                .expect("typed body serializes")
            },
            None if case.no_body => quote! { .body(graph_sdk::RequestBody::Empty) },
            None => TokenStream::new(),
        };
        (
            quote! { let request = #req_path(#(#args),*) #expect #(#extra)* #body; },
            quote! { move |client: &graph_sdk::Client| client.#call_method(Ok(request)) },
        )
    };

    let check = if resp.status >= 400 {
        quote! {
            let error = result.expect_err("documented error response");
            assert_eq!(error.status().map(|s| s.as_u16()), Some(#status));
        }
    } else if redirect && op.ret == RetKind::Bytes {
        quote! {
            let body = result.expect("redirect followed");
            assert_eq!(body.as_ref(), b"redirected");
        }
    } else if redirect {
        quote! { result.expect("redirect followed"); }
    } else {
        let served = resp_body.filter(|_| !(op.ret == RetKind::Json && resp.status == 204));
        let typed = op.response.is_some();
        match (op.ret, served) {
            (RetKind::Empty, _) => quote! { result.expect("documented success response"); },
            (RetKind::Json, _) if unreadable => quote! {
                // the documented answer contradicts the documented type (see `doc_defects`)
                let error = result.expect_err("documented body does not read into the documented type");
                assert!(matches!(error, graph_sdk::Error::Decode { .. }), "{error}");
            },
            (RetKind::Json, Some(_)) if !rewritten.is_empty() => quote! {
                let value = result.expect("documented success response reads into the documented type");
                // the documented answer writes these values in a form the types normalise
                // (see `doc_defects`)
                support::assert_round_trip_changes(&value, response_body, &[#(#rewritten),*]);
            },
            (RetKind::Json, Some(_)) if typed => quote! {
                let value = result.expect("documented success response reads into the documented type");
                support::assert_round_trip(&value, response_body);
            },
            (RetKind::Json, Some(_)) => quote! {
                let value = result.expect("documented success response");
                let expected: serde_json::Value =
                    serde_json::from_str(response_body).expect("documented response body");
                assert_eq!(value, expected);
            },
            (RetKind::Json, None) => quote! {
                let value = result.expect("documented success response");
                assert_eq!(value, serde_json::Value::Null);
            },
            (RetKind::Bytes, Some(_)) => quote! {
                let body = result.expect("documented success response");
                assert_eq!(body.as_ref(), response_body.as_bytes());
            },
            (RetKind::Bytes, None) => quote! {
                let body = result.expect("documented success response");
                assert!(body.is_empty());
            },
        }
    };

    let doc = doc_attrs(&format!(
        "Example {} of {} (line {}): {} {}",
        docs::code(&ex.name),
        docs::code(&op.page.source),
        ex.request.line,
        docs::code(&ex.request.method),
        docs::code(&ex.request.url),
    ));
    quote! {
        #doc
        #[test]
        fn #name() {
            #setup
            #request
            let result = support::Replay::new(#method_lit, #path_lit)
                #checks
                #answer
                .run(#call);
            #check
        }
    }
}

/// Test fns and the `use` lines they need, for the given ops.
fn tests_file(doc: TokenStream, area: &Area<'_>, ops: &[&Op<'_>]) -> TokenStream {
    let tests: Vec<TokenStream> = ops
        .iter()
        .flat_map(|op| op.cases.iter().map(move |c| case_test(area, op, c)))
        .collect();
    quote! {
        #doc
        use graph_runtime::test_support as support;
        #(#tests)*
    }
}

/// Tokens of `tests/examples/<area>.rs`.
pub fn area_tests(area: &Area<'_>) -> TokenStream {
    let doc = inner_doc_attrs(&format!(
        "Example requests of the {} area replayed against a mock server.",
        docs::code(&area.name)
    ));
    let ops: Vec<&Op<'_>> = area.ops.iter().collect();
    tests_file(doc, area, &ops)
}

/// Tokens of `tests/examples/<area>/mod.rs` and of one file per page group with tests,
/// for an area emitted as a module folder (same groups as the SDK module).
pub fn area_test_folder(area: &Area<'_>) -> (TokenStream, Vec<(String, TokenStream)>) {
    let groups: Vec<(String, Vec<&Op<'_>>)> = area_groups(area)
        .into_iter()
        .filter(|(_, ops)| ops.iter().any(|o| !o.cases.is_empty()))
        .collect();
    let doc = inner_doc_attrs(&format!(
        "Example requests of the {} area replayed against a mock server, one file per page \
         group.",
        docs::code(&area.name)
    ));
    let mods = groups.iter().map(|(g, _)| {
        let m = ident(g);
        quote! {
            #[rustfmt::skip]
            mod #m;
        }
    });
    let mod_rs = quote! {
        #doc
        #(#mods)*
    };
    let files = groups
        .iter()
        .map(|(g, ops)| {
            let doc = inner_doc_attrs(&format!(
                "Example requests of the {} area from the {} pages.",
                docs::code(&area.name),
                docs::code(g)
            ));
            (g.clone(), tests_file(doc, area, ops))
        })
        .collect();
    (mod_rs, files)
}
