//! Bringing a generated crate up to date like rust-analyzer's `ensure_file_contents`:
//! write only what changed, stage everything in temporary siblings before renaming into
//! place, delete generated files (those with the preamble) that are no longer produced,
//! never touch a hand-written file (any file without the preamble: the apps in
//! `examples/`, a test file added by hand under `tests/`).

use anyhow::{bail, Context, Result};
use codegen::emit::has_preamble;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Component, Path, PathBuf};

/// Folders of the generated crate that only hold hand-written files: never written.
const PROTECTED: &[&str] = &["examples"];

/// Directories never scanned for stale files.
const SKIPPED_DIRS: &[&str] = &["target"];

#[derive(Debug, Default)]
pub struct Changes {
    /// Files to (re)write, relative to the crate root, with their content.
    pub write: Vec<(PathBuf, String)>,
    /// Generated files that are no longer produced.
    pub delete: Vec<PathBuf>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.write.is_empty() && self.delete.is_empty()
    }
}

fn normalize_newlines(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains('\r') {
        s.replace("\r\n", "\n").into()
    } else {
        s.into()
    }
}

fn is_protected(rel: &Path) -> bool {
    PROTECTED.iter().any(|p| rel.starts_with(p))
}

/// A relative path with only normal components (no `..`, no root).
fn is_plain_relative(rel: &Path) -> bool {
    rel.components().all(|c| matches!(c, Component::Normal(_)))
}

/// Existing files below `out` that carry the generator's preamble.
fn generated_files(out: &Path) -> Result<BTreeSet<PathBuf>> {
    let mut found = BTreeSet::new();
    if !out.exists() {
        return Ok(found);
    }
    let mut stack = vec![PathBuf::new()];
    while let Some(rel_dir) = stack.pop() {
        let dir = out.join(&rel_dir);
        for entry in fs::read_dir(&dir).with_context(|| format!("listing {}", dir.display()))? {
            let entry = entry?;
            let name = entry.file_name();
            let rel = rel_dir.join(&name);
            if is_protected(&rel) || name.to_string_lossy().starts_with('.') {
                continue;
            }
            let ft = entry.file_type()?;
            if ft.is_dir() {
                if !SKIPPED_DIRS.iter().any(|s| name == *s) {
                    stack.push(rel);
                }
            } else if ft.is_file() {
                if let Ok(text) = fs::read_to_string(entry.path()) {
                    if has_preamble(&text) {
                        found.insert(rel);
                    }
                }
            }
        }
    }
    Ok(found)
}

/// What has to change below `out` to hold exactly `files` (plus the hand-written parts).
pub fn plan(out: &Path, files: &BTreeMap<PathBuf, String>) -> Result<Changes> {
    // Each file is read and compared on all cores; the writes keep the files' order.
    use rayon::prelude::*;
    let compared: Vec<Option<(PathBuf, String)>> = files
        .par_iter()
        .map(|(rel, content)| compare(out, rel, content))
        .collect::<Result<_>>()?;
    let mut changes = Changes {
        write: compared.into_iter().flatten().collect(),
        ..Changes::default()
    };
    for rel in generated_files(out)? {
        if !files.contains_key(&rel) {
            changes.delete.push(rel);
        }
    }
    Ok(changes)
}

/// `Some((rel, content))` when the file at `out/rel` is not `content` (newlines
/// normalised); an error for a path outside `out`, a protected one, or a hand-written file.
fn compare(out: &Path, rel: &Path, content: &str) -> Result<Option<(PathBuf, String)>> {
    if !is_plain_relative(rel) || is_protected(rel) {
        bail!("refusing to generate {}", rel.display());
    }
    let path = out.join(rel);
    let content = normalize_newlines(content);
    let old = fs::read_to_string(&path).ok();
    if old.as_deref().is_some_and(|old| !has_preamble(old)) {
        bail!(
            "refusing to overwrite the hand-written file {} (it has no generated preamble)",
            path.display()
        );
    }
    let same = old.is_some_and(|old| normalize_newlines(&old) == content);
    Ok((!same).then(|| (rel.to_path_buf(), content.into_owned())))
}

fn temp_sibling(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.codegen-{}.tmp", std::process::id()))
}

/// Apply `changes`: all new contents are written to temporary siblings first; only when
/// every write succeeded are they renamed into place and stale files deleted.
pub fn apply(out: &Path, changes: &Changes) -> Result<()> {
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    let result = (|| -> Result<()> {
        for (rel, content) in &changes.write {
            let path = out.join(rel);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)
                    .with_context(|| format!("creating {}", parent.display()))?;
            }
            let tmp = temp_sibling(&path);
            fs::write(&tmp, content).with_context(|| format!("writing {}", tmp.display()))?;
            staged.push((tmp, path));
        }
        Ok(())
    })();
    if let Err(e) = result {
        for (tmp, _) in &staged {
            let _ = fs::remove_file(tmp);
        }
        return Err(e);
    }
    for (tmp, path) in &staged {
        fs::rename(tmp, path)
            .with_context(|| format!("renaming {} to {}", tmp.display(), path.display()))?;
    }
    for rel in &changes.delete {
        let path = out.join(rel);
        fs::remove_file(&path).with_context(|| format!("deleting {}", path.display()))?;
        // remove directories left empty (never `out` itself)
        let mut dir = path.parent().map(Path::to_path_buf);
        while let Some(d) = dir {
            if d == out || !d.starts_with(out) || fs::remove_dir(&d).is_err() {
                break;
            }
            dir = d.parent().map(Path::to_path_buf);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-sync-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("scratch dir");
        dir
    }

    #[test]
    fn writes_changed_deletes_stale_keeps_hand_written() {
        let out = scratch("basic");
        let pre = format!("// {}\n", codegen::emit::PREAMBLE);
        fs::create_dir_all(out.join("tests/examples")).unwrap();
        fs::write(out.join("tests/examples/support.rs"), "//! hand written").unwrap();
        fs::create_dir_all(out.join("examples")).unwrap();
        fs::write(out.join("examples/app.rs"), &pre).unwrap();
        fs::create_dir_all(out.join("src")).unwrap();
        fs::write(out.join("src/old.rs"), format!("{pre}old")).unwrap();
        fs::write(out.join("src/hand.rs"), "hand written").unwrap();
        fs::write(out.join("src/same.rs"), format!("{pre}same")).unwrap();

        let mut files = BTreeMap::new();
        files.insert(PathBuf::from("src/same.rs"), format!("{pre}same"));
        files.insert(PathBuf::from("src/new.rs"), format!("{pre}new"));
        let changes = plan(&out, &files).unwrap();
        assert_eq!(changes.write.len(), 1);
        assert_eq!(changes.delete, vec![PathBuf::from("src/old.rs")]);
        apply(&out, &changes).unwrap();
        assert!(out.join("src/new.rs").exists());
        assert!(!out.join("src/old.rs").exists());
        assert!(out.join("src/hand.rs").exists());
        assert!(out.join("tests/examples/support.rs").exists());
        assert!(out.join("examples/app.rs").exists());
        assert!(plan(&out, &files).unwrap().is_empty());

        let mut bad = BTreeMap::new();
        bad.insert(PathBuf::from("examples/x.rs"), String::new());
        assert!(plan(&out, &bad).is_err());
        let mut hand = BTreeMap::new();
        hand.insert(
            PathBuf::from("tests/examples/support.rs"),
            format!("{pre}x"),
        );
        assert!(plan(&out, &hand).is_err());
        let _ = fs::remove_dir_all(&out);
    }
}
