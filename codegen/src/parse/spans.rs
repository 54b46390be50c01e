//! Side-by-side span unwrapping.
//!
//! Localized pages wrap every sentence, heading and table cell as
//! `<span data-ttu-id="ID">LOCALIZED</span><span class="sxs-lookup"><span data-stu-id="ID">ENGLISH</span></span>`.
//! [`unwrap`] turns a piece of inline markdown into a [`Text`] with both halves; text outside
//! the pairs is copied to both sides, and inline markdown inside the spans (links, code,
//! emphasis, entities) is kept as written, so it keeps its meaning.
//!
//! The canonical form (159,892 pairs in the zh-CN corpus, no other form) is matched by a
//! direct scan: it is one fixed pattern, and scanning it by hand keeps the whole-page parse
//! within a small factor of a bare markdown pass. Anything else that carries span markup
//! (other attribute order or quoting, nesting, unclosed tags) falls back to an HTML
//! fragment parse with `scraper`, and is reported.

use crate::model::Text;
use ego_tree::NodeRef;
use scraper::{ElementRef, Html, Node};

const LOC_OPEN: &str = "<span data-ttu-id=\"";
const LOC_CLOSE: &str = "</span>";
const EN_OPEN_A: &str = "<span class=\"sxs-lookup\"><span data-stu-id=\"";
const EN_CLOSE: &str = "</span></span>";

/// Something odd about the span markup of a piece of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpanProblem {
    /// Span markup that is not the canonical pair; it was read with an HTML parser.
    NonCanonical,
    /// A localized span whose id differs from its English span's id.
    MismatchedIds { loc: String, en: String },
    /// A pair whose closing tags are missing; the rest of the text was taken as is.
    Unclosed,
    /// Non-canonical markup with more than [`MAX_FALLBACK_TAGS`] tags: too big for the HTML
    /// parser (its tree building is quadratic in the nesting depth), so the span tags were
    /// dropped and both sides keep the same text.
    TooLarge,
}

/// The most tags (`<` characters) a non-canonical piece may have to be read with the HTML
/// parser. The corpus has at most a few dozen in one paragraph.
pub const MAX_FALLBACK_TAGS: usize = 2_000;

/// The result of unwrapping one piece of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unwrapped {
    pub text: Text,
    /// Number of canonical pairs found.
    pub pairs: usize,
    pub problems: Vec<SpanProblem>,
}

/// Split `src` into its English and localized halves.
pub fn unwrap(src: &str) -> Unwrapped {
    if find_tag(src, "<span").is_none() && find_tag(src, "</span").is_none() {
        return Unwrapped {
            text: Text::same(src),
            pairs: 0,
            problems: Vec::new(),
        };
    }
    let mut en = String::with_capacity(src.len() / 2);
    let mut loc = String::with_capacity(src.len() / 2);
    let mut problems = Vec::new();
    let mut pairs = 0;
    let mut rest = src;
    while let Some(start) = find_tag(rest, LOC_OPEN) {
        let (before, from) = rest.split_at(start);
        en.push_str(before);
        loc.push_str(before);
        match canonical_pair(from) {
            Some(pair) => {
                if pair.loc_id != pair.en_id {
                    problems.push(SpanProblem::MismatchedIds {
                        loc: pair.loc_id.to_string(),
                        en: pair.en_id.to_string(),
                    });
                }
                loc.push_str(pair.loc);
                en.push_str(pair.en);
                pairs += 1;
                rest = &from[pair.len..];
            }
            None => {
                // Not the canonical pair: hand the rest to the HTML parser.
                let (fe, fl, p) = fallback(from);
                en.push_str(&fe);
                loc.push_str(&fl);
                problems.extend(p);
                rest = "";
            }
        }
    }
    if find_tag(rest, "<span").is_some() || find_tag(rest, "</span").is_some() {
        let (fe, fl, p) = fallback(rest);
        en.push_str(&fe);
        loc.push_str(&fl);
        problems.extend(p);
    } else {
        en.push_str(rest);
        loc.push_str(rest);
    }
    Unwrapped {
        text: Text { en, localized: loc },
        pairs,
        problems,
    }
}

/// Offset of the first `tag` (which starts with `<`) in `h`. Searching for the `<` byte
/// first is much cheaper than a substring search on these short, tag-sparse texts.
fn find_tag(h: &str, tag: &str) -> Option<usize> {
    h.match_indices('<')
        .map(|(i, _)| i)
        .find(|&i| h[i..].starts_with(tag))
}

struct Pair<'a> {
    loc_id: &'a str,
    loc: &'a str,
    en_id: &'a str,
    en: &'a str,
    len: usize,
}

/// The id of an opening tag whose text up to the id has been stripped: `ID">…`.
fn tag_id(s: &str) -> Option<(&str, &str)> {
    let q = s.find('"')?;
    let id = &s[..q];
    let body = s[q..].strip_prefix("\">")?;
    (!id.contains(['<', '>', '\n'])).then_some((id, body))
}

/// Match one canonical pair at the start of `s`.
fn canonical_pair(s: &str) -> Option<Pair<'_>> {
    let (loc_id, body) = tag_id(s.strip_prefix(LOC_OPEN)?)?;
    let loc_end = find_tag(body, "</span>")?;
    let loc = &body[..loc_end];
    if find_tag(loc, "<span").is_some() {
        return None;
    }
    let after_loc = &body[loc_end + LOC_CLOSE.len()..];
    let (en_id, en_body) = tag_id(after_loc.strip_prefix(EN_OPEN_A)?)?;
    let en_end = find_tag(en_body, EN_CLOSE)?;
    let en = &en_body[..en_end];
    if find_tag(en, "<span").is_some() {
        return None;
    }
    let consumed = s.len() - en_body.len() + en_end + EN_CLOSE.len();
    Some(Pair {
        loc_id,
        loc,
        en_id,
        en,
        len: consumed,
    })
}

/// Read non-canonical span markup with an HTML parser: `span[data-ttu-id]` content goes to
/// the localized side, `span.sxs-lookup` content to the English side, everything else to
/// both. Inner markup is re-serialized, so entities stay entities.
fn fallback(src: &str) -> (String, String, Vec<SpanProblem>) {
    let mut problems = vec![SpanProblem::NonCanonical];
    let opens = src.matches("<span").count();
    let closes = src.matches("</span").count();
    if opens > closes {
        problems.push(SpanProblem::Unclosed);
    }
    if src.bytes().filter(|&b| b == b'<').count() > MAX_FALLBACK_TAGS {
        let text = strip_span_tags(src);
        return (text.clone(), text, vec![SpanProblem::TooLarge]);
    }
    let frag = Html::parse_fragment(src);
    let mut en = String::new();
    let mut loc = String::new();
    walk(frag.root_element().children(), &mut en, &mut loc);
    (en, loc, problems)
}

/// `src` without its `<span …>` and `</span>` tags (a linear scan; other markup is kept).
fn strip_span_tags(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let mut rest = src;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if !(tail.starts_with("<span") || tail.starts_with("</span")) {
            out.push('<');
            rest = &tail[1..];
            continue;
        }
        // Each search ends at the `>` it consumes, or finds none and ends the scan.
        match tail.find('>') {
            Some(end) => rest = &tail[end + 1..],
            None => {
                rest = tail;
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Walk the fragment's nodes in document order. Iterative (an explicit stack, never
/// recursion), because hostile input nests spans tens of thousands deep.
fn walk<'a>(
    roots: impl DoubleEndedIterator<Item = NodeRef<'a, Node>>,
    en: &mut String,
    loc: &mut String,
) {
    let mut stack: Vec<NodeRef<'a, Node>> = roots.rev().collect();
    while let Some(node) = stack.pop() {
        match node.value() {
            Node::Text(t) => {
                let s = escape_text(t);
                en.push_str(&s);
                loc.push_str(&s);
            }
            Node::Element(e) => {
                let Some(el) = ElementRef::wrap(node) else {
                    continue;
                };
                if e.name() == "span" && e.attr("data-ttu-id").is_some() {
                    loc.push_str(&inner_text_markup(el));
                } else if e.name() == "span"
                    && e.attr("class").is_some_and(|c| c.contains("sxs-lookup"))
                {
                    en.push_str(&inner_text_markup(el));
                } else if e.name() == "span" {
                    // A bare span (`data-stu-id` alone, or none): unwrap it on both sides.
                    stack.extend(node.children().rev());
                } else {
                    let html = el.html();
                    en.push_str(&html);
                    loc.push_str(&html);
                }
            }
            _ => {}
        }
    }
}

/// The content of a span with any nested span tags removed (iterative, like [`walk`]).
fn inner_text_markup(el: ElementRef<'_>) -> String {
    let mut out = String::new();
    let mut stack: Vec<NodeRef<'_, Node>> = el.children().rev().collect();
    while let Some(c) = stack.pop() {
        match c.value() {
            Node::Text(t) => out.push_str(&escape_text(t)),
            Node::Element(e) if e.name() == "span" => stack.extend(c.children().rev()),
            Node::Element(_) => {
                if let Some(inner) = ElementRef::wrap(c) {
                    out.push_str(&inner.html());
                }
            }
            _ => {}
        }
    }
    out
}

fn escape_text(t: &str) -> String {
    t.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Plain text of a piece of inline markdown: links become their text, code its content,
/// emphasis and HTML tags are dropped, entities and backslash escapes are decoded,
/// whitespace is collapsed.
pub fn plain(md: &str) -> String {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    if !md.contains(['[', '`', '*', '_', '&', '<', '\\', '!']) {
        return collapse(md);
    }
    let mut out = String::with_capacity(md.len());
    let mut in_image = 0usize;
    for ev in Parser::new(md) {
        match ev {
            Event::Text(t) | Event::Code(t) if in_image == 0 => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::InlineHtml(h) | Event::Html(h) => {
                let h = h.trim().to_ascii_lowercase();
                if h.starts_with("<br") || h.starts_with("<li") || h.starts_with("<p") {
                    out.push(' ');
                }
            }
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            Event::End(TagEnd::Paragraph) | Event::End(TagEnd::Item) => out.push(' '),
            _ => {}
        }
    }
    collapse(&out)
}

fn collapse(s: &str) -> String {
    let clean = !s.starts_with(' ')
        && !s.ends_with(' ')
        && !s.contains("  ")
        && !s.contains(['\n', '\t', '\r']);
    if clean {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Both halves of a [`Text`] as plain text.
pub fn plain_text(t: &Text) -> Text {
    Text {
        en: plain(&t.en),
        localized: plain(&t.localized),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(id: &str, loc: &str, en: &str) -> String {
        format!(
            "<span data-ttu-id=\"{id}\">{loc}</span><span class=\"sxs-lookup\"><span data-stu-id=\"{id}\">{en}</span></span>"
        )
    }

    #[test]
    fn plain_text_passes_through() {
        let u = unwrap("GET /me/messages");
        assert_eq!(u.text, Text::same("GET /me/messages"));
        assert_eq!(u.pairs, 0);
        assert!(u.problems.is_empty());
    }

    #[test]
    fn canonical_pair_splits_sides() {
        let s = pair("9ab56-104", "邮件：发送", "message: send");
        let u = unwrap(&s);
        assert_eq!(u.text.en, "message: send");
        assert_eq!(u.text.localized, "邮件：发送");
        assert_eq!(u.pairs, 1);
        assert!(u.problems.is_empty());
    }

    #[test]
    fn surrounding_text_goes_to_both_sides() {
        let s = format!(
            "| {} | {} |",
            pair("a-1", "名称", "Name"),
            pair("a-2", "类型", "Type")
        );
        let u = unwrap(&s);
        assert_eq!(u.text.en, "| Name | Type |");
        assert_eq!(u.text.localized, "| 名称 | 类型 |");
        assert_eq!(u.pairs, 2);
    }

    #[test]
    fn inline_markdown_and_entities_are_kept() {
        let s = pair(
            "a-p1",
            "请参阅[权限](/graph/permissions-reference)。`202 Accepted` **注意** Bearer &lt;token&gt;",
            "See [Permissions](/graph/permissions-reference). `202 Accepted` **Note** Bearer &lt;token&gt;",
        );
        let u = unwrap(&s);
        assert!(u
            .text
            .en
            .contains("[Permissions](/graph/permissions-reference)"));
        assert!(u.text.en.contains("&lt;token&gt;"));
        assert_eq!(
            plain(&u.text.en),
            "See Permissions. 202 Accepted Note Bearer <token>"
        );
        assert_eq!(
            plain(&u.text.localized),
            "请参阅权限。202 Accepted 注意 Bearer <token>"
        );
    }

    #[test]
    fn pair_split_across_lines() {
        let s = "<span data-ttu-id=\"x-1\">\n  **注意：**</span><span class=\"sxs-lookup\"><span data-stu-id=\"x-1\">\n  **Note:**</span></span>";
        let u = unwrap(s);
        assert_eq!(plain(&u.text.en), "Note:");
        assert_eq!(plain(&u.text.localized), "注意：");
        assert!(u.problems.is_empty());
    }

    #[test]
    fn pipe_inside_span_is_kept() {
        let s = pair("x-2", "字符 ` { | } ~", "Characters ` { | } ~");
        assert_eq!(unwrap(&s).text.en, "Characters ` { | } ~");
    }

    #[test]
    fn case_changed_identifier_comes_from_english() {
        let s = pair("x-3", "SaveToSentItems", "saveToSentItems");
        assert_eq!(unwrap(&s).text.en, "saveToSentItems");
    }

    #[test]
    fn mismatched_ids_are_reported() {
        let s = "<span data-ttu-id=\"a-1\">甲</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-2\">A</span></span>";
        let u = unwrap(s);
        assert_eq!(u.text.en, "A");
        assert!(matches!(u.problems[0], SpanProblem::MismatchedIds { .. }));
    }

    #[test]
    fn non_canonical_markup_uses_html_parser() {
        let s = "<span class='sxs-lookup'><span data-stu-id='a-1'>Name</span></span><span data-ttu-id='a-1'>名称</span> tail";
        let u = unwrap(s);
        assert_eq!(u.text.en, "Name tail");
        assert_eq!(u.text.localized, "名称 tail");
        assert!(u.problems.contains(&SpanProblem::NonCanonical));
    }

    #[test]
    fn unclosed_span_is_reported_not_fatal() {
        let s = "<span data-ttu-id=\"a-1\">名称</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-1\">Name";
        let u = unwrap(s);
        assert!(u.problems.contains(&SpanProblem::Unclosed));
        assert!(u.text.en.contains("Name"));
    }

    #[test]
    fn nested_spans_do_not_panic() {
        let s = "<span data-ttu-id=\"a\"><span data-ttu-id=\"b\">x</span></span><span class=\"sxs-lookup\"><span data-stu-id=\"a\"><span>y</span></span></span>";
        let u = unwrap(s);
        assert!(u.text.en.contains('y'));
        assert!(!u.problems.is_empty());
    }

    #[test]
    fn plain_drops_links_html_and_escapes() {
        assert_eq!(
            plain("[message](../resources/message.md) collection"),
            "message collection"
        );
        assert_eq!(plain("a<br>b"), "a b");
        assert_eq!(plain("\\*\\*x"), "**x");
        assert_eq!(plain("`Boolean`"), "Boolean");
        assert_eq!(plain("  many   spaces "), "many spaces");
    }
}
