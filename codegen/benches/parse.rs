//! Parses the whole zh-CN v1.0 corpus (vendored under `docs/`) into the model, and in the
//! same run makes a bare pulldown-cmark pass over the same files, for comparison.
//!
//! `cargo bench -p codegen --bench parse`

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use std::path::Path;

fn load() -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/zh-CN/v1.0");
    let files = codegen::parse::markdown_files(&root).unwrap_or_default();
    files
        .iter()
        .filter_map(|f| {
            let bytes = std::fs::read(f).ok()?;
            Some((codegen::parse::source_name(&root, f), bytes))
        })
        .collect()
}

fn corpus(c: &mut Criterion) {
    let pages = load();
    let bytes: usize = pages.iter().map(|(_, b)| b.len()).sum();
    println!("corpus: {} pages, {} bytes", pages.len(), bytes);
    let mut g = c.benchmark_group("zh-CN v1.0 corpus");
    g.sample_size(10);
    g.bench_function("bare pulldown-cmark pass", |b| {
        b.iter(|| {
            let mut events = 0usize;
            for (_, bytes) in &pages {
                let text = String::from_utf8_lossy(bytes);
                let parser =
                    pulldown_cmark::Parser::new_ext(&text, pulldown_cmark::Options::ENABLE_TABLES);
                events += parser.count();
            }
            black_box(events)
        })
    });
    g.bench_function("full parse into the model", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for (source, bytes) in &pages {
                let page = codegen::parse::parse_page(source, bytes);
                n += page.http.len() + page.examples.len();
            }
            black_box(n)
        })
    });
    g.finish();
}

criterion_group!(benches, corpus);
criterion_main!(benches);
