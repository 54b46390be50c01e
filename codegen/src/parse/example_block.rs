//! Example request and response blocks: a request line (or status line), headers and a
//! body, read from the content of one fenced code block.
//!
//! Hand-written rather than `httparse`: the pages put a blank line between the request
//! line and the headers, write `HTTP 201 Created` without a version and bodies without a
//! separating blank line, and list several request lines in one block.

use super::json::{read_json, JsonRead};
use super::request_line::{
    bracket_delta, classify_line, header_of, is_header_after_blank, is_http_version,
    numbered_lines, split_first_token, standard_reasons, FirstLine, RequestLine,
};
use super::Issue;
use crate::diag::Code;
use crate::model::Body;

/// A parsed example request block.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestBlock {
    /// The upper-case method.
    pub method: String,
    /// The URL as written (absolute or relative, possibly with spaces).
    pub url: String,
    /// Headers in order, names as written, values trimmed.
    pub headers: Vec<(String, String)>,
    /// The body, trimmed, if any.
    pub body: Option<Body>,
    /// Further request lines found after the first one.
    pub extra_request_lines: Vec<RequestLine>,
    /// Warnings about the block.
    pub issues: Vec<Issue>,
}

/// A parsed example response block.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseBlock {
    /// The status code.
    pub status: u16,
    /// The reason phrase as written (may be empty).
    pub reason: String,
    /// Headers in order, names as written, values trimmed.
    pub headers: Vec<(String, String)>,
    /// The body, trimmed, if any.
    pub body: Option<Body>,
    /// Warnings about the block.
    pub issues: Vec<Issue>,
}

/// What follows the first line of a block: headers, then the body lines.
struct Rest<'a> {
    headers: Vec<(String, String)>,
    body_lines: Vec<(u32, &'a str)>,
    issues: Vec<Issue>,
}

/// Reads headers after the first line (index 0 of `lines`), then hands back the body
/// lines.
///
/// Headers follow the first line until a blank line. In requests, blank lines right
/// after the request line are skipped when a header follows them (44 request blocks
/// do this); responses never do, and there the lines after a blank line are the body
/// (a MIME message body starts with `From: …` in `api/attachment-get.md`). A line starting with `{` or `[`, or (in
/// requests) another request line, ends the headers without a blank line; any other
/// non-header line does too, with an `http-header-unreadable` warning.
fn read_headers<'a>(lines: &[(u32, &'a str)], is_request: bool) -> Rest<'a> {
    let mut headers = Vec::new();
    let mut issues = Vec::new();
    let mut i = 1;
    while let Some(&(no, line)) = lines.get(i) {
        if line.trim().is_empty() {
            let next = lines
                .get(i..)
                .unwrap_or(&[])
                .iter()
                .position(|(_, l)| !l.trim().is_empty())
                .map(|p| p + i);
            match next {
                Some(n)
                    if is_request
                        && headers.is_empty()
                        && lines.get(n).is_some_and(|(_, l)| is_header_after_blank(l)) =>
                {
                    i = n;
                    continue;
                }
                _ => {
                    i += 1;
                    break;
                }
            }
        }
        let trimmed = line.trim_start();
        if trimmed.starts_with(['{', '[']) {
            break;
        }
        if is_request && matches!(classify_line(line), FirstLine::Request { .. }) {
            break;
        }
        match header_of(line) {
            Some(h) => headers.push(h),
            None => {
                issues.push(Issue::warning(
                    Code::HttpHeaderUnreadable,
                    no,
                    format!(
                        "`{}` is not a `Name: value` header; read as the start of the body",
                        line.trim()
                    ),
                ));
                break;
            }
        }
        i += 1;
    }
    Rest {
        headers,
        body_lines: lines.get(i..).unwrap_or(&[]).to_vec(),
        issues,
    }
}

/// Reads a body text: JSON when the content type allows it and the text looks like
/// JSON, else raw.
fn read_body(
    text: &str,
    line: u32,
    headers: &[(String, String)],
    issues: &mut Vec<Issue>,
) -> Option<Body> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let content_type = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-type"))
        .map(|(_, v)| v.to_ascii_lowercase());
    let json_allowed = match &content_type {
        Some(ct) => ct.contains("json"),
        None => true,
    };
    if !json_allowed || !text.starts_with(['{', '[']) {
        return Some(Body::Raw(text.to_owned()));
    }
    Some(match read_json(text) {
        JsonRead::Strict(v) => Body::Json(v),
        JsonRead::Tolerant { value, fixes } => {
            issues.push(Issue::warning(
                Code::ExampleBodyNotStrictJson,
                line,
                format!(
                    "body is not strict JSON; read after fixing: {}",
                    fixes.join(", ")
                ),
            ));
            Body::Json(value)
        }
        JsonRead::Failed(e) => {
            issues.push(Issue::warning(
                Code::ExampleBodyInvalidJson,
                line,
                format!("body is not valid JSON, kept as text: {e}"),
            ));
            Body::Raw(text.to_owned())
        }
    })
}

/// The first non-blank line and its index, or an error issue.
fn first_content_line<'a>(
    lines: &[(u32, &'a str)],
    first_line: u32,
    code: Code,
    what: &str,
) -> Result<(usize, u32, &'a str), Issue> {
    lines
        .iter()
        .enumerate()
        .find(|(_, (_, l))| !l.trim().is_empty())
        .map(|(i, &(no, l))| (i, no, l))
        .ok_or_else(|| Issue::warning(code, first_line, format!("empty {what} block")))
}

/// Parses an example request block (the fence content without the fence lines).
/// `first_line` is the 1-based page line of the block's first content line.
///
/// The first non-blank line must be a request line ([`classify_line`]); otherwise the
/// result is an `example-request-unreadable` issue (a warning: the block is skipped, the page goes on). Headers and body are read as
/// described on [`RequestBlock`]'s fields; further request lines outside a JSON body go
/// to [`RequestBlock::extra_request_lines`] (header lines right after them are
/// skipped). Body warnings: `example-body-not-strict-json`, `example-body-invalid-json`;
/// header warnings: `http-header-unreadable`.
pub fn parse_request_block(text: &str, first_line: u32) -> Result<RequestBlock, Issue> {
    const CODE: Code = Code::ExampleRequestUnreadable;
    let all = numbered_lines(text, first_line);
    let (start, no, line) = first_content_line(&all, first_line, CODE, "request")?;
    let (method, url) = match classify_line(line) {
        FirstLine::Request { method, url } => (method, url),
        FirstLine::Response { .. } => {
            return Err(Issue::warning(
                CODE,
                no,
                format!(
                    "expected a request line but found a response status line `{}`",
                    line.trim()
                ),
            ))
        }
        FirstLine::Other => {
            return Err(Issue::warning(
                CODE,
                no,
                format!(
                    "expected a request line (`METHOD URL`) but found `{}`",
                    line.trim()
                ),
            ))
        }
    };
    let lines = all.get(start..).unwrap_or(&[]);
    let Rest {
        headers,
        body_lines,
        mut issues,
    } = read_headers(lines, true);
    let multipart = headers.iter().any(|(n, v)| {
        n.eq_ignore_ascii_case("content-type") && v.to_ascii_lowercase().starts_with("multipart/")
    });

    let mut extra_request_lines = Vec::new();
    let mut body = String::new();
    let mut body_line = None;
    let mut json_depth: i64 = 0;
    let mut after_extra = false;
    for &(no, line) in &body_lines {
        if json_depth <= 0 && !multipart {
            if let FirstLine::Request { method, url } = classify_line(line) {
                extra_request_lines.push(RequestLine {
                    method,
                    url,
                    line: no,
                });
                after_extra = true;
                continue;
            }
            if after_extra && header_of(line).is_some() {
                continue;
            }
        }
        after_extra = false;
        if body_line.is_none() && !line.trim().is_empty() {
            body_line = Some(no);
        }
        json_depth += bracket_delta(line);
        body.push_str(line);
        body.push('\n');
    }
    let body = read_body(&body, body_line.unwrap_or(no), &headers, &mut issues);
    Ok(RequestBlock {
        method,
        url,
        headers,
        body,
        extra_request_lines,
        issues,
    })
}

/// Parses an example response block (the fence content without the fence lines).
/// `first_line` is the 1-based page line of the block's first content line.
///
/// The first non-blank line must be a status line ([`classify_line`]); otherwise the
/// result is an `example-response-unreadable` issue (a warning). A status line without a version,
/// without a reason phrase or with a phrase that is not the standard one for the code
/// (compared case-insensitively) gives an `http-odd-status-line` warning; the status
/// comes from the number and the reason is kept as written.
pub fn parse_response_block(text: &str, first_line: u32) -> Result<ResponseBlock, Issue> {
    const CODE: Code = Code::ExampleResponseUnreadable;
    let all = numbered_lines(text, first_line);
    let (start, no, line) = first_content_line(&all, first_line, CODE, "response")?;
    let (status, reason) = match classify_line(line) {
        FirstLine::Response { status, reason } => (status, reason),
        FirstLine::Request { .. } => {
            return Err(Issue::warning(
                CODE,
                no,
                format!(
                    "expected a status line but found a request line `{}`",
                    line.trim()
                ),
            ))
        }
        FirstLine::Other => {
            return Err(Issue::warning(
                CODE,
                no,
                format!(
                    "expected a status line (`HTTP/1.1 200 OK`) but found `{}`",
                    line.trim()
                ),
            ))
        }
    };
    let mut issues = Vec::new();
    let standard = standard_reasons(status);
    let versioned = is_http_version(split_first_token(line).0);
    if !versioned {
        issues.push(Issue::warning(
            Code::HttpOddStatusLine,
            no,
            format!("status line `{}` has no HTTP version", line.trim()),
        ));
    }
    if reason.is_empty() {
        issues.push(Issue::warning(
            Code::HttpOddStatusLine,
            no,
            format!("status line `{}` has no reason phrase", line.trim()),
        ));
    } else if !standard.is_empty() && !standard.iter().any(|s| s.eq_ignore_ascii_case(&reason)) {
        issues.push(Issue::warning(
            Code::HttpOddStatusLine,
            no,
            format!(
                "reason phrase `{reason}` is not the standard `{}` for status {status}",
                standard.first().copied().unwrap_or_default()
            ),
        ));
    }
    let lines = all.get(start..).unwrap_or(&[]);
    let rest = read_headers(lines, false);
    issues.extend(rest.issues);
    let mut body = String::new();
    let mut body_line = None;
    for &(no, line) in &rest.body_lines {
        if body_line.is_none() && !line.trim().is_empty() {
            body_line = Some(no);
        }
        body.push_str(line);
        body.push('\n');
    }
    let body = read_body(&body, body_line.unwrap_or(no), &rest.headers, &mut issues);
    Ok(ResponseBlock {
        status,
        reason,
        headers: rest.headers,
        body,
        issues,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Severity;
    use crate::parse::http_section::request_lines;
    use crate::parse::path_template::parse_path_template;
    use crate::parse::request_line::line_no;
    use crate::parse::url::split_url;
    use serde_json::json;

    fn request(text: &str) -> RequestBlock {
        match parse_request_block(text, 10) {
            Ok(r) => r,
            Err(e) => panic!("{text:?}: {e:?}"),
        }
    }

    fn response(text: &str) -> ResponseBlock {
        match parse_response_block(text, 10) {
            Ok(r) => r,
            Err(e) => panic!("{text:?}: {e:?}"),
        }
    }

    fn codes(issues: &[Issue]) -> Vec<&'static str> {
        issues.iter().map(|i| i.code.as_str()).collect()
    }

    #[test]
    fn request_block_with_json_body() {
        let text = "POST https://graph.microsoft.com/v1.0/me/events\nContent-type: application/json\nContent-length: 12\n\n{\n  \"subject\": \"x\"\n}\n";
        let r = request(text);
        assert_eq!(r.method, "POST");
        assert_eq!(r.url, "https://graph.microsoft.com/v1.0/me/events");
        assert_eq!(
            r.headers,
            [
                ("Content-type".into(), "application/json".into()),
                ("Content-length".into(), "12".into())
            ]
        );
        assert_eq!(r.body, Some(Body::Json(json!({"subject": "x"}))));
        assert!(r.issues.is_empty());
        assert!(r.extra_request_lines.is_empty());
    }

    #[test]
    fn request_block_without_body() {
        let r = request("\nGET https://graph.microsoft.com/v1.0/me\n\n");
        assert_eq!(r.method, "GET");
        assert!(r.headers.is_empty());
        assert_eq!(r.body, None);
        let r = request("GET /users?$filter=displayName eq 'a b'\nConsistencyLevel: eventual");
        assert_eq!(r.url, "/users?$filter=displayName eq 'a b'");
        assert_eq!(r.headers, [("ConsistencyLevel".into(), "eventual".into())]);
    }

    #[test]
    fn blank_line_before_headers() {
        // api/intune-apps-mobileapp-assign.md
        let text = "POST https://graph.microsoft.com/v1.0/deviceAppManagement/mobileApps/{mobileAppId}/assign\n\nContent-type: application/json\nContent-length: 2\n\n{}";
        let r = request(text);
        assert_eq!(r.headers.len(), 2);
        assert_eq!(r.body, Some(Body::Json(json!({}))));
        // Not after headers were read.
        let r = request("POST /x\nContent-Type: text/plain\n\nKey: value");
        assert_eq!(r.headers.len(), 1);
        assert_eq!(r.body, Some(Body::Raw("Key: value".into())));
        // Not in responses: api/attachment-get.md has a MIME message body.
        let r = response(
            "HTTP/1.1 200 OK\n\nFrom: Megan Bowen <m@contoso.com>\nTo: Adele <a@contoso.com>",
        );
        assert!(r.headers.is_empty());
        assert_eq!(
            r.body,
            Some(Body::Raw(
                "From: Megan Bowen <m@contoso.com>\nTo: Adele <a@contoso.com>".into()
            ))
        );
        assert!(r.issues.is_empty());
    }

    #[test]
    fn body_without_blank_line() {
        let r = request("POST /x\nContent-type: application/json\n{\"a\": 1}");
        assert_eq!(r.headers.len(), 1);
        assert_eq!(r.body, Some(Body::Json(json!({"a": 1}))));
        let r = request("POST /x\n[1, 2]");
        assert!(r.headers.is_empty());
        assert_eq!(r.body, Some(Body::Json(json!([1, 2]))));
        let r = request("POST /x\nContent-type: text/plain\nhello there\n");
        assert_eq!(codes(&r.issues), ["http-header-unreadable"]);
        assert_eq!(r.issues[0].line, 12);
        assert_eq!(r.body, Some(Body::Raw("hello there".into())));
    }

    #[test]
    fn body_json_tolerance() {
        let r = request("PATCH /x\nContent-Type: application/json\n\n{\n  \"a\": 1,\n}");
        assert_eq!(r.body, Some(Body::Json(json!({"a": 1}))));
        assert_eq!(codes(&r.issues), ["example-body-not-strict-json"]);
        assert_eq!(r.issues[0].line, 13);
        assert!(r.issues[0].message.contains("trailing-comma"));
        let r = request(
            "POST /x\nContent-Type: application/json\n\n[Zip file containing a Teams app package]",
        );
        assert_eq!(
            r.body,
            Some(Body::Raw(
                "[Zip file containing a Teams app package]".into()
            ))
        );
        assert_eq!(codes(&r.issues), ["example-body-invalid-json"]);
    }

    #[test]
    fn body_raw_by_content_type() {
        let r = request("PUT /me/drive/root:/FolderA/FileB.txt:/content\nContent-Type: text/plain\n\nThe contents of the file goes here.");
        assert_eq!(
            r.body,
            Some(Body::Raw("The contents of the file goes here.".into()))
        );
        let r = request("PUT /me/photo/$value\nContent-type: image/jpeg\n\n{not json}");
        assert_eq!(r.body, Some(Body::Raw("{not json}".into())));
        assert!(r.issues.is_empty());
        let r = request(
            "POST /x\nContent-Type: application/json; odata.metadata=minimal\n\n{\"a\": true}",
        );
        assert_eq!(r.body, Some(Body::Json(json!({"a": true}))));
    }

    #[test]
    fn extra_request_lines() {
        // api/user-list-agreementacceptances.md
        let text = "GET https://graph.microsoft.com/v1.0/me/agreementAcceptances\n\nGET https://graph.microsoft.com/v1.0/users/f2f4/agreementAcceptances";
        let r = request(text);
        assert_eq!(r.body, None);
        assert_eq!(
            r.extra_request_lines,
            [RequestLine {
                method: "GET".into(),
                url: "https://graph.microsoft.com/v1.0/users/f2f4/agreementAcceptances".into(),
                line: 12
            }]
        );
        // Directly after the first line, with its own headers.
        let r = request("GET /sites/root\nGET /sites/contoso.sharepoint.com\nPrefer: x\n");
        assert_eq!(r.extra_request_lines.len(), 1);
        assert_eq!(r.body, None);
        // Inside a JSON body it is body text.
        let r = request("POST /x\n\n{\n\"a\":\n\"b\"\n}\nGET /y");
        assert_eq!(r.body, Some(Body::Json(json!({"a": "b"}))));
        assert_eq!(r.extra_request_lines.len(), 1);
        // Inside a multipart body it is body text.
        let r = request("POST /$batch\nContent-Type: multipart/mixed; boundary=b\n\n--b\nGET /me HTTP/1.1\n--b--");
        assert!(r.extra_request_lines.is_empty());
        assert_eq!(
            r.body,
            Some(Body::Raw("--b\nGET /me HTTP/1.1\n--b--".into()))
        );
    }

    #[test]
    fn request_block_errors() {
        let e = parse_request_block("HTTP/1.1 200 OK\n", 4).err();
        assert_eq!(
            e.as_ref().map(|e| (e.code.as_str(), e.line, e.severity)),
            Some(("example-request-unreadable", 4, Severity::Warning))
        );
        let e = parse_request_block("\n\n{ \"a\": 1 }", 4).err();
        assert_eq!(
            e.as_ref().map(|e| (e.code.as_str(), e.line)),
            Some(("example-request-unreadable", 6))
        );
        let e = parse_request_block("", 4).err();
        assert_eq!(
            e.as_ref().map(|e| (e.code.as_str(), e.line)),
            Some(("example-request-unreadable", 4))
        );
        let e = parse_request_block("get /me", 4).err();
        assert_eq!(
            e.map(|e| e.code.as_str()),
            Some("example-request-unreadable")
        );
    }

    #[test]
    fn response_blocks() {
        let r =
            response("HTTP/1.1 200 OK\nContent-type: application/json\n\n{\n  \"value\": []\n}");
        assert_eq!((r.status, r.reason.as_str()), (200, "OK"));
        assert_eq!(
            r.headers,
            [("Content-type".into(), "application/json".into())]
        );
        assert_eq!(r.body, Some(Body::Json(json!({"value": []}))));
        assert!(r.issues.is_empty());
        let r = response("HTTP/1.1 204 No Content");
        assert_eq!((r.status, r.body), (204, None));
        let r = response("HTTP/1.1 200 OK\nContent-type: text/plain\n\n893");
        assert_eq!(r.body, Some(Body::Raw("893".into())));
        let r =
            response("HTTP/1.1 302 Found\nLocation: https://b0mpua-by3301.files.1drv.com/y23vmag");
        assert_eq!(
            r.headers,
            [(
                "Location".into(),
                "https://b0mpua-by3301.files.1drv.com/y23vmag".into()
            )]
        );
        let r = response("HTTP/1.1 200 OK\n{\"a\": 1,}");
        assert_eq!(r.body, Some(Body::Json(json!({"a": 1}))));
        assert_eq!(codes(&r.issues), ["example-body-not-strict-json"]);
        assert_eq!(r.issues[0].line, 11);
    }

    #[test]
    fn odd_status_lines() {
        for (line, reason) in [
            ("HTTP/1.1 204 No content", "No content"),
            ("HTTP/1.1 204 NO CONTENT", "NO CONTENT"),
            ("HTTP/1.1 404 NOT FOUND", "NOT FOUND"),
            ("HTTP/1.1 207 Multi-Status", "Multi-Status"),
            ("HTTP/1.1 299 Whatever", "Whatever"),
        ] {
            let r = response(line);
            assert_eq!(r.reason, reason);
            assert!(r.issues.is_empty(), "{line}: {:?}", r.issues);
        }
        for (line, status) in [
            ("HTTP 201 Created", 201),
            ("HTTP/1.1 200", 200),
            ("HTTP/1.1 202 Accpted", 202),
            ("HTTP/1.1 201 OK", 201),
            ("HTTP/1.1 200 Success", 200),
        ] {
            let r = response(line);
            assert_eq!(r.status, status);
            assert_eq!(codes(&r.issues), ["http-odd-status-line"], "{line}");
            assert_eq!(r.issues[0].line, 10);
        }
        assert_eq!(response("HTTP/1.1 202 Accpted").reason, "Accpted");
    }

    #[test]
    fn response_block_errors() {
        // api/channel-post-messagereply.md: a response annotation on a request.
        let e =
            parse_response_block("POST /teams/{id}/channels/{id}/messages/{id}/replies\n", 4).err();
        assert_eq!(
            e.as_ref().map(|e| (e.code.as_str(), e.severity)),
            Some(("example-response-unreadable", Severity::Warning))
        );
        let e = parse_response_block("{ \"a\": 1 }", 4).err();
        assert_eq!(
            e.map(|e| e.code.as_str()),
            Some("example-response-unreadable")
        );
        let e = parse_response_block("  \n", 4).err();
        assert_eq!(
            e.map(|e| e.code.as_str()),
            Some("example-response-unreadable")
        );
    }

    #[test]
    fn crlf_and_odd_input_do_not_panic() {
        let r = request("GET /me\r\nAccept: */*\r\n\r\n");
        assert_eq!(r.headers, [("Accept".into(), "*/*".into())]);
        for s in [
            "",
            "\n",
            "GET",
            "GET é",
            "HTTP/1.1 999 é",
            "é: é",
            "{",
            "GET /x\n{",
            "GET /x\n\n\n",
            "HTTP/1.1 200 OK\n\u{0}",
        ] {
            let _ = parse_request_block(s, 1);
            let _ = parse_response_block(s, 1);
            let _ = request_lines(s, u32::MAX);
            let _ = classify_line(s);
            let _ = split_url(s);
            let _ = parse_path_template(s);
        }
        assert_eq!(line_no(u32::MAX, 5), u32::MAX);
    }
}
