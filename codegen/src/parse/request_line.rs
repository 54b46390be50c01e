//! The line grammar of HTTP blocks: which lines are request lines (`GET /me`), status
//! lines (`HTTP/1.1 200 OK`) and header lines (`Name: value`), with the small helpers the
//! block readers share (page line numbers of a block's lines, bracket nesting of JSON).
//!
//! The readers are hand-written on purpose. HTTP parsing crates (`httparse`, `http`)
//! reject exactly what the pages contain: spaces in URLs (`$filter=a eq b`), a blank
//! line between the request line and the headers, `HTTP 201 Created` without a version.
//! All readers work line by line or char by char and never index by byte position.

/// The HTTP methods recognised at the start of a request line (upper-case only).
pub const METHODS: [&str; 7] = ["GET", "POST", "PATCH", "PUT", "DELETE", "HEAD", "OPTIONS"];

/// Classification of the first non-blank line of a code block, as API Doctor does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FirstLine {
    /// `METHOD URL [HTTP/x]`, with an upper-case method from [`METHODS`].
    Request {
        /// The method, upper-case.
        method: String,
        /// The URL as written, trimmed, without a trailing `HTTP/x` token. It may
        /// contain spaces (OData `$filter=a eq b`).
        url: String,
    },
    /// `HTTP/x STATUS [REASON]` or `HTTP STATUS [REASON]`.
    Response {
        /// The status code.
        status: u16,
        /// The reason phrase as written (may be empty).
        reason: String,
    },
    /// Anything else.
    Other,
}

/// One request line found in a block: `GET /users/{id}` on page line 12.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestLine {
    /// The method, upper-case (only upper-case methods from [`METHODS`] are request lines).
    pub method: String,
    /// The URL or path as written, trimmed, without an `HTTP/x` token.
    pub url: String,
    /// 1-based page line.
    pub line: u32,
}

/// Classifies one line: a request line, a response status line, or something else.
///
/// Only upper-case methods count (`get /me` is [`FirstLine::Other`]). A request line
/// needs a URL after the method; a trailing `HTTP/x` token is dropped, and so is one
/// right after the method (`GET HTTP/1.1 /me`). A status line is `HTTP/x` (or `HTTP`,
/// any case) followed by a three-digit status and an optional reason phrase.
pub fn classify_line(line: &str) -> FirstLine {
    let line = line.trim();
    let (first, rest) = split_first_token(line);
    if METHODS.contains(&first) {
        let mut url = rest;
        // `METHOD HTTP/x URL`
        let (second, after_second) = split_first_token(url);
        if is_http_version(second) && !after_second.is_empty() {
            url = after_second;
        }
        // `METHOD URL HTTP/x`
        if let Some((head, last)) = url.rsplit_once(char::is_whitespace) {
            if is_http_version(last) {
                url = head.trim_end();
            }
        }
        if url.is_empty() || is_http_version(url) {
            return FirstLine::Other;
        }
        return FirstLine::Request {
            method: first.to_owned(),
            url: url.to_owned(),
        };
    }
    if first.eq_ignore_ascii_case("HTTP") || is_http_version(first) {
        let (code, reason) = split_first_token(rest);
        if let Some(status) = parse_status(code) {
            return FirstLine::Response {
                status,
                reason: reason.to_owned(),
            };
        }
    }
    FirstLine::Other
}

/// Splits off the first whitespace-separated token; the rest is trimmed.
pub(super) fn split_first_token(s: &str) -> (&str, &str) {
    let s = s.trim_start();
    match s.split_once(char::is_whitespace) {
        Some((first, rest)) => (first, rest.trim()),
        None => (s, ""),
    }
}

/// `HTTP/1.1`, `HTTP/2` (any case).
pub(super) fn is_http_version(token: &str) -> bool {
    token
        .get(..5)
        .is_some_and(|p| p.eq_ignore_ascii_case("HTTP/"))
}

/// A three-digit status code.
fn parse_status(token: &str) -> Option<u16> {
    if token.len() == 3 && token.bytes().all(|b| b.is_ascii_digit()) {
        token.parse().ok()
    } else {
        None
    }
}

/// The standard reason phrases (RFC 9110 and the WebDAV/extension codes the docs use).
/// Hand-written: the `http` crate's table is not a dependency of this crate.
pub(super) fn standard_reasons(status: u16) -> &'static [&'static str] {
    match status {
        100 => &["Continue"],
        101 => &["Switching Protocols"],
        200 => &["OK"],
        201 => &["Created"],
        202 => &["Accepted"],
        203 => &["Non-Authoritative Information"],
        204 => &["No Content"],
        205 => &["Reset Content"],
        206 => &["Partial Content"],
        207 => &["Multi-Status"],
        208 => &["Already Reported"],
        226 => &["IM Used"],
        300 => &["Multiple Choices"],
        301 => &["Moved Permanently"],
        302 => &["Found"],
        303 => &["See Other"],
        304 => &["Not Modified"],
        307 => &["Temporary Redirect"],
        308 => &["Permanent Redirect"],
        400 => &["Bad Request"],
        401 => &["Unauthorized"],
        402 => &["Payment Required"],
        403 => &["Forbidden"],
        404 => &["Not Found"],
        405 => &["Method Not Allowed"],
        406 => &["Not Acceptable"],
        407 => &["Proxy Authentication Required"],
        408 => &["Request Timeout"],
        409 => &["Conflict"],
        410 => &["Gone"],
        411 => &["Length Required"],
        412 => &["Precondition Failed"],
        413 => &[
            "Content Too Large",
            "Payload Too Large",
            "Request Entity Too Large",
        ],
        414 => &["URI Too Long"],
        415 => &["Unsupported Media Type"],
        416 => &["Range Not Satisfiable", "Requested Range Not Satisfiable"],
        417 => &["Expectation Failed"],
        421 => &["Misdirected Request"],
        422 => &["Unprocessable Content", "Unprocessable Entity"],
        423 => &["Locked"],
        424 => &["Failed Dependency"],
        428 => &["Precondition Required"],
        429 => &["Too Many Requests"],
        500 => &["Internal Server Error"],
        501 => &["Not Implemented"],
        502 => &["Bad Gateway"],
        503 => &["Service Unavailable"],
        504 => &["Gateway Timeout"],
        507 => &["Insufficient Storage"],
        _ => &[],
    }
}

/// The 1-based page line of the block's line at index `idx`.
pub(super) fn line_no(first_line: u32, idx: usize) -> u32 {
    first_line.saturating_add(u32::try_from(idx).unwrap_or(u32::MAX))
}

/// The lines of a block with their page line numbers, `\r` stripped.
pub(super) fn numbered_lines(text: &str, first_line: u32) -> Vec<(u32, &str)> {
    text.split('\n')
        .enumerate()
        .map(|(i, l)| (line_no(first_line, i), l.strip_suffix('\r').unwrap_or(l)))
        .collect()
}

/// The change in `{[` / `]}` nesting over a line, ignoring brackets in `"…"` strings.
pub(super) fn bracket_delta(line: &str) -> i64 {
    let mut delta = 0;
    let mut in_string = false;
    let mut escaped = false;
    for c in line.chars() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '{' | '[' => delta += 1,
            '}' | ']' => delta -= 1,
            _ => {}
        }
    }
    delta
}

/// Is this a header line (`Name: value`)? The name is a token of letters, digits, `-`
/// and `_` starting with a letter; `https://…` is not a header.
pub(super) fn header_of(line: &str) -> Option<(String, String)> {
    let (name, value) = line.trim().split_once(':')?;
    let mut chars = name.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && !value.starts_with("//");
    valid.then(|| (name.to_owned(), value.trim().to_owned()))
}

/// A header line as it may follow blank lines: `Name:` followed by whitespace.
pub(super) fn is_header_after_blank(line: &str) -> bool {
    let line = line.trim();
    header_of(line).is_some()
        && line
            .split_once(':')
            .is_some_and(|(_, v)| v.starts_with(char::is_whitespace))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(method: &str, url: &str) -> FirstLine {
        FirstLine::Request {
            method: method.into(),
            url: url.into(),
        }
    }

    fn resp(status: u16, reason: &str) -> FirstLine {
        FirstLine::Response {
            status,
            reason: reason.into(),
        }
    }

    #[test]
    fn classify_requests() {
        assert_eq!(classify_line("GET /me"), req("GET", "/me"));
        assert_eq!(
            classify_line("GET https://graph.microsoft.com/v1.0/me HTTP/1.1"),
            req("GET", "https://graph.microsoft.com/v1.0/me")
        );
        assert_eq!(
            classify_line("GET  /appCatalogs/teamsApps "),
            req("GET", "/appCatalogs/teamsApps")
        );
        assert_eq!(
            classify_line("GET /users?$filter=startswith(displayName, 'a') and x eq 1"),
            req(
                "GET",
                "/users?$filter=startswith(displayName, 'a') and x eq 1"
            )
        );
        assert_eq!(classify_line("  DELETE\t/me/x  "), req("DELETE", "/me/x"));
        assert_eq!(classify_line("PATCH HTTP/1.1 /me"), req("PATCH", "/me"));
        for m in METHODS {
            assert_eq!(classify_line(&format!("{m} /x")), req(m, "/x"));
        }
    }

    #[test]
    fn classify_non_requests() {
        assert_eq!(classify_line("get /me"), FirstLine::Other);
        assert_eq!(classify_line("Get /me"), FirstLine::Other);
        assert_eq!(classify_line("GET"), FirstLine::Other);
        assert_eq!(classify_line("GET HTTP/1.1"), FirstLine::Other);
        assert_eq!(classify_line("GETTING /me"), FirstLine::Other);
        assert_eq!(
            classify_line("Content-Type: application/json"),
            FirstLine::Other
        );
        assert_eq!(classify_line("{"), FirstLine::Other);
        assert_eq!(classify_line(""), FirstLine::Other);
        assert_eq!(classify_line("HTTP/1.1 OK"), FirstLine::Other);
        assert_eq!(classify_line("HTTP/1.1 2000 OK"), FirstLine::Other);
        assert_eq!(classify_line("HTTPS 200 OK"), FirstLine::Other);
    }

    #[test]
    fn classify_responses() {
        assert_eq!(
            classify_line("HTTP/1.1 202 Accepted"),
            resp(202, "Accepted")
        );
        assert_eq!(classify_line("HTTP 201 Created"), resp(201, "Created"));
        assert_eq!(
            classify_line("HTTP/1.1 204 No content"),
            resp(204, "No content")
        );
        assert_eq!(classify_line("HTTP/1.1 200"), resp(200, ""));
        assert_eq!(classify_line("HTTP/1.1 202 Accpted"), resp(202, "Accpted"));
        assert_eq!(
            classify_line("http/2 404 NOT FOUND "),
            resp(404, "NOT FOUND")
        );
        assert_eq!(
            classify_line("HTTP/1.1  207  Multi-Status"),
            resp(207, "Multi-Status")
        );
    }

    #[test]
    fn header_lines() {
        assert_eq!(
            header_of("Content-Type: application/json"),
            Some(("Content-Type".into(), "application/json".into()))
        );
        assert_eq!(
            header_of("If-Match:W/\"x\""),
            Some(("If-Match".into(), "W/\"x\"".into()))
        );
        assert_eq!(
            header_of("workbook-session-id: {session-id}"),
            Some(("workbook-session-id".into(), "{session-id}".into()))
        );
        assert_eq!(header_of("https://example.com"), None);
        assert_eq!(header_of("\"a\": 1"), None);
        assert_eq!(header_of("no colon"), None);
        assert_eq!(header_of("two words: x"), None);
        assert!(is_header_after_blank("Content-type: application/json"));
        assert!(!is_header_after_blank("Content-type:application/json"));
    }
}
