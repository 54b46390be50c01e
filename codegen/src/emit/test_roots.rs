//! The root files of the example-test binaries: `tests/examples/main.rs` declares one
//! module per tested area, and past [`SPLIT_TESTS`] tests the areas are divided between
//! two binaries (the second from [`SECOND_ROOT`], declared in the manifest as
//! [`SECOND_TARGET`]) so that both cores build them at the end of `cargo test`.

use super::docs::inner_doc_attrs;
use super::names::ident;
use super::plan::Area;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

fn lit(s: &str) -> Literal {
    Literal::string(s)
}

/// An example-test binary with more tests than this is built as two (`examples`, from
/// `tests/examples/main.rs`, and [`SECOND_TARGET`], from [`SECOND_ROOT`]), each with about
/// half the tests: the binary is the last thing `cargo test` builds, and two halves build
/// on two cores where one would leave a core idle.
pub const SPLIT_TESTS: usize = 1_000;

/// Name of the second example-test binary, when there is one.
pub const SECOND_TARGET: &str = "examples_2";

/// Root file of the second example-test binary, beside `main.rs` so that its `mod` items
/// name the same area files.
pub const SECOND_ROOT: &str = "tests/examples/part_2.rs";

/// How many of `areas` (in order) go to the first example-test binary: all of them, or,
/// past [`SPLIT_TESTS`] tests, the first areas whose tests come closest to half of them
/// (at least one area on each side).
pub fn first_binary_areas(areas: &[&Area<'_>]) -> usize {
    let total: usize = areas.iter().map(|a| a.tests()).sum();
    if total <= SPLIT_TESTS || areas.len() < 2 {
        return areas.len();
    }
    let mut seen = 0;
    let mut best = (usize::MAX, 1);
    for (i, area) in areas.iter().enumerate().take(areas.len() - 1) {
        seen += area.tests();
        best = best.min(((2 * seen).abs_diff(total), i + 1));
    }
    best.1
}

/// Tokens of the root file of an example-test binary holding the tests of `areas`.
fn root_rs(areas: &[&Area<'_>], doc: &str) -> TokenStream {
    let mods = areas.iter().map(|a| {
        let m = ident(&a.test_module);
        let f = lit(&a.feature);
        quote! {
            #[cfg(feature = #f)]
            #[rustfmt::skip]
            mod #m;
        }
    });
    let doc = inner_doc_attrs(doc);
    quote! {
        #doc
        #(#mods)*
    }
}

/// The root files of the example-test binaries (`tests/examples/main.rs`, and
/// [`SECOND_ROOT`] when the tests are split), with their tokens.
pub fn roots(areas: &[&Area<'_>]) -> Vec<(String, TokenStream)> {
    const DOC: &str = "The example requests of the reference pages, one test each: a mock \
                       server checks method, path, query, authorization, body and \
                       `Content-Length: 0` of bodyless writes, and answers with the \
                       documented response.";
    let k = first_binary_areas(areas);
    let (first, second) = areas.split_at(k);
    let mut out = Vec::new();
    if second.is_empty() {
        out.push(("tests/examples/main.rs".to_owned(), root_rs(first, DOC)));
    } else {
        let doc = format!(
            "{DOC} The first of two binaries (the second is `{SECOND_ROOT}`), so that both \
             build at once."
        );
        out.push(("tests/examples/main.rs".to_owned(), root_rs(first, &doc)));
        let doc = format!(
            "{DOC} The second of two binaries (the first is `tests/examples/main.rs`), so \
             that both build at once."
        );
        out.push((SECOND_ROOT.to_owned(), root_rs(second, &doc)));
    }
    out
}
