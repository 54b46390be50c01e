//! Fences and comments left open, or closed as CommonMark closes them, on whole pages
//! (`tests/fixtures/open-constructs/`): the severity follows what is lost. Each case asserts
//! the code, severity and line of every diagnostic of the page.

use codegen::model::{Page, Severity};
use codegen::parse::parse_page;
use std::path::Path;

fn parse(name: &str) -> Page {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/open-constructs")
        .join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    parse_page(&format!("open-constructs/{name}"), &bytes)
}

fn diagnostics(page: &Page) -> Vec<(&str, Severity, u32)> {
    page.diagnostics
        .iter()
        .map(|d| (d.code.as_str(), d.severity, d.line))
        .collect()
}

#[test]
fn page_annotation_missing_its_end_is_a_warning_and_still_read() {
    let page = parse("page-annotation-unclosed.md");
    assert_eq!(
        diagnostics(&page),
        [("unclosed-html-comment", Severity::Warning, 49)]
    );
    assert_eq!(page.page_annotations.len(), 1);
    let resource = page.resource.as_ref().expect("resource");
    assert_eq!(
        resource.name,
        "microsoft.graph.secureScoreControlStateUpdate"
    );
    assert_eq!(resource.properties.len(), 5);
}

#[test]
fn last_json_example_running_into_the_page_annotation_is_a_warning() {
    let page = parse("last-json-example-unclosed.md");
    assert_eq!(
        diagnostics(&page),
        [("unclosed-code-fence", Severity::Warning, 46)]
    );
    // The annotation after the open block is still read, and the resource is whole.
    assert_eq!(page.page_annotations.len(), 1);
    let resource = page.resource.as_ref().expect("resource");
    assert_eq!(resource.name, "microsoft.graph.chatMessageMention");
    assert!(matches!(resource.json, Some(codegen::model::Body::Json(_))));
    assert_eq!(resource.properties.len(), 3);
}

#[test]
fn fences_in_a_block_quote_close_with_it() {
    let page = parse("fence-in-block-quote.md");
    assert_eq!(diagnostics(&page), []);
    assert_eq!(page.examples.len(), 1);
    let ex = &page.examples[0];
    assert_eq!(ex.name, "message_send");
    assert_eq!(
        ex.request.url,
        "https://graph.microsoft.com/v1.0/me/messages/{id}/send"
    );
    assert_eq!(ex.response.as_ref().map(|r| r.status), Some(202));
    // Same model as the page without block quotes.
    let plain = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/plain/message-send.zh-CN-no-spans.md"),
    )
    .expect("fixture");
    let plain = parse_page("open-constructs/fence-in-block-quote.md", &plain);
    assert_eq!(page.http, plain.http);
    assert_eq!(
        page.examples[0].request.method,
        plain.examples[0].request.method
    );
}

#[test]
fn a_fence_that_swallows_the_sections_after_it_is_an_error() {
    let page = parse("http-request-fence-unclosed.md");
    let errors: Vec<_> = diagnostics(&page)
        .into_iter()
        .filter(|d| d.1 == Severity::Error)
        .collect();
    assert_eq!(errors, [("unclosed-code-fence", Severity::Error, 40)]);
    let message = &page
        .diagnostics
        .iter()
        .find(|d| d.line == 40)
        .expect("diagnostic")
        .message;
    assert!(message.contains("line 74"), "{message}");
}
