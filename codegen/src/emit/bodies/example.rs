//! The request side of an example test for an operation with a typed body: the documented
//! JSON read into the body struct (the call's argument), or, when the docs contradict the
//! body table, the decode error (or the different JSON written back) asserted and the
//! documented JSON sent raw through the request fn. Raw example bodies (MIME) go through
//! the request fn too.

use super::super::docs::raw_lit;
use super::super::example_tests::body_text;
use super::TypedBody;
use crate::model::{Body, Example};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

/// What a test of a typed-body op does with the example's request body.
#[derive(Default)]
pub struct CaseBody {
    /// Statements before the mock is mounted.
    pub setup: TokenStream,
    /// Body checks of the replay (`.json_body(documented)`).
    pub checks: TokenStream,
    pub sends_body: bool,
    /// The typed body argument of the async fn (`&body`).
    pub typed_arg: Option<TokenStream>,
    /// Otherwise the body setter of the request fn's result (`.json(&request_body)`).
    pub raw_body: Option<TokenStream>,
}

/// The request side of test `test_name` of example `ex` of an op with body `tb` in
/// `module`; `content_type` is the example's request content type.
pub fn case_body(
    tb: &TypedBody,
    module: &Ident,
    test_name: &str,
    ex: &Example,
    content_type: &str,
) -> CaseBody {
    let mut out = CaseBody::default();
    let ty = tb.test_path(module);
    match &ex.request.body {
        Some(Body::Json(v)) => {
            let text = raw_lit(&body_text(&Body::Json(v.clone())));
            out.setup
                .extend(quote! { let documented: &'static str = #text; });
            out.checks.extend(quote! { .json_body(documented) });
            out.sends_body = true;
            let sent_raw = quote! {
                let request_body: serde_json::Value =
                    serde_json::from_str(documented).expect("documented request body");
            };
            if tb.unreadable.iter().any(|t| t == test_name) {
                out.setup.extend(sent_raw);
                out.setup.extend(quote! {
                    // the documented request contradicts the body type (see `doc_defects`)
                    let error = support::from_json::<#ty>(documented)
                        .expect_err("documented request body does not read into the body type");
                    assert!(error.is_data(), "{error}");
                });
                out.raw_body = Some(quote! { .json(&request_body) });
            } else if tb.rewritten.iter().any(|t| t == test_name) {
                out.setup.extend(sent_raw);
                out.setup.extend(quote! {
                    // the documented request reads but is written back differently (see `doc_defects`)
                    let body: #ty = support::from_json(documented)
                        .expect("documented request body reads into the body type");
                    assert_ne!(serde_json::to_value(&body).expect("body serializes"), request_body);
                });
                out.raw_body = Some(quote! { .json(&request_body) });
            } else {
                out.setup.extend(quote! {
                    let body: #ty = support::from_json(documented)
                        .expect("documented request body reads into the body type");
                });
                out.typed_arg = Some(quote! { &body });
            }
        }
        Some(body @ Body::Raw(_)) => {
            let text = raw_lit(&body_text(body));
            let ct = Literal::string(content_type);
            out.setup
                .extend(quote! { let request_body: &'static str = #text; });
            out.checks.extend(quote! { .text_body(request_body) });
            out.sends_body = true;
            out.raw_body = Some(quote! {
                .body(graph_sdk::RequestBody::Bytes {
                    content_type: String::from(#ct),
                    data: bytes::Bytes::from(request_body),
                })
            });
        }
        None => out.raw_body = Some(quote! { .body(graph_sdk::RequestBody::Empty) }),
    }
    out
}
