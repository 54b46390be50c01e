//! Tokens of one catalogue entry: a struct for a type (plus its `Any…` enum when it has
//! documented subtypes) or an open enum for an enum.

use super::super::docs;
use super::super::names::{camel_ident, ident, snake_ident};
use super::TypeNames;
use crate::model::Text;
use crate::types::{Catalogue, EnumDef, Field, FieldType, TypeDef};
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

use super::super::docs::doc_attrs;

/// English prose, then the localized prose when it differs.
fn both(t: &Text) -> Vec<String> {
    let en = docs::prose(&t.en);
    let loc = docs::prose(&t.localized);
    let mut out = Vec::new();
    if !en.is_empty() {
        out.push(en.clone());
    }
    if !loc.is_empty() && loc != en {
        out.push(loc);
    }
    out
}

/// `(owner, json name)` of fields that must be boxed: a single (not collection) value of a
/// type that can contain the owner again.
pub fn boxed_fields(cat: &Catalogue, names: &TypeNames) -> BTreeSet<(String, String)> {
    // Direct containment edges: owner → struct type of a single-valued field.
    let mut edges: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for t in cat.types.keys() {
        for f in cat.all_fields(t) {
            if let FieldType::Complex(target) = &f.ty {
                if !f.collection && !names.any.contains_key(target) {
                    edges.entry(t.as_str()).or_default().push(target.as_str());
                }
            }
        }
    }
    let reaches = |from: &str, to: &str| {
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        let mut stack = vec![from];
        while let Some(n) = stack.pop() {
            if n == to {
                return true;
            }
            if seen.insert(n) {
                stack.extend(edges.get(n).into_iter().flatten().copied());
            }
        }
        false
    };
    let mut out = BTreeSet::new();
    for (owner, targets) in &edges {
        for target in targets {
            if reaches(target, owner) {
                for f in cat.all_fields(owner) {
                    if matches!(&f.ty, FieldType::Complex(t) if t == target) && !f.collection {
                        out.insert(((*owner).to_owned(), f.json_name.clone()));
                    }
                }
            }
        }
    }
    out
}

/// The items of one catalogue entry.
pub fn item(
    cat: &Catalogue,
    names: &TypeNames,
    boxed: &BTreeSet<(String, String)>,
    full: &str,
) -> TokenStream {
    if let Some(t) = cat.types.get(full) {
        let s = strukt(cat, names, boxed, t);
        let any = names.any.get(full).map(|a| any_enum(cat, names, t, a));
        quote! { #s #any }
    } else if let Some(e) = cat.enums.get(full) {
        open_enum(names, e)
    } else {
        TokenStream::new()
    }
}

fn type_doc(cat: &Catalogue, t: &TypeDef) -> String {
    let mut parts = both(&t.description);
    if parts.is_empty() {
        parts.push(docs::line(&t.title.en));
    }
    let mut facts = vec![format!("Documented type {}", docs::code(&t.name))];
    if let Some(b) = &t.base {
        facts.push(if t.base_from_prose {
            format!(
                "derived from {} (named only in the page's \"Inherits from\" text)",
                docs::code(b)
            )
        } else {
            format!("derived from {}", docs::code(b))
        });
    }
    if t.is_abstract {
        facts.push("abstract".to_owned());
    }
    if t.open_type {
        facts
            .push("open type (undocumented properties land in `additional_properties`)".to_owned());
    }
    let subs = cat.descendants(&t.name).len();
    if subs > 0 {
        facts.push(format!("{subs} documented subtypes"));
    }
    parts.push(format!(
        "{}; from {}.",
        facts.join(", "),
        docs::code(&t.source)
    ));
    parts.join("\n\n")
}

fn field_doc(f: &Field) -> String {
    let mut parts = both(&f.description);
    let kind = if f.relationship {
        "Relationship"
    } else {
        "Property"
    };
    let documented = docs::code(&crate::parse::spans::plain(&f.documented_type));
    parts.push(format!(
        "{kind} {}, documented type {documented}.",
        docs::code(&f.json_name)
    ));
    parts.join("\n\n")
}

fn strukt(
    cat: &Catalogue,
    names: &TypeNames,
    boxed: &BTreeSet<(String, String)>,
    t: &TypeDef,
) -> TokenStream {
    let name = ident(names.names.get(&t.name).map_or("Unnamed", String::as_str));
    let doc = doc_attrs(&type_doc(cat, t));
    let mut taken: BTreeSet<String> = ["odata_type", "additional_properties"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    let mut fields = Vec::new();
    let mut reads = Vec::new();
    let mut writes = Vec::new();
    for f in cat.all_fields(&t.name) {
        if f.json_name == "@odata.type" {
            continue;
        }
        let base = snake_ident(&f.json_name, "field", "field");
        let mut fname = base.clone();
        let mut i = 2;
        while taken.contains(&fname) {
            fname = format!("{base}_{i}");
            i += 1;
        }
        taken.insert(fname.clone());
        let fid = ident(&fname);
        let json = Literal::string(&f.json_name);
        let mut ty = names.value_type(&f.ty, false);
        if boxed.contains(&(t.name.clone(), f.json_name.clone())) {
            ty = quote! { Box<#ty> };
        }
        if f.collection {
            ty = quote! { Vec<#ty> };
        }
        let fdoc = doc_attrs(&field_doc(f));
        fields.push(quote! {
            #fdoc
            pub #fid: Option<Option<#ty>>,
        });
        reads.push(quote! { model.#fid = r.field(#json); });
        writes.push(quote! { w.field(#json, &self.#fid); });
    }
    let debug = debug_impl(&name);
    quote! {
        #doc
        #[derive(Clone, Default)]
        pub struct #name {
            /// `@odata.type`: the type of the value as sent (`#microsoft.graph.…`); set it
            /// when sending a subtype where its base is expected.
            pub odata_type: Option<String>,
            #(#fields)*
            /// Properties the documentation does not list, kept as sent.
            pub additional_properties: serde_json::Map<String, serde_json::Value>,
        }

        impl serde::Serialize for #name {
            /// The JSON object: `additional_properties`, then every property that is set.
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut w = crate::wire::Writer::new(self.additional_properties.clone());
                w.optional("@odata.type", &self.odata_type);
                #(#writes)*
                w.serialize(s)
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            /// Read from a JSON object; the properties left over go to
            /// `additional_properties`.
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                crate::wire::Reader::read(d, Self::read_fields)
            }
        }

        impl #name {
            /// Takes the properties out of `r` (see `Deserialize`). A plain fn, not a
            /// part of the generic `deserialize`: a `?` on the deserializer's error type
            /// per model cost rustc more than the reads themselves.
            #[inline]
            #[allow(clippy::field_reassign_with_default)]
            fn read_fields(r: &mut crate::wire::Reader) -> Result<Self, serde_json::Error> {
                // one assignment per property rather than one struct literal: a literal's
                // unwind paths drop every field read before, quadratic in the fields for
                // rustc's borrow checker on the ~100-property types
                let mut model = Self::default();
                model.odata_type = r.field("@odata.type").flatten();
                #(#reads)*
                model.additional_properties = r.rest();
                Ok(model)
            }
        }

        #debug
    }
}

/// `Debug` of a generated struct (a model or a body): its name and the JSON of the
/// properties that are set, through `crate::wire::debug_model`. `#[inline]`, so that it is
/// compiled only in a program that prints the type; a derived `Debug` is compiled here for
/// every struct and lists every unset field.
pub fn debug_impl(name: &proc_macro2::Ident) -> TokenStream {
    let text = Literal::string(&name.to_string());
    quote! {
        impl std::fmt::Debug for #name {
            /// The type's name and the JSON object it serializes to.
            #[inline]
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                crate::wire::debug_model(f, #text, self)
            }
        }
    }
}

fn any_enum(cat: &Catalogue, names: &TypeNames, base: &TypeDef, any: &str) -> TokenStream {
    let any_id = ident(any);
    let mut members: Vec<&str> = vec![base.name.as_str()];
    members.extend(cat.descendants(&base.name));
    let mut variants = Vec::new();
    let mut ser = Vec::new();
    let mut de = Vec::new();
    let mut fallback = TokenStream::new();
    for full in members {
        let Some(rust) = names.names.get(full) else {
            continue;
        };
        let v = ident(rust);
        let vdoc = if full == base.name {
            format!(
                "{}, or a subtype this crate does not know (its fields stay in `additional_properties`).",
                docs::code(full)
            )
        } else {
            format!("{}.", docs::code(full))
        };
        let vdoc = doc_attrs(&vdoc);
        variants.push(quote! { #vdoc #v(Box<#v>), });
        ser.push(quote! { Self::#v(v) => serde::Serialize::serialize(v, s), });
        if full == base.name {
            fallback = quote! { _ => crate::wire::subtype(value, Self::#v), };
        } else {
            let tag = Literal::string(full);
            de.push(quote! { Some(#tag) => crate::wire::subtype(value, Self::#v), });
        }
    }
    let doc = doc_attrs(&format!(
        "A {} or one of its documented subtypes, chosen by `@odata.type` (with or without \
         `#`); the base when the tag is absent or unknown.",
        docs::code(&base.name)
    ));
    quote! {
        #doc
        #[derive(Debug, Clone)]
        pub enum #any_id {
            #(#variants)*
        }

        impl serde::Serialize for #any_id {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#ser)*
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for #any_id {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                crate::wire::read_tagged(d, Self::from_tagged)
            }
        }

        impl #any_id {
            /// The variant `value`'s `@odata.type` names; the base when it names none.
            #[inline]
            fn from_tagged(value: serde_json::Value) -> Result<Self, serde_json::Error> {
                let tag = crate::wire::odata_type(&value).map(str::to_owned);
                match tag.as_deref() {
                    #(#de)*
                    #fallback
                }
            }
        }
    }
}

fn open_enum(names: &TypeNames, e: &EnumDef) -> TokenStream {
    let name = ident(names.names.get(&e.name).map_or("Unnamed", String::as_str));
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut variants = Vec::new();
    let mut to_wire = Vec::new();
    let mut from_wire = Vec::new();
    for m in &e.members {
        let base = camel_ident(&m.name, "Value", "V");
        let mut v = base.clone();
        let mut i = 2;
        while taken.contains(&v) {
            v = format!("{base}{i}");
            i += 1;
        }
        taken.insert(v.clone());
        let vid = ident(&v);
        let wire = Literal::string(&m.name);
        let mut d = both(&m.description);
        d.push(match &m.value {
            Some(n) => format!(
                "Wire value {}, documented number {}.",
                docs::code(&m.name),
                docs::code(n)
            ),
            None => format!("Wire value {}.", docs::code(&m.name)),
        });
        let vdoc = doc_attrs(&d.join("\n\n"));
        variants.push(quote! { #vdoc #vid, });
        to_wire.push(quote! { Self::#vid => #wire, });
        from_wire.push(quote! { #wire => Self::#vid, });
    }
    let other = ident(if taken.contains("Other") {
        "UndocumentedValue"
    } else {
        "Other"
    });
    let mut d = both(&e.description);
    d.push(format!(
        "Documented enum {}{}; from {}.",
        docs::code(&e.name),
        if e.flags {
            " (flags: values combine as a comma-separated list, see `crate::wire::Flags`)"
        } else {
            ""
        },
        docs::code(&e.source)
    ));
    let doc = doc_attrs(&d.join("\n\n"));
    let from_wire = if from_wire.is_empty() {
        quote! { Self::#other(s.to_owned()) }
    } else {
        quote! {
            match s {
                #(#from_wire)*
                _ => Self::#other(s.to_owned()),
            }
        }
    };
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#variants)*
            /// A value not documented when this crate was generated, kept as sent.
            #other(String),
        }

        impl crate::wire::WireEnum for #name {
            fn as_str(&self) -> &str {
                match self {
                    #(#to_wire)*
                    Self::#other(s) => s,
                }
            }

            fn from_wire(s: &str) -> Self {
                #from_wire
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                crate::wire::serialize_enum(self, s)
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                crate::wire::deserialize_enum(d)
            }
        }
    }
}
