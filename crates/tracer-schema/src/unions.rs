//! The SDK's strict unions: `Feedback.score`, `Feedback.value`, `Feedback.correction` and
//! `FeedbackSourceBase.user_id`.
//!
//! pydantic's smart-mode union is not serde's untagged "first match wins": each member is tried
//! and the exact match is kept. The members of `score` and `value` are strict, so the JSON kind
//! alone decides: `true` is a bool (not the int 1), `1` an int, `1.0` a float (written `1.0`),
//! and `"1"` is no number at all (for `value` it is the string `"1"`). For `user_id`
//! (`UUID | str`) a string that parses as a UUID is a UUID, written in canonical form.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer};
use serde::{Serialize, Serializer};

use crate::wire::raw::value_text;
use crate::wire::{Float, Int, Object, Uuid};

/// The JSON kinds a strict member can match, read from one value's source text.
enum Strict {
    Bool(bool),
    Int(Int),
    Float(Float),
    Str(String),
    Object(Object),
    /// `null` or an array: no member of these unions takes them.
    Other(&'static str),
}

impl Strict {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Strict, D::Error> {
        let text = value_text(d)?;
        let trimmed = text.trim_start();
        Ok(match trimmed.as_bytes().first() {
            Some(b'{') => Strict::Object(Object::from_raw(&text, 1)?),
            Some(b'"') => Strict::Str(serde_json::from_str(trimmed).map_err(de::Error::custom)?),
            Some(b't') => Strict::Bool(true),
            Some(b'f') => Strict::Bool(false),
            Some(b'n') => Strict::Other("null"),
            Some(b'[') => Strict::Other("an array"),
            _ => {
                let number = trimmed.trim_end();
                // jiter's limit on the digits before a fraction or exponent.
                let int_digits = number
                    .bytes()
                    .skip_while(|b| *b == b'-')
                    .take_while(u8::is_ascii_digit)
                    .count();
                if int_digits > crate::wire::json_text::MAX_INT_DIGITS {
                    return Err(de::Error::custom(
                        crate::wire::json_text::TextError::NumberOutOfRange,
                    ));
                }
                if number == crate::wire::json_text::NAN_SPELLING {
                    Strict::Float(Float(f64::NAN))
                } else if number.contains(['.', 'e', 'E']) {
                    Strict::Float(Float(number.parse().map_err(|_| {
                        de::Error::custom(crate::wire::WireError::FloatParsing)
                    })?))
                } else {
                    // A JSON integer; Python's are unbounded, ours hold 128 bits.
                    Strict::Int(Int(number.parse().map_err(|_| {
                        de::Error::custom(crate::wire::WireError::IntOutOfRange)
                    })?))
                }
            }
        })
    }

    fn kind(&self) -> &'static str {
        match self {
            Strict::Bool(_) => "a boolean",
            Strict::Int(_) => "an integer",
            Strict::Float(_) => "a float",
            Strict::Str(_) => "a string",
            Strict::Object(_) => "an object",
            Strict::Other(kind) => kind,
        }
    }
}

fn refused<E: de::Error>(got: &Strict, expected: &str) -> E {
    E::custom(format_args!(
        "input should be {expected} (strict), got {}",
        got.kind()
    ))
}

/// `Feedback.score`: `bool | int | float`, each strict.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Score {
    /// A JSON `true` or `false`.
    Bool(bool),
    /// A JSON integer.
    Int(Int),
    /// A JSON number with a fraction or exponent (non-finite ones are written `null`).
    Float(Float),
}

impl Serialize for Score {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Score::Bool(b) => s.serialize_bool(*b),
            Score::Int(i) => i.serialize(s),
            Score::Float(f) => f.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Score {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Strict::read(d)? {
            Strict::Bool(b) => Ok(Score::Bool(b)),
            Strict::Int(i) => Ok(Score::Int(i)),
            Strict::Float(f) => Ok(Score::Float(f)),
            other => Err(refused(&other, "a boolean, an integer or a float")),
        }
    }
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Score::Bool(b) => b.fmt(f),
            Score::Int(i) => i.fmt(f),
            Score::Float(x) => x.fmt(f),
        }
    }
}

/// `Feedback.value`: `dict | str | bool | int | float`, the scalars strict.
#[derive(Debug, Clone, PartialEq)]
pub enum FeedbackValue {
    /// A JSON object.
    Object(Object),
    /// A JSON string.
    Str(String),
    /// A JSON `true` or `false`.
    Bool(bool),
    /// A JSON integer.
    Int(Int),
    /// A JSON number with a fraction or exponent.
    Float(Float),
}

impl Serialize for FeedbackValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            FeedbackValue::Object(o) => o.serialize(s),
            FeedbackValue::Str(t) => s.serialize_str(t),
            FeedbackValue::Bool(b) => s.serialize_bool(*b),
            FeedbackValue::Int(i) => i.serialize(s),
            FeedbackValue::Float(f) => f.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for FeedbackValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Strict::read(d)? {
            Strict::Object(o) => Ok(FeedbackValue::Object(o)),
            Strict::Str(t) => Ok(FeedbackValue::Str(t)),
            Strict::Bool(b) => Ok(FeedbackValue::Bool(b)),
            Strict::Int(i) => Ok(FeedbackValue::Int(i)),
            Strict::Float(f) => Ok(FeedbackValue::Float(f)),
            other @ Strict::Other(_) => Err(refused(
                &other,
                "an object, a string, a boolean, an integer or a float",
            )),
        }
    }
}

/// `Feedback.correction`: `str | dict`.
#[derive(Debug, Clone, PartialEq)]
pub enum Correction {
    /// A JSON string.
    Str(String),
    /// A JSON object.
    Object(Object),
}

impl Serialize for Correction {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Correction::Str(t) => s.serialize_str(t),
            Correction::Object(o) => o.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Correction {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Strict::read(d)? {
            Strict::Str(t) => Ok(Correction::Str(t)),
            Strict::Object(o) => Ok(Correction::Object(o)),
            other => Err(refused(&other, "a string or an object")),
        }
    }
}

/// `FeedbackSourceBase.user_id`: `UUID | str`; a string that is a UUID is read as one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum UserId {
    /// A string pydantic reads as a UUID (written canonical, lower case).
    Uuid(Uuid),
    /// Any other string.
    Name(String),
}

impl Serialize for UserId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            UserId::Uuid(u) => u.serialize(s),
            UserId::Name(t) => s.serialize_str(t),
        }
    }
}

impl<'de> Deserialize<'de> for UserId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Ok(match text.parse::<Uuid>() {
            Ok(uuid) => UserId::Uuid(uuid),
            Err(_) => UserId::Name(text),
        })
    }
}

macro_rules! union_schema {
    ($t:ty, $name:literal, validation: $v:tt, serialization: $s:tt) => {
        impl schemars::JsonSchema for $t {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                $name.into()
            }

            fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                match crate::mode::mode_of(generator) {
                    crate::mode::Mode::Validation => schemars::json_schema!($v),
                    crate::mode::Mode::Serialization => schemars::json_schema!($s),
                }
            }
        }
    };
}

union_schema!(Score, "Score",
    validation: {"description": "A boolean, an integer or a float (strict: no strings).", "type": ["boolean", "number"]},
    serialization: {"description": "A boolean, an integer or a float; `null` stands for NaN and the infinities.", "type": ["boolean", "number", "null"]});
union_schema!(FeedbackValue, "FeedbackValue",
    validation: {"description": "An object, a string, a boolean, an integer or a float.", "type": ["object", "string", "boolean", "number"]},
    serialization: {"description": "An object, a string, a boolean, an integer or a float; `null` stands for NaN and the infinities.", "type": ["object", "string", "boolean", "number", "null"]});
union_schema!(Correction, "Correction",
    validation: {"description": "A string or an object.", "type": ["string", "object"]},
    serialization: {"description": "A string or an object.", "type": ["string", "object"]});
union_schema!(UserId, "UserId",
    validation: {"description": "A user ID: a UUID (any form pydantic reads) or any other string.", "type": "string"},
    serialization: {"description": "A user ID: a canonical UUID or any other string.", "type": "string"});

#[cfg(test)]
mod tests {
    use super::*;

    fn score(json: &str) -> Option<String> {
        serde_json::from_str::<Score>(json)
            .ok()
            .and_then(|s| crate::to_pydantic_json(&s).ok())
    }

    // langsmith 0.14.17, Feedback.score: what model_dump_json() writes for each JSON value.
    #[test]
    fn score_is_decided_by_the_json_kind() {
        assert_eq!(score("true").as_deref(), Some("true"));
        assert_eq!(score("1").as_deref(), Some("1"));
        assert_eq!(score("1.0").as_deref(), Some("1.0"));
        assert_eq!(score("1e2").as_deref(), Some("100.0"));
        assert_eq!(score("-0.0").as_deref(), Some("-0.0"));
        assert_eq!(score("1.5e400").as_deref(), Some("null"));
        assert_eq!(
            score("12345678901234567890123").as_deref(),
            Some("12345678901234567890123")
        );
        assert_eq!(score(r#""1""#), None);
        assert_eq!(score("[]"), None);
        assert_eq!(score("{}"), None);
    }

    // langsmith 0.14.17, FeedbackSourceBase.user_id.
    #[test]
    fn user_id_prefers_a_uuid() {
        let read =
            |json: &str| serde_json::to_string(&serde_json::from_str::<UserId>(json).ok()?).ok();
        assert_eq!(
            read(r#""00000000-0000-4000-8000-00000000000A""#).as_deref(),
            Some(r#""00000000-0000-4000-8000-00000000000a""#)
        );
        assert_eq!(read(r#""abc""#).as_deref(), Some(r#""abc""#));
        assert_eq!(read("5"), None);
    }
}
