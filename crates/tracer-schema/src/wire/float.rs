//! `Float`: a Python `float` field in pydantic's lax mode.
//!
//! Numbers, numeric strings (parsed by Rust's own `f64::from_str`, exactly as pydantic-core
//! does, so `"NaN"` and `"inf"` are accepted) and booleans. Non-finite values are written as
//! `null`, pydantic's default.

use std::fmt;
use std::ops::Deref;

use serde::de::{Deserialize, Deserializer};
use serde::{Serialize, Serializer};

use super::scalar::Scalar;
use super::WireError;

/// A float read with pydantic's lax coercions.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct Float(pub f64);

impl Float {
    /// The float pydantic makes of a string: trimmed, then without single underscores.
    pub fn parse_lax(text: &str) -> Result<Self, WireError> {
        if let Ok(v) = text.trim().parse::<f64>() {
            return Ok(Float(v));
        }
        let underscores_ok = !text.starts_with('_')
            && !text.ends_with('_')
            && text.contains('_')
            && !text.contains("__");
        if underscores_ok {
            if let Ok(v) = text.replace('_', "").parse::<f64>() {
                return Ok(Float(v));
            }
        }
        Err(WireError::FloatParsing)
    }
}

impl Deref for Float {
    type Target = f64;

    fn deref(&self) -> &f64 {
        &self.0
    }
}

impl From<f64> for Float {
    fn from(value: f64) -> Self {
        Float(value)
    }
}

impl From<Float> for f64 {
    fn from(value: Float) -> Self {
        value.0
    }
}

impl fmt::Display for Float {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl Serialize for Float {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0.is_finite() {
            serializer.serialize_f64(self.0)
        } else {
            serializer.serialize_none()
        }
    }
}

impl Float {
    /// The float a JSON value stands for, as pydantic's lax `float` reads it.
    pub(crate) fn from_scalar(scalar: &Scalar<'_>) -> Result<Self, WireError> {
        match scalar {
            // Integers wider than 64 bits become the nearest float, as Python's float(int) does;
            // an integer has no negative zero, so `-0` is `0.0`.
            // A JSON integer is a Python int; `float(int)` refuses one that rounds beyond
            // the largest double instead of making it infinite.
            Scalar::Int(text) => match text.parse::<f64>() {
                Ok(v) if v.is_infinite() => Err(WireError::FloatTooLarge),
                Ok(v) => Ok(Float(v + 0.0)),
                Err(_) => Err(WireError::FloatParsing),
            },
            Scalar::Float(text) if text == super::json_text::NAN_SPELLING => Ok(Float(f64::NAN)),
            Scalar::Float(text) => text.parse().map(Float).map_err(|_| WireError::FloatParsing),
            Scalar::Str(text) => Float::parse_lax(text),
            Scalar::Bool(b) => Ok(Float(if *b { 1.0 } else { 0.0 })),
            Scalar::Null => Err(WireError::FloatParsing),
        }
    }
}

impl<'de> Deserialize<'de> for Float {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Scalar::deserialize_into(
            deserializer,
            "a number or numeric string",
            Float::from_scalar,
        )
    }
}

/// Validation: numbers, booleans and numeric strings (including `"NaN"` and `"inf"`).
/// Serialization: a number, or `null` for a non-finite value.
impl schemars::JsonSchema for Float {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Float".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        match crate::mode::mode_of(generator) {
            crate::mode::Mode::Validation => schemars::json_schema!({
                "description": "A float: a number, a boolean, or a numeric string.",
                "type": ["number", "boolean", "string"],
                "pattern": "^\\s*[+-]?(?:(?:[0-9]+(?:_[0-9]+)*(?:\\.(?:[0-9]+(?:_[0-9]+)*)?)?|\\.[0-9]+(?:_[0-9]+)*)(?:[eE][+-]?[0-9]+(?:_[0-9]+)*)?|[iI][nN][fF](?:[iI][nN][iI][tT][yY])?|[nN][aA][nN])\\s*$",
            }),
            crate::mode::Mode::Serialization => schemars::json_schema!({
                "description": "A float; `null` stands for NaN and the infinities.",
                "type": ["number", "null"],
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Verdicts checked against pydantic (TracerSessionResult.error_rate) on the same strings.
    #[test]
    fn lax_strings() {
        assert_eq!(Float::parse_lax(" 1.5 "), Ok(Float(1.5)));
        assert_eq!(Float::parse_lax("1_000.5"), Ok(Float(1000.5)));
        assert!(Float::parse_lax("-nan").unwrap().is_nan());
        assert_eq!(Float::parse_lax("infinity"), Ok(Float(f64::INFINITY)));
        assert_eq!(Float::parse_lax("1__0"), Err(WireError::FloatParsing));
        assert_eq!(Float::parse_lax("1,5"), Err(WireError::FloatParsing));
        assert_eq!(Float::parse_lax("0x10"), Err(WireError::FloatParsing));
    }

    // Issue 9, item 10: a JSON integer of 2**1024 - 2**970 or more is refused by the SDK
    // (float_type); one less is the largest double.
    #[test]
    fn integers_too_large_for_a_float() {
        let read = |json: &str| {
            let mut de = serde_json::Deserializer::from_str(json);
            Float::deserialize(&mut de).map(|f| f.0)
        };
        let two_1024 = "179769313486231590772930519078902473361797697894230657273430081157732675805500963132708477322407536021120113879871393357658789768814416622492847430639474124377767893424865485276302219601246094119453082952085005768838150682342462881473913110540827237163350510684586298239947245938479716304835356329624224137216";
        assert!(read(two_1024).is_err());
        let below = "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791";
        assert_eq!(read(below).ok(), Some(f64::MAX));
    }
}
