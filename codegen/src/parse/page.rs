//! The entry point for one page: bytes decoded to text, front matter and blocks read,
//! the page kind decided from its folder and `doc_type`, then the [`Walker`] fills the
//! model and the collected issues become the page's diagnostics.
//!
//! Sections are recognised by their heading anchors (which are the slug of the English
//! heading) and never by localized words, so the same code reads every locale.

use super::blocks::{self, LineIndex};
use super::walker::Walker;
use super::Issue;
use crate::diag::Code;
use crate::model::*;

/// Parse one page. `source` is its path relative to the docs root (`/` separators); `bytes`
/// its content. Never panics; whatever cannot be read is reported in `Page::diagnostics`.
pub fn parse_page(source: &str, bytes: &[u8]) -> Page {
    let mut issues = Vec::new();
    let text = decode(bytes, &mut issues);
    let lines = LineIndex::new(&text);
    let fm = blocks::front_matter(&text, &mut issues);
    let blocks = blocks::blocks(&text, fm.body_start, &lines, &mut issues);

    let doc_type = fm.values.get("doc_type").cloned();
    let kind = kind_of(source, doc_type.as_deref());
    let mut page = Page {
        locale: fm.values.get("ms.contentlocale").cloned(),
        doc_type,
        area: fm.values.get("ms.prod").cloned().unwrap_or_default(),
        front_matter: fm.values,
        ..Page::new(source, kind)
    };
    let stem = page.stem().to_owned();
    Walker::new(&mut page, &mut issues, &stem).run(blocks);

    // Neither folder nor doc_type said what the page is; one with request paths is an api page.
    if page.kind == PageKind::Other && !page.http.is_empty() {
        page.kind = PageKind::Api;
    }
    if page.title.is_empty() {
        if let Some(t) = page.front_matter.get("title") {
            page.title = Text::same(t.clone());
        }
        issues.push(Issue::warning(
            Code::TitleMissing,
            1,
            "the page has no H1 title",
        ));
    }
    page.diagnostics = issues
        .into_iter()
        .map(|i| Diagnostic {
            code: i.code,
            severity: i.severity,
            file: source.to_string(),
            line: i.line,
            message: i.message,
        })
        .collect();
    page.diagnostics
        .sort_by(|a, b| (a.line, &a.code).cmp(&(b.line, &b.code)));
    page
}

/// Bytes → text: BOM removed, invalid UTF-8 replaced, CRLF normalized, each reported.
fn decode(bytes: &[u8], issues: &mut Vec<Issue>) -> String {
    let mut bytes = bytes;
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        issues.push(Issue::warning(
            Code::Bom,
            1,
            "the page starts with a UTF-8 byte order mark",
        ));
        bytes = rest;
    }
    if bytes.is_empty() {
        issues.push(Issue::warning(Code::EmptyPage, 1, "the page is empty"));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(e) => {
            let line = 1 + bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u32;
            issues.push(Issue::error(
                Code::InvalidUtf8,
                line,
                format!(
                    "invalid UTF-8 at byte {}; invalid bytes were replaced with U+FFFD",
                    e.valid_up_to()
                ),
            ));
            String::from_utf8_lossy(bytes).into_owned()
        }
    };
    if text.contains('\r') {
        let line = 1 + text[..text.find('\r').unwrap_or(0)].matches('\n').count() as u32;
        issues.push(Issue::warning(
            Code::CrlfLineEndings,
            line,
            "the page uses CR or CRLF line endings; read as LF",
        ));
        return text.replace("\r\n", "\n").replace('\r', "\n");
    }
    text
}

fn kind_of(source: &str, doc_type: Option<&str>) -> PageKind {
    let dirs: Vec<&str> = source.split('/').collect();
    let parent = dirs.len().checked_sub(2).and_then(|i| dirs.get(i)).copied();
    match (parent, doc_type) {
        (Some("api"), _) => PageKind::Api,
        (Some("resources"), _) => PageKind::Resource,
        (_, Some("apiPageType")) => PageKind::Api,
        (_, Some(t)) if t.starts_with("resourcePageType") || t == "enumPageType" => {
            PageKind::Resource
        }
        _ => PageKind::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "---\ntitle: x\n---\n# message: get\n\n## HTTP request\n\n```http\nGET /me/messages/{id}\nGET  /users/{id | userPrincipalName}/messages/{id} HTTP/1.1\n```\n\n## Example\n\n<!-- { \"blockType\": \"request\", \"name\": \"get_message\" } -->\n```http\nGET https://graph.microsoft.com/v1.0/me/messages/AAMk%3D?$select=subject\n```\n";

    #[test]
    fn methods_are_upper_case_and_example_urls_are_read_once() {
        let page = parse_page("zh-CN/v1.0/api/message-get.md", PAGE.as_bytes());
        assert_eq!(page.stem(), "message-get");
        let methods: Vec<&str> = page.http.iter().map(|t| t.method.as_str()).collect();
        assert_eq!(methods, ["GET", "GET"]);
        let [ex] = page.examples.as_slice() else {
            panic!("one example: {:?}", page.examples);
        };
        assert_eq!(ex.request.method, "GET");
        let RequestTarget::Graph(url) = &ex.request.target else {
            panic!("a Graph URL: {:?}", ex.request.target);
        };
        assert!(url.absolute);
        assert_eq!(url.version, Some(ApiVersion::v1_0()));
        assert_eq!(url.segments, ["me", "messages", "AAMk="]);
        assert_eq!(
            url.query,
            [QueryPair {
                name: "$select".into(),
                value: "subject".into()
            }]
        );
        // The target is derived, not serialized; reading the JSON back derives it again.
        let json = serde_json::to_value(&ex.request).expect("serializes");
        assert!(json.get("target").is_none());
        let back: ExampleRequest = serde_json::from_value(json).expect("deserializes");
        assert_eq!(&back, &ex.request);
    }

    #[test]
    fn the_request_body_section_names_the_supplied_type_on_the_english_side() {
        let page = "# user: post messages\n\n## <a name=\"request-body\"></a><span data-ttu-id=\"a-1\">请求正文</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-1\">Request body</span></span>\n<span data-ttu-id=\"a-2\">请提供[消息](../resources/message.md)对象的 JSON 表示形式。</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-2\">In the request body, supply a JSON representation of [message](../resources/message.md) object.</span></span>\n\n## Response\n\nIf successful, this method returns `201 Created` and an [event](../resources/event.md) object.\n";
        let page = parse_page("zh-CN/v1.0/api/user-post-messages.md", page.as_bytes());
        let t = page.request_body_type.expect("a supplied type");
        assert_eq!(t.name, "message");
        assert_eq!(t.raw, "[message](../resources/message.md)");
        // only the Request body section says what to supply
        let other = "# x\n\n## Request body\n\nDo not supply a request body.\n\n## Response\n\nReturns a [message](../resources/message.md) object.\n";
        let other = parse_page("zh-CN/v1.0/api/x.md", other.as_bytes());
        assert!(other.request_body_type.is_none());
        assert!(other.response.returns.is_some());
    }
}
