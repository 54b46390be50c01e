//! Model → Rust: the SDK crate in `generated/` (its model and area crates, operations,
//! example tests, manifests, `COVERAGE.md`).
//!
//! Everything is built as tokens (`quote`), parsed with `syn::parse2::<syn::File>` and
//! printed with `prettyplease`; the output is deterministic (pages sorted by source,
//! `BTreeMap`s everywhere) and each file starts with [`PREAMBLE`].
//!
//! # Naming rules
//!
//! - **Operations.** Every page of kind `Api` with at least one HTTP request path gives one
//!   operation per distinct HTTP method, in the order the methods first appear on the
//!   page. The name is the page's file stem in `snake_case` (`message-send.md` →
//!   `message_send`); a stem word that runs words together is split where the page's English
//!   title or camelCase path segments separate them, else as an identifier or run of words
//!   the titles and paths of all pages spell (`tokenissuancepolicies` →
//!   `token_issuance_policies`); long words that stay whole are listed in `COVERAGE.md`.
//!   The second and later methods get `_<method>` appended (`profilephoto-update.md`:
//!   `PATCH` → `profile_photo_update`, `PUT` → `profile_photo_update_put`). A `GET` whose
//!   paths partly end in `$value`/`content` and partly not is two operations: the JSON one
//!   under the name and the raw-content one with `_content` appended. Each operation is an async fn `<name>(client, …)` and a
//!   request builder `<name>_request(…) -> OperationRequest` (`Result<…>` when a path
//!   contains a drive item path). If a name (or its `_request` fn or `<Name>Path` type)
//!   is already taken in the module, `_2`, `_3`, … is appended (diagnostic
//!   `emit-name-collision`).
//! - **Modules and features.** One module per area: `ms.prod` in `snake_case`
//!   (`microsoft-identity-platform` → `microsoft_identity_platform`); pages with an empty
//!   `ms.prod` take the area most common among pages whose stem has the same first `-`
//!   component (`message-*`), ties to the alphabetically first, else `misc`. Each module
//!   is behind a cargo feature of the same name in `kebab-case`; `full` enables all of
//!   them and is the default.
//! - **Paths.** With one documented path the placeholders are plain `&str` arguments.
//!   With several, the fn takes `path: <Name>Path<'_>`, an enum with one struct variant
//!   per path. A variant is named after the path's literal segments in `UpperCamelCase`
//!   minus the segments all paths of the operation end with (`/me/messages/{id}/send` →
//!   `Me`, `/users/{id}/messages/{id}/send` → `Users`,
//!   `/me/mailFolders/{id}/messages/{id}/send` → `MeMailFolders`;
//!   `microsoft.graph.` prefixes dropped); equal names get `2`, `3`, … in document order.
//! - **Parameters.** A placeholder becomes a `snake_case` field named after its first
//!   alternative (`{user-id}` → `user_id`, `{id | userPrincipalName}` → one field
//!   documented as "id or userPrincipalName"); a generic `{id}` takes the singular of the
//!   preceding literal segment (`users/{id}` → `user_id`, `messages/{id}` →
//!   `message_id`); repeated names get `_2`, `_3`. Placeholders in a documented query
//!   string become parameters too. Names that are Rust keywords get a trailing `_`, names
//!   starting with a digit a prefix, and `client`, `path`, `query`, `body`, `request`
//!   are reserved for the fn's own arguments.
//! - **Arguments, in order:** `client`, path parameters (or `path`), `query:
//!   &ODataQuery` when the page documents OData query options, `body` for
//!   `POST`/`PUT`/`PATCH` with a body table or example body (`&serde_json::Value`,
//!   `bytes::Bytes` for raw example bodies, `RequestBody` when both occur). A JSON body
//!   described by a Request body table is typed: the fn takes `body: &<Name>Body`, a
//!   struct generated next to it (rules in `bodies`), and its `<name>_request` builder
//!   leaves the body out, so a caller can attach raw JSON or other content instead.
//! - **Return type:** `bytes::Bytes` when a successful example answers with a raw body or
//!   a `GET` path ends in `$value`/`content`; `serde_json::Value` when a successful
//!   example answers with JSON; `()` when the Response section says 202/204 or the
//!   examples answer without body; `Bytes` for documented redirects (3xx); else JSON.
//! - **Files:** each area is a crate of its own, `areas/<feature>/` (the crate family is
//!   in [`members`]), re-exported by the SDK crate as module `<module>`; its `src/lib.rs`
//!   re-exports `src/operations.rs`, or, when that file would be longer than
//!   [`FOLDER_LINES`], one file per page group (the first stem component after the
//!   components all of the area's stems share, divided by the next component when a group
//!   is large), so item paths do not change. Variant names may share a
//!   suffix, so each file allows `clippy::enum_variant_names` once. The types are in the
//!   model crate, `model/src/types/`.
//! - **Tests:** `tests/examples/<module>.rs` (a folder by the same rule), one
//!   `#[test]` per usable example (a `test_support::Replay` of it),
//!   named `<operation>_<example name>` (or the example name when it already starts with
//!   the operation name), `_2`, … on collision. The area modules are declared by
//!   `tests/examples/main.rs`, and past 1,000 tests half of them by
//!   `tests/examples/part_2.rs`, a second binary (`test_roots`).

mod bodies;
mod code;
mod docs;
mod example_tests;
mod files;
mod imports;
mod manifest;
mod members;
mod names;
mod op_docs;
mod paths;
mod plan;
mod render;
mod responses;
mod roots;
mod skip;
mod test_roots;
pub mod types;
mod wire_check;

pub use skip::SkipReason;

pub use manifest::{CrateOptions, HandWritten};

use render::{concat, render_area, render_area_tests, render_one, Rendered};

use crate::model::{Diagnostic, DocsTree, Page, Release, Severity};
use crate::progress::Progress;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// First line (after the comment marker) of every generated file.
pub const PREAMBLE: &str = "Generated by `cargo xtask codegen`, do not edit by hand.";

/// Whether a file's text starts with the generator's preamble (in any comment syntax).
pub fn has_preamble(text: &str) -> bool {
    text.lines().next().is_some_and(|l| l.contains(PREAMBLE))
}

/// The generated files and what they cover.
#[derive(Debug, Clone, Default)]
pub struct Emitted {
    /// File contents by path relative to the crate root (`src/lib.rs`, `Cargo.toml`).
    pub files: BTreeMap<PathBuf, String>,
    pub report: Coverage,
    /// Problems found while emitting (name collisions, unsupported methods, …).
    pub diagnostics: Vec<Diagnostic>,
}

/// Totals of the generated crate.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coverage {
    pub pages: usize,
    pub api_pages: usize,
    pub operations: usize,
    pub path_variants: usize,
    /// Example requests on api pages (each becomes a test or is skipped).
    pub request_examples: usize,
    pub tests_generated: usize,
    /// Examples that did not become a test, sorted by source, example, reason.
    pub skipped: Vec<Skipped>,
    /// The typed models: types, enums, fields.
    #[serde(default)]
    pub types: crate::types::CatalogueStats,
    /// Area feature → how many generated types and enums a build with only it compiles.
    #[serde(default)]
    pub types_per_area: BTreeMap<String, usize>,
    /// JSON-returning operations whose result is a generated type (or a page of them).
    #[serde(default)]
    pub typed_responses: usize,
    /// JSON-returning operations that return `serde_json::Value`, counted by reason.
    #[serde(default)]
    pub untyped_responses: BTreeMap<String, usize>,
    /// Operations sending JSON whose body is typed: a generated body struct or the
    /// documented resource type.
    #[serde(default)]
    pub typed_request_bodies: usize,
    /// Of [`Self::typed_request_bodies`], the operations whose body is the resource type
    /// the Request body section names (create/update).
    #[serde(default)]
    pub resource_request_bodies: usize,
    /// Operations sending a body that stays untyped (`serde_json::Value`, bytes), counted
    /// by reason.
    #[serde(default)]
    pub untyped_request_bodies: BTreeMap<String, usize>,
    /// Documented success responses that cannot be read into the documented type, and
    /// documented requests that cannot be read into (or written back from) the body
    /// struct, sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub doc_defects: Vec<responses::DocDefect>,
    /// Pages left out because they have errors: one entry per error, sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped_pages: Vec<SkippedPage>,
    /// The release of the docs tree the crate was generated from, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release: Option<Release>,
}

/// An error of a page that was left out of the crate.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SkippedPage {
    pub source: String,
    pub line: u32,
    pub code: crate::diag::Code,
    pub message: String,
}

/// The pages without errors, and the errors of the others. A page with an error was not
/// read faithfully (see [`Severity::Error`]), so nothing of it is emitted.
fn without_error_pages(pages: &[Page]) -> (Cow<'_, [Page]>, Vec<SkippedPage>) {
    let has_error = |p: &Page| p.diagnostics.iter().any(|d| d.severity == Severity::Error);
    if !pages.iter().any(has_error) {
        return (Cow::Borrowed(pages), Vec::new());
    }
    let mut skipped: Vec<SkippedPage> = pages
        .iter()
        .flat_map(|p| &p.diagnostics)
        .filter(|d| d.severity == Severity::Error)
        .map(|d| SkippedPage {
            source: d.file.clone(),
            line: d.line,
            code: d.code,
            message: d.message.clone(),
        })
        .collect();
    skipped.sort();
    let kept = pages.iter().filter(|p| !has_error(p)).cloned().collect();
    (Cow::Owned(kept), skipped)
}

/// An example request that did not become a test.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Skipped {
    pub source: String,
    pub example: String,
    pub reason: SkipReason,
}

/// An area whose single-file module would be longer than this many lines is emitted as
/// a module folder with one file per page group (SDK and example tests alike), so that
/// a change regenerates and recompiles less and rustc can spread the work.
pub const FOLDER_LINES: usize = 10_000;

/// The `COVERAGE.md` section listing operation names with a stem word that runs several
/// words together which neither the title nor the paths separate.
fn unsplit_names_md(names: &[plan::UnsplitName]) -> String {
    let mut s = format!(
        "\n## Operation names without word boundaries\n\n{} operation names keep a long \
         file-stem word whose words neither the English title nor a path segment \
         separates.\n\n| page | operation | word |\n| --- | --- | --- |\n",
        names.len()
    );
    for n in names {
        s.push_str(&format!(
            "| {} | `{}::{}` | {} |\n",
            n.source.replace('|', "\\|"),
            n.module,
            n.fn_name,
            n.components.join(", ")
        ));
    }
    s
}

/// Example names are snippet and test identifiers across the whole docs set, so a name used
/// on two pages is reported (within a page the parser reports it).
fn duplicate_example_names(pages: &[Page]) -> Vec<Diagnostic> {
    let mut first: BTreeMap<&str, &str> = BTreeMap::new();
    let mut out = Vec::new();
    for page in pages {
        let mut on_page = std::collections::BTreeSet::new();
        for ex in page.examples.iter().filter(|e| e.named) {
            if !on_page.insert(ex.name.as_str()) {
                continue;
            }
            match first.get(ex.name.as_str()) {
                Some(other) if *other != page.source => out.push(Diagnostic {
                    code: crate::diag::Code::DuplicateExampleNameAcrossPages,
                    severity: Severity::Warning,
                    file: page.source.clone(),
                    line: ex.request.line,
                    message: format!("example name {:?} is already used in {other}", ex.name),
                }),
                Some(_) => {}
                None => {
                    first.insert(&ex.name, &page.source);
                }
            }
        }
    }
    out
}

/// Emit the SDK crate for a docs tree as `options` describe it, with the tree's release in
/// the report.
pub fn emit_tree(tree: &DocsTree, options: &CrateOptions) -> Emitted {
    emit_tree_with(tree, options, &())
}

/// [`emit_tree`], telling `progress` of each area rendered.
pub fn emit_tree_with(tree: &DocsTree, options: &CrateOptions, progress: &dyn Progress) -> Emitted {
    let mut emitted = emit_with_progress(&tree.pages, options, progress);
    emitted.report.release = Some(tree.release.clone());
    emitted
}

/// Emit the v1.0 SDK crate for `pages`, with no hand-written apps (see [`emit_with`]).
pub fn emit(pages: &[Page]) -> Emitted {
    emit_with(pages, &CrateOptions::default())
}

/// Emit the SDK crate for `pages` as `options` describe it (API version, runtime
/// location, the hand-written files already in the crate). Pages with an error diagnostic
/// are left out and listed in [`Coverage::skipped_pages`].
pub fn emit_with(pages: &[Page], options: &CrateOptions) -> Emitted {
    emit_with_progress(pages, options, &())
}

/// [`emit_with`], telling `progress` of each area rendered.
pub fn emit_with_progress(
    pages: &[Page],
    options: &CrateOptions,
    progress: &dyn Progress,
) -> Emitted {
    let (pages, skipped_pages) = without_error_pages(pages);
    let pages: &[Page] = &pages;
    let module_items = imports::module_item_names();
    let mut plan = plan::build(
        pages,
        options,
        &module_items,
        example_tests::RESERVED_TEST_NAMES,
    );
    let catalogue = crate::types::Catalogue::build(pages);
    let type_names = types::TypeNames::build(&catalogue);
    let typing = responses::type_responses(&mut plan, &catalogue, &type_names);
    let body_typing = bodies::type_bodies(&mut plan, &catalogue, &type_names);
    let mut doc_defects = typing.defects;
    doc_defects.extend(body_typing.defects);
    doc_defects.sort();
    doc_defects.dedup();
    let mut diagnostics = plan.diagnostics.clone();
    diagnostics.extend(duplicate_example_names(pages));
    let mut files = BTreeMap::new();

    let operations: usize = plan.areas.iter().map(|a| a.ops.len()).sum();
    let path_variants: usize = plan
        .areas
        .iter()
        .flat_map(|a| &a.ops)
        .map(|o| o.variants.len())
        .sum();
    let tests_generated: usize = plan
        .areas
        .iter()
        .flat_map(|a| &a.ops)
        .map(|o| o.cases.len())
        .sum();

    // Each area's module and tests are rendered on their own, on all cores; the results
    // are put together in the plan's order, so the output does not depend on scheduling.
    use rayon::prelude::*;
    let tested: Vec<&plan::Area<'_>> = plan.areas.iter().filter(|a| a.tests() > 0).collect();
    progress.start("rendering areas", plan.areas.len() + tested.len() + 2);
    let roots: Vec<Rendered> = test_roots::roots(&tested)
        .into_iter()
        .map(|(path, tokens)| render_one(path, tokens))
        .collect();
    progress.tick();
    progress.tick();
    // The SDK modules first: whether an area is a folder decides its tests' layout.
    let (modules, areas): (Vec<Vec<String>>, Vec<Rendered>) = plan
        .areas
        .par_iter()
        .map(|area| {
            let r = render_area(area, options);
            progress.tick();
            r
        })
        .unzip();
    let tests: Vec<Rendered> = plan
        .areas
        .par_iter()
        .zip(&modules)
        .filter(|(a, _)| a.tests() > 0)
        .map(|(area, modules)| {
            let r = render_area_tests(area, modules.len() > 1);
            progress.tick();
            r
        })
        .collect();
    // Each type is compiled with the areas whose calls reach it.
    let gates = types::Gates::build(
        &catalogue,
        &type_names,
        plan.areas
            .iter()
            .zip(&areas)
            .map(|(area, (area_files, _))| {
                let texts = area_files.iter().map(|(_, text)| text.as_str()).collect();
                (area.feature.as_str(), texts)
            }),
    );
    // Types one area alone uses live in its crate (see `members`); the roots say which
    // areas have types of their own.
    let homes = gates.homes(&catalogue);
    let own_types: std::collections::BTreeSet<&str> = homes.values().map(String::as_str).collect();
    let lib = render_one(
        "src/lib.rs".to_owned(),
        roots::lib_rs(&plan.areas, operations, options, &own_types),
    );
    let model_lib = render_one(
        format!("{}/src/lib.rs", members::MODEL_DIR),
        roots::model_lib_rs(options),
    );
    let area_roots = plan.areas.iter().zip(&modules).map(|(area, modules)| {
        let own = own_types.contains(area.feature.as_str());
        render_one(
            format!("{}/src/lib.rs", members::area_dir(area)),
            code::area_root(area, modules, own),
        )
    });
    let (rendered, render_diagnostics) = concat(
        [lib, model_lib]
            .into_iter()
            .chain(area_roots)
            .chain(roots)
            .chain(areas)
            .chain(tests)
            .collect(),
    );
    files.extend(rendered);
    diagnostics.extend(render_diagnostics);

    let type_files = types::TypeFiles::new(&catalogue, &type_names, &gates, &homes);
    let typed: Vec<Rendered> = (0..type_files.len())
        .into_par_iter()
        .map(|i| {
            let (path, tokens) = type_files.tokens(i);
            render_one(path, tokens)
        })
        .collect();
    let (rendered, render_diagnostics) = concat(typed);
    files.extend(rendered);
    diagnostics.extend(render_diagnostics);
    diagnostics.extend(catalogue.diagnostics.iter().cloned());

    // The apps in `examples/` are hand-written: never emitted, only declared in the
    // manifest from their header lines.
    let (manifest, manifest_diagnostics) = files::cargo_toml(&plan.areas, options);
    diagnostics.extend(manifest_diagnostics);
    files.insert(PathBuf::from("Cargo.toml"), manifest);
    files.insert(
        PathBuf::from(format!("{}/Cargo.toml", members::MODEL_DIR)),
        members::model_manifest(&plan.areas, options),
    );

    let report = Coverage {
        pages: plan.pages,
        api_pages: plan.api_pages,
        operations,
        path_variants,
        request_examples: plan.request_examples,
        tests_generated,
        skipped: plan.skipped.clone(),
        skipped_pages,
        release: None,
        types: catalogue.stats.clone(),
        types_per_area: gates.per_area(),
        typed_responses: typing.typed,
        untyped_responses: typing.untyped,
        typed_request_bodies: body_typing.typed,
        resource_request_bodies: body_typing.resource,
        untyped_request_bodies: body_typing.untyped,
        doc_defects,
    };
    let mut coverage = files::coverage_md(&report, &plan.areas);
    coverage.push_str(&unsplit_names_md(&plan.unsplit_names));
    files.insert(PathBuf::from("COVERAGE.md"), coverage);
    Emitted {
        files,
        report,
        diagnostics,
    }
}
