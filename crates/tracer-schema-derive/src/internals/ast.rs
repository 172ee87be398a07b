//! The typed model of a `#[derive(Model)]` input: serde's view of the struct (read with
//! `serde_derive_internals`, so renames and defaults mean what serde makes them mean) joined
//! with the `#[model(...)]` attributes.

use proc_macro2::Span;
use serde_derive_internals::{ast, attr as serde_attr, Ctxt, Derive};
use syn::spanned::Spanned;

use super::attr::{self, Constraint};

/// How a field gets its value when the key is missing from the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// The key must be present.
    Required,
    /// A constant default (`Default::default()`, `null` for an `Option`): shown as `default`.
    Constant,
    /// A function computes it (`#[serde(default = "...")]`): no `default` in the schema.
    Factory,
}

/// One field.
pub struct Field<'a> {
    /// The Rust type.
    pub ty: &'a syn::Type,
    /// The key read from input.
    pub input_name: String,
    /// The key written to output.
    pub output_name: String,
    /// The Rust field name.
    pub rust_name: String,
    /// `#[model(title)]`.
    pub title: Option<syn::LitStr>,
    /// `#[model(description)]`, else the doc comment.
    pub description: String,
    /// Read from input (not `skip_deserializing`).
    pub in_input: bool,
    /// Written (not `skip_serializing`).
    pub in_output: bool,
    /// Written every time (no `skip_serializing_if`).
    pub always_written: bool,
    /// `#[serde(flatten)]`.
    pub flatten: bool,
    /// What happens when the key is missing.
    pub missing: Missing,
    /// The field is an `Option<T>` (by its written type).
    pub is_option: bool,
    /// `with`/`deserialize_with` names `required_nullable`.
    pub required_nullable: bool,
    /// Whether the field has any `#[serde(default)]`.
    pub has_default_attr: bool,
    /// The constraints.
    pub constraints: Vec<Constraint>,
    /// Where to point errors about the field.
    pub span: Span,
}

/// The whole struct.
pub struct Model<'a> {
    /// The type's name.
    pub ident: syn::Ident,
    /// The model's name and schema title.
    pub title: String,
    /// Its description.
    pub description: String,
    /// `#[serde(deny_unknown_fields)]`.
    pub deny_unknown_fields: bool,
    /// The fields, in declaration order.
    pub fields: Vec<Field<'a>>,
}

/// `Option<T>` (or a path ending in `Option<T>`), by how the type is written.
pub fn option_inner(ty: &syn::Type) -> Option<&syn::Type> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let last = path.path.segments.last()?;
    if last.ident != "Option" {
        return None;
    }
    match &last.arguments {
        syn::PathArguments::AngleBracketed(args) if args.args.len() == 1 => match args.args.first()
        {
            Some(syn::GenericArgument::Type(inner)) => Some(inner),
            _ => None,
        },
        _ => None,
    }
}

fn shape_error(cx: &Ctxt, input: &syn::DeriveInput) -> bool {
    let message = match &input.data {
        syn::Data::Enum(e) => Some((e.enum_token.span, "enums")),
        syn::Data::Union(u) => Some((u.union_token.span, "unions")),
        syn::Data::Struct(s) => match &s.fields {
            syn::Fields::Named(_) => None,
            syn::Fields::Unnamed(f) => Some((f.span(), "tuple structs")),
            syn::Fields::Unit => Some((input.ident.span(), "unit structs")),
        },
    };
    if let Some((span, what)) = message {
        cx.syn_error(syn::Error::new(
            span,
            format!(
                "`#[derive(Model)]` supports structs with named fields; {what} are not supported"
            ),
        ));
    }
    if !input.generics.params.is_empty() {
        cx.syn_error(syn::Error::new_spanned(
            &input.generics,
            "`#[derive(Model)]` does not support generic parameters",
        ));
        return true;
    }
    message.is_some()
}

/// Reads the input into a [`Model`]; `None` when its shape is not supported (errors are in `cx`).
pub fn from_ast<'a>(cx: &Ctxt, input: &'a syn::DeriveInput) -> Option<Model<'a>> {
    if shape_error(cx, input) {
        return None;
    }
    let container = ast::Container::from_ast(cx, input, Derive::Deserialize)?;
    let ast::Data::Struct(_, serde_fields) = &container.data else {
        return None;
    };
    let container_attrs = attr::container(cx, &input.attrs);
    let container_default = !matches!(container.attrs.default(), serde_attr::Default::None);
    let fields = serde_fields
        .iter()
        .map(|f| {
            let attrs = attr::field(cx, &f.original.attrs);
            let is_option = option_inner(f.ty).is_some();
            let deserialize_with = f.attrs.deserialize_with();
            let required_nullable = deserialize_with.is_some_and(|p| {
                p.path
                    .segments
                    .iter()
                    .any(|s| s.ident == "required_nullable")
            });
            let field_default = f.attrs.default();
            let missing = match field_default {
                serde_attr::Default::Default => Missing::Constant,
                serde_attr::Default::Path(_) => Missing::Factory,
                serde_attr::Default::None if container_default => Missing::Factory,
                serde_attr::Default::None if is_option && deserialize_with.is_none() => {
                    Missing::Constant
                }
                serde_attr::Default::None => Missing::Required,
            };
            Field {
                ty: f.ty,
                input_name: f.attrs.name().deserialize_name().to_owned(),
                output_name: f.attrs.name().serialize_name().to_owned(),
                rust_name: f
                    .original
                    .ident
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                title: attrs.labels.title,
                description: attrs
                    .labels
                    .description
                    .map_or_else(|| attr::doc_comment(&f.original.attrs), |d| d.value()),
                in_input: !f.attrs.skip_deserializing(),
                in_output: !f.attrs.skip_serializing(),
                always_written: f.attrs.skip_serializing_if().is_none(),
                flatten: f.attrs.flatten(),
                missing,
                is_option,
                required_nullable,
                has_default_attr: !field_default.is_none(),
                constraints: attrs.constraints,
                span: f
                    .original
                    .ident
                    .as_ref()
                    .map_or_else(|| f.original.span(), syn::Ident::span),
            }
        })
        .collect();
    Some(Model {
        ident: input.ident.clone(),
        title: container_attrs
            .title
            .map_or_else(|| input.ident.to_string(), |t| t.value()),
        description: container_attrs
            .description
            .map_or_else(|| attr::doc_comment(&input.attrs), |d| d.value()),
        deny_unknown_fields: container.attrs.deny_unknown_fields(),
        fields,
    })
}
