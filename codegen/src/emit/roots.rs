//! The root files of the SDK crate and of its model crate (`src/lib.rs` of each): crate
//! docs, the API marker and `Client`, the runtime re-exports, and the areas re-exported
//! as modules (see [`members`] for the crate family).

use super::code::str_lit;
use super::docs::{self, inner_doc_attrs};
use super::manifest::CrateOptions;
use super::members;
use super::names::ident;
use super::plan::Area;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

/// The table of areas in the crate docs: feature, module, operations.
fn areas_table(areas: &[Area<'_>]) -> String {
    let mut table = vec![
        "| feature | module | operations |".to_owned(),
        "| --- | --- | --- |".to_owned(),
    ];
    for a in areas {
        table.push(format!(
            "| {} | `{}` | {} |",
            docs::code(&a.feature),
            a.module,
            a.ops.len()
        ));
    }
    table.join("\n")
}

/// Tokens of the SDK crate's `src/lib.rs`: the crate doc, the model re-exported whole
/// (API marker, `Client`, runtime, types) and each enabled area crate as a module.
pub fn lib_rs(
    areas: &[Area<'_>],
    ops: usize,
    options: &CrateOptions,
    own_types: &BTreeSet<&str>,
) -> TokenStream {
    let version = options.api_version.as_str();
    let base_url = options.default_base_url();
    let reference = options.reference_url();
    let doc = inner_doc_attrs(&format!(
        "Microsoft Graph {version} client generated from the Graph reference documentation \
         (<{reference}>).\n\n\
         Every documented operation is one async function taking a [`Client`] (plus a \
         `*_request` function that only builds the [`OperationRequest`]). Operations are \
         grouped in one module per documentation area, each behind a cargo feature; the \
         `full` feature (default) enables all {ops} operations.\n\n\
         `Client::new(token)` talks to <{base_url}>; the HTTP runtime (retries, paging, \
         errors) is the hand-written `msgraph-docs-runtime` crate, re-exported as \
         [`runtime`].\n\n\
         The typed models are the crate `{}` and each area's operations a crate of their \
         own, re-exported here, so that cargo builds the areas side by side.\n\n{}",
        members::model_package(options),
        areas_table(areas)
    ));
    let model = ident(members::MODEL_LIB);
    let mods = areas.iter().map(|a| {
        let m = ident(&a.module);
        let krate = ident(&members::area_lib(a));
        let f = str_lit(&a.feature);
        quote! {
            #[cfg(feature = #f)]
            #[doc(inline)]
            pub use #krate as #m;
        }
    });
    // the model's types, and those that live in the enabled areas' crates
    let area_types = areas
        .iter()
        .filter(|a| own_types.contains(a.feature.as_str()))
        .map(|a| {
            let krate = ident(&members::area_lib(a));
            let f = str_lit(&a.feature);
            quote! {
                #[cfg(feature = #f)]
                pub use #krate::types::*;
            }
        });
    quote! {
        #doc
        #![warn(missing_docs)]

        #[doc(inline)]
        pub use #model::*;

        /// The typed models: one type per documented resource, complex type and enum.
        /// Those only one area's calls use are compiled in that area's crate.
        #[rustfmt::skip]
        pub mod types {
            // empty when the enabled areas use no type
            #[allow(unused_imports)]
            pub use #model::types::*;
            #(#area_types)*
        }

        #(#mods)*
    }
}

/// Tokens of the model crate's `src/lib.rs`: the crate's API for the runtime (version,
/// default base URL, `User-Agent`), `Client`/`ClientBuilder` bound to it, re-exports of
/// the runtime, and the `types` module.
pub fn model_lib_rs(options: &CrateOptions) -> TokenStream {
    let version = options.api_version.as_str();
    let base_url = options.default_base_url();
    let doc = inner_doc_attrs(&format!(
        "The typed models and the client of `{}` (Microsoft Graph {version}), which \
         re-exports all of this crate; see its documentation.",
        options.package_name()
    ));
    let version_lit = str_lit(version);
    let base_url_lit = str_lit(&base_url);
    let version_doc = str_lit(&format!(
        " The Graph API version this crate was generated for (`{version}`)."
    ));
    let agent = str_lit(&options.package_name());
    quote! {
        #doc
        #![warn(missing_docs)]

        #[doc = #version_doc]
        pub const API_VERSION: &str = #version_lit;

        /// Where a [`Client`] sends requests unless [`ClientBuilder::base_url`] says otherwise.
        pub const DEFAULT_BASE_URL: &str = #base_url_lit;

        /// This crate's API as the runtime sees it: version, default base URL and the
        /// `User-Agent` (`<package>/<version>`).
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
        pub struct Api;

        #[rustfmt::skip]
        impl graph_runtime::GraphApi for Api {
            const VERSION: &'static str = API_VERSION;
            const DEFAULT_BASE_URL: &'static str = DEFAULT_BASE_URL;
            const USER_AGENT: &'static str = concat!(#agent, "/", env!("CARGO_PKG_VERSION"));
        }

        /// A Microsoft Graph client for this crate's API version: `Client::new(token)` or
        /// `Client::builder()`.
        pub type Client = graph_runtime::Client<Api>;

        /// Configures a [`Client`].
        pub type ClientBuilder = graph_runtime::ClientBuilder<Api>;

        #[rustfmt::skip]
        pub use graph_runtime::{Call, Error, GraphError, Nullable, ODataQuery, OperationRequest, Page, Pager, RequestBody, RetryPolicy, StaticToken, TokenProvider};

        /// The HTTP runtime (`msgraph-docs-runtime`), with [`Client`] and [`ClientBuilder`]
        /// bound to this crate's API.
        #[rustfmt::skip]
        pub mod runtime {
            pub use graph_runtime::*;
            pub use super::{Client, ClientBuilder};
        }

        /// The typed models: one type per documented resource, complex type and enum.
        #[rustfmt::skip]
        pub mod types;

        /// Wire forms of Graph's primitive types, used by [`types`].
        pub use graph_runtime::wire;
    }
}
