//! The hand-written runtime of the SDK.
//!
//! Everything in `src/runtime/` is written by hand and is **never touched by
//! the generator**: `cargo xtask codegen` only rewrites `src/lib.rs` and the
//! generated area modules, which call into this module as
//! `crate::runtime::...`. Change the runtime here, by hand, with tests in
//! `tests/runtime.rs`.
//!
//! Pieces:
//! * [`OperationRequest`] / [`RequestBody`] / [`ODataQuery`]: a description of
//!   one HTTP call, built by generated code without a client, so it can be
//!   unit-tested;
//! * [`encode_segment`], [`path_param`], [`encode_item_path`]: percent-encoding
//!   of values placed in URL paths;
//! * [`Client`] / [`ClientBuilder`]: turns an [`OperationRequest`] into a
//!   `reqwest::Request` ([`Client::build_request`]) and sends it with
//!   retries ([`RetryPolicy`]) and timeouts ([`Client::send_empty`],
//!   [`Client::send_json`], [`Client::send_bytes`]);
//! * [`TokenProvider`] / [`StaticToken`]: where bearer tokens come from;
//! * [`Error`] / [`GraphError`]: the one error type and Graph's error body.
//!
//! Security properties:
//! * the token only ever travels in the `Authorization` header (marked
//!   sensitive); no `Debug` or `Display` output of this module contains it;
//! * plain `http://` base URLs are refused except for loopback hosts, unless
//!   [`ClientBuilder::allow_insecure_http`] is set;
//! * paths are checked so that a parameter cannot escape its segment; on
//!   redirects to another host `reqwest` drops the `Authorization` header.
//!
//! ```no_run
//! # async fn demo() -> Result<(), graph_sdk::runtime::Error> {
//! use graph_sdk::runtime::{encode_segment, Client, ODataQuery, OperationRequest};
//! use reqwest::Method;
//!
//! let client = Client::new("eyJ0eXAi...")?;
//! let op = OperationRequest::new(
//!     Method::GET,
//!     format!("/users/{}/messages", encode_segment("adele@contoso.com")),
//! )
//! .odata(&ODataQuery::new().select(["id", "subject"]).top(5));
//! let page = client.send_json(op).await?;
//! # let _ = page; Ok(()) }
//! ```

mod auth;
mod client;
mod encode;
mod error;
mod request;
mod retry;

pub use auth::{StaticToken, TokenFuture, TokenProvider};
pub use client::{
    Client, ClientBuilder, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT,
};
pub use encode::{encode_item_path, encode_segment, path_param};
pub use error::{Error, GraphError, InnerError};
pub use request::{ODataQuery, OperationRequest, RequestBody};
pub use retry::RetryPolicy;
