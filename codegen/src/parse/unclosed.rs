//! Code fences and HTML comments that are never closed, and how severe that is.
//!
//! Where such a construct ends is CommonMark's answer (pulldown-cmark's offsets): a fence
//! or comment inside a block quote or list item ends with its container; one at the top
//! level runs to the end of the page. Its severity follows what is lost:
//!
//! - It ends with its container: the rest of the page is read; a warning.
//! - It runs to the end of the page but swallows no page structure (no heading, table or
//!   code fence; for example a page annotation at the end of the page missing its `-->`,
//!   or a last JSON example that runs into that annotation): nothing after the page's last
//!   operation content is lost; a warning.
//! - It swallows a heading, a table or a code fence: sections, examples or parameters of the
//!   page are lost; an error.

use super::Issue;
use pulldown_cmark::{Event, Options, Parser, Tag};

/// What kind of construct was left open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Construct {
    Fence,
    Comment,
}

impl Construct {
    fn code(self) -> &'static str {
        match self {
            Construct::Fence => "unclosed-code-fence",
            Construct::Comment => "unclosed-html-comment",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Construct::Fence => "code fence",
            Construct::Comment => "HTML comment (`-->` missing)",
        }
    }
}

/// Whether a fenced code block was closed by a closing fence, from its source range and
/// its content as pulldown-cmark reports them: a closed block spans its content lines plus
/// the opening and the closing fence line. Container prefixes (`>`, list indentation) and
/// the fence character (`` ` `` or `~`) play no part.
pub fn fence_is_closed(src: &str, content: &str) -> bool {
    let src_lines = src.trim_end_matches('\n').split('\n').count();
    src_lines >= content.lines().count() + 2
}

/// The first piece of page structure in `swallowed` (markdown whose first line is page
/// line `first_line`): a heading, a table or a fenced code block, with its line.
pub fn swallowed_structure(swallowed: &str, first_line: u32) -> Option<(&'static str, u32)> {
    let mut line_starts = vec![0];
    line_starts.extend(swallowed.match_indices('\n').map(|(i, _)| i + 1));
    let line_of =
        |offset: usize| first_line + line_starts.partition_point(|&s| s <= offset) as u32 - 1;
    Parser::new_ext(swallowed, Options::ENABLE_TABLES)
        .into_offset_iter()
        .find_map(|(ev, range)| {
            let what = match ev {
                Event::Start(Tag::Heading { .. }) => "heading",
                Event::Start(Tag::Table(_)) => "table",
                Event::Start(Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(_))) => {
                    "code fence"
                }
                _ => return None,
            };
            Some((what, line_of(range.start)))
        })
}

/// The issue for a construct opened on `line` that is never closed.
///
/// `ends_page`: it runs to the end of the page (rather than ending with its container).
/// `swallowed`/`swallowed_line`: the text it holds after its opening line, and the page
/// line that text starts on; it is searched for page structure only when `ends_page`.
pub fn issue(
    construct: Construct,
    line: u32,
    ends_page: bool,
    swallowed: &str,
    swallowed_line: u32,
) -> Issue {
    let name = construct.name();
    if !ends_page {
        return Issue::warning(
            construct.code(),
            line,
            format!(
                "{name} is never closed; it ends with its block quote, list item or HTML block"
            ),
        );
    }
    match swallowed_structure(swallowed, swallowed_line) {
        Some((what, at)) => Issue::error(
            construct.code(),
            line,
            format!(
                "{name} is never closed; it runs to the end of the page and swallows the {what} on line {at}"
            ),
        ),
        None => Issue::warning(
            construct.code(),
            line,
            format!(
                "{name} is never closed; it runs to the end of the page, which holds no further section, table or code block"
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Severity;

    #[test]
    fn closed_and_open_fences() {
        assert!(fence_is_closed("```http\nGET /me\n```", "GET /me\n"));
        assert!(fence_is_closed("```http\n> GET /me\n> ```", "GET /me\n"));
        assert!(fence_is_closed("~~~\n~~~", ""));
        assert!(fence_is_closed("```\na\n\n```", "a\n\n"));
        assert!(!fence_is_closed("```http\n> GET /x\n", "GET /x\n"));
        assert!(!fence_is_closed("```", ""));
        assert!(!fence_is_closed("```json\n{\n", "{\n"));
    }

    #[test]
    fn structure_in_swallowed_text() {
        assert_eq!(swallowed_structure("{\n  \"a\": 1\n}\n", 5), None);
        assert_eq!(
            swallowed_structure("x\n\n## Response\n", 10),
            Some(("heading", 12))
        );
        assert_eq!(
            swallowed_structure("\n```http\nGET /x\n```\n", 3),
            Some(("code fence", 4))
        );
        assert_eq!(
            swallowed_structure("| a | b |\n|---|---|\n| 1 | 2 |\n", 1),
            Some(("table", 1))
        );
    }

    #[test]
    fn severity_follows_what_is_lost() {
        let i = issue(Construct::Comment, 3, false, "## x", 4);
        assert_eq!(i.severity, Severity::Warning);
        let i = issue(
            Construct::Comment,
            3,
            true,
            "{ \"type\": \"#page.annotation\" }\n",
            4,
        );
        assert_eq!(i.severity, Severity::Warning);
        let i = issue(Construct::Fence, 3, true, "GET /x\n\n## Response\n", 4);
        assert_eq!(
            (i.severity, i.code, i.line),
            (Severity::Error, "unclosed-code-fence", 3)
        );
        assert!(i.message.contains("heading on line 6"), "{}", i.message);
    }
}
