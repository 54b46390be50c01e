//! The HTTP client: request building and sending with retries.
//!
//! [`Client`] is a thin typed handle (bound to a [`GraphApi`] marker) around
//! a shared, non-generic core that owns the connection pool and does the
//! work, so the code here is compiled once in this crate whatever API a
//! generated crate binds it to.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures::Stream;
use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE,
    USER_AGENT,
};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use url::Url;

use crate::api::GraphApi;
use crate::auth::TokenProvider;
use crate::builder::ClientBuilder;
use crate::encode::{encode_query_component, is_dot_segment};
use crate::error::{body_snippet, Error, GraphError};
use crate::page::Pager;
use crate::request::{OperationRequest, RequestBody};
use crate::retry::{is_idempotent, is_retryable_status, RetryPolicy};

/// A Microsoft Graph client for the API `A` (a generated crate's marker
/// type, or [`V1`](crate::V1) / [`Beta`](crate::Beta)). Cheap to clone:
/// clones share one connection pool and configuration.
///
/// Generated crates export `Client` with `A` fixed, so apps write
/// `graph_sdk::Client::new(token)`.
///
/// ```no_run
/// # async fn demo() -> Result<(), graph_runtime::Error> {
/// use graph_runtime::{Client, OperationRequest, V1};
/// let client = Client::<V1>::new("eyJ0eXAi...")?;
/// let me: serde_json::Value =
///     client.send_json(OperationRequest::new(reqwest::Method::GET, "/me".into())).await?;
/// # let _ = me; Ok(()) }
/// ```
pub struct Client<A> {
    pub(crate) core: Arc<Core>,
    api: PhantomData<fn() -> A>,
}

/// Everything a client shares with its clones and pagers.
pub(crate) struct Core {
    pub(crate) http: reqwest::Client,
    pub(crate) base_url: Url,
    /// `base_url` as text without trailing `/`; request paths are appended to it.
    pub(crate) base_prefix: String,
    pub(crate) token: Arc<dyn TokenProvider>,
    pub(crate) retry: RetryPolicy,
    pub(crate) timeout: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) user_agent: HeaderValue,
    pub(crate) api_version: &'static str,
}

impl<A> Clone for Client<A> {
    fn clone(&self) -> Self {
        Client {
            core: Arc::clone(&self.core),
            api: PhantomData,
        }
    }
}

impl<A> fmt::Debug for Client<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let core = &self.core;
        f.debug_struct("Client")
            .field("api_version", &core.api_version)
            .field("base_url", &core.base_url.as_str())
            .field("token", &"<redacted>")
            .field("retry", &core.retry)
            .field("timeout", &core.timeout)
            .field("connect_timeout", &core.connect_timeout)
            .field("user_agent", &core.user_agent)
            .finish()
    }
}

/// What a successful exchange produced.
pub(crate) struct Answer {
    pub(crate) status: StatusCode,
    pub(crate) body: Bytes,
}

impl<A: GraphApi> Client<A> {
    /// A client for `A`'s default base URL with a fixed bearer token and
    /// default settings.
    ///
    /// Fails with [`Error::Token`] if the token is empty.
    pub fn new(token: impl Into<String>) -> Result<Self, Error> {
        Client::builder().token(token).build()
    }

    /// Starts configuring a client; the base URL defaults to
    /// [`A::DEFAULT_BASE_URL`](GraphApi::DEFAULT_BASE_URL).
    pub fn builder() -> ClientBuilder<A> {
        ClientBuilder::new()
    }
}

impl<A> Client<A> {
    pub(crate) fn from_core(core: Core) -> Self {
        Client {
            core: Arc::new(core),
            api: PhantomData,
        }
    }

    /// The base URL every request path is appended to (without trailing `/`,
    /// except that a bare origin such as `http://127.0.0.1:8080/` keeps its root `/`).
    pub fn base_url(&self) -> &Url {
        &self.core.base_url
    }

    /// The API version of `A` (`v1.0`, `beta`), whatever the base URL.
    pub fn api_version(&self) -> &'static str {
        self.core.api_version
    }

    /// The retry policy in use.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.core.retry
    }

    /// Builds the `reqwest::Request` for `op` without sending it.
    ///
    /// The URL is the base URL followed by `op.path()` and the query pairs
    /// (percent-encoded, spaces as `%20`), or the link of
    /// [`OperationRequest::link`] plus those pairs. Headers: `Authorization:
    /// Bearer` with a token from the provider (marked sensitive), `Accept:
    /// application/json`, `User-Agent`, the body's `Content-Type`, an
    /// explicit `Content-Length` (`0` for a `POST`, `PUT` or `PATCH` without
    /// body, which Graph otherwise answers with 411), then the headers of `op`.
    ///
    /// Fails with [`Error::InvalidArgument`] if the path does not start with
    /// `/`, has an empty segment (an empty path parameter), contains `?`, `#`
    /// or a dot segment, or a header is malformed; with [`Error::ForeignLink`]
    /// if a link leaves the base URL's scheme, host and port; and with
    /// [`Error::Token`] if no usable token is available. The token is
    /// fetched only after every other check passed.
    pub async fn build_request(&self, op: &OperationRequest) -> Result<reqwest::Request, Error> {
        self.core.build_request(op).await
    }

    /// Sends `op` and ignores the body of the 2xx answer.
    pub async fn send_empty(&self, op: OperationRequest) -> Result<(), Error> {
        self.core.execute(&op).await.map(|_| ())
    }

    /// Sends `op` and parses the 2xx answer as JSON into `T` (a typed model,
    /// a [`Page`](crate::Page), or `serde_json::Value`).
    ///
    /// `204 No Content` or an empty body is read as JSON `null`: a
    /// `serde_json::Value` becomes `Value::Null`, an `Option` becomes `None`,
    /// and a struct gives [`Error::Decode`].
    pub async fn send_json<T: DeserializeOwned>(&self, op: OperationRequest) -> Result<T, Error> {
        let answer = self.core.execute(&op).await?;
        decode_json(&answer)
    }

    /// Sends `op` and returns the raw body of the 2xx answer (`$value`,
    /// reports, file content).
    pub async fn send_bytes(&self, op: OperationRequest) -> Result<Bytes, Error> {
        self.core.execute(&op).await.map(|answer| answer.body)
    }

    /// Reads the collection `op` answers with page by page, following
    /// `@odata.nextLink`; see [`Pager`].
    pub fn pages<T: DeserializeOwned>(&self, op: OperationRequest) -> Pager<T> {
        Pager::new(Arc::clone(&self.core), op)
    }

    /// The items of every page of the collection `op` answers with, as one
    /// stream; see [`Pager::into_items`].
    pub fn items<T>(&self, op: OperationRequest) -> impl Stream<Item = Result<T, Error>> + Send
    where
        T: DeserializeOwned + Send + 'static,
    {
        self.pages(op).into_items()
    }
}

/// Parses a 2xx answer as JSON (`null` for `204` or an empty body).
///
/// The text is parsed into a `serde_json::Value` first (not generic), and `T` is read from
/// that: the generated types read themselves from `Value`s already (their properties go
/// through [`wire::Reader`](crate::wire::Reader)), so a type's `Deserialize` impl is
/// compiled for one deserializer instead of two in every crate that decodes it.
pub(crate) fn decode_json<T: DeserializeOwned>(answer: &Answer) -> Result<T, Error> {
    let decode_error = |source| Error::Decode {
        source,
        body_snippet: body_snippet(&answer.body),
    };
    let value = parse_json(answer).map_err(decode_error)?;
    serde_json::from_value(value).map_err(decode_error)
}

/// The JSON document of a 2xx answer (`null` for `204` or an empty body).
fn parse_json(answer: &Answer) -> Result<serde_json::Value, serde_json::Error> {
    let body: &[u8] =
        if answer.status == StatusCode::NO_CONTENT || answer.body.trim_ascii().is_empty() {
            b"null"
        } else {
            &answer.body
        };
    serde_json::from_slice(body)
}

impl Core {
    pub(crate) async fn build_request(
        &self,
        op: &OperationRequest,
    ) -> Result<reqwest::Request, Error> {
        let url = self.url_for(op)?;
        let mut headers = self.default_headers(op)?;
        add_operation_headers(&mut headers, op)?;

        let token = self.token.token().await?;
        headers.insert(AUTHORIZATION, bearer(&token)?);

        let body = match op.request_body() {
            RequestBody::Empty => None,
            RequestBody::Json(value) => {
                Some(Bytes::from(serde_json::to_vec(value).map_err(|err| {
                    Error::InvalidArgument {
                        name: "body",
                        reason: err.to_string(),
                    }
                })?))
            }
            RequestBody::Bytes { data, .. } => Some(data.clone()),
        };
        match &body {
            Some(data) => {
                headers.insert(CONTENT_LENGTH, HeaderValue::from(data.len()));
            }
            None if needs_content_length(op.method()) => {
                headers.insert(CONTENT_LENGTH, HeaderValue::from_static("0"));
            }
            None => {}
        }

        let mut request = reqwest::Request::new(op.method().clone(), url);
        *request.headers_mut() = headers;
        *request.timeout_mut() = Some(self.timeout);
        if let Some(data) = body {
            *request.body_mut() = Some(reqwest::Body::from(data));
        }
        Ok(request)
    }

    /// Sends with retries (see [`RetryPolicy`]) and reads the whole body.
    pub(crate) async fn execute(&self, op: &OperationRequest) -> Result<Answer, Error> {
        let policy = &self.retry;
        let max_attempts = policy.attempts_allowed();
        let mut attempt = 0;
        loop {
            attempt += 1;
            let can_retry = attempt < max_attempts;
            let request = self.build_request(op).await?;
            // For error messages: the URL without query string.
            let mut plain_url = request.url().clone();
            plain_url.set_query(None);

            let failure = match self.http.execute(request).await {
                Ok(response) => {
                    let status = response.status();
                    if is_retryable_status(status) && can_retry {
                        let wait = policy.delay(attempt, Some(response.headers()));
                        // Read the (small) error body so the connection can be reused.
                        let _ = response.bytes().await;
                        tokio::time::sleep(wait).await;
                        continue;
                    }
                    let request_id = header_request_id(response.headers());
                    match response.bytes().await {
                        Ok(body) if status.is_success() => return Ok(Answer { status, body }),
                        Ok(body) => {
                            let error = GraphError::from_body(&body);
                            let request_id = request_id.or_else(|| {
                                error
                                    .as_ref()
                                    .and_then(|e| e.inner_error.as_ref())
                                    .and_then(|inner| inner.request_id.clone())
                            });
                            return Err(Error::Api {
                                status,
                                error,
                                request_id,
                                attempts: attempt,
                            });
                        }
                        // Reading the body failed: not retried, the server
                        // may already have acted on the request.
                        Err(err) => return Err(self.transport_error(err, plain_url, attempt)),
                    }
                }
                Err(err) => err,
            };

            // The request could not be sent or no answer arrived.
            let connect_problem = failure.is_connect();
            let overall_timeout = failure.is_timeout() && !connect_problem;
            if can_retry && !overall_timeout && is_idempotent(op.method()) {
                tokio::time::sleep(policy.delay(attempt, None)).await;
                continue;
            }
            return Err(self.transport_error(failure, plain_url, attempt));
        }
    }

    fn transport_error(&self, err: reqwest::Error, url: Url, attempts: u32) -> Error {
        if err.is_timeout() {
            let after = if err.is_connect() {
                self.connect_timeout
            } else {
                self.timeout
            };
            return Error::Timeout { after, attempts };
        }
        Error::Transport {
            source: err.with_url(url),
            attempts,
        }
    }

    /// The URL of `op`: a checked link, or base URL + encoded path, plus the
    /// encoded query.
    fn url_for(&self, op: &OperationRequest) -> Result<Url, Error> {
        let (mut text, mut separator) = match op.link() {
            Some(link) => {
                let url = self.checked_link(link)?;
                let separator = if url.query().is_some() { '&' } else { '?' };
                (url.to_string(), separator)
            }
            None => (self.checked_path(op.path())?, '?'),
        };
        for (name, value) in op.query_pairs() {
            text.push(separator);
            text.push_str(&encode_query_component(name));
            text.push('=');
            text.push_str(&encode_query_component(value));
            separator = '&';
        }
        let url = Url::parse(&text).map_err(|err| invalid_path(op.path(), &err.to_string()))?;
        if op.link().is_none() {
            // The URL parser must not have rewritten the path (backslashes, dot
            // segments, ...): the request has to reach exactly the resource asked for.
            let expected = format!(
                "{}{}",
                self.base_url.path().trim_end_matches('/'),
                op.path()
            );
            if url.path() != expected {
                return Err(invalid_path(
                    op.path(),
                    "is not a normalized, percent-encoded path",
                ));
            }
        }
        Ok(url)
    }

    /// Base URL + `path`, after checking that `path` addresses one resource.
    fn checked_path(&self, path: &str) -> Result<String, Error> {
        if !path.starts_with('/') {
            return Err(invalid_path(path, "must start with '/'"));
        }
        if path.len() > 1 && path[1..].split('/').any(str::is_empty) {
            return Err(invalid_path(
                path,
                "has an empty segment: a path parameter is empty (ids, names and keys must not be \"\")",
            ));
        }
        if path.contains(['?', '#']) {
            return Err(invalid_path(
                path,
                "must not contain '?' or '#' (encode parameters with encode_segment)",
            ));
        }
        if path.split('/').any(is_dot_segment) {
            return Err(invalid_path(
                path,
                "must not contain '.' or '..' segments (or their encoded forms)",
            ));
        }
        Ok(format!("{}{path}", self.base_prefix))
    }

    /// Parses a next or delta link and accepts it only on the base URL's
    /// scheme, host and port, so the token never goes anywhere else.
    fn checked_link(&self, link: &str) -> Result<Url, Error> {
        let url = Url::parse(link).map_err(|err| Error::InvalidArgument {
            name: "link",
            reason: format!("not an absolute URL: {err}"),
        })?;
        let base = &self.base_url;
        let same_origin = url.scheme() == base.scheme()
            && url.host() == base.host()
            && url.port_or_known_default() == base.port_or_known_default()
            && url.username().is_empty()
            && url.password().is_none();
        if !same_origin {
            return Err(Error::ForeignLink {
                link_origin: url.origin().ascii_serialization(),
                client_origin: base.origin().ascii_serialization(),
            });
        }
        Ok(url)
    }

    fn default_headers(&self, op: &OperationRequest) -> Result<HeaderMap, Error> {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(USER_AGENT, self.user_agent.clone());
        match op.request_body() {
            RequestBody::Empty => {}
            RequestBody::Json(_) => {
                headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
            }
            RequestBody::Bytes { content_type, .. } => {
                let value =
                    HeaderValue::from_str(content_type).map_err(|_| Error::InvalidArgument {
                        name: "content_type",
                        reason: format!("{content_type:?} is not a valid header value"),
                    })?;
                headers.insert(CONTENT_TYPE, value);
            }
        }
        Ok(headers)
    }
}

/// Applies the headers of `op`: they replace client defaults of the same
/// name, repeated names are all sent; `Authorization`/`Content-Length` are skipped.
fn add_operation_headers(headers: &mut HeaderMap, op: &OperationRequest) -> Result<(), Error> {
    let mut extra = HeaderMap::new();
    for (name, value) in op.headers() {
        let header_name =
            HeaderName::from_bytes(name.as_bytes()).map_err(|_| Error::InvalidArgument {
                name: "header",
                reason: format!("{name:?} is not a valid header name"),
            })?;
        if header_name == AUTHORIZATION || header_name == CONTENT_LENGTH {
            continue;
        }
        let header_value = HeaderValue::from_str(value).map_err(|_| Error::InvalidArgument {
            name: "header",
            reason: format!("the value of {name:?} is not a valid header value"),
        })?;
        extra.append(header_name, header_value);
    }
    for name in extra.keys() {
        headers.remove(name);
    }
    for (name, value) in extra.iter() {
        headers.append(name.clone(), value.clone());
    }
    Ok(())
}

fn bearer(token: &str) -> Result<HeaderValue, Error> {
    if token.trim().is_empty() {
        return Err(Error::Token(
            "the token provider returned an empty token".into(),
        ));
    }
    let mut value = HeaderValue::from_str(&format!("Bearer {token}")).map_err(|_| {
        Error::Token("the token contains characters not allowed in an HTTP header".into())
    })?;
    value.set_sensitive(true);
    Ok(value)
}

fn needs_content_length(method: &Method) -> bool {
    matches!(*method, Method::POST | Method::PUT | Method::PATCH)
}

fn invalid_path(path: &str, reason: &str) -> Error {
    Error::InvalidArgument {
        name: "path",
        reason: format!("{path:?} {reason}"),
    }
}

fn header_request_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get("request-id")
        .and_then(|value| value.to_str().ok())
        .map(str::to_string)
}
