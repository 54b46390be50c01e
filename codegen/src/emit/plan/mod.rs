//! From pages to the operations to emit ([`build`]): one pass per page turns the
//! documented HTTP requests into operation drafts, matches the examples and decides body
//! and return kinds; then each area's operations are named and become the [`ir`] the
//! token builders read. The steps live in their own modules: [`areas`] (which module and
//! file), [`variants`] (path tokens and fields), [`naming`], [`cases`] (example matching)
//! and [`kinds`].

pub mod areas;
pub mod cases;
pub mod ir;
pub mod kinds;
pub mod naming;
pub mod variants;

pub use ir::{
    Area, BodyKind, Case, Field, OData, Op, OpDraft, Part, Plan, RetKind, Sibling, UnsplitName,
    Variant,
};
pub use kinds::{valid_header_name, valid_header_value};

use super::manifest::CrateOptions;
use super::names::{feature_name, snake_ident, NameSet};
use super::skip::SkipReason;
use super::Skipped;
use crate::model::{ApiVersion, Example, HttpTemplate, Page, PageKind, Severity};
use areas::{areas_of, page_groups};
use std::collections::{BTreeMap, BTreeSet};
use variants::{path_key, shape, Shape};

fn is_graph_method(m: &str) -> bool {
    matches!(m, "GET" | "POST" | "PUT" | "PATCH" | "DELETE")
}

/// Suffix of the raw-content sibling of an operation whose paths differ in what they
/// return (`message_get` → `message_get_content`).
pub const CONTENT_SUFFIX: &str = "_content";

/// Plan the SDK for `pages` of the docs tree `options` describe (its API version decides
/// which examples are tested, its locale labels the localized docs); `module_items` are the
/// names every area module imports or refers to, which no operation item may take.
pub fn build<'p>(
    pages: &'p [Page],
    options: &CrateOptions,
    module_items: &[&str],
    test_items: &[&str],
) -> Plan<'p> {
    let mut plan = Plan::default();
    let mut sorted: Vec<&Page> = pages.iter().collect();
    sorted.sort_by(|a, b| a.source.cmp(&b.source));
    plan.pages = sorted.len();
    let page_areas = areas_of(&sorted);
    let lexicon = naming::Lexicon::of(sorted.iter().copied());

    // Each page's drafts, diagnostics and skipped examples are worked out on all cores,
    // then put together in page order, so the result does not depend on scheduling.
    use rayon::prelude::*;
    let per_page: Vec<(String, Vec<OpDraft<'_>>, Plan<'_>)> = sorted
        .par_iter()
        .zip(page_areas)
        .filter(|(page, _)| page.kind == PageKind::Api)
        .map(|(page, area)| {
            let mut local = Plan::default();
            let ops = page_drafts(page, &lexicon, &mut local, &options.api_version);
            (area, ops, local)
        })
        .collect();
    let mut by_area: BTreeMap<String, Vec<OpDraft<'_>>> = BTreeMap::new();
    for (area, ops, local) in per_page {
        plan.api_pages += 1;
        plan.request_examples += local.request_examples;
        plan.diagnostics.extend(local.diagnostics);
        plan.skipped.extend(local.skipped);
        plan.unsplit_names.extend(local.unsplit_names);
        if !ops.is_empty() {
            by_area.entry(area).or_default().extend(ops);
        }
    }

    // The SDK crate's root also holds the model's `runtime`, `types` and `wire`; an area
    // module `model` would give its crate the model crate's lib name, and a feature
    // `model` its package name.
    let mut modules = NameSet::with_reserved(["runtime", "types", "wire", "model"]);
    let mut features = NameSet::with_reserved(["full", "default", "model"]);
    let mut test_modules = NameSet::with_reserved(["support"]);
    for (name, drafts) in by_area {
        let module = modules.unique(&snake_ident(&name, "misc", "area"), "_");
        let feature = features.unique(&feature_name(&name, "misc"), "-");
        let test_module = test_modules.unique(&module, "_");
        let names = AreaNames {
            module: &module,
            module_items,
            test_items,
            docs_locale: options.locale.as_deref(),
        };
        let ops = finish_area(&names, drafts, &mut plan);
        plan.areas.push(Area {
            name,
            module,
            feature,
            test_module,
            ops,
        });
    }
    plan.skipped.sort_by(|a, b| {
        (&a.source, &a.example, a.reason.text()).cmp(&(&b.source, &b.example, b.reason.text()))
    });
    plan.unsplit_names.sort();
    plan
}

/// The operation drafts of one api page, its examples matched and its body and return
/// kinds decided; what it reports goes to `plan` (a page's own, merged in page order).
fn page_drafts<'p>(
    page: &'p Page,
    lexicon: &naming::Lexicon,
    plan: &mut Plan<'p>,
    version: &ApiVersion,
) -> Vec<OpDraft<'p>> {
    plan.request_examples += page.examples.len();
    let mut ops = page_ops(page, lexicon, plan);
    if ops.is_empty() {
        for ex in &page.examples {
            plan.skipped.push(Skipped {
                source: page.source.clone(),
                example: ex.name.clone(),
                reason: SkipReason::NoUsableRequest,
            });
        }
        return ops;
    }
    cases::assign(page, &mut ops, plan, version);
    decide_kinds(page, &mut ops, version);
    for op in &mut ops {
        cases::check(op, plan);
    }
    ops
}

/// What naming an area's operations needs besides the drafts.
struct AreaNames<'a> {
    module: &'a str,
    module_items: &'a [&'a str],
    test_items: &'a [&'a str],
    docs_locale: Option<&'a str>,
}

/// Name an area's operations and tests and put each op in its page group.
fn finish_area<'p>(
    names_in: &AreaNames<'_>,
    drafts: Vec<OpDraft<'p>>,
    plan: &mut Plan<'p>,
) -> Vec<Op<'p>> {
    let AreaNames {
        module,
        module_items,
        test_items,
        docs_locale,
    } = *names_in;
    let stems: Vec<&str> = drafts.iter().map(|d| d.page.stem()).collect();
    let groups = page_groups(&stems);
    let names = naming::name_ops(
        drafts.iter().map(|d| {
            let line = d.variants.first().map_or(1, |v| v.template.line);
            (d.base_name.as_str(), d.page.source.as_str(), line)
        }),
        module_items,
        plan,
    );
    let sibling_name = |i: usize, want: Part| {
        let d = &drafts[i];
        drafts
            .iter()
            .zip(&names)
            .find(|(o, _)| o.part == want && o.page.source == d.page.source && o.method == d.method)
            .map(|(_, n)| n.fn_name.clone())
    };
    let siblings: Vec<Option<Sibling>> = (0..drafts.len())
        .map(|i| match drafts[i].part {
            Part::Whole => None,
            Part::Json => sibling_name(i, Part::Content).map(Sibling::Content),
            Part::Content => sibling_name(i, Part::Json).map(Sibling::Json),
        })
        .collect();
    let mut tests = NameSet::with_reserved(test_items.iter().copied());
    let mut ops = Vec::new();
    for (((d, n), group), sibling) in drafts.into_iter().zip(names).zip(groups).zip(siblings) {
        let cases = d
            .calls
            .into_iter()
            .map(|call| {
                let base = naming::test_base(&n.fn_name, &d.plain_name, &call.example.name);
                Case {
                    test_name: tests.unique(&base, "_"),
                    call,
                }
            })
            .collect();
        if !d.unsplit.is_empty() {
            plan.unsplit_names.push(UnsplitName {
                source: d.page.source.clone(),
                module: module.to_owned(),
                fn_name: n.fn_name.clone(),
                components: d.unsplit.clone(),
            });
        }
        ops.push(Op {
            page: d.page,
            method: d.method,
            fn_name: n.fn_name,
            request_fn: n.request_fn,
            pages_fn: n.pages_fn,
            path_type: n.path_type,
            body_type: n.body_type,
            variants: d.variants,
            odata: d.odata,
            body: d.body,
            ret: d.ret,
            cases,
            group: snake_ident(&group, "other", "group"),
            sibling,
            docs_locale: docs_locale.map(str::to_owned),
            response: None,
            typed_body: None,
        });
    }
    ops
}

/// The documented paths of a page by method (in order of first appearance), with
/// unsupported methods, repeated paths and empty paths reported.
fn paths_by_method<'p>(
    page: &'p Page,
    plan: &mut Plan<'p>,
) -> Vec<(String, Vec<&'p HttpTemplate>)> {
    let mut out: Vec<(String, Vec<&HttpTemplate>)> = Vec::new();
    let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
    for t in &page.http {
        let method = t.method.clone();
        if !is_graph_method(&method) {
            plan.diag(
                crate::diag::Code::EmitUnsupportedMethod,
                Severity::Warning,
                &page.source,
                t.line,
                format!("HTTP method `{}` is not supported; path skipped", t.method),
            );
            continue;
        }
        let key = path_key(t);
        if !seen.insert((method.clone(), key)) {
            plan.diag(
                crate::diag::Code::EmitDuplicatePath,
                Severity::Warning,
                &page.source,
                t.line,
                format!(
                    "`{} {}` is documented twice; the repetition is ignored",
                    method, t.path
                ),
            );
            continue;
        }
        if t.template.api_segments().is_empty() && t.template.query.is_none() {
            plan.diag(
                crate::diag::Code::EmitEmptyPath,
                Severity::Warning,
                &page.source,
                t.line,
                format!("`{} {}` has no path segments", method, t.path),
            );
        }
        match out.iter_mut().find(|(m, _)| *m == method) {
            Some((_, ts)) => ts.push(t),
            None => out.push((method, vec![t])),
        }
    }
    if page.http.is_empty() {
        plan.diag(
            crate::diag::Code::EmitNoHttpRequest,
            Severity::Warning,
            &page.source,
            1,
            "api page without HTTP request paths: no operation generated".into(),
        );
    }
    out
}

/// Operations of one page: one per distinct method, in order of first appearance; a
/// `GET` whose paths are partly raw content (`…/$value`, `…/content`) and partly not is
/// two operations, the raw-content one named with [`CONTENT_SUFFIX`].
fn page_ops<'p>(
    page: &'p Page,
    lexicon: &naming::Lexicon,
    plan: &mut Plan<'p>,
) -> Vec<OpDraft<'p>> {
    let by_method = paths_by_method(page, plan);
    let stem = naming::stem_name(page, page.stem(), lexicon);
    let mut ops = Vec::new();
    for (i, (method, templates)) in by_method.into_iter().enumerate() {
        let suffix = if i == 0 {
            String::new()
        } else {
            format!("_{}", method.to_ascii_lowercase())
        };
        let shapes: Vec<Shape<'p>> = templates.iter().map(|t| shape(page, t)).collect();
        let (content, json): (Vec<Shape<'p>>, Vec<Shape<'p>>) = shapes
            .into_iter()
            .partition(|s| method == "GET" && s.ends_in_content());
        let parts = if json.is_empty() || content.is_empty() {
            let whole = content.into_iter().chain(json).collect();
            vec![(Part::Whole, String::new(), whole)]
        } else {
            vec![
                (Part::Json, String::new(), json),
                (Part::Content, CONTENT_SUFFIX.to_owned(), content),
            ]
        };
        for (kind, part, shapes) in parts {
            ops.push(draft(
                kind,
                page,
                &method,
                shapes,
                |n| format!("{n}{suffix}{part}"),
                &stem,
            ));
        }
    }
    ops
}

/// An operation draft with named variants.
fn draft<'p>(
    part: Part,
    page: &'p Page,
    method: &str,
    shapes: Vec<Shape<'p>>,
    name: impl Fn(&str) -> String,
    stem: &naming::StemName,
) -> OpDraft<'p> {
    let lists: Vec<Vec<String>> = shapes.iter().map(|s| s.words.clone()).collect();
    let variants = shapes
        .into_iter()
        .zip(naming::variant_names(&lists))
        .map(|(s, n)| s.named(n))
        .collect();
    OpDraft {
        page,
        method: method.to_owned(),
        base_name: name(&naming::op_ident(&stem.name)),
        plain_name: name(&naming::op_ident(&stem.plain)),
        unsplit: stem.unsplit.clone(),
        variants,
        odata: !page.query_options.is_empty(),
        body: BodyKind::None,
        ret: RetKind::Json,
        calls: Vec::new(),
        part,
    }
}

/// Body and return kinds of each op from its matched examples or, when none matched, the
/// examples of its method that no other op of the page matches.
fn decide_kinds(page: &Page, ops: &mut [OpDraft<'_>], version: &ApiVersion) {
    for i in 0..ops.len() {
        let op = &ops[i];
        let evidence: Vec<&Example> = if op.calls.is_empty() {
            page.examples
                .iter()
                .filter(|e| e.request.method == op.method)
                .filter(|e| match cases::usable_url(&e.request.target, version) {
                    Ok(url) => !ops
                        .iter()
                        .enumerate()
                        .any(|(j, o)| j != i && o.method == op.method && cases::matches_op(o, url)),
                    Err(_) => false,
                })
                .collect()
        } else {
            op.calls.iter().map(|c| c.example).collect()
        };
        let body = kinds::body_kind(page, &op.method, &evidence);
        let ret = kinds::ret_kind(page, &op.method, &op.variants, &evidence);
        ops[i].body = body;
        ops[i].ret = ret;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        Body, Example, ExampleRequest, ExampleResponse, PathTemplate, Segment, SegmentPart, Text,
    };

    fn http(method: &str, path: &str) -> HttpTemplate {
        let segments = path
            .trim_start_matches('/')
            .split('/')
            .map(|s| Segment {
                parts: vec![
                    match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                        Some(name) => SegmentPart::Param {
                            names: vec![name.to_owned()],
                        },
                        None => SegmentPart::Literal { text: s.into() },
                    },
                ],
            })
            .collect();
        HttpTemplate {
            method: method.into(),
            path: path.into(),
            template: PathTemplate {
                segments,
                query: None,
            },
            section: "http-request".into(),
            line: 10,
        }
    }

    fn example(
        name: &str,
        method: &str,
        url: &str,
        body: Option<Body>,
        status: u16,
        resp: Option<Body>,
    ) -> Example {
        let full = if url.starts_with("https:") {
            url.to_owned()
        } else {
            format!("https://graph.microsoft.com/v1.0{url}")
        };
        Example {
            name: name.into(),
            named: true,
            request: ExampleRequest {
                method: method.into(),
                target: crate::parse::url::request_target(&full),
                url: full,
                headers: vec![],
                body,
                annotation: None,
                line: 20,
            },
            response: Some(ExampleResponse {
                status,
                reason: String::new(),
                headers: vec![],
                body: resp,
                truncated: false,
                odata_type: None,
                is_collection: false,
                annotation: None,
                line: 30,
            }),
        }
    }

    fn page(stem: &str, http: Vec<HttpTemplate>, examples: Vec<Example>) -> Page {
        let mut p = Page::new(format!("api/{stem}.md"), PageKind::Api);
        p.area = "outlook".into();
        p.title = Text::same("Get message");
        p.http = http;
        p.examples = examples;
        p
    }

    fn plan(pages: &[Page]) -> Plan<'_> {
        build(
            pages,
            &CrateOptions::default(),
            &["Client", "crate"],
            &["support"],
        )
    }

    fn json() -> Option<Body> {
        Some(Body::Json(serde_json::json!({"id": "1"})))
    }

    #[test]
    fn raw_content_paths_are_a_separate_call() {
        let pages = [page(
            "message-get",
            vec![
                http("GET", "/me/messages/{id}"),
                http("GET", "/users/{id}/messages/{id}"),
                http("GET", "/me/messages/{id}/$value"),
            ],
            vec![
                example("message_get", "GET", "/me/messages/AA", None, 200, json()),
                example(
                    "message_get_mime",
                    "GET",
                    "/me/messages/AA/$value",
                    None,
                    200,
                    Some(Body::Raw("MIME-Version: 1.0".into())),
                ),
            ],
        )];
        let plan = plan(&pages);
        let ops = &plan.areas[0].ops;
        let names: Vec<(&str, RetKind, usize)> = ops
            .iter()
            .map(|o| (o.fn_name.as_str(), o.ret, o.variants.len()))
            .collect();
        assert_eq!(
            names,
            vec![
                ("message_get", RetKind::Json, 2),
                ("message_get_content", RetKind::Bytes, 1)
            ]
        );
        assert_eq!(ops[0].variants[0].name, "Me");
        assert_eq!(ops[0].cases[0].test_name, "message_get");
        // the example name does not start with the op name: the op name goes first
        assert_eq!(
            ops[1].cases[0].test_name,
            "message_get_content_message_get_mime"
        );
        assert_eq!(ops[1].path_type, "MessageGetContentPath");
        assert_eq!(
            ops[0].sibling,
            Some(Sibling::Content("message_get_content".into()))
        );
        assert_eq!(ops[1].sibling, Some(Sibling::Json("message_get".into())));
        assert!(plan.skipped.is_empty());
    }

    #[test]
    fn examples_match_the_most_literal_path() {
        let pages = [page(
            "message-delta",
            vec![
                http("GET", "/me/messages/{id}"),
                http("GET", "/me/messages/delta"),
            ],
            vec![
                example("a", "GET", "/me/messages/delta?$top=2", None, 200, json()),
                example("b", "GET", "/me/messages/xyz", None, 200, json()),
                example("c", "GET", "/me/events/xyz", None, 200, json()),
                example("d", "POST", "/me/messages/xyz", None, 200, json()),
                example(
                    "e",
                    "GET",
                    "https://graph.microsoft.com/beta/me",
                    None,
                    200,
                    json(),
                ),
            ],
        )];
        let plan = plan(&pages);
        let op = &plan.areas[0].ops[0];
        let variants: Vec<usize> = op.cases.iter().map(|c| c.variant).collect();
        assert_eq!(variants, vec![1, 0]);
        assert_eq!(op.cases[0].extra_query, vec![("$top".into(), "2".into())]);
        assert_eq!(op.cases[1].values, vec!["xyz".to_owned()]);
        let reasons: Vec<SkipReason> = plan.skipped.iter().map(|s| s.reason.clone()).collect();
        assert_eq!(
            reasons,
            vec![
                SkipReason::NoPathMatches,
                SkipReason::NoOperationForMethod,
                SkipReason::OtherVersion(crate::model::ApiVersion::beta())
            ]
        );
    }

    /// The example with a relative URL that names no version.
    fn relative(mut ex: Example, url: &str) -> Example {
        ex.request.url = url.to_owned();
        ex.request.target = crate::parse::url::request_target(url);
        ex
    }

    #[test]
    fn a_beta_tree_tests_beta_and_unversioned_urls_and_skips_v1() {
        let pages = [page(
            "message-get",
            vec![http("GET", "/me/messages/{id}")],
            vec![
                example(
                    "beta",
                    "GET",
                    "https://graph.microsoft.com/beta/me/messages/1",
                    None,
                    200,
                    json(),
                ),
                relative(
                    example("relative", "GET", "/x", None, 200, json()),
                    "/me/messages/2",
                ),
                example("v1", "GET", "/me/messages/3", None, 200, json()),
                example(
                    "empty",
                    "GET",
                    "https://graph.microsoft.com/beta/",
                    None,
                    200,
                    json(),
                ),
                example(
                    "host",
                    "GET",
                    "https://bot.contoso.com/x",
                    None,
                    200,
                    json(),
                ),
            ],
        )];
        let beta = CrateOptions {
            api_version: ApiVersion::beta(),
            ..CrateOptions::default()
        };
        let plan = build(&pages, &beta, &["Client", "crate"], &["support"]);
        let values: Vec<&str> = plan.areas[0].ops[0]
            .cases
            .iter()
            .map(|c| c.values[0].as_str())
            .collect();
        assert_eq!(values, ["1", "2"]);
        let skipped: Vec<(&str, String)> = plan
            .skipped
            .iter()
            .map(|s| (s.example.as_str(), s.reason.to_string()))
            .collect();
        assert_eq!(
            skipped,
            [
                ("empty", "example URL has no path".to_owned()),
                ("host", "non-graph host".to_owned()),
                ("v1", "v1.0 version".to_owned()),
            ]
        );
    }

    #[test]
    fn body_and_return_kinds() {
        let kinds = |method: &str, body: Option<Body>, status: u16, resp: Option<Body>| {
            let pages = [page(
                "message-update",
                vec![http(method, "/me/messages/{id}")],
                vec![example("x", method, "/me/messages/1", body, status, resp)],
            )];
            let plan = plan(&pages);
            let op = &plan.areas[0].ops[0];
            (op.body.clone(), op.ret)
        };
        assert_eq!(
            kinds("PATCH", json(), 200, json()),
            (BodyKind::Json, RetKind::Json)
        );
        assert_eq!(
            kinds("PUT", Some(Body::Raw("abc".into())), 204, None),
            (
                BodyKind::Raw {
                    content_type: "application/octet-stream".into()
                },
                RetKind::Empty
            )
        );
        assert_eq!(
            kinds("GET", None, 200, Some(Body::Raw("plain text".into()))),
            (BodyKind::None, RetKind::Bytes)
        );
        assert_eq!(
            kinds("DELETE", None, 302, None),
            (BodyKind::None, RetKind::Bytes)
        );
    }
}
