//! `#[derive(Model)]`: pydantic-style models for `tracer-schema`.
//!
//! Put it beside serde's derives. It reads the `#[serde(...)]` attributes that shape the wire
//! with serde's own parser (`serde_derive_internals`), so renames, aliases, defaults, skips,
//! flattening, the four enum taggings, `other`, `transparent` and `from`/`into` mean what serde
//! makes them mean, plus its own `#[model(...)]` attributes, and implements
//! `schemars::JsonSchema` (per mode) and `tracer_schema::Model`. Use it through the
//! `tracer-schema` crate, which re-exports it.
//!
//! The code is split as serde_derive's is: `internals::attr` parses `#[model(...)]` into typed
//! values, `internals::ast` joins them with serde's view of the type into a typed model,
//! `internals::check` applies the rules that involve several attributes (errors accumulate, each
//! with its span), and `expand` generates the impls from the checked model.

#![forbid(unsafe_code)]

mod expand;
mod internals;

use proc_macro::TokenStream;
use syn::{parse_macro_input, DeriveInput};

/// Derives `tracer_schema::Model` and `schemars::JsonSchema`.
///
/// Structs (named, tuple, newtype, unit), enums in serde's four taggings, and generic types.
///
/// Container attributes: `#[model(title = "...", description = "...", crate = "...")]` (the
/// defaults are the type's name, its doc comment and `::tracer_schema`). Variant attributes:
/// `title`, `description`. Field attributes: `title`, `description`, the constraints `ge`,
/// `gt`, `le`, `lt`, `multiple_of` (numbers), `min_length`, `max_length`, `pattern` (strings,
/// lengths in characters), `min_items`, `max_items` (lists), the same inside `items(...)` for a
/// list's items, and `schema_as = Type` or `schema_with = path` for a field whose
/// `#[serde(with = ...)]` changes its wire form (required there).
#[proc_macro_derive(Model, attributes(model, serde))]
pub fn derive_model(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive(&input).into()
}
