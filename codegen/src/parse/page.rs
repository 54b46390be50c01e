//! One page: decode, front matter, blocks, then a walk over the blocks that fills the model.
//!
//! Sections are recognised by their heading anchors (which are the slug of the English
//! heading) and never by localized words, so the same code reads every locale.

use super::annotation::{self, is_page_annotation};
use super::blocks::{self, Block, LineIndex};
use super::http::{self, FirstLine};
use super::json::{read_json, JsonRead};
use super::spans::{self, plain};
use super::tables::Table;
use super::Issue;
use crate::model::*;

/// Parse one page. `source` is its path relative to the docs root (`/` separators); `bytes`
/// its content. Never panics; whatever cannot be read is reported in `Page::diagnostics`.
pub fn parse_page(source: &str, bytes: &[u8]) -> Page {
    let mut issues = Vec::new();
    let text = decode(bytes, &mut issues);
    let lines = LineIndex::new(&text);
    let fm = blocks::front_matter(&text, &mut issues);
    let blocks = blocks::blocks(&text, fm.body_start, &lines, &mut issues);

    let stem = stem_of(source);
    let doc_type = fm.values.get("doc_type").cloned();
    let kind = kind_of(source, doc_type.as_deref());
    let mut page = Page {
        locale: fm.values.get("ms.contentlocale").cloned(),
        doc_type,
        area: fm.values.get("ms.prod").cloned().unwrap_or_default(),
        front_matter: fm.values,
        ..Page::new(source, kind)
    };
    Walker {
        page: &mut page,
        issues: &mut issues,
        stem: &stem,
        stack: Vec::new(),
        seen_h2: false,
        pending: None,
        unpaired: Vec::new(),
        unpaired_by_name: std::collections::HashMap::new(),
        description: Vec::new(),
        response_text: Vec::new(),
        unnamed: 0,
    }
    .run(blocks);

    // Neither folder nor doc_type said what the page is; one with request paths is an api page.
    if page.kind == PageKind::Other && !page.http.is_empty() {
        page.kind = PageKind::Api;
    }
    if page.title.is_empty() {
        if let Some(t) = page.front_matter.get("title") {
            page.title = Text::same(t.clone());
        }
        issues.push(Issue::warning(
            "title-missing",
            1,
            "the page has no H1 title",
        ));
    }
    page.diagnostics = issues
        .into_iter()
        .map(|i| Diagnostic {
            code: i.code.to_string(),
            severity: i.severity,
            file: source.to_string(),
            line: i.line,
            message: i.message,
        })
        .collect();
    page.diagnostics
        .sort_by(|a, b| (a.line, &a.code).cmp(&(b.line, &b.code)));
    page
}

/// Bytes → text: BOM removed, invalid UTF-8 replaced, CRLF normalized, each reported.
fn decode(bytes: &[u8], issues: &mut Vec<Issue>) -> String {
    let mut bytes = bytes;
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        issues.push(Issue::warning(
            "bom",
            1,
            "the page starts with a UTF-8 byte order mark",
        ));
        bytes = rest;
    }
    if bytes.is_empty() {
        issues.push(Issue::warning("empty-page", 1, "the page is empty"));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(e) => {
            let line = 1 + bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u32;
            issues.push(Issue::error(
                "invalid-utf8",
                line,
                format!(
                    "invalid UTF-8 at byte {}; invalid bytes were replaced with U+FFFD",
                    e.valid_up_to()
                ),
            ));
            String::from_utf8_lossy(bytes).into_owned()
        }
    };
    if text.contains('\r') {
        let line = 1 + text[..text.find('\r').unwrap_or(0)].matches('\n').count() as u32;
        issues.push(Issue::warning(
            "crlf-line-endings",
            line,
            "the page uses CR or CRLF line endings; read as LF",
        ));
        return text.replace("\r\n", "\n").replace('\r', "\n");
    }
    text
}

fn stem_of(source: &str) -> String {
    let name = source.rsplit('/').next().unwrap_or(source);
    name.strip_suffix(".md").unwrap_or(name).to_string()
}

fn kind_of(source: &str, doc_type: Option<&str>) -> PageKind {
    let dirs: Vec<&str> = source.split('/').collect();
    let parent = dirs.len().checked_sub(2).and_then(|i| dirs.get(i)).copied();
    match (parent, doc_type) {
        (Some("api"), _) => PageKind::Api,
        (Some("resources"), _) => PageKind::Resource,
        (_, Some("apiPageType")) => PageKind::Api,
        (_, Some(t)) if t.starts_with("resourcePageType") || t == "enumPageType" => {
            PageKind::Resource
        }
        _ => PageKind::Other,
    }
}

struct Section {
    level: u8,
    anchor: String,
    title: Text,
}

struct Walker<'a> {
    page: &'a mut Page,
    issues: &'a mut Vec<Issue>,
    stem: &'a str,
    stack: Vec<Section>,
    seen_h2: bool,
    pending: Option<Annotation>,
    /// Indices of examples waiting for a response, in order. Paired ones are dropped
    /// lazily: an entry whose example has a response is stale and skipped.
    unpaired: Vec<usize>,
    /// The same by example name (also lazily cleaned), so that pairing a named response
    /// does not scan every unpaired request: hostile pages have hundreds of thousands.
    unpaired_by_name: std::collections::HashMap<String, Vec<usize>>,
    description: Vec<Text>,
    response_text: Vec<Text>,
    unnamed: usize,
}

const ODATA_OPTIONS: [&str; 8] = [
    "$select", "$filter", "$top", "$expand", "$orderby", "$search", "$count", "$skip",
];

impl Walker<'_> {
    fn run(mut self, blocks: Vec<Block>) {
        for block in blocks {
            match block {
                Block::Heading {
                    level,
                    anchor,
                    text,
                    tab,
                    ..
                } => self.heading(level, anchor, text, tab),
                Block::Comment { body, line } => self.comment(&body, line),
                Block::Fence {
                    info,
                    content,
                    content_line,
                    line,
                } => {
                    let ann = self.pending.take();
                    self.fence(&info, &content, content_line, line, ann);
                }
                Block::Table { table, .. } => {
                    self.drop_pending();
                    self.table(table);
                }
                Block::Para { text, .. } => self.para(text),
            }
        }
        self.drop_pending();
        for &i in &self.unpaired {
            if let Some(ex) = self.page.examples.get(i) {
                if ex.named && ex.response.is_none() {
                    self.issues.push(Issue::warning(
                        "request-without-response",
                        ex.request.line,
                        format!("example request {:?} has no response", ex.name),
                    ));
                }
            }
        }
        self.page.description = join(&self.description);
        self.page.response.description = join(&self.response_text);
        self.check_duplicate_names();
    }

    fn anchor(&self) -> &str {
        self.stack.last().map_or("", |s| s.anchor.as_str())
    }

    fn h2(&self) -> &str {
        self.stack
            .iter()
            .find(|s| s.level <= 2)
            .map_or("", |s| s.anchor.as_str())
    }

    fn in_section(&self, f: impl Fn(&str) -> bool) -> bool {
        self.stack.iter().any(|s| f(&s.anchor))
    }

    fn in_http_section(&self) -> bool {
        self.in_section(|a| a.starts_with("http-request"))
    }

    fn in_example_section(&self) -> bool {
        self.in_section(|a| {
            a.starts_with("example")
                || ((a.starts_with("request") || a.starts_with("response"))
                    && !a.starts_with("request-")
                    && !a.starts_with("response-"))
                || a.starts_with("request-") && a[8..].bytes().all(|b| b.is_ascii_digit())
                || a.starts_with("response-") && a[9..].bytes().all(|b| b.is_ascii_digit())
        }) || self
            .stack
            .iter()
            .any(|s| s.level >= 3 && (s.anchor == "request" || s.anchor == "response"))
    }

    fn heading(&mut self, level: u8, anchor: String, text: Text, tab: bool) {
        if tab {
            return;
        }
        self.drop_pending();
        if level == 1 {
            if self.page.title.is_empty() {
                self.page.title = text;
            }
            return;
        }
        if level == 2 {
            self.seen_h2 = true;
        }
        while self.stack.last().is_some_and(|s| s.level >= level) {
            self.stack.pop();
        }
        self.stack.push(Section {
            level,
            anchor,
            title: text,
        });
    }

    fn dangling(&mut self, a: &Annotation) {
        if matches!(
            a.block_type,
            Some(BlockType::Request | BlockType::Response | BlockType::Resource)
        ) {
            self.issues.push(Issue::warning(
                "annotation-without-block",
                a.line,
                "annotation is not followed by a code block; it was ignored",
            ));
        }
    }

    /// An annotation followed by something other than a code block annotates nothing.
    fn drop_pending(&mut self) {
        if let Some(a) = self.pending.take() {
            self.dangling(&a);
        }
    }

    fn comment(&mut self, body: &str, line: u32) {
        if !annotation::looks_like_annotation(body) {
            return;
        }
        match annotation::read_annotation(body, line) {
            Ok((a, warnings)) => {
                self.issues.extend(warnings);
                if is_page_annotation(&a) {
                    if let Some(ns) = a.raw.get("namespace").and_then(|v| v.as_str()) {
                        self.page.namespace = Some(ns.to_string());
                    }
                    self.page.page_annotations.push(a.raw);
                    return;
                }
                if let Some(prev) = self.pending.replace(a) {
                    self.dangling(&prev);
                }
            }
            Err(issue) => self.issues.push(issue),
        }
    }

    fn para(&mut self, text: Text) {
        let en_plain = plain(&text.en);
        if !self.seen_h2 && !self.page.title.is_empty() {
            if let Some(ns) = en_plain.strip_prefix("Namespace:") {
                if self.page.namespace.is_none() {
                    self.page.namespace = Some(ns.trim().to_string());
                }
            } else if !en_plain.starts_with("[!INCLUDE") && !en_plain.is_empty() {
                self.description.push(text.clone());
            }
        }
        if self.h2() == "response" && self.stack.len() == 1 {
            if self.page.response.status.is_none() {
                self.page.response.status = status_in(&en_plain);
            }
            if self.page.response.returns.is_none() {
                self.page.response.returns = returned_type(&text.en);
            }
            self.response_text.push(text.clone());
        }
        if self.is_query_section() {
            self.collect_query_options(&text.en);
        }
    }

    fn is_query_section(&self) -> bool {
        self.in_section(|a| {
            a == "optional-query-parameters"
                || a == "odata-query-parameters"
                || a == "query-parameters"
        })
    }

    fn collect_query_options(&mut self, en: &str) {
        let lower = en.to_lowercase();
        for opt in ODATA_OPTIONS {
            let mut from = 0;
            while let Some(i) = lower[from..].find(opt) {
                let end = from + i + opt.len();
                let next = lower[end..].chars().next();
                if !next.is_some_and(|c| c.is_ascii_alphanumeric()) {
                    if !self.page.query_options.iter().any(|o| o == opt) {
                        self.page.query_options.push(opt.to_string());
                    }
                    break;
                }
                from = end;
            }
        }
    }

    fn fence(
        &mut self,
        info: &str,
        content: &str,
        content_line: u32,
        line: u32,
        ann: Option<Annotation>,
    ) {
        let bt = ann.as_ref().and_then(|a| a.block_type.clone());
        let first = content.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        let first_kind = http::classify_line(first);
        match bt {
            Some(BlockType::Samples) => self.templates(content, content_line),
            Some(BlockType::Resource) => self.resource_block(content, line, ann),
            Some(BlockType::Example)
            | Some(BlockType::SimulatedResponse)
            | Some(BlockType::TestParams) => {
                if let FirstLine::Request { .. } = first_kind {
                    self.request_example(content, content_line, ann);
                }
            }
            Some(BlockType::Request) => {
                if self.in_http_section() {
                    self.templates(content, content_line);
                }
                self.request_example(content, content_line, ann);
            }
            Some(BlockType::Response) => match first_kind {
                FirstLine::Request { .. } => {
                    self.issues.push(Issue::warning(
                        "annotation-block-mismatch",
                        line,
                        "a `response` annotation sits on a request block; read as a request",
                    ));
                    self.request_example(content, content_line, None);
                }
                _ => self.response_example(content, content_line, ann),
            },
            _ => {
                // Ignored, unknown or no annotation: classify by section and first line.
                match first_kind {
                    FirstLine::Request { url, .. } => {
                        let relative = !url.contains("://");
                        if self.in_http_section()
                            || (!self.in_example_section()
                                && relative
                                && self.is_template_block(content))
                        {
                            self.templates(content, content_line);
                        } else {
                            self.request_example(content, content_line, ann);
                        }
                    }
                    FirstLine::Response { .. } if !self.in_http_section() => {
                        // Even an `ignored` response answers the last request.
                        self.response_example(content, content_line, ann);
                    }
                    _ if self.in_http_section()
                        && (info.is_empty()
                            || info.eq_ignore_ascii_case("http")
                            || info == "msgraph-interactive") =>
                    {
                        // The first line is no request line (`post /x`, `FETCH /x`, a bare
                        // path): read the block anyway so that each odd line is reported.
                        self.templates(content, content_line);
                    }
                    _ => {
                        if self.anchor() == "json-representation"
                            && info.eq_ignore_ascii_case("json")
                            && self.page.kind == PageKind::Resource
                            && self.page.resource.is_none()
                        {
                            self.resource_block(content, line, None);
                        }
                    }
                }
            }
        }
    }

    /// A block outside the http-request section made only of request lines with relative
    /// paths (scenario sections such as `site-get.md`, `chat-post-members.md`).
    fn is_template_block(&self, content: &str) -> bool {
        content.lines().filter(|l| !l.trim().is_empty()).all(|l| {
            matches!(http::classify_line(l), FirstLine::Request { ref url, .. } if !url.contains("://"))
        })
    }

    fn templates(&mut self, content: &str, content_line: u32) {
        let (found, issues) = http::request_lines(content, content_line);
        self.issues.extend(issues);
        let section = self.anchor().to_string();
        for (method, path, line) in found {
            match http::parse_path_template(&path) {
                Ok(template) => self.page.http.push(HttpTemplate {
                    method,
                    path,
                    template,
                    section: section.clone(),
                    line,
                }),
                // A bad line among good ones: the operation still has its other paths.
                Err(msg) => self.issues.push(Issue::warning(
                    "http-path-unparseable",
                    line,
                    format!("request path {path:?} cannot be read: {msg}"),
                )),
            }
        }
    }

    fn request_example(&mut self, content: &str, content_line: u32, ann: Option<Annotation>) {
        match http::parse_request_block(content, content_line) {
            Ok(block) => {
                self.issues.extend(block.issues);
                let (name, named) = match ann.as_ref().and_then(|a| a.names.first()) {
                    Some(n) => (n.clone(), true),
                    None => {
                        self.unnamed += 1;
                        (format!("{}-example-{}", self.stem, self.unnamed), false)
                    }
                };
                let line = ann.as_ref().map_or(content_line, |a| a.line);
                self.page.examples.push(Example {
                    name,
                    named,
                    request: ExampleRequest {
                        method: block.method,
                        url: block.url,
                        headers: block.headers,
                        body: block.body,
                        annotation: ann,
                        line: content_line.max(line),
                    },
                    response: None,
                });
                let i = self.page.examples.len() - 1;
                self.unpaired.push(i);
                if let Some(ex) = self.page.examples.get(i) {
                    self.unpaired_by_name
                        .entry(ex.name.clone())
                        .or_default()
                        .push(i);
                }
            }
            Err(issue) => self.issues.push(issue),
        }
    }

    fn response_example(&mut self, content: &str, content_line: u32, ann: Option<Annotation>) {
        let block = match http::parse_response_block(content, content_line) {
            Ok(b) => b,
            Err(issue) => {
                self.issues.push(issue);
                return;
            }
        };
        self.issues.extend(block.issues);
        let odata_type = ann.as_ref().and_then(|a| a.odata_type.clone());
        let is_collection = ann.as_ref().and_then(|a| a.is_collection).unwrap_or(false)
            || odata_type
                .as_deref()
                .is_some_and(|t| t.starts_with("Collection("));
        let response = ExampleResponse {
            status: block.status,
            reason: block.reason,
            headers: block.headers,
            body: block.body,
            truncated: ann.as_ref().and_then(|a| a.truncated).unwrap_or(false),
            odata_type,
            is_collection,
            annotation: ann.clone(),
            line: content_line,
        };
        // Pair by name first, then with the last unpaired request.
        let names = ann.as_ref().map(|a| a.names.clone()).unwrap_or_default();
        let waiting =
            |examples: &[Example], i: usize| examples.get(i).is_some_and(|e| e.response.is_none());
        let mut targets: Vec<usize> = Vec::new();
        for name in &names {
            // Every unpaired request of that name is paired now, so the entry goes.
            if let Some(found) = self.unpaired_by_name.remove(name) {
                targets.extend(
                    found
                        .into_iter()
                        .filter(|&i| waiting(&self.page.examples, i)),
                );
            }
        }
        targets.sort_unstable();
        targets.dedup();
        if targets.is_empty() {
            while let Some(&last) = self.unpaired.last() {
                if waiting(&self.page.examples, last) {
                    targets.push(last);
                    break;
                }
                self.unpaired.pop();
            }
        }
        if targets.is_empty() {
            self.issues.push(Issue::warning(
                "response-without-request",
                content_line,
                "example response has no request before it to pair with",
            ));
            return;
        }
        for i in &targets {
            if let Some(ex) = self.page.examples.get_mut(*i) {
                ex.response = Some(response.clone());
            }
        }
        // The paired entries of `unpaired` and `unpaired_by_name` are now stale.
    }

    fn resource_block(&mut self, content: &str, line: u32, ann: Option<Annotation>) {
        let json = match read_json(content) {
            JsonRead::Strict(v) => Some(Body::Json(v)),
            JsonRead::Tolerant { value, fixes } => {
                self.issues.push(Issue::warning(
                    "resource-json-not-strict",
                    line,
                    format!("JSON representation read after fixes: {}", fixes.join(", ")),
                ));
                Some(Body::Json(value))
            }
            JsonRead::Failed(e) => {
                self.issues.push(Issue::warning(
                    "resource-json-invalid",
                    line,
                    format!("JSON representation does not parse: {e}"),
                ));
                Some(Body::Raw(content.to_string()))
            }
        };
        let name = ann
            .as_ref()
            .and_then(|a| a.odata_type.clone())
            .unwrap_or_else(|| self.stem.to_string());
        let res = self.page.resource.get_or_insert_with(|| Resource {
            name: name.clone(),
            annotation: None,
            properties: Vec::new(),
            relationships: Vec::new(),
            json: None,
        });
        if res.json.is_some() {
            self.issues.push(Issue::warning(
                "resource-duplicate",
                line,
                "a second resource definition on the page; only the first is kept",
            ));
            return;
        }
        res.name = name;
        res.annotation = ann;
        res.json = json;
    }

    fn resource_mut(&mut self) -> &mut Resource {
        let stem = self.stem.to_string();
        self.page.resource.get_or_insert_with(|| Resource {
            name: stem,
            annotation: None,
            properties: Vec::new(),
            relationships: Vec::new(),
            json: None,
        })
    }

    fn table(&mut self, table: Table) {
        let first = table.keys.first().cloned().unwrap_or_default();
        if first.starts_with("permission type")
            || first == "permission"
            || self.looks_like_permissions(&table)
        {
            return self.permission_table(&table);
        }
        let pivot_cols: Vec<usize> = (1..table.keys.len())
            .filter(|&i| {
                table.keys[i].starts_with("delegated") || table.keys[i].starts_with("application")
            })
            .collect();
        if pivot_cols.len() >= 2 {
            return self.pivoted_permission_table(&table, &pivot_cols);
        }
        if self.is_query_section() {
            for row in &table.rows {
                if let Some(c) = row.cells.first() {
                    self.collect_query_options(&c.en);
                }
            }
        }
        if self.in_section(|a| a.contains("header"))
            && matches!(
                first.as_str(),
                "header" | "name" | "request header" | "header name"
            )
        {
            return self.header_table(&table);
        }
        if first == "member"
            || (first == "value" || first == "name")
                && self.in_section(|a| a == "members" || a.ends_with("-values"))
        {
            return self.enum_table(&table);
        }
        let name_like = matches!(
            first.as_str(),
            "property"
                | "property name"
                | "parameter"
                | "parameter name"
                | "name"
                | "query parameter"
                | "relationship"
                | "relationship name"
        );
        if !name_like {
            return;
        }
        let params = self.param_rows(&table);
        let h2 = self.h2().to_string();
        if self.in_section(|a| a == "request-body") {
            self.page.body_parameters.extend(params);
        } else if self.in_section(|a| a == "path-parameters") {
            self.page.path_parameters.extend(params);
        } else if self.in_section(|a| a == "function-parameters" || a == "parameters") {
            self.page.function_parameters.extend(params);
        } else if self.is_query_section() {
            self.page.query_parameters.extend(params);
        } else if h2 == "relationships" || first.starts_with("relationship") {
            self.resource_mut().relationships.extend(params);
        } else if h2 == "properties"
            || (self.page.kind == PageKind::Resource && first.starts_with("property"))
        {
            self.resource_mut().properties.extend(params);
        }
    }

    /// A permissions table on a page without English headers (plain translated releases):
    /// two columns, before any other permissions, with scope names in the second column.
    fn looks_like_permissions(&self, table: &Table) -> bool {
        let scope_like = |w: &str| {
            let mut parts = w.split('.');
            let head_ok = parts
                .next()
                .is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_alphabetic()));
            let rest: Vec<&str> = parts.collect();
            head_ok
                && !rest.is_empty()
                && rest
                    .iter()
                    .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()))
        };
        self.page.kind == PageKind::Api
            && self.page.permissions.is_empty()
            && self.page.http.is_empty()
            && table.keys.len() == 2
            && table.rows.iter().any(|r| {
                r.cells.get(1).is_some_and(|c| {
                    let p = plain(&c.en);
                    let words: Vec<&str> = p
                        .split([',', '、', '，', ' '])
                        .filter(|w| !w.is_empty())
                        .collect();
                    !words.is_empty() && words.iter().all(|w| scope_like(w))
                })
            })
    }

    fn permission_table(&mut self, table: &Table) {
        let section = self.anchor().to_string();
        for row in &table.rows {
            let (Some(kind), Some(cell)) = (row.cells.first(), row.cells.get(1)) else {
                continue;
            };
            let kind = spans::plain_text(kind);
            let (scopes, not_supported) = self.scopes(&cell.en, row.line);
            self.page.permissions.push(Permission {
                kind,
                scopes,
                not_supported,
                resource: None,
                section: section.clone(),
                line: row.line,
            });
        }
    }

    fn pivoted_permission_table(&mut self, table: &Table, cols: &[usize]) {
        let section = self.anchor().to_string();
        for row in &table.rows {
            let resource = row.cells.first().map(spans::plain_text);
            for &c in cols {
                let (Some(cell), Some(head)) = (row.cells.get(c), table.header.cells.get(c)) else {
                    continue;
                };
                let (scopes, not_supported) = self.scopes(&cell.en, row.line);
                self.page.permissions.push(Permission {
                    kind: spans::plain_text(head),
                    scopes,
                    not_supported,
                    resource: resource.clone(),
                    section: section.clone(),
                    line: row.line,
                });
            }
        }
    }

    /// Scopes of a permissions cell (English side): comma, `、`, `，`, `;` or `and`
    /// separated; "Not supported." and its variants give none.
    fn scopes(&mut self, en: &str, line: u32) -> (Vec<String>, bool) {
        let p = plain(en);
        let lower = p.to_lowercase();
        if lower.is_empty()
            || lower.starts_with("not supported")
            || lower.starts_with("not applicable")
            || lower.starts_with("none")
        {
            return (Vec::new(), true);
        }
        let mut scopes = Vec::new();
        for piece in p
            .split([',', '、', '，', ';'])
            .flat_map(|s| s.split(" and "))
            .flat_map(|s| s.split(" or "))
        {
            let s = piece.trim().trim_end_matches('.').trim();
            if s.is_empty() {
                continue;
            }
            if s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
            {
                scopes.push(s.to_string());
            } else {
                self.issues.push(Issue::warning(
                    "permission-scope-unreadable",
                    line,
                    format!("permission cell part {s:?} is not a scope name"),
                ));
            }
        }
        (scopes, false)
    }

    fn header_table(&mut self, table: &Table) {
        let desc_col = table
            .col(|k| k == "description" || k == "value")
            .unwrap_or(table.keys.len().saturating_sub(1));
        let type_col = table.col(|k| k == "type");
        for row in &table.rows {
            let Some(name) = row.cells.first().map(|c| plain(&c.en)) else {
                continue;
            };
            if name.is_empty() {
                continue;
            }
            let description = row.cells.get(desc_col).cloned().unwrap_or_default();
            let required = required_of(&plain(&description.en));
            self.page.request_headers.push(HeaderParam {
                name,
                type_name: type_col
                    .and_then(|c| row.cells.get(c))
                    .map(|c| plain(&c.en)),
                description,
                required,
                line: row.line,
            });
        }
    }

    fn enum_table(&mut self, table: &Table) {
        let title = self
            .stack
            .last()
            .map(|s| plain(&s.title.en))
            .unwrap_or_default();
        let name = title
            .strip_suffix(" values")
            .or_else(|| title.strip_suffix(" Values"))
            .filter(|_| self.anchor().ends_with("-values"))
            .map(str::to_string)
            .unwrap_or_else(|| self.stem.to_string());
        let value_col = table
            .col(|k| k == "value" || k == "int value")
            .filter(|&c| c > 0);
        let desc_col = table.col(|k| k == "description").filter(|&c| c > 0);
        let line = table.header.line;
        let members = table
            .rows
            .iter()
            .filter_map(|row| {
                let name = plain(&row.cells.first()?.en);
                (!name.is_empty()).then(|| EnumMember {
                    name,
                    value: value_col
                        .and_then(|c| row.cells.get(c))
                        .map(|c| plain(&c.en)),
                    description: desc_col
                        .and_then(|c| row.cells.get(c))
                        .cloned()
                        .unwrap_or_default(),
                    line: row.line,
                })
            })
            .collect();
        self.page.enums.push(EnumType {
            name,
            members,
            line,
        });
    }

    fn param_rows(&mut self, table: &Table) -> Vec<Param> {
        let type_col = table.col(|k| k == "type");
        let desc_col = table
            .col(|k| k == "description")
            .or_else(|| table.keys.len().checked_sub(1));
        let req_col = table.col(|k| k.starts_with("required"));
        let section = self.anchor().to_string();
        let mut out = Vec::new();
        for row in &table.rows {
            let Some(first) = row.cells.first() else {
                continue;
            };
            let name = plain(&first.en).trim_matches('*').trim().to_string();
            if name.is_empty() {
                continue;
            }
            let description = desc_col
                .and_then(|c| row.cells.get(c))
                .cloned()
                .unwrap_or_default();
            let required = match req_col.and_then(|c| row.cells.get(c)) {
                Some(c) => {
                    let v = plain(&c.en).to_lowercase();
                    if v.starts_with('y') || v == "true" || v.starts_with("required") {
                        Some(true)
                    } else if v.starts_with('n') || v == "false" || v.starts_with("optional") {
                        Some(false)
                    } else {
                        None
                    }
                }
                None => required_of(&plain(&description.en)),
            };
            out.push(Param {
                name,
                type_ref: type_col
                    .and_then(|c| row.cells.get(c))
                    .and_then(|c| type_ref(&c.en)),
                description,
                required,
                section: section.clone(),
                line: row.line,
            });
        }
        self.check_param_names(&out);
        out
    }

    /// Names of one table that the emitter cannot use as they are: names that are not
    /// identifier-like (`3dModel`, `显示名称` on the English side) and names that collide
    /// after case conversion (`displayName` / `DisplayName` / `display_name`, or the same
    /// name twice). The names stay verbatim in the model; the emitter sanitizes them.
    fn check_param_names(&mut self, params: &[Param]) {
        let mut seen = std::collections::HashMap::<String, (&str, u32)>::new();
        for p in params {
            if !is_identifier_like(&p.name) {
                self.issues.push(Issue::warning(
                    "param-name-not-identifier",
                    p.line,
                    format!(
                        "name {:?} is not an ASCII identifier (a letter, `_`, `@` or `$`, then letters, digits, `_ . @ $ -`)",
                        p.name
                    ),
                ));
            }
            let key: String = p
                .name
                .chars()
                .filter(|c| !matches!(c, '_' | '-'))
                .flat_map(char::to_lowercase)
                .collect();
            match seen.get(&key) {
                Some(&(first, line)) => self.issues.push(Issue::warning(
                    "property-name-collision",
                    p.line,
                    if first == p.name {
                        format!("name {first:?} appears twice in one table (first on line {line})")
                    } else {
                        format!(
                            "name {:?} collides with {first:?} (line {line}) after case conversion",
                            p.name
                        )
                    },
                )),
                None => {
                    seen.insert(key, (&p.name, p.line));
                }
            }
        }
    }

    fn check_duplicate_names(&mut self) {
        let mut seen = std::collections::BTreeMap::<&str, u32>::new();
        for ex in &self.page.examples {
            if !ex.named {
                continue;
            }
            if let Some(first) = seen.insert(&ex.name, ex.request.line) {
                self.issues.push(Issue::warning(
                    "duplicate-example-name",
                    ex.request.line,
                    format!("example name {:?} is already used on line {first}", ex.name),
                ));
            }
        }
    }
}

fn join(parts: &[Text]) -> Text {
    Text {
        en: parts
            .iter()
            .map(|t| t.en.trim())
            .collect::<Vec<_>>()
            .join("\n\n"),
        localized: parts
            .iter()
            .map(|t| t.localized.trim())
            .collect::<Vec<_>>()
            .join("\n\n"),
    }
}

/// A letter, `_`, `@` or `$`, then ASCII letters, digits or `_ . @ $ -` (`displayName`,
/// `@odata.type`, `$filter`, `If-Match`).
fn is_identifier_like(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '_' | '@' | '$'))
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '@' | '$' | '-'))
}

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
fn status_in(en: &str) -> Option<u16> {
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
fn returned_type(en: &str) -> Option<TypeRef> {
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
}
