//! Client configuration: [`ClientBuilder`], base URL checks and defaults.

use std::fmt;
use std::marker::PhantomData;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;
use url::{Host, Url};

use crate::api::GraphApi;
use crate::auth::{StaticToken, TokenProvider};
use crate::client::{Client, Core};
use crate::error::Error;
use crate::retry::RetryPolicy;

/// Default overall timeout of one attempt (connect, send, read the body).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(100);
/// Default timeout for establishing a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Configures a [`Client`]. Its `Debug` output never shows the token.
///
/// `A` is the API the client talks to (a generated crate's marker type); it
/// gives the default base URL and the `User-Agent`.
pub struct ClientBuilder<A> {
    token: Option<TokenSource>,
    base_url: String,
    timeout: Duration,
    connect_timeout: Duration,
    retry: RetryPolicy,
    allow_insecure_http: bool,
    user_agent: Option<String>,
    api: PhantomData<fn() -> A>,
}

impl<A> Clone for ClientBuilder<A> {
    fn clone(&self) -> Self {
        ClientBuilder {
            token: self.token.clone(),
            base_url: self.base_url.clone(),
            timeout: self.timeout,
            connect_timeout: self.connect_timeout,
            retry: self.retry.clone(),
            allow_insecure_http: self.allow_insecure_http,
            user_agent: self.user_agent.clone(),
            api: PhantomData,
        }
    }
}

/// Where the builder gets tokens from.
#[derive(Clone)]
enum TokenSource {
    Static(String),
    Provider(Arc<dyn TokenProvider>),
}

impl<A: GraphApi> Default for ClientBuilder<A> {
    fn default() -> Self {
        ClientBuilder {
            token: None,
            base_url: A::DEFAULT_BASE_URL.to_string(),
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            retry: RetryPolicy::default(),
            allow_insecure_http: false,
            user_agent: None,
            api: PhantomData,
        }
    }
}

impl<A> fmt::Debug for ClientBuilder<A> {
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

impl<A: GraphApi> ClientBuilder<A> {
    /// A builder with the defaults of `A` (same as [`Client::builder`]).
    pub fn new() -> Self {
        ClientBuilder::default()
    }

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

    /// Sets the base URL (default [`GraphApi::DEFAULT_BASE_URL`] of `A`), e.g. a national
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
    /// `<user_agent> <A::USER_AGENT>` (e.g. `contoso-sync/2.1 msgraph-docs-sdk/0.1.0`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Validates the configuration and creates the client.
    ///
    /// Errors: [`Error::Token`] without token provider (or with an empty
    /// static token), [`Error::InvalidBaseUrl`], [`Error::InsecureBaseUrl`],
    /// [`Error::InvalidArgument`] for a bad user agent.
    pub fn build(self) -> Result<Client<A>, Error> {
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
            Some(custom) => format!("{custom} {}", A::USER_AGENT),
            None => A::USER_AGENT.to_string(),
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
        Ok(Client::from_core(Core {
            http,
            base_url,
            base_prefix,
            token,
            retry: self.retry,
            timeout: self.timeout,
            connect_timeout: self.connect_timeout,
            user_agent,
            api_version: A::VERSION,
        }))
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
