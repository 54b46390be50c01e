//! Example and request URLs, read once: scheme and host, API version, path segments and
//! query pairs. [`split_url`] strips the host and version (request-section paths that are
//! written as absolute URLs use it too); [`request_target`] turns an example request's URL
//! into the [`RequestTarget`] stored on [`crate::model::ExampleRequest`], so that nothing
//! after the parser splits or decodes URLs again.
//!
//! Hand-written rather than with the `url` crate: example URLs carry `{placeholders}`,
//! unencoded spaces and quotes in OData queries, and relative forms (`/me`, `me/x`,
//! `/v1.0/me`) that a WHATWG parser rejects or rewrites.

use crate::model::{
    ApiVersion, ExampleRequest, ExampleRequestFields, GraphUrl, QueryPair, RequestTarget,
    UrlProblem,
};

/// The host of Microsoft Graph; absolute example URLs on any other host are not Graph
/// requests (callback URLs of bots, notification endpoints).
pub const GRAPH_HOST: &str = "graph.microsoft.com";

/// An example URL split into host, API version and the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitUrl {
    /// The host of an absolute URL (`graph.microsoft.com`, `bot.contoso.com`), as written.
    pub host: Option<String>,
    /// The API version segment when the path starts with one (`v1.0`, `beta`, `V1.0`,
    /// `v1`), as written.
    pub version: Option<String>,
    /// The rest of the URL after the host and version, starting with `/`
    /// (`/me/events?$top=2`); `/` when nothing is left.
    pub path_and_query: String,
}

/// Strips the scheme and host and the version prefix from an example URL.
///
/// `https://graph.microsoft.com/v1.0/me/x` → host `graph.microsoft.com`, version
/// `v1.0`, `/me/x`. A relative `/v1.0/me` has no host; `/beta/…` keeps `beta` as the
/// version; `/me` (no version) or a URL on another host keeps its whole path. The input
/// is trimmed; a missing leading `/` is added.
pub fn split_url(url: &str) -> SplitUrl {
    let url = url.trim();
    let (host, rest) = match strip_scheme(url) {
        Some(after) => {
            let end = after.find(['/', '?', '#']).unwrap_or(after.len());
            let (host, rest) = after.split_at_checked(end).unwrap_or((after, ""));
            (Some(host.to_owned()), rest)
        }
        None => (None, url),
    };
    let without_slash = rest.strip_prefix('/').unwrap_or(rest);
    let end = without_slash
        .find(['/', '?'])
        .unwrap_or(without_slash.len());
    let (first, after_first) = without_slash
        .split_at_checked(end)
        .unwrap_or((without_slash, ""));
    let is_version = ApiVersion::parse(first).is_some();
    let (version, rest) = if is_version {
        (Some(first.to_owned()), after_first)
    } else {
        (None, rest)
    };
    let path_and_query = if rest.starts_with('/') {
        rest.to_owned()
    } else {
        format!("/{rest}")
    };
    SplitUrl {
        host,
        version,
        path_and_query,
    }
}

/// The text after `scheme://` when the URL starts with an ASCII-letter scheme (`https://`,
/// `HTTP://`), else `None`.
pub(super) fn strip_scheme(url: &str) -> Option<&str> {
    let (scheme, after) = url.split_once("://")?;
    (!scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphabetic())).then_some(after)
}

/// Reads an example request URL into a [`RequestTarget`].
///
/// * An absolute URL whose host (compared case-insensitively, port ignored) is not
///   [`GRAPH_HOST`] is [`RequestTarget::Unusable`] with [`UrlProblem::OtherHost`].
/// * Otherwise the URL is a [`GraphUrl`]: whether it was absolute, the API version when the
///   path starts with one (`v1.0`, `v1` → `v1.0`, `beta` → `beta`,
///   any case), the path segments after it and the query pairs. A `#fragment` is dropped.
/// * Segments: split on `/` after one leading `/`; trailing empty segments are dropped,
///   inner ones kept (`/me//x` has three). Each is percent-decoded except `%2F`, which stays
///   encoded so that a segment never contains `/`. The service root has no segments.
/// * Query: split on `&`; each pair on its first `=` (a pair without one has an empty
///   value), name and value trimmed and then percent-decoded (`+` stays `+`); pairs without
///   a name are dropped.
pub fn request_target(url: &str) -> RequestTarget {
    let url = url.trim();
    let url = url.split('#').next().unwrap_or(url);
    let split = split_url(url);
    if let Some(host) = &split.host {
        if !is_graph_host(host) {
            return RequestTarget::Unusable(UrlProblem::OtherHost { host: host.clone() });
        }
    }
    let version = split.version.as_deref().and_then(ApiVersion::parse);
    let (path, query) = split
        .path_and_query
        .split_once('?')
        .unwrap_or((&split.path_and_query, ""));
    let path = path.trim();
    let mut segments: Vec<String> = path
        .strip_prefix('/')
        .unwrap_or(path)
        .split('/')
        .map(|s| percent_decode(s, true))
        .collect();
    while segments.last().is_some_and(String::is_empty) {
        segments.pop();
    }
    RequestTarget::Graph(GraphUrl {
        absolute: split.host.is_some(),
        version,
        segments,
        query: query_pairs(query),
    })
}

/// A deserialized example request gets its target from its URL, as a parsed one does.
impl From<ExampleRequestFields> for ExampleRequest {
    fn from(f: ExampleRequestFields) -> Self {
        ExampleRequest {
            target: request_target(&f.url),
            method: f.method,
            url: f.url,
            headers: f.headers,
            body: f.body,
            annotation: f.annotation,
            line: f.line,
        }
    }
}

/// `graph.microsoft.com`, in any case, with or without a port.
fn is_graph_host(host: &str) -> bool {
    host.split(':')
        .next()
        .is_some_and(|h| h.eq_ignore_ascii_case(GRAPH_HOST))
}

/// The `name=value` pairs of a query string (without `?`) as written: split on `&`, each
/// pair on its first `=` (a pair without one has an empty value), name and value trimmed;
/// pairs without a name are dropped. Nothing is decoded.
pub fn raw_query_pairs(query: &str) -> impl Iterator<Item = (&str, &str)> {
    query.split('&').filter_map(|pair| {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let name = name.trim();
        (!name.is_empty()).then(|| (name, value.trim()))
    })
}

/// Query pairs of a query string (without `?`), split by [`raw_query_pairs`] and
/// percent-decoded; see [`request_target`].
pub fn query_pairs(query: &str) -> Vec<QueryPair> {
    raw_query_pairs(query)
        .map(|(name, value)| QueryPair {
            name: percent_decode(name, false),
            value: percent_decode(value, false),
        })
        .collect()
}

/// Percent-decodes `%XX` (invalid UTF-8 replaced by U+FFFD); with `keep_slash`, `%2F` stays
/// encoded. A `%` not followed by two hex digits is kept as written.
///
/// Hand-written: `percent-encoding` is not a dependency, and the `%2F` rule is ours.
pub fn percent_decode(s: &str, keep_slash: bool) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = |j: usize| bytes.get(j).and_then(|&c| (c as char).to_digit(16));
        if b == b'%' {
            if let (Some(h), Some(l)) = (hex(i + 1), hex(i + 2)) {
                let v = u8::try_from(h * 16 + l).unwrap_or(b'%');
                if !(keep_slash && v == b'/') {
                    out.push(v);
                    i += 3;
                    continue;
                }
            }
        }
        out.push(b);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(url: &str) -> GraphUrl {
        match request_target(url) {
            RequestTarget::Graph(g) => g,
            other => panic!("{url:?}: {other:?}"),
        }
    }

    fn pair(name: &str, value: &str) -> QueryPair {
        QueryPair {
            name: name.into(),
            value: value.into(),
        }
    }

    #[test]
    fn request_targets() {
        let g = graph("https://graph.microsoft.com/v1.0/me/events?$top=2&$select=subject");
        assert!(g.absolute);
        assert_eq!(g.version, Some(ApiVersion::v1_0()));
        assert_eq!(g.segments, ["me", "events"]);
        assert_eq!(g.path(), "/me/events");
        assert_eq!(g.query, [pair("$top", "2"), pair("$select", "subject")]);
        let g = graph("/V1.0/me/");
        assert!(!g.absolute);
        assert_eq!(
            (g.version.clone(), g.path()),
            (Some(ApiVersion::v1_0()), "/me".into())
        );
        let g = graph("me/drive");
        assert_eq!((g.version.clone(), g.path()), (None, "/me/drive".into()));
        let g = graph("https://GRAPH.microsoft.com:443/beta/me");
        assert_eq!(g.version, Some(ApiVersion::beta()));
        let g = graph("https://graph.microsoft.com/v1/teams/x");
        assert_eq!(
            (g.version.clone(), g.path()),
            (Some(ApiVersion::v1_0()), "/teams/x".into())
        );
        // The service root has no segments.
        assert!(graph("https://graph.microsoft.com/v1.0")
            .segments
            .is_empty());
        assert!(graph("/v1.0/?x=1").segments.is_empty());
        // Inner empty segments stay, `%2F` stays encoded, the rest is decoded.
        assert_eq!(graph("/me//x").segments, ["me", "", "x"]);
        assert_eq!(
            graph("/me/drive/root:/a%2Fb%20c.txt:").segments,
            ["me", "drive", "root:", "a%2Fb c.txt:"]
        );
        // Query values are decoded, names and values trimmed, nameless pairs dropped.
        assert_eq!(
            graph("/users?$filter=startswith(displayName,%27a%27)&=x&$count").query,
            [
                pair("$filter", "startswith(displayName,'a')"),
                pair("$count", "")
            ]
        );
        assert_eq!(graph("/me#frag").path(), "/me");
        assert_eq!(
            request_target("https://bot.contoso.com/api/calls"),
            RequestTarget::Unusable(UrlProblem::OtherHost {
                host: "bot.contoso.com".into()
            })
        );
        assert_eq!(
            request_target("ftp://example.com/x"),
            RequestTarget::Unusable(UrlProblem::OtherHost {
                host: "example.com".into()
            })
        );
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("a%20b%2Fc", false), "a b/c");
        assert_eq!(percent_decode("a%20b%2fc", true), "a b%2fc");
        assert_eq!(percent_decode("100%", false), "100%");
        assert_eq!(percent_decode("%zz%4", false), "%zz%4");
        assert_eq!(percent_decode("%E4%BD%A0", false), "你");
        assert_eq!(percent_decode("%FF", false), "\u{FFFD}");
    }

    #[test]
    fn split_urls() {
        let s = split_url("https://graph.microsoft.com/v1.0/me/x");
        assert_eq!(s.host.as_deref(), Some("graph.microsoft.com"));
        assert_eq!(s.version.as_deref(), Some("v1.0"));
        assert_eq!(s.path_and_query, "/me/x");
        let s = split_url("/v1.0/me");
        assert_eq!(
            (s.host, s.version.as_deref(), s.path_and_query.as_str()),
            (None, Some("v1.0"), "/me")
        );
        let s = split_url("https://graph.microsoft.com/beta/me?$top=2");
        assert_eq!(
            (s.version.as_deref(), s.path_and_query.as_str()),
            (Some("beta"), "/me?$top=2")
        );
        let s = split_url("HTTPS://graph.microsoft.com/V1.0/users");
        assert_eq!(
            (s.version.as_deref(), s.path_and_query.as_str()),
            (Some("V1.0"), "/users")
        );
        let s = split_url("https://graph.microsoft.com/v1/teams/{teamId}/schedule");
        assert_eq!(
            (s.version.as_deref(), s.path_and_query.as_str()),
            (Some("v1"), "/teams/{teamId}/schedule")
        );
        let s = split_url("https://bot.contoso.com/api/calls");
        assert_eq!(
            (s.host.as_deref(), s.version, s.path_and_query.as_str()),
            (Some("bot.contoso.com"), None, "/api/calls")
        );
        let s = split_url(" /me/events ");
        assert_eq!(
            (s.host, s.version, s.path_and_query.as_str()),
            (None, None, "/me/events")
        );
        let s = split_url("policies/x");
        assert_eq!(s.path_and_query, "/policies/x");
        let s = split_url("https://graph.microsoft.com/v1.0");
        assert_eq!(
            (s.version.as_deref(), s.path_and_query.as_str()),
            (Some("v1.0"), "/")
        );
        let s = split_url("https://graph.microsoft.com?x=1");
        assert_eq!(s.path_and_query, "/?x=1");
        let s = split_url("/v1.0versions/x");
        assert_eq!(
            (s.version, s.path_and_query.as_str()),
            (None, "/v1.0versions/x")
        );
        let s = split_url("");
        assert_eq!(s.path_and_query, "/");
        let s = split_url("https://");
        assert_eq!(
            (s.host.as_deref(), s.path_and_query.as_str()),
            (Some(""), "/")
        );
    }
}
