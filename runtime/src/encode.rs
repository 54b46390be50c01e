//! Percent-encoding of path segments, drive item paths and query strings.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::error::Error;

/// Everything except the RFC 3986 "unreserved" characters
/// (`A-Z a-z 0-9 - . _ ~`) is encoded inside a path segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Characters encoded in query names and values.
///
/// Unreserved characters stay as they are, and so do a few reserved characters
/// that have no special meaning inside a query value and keep OData expressions
/// readable (`$ ( ) , : @ / ! *`). Everything else is encoded, in particular
/// space (`%20`, never `+`), `'`, `"`, `&`, `=`, `+`, `;`, `#`, `%` and `?`.
const QUERY: &AsciiSet = &SEGMENT
    .remove(b'$')
    .remove(b'(')
    .remove(b')')
    .remove(b',')
    .remove(b':')
    .remove(b'@')
    .remove(b'/')
    .remove(b'!')
    .remove(b'*');

/// Percent-encodes `value` so that it forms exactly one URL path segment.
///
/// Every character outside the RFC 3986 unreserved set (`A-Z a-z 0-9 - . _ ~`)
/// is encoded, including `/`, `?`, `#`, `%`, spaces and all non-ASCII
/// characters (as UTF-8 bytes). The values `.` and `..` are encoded as `%2E`
/// and `%2E%2E`.
///
/// Note that WHATWG URL parsers (including the `url` crate used by `reqwest`)
/// still treat `%2E` and `%2E%2E` as dot segments, so
/// [`Client::build_request`](crate::Client::build_request) refuses
/// any path that contains such a segment instead of sending a request to a
/// different resource. An empty `value` yields an empty string, and the
/// client refuses any path with an empty segment (`/users//messages`) with
/// [`Error::InvalidArgument`] before sending; [`path_param`] rejects it
/// earlier, naming the parameter.
///
/// ```
/// use graph_runtime::encode_segment;
/// assert_eq!(encode_segment("../x"), "..%2Fx");
/// assert_eq!(encode_segment("a b"), "a%20b");
/// assert_eq!(encode_segment("é"), "%C3%A9");
/// assert_eq!(encode_segment(".."), "%2E%2E");
/// ```
pub fn encode_segment(value: &str) -> String {
    match value {
        "." => "%2E".to_string(),
        ".." => "%2E%2E".to_string(),
        _ => utf8_percent_encode(value, SEGMENT).to_string(),
    }
}

/// Encodes a required path parameter as one segment, rejecting values that
/// cannot address a single resource.
///
/// Empty values (which would produce `//` in the path) and the dot segments
/// `.` and `..` are rejected with [`Error::InvalidArgument`] naming `name`.
///
/// ```
/// use graph_runtime::path_param;
/// assert_eq!(path_param("message_id", "AAMk/=").unwrap(), "AAMk%2F%3D");
/// assert!(path_param("message_id", "").is_err());
/// ```
pub fn path_param(name: &'static str, value: &str) -> Result<String, Error> {
    match value {
        "" => Err(Error::InvalidArgument {
            name,
            reason: "must not be empty".to_string(),
        }),
        "." | ".." => Err(Error::InvalidArgument {
            name,
            reason: format!("`{value}` is not a valid identifier"),
        }),
        _ => Ok(encode_segment(value)),
    }
}

/// Encodes a drive item path for `root:/{item-path}:` style addressing.
///
/// The value is split on `/`; every piece is encoded with [`encode_segment`]
/// and the pieces are joined with `/`. Empty pieces (a leading or trailing
/// `/`, or `//`) and `.` / `..` pieces are rejected with
/// [`Error::InvalidArgument`], as is an empty path. A `:` inside a piece is
/// encoded, so it cannot end the item-path addressing early.
///
/// ```
/// use graph_runtime::encode_item_path;
/// assert_eq!(encode_item_path("Documents/Q1 report.docx").unwrap(), "Documents/Q1%20report.docx");
/// assert!(encode_item_path("Documents/../secret").is_err());
/// assert!(encode_item_path("/Documents").is_err());
/// ```
pub fn encode_item_path(value: &str) -> Result<String, Error> {
    let mut pieces = Vec::new();
    for piece in value.split('/') {
        match piece {
            "" => {
                return Err(Error::InvalidArgument {
                    name: "item_path",
                    reason: "must be non-empty and must not start or end with '/' or contain '//'"
                        .to_string(),
                })
            }
            "." | ".." => {
                return Err(Error::InvalidArgument {
                    name: "item_path",
                    reason: format!("must not contain a `{piece}` segment"),
                })
            }
            _ => pieces.push(encode_segment(piece)),
        }
    }
    Ok(pieces.join("/"))
}

/// Percent-encodes a query parameter name or value (space becomes `%20`).
pub(crate) fn encode_query_component(value: &str) -> String {
    utf8_percent_encode(value, QUERY).to_string()
}

/// Returns true if a path segment would be treated as `.` or `..` by a URL
/// parser, including the percent-encoded forms (`%2e`, `.%2E`, ...).
pub(crate) fn is_dot_segment(segment: &str) -> bool {
    let lower = segment.to_ascii_lowercase();
    matches!(
        lower.as_str(),
        "." | ".." | "%2e" | "%2e%2e" | ".%2e" | "%2e."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segment_encodes_reserved_and_non_ascii() {
        assert_eq!(encode_segment("../x"), "..%2Fx");
        assert_eq!(encode_segment("a/b"), "a%2Fb");
        assert_eq!(encode_segment("a?b"), "a%3Fb");
        assert_eq!(encode_segment("a#b"), "a%23b");
        assert_eq!(encode_segment("100%"), "100%25");
        assert_eq!(encode_segment("a b"), "a%20b");
        assert_eq!(encode_segment("é"), "%C3%A9");
        assert_eq!(encode_segment("a+b=c&d"), "a%2Bb%3Dc%26d");
        assert_eq!(encode_segment("user@contoso.com"), "user%40contoso.com");
        assert_eq!(encode_segment("Az09-._~"), "Az09-._~");
        assert_eq!(encode_segment("a\\b"), "a%5Cb");
    }

    #[test]
    fn segment_encodes_dot_segments() {
        assert_eq!(encode_segment("."), "%2E");
        assert_eq!(encode_segment(".."), "%2E%2E");
        assert_eq!(encode_segment("..."), "...");
        assert_eq!(encode_segment(".x"), ".x");
    }

    #[test]
    fn encoded_segments_never_contain_separators() {
        for value in [
            "../x", "a/b", "a?b", "a#b", "100%", "a b", "é", "/", "//", "?#",
        ] {
            let encoded = encode_segment(value);
            assert!(
                !encoded.contains(['/', '?', '#', ' ']),
                "{value:?} -> {encoded:?}"
            );
        }
    }

    #[test]
    fn path_param_rejects_empty_and_dots() {
        assert!(matches!(
            path_param("id", ""),
            Err(Error::InvalidArgument { name: "id", .. })
        ));
        assert!(path_param("id", ".").is_err());
        assert!(path_param("id", "..").is_err());
        assert_eq!(path_param("id", "a/b").unwrap(), "a%2Fb");
    }

    #[test]
    fn item_path_encodes_each_piece() {
        assert_eq!(
            encode_item_path("Documents/Q1 report.docx").unwrap(),
            "Documents/Q1%20report.docx"
        );
        assert_eq!(encode_item_path("a:b/c#d").unwrap(), "a%3Ab/c%23d");
        assert_eq!(encode_item_path("é/100%").unwrap(), "%C3%A9/100%25");
    }

    #[test]
    fn item_path_rejects_bad_pieces() {
        for bad in ["", "/a", "a/", "a//b", ".", "..", "a/../b", "a/./b", "../a"] {
            match encode_item_path(bad) {
                Err(Error::InvalidArgument { name, .. }) => assert_eq!(name, "item_path"),
                other => panic!("{bad:?} gave {other:?}"),
            }
        }
    }

    #[test]
    fn query_component_encoding() {
        assert_eq!(
            encode_query_component("startswith(displayName,'a b')"),
            "startswith(displayName,%27a%20b%27)"
        );
        assert_eq!(encode_query_component("$filter"), "$filter");
        assert_eq!(encode_query_component("a&b=c+d#e"), "a%26b%3Dc%2Bd%23e");
        assert_eq!(encode_query_component("\"x\""), "%22x%22");
    }

    #[test]
    fn dot_segment_detection() {
        for s in [".", "..", "%2e", "%2E", "%2e%2E", ".%2e", "%2E."] {
            assert!(is_dot_segment(s), "{s}");
        }
        for s in ["...", "a.", "%2E%2E%2E", "x"] {
            assert!(!is_dot_segment(s), "{s}");
        }
    }
}
