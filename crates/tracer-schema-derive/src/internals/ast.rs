//! The typed model of a `#[derive(Model)]` input: serde's view of the struct (read with
//! `serde_derive_internals`, so renames and defaults mean what serde makes them mean) joined
//! with the `#[model(...)]` attributes.

use proc_macro2::Span;
use serde_derive_internals::{ast, attr as serde_attr, Ctxt, Derive};
use syn::spanned::Spanned;

use super::attr::{self, Constraint, SchemaOverride};

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

/// A value position: a named field, a tuple field or a newtype's content.
pub struct Slot<'a> {
    /// The Rust type.
    pub ty: &'a syn::Type,
    /// `schema_as` / `schema_with`.
    pub schema: Option<SchemaOverride>,
    /// The constraints.
    pub constraints: Vec<Constraint>,
    /// `items(...)` constraints.
    pub item_constraints: Vec<Constraint>,
    /// Read from input (not `skip_deserializing`).
    pub in_input: bool,
    /// Written (not `skip_serializing`).
    pub in_output: bool,
    /// `with`, `deserialize_with` or `serialize_with`, other than `required_nullable`: the
    /// attribute's name, for the error asking for a schema.
    pub custom_serde: Option<&'static str>,
    /// Where to point errors about the slot.
    pub span: Span,
}

/// One named field.
pub struct Field<'a> {
    /// Its type, schema and constraints.
    pub slot: Slot<'a>,
    /// The key read from input.
    pub input_name: String,
    /// Other keys read from input (`#[serde(alias)]`).
    pub aliases: Vec<String>,
    /// The key written to output.
    pub output_name: String,
    /// The Rust field name.
    pub rust_name: String,
    /// `#[model(title)]`.
    pub title: Option<syn::LitStr>,
    /// `#[model(description)]`, else the doc comment.
    pub description: String,
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
    /// Whether serde fills the field in when a positional array ends before it (a field or
    /// container default).
    pub seq_default: bool,
}

/// What a struct or a variant holds.
#[allow(clippy::large_enum_variant)] // Built once per derive; boxing buys nothing.
pub enum Fields<'a> {
    /// `{ a: A, b: B }`.
    Named(Vec<Field<'a>>),
    /// `(A, B)`: an array of exactly the fields read.
    Tuple(Vec<Slot<'a>>),
    /// `(A)`: the value itself.
    Newtype(Slot<'a>),
    /// No fields.
    Unit,
}

/// One enum variant.
pub struct Variant<'a> {
    /// The name read from input.
    pub input_name: String,
    /// Other names read from input.
    pub aliases: Vec<String>,
    /// The name written to output.
    pub output_name: String,
    /// Its doc comment (or `#[model(description)]`).
    pub description: String,
    /// Read from input.
    pub in_input: bool,
    /// Written.
    pub in_output: bool,
    /// `#[serde(other)]`.
    pub other: bool,
    /// `#[serde(untagged)]` on the variant.
    pub untagged: bool,
    /// `with`/`deserialize_with`/`serialize_with` on the variant.
    pub custom_serde: Option<&'static str>,
    /// Its content.
    pub fields: Fields<'a>,
    /// Where to point errors about it.
    pub span: Span,
}

/// serde's enum representations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tagging {
    /// The default.
    External,
    /// `tag = "..."`.
    Internal(String),
    /// `tag = "...", content = "..."`.
    Adjacent(String, String),
    /// `untagged`.
    Untagged,
}

/// The type's shape.
pub enum Body<'a> {
    /// A struct (named, tuple, newtype or unit).
    Struct(Fields<'a>),
    /// `#[serde(transparent)]`: the one field read and written.
    Transparent(Slot<'a>),
    /// An enum.
    Enum(Tagging, Vec<Variant<'a>>),
}

/// The whole type.
pub struct Model<'a> {
    /// The type's name.
    pub ident: syn::Ident,
    /// Its generic parameters.
    pub generics: &'a syn::Generics,
    /// The model's name and schema title.
    pub title: String,
    /// Its description.
    pub description: String,
    /// `#[serde(deny_unknown_fields)]`.
    pub deny_unknown_fields: bool,
    /// `#[serde(from = "...")]` / `try_from`: the type actually read.
    pub read_as: Option<syn::Type>,
    /// `#[serde(into = "...")]`: the type actually written.
    pub written_as: Option<syn::Type>,
    /// The path of `tracer_schema`.
    pub krate: syn::Path,
    /// `#[model(extend_schema = "...")]`.
    pub extend_schema: Option<syn::ExprPath>,
    /// `#[model(__check_only = "...")]`.
    pub check_only: Option<syn::ExprPath>,
    /// A struct's `#[serde(tag = "...")]`: the tag key and the name serde writes under it.
    pub struct_tag: Option<(String, String)>,
    /// Whether serde's derive is the reader (no `#[serde(remote = "Self")]` with a hand-written
    /// impl), so that structs also read serde's positional array form.
    pub positional: bool,
    /// Its shape.
    pub body: Body<'a>,
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

/// The serde attribute that replaces a value's (de)serialization, if any, ignoring
/// `required_nullable`, whose schema the derive knows.
fn custom_serde(
    deserialize_with: Option<&syn::ExprPath>,
    serialize_with: Option<&syn::ExprPath>,
) -> Option<&'static str> {
    let known = |p: &syn::ExprPath| {
        p.path
            .segments
            .iter()
            .any(|s| s.ident == "required_nullable")
    };
    match (deserialize_with, serialize_with) {
        (Some(d), Some(s)) if known(d) && known(s) => None,
        (Some(d), None) if known(d) => None,
        (Some(_), Some(_)) => Some("with"),
        (Some(_), None) => Some("deserialize_with"),
        (None, Some(_)) => Some("serialize_with"),
        (None, None) => None,
    }
}

/// A field's or variant's `alias` names other than the name it is read by.
fn other_names(aliases: &std::collections::BTreeSet<String>, name: &str) -> Vec<String> {
    aliases.iter().filter(|a| *a != name).cloned().collect()
}

fn slot<'a>(cx: &Ctxt, f: &ast::Field<'a>) -> (Slot<'a>, attr::Labels) {
    let attrs = attr::field(cx, &f.original.attrs);
    let slot = Slot {
        ty: f.ty,
        schema: attrs.schema.map(|(s, _)| s),
        constraints: attrs.constraints,
        item_constraints: attrs.item_constraints,
        in_input: !f.attrs.skip_deserializing(),
        in_output: !f.attrs.skip_serializing(),
        custom_serde: custom_serde(f.attrs.deserialize_with(), f.attrs.serialize_with()),
        span: f
            .original
            .ident
            .as_ref()
            .map_or_else(|| f.original.ty.span(), syn::Ident::span),
    };
    (slot, attrs.labels)
}

fn named_field<'a>(cx: &Ctxt, f: &ast::Field<'a>, container_default: bool) -> Field<'a> {
    let (slot, labels) = slot(cx, f);
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
        serde_attr::Default::None if is_option && deserialize_with.is_none() => Missing::Constant,
        serde_attr::Default::None => Missing::Required,
    };
    let input_name = f.attrs.name().deserialize_name().to_owned();
    Field {
        aliases: other_names(f.attrs.aliases(), &input_name),
        input_name,
        output_name: f.attrs.name().serialize_name().to_owned(),
        rust_name: f
            .original
            .ident
            .as_ref()
            .map(|i| i.to_string().trim_start_matches("r#").to_owned())
            .unwrap_or_default(),
        title: labels.title,
        description: labels
            .description
            .map_or_else(|| attr::doc_comment(&f.original.attrs), |d| d.value()),
        always_written: f.attrs.skip_serializing_if().is_none(),
        flatten: f.attrs.flatten(),
        missing,
        is_option,
        required_nullable,
        has_default_attr: !field_default.is_none(),
        seq_default: !field_default.is_none() || container_default,
        slot,
    }
}

fn fields<'a>(
    cx: &Ctxt,
    style: ast::Style,
    fields: &[ast::Field<'a>],
    container_default: bool,
) -> Fields<'a> {
    match style {
        ast::Style::Struct => Fields::Named(
            fields
                .iter()
                .map(|f| named_field(cx, f, container_default))
                .collect(),
        ),
        ast::Style::Tuple => Fields::Tuple(fields.iter().map(|f| slot(cx, f).0).collect()),
        ast::Style::Newtype => match fields.first() {
            Some(f) => Fields::Newtype(slot(cx, f).0),
            None => Fields::Unit,
        },
        ast::Style::Unit => Fields::Unit,
    }
}

/// Reads the input into a [`Model`]; `None` when serde itself cannot read it (errors are in
/// `cx`).
pub fn from_ast<'a>(cx: &Ctxt, input: &'a syn::DeriveInput) -> Option<Model<'a>> {
    if let syn::Data::Union(u) = &input.data {
        cx.syn_error(syn::Error::new(
            u.union_token.span,
            "`#[derive(Model)]` does not support unions (serde cannot read them either)",
        ));
        return None;
    }
    let container = ast::Container::from_ast(cx, input, Derive::Deserialize)?;
    let container_attrs = attr::container(cx, &input.attrs);
    let container_default = !matches!(container.attrs.default(), serde_attr::Default::None);
    let body = match &container.data {
        ast::Data::Struct(style, serde_fields) if container.attrs.transparent() => {
            let inner = serde_fields
                .iter()
                .find(|f| f.attrs.transparent())
                .or_else(|| serde_fields.first())?;
            let _ = style;
            Body::Transparent(slot(cx, inner).0)
        }
        ast::Data::Struct(style, serde_fields) => {
            Body::Struct(fields(cx, *style, serde_fields, container_default))
        }
        ast::Data::Enum(variants) => {
            let tagging = match container.attrs.tag() {
                serde_attr::TagType::External => Tagging::External,
                serde_attr::TagType::Internal { tag } => Tagging::Internal(tag.clone()),
                serde_attr::TagType::Adjacent { tag, content } => {
                    Tagging::Adjacent(tag.clone(), content.clone())
                }
                serde_attr::TagType::None => Tagging::Untagged,
            };
            let variants = variants
                .iter()
                .map(|v| {
                    let labels = attr::variant(cx, &v.original.attrs);
                    let input_name = v.attrs.name().deserialize_name().to_owned();
                    Variant {
                        aliases: other_names(v.attrs.aliases(), &input_name),
                        input_name,
                        output_name: v.attrs.name().serialize_name().to_owned(),
                        description: labels
                            .description
                            .map_or_else(|| attr::doc_comment(&v.original.attrs), |d| d.value()),
                        in_input: !v.attrs.skip_deserializing(),
                        in_output: !v.attrs.skip_serializing(),
                        other: v.attrs.other(),
                        untagged: v.attrs.untagged(),
                        custom_serde: custom_serde(
                            v.attrs.deserialize_with(),
                            v.attrs.serialize_with(),
                        ),
                        fields: fields(cx, v.style, &v.fields, false),
                        span: v.ident.span(),
                    }
                })
                .collect();
            Body::Enum(tagging, variants)
        }
    };
    let read_as = container
        .attrs
        .type_from()
        .or_else(|| container.attrs.type_try_from())
        .cloned();
    Some(Model {
        ident: input.ident.clone(),
        generics: &input.generics,
        title: container_attrs
            .labels
            .title
            .map_or_else(|| input.ident.to_string(), |t| t.value()),
        description: container_attrs
            .labels
            .description
            .map_or_else(|| attr::doc_comment(&input.attrs), |d| d.value()),
        deny_unknown_fields: container.attrs.deny_unknown_fields(),
        read_as,
        written_as: container.attrs.type_into().cloned(),
        krate: container_attrs
            .krate
            .unwrap_or_else(|| syn::parse_quote!(::tracer_schema)),
        extend_schema: container_attrs.extend_schema,
        check_only: container_attrs.check_only,
        positional: container.attrs.remote().is_none(),
        struct_tag: match (&body, container.attrs.tag()) {
            (Body::Struct(_), serde_attr::TagType::Internal { tag }) => Some((
                tag.clone(),
                container.attrs.name().serialize_name().to_owned(),
            )),
            _ => None,
        },
        body,
    })
}
