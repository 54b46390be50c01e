//! Building the [`Catalogue`] from parsed pages: naming types and enums, merging types
//! documented on several pages, resolving inheritance and every `Type` cell.

use super::{
    Catalogue, CatalogueStats, EnumDef, EnumMemberDef, Field, FieldType, Primitive, Resolved,
    TypeDef,
};
use crate::diag::Code;
use crate::model::{Diagnostic, Page, Param, Severity, Text, TypeRef};
use crate::parse::spans::plain;
use std::collections::BTreeMap;

const DEFAULT_NAMESPACE: &str = "microsoft.graph";

/// Why a `Type` cell did not resolve (the diagnostic code and a message).
#[derive(Debug)]
pub struct Unresolved {
    pub code: Code,
    pub message: String,
}

fn warning(code: Code, file: &str, line: u32, message: String) -> Diagnostic {
    Diagnostic {
        code,
        severity: Severity::Warning,
        file: file.to_owned(),
        line,
        message,
    }
}

fn stem_of(source: &str) -> &str {
    let file = source.rsplit('/').next().unwrap_or(source);
    file.strip_suffix(".md").unwrap_or(file)
}

fn is_dotted_ident(s: &str) -> bool {
    !s.is_empty()
        && s.split('.').all(|p| {
            p.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
}

/// The page's namespace, if it is one (`microsoft.graph Represents …` → `microsoft.graph`).
fn namespace_of(page: &Page) -> String {
    page.namespace
        .as_deref()
        .and_then(|n| n.split_whitespace().next())
        .map(|n| n.trim_end_matches(['.', ',', ';']))
        .filter(|n| is_dotted_ident(n))
        .unwrap_or(DEFAULT_NAMESPACE)
        .to_owned()
}

/// `(namespace, short)` of a qualified name; bare names take `namespace`.
fn split_name(name: &str, namespace: &str) -> (String, String) {
    let name = name.trim().trim_start_matches('#');
    match name.rsplit_once('.') {
        Some((ns, short)) => (ns.to_owned(), short.to_owned()),
        None => (namespace.to_owned(), name.to_owned()),
    }
}

/// The first word of an English title when it is an identifier (`mobileAppPublishingState
/// enum type` → `mobileAppPublishingState`).
fn title_name(title: &Text) -> Option<String> {
    let en = plain(&title.en);
    let first = en.split_whitespace().next()?;
    is_dotted_ident(first).then(|| first.to_owned())
}

/// The first markdown link after "inherits from" (any case): `(text, target)`.
pub fn inherits_from(en: &str) -> Option<(String, String)> {
    let lower = en.to_ascii_lowercase();
    let at = lower.find("inherits from")? + "inherits from".len();
    let rest = en.get(at..)?;
    let open = rest.find('[')?;
    // Only a link that starts the clause (allow a few words such as "the").
    if rest[..open].split_whitespace().count() > 2 {
        return None;
    }
    let close = rest[open..].find("](")? + open;
    let end = rest[close..].find(')')? + close;
    let text = plain(&rest[open + 1..close]);
    let target = rest[close + 2..end].trim().to_owned();
    Some((text, target))
}

/// The target of the first inline link in a cell, if any.
fn link_target(raw: &str) -> Option<&str> {
    let start = raw.find("](")? + 2;
    let end = raw[start..].find(')')? + start;
    Some(raw[start..end].trim())
}

/// Numeric values that are distinct powers of two (at least three of them, zero allowed).
fn looks_like_flags(members: &[EnumMemberDef]) -> bool {
    let values: Option<Vec<u64>> = members
        .iter()
        .map(|m| m.value.as_deref().and_then(|v| v.trim().parse().ok()))
        .collect();
    let Some(mut values) = values else {
        return false;
    };
    values.retain(|v| *v != 0);
    let n = values.len();
    values.sort_unstable();
    values.dedup();
    n >= 3 && values.len() == n && values.iter().all(|v| v.is_power_of_two())
}

pub fn build(pages: &[Page]) -> Catalogue {
    let mut pages: Vec<&Page> = pages.iter().collect();
    pages.sort_by(|a, b| a.source.cmp(&b.source));
    let mut cat = Catalogue::default();
    let mut stats = CatalogueStats::default();
    // Full name → rows still to resolve: (page, relationship, row).
    let mut rows: BTreeMap<String, Vec<(&Page, bool, &Param)>> = BTreeMap::new();
    let mut base_raw: BTreeMap<String, (&Page, Option<String>)> = BTreeMap::new();

    for page in &pages {
        let ns = namespace_of(page);
        if let Some(res) = &page.resource {
            let annotated = res
                .annotation
                .as_ref()
                .and_then(|a| a.odata_type.as_deref());
            if annotated.is_some() {
                stats.resource_annotations += 1;
            }
            let name = match annotated {
                Some(n) => Some(n.trim().trim_start_matches('#').to_owned()),
                // A table-only resource page: named by its title when that is an identifier.
                None if !res.properties.is_empty() => title_name(&page.title),
                None => None,
            };
            let Some(name) = name.filter(|n| is_dotted_ident(n)) else {
                if let Some(n) = annotated {
                    cat.diagnostics.push(warning(
                        Code::TypeNameInvalid,
                        &page.source,
                        res.annotation.as_ref().map_or(1, |a| a.line),
                        format!("resource annotation names {n:?}, not a type name"),
                    ));
                }
                continue;
            };
            let (namespace, short) = split_name(&name, &ns);
            let full = format!("{namespace}.{short}");
            let ann = res.annotation.as_ref();
            let line = ann.map_or(1, |a| a.line);
            if annotated.is_none() {
                cat.diagnostics.push(warning(
                    Code::ResourceWithoutAnnotation,
                    &page.source,
                    1,
                    format!("resource tables without a `resource` annotation; named {full:?} from the title"),
                ));
            }
            cat.by_stem
                .entry(stem_of(&page.source).to_ascii_lowercase())
                .or_insert_with(|| full.clone());
            let annotated_base = ann
                .and_then(|a| a.base_type.as_deref())
                .map(str::trim)
                .filter(|b| !b.is_empty() && *b != "null")
                .map(str::to_owned);
            match cat.types.get_mut(&full) {
                Some(def) => {
                    cat.diagnostics.push(warning(
                        Code::TypeDefinedTwice,
                        &page.source,
                        line,
                        format!(
                            "{full} is also documented in {}; the properties are merged",
                            def.source
                        ),
                    ));
                    def.is_abstract |= ann.and_then(|a| a.is_abstract).unwrap_or(false);
                    def.open_type |= ann.and_then(|a| a.open_type).unwrap_or(false);
                    if annotated_base.is_some() {
                        base_raw.insert(full.clone(), (page, annotated_base));
                    }
                }
                None => {
                    cat.types.insert(
                        full.clone(),
                        TypeDef {
                            name: full.clone(),
                            namespace,
                            short,
                            source: page.source.clone(),
                            line,
                            title: page.title.clone(),
                            description: page.description.clone(),
                            base: None,
                            base_from_prose: false,
                            is_abstract: ann.and_then(|a| a.is_abstract).unwrap_or(false),
                            open_type: ann.and_then(|a| a.open_type).unwrap_or(false),
                            fields: Vec::new(),
                        },
                    );
                    base_raw.insert(full.clone(), (page, annotated_base));
                }
            }
            let entry = rows.entry(full).or_default();
            entry.extend(res.properties.iter().map(|p| (*page, false, p)));
            entry.extend(res.relationships.iter().map(|p| (*page, true, p)));
        }
        for e in &page.enums {
            let stem = stem_of(&page.source);
            // The parser names a table without a `<name> values` heading by the file stem;
            // enum pages give the documented name in their title.
            let name = if e.name == stem || e.name.contains('-') {
                title_name(&page.title).unwrap_or_else(|| e.name.clone())
            } else {
                e.name.clone()
            };
            if !is_dotted_ident(&name) {
                cat.diagnostics.push(warning(
                    Code::EnumNameInvalid,
                    &page.source,
                    e.line,
                    format!("enum table named {name:?}, not a type name; skipped"),
                ));
                continue;
            }
            let (namespace, short) = split_name(&name, &ns);
            let full = format!("{namespace}.{short}");
            if page.enums.len() == 1 {
                cat.by_stem
                    .entry(stem.to_ascii_lowercase())
                    .or_insert_with(|| full.clone());
            }
            let members: Vec<EnumMemberDef> = e
                .members
                .iter()
                .filter(|m| is_dotted_ident(&m.name))
                .map(|m| EnumMemberDef {
                    name: m.name.clone(),
                    value: m.value.clone().filter(|v| !v.trim().is_empty()),
                    description: m.description.clone(),
                })
                .collect();
            match cat.enums.get_mut(&full) {
                Some(def) => {
                    cat.diagnostics.push(warning(
                        Code::EnumDefinedTwice,
                        &page.source,
                        e.line,
                        format!(
                            "{full} is also documented in {}; the members are merged",
                            def.source
                        ),
                    ));
                    for m in members {
                        if !def.members.iter().any(|d| d.name == m.name) {
                            def.members.push(m);
                        }
                    }
                }
                None => {
                    let description = if page.enums.len() == 1 {
                        page.description.clone()
                    } else {
                        Text::default()
                    };
                    cat.enums.insert(
                        full.clone(),
                        EnumDef {
                            name: full,
                            namespace,
                            short,
                            source: page.source.clone(),
                            line: e.line,
                            description,
                            members,
                            flags: false,
                        },
                    );
                }
            }
        }
    }
    for def in cat.enums.values_mut() {
        def.flags = looks_like_flags(&def.members);
    }
    for full in cat.types.keys().chain(cat.enums.keys()) {
        let short = full.rsplit('.').next().unwrap_or(full);
        for key in [short.to_ascii_lowercase(), full.to_ascii_lowercase()] {
            let hits = cat.by_name.entry(key).or_default();
            if !hits.contains(full) {
                hits.push(full.clone());
            }
        }
    }

    // Inheritance: the annotation, else the "Inherits from" prose.
    for (full, (page, annotated)) in &base_raw {
        let line = cat.types.get(full).map_or(1, |t| t.line);
        let (base, prose) = match annotated {
            Some(b) => (cat.resolve_name(b).map(|r| r.ty), Some(b.clone())),
            None => match inherits_from(&page.description.en) {
                Some((text, target)) => {
                    let ty = cat.linked(&target).or_else(|| cat.named(&text));
                    if let Some(FieldType::Complex(b)) = &ty {
                        cat.diagnostics.push(warning(
                            Code::BaseTypeFromProse,
                            &page.source,
                            line,
                            format!("{full} has no `baseType` annotation; its base {b} comes from the \"Inherits from\" text"),
                        ));
                    }
                    (ty, Some(text))
                }
                None => continue,
            },
        };
        match base {
            Some(FieldType::Complex(b)) if &b != full => {
                if let Some(def) = cat.types.get_mut(full) {
                    def.base = Some(b.clone());
                    def.base_from_prose = annotated.is_none();
                }
                cat.children.entry(b).or_default().push(full.clone());
            }
            _ => cat.diagnostics.push(warning(
                Code::BaseTypeUnknown,
                &page.source,
                line,
                format!(
                    "base type {:?} of {full} is not a documented type",
                    prose.unwrap_or_default()
                ),
            )),
        }
    }
    for c in cat.children.values_mut() {
        c.sort();
        c.dedup();
    }

    // Fields.
    for (full, list) in rows {
        let mut fields: Vec<Field> = Vec::new();
        for (page, relationship, row) in list {
            if fields.iter().any(|f| f.json_name == row.name) {
                continue;
            }
            let (ty, collection, documented_type) = match &row.type_ref {
                Some(t) => match build_resolve(&cat, t) {
                    Ok(r) => (r.ty, r.collection, t.raw.clone()),
                    Err(u) => {
                        cat.diagnostics
                            .push(warning(u.code, &page.source, row.line, u.message));
                        (FieldType::Json, t.collection, t.raw.clone())
                    }
                },
                None => {
                    cat.diagnostics.push(warning(
                        Code::TypeCellEmpty,
                        &page.source,
                        row.line,
                        format!("{full}.{} has no type; untyped JSON", row.name),
                    ));
                    (FieldType::Json, false, String::new())
                }
            };
            if ty == FieldType::Json {
                stats.untyped_fields += 1;
            }
            fields.push(Field {
                json_name: row.name.clone(),
                ty,
                collection,
                relationship,
                documented_type,
                description: row.description.clone(),
                line: row.line,
            });
        }
        stats.fields += fields.len();
        if let Some(def) = cat.types.get_mut(&full) {
            def.fields = fields;
        }
    }
    stats.annotations_typed = pages
        .iter()
        .filter_map(|p| {
            p.resource
                .as_ref()?
                .annotation
                .as_ref()?
                .odata_type
                .as_deref()
        })
        .filter(|n| {
            let (ns, short) = split_name(n, DEFAULT_NAMESPACE);
            cat.types.contains_key(&format!("{ns}.{short}"))
        })
        .count();
    stats.types = cat.types.len();
    stats.enums = cat.enums.len();
    stats.enum_members = cat.enums.values().map(|e| e.members.len()).sum();
    cat.stats = stats;
    cat.diagnostics.sort_by(|a, b| {
        (a.file.as_str(), a.line, a.code.as_str()).cmp(&(b.file.as_str(), b.line, b.code.as_str()))
    });
    cat
}

fn build_resolve(cat: &Catalogue, t: &TypeRef) -> Result<Resolved, Unresolved> {
    resolve_cell(cat, t)
}

/// Resolve a `Type` cell: alternatives and JSON-object prose first, then the link target,
/// then primitives, then names.
pub fn resolve_cell(cat: &Catalogue, t: &TypeRef) -> Result<Resolved, Unresolved> {
    let raw_plain = plain(&t.raw);
    let lower = raw_plain.to_ascii_lowercase();
    if lower.contains(" or ") || (lower.contains('/') && link_target(&t.raw).is_none()) {
        return Err(Unresolved {
            code: Code::TypeAlternatives,
            message: format!("type cell {raw_plain:?} names alternatives; untyped JSON"),
        });
    }
    if lower.contains("json object") {
        return Err(Unresolved {
            code: Code::TypeUntypedJson,
            message: format!("type cell {raw_plain:?} documents untyped JSON"),
        });
    }
    let resolved = |ty| Resolved {
        ty,
        collection: t.collection,
    };
    if let Some(ty) = link_target(&t.raw).and_then(|target| cat.linked(target)) {
        // `[chatType](chat.md#chattype-values)`, `[DateTimeOffset](timestamp.md)`: a link
        // to a section of another type's page, or to a page of a different type than the
        // link text names; the text is the documented type when it names one.
        let text = t.name.trim().trim_start_matches('#');
        let target_short = match &ty {
            FieldType::Complex(n) | FieldType::Enum(n) => n.rsplit('.').next().unwrap_or(n),
            _ => text,
        };
        if !target_short.eq_ignore_ascii_case(text) {
            if let Some(p) = Primitive::parse(text) {
                return Ok(resolved(FieldType::Primitive(p)));
            }
            if let Some(named) = cat.named(text) {
                return Ok(resolved(named));
            }
        }
        return Ok(resolved(ty));
    }
    if let Some(p) = Primitive::parse(&t.name) {
        return Ok(resolved(FieldType::Primitive(p)));
    }
    let name = t.name.trim().trim_start_matches('#');
    if let Some(ty) = cat.named(name) {
        return Ok(resolved(ty));
    }
    // `itemAnalytics resource`, `error object`; a broken link `x(x.md`; a reference link
    // `[x][x]` read as `xx`.
    let words = name
        .strip_suffix(" resource")
        .or_else(|| name.strip_suffix(" object"))
        .unwrap_or(name);
    let unlinked = words.split('(').next().unwrap_or(words).trim();
    let half = unlinked.len() / 2;
    let undoubled = match (unlinked.get(..half), unlinked.get(half..)) {
        (Some(a), Some(b)) if a == b => a,
        _ => unlinked,
    };
    for candidate in [words, unlinked, undoubled] {
        if candidate != name {
            if let Some(ty) = cat.named(candidate) {
                return Ok(resolved(ty));
            }
        }
    }
    if name.split_whitespace().count() > 2 {
        return Err(Unresolved {
            code: Code::TypeCellProse,
            message: format!("type cell {raw_plain:?} holds prose, not a type; untyped JSON"),
        });
    }
    Err(Unresolved {
        code: Code::TypeUnknown,
        message: format!(
            "type {name:?} is not documented (no resource or enum page); untyped JSON"
        ),
    })
}

#[cfg(test)]
pub fn looks_like_flags_for_test(members: &[EnumMemberDef]) -> bool {
    looks_like_flags(members)
}
