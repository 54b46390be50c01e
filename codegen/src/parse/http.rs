//! HTTP request templates, request lines and example request/response blocks.
//!
//! Three kinds of input are read here, all from the content of fenced code blocks:
//! * the request lines of an *HTTP request* section (`GET /users/{id | userPrincipalName}`),
//!   see [`request_lines`], whose paths [`parse_path_template`] turns into a
//!   [`PathTemplate`];
//! * example request blocks ([`parse_request_block`]): a request line, headers and a body;
//! * example response blocks ([`parse_response_block`]): a status line, headers and a body.
//!
//! The readers are hand-written on purpose. HTTP parsing crates (`httparse`, `http`)
//! reject exactly what the pages contain: spaces in URLs (`$filter=a eq b`), a blank
//! line between the request line and the headers, `HTTP 201 Created` without a version,
//! bodies without a separating blank line. URL crates percent-encode or reject `{}`
//! placeholders and know nothing of OData's `root:/{item-path}:` addressing or of
//! function-call segments, so path templates get their own small scanner too. All
//! readers work line by line or char by char and never index by byte position.

use super::json::{read_json, JsonRead};
use super::Issue;
use crate::model::{Body, PathTemplate, Segment, SegmentPart};

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
fn split_first_token(s: &str) -> (&str, &str) {
    let s = s.trim_start();
    match s.split_once(char::is_whitespace) {
        Some((first, rest)) => (first, rest.trim()),
        None => (s, ""),
    }
}

/// `HTTP/1.1`, `HTTP/2` (any case).
fn is_http_version(token: &str) -> bool {
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
fn standard_reasons(status: u16) -> &'static [&'static str] {
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
fn strip_scheme(url: &str) -> Option<&str> {
    ["https://", "http://"].iter().find_map(|scheme| {
        url.get(..scheme.len())
            .filter(|p| p.eq_ignore_ascii_case(scheme))
            .and_then(|_| url.get(scheme.len()..))
    })
}

/// Parses a documented request path into a [`PathTemplate`].
///
/// The input is an HTTP-request-section path (`/users/{id | userPrincipalName}/events`)
/// or an example URL. Rules:
/// * surrounding whitespace is trimmed; an absolute `http(s)://host[/version]` prefix is
///   stripped (see [`split_url`]); leading, trailing and doubled `/` are ignored
///   (empty segments are dropped);
/// * the first `?` outside `{}`/`()` starts the query, kept literally in
///   [`PathTemplate::query`]. The optional-query notation `[?a=b]` at the end
///   (`content[?includeIDs=true]`) is read as the query `a=b`;
/// * segments are split on `/` outside `{}`, `()` and, inside parentheses, `'…'`, so
///   `range(address='A1:B2')` and `Any(ep: ep/id eq '{id}')` stay in one segment;
/// * in a segment, `{a | b}` is a [`SegmentPart::Param`] with the trimmed alternatives
///   (`{path and filename}` is one name with its spaces), and the text between
///   placeholders is [`SegmentPart::Literal`] (function calls such as
///   `delta(token='{token}')` become `delta(token='`, `token`, `')`);
/// * colon addressing: a segment ending in `:` (`root:`, `{parent-id}:`,
///   `{hostname}:`) keeps its colon as literal text, and the segments after it up to
///   and including the next one ending in `:` (or up to the end when there is none)
///   become one segment holding a single [`SegmentPart::ItemPath`]. Its name is the
///   text inside the braces when that text is one `{…}` placeholder, else the literal
///   text (`FolderA/FileB.txt`). The closing colon is implied by the `ItemPath`.
///
/// [`render_template`] rebuilds the path; for a path written in the normal form (leading
/// `/`, no empty segments, item paths braced and closed by `:`, alternatives written
/// `{a | b}`) it returns the documented text.
///
/// Errors (a message) for empty input and for unbalanced braces or parentheses in the
/// path part.
pub fn parse_path_template(path: &str) -> Result<PathTemplate, String> {
    let trimmed = path.trim();
    if trimmed.is_empty() {
        return Err("empty path".to_owned());
    }
    let owned;
    let text = if strip_scheme(trimmed).is_some() {
        owned = split_url(trimmed).path_and_query;
        owned.as_str()
    } else {
        trimmed
    };
    let (path_part, query) = split_query(text)?;
    let raw: Vec<&str> = split_segments(path_part)?
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    let mut segments = Vec::with_capacity(raw.len());
    let mut i = 0;
    while let Some(&seg) = raw.get(i) {
        segments.push(parse_segment(seg));
        i += 1;
        if !opens_item_path(seg) || i >= raw.len() {
            continue;
        }
        // Collect the item path up to the segment that ends with `:`.
        let start = i;
        while raw.get(i).is_some_and(|s| !opens_item_path(s)) {
            i += 1;
        }
        let end = (i + 1).min(raw.len());
        let joined = raw.get(start..end).unwrap_or(&[]).join("/");
        let text = joined.strip_suffix(':').unwrap_or(&joined);
        segments.push(Segment {
            parts: vec![SegmentPart::ItemPath {
                name: item_path_name(text),
            }],
        });
        i = end;
    }
    Ok(PathTemplate { segments, query })
}

/// A raw segment that ends with `:` (outside braces, as split).
fn opens_item_path(raw: &str) -> bool {
    raw.len() > 1 && raw.ends_with(':')
}

/// The name of an item path: the inside of one `{…}` placeholder, else the text;
/// trimmed.
fn item_path_name(text: &str) -> String {
    if let Some(inner) = text.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
        if !inner.contains(['{', '}']) {
            return inner.trim().to_owned();
        }
    }
    text.trim().to_owned()
}

/// Nesting state of the path scanner.
#[derive(Default)]
struct Depth {
    braces: u32,
    parens: u32,
    quote: bool,
}

impl Depth {
    /// Updates the state for `c`; errors on a closing bracket without an opening one.
    fn step(&mut self, c: char) -> Result<(), String> {
        if self.quote {
            if c == '\'' {
                self.quote = false;
            }
            return Ok(());
        }
        match c {
            '{' => self.braces = self.braces.saturating_add(1),
            '}' => {
                self.braces = self
                    .braces
                    .checked_sub(1)
                    .ok_or("unbalanced braces: `}` without `{`")?
            }
            '(' if self.braces == 0 => self.parens = self.parens.saturating_add(1),
            ')' if self.braces == 0 => {
                self.parens = self
                    .parens
                    .checked_sub(1)
                    .ok_or("unbalanced parentheses: `)` without `(`")?
            }
            '\'' if self.parens > 0 && self.braces == 0 => self.quote = true,
            _ => {}
        }
        Ok(())
    }

    fn top(&self) -> bool {
        self.braces == 0 && self.parens == 0 && !self.quote
    }

    fn check_closed(&self) -> Result<(), String> {
        if self.braces > 0 {
            Err("unbalanced braces: `{` without `}`".to_owned())
        } else if self.parens > 0 {
            Err("unbalanced parentheses: `(` without `)`".to_owned())
        } else {
            Ok(())
        }
    }
}

/// Splits the path part from the query at the first top-level `?`; checks that the
/// path part's braces and parentheses are balanced.
fn split_query(text: &str) -> Result<(&str, Option<String>), String> {
    let mut depth = Depth::default();
    for (i, c) in text.char_indices() {
        if c == '?' && depth.top() {
            depth.check_closed()?;
            let path = text.get(..i).unwrap_or("");
            let query = text.get(i + 1..).unwrap_or("");
            // `content[?includeIDs=true]`: an optional query.
            let (path, query) = match (path.strip_suffix('['), query.strip_suffix(']')) {
                (Some(p), Some(q)) => (p, q),
                _ => (path, query),
            };
            return Ok((path, Some(query.to_owned())));
        }
        depth.step(c)?;
    }
    depth.check_closed()?;
    Ok((text, None))
}

/// Splits a path (without query) on top-level `/`.
fn split_segments(path: &str) -> Result<Vec<&str>, String> {
    let mut out = Vec::new();
    let mut depth = Depth::default();
    let mut start = 0;
    for (i, c) in path.char_indices() {
        if c == '/' && depth.top() {
            out.push(path.get(start..i).unwrap_or(""));
            start = i + 1;
            continue;
        }
        depth.step(c)?;
    }
    out.push(path.get(start..).unwrap_or(""));
    Ok(out)
}

/// Splits one segment into literal text and `{…}` placeholders.
fn parse_segment(raw: &str) -> Segment {
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '{' {
            literal.push(c);
            continue;
        }
        let mut inner = String::new();
        let mut depth = 1u32;
        let mut closed = false;
        for d in chars.by_ref() {
            match d {
                '{' => depth = depth.saturating_add(1),
                '}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        closed = true;
                        break;
                    }
                }
                _ => {}
            }
            inner.push(d);
        }
        if !closed {
            // Cannot happen after the balance check; keep the text as written.
            literal.push('{');
            literal.push_str(&inner);
            continue;
        }
        if !literal.is_empty() {
            parts.push(SegmentPart::Literal {
                text: std::mem::take(&mut literal),
            });
        }
        let names = inner
            .split('|')
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_owned)
            .collect();
        parts.push(SegmentPart::Param { names });
    }
    if !literal.is_empty() {
        parts.push(SegmentPart::Literal { text: literal });
    }
    Segment { parts }
}

/// Rebuilds a path from a template: `/` + segments joined by `/` (+ `?query`).
///
/// A [`SegmentPart::Param`] is written `{name}` or `{a | b}`, an
/// [`SegmentPart::ItemPath`] `{name}:` (the colon that closes the item path). See
/// [`parse_path_template`] for when this gives back the documented text.
pub fn render_template(t: &PathTemplate) -> String {
    let mut out = String::new();
    for seg in &t.segments {
        out.push('/');
        for part in &seg.parts {
            match part {
                SegmentPart::Literal { text } => out.push_str(text),
                SegmentPart::Param { names } => {
                    out.push('{');
                    out.push_str(&names.join(" | "));
                    out.push('}');
                }
                SegmentPart::ItemPath { name } => {
                    out.push('{');
                    out.push_str(name);
                    out.push_str("}:");
                }
            }
        }
    }
    if out.is_empty() {
        out.push('/');
    }
    if let Some(q) = &t.query {
        out.push('?');
        out.push_str(q);
    }
    out
}

/// The 1-based page line of the block's line at index `idx`.
fn line_no(first_line: u32, idx: usize) -> u32 {
    first_line.saturating_add(u32::try_from(idx).unwrap_or(u32::MAX))
}

/// Is this a header line (`Name: value`)? The name is a token of letters, digits, `-`
/// and `_` starting with a letter; `https://…` is not a header.
fn header_of(line: &str) -> Option<(String, String)> {
    let (name, value) = line.trim().split_once(':')?;
    let mut chars = name.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && !value.starts_with("//");
    valid.then(|| (name.to_owned(), value.trim().to_owned()))
}

/// A header line as it may follow blank lines: `Name:` followed by whitespace.
fn is_header_after_blank(line: &str) -> bool {
    let line = line.trim();
    header_of(line).is_some()
        && line
            .split_once(':')
            .is_some_and(|(_, v)| v.starts_with(char::is_whitespace))
}

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
    /// Further request lines found after the first one: `(method, url, line)`.
    pub extra_request_lines: Vec<(String, String, u32)>,
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

/// The lines of a block with their page line numbers, `\r` stripped.
fn numbered_lines(text: &str, first_line: u32) -> Vec<(u32, &str)> {
    text.split('\n')
        .enumerate()
        .map(|(i, l)| (line_no(first_line, i), l.strip_suffix('\r').unwrap_or(l)))
        .collect()
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
                    "http-header-unreadable",
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
                "example-body-not-strict-json",
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
                "example-body-invalid-json",
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
    code: &'static str,
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
    const CODE: &str = "example-request-unreadable";
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
                extra_request_lines.push((method, url, no));
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

/// The change in `{[` / `]}` nesting over a line, ignoring brackets in `"…"` strings.
fn bracket_delta(line: &str) -> i64 {
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

/// Parses an example response block (the fence content without the fence lines).
/// `first_line` is the 1-based page line of the block's first content line.
///
/// The first non-blank line must be a status line ([`classify_line`]); otherwise the
/// result is an `example-response-unreadable` issue (a warning). A status line without a version,
/// without a reason phrase or with a phrase that is not the standard one for the code
/// (compared case-insensitively) gives an `http-odd-status-line` warning; the status
/// comes from the number and the reason is kept as written.
pub fn parse_response_block(text: &str, first_line: u32) -> Result<ResponseBlock, Issue> {
    const CODE: &str = "example-response-unreadable";
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
            "http-odd-status-line",
            no,
            format!("status line `{}` has no HTTP version", line.trim()),
        ));
    }
    if reason.is_empty() {
        issues.push(Issue::warning(
            "http-odd-status-line",
            no,
            format!("status line `{}` has no reason phrase", line.trim()),
        ));
    } else if !standard.is_empty() && !standard.iter().any(|s| s.eq_ignore_ascii_case(&reason)) {
        issues.push(Issue::warning(
            "http-odd-status-line",
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

/// Reads the request lines of an HTTP-request-section block: `(method, path, line)` for
/// every line that starts with an upper-case method from [`METHODS`] and a path.
///
/// Skipped without an issue: blank lines, header lines (`workbook-session-id: {id}`),
/// JSON (a line starting with `{` or `[` and the lines up to its closing bracket, or a
/// line starting with `"`, `}` or `]`) and prose (a line that starts with a letter and has
/// no `/`, such as `or`). A method in the wrong case (`get /me`) or an unknown upper-case
/// method before a path gives an `http-unknown-method` warning and is skipped; any other
/// line gives an `http-request-line-unreadable` warning.
pub fn request_lines(text: &str, first_line: u32) -> (Vec<(String, String, u32)>, Vec<Issue>) {
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
            out.push((method, url, no));
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
                "http-unknown-method",
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
            "http-request-line-unreadable",
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
    use serde_json::json;

    fn lit(text: &str) -> SegmentPart {
        SegmentPart::Literal { text: text.into() }
    }

    fn param(names: &[&str]) -> SegmentPart {
        SegmentPart::Param {
            names: names.iter().map(|n| n.to_string()).collect(),
        }
    }

    fn item(name: &str) -> SegmentPart {
        SegmentPart::ItemPath { name: name.into() }
    }

    fn seg(parts: Vec<SegmentPart>) -> Segment {
        Segment { parts }
    }

    fn template(path: &str) -> PathTemplate {
        match parse_path_template(path) {
            Ok(t) => t,
            Err(e) => panic!("{path:?}: {e}"),
        }
    }

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
        issues.iter().map(|i| i.code).collect()
    }

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

    #[test]
    fn simple_paths() {
        let t = template("/users/{id | userPrincipalName}/events");
        assert_eq!(
            t.segments,
            [
                seg(vec![lit("users")]),
                seg(vec![param(&["id", "userPrincipalName"])]),
                seg(vec![lit("events")])
            ]
        );
        assert_eq!(t.query, None);
        assert_eq!(
            template("/users/{id|userPrincipalName}").segments[1],
            seg(vec![param(&["id", "userPrincipalName"])])
        );
        assert_eq!(
            template("/me/drive/items/{path and filename}").segments[3],
            seg(vec![param(&["path and filename"])])
        );
        assert_eq!(
            template("/me/messages/{id}/$value").segments[3],
            seg(vec![lit("$value")])
        );
    }

    #[test]
    fn irregular_forms() {
        let expected = template("/policies/activityBasedTimeoutPolicies");
        assert_eq!(template("policies/activityBasedTimeoutPolicies"), expected);
        assert_eq!(
            template("  /policies/activityBasedTimeoutPolicies/ "),
            expected
        );
        assert_eq!(
            template("/policies//activityBasedTimeoutPolicies"),
            expected
        );
        assert_eq!(
            template("https://graph.microsoft.com/v1.0/policies/activityBasedTimeoutPolicies"),
            expected
        );
        assert_eq!(template("/").segments, []);
    }

    #[test]
    fn queries() {
        let t = template("/me/events?$select=subject,body&$top=2");
        assert_eq!(t.segments.len(), 2);
        assert_eq!(t.query.as_deref(), Some("$select=subject,body&$top=2"));
        let t = template(
            "/users/{id}?$expand=extensions($filter=id eq '{extensionId}')&$select=id,{property_1}",
        );
        assert_eq!(
            t.query.as_deref(),
            Some("$expand=extensions($filter=id eq '{extensionId}')&$select=id,{property_1}")
        );
        let t = template("/groups/{id}/acceptedSenders/$ref?$id=https://graph.microsoft.com/v1.0/users/{user-id}");
        assert_eq!(t.segments.len(), 4);
        assert_eq!(
            t.query.as_deref(),
            Some("$id=https://graph.microsoft.com/v1.0/users/{user-id}")
        );
        let t = template("/me/onenote/pages/{id}/content[?includeIDs=true]");
        assert_eq!(t.segments.last(), Some(&seg(vec![lit("content")])));
        assert_eq!(t.query.as_deref(), Some("includeIDs=true"));
        assert_eq!(template("/x?").query.as_deref(), Some(""));
    }

    #[test]
    fn filter_with_slashes_and_parens() {
        let path = "/me/messages?$filter=singleValueExtendedProperties/Any(ep: ep/id eq '{id_value}' and contains(ep/value, '{property_value}'))";
        let t = template(path);
        assert_eq!(t.segments.len(), 2);
        assert!(t
            .query
            .as_deref()
            .is_some_and(|q| q.ends_with("'{property_value}'))")));
        // The same filter in the path part (no `?`) stays in one segment.
        let t = template("/x/Any(ep: ep/id eq '{id}')");
        assert_eq!(
            t.segments[1],
            seg(vec![lit("Any(ep: ep/id eq '"), param(&["id"]), lit("')")])
        );
    }

    #[test]
    fn function_segments() {
        let t = template("/me/calendar/reminderView(startDateTime={startDateTime-value},endDateTime={endDateTime-value})");
        assert_eq!(
            t.segments[2],
            seg(vec![
                lit("reminderView(startDateTime="),
                param(&["startDateTime-value"]),
                lit(",endDateTime="),
                param(&["endDateTime-value"]),
                lit(")")
            ])
        );
        let t = template("/me/drive/items/{item-id}/workbook/worksheets/{id|name}/charts/{name}/image(width=640,height=480,fittingMode='fit')");
        assert_eq!(
            t.segments.last(),
            Some(&seg(vec![lit(
                "image(width=640,height=480,fittingMode='fit')"
            )]))
        );
        let t = template("/me/drive/root/delta(token='{token}')");
        assert_eq!(
            t.segments[3],
            seg(vec![lit("delta(token='"), param(&["token"]), lit("')")])
        );
        let t = template("/me/x/range(address='A1:B2/C3')/format");
        assert_eq!(t.segments[2], seg(vec![lit("range(address='A1:B2/C3')")]));
        assert_eq!(t.segments.len(), 4);
        let t = template("/me/outlook/supportedTimeZones(TimeZoneStandard=microsoft.graph.timeZoneStandard'{timezone_format}')");
        assert_eq!(
            t.segments[2],
            seg(vec![
                lit("supportedTimeZones(TimeZoneStandard=microsoft.graph.timeZoneStandard'"),
                param(&["timezone_format"]),
                lit("')")
            ])
        );
    }

    #[test]
    fn colon_addressing() {
        let t = template("/me/drive/root:/{item-path}:/content");
        assert_eq!(
            t.segments,
            [
                seg(vec![lit("me")]),
                seg(vec![lit("drive")]),
                seg(vec![lit("root:")]),
                seg(vec![item("item-path")]),
                seg(vec![lit("content")])
            ]
        );
        assert_eq!(render_template(&t), "/me/drive/root:/{item-path}:/content");
        let t = template("/drives/{drive-id}/root:/{path-relative-to-root}:/children");
        assert_eq!(t.segments[3], seg(vec![item("path-relative-to-root")]));
        let t = template("/sites/{site-id}/drive/items/{parent-id}:/{filename}:/content");
        assert_eq!(t.segments[4], seg(vec![param(&["parent-id"]), lit(":")]));
        assert_eq!(t.segments[5], seg(vec![item("filename")]));
        assert_eq!(
            render_template(&t),
            "/sites/{site-id}/drive/items/{parent-id}:/{filename}:/content"
        );
        // Unbraced, spanning several segments.
        let t = template("/me/drive/root:/FolderA/FileB.txt:/content");
        assert_eq!(t.segments[3], seg(vec![item("FolderA/FileB.txt")]));
        assert_eq!(t.segments.len(), 5);
        // No closing colon: the item path runs to the end.
        let t = template("/sites/{hostname}:/{server-relative-path}");
        assert_eq!(t.segments[2], seg(vec![item("server-relative-path")]));
        assert_eq!(
            render_template(&t),
            "/sites/{hostname}:/{server-relative-path}:"
        );
        // A trailing `root:` stays literal.
        assert_eq!(
            template("/me/drive/root:").segments[2],
            seg(vec![lit("root:")])
        );
        // With a query.
        let t = template("/me/drive/root:/{item-path}:?$select=id");
        assert_eq!(t.segments[3], seg(vec![item("item-path")]));
        assert_eq!(t.query.as_deref(), Some("$select=id"));
    }

    #[test]
    fn template_errors() {
        assert!(parse_path_template("").is_err());
        assert!(parse_path_template("   ").is_err());
        assert!(parse_path_template("/users/{id").is_err());
        assert!(parse_path_template("/users/id}").is_err());
        assert!(parse_path_template("/x/f(a=1").is_err());
        assert!(parse_path_template("/x/f)").is_err());
        assert!(parse_path_template("/x/f('a)").is_err());
        // The query is not checked.
        assert!(parse_path_template("/x?$filter=(a").is_ok());
    }

    #[test]
    fn render_normal_forms() {
        for path in [
            "/users/{id | userPrincipalName}/events",
            "/me/drive/root:/{item-path}:/content",
            "/me/calendar/reminderView(startDateTime={startDateTime-value},endDateTime={endDateTime-value})",
            "/me/messages?$filter=a eq 'b/c'",
            "/",
            "/me/drive/items/{path and filename}",
        ] {
            assert_eq!(render_template(&template(path)), path);
        }
        assert_eq!(
            render_template(&template("users/{id|userPrincipalName}/")),
            "/users/{id | userPrincipalName}"
        );
        assert_eq!(render_template(&PathTemplate::default()), "/");
        let t = PathTemplate {
            segments: vec![seg(vec![param(&[])])],
            query: Some("q".into()),
        };
        assert_eq!(render_template(&t), "/{}?q");
        assert_eq!(
            template("/{}"),
            PathTemplate {
                segments: vec![seg(vec![param(&[])])],
                query: None
            }
        );
    }

    #[test]
    fn request_lines_of_sections() {
        let text = "GET /me/events\nGET /users/{id | userPrincipalName}/events\n\nPOST  /groups/{id}/events HTTP/1.1";
        let (lines, issues) = request_lines(text, 31);
        assert!(issues.is_empty());
        assert_eq!(
            lines,
            [
                ("GET".into(), "/me/events".into(), 31),
                (
                    "GET".into(),
                    "/users/{id | userPrincipalName}/events".into(),
                    32
                ),
                ("POST".into(), "/groups/{id}/events".into(), 34),
            ]
        );
    }

    #[test]
    fn request_lines_skip_headers_json_prose() {
        // api/workbook-closesession.md, api/driveitem-invite.md, api/user-list-joinedteams.md
        let text = "POST /me/drive/items/{id}/workbook/closeSession\nworkbook-session-id: {session-id}\n\nPOST /drives/{drive-id}/items/{item-id}/invite\n{\n  \"requireSignIn\": true,\n  \"roles\": [ \"read\" ],\n  \"x\": \"GET /not/a/line\"\n}\nor\n或\nGET /me/joinedTeams";
        let (lines, issues) = request_lines(text, 1);
        assert!(issues.is_empty(), "{issues:?}");
        let methods: Vec<(&str, u32)> = lines.iter().map(|(m, _, l)| (m.as_str(), *l)).collect();
        assert_eq!(methods, [("POST", 1), ("POST", 4), ("GET", 12)]);
    }

    #[test]
    fn request_lines_issues() {
        let text = "get /me\nCOPY /me/x\n/me/events\nHTTP/1.1 200 OK\nGET /ok";
        let (lines, issues) = request_lines(text, 5);
        assert_eq!(lines, [("GET".into(), "/ok".into(), 9)]);
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
            [(
                "GET".into(),
                "https://graph.microsoft.com/v1.0/users/f2f4/agreementAcceptances".into(),
                12
            )]
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
            e.as_ref().map(|e| (e.code, e.line, e.severity)),
            Some(("example-request-unreadable", 4, Severity::Warning))
        );
        let e = parse_request_block("\n\n{ \"a\": 1 }", 4).err();
        assert_eq!(
            e.as_ref().map(|e| (e.code, e.line)),
            Some(("example-request-unreadable", 6))
        );
        let e = parse_request_block("", 4).err();
        assert_eq!(
            e.as_ref().map(|e| (e.code, e.line)),
            Some(("example-request-unreadable", 4))
        );
        let e = parse_request_block("get /me", 4).err();
        assert_eq!(e.map(|e| e.code), Some("example-request-unreadable"));
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
            e.as_ref().map(|e| (e.code, e.severity)),
            Some(("example-response-unreadable", Severity::Warning))
        );
        let e = parse_response_block("{ \"a\": 1 }", 4).err();
        assert_eq!(e.map(|e| e.code), Some("example-response-unreadable"));
        let e = parse_response_block("  \n", 4).err();
        assert_eq!(e.map(|e| e.code), Some("example-response-unreadable"));
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
