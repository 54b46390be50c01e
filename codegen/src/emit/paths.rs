//! Path templates as token lists, literal percent-encoding and matching an example's path
//! (read by the parser, [`crate::model::GraphUrl`]) against the documented templates.

use crate::parse::url::percent_decode;

/// A piece of a rendered path or query value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tok {
    /// Literal text, as documented (not encoded).
    Lit(String),
    /// A one-segment parameter: index into the variant's fields.
    Param(usize),
    /// A `/`-separated item path parameter: index into the variant's fields.
    Item(usize),
}

/// Merge adjacent literals.
pub fn push_lit(toks: &mut Vec<Tok>, s: &str) {
    if s.is_empty() {
        return;
    }
    if let Some(Tok::Lit(last)) = toks.last_mut() {
        last.push_str(s);
    } else {
        toks.push(Tok::Lit(s.to_owned()));
    }
}

/// A piece of a query template or literal text with `{placeholders}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Lit(String),
    /// Alternatives inside the braces, trimmed.
    Param(Vec<String>),
}

/// Split text into literal pieces and `{placeholder}` pieces.
pub fn placeholders(s: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut lit = String::new();
    let mut rest = s;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find(['{', '}']) {
            Some(close) if after[close..].starts_with('}') && close > 0 => {
                lit.push_str(&rest[..open]);
                if !lit.is_empty() {
                    out.push(Piece::Lit(std::mem::take(&mut lit)));
                }
                let names: Vec<String> = after[..close]
                    .split('|')
                    .map(|n| n.trim().to_owned())
                    .filter(|n| !n.is_empty())
                    .collect();
                if names.is_empty() {
                    lit.push_str(&rest[open..open + close + 2]);
                } else {
                    out.push(Piece::Param(names));
                }
                rest = &after[close + 1..];
            }
            _ => {
                lit.push_str(&rest[..=open]);
                rest = after;
            }
        }
    }
    lit.push_str(rest);
    if !lit.is_empty() {
        out.push(Piece::Lit(lit));
    }
    out
}

/// Characters kept as they are in a literal path piece; everything else is
/// percent-encoded so that the URL parser leaves the path untouched.
fn keep_in_path(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/".contains(c)
}

/// Percent-encode a literal path piece (already-encoded `%XX` kept).
pub fn encode_literal(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    for (idx, c) in s.char_indices() {
        if idx < i {
            continue;
        }
        if c == '%'
            && bytes.get(idx + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(idx + 2).is_some_and(u8::is_ascii_hexdigit)
        {
            out.push_str(&s[idx..idx + 3]);
            i = idx + 3;
            continue;
        }
        if keep_in_path(c) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
        i = idx + c.len_utf8();
    }
    out
}

#[derive(Clone, Copy)]
enum Pat {
    Char(char),
    Param(usize),
    Item(usize),
}

fn fold(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// Match `text` against `toks`: literal text case-insensitively (after decoding),
/// [`Tok::Param`] captures one or more characters without `/` (unless `params_span_slash`),
/// [`Tok::Item`] captures one or more characters. Each capture is the shortest that lets
/// the rest match, left to right.
/// Returns the number of literal characters matched and the captures by field index.
///
/// The pattern is compiled to one element per character or capture, and a table of
/// "element `i` onwards matches text from `j` onwards" is filled from the end, so the
/// work is at most pattern length × text length whatever the input: no backtracking,
/// no step budget, no example dropped for taking long.
pub fn match_toks(
    toks: &[Tok],
    text: &str,
    fields: usize,
    params_span_slash: bool,
) -> Option<(usize, Vec<Option<String>>)> {
    let pat = compile(toks, params_span_slash);
    let chars: Vec<char> = text.chars().collect();
    let table = MatchTable::new(&pat, &chars);
    let spans = table.captures(&pat)?;
    let mut caps: Vec<Option<String>> = vec![None; fields];
    for (f, (a, b)) in spans {
        if let Some(slot) = caps.get_mut(f) {
            *slot = Some(percent_decode(
                &chars[a..b].iter().collect::<String>(),
                false,
            ));
        }
    }
    let literal = pat.iter().filter(|p| matches!(p, Pat::Char(_))).count();
    Some((literal, caps))
}

fn compile(toks: &[Tok], params_span_slash: bool) -> Vec<Pat> {
    let mut pat = Vec::new();
    for t in toks {
        match t {
            Tok::Lit(s) => pat.extend(percent_decode(s, true).chars().map(|c| Pat::Char(fold(c)))),
            Tok::Param(i) if params_span_slash => pat.push(Pat::Item(*i)),
            Tok::Param(i) => pat.push(Pat::Param(*i)),
            Tok::Item(i) => pat.push(Pat::Item(*i)),
        }
    }
    pat
}

/// `ok[i][j]`: pattern elements `i..` match `text[j..]` exactly.
struct MatchTable<'t> {
    text: &'t [char],
    ok: Vec<Vec<bool>>,
    /// `slash[j]`: index of the first `/` at or after `j` (or the text length).
    slash: Vec<usize>,
}

impl<'t> MatchTable<'t> {
    fn new(pat: &[Pat], text: &'t [char]) -> Self {
        let n = text.len();
        let mut slash = vec![n; n + 1];
        for j in (0..n).rev() {
            slash[j] = if text[j] == '/' { j } else { slash[j + 1] };
        }
        let mut ok = vec![vec![false; n + 1]; pat.len() + 1];
        ok[pat.len()][n] = true;
        for i in (0..pat.len()).rev() {
            // `next[j]`: the first `e >= j` where the rest after element `i` matches
            let mut next = vec![usize::MAX; n + 2];
            for j in (0..=n).rev() {
                next[j] = if ok[i + 1][j] { j } else { next[j + 1] };
            }
            for j in 0..=n {
                ok[i][j] = match pat[i] {
                    Pat::Char(c) => j < n && fold(text[j]) == c && ok[i + 1][j + 1],
                    // a capture takes `text[j..e]`, `e > j`; a param stops before `/`
                    Pat::Param(_) => j < n && next[j + 1] <= slash[j],
                    Pat::Item(_) => j < n && next[j + 1] <= n,
                };
            }
        }
        MatchTable { text, ok, slash }
    }

    /// The spans of the captures along the match with the shortest captures, by field.
    fn captures(&self, pat: &[Pat]) -> Option<Vec<(usize, (usize, usize))>> {
        let n = self.text.len();
        if !self.ok[0][0] {
            return None;
        }
        let mut out = Vec::new();
        let mut j = 0;
        for (i, p) in pat.iter().enumerate() {
            match *p {
                Pat::Char(_) => j += 1,
                Pat::Param(f) | Pat::Item(f) => {
                    let limit = if matches!(p, Pat::Param(_)) {
                        self.slash[j]
                    } else {
                        n
                    };
                    let e = (j + 1..=limit).find(|e| self.ok[i + 1][*e])?;
                    out.push((f, (j, e)));
                    j = e;
                }
            }
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholder_pieces() {
        assert_eq!(
            placeholders("id eq '{id | name}' x{"),
            vec![
                Piece::Lit("id eq '".into()),
                Piece::Param(vec!["id".into(), "name".into()]),
                Piece::Lit("' x{".into())
            ]
        );
        assert_eq!(placeholders("{}"), vec![Piece::Lit("{}".into())]);
    }

    #[test]
    fn literal_encoding() {
        assert_eq!(encode_literal("range(address='"), "range(address='");
        assert_eq!(encode_literal("a b{é}%20"), "a%20b%7B%C3%A9%7D%20");
        assert_eq!(encode_literal("50%"), "50%25");
    }

    #[test]
    fn matching() {
        let toks = vec![
            Tok::Lit("/users/".into()),
            Tok::Param(0),
            Tok::Lit("/drive/root:/".into()),
            Tok::Item(1),
            Tok::Lit(":/content".into()),
        ];
        let (lit, caps) = match_toks(
            &toks,
            "/Users/a%2Fb/drive/root:/x/y z.txt:/content",
            2,
            false,
        )
        .unwrap();
        assert_eq!(lit, "/users//drive/root:/:/content".len());
        assert_eq!(caps, vec![Some("a/b".into()), Some("x/y z.txt".into())]);
        assert!(match_toks(&toks, "/users/a/b/drive/root:/x:/content", 2, false).is_none());
    }

    #[test]
    fn shortest_captures_left_to_right() {
        let toks = vec![
            Tok::Lit("/a/".into()),
            Tok::Item(0),
            Tok::Lit("/".into()),
            Tok::Item(1),
        ];
        let (_, caps) = match_toks(&toks, "/a/x/y/z", 2, false).unwrap();
        assert_eq!(caps, vec![Some("x".into()), Some("y/z".into())]);
        // a param never spans `/`, a query param may
        let toks = vec![Tok::Lit("/u/".into()), Tok::Param(0)];
        assert!(match_toks(&toks, "/u/a/b", 1, false).is_none());
        let (_, caps) = match_toks(&toks, "/u/a/b", 1, true).unwrap();
        assert_eq!(caps, vec![Some("a/b".into())]);
        // captures are never empty
        assert!(match_toks(&toks, "/u/", 1, false).is_none());
        assert!(match_toks(&[], "", 0, false).is_some());
    }

    #[test]
    fn long_ambiguous_input_is_matched_not_dropped() {
        // many item captures separated by `/` over a long text: exponential for a
        // backtracking matcher, one table fill here
        let mut toks = vec![Tok::Lit("/r".into())];
        for i in 0..40 {
            toks.push(Tok::Lit("/".into()));
            toks.push(Tok::Item(i));
        }
        toks.push(Tok::Lit("/end".into()));
        let text = format!("/r{}/end", "/x".repeat(400));
        let (lit, caps) = match_toks(&toks, &text, 40, false).expect("matches");
        assert_eq!(lit, "/r".len() + 40 + "/end".len());
        assert_eq!(caps[0].as_deref(), Some("x"));
        assert_eq!(caps[39].as_deref().map(|c| c.len()), Some(2 * 361 - 1));
        let no = format!("/r{}/nope", "/x".repeat(400));
        assert!(match_toks(&toks, &no, 40, false).is_none());
    }
}
