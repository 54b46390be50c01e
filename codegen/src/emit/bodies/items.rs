//! Tokens of a body struct: the struct with one documented field per body parameter and
//! `additional_properties`, a `new` taking the required parameters (or `Default` when
//! there are none), and `Serialize`/`Deserialize` written out field by field through
//! `crate::wire::{Reader, Writer}` (the crate derives no serde impls, see the `types`
//! module).

use super::super::docs;
use super::super::docs::doc_attrs;
use super::super::names::ident;
use super::{BodyField, TypedBody};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// The field's value type (`serde_json::Value` if its text does not parse).
fn value_type(f: &BodyField) -> TokenStream {
    match syn::parse_str::<syn::Type>(&f.ty) {
        Ok(t) => quote! { #t },
        Err(_) => quote! { serde_json::Value },
    }
}

fn field_doc(f: &BodyField, nullable: bool) -> String {
    let en = docs::prose(&f.description.en);
    let loc = docs::prose(&f.description.localized);
    let mut parts = Vec::new();
    if !en.is_empty() {
        parts.push(en.clone());
    }
    if !loc.is_empty() && loc != en {
        parts.push(loc);
    }
    let documented = crate::parse::spans::plain(&f.documented_type);
    let ty = if documented.trim().is_empty() {
        "no documented type".to_owned()
    } else {
        format!("documented type {}", docs::code(documented.trim()))
    };
    let presence = if f.required {
        "required"
    } else if nullable {
        "optional; `Some(None)` sends `null`"
    } else {
        "optional"
    };
    let untyped = if f.resolved.is_none() {
        " (not a documented type: untyped JSON)"
    } else {
        ""
    };
    parts.push(format!(
        "Parameter {}, {ty}{untyped}, {presence}.",
        docs::code(&f.json_name)
    ));
    parts.join("\n\n")
}

/// The struct and impls of `body`, documented as the body of `fn_name` (from `source`).
pub fn body_struct(body: &TypedBody, fn_name: &str, source: &str) -> TokenStream {
    let name = ident(&body.type_name);
    let debug = super::super::types::debug_impl(&name);
    let doc = doc_attrs(&format!(
        "The request body of [`{fn_name}`]: the parameters of the page's Request body \
         table.\n\nBuild it with {}, or read it from JSON; the call sends it as JSON. \
         Properties the table does not list go in `additional_properties`.\n\nSource: {}",
        if body.fields.iter().any(|f| f.required) {
            format!("[`{}::new`] (the required parameters)", body.type_name)
        } else {
            "`Default::default()` (every parameter is optional)".to_owned()
        },
        docs::code(source)
    ));
    let mut fields = Vec::new();
    let mut reads = Vec::new();
    let mut writes = Vec::new();
    let mut new_args = Vec::new();
    let mut new_inits = Vec::new();
    for f in &body.fields {
        let id = ident(&f.rust_name);
        let json = Literal::string(&f.json_name);
        let value = value_type(f);
        let fdoc = doc_attrs(&field_doc(f, body.nullable));
        let (ty, read, write) = if f.required {
            new_args.push(quote! { #id: #value });
            new_inits.push(quote! { #id, });
            (
                value,
                quote! { r.required(#json)? },
                quote! { w.value(#json, &self.#id); },
            )
        } else if body.nullable {
            new_inits.push(quote! { #id: None, });
            (
                quote! { Option<Option<#value>> },
                quote! { r.field(#json) },
                quote! { w.field(#json, &self.#id); },
            )
        } else {
            new_inits.push(quote! { #id: None, });
            (
                quote! { Option<#value> },
                quote! { r.optional(#json) },
                quote! { w.optional(#json, &self.#id); },
            )
        };
        fields.push(quote! { #fdoc pub #id: #ty, });
        reads.push(quote! { #id: #read, });
        writes.push(write);
    }
    let (derive, new) = if new_args.is_empty() {
        (quote! { #[derive(Clone, Default)] }, TokenStream::new())
    } else {
        let many = if new_args.len() > 7 {
            quote! { #[allow(clippy::too_many_arguments)] }
        } else {
            TokenStream::new()
        };
        (
            quote! { #[derive(Clone)] },
            quote! {
                impl #name {
                    /// A body with the required parameters; the optional ones are left out.
                    #many
                    pub fn new(#(#new_args),*) -> Self {
                        Self {
                            #(#new_inits)*
                            additional_properties: serde_json::Map::new(),
                        }
                    }
                }
            },
        )
    };
    quote! {
        #doc
        #derive
        pub struct #name {
            #(#fields)*
            /// Properties the table does not list, sent as they are.
            pub additional_properties: serde_json::Map<String, serde_json::Value>,
        }

        #new

        impl serde::Serialize for #name {
            /// The JSON object: `additional_properties`, then every parameter that is set.
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut w = crate::wire::Writer::new(self.additional_properties.clone());
                #(#writes)*
                w.serialize(s)
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            /// Read from a JSON object; a required parameter must be present and not
            /// `null`, the properties left over go to `additional_properties`.
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                crate::wire::Reader::read(d, Self::read_fields)
            }
        }

        impl #name {
            /// Takes the parameters out of `r` (see `Deserialize`).
            #[inline]
            fn read_fields(r: &mut crate::wire::Reader) -> Result<Self, serde_json::Error> {
                Ok(Self {
                    #(#reads)*
                    additional_properties: r.rest(),
                })
            }
        }

        #debug
    }
}
