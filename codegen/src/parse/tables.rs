//! Markdown table rows split into cells.
//!
//! GitHub-flavoured markdown splits cells at every unescaped `|`. Side-by-side pages put
//! `|` inside span text (`` ` { | } ~ `` in an English sentence) and sometimes split one
//! pair across two lines, so rows are split here by hand: a `|` inside a span pair or a
//! code span does not end a cell, `\|` is a literal pipe, and a row whose pair is still
//! open at the end of the line continues on the next line.

use super::spans::{self, SpanProblem};
use crate::model::Text;

/// One table row, its cells unwrapped into both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub cells: Vec<Text>,
    /// 1-based page line where the row starts.
    pub line: u32,
}

/// A table: the header row, then body rows (the delimiter row is dropped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub header: Row,
    pub rows: Vec<Row>,
    /// Header cells as plain lower-case English, for classification.
    pub keys: Vec<String>,
    pub problems: Vec<(u32, SpanProblem)>,
}

impl Table {
    /// Index of the first column whose plain English header satisfies `f`.
    pub fn col(&self, f: impl Fn(&str) -> bool) -> Option<usize> {
        self.keys.iter().position(|k| f(k))
    }
}

/// Parse the source of a table (as delimited by the markdown parser). `first_line` is the
/// page line of the header row.
pub fn parse_table(src: &str, first_line: u32) -> Option<Table> {
    let mut logical: Vec<(String, u32)> = Vec::new();
    let mut open: Option<(String, u32)> = None;
    let line_count = src.lines().count();
    // Span depth of the logical row so far, kept per line (a tag never spans lines), so
    // that a row left open by a stray `<span` stays linear in the table's size.
    let mut depth = 0;
    for (i, line) in src.lines().enumerate() {
        let line_no = first_line + i as u32;
        let (mut acc, start) = match open.take() {
            Some((mut acc, start)) => {
                acc.push('\n');
                acc.push_str(line);
                (acc, start)
            }
            None => {
                depth = 0;
                (line.to_string(), line_no)
            }
        };
        depth += span_depth(line);
        if depth > 0 && i + 1 < line_count {
            open = Some((std::mem::take(&mut acc), start));
            continue;
        }
        logical.push((acc, start));
    }
    if let Some(rest) = open {
        logical.push(rest);
    }
    let mut iter = logical.into_iter().filter(|(l, _)| !l.trim().is_empty());
    let (header_src, header_line) = iter.next()?;
    let mut problems = Vec::new();
    let header = split_row(&header_src, header_line, &mut problems);
    let mut rows = Vec::new();
    for (src, line) in iter {
        if is_delimiter_row(&src) {
            continue;
        }
        rows.push(split_row(&src, line, &mut problems));
    }
    let keys = header
        .cells
        .iter()
        .map(|c| spans::plain(&c.en).to_lowercase())
        .collect();
    Some(Table {
        header,
        rows,
        keys,
        problems,
    })
}

/// `|:---|---:|` and the like.
pub fn is_delimiter_row(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && t.contains('-') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

fn span_depth(s: &str) -> isize {
    s.match_indices('<')
        .map(|(i, _)| {
            let rest = &s[i..];
            if rest.starts_with("<span") {
                1
            } else if rest.starts_with("</span") {
                -1
            } else {
                0
            }
        })
        .sum()
}

fn split_row(src: &str, line: u32, problems: &mut Vec<(u32, SpanProblem)>) -> Row {
    let cells = split_cells(src)
        .into_iter()
        .map(|raw| {
            let u = spans::unwrap(raw.trim());
            problems.extend(u.problems.into_iter().map(|p| (line, p)));
            Text {
                en: u.text.en.trim().to_string(),
                localized: u.text.localized.trim().to_string(),
            }
        })
        .collect();
    Row { cells, line }
}

/// Split one logical row at the pipes that separate cells.
pub fn split_cells(src: &str) -> Vec<String> {
    let t = src.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let b = t.as_bytes();
    let mut cells = Vec::new();
    let mut cur = String::new();
    // Every byte looked at below is ASCII, so `i` and `seg` always sit on char boundaries.
    let mut seg = 0;
    let mut depth: isize = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'<' => {
                let rest = &t[i..];
                if rest.starts_with("<span") {
                    depth += 1;
                } else if rest.starts_with("</span") {
                    depth -= 1;
                }
                i += 1;
            }
            b'\\' if b.get(i + 1) == Some(&b'|') => {
                cur.push_str(&t[seg..i]);
                cur.push('|');
                i += 2;
                seg = i;
            }
            b'`' if depth <= 0 => {
                // A code span runs to the next backtick run of the same length on this row.
                let run = b[i..].iter().take_while(|&&c| c == b'`').count();
                let fence = &t[i..i + run];
                match t[i + run..].find(fence) {
                    Some(close) => i += run + close + run,
                    None => i += run,
                }
            }
            b'|' if depth <= 0 => {
                cur.push_str(&t[seg..i]);
                cells.push(std::mem::take(&mut cur));
                i += 1;
                seg = i;
            }
            _ => i += 1,
        }
    }
    cur.push_str(&t[seg..]);
    if !cur.trim().is_empty() {
        cells.push(cur);
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_plain_rows() {
        assert_eq!(split_cells("| a | b |"), vec![" a ", " b "]);
        assert_eq!(split_cells("a | b"), vec!["a ", " b"]);
        assert_eq!(split_cells("|a|b"), vec!["a", "b"]);
    }

    #[test]
    fn pipe_inside_span_or_code_does_not_split() {
        let row = "| <span data-ttu-id=\"x-1\">字符 { | }</span><span class=\"sxs-lookup\"><span data-stu-id=\"x-1\">chars { | }</span></span> | `a|b` | c \\| d |";
        let cells = split_cells(row);
        assert_eq!(cells.len(), 3);
        assert!(cells[0].contains("chars { | }"));
        assert_eq!(cells[1].trim(), "`a|b`");
        assert_eq!(cells[2].trim(), "c | d");
    }

    #[test]
    fn unmatched_backtick_does_not_swallow_the_row() {
        assert_eq!(split_cells("| `a | b |").len(), 2);
    }

    #[test]
    fn table_with_pair_split_across_lines() {
        let src = "| Name | Description |\n|:--|:--|\n| id | <span data-ttu-id=\"x-1\">甲\n乙</span><span class=\"sxs-lookup\"><span data-stu-id=\"x-1\">A\nB</span></span> |\n| next | row |";
        let t = parse_table(src, 10).expect("table");
        assert_eq!(t.keys, vec!["name", "description"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].cells[1].en, "A\nB");
        assert_eq!(t.rows[0].line, 12);
        assert_eq!(t.rows[1].line, 15);
    }

    #[test]
    fn delimiter_rows() {
        assert!(is_delimiter_row("|:---|---:|"));
        assert!(is_delimiter_row(":---|:---"));
        assert!(!is_delimiter_row("| a | b |"));
    }
}
