//! What the generated crate is, beyond the pages: its API version (and so its
//! name, description and default base URL), where the runtime crate lives, and
//! the hand-written files it holds.
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

use std::path::{Path, PathBuf};

/// Facts about the generated crate that do not come from the pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrateOptions {
    /// The API version of the docs tree, as in Graph URLs: `v1.0`, `beta`.
    pub api_version: String,
    /// The runtime crate's folder relative to the generated crate (`../runtime`).
    pub runtime_path: String,
    /// The hand-written files found in the output crate, sorted by path.
    pub hand_written: Vec<HandWritten>,
}

impl Default for CrateOptions {
    fn default() -> Self {
        CrateOptions {
            api_version: "v1.0".to_owned(),
            runtime_path: "../runtime".to_owned(),
            hand_written: Vec::new(),
        }
    }
}

impl CrateOptions {
    /// The package name: `msgraph-docs-sdk` for v1.0, `msgraph-docs-sdk-<version>` else.
    pub fn package_name(&self) -> String {
        if self.api_version == "v1.0" {
            "msgraph-docs-sdk".to_owned()
        } else {
            format!("msgraph-docs-sdk-{}", version_slug(&self.api_version))
        }
    }

    /// `https://graph.microsoft.com/<version>`.
    pub fn default_base_url(&self) -> String {
        format!("https://graph.microsoft.com/{}", self.api_version)
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
        let beta = CrateOptions {
            api_version: "beta".into(),
            ..CrateOptions::default()
        };
        assert_eq!(beta.package_name(), "msgraph-docs-sdk-beta");
        assert_eq!(beta.default_base_url(), "https://graph.microsoft.com/beta");
        assert_eq!(CrateOptions::default().package_name(), "msgraph-docs-sdk");
    }
}
