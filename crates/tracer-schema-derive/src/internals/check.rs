//! Rules that involve several attributes or a field's type; they run after parsing so that
//! every mistake is reported together.

use serde_derive_internals::Ctxt;

use super::ast::{Body, Field, Fields, Model, Slot, Tagging};
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

/// A number literal's value (with its sign), for comparing bounds.
fn number_value(expr: &syn::Expr) -> Option<f64> {
    match expr {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(i),
            ..
        }) => i.base10_digits().parse().ok(),
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Float(f),
            ..
        }) => f.base10_digits().parse().ok(),
        syn::Expr::Unary(syn::ExprUnary {
            op: syn::UnOp::Neg(_),
            expr,
            ..
        }) => number_value(expr).map(|v| -v),
        syn::Expr::Group(g) => number_value(&g.expr),
        _ => None,
    }
}

/// An integer literal (with its sign) outside `i64::MIN..=u64::MAX`, which a JSON number in a
/// schema cannot hold exactly.
fn integer_out_of_range(expr: &syn::Expr) -> bool {
    fn signed(expr: &syn::Expr, negative: bool) -> Option<i128> {
        match expr {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Int(i),
                ..
            }) => {
                let v: i128 = i.base10_digits().parse().ok()?;
                Some(if negative { -v } else { v })
            }
            syn::Expr::Unary(syn::ExprUnary {
                op: syn::UnOp::Neg(_),
                expr,
                ..
            }) => signed(expr, !negative),
            syn::Expr::Group(g) => signed(&g.expr, negative),
            _ => None,
        }
    }
    float_free(expr)
        && signed(expr, false).is_none_or(|v| v < i128::from(i64::MIN) || v > i128::from(u64::MAX))
}

/// Whether `expr` is an integer literal (possibly negated), not a float one.
fn float_free(expr: &syn::Expr) -> bool {
    match expr {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(_),
            ..
        }) => true,
        syn::Expr::Unary(u) => float_free(&u.expr),
        syn::Expr::Group(g) => float_free(&g.expr),
        _ => false,
    }
}

/// Bounds no value can meet, and a `multiple_of` that is not positive: JSON Schema requires
/// `multipleOf > 0`, so such a schema would not even compile at run time.
fn check_satisfiable(cx: &Ctxt, constraints: &[Constraint]) {
    let value = |kind: ConstraintKind| {
        constraints
            .iter()
            .find(|c| c.kind == kind)
            .and_then(|c| match &c.value {
                ConstraintValue::Number(e) => number_value(e),
                #[allow(clippy::cast_precision_loss)]
                ConstraintValue::Count(n) => Some(*n as f64),
                ConstraintValue::Pattern(_) => None,
            })
    };
    let span = |kind: ConstraintKind| {
        constraints
            .iter()
            .find(|c| c.kind == kind)
            .map_or_else(proc_macro2::Span::call_site, |c| c.span)
    };
    for c in constraints {
        if let ConstraintValue::Number(expr) = &c.value {
            if integer_out_of_range(expr) {
                cx.syn_error(syn::Error::new(
                    c.span,
                    "an integer bound must fit in 64 bits; write a larger one as a float (`1e30`)",
                ));
            }
        }
    }
    if value(ConstraintKind::MultipleOf).is_some_and(|m| m <= 0.0) {
        cx.syn_error(syn::Error::new(
            span(ConstraintKind::MultipleOf),
            "`multiple_of` must be greater than 0",
        ));
    }
    let lower = value(ConstraintKind::Ge)
        .map(|v| (v, false))
        .or_else(|| value(ConstraintKind::Gt).map(|v| (v, true)));
    let upper = value(ConstraintKind::Le)
        .map(|v| (v, false))
        .or_else(|| value(ConstraintKind::Lt).map(|v| (v, true)));
    if let (Some((low, low_strict)), Some((high, high_strict))) = (lower, upper) {
        if low > high || (low >= high && (low_strict || high_strict)) {
            let at = [ConstraintKind::Le, ConstraintKind::Lt]
                .into_iter()
                .find(|k| value(*k).is_some())
                .map_or_else(proc_macro2::Span::call_site, span);
            cx.syn_error(syn::Error::new(
                at,
                "no number meets these bounds: the lower bound is above the upper one",
            ));
        }
    }
    for (min, max, what) in [
        (
            ConstraintKind::MinLength,
            ConstraintKind::MaxLength,
            "length",
        ),
        (
            ConstraintKind::MinItems,
            ConstraintKind::MaxItems,
            "number of items",
        ),
    ] {
        if let (Some(low), Some(high)) = (value(min), value(max)) {
            if low > high {
                cx.syn_error(syn::Error::new(
                    span(max),
                    format!("no value meets these bounds: the minimum {what} is above the maximum"),
                ));
            }
        }
    }
}

fn check_slot(cx: &Ctxt, slot: &Slot<'_>) {
    check_constraints(cx, &slot.constraints);
    check_satisfiable(cx, &slot.constraints);
    check_satisfiable(cx, &slot.item_constraints);
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
        Body::Enum(tagging, variants) => {
            for variant in variants {
                check_fields(cx, &variant.fields);
                if *tagging == Tagging::Untagged || variant.untagged {
                    let constrained = match &variant.fields {
                        Fields::Named(fields) => fields.iter().any(|f| {
                            !f.slot.constraints.is_empty() || !f.slot.item_constraints.is_empty()
                        }),
                        Fields::Tuple(slots) => slots
                            .iter()
                            .any(|s| !s.constraints.is_empty() || !s.item_constraints.is_empty()),
                        Fields::Newtype(s) => {
                            !s.constraints.is_empty() || !s.item_constraints.is_empty()
                        }
                        Fields::Unit => false,
                    };
                    if constrained {
                        cx.syn_error(syn::Error::new(
                            variant.span,
                            "constraints in an untagged variant cannot be checked: `from_json` checks them on the value as written, which does not say which variant it came from; tag the enum (`#[serde(tag = \"...\")]`) to keep them",
                        ));
                    }
                }
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
