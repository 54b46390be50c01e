//! The HTTP client: configuration, request building, sending with retries.

use std::fmt;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE,
    USER_AGENT,
};
use reqwest::{Method, StatusCode};
use url::{Host, Url};

use super::auth::{StaticToken, TokenProvider};
use super::encode::{encode_query_component, is_dot_segment};
use super::error::{body_snippet, Error, GraphError};
use super::request::{OperationRequest, RequestBody};
use super::retry::{is_idempotent, is_retryable_status, RetryPolicy};

/// Graph v1.0 on the global cloud.
pub const DEFAULT_BASE_URL: &str = "https://graph.microsoft.com/v1.0";
/// Default overall timeout of one attempt (connect, send, read the body).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(100);
/// Default timeout for establishing a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// `User-Agent` sent by default: `msgraph-docs-sdk/<version>`.
const SDK_USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// A Microsoft Graph client. Cheap to clone: clones share one connection
/// pool and configuration.
///
/// ```no_run
/// # async fn demo() -> Result<(), graph_sdk::runtime::Error> {
/// use graph_sdk::runtime::{Client, OperationRequest};
/// let client = Client::new("eyJ0eXAi...")?;
/// let me = client.send_json(OperationRequest::new(reqwest::Method::GET, "/me".into())).await?;
/// # let _ = me; Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: Url,
    /// `base_url` as text without trailing `/`; request paths are appended to it.
    base_prefix: String,
    token: Arc<dyn TokenProvider>,
    retry: RetryPolicy,
    timeout: Duration,
    connect_timeout: Duration,
    user_agent: HeaderValue,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.as_str())
            .field("token", &"<redacted>")
            .field("retry", &self.inner.retry)
            .field("timeout", &self.inner.timeout)
            .field("connect_timeout", &self.inner.connect_timeout)
            .field("user_agent", &self.inner.user_agent)
            .finish()
    }
}

/// What a successful exchange produced.
struct Answer {
    status: StatusCode,
    body: Bytes,
}

impl Client {
    /// A client for Graph v1.0 with a fixed bearer token and default settings.
    ///
    /// Fails with [`Error::Token`] if the token is empty.
    pub fn new(token: impl Into<String>) -> Result<Client, Error> {
        Client::builder().token(token).build()
    }

    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL every request path is appended to (without trailing `/`,
    /// except that a bare origin such as `http://127.0.0.1:8080/` keeps its root `/`).
    pub fn base_url(&self) -> &Url {
        &self.inner.base_url
    }

    /// The retry policy in use.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// Builds the `reqwest::Request` for `op` without sending it.
    ///
    /// The URL is the base URL followed by `op.path()` and the query pairs
    /// (percent-encoded, spaces as `%20`). Headers: `Authorization: Bearer`
    /// with a token from the provider (marked sensitive), `Accept:
    /// application/json`, `User-Agent`, the body's `Content-Type`, an
    /// explicit `Content-Length` (`0` for a `POST`, `PUT` or `PATCH` without
    /// body, which Graph otherwise answers with 411), then the headers of `op`.
    ///
    /// Fails with [`Error::InvalidArgument`] if the path does not start with
    /// `/`, contains `?`, `#` or a dot segment, or a header is malformed, and
    /// with [`Error::Token`] if no usable token is available.
    pub async fn build_request(&self, op: &OperationRequest) -> Result<reqwest::Request, Error> {
        let url = self.url_for(op)?;
        let mut headers = self.default_headers(op)?;
        add_operation_headers(&mut headers, op)?;

        let token = self.inner.token.token().await?;
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
        *request.timeout_mut() = Some(self.inner.timeout);
        if let Some(data) = body {
            *request.body_mut() = Some(reqwest::Body::from(data));
        }
        Ok(request)
    }

    /// Sends `op` and ignores the body of the 2xx answer.
    pub async fn send_empty(&self, op: OperationRequest) -> Result<(), Error> {
        self.execute(&op).await.map(|_| ())
    }

    /// Sends `op` and parses the 2xx answer as JSON; `204 No Content` or an
    /// empty body gives [`serde_json::Value::Null`].
    pub async fn send_json(&self, op: OperationRequest) -> Result<serde_json::Value, Error> {
        let answer = self.execute(&op).await?;
        if answer.status == StatusCode::NO_CONTENT || answer.body.trim_ascii().is_empty() {
            return Ok(serde_json::Value::Null);
        }
        serde_json::from_slice(&answer.body).map_err(|source| Error::Decode {
            source,
            body_snippet: body_snippet(&answer.body),
        })
    }

    /// Sends `op` and returns the raw body of the 2xx answer (`$value`,
    /// reports, file content).
    pub async fn send_bytes(&self, op: OperationRequest) -> Result<Bytes, Error> {
        self.execute(&op).await.map(|answer| answer.body)
    }

    /// Sends with retries (see [`RetryPolicy`]) and reads the whole body.
    async fn execute(&self, op: &OperationRequest) -> Result<Answer, Error> {
        let policy = &self.inner.retry;
        let max_attempts = policy.attempts_allowed();
        let mut attempt = 0;
        loop {
            attempt += 1;
            let can_retry = attempt < max_attempts;
            let request = self.build_request(op).await?;
            // For error messages: the URL without query string.
            let mut plain_url = request.url().clone();
            plain_url.set_query(None);

            let failure = match self.inner.http.execute(request).await {
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
                self.inner.connect_timeout
            } else {
                self.inner.timeout
            };
            return Error::Timeout { after, attempts };
        }
        Error::Transport {
            source: err.with_url(url),
            attempts,
        }
    }

    /// Base URL + encoded path + encoded query, checked for tampering.
    fn url_for(&self, op: &OperationRequest) -> Result<Url, Error> {
        let path = op.path();
        if !path.starts_with('/') {
            return Err(invalid_path(path, "must start with '/'"));
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
        let mut text = format!("{}{path}", self.inner.base_prefix);
        let mut separator = '?';
        for (name, value) in op.query_pairs() {
            text.push(separator);
            text.push_str(&encode_query_component(name));
            text.push('=');
            text.push_str(&encode_query_component(value));
            separator = '&';
        }
        let url = Url::parse(&text).map_err(|err| invalid_path(path, &err.to_string()))?;
        // The URL parser must not have rewritten the path (backslashes, dot
        // segments, ...): the request has to reach exactly the resource asked for.
        let expected = format!("{}{path}", self.inner.base_url.path().trim_end_matches('/'));
        if url.path() != expected {
            return Err(invalid_path(
                path,
                "is not a normalized, percent-encoded path",
            ));
        }
        Ok(url)
    }

    fn default_headers(&self, op: &OperationRequest) -> Result<HeaderMap, Error> {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(USER_AGENT, self.inner.user_agent.clone());
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

/// Configures a [`Client`]. Its `Debug` output never shows the token.
#[derive(Clone)]
pub struct ClientBuilder {
    token: Option<TokenSource>,
    base_url: String,
    timeout: Duration,
    connect_timeout: Duration,
    retry: RetryPolicy,
    allow_insecure_http: bool,
    user_agent: Option<String>,
}

/// Where the builder gets tokens from.
#[derive(Clone)]
enum TokenSource {
    Static(String),
    Provider(Arc<dyn TokenProvider>),
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            token: None,
            base_url: DEFAULT_BASE_URL.to_string(),
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            retry: RetryPolicy::default(),
            allow_insecure_http: false,
            user_agent: None,
        }
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field(
                "token",
                &self
                    .token
                    .as_ref()
                    .map(|_| "<redacted>")
                    .unwrap_or("<none>"),
            )
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry", &self.retry)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("user_agent", &self.user_agent)
            .finish()
    }
}

impl ClientBuilder {
    /// Uses a fixed bearer token (without the `Bearer ` prefix).
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(TokenSource::Static(token.into()));
        self
    }

    /// Uses a token provider, asked for a token before every attempt.
    pub fn token_provider(mut self, provider: impl TokenProvider + 'static) -> Self {
        self.token = Some(TokenSource::Provider(Arc::new(provider)));
        self
    }

    /// Sets the base URL (default [`DEFAULT_BASE_URL`]), e.g. a national
    /// cloud (`https://graph.microsoft.us/v1.0`), the beta endpoint or a
    /// mock server. A trailing `/` is ignored. Plain `http://` is accepted
    /// only for loopback hosts (`127.0.0.0/8`, `::1`, `localhost`) unless
    /// [`allow_insecure_http`](Self::allow_insecure_http) is set.
    pub fn base_url(mut self, url: &str) -> Self {
        self.base_url = url.to_string();
        self
    }

    /// Overall timeout of one attempt, from connecting until the body is
    /// read (default 100 s). Exceeding it gives [`Error::Timeout`] and is not retried.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Timeout for establishing a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Sets the retry policy (default [`RetryPolicy::default`]; use
    /// [`RetryPolicy::none`] to disable retries).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Allows plain `http://` base URLs for non-loopback hosts. The token is
    /// then sent unencrypted; only for trusted test setups.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Identifies your application: the `User-Agent` becomes
    /// `<user_agent> msgraph-docs-sdk/<version>`.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Validates the configuration and creates the client.
    ///
    /// Errors: [`Error::Token`] without token provider (or with an empty
    /// static token), [`Error::InvalidBaseUrl`], [`Error::InsecureBaseUrl`],
    /// [`Error::InvalidArgument`] for a bad user agent.
    pub fn build(self) -> Result<Client, Error> {
        let token: Arc<dyn TokenProvider> = match self.token {
            None => return Err(Error::Token("no token or token provider configured".into())),
            Some(TokenSource::Static(token)) if token.trim().is_empty() => {
                return Err(Error::Token("the token is empty".into()))
            }
            Some(TokenSource::Static(token)) => Arc::new(StaticToken::new(token)),
            Some(TokenSource::Provider(provider)) => provider,
        };
        let base_url = parse_base_url(&self.base_url, self.allow_insecure_http)?;
        let user_agent = match &self.user_agent {
            Some(custom) => format!("{custom} {SDK_USER_AGENT}"),
            None => SDK_USER_AGENT.to_string(),
        };
        let user_agent =
            HeaderValue::from_str(&user_agent).map_err(|_| Error::InvalidArgument {
                name: "user_agent",
                reason: "contains characters not allowed in an HTTP header".into(),
            })?;
        let http = reqwest::Client::builder()
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .build()
            .map_err(|err| Error::Transport {
                source: err,
                attempts: 0,
            })?;
        let base_prefix = base_url.as_str().trim_end_matches('/').to_string();
        let client = Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                base_prefix,
                token,
                retry: self.retry,
                timeout: self.timeout,
                connect_timeout: self.connect_timeout,
                user_agent,
            }),
        };
        Ok(client)
    }
}

/// Parses and checks a base URL; the result has no trailing `/` (unless its path is just `/`).
fn parse_base_url(text: &str, allow_insecure_http: bool) -> Result<Url, Error> {
    let trimmed = text.trim().trim_end_matches('/');
    let url = Url::parse(trimmed).map_err(|err| {
        Error::InvalidBaseUrl(format!("{trimmed:?} is not an absolute URL: {err}"))
    })?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::InvalidBaseUrl(
            "the URL must not contain credentials".into(),
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::InvalidBaseUrl(format!(
            "{trimmed:?} must not have a query or fragment"
        )));
    }
    match url.scheme() {
        "https" => {}
        "http" if allow_insecure_http || is_loopback(&url) => {}
        "http" => return Err(Error::InsecureBaseUrl(url.to_string())),
        other => {
            return Err(Error::InvalidBaseUrl(format!(
                "{trimmed:?} uses the scheme {other:?}; only https (and http for loopback) are supported"
            )))
        }
    }
    Ok(url)
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        Some(Host::Domain(domain)) => {
            domain.eq_ignore_ascii_case("localhost") || domain.eq_ignore_ascii_case("localhost.")
        }
        None => false,
    }
}
