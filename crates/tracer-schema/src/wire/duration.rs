//! `Duration`: Python's `datetime.timedelta` as pydantic reads and writes it.
//!
//! Reading follows pydantic-core and speedate rule for rule: a JSON number is seconds (int or
//! float, negative too, rounded to the microsecond); a string is ISO 8601 (`PT1.5S`, `P1DT2H`,
//! weeks, months of 30 days, years of 365 days), `[-]HH:MM[:SS[.ffffff]]` with any number of
//! hours, or `[-]D day[s][, HH:MM:SS]`. Writing uses pydantic's ISO spelling (`P1Y85DT5H6M7.5S`,
//! `-PT1.5S`, `PT0S`). The range is Python's: `timedelta.min` to `timedelta.max`.

use std::fmt;
use std::str::FromStr;

use serde::de::{Deserialize, Deserializer};
use serde::{Serialize, Serializer};

use super::scalar::Scalar;
use super::WireError;

const MICROS_PER_SECOND: i128 = 1_000_000;
const MICROS_PER_DAY: i128 = 86_400 * MICROS_PER_SECOND;
const MAX_DAYS: u32 = 999_999_999;
/// The length of speedate's `00:00:00.000000` template for the part after the hours.
const CLOCK_TEMPLATE_LEN: usize = 15;

/// A signed span of time with microsecond precision, in Python's `timedelta` range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Duration {
    micros: i128,
}

/// speedate's intermediate form: a sign and magnitudes that may not be normalised yet.
#[derive(Debug, Clone, Copy, Default)]
struct Parts {
    positive: bool,
    day: u32,
    second: u32,
    microsecond: u32,
}

fn err(reason: &'static str) -> WireError {
    WireError::Duration(reason)
}

fn checked_add(a: u32, b: u32) -> Result<u32, WireError> {
    a.checked_add(b).ok_or(err("duration value is too large"))
}

fn checked_mul(a: u32, b: u32) -> Result<u32, WireError> {
    a.checked_mul(b).ok_or(err("duration value is too large"))
}

impl Parts {
    fn normalize(mut self) -> Result<Self, WireError> {
        if self.microsecond >= 1_000_000 {
            self.second = checked_add(self.second, self.microsecond / 1_000_000)?;
            self.microsecond %= 1_000_000;
        }
        if self.second >= 86_400 {
            self.day = checked_add(self.day, self.second / 86_400)?;
            self.second %= 86_400;
        }
        if self.day > MAX_DAYS {
            return Err(err("durations may not exceed 999,999,999 days"));
        }
        Ok(self)
    }

    fn into_duration(self) -> Result<Duration, WireError> {
        let magnitude = i128::from(self.day) * MICROS_PER_DAY
            + i128::from(self.second) * MICROS_PER_SECOND
            + i128::from(self.microsecond);
        Duration::from_micros(if self.positive { magnitude } else { -magnitude })
    }
}

impl Duration {
    /// The smallest value, Python's `timedelta.min` (`-999999999 days`).
    pub const MIN: Duration = Duration {
        micros: -(MAX_DAYS as i128) * MICROS_PER_DAY,
    };
    /// The largest value, Python's `timedelta.max` (`999999999 days, 23:59:59.999999`).
    pub const MAX: Duration = Duration {
        micros: (MAX_DAYS as i128 + 1) * MICROS_PER_DAY - 1,
    };

    /// A duration of `micros` microseconds, if Python's `timedelta` can hold it.
    pub fn from_micros(micros: i128) -> Result<Self, WireError> {
        if (Self::MIN.micros..=Self::MAX.micros).contains(&micros) {
            Ok(Duration { micros })
        } else {
            Err(err("duration is outside the range of Python's timedelta"))
        }
    }

    /// The total length in microseconds.
    #[must_use]
    pub fn as_micros(&self) -> i128 {
        self.micros
    }

    /// The total length in seconds, as Python's `timedelta.total_seconds()`.
    #[must_use]
    pub fn total_seconds(&self) -> f64 {
        self.micros as f64 / 1e6
    }

    /// The same span as a `chrono::TimeDelta` (which covers the whole `timedelta` range).
    #[must_use]
    pub fn to_chrono(&self) -> chrono::TimeDelta {
        let secs = self.micros.div_euclid(MICROS_PER_SECOND) as i64;
        let nanos = (self.micros.rem_euclid(MICROS_PER_SECOND) * 1000) as u32;
        chrono::TimeDelta::new(secs, nanos).unwrap_or(if secs < 0 {
            chrono::TimeDelta::MIN
        } else {
            chrono::TimeDelta::MAX
        })
    }

    /// Whole seconds, as pydantic reads a JSON integer.
    pub fn from_seconds_i64(total_seconds: i64) -> Result<Self, WireError> {
        let magnitude = total_seconds.unsigned_abs();
        let day =
            u32::try_from(magnitude / 86_400).map_err(|_| err("duration value is too large"))?;
        Parts {
            positive: total_seconds >= 0,
            day,
            second: (magnitude % 86_400) as u32,
            microsecond: 0,
        }
        .normalize()?
        .into_duration()
    }

    /// Fractional seconds, as pydantic reads a JSON float (rounded to the microsecond).
    pub fn from_seconds_f64(total_seconds: f64) -> Result<Self, WireError> {
        if total_seconds.is_nan() {
            return Err(err("NaN values are not permitted"));
        }
        let magnitude = total_seconds.abs();
        Parts {
            positive: total_seconds >= 0.0,
            day: (magnitude / 86_400.0) as u32,
            second: (magnitude as u64 % 86_400) as u32,
            microsecond: (magnitude.fract() * 1_000_000.0).round() as u32,
        }
        .normalize()?
        .into_duration()
    }

    pub(crate) fn from_scalar(scalar: &Scalar<'_>) -> Result<Self, WireError> {
        match scalar {
            Scalar::Int(text) => text
                .parse::<i64>()
                .map_err(|_| err("duration value is too large"))
                .and_then(Self::from_seconds_i64),
            Scalar::Float(text) => {
                Self::from_seconds_f64(text.parse().map_err(|_| err("invalid number"))?)
            }
            Scalar::Str(text) => text.parse(),
            Scalar::Bool(b) => Self::from_seconds_i64(i64::from(*b)),
            Scalar::Null => Err(err("input is null")),
        }
    }

    fn parts(&self) -> Parts {
        let magnitude = self.micros.unsigned_abs();
        let per_day = MICROS_PER_DAY as u128;
        Parts {
            positive: self.micros >= 0,
            day: (magnitude / per_day) as u32,
            second: ((magnitude % per_day) / 1_000_000) as u32,
            microsecond: (magnitude % 1_000_000) as u32,
        }
    }
}

impl FromStr for Duration {
    type Err = WireError;

    fn from_str(text: &str) -> Result<Self, WireError> {
        let bytes = text.as_bytes();
        let (positive, bytes) = match bytes {
            [b'-', rest @ ..] => (false, rest),
            [b'+', rest @ ..] => (true, rest),
            _ => (true, bytes),
        };
        let mut parts = match bytes {
            [] => return Err(err("input is too short")),
            [b'P', iso @ ..] => parse_iso(iso)?,
            _ if bytes.iter().any(|b| matches!(b, b'd' | b'D')) || bytes.len() < 5 => {
                parse_days_time(bytes)?
            }
            _ => parse_time(bytes)?,
        };
        parts.positive = positive;
        parts.normalize()?.into_duration()
    }
}

/// Digits as a `u32`, and where they end.
fn parse_number(bytes: &[u8]) -> Result<(u32, usize), WireError> {
    let mut position = 0;
    let mut value: u32 = 0;
    while let Some(c) = bytes.get(position).filter(|c| c.is_ascii_digit()) {
        value = checked_add(checked_mul(value, 10)?, u32::from(c - b'0'))?;
        position += 1;
    }
    if position == 0 {
        return Err(err("invalid number in duration"));
    }
    Ok((value, position))
}

/// Digits with an optional `.`/`,` fraction (as an `f64`, as speedate keeps it).
fn parse_number_frac(bytes: &[u8]) -> Result<(u32, Option<f64>, usize), WireError> {
    let (value, mut position) = parse_number(bytes)?;
    if !matches!(bytes.get(position), Some(b'.' | b',')) {
        return Ok((value, None, position));
    }
    let (mut decimal, mut denominator) = (0_f64, 1_f64);
    position += 1;
    while let Some(c) = bytes.get(position).filter(|c| c.is_ascii_digit()) {
        decimal = decimal * 10.0 + f64::from(c - b'0');
        denominator *= 10.0;
        position += 1;
    }
    Ok((value, Some(decimal / denominator), position))
}

fn parse_iso(bytes: &[u8]) -> Result<Parts, WireError> {
    let mut parts = Parts::default();
    let (mut got_t, mut last_had_fraction) = (false, false);
    let mut position = 0;
    while let Some(&c) = bytes.get(position) {
        if c == b'T' {
            if got_t {
                return Err(err("repeated \"T\" in duration"));
            }
            got_t = true;
        } else {
            if !c.is_ascii_digit() {
                return Err(err("invalid number in duration"));
            }
            let (value, fraction, offset) = parse_number_frac(&bytes[position..])?;
            if last_had_fraction {
                return Err(err("only the last unit of a duration may have a fraction"));
            }
            last_had_fraction = fraction.is_some();
            position += offset;
            let unit = bytes.get(position).copied();
            if got_t {
                let mult: u32 = match unit {
                    Some(b'H') => 3600,
                    Some(b'M') => 60,
                    Some(b'S') => 1,
                    _ => return Err(err("invalid time unit in duration")),
                };
                parts.second = checked_add(parts.second, checked_mul(mult, value)?)?;
                if let Some(fraction) = fraction {
                    let extra_seconds = fraction * f64::from(mult);
                    let whole = extra_seconds.trunc();
                    parts.second = checked_add(parts.second, whole as u32)?;
                    parts.microsecond = checked_add(
                        parts.microsecond,
                        ((extra_seconds - whole) * 1_000_000.0).round() as u32,
                    )?;
                }
            } else {
                let mult: u32 = match unit {
                    Some(b'Y') => 365,
                    Some(b'M') => 30,
                    Some(b'W') => 7,
                    Some(b'D') => 1,
                    _ => return Err(err("invalid date unit in duration")),
                };
                parts.day = checked_add(parts.day, checked_mul(value, mult)?)?;
                if let Some(fraction) = fraction {
                    let extra_days = fraction * f64::from(mult);
                    let whole_days = extra_days.trunc();
                    parts.day = checked_add(parts.day, whole_days as u32)?;
                    let extra_seconds = (extra_days - whole_days) * 86_400.0;
                    let whole_seconds = extra_seconds.trunc();
                    parts.second = checked_add(parts.second, whole_seconds as u32)?;
                    parts.microsecond +=
                        ((extra_seconds - whole_seconds) * 1_000_000.0).round() as u32;
                }
            }
        }
        position += 1;
    }
    if position < 2 {
        return Err(err("input is too short"));
    }
    Ok(parts)
}

fn parse_days_time(bytes: &[u8]) -> Result<Parts, WireError> {
    let (day, position) = parse_number(bytes)?;
    let bad_days = || err("\"day\" identifier in duration not correctly formatted");
    let ([b' ', b'd' | b'D', rest @ ..] | [b'd' | b'D', rest @ ..]) = &bytes[position..] else {
        return Err(bad_days());
    };
    let rest = match rest {
        [b'a', b'y', b's', rest @ ..]
        | [b'a', b'y', rest @ ..]
        | [b'A', b'Y', b'S', rest @ ..]
        | [b'A', b'Y', rest @ ..] => rest,
        [b'a' | b'A', ..] => return Err(bad_days()),
        rest => rest,
    };
    let rest = rest
        .strip_prefix(b", ")
        .or_else(|| rest.strip_prefix(b","))
        .or_else(|| rest.strip_prefix(b" "))
        .unwrap_or(rest);
    if rest.is_empty() {
        return Ok(Parts {
            day,
            ..Parts::default()
        });
    }
    let time = parse_time(rest)?;
    if time.day > 0 {
        return Err(err("duration hours must be less than 24 after days"));
    }
    Ok(Parts {
        day,
        second: time.second,
        microsecond: time.microsecond,
        positive: true,
    })
}

/// `H+:MM[:SS[.ffffff]]`: hours of any size, then the rest parsed as a time of day.
fn parse_time(bytes: &[u8]) -> Result<Parts, WireError> {
    if bytes.len() < 5 {
        return Err(err("input is too short"));
    }
    let Some(colon) = bytes.iter().position(|&b| b == b':') else {
        return Err(err("invalid character in hour"));
    };
    let (hour_part, mut rest) = (&bytes[..colon], &bytes[colon + 1..]);
    if hour_part.len() > 10 {
        return Err(err("duration hour value is too large"));
    }
    let mut hour: i64 = 0;
    for &b in hour_part {
        if !b.is_ascii_digit() {
            return Err(err("invalid character in hour"));
        }
        hour = hour * 10 + i64::from(b - b'0');
    }
    if hour > 24 * 100_000_000 {
        return Err(err("duration hour value is too large"));
    }
    // speedate re-reads the rest as `00:MM:SS.ffffff`, dropping what does not fit (the 7th
    // fractional digit and anything after it).
    if 3 + rest.len() > CLOCK_TEMPLATE_LEN {
        rest = &rest[..CLOCK_TEMPLATE_LEN - 3];
    }
    let mut clock = Vec::with_capacity(3 + rest.len());
    clock.extend_from_slice(b"00:");
    clock.extend_from_slice(rest);
    let (minute, second, microsecond, end) = parse_clock(&clock)?;
    if clock.len() > end {
        return Err(err("unexpected extra characters at the end of the input"));
    }
    Ok(Parts {
        positive: true,
        day: (hour / 24) as u32,
        second: u32::from(minute) * 60 + u32::from(second) + (hour % 24) as u32 * 3600,
        microsecond,
    })
}

/// `00:MM[:SS[.f+]]` with speedate's time-of-day rules; returns minutes, seconds, micros, end.
fn parse_clock(bytes: &[u8]) -> Result<(u8, u8, u32, usize), WireError> {
    if bytes.len() < 5 {
        return Err(err("input is too short"));
    }
    let digit = |i: usize, what: &'static str| -> Result<u8, WireError> {
        bytes
            .get(i)
            .filter(|b| b.is_ascii_digit())
            .map(|b| b - b'0')
            .ok_or(err(what))
    };
    let minute =
        digit(3, "invalid character in minute")? * 10 + digit(4, "invalid character in minute")?;
    if minute > 59 {
        return Err(err("minute value is outside expected range of 0-59"));
    }
    if bytes.get(5) != Some(&b':') {
        return Ok((minute, 0, 0, 5));
    }
    let second =
        digit(6, "invalid character in second")? * 10 + digit(7, "invalid character in second")?;
    if second > 59 {
        return Err(err("second value is outside expected range of 0-59"));
    }
    let (microsecond, end) = super::timestamp::parse_fraction(bytes, 8)
        .map_err(|()| err("fractional seconds are missing"))?;
    Ok((minute, second, microsecond, end))
}

impl fmt::Display for Duration {
    /// pydantic's ISO 8601 spelling: years of 365 days, no months or weeks, `PT0S` for zero.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = self.parts();
        if !p.positive {
            f.write_str("-")?;
        }
        f.write_str("P")?;
        let (years, days) = (p.day / 365, p.day % 365);
        if years != 0 {
            write!(f, "{years}Y")?;
        }
        if days != 0 {
            write!(f, "{days}D")?;
        }
        if p.second != 0 || p.microsecond != 0 {
            let (hours, minutes, seconds) = (p.second / 3600, p.second % 3600 / 60, p.second % 60);
            f.write_str("T")?;
            if hours != 0 {
                write!(f, "{hours}H")?;
            }
            if minutes != 0 {
                write!(f, "{minutes}M")?;
            }
            if seconds != 0 || p.microsecond != 0 {
                write!(f, "{seconds}")?;
                if p.microsecond != 0 {
                    let fraction = format!("{:06}", p.microsecond);
                    write!(f, ".{}", fraction.trim_end_matches('0'))?;
                }
                f.write_str("S")?;
            }
        }
        if p.day == 0 && p.second == 0 && p.microsecond == 0 {
            f.write_str("T0S")?;
        }
        Ok(())
    }
}

impl Serialize for Duration {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Duration {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Scalar::deserialize_into(
            deserializer,
            "a duration (seconds or an ISO 8601 string)",
            Duration::from_scalar,
        )
    }
}

impl From<Duration> for chrono::TimeDelta {
    fn from(value: Duration) -> Self {
        value.to_chrono()
    }
}

/// Validation: seconds (numbers or booleans, in `timedelta`'s range) or the string forms pydantic
/// reads. Serialization: pydantic's ISO 8601 spelling, checked by pattern rather than
/// `format: duration`, which strict checkers apply without fractional seconds.
impl schemars::JsonSchema for Duration {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Duration".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        use super::patterns::uint_at_most;
        // Each unit's number within speedate's limits (999,999,999 days, u32 seconds); sums
        // of several units are not bounded. Only the last number may have a fraction.
        let unit = |max_whole: u64, units: &str, fraction: bool| {
            let whole = uint_at_most(max_whole);
            if fraction {
                format!("{whole}[.,][0-9]*[{units}]")
            } else {
                format!("{whole}[{units}]")
            }
        };
        let date_units = format!(
            "(?:{}|{}|{}|{})",
            unit(2_739_726, "Y", false),
            unit(33_333_333, "M", false),
            unit(142_857_142, "W", false),
            unit(999_999_999, "D", false)
        );
        let date_fraction = format!(
            "(?:{}|{}|{}|{})",
            unit(2_739_726, "Y", true),
            unit(33_333_333, "M", true),
            unit(142_857_142, "W", true),
            unit(999_999_999, "D", true)
        );
        let time_units = format!(
            "(?:{}|{}|{})",
            unit(1_193_046, "H", false),
            unit(71_582_788, "M", false),
            unit(4_294_967_295, "S", false)
        );
        let time_fraction = format!(
            "(?:{}|{}|{})",
            unit(1_193_046, "H", true),
            unit(71_582_788, "M", true),
            unit(4_294_967_295, "S", true)
        );
        let iso = format!(
            "P(?:{date_units}+(?:{date_fraction}T?|T{time_units}*{time_fraction}?)?|{date_fraction}T?|T{time_units}*(?:{time_units}|{time_fraction}))"
        );
        let clock = "[0-5][0-9](?::[0-5][0-9](?:[.,][0-9]*)?)?";
        let hours = uint_at_most(2_400_000_000);
        let days =
            format!("[0-9]+ ?[dD](?:ays|ay|AYS|AY)?(?:(?:, ?| )?(?:[01]?[0-9]|2[0-3]):{clock})?");
        match crate::mode::mode_of(generator) {
            crate::mode::Mode::Validation => schemars::json_schema!({
                "description": "A duration: seconds as a number, ISO 8601 (`PT1.5S`, `P1DT2H`), `[-]HH:MM[:SS[.f]]` or `[-]D day[s][, HH:MM:SS]`.",
                "type": ["number", "boolean", "string"],
                "minimum": -86_399_999_913_600_i64,
                "exclusiveMaximum": 86_400_000_000_000_i64,
                "pattern": format!("^[+-]?(?:{iso}|(?:{hours})?:{clock}|{days})$"),
            }),
            crate::mode::Mode::Serialization => schemars::json_schema!({
                "description": "A duration as pydantic writes it: ISO 8601 with years of 365 days, e.g. `P1DT2H`, `-PT1.5S`, `PT0S`.",
                "type": "string",
                "pattern": "^-?P(?:[0-9]+Y)?(?:[0-9]+D)?(?:T(?:[0-9]+H)?(?:[0-9]+M)?(?:[0-9]+(?:\\.[0-9]+)?S)?)?$",
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(text: &str) -> String {
        text.parse::<Duration>()
            .map_or_else(|e| format!("error: {e}"), |d| d.to_string())
    }

    // Each expected spelling was produced by pydantic from the same input (latency_p50).
    #[test]
    fn strings_round_trip_like_pydantic() {
        for (input, want) in [
            ("P1Y2M3W4DT5H6M7.5S", "P1Y85DT5H6M7.5S"),
            ("PT36H", "P1DT12H"),
            ("P0.5Y", "P182DT12H"),
            ("PT0.0000001S", "PT0S"),
            ("-1 day, 01:02:03.5", "-P1DT1H2M3.5S"),
            ("01:02:03.1234567", "PT1H2M3.123456S"),
            ("2400000000:00:00", "P273972Y220D"),
            ("1 day 01:02:03", "P1DT1H2M3S"),
            ("P1DT", "P1D"),
            ("+PT1S", "PT1S"),
        ] {
            assert_eq!(iso(input), want, "{input}");
        }
        for bad in [
            "P",
            "PT",
            "P1",
            "PT1D",
            "p1d",
            "1 day, 24:00:00",
            "1:2:3",
            "9999999999:00:00",
            "P1000000000D",
            "12345",
        ] {
            assert!(iso(bad).starts_with("error"), "{bad} -> {}", iso(bad));
        }
    }

    #[test]
    fn numbers_are_seconds() {
        assert_eq!(
            Duration::from_seconds_f64(86_399.999_999_5)
                .unwrap()
                .to_string(),
            "PT23H59M59.999999S"
        );
        assert_eq!(
            Duration::from_seconds_f64(-86_400.5).unwrap().to_string(),
            "-P1DT0.5S"
        );
        assert_eq!(
            Duration::from_seconds_f64(1e-7).unwrap().to_string(),
            "PT0S"
        );
        // pydantic rejects these: past speedate's day limit, and below Python's timedelta.min.
        assert!(Duration::from_seconds_f64(8.64e13).is_err());
        assert!(Duration::from_seconds_i64(-86_399_999_999_999).is_err());
        assert_eq!(
            Duration::from_seconds_i64(86_399_999_999_999)
                .unwrap()
                .to_string(),
            "P2739726Y9DT23H59M59S"
        );
    }
}
