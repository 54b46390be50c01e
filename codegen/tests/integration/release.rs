//! The release of a docs tree (locale and API version) is read from the tree, never
//! assumed: the beta-shaped fixture tree (`tests/fixtures/beta/zh-CN/beta/`: beta URLs in
//! examples, a beta-only resource and its operation) reads as `beta`, from its folder or,
//! without it, from its example URLs.

use codegen::model::{Severity, VersionSource};
use codegen::parse::{parse_page, read_tree, release_of};
use std::path::{Path, PathBuf};

fn beta_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/beta")
}

#[test]
fn the_beta_tree_reads_as_beta_from_its_folder() {
    let tree = read_tree(&beta_root()).expect("read");
    let release = &tree.release;
    assert_eq!(release.version.as_ref().map(|v| v.as_str()), Some("beta"));
    assert!(release.version.as_ref().is_some_and(|v| v.is_beta()));
    assert_eq!(release.locale.as_deref(), Some("zh-CN"));
    assert_eq!(
        release.version_source,
        Some(VersionSource::Folder {
            folder: "zh-CN/beta".into()
        })
    );
    assert!(tree.diagnostics.is_empty(), "{:?}", tree.diagnostics);

    let sources: Vec<&str> = tree.pages.iter().map(|p| p.source.as_str()).collect();
    assert_eq!(
        sources,
        [
            "zh-CN/beta/api/message-send.md",
            "zh-CN/beta/api/riskyserviceprincipal-get.md",
            "zh-CN/beta/resources/riskyserviceprincipal.md"
        ]
    );
    for page in &tree.pages {
        let errors: Vec<_> = page
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
        for ex in &page.examples {
            assert!(
                ex.request
                    .url
                    .starts_with("https://graph.microsoft.com/beta/"),
                "{}",
                ex.request.url
            );
        }
    }
    // The beta-only resource and its operation are read.
    let resource = tree.pages[2].resource.as_ref().expect("resource");
    assert_eq!(resource.name, "microsoft.graph.riskyServicePrincipal");
    assert_eq!(resource.properties.len(), 10);
    let get = &tree.pages[1];
    assert_eq!(
        get.http.first().map(|h| h.path.as_str()),
        Some("/identityProtection/riskyServicePrincipals/{riskyServicePrincipalId}")
    );
    assert_eq!(get.examples.len(), 1);

    let emitted = codegen::emit::emit_tree(&tree, &codegen::emit::CrateOptions::default());
    assert_eq!(emitted.report.operations, 2);
    assert_eq!(
        emitted
            .report
            .release
            .as_ref()
            .and_then(|r| r.version.as_ref())
            .map(|v| v.as_str()),
        Some("beta")
    );
}

#[test]
fn without_a_version_folder_the_example_urls_say_beta() {
    let root = beta_root().join("zh-CN/beta");
    let mut pages = Vec::new();
    for dir in ["api", "resources"] {
        for entry in std::fs::read_dir(root.join(dir)).expect("list") {
            let path = entry.expect("entry").path();
            let name = path
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            let bytes = std::fs::read(&path).expect("read");
            // As if the pages sat directly below a docs root named after nothing.
            pages.push(parse_page(&format!("{dir}/{name}"), &bytes));
        }
    }
    let (release, diagnostics) = release_of(Path::new("/nonexistent/docs"), &pages);
    assert_eq!(release.version.as_ref().map(|v| v.as_str()), Some("beta"));
    assert_eq!(
        release.version_source,
        Some(VersionSource::ExampleUrls {
            naming: 2,
            total: 2
        })
    );
    assert_eq!(release.locale.as_deref(), Some("zh-CN"));
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
}
