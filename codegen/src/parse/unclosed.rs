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
use crate::diag::Code;
use pulldown_cmark::{Event, Options, Parser, Tag};

/// What kind of construct was left open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Construct {
    Fence,
    Comment,
}

impl Construct {
    fn code(self) -> Code {
        match self {
            Construct::Fence => Code::UnclosedCodeFence,
            Construct::Comment => Code::UnclosedHtmlComment,
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

/// Where the HTML comments at the end of an open fence's content start: the first line
/// that opens one (`<!--` after optional indentation), which no JSON or HTTP example has.
pub fn trailing_comments(content: &str) -> Option<usize> {
    let mut at = 0;
    for line in content.split_inclusive('\n') {
        if line.trim_start().starts_with("<!--") {
            return Some(at);
        }
        at += line.len();
    }
    None
}

/// The 0-based content line of a closed fence that opens another code block with the same
/// fence (at least as long, with an info string: `` ```http `` inside a `` ``` `` block).
/// No example holds such a line; it means this fence lacks its closing line and was closed
/// by a later block's, so the blocks after it are shifted: opening fences close and closing
/// ones open.
pub fn inner_opener(opening_line: &str, content: &str) -> Option<usize> {
    let opening = opening_line.trim_start();
    let fence_char = opening.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let n = opening.chars().take_while(|&c| c == fence_char).count();
    content.lines().position(|l| {
        let l = l.trim_start();
        let run = l.chars().take_while(|&c| c == fence_char).count();
        run >= n && !l[run..].trim().is_empty()
    })
}

/// The issue for a fence opened on `line` that holds another block's opening fence on
/// `inner_line`: an error, since the blocks after it are read shifted.
pub fn shifted_fence(line: u32, inner_line: u32) -> Issue {
    Issue::error(
        Construct::Fence.code(),
        line,
        format!(
            "code fence is never closed: the code block opened on line {inner_line} is inside it, and the code blocks after it are read shifted"
        ),
    )
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
    fn another_blocks_opening_fence_inside() {
        assert_eq!(inner_opener("```json", "{}\n\n```http\nGET /x\n"), Some(2));
        assert_eq!(inner_opener("````markdown", "```http\nGET /x\n```\n"), None);
        assert_eq!(inner_opener("```", "~~~http\n"), None);
        assert_eq!(inner_opener("```http", "GET /x\n"), None);
    }

    #[test]
    fn comments_at_the_end_of_a_fence() {
        assert_eq!(trailing_comments("{}\n\n <!-- {\n}-->\n"), Some(4));
        assert_eq!(trailing_comments("{ \"a\": \"<!--\" }\n"), None);
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
            (Severity::Error, Code::UnclosedCodeFence, 3)
        );
        assert!(i.message.contains("heading on line 6"), "{}", i.message);
    }
}
