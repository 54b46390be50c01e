//! Tolerant JSON reading for annotations and example bodies.
//!
//! Reference pages are hand-written and a few dozen of their JSON snippets are not
//! strict JSON: trailing commas, `&quot;` entities, bare keys, missing commas, raw
//! newlines inside strings, smart quotes, `//` and `/* */` comments and single-quoted
//! strings.
//! [`read_json`] first tries [`serde_json`] strictly and otherwise repairs the text
//! step by step, retrying after each repair.
//!
//! The repairs are hand-written: the lenient JSON crates (`json5`, `serde_hjson`, …)
//! each accept only some of these mistakes (none handles entities, missing commas or
//! smart quotes), would silently accept them without telling which, and are not
//! dependencies of this crate. Every repair here is a single linear pass over a small
//! string-aware tokenization ([`pieces`]), so text inside string literals is left alone
//! except by the repairs that are about strings.

use serde_json::Value;

/// How a JSON text was read.
#[derive(Debug, Clone, PartialEq)]
pub enum JsonRead {
    /// The text is strict JSON.
    Strict(Value),
    /// The text parsed after the named repairs (see [`FIX_NAMES`]), in the order applied.
    Tolerant {
        /// The parsed value.
        value: Value,
        /// Names of the repairs that changed the text, in the order applied.
        fixes: Vec<&'static str>,
    },
    /// Neither the strict nor the tolerant reading worked; the message is
    /// serde_json's error for the strict attempt.
    Failed(String),
}

impl JsonRead {
    /// The parsed value, if any.
    pub fn value(&self) -> Option<&Value> {
        match self {
            JsonRead::Strict(v) | JsonRead::Tolerant { value: v, .. } => Some(v),
            JsonRead::Failed(_) => None,
        }
    }

    /// Consumes the reading and returns the parsed value, if any.
    pub fn into_value(self) -> Option<Value> {
        match self {
            JsonRead::Strict(v) | JsonRead::Tolerant { value: v, .. } => Some(v),
            JsonRead::Failed(_) => None,
        }
    }
}

type Fix = fn(&str) -> String;

/// The repairs, in the order [`read_json`] applies them.
///
/// The order differs from "most frequent first" on purpose: the repairs that decide
/// where string literals are (entities, smart quotes, single quotes) and the one that
/// removes comments come first, so that the structural repairs after them (trailing
/// comma, bare key, missing comma) see true string boundaries.
const FIXES: [(&str, Fix); 9] = [
    ("html-entities", fix_html_entities),
    ("smart-quotes", fix_smart_quotes),
    ("single-quotes", fix_single_quotes),
    ("line-comment", fix_line_comments),
    ("block-comment", fix_block_comments),
    ("raw-newline-in-string", fix_raw_control_chars),
    ("trailing-comma", fix_trailing_commas),
    ("unquoted-key", fix_unquoted_keys),
    ("missing-comma", fix_missing_commas),
];

/// Names of all repairs [`read_json`] may apply, in the order it applies them.
pub const FIX_NAMES: [&str; 9] = [
    "html-entities",
    "smart-quotes",
    "single-quotes",
    "line-comment",
    "block-comment",
    "raw-newline-in-string",
    "trailing-comma",
    "unquoted-key",
    "missing-comma",
];

/// Reads a JSON text strictly, or else tolerantly.
///
/// The repairs are applied cumulatively in the order of [`FIX_NAMES`]; after each one
/// that changes the text the result is parsed again, and the first success is returned
/// as [`JsonRead::Tolerant`] with the names of the repairs that changed the text.
/// Never panics.
pub fn read_json(text: &str) -> JsonRead {
    let strict_error = match serde_json::from_str::<Value>(text) {
        Ok(value) => return JsonRead::Strict(value),
        Err(e) => e.to_string(),
    };
    let mut current = text.to_owned();
    let mut fixes = Vec::new();
    for (name, fix) in FIXES {
        let next = fix(&current);
        if next == current {
            continue;
        }
        current = next;
        fixes.push(name);
        if let Ok(value) = serde_json::from_str::<Value>(&current) {
            return JsonRead::Tolerant { value, fixes };
        }
    }
    JsonRead::Failed(strict_error)
}

/// What a [`Piece`] of JSON-ish text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Anything outside string literals and comments.
    Code,
    /// A `"…"` string literal including its quotes (the closing one may be missing).
    DoubleString,
    /// A `'…'` string literal including its quotes (the closing one may be missing).
    SingleString,
    /// A `//` comment up to, not including, the line end, or a `/* … */` comment
    /// (the closing `*/` may be missing).
    Comment,
}

/// A run of JSON-ish text of one [`Kind`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece<'a> {
    kind: Kind,
    text: &'a str,
}

/// Splits text into code, string literals and comments.
///
/// A backslash escapes the next character inside both kinds of string; a string that
/// is not closed runs to the end of the text. All slicing is at `char_indices`
/// positions, so it is always on character boundaries.
fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut code_start = 0;
    fn push<'a>(out: &mut Vec<Piece<'a>>, text: &'a str, kind: Kind, from: usize, to: usize) {
        if let Some(t) = text.get(from..to) {
            if !t.is_empty() {
                out.push(Piece { kind, text: t });
            }
        }
    }
    while let Some((i, c)) = chars.next() {
        let kind = match c {
            '"' => Kind::DoubleString,
            '\'' => Kind::SingleString,
            '/' if matches!(chars.peek(), Some((_, '/' | '*'))) => Kind::Comment,
            _ => continue,
        };
        push(&mut out, text, Kind::Code, code_start, i);
        let mut end = text.len();
        match kind {
            Kind::Comment => {
                // The second character, `/` or `*`, says which kind of comment.
                if matches!(chars.next(), Some((_, '*'))) {
                    let mut star = false;
                    for (j, d) in chars.by_ref() {
                        if star && d == '/' {
                            end = j + 1;
                            break;
                        }
                        star = d == '*';
                    }
                } else {
                    while let Some(&(j, d)) = chars.peek() {
                        if d == '\n' {
                            end = j;
                            break;
                        }
                        chars.next();
                    }
                }
            }
            _ => {
                let quote = c;
                while let Some((j, d)) = chars.next() {
                    if d == '\\' {
                        chars.next();
                    } else if d == quote {
                        end = j + d.len_utf8();
                        break;
                    }
                }
            }
        }
        push(&mut out, text, kind, i, end);
        code_start = end;
    }
    push(&mut out, text, Kind::Code, code_start, text.len());
    out
}

/// `&quot;` `&amp;` `&lt;` `&gt;` `&apos;` `&#NN;` `&#xNN;` → the character.
///
/// Applied to the whole text: on the pages that have them, the entities stand for the
/// quotes that delimit strings.
fn fix_html_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find('&') {
        out.push_str(rest.get(..pos).unwrap_or(""));
        let after = rest.get(pos..).unwrap_or("");
        match decode_entity(after) {
            Some((c, len)) => {
                out.push(c);
                rest = after.get(len..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = after.get(1..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    out
}

/// Decodes the entity at the start of `s` (which starts with `&`): the character and
/// the entity's byte length.
fn decode_entity(s: &str) -> Option<(char, usize)> {
    // Entities are short; look no further than a few characters for the `;`.
    let semi = s.char_indices().take(12).find(|&(_, c)| c == ';')?.0;
    let name = s.get(1..semi)?;
    let c = match name {
        "quot" => '"',
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "apos" => '\'',
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse::<u32>().ok()?,
            };
            char::from_u32(code)?
        }
    };
    Some((c, semi + 1))
}

/// `“` and `”` used as string delimiters → `"`.
///
/// Smart quotes also occur inside Chinese text in string values, and pages mix them
/// with straight quotes (`"GET”`), so a smart quote is replaced only where a delimiter
/// belongs: after `{ [ , :` (or at the start) or before `, } ] :` (or at the end),
/// ignoring whitespace.
fn fix_smart_quotes(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    // For each position, the next non-whitespace character after it.
    let mut next_significant = vec![None; chars.len()];
    let mut next = None;
    for (slot, &c) in next_significant.iter_mut().zip(&chars).rev() {
        *slot = next;
        if !c.is_whitespace() {
            next = Some(c);
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut before = None;
    for (&c, &after) in chars.iter().zip(&next_significant) {
        let c = if c == '“' || c == '”' {
            let opens = matches!(before, None | Some('{' | '[' | ',' | ':'));
            let closes = matches!(after, None | Some(',' | '}' | ']' | ':'));
            if opens || closes {
                '"'
            } else {
                c
            }
        } else {
            c
        };
        out.push(c);
        if !c.is_whitespace() {
            before = Some(c);
        }
    }
    out
}

/// `'…'` string literals outside `"…"` strings → `"…"`, escaping inner `"` and
/// unescaping `\'`.
fn fix_single_quotes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for piece in pieces(text) {
        if piece.kind != Kind::SingleString {
            out.push_str(piece.text);
            continue;
        }
        let mut chars = piece.text.chars().skip(1).peekable();
        out.push('"');
        while let Some(c) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some('\'') => out.push('\''),
                    Some(d) => {
                        out.push('\\');
                        out.push(d);
                    }
                    None => out.push('\\'),
                },
                '"' => out.push_str("\\\""),
                '\'' if chars.peek().is_none() => out.push('"'),
                _ => out.push(c),
            }
        }
    }
    out
}

/// Removes `//` comments outside strings (the line end stays).
fn fix_line_comments(text: &str) -> String {
    pieces(text)
        .into_iter()
        .filter(|p| !(p.kind == Kind::Comment && p.text.starts_with("//")))
        .map(|p| p.text)
        .collect()
}

/// Replaces `/* … */` comments outside strings (`/* relationships */` in resource
/// JSON) with the line ends they contained, so line numbers stay.
fn fix_block_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for p in pieces(text) {
        if p.kind == Kind::Comment && p.text.starts_with("/*") {
            out.extend(p.text.chars().filter(|&c| c == '\n'));
        } else {
            out.push_str(p.text);
        }
    }
    out
}

/// Escapes raw control characters (newline, tab, …) inside `"…"` strings.
fn fix_raw_control_chars(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for piece in pieces(text) {
        if piece.kind != Kind::DoubleString {
            out.push_str(piece.text);
            continue;
        }
        for c in piece.text.chars() {
            match c {
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
                c => out.push(c),
            }
        }
    }
    out
}

/// Removes a `,` that is followed (after whitespace) by `}` or `]`, outside strings.
fn fix_trailing_commas(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for piece in pieces(text) {
        if piece.kind != Kind::Code {
            out.push_str(piece.text);
            continue;
        }
        for (i, c) in piece.text.char_indices() {
            if c == ',' {
                let next = piece
                    .text
                    .get(i + 1..)
                    .and_then(|rest| rest.chars().find(|c| !c.is_whitespace()));
                if matches!(next, Some('}' | ']')) {
                    continue;
                }
            }
            out.push(c);
        }
    }
    out
}

/// Characters that can start a bare key.
fn is_key_start(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c, '_' | '$' | '@')
}

/// Characters that can continue a bare key (`@odata.type`, `item-path`).
fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '$' | '@' | '.' | '-')
}

/// Quotes a bare key (`{ isCollection: true }`): an identifier right after `{` or `,`
/// and followed by `:`, outside strings.
fn fix_unquoted_keys(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // The last non-whitespace character before the current position, outside comments.
    let mut prev: Option<char> = None;
    for piece in pieces(text) {
        match piece.kind {
            Kind::Code => {}
            Kind::Comment => {
                out.push_str(piece.text);
                continue;
            }
            Kind::DoubleString | Kind::SingleString => {
                out.push_str(piece.text);
                prev = Some('"');
                continue;
            }
        }
        let s = piece.text;
        let mut iter = s.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            if is_key_start(c) && matches!(prev, Some('{' | ',')) {
                let mut end = s.len();
                while let Some(&(j, d)) = iter.peek() {
                    if !is_key_char(d) {
                        end = j;
                        break;
                    }
                    iter.next();
                }
                let word = s.get(i..end).unwrap_or("");
                let next = s
                    .get(end..)
                    .and_then(|rest| rest.chars().find(|c| !c.is_whitespace()));
                if next == Some(':') {
                    out.push('"');
                    out.push_str(word);
                    out.push('"');
                } else {
                    out.push_str(word);
                }
                prev = word.chars().last();
                continue;
            }
            out.push(c);
            if !c.is_whitespace() {
                prev = Some(c);
            }
        }
    }
    out
}

/// Inserts a `,` between the end of a value and a `"` (or, after `}` / `]`, a `{` /
/// `[`) that starts on a following line, outside strings.
fn fix_missing_commas(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Whether the last significant token ended a value, and the whitespace since then.
    let mut value_end: Option<char> = None;
    let mut pending = String::new();
    let flush = |out: &mut String, pending: &mut String, value_end: Option<char>, next: char| {
        let insert = pending.contains('\n')
            && matches!(
                (value_end, next),
                (Some(_), '"') | (Some('}'), '{') | (Some(']'), '[')
            );
        if insert {
            out.push(',');
        }
        out.push_str(pending);
        pending.clear();
    };
    for piece in pieces(text) {
        match piece.kind {
            Kind::Comment => pending.push_str(piece.text),
            Kind::DoubleString | Kind::SingleString => {
                flush(&mut out, &mut pending, value_end, '"');
                out.push_str(piece.text);
                value_end = Some('"');
            }
            Kind::Code => {
                for c in piece.text.chars() {
                    if c.is_whitespace() {
                        pending.push(c);
                        continue;
                    }
                    flush(&mut out, &mut pending, value_end, c);
                    out.push(c);
                    value_end = (c.is_alphanumeric() || matches!(c, '}' | ']')).then_some(c);
                }
            }
        }
    }
    out.push_str(&pending);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn tolerant(text: &str) -> (Value, Vec<&'static str>) {
        match read_json(text) {
            JsonRead::Tolerant { value, fixes } => (value, fixes),
            other => panic!("expected a tolerant reading of {text:?}, got {other:?}"),
        }
    }

    #[test]
    fn strict_json_is_strict() {
        assert_eq!(
            read_json(r#"{ "blockType": "request", "name": "x" }"#),
            JsonRead::Strict(json!({"blockType": "request", "name": "x"}))
        );
        assert_eq!(read_json(" [1, 2]\n"), JsonRead::Strict(json!([1, 2])));
    }

    #[test]
    fn fix_names_match_fixes() {
        let names: Vec<&str> = FIXES.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, FIX_NAMES);
    }

    #[test]
    fn trailing_comma_in_annotation() {
        // api/b2xidentityuserflow-put-apiconnectorconfiguration.md
        let (v, fixes) = tolerant(r#"{ "blockType": "response", }"#);
        assert_eq!(v, json!({"blockType": "response"}));
        assert_eq!(fixes, ["trailing-comma"]);
    }

    #[test]
    fn trailing_comma_in_body_and_array() {
        // api/conditionalaccesspolicy-update.md
        let text = "{\n  \"conditions\": {\n    \"signInRiskLevels\": [\"high\", \"medium\",\n    ],\n  },\n}";
        let (v, fixes) = tolerant(text);
        assert_eq!(
            v,
            json!({"conditions": {"signInRiskLevels": ["high", "medium"]}})
        );
        assert_eq!(fixes, ["trailing-comma"]);
    }

    #[test]
    fn trailing_comma_inside_string_is_kept() {
        let (v, _) = tolerant(r#"{ "a": "x, }", }"#);
        assert_eq!(v, json!({"a": "x, }"}));
    }

    #[test]
    fn unquoted_key() {
        // api/user-getmailtips.md
        let text = "{\n  \"blockType\": \"response\",\n  \"truncated\": true,\n  \"@odata.type\": \"microsoft.graph.mailTips\",\n  isCollection: true\n}";
        let (v, fixes) = tolerant(text);
        assert_eq!(v["isCollection"], json!(true));
        assert_eq!(fixes, ["unquoted-key"]);
        let (v, _) = tolerant("{ isCollection: true, @odata.type: \"x\" }");
        assert_eq!(v, json!({"isCollection": true, "@odata.type": "x"}));
    }

    #[test]
    fn unquoted_key_does_not_touch_values_or_strings() {
        let (v, _) = tolerant(r#"{ a: "b: c", "d": [true, false, null], e: { f: 1 } }"#);
        assert_eq!(
            v,
            json!({"a": "b: c", "d": [true, false, null], "e": {"f": 1}})
        );
    }

    #[test]
    fn html_entities() {
        // resources/list.md
        let text = "{\n  \"blockType\": \"resource\",\n  \"@odata.type&quot;: &quot;microsoft.graph.list\"\n}";
        let (v, fixes) = tolerant(text);
        assert_eq!(v["@odata.type"], json!("microsoft.graph.list"));
        assert_eq!(fixes, ["html-entities"]);
        let (v, _) =
            tolerant("{&quot;a&quot;: &quot;&lt;b&gt; &amp; &#65;&#x42; &bogus; &#xZZ; &&quot;}");
        assert_eq!(v, json!({"a": "<b> & AB &bogus; &#xZZ; &"}));
    }

    #[test]
    fn entity_decoding_never_panics_on_odd_input() {
        for s in [
            "&",
            "&#",
            "&#;",
            "&#x;",
            "&#99999999999;",
            "&#xD800;",
            "&;",
            "&é;",
            "a&",
        ] {
            let _ = fix_html_entities(s);
        }
        assert_eq!(fix_html_entities("&#xD800; &"), "&#xD800; &");
    }

    #[test]
    fn raw_newline_in_string() {
        // resources/drive.md suppressions
        let text = "{\n  \"type\": \"#page.annotation\",\n  \"suppressions\": [\n    \"Warning: /api-reference/v1.0/resources/drive.md:\n      Found potential enums\"\n  ]\n}";
        let (v, fixes) = tolerant(text);
        assert_eq!(
            v["suppressions"][0],
            json!("Warning: /api-reference/v1.0/resources/drive.md:\n      Found potential enums")
        );
        assert_eq!(fixes, ["raw-newline-in-string"]);
        let (v, _) = tolerant("[\"a\tb\u{1}c\r\"]");
        assert_eq!(v, json!(["a\tb\u{1}c\r"]));
    }

    #[test]
    fn missing_comma() {
        // resources/teamsappinstallation.md
        let text = "{\n  \"type\": \"#page.annotation\",\n  \"description\": \"teamsApp resource\",\n  \"keywords\": \"\",\n  \"section\": \"documentation\",\n  \"tocPath\": \"\"\n  \"suppressions\": []\n}";
        let (v, fixes) = tolerant(text);
        assert_eq!(v["tocPath"], json!(""));
        assert_eq!(v["suppressions"], json!([]));
        assert_eq!(fixes, ["missing-comma"]);
        // After numbers, literals, objects and arrays.
        let (v, _) =
            tolerant("{\n \"a\": 1\n \"b\": true\n \"c\": {}\n \"d\": []\n \"e\": null\n}");
        assert_eq!(v, json!({"a": 1, "b": true, "c": {}, "d": [], "e": null}));
        let (v, _) = tolerant("[\n {\"a\": 1}\n {\"a\": 2}\n]");
        assert_eq!(v, json!([{"a": 1}, {"a": 2}]));
    }

    #[test]
    fn missing_comma_not_inserted_on_same_line() {
        assert!(matches!(
            read_json(r#"{"a": "b" "c": 1}"#),
            JsonRead::Failed(_)
        ));
    }

    #[test]
    fn smart_quotes() {
        // api/workforceintegration-post.md
        let text = "{\n     \"method\": \"GET”,\n     \"url\": “/shifts/{shiftId}/requestableShifts?requestType={requestType}”\n}";
        let (v, fixes) = tolerant(text);
        assert_eq!(
            v,
            json!({"method": "GET", "url": "/shifts/{shiftId}/requestableShifts?requestType={requestType}"})
        );
        assert_eq!(fixes, ["smart-quotes"]);
    }

    #[test]
    fn smart_quotes_inside_text_are_kept() {
        let (v, fixes) = tolerant("{ “a”: \"点击“确定”按钮\", }");
        assert_eq!(v, json!({"a": "点击“确定”按钮"}));
        assert_eq!(fixes, ["smart-quotes", "trailing-comma"]);
    }

    #[test]
    fn line_comments() {
        let text =
            "{\n  \"url\": \"https://example.com/x\", // the url's \"value\"\n  \"b\": 2 // end\n}";
        let (v, fixes) = tolerant(text);
        assert_eq!(v, json!({"url": "https://example.com/x", "b": 2}));
        assert_eq!(fixes, ["line-comment"]);
    }

    #[test]
    fn block_comments() {
        // resources/driveitem.md, resources/site.md
        let text = "{\n  \"webDavUrl\": \"string\",\n\n  /* relationships */\n  \"activities\": [],\n  \"x\": \"/* kept */\" /* a\n b */\n}";
        let (v, fixes) = tolerant(text);
        assert_eq!(
            v,
            json!({"webDavUrl": "string", "activities": [], "x": "/* kept */"})
        );
        assert_eq!(fixes, ["block-comment"]);
        assert_eq!(fix_block_comments("1 /* a\nb */ 2 /* open"), "1 \n 2 ");
        assert_eq!(fix_block_comments("/*/ 1"), "");
        assert_eq!(fix_block_comments("/**/1"), "1");
    }

    #[test]
    fn single_quotes() {
        // api/page-update.md
        let text = "[\n   {\n    'target':'#para-id',\n    'action':'insert',\n    'content':'<img src=\"image-url\" alt=\"it\\'s\" />'\n  }, \n  {\n    'target':'#list-id'\n  }\n]";
        let (v, fixes) = tolerant(text);
        assert_eq!(
            v,
            json!([
                {"target": "#para-id", "action": "insert", "content": "<img src=\"image-url\" alt=\"it's\" />"},
                {"target": "#list-id"}
            ])
        );
        assert_eq!(fixes, ["single-quotes"]);
    }

    #[test]
    fn apostrophes_in_double_quoted_strings_are_kept() {
        let (v, fixes) = tolerant("{ \"a\": \"don't\", 'b': 'it\\'s' , }");
        assert_eq!(v["a"], json!("don't"));
        assert_eq!(fixes, ["single-quotes", "trailing-comma"]);
    }

    #[test]
    fn several_fixes_are_cumulative() {
        let text = "{\n  a: &quot;x&quot;, // note\n  \"b\": \"line\nbreak\"\n  \"c\": [1, 2,],\n}";
        let (v, fixes) = tolerant(text);
        assert_eq!(v, json!({"a": "x", "b": "line\nbreak", "c": [1, 2]}));
        assert_eq!(
            fixes,
            [
                "html-entities",
                "line-comment",
                "raw-newline-in-string",
                "trailing-comma",
                "unquoted-key",
                "missing-comma"
            ]
        );
    }

    #[test]
    fn unterminated_string_fails() {
        // api/userteamwork-delete-installedapps.md
        let text = "{\n  \"type\": \"#page.annotation\",\n  \"description\": \"User delete teamsAppInstallations,\n  \"keywords\": \"\",\n  \"section\": \"documentation\",\n  \"tocPath\": \"\"\n}";
        match read_json(text) {
            JsonRead::Failed(msg) => assert!(msg.contains("line"), "{msg}"),
            other => panic!("expected failure, got {other:?}"),
        }
    }

    #[test]
    fn failures_report_the_strict_error() {
        let strict = serde_json::from_str::<Value>("[Zip file]")
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            read_json("[Zip file]"),
            JsonRead::Failed(strict.unwrap_or_default())
        );
        assert!(matches!(read_json(""), JsonRead::Failed(_)));
        assert!(matches!(
            read_json("<bytes 0-25 of the file>"),
            JsonRead::Failed(_)
        ));
    }

    #[test]
    fn value_accessors() {
        assert_eq!(read_json("1").value(), Some(&json!(1)));
        assert_eq!(read_json("[1,]").into_value(), Some(json!([1])));
        assert_eq!(read_json("x").value(), None);
    }

    #[test]
    fn pieces_split_strings_and_comments() {
        let text = "{\"a\\\"//\": 'b', // c \"d\"\n}";
        let p = pieces(text);
        let kinds: Vec<Kind> = p.iter().map(|p| p.kind).collect();
        assert_eq!(
            kinds,
            [
                Kind::Code,
                Kind::DoubleString,
                Kind::Code,
                Kind::SingleString,
                Kind::Code,
                Kind::Comment,
                Kind::Code
            ]
        );
        assert_eq!(p.iter().map(|p| p.text).collect::<String>(), text);
        assert_eq!(p[1].text, "\"a\\\"//\"");
        assert_eq!(p[5].text, "// c \"d\"");
        assert_eq!(pieces("\"abc").len(), 1);
        assert_eq!(pieces("").len(), 0);
        assert_eq!(pieces("\"\\").len(), 1);
    }

    #[test]
    fn no_panics_on_odd_input() {
        for s in [
            "",
            "\"",
            "'",
            "\\",
            "//",
            "{",
            "}",
            "[,]",
            "{a:}",
            "{,a:1}",
            "“",
            "”",
            "“”",
            "{“",
            "&",
            "'\\",
            "\"\\",
            "{\n\"a\"\n\"",
            "é'é\"é",
            "{é: 1}",
            "[1\n{",
            "{\"a\":1,\n//\n}",
        ] {
            let _ = read_json(s);
            for (_, fix) in FIXES {
                let _ = fix(s);
            }
        }
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let deep = "[".repeat(100_000);
        assert!(matches!(read_json(&deep), JsonRead::Failed(_)));
    }
}
