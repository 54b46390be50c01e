//! What the generated crate is, beyond the pages: its docs tree's release (the API
//! version, and so its name, description, default base URL and reference link; the
//! locale that labels localized docs), where the runtime crate lives, and the
//! hand-written files it holds.
//!
//! The generator never writes hand-written files (apps in `examples/`, test
//! support in `tests/`); it only reads their header lines, so the manifest can
//! declare them: each states what it needs in its leading `//!` block,
//!
//! ```text
//! //! required-features: outlook
//! //! dev-dependencies: clap, tokio
//! ```
//!
//! An app in `examples/` becomes an `[[example]]` entry with those features;
//! dev-dependencies are inherited from the workspace (`name.workspace = true`).

use crate::model::{ApiVersion, Release};
use std::path::{Path, PathBuf};

/// Facts about the generated crate that do not come from the pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrateOptions {
    /// The API version of the docs tree, as in Graph URLs: `v1.0`, `beta`. Examples whose
    /// URL names another version are not tested.
    pub api_version: ApiVersion,
    /// The docs tree's locale (`zh-CN`), which labels the localized doc text; `None` when
    /// the tree does not say.
    pub locale: Option<String>,
    /// The runtime crate's folder relative to the generated crate (`../runtime`).
    pub runtime_path: String,
    /// The hand-written files found in the output crate, sorted by path.
    pub hand_written: Vec<HandWritten>,
}

impl Default for CrateOptions {
    fn default() -> Self {
        CrateOptions {
            api_version: ApiVersion::v1_0(),
            locale: None,
            runtime_path: "../runtime".to_owned(),
            hand_written: Vec::new(),
        }
    }
}

impl CrateOptions {
    /// The defaults with the API version and locale of a docs tree's release (v1.0 when
    /// the release names no version: such a tree was reported as `docs-version-unknown`,
    /// an error, and nothing is written from it).
    pub fn for_release(release: &Release) -> CrateOptions {
        CrateOptions {
            api_version: release.version.clone().unwrap_or_else(ApiVersion::v1_0),
            locale: release.locale.clone(),
            ..CrateOptions::default()
        }
    }

    /// The package name: `msgraph-docs-sdk` for v1.0, `msgraph-docs-sdk-<version>` else.
    pub fn package_name(&self) -> String {
        if self.api_version == ApiVersion::v1_0() {
            "msgraph-docs-sdk".to_owned()
        } else {
            format!(
                "msgraph-docs-sdk-{}",
                version_slug(self.api_version.as_str())
            )
        }
    }

    /// `https://graph.microsoft.com/<version>`.
    pub fn default_base_url(&self) -> String {
        format!("https://graph.microsoft.com/{}", self.api_version)
    }

    /// The Graph REST API reference of the version on Microsoft Learn
    /// (`…?view=graph-rest-1.0`, `…?view=graph-rest-beta`).
    pub fn reference_url(&self) -> String {
        let view = self.api_version.as_str();
        let view = view.strip_prefix('v').unwrap_or(view);
        format!("https://learn.microsoft.com/graph/api/overview?view=graph-rest-{view}")
    }

    /// The apps of `examples/` (hand-written files directly in that folder).
    pub fn example_apps(&self) -> impl Iterator<Item = &HandWritten> {
        self.hand_written
            .iter()
            .filter(|h| h.example_name().is_some())
    }
}

/// `beta` → `beta`, `v2.0` → `v2-0`: a version as a package-name suffix.
fn version_slug(version: &str) -> String {
    version
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

/// A hand-written file of the generated crate and what its header declares.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct HandWritten {
    /// Path relative to the crate root (`examples/send_draft.rs`).
    pub path: PathBuf,
    /// `required-features:` (area features the file needs).
    pub required_features: Vec<String>,
    /// `dev-dependencies:` (crate names inherited from the workspace).
    pub dev_dependencies: Vec<String>,
}

impl HandWritten {
    /// Reads the header of `text`: the `required-features:` and
    /// `dev-dependencies:` lines of its leading `//!` (or `//`) comment block.
    /// Names are separated by commas or spaces; backticks are ignored.
    pub fn from_header(path: &Path, text: &str) -> HandWritten {
        let mut file = HandWritten {
            path: path.to_path_buf(),
            required_features: Vec::new(),
            dev_dependencies: Vec::new(),
        };
        for line in text.lines() {
            let Some(comment) = line
                .trim_start()
                .strip_prefix("//!")
                .or_else(|| line.trim_start().strip_prefix("//"))
            else {
                if line.trim().is_empty() {
                    continue;
                }
                break;
            };
            let Some((key, value)) = comment.split_once(':') else {
                continue;
            };
            let names = value
                .split([',', ' ', '\t'])
                .map(|n| n.trim_matches('`'))
                .filter(|n| !n.is_empty())
                .map(str::to_owned);
            match key.trim() {
                "required-features" => file.required_features.extend(names),
                "dev-dependencies" => file.dev_dependencies.extend(names),
                _ => {}
            }
        }
        file.required_features.sort();
        file.required_features.dedup();
        file.dev_dependencies.sort();
        file.dev_dependencies.dedup();
        file
    }

    /// The example name for a file directly in `examples/` (`send_draft`).
    pub fn example_name(&self) -> Option<&str> {
        let mut parts = self.path.components();
        let first = parts.next()?.as_os_str();
        let file = parts.next()?.as_os_str();
        if first != "examples" || parts.next().is_some() {
            return None;
        }
        Path::new(file)
            .extension()
            .is_some_and(|e| e == "rs")
            .then(|| Path::new(file).file_stem()?.to_str())
            .flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_lines_are_read_from_the_leading_comment_only() {
        let text = "//! Lists messages.\n//!\n//! required-features: `outlook`, users\n\
                    //! dev-dependencies: clap futures\n\nuse x;\n//! required-features: late\n";
        let file = HandWritten::from_header(Path::new("examples/inbox.rs"), text);
        assert_eq!(file.required_features, ["outlook", "users"]);
        assert_eq!(file.dev_dependencies, ["clap", "futures"]);
        assert_eq!(file.example_name(), Some("inbox"));
        let support = HandWritten::from_header(Path::new("tests/examples/support.rs"), "");
        assert_eq!(support.example_name(), None);
        let nested = HandWritten::from_header(Path::new("examples/a/main.rs"), "");
        assert_eq!(nested.example_name(), None);
    }

    #[test]
    fn names_follow_the_version() {
        let beta = CrateOptions::for_release(&Release {
            locale: Some("en-US".into()),
            version: Some(ApiVersion::beta()),
            version_source: None,
        });
        assert_eq!(beta.package_name(), "msgraph-docs-sdk-beta");
        assert_eq!(beta.default_base_url(), "https://graph.microsoft.com/beta");
        assert_eq!(
            beta.reference_url(),
            "https://learn.microsoft.com/graph/api/overview?view=graph-rest-beta"
        );
        assert_eq!(beta.locale.as_deref(), Some("en-US"));
        let v1 = CrateOptions::default();
        assert_eq!(v1.package_name(), "msgraph-docs-sdk");
        assert_eq!(
            v1.reference_url(),
            "https://learn.microsoft.com/graph/api/overview?view=graph-rest-1.0"
        );
    }
}
