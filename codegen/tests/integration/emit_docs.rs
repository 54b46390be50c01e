//! The emitter over the vendored docs: every api page with an http-request block yields at
//! least one generated call, and enough examples become tests.

use codegen::emit::SkipReason;
use codegen::model::PageKind;
use std::path::Path;

#[test]
fn every_api_page_with_paths_yields_a_call() {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs");
    let pages = codegen::parse::read_pages(&docs).expect("docs readable");
    let emitted = codegen::emit::emit(&pages);
    let sources: String = emitted
        .files
        .iter()
        .filter(|(p, _)| p.starts_with("src"))
        .map(|(_, t)| t.as_str())
        .collect();
    let mut missing = Vec::new();
    let mut with_paths = 0;
    for page in pages.iter().filter(|p| p.kind == PageKind::Api) {
        if page.http.is_empty() {
            continue;
        }
        with_paths += 1;
        if !sources.contains(&format!("Source: `{}`", page.source)) {
            missing.push(page.source.clone());
        }
    }
    println!("api pages with paths: {with_paths}, without a generated call: {missing:?}");
    assert!(missing.is_empty(), "no generated call for {missing:?}");

    let r = &emitted.report;
    let no_match = r
        .skipped
        .iter()
        .filter(|s| {
            matches!(
                s.reason,
                SkipReason::NoPathMatches | SkipReason::NonGraphHost | SkipReason::OtherVersion(_)
            )
        })
        .count();
    let matching = r.request_examples - no_match;
    println!(
        "example requests {}, matching a documented path {matching}, tests {}",
        r.request_examples, r.tests_generated
    );
    assert!(
        r.tests_generated as f64 >= 0.95 * matching as f64,
        "{} tests < 95 % of {matching} matching examples",
        r.tests_generated
    );
}
