//! `Decimal`: Python's `decimal.Decimal` as pydantic reads and writes it.
//!
//! Python keeps a decimal's exact coefficient and exponent, so `"1.0E-7"` and `"1E-7"` are
//! different values on the wire. This type keeps both parts and prints them with Python's
//! `str(Decimal)` rules; [`Decimal::to_rust_decimal`] converts to `rust_decimal` for arithmetic.

use std::fmt;
use std::str::FromStr;

use serde::de::{Deserialize, Deserializer};
use serde::{Serialize, Serializer};

use super::float_spelling::python_repr;
use super::scalar::Scalar;
use super::WireError;

/// A finite decimal number with Python's exact representation: sign, digits and exponent.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Decimal {
    negative: bool,
    /// ASCII digits without leading zeros (`"0"` for zero).
    coefficient: String,
    exponent: i64,
}

impl Decimal {
    /// Whether the sign is negative (Python keeps `-0`).
    #[must_use]
    pub fn is_negative(&self) -> bool {
        self.negative
    }

    /// The coefficient's digits, without leading zeros.
    #[must_use]
    pub fn coefficient(&self) -> &str {
        &self.coefficient
    }

    /// The power of ten the coefficient is scaled by.
    #[must_use]
    pub fn exponent(&self) -> i64 {
        self.exponent
    }

    /// The value as a `rust_decimal::Decimal`, or `None` when it needs more than its 28 digits.
    #[must_use]
    pub fn to_rust_decimal(&self) -> Option<rust_decimal::Decimal> {
        let sign = if self.negative { "-" } else { "" };
        let text = format!("{sign}{}e{}", self.coefficient, self.exponent);
        rust_decimal::Decimal::from_scientific(&text).ok()
    }

    /// The decimal pydantic makes of a JSON float: `Decimal(repr(value))`.
    pub fn from_f64(value: f64) -> Result<Self, WireError> {
        if !value.is_finite() {
            return Err(WireError::NotFinite);
        }
        python_repr(value).parse()
    }

    /// `Decimal(repr(float(text)))` without the float, for JSON number text with at most 15
    /// significant digits in the normal range: such a decimal survives the round trip through
    /// an `f64` unchanged (15 is `f64::DIGITS`), so the shortest repr has exactly its digits,
    /// without trailing zeros. `None` sends other numbers through [`Decimal::from_f64`].
    fn from_short_float_text(text: &str) -> Option<Self> {
        let (negative, body) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (mantissa, exp) = match body.find(['e', 'E']) {
            Some(i) => (&body[..i], body[i + 1..].parse::<i32>().ok()?),
            None => (body, 0),
        };
        let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let mut digits = String::with_capacity(int_part.len() + frac_part.len());
        digits.push_str(int_part);
        digits.push_str(frac_part);
        // value = 0.digits × 10^point, with `point` counted after dropping leading zeros.
        let leading = digits.bytes().take_while(|&b| b == b'0').count();
        if leading == digits.len() {
            return None; // zero: its sign and spelling go the slow way
        }
        let point = int_part.len() as i32 - leading as i32 + exp;
        let significant = digits[leading..].trim_end_matches('0');
        if significant.len() > 15 || !(-290..=290).contains(&point) {
            return None;
        }
        Some(Self::from_repr_digits(negative, significant, point - 1))
    }

    /// The decimal Python makes of `repr(f)` when `f`'s shortest digits are `digits` and
    /// `f = d.ddd × 10^exp` (see `float_spelling::python_repr` for the notation rules).
    fn from_repr_digits(negative: bool, digits: &str, exp: i32) -> Self {
        let n = digits.len() as i64;
        let exp = i64::from(exp);
        let (coefficient, exponent) = if (-4..16).contains(&exp) {
            if n - 1 <= exp {
                // Written `ddd000.0`: the coefficient carries the zeros and one fraction digit.
                let mut c = digits.to_owned();
                c.extend(std::iter::repeat_n('0', (exp - (n - 1)) as usize + 1));
                (c, -1)
            } else {
                (digits.to_owned(), exp - (n - 1))
            }
        } else {
            (digits.to_owned(), exp - (n - 1))
        };
        Decimal {
            negative,
            coefficient,
            exponent,
        }
    }

    pub(crate) fn from_scalar(scalar: &Scalar<'_>) -> Result<Self, WireError> {
        match scalar {
            // `Decimal(int)` keeps every digit; jiter has already turned `-0` into `0`.
            Scalar::Int(text) => {
                let mut d: Decimal = text.parse()?;
                if d.coefficient == "0" {
                    d.negative = false;
                }
                Ok(d)
            }
            Scalar::Float(text) => match Self::from_short_float_text(text) {
                Some(d) => Ok(d),
                None => Self::from_f64(text.parse::<f64>().map_err(|_| WireError::Decimal)?),
            },
            Scalar::Str(text) => {
                // pydantic drops every underscore before handing the text to `Decimal`.
                if text.contains('_') {
                    text.replace('_', "").parse()
                } else {
                    text.parse()
                }
            }
            Scalar::Null | Scalar::Bool(_) => Err(WireError::Decimal),
        }
    }
}

/// libmpdec's largest adjusted exponent on 64-bit machines (`MAX_EMAX`).
const DECIMAL_EMAX: i64 = 999_999_999_999_999_999;
/// libmpdec's smallest exponent (`MIN_ETINY` = `MIN_EMIN - (MAX_PREC - 1)`).
const DECIMAL_ETINY: i64 = -1_999_999_999_999_999_997;

impl FromStr for Decimal {
    type Err = WireError;

    /// Python's `Decimal(text)` grammar, with non-finite values rejected as pydantic does.
    fn from_str(text: &str) -> Result<Self, WireError> {
        let (negative, int_digits, frac_digits, exponent) = Decimal::parts(text)?;
        // The digits without leading zeros, in one allocation.
        let mut coefficient = String::with_capacity((int_digits.len() + frac_digits.len()).max(1));
        coefficient.push_str(int_digits);
        coefficient.push_str(frac_digits);
        if coefficient.is_empty() {
            coefficient.push('0');
        }
        Ok(Decimal {
            negative,
            coefficient,
            exponent,
        })
    }
}

impl Decimal {
    /// Whether [`Decimal::from_scalar`] takes `scalar`, without building the decimal when it
    /// can tell from [`Decimal::parts`] alone (the same function `from_str` reads with).
    pub(crate) fn accepts(scalar: &Scalar<'_>) -> bool {
        match scalar {
            // Plain decimal text (`-?[0-9]+(\.[0-9]+)?`) has nothing to strip, no special
            // word, no exponent, and an exponent and length far inside the context's limits.
            Scalar::Int(text) | Scalar::Str(text) if plain_decimal(text) => true,
            Scalar::Int(text) => Decimal::parts(text).is_ok(),
            Scalar::Str(text) if !text.contains('_') => Decimal::parts(text).is_ok(),
            other => Decimal::from_scalar(other).is_ok(),
        }
    }

    /// `Decimal(text)` in pieces: the sign, the integer digits and fraction digits without
    /// leading zeros (both empty for zero), and the exponent of the last digit.
    fn parts(text: &str) -> Result<(bool, &str, &str, i64), WireError> {
        // Python's `str.strip()`: Unicode white space and also U+001C..U+001F, which Rust's
        // `trim` keeps.
        // Text that starts and ends with a visible ASCII character (nearly all) has nothing to
        // strip: skip the character-by-character search.
        let visible = |b: Option<&u8>| b.is_some_and(u8::is_ascii_graphic);
        let s = if visible(text.as_bytes().first()) && visible(text.as_bytes().last()) {
            text
        } else {
            text.trim_matches(|c: char| c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c))
        };
        let (negative, body) = match s.as_bytes().first() {
            Some(b'-') => (true, &s[1..]),
            Some(b'+') => (false, &s[1..]),
            _ => (false, s),
        };
        let is = |word: &str| body.eq_ignore_ascii_case(word);
        let nan_payload = |prefix: &str| {
            body.len() >= prefix.len()
                && body.is_char_boundary(prefix.len())
                && body[..prefix.len()].eq_ignore_ascii_case(prefix)
                && body[prefix.len()..].bytes().all(|b| b.is_ascii_digit())
        };
        if is("inf") || is("infinity") || nan_payload("nan") || nan_payload("snan") {
            return Err(WireError::NotFinite);
        }
        // ASCII bytes are never part of a longer character, so these positions are boundaries.
        let (mantissa, exp_text) = match body.bytes().position(|b| b == b'e' || b == b'E') {
            Some(i) => (&body[..i], Some(&body[i + 1..])),
            None => (body, None),
        };
        let (int_part, frac_part) = match mantissa.bytes().position(|b| b == b'.') {
            Some(i) => (&mantissa[..i], &mantissa[i + 1..]),
            None => (mantissa, ""),
        };
        let all_digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
        if (int_part.is_empty() && frac_part.is_empty())
            || !all_digits(int_part)
            || !all_digits(frac_part)
        {
            return Err(WireError::Decimal);
        }
        let mut exponent: i64 = match exp_text {
            None => 0,
            Some(e) => {
                let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
                if digits.is_empty() || !all_digits(digits) {
                    return Err(WireError::Decimal);
                }
                e.parse().map_err(|_| WireError::Decimal)?
            }
        };
        exponent = exponent
            .checked_sub(frac_part.len() as i64)
            .ok_or(WireError::Decimal)?;
        let int_digits = int_part.trim_start_matches('0');
        let frac_digits = if int_digits.is_empty() {
            frac_part.trim_start_matches('0')
        } else {
            frac_part
        };
        // The coefficient's length: its digits, or the one digit of zero.
        let digits = (int_digits.len() + frac_digits.len()).max(1);
        // Python's decimal module (libmpdec, 64-bit) refuses what its context cannot hold: an
        // adjusted exponent above Emax, an exponent below Etiny.
        let adjusted = exponent.saturating_add(digits as i64 - 1);
        if adjusted > DECIMAL_EMAX || exponent < DECIMAL_ETINY {
            return Err(WireError::Decimal);
        }
        Ok((negative, int_digits, frac_digits, exponent))
    }
}

/// Whether `text` is `-?[0-9]+(\.[0-9]+)?` (one pass over its bytes).
fn plain_decimal(text: &str) -> bool {
    let b = text.as_bytes();
    let digits_from = |mut i: usize| {
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        i
    };
    let start = usize::from(b.first() == Some(&b'-'));
    let int_end = digits_from(start);
    if int_end == start {
        return false;
    }
    match b.get(int_end) {
        None => true,
        Some(b'.') => {
            let end = digits_from(int_end + 1);
            end > int_end + 1 && end == b.len()
        }
        Some(_) => false,
    }
}

impl fmt::Display for Decimal {
    /// Python's `str(Decimal)`: positional unless the exponent is positive or the value is tiny.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.negative {
            f.write_str("-")?;
        }
        let digits = self.coefficient.as_str();
        let len = digits.len() as i64;
        let adjusted = self.exponent + len - 1;
        if self.exponent <= 0 && adjusted >= -6 {
            if self.exponent == 0 {
                return f.write_str(digits);
            }
            let point = len + self.exponent;
            if point > 0 {
                let (int, frac) = digits.split_at(point as usize);
                write!(f, "{int}.{frac}")
            } else {
                f.write_str("0.")?;
                for _ in 0..-point {
                    f.write_str("0")?;
                }
                f.write_str(digits)
            }
        } else {
            f.write_str(&digits[..1])?;
            if len > 1 {
                write!(f, ".{}", &digits[1..])?;
            }
            let sign = if adjusted < 0 { '-' } else { '+' };
            write!(f, "E{sign}{}", adjusted.unsigned_abs())
        }
    }
}

impl Serialize for Decimal {
    /// As a string, the way pydantic writes decimals in JSON.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Scalar::deserialize_into(
            deserializer,
            "a decimal number or numeric string",
            Decimal::from_scalar,
        )
    }
}

impl TryFrom<f64> for Decimal {
    type Error = WireError;

    fn try_from(value: f64) -> Result<Self, WireError> {
        Decimal::from_f64(value)
    }
}

impl From<rust_decimal::Decimal> for Decimal {
    fn from(value: rust_decimal::Decimal) -> Self {
        let mantissa = value.mantissa();
        Decimal {
            negative: value.is_sign_negative(),
            coefficient: mantissa.unsigned_abs().to_string(),
            exponent: -i64::from(value.scale()),
        }
    }
}

/// Validation: a JSON number or a numeric string (underscores, surrounding spaces, exponents).
/// Serialization: Python's `str(Decimal)`.
impl schemars::JsonSchema for Decimal {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Decimal".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        match crate::mode::mode_of(generator) {
            crate::mode::Mode::Validation => schemars::json_schema!({
                "description": "A finite decimal: a number or a numeric string.",
                "type": ["number", "string"],
                // Beyond f64 a JSON number is infinite to pydantic, which these types refuse.
                "minimum": -1.797_693_134_862_315_7e308,
                "maximum": 1.797_693_134_862_315_7e308,
                "pattern": "^\\s*[+-]?_*(?:[0-9][0-9_]*(?:\\.[0-9_]*)?|\\.[0-9_]*[0-9][0-9_]*)(?:[eE]_*[+-]?[0-9_]*[0-9][0-9_]*)?\\s*$",
            }),
            crate::mode::Mode::Serialization => schemars::json_schema!({
                "description": "A decimal as Python's `str(Decimal)` writes it.",
                "type": "string",
                "pattern": "^-?[0-9]+(?:\\.[0-9]+)?(?:E[+-][0-9]+)?$",
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Each pair was produced by pydantic (TracerSessionResult.total_cost) from the same input.
    #[test]
    fn strings_print_like_python() {
        for (input, want) in [
            ("1e-7", "1E-7"),
            ("1.0E-7", "1.0E-7"),
            ("1e3", "1E+3"),
            (" +1000.50 ", "1000.50"),
            ("0.00", "0.00"),
            ("007", "7"),
            ("-0", "-0"),
            (".5", "0.5"),
            ("5.", "5"),
            ("1.23E-5", "0.0000123"),
            ("0E+2", "0E+2"),
            ("0E-8", "0E-8"),
            ("0.0000001", "1E-7"),
            (
                "123456789012345678901234567890.5",
                "123456789012345678901234567890.5",
            ),
        ] {
            assert_eq!(
                input.parse::<Decimal>().unwrap().to_string(),
                want,
                "{input}"
            );
        }
    }

    #[test]
    fn floats_go_through_python_repr() {
        for (input, want) in [
            (1e3, "1000.0"),
            (1e-7, "1E-7"),
            (1.5e300, "1.5E+300"),
            (-0.0, "-0.0"),
        ] {
            assert_eq!(Decimal::from_f64(input).unwrap().to_string(), want);
        }
    }

    #[test]
    fn short_float_text_matches_the_f64_path() {
        for text in [
            "0.206485",
            "1e3",
            "1.5e200",
            "1E-7",
            "100.0",
            "0.000001",
            "123456789012345",
            "-2.5e-7",
            "12345.678e2",
            "0.1",
            "1e15",
            "1e16",
            "0.0001",
            "0.00001",
            "7.0e-5",
        ] {
            let fast = Decimal::from_short_float_text(text)
                .unwrap_or_else(|| panic!("{text} takes the fast path"));
            let slow = Decimal::from_f64(text.parse().unwrap()).unwrap();
            assert_eq!(fast, slow, "{text}");
        }
        for slow_only in [
            "0.30000000000000004",
            "0.0",
            "-0.0",
            "1e-300",
            "1.5e300",
            "12345678901234567",
        ] {
            assert!(
                Decimal::from_short_float_text(slow_only).is_none(),
                "{slow_only}"
            );
        }
    }

    #[test]
    fn non_finite_and_garbage_are_rejected() {
        assert_eq!("NaN".parse::<Decimal>(), Err(WireError::NotFinite));
        assert_eq!("-Infinity".parse::<Decimal>(), Err(WireError::NotFinite));
        assert_eq!(".".parse::<Decimal>(), Err(WireError::Decimal));
        assert_eq!("1e".parse::<Decimal>(), Err(WireError::Decimal));
        assert_eq!("1,5".parse::<Decimal>(), Err(WireError::Decimal));
    }

    #[test]
    fn converts_to_rust_decimal() {
        let d: Decimal = "1.0E-7".parse().unwrap();
        assert_eq!(d.to_rust_decimal().unwrap().to_string(), "0.00000010");
        let huge: Decimal = "1e1000".parse().unwrap();
        assert!(huge.to_rust_decimal().is_none());
    }

    // Issue 9, items 9 and 11, against langsmith 0.14.17 (total_cost): Python's strip() takes
    // U+001C..U+001F too; libmpdec refuses exponents its 64-bit context cannot hold.
    #[test]
    fn python_whitespace_and_context_limits() {
        assert_eq!(
            "\u{1c}1".parse::<Decimal>().map(|d| d.to_string()),
            Ok("1".into())
        );
        assert_eq!(
            "\u{1f}1\u{1e}".parse::<Decimal>().map(|d| d.to_string()),
            Ok("1".into())
        );
        for refused in [
            "1e1000000000000000000",
            "12345e999999999999999999",
            "0e5000000000000000000",
            "1e-1999999999999999998",
        ] {
            assert_eq!(
                refused.parse::<Decimal>(),
                Err(WireError::Decimal),
                "{refused}"
            );
        }
        for kept in ["1.5e999999999999999999", "1e-1999999999999999997"] {
            assert!(kept.parse::<Decimal>().is_ok(), "{kept}");
        }
    }

    /// The check-only shortcut agrees with the conversion.
    #[test]
    fn accepts_is_from_scalar() {
        use std::borrow::Cow;
        let texts = [
            "0",
            "-0",
            "1",
            "1.5",
            ".5",
            "5.",
            "1e5",
            "1E-5",
            "1e",
            "e5",
            "1.2.3",
            "+1",
            "--1",
            " 1 ",
            "\u{1c}1",
            "1_000",
            "_1",
            "nan",
            "NaN12",
            "inf",
            "-Infinity",
            "sNaN",
            "",
            "00012.3400",
            "1e999999999999999999",
            "1e-1999999999999999997",
            "1e-1999999999999999998",
            "9e999999999999999998",
            "1e1000000000000000000",
            "abc",
            "0.000",
            "0e5",
            "١٢",
            "-",
            "-.5",
            "-1.",
            "1.-5",
            "21.941700",
            "-0.000000001",
            "123456789012345678901234567890.123456789012345678901234567890",
            "1.5 ",
            "1.5\u{a0}",
        ];
        for text in texts {
            for scalar in [
                Scalar::Str(Cow::Borrowed(text)),
                Scalar::Int(Cow::Borrowed(text)),
                Scalar::Float(Cow::Borrowed(text)),
            ] {
                assert_eq!(
                    Decimal::accepts(&scalar),
                    Decimal::from_scalar(&scalar).is_ok(),
                    "{scalar:?}"
                );
            }
        }
    }
}
