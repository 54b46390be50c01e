//! The crates the SDK is made of, beside the one apps depend on: where each lives in the
//! output folder, what it is called, and its `Cargo.toml`.
//!
//! rustc checks a crate on one core, so one crate of ~440,000 lines leaves the second
//! core idle. The SDK is therefore a family of crates:
//!
//! - the **model** crate (`model/`, package `<sdk>-model`, lib `graph_sdk_model`): the
//!   API marker, `Client`, the runtime re-exports and the `types` module, with the same
//!   area features as the SDK (a type is compiled when an enabled area's calls reach it);
//! - one **area** crate per documentation area (`areas/<feature>/`, package
//!   `<sdk>-<feature>`, lib `graph_sdk_<module>`), holding that area's operations. Its
//!   root imports the model's `runtime`, `types` and `wire`, so the code inside names
//!   `crate::types::…` as before. The area crates depend only on the model, so cargo
//!   builds them side by side once the model is checked;
//! - the **SDK** crate itself (`Cargo.toml` at the root of the output), which
//!   re-exports the model and each enabled area as a module (`graph_sdk::outlook`), so
//!   apps and tests see one crate with the same paths.
//!
//! The workspace lists `generated/model` and `generated/areas/*` as members.

use super::manifest::CrateOptions;
use super::plan::Area;
use super::PREAMBLE;
use std::fmt::Write as _;

/// The model crate's folder in the output.
pub const MODEL_DIR: &str = "model";

/// The folder of the area crates in the output.
pub const AREAS_DIR: &str = "areas";

/// Crates the generated code names itself (besides the runtime): area modules use
/// `reqwest::Method`, `bytes::Bytes` and `serde_json::Value`; the typed models implement
/// `serde::Serialize`/`Deserialize` by hand.
pub const DEPENDENCIES: &str = r#"reqwest = { version = "0.12", default-features = false }
bytes = "1"
serde = "1"
serde_json = "1"
"#;

/// The model crate's lib name, as the SDK and area crates name it in code.
pub const MODEL_LIB: &str = "graph_sdk_model";

/// The model crate's package name.
pub fn model_package(options: &CrateOptions) -> String {
    format!("{}-model", options.package_name())
}

/// An area crate's folder (`areas/outlook`).
pub fn area_dir(area: &Area<'_>) -> String {
    area_dir_of(&area.feature)
}

/// The folder of the crate of the area whose feature is `feature`.
pub fn area_dir_of(feature: &str) -> String {
    format!("{AREAS_DIR}/{feature}")
}

/// An area crate's package name (`msgraph-docs-sdk-outlook`).
pub fn area_package(area: &Area<'_>, options: &CrateOptions) -> String {
    format!("{}-{}", options.package_name(), area.feature)
}

/// An area crate's lib name (`graph_sdk_outlook`).
pub fn area_lib(area: &Area<'_>) -> String {
    format!("graph_sdk_{}", area.module)
}

/// The runtime's folder as seen from a crate `depth` folders below the output root: an
/// absolute path as it is, a relative one with `../` once per level.
pub fn runtime_path(options: &CrateOptions, depth: usize) -> String {
    let path = options.runtime_path.replace(['"', '\\'], "/");
    if path.starts_with('/') {
        path
    } else {
        format!("{}{path}", "../".repeat(depth))
    }
}

/// The `[package]` and `[lib]` tables of a member crate: no tests or doc tests of its
/// own (its calls are tested through the SDK crate's tests).
fn package(name: &str, lib: &str, description: &str) -> String {
    format!(
        "# {PREAMBLE}\n[package]\nname = \"{name}\"\nversion = \"0.1.0\"\n\
         description = \"{description}\"\n\
         edition.workspace = true\nlicense.workspace = true\npublish.workspace = true\n\n\
         [lib]\nname = \"{lib}\"\n\
         # Tested through the SDK crate's tests: no empty test harness, no doc-test pass.\n\
         test = false\ndoctest = false\n\n"
    )
}

/// `model/Cargo.toml`: one feature per area (which types are compiled), `full` for all.
pub fn model_manifest(areas: &[Area<'_>], options: &CrateOptions) -> String {
    let mut s = package(
        &model_package(options),
        MODEL_LIB,
        &format!(
            "Typed models and client of {}: the documented types, compiled per area feature",
            options.package_name()
        ),
    );
    let _ = write!(
        s,
        "[dependencies]\nmsgraph-docs-runtime = {{ path = \"{}\" }}\n{DEPENDENCIES}",
        runtime_path(options, 1)
    );
    s.push_str(
        "\n# One feature per area: the types its calls reach. `full` adds the types no \
         call reaches.\n[features]\n",
    );
    let all: Vec<String> = areas.iter().map(|a| format!("\"{}\"", a.feature)).collect();
    let _ = writeln!(s, "full = [{}]", all.join(", "));
    for a in areas {
        let _ = writeln!(s, "{} = []", a.feature);
    }
    s
}

/// `areas/<feature>/Cargo.toml`: the model with this area's types.
pub fn area_manifest(area: &Area<'_>, options: &CrateOptions) -> String {
    let mut s = package(
        &area_package(area, options),
        &area_lib(area),
        &format!(
            "The {} operations of {} (re-exported as `graph_sdk::{}`)",
            area.feature.replace(['"', '\\'], ""),
            options.package_name(),
            area.module
        ),
    );
    let _ = write!(
        s,
        "[dependencies]\n{} = {{ path = \"../../{MODEL_DIR}\", \
         features = [\"{}\"] }}\nmsgraph-docs-runtime = {{ path = \"{}\" }}\n{DEPENDENCIES}",
        model_package(options),
        area.feature,
        runtime_path(options, 2)
    );
    s
}

/// The SDK crate's dependencies on its members (`[dependencies]` lines): the model, and
/// each area crate as an optional dependency its feature enables.
pub fn sdk_dependencies(areas: &[Area<'_>], options: &CrateOptions) -> String {
    let mut s = format!(
        "{} = {{ path = \"{MODEL_DIR}\" }}\n",
        model_package(options)
    );
    for a in areas {
        let _ = writeln!(
            s,
            "{} = {{ path = \"{}\", optional = true }}",
            area_package(a, options),
            area_dir(a)
        );
    }
    s
}

/// The SDK crate's feature of an area: its crate and its share of the model's types.
pub fn sdk_feature(area: &Area<'_>, options: &CrateOptions) -> String {
    format!(
        "{} = [\"dep:{}\", \"{}/{}\"]",
        area.feature,
        area_package(area, options),
        model_package(options),
        area.feature
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runtime_paths_climb_to_the_output_root() {
        let options = CrateOptions::default();
        assert_eq!(runtime_path(&options, 0), "../runtime");
        assert_eq!(runtime_path(&options, 2), "../../../runtime");
        let absolute = CrateOptions {
            runtime_path: "/src/runtime".into(),
            ..CrateOptions::default()
        };
        assert_eq!(runtime_path(&absolute, 2), "/src/runtime");
    }
}
