//! [`Replay`]: one documented exchange replayed against a local mock server, as a plain
//! (synchronous) test runs it. The request the SDK must send (method, decoded path, query
//! pairs, headers, body) and the answer to give are described with builder methods; then
//! [`Replay::run`] starts a server, mounts the mock, makes a client for it, sends the call
//! on a current-thread runtime, checks that the mock was hit exactly once and returns the
//! call's result for the test to inspect.
//!
//! Why a builder rather than an `async fn` per test: a generated crate holds thousands of
//! example tests, and an async test compiles a coroutine of its own (mock setup, call and
//! checks) that the type checker and borrow checker walk one by one. With `Replay` the
//! test is ordinary code, the asynchronous part is compiled once here, and what varies
//! from one test to another is a closure naming the operation.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::{Call, Client, Error, GraphApi};
use wiremock::matchers::{body_json, body_string, header, method, query_param};
use wiremock::{Mock, MockBuilder, MockServer, ResponseTemplate};

use super::{client, DecodedPath, TEST_TOKEN};

/// What the request body must be.
#[derive(Debug, Clone)]
enum BodyCheck {
    /// Equal, as JSON, to this document.
    Json(serde_json::Value),
    /// Equal to this text, byte for byte.
    Text(&'static str),
    /// Absent: `Content-Length: 0`.
    Empty,
}

/// A documented request and its answer, checked against what an operation sends (see the
/// module docs). Built with [`Replay::new`] and the methods below; every value a test gives
/// is a literal of the documentation, hence the `'static` strings.
#[derive(Debug, Clone)]
#[must_use = "a Replay does nothing until it is run"]
pub struct Replay {
    method: &'static str,
    path: &'static str,
    query: Vec<(&'static str, &'static str)>,
    headers: Vec<(&'static str, &'static str)>,
    body: Option<BodyCheck>,
    status: u16,
    response_headers: Vec<(&'static str, &'static str)>,
    response_body: Option<(&'static str, &'static str)>,
    redirect: bool,
}

impl Replay {
    /// A request with `method` whose percent-decoded path is `path` (see [`DecodedPath`]),
    /// answered `200` with no body until told otherwise.
    pub fn new(method: &'static str, path: &'static str) -> Self {
        Replay {
            method,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            status: 200,
            response_headers: Vec::new(),
            response_body: None,
            redirect: false,
        }
    }

    /// The request must carry query pair `key=value` (decoded).
    pub fn query(mut self, key: &'static str, value: &'static str) -> Self {
        self.query.push((key, value));
        self
    }

    /// The request must carry header `name: value` (`name` lowercase).
    pub fn header(mut self, name: &'static str, value: &'static str) -> Self {
        self.headers.push((name, value));
        self
    }

    /// The request body must equal, as JSON, the `documented` JSON text.
    ///
    /// # Panics
    ///
    /// When `documented` is not JSON (a test built from a broken example).
    #[track_caller]
    pub fn json_body(mut self, documented: &'static str) -> Self {
        match serde_json::from_str(documented) {
            Ok(v) => self.body = Some(BodyCheck::Json(v)),
            Err(e) => panic!("documented request body is not JSON: {e}"),
        }
        self
    }

    /// The request body must be exactly `text`.
    pub fn text_body(mut self, text: &'static str) -> Self {
        self.body = Some(BodyCheck::Text(text));
        self
    }

    /// The request must have no body: `Content-Length: 0` (a write without body).
    pub fn empty_body(mut self) -> Self {
        self.body = Some(BodyCheck::Empty);
        self
    }

    /// Answer with `status`.
    pub fn status(mut self, status: u16) -> Self {
        self.status = status;
        self
    }

    /// Answer with header `name: value` (appended, so a name may repeat).
    pub fn response_header(mut self, name: &'static str, value: &'static str) -> Self {
        self.response_headers.push((name, value));
        self
    }

    /// Answer with `body`, of type `content_type`.
    pub fn response_body(mut self, body: &'static str, content_type: &'static str) -> Self {
        self.response_body = Some((body, content_type));
        self
    }

    /// The answer (a 3xx) points `Location` at `/redirect-target` on the same server, which
    /// answers `redirected` once: the client must follow it.
    pub fn redirect(mut self) -> Self {
        self.redirect = true;
        self
    }

    /// Starts a mock server with this exchange mounted, sends `call` to it with a
    /// [`client`] for API `A`, checks that the server saw the request exactly once (and
    /// the redirect target, if any) and returns what the call returned.
    ///
    /// # Panics
    ///
    /// When no runtime can be built, or the server did not see exactly the request
    /// described.
    #[track_caller]
    pub fn run<A, T, F>(self, call: F) -> Result<T, Error>
    where
        A: GraphApi,
        F: for<'c> FnOnce(&'c Client<A>) -> Call<'c, T>,
    {
        // Only these few lines are compiled per test; the rest is not generic.
        let (runtime, server) = self.start();
        let client = client::<A>(&server);
        let mut result = None;
        block_on(
            &runtime,
            Box::pin(Fill {
                call: call(&client),
                slot: &mut result,
            }),
        );
        finish(&runtime, &server);
        match result {
            Some(result) => result,
            None => panic!("the call did not complete"),
        }
    }

    /// A runtime, and a server on it with the exchange mounted.
    fn start(&self) -> (tokio::runtime::Runtime, MockServer) {
        let runtime = runtime();
        let server = runtime.block_on(self.serve());
        (runtime, server)
    }

    /// The request matcher and answer of the exchange.
    fn mock(&self, server_uri: &str) -> Mock {
        let mut mock: MockBuilder = Mock::given(method(self.method))
            .and(DecodedPath(self.path))
            .and(header(
                "authorization",
                format!("Bearer {TEST_TOKEN}").as_str(),
            ));
        for (name, value) in &self.headers {
            mock = mock.and(header(*name, *value));
        }
        match &self.body {
            Some(BodyCheck::Json(v)) => mock = mock.and(body_json(v)),
            Some(BodyCheck::Text(t)) => mock = mock.and(body_string(*t)),
            Some(BodyCheck::Empty) => mock = mock.and(header("content-length", "0")),
            None => {}
        }
        for (key, value) in &self.query {
            mock = mock.and(query_param(*key, *value));
        }
        let mut answer = ResponseTemplate::new(self.status);
        for (name, value) in &self.response_headers {
            answer = answer.append_header(*name, *value);
        }
        if self.redirect {
            answer = answer.insert_header("location", format!("{server_uri}/redirect-target"));
        }
        if let Some((body, content_type)) = self.response_body {
            answer = answer.set_body_raw(body, content_type);
        }
        mock.respond_with(answer).expect(1)
    }

    /// A running server with the exchange (and the redirect target) mounted.
    async fn serve(&self) -> MockServer {
        let server = MockServer::start().await;
        self.mock(&server.uri()).mount(&server).await;
        if self.redirect {
            Mock::given(DecodedPath("/redirect-target"))
                .respond_with(
                    ResponseTemplate::new(200)
                        .set_body_raw("redirected", "application/octet-stream"),
                )
                .expect(1)
                .mount(&server)
                .await;
        }
        server
    }
}

/// Awaits a [`Call`], putting its result in `slot`: the one future type the runtime
/// blocks on, whatever the call's answer type.
struct Fill<'a, 'c, T> {
    call: Call<'c, T>,
    slot: &'a mut Option<Result<T, Error>>,
}

impl<T> Future for Fill<'_, '_, T> {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.get_mut();
        match Pin::new(&mut this.call).poll(cx) {
            Poll::Ready(result) => {
                *this.slot = Some(result);
                Poll::Ready(())
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

/// Runs `future` to completion on `runtime` (not generic: compiled once).
fn block_on(runtime: &tokio::runtime::Runtime, future: Pin<Box<dyn Future<Output = ()> + '_>>) {
    runtime.block_on(future);
}

/// Checks that the server saw what the replay expects.
#[track_caller]
fn finish(runtime: &tokio::runtime::Runtime, server: &MockServer) {
    runtime.block_on(server.verify());
}

/// The runtime a replay runs on: current-thread, as `#[tokio::test]` uses (the mock server
/// runs on threads of its own).
#[track_caller]
fn runtime() -> tokio::runtime::Runtime {
    match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => panic!("building a runtime for the replay: {e}"),
    }
}
