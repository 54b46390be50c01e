//! [`Call`]: the future a generated operation fn returns.
//!
//! An operation fn builds its request when it is called and hands it to the
//! client, which returns a `Call`; the request is sent when the `Call` is
//! first polled. `Call` is one named type for every operation, so a
//! generated crate holds no future of its own: it compiles no coroutine per
//! operation (borrow-checking and `Send`-checking 2,000 of them was most of
//! the SDK's compile time). The sending code is compiled once, here; only
//! reading an answer type (a plain fn) is compiled in the crate that calls
//! the operation. The one allocation per call (the boxed future) is
//! negligible next to an HTTP exchange.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use serde::de::DeserializeOwned;

use crate::client::{decode_json, Answer, Client, Core};
use crate::error::Error;
use crate::request::OperationRequest;

/// The exchange of a call: request sent, 2xx answer received. Not generic, so compiled
/// once, here.
type Exchange<'c> = Pin<Box<dyn Future<Output = Result<Answer, Error>> + Send + 'c>>;

/// The pending result of one operation: sends its request when first
/// polled, and resolves to the decoded answer (`T`), `()` for an operation
/// without answer body, or the raw bytes.
///
/// It is `Send`, borrows the client for `'c`, and can be named in a struct
/// or a trait method, unlike an `impl Future`. The exchange it drives is the
/// same for every answer type; only reading the answer (a plain fn) depends
/// on `T`, so awaiting a `Call` compiles no coroutine per answer type.
#[must_use = "a Call sends nothing until it is awaited"]
pub struct Call<'c, T> {
    exchange: Exchange<'c>,
    read: fn(Answer) -> Result<T, Error>,
}

impl<'c, T> Call<'c, T> {
    fn new(
        core: &'c Core,
        op: Result<OperationRequest, Error>,
        read: fn(Answer) -> Result<T, Error>,
    ) -> Self {
        Call {
            exchange: exchange(core, op),
            read,
        }
    }
}

/// Sends `op` (or fails with its error without sending anything).
fn exchange(core: &Core, op: Result<OperationRequest, Error>) -> Exchange<'_> {
    Box::pin(async move { core.execute(&op?).await })
}

impl<T> Future for Call<'_, T> {
    type Output = Result<T, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.exchange.as_mut().poll(cx) {
            Poll::Ready(answer) => Poll::Ready(answer.and_then(self.read)),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<T> fmt::Debug for Call<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call").finish_non_exhaustive()
    }
}

/// Reads a 2xx answer as JSON into `T`.
fn read_json<T: DeserializeOwned>(answer: Answer) -> Result<T, Error> {
    decode_json(&answer)
}

impl<A> Client<A> {
    /// The [`Call`] that sends `op` and parses the 2xx answer as JSON into
    /// `T`, as [`send_json`](Client::send_json) does. An `Err` for `op` (a
    /// request that could not be built) is the call's result, without
    /// sending anything.
    pub fn call_json<T>(&self, op: Result<OperationRequest, Error>) -> Call<'_, T>
    where
        T: DeserializeOwned,
    {
        Call::new(&self.core, op, read_json::<T>)
    }

    /// The [`Call`] that sends `op` and ignores the body of the 2xx answer,
    /// as [`send_empty`](Client::send_empty) does.
    pub fn call_empty(&self, op: Result<OperationRequest, Error>) -> Call<'_, ()> {
        Call::new(&self.core, op, |_| Ok(()))
    }

    /// The [`Call`] that sends `op` and returns the raw body of the 2xx
    /// answer, as [`send_bytes`](Client::send_bytes) does.
    pub fn call_bytes(&self, op: Result<OperationRequest, Error>) -> Call<'_, Bytes> {
        Call::new(&self.core, op, |answer| Ok(answer.body))
    }
}
