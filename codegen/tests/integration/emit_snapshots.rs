//! Snapshots of the emitter's output for small fixture pages, each emitted alone: the area
//! module (every generated file under `src/` but `lib.rs`) and the example-test module. The
//! pages cover one path, several paths, `{id | userPrincipalName}`, a `$value` path beside
//! JSON paths, OData query options with `ConsistencyLevel`, and a request body. One changed
//! token of the output fails the test; `cargo insta review` shows the difference.

use codegen::emit::emit;
use codegen::parse::parse_page;
use std::path::Path;

const FIXTURES: &str = "tests/fixtures/emit";

fn emitted_files(stem: &str) -> Vec<(String, String)> {
    let source = format!("en-US/v1.0/api/{stem}.md");
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(FIXTURES)
        .join(&source);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let page = parse_page(&source, &bytes);
    assert!(
        page.diagnostics.is_empty(),
        "{source}: {:?}",
        page.diagnostics
    );
    let emitted = emit(&[page]);
    assert!(
        emitted.diagnostics.is_empty(),
        "{source}: {:?}",
        emitted.diagnostics
    );
    emitted
        .files
        .iter()
        .filter(|(p, _)| {
            let p = p.to_string_lossy();
            let area_source = p.starts_with("areas/") && p.ends_with(".rs");
            let area_tests = p.starts_with("tests/examples/")
                && !p.ends_with("/main.rs")
                && !p.ends_with("/support.rs");
            area_source || area_tests
        })
        .map(|(p, text)| (p.to_string_lossy().replace('/', "__"), text.clone()))
        .collect()
}

fn snapshot(stem: &str) {
    let files = emitted_files(stem);
    assert!(!files.is_empty(), "{stem}: nothing emitted");
    for (name, text) in files {
        insta::assert_snapshot!(format!("{stem}__{name}"), text);
    }
}

#[test]
fn one_path_with_query_options() {
    snapshot("group-get");
}

#[test]
fn several_paths_and_id_or_user_principal_name() {
    snapshot("message-send");
}

#[test]
fn json_and_raw_content_paths() {
    snapshot("message-get");
}

#[test]
fn request_body_from_a_parameter_table() {
    snapshot("user-sendmail");
}

#[test]
fn collection_with_count_filter_and_consistency_level() {
    snapshot("user-list");
}
