//! The schema of a field's Rust type, as that type's own serde implementation reads and writes
//! it.
//!
//! schemars' impls are right for most types but not for the ones people put in models most:
//! integers lose their bounds (`i32` is any integer), and chrono, uuid and rust_decimal either
//! have no impl (without schemars features) or claim a `format` their serde impls do not follow
//! (`"2024-01-01 00:00:00Z"` is a `DateTime<Utc>` but not a `date-time`). [`WireSchema`] holds
//! ours; the derive asks for a field's schema through [`Probe`], which prefers [`WireSchema`]
//! and falls back to `schemars::JsonSchema`, so a type that only derives schemars' trait can
//! still be a field.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, LinkedList, VecDeque};
use std::marker::PhantomData;
use std::rc::Rc;
use std::sync::Arc;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};

/// A type whose schema tracer-schema knows exactly (std types, chrono, uuid, rust_decimal and
/// every `#[derive(Model)]` type). Not public API: implement `schemars::JsonSchema` for your own
/// types instead.
#[doc(hidden)]
pub trait WireSchema {
    /// The type's schema, inline or as a reference into `generator`'s definitions.
    fn wire_schema(generator: &mut SchemaGenerator) -> Schema;

    /// Whether the schema checks something serde does not (a model's constraints), so that a
    /// value serde reads must still be checked against it.
    #[must_use]
    fn constrained() -> bool {
        false
    }
}

/// A derived type's cached answer to [`WireSchema::constrained`], safe for recursive types: a
/// type met again while its own answer is being worked out (a `Tree` in `Vec<Tree>`) adds
/// nothing, and only a complete answer (computed outside any other) is cached.
#[doc(hidden)]
#[derive(Debug, Default)]
pub struct ConstrainedOnce(std::sync::OnceLock<bool>);

impl ConstrainedOnce {
    /// An empty cache (for a `static`).
    #[must_use]
    pub const fn new() -> Self {
        ConstrainedOnce(std::sync::OnceLock::new())
    }

    /// The cached answer, or `compute`'s.
    pub fn get(&'static self, compute: impl FnOnce() -> bool) -> bool {
        use std::cell::RefCell;
        thread_local! {
            static ACTIVE: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
        }
        if let Some(known) = self.0.get() {
            return *known;
        }
        let key = std::ptr::from_ref(self) as usize;
        if ACTIVE.with(|active| active.borrow().contains(&key)) {
            return false;
        }
        ACTIVE.with(|active| active.borrow_mut().push(key));
        let answer = compute();
        let outermost = ACTIVE.with(|active| {
            let mut active = active.borrow_mut();
            active.pop();
            active.is_empty()
        });
        if outermost {
            let _ = self.0.set(answer);
        }
        answer
    }
}

/// Picks a type's schema source by autoref: `(&Probe::<T>::new()).field_schema(g)` resolves to
/// [`ViaWire`] when `T: WireSchema` and to [`ViaSchemars`] otherwise (for generic parameters too,
/// which the derive bounds by `JsonSchema`).
#[doc(hidden)]
pub struct Probe<T: ?Sized>(PhantomData<fn() -> Box<T>>);

impl<T: ?Sized> Probe<T> {
    /// A probe for `T`.
    #[must_use]
    pub const fn new() -> Self {
        Probe(PhantomData)
    }
}

impl<T: ?Sized> Default for Probe<T> {
    fn default() -> Self {
        Self::new()
    }
}

/// The preferred source: our own schema.
#[doc(hidden)]
pub trait ViaWire {
    /// The field type's schema.
    fn field_schema(&self, generator: &mut SchemaGenerator) -> Schema;
    /// [`WireSchema::constrained`].
    fn constrained(&self) -> bool;
}

impl<T: WireSchema + ?Sized> ViaWire for Probe<T> {
    fn field_schema(&self, generator: &mut SchemaGenerator) -> Schema {
        T::wire_schema(generator)
    }

    fn constrained(&self) -> bool {
        T::constrained()
    }
}

/// The fallback source: schemars' impl.
#[doc(hidden)]
pub trait ViaSchemars {
    /// The field type's schema.
    fn field_schema(&self, generator: &mut SchemaGenerator) -> Schema;
    /// Always `false`: a schemars-only type's schema is taken to say what its serde impl says
    /// (the derive treats generic parameters as constrained itself).
    fn constrained(&self) -> bool;
}

impl<T: JsonSchema + ?Sized> ViaSchemars for &Probe<T> {
    fn field_schema(&self, generator: &mut SchemaGenerator) -> Schema {
        generator.subschema_for::<T>()
    }

    fn constrained(&self) -> bool {
        false
    }
}

macro_rules! integers {
    ($($t:ty),*) => {$(
        impl WireSchema for $t {
            fn wire_schema(_: &mut SchemaGenerator) -> Schema {
                // serde_json reads only integer tokens in range: `1.0` and `300` for a `u8` fail.
                json_schema!({"type": "integer", "minimum": <$t>::MIN, "maximum": <$t>::MAX})
            }
        }
    )*};
}
integers!(i8, i16, i32, i64, isize, u8, u16, u32, u64, usize);

macro_rules! wide_integers {
    ($($t:ty),*) => {$(
        impl WireSchema for $t {
            fn wire_schema(_: &mut SchemaGenerator) -> Schema {
                // JSON Schema numbers here are doubles: the bounds are the nearest ones.
                #[allow(clippy::cast_precision_loss)]
                let (min, max) = (<$t>::MIN as f64, <$t>::MAX as f64);
                json_schema!({"type": "integer", "minimum": min, "maximum": max})
            }
        }
    )*};
}
wide_integers!(i128, u128);

macro_rules! plain {
    ($($t:ty => $schema:tt),* $(,)?) => {$(
        impl WireSchema for $t {
            fn wire_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!($schema)
            }
        }
    )*};
}
plain!(
    // serde_json refuses a number that rounds beyond `f32::MAX` for an `f32` ("number out of
    // range"): the bound is halfway to the next power of two, 2^128 - 2^103.
    f32 => {
        "type": "number",
        "exclusiveMinimum": -3.402_823_567_797_336_6e38,
        "exclusiveMaximum": 3.402_823_567_797_336_6e38
    },
    f64 => {"type": "number"},
    bool => {"type": "boolean"},
    String => {"type": "string"},
    str => {"type": "string"},
    // One Unicode scalar value: JSON Schema lengths count code points too.
    char => {"type": "string", "minLength": 1, "maxLength": 1},
    () => {"type": "null"},
    serde_json::Value => true,
    serde_json::Map<String, serde_json::Value> => {"type": "object"},
);

impl<T: WireSchema> WireSchema for Option<T> {
    fn wire_schema(generator: &mut SchemaGenerator) -> Schema {
        let mut schema = T::wire_schema(generator);
        allow_null(&mut schema);
        schema
    }

    fn constrained() -> bool {
        T::constrained()
    }
}

/// `schema` or `null`, written as schemars writes it (`"type": ["string", "null"]` for a plain
/// type, `anyOf` around anything with subschemas), so that schemas do not change with the
/// source of a field's schema.
fn allow_null(schema: &mut Schema) {
    const SUBSCHEMA_KEYWORDS: &[&str] = &[
        "$ref",
        "allOf",
        "anyOf",
        "oneOf",
        "not",
        "if",
        "then",
        "else",
        "prefixItems",
        "items",
        "contains",
        "properties",
        "patternProperties",
        "additionalProperties",
        "propertyNames",
    ];
    let Some(obj) = schema.as_object_mut() else {
        // `true` already takes `null`; `false` becomes `null` alone.
        if schema.as_bool() == Some(false) {
            *schema = json_schema!({"type": "null"});
        }
        return;
    };
    if SUBSCHEMA_KEYWORDS.iter().any(|k| obj.contains_key(*k)) {
        let inner = std::mem::take(obj);
        *schema = json_schema!({"anyOf": [inner, {"type": "null"}]});
        return;
    }
    match obj.get_mut("type") {
        Some(serde_json::Value::Array(types)) if !types.iter().any(|t| t == "null") => {
            types.push("null".into());
        }
        Some(serde_json::Value::String(t)) if t != "null" => {
            let single = std::mem::take(t);
            obj.insert("type".into(), serde_json::json!([single, "null"]));
        }
        _ => {}
    }
    if let Some(value) = obj.remove("const") {
        obj.insert("enum".into(), serde_json::json!([value, null]));
    }
    if let Some(serde_json::Value::Array(values)) = obj.get_mut("enum") {
        if !values.contains(&serde_json::Value::Null) {
            values.push(serde_json::Value::Null);
        }
    }
}

macro_rules! pointers {
    ($($t:ident),*) => {$(
        impl<T: WireSchema + ?Sized> WireSchema for $t<T> {
            fn wire_schema(generator: &mut SchemaGenerator) -> Schema {
                T::wire_schema(generator)
            }

            fn constrained() -> bool {
                T::constrained()
            }
        }
    )*};
}
pointers!(Box, Rc, Arc);

macro_rules! sequences {
    ($($t:ident),*) => {$(
        impl<T: WireSchema> WireSchema for $t<T> {
            fn wire_schema(generator: &mut SchemaGenerator) -> Schema {
                let items = T::wire_schema(generator);
                json_schema!({"type": "array", "items": items})
            }

            fn constrained() -> bool {
                T::constrained()
            }
        }
    )*};
}
sequences!(Vec, VecDeque, LinkedList, BTreeSet);

impl<T: WireSchema, S> WireSchema for HashSet<T, S> {
    fn wire_schema(generator: &mut SchemaGenerator) -> Schema {
        let items = T::wire_schema(generator);
        json_schema!({"type": "array", "items": items})
    }
    fn constrained() -> bool {
        T::constrained()
    }
}

impl<T: WireSchema> WireSchema for [T] {
    fn wire_schema(generator: &mut SchemaGenerator) -> Schema {
        let items = T::wire_schema(generator);
        json_schema!({"type": "array", "items": items})
    }
    fn constrained() -> bool {
        T::constrained()
    }
}

impl<T: WireSchema, const N: usize> WireSchema for [T; N] {
    fn wire_schema(generator: &mut SchemaGenerator) -> Schema {
        // serde reads an array as a tuple of exactly N elements.
        let items = T::wire_schema(generator);
        json_schema!({"type": "array", "items": items, "minItems": N, "maxItems": N})
    }
    fn constrained() -> bool {
        T::constrained()
    }
}

/// Map keys that read from any JSON object key.
#[doc(hidden)]
pub trait TextKey {}
impl TextKey for String {}
impl TextKey for Box<str> {}
impl TextKey for Rc<str> {}
impl TextKey for Arc<str> {}

impl<K: TextKey, V: WireSchema, S> WireSchema for HashMap<K, V, S> {
    fn wire_schema(generator: &mut SchemaGenerator) -> Schema {
        let values = V::wire_schema(generator);
        json_schema!({"type": "object", "additionalProperties": values})
    }

    fn constrained() -> bool {
        V::constrained()
    }
}

impl<K: TextKey, V: WireSchema> WireSchema for BTreeMap<K, V> {
    fn wire_schema(generator: &mut SchemaGenerator) -> Schema {
        let values = V::wire_schema(generator);
        json_schema!({"type": "object", "additionalProperties": values})
    }

    fn constrained() -> bool {
        V::constrained()
    }
}

macro_rules! tuples {
    ($(($($t:ident),+) = $n:literal;)*) => {$(
        impl<$($t: WireSchema),+> WireSchema for ($($t,)+) {
            fn wire_schema(generator: &mut SchemaGenerator) -> Schema {
                let items: Vec<Schema> = vec![$($t::wire_schema(generator)),+];
                json_schema!({
                    "type": "array",
                    "prefixItems": items,
                    "items": false,
                    "minItems": $n,
                    "maxItems": $n,
                })
            }

            fn constrained() -> bool {
                false $(|| $t::constrained())+
            }
        }
    )*};
}
tuples! {
    (A) = 1;
    (A, B) = 2;
    (A, B, C) = 3;
    (A, B, C, D) = 4;
    (A, B, C, D, E) = 5;
    (A, B, C, D, E, F) = 6;
    (A, B, C, D, E, F, G) = 7;
    (A, B, C, D, E, F, G, H) = 8;
}

macro_rules! foreign {
    ($($t:ty => $marker:ident, $name:literal, $display:literal, $schema:path;)*) => {
        /// The name a refusal gives a foreign type's definition (`uuid_Uuid` is `uuid::Uuid`).
        #[cfg(feature = "validate")]
        pub(crate) fn display_name(definition: &str) -> &str {
            match definition {
                $($name => $display,)*
                other => other,
            }
        }
        $(
        /// The definition behind a foreign type's schema: a named `$defs` entry, so that a
        /// refused value reads "is not a valid ..." rather than quoting a long pattern.
        struct $marker;

        impl JsonSchema for $marker {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                $name.into()
            }

            fn schema_id() -> std::borrow::Cow<'static, str> {
                concat!("tracer_schema::foreign::", $name).into()
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                // The same text is read and written, so one schema serves both modes.
                Schema::try_from($schema()).unwrap_or_default()
            }
        }

        impl WireSchema for $t {
            fn wire_schema(generator: &mut SchemaGenerator) -> Schema {
                generator.subschema_for::<$marker>()
            }
        }
    )*};
}
foreign! {
    chrono::DateTime<chrono::Utc> => DateTimeUtc, "DateTime_Utc", "chrono::DateTime<Utc>",
        crate::foreign_schema::date_time_utc;
    chrono::DateTime<chrono::Local> => DateTimeLocal, "DateTime_Local", "chrono::DateTime<Local>",
        crate::foreign_schema::date_time_utc;
    chrono::DateTime<chrono::FixedOffset> => DateTimeFixedOffset, "DateTime_FixedOffset",
        "chrono::DateTime<FixedOffset>", crate::foreign_schema::date_time_fixed_offset;
    chrono::NaiveDateTime => NaiveDateTime, "NaiveDateTime", "chrono::NaiveDateTime",
        crate::foreign_schema::naive_date_time;
    chrono::NaiveDate => NaiveDate, "NaiveDate", "chrono::NaiveDate",
        crate::foreign_schema::naive_date;
    uuid::Uuid => UuidText, "uuid_Uuid", "uuid::Uuid", crate::foreign_schema::uuid;
    rust_decimal::Decimal => RustDecimal, "rust_decimal_Decimal", "rust_decimal::Decimal",
        crate::foreign_schema::decimal;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A type with only a (hand-written) schemars impl.
    struct OnlySchemars;

    impl JsonSchema for OnlySchemars {
        fn schema_name() -> std::borrow::Cow<'static, str> {
            "OnlySchemars".into()
        }

        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({"type": "object"})
        }
    }

    #[allow(clippy::needless_borrow)] // The borrow picks the source.
    fn probe_u8(generator: &mut SchemaGenerator) -> Schema {
        (&Probe::<u8>::new()).field_schema(generator)
    }

    #[allow(clippy::needless_borrow)]
    fn probe_schemars_only(generator: &mut SchemaGenerator) -> Schema {
        (&Probe::<Vec<OnlySchemars>>::new()).field_schema(generator)
    }

    #[allow(clippy::needless_borrow)]
    fn generic<T: JsonSchema>(generator: &mut SchemaGenerator) -> Schema {
        (&Probe::<Vec<T>>::new()).field_schema(generator)
    }

    #[test]
    fn prefers_our_schema_and_falls_back_to_schemars() {
        let mut generator = crate::schema::generator(crate::Mode::Validation);
        let ours = probe_u8(&mut generator);
        assert_eq!(ours.get("maximum"), Some(&serde_json::json!(255)));
        let theirs = probe_schemars_only(&mut generator);
        assert_eq!(theirs.get("type"), Some(&serde_json::json!("array")));
        let fallback = generic::<u8>(&mut generator);
        // Inside a generic function only `JsonSchema` is known: schemars' schema, with its
        // `format`.
        assert_eq!(
            fallback.get("items").and_then(|i| i.get("format")),
            Some(&serde_json::json!("uint8"))
        );
        assert_eq!(ours.get("format"), None);
    }
}
