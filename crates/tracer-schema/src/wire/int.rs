//! `Int`: a Python `int` field in pydantic's lax mode, held in an `i64`.
//!
//! pydantic accepts `3`, `3.0`, `1e3`, `"3"`, `" 3 "`, `"1_000"`, `"3.00"` and booleans, and
//! rejects `3.5`. Python integers are unbounded; this type holds 128 bits and rejects anything
//! wider (a documented deviation) instead of silently wrapping or rounding.

use std::fmt;
use std::ops::Deref;

use serde::de::{Deserialize, Deserializer};
use serde::{Serialize, Serializer};

use super::scalar::Scalar;
use super::WireError;

/// An integer read with pydantic's lax coercions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Int(pub i128);

impl Int {
    /// The integer pydantic makes of a JSON float: whole, finite and inside `i64`.
    pub fn from_f64(value: f64) -> Result<Self, WireError> {
        if !value.is_finite() {
            Err(WireError::NotFinite)
        } else if value % 1.0 != 0.0 {
            Err(WireError::IntFromFloat)
        } else if (i64::MIN as f64) < value && value < (i64::MAX as f64) {
            Ok(Int(i128::from(value as i64)))
        } else {
            Err(WireError::IntOutOfRange)
        }
    }

    /// The integer pydantic makes of a string: a JSON integer, or the same after its clean-ups
    /// (surrounding whitespace, a `+`, leading zeros, single underscores, a `.000` tail).
    pub fn parse_lax(text: &str) -> Result<Self, WireError> {
        if let Some(result) = parse_json_int(text) {
            return result;
        }
        let cleaned = clean_int_str(text).ok_or(WireError::IntParsing)?;
        parse_json_int(&cleaned).unwrap_or(Err(WireError::IntParsing))
    }

    pub(crate) fn from_scalar(scalar: &Scalar<'_>) -> Result<Self, WireError> {
        match scalar {
            Scalar::Int(text) => parse_json_int(text).unwrap_or(Err(WireError::IntParsing)),
            Scalar::Float(text) => Int::from_f64(text.parse().map_err(|_| WireError::IntParsing)?),
            Scalar::Str(text) => Int::parse_lax(text),
            Scalar::Bool(b) => Ok(Int(i128::from(*b))),
            Scalar::Null => Err(WireError::IntParsing),
        }
    }
}

impl Int {
    /// Whether [`Int::from_scalar`] takes `scalar`, without parsing a JSON integer of at most
    /// 38 digits (every one fits an `i128`); the check-only reading uses it.
    pub(crate) fn accepts(scalar: &Scalar<'_>) -> bool {
        match scalar {
            Scalar::Int(text) => {
                let digits = text.strip_prefix('-').unwrap_or(text);
                json_int_digits(digits) && (digits.len() <= 38 || text.parse::<i128>().is_ok())
            }
            other => Int::from_scalar(other).is_ok(),
        }
    }
}

/// Whether `digits` (a JSON integer without its sign) is well formed: `0|[1-9][0-9]*`.
fn json_int_digits(digits: &str) -> bool {
    match digits.as_bytes() {
        [b'0'] => true,
        [b'1'..=b'9', rest @ ..] => rest.iter().all(u8::is_ascii_digit),
        _ => false,
    }
}

/// Parses `text` if it is a JSON integer (`-?(0|[1-9][0-9]*)`); `None` when it is not one.
fn parse_json_int(text: &str) -> Option<Result<Int, WireError>> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    json_int_digits(digits).then(|| {
        text.parse::<i128>()
            .map(Int)
            .map_err(|_| WireError::IntOutOfRange)
    })
}

/// Single underscores between digits are dropped; leading, trailing or doubled ones are not.
fn strip_underscores(s: &str) -> Option<String> {
    if s.starts_with('_') || s.ends_with('_') || !s.contains('_') || s.contains("__") {
        None
    } else {
        Some(s.replace('_', ""))
    }
}

/// pydantic-core's clean-up of an integer string, rule for rule.
fn clean_int_str(original: &str) -> Option<String> {
    let len_before = original.len();
    let mut s = original.trim();
    if let Some(rest) = s.strip_prefix('+') {
        if rest.starts_with('-') {
            return None;
        }
        s = rest;
    }
    let mut negative = false;
    if let Some(rest) = s.strip_prefix('-') {
        if rest.starts_with(['-', '+']) {
            return None;
        }
        negative = true;
        s = rest;
    }
    s = strip_leading_zeros(s)?;
    if let Some(i) = s.find('.') {
        let fraction = &s[i + 1..];
        if !fraction.is_empty() && fraction.bytes().all(|c| c == b'0') {
            s = &s[..i];
        }
    }
    let sign = if negative { "-" } else { "" };
    if let Some(stripped) = strip_underscores(s) {
        return Some(format!("{sign}{stripped}"));
    }
    if len_before == s.len() {
        return None;
    }
    Some(format!("{sign}{s}"))
}

fn strip_leading_zeros(s: &str) -> Option<&str> {
    let mut chars = s.char_indices();
    match chars.next() {
        Some((_, '0')) => {}
        Some((_, c)) if c.is_ascii_digit() || c == '-' => return Some(s),
        _ => return None,
    }
    for (i, c) in chars {
        match c {
            '0' | '_' => {}
            '1'..='9' | '-' => return Some(&s[i..]),
            '.' => return Some(&s[i - 1..]),
            _ => return None,
        }
    }
    Some(&s[s.len() - 1..])
}

impl Deref for Int {
    type Target = i128;

    fn deref(&self) -> &i128 {
        &self.0
    }
}

impl From<i64> for Int {
    fn from(value: i64) -> Self {
        Int(i128::from(value))
    }
}

impl From<Int> for i128 {
    fn from(value: Int) -> Self {
        value.0
    }
}

impl TryFrom<Int> for i64 {
    type Error = WireError;

    fn try_from(value: Int) -> Result<Self, WireError> {
        i64::try_from(value.0).map_err(|_| WireError::IntOutOfRange)
    }
}

impl fmt::Display for Int {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl Serialize for Int {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i128(self.0)
    }
}

impl<'de> Deserialize<'de> for Int {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Scalar::deserialize_into(
            deserializer,
            "an integer or integer string",
            Int::from_scalar,
        )
    }
}

/// Validation: integers (including `3.0` and `1e3`), booleans and integer strings.
/// Serialization: an integer.
impl schemars::JsonSchema for Int {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Int".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        match crate::mode::mode_of(generator) {
            crate::mode::Mode::Validation => schemars::json_schema!({
                "description": "An integer: a whole number, a boolean, or an integer string.",
                "type": ["integer", "boolean", "string"],
                // Beyond f64 a JSON number is infinite to pydantic, which these types refuse.
                "minimum": -1.797_693_134_862_315_7e308,
                "maximum": 1.797_693_134_862_315_7e308,
                "pattern": "^\\s*[+-]?(?:[0-9]+(?:_[0-9]+)*)(?:\\.0+)?\\s*$",
            }),
            crate::mode::Mode::Serialization => schemars::json_schema!({ "type": "integer" }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Verdicts checked against pydantic (TracerSessionResult.run_count) on the same strings.
    #[test]
    fn lax_strings() {
        for (input, want) in [
            ("3", Some(3)),
            (" 3 ", Some(3)),
            ("+3", Some(3)),
            ("-3", Some(-3)),
            ("0003", Some(3)),
            ("3.00", Some(3)),
            ("1_000", Some(1000)),
            ("0_0", Some(0)),
            ("-0", Some(0)),
            ("3.5", None),
            ("3.", None),
            (".0", None),
            ("1e3", None),
            ("1__000", None),
            ("_1", None),
            ("--3", None),
            ("", None),
        ] {
            assert_eq!(Int::parse_lax(input).ok().map(|i| i.0), want, "{input:?}");
        }
    }

    #[test]
    fn floats() {
        assert_eq!(Int::from_f64(1e3), Ok(Int(1000)));
        assert_eq!(Int::from_f64(3.5), Err(WireError::IntFromFloat));
        assert_eq!(Int::from_f64(9.3e18), Err(WireError::IntOutOfRange));
        assert_eq!(
            Int::parse_lax("123456789012345678901234567890"),
            Ok(Int(123_456_789_012_345_678_901_234_567_890))
        );
        assert_eq!(Int::from_f64(f64::INFINITY), Err(WireError::NotFinite));
    }

    /// The shortcut agrees with the conversion at every length around the `i128` limits.
    #[test]
    fn accepts_is_from_scalar() {
        use std::borrow::Cow;
        let mut texts: Vec<String> = ["0", "-0", "01", "-", "", "1", "-1", "00", "1a"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        for len in 1..=42 {
            for lead in ['1', '9'] {
                let n = format!("{lead}{}", "9".repeat(len - 1));
                texts.push(format!("-{n}"));
                texts.push(n);
            }
        }
        texts.push(i128::MAX.to_string());
        texts.push(i128::MIN.to_string());
        texts.push((i128::MAX as u128 + 1).to_string());
        texts.push(format!("-{}", i128::MAX as u128 + 2));
        for text in &texts {
            let scalar = Scalar::Int(Cow::Borrowed(text));
            assert_eq!(
                Int::accepts(&scalar),
                Int::from_scalar(&scalar).is_ok(),
                "{text}"
            );
        }
    }
}
