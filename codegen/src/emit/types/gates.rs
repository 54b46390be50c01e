//! Which area features compile each generated type: a type is compiled when an enabled
//! area's calls use it, directly or through the types it holds, so a crate built with one
//! area compiles only that area's share of the ~1,300 types.
//!
//! The roots are the `crate::types::Name` paths in each area's rendered module (whatever
//! the calls take or return); from there the closure follows every field's type (with the
//! bases' fields) and, for a base with documented subtypes, all of them (its `Any…` enum
//! holds each). A type no area reaches is compiled with `full`; a type every area reaches
//! gets no `cfg` at all.
//!
//! The same sets say where a type lives ([`Gates::homes`]): in the crate of the one area
//! that reaches it, or in the model crate.

use super::TypeNames;
use crate::types::{Catalogue, FieldType};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// The area features whose calls reach each type or enum, by full documented name.
#[derive(Debug, Clone, Default)]
pub struct Gates {
    by_type: BTreeMap<String, BTreeSet<String>>,
    /// Every area feature, to tell a type all areas use.
    all: BTreeSet<String>,
}

impl Gates {
    /// Gates from `areas`: each area's feature with the texts of its rendered module files.
    pub fn build<'t>(
        cat: &Catalogue,
        names: &TypeNames,
        areas: impl IntoIterator<Item = (&'t str, Vec<&'t str>)>,
    ) -> Gates {
        // Rust name → the full names it stands for (an `Any…` enum: its base).
        let mut by_rust: BTreeMap<&str, &str> = BTreeMap::new();
        for (full, rust) in names.names.iter().chain(&names.any) {
            by_rust.insert(rust.as_str(), full.as_str());
        }
        let mut gates = Gates::default();
        for (feature, texts) in areas {
            gates.all.insert(feature.to_owned());
            let mut stack: Vec<&str> = Vec::new();
            for text in texts {
                stack.extend(type_paths(text).filter_map(|n| by_rust.get(n).copied()));
            }
            let mut seen: BTreeSet<&str> = BTreeSet::new();
            while let Some(full) = stack.pop() {
                if !seen.insert(full) {
                    continue;
                }
                stack.extend(named_by(cat, full));
            }
            for full in seen {
                gates
                    .by_type
                    .entry(full.to_owned())
                    .or_default()
                    .insert(feature.to_owned());
            }
        }
        gates
    }

    /// The `#[cfg(…)]` of a type's items: the features of the areas that reach it, `full`
    /// when none does, nothing when all do.
    pub fn cfg(&self, full: &str) -> TokenStream {
        let features: Vec<&str> = match self.by_type.get(full) {
            Some(f) if f.len() == self.all.len() => return TokenStream::new(),
            Some(f) => f.iter().map(String::as_str).collect(),
            None if self.all.is_empty() => return TokenStream::new(),
            None => vec!["full"],
        };
        match features.as_slice() {
            [one] => quote! { #[cfg(feature = #one)] },
            many => quote! { #[cfg(any(#(feature = #many),*))] },
        }
    }

    /// The types that live in an area's crate rather than the model crate, by full name →
    /// area feature: those exactly one area reaches and no type of the model names. A type
    /// one area reaches is named only by types that area reaches, or by types no area
    /// reaches (compiled with `full`, in the model); those pull it back into the model,
    /// and with it what it names, until nothing in the model names an area's type. So an
    /// area crate's types name only their own crate's types and the model's, never
    /// another area's.
    pub fn homes(&self, cat: &Catalogue) -> BTreeMap<String, String> {
        let mut homes: BTreeMap<String, String> = self
            .by_type
            .iter()
            .filter(|(_, areas)| areas.len() == 1 && self.all.len() > 1)
            .filter_map(|(full, areas)| Some((full.clone(), areas.first()?.clone())))
            .collect();
        // every type of the model, those no area reaches included
        let mut stack: Vec<String> = cat
            .types
            .keys()
            .filter(|full| !homes.contains_key(*full))
            .cloned()
            .collect();
        while let Some(full) = stack.pop() {
            for named in named_by(cat, &full) {
                if homes.remove(named).is_some() {
                    stack.push(named.to_owned());
                }
            }
        }
        homes
    }

    /// How many types and enums each area compiles, for the report.
    pub fn per_area(&self) -> BTreeMap<String, usize> {
        let mut out: BTreeMap<String, usize> = self.all.iter().map(|f| (f.clone(), 0)).collect();
        for features in self.by_type.values() {
            for f in features {
                *out.entry(f.clone()).or_default() += 1;
            }
        }
        out
    }
}

/// The types and enums a type's items name: its fields' types (with its bases' fields)
/// and, for a base with documented subtypes, each subtype (its `Any…` enum holds them).
fn named_by<'c>(cat: &'c Catalogue, full: &str) -> impl Iterator<Item = &'c str> {
    let fields = cat
        .all_fields(full)
        .into_iter()
        .filter_map(|f| match &f.ty {
            FieldType::Complex(n) | FieldType::Enum(n) => Some(n.as_str()),
            _ => None,
        });
    cat.descendants(full).into_iter().chain(fields)
}

/// The names after `crate::types::` in rendered Rust text.
fn type_paths(text: &str) -> impl Iterator<Item = &str> {
    const PREFIX: &str = "crate::types::";
    text.match_indices(PREFIX).filter_map(|(i, _)| {
        let rest = text.get(i + PREFIX.len()..)?;
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        rest.get(..end).filter(|n| !n.is_empty())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_page;

    fn resource(stem: &str, annotation: &str, rows: &str) -> crate::model::Page {
        let md = format!(
            "---\ntitle: x\ndoc_type: resourcePageType\n---\n# {stem} resource type\n\nNamespace: microsoft.graph\n\nA type.\n\n## Properties\n\n| Property | Type | Description |\n|:---|:---|:---|\n{rows}\n## JSON representation\n\n<!-- {annotation} -->\n```json\n{{}}\n```\n"
        );
        parse_page(&format!("v1.0/resources/{stem}.md"), md.as_bytes())
    }

    fn annotation(name: &str, base: Option<&str>) -> String {
        match base {
            Some(b) => format!(
                r#"{{"blockType": "resource", "@odata.type": "microsoft.graph.{name}", "baseType": "microsoft.graph.{b}"}}"#
            ),
            None => {
                format!(r#"{{"blockType": "resource", "@odata.type": "microsoft.graph.{name}"}}"#)
            }
        }
    }

    #[test]
    fn areas_reach_field_types_and_subtypes() {
        let cat = Catalogue::build(&[
            resource(
                "owner",
                &annotation("owner", None),
                "| part | [part](part.md) | P. |\n",
            ),
            resource("part", &annotation("part", None), "| n | Int32 | N. |\n"),
            resource(
                "special",
                &annotation("special", Some("part")),
                "| tag | [tag](tag.md) | T. |\n",
            ),
            resource("tag", &annotation("tag", None), "| t | String | T. |\n"),
            resource("alone", &annotation("alone", None), "| a | String | A. |\n"),
            resource(
                "shared",
                &annotation("shared", None),
                "| s | String | S. |\n",
            ),
        ]);
        let names = TypeNames::build(&cat);
        let gates = Gates::build(
            &cat,
            &names,
            [
                (
                    "mail",
                    vec![
                        "fn f() -> crate::types::Owner {}",
                        "x: crate::types::Shared",
                    ],
                ),
                ("files", vec!["y: Vec<crate::types::Shared>"]),
            ],
        );
        let cfg = |n: &str| gates.cfg(&format!("microsoft.graph.{n}")).to_string();
        // the field's type, its subtype (the `Any` enum holds it) and the subtype's fields
        for n in ["owner", "part", "special", "tag"] {
            assert_eq!(
                cfg(n),
                quote! { #[cfg(feature = "mail")] }.to_string(),
                "{n}"
            );
        }
        assert_eq!(
            cfg("alone"),
            quote! { #[cfg(feature = "full")] }.to_string()
        );
        // every area reaches it: no cfg
        assert_eq!(cfg("shared"), "");
        assert_eq!(gates.per_area()["mail"], 5);
    }

    #[test]
    fn a_type_one_area_reaches_lives_in_its_crate_unless_the_model_names_it() {
        let cat = Catalogue::build(&[
            resource(
                "owner",
                &annotation("owner", None),
                "| part | [part](part.md) | P. |\n",
            ),
            resource("part", &annotation("part", None), "| n | Int32 | N. |\n"),
            resource(
                "shared",
                &annotation("shared", None),
                "| s | String | S. |\n",
            ),
            resource(
                "unused",
                &annotation("unused", None),
                "| l | [leaf](leaf.md) | L. |\n",
            ),
            resource("leaf", &annotation("leaf", None), "| t | String | T. |\n"),
        ]);
        let names = TypeNames::build(&cat);
        let gates = Gates::build(
            &cat,
            &names,
            [
                (
                    "mail",
                    vec!["crate::types::Owner crate::types::Shared crate::types::Leaf"],
                ),
                ("files", vec!["crate::types::Shared"]),
            ],
        );
        let homes = gates.homes(&cat);
        let home = |n: &str| {
            homes
                .get(&format!("microsoft.graph.{n}"))
                .map(String::as_str)
        };
        assert_eq!(home("owner"), Some("mail"));
        assert_eq!(home("part"), Some("mail"));
        assert_eq!(home("shared"), None);
        // `unused` (no area reaches it) stays in the model, so `leaf` does too
        assert_eq!(home("unused"), None);
        assert_eq!(home("leaf"), None);
    }

    #[test]
    fn type_paths_are_read_from_rendered_text() {
        let text = "fn f() -> Result<crate::runtime::Page<crate::types::AnyMessage>, Error> {}\n\
                    let b: crate::types::ItemBody; crate::types::";
        assert_eq!(
            type_paths(text).collect::<Vec<_>>(),
            ["AnyMessage", "ItemBody"]
        );
    }
}
