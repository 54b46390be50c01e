//! Catalogue → the generated crate's `types` module: one Rust type per documented type,
//! one Rust enum per documented enum, and an `Any<Base>` enum per base with documented
//! subtypes, split over several files (`src/types/<letters>.rs`) so rustc can work on them
//! in parallel and an edit recompiles less.
//!
//! [`TypeNames`] is the one place that gives Rust names to catalogue entries; operations
//! call [`TypeNames::path`] to turn a resolved `Type` (body or response) into a type path.
//!
//! # Rules
//!
//! - Names: `UpperCamelCase` of the documented short name; when two documented names give
//!   the same Rust name, the one outside `microsoft.graph` takes its namespace's last
//!   segment as a prefix (`callRecords.session` → `CallRecordsSession`), then `2`, `3`, ….
//! - Fields: every property and relationship of the type and its bases (bases first) as
//!   `Option<Option<T>>`: `None` absent (skipped when serializing), `Some(None)` JSON
//!   `null`, `Some(Some(v))` a value. Collections are `Vec<T>`; a field whose type can
//!   contain the owner again is boxed. Every struct has `odata_type` (`@odata.type`) and an
//!   `additional_properties` map that keeps unknown properties.
//! - Structs derive only `Clone` and `Default` (a derived `PartialEq` on ~1,000 structs
//!   doubled the crate's build time); their `Debug` is an `#[inline]` call of
//!   `crate::wire::debug_model` (the set properties as JSON), compiled only where used.
//! - Serde: `Serialize`/`Deserialize` are written out (no serde derive, no `flatten`
//!   buffering): they read and write a `serde_json::Map` property by property with
//!   `crate::wire::{Reader, Writer}`, a method call per property and no `?`; being generic
//!   over the serializer, no code is compiled for a type until a program uses it.
//! - A field typed as a base with documented subtypes holds `Any<Base>`, which picks the
//!   subtype by `@odata.type` (with or without `#`) and falls back to the base.

mod gates;
mod items;

pub use gates::Gates;
pub(crate) use items::debug_impl;

use super::names::{camel_ident, ident, snake_ident};
use crate::model::TypeRef;
use crate::types::{Catalogue, FieldType, Primitive, Resolved};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// Names Rust must not see redefined in the types module.
const RESERVED: &[&str] = &[
    "Option", "Some", "None", "Vec", "String", "Box", "Result", "Ok", "Err", "Default", "Self",
];

/// Rust names of catalogue entries.
#[derive(Debug, Clone, Default)]
pub struct TypeNames {
    /// Full documented name → Rust type name (types and enums).
    pub names: BTreeMap<String, String>,
    /// Base full name → Rust name of its `Any…` enum.
    pub any: BTreeMap<String, String>,
    /// Full names of flag enums (their values travel as `crate::wire::Flags<E>`).
    pub flags: BTreeSet<String>,
}

impl TypeNames {
    pub fn build(cat: &Catalogue) -> TypeNames {
        let mut taken: BTreeSet<String> = RESERVED.iter().map(|s| (*s).to_owned()).collect();
        let mut names = BTreeMap::new();
        // `microsoft.graph` first, so its names stay unprefixed.
        let mut all: Vec<(&str, &str, &str)> = cat
            .types
            .values()
            .map(|t| (t.namespace.as_str(), t.short.as_str(), t.name.as_str()))
            .chain(
                cat.enums
                    .values()
                    .map(|e| (e.namespace.as_str(), e.short.as_str(), e.name.as_str())),
            )
            .collect();
        all.sort_by_key(|(ns, short, full)| (*ns != "microsoft.graph", *ns, *short, *full));
        for (ns, short, full) in all {
            let plain = camel_ident(short, "Type", "T");
            let ns_last = ns.rsplit('.').next().unwrap_or(ns);
            let prefixed = camel_ident(&format!("{ns_last}_{short}"), "Type", "T");
            let name = if !taken.contains(&plain) {
                plain
            } else if ns != "microsoft.graph" && !taken.contains(&prefixed) {
                prefixed
            } else {
                (2..)
                    .map(|i| format!("{plain}{i}"))
                    .find(|n| !taken.contains(n))
                    .unwrap_or(plain)
            };
            taken.insert(name.clone());
            names.insert(full.to_owned(), name);
        }
        let mut any = BTreeMap::new();
        for base in cat.children.keys() {
            if let Some(n) = names.get(base) {
                let mut a = format!("Any{n}");
                while taken.contains(&a) {
                    a.push('_');
                }
                taken.insert(a.clone());
                any.insert(base.clone(), a);
            }
        }
        let flags = cat
            .enums
            .values()
            .filter(|e| e.flags)
            .map(|e| e.name.clone())
            .collect();
        TypeNames { names, any, flags }
    }

    /// The Rust type of a resolved type as a path usable anywhere in the crate
    /// (`crate::types::Message`, `Vec<crate::types::AnyAttachment>`, `String`).
    pub fn path(&self, r: &Resolved) -> TokenStream {
        let inner = self.value_type(&r.ty, true);
        if r.collection {
            quote! { Vec<#inner> }
        } else {
            inner
        }
    }

    /// [`Self::path`] for a `Type` cell; untyped JSON when the catalogue cannot resolve it.
    pub fn path_of_cell(&self, cat: &Catalogue, t: &TypeRef) -> TokenStream {
        let r = cat.resolve(t).unwrap_or(Resolved {
            ty: FieldType::Json,
            collection: t.collection,
        });
        self.path(&r)
    }

    /// The type of one value (no collection), `qualified` with `crate::types::` or as seen
    /// from inside the types module.
    pub(crate) fn value_type(&self, ty: &FieldType, qualified: bool) -> TokenStream {
        let named = |n: &str| {
            let id = ident(n);
            if qualified {
                quote! { crate::types::#id }
            } else {
                quote! { #id }
            }
        };
        match ty {
            FieldType::Primitive(p) => primitive(*p),
            FieldType::Complex(full) => match self.any.get(full).or_else(|| self.names.get(full)) {
                Some(n) => named(n),
                None => quote! { serde_json::Value },
            },
            FieldType::Enum(full) => match self.names.get(full) {
                Some(n) if self.flags.contains(full) => {
                    let e = named(n);
                    quote! { crate::wire::Flags<#e> }
                }
                Some(n) => named(n),
                None => quote! { serde_json::Value },
            },
            FieldType::Json => quote! { serde_json::Value },
        }
    }
}

/// The deliberate primitive mapping (see `src/wire.rs` in the generated crate).
pub fn primitive(p: Primitive) -> TokenStream {
    match p {
        Primitive::String => quote! { String },
        Primitive::Boolean => quote! { bool },
        Primitive::Byte => quote! { u8 },
        Primitive::SByte => quote! { i8 },
        Primitive::Int16 => quote! { i16 },
        Primitive::Int32 => quote! { i32 },
        Primitive::Int64 => quote! { crate::wire::Int64 },
        Primitive::Single | Primitive::Double => quote! { crate::wire::Double },
        Primitive::Decimal => quote! { crate::wire::Decimal },
        Primitive::DateTimeOffset => quote! { crate::wire::DateTimeOffset },
        Primitive::Date => quote! { crate::wire::Date },
        Primitive::TimeOfDay => quote! { crate::wire::TimeOfDay },
        Primitive::Duration => quote! { crate::wire::Duration },
        Primitive::Guid => quote! { crate::wire::Guid },
        Primitive::Binary => quote! { crate::wire::Binary },
        Primitive::Stream | Primitive::Json => quote! { serde_json::Value },
    }
}

/// `items` with `cfg` on each top-level item (unchanged when `cfg` is empty).
///
/// Works on the token trees, not through `syn` (parsing and printing every types file a
/// second time was a fifth of the emit stage): a top-level item ends at a `;` or at a
/// brace group not followed by `;` (`struct S { … }`, `impl … { … }`, `fn … { … }`; a
/// `const` ends at its `;`), and `cfg` goes before its first attribute.
fn gated(cfg: TokenStream, items: TokenStream) -> TokenStream {
    use proc_macro2::{Delimiter, TokenTree};
    if cfg.is_empty() {
        return items;
    }
    let mut out = TokenStream::new();
    let mut item: Vec<TokenTree> = Vec::new();
    let mut trees = items.into_iter().peekable();
    while let Some(tree) = trees.next() {
        let ends = match &tree {
            TokenTree::Punct(p) => p.as_char() == ';',
            TokenTree::Group(g) => {
                g.delimiter() == Delimiter::Brace
                    && !matches!(trees.peek(), Some(TokenTree::Punct(p)) if p.as_char() == ';')
            }
            _ => false,
        };
        item.push(tree);
        if ends {
            out.extend(cfg.clone());
            out.extend(item.drain(..));
        }
    }
    if !item.is_empty() {
        out.extend(cfg);
        out.extend(item);
    }
    out
}

/// One output file: its module name and the full names it holds.
struct Part {
    module: String,
    types: Vec<String>,
}

/// Items are grouped by the first letter of their Rust name; a letter with more than
/// `MAX` items is split by the first two letters.
const MAX: usize = 60;

fn parts(names: &TypeNames, in_crate: impl Fn(&str) -> bool) -> Vec<Part> {
    let mut by_letter: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for (full, rust) in names.names.iter().filter(|(full, _)| in_crate(full)) {
        let key = snake_ident(rust, "t", "t");
        let first: String = key.chars().take(1).collect();
        by_letter
            .entry(first)
            .or_default()
            .push((key, full.clone()));
    }
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (letter, items) in by_letter {
        if items.len() <= MAX {
            out.entry(letter)
                .or_default()
                .extend(items.into_iter().map(|i| i.1));
            continue;
        }
        for (key, full) in items {
            let two: String = key.chars().filter(|c| *c != '_').take(2).collect();
            out.entry(two).or_default().push(full);
        }
    }
    out.into_iter()
        .map(|(module, mut types)| {
            types.sort();
            Part {
                module: snake_ident(&module, "t", "t"),
                types,
            }
        })
        .collect()
}

/// The files of the `types` modules: the model crate's (`model/src/types/mod.rs` and one
/// file per part) and, for each area with types of its own (see [`Gates::homes`]), the
/// area crate's (`areas/<feature>/src/types/…`). Each file's tokens are built by
/// [`TypeFiles::tokens`], so the caller can build and render them on several threads
/// (token streams themselves cannot cross threads).
pub struct TypeFiles<'a> {
    cat: &'a Catalogue,
    names: &'a TypeNames,
    gates: &'a Gates,
    boxed: BTreeSet<(String, String)>,
    /// The crates with a `types` module: `None` the model, `Some(feature)` an area.
    crates: Vec<Option<String>>,
    /// Each part with the index of its crate in `crates`.
    parts: Vec<(usize, Part)>,
}

impl<'a> TypeFiles<'a> {
    /// The files for `homes`: full name → the area feature whose crate holds the type
    /// (the model holds the others).
    pub fn new(
        cat: &'a Catalogue,
        names: &'a TypeNames,
        gates: &'a Gates,
        homes: &BTreeMap<String, String>,
    ) -> Self {
        let areas: BTreeSet<&String> = homes.values().collect();
        let crates: Vec<Option<String>> = std::iter::once(None)
            .chain(areas.into_iter().cloned().map(Some))
            .collect();
        let mut parts_out = Vec::new();
        for (i, krate) in crates.iter().enumerate() {
            let in_crate = |full: &str| homes.get(full) == krate.as_ref();
            parts_out.extend(parts(names, in_crate).into_iter().map(|p| (i, p)));
        }
        TypeFiles {
            cat,
            names,
            gates,
            boxed: items::boxed_fields(cat, names),
            crates,
            parts: parts_out,
        }
    }

    /// How many files: one per part, then one `mod.rs` per crate.
    pub fn len(&self) -> usize {
        self.parts.len() + self.crates.len()
    }

    pub fn is_empty(&self) -> bool {
        false
    }

    /// The path and tokens of file `i` (`0..len()`).
    pub fn tokens(&self, i: usize) -> (String, TokenStream) {
        match self.parts.get(i) {
            Some((krate, part)) => self.part_file(*krate, part),
            None => self.mod_file(i - self.parts.len()),
        }
    }

    /// `model/src/types` or `areas/<feature>/src/types`.
    fn dir(&self, krate: usize) -> String {
        match self.crates.get(krate).cloned().flatten() {
            Some(feature) => format!("{}/src/types", super::members::area_dir_of(&feature)),
            None => format!("{}/src/types", super::members::MODEL_DIR),
        }
    }

    fn part_file(&self, krate: usize, part: &Part) -> (String, TokenStream) {
        let (cat, names) = (self.cat, self.names);
        // an area crate's types are compiled whenever the crate is
        let in_area = matches!(self.crates.get(krate), Some(Some(_)));
        let body: Vec<TokenStream> = part
            .types
            .iter()
            .map(|full| {
                let item = items::item(cat, names, &self.boxed, full);
                if in_area {
                    item
                } else {
                    gated(self.gates.cfg(full), item)
                }
            })
            .collect();
        let name_of = |f: Option<&String>| {
            f.and_then(|f| names.names.get(f))
                .cloned()
                .unwrap_or_default()
        };
        let (first, last) = (name_of(part.types.first()), name_of(part.types.last()));
        let doc = super::docs::inner_doc_attrs(&format!(
            "Documented types `{first}` … `{last}` ({} items).",
            part.types.len()
        ));
        (
            format!("{}/{}.rs", self.dir(krate), part.module),
            quote! {
                #doc
                #[allow(unused_imports)]
                use super::*;
                #(#body)*
            },
        )
    }

    fn mod_file(&self, krate: usize) -> (String, TokenStream) {
        let (cat, names) = (self.cat, self.names);
        let parts: Vec<&Part> = self
            .parts
            .iter()
            .filter(|(k, _)| *k == krate)
            .map(|(_, part)| part)
            .collect();
        let mods = parts.iter().map(|part| {
            let m = ident(&part.module);
            // a part whose items are all behind features that are off re-exports nothing
            quote! { mod #m; #[allow(unused_imports)] pub use #m::*; }
        });
        let path = format!("{}/mod.rs", self.dir(krate));
        if let Some(Some(feature)) = self.crates.get(krate) {
            let count: usize = parts.iter().map(|p| p.types.len()).sum();
            let doc = super::docs::inner_doc_attrs(&format!(
                "The {count} documented types only the calls of the {} area use; the SDK \
                 crate's `types` re-exports them with all the others, which this module \
                 imports from the model crate.",
                super::docs::code(feature)
            ));
            let model = ident(super::members::MODEL_LIB);
            return (
                path,
                quote! {
                    #doc
                    #[allow(unused_imports)]
                    pub(crate) use #model::types::*;
                    #(#mods)*
                },
            );
        }
        let doc = super::docs::inner_doc_attrs(&format!(
            "Typed models of the documented resource and complex types ({} types, {} enums, {} subtype enums).\n\n\
             Every field is `Option<Option<T>>`: `None` when the property is absent (and not \
             sent), `Some(None)` when it is `null` (send it to clear a property), `Some(Some(v))` \
             for a value. Properties the docs do not list are kept in `additional_properties`, \
             so a value read and written back loses nothing. A field typed as a base with \
             documented subtypes holds an `Any…` enum chosen by `@odata.type`. Primitive wire \
             forms are in [`crate::wire`]. The types only one area's calls use are compiled \
             in that area's crate and re-exported with these by the SDK crate's `types`.",
            cat.types.len(),
            cat.enums.len(),
            names.any.len()
        ));
        (
            path,
            quote! {
                #doc
                #(#mods)*
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::gated;
    use quote::quote;

    #[test]
    fn cfg_goes_before_every_top_level_item() {
        let cfg = quote! { #[cfg(feature = "a")] };
        let items = quote! {
            /// S.
            #[derive(Clone)]
            pub struct S { a: u8 }
            pub struct T(u8);
            impl<X> Tr for S where X: Copy { fn f() -> S { S { a: 0 } } }
            pub const C: S = S { a: [1; 2][0] };
            pub type U = S;
        };
        let expected = quote! {
            #[cfg(feature = "a")] /// S.
            #[derive(Clone)]
            pub struct S { a: u8 }
            #[cfg(feature = "a")] pub struct T(u8);
            #[cfg(feature = "a")] impl<X> Tr for S where X: Copy { fn f() -> S { S { a: 0 } } }
            #[cfg(feature = "a")] pub const C: S = S { a: [1; 2][0] };
            #[cfg(feature = "a")] pub type U = S;
        };
        assert_eq!(gated(cfg, items).to_string(), expected.to_string());
    }

    #[test]
    fn no_cfg_leaves_the_items_alone() {
        let items = quote! { pub struct S; };
        assert_eq!(
            gated(quote! {}, items.clone()).to_string(),
            items.to_string()
        );
    }
}
