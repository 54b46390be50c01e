//! Which example becomes which test: an example's URL, as the parser read it
//! ([`RequestTarget`]), is matched against the documented paths of the operations with its
//! method (most literal characters wins), its query is split into documented literal
//! query, OData options and extra pairs, and examples that cannot be replayed against the
//! operation's shape are skipped with a reason. Examples on another host, naming another
//! API version than the docs tree's or without a path are skipped before matching.

use super::super::paths::{match_toks, Tok};
use super::super::skip::SkipReason;
use super::super::Skipped;
use super::ir::{BodyKind, Call, OData, OpDraft, Plan, RetKind, Variant};
use super::kinds::{is_json_type, is_success, raw_is_jsonish};
use crate::model::{ApiVersion, Body, Example, GraphUrl, Page, QueryPair, RequestTarget};
use std::collections::BTreeSet;

/// The value of a header, by case-insensitive name.
pub fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.trim().eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim())
}

fn skipped(page: &Page, ex: &Example, reason: SkipReason) -> Skipped {
    Skipped {
        source: page.source.clone(),
        example: ex.name.clone(),
        reason,
    }
}

/// A variant an example URL matches: index, literal characters matched, captures.
struct PathMatch {
    variant: usize,
    score: usize,
    captures: Vec<Option<String>>,
}

/// The best-matching variant: most literal characters, then document order.
fn best_variant(variants: &[Variant<'_>], path: &str) -> Option<PathMatch> {
    let mut best: Option<PathMatch> = None;
    // `…:/{item-path}` at the end of a URL may leave out the closing colon
    let with_colon = format!("{path}:");
    for (i, v) in variants.iter().enumerate() {
        let ends_in_item = v.path.len() >= 2
            && matches!(v.path[v.path.len() - 2], Tok::Item(_))
            && matches!(v.path.last(), Some(Tok::Lit(s)) if s == ":");
        let found = match_toks(&v.path, path, v.fields.len(), false).or_else(|| {
            ends_in_item
                .then(|| match_toks(&v.path, &with_colon, v.fields.len(), false))
                .flatten()
        });
        if let Some((score, captures)) = found {
            if best.as_ref().is_none_or(|b| score > b.score) {
                best = Some(PathMatch {
                    variant: i,
                    score,
                    captures,
                });
            }
        }
    }
    best
}

/// Whether an example of `method` with this URL matches any path of `op`.
pub fn matches_op(op: &OpDraft<'_>, url: &GraphUrl) -> bool {
    best_variant(&op.variants, &url.path()).is_some()
}

/// The Graph URL of an example that can become a test of a crate for `version`, or why
/// not: another host, another API version named in the URL (a URL that names none is the
/// tree's own), no path.
pub fn usable_url<'a>(
    target: &'a RequestTarget,
    version: &ApiVersion,
) -> Result<&'a GraphUrl, SkipReason> {
    match target {
        RequestTarget::Unusable(_) => Err(SkipReason::NonGraphHost),
        RequestTarget::Graph(url) => match &url.version {
            Some(named) if named != version => Err(SkipReason::OtherVersion(named.clone())),
            _ if url.segments.is_empty() => Err(SkipReason::EmptyUrl),
            _ => Ok(url),
        },
    }
}

/// Match each example of the page to an operation and path variant; `version` is the API
/// version of the docs tree.
pub fn assign<'p>(
    page: &'p Page,
    ops: &mut [OpDraft<'p>],
    plan: &mut Plan<'p>,
    version: &ApiVersion,
) {
    for ex in &page.examples {
        let url = match usable_url(&ex.request.target, version) {
            Ok(u) => u,
            Err(reason) => {
                plan.skipped.push(skipped(page, ex, reason));
                continue;
            }
        };
        let path = url.path();
        let method = &ex.request.method;
        if !ops.iter().any(|o| &o.method == method) {
            plan.skipped
                .push(skipped(page, ex, SkipReason::NoOperationForMethod));
            continue;
        }
        // the op (of those with the method) whose best path matches most literal text
        let mut best: Option<(usize, PathMatch)> = None;
        for (oi, op) in ops.iter().enumerate().filter(|(_, o)| &o.method == method) {
            if let Some(m) = best_variant(&op.variants, &path) {
                if best.as_ref().is_none_or(|(_, b)| m.score > b.score) {
                    best = Some((oi, m));
                }
            }
        }
        let Some((oi, m)) = best else {
            plan.skipped
                .push(skipped(page, ex, SkipReason::NoPathMatches));
            continue;
        };
        match call_for(&ops[oi], ex, url, m) {
            Ok(call) => ops[oi].calls.push(call),
            Err(reason) => plan.skipped.push(skipped(page, ex, reason)),
        }
    }
}

fn call_for<'p>(
    op: &OpDraft<'p>,
    ex: &'p Example,
    url: &GraphUrl,
    m: PathMatch,
) -> Result<Call<'p>, SkipReason> {
    let vi = m.variant;
    let v = &op.variants[vi];
    let mut values: Vec<Option<String>> = m.captures;
    let mut odata = Vec::new();
    let mut extra = Vec::new();
    let mut used_doc_keys = BTreeSet::new();
    for QueryPair {
        name: k,
        value: val,
    } in &url.query
    {
        if let Some((qi, (_, toks))) = v
            .query
            .iter()
            .enumerate()
            .find(|(qi, (dk, _))| dk.eq_ignore_ascii_case(k) && !used_doc_keys.contains(qi))
        {
            used_doc_keys.insert(qi);
            let Some((_, qcaps)) = match_toks(toks, val, v.fields.len(), true) else {
                return Err(SkipReason::QueryMismatch);
            };
            for (slot, cap) in values.iter_mut().zip(qcaps) {
                if cap.is_some() {
                    *slot = cap;
                }
            }
            continue;
        }
        if op.odata {
            if let Some(o) = odata_option(k, val) {
                let key = o.sent().0;
                if !odata.iter().any(|x: &OData| x.sent().0 == key) {
                    odata.push(o);
                    continue;
                }
            }
        }
        extra.push((k.clone(), val.clone()));
    }
    let values = values
        .into_iter()
        .zip(&v.fields)
        .map(|(val, f)| val.unwrap_or_else(|| format!("{{{}}}", f.placeholder)))
        .collect();
    let eventual_consistency = op.odata
        && header(&ex.request.headers, "ConsistencyLevel")
            .is_some_and(|h| h.eq_ignore_ascii_case("eventual"));
    Ok(Call {
        example: ex,
        variant: vi,
        values,
        odata,
        eventual_consistency,
        extra_query: extra,
        no_body: false,
    })
}

/// Split a comma list at top level (not inside parentheses or quotes).
fn split_top(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut quote = false;
    let mut cur = String::new();
    for c in s.chars() {
        match c {
            '\'' => quote = !quote,
            '(' if !quote => depth += 1,
            ')' if !quote => depth -= 1,
            ',' if !quote && depth == 0 => {
                out.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    out.push(cur);
    out
}

fn odata_option(key: &str, value: &str) -> Option<OData> {
    let k = key.strip_prefix('$')?.to_ascii_lowercase();
    Some(match k.as_str() {
        "select" => OData::Select(split_top(value)),
        "expand" => OData::Expand(split_top(value)),
        "orderby" => OData::OrderBy(split_top(value)),
        "filter" => OData::Filter(value.to_owned()),
        "search" => OData::Search(value.to_owned()),
        "top" => OData::Top(value.trim().parse().ok()?),
        "skip" => OData::Skip(value.trim().parse().ok()?),
        "count" => match value.trim() {
            "true" => OData::Count(true),
            "false" => OData::Count(false),
            _ => return None,
        },
        _ => return None,
    })
}

/// Why a matched example cannot be replayed against the op's body and return kinds.
fn unreplayable(op: &OpDraft<'_>, call: &mut Call<'_>) -> Option<SkipReason> {
    let ex = call.example;
    let ct = header(&ex.request.headers, "Content-Type");
    let reason = match (&op.body, &ex.request.body) {
        (BodyKind::Json, Some(Body::Raw(t))) if raw_is_jsonish(t, ct) => {
            Some(SkipReason::InvalidJsonRequest)
        }
        (BodyKind::Json, Some(Body::Raw(_))) => Some(SkipReason::RawBodyForJson),
        (BodyKind::Any, Some(Body::Raw(t))) if raw_is_jsonish(t, ct) => {
            Some(SkipReason::InvalidJsonRequest)
        }
        (BodyKind::Json | BodyKind::Raw { .. }, None) => {
            call.no_body = true;
            None
        }
        _ => None,
    };
    reason.or_else(|| match &ex.response {
        None => Some(SkipReason::NoResponse),
        Some(r) if !(100..=599).contains(&r.status) => Some(SkipReason::InvalidStatus),
        Some(r) if is_success(r.status) => {
            let rct = header(&r.headers, "Content-Type");
            match (&r.body, op.ret) {
                (Some(Body::Raw(t)), RetKind::Json) if !t.trim().is_empty() => {
                    if is_json_type(rct) || raw_is_jsonish(t, None) {
                        Some(SkipReason::InvalidJsonResponse)
                    } else {
                        Some(SkipReason::NonJsonResponse)
                    }
                }
                _ => None,
            }
        }
        Some(r) if r.status < 200 => Some(SkipReason::InformationalStatus),
        _ => None,
    })
}

/// Drop calls whose example cannot be replayed against the operation's shape.
pub fn check(op: &mut OpDraft<'_>, plan: &mut Plan<'_>) {
    let mut kept = Vec::new();
    for mut call in std::mem::take(&mut op.calls) {
        match unreplayable(op, &mut call) {
            Some(reason) => plan.skipped.push(skipped(op.page, call.example, reason)),
            None => kept.push(call),
        }
    }
    op.calls = kept;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_lists() {
        assert_eq!(split_top("a,b(c,d),'x,y'"), vec!["a", "b(c,d)", "'x,y'"]);
        assert_eq!(odata_option("$top", "5"), Some(OData::Top(5)));
        assert_eq!(odata_option("$top", "n"), None);
        assert_eq!(odata_option("top", "5"), None);
        assert_eq!(
            odata_option("$select", "id,subject"),
            Some(OData::Select(vec!["id".into(), "subject".into()]))
        );
    }
}
