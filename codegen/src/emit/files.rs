//! Non-Rust outputs: the SDK crate's `Cargo.toml` (dependencies of the generated code and
//! its member crates, one feature per area, the hand-written apps as `[[example]]`
//! entries) and `COVERAGE.md`.

use super::manifest::CrateOptions;
use super::plan::Area;
use super::{Coverage, PREAMBLE};
use crate::model::{Diagnostic, Severity};
use std::collections::{BTreeMap, BTreeSet};

use super::members::{self, DEPENDENCIES};

/// Crates the tests of the generated crate may name besides the runtime's test support
/// (see [`cargo_toml`]): the example tests go through `test_support::Replay`, the
/// hand-written tests beside them use `#[tokio::test]` and wiremock directly.
const TEST_DEPENDENCIES: &[&str] = &["tokio", "wiremock"];

/// `Cargo.toml` of the generated crate, and problems with the hand-written files'
/// headers (an app that needs a feature this docs tree does not produce is not declared).
pub fn cargo_toml(areas: &[Area<'_>], options: &CrateOptions) -> (String, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut s = format!("# {PREAMBLE}\n");
    s.push_str(&format!(
        "[package]\nname = \"{}\"\nversion = \"0.1.0\"\n\
         description = \"Microsoft Graph {} client generated from the Graph reference documentation\"\n\
         edition.workspace = true\nlicense.workspace = true\npublish.workspace = true\n\
         # Apps in examples/ are declared below, with the features they need.\n\
         autoexamples = false\n\n[lib]\nname = \"graph_sdk\"\n\
         # No unit tests or doc tests in the library (its tests are in tests/): without\n\
         # these, `cargo test` compiles the whole crate a second time as an empty test\n\
         # harness and rustdoc reads it again looking for doc tests.\n\
         test = false\ndoctest = false\n\n",
        options.package_name(),
        options.api_version.as_str().replace(['"', '\\'], ""),
    ));
    s.push_str("[dependencies]\n");
    let runtime = options.runtime_path.replace(['"', '\\'], "/");
    s.push_str(&format!(
        "msgraph-docs-runtime = {{ path = \"{runtime}\" }}\n"
    ));
    s.push_str(DEPENDENCIES);
    s.push_str("# The model (types, client) and one crate per area.\n");
    s.push_str(&members::sdk_dependencies(areas, options));

    // Dev-dependencies: those of the generated tests, plus what each hand-written file
    // asks for in its header, all inherited from the workspace.
    let mut dev: BTreeSet<&str> = TEST_DEPENDENCIES.iter().copied().collect();
    for file in &options.hand_written {
        dev.extend(
            file.dev_dependencies
                .iter()
                .map(String::as_str)
                .filter(|name| is_crate_name(name)),
        );
    }
    s.push_str("\n# The generated tests (the runtime's mock client and matchers: feature\n");
    s.push_str("# `test-support`) and the hand-written apps (their `dev-dependencies:` header\n");
    s.push_str("# lines); versions come from the workspace.\n");
    s.push_str("[dev-dependencies]\n");
    s.push_str(&format!(
        "msgraph-docs-runtime = {{ path = \"{runtime}\", features = [\"test-support\"] }}\n"
    ));
    for name in dev {
        s.push_str(&format!("{name}.workspace = true\n"));
    }

    // A second example-test binary, when the tests are split (cargo finds the first,
    // `tests/examples/main.rs`, by itself).
    let tested: Vec<&Area<'_>> = areas.iter().filter(|a| a.tests() > 0).collect();
    if super::test_roots::first_binary_areas(&tested) < tested.len() {
        s.push_str(&format!(
            "\n# The example tests are two binaries, `examples` and `{}`, which build at once.\n\
             [[test]]\nname = \"{}\"\npath = \"{}\"\n",
            super::test_roots::SECOND_TARGET,
            super::test_roots::SECOND_TARGET,
            super::test_roots::SECOND_ROOT,
        ));
    }

    s.push_str("\n# One feature per documentation area (`ms.prod`); `full` enables all of them.\n");
    s.push_str("[features]\ndefault = [\"full\"]\n");
    s.push_str("full = [\n");
    s.push_str(&format!(
        "    \"{}/full\",\n",
        members::model_package(options)
    ));
    for a in areas {
        s.push_str(&format!("    \"{}\",\n", a.feature));
    }
    s.push_str("]\n");
    for a in areas {
        s.push_str(&members::sdk_feature(a, options));
        s.push('\n');
    }

    let features: BTreeSet<&str> = areas
        .iter()
        .map(|a| a.feature.as_str())
        .chain(["full"])
        .collect();
    for app in options.example_apps() {
        let Some(name) = app.example_name().filter(|n| is_crate_name(n)) else {
            continue;
        };
        let missing: Vec<&str> = app
            .required_features
            .iter()
            .map(String::as_str)
            .filter(|f| !features.contains(f))
            .collect();
        if !missing.is_empty() {
            diagnostics.push(Diagnostic {
                code: crate::diag::Code::EmitExampleFeatureMissing,
                severity: Severity::Warning,
                file: app.path.display().to_string(),
                line: 1,
                message: format!(
                    "the app needs the feature(s) {} that this docs tree does not produce; \
                     it is not declared as an example",
                    missing.join(", ")
                ),
            });
            continue;
        }
        let required: Vec<String> = app
            .required_features
            .iter()
            .map(|f| format!("\"{f}\""))
            .collect();
        s.push_str(&format!(
            "\n[[example]]\nname = \"{name}\"\nrequired-features = [{}]\n",
            required.join(", ")
        ));
    }
    (s, diagnostics)
}

/// Letters, digits, `-` and `_`: safe to write into the manifest unquoted.
fn is_crate_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// `generated/COVERAGE.md`.
pub fn coverage_md(c: &Coverage, areas: &[Area<'_>]) -> String {
    let mut s = format!("<!-- {PREAMBLE} -->\n\n# Coverage of the generated SDK\n\n");
    s.push_str("| item | count |\n| --- | ---: |\n");
    for (k, v) in [
        ("pages", c.pages),
        ("api pages", c.api_pages),
        ("operations", c.operations),
        ("path variants", c.path_variants),
        ("example requests (api pages)", c.request_examples),
        ("tests generated", c.tests_generated),
        ("examples skipped", c.skipped.len()),
    ] {
        s.push_str(&format!("| {k} | {v} |\n"));
    }
    let mut by_reason: BTreeMap<String, usize> = BTreeMap::new();
    for sk in &c.skipped {
        *by_reason.entry(sk.reason.to_string()).or_default() += 1;
    }
    let mut reasons: Vec<(String, usize)> = by_reason.into_iter().collect();
    reasons.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    s.push_str("\n## Skipped examples by reason\n\n| reason | examples |\n| --- | ---: |\n");
    for (r, n) in reasons {
        s.push_str(&format!("| {} | {n} |\n", md_cell(&r)));
    }
    let t = &c.types;
    s.push_str("\n## Typed models\n\n| item | count |\n| --- | ---: |\n");
    for (k, n) in [
        ("`resource` annotations", t.resource_annotations),
        ("of those, with a generated type", t.annotations_typed),
        ("types (structs)", t.types),
        ("enums", t.enums),
        ("enum members", t.enum_members),
        ("fields", t.fields),
        ("fields left as untyped JSON", t.untyped_fields),
    ] {
        s.push_str(&format!("| {k} | {n} |\n"));
    }
    let untyped: usize = c.untyped_responses.values().sum();
    s.push_str(&format!(
        "\n## Typed responses\n\n{} of {} operations answering with JSON return a generated type \
         (or a page of them); the others return `serde_json::Value`.\n\n| untyped because | operations |\n| --- | ---: |\n",
        c.typed_responses,
        c.typed_responses + untyped
    ));
    for (r, n) in &c.untyped_responses {
        s.push_str(&format!("| {} | {n} |\n", md_cell(r)));
    }
    let untyped_bodies: usize = c.untyped_request_bodies.values().sum();
    s.push_str(&format!(
        "\n## Typed request bodies\n\n{} of {} operations sending a body take a typed body: {} a \
         generated body struct (from the page's Request body table), {} the resource type the \
         Request body section names (create/update: every property optional, `null` \
         sendable); the others take `serde_json::Value`, bytes or `RequestBody`.\n\n\
         | untyped because | operations |\n| --- | ---: |\n",
        c.typed_request_bodies,
        c.typed_request_bodies + untyped_bodies,
        c.typed_request_bodies - c.resource_request_bodies.min(c.typed_request_bodies),
        c.resource_request_bodies
    ));
    for (r, n) in &c.untyped_request_bodies {
        s.push_str(&format!("| {} | {n} |\n", md_cell(r)));
    }
    let (requests, answers): (Vec<_>, Vec<_>) = c.doc_defects.iter().partition(|d| d.request);
    for (title, intro, defects) in [
        (
            "Doc defects in example requests",
            "Documented requests that do not read into the operation's body type (their tests \
             expect the decode error), or read but are written back as other JSON (their tests \
             assert the difference); both send the documented JSON raw.",
            requests,
        ),
        (
            "Doc defects",
            "Documented success answers that contradict the documented type: a body that does \
             not read (its test expects the decode error), or a value that reads but is written \
             back in another form (its test names the place).",
            answers,
        ),
    ] {
        if defects.is_empty() {
            continue;
        }
        s.push_str(&format!(
            "\n## {title}\n\n{intro}\n\n| page | example | JSON pointer | documented type | found | effect |\n| --- | --- | --- | --- | --- | --- |\n"
        ));
        for d in &defects {
            s.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} |\n",
                md_cell(&d.source),
                md_cell(&d.example),
                md_cell(&d.pointer),
                md_cell(&d.documented_type),
                md_cell(&d.found),
                d.effect.label()
            ));
        }
    }
    s.push_str("\n## Areas\n\nTypes: the generated types and enums a build with only that feature compiles.\n\n| feature | module | operations | path variants | tests | types |\n| --- | --- | ---: | ---: | ---: | ---: |\n");
    for a in areas {
        let variants: usize = a.ops.iter().map(|o| o.variants.len()).sum();
        let tests: usize = a.ops.iter().map(|o| o.cases.len()).sum();
        let types = c.types_per_area.get(&a.feature).copied().unwrap_or(0);
        s.push_str(&format!(
            "| `{}` | `{}` | {} | {variants} | {tests} | {types} |\n",
            a.feature,
            a.module,
            a.ops.len()
        ));
    }
    if !c.skipped_pages.is_empty() {
        let pages: std::collections::BTreeSet<&str> =
            c.skipped_pages.iter().map(|p| p.source.as_str()).collect();
        s.push_str(&format!(
            "\n## Skipped pages\n\n{} page(s) with errors were left out (`cargo xtask codegen --keep-going`).\n\n| page | line | error | message |\n| --- | ---: | --- | --- |\n",
            pages.len()
        ));
        for p in &c.skipped_pages {
            s.push_str(&format!(
                "| {} | {} | `{}` | {} |\n",
                md_cell(&p.source),
                p.line,
                p.code,
                md_cell(&p.message)
            ));
        }
    }
    s.push_str("\n## Skipped examples\n\n| page | example | reason |\n| --- | --- | --- |\n");
    for sk in &c.skipped {
        s.push_str(&format!(
            "| {} | {} | {} |\n",
            md_cell(&sk.source),
            md_cell(&sk.example),
            md_cell(&sk.reason.text())
        ));
    }
    s
}
