//! Turning documentation text from the model (inline markdown with stray HTML, links to
//! pages that do not exist in the crate, bare URLs, brackets, indentation) into rustdoc
//! markdown that renders and produces no rustdoc warnings and no doc-tests; and the
//! `#[doc]` attributes that carry it.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// A string literal, raw (`r#"…"#` with enough `#`) when that is possible. Besides
/// reading better for JSON, a raw literal costs nothing to build or to read back: a
/// quoted one escapes every character (`Literal::string` asks `is_printable` of each
/// non-ASCII one, and the localized doc text is mostly non-ASCII) and `syn` unescapes it
/// again. Doc attributes print as `///` comments either way.
pub fn raw_lit(s: &str) -> Literal {
    if s.contains('\r') {
        return Literal::string(s);
    }
    let mut max = 0usize;
    let mut run: Option<usize> = None;
    for c in s.chars() {
        match (c, run) {
            ('"', _) => run = Some(0),
            ('#', Some(n)) => {
                run = Some(n + 1);
                max = max.max(n + 1);
            }
            _ => run = None,
        }
    }
    let hashes = "#".repeat(max + 1);
    format!("r{hashes}\"{s}\"{hashes}")
        .parse::<Literal>()
        .unwrap_or_else(|_| Literal::string(s))
}

/// The literal of one doc line: a space before non-empty text, as `///` comments have.
fn doc_line(l: &str) -> Literal {
    if l.is_empty() {
        Literal::string("")
    } else {
        raw_lit(&format!(" {l}"))
    }
}

/// `#[doc = " line"]` attributes for the lines of a markdown text.
pub fn doc_attrs(text: &str) -> TokenStream {
    let lines = text.lines().map(doc_line);
    quote! { #(#[doc = #lines])* }
}

/// `#![doc = " line"]` attributes (a module's or crate's own docs).
pub fn inner_doc_attrs(text: &str) -> TokenStream {
    let lines = text.lines().map(doc_line);
    quote! { #(#![doc = #lines])* }
}

/// Multi-line prose: paragraphs kept, every code fence made a ```` ```text ```` block,
/// leading indentation removed (no accidental indented code blocks), inline content
/// neutralized by [`inline`].
pub fn prose(s: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut in_fence: Option<String> = None;
    for raw in s.replace('\r', "").replace('\t', "    ").lines() {
        let trimmed = raw.trim();
        let fence = ["```", "~~~"].into_iter().find(|f| trimmed.starts_with(f));
        match (&in_fence, fence) {
            (None, Some(f)) => {
                let run: String = trimmed.chars().take_while(|c| f.starts_with(*c)).collect();
                out.push(format!("{run}text"));
                in_fence = Some(run);
            }
            (Some(open), Some(_))
                if trimmed.chars().all(|c| open.starts_with(c)) && trimmed.len() >= open.len() =>
            {
                out.push(open.clone());
                in_fence = None;
            }
            (Some(_), _) => out.push(raw.trim_end().to_owned()),
            (None, None) => {
                let line = inline(trimmed);
                if line.is_empty() && out.last().is_none_or(|l| l.is_empty()) {
                    continue;
                }
                out.push(line);
            }
        }
    }
    if let Some(open) = in_fence {
        out.push(open);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out.join("\n")
}

/// One line of prose: newlines become spaces.
pub fn line(s: &str) -> String {
    let joined: Vec<&str> = s.split_whitespace().collect();
    inline(&joined.join(" "))
}

/// A markdown table cell.
pub fn cell(s: &str) -> String {
    line(s).replace('|', "\\|")
}

/// `s` as an inline code span (backticks inside replaced).
pub fn code(s: &str) -> String {
    let s: String = s
        .chars()
        .map(|c| match c {
            '`' => '\'',
            '\r' | '\n' | '\t' => ' ',
            c => c,
        })
        .collect();
    let s = s.trim();
    if s.is_empty() {
        String::from("` `")
    } else {
        format!("`{s}`")
    }
}

/// A line inside a ```` ```text ```` block: no fence can close early.
pub fn code_block_line(s: &str) -> String {
    s.replace(['\r', '\n'], " ")
        .replace("```", "'''")
        .replace("~~~", "'''")
}

/// Inline markdown made safe for rustdoc: code spans kept, links replaced by their
/// text, images by their alt text, other brackets escaped, HTML escaped (`<br>` becomes
/// a space), bare URLs wrapped in `<…>`.
pub fn inline(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 8);
    inline_into(&chars, &mut out);
    out.trim().to_owned()
}

fn inline_into(chars: &[char], out: &mut String) {
    let n = chars.len();
    let mut i = 0;
    while i < n {
        let c = chars[i];
        match c {
            '`' => {
                let k = run_len(chars, i, '`');
                if let Some(j) = find_backtick_run(chars, i + k, k) {
                    out.extend(&chars[i..j + k]);
                    i = j + k;
                } else {
                    for _ in 0..k {
                        out.push_str("\\`");
                    }
                    i += k;
                }
            }
            '!' if chars.get(i + 1) == Some(&'[') => match link_at(chars, i + 1) {
                Some((text, end)) => {
                    inline_into(text, out);
                    i = end;
                }
                None => {
                    out.push('!');
                    i += 1;
                }
            },
            '[' => match link_at(chars, i) {
                Some((text, end)) => {
                    inline_into(text, out);
                    i = end;
                }
                None => {
                    out.push_str("\\[");
                    i += 1;
                }
            },
            ']' => {
                out.push_str("\\]");
                i += 1;
            }
            '<' => {
                if let Some(mut end) = br_tag_end(chars, i) {
                    while out.ends_with(' ') {
                        out.pop();
                    }
                    out.push(' ');
                    while chars.get(end).is_some_and(|c| *c == ' ') {
                        end += 1;
                    }
                    i = end;
                } else {
                    out.push_str("&lt;");
                    i += 1;
                }
            }
            '>' => {
                out.push_str("&gt;");
                i += 1;
            }
            '\\' => {
                match chars.get(i + 1) {
                    Some(next) if next.is_ascii_punctuation() => {
                        // `\<` would still be read as the start of a tag by rustdoc's check.
                        match next {
                            '<' => out.push_str("&lt;"),
                            '>' => out.push_str("&gt;"),
                            _ => {
                                out.push('\\');
                                out.push(*next);
                            }
                        }
                        i += 2;
                    }
                    Some(_) => {
                        out.push_str("\\\\");
                        i += 1;
                    }
                    None => i += 1,
                }
            }
            'h' | 'H' if url_at(chars, i) => {
                let mut end = i;
                while end < n
                    && !chars[end].is_whitespace()
                    && !matches!(
                        chars[end],
                        '<' | '>' | '"' | '`' | '[' | ']' | '{' | '}' | '|'
                    )
                {
                    end += 1;
                }
                while end > i
                    && matches!(
                        chars[end - 1],
                        '.' | ',' | ';' | ':' | ')' | '!' | '?' | '\''
                    )
                {
                    end -= 1;
                }
                out.push('<');
                out.extend(&chars[i..end]);
                out.push('>');
                i = end;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
}

fn run_len(chars: &[char], start: usize, c: char) -> usize {
    chars[start..].iter().take_while(|x| **x == c).count()
}

/// Start of the next run of exactly `k` backticks at or after `from`.
fn find_backtick_run(chars: &[char], from: usize, k: usize) -> Option<usize> {
    let mut j = from;
    while j < chars.len() {
        if chars[j] == '`' {
            let len = run_len(chars, j, '`');
            if len == k {
                return Some(j);
            }
            j += len;
        } else {
            j += 1;
        }
    }
    None
}

/// `[text](dest)`, `[text][ref]` or `[text][]` at `i`: the text and the index after it.
fn link_at(chars: &[char], i: usize) -> Option<(&[char], usize)> {
    let close = matching(chars, i, '[', ']')?;
    let text = &chars[i + 1..close];
    match chars.get(close + 1) {
        Some('(') => {
            let end = matching(chars, close + 1, '(', ')')?;
            Some((text, end + 1))
        }
        Some('[') => {
            let end = matching(chars, close + 1, '[', ']')?;
            Some((text, end + 1))
        }
        _ => None,
    }
}

/// Index of the bracket closing the one at `open`, skipping code spans.
fn matching(chars: &[char], open: usize, l: char, r: char) -> Option<usize> {
    let mut depth = 0usize;
    let mut j = open;
    while j < chars.len() {
        let c = chars[j];
        if c == '\\' {
            j += 2;
            continue;
        }
        if c == '`' {
            let k = run_len(chars, j, '`');
            match find_backtick_run(chars, j + k, k) {
                Some(end) => j = end + k,
                None => j += k,
            }
            continue;
        }
        if c == l {
            depth += 1;
        } else if c == r {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return Some(j);
            }
        }
        j += 1;
    }
    None
}

/// End index of a `<br>`, `<br/>`, `<br />` (any case) tag at `i`.
fn br_tag_end(chars: &[char], i: usize) -> Option<usize> {
    let rest: String = chars[i..chars.len().min(i + 8)].iter().collect();
    let lower = rest.to_ascii_lowercase();
    ["<br>", "<br/>", "<br />", "</br>"]
        .into_iter()
        .find(|t| lower.starts_with(t))
        .map(|t| i + t.chars().count())
}

fn url_at(chars: &[char], i: usize) -> bool {
    let rest: String = chars[i..chars.len().min(i + 8)].iter().collect();
    let lower = rest.to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://"))
        && (i == 0 || !chars[i - 1].is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_brackets_html_urls() {
        assert_eq!(
            inline("see [Permissions](/graph/permissions-reference) and [x][ref] [y][]"),
            "see Permissions and x y"
        );
        assert_eq!(inline("a [Zip file] b"), "a \\[Zip file\\] b");
        assert_eq!(inline("x<br>y<br/>z"), "x y z");
        assert_eq!(inline("Bearer <token>"), "Bearer &lt;token&gt;");
        assert_eq!(inline("`<code>` stays"), "`<code>` stays");
        assert_eq!(inline("odd ` tick <b>"), "odd \\` tick &lt;b&gt;");
        assert_eq!(
            inline("go to https://example.com/x. now"),
            "go to <https://example.com/x>. now"
        );
        assert_eq!(inline("![alt](img.png)"), "alt");
        assert_eq!(inline("a \\<b\\> c"), "a &lt;b&gt; c");
    }

    #[test]
    fn prose_fences_and_indent() {
        let p = prose("para one\n\n\n    indented\n```json\n{ }\n```\nend");
        assert_eq!(p, "para one\n\nindented\n```text\n{ }\n```\nend");
        assert_eq!(prose("```\nunclosed"), "```text\nunclosed\n```");
        assert_eq!(cell("a | b"), "a \\| b");
        assert_eq!(code("a`b"), "`a'b`");
    }
}
