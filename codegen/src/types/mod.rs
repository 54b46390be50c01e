//! The type catalogue: every documented resource/complex type and enum, normalised once
//! from the parsed pages, for the emitter to read.
//!
//! Types and enums are keyed by their documented, namespace-qualified name
//! (`microsoft.graph.message`, `microsoft.graph.callRecords.session`), never by file stem.
//! Each property's `Type` cell is resolved to a [`FieldType`]: a [`Primitive`] (all
//! spellings normalised), a complex type or an enum (links by their target page, bare and
//! reference-style names by name), or [`FieldType::Json`] with a diagnostic when the cell
//! names no type. Inheritance comes from the `baseType` annotation or, where the annotation
//! lacks it, from the "Inherits from [x](x.md)" prose (reported as a doc defect).
//! [`Catalogue::descendants`] indexes the derived types of every base for polymorphism.

mod build;
mod primitive;

pub use primitive::Primitive;

use crate::model::{Diagnostic, Text, TypeRef};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What a property's value is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum FieldType {
    Primitive(Primitive),
    /// A resource or complex type of the catalogue, by full name.
    Complex(String),
    /// An enum of the catalogue, by full name.
    Enum(String),
    /// The cell names no type the catalogue knows ("A or B", "Untyped JSON object", a
    /// description in the cell, an undocumented type): any JSON value.
    Json,
}

/// A resolved `Type` cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resolved {
    pub ty: FieldType,
    pub collection: bool,
}

/// A property or relationship of a type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    /// The exact JSON name (`bccRecipients`).
    pub json_name: String,
    pub ty: FieldType,
    pub collection: bool,
    /// Listed under Relationships (navigation property).
    pub relationship: bool,
    /// The `Type` cell as written (English side).
    pub documented_type: String,
    pub description: Text,
    pub line: u32,
}

/// A documented resource or complex type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypeDef {
    /// Full name (`microsoft.graph.message`).
    pub name: String,
    /// Namespace (`microsoft.graph`).
    pub namespace: String,
    /// Name without namespace (`message`).
    pub short: String,
    /// Page defining it (the first, when several pages document parts of one type).
    pub source: String,
    /// Line of its `resource` annotation.
    pub line: u32,
    pub title: Text,
    pub description: Text,
    /// Full name of the base type, if any.
    pub base: Option<String>,
    /// The base came from "Inherits from" prose, not from the `baseType` annotation.
    pub base_from_prose: bool,
    pub is_abstract: bool,
    pub open_type: bool,
    /// Own properties and relationships (not the bases'), in document order.
    pub fields: Vec<Field>,
}

/// A member of an enum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnumMemberDef {
    /// The wire value (`unknownFutureValue`).
    pub name: String,
    /// The documented numeric value, if any (Intune tables).
    pub value: Option<String>,
    pub description: Text,
}

/// A documented enum type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnumDef {
    /// Full name (`microsoft.graph.riskLevel`).
    pub name: String,
    pub namespace: String,
    pub short: String,
    pub source: String,
    pub line: u32,
    pub description: Text,
    pub members: Vec<EnumMemberDef>,
    /// Members combine as a comma-separated list (numeric values are distinct powers of
    /// two, or the page calls the enum a flags enum).
    pub flags: bool,
}

/// Counts for the coverage report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogueStats {
    /// `resource` annotations seen.
    pub resource_annotations: usize,
    /// Of those, annotations whose type is in the catalogue.
    pub annotations_typed: usize,
    pub types: usize,
    pub enums: usize,
    pub enum_members: usize,
    pub fields: usize,
    /// Fields that fell back to untyped JSON.
    pub untyped_fields: usize,
}

/// All documented types and enums.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    pub types: BTreeMap<String, TypeDef>,
    pub enums: BTreeMap<String, EnumDef>,
    /// Base full name → direct subtypes, sorted.
    pub children: BTreeMap<String, Vec<String>>,
    /// Lower-case short and full names → full names of types and enums (for bare names).
    by_name: BTreeMap<String, Vec<String>>,
    /// Lower-case page stem → the type or enum the page defines.
    by_stem: BTreeMap<String, String>,
    pub stats: CatalogueStats,
    pub diagnostics: Vec<Diagnostic>,
}

impl Catalogue {
    /// Build the catalogue from parsed pages (any order; the result is deterministic).
    pub fn build(pages: &[crate::model::Page]) -> Catalogue {
        build::build(pages)
    }

    /// Resolve a `Type` cell; `None` when it names nothing the catalogue can map (the
    /// caller decides whether that is untyped JSON).
    pub fn resolve(&self, t: &TypeRef) -> Option<Resolved> {
        self.resolve_cell(t).ok()
    }

    /// The type or enum a (full, short, any-case, `#`-prefixed, `Collection(…)`) name
    /// denotes; the same reading as response annotations' `@odata.type`.
    pub fn resolve_name(&self, name: &str) -> Option<Resolved> {
        let n = name.trim().trim_start_matches('#');
        let (n, collection) = match n
            .strip_prefix("Collection(")
            .and_then(|r| r.strip_suffix(')'))
        {
            Some(inner) => (inner.trim_start_matches('#'), true),
            None => (n, false),
        };
        let ty = if let Some(p) = Primitive::parse(n) {
            FieldType::Primitive(p)
        } else {
            self.named(n)?
        };
        Some(Resolved { ty, collection })
    }

    /// A complex type or enum by name (full or short, any case).
    fn named(&self, name: &str) -> Option<FieldType> {
        if self.types.contains_key(name) {
            return Some(FieldType::Complex(name.to_owned()));
        }
        if self.enums.contains_key(name) {
            return Some(FieldType::Enum(name.to_owned()));
        }
        let hits = self.by_name.get(&name.to_ascii_lowercase())?;
        // Several namespaces may share a short name: prefer `microsoft.graph`.
        let full = hits
            .iter()
            .find(|h| {
                h.rsplit_once('.')
                    .is_some_and(|(ns, _)| ns == "microsoft.graph")
            })
            .or_else(|| hits.first())?;
        self.kind_of(full)
    }

    fn kind_of(&self, full: &str) -> Option<FieldType> {
        if self.types.contains_key(full) {
            Some(FieldType::Complex(full.to_owned()))
        } else if self.enums.contains_key(full) {
            Some(FieldType::Enum(full.to_owned()))
        } else {
            None
        }
    }

    /// The type a link target (`../resources/x.md`, `x.md#anchor`) documents.
    fn linked(&self, target: &str) -> Option<FieldType> {
        let file = target.split(['#', '?']).next()?.rsplit('/').next()?;
        let stem = file.strip_suffix(".md")?;
        let full = self.by_stem.get(&stem.to_ascii_lowercase())?;
        self.kind_of(full)
    }

    fn resolve_cell(&self, t: &TypeRef) -> Result<Resolved, build::Unresolved> {
        build::resolve_cell(self, t)
    }

    /// Ancestors of `name`, nearest first (cycles cut).
    pub fn ancestors(&self, name: &str) -> Vec<&TypeDef> {
        let mut out: Vec<&TypeDef> = Vec::new();
        let mut cur = self.types.get(name).and_then(|t| t.base.as_deref());
        while let Some(b) = cur {
            let Some(def) = self.types.get(b) else { break };
            if def.name == name || out.iter().any(|o| o.name == def.name) {
                break;
            }
            out.push(def);
            cur = def.base.as_deref();
        }
        out
    }

    /// Every field of `name` with its bases' fields first (root base first); a field a
    /// subtype documents again replaces the inherited one in place.
    pub fn all_fields(&self, name: &str) -> Vec<&Field> {
        let Some(def) = self.types.get(name) else {
            return Vec::new();
        };
        let mut chain: Vec<&TypeDef> = self.ancestors(name);
        chain.reverse();
        chain.push(def);
        let mut out: Vec<&Field> = Vec::new();
        for t in chain {
            for f in &t.fields {
                match out.iter().position(|o| o.json_name == f.json_name) {
                    Some(i) => out[i] = f,
                    None => out.push(f),
                }
            }
        }
        out
    }

    /// All transitive subtypes of `base`, sorted by name (cycles cut).
    pub fn descendants(&self, base: &str) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        let mut stack: Vec<&str> = vec![base];
        while let Some(b) = stack.pop() {
            for c in self.children.get(b).into_iter().flatten() {
                if c != base && !out.contains(&c.as_str()) {
                    out.push(c);
                    stack.push(c);
                }
            }
        }
        out.sort_unstable();
        out
    }
}

#[cfg(test)]
mod tests;
