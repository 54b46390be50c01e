//! Example and request URLs: scheme and host, API version, path and query.

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
    let is_version = ["v1.0", "beta", "v1"]
        .iter()
        .any(|v| first.eq_ignore_ascii_case(v));
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

/// The text after `http://` or `https://` (any case), if the URL has that scheme.
pub(super) fn strip_scheme(url: &str) -> Option<&str> {
    ["https://", "http://"].iter().find_map(|scheme| {
        url.get(..scheme.len())
            .filter(|p| p.eq_ignore_ascii_case(scheme))
            .and_then(|_| url.get(scheme.len()..))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
