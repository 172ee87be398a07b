//! Code generation: the `JsonSchema` and `Model` impls for a checked [`Model`].

use proc_macro2::TokenStream;
use quote::quote;
use serde_derive_internals::Ctxt;

use crate::internals::ast::{self, Field, Missing, Model};
use crate::internals::attr::ConstraintValue;
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

fn field_statement(field: &Field<'_>) -> TokenStream {
    let ty = field.ty;
    if field.flatten {
        return quote!(object.flatten::<#ty>(););
    }
    let (name, output_name, rust_name) = (&field.input_name, &field.output_name, &field.rust_name);
    let title = field.title.as_ref().map_or_else(
        || quote!(::core::option::Option::None),
        |t| quote!(::core::option::Option::Some(#t)),
    );
    let description = &field.description;
    let (in_input, in_output, always_written) =
        (field.in_input, field.in_output, field.always_written);
    let required = field.missing == Missing::Required;
    let default = if field.missing == Missing::Constant {
        quote!(::core::option::Option::Some(__p::default_value::<#ty> as fn() -> __p::Value))
    } else {
        quote!(::core::option::Option::None)
    };
    let keywords = field.constraints.iter().map(|c| {
        let keyword = c.kind.keyword();
        let value = match &c.value {
            ConstraintValue::Number(expr) => quote!(__p::json!(#expr)),
            ConstraintValue::Count(n) => quote!(__p::json!(#n)),
            ConstraintValue::Pattern(s) => quote!(__p::json!(#s)),
        };
        quote!((#keyword, (|| #value) as fn() -> __p::Value))
    });
    let spec = quote! {
        &__p::FieldSpec {
            name: #name,
            output_name: #output_name,
            rust_name: #rust_name,
            title: #title,
            description: #description,
            in_input: #in_input,
            in_output: #in_output,
            required_in_input: #required,
            always_written: #always_written,
            default: #default,
            keywords: &[#(#keywords),*],
        }
    };
    quote!(object.field::<#ty>(#spec);)
}

fn impls(model: &Model<'_>) -> TokenStream {
    let ident = &model.ident;
    let (title, description) = (&model.title, &model.description);
    let deny = model.deny_unknown_fields;
    let fields = model.fields.iter().map(field_statement);
    let name = ident.to_string();
    // A flattened type may carry constraints of its own (and need not be a `Model`), so a
    // model that flattens anything is checked against its schema too.
    let constrained = model
        .fields
        .iter()
        .any(|f| !f.constraints.is_empty() || f.flatten);
    quote! {
        #[doc(hidden)]
        const _: () = {
            use ::tracer_schema::__private as __p;

            #[automatically_derived]
            impl __p::schemars::JsonSchema for #ident {
                fn schema_name() -> __p::Cow<'static, str> {
                    __p::Cow::Borrowed(#name)
                }

                fn schema_id() -> __p::Cow<'static, str> {
                    __p::Cow::Borrowed(::core::concat!(::core::module_path!(), "::", #name))
                }

                fn json_schema(generator: &mut __p::schemars::SchemaGenerator) -> __p::schemars::Schema {
                    let mut object = __p::ObjectSchema::new(generator);
                    #(#fields)*
                    object.finish(#title, #description, #deny)
                }
            }

            #[automatically_derived]
            impl __p::Model for #ident {
                const NAME: &'static str = #title;
                const DESCRIPTION: &'static str = #description;
                const CONSTRAINED: bool = #constrained;

                fn __validators() -> &'static __p::ValidatorCache {
                    static CACHE: __p::ValidatorCache = __p::ValidatorCache::new();
                    &CACHE
                }
            }
        };
    }
}

/// Impls that satisfy the type checker after an error, so uses of the type stay quiet.
fn stub(model: &Model<'_>) -> TokenStream {
    let ident = &model.ident;
    let name = ident.to_string();
    quote! {
        const _: () = {
            use ::tracer_schema::__private as __p;

            impl __p::schemars::JsonSchema for #ident {
                fn schema_name() -> __p::Cow<'static, str> {
                    __p::Cow::Borrowed(#name)
                }

                fn json_schema(_: &mut __p::schemars::SchemaGenerator) -> __p::schemars::Schema {
                    __p::schemars::Schema::default()
                }
            }

            impl __p::Model for #ident {
                const NAME: &'static str = #name;
                const DESCRIPTION: &'static str = "";

                fn __validators() -> &'static __p::ValidatorCache {
                    static CACHE: __p::ValidatorCache = __p::ValidatorCache::new();
                    &CACHE
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
                #[model(ge = 0)]
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
