//! Rules that involve several attributes or a field's type; they run after parsing so that
//! every mistake is reported together.

use serde_derive_internals::Ctxt;

use super::ast::{option_inner, Field, Model};
use super::attr::{ConstraintKind, ConstraintValue, Family};

const NUMBER_TYPES: &[&str] = &[
    "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64", "u128", "usize", "f32",
    "f64", "Int", "Float", "Decimal",
];
const TEXT_TYPES: &[&str] = &["String", "str", "Box<str>", "Cow"];
const ITEM_TYPES: &[&str] = &["Vec", "VecDeque", "HashSet", "BTreeSet", "IndexSet"];

fn type_name(ty: &syn::Type) -> String {
    quote::quote!(#ty).to_string().replace(' ', "")
}

/// The family a field type belongs to, by the last segment of its path (`Option` stripped).
fn family_of(ty: &syn::Type) -> Option<Family> {
    let ty = option_inner(ty).unwrap_or(ty);
    let ident = match ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        syn::Type::Reference(r) => return family_of(&r.elem),
        syn::Type::Slice(_) | syn::Type::Array(_) => return Some(Family::Items),
        _ => None,
    }?;
    if NUMBER_TYPES.contains(&ident.as_str()) {
        Some(Family::Number)
    } else if TEXT_TYPES.contains(&ident.as_str()) {
        Some(Family::Text)
    } else if ITEM_TYPES.contains(&ident.as_str()) {
        Some(Family::Items)
    } else {
        None
    }
}

fn check_field(cx: &Ctxt, field: &Field<'_>) {
    let family = family_of(field.ty);
    for (i, c) in field.constraints.iter().enumerate() {
        if family != Some(c.kind.family()) {
            let wanted = match c.kind.family() {
                Family::Number => "numbers",
                Family::Text => "strings",
                Family::Items => "lists",
            };
            cx.syn_error(syn::Error::new(
                c.span,
                format!(
                    "`{}` applies to {wanted}, not to `{}`",
                    c.kind.name(),
                    type_name(field.ty)
                ),
            ));
        }
        if let ConstraintValue::Pattern(pattern) = &c.value {
            if let Err(why) = runtime_regex(&pattern.value()) {
                cx.syn_error(syn::Error::new(
                    pattern.span(),
                    format!(
                        "`pattern` cannot run in the validator's regular expression engine: {why}"
                    ),
                ));
            }
        }
        let earlier = &field.constraints[..i];
        if earlier.iter().any(|e| e.kind == c.kind) {
            cx.syn_error(syn::Error::new(
                c.span,
                format!("duplicate constraint `{}`", c.kind.name()),
            ));
        }
        let rival = match c.kind {
            ConstraintKind::Gt => Some(ConstraintKind::Ge),
            ConstraintKind::Ge => Some(ConstraintKind::Gt),
            ConstraintKind::Lt => Some(ConstraintKind::Le),
            ConstraintKind::Le => Some(ConstraintKind::Lt),
            _ => None,
        };
        if let Some(rival) = rival.filter(|r| earlier.iter().any(|e| e.kind == *r)) {
            cx.syn_error(syn::Error::new(
                c.span,
                format!(
                    "`{}` conflicts with `{}`: give one lower or upper bound",
                    c.kind.name(),
                    rival.name()
                ),
            ));
        }
    }
    if field.required_nullable && field.has_default_attr {
        cx.syn_error(syn::Error::new(
            field.span,
            "conflicting requirements: `required_nullable` makes the key required, `#[serde(default)]` makes it optional",
        ));
    }
    if field.required_nullable && !field.is_option {
        cx.syn_error(syn::Error::new(
            field.span,
            "`required_nullable` needs an `Option<T>` field",
        ));
    }
    if field.flatten && (!field.constraints.is_empty() || field.title.is_some()) {
        cx.syn_error(syn::Error::new(field.span, "a `#[serde(flatten)]` field takes no `model` attributes; put them on the flattened struct's fields"));
    }
}

/// Compiles `pattern` as the validator will at run time: jsonschema's ECMA-262 translation,
/// then the `regex` crate's syntax (no look-around, no back-references).
fn runtime_regex(pattern: &str) -> Result<(), String> {
    let translated = jsonschema_regex::to_rust_regex(pattern)
        .map_err(|()| "not an ECMA-262 regular expression".to_owned())?;
    regex_syntax::Parser::new()
        .parse(&translated)
        .map(drop)
        .map_err(|e| {
            let detail = e.to_string();
            let last = detail.lines().last().unwrap_or_default().trim();
            let last = last.strip_prefix("error: ").unwrap_or(last);
            last.to_owned()
        })
}

/// Runs every rule over the model.
pub fn check(cx: &Ctxt, model: &Model<'_>) {
    for field in &model.fields {
        check_field(cx, field);
    }
}
