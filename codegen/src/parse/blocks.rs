//! Page structure: front matter, then the block sequence (headings, fences, HTML comments,
//! tables, paragraphs) in document order, each with its page line.
//!
//! Block structure comes from `pulldown-cmark` (offset iterator); HTML comments are found by
//! a scan of the text outside code fences, because annotations also sit at the end of
//! paragraph lines and pulldown-cmark reports those as inline HTML pieces.

use super::spans::{self, SpanProblem};
use super::tables::{self, Table};
use super::Issue;
use crate::diag::Code;
use crate::model::Text;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use std::collections::BTreeMap;
use std::ops::Range;

/// Maps byte offsets to 1-based line numbers.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    pub fn line(&self, offset: usize) -> u32 {
        self.starts.partition_point(|&s| s <= offset) as u32
    }
}

/// Front matter as read: keys → unquoted values, and the byte offset where the body starts.
pub struct FrontMatter {
    pub values: BTreeMap<String, String>,
    pub body_start: usize,
}

/// Read the front matter. It starts at a `---` first line and ends at the next `---` line.
pub fn front_matter(text: &str, issues: &mut Vec<Issue>) -> FrontMatter {
    let mut values = BTreeMap::new();
    let Some(after) = text.strip_prefix("---\n") else {
        issues.push(Issue::warning(
            Code::FrontMatterMissing,
            1,
            "the page does not start with a `---` front matter block",
        ));
        return FrontMatter {
            values,
            body_start: 0,
        };
    };
    let mut offset = 4;
    // Line warnings count only when the block is closed; otherwise the lines are body lines.
    let mut unreadable = Vec::new();
    for (i, line) in after.split_inclusive('\n').enumerate() {
        let line_no = 2 + i as u32;
        let content = line.trim_end_matches('\n');
        if content.trim_end() == "---" {
            issues.extend(unreadable);
            return FrontMatter {
                values,
                body_start: offset + line.len(),
            };
        }
        if !content.trim().is_empty() && !content.trim_start().starts_with('#') {
            match content.split_once(':') {
                Some((k, v)) if !k.trim().is_empty() && !k.contains(' ') => {
                    values.insert(k.trim().to_string(), unquote(v.trim()));
                }
                _ => unreadable.push(Issue::warning(
                    Code::FrontMatterLineUnreadable,
                    line_no,
                    format!("front matter line is not `key: value`: {content:?}"),
                )),
            }
        }
        offset += line.len();
    }
    issues.push(Issue::error(
        Code::FrontMatterUnterminated,
        1,
        "the front matter has no closing `---` line; the page was read without it",
    ));
    FrontMatter {
        values: BTreeMap::new(),
        body_start: 0,
    }
}

fn unquote(v: &str) -> String {
    if v.len() >= 2 && v.starts_with('\'') && v.ends_with('\'') {
        v[1..v.len() - 1].replace("''", "'")
    } else if v.len() >= 2 && v.starts_with('"') && v.ends_with('"') {
        v[1..v.len() - 1]
            .replace("\\\"", "\"")
            .replace("\\\\", "\\")
    } else {
        v.to_string()
    }
}

/// A structural block of the page body.
#[derive(Debug, Clone)]
pub enum Block {
    Heading {
        level: u8,
        /// `<a name>` anchor, or the slug of the English text when there is none.
        anchor: String,
        /// Plain text, both languages.
        text: Text,
        /// A tab heading (`# [HTTP](#tab/http)`), which is not a section.
        tab: bool,
        line: u32,
    },
    Fence {
        info: String,
        content: String,
        /// Line of the first content line.
        content_line: u32,
        line: u32,
    },
    Comment {
        body: String,
        line: u32,
    },
    Table {
        table: Table,
        line: u32,
    },
    Para {
        text: Text,
        line: u32,
    },
}

impl Block {
    pub fn line(&self) -> u32 {
        match self {
            Block::Heading { line, .. }
            | Block::Fence { line, .. }
            | Block::Comment { line, .. }
            | Block::Table { line, .. }
            | Block::Para { line, .. } => *line,
        }
    }
}

/// The kind of the code block being read.
enum CodeKind {
    /// A fenced block with its trimmed info string (`http`, `json`, empty).
    Fenced { info: String },
    /// An indented code block.
    Indented,
}

/// A code block whose content is being collected.
struct OpenCode {
    /// Start offset of the block in the text.
    start: usize,
    kind: CodeKind,
    /// The content so far.
    content: String,
    /// The block's range in the text, fence lines included.
    range: Range<usize>,
}

/// Split the page body (from `body_start`) into blocks in document order.
pub fn blocks(
    text: &str,
    body_start: usize,
    lines: &LineIndex,
    issues: &mut Vec<Issue>,
) -> Vec<Block> {
    let body = &text[body_start..];
    let mut out: Vec<(usize, Block)> = Vec::new();
    let mut fences: Vec<Range<usize>> = Vec::new();
    let mut span_problems: Vec<(u32, SpanProblem)> = Vec::new();

    let parser = Parser::new_ext(body, Options::ENABLE_TABLES).into_offset_iter();
    // State for the block being collected.
    let mut fence: Option<OpenCode> = None;
    let mut items: Vec<(Range<usize>, bool)> = Vec::new();
    for (ev, range) in parser {
        let abs = (range.start + body_start)..(range.end + body_start);
        // A block nested in a tight list item ends the item's own text; without this cut
        // every item of a deeply nested list would copy the whole rest of the list.
        if let Event::Start(
            Tag::List(_)
            | Tag::BlockQuote(_)
            | Tag::CodeBlock(_)
            | Tag::HtmlBlock
            | Tag::Heading { .. }
            | Tag::Table(_),
        ) = &ev
        {
            if let Some(last) = items.last_mut() {
                last.0.end = last.0.end.min(abs.start);
            }
        }
        match ev {
            Event::Start(Tag::CodeBlock(kind)) => {
                let kind = match kind {
                    CodeBlockKind::Fenced(i) => CodeKind::Fenced {
                        info: i.trim().to_string(),
                    },
                    CodeBlockKind::Indented => CodeKind::Indented,
                };
                fence = Some(OpenCode {
                    start: abs.start,
                    kind,
                    content: String::new(),
                    range: abs,
                });
            }
            Event::Text(t) if fence.is_some() => {
                if let Some(open) = fence.as_mut() {
                    open.content.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(OpenCode {
                    start,
                    kind,
                    content,
                    range: r,
                }) = fence.take()
                {
                    fences.push(r.clone());
                    // Indented code blocks only mask their range; the pages' code is fenced.
                    let CodeKind::Fenced { info } = kind else {
                        continue;
                    };
                    let line = lines.line(start);
                    let src = &text[r.clone()];
                    let closed = src
                        .trim_end()
                        .rsplit_once('\n')
                        .is_some_and(|(_, last)| last.trim_start().starts_with("```"));
                    if !closed {
                        issues.push(Issue::error(
                            Code::UnclosedCodeFence,
                            line,
                            "code fence is never closed; it runs to the end of the page",
                        ));
                    }
                    out.push((
                        start,
                        Block::Fence {
                            info,
                            content,
                            content_line: line + 1,
                            line,
                        },
                    ));
                }
            }
            Event::Start(Tag::Heading { level, .. }) => {
                let src = &text[abs.clone()];
                let line = lines.line(abs.start);
                let (block, probs) = heading(src, level as u8, line);
                span_problems.extend(probs.into_iter().map(|p| (line, p)));
                out.push((abs.start, block));
            }
            Event::Start(Tag::Table(_)) => {
                let src = &text[abs.clone()];
                let line = lines.line(abs.start);
                if let Some(table) = tables::parse_table(src, line) {
                    span_problems.extend(table.problems.iter().cloned());
                    out.push((abs.start, Block::Table { table, line }));
                }
            }
            Event::Start(Tag::Paragraph) => {
                if let Some(last) = items.last_mut() {
                    last.1 = true;
                }
                let src = &text[abs.clone()];
                let line = lines.line(abs.start);
                let u = spans::unwrap(src.trim_end());
                span_problems.extend(u.problems.into_iter().map(|p| (line, p)));
                out.push((abs.start, Block::Para { text: u.text, line }));
            }
            Event::Start(Tag::Item) => items.push((abs, false)),
            Event::End(TagEnd::Item) => {
                if let Some((r, had_para)) = items.pop() {
                    if !had_para {
                        let src = strip_list_marker(first_block_of_item(&text[r.clone()]));
                        let line = lines.line(r.start);
                        let u = spans::unwrap(src.trim_end());
                        span_problems.extend(u.problems.into_iter().map(|p| (line, p)));
                        out.push((r.start, Block::Para { text: u.text, line }));
                    }
                }
            }
            _ => {}
        }
    }

    // HTML comments outside fences. memmem's SIMD search: this scan covers the whole page.
    let open_finder = memchr::memmem::Finder::new("<!--");
    let mut pos = body_start;
    fences.sort_by_key(|r| r.start);
    while let Some(found) = open_finder.find(&text.as_bytes()[pos..]) {
        let start = pos + found;
        // Fences are sorted and disjoint: only the last one starting at or before `start`
        // can contain it (a binary search; a linear scan is quadratic on big pages).
        let candidate = fences.partition_point(|f| f.start <= start).checked_sub(1);
        if let Some(f) = candidate
            .and_then(|i| fences.get(i))
            .filter(|f| f.contains(&start))
        {
            pos = f.end.max(start + 4);
            continue;
        }
        let line = lines.line(start);
        match memchr::memmem::find(&text.as_bytes()[start + 4..], b"-->") {
            Some(end) => {
                let body = &text[start + 4..start + 4 + end];
                out.push((
                    start,
                    Block::Comment {
                        body: body.to_string(),
                        line,
                    },
                ));
                pos = start + 4 + end + 3;
            }
            None => {
                issues.push(Issue::error(
                    Code::UnclosedHtmlComment,
                    line,
                    "HTML comment is never closed (`-->` missing); the rest of the page is inside it",
                ));
                break;
            }
        }
    }

    for (line, p) in span_problems {
        issues.push(span_issue(line, p));
    }
    out.sort_by_key(|(o, _)| *o);
    out.into_iter().map(|(_, b)| b).collect()
}

/// A span problem as an issue.
pub fn span_issue(line: u32, p: SpanProblem) -> Issue {
    match p {
        SpanProblem::NonCanonical => Issue::warning(
            Code::SpanNoncanonical,
            line,
            "span markup is not the canonical side-by-side pair; read with an HTML parser",
        ),
        SpanProblem::MismatchedIds { loc, en } => Issue::warning(
            Code::SpanMismatchedIds,
            line,
            format!("localized span id {loc:?} differs from English span id {en:?}"),
        ),
        SpanProblem::Unclosed => Issue::warning(
            Code::SpanUnclosed,
            line,
            "a span is never closed; the text after it was taken as is",
        ),
        SpanProblem::TooLarge => Issue::warning(
            Code::SpanMarkupTooLarge,
            line,
            format!(
                "span markup with more than {} tags is not read with the HTML parser; \
                 span tags were dropped and both languages keep the same text",
                spans::MAX_FALLBACK_TAGS
            ),
        ),
    }
}

fn first_block_of_item(s: &str) -> &str {
    // Tight list items: the text up to a nested block (a line that opens a fence or a nested list is fine to include).
    s.split("\n\n").next().unwrap_or(s)
}

fn strip_list_marker(s: &str) -> &str {
    let t = s.trim_start();
    for m in ["* ", "- ", "+ "] {
        if let Some(r) = t.strip_prefix(m) {
            return r;
        }
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        if let Some(r) = t[digits..]
            .strip_prefix(". ")
            .or_else(|| t[digits..].strip_prefix(") "))
        {
            return r;
        }
    }
    t
}

/// Read a heading's source: level markers, `<a name>` anchor, tab link, span pair.
fn heading(src: &str, level: u8, line: u32) -> (Block, Vec<SpanProblem>) {
    let mut s = src.trim();
    // ATX markers; setext underline.
    if s.starts_with('#') {
        s = s.trim_start_matches('#').trim();
        s = s.trim_end_matches('#').trim_end();
    } else if let Some((first, _)) = s.rsplit_once('\n') {
        s = first.trim();
    }
    let mut anchor = None;
    let mut rest = s.to_string();
    if let Some(a) = rest.find("<a name=\"") {
        let after = &rest[a + 9..];
        if let Some(q) = after.find('"') {
            anchor = Some(after[..q].to_string());
            let tail = &after[q..];
            let close = tail
                .find("</a>")
                .map(|c| c + 4)
                .or_else(|| tail.find('>').map(|c| c + 1));
            if let Some(c) = close {
                rest = format!("{}{}", &rest[..a], &tail[c..]);
            }
        }
    }
    let rest = rest.trim();
    let tab = rest.contains("](#tab/");
    let u = spans::unwrap(rest);
    let text = spans::plain_text(&u.text);
    let anchor = anchor.unwrap_or_else(|| slug(&text.en));
    (
        Block::Heading {
            level,
            anchor,
            text,
            tab,
            line,
        },
        u.problems,
    )
}

/// The docs' anchor slug of an English heading: lower-case, keep word characters, `-` and
/// spaces, then spaces become `-`.
pub fn slug(en: &str) -> String {
    en.to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '_' || *c == '-' || *c == ' ')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_values_are_unquoted() {
        let text =
            "---\ntitle: 'message: send'\ndescription: \"say \\\"hi\\\"\"\nms.prod: ''\n---\n# x\n";
        let mut issues = Vec::new();
        let fm = front_matter(text, &mut issues);
        assert!(issues.is_empty());
        assert_eq!(fm.values["title"], "message: send");
        assert_eq!(fm.values["description"], "say \"hi\"");
        assert_eq!(fm.values["ms.prod"], "");
        assert_eq!(&text[fm.body_start..], "# x\n");
    }

    #[test]
    fn missing_and_unterminated_front_matter() {
        let mut issues = Vec::new();
        assert_eq!(front_matter("# x", &mut issues).body_start, 0);
        assert_eq!(issues[0].code.as_str(), "front-matter-missing");
        let mut issues = Vec::new();
        assert_eq!(
            front_matter("---\ntitle: x\n# y\n", &mut issues).body_start,
            0
        );
        assert_eq!(issues[0].code.as_str(), "front-matter-unterminated");
    }

    #[test]
    fn slug_matches_docs_anchors() {
        assert_eq!(slug("Notification - incoming"), "notification---incoming");
        assert_eq!(slug("HTTP Request"), "http-request");
        assert_eq!(
            slug("Get the tenant's root site"),
            "get-the-tenants-root-site"
        );
    }

    #[test]
    fn blocks_in_order_with_lines() {
        let text = "# <a name=\"t\"></a>Title\n\npara <!-- { \"blockType\": \"ignored\" } -->\n\n```http\nGET /me\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
        let lines = LineIndex::new(text);
        let mut issues = Vec::new();
        let b = blocks(text, 0, &lines, &mut issues);
        let kinds: Vec<(&str, u32)> = b
            .iter()
            .map(|b| match b {
                Block::Heading { .. } => ("h", b.line()),
                Block::Para { .. } => ("p", b.line()),
                Block::Comment { .. } => ("c", b.line()),
                Block::Fence { .. } => ("f", b.line()),
                Block::Table { .. } => ("t", b.line()),
            })
            .collect();
        assert_eq!(
            kinds,
            vec![("h", 1), ("p", 3), ("c", 3), ("f", 5), ("t", 9)]
        );
        assert!(issues.is_empty(), "{issues:?}");
    }

    #[test]
    fn comment_markers_inside_fences_are_not_comments() {
        let text = "```json\n{\"body\": \"<!-- x\"}\n```\n";
        let lines = LineIndex::new(text);
        let mut issues = Vec::new();
        let b = blocks(text, 0, &lines, &mut issues);
        assert_eq!(b.len(), 1);
        assert!(issues.is_empty());
    }

    #[test]
    fn unclosed_comment_and_fence_are_reported() {
        let text = "a\n\n<!-- never closed\n\n```http\nGET /x\n";
        let lines = LineIndex::new(text);
        let mut issues = Vec::new();
        blocks(text, 0, &lines, &mut issues);
        assert!(issues
            .iter()
            .any(|i| i.code == "unclosed-html-comment" && i.line == 3));
    }
}
