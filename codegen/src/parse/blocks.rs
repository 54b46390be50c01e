//! Page structure: front matter, then the block sequence (headings, fences, HTML comments,
//! tables, paragraphs) in document order, each with its page line.
//!
//! Block structure comes from `pulldown-cmark` (offset iterator), and so do HTML comments:
//! they are searched for only in the HTML it reports (HTML blocks, and inline HTML, which is
//! where annotations at the end of paragraph lines are). A fence or comment therefore ends
//! where CommonMark ends it, with its block quote or list item; one left open is judged by
//! [`super::unclosed`].

use super::spans::{self, SpanProblem};
use super::tables::{self, Table};
use super::unclosed::{self, Construct};
use super::Issue;
use crate::diag::Code;
use crate::model::{Severity, Text};
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

    /// The byte offset where 1-based `line` starts (the end of the text past the last line).
    pub fn start(&self, line: u32) -> usize {
        let i = (line.max(1) - 1) as usize;
        self.starts
            .get(i)
            .or(self.starts.last())
            .copied()
            .unwrap_or(0)
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
    unterminated_front_matter(text, issues)
}

/// A front matter without its closing `---`: it is taken to end before its first line that
/// is blank or not `key: value` (a heading, say), and read up to there. Nothing the page
/// holds is lost, so this is a warning.
fn unterminated_front_matter(text: &str, issues: &mut Vec<Issue>) -> FrontMatter {
    let mut values = BTreeMap::new();
    let mut offset = 4;
    let mut end_line = None;
    for (i, line) in text[4..].split_inclusive('\n').enumerate() {
        let content = line.trim_end_matches('\n');
        match content.split_once(':') {
            Some((k, v))
                if !k.trim().is_empty() && !k.contains(' ') && !k.starts_with(['#', '<']) =>
            {
                values.insert(k.trim().to_string(), unquote(v.trim()));
            }
            _ => {
                end_line = Some(2 + i);
                break;
            }
        }
        offset += line.len();
    }
    let offset = offset.min(text.len());
    issues.push(Issue::warning(
        Code::FrontMatterUnterminated,
        1,
        match end_line {
            Some(l) => format!(
                "the front matter has no closing `---` line; it was taken to end before line {l}"
            ),
            None => "the front matter has no closing `---` line; it was taken to end with the page"
                .to_string(),
        },
    ));
    FrontMatter {
        values,
        body_start: offset,
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

/// A piece of HTML as pulldown-cmark reports it: its page offset and text.
type HtmlPiece = (usize, String);

/// Split the page body (from `body_start`) into blocks in document order.
pub fn blocks(
    text: &str,
    body_start: usize,
    lines: &LineIndex,
    issues: &mut Vec<Issue>,
) -> Vec<Block> {
    let body = &text[body_start..];
    let mut out: Vec<(usize, Block)> = Vec::new();
    let mut span_problems: Vec<(u32, SpanProblem)> = Vec::new();
    // Whether nothing but blank text follows `offset`: a construct ending there ends the page.
    let ends_page = |offset: usize| text.get(offset..).is_none_or(|t| t.trim().is_empty());

    let parser = Parser::new_ext(body, Options::ENABLE_TABLES).into_offset_iter();
    // State for the block being collected.
    let mut fence: Option<(usize, String, String, Range<usize>)> = None;
    // An HTML block: its range and its pieces without container prefixes.
    let mut html: Option<(Range<usize>, Vec<HtmlPiece>)> = None;
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
                let info = match kind {
                    CodeBlockKind::Fenced(i) => i.trim().to_string(),
                    CodeBlockKind::Indented => String::from("\u{0}indented"),
                };
                fence = Some((abs.start, info, String::new(), abs));
            }
            Event::Text(t) if fence.is_some() => {
                if let Some((_, _, content, _)) = fence.as_mut() {
                    content.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((start, info, mut content, r)) = fence.take() {
                    if info == "\u{0}indented" {
                        continue;
                    }
                    let line = lines.line(start);
                    if !unclosed::fence_is_closed(&text[r.clone()], &content) {
                        let issue = unclosed::issue(
                            Construct::Fence,
                            line,
                            ends_page(r.end),
                            &content,
                            line + 1,
                        );
                        // It swallowed no structure: it ends before the comments at the end
                        // of the page (a page annotation), which are read as comments.
                        if issue.severity == Severity::Warning && ends_page(r.end) {
                            if let Some(cut) = unclosed::trailing_comments(&content) {
                                let k = content[..cut].matches('\n').count() as u32;
                                let from = lines.start(line + 1 + k).clamp(r.start, r.end);
                                let rest = vec![(from, text[from..r.end].to_string())];
                                comments(&rest, true, lines, &mut out, issues);
                                content.truncate(cut);
                            }
                        }
                        issues.push(issue);
                    } else if let Some(k) = unclosed::inner_opener(
                        text[r.clone()].lines().next().unwrap_or(""),
                        &content,
                    ) {
                        issues.push(unclosed::shifted_fence(line, line + 1 + k as u32));
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
            Event::Start(Tag::HtmlBlock) => html = Some((abs, Vec::new())),
            Event::Html(t) => {
                if let Some((_, pieces)) = html.as_mut() {
                    pieces.push((abs.start, t.to_string()));
                }
            }
            Event::End(TagEnd::HtmlBlock) => {
                if let Some((r, pieces)) = html.take() {
                    comments(&pieces, ends_page(r.end), lines, &mut out, issues);
                }
            }
            // pulldown-cmark reports inline HTML only when it is complete, so an inline
            // comment is always closed.
            Event::InlineHtml(t) if t.starts_with("<!--") => {
                comments(
                    &[(abs.start, t.to_string())],
                    false,
                    lines,
                    &mut out,
                    issues,
                );
            }
            // `<!--` without `-->` in its paragraph, table cell or heading is text to
            // CommonMark; the annotation it may have started is lost.
            // (Its `<` is a text piece of its own; pulldown-cmark also reports indentation as
            // empty-range text, which must not count.)
            Event::Text(t) if t.starts_with('<') && text[abs.start..].starts_with("<!--") => {
                issues.push(Issue::warning(
                    Code::UnclosedHtmlComment,
                    lines.line(abs.start),
                    "HTML comment is never closed (`-->` missing) in its paragraph; it was read as text",
                ));
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

    for (line, p) in span_problems {
        issues.push(span_issue(line, p));
    }
    out.sort_by_key(|(o, _)| *o);
    out.into_iter().map(|(_, b)| b).collect()
}

/// The comments in one piece of HTML: an HTML block's pieces (page offset, text), or one
/// inline HTML piece. A comment runs to the first `-->`; one without it ends with the HTML
/// (which ends the page when `ends_page`) and is judged by [`unclosed::issue`]. Its text is kept as a comment either way, so that an
/// annotation missing only its `-->` is still read.
fn comments(
    pieces: &[HtmlPiece],
    ends_page: bool,
    lines: &LineIndex,
    out: &mut Vec<(usize, Block)>,
    issues: &mut Vec<Issue>,
) {
    let mut joined = String::new();
    // (offset in `joined`, page offset) of each piece.
    let mut starts: Vec<(usize, usize)> = Vec::with_capacity(pieces.len());
    for (page_offset, piece) in pieces {
        starts.push((joined.len(), *page_offset));
        joined.push_str(piece);
    }
    let page_offset = |at: usize| {
        let i = starts.partition_point(|&(j, _)| j <= at).saturating_sub(1);
        starts.get(i).map_or(0, |&(j, p)| p + (at - j))
    };
    // memmem's SIMD search: HTML blocks can be whole pages of markup.
    let open = memchr::memmem::Finder::new("<!--");
    let close = memchr::memmem::Finder::new("-->");
    let mut pos = 0;
    while let Some(found) = open.find(&joined.as_bytes()[pos..]) {
        let start = pos + found;
        let offset = page_offset(start);
        let line = lines.line(offset);
        let body_from = start + 4;
        match close.find(&joined.as_bytes()[body_from..]) {
            Some(end) => {
                let body = joined[body_from..body_from + end].to_string();
                out.push((offset, Block::Comment { body, line }));
                pos = body_from + end + 3;
            }
            None => {
                let body = &joined[body_from..];
                issues.push(unclosed::issue(
                    Construct::Comment,
                    line,
                    ends_page,
                    body,
                    line,
                ));
                out.push((
                    offset,
                    Block::Comment {
                        body: body.to_string(),
                        line,
                    },
                ));
                break;
            }
        }
    }
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
        assert_eq!(issues[0].code, "front-matter-missing");
        // Unterminated: it ends before its first line that is not `key: value`.
        let mut issues = Vec::new();
        let text = "---\ntitle: x\n# y\n";
        let fm = front_matter(text, &mut issues);
        assert_eq!(&text[fm.body_start..], "# y\n");
        assert_eq!(fm.values["title"], "x");
        assert_eq!(issues[0].code, "front-matter-unterminated");
        assert_eq!(issues[0].severity, crate::model::Severity::Warning);
        let mut issues = Vec::new();
        let fm = front_matter("---\ntitle: x", &mut issues);
        assert_eq!((fm.body_start, fm.values.len()), (12, 1));
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

    fn issues_of(text: &str) -> (Vec<Block>, Vec<(&'static str, crate::model::Severity, u32)>) {
        let lines = LineIndex::new(text);
        let mut issues = Vec::new();
        let b = blocks(text, 0, &lines, &mut issues);
        (
            b,
            issues
                .iter()
                .map(|i| (i.code.as_str(), i.severity, i.line))
                .collect(),
        )
    }

    #[test]
    fn fences_and_comments_end_with_their_container() {
        use crate::model::Severity::*;
        // Closed fences in a block quote and a list item; `~~~` fences.
        let (b, issues) = issues_of(
            "> ```http\n> GET /me\n> ```\n\n- item\n\n  ```json\n  {}\n  ```\n\n~~~http\nGET /x\n~~~\n",
        );
        assert!(issues.is_empty(), "{issues:?}");
        let fences: Vec<&str> = b
            .iter()
            .filter_map(|b| match b {
                Block::Fence { content, .. } => Some(content.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(fences, ["GET /me\n", "{}\n", "GET /x\n"]);
        // An open fence in a block quote ends with it.
        let (_, issues) = issues_of("> ```http\n> GET /x\n\n## Next\n");
        assert_eq!(issues, [("unclosed-code-fence", Warning, 1)]);
        // A comment in a block quote, and `<!--` in code, which is no comment.
        let (b, issues) = issues_of("> <!-- { \"a\": 1 } -->\n\n`<!--` and\n\n    <!--\n");
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(
            b.iter()
                .filter(|b| matches!(b, Block::Comment { .. }))
                .count(),
            1
        );
        // `<!--` left open in a paragraph is text.
        let (_, issues) = issues_of("para <!-- open\n\n## Next\n");
        assert_eq!(issues, [("unclosed-html-comment", Warning, 1)]);
    }

    #[test]
    fn what_an_open_construct_swallows_decides_its_severity() {
        use crate::model::Severity::*;
        // A page annotation at the end of the page missing its `-->`: still read.
        let (b, issues) = issues_of("# T\n\n<!--\n{\n  \"type\": \"#page.annotation\"\n}\n");
        assert_eq!(issues, [("unclosed-html-comment", Warning, 3)]);
        assert!(b.iter().any(
            |b| matches!(b, Block::Comment { body, .. } if body.contains("#page.annotation"))
        ));
        // A last JSON block that runs into that annotation.
        let (b, issues) =
            issues_of("```json\n{ \"a\": 1 }\n\n<!-- { \"type\": \"#page.annotation\" } -->\n");
        assert_eq!(issues, [("unclosed-code-fence", Warning, 1)]);
        // The fence ends before the annotation, which is read as a comment on its line.
        match b.as_slice() {
            [Block::Fence { content, .. }, Block::Comment { body, line }] => {
                assert_eq!(content, "{ \"a\": 1 }\n\n");
                assert!(body.contains("#page.annotation"));
                assert_eq!(*line, 4);
            }
            other => panic!("{other:?}"),
        }
        // A fence that swallows the next section.
        let (_, issues) = issues_of("```http\nGET /x\n\n## Response\n");
        assert_eq!(issues, [("unclosed-code-fence", Error, 1)]);
    }

    #[test]
    fn unclosed_comment_and_fence_are_reported() {
        let text = "a\n\n<!-- never closed\n\n```http\nGET /x\n";
        let lines = LineIndex::new(text);
        let mut issues = Vec::new();
        blocks(text, 0, &lines, &mut issues);
        assert!(issues.iter().any(|i| i.code == "unclosed-html-comment"
            && i.line == 3
            && i.severity == crate::model::Severity::Error
            && i.message.contains("code fence on line 5")));
    }
}
