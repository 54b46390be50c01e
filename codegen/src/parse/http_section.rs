//! The request lines of an *HTTP request* section: every `METHOD /path` line of its code
//! blocks, with the lines that are not request lines reported or skipped.

use super::request_line::{
    bracket_delta, classify_line, header_of, numbered_lines, split_first_token, FirstLine,
    RequestLine, METHODS,
};
use super::url::strip_scheme;
use super::Issue;
use crate::diag::Code;

/// Reads the request lines of an HTTP-request-section block: a [`RequestLine`] for
/// every line that starts with an upper-case method from [`METHODS`] and a path.
///
/// Skipped without an issue: blank lines, header lines (`workbook-session-id: {id}`),
/// JSON (a line starting with `{` or `[` and the lines up to its closing bracket, or a
/// line starting with `"`, `}` or `]`) and prose (a line that starts with a letter and has
/// no `/`, such as `or`). A method in the wrong case (`get /me`) or an unknown upper-case
/// method before a path gives an `http-unknown-method` warning and is skipped; any other
/// line gives an `http-request-line-unreadable` warning.
pub fn request_lines(text: &str, first_line: u32) -> (Vec<RequestLine>, Vec<Issue>) {
    let mut out = Vec::new();
    let mut issues = Vec::new();
    let mut json_depth: i64 = 0;
    for (no, line) in numbered_lines(text, first_line) {
        let trimmed = line.trim();
        if json_depth > 0 {
            json_depth += bracket_delta(trimmed);
            continue;
        }
        if trimmed.is_empty() {
            continue;
        }
        if let FirstLine::Request { method, url } = classify_line(trimmed) {
            out.push(RequestLine {
                method,
                url,
                line: no,
            });
            continue;
        }
        if trimmed.starts_with(['{', '[']) {
            json_depth = bracket_delta(trimmed);
            continue;
        }
        if trimmed.starts_with(['"', '}', ']']) || header_of(trimmed).is_some() {
            continue;
        }
        let (first, rest) = split_first_token(trimmed);
        let method_like = METHODS.iter().any(|m| m.eq_ignore_ascii_case(first))
            || (first.len() > 2 && first.chars().all(|c| c.is_ascii_uppercase()));
        let path_like = rest.starts_with('/') || strip_scheme(rest).is_some();
        if method_like && path_like {
            issues.push(Issue::warning(
                Code::HttpUnknownMethod,
                no,
                format!(
                    "`{first}` is not a known upper-case HTTP method; line skipped: `{trimmed}`"
                ),
            ));
            continue;
        }
        let prose =
            trimmed.chars().next().is_some_and(char::is_alphabetic) && !trimmed.contains('/');
        if prose {
            continue;
        }
        issues.push(Issue::warning(
            Code::HttpRequestLineUnreadable,
            no,
            format!("not a request line (`METHOD /path`): `{trimmed}`"),
        ));
    }
    (out, issues)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Severity;

    fn line(method: &str, url: &str, line: u32) -> RequestLine {
        RequestLine {
            method: method.into(),
            url: url.into(),
            line,
        }
    }

    fn codes(issues: &[Issue]) -> Vec<&'static str> {
        issues.iter().map(|i| i.code.as_str()).collect()
    }

    #[test]
    fn request_lines_of_sections() {
        let text = "GET /me/events\nGET /users/{id | userPrincipalName}/events\n\nPOST  /groups/{id}/events HTTP/1.1";
        let (lines, issues) = request_lines(text, 31);
        assert!(issues.is_empty());
        assert_eq!(
            lines,
            [
                line("GET", "/me/events", 31),
                line("GET", "/users/{id | userPrincipalName}/events", 32),
                line("POST", "/groups/{id}/events", 34),
            ]
        );
    }

    #[test]
    fn request_lines_skip_headers_json_prose() {
        // api/workbook-closesession.md, api/driveitem-invite.md, api/user-list-joinedteams.md
        let text = "POST /me/drive/items/{id}/workbook/closeSession\nworkbook-session-id: {session-id}\n\nPOST /drives/{drive-id}/items/{item-id}/invite\n{\n  \"requireSignIn\": true,\n  \"roles\": [ \"read\" ],\n  \"x\": \"GET /not/a/line\"\n}\nor\n或\nGET /me/joinedTeams";
        let (lines, issues) = request_lines(text, 1);
        assert!(issues.is_empty(), "{issues:?}");
        let methods: Vec<(&str, u32)> = lines.iter().map(|l| (l.method.as_str(), l.line)).collect();
        assert_eq!(methods, [("POST", 1), ("POST", 4), ("GET", 12)]);
    }

    #[test]
    fn request_lines_issues() {
        let text = "get /me\nCOPY /me/x\n/me/events\nHTTP/1.1 200 OK\nGET /ok";
        let (lines, issues) = request_lines(text, 5);
        assert_eq!(lines, [line("GET", "/ok", 9)]);
        assert_eq!(
            codes(&issues),
            [
                "http-unknown-method",
                "http-unknown-method",
                "http-request-line-unreadable",
                "http-request-line-unreadable"
            ]
        );
        assert_eq!(
            issues.iter().map(|i| i.line).collect::<Vec<_>>(),
            [5, 6, 7, 8]
        );
        assert!(issues.iter().all(|i| i.severity == Severity::Warning));
    }
}
