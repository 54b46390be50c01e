//! `cargo xtask model PATH…`: the parsed model of pages as a JSON array.

use anyhow::{Context, Result};
use codegen::model::Page;
use std::path::{Path, PathBuf};

/// The directory sources are made relative to: the nearest ancestor called `docs`, else
/// the parent of the argument.
fn source_root(arg: &Path, file: &Path) -> PathBuf {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d.file_name().is_some_and(|n| n == "docs") {
            return d.to_path_buf();
        }
        dir = d.parent();
    }
    arg.parent().map(Path::to_path_buf).unwrap_or_default()
}

/// Parse every `.md` file given or below a given directory, in sorted order.
pub fn pages(paths: &[PathBuf]) -> Result<Vec<Page>> {
    let mut files: Vec<(PathBuf, PathBuf)> = Vec::new();
    for arg in paths {
        let arg =
            std::path::absolute(arg).with_context(|| format!("resolving {}", arg.display()))?;
        let found = codegen::parse::markdown_files(&arg)
            .with_context(|| format!("reading {}", arg.display()))?;
        files.extend(found.into_iter().map(|f| (arg.clone(), f)));
    }
    files.sort_by(|a, b| a.1.cmp(&b.1));
    files.dedup_by(|a, b| a.1 == b.1);
    let mut pages = Vec::with_capacity(files.len());
    for (arg, file) in files {
        let bytes = std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
        let source = codegen::parse::source_name(&source_root(&arg, &file), &file);
        pages.push(codegen::parse::parse_page(&source, &bytes));
    }
    pages.sort_by(|a, b| a.source.cmp(&b.source));
    Ok(pages)
}

pub fn run(paths: &[PathBuf]) -> Result<()> {
    let pages = pages(paths)?;
    println!("{}", serde_json::to_string_pretty(&pages)?);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_relative_to_docs_or_argument_parent() {
        assert_eq!(
            source_root(
                Path::new("/w/docs/zh-CN"),
                Path::new("/w/docs/zh-CN/v1.0/api/a.md")
            ),
            PathBuf::from("/w/docs")
        );
        assert_eq!(
            source_root(Path::new("/s/seed/a.md"), Path::new("/s/seed/a.md")),
            PathBuf::from("/s/seed")
        );
        assert_eq!(
            source_root(Path::new("/s/seed"), Path::new("/s/seed/x/a.md")),
            PathBuf::from("/s")
        );
    }
}
