//! Tests that the generator serves a docs tree of either API version: a crate generated
//! from the beta-shaped fixture tree builds and passes its example tests, and a copy of
//! `docs/` that says `beta` where it said `v1.0` gives a beta crate with as many example
//! tests as the v1.0 crate in `generated/`.
//!
//! A crate generated into a folder outside the workspace is built inside a small
//! workspace of its own ([`standalone_workspace`]), which inherits the root manifest's
//! package fields, dependency versions and lock file.

use super::{codegen, generate, workspace_root, CodegenArgs, Outcome};
use crate::diagnostics::{Format, Show};
use anyhow::{bail, Context, Result};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The target dir the tests run from (`<target>/debug/deps/<test>` → `<target>`).
fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap_or_default();
    exe.ancestors()
        .nth(3)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| workspace_root().join("target"))
}

/// Makes `dir` the root of a workspace whose members are the SDK crate folder `member`
/// and its model and area crates: the root manifest with its `members` replaced (so `edition.workspace = true` and
/// `wiremock.workspace = true` resolve as in the real workspace) and its lock file.
pub fn standalone_workspace(dir: &Path, member: &str) -> Result<()> {
    let root = workspace_root();
    let manifest = fs::read_to_string(root.join("Cargo.toml")).context("root manifest")?;
    let Some(rest) = manifest.split_once("[workspace.package]").map(|(_, r)| r) else {
        bail!("the root manifest has no [workspace.package] table");
    };
    let text = format!(
        "# A workspace around a generated crate built outside the main workspace.\n\
         [workspace]\nresolver = \"2\"\nmembers = [\"{member}\", \"{member}/model\", \"{member}/areas/*\"]\n\n[workspace.package]{rest}"
    );
    fs::write(dir.join("Cargo.toml"), text).context("workspace manifest")?;
    fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).context("lock file")?;
    Ok(())
}

/// Runs `cargo test --test 'examples*'` (the example-test binaries) in the workspace at `dir` with the target dir
/// `target`; returns the number of passed tests.
pub fn run_example_tests(dir: &Path, target: &Path) -> Result<usize> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .arg("test")
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        // `examples`, and `examples_2` when the example tests are split in two binaries
        .args(["--test", "examples*"])
        .env("CARGO_TARGET_DIR", target)
        .output()
        .context("running cargo test")?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        bail!(
            "cargo test failed:\n{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let passed = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("test result: ok. "))
        .filter_map(|l| l.split(' ').next()?.parse::<usize>().ok())
        .sum();
    Ok(passed)
}

/// The number of generated example tests in a crate folder (`#[test]` items under
/// `tests/examples/`; hand-written test files beside it are not counted).
fn example_tests_in(krate: &Path) -> usize {
    let mut count = 0;
    let mut stack = vec![krate.join("tests").join("examples")];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(text) = fs::read_to_string(&path) {
                count += text.matches("#[test]").count();
            }
        }
    }
    count
}

/// `v1.0` → `beta` and `beta` → `v1.0` in a path component or a page, in any case; the
/// other version is swapped back so that an example naming `beta` in the v1.0 docs names
/// `v1.0` in the copy (and stays the one skipped example it was). Graph's `v1` alias is
/// `v1.0` too (`https://graph.microsoft.com/v1/…`).
pub fn swap_versions(text: &str) -> String {
    const HOLD: &str = "\u{0}other-version\u{0}";
    let text = replace_ignoring_case(text, "/beta/", &format!("/{HOLD}/"));
    let text = replace_ignoring_case(
        &text,
        "graph.microsoft.com/v1/",
        "graph.microsoft.com/beta/",
    );
    replace_ignoring_case(&text, "v1.0", "beta").replace(HOLD, "v1.0")
}

/// `text` with every ASCII-case-insensitive occurrence of the ASCII string `from`
/// replaced by `to`.
fn replace_ignoring_case(text: &str, from: &str, to: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let from = from.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    // ASCII lower-casing keeps byte offsets, and an ASCII match starts and ends on char
    // boundaries of `text`.
    for (i, _) in lower.match_indices(&from) {
        out.push_str(text.get(last..i).unwrap_or(""));
        out.push_str(to);
        last = i + from.len();
    }
    out.push_str(text.get(last..).unwrap_or(""));
    out
}

/// Copies the docs tree `from` to `to` with [`swap_versions`] applied to folder names and
/// to the text of every `.md` page.
pub fn copy_with_versions_swapped(from: &Path, to: &Path) -> Result<()> {
    let mut stack = vec![(from.to_path_buf(), to.to_path_buf())];
    while let Some((src, dst)) = stack.pop() {
        fs::create_dir_all(&dst).with_context(|| format!("creating {}", dst.display()))?;
        for entry in fs::read_dir(&src).with_context(|| format!("listing {}", src.display()))? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let target = dst.join(swap_versions(&name));
            if entry.file_type()?.is_dir() {
                stack.push((entry.path(), target));
            } else if name.ends_with(".md") {
                let bytes = fs::read(entry.path())?;
                let text = String::from_utf8(bytes.clone())
                    .map(|t| swap_versions(&t).into_bytes())
                    .unwrap_or(bytes);
                fs::write(&target, text)?;
            } else {
                fs::copy(entry.path(), &target)?;
            }
        }
    }
    Ok(())
}

/// A fresh folder below the target dir's `tmp/` (removed first if a run left it).
fn fresh_dir(name: &str) -> PathBuf {
    let dir = target_dir().join("tmp").join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("create the temporary folder");
    dir
}

fn codegen_args(docs: PathBuf, out: PathBuf, check: bool) -> CodegenArgs {
    CodegenArgs {
        check,
        docs,
        out,
        format: Format::Human,
        show: Show::Errors,
        keep_going: false,
    }
}

#[test]
#[ignore = "builds a crate outside the workspace, whose dependencies resolve other features \
            (serde, serde_json) and so are built again (about 45 s); run by .ci/run"]
fn a_crate_from_the_beta_fixtures_builds_and_passes_its_example_tests() {
    let dir = fresh_dir("beta-fixture-crate");
    let out = dir.join("sdk");
    let docs = workspace_root().join("codegen/tests/fixtures/beta");
    let write = codegen_args(docs.clone(), out.clone(), false);
    assert_eq!(codegen(&write).expect("codegen"), Outcome::Written);
    // Freshness holds for any output folder.
    let check = codegen_args(docs, out.clone(), true);
    assert_eq!(codegen(&check).expect("check"), Outcome::Fresh);

    let cargo = fs::read_to_string(out.join("Cargo.toml")).expect("manifest");
    assert!(
        cargo.contains("name = \"msgraph-docs-sdk-beta\""),
        "{cargo}"
    );
    assert!(cargo.contains("features = [\"test-support\"]"), "{cargo}");
    let lib = fs::read_to_string(out.join("model/src/lib.rs")).expect("lib.rs");
    assert!(
        lib.contains("pub const DEFAULT_BASE_URL: &str = \"https://graph.microsoft.com/beta\";"),
        "{lib}"
    );
    // The fixture examples name beta, the tree's own version: all of them are tested.
    let tests = example_tests_in(&out);
    assert_eq!(tests, 2);
    assert!(!out.join("tests/examples/support.rs").exists());

    standalone_workspace(&dir, "sdk").expect("workspace");
    let passed = run_example_tests(&dir, &target_dir()).expect("example tests pass");
    assert_eq!(passed, tests);
}

/// The beta copy of `docs/`, generated in memory; the same pages, so the same example
/// tests, with the skipped examples' version reason mirrored.
#[test]
fn a_beta_copy_of_the_docs_gives_a_beta_crate_with_as_many_example_tests() {
    let root = workspace_root();
    let dir = fresh_dir("beta-docs-copy");
    let docs = dir.join("docs");
    copy_with_versions_swapped(&root.join("docs"), &docs).expect("copy");
    let (tree, emitted) = generate(&docs, &dir.join("sdk")).expect("generate");
    assert_eq!(
        tree.release.version.as_ref().map(|v| v.as_str()),
        Some("beta")
    );

    let cargo = &emitted.files[Path::new("Cargo.toml")];
    assert!(
        cargo.contains("name = \"msgraph-docs-sdk-beta\""),
        "{cargo}"
    );
    assert!(cargo.contains("Microsoft Graph beta client"), "{cargo}");
    let lib = &emitted.files[Path::new("model/src/lib.rs")];
    assert!(
        lib.contains("pub const DEFAULT_BASE_URL: &str = \"https://graph.microsoft.com/beta\";"),
        "{lib}"
    );
    let sdk = &emitted.files[Path::new("src/lib.rs")];
    assert!(sdk.contains("view=graph-rest-beta"), "{sdk}");

    let v1_tests = example_tests_in(&root.join("generated"));
    assert_eq!(emitted.report.tests_generated, v1_tests);
    let tests: usize = emitted
        .files
        .iter()
        .filter(|(p, _)| p.starts_with("tests"))
        .map(|(_, t)| t.matches("#[test]").count())
        .sum();
    assert_eq!(tests, v1_tests);

    // The skip list is the v1.0 crate's, with `beta version` read as `v1.0 version`.
    let coverage = &emitted.files[Path::new("COVERAGE.md")];
    let v1_coverage = fs::read_to_string(root.join("generated/COVERAGE.md")).expect("coverage");
    let skips = |text: &str| -> Vec<String> {
        text.split("## Skipped examples\n")
            .nth(1)
            .unwrap_or("")
            .lines()
            .map(str::to_owned)
            .collect()
    };
    let mirrored: Vec<String> = skips(&v1_coverage)
        .iter()
        .map(|l| swap_versions(l).replace("| beta version |", "| v1.0 version |"))
        .collect();
    let _ = fs::remove_dir_all(&dir);
    assert_eq!(skips(coverage), mirrored);
}

/// The acceptance run of the beta copy: generated into a folder below the target dir,
/// built in a workspace of its own, every example test passes.
#[test]
#[ignore = "builds a whole beta crate and runs its ~2,200 example tests (minutes); run by .ci/run"]
fn the_beta_copy_of_the_docs_builds_and_passes_its_example_tests() {
    let root = workspace_root();
    let dir = fresh_dir("beta-docs-crate");
    let docs = dir.join("docs");
    copy_with_versions_swapped(&root.join("docs"), &docs).expect("copy");
    let out = dir.join("sdk-beta");
    let write = codegen_args(docs.clone(), out.clone(), false);
    assert_eq!(codegen(&write).expect("codegen"), Outcome::Written);
    let check = codegen_args(docs, out.clone(), true);
    assert_eq!(codegen(&check).expect("check"), Outcome::Fresh);
    let tests = example_tests_in(&out);
    assert_eq!(tests, example_tests_in(&root.join("generated")));
    standalone_workspace(&dir, "sdk-beta").expect("workspace");
    let passed = run_example_tests(&dir, &target_dir()).expect("example tests pass");
    assert_eq!(passed, tests);
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn versions_are_swapped_in_names_and_text() {
    assert_eq!(
        swap_versions("GET https://graph.microsoft.com/v1.0/me and /beta/me in zh-CN/v1.0"),
        "GET https://graph.microsoft.com/beta/me and /v1.0/me in zh-CN/beta"
    );
    assert_eq!(swap_versions("V1.0 and é/BETA/x"), "beta and é/v1.0/x");
    assert_eq!(
        swap_versions("https://graph.microsoft.com/v1/teams"),
        "https://graph.microsoft.com/beta/teams"
    );
}
