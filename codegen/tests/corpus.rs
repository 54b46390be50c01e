//! Corpus test: every page of the shared zh-CN v1.0 corpus (and the vendored copy under
//! `docs/`) parses without a panic, and the parser extracts at least 99.5 % of the request
//! paths of the http-request blocks and 99 % of the example request blocks, counted here
//! independently by a plain line scan.

use codegen::model::{Page, Severity};
use codegen::parse::{markdown_files, parse_page, source_name};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const METHODS: [&str; 5] = ["GET ", "POST ", "PATCH ", "PUT ", "DELETE "];

fn corpus_root() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/zh-CN/v1.0");
    root.is_dir().then_some(root)
}

fn is_request_line(l: &str) -> bool {
    METHODS.iter().any(|m| l.trim_start().starts_with(m))
}

/// Independent count: request lines in the first fence after an `http-request` anchor.
fn independent_path_lines(text: &str) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    let mut n = 0;
    let mut i = 0;
    while i < lines.len() {
        if lines[i].contains("<a name=\"http-request\">") {
            let mut j = i + 1;
            while j < lines.len()
                && !lines[j].trim_start().starts_with("```")
                && !lines[j].starts_with('#')
            {
                j += 1;
            }
            if j < lines.len() && lines[j].trim_start().starts_with("```") {
                j += 1;
                while j < lines.len() && !lines[j].trim_start().starts_with("```") {
                    if is_request_line(lines[j]) {
                        n += 1;
                    }
                    j += 1;
                }
            }
            i = j;
        }
        i += 1;
    }
    n
}

/// Independent count: fences outside http-request sections whose first line is a request line.
fn independent_example_requests(text: &str) -> usize {
    let mut n = 0;
    let mut in_http = false;
    let mut lines = text.lines();
    while let Some(l) = lines.next() {
        // An H2 opens or closes the http-request section; deeper headings stay inside it.
        if l.starts_with("## ") {
            in_http = l.contains("<a name=\"http-request");
        } else if l.starts_with("###") && l.contains("<a name=\"http-request") {
            in_http = true;
        }
        if l.trim_start().starts_with("```") {
            let mut first = None;
            for inner in lines.by_ref() {
                if inner.trim_start().starts_with("```") {
                    break;
                }
                if first.is_none() && !inner.trim().is_empty() {
                    first = Some(inner.to_string());
                }
            }
            if !in_http && first.as_deref().is_some_and(is_request_line) {
                n += 1;
            }
        }
    }
    n
}

struct Summary {
    pages: usize,
    paths: usize,
    examples: usize,
    examples_with_url: usize,
    independent_paths: usize,
    independent_examples: usize,
    diagnostics: BTreeMap<(String, Severity), usize>,
}

fn run(root: &Path) -> (Summary, Vec<Page>) {
    let files = markdown_files(root).expect("corpus readable");
    let mut s = Summary {
        pages: 0,
        paths: 0,
        examples: 0,
        examples_with_url: 0,
        independent_paths: 0,
        independent_examples: 0,
        diagnostics: BTreeMap::new(),
    };
    let mut pages = Vec::new();
    let mut panics = Vec::new();
    for f in files {
        let bytes = std::fs::read(&f).expect("page readable");
        let source = source_name(root, &f);
        let text = String::from_utf8_lossy(&bytes).into_owned();
        s.independent_paths += independent_path_lines(&text);
        s.independent_examples += independent_example_requests(&text);
        match std::panic::catch_unwind(|| parse_page(&source, &bytes)) {
            Ok(page) => {
                s.pages += 1;
                s.paths += page.http.len();
                s.examples += page.examples.len();
                s.examples_with_url += page
                    .examples
                    .iter()
                    .filter(|e| !e.request.method.is_empty() && !e.request.url.is_empty())
                    .count();
                for d in &page.diagnostics {
                    *s.diagnostics
                        .entry((d.code.to_string(), d.severity))
                        .or_default() += 1;
                }
                pages.push(page);
            }
            Err(_) => panics.push(source),
        }
    }
    assert!(
        panics.is_empty(),
        "the parser panicked on {} pages: {panics:?}",
        panics.len()
    );
    (s, pages)
}

fn print(label: &str, s: &Summary) {
    println!("corpus {label}: {} pages", s.pages);
    println!(
        "  http paths: {} (independent count of http-request block lines: {})",
        s.paths, s.independent_paths
    );
    println!(
        "  examples: {} with method and URL: {} (independent count of example request fences: {})",
        s.examples, s.examples_with_url, s.independent_examples
    );
    println!("  diagnostics by code:");
    for ((code, sev), n) in &s.diagnostics {
        println!("    {code} ({sev:?}): {n}");
    }
}

fn check(root: &Path, label: &str) -> Vec<Page> {
    let (s, pages) = run(root);
    print(label, &s);
    assert!(
        s.pages >= 3310,
        "expected the 3,310 pages, read {}",
        s.pages
    );
    assert!(
        s.paths as f64 >= 0.995 * s.independent_paths as f64,
        "http paths {} < 99.5 % of {}",
        s.paths,
        s.independent_paths
    );
    assert!(
        s.examples_with_url as f64 >= 0.99 * s.independent_examples as f64,
        "example requests {} < 99 % of {}",
        s.examples_with_url,
        s.independent_examples
    );
    pages
}

#[test]
fn shared_corpus_parses_within_ratios() {
    let Some(root) = corpus_root() else {
        println!("skipped: ../shared/corpus/zh-CN/v1.0 is not present next to the repository");
        return;
    };
    let pages = check(&root, "../shared/corpus/zh-CN/v1.0");
    // Identifiers come from the English side.
    let sendmail = pages
        .iter()
        .find(|p| p.source == "api/user-sendmail.md")
        .expect("user-sendmail.md");
    let names: Vec<&str> = sendmail
        .body_parameters
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert!(names.contains(&"saveToSentItems"), "{names:?}");
}

#[test]
fn vendored_docs_parse_within_ratios() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/zh-CN/v1.0");
    check(&root, "docs/zh-CN/v1.0");
}
