//! Request path templates: a documented path (`/users/{id | userPrincipalName}/events`,
//! `/me/drive/root:/{item-path}:/content`, `/me/x/range(address='A1:B2')`) read into a
//! [`PathTemplate`] of segments, and rendered back.
//!
//! URL crates percent-encode or reject `{}` placeholders and know nothing of OData's
//! `root:/{item-path}:` addressing or of function-call segments, so path templates get
//! their own small scanner, which works char by char and never indexes by byte position.

use super::url::{raw_query_pairs, split_url, strip_scheme};
use crate::model::{PathTemplate, Segment, SegmentPart};

/// Parses a documented request path into a [`PathTemplate`].
///
/// The input is an HTTP-request-section path (`/users/{id | userPrincipalName}/events`)
/// or an example URL. Rules:
/// * surrounding whitespace is trimmed; an absolute `http(s)://host[/version]` prefix is
///   stripped (see [`split_url`]); leading, trailing and doubled `/` are ignored
///   (empty segments are dropped);
/// * the first `?` outside `{}`/`()` starts the query, kept literally in
///   [`PathTemplate::query`]. The optional-query notation `[?a=b]` at the end
///   (`content[?includeIDs=true]`) is read as the query `a=b`;
/// * segments are split on `/` outside `{}`, `()` and, inside parentheses, `'…'`, so
///   `range(address='A1:B2')` and `Any(ep: ep/id eq '{id}')` stay in one segment;
/// * in a segment, `{a | b}` is a [`SegmentPart::Param`] with the trimmed alternatives
///   (`{path and filename}` is one name with its spaces), and the text between
///   placeholders is [`SegmentPart::Literal`] (function calls such as
///   `delta(token='{token}')` become `delta(token='`, `token`, `')`);
/// * colon addressing: a segment ending in `:` (`root:`, `{parent-id}:`,
///   `{hostname}:`) keeps its colon as literal text, and the segments after it up to
///   and including the next one ending in `:` (or up to the end when there is none)
///   become one segment holding a single [`SegmentPart::ItemPath`]. Its name is the
///   text inside the braces when that text is one `{…}` placeholder, else the literal
///   text (`FolderA/FileB.txt`). The closing colon is implied by the `ItemPath`.
///
/// [`render_template`] rebuilds the path; for a path written in the normal form (leading
/// `/`, no empty segments, item paths braced and closed by `:`, alternatives written
/// `{a | b}`) it returns the documented text.
///
/// Errors (a message) for empty input and for unbalanced braces or parentheses in the
/// path part.
pub fn parse_path_template(path: &str) -> Result<PathTemplate, String> {
    let trimmed = path.trim();
    if trimmed.is_empty() {
        return Err("empty path".to_owned());
    }
    let owned;
    let text = if strip_scheme(trimmed).is_some() {
        owned = split_url(trimmed).path_and_query;
        owned.as_str()
    } else {
        trimmed
    };
    let (path_part, query) = split_query(text)?;
    let raw: Vec<&str> = split_segments(path_part)?
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    let mut segments = Vec::with_capacity(raw.len());
    let mut i = 0;
    while let Some(&seg) = raw.get(i) {
        segments.push(parse_segment(seg));
        i += 1;
        if !opens_item_path(seg) || i >= raw.len() {
            continue;
        }
        // Collect the item path up to the segment that ends with `:`.
        let start = i;
        while raw.get(i).is_some_and(|s| !opens_item_path(s)) {
            i += 1;
        }
        let end = (i + 1).min(raw.len());
        let joined = raw.get(start..end).unwrap_or(&[]).join("/");
        let text = joined.strip_suffix(':').unwrap_or(&joined);
        segments.push(Segment {
            parts: vec![SegmentPart::ItemPath {
                name: item_path_name(text),
            }],
        });
        i = end;
    }
    Ok(PathTemplate { segments, query })
}

/// A raw segment that ends with `:` (outside braces, as split).
fn opens_item_path(raw: &str) -> bool {
    raw.len() > 1 && raw.ends_with(':')
}

/// The name of an item path: the inside of one `{…}` placeholder, else the text;
/// trimmed.
fn item_path_name(text: &str) -> String {
    if let Some(inner) = text.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
        if !inner.contains(['{', '}']) {
            return inner.trim().to_owned();
        }
    }
    text.trim().to_owned()
}

/// Nesting state of the path scanner.
#[derive(Default)]
struct Depth {
    braces: u32,
    parens: u32,
    quote: bool,
}

impl Depth {
    /// Updates the state for `c`; errors on a closing bracket without an opening one.
    fn step(&mut self, c: char) -> Result<(), String> {
        if self.quote {
            if c == '\'' {
                self.quote = false;
            }
            return Ok(());
        }
        match c {
            '{' => self.braces = self.braces.saturating_add(1),
            '}' => {
                self.braces = self
                    .braces
                    .checked_sub(1)
                    .ok_or("unbalanced braces: `}` without `{`")?
            }
            '(' if self.braces == 0 => self.parens = self.parens.saturating_add(1),
            ')' if self.braces == 0 => {
                self.parens = self
                    .parens
                    .checked_sub(1)
                    .ok_or("unbalanced parentheses: `)` without `(`")?
            }
            '\'' if self.parens > 0 && self.braces == 0 => self.quote = true,
            _ => {}
        }
        Ok(())
    }

    fn top(&self) -> bool {
        self.braces == 0 && self.parens == 0 && !self.quote
    }

    fn check_closed(&self) -> Result<(), String> {
        if self.braces > 0 {
            Err("unbalanced braces: `{` without `}`".to_owned())
        } else if self.parens > 0 {
            Err("unbalanced parentheses: `(` without `)`".to_owned())
        } else {
            Ok(())
        }
    }
}

/// Splits the path part from the query at the first top-level `?`; checks that the
/// path part's braces and parentheses are balanced.
fn split_query(text: &str) -> Result<(&str, Option<String>), String> {
    let mut depth = Depth::default();
    for (i, c) in text.char_indices() {
        if c == '?' && depth.top() {
            depth.check_closed()?;
            let path = text.get(..i).unwrap_or("");
            let query = text.get(i + 1..).unwrap_or("");
            // `content[?includeIDs=true]`: an optional query.
            let (path, query) = match (path.strip_suffix('['), query.strip_suffix(']')) {
                (Some(p), Some(q)) => (p, q),
                _ => (path, query),
            };
            return Ok((path, Some(query.to_owned())));
        }
        depth.step(c)?;
    }
    depth.check_closed()?;
    Ok((text, None))
}

/// Splits a path (without query) on top-level `/`.
fn split_segments(path: &str) -> Result<Vec<&str>, String> {
    let mut out = Vec::new();
    let mut depth = Depth::default();
    let mut start = 0;
    for (i, c) in path.char_indices() {
        if c == '/' && depth.top() {
            out.push(path.get(start..i).unwrap_or(""));
            start = i + 1;
            continue;
        }
        depth.step(c)?;
    }
    out.push(path.get(start..).unwrap_or(""));
    Ok(out)
}

/// Splits one segment into literal text and `{…}` placeholders.
fn parse_segment(raw: &str) -> Segment {
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '{' {
            literal.push(c);
            continue;
        }
        let mut inner = String::new();
        let mut depth = 1u32;
        let mut closed = false;
        for d in chars.by_ref() {
            match d {
                '{' => depth = depth.saturating_add(1),
                '}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        closed = true;
                        break;
                    }
                }
                _ => {}
            }
            inner.push(d);
        }
        if !closed {
            // Cannot happen after the balance check; keep the text as written.
            literal.push('{');
            literal.push_str(&inner);
            continue;
        }
        if !literal.is_empty() {
            parts.push(SegmentPart::Literal {
                text: std::mem::take(&mut literal),
            });
        }
        let names = inner
            .split('|')
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_owned)
            .collect();
        parts.push(SegmentPart::Param { names });
    }
    if !literal.is_empty() {
        parts.push(SegmentPart::Literal { text: literal });
    }
    Segment { parts }
}

impl PathTemplate {
    /// The segments that carry the path proper, as the SDK addresses it: without
    /// whitespace-only segments, without a leading `http(s):` + host pair (templates built
    /// by hand; [`parse_path_template`] strips those already) and without a leading API
    /// version segment (`v1.0`, `v1`, `beta`, any case), which request sections sometimes
    /// write (`GET /v1.0/me`). The stored segments stay as documented.
    pub fn api_segments(&self) -> Vec<&Segment> {
        let mut segs: Vec<&Segment> = self.segments.iter().filter(|s| !is_blank(s)).collect();
        let first_is = |segs: &[&Segment], words: &[&str]| {
            segs.first()
                .and_then(|s| s.literal_text())
                .is_some_and(|t| words.iter().any(|w| t.eq_ignore_ascii_case(w)))
        };
        if first_is(&segs, &["https:", "http:"]) {
            segs.drain(..segs.len().min(2));
        }
        if first_is(&segs, &["v1.0", "v1", "beta"]) {
            segs.remove(0);
        }
        segs
    }

    /// The pairs of the documented literal query ([`PathTemplate::query`]) as written:
    /// split as [`super::url::raw_query_pairs`] splits, not percent-decoded, so
    /// placeholders and encoded text (`JoinWebUrl%20eq%20'{joinWebUrl}'`) stay as documented.
    pub fn query_pairs(&self) -> Vec<(&str, &str)> {
        self.query
            .as_deref()
            .map(|q| raw_query_pairs(q).collect())
            .unwrap_or_default()
    }
}

impl Segment {
    /// The text of a segment made only of literal parts (`messages`, `$value`); `None`
    /// when it holds a parameter.
    pub fn literal_text(&self) -> Option<String> {
        let mut out = String::new();
        for p in &self.parts {
            match p {
                SegmentPart::Literal { text } => out.push_str(text),
                _ => return None,
            }
        }
        Some(out)
    }
}

/// A segment made only of whitespace literals.
fn is_blank(s: &Segment) -> bool {
    s.parts.iter().all(|p| match p {
        SegmentPart::Literal { text } => text.trim().is_empty(),
        _ => false,
    })
}

/// Rebuilds a path from a template: `/` + segments joined by `/` (+ `?query`).
///
/// A [`SegmentPart::Param`] is written `{name}` or `{a | b}`, an
/// [`SegmentPart::ItemPath`] `{name}:` (the colon that closes the item path; a name that
/// has braces itself is written without the surrounding ones). See
/// [`parse_path_template`] for when this gives back the documented text.
pub fn render_template(t: &PathTemplate) -> String {
    let mut out = String::new();
    for seg in &t.segments {
        out.push('/');
        for part in &seg.parts {
            match part {
                SegmentPart::Literal { text } => out.push_str(text),
                SegmentPart::Param { names } => {
                    out.push('{');
                    out.push_str(&names.join(" | "));
                    out.push('}');
                }
                // A name with braces of its own (`('{')`, read from unbraced text) is
                // written as it was read: inside braces its quotes and parentheses would
                // no longer hide them.
                SegmentPart::ItemPath { name } if name.contains(['{', '}']) => {
                    out.push_str(name);
                    out.push(':');
                }
                SegmentPart::ItemPath { name } => {
                    out.push('{');
                    out.push_str(name);
                    out.push_str("}:");
                }
            }
        }
    }
    if out.is_empty() {
        out.push('/');
    }
    if let Some(q) = &t.query {
        out.push('?');
        out.push_str(q);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(text: &str) -> SegmentPart {
        SegmentPart::Literal { text: text.into() }
    }

    fn param(names: &[&str]) -> SegmentPart {
        SegmentPart::Param {
            names: names.iter().map(|n| n.to_string()).collect(),
        }
    }

    fn item(name: &str) -> SegmentPart {
        SegmentPart::ItemPath { name: name.into() }
    }

    fn seg(parts: Vec<SegmentPart>) -> Segment {
        Segment { parts }
    }

    fn template(path: &str) -> PathTemplate {
        match parse_path_template(path) {
            Ok(t) => t,
            Err(e) => panic!("{path:?}: {e}"),
        }
    }

    #[test]
    fn simple_paths() {
        let t = template("/users/{id | userPrincipalName}/events");
        assert_eq!(
            t.segments,
            [
                seg(vec![lit("users")]),
                seg(vec![param(&["id", "userPrincipalName"])]),
                seg(vec![lit("events")])
            ]
        );
        assert_eq!(t.query, None);
        assert_eq!(
            template("/users/{id|userPrincipalName}").segments[1],
            seg(vec![param(&["id", "userPrincipalName"])])
        );
        assert_eq!(
            template("/me/drive/items/{path and filename}").segments[3],
            seg(vec![param(&["path and filename"])])
        );
        assert_eq!(
            template("/me/messages/{id}/$value").segments[3],
            seg(vec![lit("$value")])
        );
    }

    #[test]
    fn irregular_forms() {
        let expected = template("/policies/activityBasedTimeoutPolicies");
        assert_eq!(template("policies/activityBasedTimeoutPolicies"), expected);
        assert_eq!(
            template("  /policies/activityBasedTimeoutPolicies/ "),
            expected
        );
        assert_eq!(
            template("/policies//activityBasedTimeoutPolicies"),
            expected
        );
        assert_eq!(
            template("https://graph.microsoft.com/v1.0/policies/activityBasedTimeoutPolicies"),
            expected
        );
        assert_eq!(template("/").segments, []);
    }

    #[test]
    fn queries() {
        let t = template("/me/events?$select=subject,body&$top=2");
        assert_eq!(t.segments.len(), 2);
        assert_eq!(t.query.as_deref(), Some("$select=subject,body&$top=2"));
        let t = template(
            "/users/{id}?$expand=extensions($filter=id eq '{extensionId}')&$select=id,{property_1}",
        );
        assert_eq!(
            t.query.as_deref(),
            Some("$expand=extensions($filter=id eq '{extensionId}')&$select=id,{property_1}")
        );
        let t = template("/groups/{id}/acceptedSenders/$ref?$id=https://graph.microsoft.com/v1.0/users/{user-id}");
        assert_eq!(t.segments.len(), 4);
        assert_eq!(
            t.query.as_deref(),
            Some("$id=https://graph.microsoft.com/v1.0/users/{user-id}")
        );
        let t = template("/me/onenote/pages/{id}/content[?includeIDs=true]");
        assert_eq!(t.segments.last(), Some(&seg(vec![lit("content")])));
        assert_eq!(t.query.as_deref(), Some("includeIDs=true"));
        assert_eq!(template("/x?").query.as_deref(), Some(""));
    }

    #[test]
    fn filter_with_slashes_and_parens() {
        let path = "/me/messages?$filter=singleValueExtendedProperties/Any(ep: ep/id eq '{id_value}' and contains(ep/value, '{property_value}'))";
        let t = template(path);
        assert_eq!(t.segments.len(), 2);
        assert!(t
            .query
            .as_deref()
            .is_some_and(|q| q.ends_with("'{property_value}'))")));
        // The same filter in the path part (no `?`) stays in one segment.
        let t = template("/x/Any(ep: ep/id eq '{id}')");
        assert_eq!(
            t.segments[1],
            seg(vec![lit("Any(ep: ep/id eq '"), param(&["id"]), lit("')")])
        );
    }

    #[test]
    fn function_segments() {
        let t = template("/me/calendar/reminderView(startDateTime={startDateTime-value},endDateTime={endDateTime-value})");
        assert_eq!(
            t.segments[2],
            seg(vec![
                lit("reminderView(startDateTime="),
                param(&["startDateTime-value"]),
                lit(",endDateTime="),
                param(&["endDateTime-value"]),
                lit(")")
            ])
        );
        let t = template("/me/drive/items/{item-id}/workbook/worksheets/{id|name}/charts/{name}/image(width=640,height=480,fittingMode='fit')");
        assert_eq!(
            t.segments.last(),
            Some(&seg(vec![lit(
                "image(width=640,height=480,fittingMode='fit')"
            )]))
        );
        let t = template("/me/drive/root/delta(token='{token}')");
        assert_eq!(
            t.segments[3],
            seg(vec![lit("delta(token='"), param(&["token"]), lit("')")])
        );
        let t = template("/me/x/range(address='A1:B2/C3')/format");
        assert_eq!(t.segments[2], seg(vec![lit("range(address='A1:B2/C3')")]));
        assert_eq!(t.segments.len(), 4);
        let t = template("/me/outlook/supportedTimeZones(TimeZoneStandard=microsoft.graph.timeZoneStandard'{timezone_format}')");
        assert_eq!(
            t.segments[2],
            seg(vec![
                lit("supportedTimeZones(TimeZoneStandard=microsoft.graph.timeZoneStandard'"),
                param(&["timezone_format"]),
                lit("')")
            ])
        );
    }

    #[test]
    fn colon_addressing() {
        let t = template("/me/drive/root:/{item-path}:/content");
        assert_eq!(
            t.segments,
            [
                seg(vec![lit("me")]),
                seg(vec![lit("drive")]),
                seg(vec![lit("root:")]),
                seg(vec![item("item-path")]),
                seg(vec![lit("content")])
            ]
        );
        assert_eq!(render_template(&t), "/me/drive/root:/{item-path}:/content");
        let t = template("/drives/{drive-id}/root:/{path-relative-to-root}:/children");
        assert_eq!(t.segments[3], seg(vec![item("path-relative-to-root")]));
        let t = template("/sites/{site-id}/drive/items/{parent-id}:/{filename}:/content");
        assert_eq!(t.segments[4], seg(vec![param(&["parent-id"]), lit(":")]));
        assert_eq!(t.segments[5], seg(vec![item("filename")]));
        assert_eq!(
            render_template(&t),
            "/sites/{site-id}/drive/items/{parent-id}:/{filename}:/content"
        );
        // Unbraced, spanning several segments.
        let t = template("/me/drive/root:/FolderA/FileB.txt:/content");
        assert_eq!(t.segments[3], seg(vec![item("FolderA/FileB.txt")]));
        assert_eq!(t.segments.len(), 5);
        // No closing colon: the item path runs to the end.
        let t = template("/sites/{hostname}:/{server-relative-path}");
        assert_eq!(t.segments[2], seg(vec![item("server-relative-path")]));
        assert_eq!(
            render_template(&t),
            "/sites/{hostname}:/{server-relative-path}:"
        );
        // A trailing `root:` stays literal.
        assert_eq!(
            template("/me/drive/root:").segments[2],
            seg(vec![lit("root:")])
        );
        // With a query.
        let t = template("/me/drive/root:/{item-path}:?$select=id");
        assert_eq!(t.segments[3], seg(vec![item("item-path")]));
        assert_eq!(t.query.as_deref(), Some("$select=id"));
    }

    #[test]
    fn literal_query_pairs_stay_as_written() {
        let t = template("/me/onlineMeetings?$filter=JoinWebUrl%20eq%20'{joinWebUrl}'&x&=y");
        assert_eq!(
            t.query_pairs(),
            [("$filter", "JoinWebUrl%20eq%20'{joinWebUrl}'"), ("x", "")]
        );
        assert!(template("/me").query_pairs().is_empty());
        assert_eq!(
            t.segments[1].literal_text().as_deref(),
            Some("onlineMeetings")
        );
        assert_eq!(template("/users/{id}").segments[1].literal_text(), None);
    }

    #[test]
    fn api_segments_drop_the_version() {
        let t = template("/v1.0/me/events");
        assert_eq!(t.segments.len(), 3);
        let api: Vec<&Segment> = t.api_segments();
        assert_eq!(api, [&seg(vec![lit("me")]), &seg(vec![lit("events")])]);
        assert_eq!(template("/BETA/me").api_segments().len(), 1);
        assert!(template("/v1.0").api_segments().is_empty());
        assert_eq!(template("/v1.0versions/x").api_segments().len(), 2);
        let by_hand = PathTemplate {
            segments: vec![
                seg(vec![lit("https:")]),
                seg(vec![lit("graph.microsoft.com")]),
                seg(vec![lit(" ")]),
                seg(vec![lit("v1.0")]),
                seg(vec![lit("me")]),
            ],
            query: None,
        };
        assert_eq!(by_hand.api_segments(), [&seg(vec![lit("me")])]);
    }

    #[test]
    fn item_path_names_with_braces_render_unbraced() {
        // Found by `parse_never_panics_on_path_like_text`: `{('{')}:` does not parse.
        let t = template("a:/('{')");
        assert_eq!(t.segments[1], seg(vec![item("('{')")]));
        assert_eq!(render_template(&t), "/a:/('{'):");
        assert_eq!(template(&render_template(&t)), t);
    }

    #[test]
    fn template_errors() {
        assert!(parse_path_template("").is_err());
        assert!(parse_path_template("   ").is_err());
        assert!(parse_path_template("/users/{id").is_err());
        assert!(parse_path_template("/users/id}").is_err());
        assert!(parse_path_template("/x/f(a=1").is_err());
        assert!(parse_path_template("/x/f)").is_err());
        assert!(parse_path_template("/x/f('a)").is_err());
        // The query is not checked.
        assert!(parse_path_template("/x?$filter=(a").is_ok());
    }

    #[test]
    fn render_normal_forms() {
        for path in [
            "/users/{id | userPrincipalName}/events",
            "/me/drive/root:/{item-path}:/content",
            "/me/calendar/reminderView(startDateTime={startDateTime-value},endDateTime={endDateTime-value})",
            "/me/messages?$filter=a eq 'b/c'",
            "/",
            "/me/drive/items/{path and filename}",
        ] {
            assert_eq!(render_template(&template(path)), path);
        }
        assert_eq!(
            render_template(&template("users/{id|userPrincipalName}/")),
            "/users/{id | userPrincipalName}"
        );
        assert_eq!(render_template(&PathTemplate::default()), "/");
        let t = PathTemplate {
            segments: vec![seg(vec![param(&[])])],
            query: Some("q".into()),
        };
        assert_eq!(render_template(&t), "/{}?q");
        assert_eq!(
            template("/{}"),
            PathTemplate {
                segments: vec![seg(vec![param(&[])])],
                query: None
            }
        );
    }
}
