//! The walk over a page's blocks that fills the model: it keeps the stack of sections
//! (by heading anchor, never by localized words), collects the title, description,
//! namespace and Response prose, and dispatches each code block by its annotation,
//! section and first line to the readers of request templates, examples and resource
//! definitions. Pairing requests with responses lives in [`examples`], tables
//! (permissions, headers, enums, parameters) in [`tables`].

mod examples;
mod tables;

use super::annotation::{self, is_page_annotation};
use super::blocks::Block;
use super::cells::{returned_type, status_in, supplied_type};
use super::http_section;
use super::json::{read_json, JsonRead};
use super::path_template;
use super::request_line::{classify_line, FirstLine, RequestLine};
use super::spans::plain;
use super::Issue;
use crate::diag::Code;
use crate::model::*;

struct Section {
    level: u8,
    anchor: String,
    title: Text,
}

pub(super) struct Walker<'a> {
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

impl<'a> Walker<'a> {
    /// A walker that fills `page` and reports into `issues`; `stem` names unnamed
    /// examples and resources.
    pub(super) fn new(page: &'a mut Page, issues: &'a mut Vec<Issue>, stem: &'a str) -> Self {
        Walker {
            page,
            issues,
            stem,
            stack: Vec::new(),
            seen_h2: false,
            pending: None,
            unpaired: Vec::new(),
            unpaired_by_name: std::collections::HashMap::new(),
            description: Vec::new(),
            response_text: Vec::new(),
            unnamed: 0,
        }
    }
}

impl Walker<'_> {
    pub(super) fn run(mut self, blocks: Vec<Block>) {
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
                        Code::RequestWithoutResponse,
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

    /// Inside an `http-request` section that documents the operation's paths. A heading
    /// anchored `http-request` below an examples heading (`## Example` → `### HTTP
    /// request`) introduces an example's request, not the paths.
    fn in_http_section(&self) -> bool {
        for s in &self.stack {
            if s.anchor.starts_with("example") {
                return false;
            }
            if s.anchor.starts_with("http-request") {
                return true;
            }
        }
        false
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
                Code::AnnotationWithoutBlock,
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
        if self.h2() == "request-body"
            && self.stack.len() == 1
            && self.page.request_body_type.is_none()
        {
            self.page.request_body_type = supplied_type(&text.en);
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
        let first_kind = classify_line(first);
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
                        Code::AnnotationBlockMismatch,
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
            matches!(classify_line(l), FirstLine::Request { ref url, .. } if !url.contains("://"))
        })
    }

    fn templates(&mut self, content: &str, content_line: u32) {
        let (found, issues) = http_section::request_lines(content, content_line);
        self.issues.extend(issues);
        let section = self.anchor().to_string();
        for RequestLine {
            method,
            url: path,
            line,
        } in found
        {
            match path_template::parse_path_template(&path) {
                Ok(template) => self.page.http.push(HttpTemplate {
                    method,
                    path,
                    template,
                    section: section.clone(),
                    line,
                }),
                // A bad line among good ones: the operation still has its other paths.
                Err(msg) => self.issues.push(Issue::warning(
                    Code::HttpPathUnparseable,
                    line,
                    format!("request path {path:?} cannot be read: {msg}"),
                )),
            }
        }
    }

    fn resource_block(&mut self, content: &str, line: u32, ann: Option<Annotation>) {
        let json = match read_json(content) {
            JsonRead::Strict(v) => Some(Body::Json(v)),
            JsonRead::Tolerant { value, fixes } => {
                self.issues.push(Issue::warning(
                    Code::ResourceJsonNotStrict,
                    line,
                    format!("JSON representation read after fixes: {}", fixes.join(", ")),
                ));
                Some(Body::Json(value))
            }
            JsonRead::Failed(e) => {
                self.issues.push(Issue::warning(
                    Code::ResourceJsonInvalid,
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
                Code::ResourceDuplicate,
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

    fn check_duplicate_names(&mut self) {
        let mut seen = std::collections::BTreeMap::<&str, u32>::new();
        for ex in &self.page.examples {
            if !ex.named {
                continue;
            }
            if let Some(first) = seen.insert(&ex.name, ex.request.line) {
                self.issues.push(Issue::warning(
                    Code::DuplicateExampleName,
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
