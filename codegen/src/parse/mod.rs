//! Markdown reference page → [`crate::model::Page`].

pub mod annotation;
pub mod http;
pub mod json;

use crate::model::Severity;

/// A problem found while reading one piece of a page, before it is tied to a file.
/// The page parser turns these into [`crate::model::Diagnostic`]s.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// Stable kebab-case code, e.g. `annotation-not-strict-json`.
    pub code: &'static str,
    pub severity: Severity,
    /// 1-based line in the page.
    pub line: u32,
    pub message: String,
}

impl Issue {
    pub fn warning(code: &'static str, line: u32, message: impl Into<String>) -> Self {
        Issue { code, severity: Severity::Warning, line, message: message.into() }
    }
    pub fn error(code: &'static str, line: u32, message: impl Into<String>) -> Self {
        Issue { code, severity: Severity::Error, line, message: message.into() }
    }
}
