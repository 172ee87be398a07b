//! Code generation: the `JsonSchema` and `Model` impls for a checked [`Model`].

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use serde_derive_internals::Ctxt;

use crate::internals::ast::{self, Body, Field, Fields, Missing, Model, Slot, Tagging, Variant};
use crate::internals::attr::{Constraint, ConstraintValue, Family, SchemaOverride};
use crate::internals::check;

/// Expands `#[derive(Model)]`: the impls, or every error found plus stub impls so that one
/// mistake does not cascade into unrelated errors where the type is used.
pub fn derive(input: &syn::DeriveInput) -> TokenStream {
    let cx = Ctxt::new();
    let model = ast::from_ast(&cx, input);
    if let Some(model) = &model {
        check::check(&cx, model);
    }
    match (cx.check(), model) {
        (Ok(()), Some(model)) => impls(&model),
        (Err(errors), model) => {
            let stub = model.as_ref().map(stub).unwrap_or_default();
            let errors = errors.into_compile_error();
            quote!(#errors #stub)
        }
        (Ok(()), None) => quote!(),
    }
}

/// The `(keyword, value)` list of constraints, as `FieldSpec::keywords` takes it.
fn keywords(constraints: &[Constraint]) -> TokenStream {
    let keywords = constraints.iter().map(|c| {
        let keyword = c.kind.keyword();
        let value = match &c.value {
            ConstraintValue::Number(expr) => {
                let expr = wide_literal(expr);
                quote!(__p::json!(#expr))
            }
            ConstraintValue::Count(n) => quote!(__p::json!(#n)),
            ConstraintValue::Pattern(s) => quote!(__p::json!(#s)),
        };
        quote!((#keyword, (|| #value) as fn() -> __p::Value))
    });
    quote!(&[#(#keywords),*])
}

/// An unsuffixed integer literal typed as `i128`, so that `le = 10000000000` is not read as an
/// overflowing `i32` (a suffix the user wrote is kept).
fn wide_literal(expr: &syn::Expr) -> syn::Expr {
    match expr {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(i),
            attrs,
        }) if i.suffix().is_empty() => syn::Expr::Lit(syn::ExprLit {
            attrs: attrs.clone(),
            lit: syn::Lit::Int(syn::LitInt::new(
                &format!("{}i128", i.base10_digits()),
                i.span(),
            )),
        }),
        syn::Expr::Unary(unary) => {
            let mut unary = unary.clone();
            *unary.expr = wide_literal(&unary.expr);
            syn::Expr::Unary(unary)
        }
        syn::Expr::Group(group) => wide_literal(&group.expr),
        other => other.clone(),
    }
}

/// Statements that compile only if each constraint applies to the slot's type (checked by
/// trait, so aliases and wrappers work); each error points at its constraint.
fn applicability(slot: &Slot<'_>) -> TokenStream {
    let ty = match &slot.schema {
        Some(SchemaOverride::As(ty)) => ty,
        Some(SchemaOverride::With(_)) => return quote!(),
        None => slot.ty,
    };
    let own = slot.constraints.iter().map(|c| {
        let check = match c.kind.family() {
            Family::Number => quote!(number),
            Family::Text => quote!(text),
            Family::Items => quote!(items),
        };
        let ty = respan(quote!(#ty), c.span);
        quote_spanned!(c.span=> __p::#check::<#ty>();)
    });
    let items = slot.item_constraints.iter().map(|c| {
        let check = match c.kind.family() {
            Family::Number => quote!(items_of_numbers),
            Family::Text => quote!(items_of_text),
            Family::Items => quote!(items_of_items),
        };
        let ty = respan(quote!(#ty), c.span);
        quote_spanned!(c.span=> __p::#check::<#ty>();)
    });
    quote!(#(#own)* #(#items)*)
}

/// `tokens` with every span set to `span`, so that a trait error about a field's type points at
/// the constraint that asked for the trait.
fn respan(tokens: TokenStream, span: proc_macro2::Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut token| {
            if let proc_macro2::TokenTree::Group(group) = &token {
                let mut inner =
                    proc_macro2::Group::new(group.delimiter(), respan(group.stream(), span));
                inner.set_span(span);
                token = proc_macro2::TokenTree::Group(inner);
            } else {
                token.set_span(span);
            }
            token
        })
        .collect()
}

/// An expression of the slot's schema, with `generator` in scope.
fn source(slot: &Slot<'_>) -> TokenStream {
    match &slot.schema {
        Some(SchemaOverride::With(path)) => quote!(#path(generator)),
        Some(SchemaOverride::As(ty)) => probe(ty),
        None => probe(slot.ty),
    }
}

fn probe(ty: &syn::Type) -> TokenStream {
    use syn::spanned::Spanned;
    // The borrow is what picks the source (autoref specialization), not a needless one. The
    // call carries the type's span, so a type with no schema is reported at the field.
    quote_spanned!(ty.span()=> {
        #[allow(unused_imports)]
        use __p::{ViaSchemars as _, ViaWire as _};
        #[allow(clippy::needless_borrow)]
        let schema = (&__p::Probe::<#ty>::new()).field_schema(generator);
        schema
    })
}

/// A closure making the slot's schema with its constraints applied.
fn constrained_source(slot: &Slot<'_>) -> TokenStream {
    let source = source(slot);
    let own = keywords(&slot.constraints);
    let items = keywords(&slot.item_constraints);
    quote!(|generator: &mut __p::schemars::SchemaGenerator| {
        let mut schema = #source;
        __p::constrain(&mut schema, #own, #items);
        schema
    })
}

/// An expression whose value says whether the slot's type is checked by its schema only.
fn slot_constrained(slot: &Slot<'_>) -> TokenStream {
    if !slot.constraints.is_empty()
        || !slot.item_constraints.is_empty()
        || matches!(slot.schema, Some(SchemaOverride::With(_)))
    {
        return quote!(true);
    }
    let ty = match &slot.schema {
        Some(SchemaOverride::As(ty)) => ty,
        _ => slot.ty,
    };
    quote!({
        #[allow(unused_imports)]
        use __p::{ViaSchemars as _, ViaWire as _};
        #[allow(clippy::needless_borrow)]
        let constrained = (&__p::Probe::<#ty>::new()).constrained();
        constrained
    })
}

fn field_statement(field: &Field<'_>, params: &[String]) -> TokenStream {
    // `#[serde(skip)]`: not on the wire, so its type needs no schema (serde asks only
    // `Default` of it).
    if !field.slot.in_input && !field.slot.in_output {
        return quote!();
    }
    let source = source(&field.slot);
    if field.flatten {
        return quote!(object.flatten(|generator: &mut __p::schemars::SchemaGenerator| #source););
    }
    let (name, output_name, rust_name) = (&field.input_name, &field.output_name, &field.rust_name);
    let aliases = &field.aliases;
    let title = field.title.as_ref().map_or_else(
        || quote!(::core::option::Option::None),
        |t| quote!(::core::option::Option::Some(#t)),
    );
    let description = &field.description;
    let (in_input, in_output, always_written) = (
        field.slot.in_input,
        field.slot.in_output,
        field.always_written,
    );
    let required = field.missing == Missing::Required;
    // The default is written by the field's own `Serialize`, unless something else writes it;
    // a type parameter's `Serialize` is not among the derive's bounds, so its default goes
    // unstated.
    let written_by_type = matches!(field.slot.custom_serde, None | Some("deserialize_with"));
    let ty = field.slot.ty;
    let generic = quote!(#ty).into_iter().any(|t| mentions(&t, params));
    let default = if field.missing == Missing::Constant && written_by_type && !generic {
        let ty = field.slot.ty;
        quote!(::core::option::Option::Some(__p::default_value::<#ty> as fn() -> __p::Value))
    } else {
        quote!(::core::option::Option::None)
    };
    let own = keywords(&field.slot.constraints);
    let items = keywords(&field.slot.item_constraints);
    let seq_default = field.seq_default;
    let spec = quote! {
        &__p::FieldSpec {
            name: #name,
            aliases: &[#(#aliases),*],
            output_name: #output_name,
            rust_name: #rust_name,
            title: #title,
            description: #description,
            in_input: #in_input,
            in_output: #in_output,
            required_in_input: #required,
            always_written: #always_written,
            seq_default: #seq_default,
            default: #default,
            keywords: #own,
            item_keywords: #items,
        }
    };
    quote!(object.field(#spec, |generator: &mut __p::schemars::SchemaGenerator| #source);)
}

/// The model's type parameters' names.
fn type_params(model: &Model<'_>) -> Vec<String> {
    model
        .generics
        .type_params()
        .map(|p| p.ident.to_string())
        .collect()
}

/// Whether `token` (or a token inside it) is one of `params`.
fn mentions(token: &proc_macro2::TokenTree, params: &[String]) -> bool {
    match token {
        proc_macro2::TokenTree::Ident(ident) => params.iter().any(|p| ident == p),
        proc_macro2::TokenTree::Group(group) => {
            group.stream().into_iter().any(|t| mentions(&t, params))
        }
        _ => false,
    }
}

/// The statements building a named-field object into `object`, then finishing it.
fn object_expr(
    generator: &TokenStream,
    fields: &[Field<'_>],
    title: &TokenStream,
    description: &str,
    (deny, positional): (bool, bool),
    params: &[String],
    struct_tag: Option<&(String, String)>,
) -> TokenStream {
    let statements = fields.iter().map(|f| field_statement(f, params));
    let tag = struct_tag.map(|(tag, name)| quote!(object.struct_tag(#tag, #name);));
    quote!({
        let mut object = __p::ObjectSchema::new(#generator);
        #tag
        #(#statements)*
        object.finish(#title, #description, #deny, #positional)
    })
}

/// `vec![...]` of the schemas of a tuple's slots present in the generator's mode.
fn tuple_items(generator: &TokenStream, slots: &[Slot<'_>]) -> TokenStream {
    let pushes = slots
        .iter()
        .filter(|slot| slot.in_input || slot.in_output)
        .map(|slot| {
            let (in_input, in_output) = (slot.in_input, slot.in_output);
            let make = constrained_source(slot);
            quote! {
                if __p::present(#generator, #in_input, #in_output) {
                    let schema = (#make)(#generator);
                    items.push(schema);
                }
            }
        });
    quote!({
        let mut items: ::std::vec::Vec<__p::schemars::Schema> = ::std::vec::Vec::new();
        #(#pushes)*
        items
    })
}

/// The body of `JsonSchema::json_schema` for a struct's fields.
fn struct_body(model: &Model<'_>, fields: &Fields<'_>) -> TokenStream {
    let (title, description) = (quote!(&*__title), &model.description);
    let generator = quote!(generator);
    match fields {
        Fields::Named(fields) => object_expr(
            &generator,
            fields,
            &title,
            description,
            (model.deny_unknown_fields, model.positional),
            &type_params(model),
            model.struct_tag.as_ref(),
        ),
        Fields::Tuple(slots) => {
            let items = tuple_items(&generator, slots);
            quote!({
                let items = #items;
                __p::tuple_struct(#title, #description, &items)
            })
        }
        Fields::Newtype(slot) => {
            let make = constrained_source(slot);
            quote!(__p::newtype_struct(#title, #description, (#make)(generator)))
        }
        Fields::Unit => quote!(__p::unit_struct(#title, #description)),
    }
}

fn enum_body(model: &Model<'_>, tagging: &Tagging, variants: &[Variant<'_>]) -> TokenStream {
    let (title, description) = (quote!(&*__title), &model.description);
    let (deny, positional) = (model.deny_unknown_fields, model.positional);
    let tagging = match tagging {
        Tagging::External => quote!(__p::Tagging::External),
        Tagging::Internal(tag) => quote!(__p::Tagging::Internal(#tag)),
        Tagging::Adjacent(tag, content) => quote!(__p::Tagging::Adjacent(#tag, #content)),
        Tagging::Untagged => quote!(__p::Tagging::Untagged),
    };
    let generator = quote!(schema.generator());
    let variants = variants.iter().map(|v| {
        let content = match &v.fields {
            Fields::Unit => quote!(__p::Content::Unit),
            Fields::Newtype(slot) => {
                let make = constrained_source(slot);
                quote!(__p::Content::Newtype((#make)(#generator)))
            }
            Fields::Tuple(slots) => {
                let items = tuple_items(&generator, slots);
                quote!(__p::Content::Tuple(#items))
            }
            Fields::Named(fields) => {
                let variant_title = &v.output_name;
                let object = object_expr(
                    &generator,
                    fields,
                    &quote!(#variant_title),
                    &v.description,
                    (deny, positional),
                    &type_params(model),
                    None,
                );
                quote!(__p::Content::Struct(#object))
            }
        };
        let (name, output_name, description) = (&v.input_name, &v.output_name, &v.description);
        let aliases = &v.aliases;
        let (in_input, in_output, other, untagged) = (v.in_input, v.in_output, v.other, v.untagged);
        quote! {
            let content = #content;
            schema.variant(
                &__p::VariantSpec {
                    name: #name,
                    aliases: &[#(#aliases),*],
                    output_name: #output_name,
                    description: #description,
                    in_input: #in_input,
                    in_output: #in_output,
                    other: #other,
                    untagged: #untagged,
                },
                content,
            );
        }
    });
    quote!({
        let mut schema = __p::EnumSchema::new(generator, #tagging, #deny, #positional);
        #(#variants)*
        schema.finish(#title, #description)
    })
}

/// Every slot of the model.
fn slots<'m, 'a>(model: &'m Model<'a>) -> Vec<&'m Slot<'a>> {
    fn of<'m, 'a>(fields: &'m Fields<'a>, out: &mut Vec<&'m Slot<'a>>) {
        match fields {
            Fields::Named(fields) => out.extend(fields.iter().map(|f| &f.slot)),
            Fields::Tuple(slots) => out.extend(slots.iter()),
            Fields::Newtype(slot) => out.push(slot),
            Fields::Unit => {}
        }
    }
    let mut out = Vec::new();
    match &model.body {
        Body::Struct(fields) => of(fields, &mut out),
        Body::Transparent(slot) => out.push(slot),
        Body::Enum(_, variants) => variants.iter().for_each(|v| of(&v.fields, &mut out)),
    }
    // A field skipped both ways is not on the wire: nothing asks its type for a schema.
    out.retain(|slot| slot.in_input || slot.in_output);
    out
}

fn has_flatten(model: &Model<'_>) -> bool {
    let named = |fields: &Fields<'_>| match fields {
        Fields::Named(fields) => fields.iter().any(|f| f.flatten),
        _ => false,
    };
    match &model.body {
        Body::Struct(fields) => named(fields),
        Body::Transparent(_) => false,
        Body::Enum(_, variants) => variants.iter().any(|v| named(&v.fields)),
    }
}

/// The schema body in the generator's mode: `from`/`into` types replace the model's own shape
/// on the side they change.
fn schema_body(model: &Model<'_>) -> TokenStream {
    let own = match &model.body {
        Body::Struct(fields) => struct_body(model, fields),
        Body::Transparent(slot) => {
            let (title, description) = (quote!(&*__title), &model.description);
            let make = constrained_source(slot);
            quote!(__p::newtype_struct(#title, #description, (#make)(generator)))
        }
        Body::Enum(tagging, variants) => enum_body(model, tagging, variants),
    };
    let read = model.read_as.as_ref().map(probe);
    let written = model.written_as.as_ref().map(probe);
    match (read, written) {
        (None, None) => own,
        (read, written) => {
            let read = read.unwrap_or_else(|| own.clone());
            let written = written.unwrap_or(own);
            quote!(if __p::present(generator, true, false) { #read } else { #written })
        }
    }
}

/// The generics of the `JsonSchema`/`WireSchema` impls and of the `Model` impl (which also
/// needs serde's traits and `'static` on the type).
fn impl_generics(model: &Model<'_>, krate: &syn::Path) -> (syn::Generics, syn::Generics) {
    (
        bounded(model, krate, &quote!()),
        bounded(
            model,
            krate,
            &quote!(#krate::__private::Serialize + #krate::__private::DeserializeOwned + 'static),
        ),
    )
}

/// The impl generics and where clause with the bounds the derive needs: `JsonSchema` for every
/// type parameter (as schemars' derive adds), plus `extra` on `Self`.
fn bounded(model: &Model<'_>, krate: &syn::Path, extra: &TokenStream) -> syn::Generics {
    let mut generics = model.generics.clone();
    let ident = &model.ident;
    let (_, ty_generics, _) = model.generics.split_for_impl();
    let params: Vec<syn::Ident> = generics.type_params().map(|p| p.ident.clone()).collect();
    let clause = generics.make_where_clause();
    for param in params {
        clause
            .predicates
            .push(syn::parse_quote!(#param: #krate::__private::schemars::JsonSchema));
    }
    if !extra.is_empty() {
        clause
            .predicates
            .push(syn::parse_quote!(#ident #ty_generics: #extra));
    }
    generics
}

#[allow(clippy::too_many_lines)] // One quote! of three impls reads best whole.
fn impls(model: &Model<'_>) -> TokenStream {
    let ident = &model.ident;
    let krate = &model.krate;
    let (title, description) = (&model.title, &model.description);
    let name = ident.to_string();
    let body = schema_body(model);
    let all = slots(model);
    let checks = all.iter().map(|s| applicability(s));
    let own_constraints = has_flatten(model)
        || all.iter().any(|s| {
            !s.constraints.is_empty()
                || !s.item_constraints.is_empty()
                || matches!(s.schema, Some(SchemaOverride::With(_)))
        })
        || model.read_as.is_some()
        || model.written_as.is_some();
    let nested = all.iter().map(|s| slot_constrained(s));
    let (_, ty_generics, _) = model.generics.split_for_impl();
    let (schema_generics, model_generics) = impl_generics(model, krate);
    let (impl_generics, _, where_clause) = schema_generics.split_for_impl();
    let (model_impl_generics, _, model_where) = model_generics.split_for_impl();
    let type_params: Vec<&syn::Ident> = model.generics.type_params().map(|p| &p.ident).collect();
    let const_params: Vec<&syn::Ident> = model.generics.const_params().map(|p| &p.ident).collect();
    let generic = !type_params.is_empty() || !const_params.is_empty();
    let (schema_name, schema_id, model_name, cache) = if generic {
        let args = quote! {
            let args: ::std::vec::Vec<::std::string::String> = ::std::vec![
                #(<#type_params as __p::schemars::JsonSchema>::schema_name().into_owned(),)*
                #(::std::string::ToString::to_string(&#const_params),)*
            ];
        };
        let ids = quote! {
            let ids: ::std::vec::Vec<::std::string::String> = ::std::vec![
                #(<#type_params as __p::schemars::JsonSchema>::schema_id().into_owned(),)*
                #(::std::string::ToString::to_string(&#const_params),)*
            ];
        };
        (
            quote!({ #args __p::Cow::Owned(::std::format!("{}_{}", #name, args.join("_"))) }),
            quote!({ #ids __p::Cow::Owned(::std::format!("{}::{}<{}>", ::core::module_path!(), #name, ids.join(","))) }),
            quote!({ #args __p::Cow::Owned(::std::format!("{}_{}", #title, args.join("_"))) }),
            quote!(__p::cache_for::<Self>()),
        )
    } else {
        (
            quote!(__p::Cow::Borrowed(#name)),
            quote!(__p::Cow::Borrowed(
                ::core::concat!(::core::module_path!(), "::", #name)
            )),
            quote!(__p::Cow::Borrowed(#title)),
            quote!({
                static CACHE: __p::ValidatorCache = __p::ValidatorCache::new();
                &CACHE
            }),
        )
    };
    let constrained_body = if generic {
        // A type parameter's constraints cannot be seen here: check generic models.
        quote!(true)
    } else {
        quote!({
            static CONSTRAINED: __p::ConstrainedOnce = __p::ConstrainedOnce::new();
            CONSTRAINED.get(|| #own_constraints #(|| #nested)*)
        })
    };
    let check_only = model.check_only.as_ref().map(|path| {
        quote! {
            fn __check_only() -> ::core::option::Option<&'static __p::CheckOnly> {
                ::core::option::Option::Some(&#path)
            }
        }
    });
    let extended_body = match &model.extend_schema {
        None => quote!(#body),
        Some(extend) => quote!({
            let __mode = __p::mode_of(generator);
            let mut __schema: __p::schemars::Schema = { #body };
            #extend(&mut __schema, __mode);
            __schema
        }),
    };
    quote! {
        #[doc(hidden)]
        const _: () = {
            use #krate::__private as __p;

            #[automatically_derived]
            impl #impl_generics __p::schemars::JsonSchema for #ident #ty_generics #where_clause {
                fn schema_name() -> __p::Cow<'static, str> {
                    #schema_name
                }

                fn schema_id() -> __p::Cow<'static, str> {
                    #schema_id
                }

                fn json_schema(generator: &mut __p::schemars::SchemaGenerator) -> __p::schemars::Schema {
                    if false {
                        #(#checks)*
                    }
                    let __title: __p::Cow<'static, str> = #model_name;
                    #extended_body
                }
            }

            #[automatically_derived]
            impl #impl_generics __p::WireSchema for #ident #ty_generics #where_clause {
                fn wire_schema(generator: &mut __p::schemars::SchemaGenerator) -> __p::schemars::Schema {
                    generator.subschema_for::<Self>()
                }

                fn constrained() -> bool {
                    #constrained_body
                }
            }

            #[automatically_derived]
            impl #model_impl_generics __p::Model for #ident #ty_generics #model_where {
                const NAME: &'static str = #title;
                const DESCRIPTION: &'static str = #description;
                const CONSTRAINED: bool = #own_constraints;

                fn __name() -> __p::Cow<'static, str> {
                    #model_name
                }

                fn __constrained() -> bool {
                    <Self as __p::WireSchema>::constrained()
                }

                fn __validators() -> &'static __p::ValidatorCache {
                    #cache
                }

                #check_only
            }
        };
    }
}

/// Impls that satisfy the type checker after an error, so uses of the type stay quiet.
fn stub(model: &Model<'_>) -> TokenStream {
    let ident = &model.ident;
    let krate = &model.krate;
    let name = ident.to_string();
    let (_, ty_generics, _) = model.generics.split_for_impl();
    let (schema_generics, model_generics) = impl_generics(model, krate);
    let (impl_generics, _, where_clause) = schema_generics.split_for_impl();
    let (model_impl_generics, _, model_where) = model_generics.split_for_impl();
    quote! {
        const _: () = {
            use #krate::__private as __p;

            impl #impl_generics __p::schemars::JsonSchema for #ident #ty_generics #where_clause {
                fn schema_name() -> __p::Cow<'static, str> {
                    __p::Cow::Borrowed(#name)
                }

                fn json_schema(_: &mut __p::schemars::SchemaGenerator) -> __p::schemars::Schema {
                    __p::schemars::Schema::default()
                }
            }

            impl #model_impl_generics __p::Model for #ident #ty_generics #model_where {
                const NAME: &'static str = #name;
                const DESCRIPTION: &'static str = "";

                fn __validators() -> &'static __p::ValidatorCache {
                    __p::cache_for::<Self>()
                }
            }
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand(input: &syn::DeriveInput) -> String {
        derive(input).to_string().replace(' ', "")
    }

    #[test]
    fn required_ness_follows_serde() {
        let input: syn::DeriveInput = syn::parse_quote! {
            /// A model.
            struct S {
                #[serde(with = "tracer_schema::required_nullable")]
                a: Option<String>,
                b: Option<i64>,
                #[serde(default = "now")]
                c: i64,
                #[serde(rename = "D")]
                d: i64,
            }
        };
        let out = expand(&input);
        let spec = |name: &str| {
            let start = out
                .find(&format!("name:\"{name}\""))
                .unwrap_or_else(|| panic!("no field {name} in {out}"));
            out[start..]
                .split("keywords")
                .next()
                .unwrap_or_default()
                .to_owned()
        };
        assert!(
            spec("a").contains("required_in_input:true")
                && spec("a").contains("default:::core::option::Option::None")
        );
        assert!(
            spec("b").contains("required_in_input:false")
                && spec("b").contains("default_value::<Option<i64>>")
        );
        assert!(
            spec("c").contains("required_in_input:false")
                && spec("c").contains("default:::core::option::Option::None")
        );
        assert!(spec("D").contains("output_name:\"D\"") && spec("D").contains("rust_name:\"d\""));
        assert!(out.contains("constDESCRIPTION:&'staticstr=\"Amodel.\""));
    }

    #[test]
    fn errors_come_with_a_stub_impl() {
        let input: syn::DeriveInput = syn::parse_quote! {
            struct S {
                #[model(colour = "red")]
                name: String,
            }
        };
        let out = expand(&input);
        assert!(out.contains("compile_error!"), "{out}");
        assert!(
            out.contains("impl__p::Modelfor S".replace(' ', "").as_str()),
            "{out}"
        );
    }
}
