//! How a generated crate states which Graph API it talks to.
//!
//! Each generated crate is generated from one docs tree of one API version
//! (`v1.0` or `beta`). It tells the runtime its version, its default base URL
//! and its `User-Agent` by implementing [`GraphApi`] for a marker type, and
//! binds [`Client`](crate::Client) to that marker
//! (`pub type Client = graph_runtime::Client<Api>;`). The version is thus a
//! fact of the type: `graph_sdk::Client::new(token)` of a beta crate talks to
//! `https://graph.microsoft.com/beta` without any global state, and a v1.0
//! and a beta crate can be used side by side in one program.

/// The API a [`Client`](crate::Client) talks to by default.
///
/// ```
/// use graph_runtime::{Client, GraphApi};
///
/// /// What a generated beta crate writes.
/// struct Api;
/// impl GraphApi for Api {
///     const VERSION: &'static str = "beta";
///     const DEFAULT_BASE_URL: &'static str = "https://graph.microsoft.com/beta";
///     const USER_AGENT: &'static str = "msgraph-docs-sdk-beta/0.1.0";
/// }
///
/// let client = Client::<Api>::new("token").unwrap();
/// assert_eq!(client.base_url().as_str(), "https://graph.microsoft.com/beta");
/// assert_eq!(client.api_version(), "beta");
/// ```
pub trait GraphApi {
    /// The API version, as it appears in Graph URLs: `v1.0` or `beta`.
    const VERSION: &'static str;
    /// The base URL used unless [`ClientBuilder::base_url`](crate::ClientBuilder::base_url)
    /// sets another one, e.g. `https://graph.microsoft.com/v1.0`.
    const DEFAULT_BASE_URL: &'static str;
    /// The `User-Agent` product token, e.g. `msgraph-docs-sdk/0.1.0`; an
    /// application's own token is put in front of it
    /// ([`ClientBuilder::user_agent`](crate::ClientBuilder::user_agent)).
    const USER_AGENT: &'static str;
}

/// User-Agent of the runtime used on its own: `msgraph-docs-runtime/<version>`.
const RUNTIME_USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// Graph v1.0 on the global cloud, for using the runtime without a generated crate.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct V1;

impl GraphApi for V1 {
    const VERSION: &'static str = "v1.0";
    const DEFAULT_BASE_URL: &'static str = "https://graph.microsoft.com/v1.0";
    const USER_AGENT: &'static str = RUNTIME_USER_AGENT;
}

/// Graph beta on the global cloud, for using the runtime without a generated crate.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Beta;

impl GraphApi for Beta {
    const VERSION: &'static str = "beta";
    const DEFAULT_BASE_URL: &'static str = "https://graph.microsoft.com/beta";
    const USER_AGENT: &'static str = RUNTIME_USER_AGENT;
}
