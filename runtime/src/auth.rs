//! Access tokens: the [`TokenProvider`] trait and the [`StaticToken`] provider.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use crate::error::Error;

/// The future returned by [`TokenProvider::token`].
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<String, Error>> + Send + 'a>>;

/// Supplies bearer tokens for the `Authorization` header.
///
/// The client calls [`token`](TokenProvider::token) before every attempt,
/// retries included, so a provider can cache a token and refresh it when it
/// is about to expire. Return [`Error::Token`] when no token can be obtained;
/// the client then fails without sending anything.
///
/// ```
/// use std::sync::Mutex;
/// use graph_runtime::{Error, TokenFuture, TokenProvider};
///
/// struct Refreshing {
///     cached: Mutex<Option<String>>,
/// }
///
/// impl TokenProvider for Refreshing {
///     fn token(&self) -> TokenFuture<'_> {
///         Box::pin(async move {
///             let cached = self.cached.lock().map_err(|_| Error::Token("lock poisoned".into()))?.clone();
///             match cached {
///                 Some(token) => Ok(token),
///                 None => Err(Error::Token("not signed in".into())), // fetch a new one here
///             }
///         })
///     }
/// }
/// ```
pub trait TokenProvider: Send + Sync {
    /// Returns the access token to send (without the `Bearer ` prefix).
    fn token(&self) -> TokenFuture<'_>;
}

impl<T: TokenProvider + ?Sized> TokenProvider for Arc<T> {
    fn token(&self) -> TokenFuture<'_> {
        (**self).token()
    }
}

impl<T: TokenProvider + ?Sized> TokenProvider for Box<T> {
    fn token(&self) -> TokenFuture<'_> {
        (**self).token()
    }
}

/// A fixed bearer token. Its `Debug` output never shows the token.
#[derive(Clone)]
pub struct StaticToken(String);

impl StaticToken {
    /// Wraps a token (without the `Bearer ` prefix).
    pub fn new(token: impl Into<String>) -> Self {
        StaticToken(token.into())
    }
}

impl fmt::Debug for StaticToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("StaticToken(<redacted>)")
    }
}

impl TokenProvider for StaticToken {
    fn token(&self) -> TokenFuture<'_> {
        let token = self.0.clone();
        Box::pin(async move { Ok(token) })
    }
}
