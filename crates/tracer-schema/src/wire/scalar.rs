//! One JSON value as the lax wire types see it: its kind and, for numbers, its exact spelling.
//!
//! pydantic decides how to coerce a value from what the JSON parser saw (an integer, a float, a
//! string, a boolean), so every lax type starts here. Numbers are read as their source text
//! (see [`super::raw`]), which keeps integers wider than 64 bits and the exact digits, which
//! matters for decimals.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Unexpected, Visitor};

use super::json_text::{self, MAX_INT_DIGITS};
use super::raw::{TextSeed, TextWriter, RAW_VALUE_TOKEN};

/// A scalar JSON value; arrays and objects are rejected by the caller's `expecting` message.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Scalar<'de> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A JSON number without fraction or exponent, as written.
    Int(Cow<'de, str>),
    /// A JSON number with a fraction or an exponent, as written.
    Float(Cow<'de, str>),
    /// A JSON string, unescaped.
    Str(Cow<'de, str>),
}

impl Scalar<'_> {
    /// Classifies a number's spelling the way the JSON parser pydantic uses (jiter) does, with
    /// its limit on integer digits.
    pub(crate) fn number<E: de::Error>(text: Cow<'_, str>) -> Result<Scalar<'_>, E> {
        let int_digits = text
            .bytes()
            .skip_while(|b| *b == b'-')
            .take_while(u8::is_ascii_digit)
            .count();
        if int_digits > MAX_INT_DIGITS {
            return Err(E::custom(json_text::TextError::NumberOutOfRange));
        }
        if text.bytes().any(|b| matches!(b, b'.' | b'e' | b'E')) {
            Ok(Scalar::Float(text))
        } else {
            Ok(Scalar::Int(text))
        }
    }

    /// The scalar whose JSON source text is `raw` (one value, as serde_json delimited it).
    fn from_raw<'a, E: de::Error>(
        raw: Cow<'a, str>,
        expecting: &ScalarVisitor,
    ) -> Result<Scalar<'a>, E> {
        match raw.as_bytes().first() {
            Some(b'"') => {
                let has_escape = raw.contains('\\');
                match raw {
                    Cow::Borrowed(r) if !has_escape => {
                        Ok(Scalar::Str(Cow::Borrowed(&r[1..r.len() - 1])))
                    }
                    r if !has_escape => Ok(Scalar::Str(Cow::Owned(r[1..r.len() - 1].to_owned()))),
                    // serde_json checks escapes (a lone surrogate is an error) when it decodes.
                    r => serde_json::from_str::<String>(&r)
                        .map(|s| Scalar::Str(Cow::Owned(s)))
                        .map_err(|e| {
                            E::custom(
                                e.to_string()
                                    .split(" at line ")
                                    .next()
                                    .unwrap_or_default()
                                    .to_owned(),
                            )
                        }),
                }
            }
            Some(b't') => Ok(Scalar::Bool(true)),
            Some(b'f') => Ok(Scalar::Bool(false)),
            Some(b'n') => Ok(Scalar::Null),
            Some(b'{') => Err(de::Error::invalid_type(Unexpected::Map, expecting)),
            Some(b'[') => Err(de::Error::invalid_type(Unexpected::Seq, expecting)),
            _ => Scalar::number(raw),
        }
    }

    /// Reads one value and converts it: what every lax wire type's `Deserialize` does. `null`
    /// is a type error here (an `Option` field has already taken it); `expecting` names the
    /// wire type in messages.
    pub(crate) fn deserialize_into<'de, D, T>(
        deserializer: D,
        expecting: &'static str,
        convert: impl FnOnce(&Scalar<'_>) -> Result<T, super::WireError>,
    ) -> Result<T, D::Error>
    where
        D: Deserializer<'de>,
    {
        match Scalar::read(deserializer, expecting)? {
            Scalar::Null => Err(de::Error::invalid_type(Unexpected::Unit, &expecting)),
            scalar => convert(&scalar).map_err(de::Error::custom),
        }
    }

    /// Reads one value from `deserializer`; `expecting` names the wire type for error messages.
    pub(crate) fn read<'de, D: Deserializer<'de>>(
        deserializer: D,
        expecting: &'static str,
    ) -> Result<Scalar<'de>, D::Error> {
        // serde_json answers with the value's source text; others deliver ordinary events.
        deserializer.deserialize_newtype_struct(
            RAW_VALUE_TOKEN,
            ScalarVisitor {
                expecting,
                buffered: false,
            },
        )
    }
}

struct ScalarVisitor {
    expecting: &'static str,
    /// Whether the deserializer is serde's buffered content: then a map is data, even one whose
    /// key spells serde_json's private markers.
    buffered: bool,
}

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Scalar::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Scalar::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(ScalarVisitor {
            buffered: true,
            ..self
        })
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Scalar::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Scalar::Int(Cow::Owned(v.to_string())))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Scalar::Int(Cow::Owned(v.to_string())))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Self::Value, E> {
        Ok(Scalar::Int(Cow::Owned(v.to_string())))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Self::Value, E> {
        Ok(Scalar::Int(Cow::Owned(v.to_string())))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        if v.is_finite() {
            // `{:?}` always spells a float with a `.` or an exponent, so it stays a float.
            Ok(Scalar::Float(Cow::Owned(format!("{v:?}"))))
        } else {
            Err(E::invalid_value(Unexpected::Float(v), &self))
        }
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Scalar::Str(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Scalar::Str(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Scalar::Str(Cow::Owned(v)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _seq: A) -> Result<Self::Value, A::Error> {
        Err(de::Error::invalid_type(Unexpected::Seq, &self))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        if self.buffered {
            // A build where some crate switched on serde_json's `arbitrary_precision` buffers
            // numbers as `{TOKEN: "digits"}`; the writer turns exactly those back into digits.
            let mut text = String::new();
            TextWriter(&mut text).visit_map(map)?;
            return if text.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
                Scalar::number(Cow::Owned(text))
            } else {
                Err(de::Error::invalid_type(Unexpected::Map, &self))
            };
        }
        match map.next_key_seed(TextSeed)? {
            Some(key) if key == RAW_VALUE_TOKEN => {
                let raw = map.next_value_seed(TextSeed)?;
                Scalar::from_raw(raw, &self)
            }
            _ => Err(de::Error::invalid_type(Unexpected::Map, &self)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Scalar<'_>, serde_json::Error> {
        let mut de = serde_json::Deserializer::from_str(text);
        Scalar::read(&mut de, "a scalar")
    }

    #[test]
    fn numbers_keep_their_spelling_and_kind() {
        assert_eq!(read("1.50").unwrap(), Scalar::Float("1.50".into()));
        assert_eq!(read("1E2").unwrap(), Scalar::Float("1E2".into()));
        assert_eq!(read(r#""a\u0041""#).unwrap(), Scalar::Str("aA".into()));
        assert!(read(r#""\ud800""#).is_err());
        assert!(read(&"9".repeat(4301)).is_err());
        assert_eq!(read("-0").unwrap(), Scalar::Int("-0".into()));
        let big = "123456789012345678901234567890";
        assert_eq!(read(big).unwrap(), Scalar::Int(big.into()));
    }

    #[test]
    fn containers_are_type_errors() {
        let err = read("{\"a\": 1}").unwrap_err().to_string();
        assert!(
            err.contains("invalid type: map, expected a scalar"),
            "{err}"
        );
        let err = read("[1]").unwrap_err().to_string();
        assert!(err.contains("invalid type: sequence"), "{err}");
    }
}
