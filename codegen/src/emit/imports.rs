//! The runtime items an area module imports (`use crate::runtime::{…};`): which ones each
//! module needs ([`Uses`], filled while its operations are rendered), and the names they
//! reserve in every module so that no generated item takes one.

use super::names::ident;
use proc_macro2::TokenStream;
use quote::quote;

/// Whether a module with these [`Uses`] needs an import.
type Needed = fn(&Uses) -> bool;

/// The runtime items an area module may import, in the order of its `use` line, each
/// with the test of whether the module needs it. The one list both the `use` line and the
/// names reserved in every module ([`module_item_names`]) come from.
const RUNTIME_IMPORTS: &[(&str, Needed)] = &[
    ("Call", |_| true),
    ("Client", |_| true),
    ("Error", |u| u.error),
    ("ODataQuery", |u| u.odata),
    ("OperationRequest", |_| true),
    ("RequestBody", |u| u.request_body),
    ("encode_item_path", |u| u.item),
    ("encode_segment", |u| u.segment),
];

/// Path roots the emitted items name directly (`reqwest::Method`, `serde_json::Value`,
/// `bytes::Bytes`, `crate::runtime`) and the standard ones.
const PATH_ROOTS: &[&str] = &["reqwest", "serde_json", "bytes", "crate", "std", "core"];

/// Names imported into (or referred to by) every area module, which no generated item of
/// the module may take.
pub fn module_item_names() -> Vec<&'static str> {
    RUNTIME_IMPORTS
        .iter()
        .map(|(name, _)| *name)
        .chain(PATH_ROOTS.iter().copied())
        .collect()
}

/// Which runtime items the ops of a module use.
#[derive(Debug, Default)]
pub struct Uses {
    pub segment: bool,
    pub item: bool,
    pub odata: bool,
    pub request_body: bool,
    /// Some item names `Error`.
    pub error: bool,
    /// Some op has a path enum (variant names may share a suffix).
    pub path_enum: bool,
}

impl Uses {
    /// `use crate::runtime::{…};` and the module-wide lint allowance.
    pub fn header(&self) -> TokenStream {
        let imports = RUNTIME_IMPORTS
            .iter()
            .filter(|(_, needed)| needed(self))
            .map(|(name, _)| ident(name));
        // variant names come from the documented paths (`MeMessages`, `UsersMessages`)
        let allow = if self.path_enum {
            quote! { #![allow(clippy::enum_variant_names)] }
        } else {
            TokenStream::new()
        };
        quote! {
            #allow
            use crate::runtime::{#(#imports),*};
        }
    }
}
