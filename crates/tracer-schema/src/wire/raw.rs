//! Reading a value's source text through serde.
//!
//! The wire types need what pydantic's parser sees: a number's exact spelling, an object's key
//! order. serde_json hands over the source text of one value when asked for its `RawValue`
//! newtype (feature `raw_value`, which only adds API); that is how these types read, without
//! `arbitrary_precision` or `preserve_order`, which would change every other crate's serde_json.
//!
//! Other deserializers (serde's buffered content inside `#[serde(flatten)]` or an untagged enum,
//! a `serde_json::Value`) do not know the request and deliver ordinary events; [`TextWriter`]
//! turns those back into JSON text, keeping the order they come in.

use std::borrow::Cow;
use std::fmt;
use std::fmt::Write as _;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// The newtype name serde_json answers with a value's source text (`serde_json::value::RawValue`).
pub(crate) const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

/// The key serde_json uses to hand over a number as text when some crate in the build has
/// switched on `arbitrary_precision` (we never do; a user's build may).
pub(crate) const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// A string, borrowed from the input when the deserializer allows it.
pub(crate) struct TextSeed;

impl<'de> DeserializeSeed<'de> for TextSeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(TextSeed)
    }
}

impl<'de> Visitor<'de> for TextSeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

/// Writes one value, whatever its shape, as JSON text (the path for deserializers that do not
/// hand over source text).
pub(crate) struct TextWriter<'a>(pub(crate) &'a mut String);

impl TextWriter<'_> {
    pub(crate) fn string(&mut self, s: &str) {
        // Serializing a `str` cannot fail.
        self.0
            .push_str(&serde_json::to_string(s).unwrap_or_default());
    }

    /// Writes the rest of a map whose first key (not a token) was already read.
    pub(crate) fn map_after_key<'de, A: MapAccess<'de>>(
        &mut self,
        first_key: &str,
        mut map: A,
    ) -> Result<(), A::Error> {
        self.0.push('{');
        self.string(first_key);
        self.0.push(':');
        map.next_value_seed(TextWriter(self.0))?;
        while let Some(key) = map.next_key_seed(TextSeed)? {
            self.0.push(',');
            self.string(&key);
            self.0.push(':');
            map.next_value_seed(TextWriter(self.0))?;
        }
        self.0.push('}');
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for TextWriter<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TextWriter<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.0.push_str("null");
        Ok(())
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.0.push_str(if v { "true" } else { "false" });
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        let _ = write!(self.0, "{v}");
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        let _ = write!(self.0, "{v}");
        Ok(())
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<(), E> {
        let _ = write!(self.0, "{v}");
        Ok(())
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<(), E> {
        let _ = write!(self.0, "{v}");
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        if v.is_finite() {
            // `{:?}` keeps a `.` or an exponent, so the value stays a float.
            let _ = write!(self.0, "{v:?}");
        } else {
            self.0.push_str("null");
        }
        Ok(())
    }

    fn visit_str<E: de::Error>(mut self, v: &str) -> Result<(), E> {
        self.string(v);
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.0.push('[');
        let mut first = true;
        loop {
            let mark = self.0.len();
            if !first {
                self.0.push(',');
            }
            if seq.next_element_seed(TextWriter(self.0))?.is_none() {
                self.0.truncate(mark);
                break;
            }
            first = false;
        }
        self.0.push(']');
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        match map.next_key_seed(TextSeed)? {
            None => {
                self.0.push_str("{}");
                Ok(())
            }
            Some(key) if key == NUMBER_TOKEN => {
                let digits: Cow<'de, str> = map.next_value_seed(TextSeed)?;
                self.0.push_str(&digits);
                Ok(())
            }
            Some(key) if key == RAW_VALUE_TOKEN => {
                let raw: Cow<'de, str> = map.next_value_seed(TextSeed)?;
                self.0.push_str(&raw);
                Ok(())
            }
            Some(key) => self.map_after_key(&key, map),
        }
    }
}
