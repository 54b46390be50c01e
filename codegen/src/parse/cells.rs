//! Facts read from single table cells and sentences (English side): whether a
//! description says Required/Optional, a `Type` cell as a [`TypeRef`], the success
//! status, the returned type named in the Response section and the type the Request body
//! section says to supply.

use super::spans::plain;
use crate::model::TypeRef;

/// `Required.` / `Optional.` in a description.
pub fn required_of(desc: &str) -> Option<bool> {
    let l = desc.to_lowercase();
    let l = l.trim();
    if l.contains("not required") {
        return Some(false);
    }
    if l.starts_with("required")
        || l.contains(" required.")
        || l.contains(". required")
        || l.ends_with(" required")
    {
        return Some(true);
    }
    if l.starts_with("optional")
        || l.starts_with("(optional)")
        || l.contains(" optional.")
        || l.contains(". optional")
    {
        return Some(false);
    }
    None
}

/// The first success status (`202 Accepted`) named in a sentence.
pub(super) fn status_in(en: &str) -> Option<u16> {
    let b = en.as_bytes();
    for i in 0..b.len().saturating_sub(2) {
        let is_code = b[i] == b'2' && b[i + 1].is_ascii_digit() && b[i + 2].is_ascii_digit();
        let left_ok = i == 0 || !b[i - 1].is_ascii_alphanumeric();
        let right_ok = b.get(i + 3).is_none_or(|c| !c.is_ascii_alphanumeric());
        if is_code && left_ok && right_ok {
            let after = en.get(i + 3..).unwrap_or("").trim_start();
            if after.starts_with(|c: char| c.is_ascii_uppercase()) || after.starts_with('`') {
                return en.get(i..i + 3).and_then(|s| s.parse().ok());
            }
        }
    }
    None
}

/// The resource type linked from a Response paragraph, if any.
pub(super) fn returned_type(en: &str) -> Option<TypeRef> {
    let start = en.find("](")?;
    let open = en[..start].rfind('[')?;
    let name = plain(&en[open + 1..start]);
    let target_end = en[start..].find(')')? + start;
    let target = &en[start + 2..target_end];
    if !target.contains("resources/") || name.is_empty() || name.contains(' ') {
        return None;
    }
    let after = en[target_end + 1..].trim_start().to_lowercase();
    let before = en[..open].to_lowercase();
    let collection = after.starts_with("collection")
        || after.starts_with("objects")
        || before.trim_end().ends_with("collection of")
        || before.trim_end().ends_with("list of");
    Some(TypeRef {
        name,
        collection,
        raw: en[open..=target_end].to_string(),
    })
}

/// The type a Request body paragraph says to supply (`supply a JSON representation of
/// [message](../resources/message.md) object`): its first link to a resource page, read
/// like a returned type. A paragraph naming alternatives (`[user](…), [group](…) or
/// [directoryObject](…)`) names no one type; a reference link `[listItem][]` (its target
/// defined elsewhere on the page) is read by its text.
pub(super) fn supplied_type(en: &str) -> Option<TypeRef> {
    let inline = en.find("](");
    let reference = en.find("][]");
    if let (Some(r), true) = (reference, inline.is_none_or(|i| reference < Some(i))) {
        let open = en[..r].rfind('[')?;
        let name = plain(&en[open + 1..r]);
        if name.is_empty() || name.contains(' ') {
            return None;
        }
        return Some(TypeRef {
            name,
            collection: false,
            raw: en[open..r + 3].to_string(),
        });
    }
    let t = returned_type(en)?;
    let end = en.find(&t.raw)? + t.raw.len();
    let after = en[end..].trim_start();
    let more = after
        .strip_prefix(',')
        .or_else(|| after.strip_prefix("or "))
        .is_some_and(|rest| rest.trim_start().starts_with('['));
    (!more).then_some(t)
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

fn strip_suffix_ci<'a>(s: &'a str, suffix: &str) -> Option<&'a str> {
    let cut = s.len().checked_sub(suffix.len())?;
    let tail = s.get(cut..)?;
    tail.eq_ignore_ascii_case(suffix).then(|| &s[..cut])
}

/// Parse a `Type` cell (English side).
pub fn type_ref(en: &str) -> Option<TypeRef> {
    let raw = en.trim();
    if raw.is_empty() {
        return None;
    }
    // Reference-style links `[x][]` render as text when the reference is undefined here.
    let p = plain(raw).replace("[]", "").replace(['[', ']', '`'], "");
    let mut s = p.trim();
    let mut collection = false;
    if let Some(inner) = strip_prefix_ci(s, "collection(").and_then(|r| r.strip_suffix(')')) {
        s = inner;
        collection = true;
    } else if let Some(rest) = strip_prefix_ci(s, "collection of ") {
        s = rest;
        collection = true;
    } else if let Some(rest) = strip_suffix_ci(s, " collection") {
        s = rest;
        collection = true;
    }
    let name = s
        .split(" (")
        .next()
        .unwrap_or(s)
        .split(" or ")
        .next()
        .unwrap_or(s)
        .trim()
        .trim_end_matches('.')
        .to_string();
    if name.is_empty() {
        return None;
    }
    Some(TypeRef {
        name,
        collection,
        raw: raw.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_cells() {
        let t = type_ref("[recipient](../resources/recipient.md) collection").expect("type");
        assert_eq!((t.name.as_str(), t.collection), ("recipient", true));
        let t = type_ref("Collection([driveRecipient][])").expect("type");
        assert_eq!((t.name.as_str(), t.collection), ("driveRecipient", true));
        let t = type_ref("String (timestamp)").expect("type");
        assert_eq!((t.name.as_str(), t.collection), ("String", false));
        let t = type_ref("`Boolean`").expect("type");
        assert_eq!(t.name, "Boolean");
        assert!(type_ref("  ").is_none());
    }

    #[test]
    fn status_sentences() {
        assert_eq!(
            status_in("If successful, this method returns 202 Accepted response code."),
            Some(202)
        );
        assert_eq!(
            status_in("returns a `200 OK` response code and a message"),
            Some(200)
        );
        assert_eq!(status_in("no code here 2021"), None);
    }

    #[test]
    fn required_words() {
        assert_eq!(required_of("Bearer {token}. Required."), Some(true));
        assert_eq!(required_of("Optional. The top."), Some(false));
        assert_eq!(required_of("The id."), None);
    }

    #[test]
    fn returned_types() {
        let t = returned_type("returns a `200 OK` response code and [message](../resources/message.md) object in the response body.").expect("type");
        assert_eq!(t.name, "message");
        assert!(!t.collection);
        let t = returned_type("returns a collection of [user](../resources/user.md) objects")
            .expect("type");
        assert!(t.collection);
    }

    #[test]
    fn supplied_types() {
        let t = supplied_type("In the request body, supply a JSON representation of [message](../resources/message.md) object.").expect("type");
        assert_eq!((t.name.as_str(), t.collection), ("message", false));
        assert_eq!(t.raw, "[message](../resources/message.md)");
        let t = supplied_type(
            "supply an array of [patchContentCommand](../resources/patchcontentcommand.md) objects",
        )
        .expect("type");
        assert!(t.collection);
        let t = supplied_type("supply a JSON representation of the [listItem][] resource")
            .expect("type");
        assert_eq!(
            (t.name.as_str(), t.raw.as_str()),
            ("listItem", "[listItem][]")
        );
        // alternatives name no one type; links elsewhere than a resource page name none
        assert!(supplied_type("provide the `id` of a [user](../resources/user.md),  [group](../resources/group.md) or [directoryObject](../resources/directoryobject.md)").is_none());
        assert!(supplied_type(
            "see [Create an app package](/microsoftteams/platform/apps-package)"
        )
        .is_none());
        assert!(
            supplied_type("see [teamsApp properties](../resources/teamsapp.md#properties)")
                .is_none()
        );
    }
}
