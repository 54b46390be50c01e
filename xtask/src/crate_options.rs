//! What the emitter needs to know about the output crate besides the pages: the
//! release of the docs tree (API version and locale), where the runtime crate is relative
//! to the output, and the hand-written files already in the output (read, never written).

use anyhow::{Context, Result};
use codegen::emit::{has_preamble, CrateOptions, HandWritten};
use codegen::model::DocsTree;
use std::fs;
use std::path::{Component, Path, PathBuf};

/// Folders of a generated crate that may hold hand-written `.rs` files.
const HAND_WRITTEN_DIRS: &[&str] = &["examples", "tests"];

/// The options for emitting `tree` into the crate folder `out`. The API version and
/// locale are the tree's own; a tree whose version is unknown was reported
/// (`docs-version-unknown`) and stops the run before anything is written.
pub fn for_output(tree: &DocsTree, out: &Path, runtime: &Path) -> Result<CrateOptions> {
    Ok(CrateOptions {
        runtime_path: relative_path(out, runtime)?,
        hand_written: hand_written_files(out)?,
        ..CrateOptions::for_release(&tree.release)
    })
}

/// `.rs` files below `out/examples` and `out/tests` that do not carry the
/// generator's preamble, with their header lines.
pub fn hand_written_files(out: &Path) -> Result<Vec<HandWritten>> {
    let mut found = Vec::new();
    let mut stack: Vec<PathBuf> = HAND_WRITTEN_DIRS.iter().map(PathBuf::from).collect();
    while let Some(rel_dir) = stack.pop() {
        let dir = out.join(&rel_dir);
        if !dir.is_dir() {
            continue;
        }
        for entry in fs::read_dir(&dir).with_context(|| format!("listing {}", dir.display()))? {
            let entry = entry?;
            let rel = rel_dir.join(entry.file_name());
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let kind = entry.file_type()?;
            if kind.is_dir() {
                stack.push(rel);
            } else if kind.is_file() && rel.extension().is_some_and(|e| e == "rs") {
                let text = fs::read_to_string(entry.path())
                    .with_context(|| format!("reading {}", entry.path().display()))?;
                if !has_preamble(&text) {
                    found.push(HandWritten::from_header(&rel, &text));
                }
            }
        }
    }
    found.sort();
    Ok(found)
}

/// `to` relative to `from` (both folders), with `/` separators: `../runtime`.
fn relative_path(from: &Path, to: &Path) -> Result<String> {
    let cwd = std::env::current_dir().context("reading the current directory")?;
    let from = normalize(&cwd.join(from));
    let to = normalize(&cwd.join(to));
    let common = from
        .components()
        .zip(to.components())
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<String> = Vec::new();
    for _ in from.components().skip(common) {
        parts.push("..".to_owned());
    }
    for c in to.components().skip(common) {
        parts.push(c.as_os_str().to_string_lossy().into_owned());
    }
    Ok(if parts.is_empty() {
        ".".to_owned()
    } else {
        parts.join("/")
    })
}

/// Removes `.` and resolves `..` lexically.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        assert_eq!(
            relative_path(Path::new("/w/generated"), Path::new("/w/runtime")).unwrap(),
            "../runtime"
        );
        assert_eq!(
            relative_path(Path::new("/w/out/beta/"), Path::new("/w/./runtime")).unwrap(),
            "../../runtime"
        );
    }

    #[test]
    fn only_files_without_preamble_are_hand_written() {
        let out = tempfile::tempdir().expect("tempdir");
        let pre = format!("// {}\n", codegen::emit::PREAMBLE);
        fs::create_dir_all(out.path().join("examples")).unwrap();
        fs::create_dir_all(out.path().join("tests/examples")).unwrap();
        fs::write(
            out.path().join("examples/inbox.rs"),
            "//! Inbox.\n//! required-features: outlook\n//! dev-dependencies: clap\n",
        )
        .unwrap();
        fs::write(
            out.path().join("tests/examples/main.rs"),
            format!("{pre}mod x;"),
        )
        .unwrap();
        fs::write(
            out.path().join("tests/examples/support.rs"),
            "//! dev-dependencies: percent-encoding\n",
        )
        .unwrap();
        let files = hand_written_files(out.path()).unwrap();
        let paths: Vec<_> = files.iter().map(|f| f.path.clone()).collect();
        assert_eq!(
            paths,
            [
                PathBuf::from("examples/inbox.rs"),
                PathBuf::from("tests/examples/support.rs")
            ]
        );
        assert_eq!(files[0].required_features, ["outlook"]);
        assert_eq!(files[1].dev_dependencies, ["percent-encoding"]);
    }
}
