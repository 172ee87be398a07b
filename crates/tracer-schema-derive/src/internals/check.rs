//! Rules that involve several attributes or a field's type; they run after parsing so that
//! every mistake is reported together.

use serde_derive_internals::Ctxt;

use super::ast::{Body, Field, Fields, Model, Slot};
use super::attr::{Constraint, ConstraintKind, ConstraintValue};

/// Rules on one list of constraints (a field's own or its `items(...)`).
fn check_constraints(cx: &Ctxt, constraints: &[Constraint]) {
    for (i, c) in constraints.iter().enumerate() {
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
        let earlier = &constraints[..i];
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
}

fn check_slot(cx: &Ctxt, slot: &Slot<'_>) {
    check_constraints(cx, &slot.constraints);
    check_constraints(cx, &slot.item_constraints);
    if let (Some(attribute), None) = (slot.custom_serde, &slot.schema) {
        let how = match attribute {
            "deserialize_with" => "read",
            "serialize_with" => "written",
            _ => "read and written",
        };
        cx.syn_error(syn::Error::new(
            slot.span,
            format!(
                "`#[serde({attribute} = ...)]` changes how this value is {how}, so its type's schema would be wrong: \
                 add `#[model(schema_as = WireType)]` (the type whose schema matches what is read and written) \
                 or `#[model(schema_with = path::to::function)]`"
            ),
        ));
    }
}

fn check_field(cx: &Ctxt, field: &Field<'_>) {
    check_slot(cx, &field.slot);
    if field.required_nullable && field.has_default_attr {
        cx.syn_error(syn::Error::new(
            field.slot.span,
            "conflicting requirements: `required_nullable` makes the key required, `#[serde(default)]` makes it optional",
        ));
    }
    if field.required_nullable && !field.is_option {
        cx.syn_error(syn::Error::new(
            field.slot.span,
            "`required_nullable` needs an `Option<T>` field",
        ));
    }
    if !field.slot.in_output
        && (!field.slot.constraints.is_empty() || !field.slot.item_constraints.is_empty())
    {
        cx.syn_error(syn::Error::new(
            field.slot.span,
            "constraints on a `skip_serializing` field cannot be checked: `from_json` checks them on the value as written, and this field is never written",
        ));
    }
    if field.flatten
        && (!field.slot.constraints.is_empty()
            || !field.slot.item_constraints.is_empty()
            || field.title.is_some())
    {
        cx.syn_error(syn::Error::new(field.slot.span, "a `#[serde(flatten)]` field takes no `model` attributes; put them on the flattened struct's fields"));
    }
}

fn check_fields(cx: &Ctxt, fields: &Fields<'_>) {
    match fields {
        Fields::Named(fields) => fields.iter().for_each(|f| check_field(cx, f)),
        Fields::Tuple(slots) => slots.iter().for_each(|s| check_slot(cx, s)),
        Fields::Newtype(slot) => check_slot(cx, slot),
        Fields::Unit => {}
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
    if let Some(lifetime) = model.generics.lifetimes().next() {
        cx.syn_error(syn::Error::new_spanned(
            lifetime,
            "`#[derive(Model)]` needs an owned type (`from_json` returns it from any text, as `DeserializeOwned`): borrow-free fields such as `String` instead of `&'a str`",
        ));
    }
    match &model.body {
        Body::Struct(fields) => check_fields(cx, fields),
        Body::Transparent(slot) => check_slot(cx, slot),
        Body::Enum(_, variants) => {
            for variant in variants {
                check_fields(cx, &variant.fields);
                if let Some(attribute) = variant.custom_serde {
                    cx.syn_error(syn::Error::new(
                        variant.span,
                        format!(
                            "`#[serde({attribute} = ...)]` on a variant changes how it is written, and `#[derive(Model)]` cannot know its schema: \
                             move the attribute to the variant's field and add `#[model(schema_as = ...)]` there"
                        ),
                    ));
                }
            }
        }
    }
}
