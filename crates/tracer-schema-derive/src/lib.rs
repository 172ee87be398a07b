//! `#[derive(Model)]`: pydantic-style models for `tracer-schema`.
//!
//! Put it beside serde's derives. It reads the `#[serde(...)]` attributes that shape the wire
//! (rename, rename_all, default, skip, flatten, with) exactly as serde does, plus its own
//! `#[model(...)]` attributes, and implements `schemars::JsonSchema` (per mode) and
//! `tracer_schema::Model`. Use it through the `tracer-schema` crate, which re-exports it.

#![forbid(unsafe_code)]

mod expand;
mod internals;

use proc_macro::TokenStream;
use syn::{parse_macro_input, DeriveInput};

/// Derives `tracer_schema::Model` and `schemars::JsonSchema`.
///
/// Container attributes: `#[model(title = "...", description = "...")]` (the defaults are the
/// type's name and its doc comment). Field attributes: `title`, `description` and the
/// constraints `ge`, `gt`, `le`, `lt`, `multiple_of` (numbers), `min_length`, `max_length`,
/// `pattern` (strings, lengths in characters), `min_items`, `max_items` (lists).
#[proc_macro_derive(Model, attributes(model, serde))]
pub fn derive_model(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive(&input).into()
}
