//! `Bool`: a Python `bool` field in pydantic's lax mode.
//!
//! pydantic reads `true`/`false`, the integers `0` and `1`, the floats `0.0` and `1.0`, and the
//! strings `"0"`, `"1"` and (any letter case) `f`, `n`, `no`, `off`, `false`, `t`, `y`, `on`,
//! `yes`, `true`; nothing else, and no surrounding whitespace. It writes `true` or `false`.

use std::fmt;
use std::ops::Deref;

use serde::de::{Deserialize, Deserializer};
use serde::{Serialize, Serializer};

use super::scalar::Scalar;
use super::WireError;

/// A boolean read with pydantic's lax coercions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Bool(pub bool);

impl Bool {
    /// The boolean pydantic makes of a string (`str_as_bool` in pydantic-core).
    pub fn parse_lax(text: &str) -> Result<Self, WireError> {
        const FALSE: [&str; 5] = ["f", "n", "no", "off", "false"];
        const TRUE: [&str; 5] = ["t", "y", "on", "yes", "true"];
        if text == "0" || FALSE.iter().any(|w| text.eq_ignore_ascii_case(w)) {
            Ok(Bool(false))
        } else if text == "1" || TRUE.iter().any(|w| text.eq_ignore_ascii_case(w)) {
            Ok(Bool(true))
        } else {
            Err(WireError::BoolParsing)
        }
    }

    pub(crate) fn from_scalar(scalar: &Scalar<'_>) -> Result<Self, WireError> {
        match scalar {
            Scalar::Bool(b) => Ok(Bool(*b)),
            Scalar::Int(text) => match text.as_ref() {
                "0" | "-0" => Ok(Bool(false)),
                "1" => Ok(Bool(true)),
                _ => Err(WireError::BoolParsing),
            },
            Scalar::Float(text) => match text.parse::<f64>() {
                Ok(0.0) => Ok(Bool(false)),
                Ok(1.0) => Ok(Bool(true)),
                _ => Err(WireError::BoolParsing),
            },
            Scalar::Str(text) => Bool::parse_lax(text),
            Scalar::Null => Err(WireError::BoolParsing),
        }
    }
}

impl Deref for Bool {
    type Target = bool;

    fn deref(&self) -> &bool {
        &self.0
    }
}

impl From<bool> for Bool {
    fn from(value: bool) -> Self {
        Bool(value)
    }
}

impl From<Bool> for bool {
    fn from(value: Bool) -> Self {
        value.0
    }
}

impl fmt::Display for Bool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl Serialize for Bool {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bool(self.0)
    }
}

impl<'de> Deserialize<'de> for Bool {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Scalar::deserialize_into(
            deserializer,
            "a boolean, 0 or 1, or a boolean string",
            Bool::from_scalar,
        )
    }
}

/// Validation: booleans, the numbers 0 and 1, and the words pydantic reads.
/// Serialization: a boolean.
impl schemars::JsonSchema for Bool {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Bool".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        match crate::mode::mode_of(generator) {
            crate::mode::Mode::Validation => schemars::json_schema!({
                "description": "A boolean: true or false, 0 or 1, or one of the words pydantic reads (`yes`, `off`, ...; any letter case).",
                "anyOf": [
                    {"type": "boolean"},
                    {"type": "number", "enum": [0, 1]},
                    {"type": "string", "pattern": "^(?:0|1|[fFnNtTyY]|[nN][oO]|[oO][nN]|[oO][fF][fF]|[yY][eE][sS]|[tT][rR][uU][eE]|[fF][aA][lL][sS][eE])$"},
                ],
            }),
            crate::mode::Mode::Serialization => schemars::json_schema!({"type": "boolean"}),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> Option<bool> {
        serde_json::from_str::<Bool>(json).ok().map(|b| b.0)
    }

    // Verdicts checked against langsmith 0.14.17's Run.in_dataset (Optional[bool]) on the same
    // JSON values.
    #[test]
    fn lax_values_like_pydantic() {
        for (json, want) in [
            ("true", Some(true)),
            ("false", Some(false)),
            ("1", Some(true)),
            ("0", Some(false)),
            ("1.0", Some(true)),
            ("0.0", Some(false)),
            (r#""yes""#, Some(true)),
            (r#""on""#, Some(true)),
            (r#""t""#, Some(true)),
            (r#""TRUE""#, Some(true)),
            (r#""1""#, Some(true)),
            (r#""no""#, Some(false)),
            (r#""off""#, Some(false)),
            (r#""f""#, Some(false)),
            (r#""n""#, Some(false)),
            (r#""y""#, Some(true)),
            ("2", None),
            ("0.5", None),
            ("null", None),
            ("[]", None),
        ] {
            assert_eq!(read(json), want, "{json}");
        }
    }
}
