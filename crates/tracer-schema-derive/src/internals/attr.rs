//! `#[model(...)]` and doc-comment attributes, parsed into typed values.
//!
//! Parsing never stops at the first mistake: every unknown or malformed attribute is reported
//! to the context with its span, and parsing goes on with the next one.

use proc_macro2::Span;
use serde_derive_internals::Ctxt;
use syn::spanned::Spanned;
use syn::{Attribute, Expr, ExprLit, ExprUnary, Lit, LitStr, UnOp};

/// What a constraint applies to, which decides the field types it is allowed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// `ge`, `gt`, `le`, `lt`, `multiple_of`.
    Number,
    /// `min_length`, `max_length`, `pattern`.
    Text,
    /// `min_items`, `max_items`.
    Items,
}

/// One constraint keyword.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConstraintKind {
    /// `ge`: `minimum`.
    Ge,
    /// `gt`: `exclusiveMinimum`.
    Gt,
    /// `le`: `maximum`.
    Le,
    /// `lt`: `exclusiveMaximum`.
    Lt,
    /// `multiple_of`: `multipleOf`.
    MultipleOf,
    /// `min_length`: `minLength` (characters).
    MinLength,
    /// `max_length`: `maxLength` (characters).
    MaxLength,
    /// `pattern`: `pattern`.
    Pattern,
    /// `min_items`: `minItems`.
    MinItems,
    /// `max_items`: `maxItems`.
    MaxItems,
}

impl ConstraintKind {
    const ALL: [(&'static str, ConstraintKind); 10] = [
        ("ge", ConstraintKind::Ge),
        ("gt", ConstraintKind::Gt),
        ("le", ConstraintKind::Le),
        ("lt", ConstraintKind::Lt),
        ("multiple_of", ConstraintKind::MultipleOf),
        ("min_length", ConstraintKind::MinLength),
        ("max_length", ConstraintKind::MaxLength),
        ("pattern", ConstraintKind::Pattern),
        ("min_items", ConstraintKind::MinItems),
        ("max_items", ConstraintKind::MaxItems),
    ];

    fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, k)| *k)
    }

    /// The attribute's name as written.
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, k)| *k == self)
            .map_or("?", |(n, _)| n)
    }

    /// The JSON Schema keyword it becomes.
    pub fn keyword(self) -> &'static str {
        match self {
            ConstraintKind::Ge => "minimum",
            ConstraintKind::Gt => "exclusiveMinimum",
            ConstraintKind::Le => "maximum",
            ConstraintKind::Lt => "exclusiveMaximum",
            ConstraintKind::MultipleOf => "multipleOf",
            ConstraintKind::MinLength => "minLength",
            ConstraintKind::MaxLength => "maxLength",
            ConstraintKind::Pattern => "pattern",
            ConstraintKind::MinItems => "minItems",
            ConstraintKind::MaxItems => "maxItems",
        }
    }

    /// What kind of value it constrains.
    pub fn family(self) -> Family {
        match self {
            ConstraintKind::Ge
            | ConstraintKind::Gt
            | ConstraintKind::Le
            | ConstraintKind::Lt
            | ConstraintKind::MultipleOf => Family::Number,
            ConstraintKind::MinLength | ConstraintKind::MaxLength | ConstraintKind::Pattern => {
                Family::Text
            }
            ConstraintKind::MinItems | ConstraintKind::MaxItems => Family::Items,
        }
    }
}

/// A constraint's value: a number (possibly negative), a count or a pattern.
#[derive(Debug, Clone)]
pub enum ConstraintValue {
    /// An integer or float literal, with its sign.
    Number(Expr),
    /// A non-negative integer literal.
    Count(u64),
    /// A string literal.
    Pattern(LitStr),
}

/// One parsed constraint with the span of its attribute.
#[derive(Debug, Clone)]
pub struct Constraint {
    /// Which constraint.
    pub kind: ConstraintKind,
    /// Its value.
    pub value: ConstraintValue,
    /// Where it was written.
    pub span: Span,
}

/// `title` and `description`, which structs and fields both take.
#[derive(Debug, Default)]
pub struct Labels {
    /// `title = "..."`.
    pub title: Option<LitStr>,
    /// `description = "..."`.
    pub description: Option<LitStr>,
}

/// `#[model(...)]` on the struct or enum.
#[derive(Debug, Default)]
pub struct ContainerAttrs {
    /// `title` and `description`.
    pub labels: Labels,
    /// `crate = "..."`: the path of `tracer_schema` (for crates that rename or re-export it).
    pub krate: Option<syn::Path>,
    /// `extend_schema = "path"`: a `fn(&mut Schema, Mode)` that adds what the fields cannot
    /// say (behaviour of a hand-written `Deserialize`, such as keys read under another name).
    pub extend_schema: Option<syn::ExprPath>,
    /// `__check_only = "path"` (this crate's own models): a `static` check-only plan that
    /// decides most records without reading them into the model (see `tracer_schema`'s
    /// `check_only` module); not for downstream use.
    pub check_only: Option<syn::ExprPath>,
}

/// Where a field's schema comes from when its Rust type is not its wire type.
#[derive(Debug, Clone)]
pub enum SchemaOverride {
    /// `schema_as = Type`: the schema of another type.
    As(syn::Type),
    /// `schema_with = path`: a `fn(&mut SchemaGenerator) -> Schema`.
    With(syn::ExprPath),
}

/// `#[model(...)]` on a field.
#[derive(Debug, Default)]
pub struct FieldAttrs {
    /// `title` and `description`.
    pub labels: Labels,
    /// The constraints, in the order written.
    pub constraints: Vec<Constraint>,
    /// `items(...)`: constraints on each item of a list.
    pub item_constraints: Vec<Constraint>,
    /// `schema_as` or `schema_with`, with the span of the attribute.
    pub schema: Option<(SchemaOverride, Span)>,
}

const CONTAINER_KEYS: &str = "`title`, `description`, `crate`, `extend_schema`";
const VARIANT_KEYS: &str = "`title`, `description`";
const FIELD_KEYS: &str =
    "`title`, `description`, `ge`, `gt`, `le`, `lt`, `multiple_of`, `min_length`, `max_length`, `pattern`, `min_items`, `max_items`, `items(...)`, `schema_as`, `schema_with`";

fn set_once(cx: &Ctxt, slot: &mut Option<LitStr>, value: LitStr, name: &str) {
    if slot.is_some() {
        cx.error_spanned_by(&value, format!("duplicate `model` attribute `{name}`"));
    } else {
        *slot = Some(value);
    }
}

/// Skips `= value` after an unknown key so that parsing can go on with the next key.
fn skip_value(meta: &syn::meta::ParseNestedMeta<'_>) {
    if meta.input.peek(syn::Token![=]) {
        let _ = meta
            .value()
            .and_then(syn::parse::ParseBuffer::parse::<Expr>);
    }
}

/// Walks every key of every `#[model(...)]`: `title` and `description` go into `labels`,
/// `other` takes the rest (returning whether it knew the key), and unknown keys are reported
/// against `place` (`a struct`, `a field`) with the `expected` list.
fn parse_model_attrs(
    cx: &Ctxt,
    attrs: &[Attribute],
    labels: &mut Labels,
    place: &str,
    expected: &str,
    mut other: impl FnMut(&str, &syn::meta::ParseNestedMeta<'_>) -> syn::Result<bool>,
) {
    for attr in attrs.iter().filter(|a| a.path().is_ident("model")) {
        let result = attr.parse_nested_meta(|meta| {
            let key = meta.path.get_ident().map(ToString::to_string).unwrap_or_default();
            match key.as_str() {
                "title" => set_once(cx, &mut labels.title, meta.value()?.parse()?, "title"),
                "description" => set_once(cx, &mut labels.description, meta.value()?.parse()?, "description"),
                _ => {
                    if !other(&key, &meta)? {
                        cx.error_spanned_by(&meta.path, format!("unknown `model` attribute `{key}` on {place}; expected one of {expected}"));
                        skip_value(&meta);
                    }
                }
            }
            Ok(())
        });
        if let Err(e) = result {
            cx.syn_error(e);
        }
    }
}

/// Parses `key = "path"` into `slot`, reporting a second one and a string that is not a path
/// (with `hint`).
fn path_in_string<T: syn::parse::Parse>(
    cx: &Ctxt,
    meta: &syn::meta::ParseNestedMeta<'_>,
    slot: &mut Option<T>,
    key: &str,
    hint: &str,
) -> syn::Result<()> {
    let path: LitStr = meta.value()?.parse()?;
    if slot.is_some() {
        cx.error_spanned_by(&path, format!("duplicate `model` attribute `{key}`"));
    }
    match path.parse::<T>() {
        Ok(parsed) => *slot = Some(parsed),
        Err(_) => cx.error_spanned_by(&path, hint),
    }
    Ok(())
}

/// Parses every `#[model(...)]` on the struct or enum.
pub fn container(cx: &Ctxt, attrs: &[Attribute]) -> ContainerAttrs {
    let mut labels = Labels::default();
    let mut krate = None;
    let mut extend_schema = None;
    let mut check_only = None;
    parse_model_attrs(
        cx,
        attrs,
        &mut labels,
        "a type",
        CONTAINER_KEYS,
        |key, meta| {
            match key {
                "extend_schema" => path_in_string(
                    cx,
                    meta,
                    &mut extend_schema,
                    key,
                    "`extend_schema` takes a function's path in a string, e.g. `extend_schema = \"crate::schemas::extend\"`",
                )?,
                "__check_only" => path_in_string(
                    cx,
                    meta,
                    &mut check_only,
                    key,
                    "`__check_only` takes a static's path in a string",
                )?,
                "crate" => path_in_string(
                    cx,
                    meta,
                    &mut krate,
                    key,
                    "`crate` takes a path in a string, e.g. `crate = \"my_reexports::tracer_schema\"`",
                )?,
                _ => return Ok(false),
            }
            Ok(true)
        },
    );
    ContainerAttrs {
        labels,
        krate,
        extend_schema,
        check_only,
    }
}

/// Parses every `#[model(...)]` on an enum variant.
pub fn variant(cx: &Ctxt, attrs: &[Attribute]) -> Labels {
    let mut labels = Labels::default();
    parse_model_attrs(cx, attrs, &mut labels, "a variant", VARIANT_KEYS, |_, _| {
        Ok(false)
    });
    labels
}

fn number_literal(expr: &Expr) -> bool {
    match expr {
        Expr::Lit(ExprLit {
            lit: Lit::Int(_) | Lit::Float(_),
            ..
        }) => true,
        Expr::Unary(ExprUnary {
            op: UnOp::Neg(_),
            expr,
            ..
        }) => number_literal(expr),
        Expr::Group(g) => number_literal(&g.expr),
        _ => false,
    }
}

fn constraint_value(cx: &Ctxt, kind: ConstraintKind, expr: Expr) -> Option<ConstraintValue> {
    match kind.family() {
        Family::Number if number_literal(&expr) => Some(ConstraintValue::Number(expr)),
        Family::Number => {
            cx.error_spanned_by(
                &expr,
                format!(
                    "`{}` takes a number literal, e.g. `{} = 0`",
                    kind.name(),
                    kind.name()
                ),
            );
            None
        }
        _ if kind == ConstraintKind::Pattern => match expr {
            Expr::Lit(ExprLit {
                lit: Lit::Str(s), ..
            }) => Some(ConstraintValue::Pattern(s)),
            other => {
                cx.error_spanned_by(
                    &other,
                    "`pattern` takes a string literal (a regular expression)",
                );
                None
            }
        },
        _ => match &expr {
            Expr::Lit(ExprLit {
                lit: Lit::Int(i), ..
            }) if i.base10_parse::<u64>().is_ok() => {
                i.base10_parse().ok().map(ConstraintValue::Count)
            }
            _ => {
                cx.error_spanned_by(
                    &expr,
                    format!("`{}` takes a non-negative integer literal", kind.name()),
                );
                None
            }
        },
    }
}

/// Reads one constraint `key = value` into `out`; `false` when `key` is not a constraint.
fn parse_constraint(
    cx: &Ctxt,
    key: &str,
    meta: &syn::meta::ParseNestedMeta<'_>,
    out: &mut Vec<Constraint>,
) -> syn::Result<bool> {
    let Some(kind) = ConstraintKind::from_name(key) else {
        return Ok(false);
    };
    let span = meta.path.span();
    let expr: Expr = meta.value()?.parse()?;
    if let Some(value) = constraint_value(cx, kind, expr) {
        out.push(Constraint { kind, value, span });
    }
    Ok(true)
}

/// `schema_with`'s value: a path, bare or in a string as schemars writes it.
fn schema_with_path(cx: &Ctxt, expr: Expr) -> Option<syn::ExprPath> {
    match expr {
        Expr::Path(path) => Some(path),
        Expr::Lit(ExprLit {
            lit: Lit::Str(s), ..
        }) => {
            let parsed = s.parse::<syn::ExprPath>().ok();
            if parsed.is_none() {
                cx.error_spanned_by(&s, "`schema_with` takes the path of a function");
            }
            parsed
        }
        other => {
            cx.error_spanned_by(&other, "`schema_with` takes the path of a function");
            None
        }
    }
}

/// Parses every `#[model(...)]` on a field.
pub fn field(cx: &Ctxt, attrs: &[Attribute]) -> FieldAttrs {
    let mut labels = Labels::default();
    let mut constraints = Vec::new();
    let mut item_constraints = Vec::new();
    let mut schema: Option<(SchemaOverride, Span)> = None;
    parse_model_attrs(
        cx,
        attrs,
        &mut labels,
        "a field",
        FIELD_KEYS,
        |key, meta| {
            let span = meta.path.span();
            let found = match key {
                "items" => {
                    meta.parse_nested_meta(|inner| {
                        let key = inner.path.get_ident().map(ToString::to_string).unwrap_or_default();
                        if !parse_constraint(cx, &key, &inner, &mut item_constraints)? {
                            cx.error_spanned_by(&inner.path, format!("unknown constraint `{key}` in `items(...)`; expected one of `ge`, `gt`, `le`, `lt`, `multiple_of`, `min_length`, `max_length`, `pattern`, `min_items`, `max_items`"));
                            skip_value(&inner);
                        }
                        Ok(())
                    })?;
                    return Ok(true);
                }
                "schema_as" => Some(SchemaOverride::As(meta.value()?.parse()?)),
                "schema_with" => {
                    let expr: Expr = meta.value()?.parse()?;
                    schema_with_path(cx, expr).map(SchemaOverride::With)
                }
                _ => return parse_constraint(cx, key, meta, &mut constraints),
            };
            if let Some(found) = found {
                if schema.is_some() {
                    cx.syn_error(syn::Error::new(
                        span,
                        "give one of `schema_as` and `schema_with`, once",
                    ));
                } else {
                    schema = Some((found, span));
                }
            }
            Ok(true)
        },
    );
    FieldAttrs {
        labels,
        constraints,
        item_constraints,
        schema,
    }
}

/// The doc comment, as Python's `inspect.cleandoc` would leave a docstring: lines joined,
/// common indentation and surrounding blank lines removed.
pub fn doc_comment(attrs: &[Attribute]) -> String {
    let lines: Vec<String> = attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                Expr::Lit(ExprLit {
                    lit: Lit::Str(s), ..
                }) => Some(s.value()),
                _ => None,
            },
            _ => None,
        })
        // An empty `///` line is an empty string, which `lines()` would drop.
        .flat_map(|s| {
            if s.is_empty() {
                vec![String::new()]
            } else {
                s.lines().map(str::to_owned).collect::<Vec<_>>()
            }
        })
        .collect();
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let text: Vec<&str> = lines
        .iter()
        .map(|l| {
            if l.len() >= indent {
                &l[indent..]
            } else {
                l.trim_start()
            }
        })
        .map(str::trim_end)
        .collect();
    text.join("\n").trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cx_check(cx: Ctxt) -> Vec<String> {
        match cx.check() {
            Ok(()) => Vec::new(),
            Err(e) => e.into_iter().map(|e| e.to_string()).collect(),
        }
    }

    #[test]
    fn parses_constraints_and_reports_every_unknown_key() {
        let attrs: Vec<Attribute> = vec![
            syn::parse_quote!(#[model(ge = -1, max_length = 3, colour = "red")]),
            syn::parse_quote!(#[model(pattern = "^a", shade)]),
        ];
        let cx = Ctxt::new();
        let parsed = field(&cx, &attrs);
        let kinds: Vec<_> = parsed.constraints.iter().map(|c| c.kind).collect();
        assert_eq!(
            kinds,
            [
                ConstraintKind::Ge,
                ConstraintKind::MaxLength,
                ConstraintKind::Pattern
            ]
        );
        let errors = cx_check(cx);
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].contains("unknown `model` attribute `colour`"));
        assert!(errors[1].contains("unknown `model` attribute `shade`"));
    }

    #[test]
    fn rejects_wrong_value_kinds() {
        let attrs: Vec<Attribute> =
            vec![syn::parse_quote!(#[model(ge = "zero", min_items = -1, pattern = 5)])];
        let cx = Ctxt::new();
        let parsed = field(&cx, &attrs);
        assert!(parsed.constraints.is_empty());
        assert_eq!(cx_check(cx).len(), 3);
    }

    #[test]
    fn doc_comments_read_like_cleandoc() {
        let attrs: Vec<Attribute> = vec![
            syn::parse_quote!(#[doc = " TracerSession schema for the API."]),
            syn::parse_quote!(#[doc = ""]),
            syn::parse_quote!(#[doc = " Sessions are also referred to as \"Projects\" in the UI."]),
        ];
        assert_eq!(doc_comment(&attrs), "TracerSession schema for the API.\n\nSessions are also referred to as \"Projects\" in the UI.");
    }
}
