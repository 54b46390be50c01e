//! Client-independent request descriptions built by generated code.

use std::fmt;

use bytes::Bytes;
use reqwest::Method;

/// The body of an [`OperationRequest`].
#[derive(Clone, PartialEq, Default)]
pub enum RequestBody {
    /// No body. `POST`, `PUT` and `PATCH` still send `Content-Length: 0`.
    #[default]
    Empty,
    /// A JSON body, sent with `Content-Type: application/json`.
    Json(serde_json::Value),
    /// Raw bytes with an explicit content type (file uploads, `$value`).
    Bytes {
        /// Value of the `Content-Type` header.
        content_type: String,
        /// The bytes to send.
        data: Bytes,
    },
}

impl fmt::Debug for RequestBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestBody::Empty => f.write_str("Empty"),
            RequestBody::Json(value) => f.debug_tuple("Json").field(value).finish(),
            RequestBody::Bytes { content_type, data } => f
                .debug_struct("Bytes")
                .field("content_type", content_type)
                .field("len", &data.len())
                .finish(),
        }
    }
}

/// Description of one HTTP call to Graph: method, path, query, headers, body.
///
/// It is built by generated code without a client, so it can be inspected
/// in unit tests, and is sent by [`Client`](crate::Client).
///
/// ```
/// use graph_runtime::{encode_segment, ODataQuery, OperationRequest};
/// use reqwest::Method;
///
/// let path = format!("/users/{}/messages", encode_segment("adele@contoso.com"));
/// let op = OperationRequest::new(Method::GET, path)
///     .odata(&ODataQuery::new().select(["id", "subject"]).top(10));
/// assert_eq!(op.path(), "/users/adele%40contoso.com/messages");
/// assert_eq!(op.query_pairs()[0], ("$select".to_string(), "id,subject".to_string()));
/// ```
#[derive(Clone)]
pub struct OperationRequest {
    method: Method,
    /// The encoded path, or the absolute link when `is_link`.
    path: String,
    is_link: bool,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: RequestBody,
}

impl OperationRequest {
    /// Starts a request. `path` must already be percent-encoded (use
    /// [`encode_segment`](crate::encode_segment) for parameters),
    /// start with `/` and is appended to the client's base URL.
    pub fn new(method: Method, path: String) -> Self {
        OperationRequest {
            method,
            path,
            is_link: false,
            query: Vec::new(),
            headers: Vec::new(),
            body: RequestBody::Empty,
        }
    }

    /// A request to an absolute link Graph returned: an `@odata.nextLink`
    /// or an `@odata.deltaLink` stored earlier to resume a delta query.
    ///
    /// The link is sent as it is (its query is opaque, e.g. `$skiptoken`),
    /// but only if it has the client's scheme, host and port; any other link
    /// fails with [`Error::ForeignLink`](crate::Error::ForeignLink) before a
    /// token is even fetched.
    ///
    /// ```
    /// use graph_runtime::OperationRequest;
    /// use reqwest::Method;
    /// let op = OperationRequest::from_link(
    ///     Method::GET,
    ///     "https://graph.microsoft.com/v1.0/me/messages/delta?$deltatoken=abc",
    /// );
    /// assert_eq!(op.link(), Some("https://graph.microsoft.com/v1.0/me/messages/delta?$deltatoken=abc"));
    /// ```
    pub fn from_link(method: Method, link: impl Into<String>) -> Self {
        OperationRequest {
            is_link: true,
            ..OperationRequest::new(method, link.into())
        }
    }

    /// The request for the next page after this one: a `GET` of `link`
    /// with this request's headers (`ConsistencyLevel`, `Prefer`, ...),
    /// without its query (the link carries it) and without body.
    pub fn follow(&self, link: &str) -> OperationRequest {
        OperationRequest {
            headers: self.headers.clone(),
            ..OperationRequest::from_link(Method::GET, link)
        }
    }

    /// Appends a query parameter; name and value are given unencoded and are
    /// percent-encoded when the URL is built. Order is preserved.
    pub fn query(mut self, name: &str, value: impl Into<String>) -> Self {
        self.query.push((name.to_string(), value.into()));
        self
    }

    /// Adds a request header. Repeating a name sends the header several times;
    /// a name also set by the client (`Accept`, `User-Agent`, `Content-Type`)
    /// replaces the client's value. `Authorization` and `Content-Length` are
    /// controlled by the client and ignored here.
    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_string(), value.into()));
        self
    }

    /// Sets a JSON body ([`RequestBody::Json`]).
    pub fn json(mut self, body: &serde_json::Value) -> Self {
        self.body = RequestBody::Json(body.clone());
        self
    }

    /// Sets a JSON body from any serializable value (a typed model or body
    /// struct). Fails with [`Error::InvalidArgument`](crate::Error::InvalidArgument)
    /// (`body`) if the value cannot be represented as JSON (e.g. a map with
    /// non-string keys).
    ///
    /// ```
    /// use graph_runtime::{Nullable, OperationRequest};
    /// #[derive(serde::Serialize)]
    /// struct Update {
    ///     #[serde(rename = "officeLocation", skip_serializing_if = "Nullable::is_absent")]
    ///     office_location: Nullable<String>,
    /// }
    /// let op = OperationRequest::new(reqwest::Method::PATCH, "/me".into())
    ///     .json_body(&Update { office_location: Nullable::Null })
    ///     .unwrap();
    /// assert_eq!(
    ///     op.request_body(),
    ///     &graph_runtime::RequestBody::Json(serde_json::json!({"officeLocation": null}))
    /// );
    /// ```
    pub fn json_body<T: serde::Serialize + ?Sized>(
        mut self,
        body: &T,
    ) -> Result<Self, crate::Error> {
        let value = serde_json::to_value(body).map_err(|err| crate::Error::InvalidArgument {
            name: "body",
            reason: err.to_string(),
        })?;
        self.body = RequestBody::Json(value);
        Ok(self)
    }

    /// Sets a raw body with the given content type ([`RequestBody::Bytes`]).
    pub fn bytes(mut self, content_type: &str, body: impl Into<Bytes>) -> Self {
        self.body = RequestBody::Bytes {
            content_type: content_type.to_string(),
            data: body.into(),
        };
        self
    }

    /// Replaces the body.
    pub fn body(mut self, body: RequestBody) -> Self {
        self.body = body;
        self
    }

    /// Adds the OData system query options that are set in `q`, in the order
    /// `$select`, `$expand`, `$filter`, `$orderby`, `$search`, `$top`,
    /// `$skip`, `$count`, plus `ConsistencyLevel: eventual` if requested.
    pub fn odata(mut self, q: &ODataQuery) -> Self {
        if !q.select.is_empty() {
            self = self.query("$select", q.select.join(","));
        }
        if !q.expand.is_empty() {
            self = self.query("$expand", q.expand.join(","));
        }
        if let Some(filter) = &q.filter {
            self = self.query("$filter", filter.clone());
        }
        if !q.orderby.is_empty() {
            self = self.query("$orderby", q.orderby.join(","));
        }
        if let Some(search) = &q.search {
            self = self.query("$search", search.clone());
        }
        if let Some(top) = q.top {
            self = self.query("$top", top.to_string());
        }
        if let Some(skip) = q.skip {
            self = self.query("$skip", skip.to_string());
        }
        if let Some(count) = q.count {
            self = self.query("$count", count.to_string());
        }
        if q.eventual_consistency {
            self = self.header("ConsistencyLevel", "eventual");
        }
        self
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The percent-encoded path, relative to the base URL (for a request
    /// made with [`from_link`](Self::from_link): the link).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The absolute link of a request made with [`from_link`](Self::from_link).
    pub fn link(&self) -> Option<&str> {
        self.is_link.then_some(self.path.as_str())
    }

    /// The query parameters (unencoded), in order.
    pub fn query_pairs(&self) -> &[(String, String)] {
        &self.query
    }

    /// The extra headers, in order.
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// The body.
    pub fn request_body(&self) -> &RequestBody {
        &self.body
    }
}

/// Returns true for header names whose values must never be printed.
pub(crate) fn is_sensitive_header(name: &str) -> bool {
    name.eq_ignore_ascii_case("authorization")
        || name.eq_ignore_ascii_case("proxy-authorization")
        || name.eq_ignore_ascii_case("cookie")
}

impl fmt::Debug for OperationRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                if is_sensitive_header(name) {
                    (name.as_str(), "<redacted>")
                } else {
                    (name.as_str(), value.as_str())
                }
            })
            .collect();
        f.debug_struct("OperationRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("is_link", &self.is_link)
            .field("query", &self.query)
            .field("headers", &headers)
            .field("body", &self.body)
            .finish()
    }
}

/// OData system query options (`$select`, `$filter`, ...). Every option is
/// optional; unset options are not sent.
///
/// Values are given unencoded; they are percent-encoded when the URL is
/// built. `$search` values usually need double quotes, e.g.
/// `search("\"project x\"")`.
///
/// ```
/// use graph_runtime::ODataQuery;
/// let q = ODataQuery::new()
///     .select(["id", "displayName"])
///     .filter("startswith(displayName,'a')")
///     .orderby(["displayName desc"])
///     .top(10)
///     .count(true)
///     .eventual_consistency(true);
/// assert_eq!(q.top, Some(10));
/// ```
#[derive(Default, Clone, Debug, PartialEq, Eq)]
pub struct ODataQuery {
    /// `$select`: properties to return (joined with `,`).
    pub select: Vec<String>,
    /// `$expand`: relationships to expand (joined with `,`).
    pub expand: Vec<String>,
    /// `$filter` expression.
    pub filter: Option<String>,
    /// `$orderby`: e.g. `displayName desc` (joined with `,`).
    pub orderby: Vec<String>,
    /// `$search` expression.
    pub search: Option<String>,
    /// `$top`: page size.
    pub top: Option<u32>,
    /// `$skip`: items to skip.
    pub skip: Option<u32>,
    /// `$count`: include `@odata.count`.
    pub count: Option<bool>,
    /// Send `ConsistencyLevel: eventual`, which directory objects (users,
    /// groups, ...) require for `$count`, `$search` and advanced `$filter`.
    pub eventual_consistency: bool,
}

impl ODataQuery {
    /// An empty query (no options set).
    pub fn new() -> Self {
        ODataQuery::default()
    }

    /// Adds properties to `$select`.
    pub fn select<I, S>(mut self, fields: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.select.extend(fields.into_iter().map(Into::into));
        self
    }

    /// Adds relationships to `$expand`.
    pub fn expand<I, S>(mut self, relations: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.expand.extend(relations.into_iter().map(Into::into));
        self
    }

    /// Sets `$filter`.
    pub fn filter(mut self, expression: impl Into<String>) -> Self {
        self.filter = Some(expression.into());
        self
    }

    /// Adds sort keys to `$orderby`, e.g. `["receivedDateTime desc"]`.
    pub fn orderby<I, S>(mut self, keys: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.orderby.extend(keys.into_iter().map(Into::into));
        self
    }

    /// Sets `$search`.
    pub fn search(mut self, expression: impl Into<String>) -> Self {
        self.search = Some(expression.into());
        self
    }

    /// Sets `$top`.
    pub fn top(mut self, n: u32) -> Self {
        self.top = Some(n);
        self
    }

    /// Sets `$skip`.
    pub fn skip(mut self, n: u32) -> Self {
        self.skip = Some(n);
        self
    }

    /// Sets `$count`.
    pub fn count(mut self, count: bool) -> Self {
        self.count = Some(count);
        self
    }

    /// Sends the `ConsistencyLevel: eventual` header.
    pub fn eventual_consistency(mut self, enabled: bool) -> Self {
        self.eventual_consistency = enabled;
        self
    }

    /// True if no option is set.
    pub fn is_empty(&self) -> bool {
        *self == ODataQuery::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn odata_adds_only_set_options_in_order() {
        let op = OperationRequest::new(Method::GET, "/users".into()).odata(
            &ODataQuery::new()
                .count(true)
                .top(5)
                .filter("a eq 'b'")
                .select(["id", "displayName"])
                .expand(["manager"])
                .orderby(["displayName", "id desc"])
                .search("\"x\"")
                .skip(2)
                .eventual_consistency(true),
        );
        let names: Vec<&str> = op.query_pairs().iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            ["$select", "$expand", "$filter", "$orderby", "$search", "$top", "$skip", "$count"]
        );
        assert_eq!(op.query_pairs()[0].1, "id,displayName");
        assert_eq!(op.query_pairs()[3].1, "displayName,id desc");
        assert_eq!(op.query_pairs()[7].1, "true");
        assert_eq!(
            op.headers(),
            [("ConsistencyLevel".to_string(), "eventual".to_string())]
        );

        let empty = OperationRequest::new(Method::GET, "/me".into()).odata(&ODataQuery::new());
        assert!(empty.query_pairs().is_empty());
        assert!(empty.headers().is_empty());
        assert!(ODataQuery::new().is_empty());
    }

    #[test]
    fn bodies() {
        let op = OperationRequest::new(Method::POST, "/x".into()).json(&json!({"a": 1}));
        assert_eq!(op.request_body(), &RequestBody::Json(json!({"a": 1})));
        let op = op.bytes("text/plain", "hi");
        assert_eq!(
            op.request_body(),
            &RequestBody::Bytes {
                content_type: "text/plain".into(),
                data: Bytes::from_static(b"hi")
            }
        );
        assert_eq!(op.method(), &Method::POST);
        assert_eq!(op.path(), "/x");
    }

    #[test]
    fn debug_redacts_authorization() {
        let op = OperationRequest::new(Method::GET, "/me".into())
            .header("authorization", "Bearer SECRET-123")
            .header("Prefer", "outlook.timezone=\"UTC\"");
        let text = format!("{op:?}");
        assert!(!text.contains("SECRET-123"), "{text}");
        assert!(text.contains("outlook.timezone"), "{text}");
    }
}
