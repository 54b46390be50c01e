//! Diagnostics for people and for tools: each one rendered with its source line and a caret
//! (annotate-snippets) on a terminal, or the whole list as JSON; a summary by code at the end.

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
use codegen::model::{Diagnostic, Severity};
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::Path;

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Rendered snippets on stderr and a summary by code.
    Human,
    /// One JSON array of all diagnostics on stdout (the summary still goes to stderr).
    Json,
}

/// Which diagnostics are rendered one by one in the human format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Show {
    /// Errors only; warnings are counted in the summary.
    Errors,
    /// Errors and warnings.
    All,
}

/// Render one diagnostic with the line it points at. `root` is the docs root the
/// diagnostic's `file` is relative to; a file that cannot be read is rendered without a
/// snippet.
pub fn render(d: &Diagnostic, root: &Path, styled: bool) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let text = std::fs::read(root.join(&d.file))
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    let line_text = text
        .split('\n')
        .nth(d.line.saturating_sub(1) as usize)
        .unwrap_or("")
        .trim_end_matches('\r');
    let renderer = if styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let title = level.primary_title(d.message.as_str()).id(d.code.as_str());
    // A blank or missing line still shows where it is, with a caret at its start.
    let (source, span) = if line_text.trim().is_empty() {
        (" ", 0..1)
    } else {
        let start = line_text.len() - line_text.trim_start().len();
        (line_text, start..line_text.trim_end().len())
    };
    let snippet: Snippet<'_, annotate_snippets::Annotation<'_>> = Snippet::source(source)
        .line_start(d.line.max(1) as usize)
        .path(d.file.as_str())
        .annotation(AnnotationKind::Primary.span(span));
    let report = [title.element(snippet)];
    renderer.render(&report).to_string()
}

/// Print diagnostics as asked, then the summary by code. Returns the number of errors.
pub fn report(diags: &[&Diagnostic], root: &Path, format: Format, show: Show) -> usize {
    match format {
        Format::Json => match serde_json::to_string_pretty(&explained(diags)) {
            Ok(json) => println!("{json}"),
            Err(e) => eprintln!("cannot serialize diagnostics: {e}"),
        },
        Format::Human => {
            let styled = std::io::stderr().is_terminal();
            for d in diags {
                if d.severity == Severity::Error || show == Show::All {
                    eprintln!("{}\n", render(d, root, styled));
                }
            }
        }
    }
    summarize(diags)
}

/// Diagnostics as `--format json` prints them: each one's fields followed by
/// `explanation`, the one-line explanation of its code from the catalogue.
pub fn explained(diags: &[&Diagnostic]) -> serde_json::Value {
    diags
        .iter()
        .map(|d| {
            let mut v = serde_json::to_value(d).unwrap_or_default();
            if let Some(obj) = v.as_object_mut() {
                obj.insert("explanation".into(), d.code.explanation().into());
            }
            v
        })
        .collect()
}

/// The summary by code on stderr. Returns the number of errors.
pub fn summarize(diags: &[&Diagnostic]) -> usize {
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    eprintln!(
        "diagnostics: {} ({} errors, {} warnings)",
        diags.len(),
        errors,
        diags.len() - errors
    );
    let mut by_code: BTreeMap<(&str, Severity), usize> = BTreeMap::new();
    for d in diags {
        *by_code.entry((d.code.as_str(), d.severity)).or_default() += 1;
    }
    for ((code, sev), n) in by_code {
        let sev = match sev {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        eprintln!("  {n:>6}  {sev:<7}  {code}");
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;
    use codegen::diag::Code;

    #[test]
    fn json_carries_the_explanation() {
        let d = Diagnostic {
            code: Code::Bom,
            severity: Severity::Warning,
            file: "p.md".into(),
            line: 1,
            message: "the page starts with a UTF-8 byte order mark".into(),
        };
        let json = explained(&[&d]);
        assert_eq!(
            json,
            serde_json::json!([{
                "code": "bom",
                "severity": "warning",
                "file": "p.md",
                "line": 1,
                "message": "the page starts with a UTF-8 byte order mark",
                "explanation": Code::Bom.explanation(),
            }])
        );
    }

    #[test]
    fn renders_the_line_with_a_caret() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            dir.path().join("p.md"),
            "---\ntitle: x\n---\n<!-- { \"blockType\": \"response\", } -->\n",
        )
        .expect("write");
        let d = Diagnostic {
            code: Code::AnnotationNotStrictJson,
            severity: Severity::Warning,
            file: "p.md".into(),
            line: 4,
            message: "annotation read after fixes: trailing-comma".into(),
        };
        let out = render(&d, dir.path(), false);
        assert!(
            out.contains("warning[annotation-not-strict-json]: annotation read after fixes"),
            "{out}"
        );
        assert!(out.contains("--> p.md:4:1"), "{out}");
        assert!(
            out.contains("4 | <!-- { \"blockType\": \"response\", } -->"),
            "{out}"
        );
        assert!(out.contains("^^^^"), "{out}");
    }

    #[test]
    fn missing_file_or_line_still_renders() {
        let d = Diagnostic {
            code: Code::EmptyPage,
            severity: Severity::Error,
            file: "nope.md".into(),
            line: 1,
            message: "the page is empty".into(),
        };
        let out = render(&d, Path::new("/nonexistent"), false);
        assert!(
            out.contains("error[empty-page]: the page is empty"),
            "{out}"
        );
    }
}
