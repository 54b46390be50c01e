//! Catalogue of malformed pages: every fixture in `tests/fixtures/malformed/` with the
//! diagnostic (code and line) it must produce, plus the cases too big to commit (a 50 MB
//! page, 10,000 paths in one block, markdown nested 10,000 levels deep), generated here.
//! Every parse runs under `catch_unwind`, so a panic fails the case instead of the run.
//! Inputs the fuzzers found are kept in `tests/fixtures/fuzz/` and parsed here too.
//!
//! Run with `--nocapture` to see each case printed with its diagnostics.

use codegen::model::{Page, Param};
use codegen::parse::parse_page;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// `(fixture, expected code, expected line)`.
const CASES: &[(&str, &str, u32)] = &[
    // Bytes and page frame.
    ("empty.md", "empty-page", 1),
    ("no-front-matter.md", "front-matter-missing", 1),
    (
        "unterminated-front-matter.md",
        "front-matter-unterminated",
        1,
    ),
    (
        "front-matter-line-unreadable.md",
        "front-matter-line-unreadable",
        3,
    ),
    ("invalid-utf8.md", "invalid-utf8", 10),
    ("bom.md", "bom", 1),
    ("crlf.md", "crlf-line-endings", 8),
    ("unclosed-code-fence.md", "unclosed-code-fence", 10),
    ("unclosed-html-comment.md", "unclosed-html-comment", 10),
    ("title-missing.md", "title-missing", 1),
    // Annotations: the strict-JSON failures of the corpus (survey §4), then wrong value
    // types and other annotation problems.
    (
        "annotation-trailing-comma.md",
        "annotation-not-strict-json",
        12,
    ),
    ("annotation-raw-newline.md", "annotation-not-strict-json", 8),
    (
        "annotation-quot-entity.md",
        "annotation-not-strict-json",
        10,
    ),
    (
        "annotation-missing-comma.md",
        "annotation-not-strict-json",
        10,
    ),
    (
        "annotation-unquoted-key.md",
        "annotation-not-strict-json",
        19,
    ),
    (
        "annotation-unterminated-string.md",
        "annotation-unreadable",
        8,
    ),
    (
        "annotation-unterminated-object.md",
        "annotation-unreadable",
        12,
    ),
    (
        "annotation-truncated-string.md",
        "annotation-wrong-type",
        19,
    ),
    ("annotation-name-number.md", "annotation-wrong-type", 12),
    ("unknown-block-type.md", "annotation-unknown-block-type", 12),
    (
        "annotation-without-block.md",
        "annotation-without-block",
        12,
    ),
    (
        "annotation-block-mismatch.md",
        "annotation-block-mismatch",
        13,
    ),
    // Examples.
    (
        "response-without-request.md",
        "response-without-request",
        14,
    ),
    (
        "request-without-response.md",
        "request-without-response",
        14,
    ),
    ("duplicate-example-name.md", "duplicate-example-name", 26),
    (
        "example-request-unreadable.md",
        "example-request-unreadable",
        14,
    ),
    (
        "example-body-invalid-json.md",
        "example-body-invalid-json",
        17,
    ),
    ("odd-status-line.md", "http-odd-status-line", 21),
    // Spans.
    ("span-unclosed.md", "span-unclosed", 8),
    ("span-in-heading-unclosed.md", "span-unclosed", 8),
    ("span-mismatched-ids.md", "span-mismatched-ids", 10),
    ("span-nested.md", "span-noncanonical", 8),
    ("span-stray-close.md", "span-noncanonical", 10),
    // HTTP request sections.
    ("path-unbalanced-braces.md", "http-path-unparseable", 11),
    ("path-unbalanced-parens.md", "http-path-unparseable", 11),
    ("method-lowercase.md", "http-unknown-method", 12),
    ("method-unknown.md", "http-unknown-method", 11),
    (
        "request-line-unreadable.md",
        "http-request-line-unreadable",
        12,
    ),
    (
        "permission-scope-unreadable.md",
        "permission-scope-unreadable",
        12,
    ),
    // Names in parameter and property tables (kept verbatim; the emitter sanitizes).
    ("keywords-request-body.md", "property-name-collision", 15),
    ("keywords-properties.md", "property-name-collision", 15),
    ("property-name-collision.md", "property-name-collision", 14),
    ("property-name-duplicate.md", "property-name-collision", 13),
    ("names-start-with-digit.md", "param-name-not-identifier", 12),
    (
        "non-ascii-english-names.md",
        "param-name-not-identifier",
        12,
    ),
];

fn fixtures(kind: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(kind)
}

/// Parse under `catch_unwind`; a panic fails the test with the case's name.
fn parse_guarded(name: &str, bytes: &[u8]) -> Page {
    let source = format!("malformed/{name}");
    match catch_unwind(AssertUnwindSafe(|| parse_page(&source, bytes))) {
        Ok(page) => page,
        Err(_) => panic!("the parser panicked on {name}"),
    }
}

fn read_fixture(name: &str) -> Vec<u8> {
    let path = fixtures("malformed").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn summary(page: &Page) -> String {
    page.diagnostics
        .iter()
        .map(|d| format!("{}@{}", d.code, d.line))
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn every_malformed_fixture_gives_its_diagnostic() {
    let mut failures = Vec::new();
    for &(name, code, line) in CASES {
        let page = parse_guarded(name, &read_fixture(name));
        let found = page
            .diagnostics
            .iter()
            .any(|d| d.code == code && d.line == line);
        println!(
            "{} {name:36} expects {code}@{line}; got {}",
            if found { "ok  " } else { "FAIL" },
            summary(&page)
        );
        if !found {
            failures.push(name);
        }
    }
    assert!(
        failures.is_empty(),
        "cases without their diagnostic: {failures:?}"
    );
}

#[test]
fn the_table_lists_every_fixture() {
    let mut on_disk: Vec<String> = std::fs::read_dir(fixtures("malformed"))
        .expect("fixture dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = CASES.iter().map(|c| c.0.to_string()).collect();
    listed.sort();
    listed.dedup();
    assert_eq!(on_disk, listed);
    assert!(CASES.len() >= 30);
}

fn names(params: &[Param]) -> Vec<&str> {
    params.iter().map(|p| p.name.as_str()).collect()
}

#[test]
fn rust_keywords_are_kept_verbatim() {
    let page = parse_guarded(
        "keywords-request-body.md",
        &read_fixture("keywords-request-body.md"),
    );
    assert_eq!(
        names(&page.body_parameters),
        ["type", "ref", "self", "Self", "crate", "match"]
    );
    // `self` / `Self` collide after case conversion; that is the only diagnostic.
    assert_eq!(summary(&page), "property-name-collision@15");

    let page = parse_guarded(
        "keywords-properties.md",
        &read_fixture("keywords-properties.md"),
    );
    // The localized side upper-cases every other name; the names come from English.
    let props = page
        .resource
        .as_ref()
        .map(|r| names(&r.properties))
        .unwrap_or_default();
    assert_eq!(
        props,
        ["type", "ref", "self", "Self", "crate", "match", "async", "fn", "dyn", "r#type", "_"]
    );
    assert_eq!(
        summary(&page),
        "property-name-collision@15 param-name-not-identifier@21"
    );
}

#[test]
fn odd_names_are_kept_verbatim() {
    let props = |name: &str| -> Vec<String> {
        let page = parse_guarded(name, &read_fixture(name));
        page.resource
            .map(|r| r.properties.into_iter().map(|p| p.name).collect())
            .unwrap_or_default()
    };
    assert_eq!(
        props("property-name-collision.md"),
        ["displayName", "id", "DisplayName"]
    );
    assert_eq!(
        props("names-start-with-digit.md"),
        ["3dModel", "24HourFormat"]
    );
    assert_eq!(
        props("non-ascii-english-names.md"),
        ["显示名称", "naïveName", "okName"]
    );
    let page = parse_guarded(
        "non-ascii-english-names.md",
        &read_fixture("non-ascii-english-names.md"),
    );
    assert_eq!(
        summary(&page),
        "param-name-not-identifier@12 param-name-not-identifier@13"
    );
}

#[test]
fn recoverable_frames_still_give_the_page() {
    // BOM and CRLF: the front matter and title are still read.
    for name in ["bom.md", "crlf.md"] {
        let page = parse_guarded(name, &read_fixture(name));
        assert_eq!(page.locale.as_deref(), Some("zh-CN"), "{name}");
        assert_eq!(page.title.en, "Fixture", "{name}");
    }
    // Unterminated front matter: it ends before its first line that is not `key: value`,
    // its values are read, and the rest is the page.
    let page = parse_guarded(
        "unterminated-front-matter.md",
        &read_fixture("unterminated-front-matter.md"),
    );
    assert_eq!(summary(&page), "front-matter-unterminated@1");
    assert_eq!(page.title.en, "Title");
    assert_eq!(page.doc_type.as_deref(), Some("apiPageType"));
    // Severity follows what is lost: an open fence at the end of the page loses nothing, an
    // open comment that swallows the next section does; an empty page has nothing to lose.
    use codegen::model::Severity;
    for (name, severity) in [
        ("empty.md", Severity::Warning),
        ("unterminated-front-matter.md", Severity::Warning),
        ("unclosed-code-fence.md", Severity::Warning),
        ("unclosed-html-comment.md", Severity::Error),
        ("invalid-utf8.md", Severity::Error),
    ] {
        let page = parse_guarded(name, &read_fixture(name));
        let worst = page.diagnostics.iter().map(|d| d.severity).max();
        assert_eq!(worst, Some(severity), "{name}: {}", summary(&page));
    }
    // Invalid UTF-8 is replaced, not dropped.
    let page = parse_guarded("invalid-utf8.md", &read_fixture("invalid-utf8.md"));
    assert!(page.description.en.contains('\u{FFFD}'));
    // Tolerantly read annotations still pair the example.
    let page = parse_guarded(
        "annotation-truncated-string.md",
        &read_fixture("annotation-truncated-string.md"),
    );
    let truncated = page
        .examples
        .first()
        .and_then(|e| e.response.as_ref())
        .map(|r| r.truncated);
    assert_eq!(truncated, Some(true));
    // Both unparseable paths are reported, the good one of the lower-case page is kept.
    let page = parse_guarded(
        "path-unbalanced-braces.md",
        &read_fixture("path-unbalanced-braces.md"),
    );
    assert_eq!(
        summary(&page),
        "http-path-unparseable@11 http-path-unparseable@12"
    );
    let page = parse_guarded("method-lowercase.md", &read_fixture("method-lowercase.md"));
    assert_eq!(page.http.len(), 1);
}

/// Inputs that made the parser fail before (a stack overflow on deep nesting, five shapes
/// that were quadratic or worse) and anything `cargo fuzz` finds later (see
/// `fuzz/README.md`): each must parse without panic on a thread with a normal 2 MiB stack.
/// The folder is part of the repository; a missing or emptied folder fails the test.
#[test]
fn fuzz_regressions_do_not_panic() {
    const KNOWN: [&str; 10] = [
        "comments-between-fences.md",
        "deep-blockquotes.md",
        "deep-mixed-lists.md",
        "nested-divs.md",
        "nested-json.md",
        "nested-spans-too-large.md",
        "requests-then-responses.md",
        "table-row-left-open.md",
        "unclosed-localized-spans.md",
        "unclosed-span-tags.md",
    ];
    let dir = fixtures("fuzz");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    files.sort();
    let names: Vec<String> = files
        .iter()
        .filter_map(|f| f.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .collect();
    for known in KNOWN {
        assert!(
            names.iter().any(|n| n == known),
            "regression input {known} is missing from {}",
            dir.display()
        );
    }
    for (f, name) in files.into_iter().zip(names) {
        if name.starts_with('.') {
            continue;
        }
        let bytes = std::fs::read(&f).expect("fuzz fixture");
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let page = parse_on_small_stack("fuzz-regression", text.clone());
        let spans = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || {
                catch_unwind(|| {
                    let u = codegen::parse::spans::unwrap(&text);
                    codegen::parse::spans::plain(&u.text.en);
                })
                .is_ok()
            })
            .expect("spawn")
            .join();
        assert!(matches!(spans, Ok(true)), "spans panicked on {name}");
        println!("ok   {name:48} {}", summary(&page));
    }
}

const HEAD: &str =
    "---\ntitle: generated\ndoc_type: apiPageType\nms.contentlocale: zh-CN\n---\n# Generated\n\n";

#[test]
fn page_of_50_mb_parses() {
    // A real page body repeated to 50 MB: spans, tables, annotations, fences, examples.
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/zh-CN/v1.0/api/message-send.md");
    let page = std::fs::read_to_string(&docs).expect("vendored page");
    let body = page.split_once("\n---\n").map_or(page.as_str(), |(_, b)| b);
    let mut text = page.clone();
    while text.len() < 50 << 20 {
        text.push_str(body);
    }
    let start = Instant::now();
    let parsed = parse_guarded("50mb.md", text.as_bytes());
    println!(
        "50 MB page ({} bytes): {} templates, {} examples, {} diagnostics in {:?}",
        text.len(),
        parsed.http.len(),
        parsed.examples.len(),
        parsed.diagnostics.len(),
        start.elapsed()
    );
    let copies = text.matches("\n## <a name=\"http-request\"></a>").count();
    assert_eq!(parsed.http.len(), 2 * copies);
    assert_eq!(parsed.examples.len(), copies);
    assert_eq!(parsed.title.en, "message: send");
}

#[test]
fn ten_thousand_paths_in_one_block() {
    let mut text = format!("{HEAD}## HTTP request\n\n```http\n");
    for i in 0..10_000 {
        text.push_str(&format!("GET /users/{{id}}/items/{i}\n"));
    }
    text.push_str("```\n");
    let start = Instant::now();
    let page = parse_guarded("10000-paths.md", text.as_bytes());
    println!(
        "10,000 paths: {} templates in {:?}",
        page.http.len(),
        start.elapsed()
    );
    assert_eq!(page.http.len(), 10_000);
    assert!(page.diagnostics.is_empty(), "{}", summary(&page));
    for (i, t) in page.http.iter().enumerate() {
        assert_eq!(t.path, format!("/users/{{id}}/items/{i}"));
        assert_eq!(t.line, 11 + i as u32);
    }
}

/// Parse on a thread with a normal 2 MiB stack, so deep recursion would overflow it.
fn parse_on_small_stack(name: &'static str, text: String) -> Page {
    let start = Instant::now();
    let len = text.len();
    let handle = std::thread::Builder::new()
        .name(name.into())
        .stack_size(2 << 20)
        .spawn(move || parse_guarded(name, text.as_bytes()))
        .expect("spawn");
    let page = handle
        .join()
        .unwrap_or_else(|_| panic!("{name}: parse thread failed"));
    println!(
        "{name}: {len} bytes in {:?}: {}",
        start.elapsed(),
        summary(&page)
    );
    page
}

#[test]
fn markdown_nested_10000_levels_does_not_overflow() {
    const DEPTH: usize = 10_000;
    // Blockquotes, bullet and ordered lists and a mix, all 10,000 levels deep.
    parse_on_small_stack("blockquotes", format!("{HEAD}{}deep\n", "> ".repeat(DEPTH)));
    parse_on_small_stack("bullets", format!("{HEAD}{}deep\n", "- ".repeat(DEPTH)));
    parse_on_small_stack("ordered", format!("{HEAD}{}deep\n", "1. ".repeat(DEPTH)));
    parse_on_small_stack("mixed", format!("{HEAD}{}deep\n", "> - ".repeat(DEPTH / 2)));
    // Nesting by indentation, one level a line. The indentation grows by two columns a
    // level, so the input is quadratic in the depth: 10,000 levels would be 100 MB; this
    // goes to 2,000 (4 MB) and, like the lines above, must stay linear in the parser.
    let mut text = String::from(HEAD);
    for level in 0..2_000 {
        text.push_str(&"  ".repeat(level));
        text.push_str("- item\n");
    }
    parse_on_small_stack("indented-list", text);
    // Blockquote depth growing a level a line for 10,000 lines, capped at 100 columns.
    let mut text = String::from(HEAD);
    for level in 0..DEPTH {
        text.push_str(&"> ".repeat(level.min(100)));
        text.push_str("- x\n");
    }
    parse_on_small_stack("growing-quotes", text);
    // Span markup nested 10,000 deep (read without the HTML parser: too large).
    let page = parse_on_small_stack(
        "nested-spans",
        format!(
            "{HEAD}x {}deep{}\n",
            "<span>".repeat(DEPTH),
            "</span>".repeat(DEPTH)
        ),
    );
    assert!(page
        .diagnostics
        .iter()
        .any(|d| d.code == "span-markup-too-large"));
    // 40,000 unclosed localized spans in one paragraph: this overflowed the stack when the
    // HTML-parser fallback was walked recursively.
    let page = parse_on_small_stack(
        "unclosed-spans-40000",
        format!("{HEAD}{}\n", "<span data-ttu-id=\"a\">x".repeat(40_000)),
    );
    assert_eq!(summary(&page), "span-markup-too-large@8");
    // Under the HTML parser's limit (2,000 tags): nested 450 deep on each side, read with
    // the HTML parser, which must not recurse either.
    let page = parse_on_small_stack(
        "nested-spans-450",
        format!(
            "{HEAD}x <span data-ttu-id=\"a\">{}loc{}</span><span class=\"sxs-lookup\">{}en{}</span>\n",
            "<span>".repeat(450),
            "</span>".repeat(450),
            "<span><b>".repeat(225),
            "</b></span>".repeat(225)
        ),
    );
    assert_eq!(summary(&page), "span-noncanonical@8");
    assert_eq!(page.description.localized, "x loc");
    assert!(page.description.en.starts_with("x <b>") && page.description.en.contains("en</b>"));
    // JSON nested 10,000 deep in an annotation and in an example body.
    parse_on_small_stack(
        "nested-json",
        format!(
            "{HEAD}## Examples\n\n<!-- {}1{} -->\n\n<!-- {{ \"blockType\": \"request\", \"name\": \"x\" }} -->\n```http\nPOST https://graph.microsoft.com/v1.0/me\n\n{}1{}\n```\n",
            "{\"a\":[".repeat(DEPTH),
            "]}".repeat(DEPTH),
            "[".repeat(DEPTH),
            "]".repeat(DEPTH)
        ),
    );
}

/// Shapes that were quadratic (or worse) in the page size: many comments between many
/// fences (the fence lookup of each comment was a linear scan), a deeply indented tight
/// list (every item copied the rest of the list), 40,000 nested `<div>`s in span markup
/// (the HTML parser's tree building is quadratic in the depth), a table row left open by
/// a stray `<span` (the whole row was rescanned for every further line) and thousands of
/// requests before their responses (each response scanned all unpaired requests). Each is 4 MB and
/// parses in well under a second in a release build; the bound only catches a return to
/// quadratic time, which took minutes.
#[test]
fn hostile_shapes_stay_linear() {
    let n = 4 << 20;
    let rep = |unit: &str| unit.repeat(n / unit.len());
    let cases = [
        (
            "comments-and-fences",
            format!(
                "{HEAD}{}",
                rep("<!-- { \"blockType\": \"ignored\" } -->\n```\nx\n```\n")
            ),
        ),
        ("tight-list-items", format!("{HEAD}{}", rep("- x\n"))),
        (
            "nested-divs",
            format!("{HEAD}x <span>{}x</span>\n", rep("<div>")),
        ),
        ("unclosed-span-tags", format!("{HEAD}x {}\n", rep("<span"))),
        (
            "table-row-left-open",
            format!("{HEAD}## Properties\n\n| Property | Type |\n|--|--|\n| <span data-ttu-id=\"a\">x | y |\n{}", rep("| a | b |\n")),
        ),
        (
            "requests-then-responses",
            format!(
                "{HEAD}## Examples\n\n{}{}",
                rep("```http\nGET https://graph.microsoft.com/v1.0/me\n```\n").split_at(n / 2).0,
                rep("<!-- { \"blockType\": \"response\", \"name\": \"r\" } -->\n```http\nHTTP/1.1 204 No Content\n```\n").split_at(n / 2).0,
            ),
        ),
    ];
    for (name, text) in cases {
        let start = Instant::now();
        let page = parse_guarded(name, text.as_bytes());
        let took = start.elapsed();
        println!(
            "{name}: {} bytes in {took:?}: {} diagnostics",
            text.len(),
            page.diagnostics.len()
        );
        assert!(took.as_secs() < 60, "{name} took {took:?}");
    }
}

/// An "HTTP request" heading inside an examples section introduces the example's request
/// (`todotask-delta.md`), not another documented path.
#[test]
fn an_http_request_heading_below_examples_is_an_example() {
    let text = format!(
        "{HEAD}## HTTP request <a name=\"http-request\"></a>\n\n```http\nGET /me/todo/lists/{{id}}/tasks/delta\n```\n\n\
         ## <a name=\"example\"></a>Example\n\n### <a name=\"http-request\"></a>HTTP Request\n\n\
         ```http\nGET https://graph.microsoft.com/v1.0/me/todo/lists/abc/tasks/delta?$deltatoken=x\n```\n\n\
         ### <a name=\"response\"></a>Response\n\n```http\nHTTP/1.1 200 OK\n```\n"
    );
    let page = parse_guarded("todotask-delta.md", text.as_bytes());
    let paths: Vec<&str> = page.http.iter().map(|t| t.path.as_str()).collect();
    assert_eq!(paths, ["/me/todo/lists/{id}/tasks/delta"]);
    assert_eq!(page.examples.len(), 1);
    assert!(page.examples[0].response.is_some());
    assert!(page.diagnostics.is_empty(), "{}", summary(&page));
}
