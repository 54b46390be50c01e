//! The emitter's intermediate representation: what the planning passes produce and the
//! token builders read. An [`Area`] holds [`Op`]s, an op its path [`Variant`]s and the
//! example [`Case`]s that replay it; every value is complete when it is built (names are
//! chosen before the op, variant or case that carries them exists).

use super::super::paths::Tok;
use super::super::Skipped;
use crate::model::{Diagnostic, Example, HttpTemplate, Page, Param, Severity};

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

/// One documented path of an operation.
#[derive(Debug, Clone)]
pub struct Variant<'p> {
    /// Variant name in the operation's path enum (`Me`, `UsersMailFolders`).
    pub name: String,
    pub template: &'p HttpTemplate,
    pub fields: Vec<Field>,
    pub path: Vec<Tok>,
    pub query: Vec<(String, Vec<Tok>)>,
}

impl Variant<'_> {
    pub fn fallible(&self) -> bool {
        self.path.iter().any(|t| matches!(t, Tok::Item(_)))
    }
}

/// What the generated fn takes as request body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyKind {
    None,
    Json,
    Raw { content_type: String },
    Any,
}

/// What the generated fn returns.
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

/// How an example calls an operation: the matched variant and the argument values.
#[derive(Debug, Clone)]
pub struct Call<'p> {
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
}

/// One example turned into a test of an operation.
#[derive(Debug, Clone)]
pub struct Case<'p> {
    pub test_name: String,
    pub call: Call<'p>,
}

impl<'p> std::ops::Deref for Case<'p> {
    type Target = Call<'p>;
    fn deref(&self) -> &Call<'p> {
        &self.call
    }
}

/// The module-unique names of one operation's items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpNames {
    /// The async fn.
    pub fn_name: String,
    /// The fn that only builds the request (`<fn>_request`).
    pub request_fn: String,
    /// The fn that reads a collection answer page by page (`<fn>_pages`); reserved for
    /// every op, emitted for those whose typed answer is a page.
    pub pages_fn: String,
    /// The path enum (`<Fn>Path`), used when the op has several variants.
    pub path_type: String,
    /// The request body struct (`<Fn>Body`), used when the op has a typed body.
    pub body_type: String,
}

/// One generated operation: an async fn, its request builder and (with several paths)
/// its path enum.
#[derive(Debug, Clone)]
pub struct Op<'p> {
    pub page: &'p Page,
    pub method: String,
    pub fn_name: String,
    pub request_fn: String,
    pub pages_fn: String,
    pub path_type: String,
    pub body_type: String,
    pub variants: Vec<Variant<'p>>,
    pub odata: bool,
    pub body: BodyKind,
    pub ret: RetKind,
    pub cases: Vec<Case<'p>>,
    /// The page group (file of a module folder) the op is emitted into; see [`Area::groups`].
    pub group: String,
    /// For one half of a `GET` split by what its paths return: the other half.
    pub sibling: Option<Sibling>,
    /// The docs tree's locale (`zh-CN`), which labels the localized text in the op's docs;
    /// `None` when the tree does not say.
    pub docs_locale: Option<String>,
    /// The documented type of a JSON answer (set once the type catalogue is known).
    pub response: Option<super::super::responses::TypedResponse>,
    /// The generated body struct of a JSON body with a parameter table (set once the type
    /// catalogue is known); `None` keeps the untyped body.
    pub typed_body: Option<super::super::bodies::TypedBody>,
}

/// The other call of a `GET` whose JSON and raw-content paths are separate operations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sibling {
    /// This op returns JSON; the named op returns the raw content.
    Content(String),
    /// This op returns the raw content; the named op returns the JSON resource.
    Json(String),
}

/// Which paths of a page and method an op draft carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// All of them.
    Whole,
    /// The JSON paths of a split `GET`.
    Json,
    /// The raw-content paths of a split `GET`.
    Content,
}

impl Op<'_> {
    pub fn fallible(&self) -> bool {
        self.variants.iter().any(Variant::fallible)
    }
    pub fn multi(&self) -> bool {
        self.variants.len() > 1
    }
}

/// An operation before it has its module-unique names: what one page and method give.
#[derive(Debug, Clone)]
pub struct OpDraft<'p> {
    pub page: &'p Page,
    pub method: String,
    /// The name the op asks for (page stem words, method and content suffixes).
    pub base_name: String,
    /// The base name as the file stem spells it, without added word boundaries.
    pub plain_name: String,
    /// Long stem components whose words could not be found (reported).
    pub unsplit: Vec<String>,
    pub variants: Vec<Variant<'p>>,
    pub odata: bool,
    pub body: BodyKind,
    pub ret: RetKind,
    pub calls: Vec<Call<'p>>,
    pub part: Part,
}

/// The operations of one documentation area, emitted as one module.
#[derive(Debug, Clone)]
pub struct Area<'p> {
    /// `ms.prod`, snake-cased (or the fallback).
    pub name: String,
    pub module: String,
    pub feature: String,
    pub test_module: String,
    pub ops: Vec<Op<'p>>,
}

impl Area<'_> {
    /// How many example tests the area's ops have.
    pub fn tests(&self) -> usize {
        self.ops.iter().map(|o| o.cases.len()).sum()
    }

    /// The distinct page groups of the area's ops, sorted.
    pub fn groups(&self) -> Vec<&str> {
        let set: std::collections::BTreeSet<&str> =
            self.ops.iter().map(|o| o.group.as_str()).collect();
        set.into_iter().collect()
    }
}

/// An operation name with a stem component whose words could not be found in the page's
/// English title or path segments.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct UnsplitName {
    pub source: String,
    pub module: String,
    pub fn_name: String,
    pub components: Vec<String>,
}

/// Everything the emitter writes, decided.
#[derive(Debug, Default)]
pub struct Plan<'p> {
    pub areas: Vec<Area<'p>>,
    pub diagnostics: Vec<Diagnostic>,
    pub skipped: Vec<Skipped>,
    pub unsplit_names: Vec<UnsplitName>,
    pub pages: usize,
    pub api_pages: usize,
    pub request_examples: usize,
}

impl Plan<'_> {
    pub fn diag(
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
