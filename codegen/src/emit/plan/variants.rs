//! A documented path as the emitter uses it: literal and placeholder tokens for path and
//! literal query, one named [`Field`] per placeholder, the words that name the variant,
//! and the identity used to drop paths documented twice.

use super::super::names::{camel_ident, singular, snake_ident, snake_words, NameSet};
use super::super::paths::{placeholders, push_lit, Piece, Tok};
use super::ir::{Field, Variant};
use crate::model::{HttpTemplate, Page, SegmentPart};

/// Names a generated fn signature uses for its own arguments.
pub const RESERVED_ARGS: &[&str] = &["client", "query", "body", "path", "request"];

/// A path variant before it is named.
#[derive(Debug, Clone)]
pub struct Shape<'p> {
    pub template: &'p HttpTemplate,
    pub fields: Vec<Field>,
    pub path: Vec<Tok>,
    pub query: Vec<(String, Vec<Tok>)>,
    /// One `UpperCamelCase` word per literal segment, for the variant name.
    pub words: Vec<String>,
}

impl<'p> Shape<'p> {
    /// The variant, under its name.
    pub fn named(self, name: String) -> Variant<'p> {
        Variant {
            name,
            template: self.template,
            fields: self.fields,
            path: self.path,
            query: self.query,
        }
    }

    /// Whether the last path segment is `$value` or `content` (a raw-content path).
    pub fn ends_in_content(&self) -> bool {
        ends_in_content(self.template)
    }
}

/// Whether the template's last segment is `$value` or `content`.
pub fn ends_in_content(t: &HttpTemplate) -> bool {
    t.template
        .api_segments()
        .last()
        .and_then(|s| s.literal_text())
        .is_some_and(|t| t.eq_ignore_ascii_case("$value") || t.eq_ignore_ascii_case("content"))
}

/// Identity of a documented path for deduplication: normalized segments and query.
pub fn path_key(t: &HttpTemplate) -> String {
    let segs = t.template.api_segments();
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

/// Where a placeholder sits.
#[derive(Clone, Copy)]
struct Spot<'a> {
    item: bool,
    in_query: bool,
    prev_literal: Option<&'a str>,
}

fn field_for(names_in: &[String], spot: Spot<'_>, taken: &mut NameSet, page: &Page) -> Field {
    let first = names_in.first().map(String::as_str).unwrap_or("");
    let generic = first.trim().eq_ignore_ascii_case("id");
    let after = if generic {
        spot.prev_literal.map(str::to_owned)
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
        item_path: spot.item,
        in_query: spot.in_query,
        after,
        param,
    }
}

/// The tokens, fields and name words of one documented path.
pub fn shape<'p>(page: &'p Page, t: &'p HttpTemplate) -> Shape<'p> {
    let segs = t.template.api_segments();
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
                    let spot = Spot {
                        item: false,
                        in_query: false,
                        prev_literal: prev_literal.as_deref(),
                    };
                    fields.push(field_for(names, spot, &mut taken, page));
                    path.push(Tok::Param(fields.len() - 1));
                }
                SegmentPart::ItemPath { name } => {
                    let spot = Spot {
                        item: true,
                        in_query: false,
                        prev_literal: None,
                    };
                    let names = std::slice::from_ref(name);
                    fields.push(field_for(names, spot, &mut taken, page));
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
        if let Some(text) = seg.literal_text() {
            prev_literal = Some(text);
        }
    }
    if segs.is_empty() {
        push_lit(&mut path, "/");
    }
    path.retain(|t| !matches!(t, Tok::Lit(s) if s.is_empty()));
    let mut query = Vec::new();
    for (k, v) in t.template.query_pairs() {
        let mut toks = Vec::new();
        for piece in placeholders(v) {
            match piece {
                Piece::Lit(s) => push_lit(&mut toks, &s),
                Piece::Param(names) => {
                    let spot = Spot {
                        item: false,
                        in_query: true,
                        prev_literal: None,
                    };
                    fields.push(field_for(&names, spot, &mut taken, page));
                    toks.push(Tok::Param(fields.len() - 1));
                }
            }
        }
        query.push((k.to_owned(), toks));
    }
    Shape {
        template: t,
        fields,
        path,
        query,
        words,
    }
}
