//! How pydantic reads a model that serde's derive does not: only from a JSON object, and with
//! every value checked by the JSON parser, the ignored ones too.
//!
//! - serde's derived `Deserialize` for a struct also takes an array of its fields in order
//!   (`["id", "start", ...]`), which the SDK rejects (`model_type`): [`ObjectOnly`] asks for a
//!   map.
//! - serde skips an unknown key's value without checking it, while pydantic's parser (jiter)
//!   rejects the whole document for a lone surrogate escape, more than 200 levels of nesting or
//!   a number of more than 4,300 digits anywhere in it: the values the model ignores are read
//!   as text and checked against those limits ([`Checked`]).

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

use crate::wire::json_text;
use crate::wire::raw::{TextSeed, RAW_VALUE_TOKEN};

/// A deserializer that reads a struct only from a map, with its ignored values checked.
pub(crate) struct ObjectOnly<D>(pub(crate) D);

impl<'de, D: Deserializer<'de>> Deserializer<'de> for ObjectOnly<D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(CheckedVisitor(visitor))
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
        ignored_any
    }
}

/// The model's visitor, handed a map whose values are [`Checked`].
struct CheckedVisitor<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for CheckedVisitor<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.0.expecting(f)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(CheckedMap(map))
    }
}

struct CheckedMap<A>(A);

impl<'de, A: MapAccess<'de>> MapAccess<'de> for CheckedMap<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.0.next_key_seed(seed)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        self.0.next_value_seed(CheckedSeed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

struct CheckedSeed<S>(S);

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for CheckedSeed<S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(Checked(d))
    }
}

/// One member's value: read as usual, except that a value the model ignores is read as text
/// and checked against the SDK parser's limits instead of skipped unseen.
struct Checked<D>(D);

/// Checks an ignored value's source text (or, from a deserializer that does not hand over
/// text, skips it as serde would).
struct IgnoredText;

impl<'de> Visitor<'de> for IgnoredText {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        match map.next_key_seed(TextSeed)? {
            Some(key) if key == RAW_VALUE_TOKEN => {
                let raw = map.next_value_seed(TextSeed)?;
                // A member of the top-level object sits in one container.
                json_text::compact(&raw, 1)
                    .map(drop)
                    .map_err(serde::de::Error::custom)
            }
            Some(_) => {
                map.next_value::<IgnoredAny>()?;
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(())
            }
            None => Ok(()),
        }
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_ignored_any(IgnoredAny).map(drop)
    }
}

macro_rules! forward {
    ($($method:ident)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
                self.0.$method(visitor)
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Checked<D> {
    type Error = D::Error;

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0
            .deserialize_newtype_struct(RAW_VALUE_TOKEN, IgnoredText)?;
        visitor.visit_unit()
    }

    forward! {
        deserialize_any deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32
        deserialize_i64 deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32
        deserialize_u64 deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char
        deserialize_str deserialize_string deserialize_bytes deserialize_byte_buf
        deserialize_option deserialize_unit deserialize_seq deserialize_map
        deserialize_identifier
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_unit_struct(name, visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_newtype_struct(name, visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple(len, visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple_struct(name, len, visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_struct(name, fields, visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_enum(name, variants, visitor)
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

/// Implements `Deserialize` for a model whose derived impl is `#[serde(remote = "Self")]`
/// (an inherent `deserialize`), reading it through [`ObjectOnly`]; and `Serialize` likewise.
macro_rules! object_only {
    ($model:ty) => {
        impl<'de> serde::Deserialize<'de> for $model {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                <$model>::deserialize(crate::object_only::ObjectOnly(d))
            }
        }

        impl serde::Serialize for $model {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                <$model>::serialize(self, s)
            }
        }
    };
}
pub(crate) use object_only;

#[cfg(test)]
mod tests {
    use crate::{TracerSession, TracerSessionResult};

    const BASE: &str = r#""id": "00000000-0000-4000-8000-000000000001", "tenant_id": "00000000-0000-4000-8000-000000000002", "reference_dataset_id": null"#;

    fn session(extra: &str) -> Result<TracerSession, serde_json::Error> {
        serde_json::from_str(&format!("{{{BASE}{extra}}}"))
    }

    // Verdicts from langsmith 0.14.17's TracerSession.model_validate_json on the same text.
    #[test]
    fn ignored_values_meet_the_parser_limits() {
        assert!(session(r#", "unknown": {"a": [1, "x"]}"#).is_ok());
        assert!(session(r#", "unknown": "\ud800""#).is_err());
        assert!(session(r#", "run_facets": [{"a": "\udc00"}]"#).is_err());
        assert!(session(&format!(r#", "unknown": {}"#, "9".repeat(4301))).is_err());
        assert!(session(&format!(r#", "unknown": {}"#, "9".repeat(4300))).is_ok());
        let deep = |n: usize| format!(r#", "unknown": {}{}"#, "[".repeat(n), "]".repeat(n));
        assert!(session(&deep(200)).is_ok());
        assert!(session(&deep(201)).is_err());
        // serde's derive would read a positional array; pydantic refuses it.
        let positional = r#"["00000000-0000-4000-8000-000000000001", "2024-01-01", null, null, null, null, "00000000-0000-4000-8000-000000000002", null]"#;
        assert!(serde_json::from_str::<TracerSession>(positional).is_err());
        assert!(serde_json::from_str::<TracerSessionResult>(&format!("{{{BASE}}}")).is_ok());
    }
}
