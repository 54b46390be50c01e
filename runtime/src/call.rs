//! [`Call`]: the future a generated operation fn returns.
//!
//! An operation fn builds its request when it is called and hands it to the
//! client, which returns a `Call`; the request is sent when the `Call` is
//! first polled. `Call` is one named type for every operation, so a
//! generated crate holds no future of its own: it compiles no coroutine per
//! operation (borrow-checking and `Send`-checking 2,000 of them was most of
//! the SDK's compile time), and the sending and decoding code for an answer
//! type is compiled once, in the crate that calls the operation. The one
//! allocation per call (the boxed future) is negligible next to an HTTP
//! exchange.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use serde::de::DeserializeOwned;

use crate::client::{decode_json, Client};
use crate::error::Error;
use crate::request::OperationRequest;

/// The pending result of one operation: sends its request when first
/// polled, and resolves to the decoded answer (`T`), `()` for an operation
/// without answer body, or the raw bytes.
///
/// It is `Send`, borrows the client for `'c`, and can be named in a struct
/// or a trait method, unlike an `impl Future`.
#[must_use = "a Call sends nothing until it is awaited"]
pub struct Call<'c, T> {
    inner: Pin<Box<dyn Future<Output = Result<T, Error>> + Send + 'c>>,
}

impl<'c, T> Call<'c, T> {
    fn new(future: impl Future<Output = Result<T, Error>> + Send + 'c) -> Self {
        Call {
            inner: Box::pin(future),
        }
    }
}

impl<T> Future for Call<'_, T> {
    type Output = Result<T, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.inner.as_mut().poll(cx)
    }
}

impl<T> fmt::Debug for Call<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call").finish_non_exhaustive()
    }
}

impl<A> Client<A> {
    /// The [`Call`] that sends `op` and parses the 2xx answer as JSON into
    /// `T`, as [`send_json`](Client::send_json) does. An `Err` for `op` (a
    /// request that could not be built) is the call's result, without
    /// sending anything.
    pub fn call_json<'c, T>(&'c self, op: Result<OperationRequest, Error>) -> Call<'c, T>
    where
        T: DeserializeOwned + 'c,
    {
        let core = &self.core;
        Call::new(async move {
            let answer = core.execute(&op?).await?;
            decode_json(&answer)
        })
    }

    /// The [`Call`] that sends `op` and ignores the body of the 2xx answer,
    /// as [`send_empty`](Client::send_empty) does.
    pub fn call_empty(&self, op: Result<OperationRequest, Error>) -> Call<'_, ()> {
        let core = &self.core;
        Call::new(async move { core.execute(&op?).await.map(|_| ()) })
    }

    /// The [`Call`] that sends `op` and returns the raw body of the 2xx
    /// answer, as [`send_bytes`](Client::send_bytes) does.
    pub fn call_bytes(&self, op: Result<OperationRequest, Error>) -> Call<'_, Bytes> {
        let core = &self.core;
        Call::new(async move { core.execute(&op?).await.map(|answer| answer.body) })
    }
}
