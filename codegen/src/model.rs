//! The endpoint model: what the parser extracts from a reference page and what the
//! emitter turns into Rust. This module is the contract between `parse` and `emit`;
//! it holds data only (no parsing, no code generation).
//!
//! Every piece of prose is a [`Text`]: the English original and the localized text
//! side by side. Identifiers (names, types, scopes) are always taken from the English
//! side, because machine translation changes them.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A piece of documentation text in both languages, as inline markdown.
///
/// On side-by-side pages `en` is the `sxs-lookup` original and `localized` the
/// translated half; on plain pages both hold the same string.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub en: String,
    pub localized: String,
}

impl Text {
    /// The same string on both sides (pages without spans, code, identifiers).
    pub fn same(s: impl Into<String>) -> Self {
        let s = s.into();
        Text {
            en: s.clone(),
            localized: s,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.en.trim().is_empty() && self.localized.trim().is_empty()
    }
}

/// What kind of page this is, from the folder it sits in and its `doc_type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PageKind {
    /// An operation page (`api/`).
    Api,
    /// A resource, enum or complex type page (`resources/`).
    Resource,
    /// Anything else (conceptual pages, overviews).
    Other,
}

/// One parsed reference page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page {
    /// Path relative to the docs root, with `/` separators (`zh-CN/v1.0/api/message-send.md`).
    pub source: String,
    /// `ms.contentlocale` from the front matter (`zh-CN`), if any.
    pub locale: Option<String>,
    pub kind: PageKind,
    /// `doc_type` from the front matter (`apiPageType`, `resourcePageType`, …).
    pub doc_type: Option<String>,
    /// The H1 title (English from the span, localized from the span).
    pub title: Text,
    /// The paragraphs between the title and the first H2.
    pub description: Text,
    /// `namespace` from the page annotation or a `Namespace:` line, if any.
    pub namespace: Option<String>,
    /// `ms.prod` from the front matter; empty when the page leaves it empty.
    pub area: String,
    /// All front-matter keys with their (unquoted) values.
    pub front_matter: BTreeMap<String, String>,
    /// Permission rows of every permissions table on the page.
    pub permissions: Vec<Permission>,
    /// Request templates from the HTTP request section(s), in document order.
    pub http: Vec<HttpTemplate>,
    /// Optional OData query parameters the page says the operation supports (`$select`, …).
    pub query_options: Vec<String>,
    /// Rows of the request-headers tables.
    pub request_headers: Vec<HeaderParam>,
    /// Path parameter rows (`path-parameters` sections).
    pub path_parameters: Vec<Param>,
    /// Function parameter rows (`function-parameters` sections).
    pub function_parameters: Vec<Param>,
    /// Query parameter rows (`query-parameters` sections).
    pub query_parameters: Vec<Param>,
    /// Request body rows (`request-body` section tables).
    pub body_parameters: Vec<Param>,
    /// The type the Request body section's prose says to supply (`a JSON representation of
    /// [message](../resources/message.md) object`): the first link to a resource page in
    /// the section's own paragraphs, English side.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_body_type: Option<TypeRef>,
    /// What the Response section says about success.
    pub response: ResponseInfo,
    /// Paired example requests and responses.
    pub examples: Vec<Example>,
    /// The resource defined on this page, if any.
    pub resource: Option<Resource>,
    /// Enum types defined on this page (enum pages, `*-values` sections).
    pub enums: Vec<EnumType>,
    /// `#page.annotation` comment(s), as parsed JSON.
    pub page_annotations: Vec<serde_json::Value>,
    /// Everything the parser could not fully understand.
    pub diagnostics: Vec<Diagnostic>,
}

impl Page {
    /// A page with nothing read yet: only its source and kind.
    pub fn new(source: impl Into<String>, kind: PageKind) -> Self {
        Page {
            source: source.into(),
            locale: None,
            kind,
            doc_type: None,
            title: Text::default(),
            description: Text::default(),
            namespace: None,
            area: String::new(),
            front_matter: BTreeMap::new(),
            permissions: Vec::new(),
            http: Vec::new(),
            query_options: Vec::new(),
            request_headers: Vec::new(),
            path_parameters: Vec::new(),
            function_parameters: Vec::new(),
            query_parameters: Vec::new(),
            body_parameters: Vec::new(),
            request_body_type: None,
            response: ResponseInfo::default(),
            examples: Vec::new(),
            resource: None,
            enums: Vec::new(),
            page_annotations: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    /// The file stem of [`Page::source`]: the file name without `.md`
    /// (`zh-CN/v1.0/api/message-send.md` → `message-send`). Unnamed examples, resources
    /// without an annotation and operation names are derived from it.
    pub fn stem(&self) -> &str {
        let name = self.source.rsplit('/').next().unwrap_or(&self.source);
        name.strip_suffix(".md").unwrap_or(name)
    }
}

/// One row of a permissions table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Permission {
    /// The permission type (`Delegated (work or school account)`, `Application`).
    #[serde(rename = "type")]
    pub kind: Text,
    /// Scopes in the order documented (least to most privileged), from the English side.
    /// Empty when not supported.
    pub scopes: Vec<String>,
    /// The cell says "Not supported." (or a variant).
    pub not_supported: bool,
    /// For pivoted tables (one row per resource, one column per permission type):
    /// the row label, such as `user` or `group`.
    pub resource: Option<Text>,
    /// Anchor of the heading the table sits under (`permissions`, `permissions-for-chat`).
    pub section: String,
    /// Line of the row.
    pub line: u32,
}

/// One request line of an HTTP request section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HttpTemplate {
    /// Upper-case method, trimmed (`GET`, `POST`, `PATCH`, `PUT`, `DELETE`, `HEAD`,
    /// `OPTIONS`): the parser only reads upper-case request lines.
    pub method: String,
    /// The path exactly as documented (trimmed), including any query string.
    pub path: String,
    /// The path parsed into segments.
    pub template: PathTemplate,
    /// Anchor of the section the line was found under (`http-request`, `get-the-tenants-root-site`).
    pub section: String,
    pub line: u32,
}

/// A request path parsed into segments, with its literal query string if any.
/// `PathTemplate::api_segments` (in `parse::path_template`) gives the segments after an
/// API version segment, `PathTemplate::query_pairs` the literal query's pairs as written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathTemplate {
    /// Segments between `/`, without the leading one. `root:/{item-path}:/` addressing
    /// becomes one [`SegmentPart::ItemPath`] segment between literal colon segments.
    pub segments: Vec<Segment>,
    /// The literal query string after `?` (without the `?`), if documented.
    pub query: Option<String>,
}

/// One path segment: literal text and parameters, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    pub parts: Vec<SegmentPart>,
}

/// A piece of a path segment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SegmentPart {
    /// Literal text (`messages`, `$value`, `microsoft.graph.group`, `range(address='`).
    Literal { text: String },
    /// A `{placeholder}`; `names` lists alternatives (`{id | userPrincipalName}` → `["id",
    /// "userPrincipalName"]`), trimmed, as documented.
    Param { names: Vec<String> },
    /// `root:/{item-path}:` addressing: a parameter that is itself a `/`-separated path.
    ItemPath { name: String },
}

/// A row of a request-headers table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeaderParam {
    /// Header name from the English side (`Authorization`, `Content-Type`).
    pub name: String,
    /// The `Value` or `Description` column.
    pub description: Text,
    /// `Type` column when the table has one.
    pub type_name: Option<String>,
    /// Whether the text says Required / Optional; `None` when it says neither.
    pub required: Option<bool>,
    pub line: u32,
}

/// A reference to a type as written in a `Type` column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypeRef {
    /// The type name with links resolved to their text (`String`, `recipient`,
    /// `microsoft.graph.timeZoneStandard`, `Edm.String`).
    pub name: String,
    /// `x collection`, `Collection(x)`, `collection of x`.
    pub collection: bool,
    /// The English cell as written.
    pub raw: String,
}

/// A row of a parameter table (path, function, query or body parameters).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Param {
    /// Name from the English side.
    pub name: String,
    pub type_ref: Option<TypeRef>,
    pub description: Text,
    /// Whether the row says Required / Optional; `None` when it says neither.
    pub required: Option<bool>,
    /// Anchor of the section the table sits under.
    pub section: String,
    pub line: u32,
}

/// What the Response section states.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseInfo {
    /// First success status code (`2xx`) named in the section, e.g. `202`.
    pub status: Option<u16>,
    /// The returned type linked from the section, if any (`message`).
    pub returns: Option<TypeRef>,
    /// The section's prose.
    pub description: Text,
}

/// A paired example: request and (when documented) its response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Example {
    /// The request annotation's `name` (or a generated `<stem>-<n>` when unnamed).
    pub name: String,
    /// Whether the name came from an annotation.
    pub named: bool,
    pub request: ExampleRequest,
    pub response: Option<ExampleResponse>,
}

/// A body of an example block.
///
/// Serialized untagged: a JSON body as the JSON value itself, a raw body as a string.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Body {
    /// JSON that parsed (strictly, or after tolerant fixes that a diagnostic reports).
    Json(serde_json::Value),
    /// Anything else, as written.
    Raw(String),
}

/// An example request block.
///
/// Serialized without [`ExampleRequest::target`], which is derived from `url`; reading
/// one back derives it again (`parse::url::request_target`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "ExampleRequestFields")]
pub struct ExampleRequest {
    /// Upper-case method, trimmed (`GET`, `POST`, …), as the parser only reads upper-case
    /// request lines.
    pub method: String,
    /// The URL as written (absolute or relative).
    pub url: String,
    /// The URL read once by the parser: host check, API version, decoded path segments and
    /// query pairs.
    #[serde(skip_serializing)]
    pub target: RequestTarget,
    /// Headers in order, names as written.
    pub headers: Vec<(String, String)>,
    pub body: Option<Body>,
    /// The annotation on the block, if any.
    pub annotation: Option<Annotation>,
    pub line: u32,
}

/// The serialized fields of an [`ExampleRequest`]: all but the derived `target`.
#[derive(Deserialize)]
pub(crate) struct ExampleRequestFields {
    pub(crate) method: String,
    pub(crate) url: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Option<Body>,
    pub(crate) annotation: Option<Annotation>,
    pub(crate) line: u32,
}

/// Where an example request goes, read from its URL by the parser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestTarget {
    /// A request to Microsoft Graph: a relative URL or an absolute one on the Graph host.
    Graph(GraphUrl),
    /// A URL that is not a Graph request.
    Unusable(UrlProblem),
}

/// Why an example URL is not a Graph request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlProblem {
    /// An absolute URL on another host (a bot's callback, a notification endpoint); the
    /// host as written.
    OtherHost { host: String },
}

/// An example URL addressed to Microsoft Graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphUrl {
    /// Written with scheme and host (`https://graph.microsoft.com/…`), not relative.
    pub absolute: bool,
    /// The API version segment the path starts with, if any.
    pub version: Option<ApiVersion>,
    /// Path segments after the version, percent-decoded except `%2F` (kept encoded, so no
    /// segment contains `/`); inner empty segments kept, trailing ones dropped. Empty for
    /// the service root.
    pub segments: Vec<String>,
    /// Query pairs in order, names and values trimmed and percent-decoded.
    pub query: Vec<QueryPair>,
}

impl GraphUrl {
    /// The path after the version: `/` + segments joined by `/` (`/me/events`; `/` for
    /// the service root).
    pub fn path(&self) -> String {
        format!("/{}", self.segments.join("/"))
    }
}

/// One `name=value` pair of a query string (a pair without `=` has an empty value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryPair {
    pub name: String,
    pub value: String,
}

/// An example response block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExampleResponse {
    pub status: u16,
    /// The reason phrase as written (`Accepted`, `No Content`), may be empty.
    pub reason: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<Body>,
    /// `truncated` from the annotation (string `"true"` accepted).
    pub truncated: bool,
    /// `@odata.type` from the annotation, as written (may be `Collection(...)`).
    pub odata_type: Option<String>,
    /// `isCollection` from the annotation, or implied by `Collection(...)`.
    pub is_collection: bool,
    pub annotation: Option<Annotation>,
    pub line: u32,
}

/// The `blockType` of an annotation comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum BlockType {
    Request,
    Response,
    Resource,
    Ignored,
    Example,
    Samples,
    SimulatedResponse,
    TestParams,
    Permissions,
    /// Any other value, kept as written.
    Other(String),
}

/// A JSON annotation in an HTML comment (`<!-- { "blockType": "request", … } -->`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Annotation {
    pub block_type: Option<BlockType>,
    /// `name`, as a list (a string becomes a one-element list).
    pub names: Vec<String>,
    pub truncated: Option<bool>,
    /// `@odata.type` (or `@type`), as written.
    pub odata_type: Option<String>,
    pub is_collection: Option<bool>,
    pub is_empty: Option<bool>,
    pub expect_error: Option<bool>,
    pub key_property: Option<String>,
    pub base_type: Option<String>,
    pub is_abstract: Option<bool>,
    pub open_type: Option<bool>,
    pub optional_properties: Vec<String>,
    /// The whole annotation as parsed, unknown keys included.
    pub raw: serde_json::Value,
    /// Whether strict JSON parsing failed and the tolerant reading was used.
    pub tolerant: bool,
    pub line: u32,
}

/// A resource (entity or complex type) defined on a resource page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Resource {
    /// The type name from the annotation's `@odata.type` (`microsoft.graph.message`),
    /// or the page stem when there is no annotation.
    pub name: String,
    pub annotation: Option<Annotation>,
    pub properties: Vec<Param>,
    pub relationships: Vec<Param>,
    /// The JSON representation block, when present.
    pub json: Option<Body>,
}

/// An enum type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnumType {
    /// From the section heading (`riskLevel values` → `riskLevel`) or the page stem.
    pub name: String,
    pub members: Vec<EnumMember>,
    pub line: u32,
}

/// A member of an enum table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnumMember {
    /// From the English side.
    pub name: String,
    pub value: Option<String>,
    pub description: Text,
    pub line: u32,
}

/// How bad a diagnostic is. Severity follows what is lost: a diagnostic is an error only
/// when content the model is built from (sections, tables, code blocks of the page) is lost
/// or misread; when one piece is read tolerantly, guessed or skipped, or nothing the model
/// uses is lost, it is a warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something was read in a tolerant way, guessed, or one piece (an annotation, a path
    /// line, an example block) was skipped; the rest of the page is in the model. So is a
    /// fence or comment left open after the page's last operation content (a page annotation
    /// missing its `-->`), which loses nothing. The docs carry such defects, so warnings
    /// never stop code generation.
    Warning,
    /// The page as a whole could not be read faithfully: undecodable bytes, or a fence or
    /// comment left open that swallows headings, tables or code blocks after it. `cargo
    /// xtask codegen` refuses to write output from a docs tree with errors, or with
    /// `--keep-going` leaves the pages with errors out.
    Error,
}

/// A problem found in the input, with its place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The code from the catalogue ([`crate::diag::Code`]), serialized as its stable
    /// kebab-case string (`annotation-not-strict-json`).
    pub code: crate::diag::Code,
    pub severity: Severity,
    /// Source path as in [`Page::source`].
    pub file: String,
    /// 1-based line.
    pub line: u32,
    pub message: String,
}

/// A docs tree as a whole: the release it documents, its pages, and the problems of the
/// tree itself (its version cannot be read, its folders disagree).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocsTree {
    pub release: Release,
    /// Every page, sorted by source.
    pub pages: Vec<Page>,
    /// Diagnostics about the tree; `file` is the folder or page they were read from.
    pub diagnostics: Vec<Diagnostic>,
}

/// What release of the reference a docs tree is: its locale and API version, read once
/// from the tree by the parser and never assumed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Release {
    /// The docs' locale (`zh-CN`): the folder above the version folder when it names a
    /// locale, else the most common `ms.contentlocale`; `None` when neither says.
    pub locale: Option<String>,
    /// The API version, or `None` when neither the folders nor the example URLs name one
    /// (a diagnostic says so).
    pub version: Option<ApiVersion>,
    /// Where the version was read.
    pub version_source: Option<VersionSource>,
}

/// A Graph API version as named in URLs and folders: `v1.0`, `beta` (lower case).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ApiVersion(String);

impl ApiVersion {
    /// The version a folder name or URL path segment names: `beta`, or `v` and a number
    /// (`v1.0`, `v2`); case is ignored. Anything else names none.
    pub fn parse(segment: &str) -> Option<ApiVersion> {
        let s = segment.to_ascii_lowercase();
        let numbered = s.strip_prefix('v').is_some_and(|n| {
            let mut parts = n.split('.');
            parts.clone().count() <= 2
                && parts.all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        });
        if s == "v1" {
            // Graph answers `/v1/…` as `/v1.0/…`; one name for one version.
            return Some(ApiVersion::v1_0());
        }
        (s == "beta" || numbered).then_some(ApiVersion(s))
    }

    /// `v1.0`.
    pub fn v1_0() -> ApiVersion {
        ApiVersion("v1.0".into())
    }

    /// `beta`.
    pub fn beta() -> ApiVersion {
        ApiVersion("beta".into())
    }

    /// The name as written in URLs (`v1.0`, `beta`).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_beta(&self) -> bool {
        self.0 == "beta"
    }
}

impl std::fmt::Display for ApiVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where a docs tree's API version was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "from", rename_all = "snake_case")]
pub enum VersionSource {
    /// A folder of that name holds the pages (`zh-CN/beta/api/…`); `folder` is its path
    /// relative to the docs root, or the docs root itself.
    Folder { folder: String },
    /// No folder names a version; `naming` of the `total` example URLs that name a version
    /// name this one.
    ExampleUrls { naming: usize, total: usize },
}
