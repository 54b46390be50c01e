//! Reads Microsoft Graph API reference pages (markdown, plain or side-by-side localized)
//! into an endpoint [`model`], and emits the Rust SDK crate from it.
//!
//! The three stages are separate modules: [`parse`] (markdown → model), [`model`]
//! (the contract) and [`emit`] (model → Rust tokens → formatted files).

pub mod diag;
pub mod emit;
pub mod model;
pub mod parse;
pub mod progress;
pub mod types;
