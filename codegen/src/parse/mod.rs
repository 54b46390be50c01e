//! Markdown reference page → [`crate::model::Page`].
//!
//! The pipeline, in the order a page goes through it: `page` decodes the bytes and
//! runs the rest; [`blocks`] reads the front matter and splits the body into headings,
//! comments, code blocks, tables and paragraphs ([`spans`] unwraps side-by-side localized
//! text, [`tables`] reads pipe tables, [`annotation`] the JSON comments); the walker
//! (`walker/`) goes over the blocks by section and hands each code block to
//! [`http_section`] (request lines of an HTTP request section, read into
//! [`path_template`]s) or [`example_block`] (example requests and responses, whose URLs
//! [`url`] reads), all on top of the line grammar in [`request_line`]; `cells` reads
//! single table cells and sentences. Problems become [`Issue`]s with a code from
//! [`crate::diag`], and then the page's diagnostics.

pub mod annotation;
pub mod blocks;
mod cells;
pub mod example_block;
pub mod http_section;
pub mod json;
mod page;
pub mod path_template;
pub mod request_line;
pub mod spans;
pub mod tables;
pub mod tree;
pub mod unclosed;
pub mod url;
mod walker;

pub use cells::{required_of, type_ref};
pub use page::parse_page;
pub use tree::{read_tree, read_tree_with, release_of};

use crate::diag::Code;
use crate::model::{Page, Severity};
use crate::progress::Progress;
use std::path::{Path, PathBuf};

/// Every `.md` file below `dir` (or `dir` itself when it is a file), sorted.
pub fn markdown_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    if dir.is_file() {
        out.push(dir.to_path_buf());
        return Ok(out);
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)? {
            let entry = entry?;
            let path = entry.path();
            let ft = entry.file_type()?;
            if ft.is_dir() {
                stack.push(path);
            } else if ft.is_file() && path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// The source name of `file` relative to `root`, with `/` separators.
pub fn source_name(root: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(root).unwrap_or(file);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Repository files that sit beside the pages but are not pages: `README.md`, `SOURCE.md`,
/// `LICENSE*.md`.
pub fn is_repository_meta(file: &Path) -> bool {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    ["README", "SOURCE", "LICENSE"]
        .iter()
        .any(|m| name.starts_with(m))
}

/// Parse every page below `docs_root`; sources are relative to it. Repository files beside
/// the pages ([`is_repository_meta`]) are left out.
pub fn read_pages(docs_root: &Path) -> std::io::Result<Vec<Page>> {
    read_pages_with(docs_root, &())
}

/// [`read_pages`], telling `progress` of each page read. Pages are read and parsed on all
/// cores (each page is parsed on its own); they come back sorted by file, as listed.
pub fn read_pages_with(docs_root: &Path, progress: &dyn Progress) -> std::io::Result<Vec<Page>> {
    use rayon::prelude::*;
    let files: Vec<PathBuf> = markdown_files(docs_root)?
        .into_iter()
        .filter(|f| !is_repository_meta(f))
        .collect();
    progress.start("reading pages", files.len());
    files
        .par_iter()
        .map(|f| {
            let bytes = std::fs::read(f).map_err(|e| {
                std::io::Error::new(e.kind(), format!("reading {}: {e}", f.display()))
            })?;
            let page = parse_page(&source_name(docs_root, f), &bytes);
            progress.tick();
            Ok(page)
        })
        .collect()
}

/// A problem found while reading one piece of a page, before it is tied to a file.
/// The page parser turns these into [`crate::model::Diagnostic`]s.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// The code from the catalogue ([`crate::diag`]).
    pub code: Code,
    pub severity: Severity,
    /// 1-based line in the page.
    pub line: u32,
    pub message: String,
}

impl Issue {
    pub fn warning(code: Code, line: u32, message: impl Into<String>) -> Self {
        Issue {
            code,
            severity: Severity::Warning,
            line,
            message: message.into(),
        }
    }
    pub fn error(code: Code, line: u32, message: impl Into<String>) -> Self {
        Issue {
            code,
            severity: Severity::Error,
            line,
            message: message.into(),
        }
    }
}
