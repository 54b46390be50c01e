//! The hand-written HTTP runtime of the Microsoft Graph SDK crates that
//! `cargo xtask codegen` generates from the reference documentation.
//!
//! The generator never touches this crate. A generated crate (such as
//! `msgraph-docs-sdk` for v1.0 or `msgraph-docs-sdk-beta` for beta) depends
//! on it by path, states its API version, default base URL and `User-Agent`
//! by implementing [`GraphApi`] for a marker type, and re-exports the pieces
//! apps use with [`Client`] and [`ClientBuilder`] bound to that marker, so
//! `graph_sdk::Client::new(token)` talks to the crate's own API version.
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
//!   [`Client::send_json`], [`Client::send_bytes`]), or hands back a
//!   [`Call`], the named future every generated operation fn returns;
//! * [`Page`] / [`Pager`]: collections read page by page or as a stream of
//!   items ([`Client::pages`], [`Client::items`]), following
//!   `@odata.nextLink` on the client's own origin only, and ending with the
//!   `@odata.deltaLink` of delta calls;
//! * [`Nullable`] and the [`wire`] types: what typed models need to keep
//!   absent, `null` and set apart and to read Graph's number and binary
//!   formats;
//! * [`TokenProvider`] / [`StaticToken`]: where bearer tokens come from;
//! * [`Error`] / [`GraphError`]: the one error type and Graph's error body;
//! * `test_support` (cargo feature `test-support`): a client bound to a local
//!   `wiremock` server and a decoded-path matcher, for the example tests of
//!   generated crates.
//!
//! Security properties:
//! * the token only ever travels in the `Authorization` header (marked
//!   sensitive); no `Debug` or `Display` output of this crate contains it;
//! * plain `http://` base URLs are refused except for loopback hosts, unless
//!   [`ClientBuilder::allow_insecure_http`] is set;
//! * paths are checked so that a parameter cannot escape its segment and an
//!   empty parameter cannot silently address another resource; next and
//!   delta links are followed only on the base URL's scheme, host and port;
//!   on redirects to another host `reqwest` drops the `Authorization` header.
//!
//! ```no_run
//! # async fn demo() -> Result<(), graph_runtime::Error> {
//! use graph_runtime::{encode_segment, Client, ODataQuery, OperationRequest, V1};
//! use reqwest::Method;
//!
//! let client = Client::<V1>::new("eyJ0eXAi...")?;
//! let op = OperationRequest::new(
//!     Method::GET,
//!     format!("/users/{}/messages", encode_segment("adele@contoso.com")),
//! )
//! .odata(&ODataQuery::new().select(["id", "subject"]).top(5));
//! let page: graph_runtime::Page<serde_json::Value> = client.send_json(op).await?;
//! # let _ = page; Ok(()) }
//! ```

#![warn(missing_docs)]

mod api;
mod auth;
mod builder;
mod call;
mod client;
mod encode;
mod error;
mod nullable;
mod object;
mod page;
mod request;
mod retry;
#[cfg(feature = "test-support")]
pub mod test_support;
pub mod wire;

pub use api::{Beta, GraphApi, V1};
pub use auth::{StaticToken, TokenFuture, TokenProvider};
pub use builder::{ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT};
pub use call::Call;
pub use client::Client;
pub use encode::{encode_item_path, encode_segment, path_param};
pub use error::{Error, GraphError, InnerError};
pub use nullable::Nullable;
pub use page::{Page, Pager};
pub use request::{ODataQuery, OperationRequest, RequestBody};
pub use retry::RetryPolicy;
