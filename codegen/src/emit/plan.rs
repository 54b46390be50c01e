//! From pages to the operations to emit: areas, names, path variants, parameters, body
//! and return kinds, and which example becomes which test case.

use super::names::{self, camel_ident, feature_name, singular, snake_ident, snake_words, NameSet};
use super::paths::{
    literal_text, match_toks, normalized_segments, parse_example_url, placeholders, push_lit,
    split_query, ExampleUrl, Piece, Tok, UrlProblem,
};
use super::Skipped;
use crate::model::{
    Body, Diagnostic, Example, HttpTemplate, Page, PageKind, Param, SegmentPart, Severity,
};
use std::collections::{BTreeMap, BTreeSet};

/// Names a generated fn signature uses for its own arguments.
const RESERVED_ARGS: &[&str] = &["client", "query", "body", "path", "request"];

/// Names imported into (or defined by) every area module.
const RESERVED_MODULE_ITEMS: &[&str] = &[
    "Client",
    "Error",
    "OperationRequest",
    "ODataQuery",
    "RequestBody",
    "encode_segment",
    "encode_item_path",
    "reqwest",
    "serde_json",
    "bytes",
    "crate",
    "std",
    "core",
];

/// One parameter of a path variant (path placeholder or literal-query placeholder).
#[derive(Debug, Clone)]
pub struct Field {
    pub name: String,
    /// The placeholder as written between the braces.
    pub placeholder: String,
    pub alternatives: Vec<String>,
    pub item_path: bool,
    pub in_query: bool,
    /// The literal segment before a generic `{id}`, used in docs.
    pub after: Option<String>,
    pub param: Option<Param>,
}

#[derive(Debug, Clone)]
pub struct Variant<'p> {
    pub name: String,
    pub template: &'p HttpTemplate,
    pub fields: Vec<Field>,
    pub path: Vec<Tok>,
    pub query: Vec<(String, Vec<Tok>)>,
    /// Distinguishing words (before deduplication).
    words: Vec<String>,
}

impl Variant<'_> {
    pub fn fallible(&self) -> bool {
        self.path.iter().any(|t| matches!(t, Tok::Item(_)))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyKind {
    None,
    Json,
    Raw { content_type: String },
    Any,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetKind {
    Empty,
    Json,
    Bytes,
}

/// An OData option the runtime's `ODataQuery` can express.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OData {
    Select(Vec<String>),
    Expand(Vec<String>),
    Filter(String),
    OrderBy(Vec<String>),
    Search(String),
    Top(u32),
    Skip(u32),
    Count(bool),
}

impl OData {
    /// The query pair the runtime sends for this option.
    pub fn sent(&self) -> (String, String) {
        match self {
            OData::Select(v) => ("$select".into(), v.join(",")),
            OData::Expand(v) => ("$expand".into(), v.join(",")),
            OData::Filter(v) => ("$filter".into(), v.clone()),
            OData::OrderBy(v) => ("$orderby".into(), v.join(",")),
            OData::Search(v) => ("$search".into(), v.clone()),
            OData::Top(n) => ("$top".into(), n.to_string()),
            OData::Skip(n) => ("$skip".into(), n.to_string()),
            OData::Count(b) => ("$count".into(), b.to_string()),
        }
    }
}

/// One example turned into a test of an operation.
#[derive(Debug, Clone)]
pub struct Case<'p> {
    pub example: &'p Example,
    pub variant: usize,
    /// Argument values by field index.
    pub values: Vec<String>,
    pub odata: Vec<OData>,
    pub eventual_consistency: bool,
    /// Query pairs the signature cannot express, added to the request.
    pub extra_query: Vec<(String, String)>,
    /// The example has no body although the operation takes one.
    pub no_body: bool,
    pub test_name: String,
}

#[derive(Debug, Clone)]
pub struct Op<'p> {
    pub page: &'p Page,
    pub method: String,
    pub fn_name: String,
    pub request_fn: String,
    pub path_type: String,
    pub variants: Vec<Variant<'p>>,
    pub odata: bool,
    pub body: BodyKind,
    pub ret: RetKind,
    pub cases: Vec<Case<'p>>,
}

impl Op<'_> {
    pub fn fallible(&self) -> bool {
        self.variants.iter().any(Variant::fallible)
    }
    pub fn multi(&self) -> bool {
        self.variants.len() > 1
    }
}

#[derive(Debug, Clone)]
pub struct Area<'p> {
    /// `ms.prod`, snake-cased (or the fallback).
    pub name: String,
    pub module: String,
    pub feature: String,
    pub test_module: String,
    pub ops: Vec<Op<'p>>,
}

#[derive(Debug, Default)]
pub struct Plan<'p> {
    pub areas: Vec<Area<'p>>,
    pub diagnostics: Vec<Diagnostic>,
    pub skipped: Vec<Skipped>,
    pub pages: usize,
    pub api_pages: usize,
    pub request_examples: usize,
}

impl Plan<'_> {
    fn diag(
        &mut self,
        code: crate::diag::Code,
        severity: Severity,
        file: &str,
        line: u32,
        message: String,
    ) {
        self.diagnostics.push(Diagnostic {
            code,
            severity,
            file: file.to_owned(),
            line,
            message,
        });
    }
}

pub fn file_stem(source: &str) -> &str {
    let name = source.rsplit('/').next().unwrap_or(source);
    name.strip_suffix(".md").unwrap_or(name)
}

/// The area of every page: `ms.prod` snake-cased, or for pages that leave it empty the
/// area most common among pages whose stem has the same first `-` component, else `misc`.
pub fn areas_of(pages: &[&Page]) -> Vec<String> {
    let prefix = |p: &Page| {
        file_stem(&p.source)
            .split('-')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    };
    // Spellings that differ only in case or separators (`SharePoint`, `sharepoint`) are
    // one area, named after the most common spelling.
    let key = |s: &str| -> String {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let mut spellings: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for p in pages {
        let area = snake_words(&p.area);
        if !area.is_empty() {
            *spellings
                .entry(key(&area))
                .or_default()
                .entry(area)
                .or_default() += 1;
        }
    }
    let canonical: BTreeMap<String, String> = spellings
        .iter()
        .filter_map(|(k, counts)| most_common(counts).map(|a| (k.clone(), a)))
        .collect();
    let area_of = |p: &Page| -> String {
        let area = snake_words(&p.area);
        canonical.get(&key(&area)).cloned().unwrap_or(area)
    };
    let mut by_prefix: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for p in pages {
        let area = area_of(p);
        if !area.is_empty() {
            *by_prefix
                .entry(prefix(p))
                .or_default()
                .entry(area)
                .or_default() += 1;
        }
    }
    pages
        .iter()
        .map(|p| {
            let area = area_of(p);
            if !area.is_empty() {
                return area;
            }
            by_prefix
                .get(&prefix(p))
                .and_then(most_common)
                .unwrap_or_else(|| "misc".to_owned())
        })
        .collect()
}

/// The most common name; ties go to the alphabetically first.
fn most_common(counts: &BTreeMap<String, usize>) -> Option<String> {
    let mut best: Option<(&String, usize)> = None;
    for (a, n) in counts {
        if best.is_none_or(|(_, b)| *n > b) {
            best = Some((a, *n));
        }
    }
    best.map(|(a, _)| a.clone())
}

fn is_graph_method(m: &str) -> bool {
    matches!(m, "GET" | "POST" | "PUT" | "PATCH" | "DELETE")
}

pub fn build(pages: &[Page]) -> Plan<'_> {
    let mut plan = Plan::default();
    let mut sorted: Vec<&Page> = pages.iter().collect();
    sorted.sort_by(|a, b| a.source.cmp(&b.source));
    plan.pages = sorted.len();
    let page_areas = areas_of(&sorted);

    // area name -> ops
    let mut by_area: BTreeMap<String, Vec<Op<'_>>> = BTreeMap::new();
    for (page, area) in sorted.iter().zip(page_areas) {
        if page.kind != PageKind::Api {
            continue;
        }
        plan.api_pages += 1;
        plan.request_examples += page.examples.len();
        let ops = page_ops(page, &mut plan);
        if ops.is_empty() {
            for ex in &page.examples {
                plan.skipped.push(Skipped {
                    source: page.source.clone(),
                    example: ex.name.clone(),
                    reason: "page has no usable HTTP request".into(),
                });
            }
            continue;
        }
        let mut ops = ops;
        assign_cases(page, &mut ops, &mut plan);
        for op in &mut ops {
            decide_kinds(op);
            check_cases(op, &mut plan);
        }
        by_area.entry(area).or_default().extend(ops);
    }

    let mut modules = NameSet::with_reserved(["runtime"]);
    let mut features = NameSet::with_reserved(["full", "default"]);
    let mut test_modules = NameSet::with_reserved(["support"]);
    for (name, mut ops) in by_area {
        let module = modules.unique(&snake_ident(&name, "misc", "area"), "_");
        let feature = features.unique(&feature_name(&name, "misc"), "-");
        let test_module = test_modules.unique(&module, "_");
        name_ops(&mut ops, &mut plan);
        let mut tests = NameSet::with_reserved(super::tests::RESERVED_TEST_NAMES.iter().copied());
        for op in &mut ops {
            for case in &mut op.cases {
                let ex = snake_words(&case.example.name);
                let base = if ex == op.fn_name || ex.starts_with(&format!("{}_", op.fn_name)) {
                    ex
                } else if ex.is_empty() {
                    op.fn_name.clone()
                } else {
                    format!("{}_{}", op.fn_name, ex)
                };
                let base = snake_ident(&base, "example", "test");
                case.test_name = tests.unique(&base, "_");
            }
        }
        plan.areas.push(Area {
            name,
            module,
            feature,
            test_module,
            ops,
        });
    }
    plan.skipped.sort_by(|a, b| {
        (&a.source, &a.example, &a.reason).cmp(&(&b.source, &b.example, &b.reason))
    });
    plan
}

/// Operations of one page: one per distinct method, in order of first appearance.
fn page_ops<'p>(page: &'p Page, plan: &mut Plan<'p>) -> Vec<Op<'p>> {
    let mut methods: Vec<String> = Vec::new();
    let mut templates: BTreeMap<String, Vec<&HttpTemplate>> = BTreeMap::new();
    let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
    for t in &page.http {
        let method = t.method.trim().to_ascii_uppercase();
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
        if normalized_segments(&t.template).is_empty() && t.template.query.is_none() {
            plan.diag(
                crate::diag::Code::EmitEmptyPath,
                Severity::Warning,
                &page.source,
                t.line,
                format!("`{} {}` has no path segments", method, t.path),
            );
        }
        if !methods.contains(&method) {
            methods.push(method.clone());
        }
        templates.entry(method).or_default().push(t);
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
    // keywords get `_op` (not `_`), so that `_request`/`_<method>` suffixes stay snake case
    let mut stem = snake_words(file_stem(&page.source));
    if stem.is_empty() {
        stem = "operation".to_owned();
    }
    if stem.starts_with(|c: char| c.is_ascii_digit()) {
        stem = format!("op_{stem}");
    }
    if names::is_keyword(&stem) {
        stem.push_str("_op");
    }
    methods
        .iter()
        .enumerate()
        .map(|(i, method)| {
            let fn_name = if i == 0 {
                stem.clone()
            } else {
                format!("{}_{}", stem, method.to_ascii_lowercase())
            };
            let ts = templates.get(method).cloned().unwrap_or_default();
            let mut variants: Vec<Variant<'p>> = ts.iter().map(|t| variant(page, t)).collect();
            name_variants(&mut variants);
            Op {
                page,
                method: method.clone(),
                fn_name,
                request_fn: String::new(),
                path_type: String::new(),
                variants,
                odata: !page.query_options.is_empty(),
                body: BodyKind::None,
                ret: RetKind::Json,
                cases: Vec::new(),
            }
        })
        .collect()
}

/// Identity of a documented path for deduplication: normalized segments and query.
fn path_key(t: &HttpTemplate) -> String {
    let segs = normalized_segments(&t.template);
    let mut key = String::new();
    for s in segs {
        key.push('/');
        for p in &s.parts {
            match p {
                SegmentPart::Literal { text } => key.push_str(&text.to_lowercase()),
                SegmentPart::Param { names } => {
                    key.push('{');
                    key.push_str(&names.join("|").to_lowercase());
                    key.push('}');
                }
                SegmentPart::ItemPath { name } => {
                    key.push_str("{*");
                    key.push_str(&name.to_lowercase());
                    key.push('}');
                }
            }
        }
    }
    if let Some(q) = &t.template.query {
        key.push('?');
        key.push_str(q);
    }
    key
}

/// Word for a literal segment in a variant name (`microsoft.graph.group` → `Group`).
fn segment_word(text: &str) -> String {
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    let t = if lower.starts_with("microsoft.graph.") {
        &t["microsoft.graph.".len()..]
    } else {
        t
    };
    camel_ident(t, "", "V")
}

fn field_for(
    names_in: &[String],
    item: bool,
    in_query: bool,
    prev_literal: Option<&str>,
    taken: &mut NameSet,
    page: &Page,
) -> Field {
    let first = names_in.first().map(String::as_str).unwrap_or("");
    let generic = first.trim().eq_ignore_ascii_case("id");
    let after = if generic {
        prev_literal.map(str::to_owned)
    } else {
        None
    };
    let base = match (&after, generic) {
        (Some(prev), true) => {
            let last = prev.rsplit('.').next().unwrap_or(prev);
            let word = singular(&snake_words(last));
            if word.is_empty() {
                "id".to_owned()
            } else {
                format!("{word}_id")
            }
        }
        _ => snake_words(first),
    };
    let base = snake_ident(&base, "param", "p");
    let name = taken.unique(&base, "_");
    let param = page
        .path_parameters
        .iter()
        .chain(&page.function_parameters)
        .find(|p| {
            names_in.iter().any(|n| {
                p.name
                    .trim()
                    .trim_matches(['{', '}'])
                    .eq_ignore_ascii_case(n.trim())
            })
        })
        .cloned();
    Field {
        name,
        placeholder: names_in.join(" | "),
        alternatives: names_in.to_vec(),
        item_path: item,
        in_query,
        after,
        param,
    }
}

fn variant<'p>(page: &'p Page, t: &'p HttpTemplate) -> Variant<'p> {
    let segs = normalized_segments(&t.template);
    let mut taken = NameSet::with_reserved(RESERVED_ARGS.iter().copied());
    let mut fields = Vec::new();
    let mut path = vec![Tok::Lit(String::new())];
    let mut words = Vec::new();
    let mut prev_literal: Option<String> = None;
    for seg in &segs {
        push_lit(&mut path, "/");
        let mut seg_lits = String::new();
        for part in &seg.parts {
            match part {
                SegmentPart::Literal { text } => {
                    push_lit(&mut path, text);
                    seg_lits.push_str(text);
                }
                SegmentPart::Param { names } => {
                    let f = field_for(
                        names,
                        false,
                        false,
                        prev_literal.as_deref(),
                        &mut taken,
                        page,
                    );
                    fields.push(f);
                    path.push(Tok::Param(fields.len() - 1));
                }
                SegmentPart::ItemPath { name } => {
                    let f = field_for(
                        std::slice::from_ref(name),
                        true,
                        false,
                        None,
                        &mut taken,
                        page,
                    );
                    fields.push(f);
                    path.push(Tok::Item(fields.len() - 1));
                    // the colon closing `root:/{item-path}:` is implied by the model
                    push_lit(&mut path, ":");
                }
            }
        }
        let w = segment_word(&seg_lits);
        if !w.is_empty() {
            words.push(w);
        }
        if let Some(text) = literal_text(seg) {
            prev_literal = Some(text);
        }
    }
    if segs.is_empty() {
        push_lit(&mut path, "/");
    }
    path.retain(|t| !matches!(t, Tok::Lit(s) if s.is_empty()));
    let mut query = Vec::new();
    if let Some(q) = &t.template.query {
        for (k, v) in split_query(q) {
            let mut toks = Vec::new();
            for piece in placeholders(&v) {
                match piece {
                    Piece::Lit(s) => push_lit(&mut toks, &s),
                    Piece::Param(names) => {
                        let f = field_for(&names, false, true, None, &mut taken, page);
                        fields.push(f);
                        toks.push(Tok::Param(fields.len() - 1));
                    }
                }
            }
            query.push((k, toks));
        }
    }
    Variant {
        name: String::new(),
        template: t,
        fields,
        path,
        query,
        words,
    }
}

/// Variant names: the literal words of each path minus the words all paths end with;
/// duplicates get numeric suffixes in document order.
fn name_variants(variants: &mut [Variant<'_>]) {
    let lists: Vec<Vec<String>> = variants.iter().map(|v| v.words.clone()).collect();
    let mut drop = 0;
    if lists.len() > 1 {
        loop {
            let next = drop + 1;
            let all_same = lists.iter().all(|l| l.len() > next)
                && lists.windows(2).all(|w| {
                    w[0][w[0].len() - next].eq_ignore_ascii_case(&w[1][w[1].len() - next])
                });
            if !all_same {
                break;
            }
            drop = next;
        }
    }
    let mut taken = NameSet::new();
    for (v, words) in variants.iter_mut().zip(lists) {
        let keep = &words[..words.len().saturating_sub(drop)];
        let joined: String = keep.concat();
        let base = camel_ident(&joined, "Root", "V");
        v.name = taken.unique(&base, "");
    }
}

/// Module-unique names for functions and path types, in page order.
fn name_ops(ops: &mut [Op<'_>], plan: &mut Plan<'_>) {
    let mut taken = NameSet::with_reserved(RESERVED_MODULE_ITEMS.iter().copied());
    for op in ops {
        let base = op.fn_name.clone();
        let path_of = |n: &str| format!("{}Path", camel_ident(n, "Operation", "Op"));
        let name = taken.first_free(&base, "_", |n| {
            let req = format!("{n}_request");
            !taken.contains(&req) && !taken.contains(&path_of(n))
        });
        if name != base {
            plan.diag(
                crate::diag::Code::EmitNameCollision,
                Severity::Warning,
                &op.page.source,
                op.variants.first().map_or(1, |v| v.template.line),
                format!("operation name `{base}` is taken in its module; using `{name}`"),
            );
        }
        op.request_fn = format!("{name}_request");
        op.path_type = path_of(&name);
        taken.insert(&name);
        taken.insert(&op.request_fn);
        taken.insert(&op.path_type);
        op.fn_name = name;
        if !names::is_valid_ident(&op.fn_name) {
            plan.diag(
                crate::diag::Code::EmitInvalidIdentifier,
                Severity::Error,
                &op.page.source,
                1,
                format!("`{}` is not a valid identifier", op.fn_name),
            );
        }
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.trim().eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim())
}

fn is_json_type(ct: Option<&str>) -> bool {
    ct.is_some_and(|c| c.to_ascii_lowercase().contains("json"))
}

/// A raw request body that is meant as JSON (JSON content type, or no content type
/// and looks like JSON).
fn raw_is_jsonish(body: &str, ct: Option<&str>) -> bool {
    match ct {
        Some(c) => is_json_type(Some(c)),
        None => {
            let t = body.trim_start();
            t.starts_with('{') || t.starts_with('[')
        }
    }
}

/// Match each example to an operation and path variant.
fn assign_cases<'p>(page: &'p Page, ops: &mut [Op<'p>], plan: &mut Plan<'p>) {
    for ex in &page.examples {
        let skip = |reason: &str| Skipped {
            source: page.source.clone(),
            example: ex.name.clone(),
            reason: reason.to_owned(),
        };
        let url = match parse_example_url(&ex.request.url) {
            Ok(u) => u,
            Err(UrlProblem::NonGraphHost) => {
                plan.skipped.push(skip("non-graph host"));
                continue;
            }
            Err(UrlProblem::Beta) => {
                plan.skipped.push(skip("beta version"));
                continue;
            }
            Err(UrlProblem::Empty) => {
                plan.skipped.push(skip("example URL has no path"));
                continue;
            }
        };
        let method = ex.request.method.trim().to_ascii_uppercase();
        let Some(op) = ops.iter_mut().find(|o| o.method == method) else {
            plan.skipped
                .push(skip("no documented operation for the example's method"));
            continue;
        };
        match case_for(op, ex, &url) {
            Ok(case) => op.cases.push(case),
            Err(reason) => plan.skipped.push(skip(reason)),
        }
    }
}

fn case_for<'p>(op: &Op<'p>, ex: &'p Example, url: &ExampleUrl) -> Result<Case<'p>, &'static str> {
    // best-matching variant: most literal characters, then document order
    let mut best: Option<(usize, usize, Vec<Option<String>>)> = None;
    // `…:/{item-path}` at the end of a URL may leave out the closing colon
    let with_colon = format!("{}:", url.path);
    for (i, v) in op.variants.iter().enumerate() {
        let ends_in_item = v.path.len() >= 2
            && matches!(v.path[v.path.len() - 2], Tok::Item(_))
            && matches!(v.path.last(), Some(Tok::Lit(s)) if s == ":");
        let found = match_toks(&v.path, &url.path, v.fields.len(), false).or_else(|| {
            ends_in_item
                .then(|| match_toks(&v.path, &with_colon, v.fields.len(), false))
                .flatten()
        });
        if let Some((score, caps)) = found {
            if best.as_ref().is_none_or_score(score) {
                best = Some((i, score, caps));
            }
        }
    }
    let Some((vi, _, caps)) = best else {
        return Err("no documented path matches");
    };
    let v = &op.variants[vi];
    let mut values: Vec<Option<String>> = caps;
    let mut odata = Vec::new();
    let mut extra = Vec::new();
    let mut used_doc_keys = BTreeSet::new();
    for (k, val) in &url.query {
        if let Some((qi, (_, toks))) = v
            .query
            .iter()
            .enumerate()
            .find(|(qi, (dk, _))| dk.eq_ignore_ascii_case(k) && !used_doc_keys.contains(qi))
        {
            used_doc_keys.insert(qi);
            let Some((_, qcaps)) = match_toks(toks, val, v.fields.len(), true) else {
                return Err("query does not match the documented literal query");
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
    Ok(Case {
        example: ex,
        variant: vi,
        values,
        odata,
        eventual_consistency,
        extra_query: extra,
        no_body: false,
        test_name: String::new(),
    })
}

trait ScoreExt {
    fn is_none_or_score(&self, score: usize) -> bool;
}

impl ScoreExt for Option<&(usize, usize, Vec<Option<String>>)> {
    fn is_none_or_score(&self, score: usize) -> bool {
        match self {
            None => true,
            Some((_, best, _)) => score > *best,
        }
    }
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

fn is_success(status: u16) -> bool {
    (200..300).contains(&status)
}

/// Body and return kinds from the matched examples (or, when none matched, all
/// examples of the method), the body table and the Response section.
fn decide_kinds(op: &mut Op<'_>) {
    let page = op.page;
    let matched: Vec<&Example> = op.cases.iter().map(|c| c.example).collect();
    let evidence: Vec<&Example> = if matched.is_empty() {
        page.examples
            .iter()
            .filter(|e| e.request.method.trim().eq_ignore_ascii_case(&op.method))
            .filter(|e| parse_example_url(&e.request.url).is_ok())
            .collect()
    } else {
        matched
    };

    op.body = if matches!(op.method.as_str(), "POST" | "PUT" | "PATCH") {
        let mut json = !page.body_parameters.is_empty();
        let mut raw: Option<String> = None;
        let mut json_examples = false;
        for e in &evidence {
            let ct = header(&e.request.headers, "Content-Type");
            match &e.request.body {
                Some(Body::Json(_)) => {
                    json = true;
                    json_examples = true;
                }
                Some(Body::Raw(text)) if raw_is_jsonish(text, ct) => json = true,
                Some(Body::Raw(_)) if raw.is_none() => {
                    raw = Some(
                        ct.filter(|c| valid_header_value(c))
                            .unwrap_or("application/octet-stream")
                            .to_owned(),
                    );
                }
                Some(Body::Raw(_)) => {}
                None => {}
            }
        }
        match (raw, json_examples, json) {
            (Some(_), true, _) => BodyKind::Any,
            (Some(content_type), false, _) => BodyKind::Raw { content_type },
            (None, _, true) => BodyKind::Json,
            (None, _, false) => BodyKind::None,
        }
    } else {
        BodyKind::None
    };

    let success: Vec<&Example> = evidence
        .iter()
        .copied()
        .filter(|e| e.response.as_ref().is_some_and(|r| is_success(r.status)))
        .collect();
    let raw_success = success.iter().any(|e| {
        e.response.as_ref().is_some_and(|r| {
            matches!(&r.body, Some(Body::Raw(t)) if !is_json_type(header(&r.headers, "Content-Type")) && !t.trim().is_empty())
        })
    });
    let json_success = success.iter().any(|e| {
        e.response
            .as_ref()
            .is_some_and(|r| matches!(&r.body, Some(Body::Json(_)) | Some(Body::Raw(_))))
    });
    let ends_in_content = op.variants.iter().any(|v| {
        normalized_segments(&v.template.template)
            .last()
            .and_then(|s| literal_text(s))
            .is_some_and(|t| t.eq_ignore_ascii_case("$value") || t.eq_ignore_ascii_case("content"))
    });
    let redirect = evidence.iter().any(|e| {
        e.response
            .as_ref()
            .is_some_and(|r| (300..400).contains(&r.status))
    }) || page
        .response
        .status
        .is_some_and(|s| (300..400).contains(&s));
    op.ret = if raw_success || (op.method == "GET" && ends_in_content) {
        RetKind::Bytes
    } else if json_success {
        RetKind::Json
    } else if matches!(page.response.status, Some(202) | Some(204)) {
        RetKind::Empty
    } else if !success.is_empty() {
        // documented answers without body: a declared return type still wins
        if page.response.returns.is_some() {
            RetKind::Json
        } else {
            RetKind::Empty
        }
    } else if redirect {
        RetKind::Bytes
    } else {
        RetKind::Json
    };
}

/// Header values the mock server and the runtime accept (visible ASCII and spaces).
pub fn valid_header_value(v: &str) -> bool {
    v.chars()
        .all(|c| c == ' ' || c == '\t' || c.is_ascii_graphic())
}

pub fn valid_header_name(n: &str) -> bool {
    !n.is_empty()
        && n.chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c))
}

/// Drop cases whose example cannot be replayed against the operation's shape.
fn check_cases(op: &mut Op<'_>, plan: &mut Plan<'_>) {
    let mut kept = Vec::new();
    for mut case in std::mem::take(&mut op.cases) {
        let ex = case.example;
        let ct = header(&ex.request.headers, "Content-Type");
        let reason = match (&op.body, &ex.request.body) {
            (BodyKind::Json, Some(Body::Raw(t))) if raw_is_jsonish(t, ct) => {
                Some("request body is not valid JSON")
            }
            (BodyKind::Json, Some(Body::Raw(_))) => Some("raw request body for a JSON operation"),
            (BodyKind::Any, Some(Body::Raw(t))) if raw_is_jsonish(t, ct) => {
                Some("request body is not valid JSON")
            }
            (BodyKind::Json | BodyKind::Raw { .. }, None) => {
                case.no_body = true;
                None
            }
            _ => None,
        };
        let reason = reason.or_else(|| match &ex.response {
            None => Some("no documented response"),
            Some(r) if !(100..=599).contains(&r.status) => Some("invalid response status"),
            Some(r) if is_success(r.status) => {
                let rct = header(&r.headers, "Content-Type");
                match (&r.body, op.ret) {
                    (Some(Body::Raw(t)), RetKind::Json) if !t.trim().is_empty() => {
                        if is_json_type(rct) || raw_is_jsonish(t, None) {
                            Some("response body is not valid JSON")
                        } else {
                            Some("non-JSON response for a JSON operation")
                        }
                    }
                    _ => None,
                }
            }
            Some(r) if r.status < 200 => Some("informational response status"),
            _ => None,
        });
        match reason {
            Some(reason) => plan.skipped.push(Skipped {
                source: op.page.source.clone(),
                example: ex.name.clone(),
                reason: reason.to_owned(),
            }),
            None => kept.push(case),
        }
    }
    op.cases = kept;
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
    }
}
