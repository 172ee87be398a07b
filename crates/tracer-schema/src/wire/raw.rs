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

/// Whether this build's serde_json has `arbitrary_precision` (switched on by some other crate):
/// only then can a buffered map `{NUMBER_TOKEN: "digits"}` be a number rather than user data.
pub(crate) fn arbitrary_precision() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| {
        serde_json::from_str::<serde_json::Value>("1.50")
            .and_then(|v| serde_json::to_string(&v))
            .is_ok_and(|text| text == "1.50")
    })
}

/// Whether `text` is one JSON number.
fn is_number(text: &str) -> bool {
    text.starts_with(|c: char| c == '-' || c.is_ascii_digit())
        && serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok()
}

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
/// hand over source text: serde's buffered content). Every key is data here: a key that
/// happens to spell serde_json's private markers is written as the key it is.
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
        let Some(key) = map.next_key_seed(TextSeed)? else {
            self.0.push_str("{}");
            return Ok(());
        };
        if key == NUMBER_TOKEN && arbitrary_precision() {
            // A number, buffered by a serde_json built with `arbitrary_precision`, if the map
            // holds exactly its digits; anything else is a user's map with that key.
            let value = map.next_value_seed(JsonValueText)?;
            let more = map.next_key_seed(TextSeed)?;
            match (value, more) {
                (Captured::Str(digits), None) if is_number(&digits) => {
                    self.0.push_str(&digits);
                    return Ok(());
                }
                (value, more) => {
                    self.0.push('{');
                    self.string(&key);
                    self.0.push(':');
                    value.write(self.0);
                    if let Some(next) = more {
                        self.0.push(',');
                        self.string(&next);
                        self.0.push(':');
                        map.next_value_seed(TextWriter(self.0))?;
                        while let Some(k) = map.next_key_seed(TextSeed)? {
                            self.0.push(',');
                            self.string(&k);
                            self.0.push(':');
                            map.next_value_seed(TextWriter(self.0))?;
                        }
                    }
                    self.0.push('}');
                    return Ok(());
                }
            }
        }
        self.map_after_key(&key, map)
    }
}

/// One value's JSON source text, whatever its shape: serde_json hands it over; other
/// deserializers' events are written back as text (see [`TextWriter`]).
pub(crate) fn value_text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    d.deserialize_newtype_struct(RAW_VALUE_TOKEN, ValueText)
}

struct ValueText;

impl<'de> Visitor<'de> for ValueText {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        let mut text = String::new();
        d.deserialize_any(JsonValueText)?.write(&mut text);
        Ok(text)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<String, A::Error> {
        let mut text = String::new();
        match map.next_key_seed(TextSeed)? {
            Some(key) if key == RAW_VALUE_TOKEN => {
                return map.next_value_seed(TextSeed).map(Cow::into_owned)
            }
            Some(key) => TextWriter(&mut text).map_after_key(&key, map)?,
            None => text.push_str("{}"),
        }
        Ok(text)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<String, A::Error> {
        let mut text = String::new();
        TextWriter(&mut text).visit_seq(seq)?;
        Ok(text)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        let mut text = String::new();
        TextWriter(&mut text).string(v);
        Ok(text)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        let mut text = String::new();
        TextWriter(&mut text).visit_f64(v)?;
        Ok(text)
    }

    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        Ok("null".to_owned())
    }
}

/// One buffered value, kept aside until it is known what its map is.
enum Captured {
    /// A string value (maybe a number's digits).
    Str(String),
    /// Any other value, as JSON text.
    Text(String),
}

impl Captured {
    fn write(self, out: &mut String) {
        match self {
            Captured::Str(s) => out.push_str(&serde_json::to_string(&s).unwrap_or_default()),
            Captured::Text(t) => out.push_str(&t),
        }
    }
}

/// Reads one value as [`Captured`]: a string as itself, anything else written as text.
struct JsonValueText;

impl<'de> DeserializeSeed<'de> for JsonValueText {
    type Value = Captured;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Captured, D::Error> {
        d.deserialize_any(self)
    }
}

macro_rules! as_text {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {
        $(
            fn $method<E: de::Error>(self, $($arg: $ty),*) -> Result<Captured, E> {
                let mut text = String::new();
                TextWriter(&mut text).$method($($arg),*)?;
                Ok(Captured::Text(text))
            }
        )*
    };
}

impl<'de> Visitor<'de> for JsonValueText {
    type Value = Captured;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Captured, E> {
        Ok(Captured::Str(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Captured, E> {
        Ok(Captured::Str(v))
    }

    as_text! {
        visit_unit();
        visit_none();
        visit_bool(v: bool);
        visit_i64(v: i64);
        visit_u64(v: u64);
        visit_i128(v: i128);
        visit_u128(v: u128);
        visit_f64(v: f64);
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Captured, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Captured, A::Error> {
        let mut text = String::new();
        TextWriter(&mut text).visit_seq(seq)?;
        Ok(Captured::Text(text))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Captured, A::Error> {
        let mut text = String::new();
        TextWriter(&mut text).visit_map(map)?;
        Ok(Captured::Text(text))
    }
}
