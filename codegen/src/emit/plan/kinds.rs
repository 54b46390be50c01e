//! What an operation takes and returns: the body kind (none, JSON, raw bytes, either) and
//! the return kind (nothing, JSON, raw bytes), decided from the examples, the body table,
//! the Response section and the shape of the documented paths.

use super::cases::header;
use super::ir::{BodyKind, RetKind, Variant};
use super::variants::ends_in_content;
use crate::model::{Body, Example, Page};

pub fn is_success(status: u16) -> bool {
    (200..300).contains(&status)
}

pub fn is_json_type(ct: Option<&str>) -> bool {
    ct.is_some_and(|c| c.to_ascii_lowercase().contains("json"))
}

/// A raw request body that is meant as JSON (JSON content type, or no content type
/// and looks like JSON).
pub fn raw_is_jsonish(body: &str, ct: Option<&str>) -> bool {
    match ct {
        Some(c) => is_json_type(Some(c)),
        None => {
            let t = body.trim_start();
            t.starts_with('{') || t.starts_with('[')
        }
    }
}

/// Header values the mock server and the runtime accept (visible ASCII and spaces).
pub fn valid_header_value(v: &str) -> bool {
    v.chars()
        .all(|c| c == ' ' || c == '\t' || c.is_ascii_graphic())
}

pub fn valid_header_name(n: &str) -> bool {
    !n.is_empty()
        && n.chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c))
}

/// The body kind of a `method` operation from the page's body table and the examples.
pub fn body_kind(page: &Page, method: &str, evidence: &[&Example]) -> BodyKind {
    if !matches!(method, "POST" | "PUT" | "PATCH") {
        return BodyKind::None;
    }
    let mut json = !page.body_parameters.is_empty();
    let mut raw: Option<String> = None;
    let mut json_examples = false;
    for e in evidence {
        let ct = header(&e.request.headers, "Content-Type");
        match &e.request.body {
            Some(Body::Json(_)) => {
                json = true;
                json_examples = true;
            }
            Some(Body::Raw(text)) if raw_is_jsonish(text, ct) => json = true,
            Some(Body::Raw(_)) if raw.is_none() => {
                raw = Some(
                    ct.filter(|c| valid_header_value(c))
                        .unwrap_or("application/octet-stream")
                        .to_owned(),
                );
            }
            Some(Body::Raw(_)) => {}
            None => {}
        }
    }
    match (raw, json_examples, json) {
        (Some(_), true, _) => BodyKind::Any,
        (Some(content_type), false, _) => BodyKind::Raw { content_type },
        (None, _, true) => BodyKind::Json,
        (None, _, false) => BodyKind::None,
    }
}

/// The return kind: raw bytes when a successful example answers with a raw body or a
/// `GET` path ends in `$value`/`content`; JSON when a successful example answers with a
/// body; nothing for documented 202/204 or bodyless answers without a declared type;
/// bytes for redirects; else JSON.
pub fn ret_kind(
    page: &Page,
    method: &str,
    variants: &[Variant<'_>],
    evidence: &[&Example],
) -> RetKind {
    let success: Vec<&Example> = evidence
        .iter()
        .copied()
        .filter(|e| e.response.as_ref().is_some_and(|r| is_success(r.status)))
        .collect();
    let raw_success = success.iter().any(|e| {
        e.response.as_ref().is_some_and(|r| {
            matches!(&r.body, Some(Body::Raw(t)) if !is_json_type(header(&r.headers, "Content-Type")) && !t.trim().is_empty())
        })
    });
    let json_success = success.iter().any(|e| {
        e.response
            .as_ref()
            .is_some_and(|r| matches!(&r.body, Some(Body::Json(_)) | Some(Body::Raw(_))))
    });
    let content = variants.iter().any(|v| ends_in_content(v.template));
    let redirect = evidence.iter().any(|e| {
        e.response
            .as_ref()
            .is_some_and(|r| (300..400).contains(&r.status))
    }) || page
        .response
        .status
        .is_some_and(|s| (300..400).contains(&s));
    if raw_success || (method == "GET" && content) {
        RetKind::Bytes
    } else if json_success {
        RetKind::Json
    } else if matches!(page.response.status, Some(202) | Some(204)) {
        RetKind::Empty
    } else if !success.is_empty() {
        // documented answers without body: a declared return type still wins
        if page.response.returns.is_some() {
            RetKind::Json
        } else {
            RetKind::Empty
        }
    } else if redirect {
        RetKind::Bytes
    } else {
        RetKind::Json
    }
}
