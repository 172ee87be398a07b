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

use std::cell::Cell;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

use crate::wire::json_text;
use crate::wire::raw::{TextSeed, RAW_VALUE_TOKEN};

/// A deserializer that reads a struct only from a map, with its ignored values checked and
/// its keys seen through [`Keys`].
pub(crate) struct ObjectOnly<'k, D>(pub(crate) D, pub(crate) Keys<'k>);

/// What a model's `__init__` does to its keyword arguments before pydantic validates them, as
/// far as it concerns keys: which keys were present, and keys read under another name.
#[derive(Debug)]
pub(crate) struct KeyRules {
    /// Keys whose presence the model's init hook asks about ([`Keys::seen`]), at most 32.
    pub(crate) watch: &'static [&'static str],
    /// `(from, to)`: `from` is read as the field `to`, and takes precedence over it: a `to`
    /// after a `from` is ignored (still checked as JSON).
    pub(crate) renames: &'static [(&'static str, &'static str)],
    /// Whether a `from` wins over its `to` in either order: the object's keys are then looked
    /// at before it is read (which reads it as text first, so this is for small models).
    pub(crate) lookahead: bool,
}

impl KeyRules {
    /// No rules: keys are read as written.
    pub(crate) const NONE: KeyRules = KeyRules {
        watch: &[],
        renames: &[],
        lookahead: false,
    };

    /// The rules of a model whose `__init__(self, ..., **kwargs)` only refuses a `self` key
    /// (Python raises `TypeError: got multiple values for argument 'self'`).
    pub(crate) const INIT: KeyRules = KeyRules {
        watch: &["self"],
        renames: &[],
        lookahead: false,
    };
}

/// Why a model with a custom `__init__` was refused after its fields were read.
#[derive(Debug, thiserror::Error)]
pub(crate) enum InitError {
    /// A `self` key: the SDK's `__init__` cannot take it.
    #[error("`self` cannot be a key: the SDK's __init__ takes it as its own argument (TypeError)")]
    SelfKey,
}

/// Refuses a `self` key where the rules watch for it.
pub(crate) fn refuse_self_key(keys: Keys<'_>) -> Result<(), InitError> {
    if keys.seen("self") {
        Err(InitError::SelfKey)
    } else {
        Ok(())
    }
}

/// The schema side of [`KeyRules::INIT`]: a `self` key is refused (validation mode), as a
/// `false` property (which ajv's strict mode accepts, unlike `not: {required}`).
pub(crate) fn refuse_self_in_schema(schema: &mut schemars::Schema, mode: crate::Mode) {
    if mode == crate::Mode::Validation {
        add_property(schema, "self", serde_json::Value::Bool(false));
    }
}

/// Adds a property to a model schema (after the fields).
pub(crate) fn add_property(schema: &mut schemars::Schema, name: &str, property: serde_json::Value) {
    if let Some(serde_json::Value::Object(properties)) =
        schema.as_object_mut().and_then(|o| o.get_mut("properties"))
    {
        properties.insert(name.to_owned(), property);
    }
}

/// The `__init__` hook of a model whose `__init__` changes nothing JSON can see.
pub(crate) fn plain_init<M>(model: M, keys: Keys<'_>) -> Result<M, InitError> {
    refuse_self_key(keys).map(|()| model)
}

/// A model's [`KeyRules`] and what was seen under them while reading one object.
#[derive(Clone, Copy)]
pub(crate) struct Keys<'k> {
    rules: &'static KeyRules,
    seen: &'k Cell<u64>,
}

/// The key a `to` is read as once its `from` was seen: no field has this name.
const SHADOWED: &str = "\u{0}shadowed";

impl<'k> Keys<'k> {
    pub(crate) fn new(rules: &'static KeyRules, seen: &'k Cell<u64>) -> Self {
        Keys { rules, seen }
    }

    /// Notes the `from` keys among an object's top-level `keys` before it is read, so that
    /// each shadows its `to` whatever the order.
    pub(crate) fn look_ahead(&self, keys: &[String]) {
        let watched = self.rules.watch.len();
        for (r, (from, _)) in self.rules.renames.iter().enumerate() {
            if keys.iter().any(|k| k == from) {
                self.seen.set(self.seen.get() | (1 << (watched + r)));
            }
        }
    }

    /// Whether the watched key `key` was present.
    pub(crate) fn seen(&self, key: &str) -> bool {
        self.rules
            .watch
            .iter()
            .position(|w| *w == key)
            .is_some_and(|i| self.seen.get() & (1 << i) != 0)
    }

    /// The name `key` is read under, noting what the rules watch.
    fn apply<'a>(&self, key: &'a str) -> &'a str {
        if self.rules.watch.is_empty() && self.rules.renames.is_empty() {
            return key;
        }
        let watched = self.rules.watch.len();
        if let Some(i) = self.rules.watch.iter().position(|w| *w == key) {
            self.seen.set(self.seen.get() | (1 << i));
        }
        for (r, (from, to)) in self.rules.renames.iter().enumerate() {
            // Bits after the watched keys remember which `from`s were seen.
            let bit = 1u64 << (watched + r);
            if key == *from {
                self.seen.set(self.seen.get() | bit);
                return to;
            }
            if key == *to && self.seen.get() & bit != 0 {
                return SHADOWED;
            }
        }
        key
    }
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for ObjectOnly<'_, D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(CheckedVisitor(visitor, self.1))
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
struct CheckedVisitor<'k, V>(V, Keys<'k>);

impl<'de, V: Visitor<'de>> Visitor<'de> for CheckedVisitor<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.0.expecting(f)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(CheckedMap(map, self.1))
    }
}

struct CheckedMap<'k, A>(A, Keys<'k>);

impl<'de, A: MapAccess<'de>> MapAccess<'de> for CheckedMap<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        if self.1.rules.watch.is_empty() && self.1.rules.renames.is_empty() {
            return self.0.next_key_seed(seed);
        }
        self.0.next_key_seed(KeySeed(seed, self.1))
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

/// The keys of a JSON object's text (none when it is not an object).
pub(crate) fn top_level_keys(text: &str) -> Vec<String> {
    struct KeysOf;

    impl<'de> Visitor<'de> for KeysOf {
        type Value = Vec<String>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an object")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<String>, A::Error> {
            let mut keys = Vec::new();
            while let Some(key) = map.next_key::<String>()? {
                map.next_value::<IgnoredAny>()?;
                keys.push(key);
            }
            Ok(keys)
        }
    }

    serde_json::Deserializer::from_str(text)
        .deserialize_map(KeysOf)
        .unwrap_or_default()
}

/// An error from reading an object's own text, for the enclosing deserializer (its position
/// is relative to the object, so it is left out).
#[allow(clippy::needless_pass_by_value)] // the shape `map_err` hands over
pub(crate) fn relocated<E: serde::de::Error>(e: serde_json::Error) -> E {
    let message = e.to_string();
    E::custom(message.split(" at line ").next().unwrap_or_default())
}

/// A key read through [`Keys::apply`]. The key keeps the deserializer's own path (a borrowed
/// `&str` from serde_json): only the visitor is wrapped, so a key costs one comparison per rule.
struct KeySeed<'k, K>(K, Keys<'k>);

impl<'de, K: DeserializeSeed<'de>> DeserializeSeed<'de> for KeySeed<'_, K> {
    type Value = K::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<K::Value, D::Error> {
        self.0.deserialize(KeyDeserializer(d, self.1))
    }
}

/// The key's deserializer: every request answers through [`KeyVisitor`].
struct KeyDeserializer<'k, D>(D, Keys<'k>);

impl<'de, D: Deserializer<'de>> Deserializer<'de> for KeyDeserializer<'_, D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(KeyVisitor(visitor, self.1))
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_identifier(KeyVisitor(visitor, self.1))
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_str(KeyVisitor(visitor, self.1))
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_string(KeyVisitor(visitor, self.1))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum ignored_any
    }
}

/// Passes a key to the model's field visitor under the name [`Keys::apply`] gives it.
struct KeyVisitor<'k, V>(V, Keys<'k>);

impl<'de, V: Visitor<'de>> Visitor<'de> for KeyVisitor<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.0.expecting(f)
    }

    fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<V::Value, E> {
        let named = self.1.apply(v);
        if std::ptr::eq(named, v) {
            self.0.visit_borrowed_str(v)
        } else {
            self.0.visit_str(named)
        }
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<V::Value, E> {
        self.0.visit_str(self.1.apply(v))
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<V::Value, E> {
        self.0.visit_str(self.1.apply(&v))
    }

    fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<V::Value, E> {
        match std::str::from_utf8(v) {
            Ok(text) => self.visit_str(text),
            Err(_) => self.0.visit_bytes(v),
        }
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<V::Value, E> {
        self.0.visit_u64(v)
    }
}

/// Implements `Deserialize` for a model whose derived impl is `#[serde(remote = "Self")]`
/// (an inherent `deserialize`), reading it through [`ObjectOnly`]; and `Serialize` likewise.
///
/// With `init = hook, keys = RULES` the SDK's `__init__` is mirrored too: keys are read under
/// the [`KeyRules`], and `hook(model, keys)` finishes the model (defaults that depend on other
/// fields, time zones) or refuses it.
macro_rules! object_only {
    ($model:ty) => {
        impl<'de> serde::Deserialize<'de> for $model {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let seen = std::cell::Cell::new(0);
                let keys = crate::object_only::Keys::new(&crate::object_only::KeyRules::NONE, &seen);
                <$model>::deserialize(crate::object_only::ObjectOnly(d, keys))
            }
        }

        crate::object_only::object_only!(@serialize $model);
    };
    ($model:ty, init = $init:path, keys = $rules:expr) => {
        impl<'de> serde::Deserialize<'de> for $model {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                static RULES: crate::object_only::KeyRules = $rules;
                let seen = std::cell::Cell::new(0);
                let keys = crate::object_only::Keys::new(&RULES, &seen);
                let model = if RULES.lookahead {
                    let text = crate::wire::raw::value_text(d)?;
                    keys.look_ahead(&crate::object_only::top_level_keys(&text));
                    let mut de = serde_json::Deserializer::from_str(&text);
                    <$model>::deserialize(crate::object_only::ObjectOnly(&mut de, keys))
                        .map_err(crate::object_only::relocated)?
                } else {
                    <$model>::deserialize(crate::object_only::ObjectOnly(d, keys))?
                };
                $init(model, keys).map_err(serde::de::Error::custom)
            }
        }

        crate::object_only::object_only!(@serialize $model);
    };
    (@serialize $model:ty) => {
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
