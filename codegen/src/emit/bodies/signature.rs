//! The body in an operation's signatures: what the request fn takes and attaches for an
//! untyped body (`serde_json::Value`, bytes, `RequestBody`), and, for a typed body, the
//! async fn's `body` parameter, the body struct it names (a table body; a resource body
//! is a type of the `types` module) and the call that attaches it, while the request fn
//! leaves the body out (the raw escape hatch); and the operation fn's body, which builds
//! the request and returns the future that sends it.

use super::super::plan::{BodyKind, Op};
use super::items::body_struct;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// The request fn's body parameter, if it takes one (`None` for a typed body, which the
/// async fn attaches).
pub fn request_param(op: &Op<'_>) -> Option<TokenStream> {
    if op.typed_body.is_some() {
        return None;
    }
    match &op.body {
        BodyKind::None => None,
        BodyKind::Json => Some(quote! { body: &serde_json::Value }),
        BodyKind::Raw { .. } => Some(quote! { body: bytes::Bytes }),
        BodyKind::Any => Some(quote! { body: RequestBody }),
    }
}

/// The setter the request fn applies to attach its body parameter.
pub fn request_setter(op: &Op<'_>) -> TokenStream {
    match &op.body {
        _ if op.typed_body.is_some() => TokenStream::new(),
        BodyKind::None => TokenStream::new(),
        BodyKind::Json => quote! { .json(body) },
        BodyKind::Raw { content_type } => {
            let ct = Literal::string(content_type);
            quote! { .bytes(#ct, body) }
        }
        BodyKind::Any => quote! { .body(body) },
    }
}

/// Whether the op's request fn takes a `RequestBody`.
pub fn uses_request_body(op: &Op<'_>) -> bool {
    op.body == BodyKind::Any && op.typed_body.is_none()
}

/// The typed body parameter of the async fn (`body: &UserSendMailBody`,
/// `body: &crate::types::Message`) and the items it needs in the area module.
pub fn typed_param(op: &Op<'_>) -> Option<(TokenStream, TokenStream)> {
    let b = op.typed_body.as_ref()?;
    let ty = b.path();
    let items = match b.resource {
        Some(_) => TokenStream::new(),
        None => body_struct(b, &op.fn_name, &op.page.source),
    };
    Some((quote! { body: &#ty }, items))
}

/// The async fn's call of the request fn, with the typed body attached.
pub fn attach(op: &Op<'_>, call: TokenStream) -> TokenStream {
    if op.typed_body.is_some() {
        quote! { #call.json_body(body)? }
    } else {
        call
    }
}

/// What the request fn's doc says about the typed body it leaves out.
pub fn request_doc_note(op: &Op<'_>) -> &'static str {
    if op.typed_body.is_some() {
        " and without its body: attach the typed body with \
         `.json_body(&body)?`, or any other body (raw JSON with `.json(&value)`, \
         other content with `.body(…)`), then send it with the client"
    } else {
        ""
    }
}

/// The body of an operation's fn: the request is built (and its typed body attached) when
/// the fn is called and handed to the client's `call_*` method, whose named future
/// ([`Call`](crate::runtime::Call)) sends it when first polled. The generated crate thus
/// holds no future of its own: no coroutine per operation to borrow-check and prove `Send`,
/// and, as the fn is `#[inline]`, the decoding of the typed answer it instantiates is
/// compiled only in a crate that calls it (a plain fn is compiled here for every
/// operation, whether used or not).
pub fn sending(op: &Op<'_>, built: TokenStream, fallible: bool, call: &TokenStream) -> TokenStream {
    match (fallible, op.typed_body.is_some()) {
        (false, true) => quote! { client.#call(#built.json_body(body)) },
        (true, true) => quote! { client.#call(#built.and_then(|request| request.json_body(body))) },
        (true, false) => quote! { client.#call(#built) },
        (false, false) => quote! { client.#call(Ok(#built)) },
    }
}
