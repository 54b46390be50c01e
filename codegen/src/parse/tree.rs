//! A docs tree as a whole: its pages, and the release it documents (locale and API
//! version), read once here so that nothing downstream assumes either.
//!
//! The version is the folder the pages sit in (`docs/<locale>/<version>/api/…`, or a docs
//! root that is itself such a folder) or, when no folder names one, the version most
//! example URLs name (`https://graph.microsoft.com/beta/me`). The locale is the folder above
//! the version folder when it names one, else the pages' most common `ms.contentlocale`.

use super::read_pages_with;
use crate::diag::Code;
use crate::model::{
    ApiVersion, Diagnostic, DocsTree, GraphUrl, Page, Release, RequestTarget, Severity,
    VersionSource,
};
use crate::progress::Progress;
use std::collections::BTreeMap;
use std::path::Path;

/// How many folders above the docs root may name the version (`--docs …/beta/api`).
const ROOT_LEVELS: usize = 2;

/// Parse every page below `docs_root` ([`read_pages`]) and read the tree's release.
pub fn read_tree(docs_root: &Path) -> std::io::Result<DocsTree> {
    read_tree_with(docs_root, &())
}

/// [`read_tree`], telling `progress` of each page read.
pub fn read_tree_with(docs_root: &Path, progress: &dyn Progress) -> std::io::Result<DocsTree> {
    let pages = read_pages_with(docs_root, progress)?;
    let (release, diagnostics) = release_of(docs_root, &pages);
    Ok(DocsTree {
        release,
        pages,
        diagnostics,
    })
}

/// The release of the pages read below `docs_root` (sources relative to it), with the
/// problems found reading it.
pub fn release_of(docs_root: &Path, pages: &[Page]) -> (Release, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let root = root_folders(docs_root);
    // Version folder of each page: the nearest folder (the page's own folders, then the
    // root's) that names a version, with the folder above it.
    let mut by_folder: BTreeMap<ApiVersion, (usize, String, Option<String>)> = BTreeMap::new();
    for page in pages {
        let dirs: Vec<&str> = page.source.split('/').collect();
        let dirs = &dirs[..dirs.len().saturating_sub(1)];
        let found = dirs
            .iter()
            .enumerate()
            .rev()
            .find_map(|(i, d)| ApiVersion::parse(d).map(|v| (i, v)));
        let (version, folder, above) = match found {
            Some((i, v)) => (
                v,
                dirs[..=i].join("/"),
                i.checked_sub(1)
                    .and_then(|j| dirs.get(j))
                    .map(|s| s.to_string())
                    .or_else(|| root.first().cloned()),
            ),
            None => match root
                .iter()
                .enumerate()
                .find_map(|(i, d)| ApiVersion::parse(d).map(|v| (i, v)))
            {
                Some((i, v)) => (v, docs_root.display().to_string(), root.get(i + 1).cloned()),
                None => continue,
            },
        };
        let entry = by_folder.entry(version).or_insert((0, folder, above));
        entry.0 += 1;
    }
    let urls = url_versions(pages);
    let url_total: usize = urls.values().sum();
    let url_top = top(&urls);

    let mut release = Release::default();
    let mut folder_locale = None;
    if by_folder.len() > 1 {
        let counts: Vec<String> = by_folder
            .iter()
            .map(|(v, (n, folder, _))| format!("{v} ({n} pages in {folder})"))
            .collect();
        diagnostics.push(tree_diagnostic(
            Code::DocsVersionsMixed,
            Severity::Error,
            format!(
                "the docs tree holds pages of several API versions: {}; point the generator at one version's folder",
                counts.join(", ")
            ),
        ));
    } else if let Some((version, (_, folder, above))) = by_folder.into_iter().next() {
        if let Some((named, n)) = &url_top {
            if *named != version {
                diagnostics.push(tree_diagnostic(
                    Code::DocsVersionUrlsDisagree,
                    Severity::Warning,
                    format!(
                        "the folder {folder} names {version}, but {n} of the {url_total} example URLs that name a version name {named}"
                    ),
                ));
            }
        }
        folder_locale = above.filter(|a| is_locale(a));
        release.version = Some(version);
        release.version_source = Some(VersionSource::Folder { folder });
    } else if let Some((version, naming)) = url_top {
        release.version = Some(version);
        release.version_source = Some(VersionSource::ExampleUrls {
            naming,
            total: url_total,
        });
    } else {
        diagnostics.push(tree_diagnostic(
            Code::DocsVersionUnknown,
            Severity::Error,
            if url_total == 0 {
                "no folder and no example URL names the API version (`v1.0`, `beta`) of the docs tree"
                    .to_string()
            } else {
                format!("no folder names the API version, and the {url_total} example URLs that name one are split evenly")
            },
        ));
    }
    release.locale = folder_locale.or_else(|| front_matter_locale(pages));
    (release, diagnostics)
}

/// The docs root's own name and its parents', nearest first ([`ROOT_LEVELS`] of them).
fn root_folders(docs_root: &Path) -> Vec<String> {
    let full = std::fs::canonicalize(docs_root).unwrap_or_else(|_| docs_root.to_path_buf());
    full.components()
        .rev()
        .take(ROOT_LEVELS + 1)
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect()
}

/// How many example request URLs name each version: the first path segment of an absolute
/// URL (`https://graph.microsoft.com/beta/me`) or of a rooted path (`/beta/me`).
fn url_versions(pages: &[Page]) -> BTreeMap<ApiVersion, usize> {
    let mut counts = BTreeMap::new();
    for ex in pages.iter().flat_map(|p| &p.examples) {
        if let RequestTarget::Graph(GraphUrl {
            version: Some(v), ..
        }) = &ex.request.target
        {
            *counts.entry(v.clone()).or_insert(0) += 1;
        }
    }
    counts
}

/// The most common key, unless another is as common.
fn top<K: Ord + Clone>(counts: &BTreeMap<K, usize>) -> Option<(K, usize)> {
    let max = counts.values().copied().max()?;
    let mut at_max = counts.iter().filter(|(_, &n)| n == max);
    let (k, _) = at_max.next()?;
    at_max.next().is_none().then(|| (k.clone(), max))
}

/// The most common `ms.contentlocale` of the pages (ties to the alphabetically first).
fn front_matter_locale(pages: &[Page]) -> Option<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for l in pages.iter().filter_map(|p| p.locale.as_deref()) {
        *counts.entry(l).or_insert(0) += 1;
    }
    let max = counts.values().copied().max()?;
    counts
        .into_iter()
        .find(|&(_, n)| n == max)
        .map(|(l, _)| l.to_string())
}

/// A locale folder name as the docs publish them: a 2–3 letter language, then one or two
/// 2–4 character subtags (`zh-CN`, `en-us`, `zh-Hans-CN`). `api`, `api-reference` are none.
fn is_locale(name: &str) -> bool {
    let mut parts = name.split('-');
    let lang_ok = parts
        .next()
        .is_some_and(|l| (2..=3).contains(&l.len()) && l.bytes().all(|b| b.is_ascii_alphabetic()));
    let rest: Vec<&str> = parts.collect();
    lang_ok
        && (1..=2).contains(&rest.len())
        && rest
            .iter()
            .all(|p| (2..=4).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

fn tree_diagnostic(code: Code, severity: Severity, message: String) -> Diagnostic {
    Diagnostic {
        code,
        severity,
        file: String::new(),
        line: 1,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_page;

    fn page(source: &str, url: &str) -> Page {
        let text = format!(
            "---\ntitle: x\nms.contentlocale: fr-FR\n---\n# x\n\n## Example\n\n```http\nGET {url}\n```\n"
        );
        parse_page(source, text.as_bytes())
    }

    #[test]
    fn versions_and_locales() {
        for (s, v) in [("v1.0", true), ("beta", true), ("Beta", true), ("v2", true)] {
            assert_eq!(ApiVersion::parse(s).is_some(), v, "{s}");
        }
        for s in ["v", "v1.0.1", "api", "v1.x", "betas"] {
            assert!(ApiVersion::parse(s).is_none(), "{s}");
        }
        for (s, l) in [
            ("zh-CN", true),
            ("en-us", true),
            ("zh-Hans-CN", true),
            ("de", false),
        ] {
            assert_eq!(is_locale(s), l, "{s}");
        }
        for s in ["api-reference", "api", "docs", "v1.0"] {
            assert!(!is_locale(s), "{s}");
        }
    }

    #[test]
    fn version_from_the_folder() {
        let pages = [page(
            "en-us/beta/api/x.md",
            "https://graph.microsoft.com/beta/me",
        )];
        let (r, d) = release_of(Path::new("/nonexistent/docs"), &pages);
        assert_eq!(r.version.as_ref().map(ApiVersion::as_str), Some("beta"));
        assert_eq!(r.locale.as_deref(), Some("en-us"));
        assert_eq!(
            r.version_source,
            Some(VersionSource::Folder {
                folder: "en-us/beta".into()
            })
        );
        assert!(d.is_empty(), "{d:?}");
        // The docs root itself is the version folder; the locale comes from the front matter.
        let pages = [page("api/x.md", "https://graph.microsoft.com/v1.0/me")];
        let (r, d) = release_of(Path::new("/nonexistent/api-reference/v1.0"), &pages);
        assert_eq!(r.version.as_ref().map(ApiVersion::as_str), Some("v1.0"));
        assert_eq!(r.locale.as_deref(), Some("fr-FR"));
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn version_from_the_urls_and_problems() {
        let pages = [
            page("api/a.md", "https://graph.microsoft.com/beta/me"),
            page("api/b.md", "https://graph.microsoft.com/beta/me?$top=1"),
            page("api/c.md", "https://graph.microsoft.com/v1.0/me"),
        ];
        let (r, d) = release_of(Path::new("/nonexistent/docs"), &pages);
        assert_eq!(r.version.as_ref().map(ApiVersion::as_str), Some("beta"));
        assert_eq!(
            r.version_source,
            Some(VersionSource::ExampleUrls {
                naming: 2,
                total: 3
            })
        );
        assert!(d.is_empty());
        // Folder and URLs disagree: the folder wins, with a warning.
        let pages = [page(
            "zh-CN/v1.0/api/a.md",
            "https://graph.microsoft.com/beta/me",
        )];
        let (r, d) = release_of(Path::new("/nonexistent/docs"), &pages);
        assert_eq!(r.version.as_ref().map(ApiVersion::as_str), Some("v1.0"));
        assert_eq!(d[0].code, "docs-version-urls-disagree");
        // Two version folders.
        let pages = [
            page("zh-CN/v1.0/api/a.md", "/me"),
            page("zh-CN/beta/api/a.md", "/me"),
        ];
        let (r, d) = release_of(Path::new("/nonexistent/docs"), &pages);
        assert_eq!(r.version, None);
        assert_eq!(
            (d[0].code.as_str(), d[0].severity),
            ("docs-versions-mixed", Severity::Error)
        );
        // Nothing names a version.
        let pages = [page("api/a.md", "/me")];
        let (r, d) = release_of(Path::new("/nonexistent/docs"), &pages);
        assert_eq!(r.version, None);
        assert_eq!(d[0].code, "docs-version-unknown");
    }
}
