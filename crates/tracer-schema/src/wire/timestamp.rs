//! `Timestamp`: Python's `datetime.datetime` as pydantic reads and writes it, naive or aware.
//!
//! Reading follows pydantic-core and speedate: `YYYY-MM-DD` then `T`, `t`, space or `_`, then
//! `HH:MM[:SS[.f+]]` (fractions beyond microseconds truncated) and an optional `Z`/`z` or
//! `±HH[:]MM` offset; a bare date means midnight; a number (or a numeric string) is a unix time in
//! seconds, or in milliseconds beyond 2e10, and is UTC. A value without an offset stays naive:
//! the API sends such values and the SDK keeps them. Writing uses pydantic's spelling:
//! microseconds only when non-zero, `Z` for UTC, `±HH:MM` otherwise.

use std::fmt;
use std::str::FromStr;

use chrono::{
    DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Offset, Timelike, Utc,
};
use serde::de::{Deserialize, Deserializer};
use serde::{Serialize, Serializer};

use super::scalar::Scalar;
use super::WireError;

/// Unix times whose magnitude is above this are milliseconds (speedate's watershed).
const MS_WATERSHED: i64 = 20_000_000_000;
/// 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z, speedate's bounds for unix times.
const UNIX_0000: i64 = -62_167_219_200;
const UNIX_9999: i64 = 253_402_300_799;

/// A date and time with microsecond precision and an optional UTC offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Timestamp {
    local: NaiveDateTime,
    offset: Option<FixedOffset>,
}

fn err(reason: &'static str) -> WireError {
    WireError::Timestamp(reason)
}

/// Reads `.f+` or `,f+` at `at`: microseconds (extra digits dropped) and where the digits end.
/// `Ok((0, at))` when there is no separator, `Err` when the separator has no digits.
pub(crate) fn parse_fraction(bytes: &[u8], at: usize) -> Result<(u32, usize), ()> {
    if !matches!(bytes.get(at), Some(b'.' | b',')) {
        return Ok((0, at));
    }
    let start = at + 1;
    let count = bytes[start..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    if count == 0 {
        return Err(());
    }
    let mut micros = bytes[start..start + count.min(6)]
        .iter()
        .fold(0u32, |acc, b| acc * 10 + u32::from(b - b'0'));
    for _ in count..6 {
        micros *= 10;
    }
    Ok((micros, start + count))
}

fn two_digits(bytes: &[u8], at: usize, what: &'static str) -> Result<u32, WireError> {
    match (bytes.get(at), bytes.get(at + 1)) {
        (Some(a), Some(b)) if a.is_ascii_digit() && b.is_ascii_digit() => {
            Ok(u32::from(a - b'0') * 10 + u32::from(b - b'0'))
        }
        _ => Err(err(what)),
    }
}

/// `YYYY-MM-DD` at the start of `bytes` (year 0 passes here; Python rejects it later).
fn parse_date(bytes: &[u8]) -> Result<(u32, u32, u32), WireError> {
    if bytes.len() < 10 {
        return Err(err("input is too short"));
    }
    let year = two_digits(bytes, 0, "invalid character in year")? * 100
        + two_digits(bytes, 2, "invalid character in year")?;
    if bytes[4] != b'-' || bytes[7] != b'-' {
        return Err(err("invalid date separator, expected `-`"));
    }
    let month = two_digits(bytes, 5, "invalid character in month")?;
    let day = two_digits(bytes, 8, "invalid character in day")?;
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let max_day = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(err("month value is outside expected range of 1-12")),
    };
    if day < 1 || day > max_day {
        return Err(err("day value is outside expected range"));
    }
    Ok((year, month, day))
}

/// `HH:MM[:SS[.f+]]` then an optional offset, to the end of `bytes`.
fn parse_time(bytes: &[u8], at: usize) -> Result<(NaiveTime, Option<i32>), WireError> {
    if bytes.len() < at + 5 {
        return Err(err("input is too short"));
    }
    let hour = two_digits(bytes, at, "invalid character in hour")?;
    if bytes[at + 2] != b':' {
        return Err(err("invalid time separator, expected `:`"));
    }
    let minute = two_digits(bytes, at + 3, "invalid character in minute")?;
    if hour > 23 {
        return Err(err("hour value is outside expected range of 0-23"));
    }
    if minute > 59 {
        return Err(err("minute value is outside expected range of 0-59"));
    }
    let (mut second, mut micros, mut position) = (0, 0, at + 5);
    if bytes.get(position) == Some(&b':') {
        second = two_digits(bytes, position + 1, "invalid character in second")?;
        if second > 59 {
            return Err(err("second value is outside expected range of 0-59"));
        }
        (micros, position) = parse_fraction(bytes, position + 3)
            .map_err(|()| err("fractional seconds are missing"))?;
    }
    let mut offset = None;
    if let Some(&c) = bytes.get(position) {
        position += 1;
        if c == b'Z' || c == b'z' {
            offset = Some(0);
        } else {
            let sign = match c {
                b'+' => 1,
                b'-' => -1,
                // U+2212 MINUS SIGN, which speedate accepts in place of `-`.
                0xE2 if bytes.get(position..position + 2) == Some(&[0x88, 0x92]) => {
                    position += 2;
                    -1
                }
                _ => return Err(err("invalid timezone sign")),
            };
            let hours = two_digits(bytes, position, "invalid timezone hour")
                .map_err(|_| err("invalid timezone hour"))?;
            position += 2;
            if bytes.get(position) == Some(&b':') {
                position += 1;
            }
            let minutes = two_digits(bytes, position, "invalid timezone minute")?;
            position += 2;
            if minutes >= 60 {
                return Err(err(
                    "timezone minute value is outside expected range of 0-59",
                ));
            }
            let total = (hours * 3600 + minutes * 60) as i32;
            if total >= 24 * 3600 {
                return Err(err("timezone offset must be less than 24 hours"));
            }
            offset = Some(sign * total);
        }
    }
    if bytes.len() > position {
        return Err(err("unexpected extra characters at the end of the input"));
    }
    let time =
        NaiveTime::from_hms_micro_opt(hour, minute, second, micros).ok_or(err("invalid time"))?;
    Ok((time, offset))
}

/// speedate's integer parse for numeric strings; `Err(Some(b))` names the byte it stopped at.
fn parse_int_prefix(bytes: &[u8]) -> Result<i64, Option<u8>> {
    let (negative, digits) = match bytes {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        _ => (false, bytes),
    };
    if digits.is_empty() {
        return Err(bytes.first().copied());
    }
    let mut value: i64 = 0;
    let mut overflow = false;
    for &b in digits {
        if !b.is_ascii_digit() {
            // What follows the digits decides, however many there were.
            return Err(Some(b));
        }
        match value
            .checked_mul(10)
            .and_then(|v| v.checked_add(i64::from(b - b'0')))
        {
            Some(v) => value = v,
            None => overflow = true,
        }
    }
    if overflow {
        return Err(None);
    }
    Ok(if negative { -value } else { value })
}

impl Timestamp {
    /// A naive (offset-less) timestamp.
    #[must_use]
    pub fn naive(local: NaiveDateTime) -> Self {
        Timestamp {
            local,
            offset: None,
        }
    }

    /// An aware timestamp: `local` is the wall-clock time at `offset`.
    #[must_use]
    pub fn aware(local: NaiveDateTime, offset: FixedOffset) -> Self {
        Timestamp {
            local,
            offset: Some(offset),
        }
    }

    /// The current time in UTC, to the microsecond, as the SDK's `datetime.now(timezone.utc)`.
    #[must_use]
    pub fn now_utc() -> Self {
        let now = Utc::now().naive_utc();
        let local = now
            .with_nanosecond(now.nanosecond() / 1000 * 1000)
            .unwrap_or(now);
        Timestamp {
            local,
            offset: Some(Utc.fix()),
        }
    }

    /// The wall-clock date and time, without the offset.
    #[must_use]
    pub fn local(&self) -> NaiveDateTime {
        self.local
    }

    /// The UTC offset, `None` for a naive value.
    #[must_use]
    pub fn offset(&self) -> Option<FixedOffset> {
        self.offset
    }

    /// Whether the value has no offset.
    #[must_use]
    pub fn is_naive(&self) -> bool {
        self.offset.is_none()
    }

    /// The instant, for an aware value.
    #[must_use]
    pub fn to_datetime(&self) -> Option<DateTime<FixedOffset>> {
        self.offset
            .and_then(|o| self.local.and_local_timezone(o).single())
    }

    /// The same wall-clock time marked as UTC when naive, as the SDK's `TracerSession.__init__`
    /// does with `start_time`; an aware value is returned unchanged.
    #[must_use]
    pub fn assume_utc(self) -> Self {
        match self.offset {
            Some(_) => self,
            None => Timestamp {
                local: self.local,
                offset: Some(Utc.fix()),
            },
        }
    }

    /// A unix time in seconds (or milliseconds beyond 2e10) plus extra microseconds, in UTC.
    pub fn from_unix(timestamp: i64, extra_micros: u32) -> Result<Self, WireError> {
        let magnitude = timestamp.checked_abs().ok_or(err("date is too small"))?;
        Timestamp::from_unix_in(timestamp, extra_micros, magnitude > MS_WATERSHED)
    }

    /// A unix time in seconds, or in milliseconds when `millis`, plus extra microseconds.
    fn from_unix_in(timestamp: i64, extra_micros: u32, millis: bool) -> Result<Self, WireError> {
        let (mut seconds, micros_from_ms) = if millis {
            (
                timestamp.div_euclid(1000),
                (timestamp.rem_euclid(1000) * 1000) as u32,
            )
        } else {
            (timestamp, 0)
        };
        let mut micros = extra_micros
            .checked_add(micros_from_ms)
            .ok_or(err("time is too large"))?;
        if micros >= 1_000_000 {
            seconds = seconds
                .checked_add(i64::from(micros / 1_000_000))
                .ok_or(err("time is too large"))?;
            micros %= 1_000_000;
        }
        if seconds < UNIX_0000 {
            return Err(err("date is too small"));
        }
        if seconds > UNIX_9999 {
            return Err(err("date is too large"));
        }
        let utc =
            DateTime::from_timestamp(seconds, micros * 1000).ok_or(err("date is out of range"))?;
        Timestamp::checked(utc.naive_utc(), Some(0))
    }

    /// A unix time as a float: seconds, or milliseconds when its magnitude is beyond 2e10 (the
    /// float itself decides, so `20000000000.5` is milliseconds), with the fraction counted
    /// forward from the floor (`-1.25` is 0.75 s after second -2) and rounded to the
    /// microsecond, as the SDK reads it.
    pub fn from_unix_f64(timestamp: f64) -> Result<Self, WireError> {
        if timestamp.is_nan() {
            return Err(err("NaN values are not permitted"));
        }
        if timestamp.is_infinite() {
            return Err(err(if timestamp > 0.0 {
                "date is too large"
            } else {
                "date is too small"
            }));
        }
        let millis = timestamp.abs() > MS_WATERSHED as f64;
        let scale = if millis { 1_000.0 } else { 1_000_000.0 };
        let floor = timestamp.floor();
        if floor.abs() >= 9.2e18 {
            return Err(err(if floor > 0.0 {
                "date is too large"
            } else {
                "date is too small"
            }));
        }
        let micros = ((timestamp - floor) * scale).round() as u32;
        Timestamp::from_unix_in(floor as i64, micros, millis)
    }

    /// Python's `datetime` starts at year 1; speedate's parser allows year 0.
    fn checked(local: NaiveDateTime, offset_seconds: Option<i32>) -> Result<Self, WireError> {
        if local.year() < 1 {
            return Err(err("year 0 is out of range"));
        }
        let offset = match offset_seconds {
            None => None,
            Some(s) => Some(
                FixedOffset::east_opt(s)
                    .ok_or(err("timezone offset must be less than 24 hours"))?,
            ),
        };
        Ok(Timestamp { local, offset })
    }

    fn parse_rfc3339(bytes: &[u8]) -> Result<Self, WireError> {
        let (year, month, day) = parse_date(bytes)?;
        if !matches!(bytes.get(10), Some(b'T' | b't' | b' ' | b'_')) {
            return Err(err("invalid character in date and time separator"));
        }
        let (time, offset) = parse_time(bytes, 11)?;
        let date = NaiveDate::from_ymd_opt(year as i32, month, day).ok_or(err("invalid date"))?;
        Timestamp::checked(date.and_time(time), offset)
    }

    /// A numeric string: an integer is read as one; a number with a `.` (speedate decides at
    /// the first byte that is not a digit, however many digits came before) as the JSON float
    /// it spells.
    fn parse_numeric(bytes: &[u8]) -> Option<Result<Self, WireError>> {
        match parse_int_prefix(bytes) {
            Ok(int) => Some(Timestamp::from_unix(int, 0)),
            Err(Some(b'.')) => {
                let float: f64 = std::str::from_utf8(bytes).ok()?.parse().ok()?;
                Some(Timestamp::from_unix_f64(float))
            }
            Err(_) => None,
        }
    }

    pub(crate) fn from_scalar(scalar: &Scalar<'_>) -> Result<Self, WireError> {
        match scalar {
            Scalar::Int(text) => text
                .parse::<i64>()
                .map_err(|_| err("value is out of range"))
                .and_then(|i| Timestamp::from_unix(i, 0)),
            Scalar::Float(text) => {
                Timestamp::from_unix_f64(text.parse().map_err(|_| err("invalid number"))?)
            }
            Scalar::Str(text) => text.parse(),
            Scalar::Bool(_) | Scalar::Null => Err(err("input should be a string or a number")),
        }
    }
}

impl FromStr for Timestamp {
    type Err = WireError;

    fn from_str(text: &str) -> Result<Self, WireError> {
        let bytes = text.as_bytes();
        let first_error = match Timestamp::parse_rfc3339(bytes) {
            Ok(t) => return Ok(t),
            Err(e) => e,
        };
        if let Some(result) = Timestamp::parse_numeric(bytes) {
            return result;
        }
        // pydantic's lax fallback: a bare date is that day at midnight, naive.
        if bytes.len() == 10 {
            let (year, month, day) = parse_date(bytes)?;
            let date =
                NaiveDate::from_ymd_opt(year as i32, month, day).ok_or(err("invalid date"))?;
            return Timestamp::checked(date.and_time(NaiveTime::MIN), None);
        }
        Err(first_error)
    }
}

impl Timestamp {
    /// Python's `datetime.isoformat()`: as pydantic writes it, except that UTC is `+00:00`.
    pub(crate) fn isoformat(&self) -> String {
        let mut out = String::new();
        // Writing into a `String` cannot fail.
        let _ = self.write_iso(&mut out, false);
        out
    }

    /// The ISO 8601 text: microseconds only when non-zero, the offset as `+HH:MM` (with seconds
    /// when it has them), UTC as `Z` when `utc_as_z`, nothing for a naive time.
    fn write_iso(&self, f: &mut impl fmt::Write, utc_as_z: bool) -> fmt::Result {
        let l = self.local;
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            l.year(),
            l.month(),
            l.day(),
            l.hour(),
            l.minute(),
            l.second()
        )?;
        let micros = l.nanosecond() / 1000;
        if micros != 0 {
            write!(f, ".{micros:06}")?;
        }
        match self.offset.map(|o| o.local_minus_utc()) {
            None => Ok(()),
            Some(0) if utc_as_z => f.write_str("Z"),
            Some(seconds) => {
                let sign = if seconds < 0 { '-' } else { '+' };
                let s = seconds.unsigned_abs();
                write!(f, "{sign}{:02}:{:02}", s / 3600, s % 3600 / 60)?;
                if s % 60 != 0 {
                    write!(f, ":{:02}", s % 60)?;
                }
                Ok(())
            }
        }
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_iso(f, true)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Scalar::deserialize_into(
            deserializer,
            "a datetime (ISO 8601 string or unix time)",
            Timestamp::from_scalar,
        )
    }
}

impl<Tz: chrono::TimeZone> From<DateTime<Tz>> for Timestamp {
    fn from(value: DateTime<Tz>) -> Self {
        let fixed = value.fixed_offset();
        Timestamp {
            local: fixed.naive_local(),
            offset: Some(*fixed.offset()),
        }
    }
}

impl From<NaiveDateTime> for Timestamp {
    fn from(value: NaiveDateTime) -> Self {
        Timestamp::naive(value)
    }
}

/// Validation: ISO 8601 as pydantic reads it, numeric strings, or numbers (unix time).
/// Serialization: pydantic's spelling, with or without offset (so no `date-time` format, which
/// requires one).
impl schemars::JsonSchema for Timestamp {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Timestamp".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        const YEAR: &str = "(?:000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})";
        // Years divisible by 4, except centuries not divisible by 400 (and year 0).
        const LEAP_YEAR: &str =
            "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)";
        const TIME: &str = "(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:[.,][0-9]+)?)?";
        const OFFSET: &str = "(?:[Zz]|(?:[+-]|\u{2212})(?:[01][0-9]|2[0-3]):?[0-5][0-9])";
        // Unix times: up to 15 integer digits (milliseconds up to year 9999).
        const UNIX: &str = "[+-]?(?:[0-9]{1,15}|[0-9]{1,15}\\.[0-9]*(?:[eE][+-]?[0-9]+)?|\\.[0-9]+(?:[eE][+-]?[0-9]+)?)";
        let date = format!(
            "(?:{YEAR}-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)|{LEAP_YEAR}-02-29)"
        );
        match crate::mode::mode_of(generator) {
            crate::mode::Mode::Validation => schemars::json_schema!({
                "description": "A datetime: ISO 8601 (`T`, `t`, space or `_` separator, optional seconds, fraction and offset), a date, or a unix time in seconds or milliseconds as a number or numeric string.",
                "type": ["string", "number"],
                "minimum": -62_135_596_800_000_i64,
                "maximum": 253_402_300_799_999_i64,
                "pattern": format!("^(?:{date}(?:[Tt _]{TIME}{OFFSET}?)?|{UNIX})$"),
            }),
            crate::mode::Mode::Serialization => schemars::json_schema!({
                "description": "A datetime as pydantic writes it: microseconds only when non-zero, `Z` for UTC, no offset when naive.",
                "type": "string",
                "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\\.[0-9]{6})?(?:Z|[+-][0-9]{2}:[0-9]{2}(?::[0-9]{2})?)?$",
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(text: &str) -> String {
        text.parse::<Timestamp>()
            .map_or_else(|e| format!("error: {e}"), |t| t.to_string())
    }

    // Each expected spelling was produced by pydantic from the same input (end_time).
    #[test]
    fn strings_like_pydantic() {
        for (input, want) in [
            (
                "2024-06-06T01:02:51.299960+00:00",
                "2024-06-06T01:02:51.299960Z",
            ),
            ("2024-06-06_01:02:51", "2024-06-06T01:02:51"),
            ("2024-06-06", "2024-06-06T00:00:00"),
            ("2024-06-06T01:02Z", "2024-06-06T01:02:00Z"),
            ("2024-06-06T01:02:51,5", "2024-06-06T01:02:51.500000"),
            (
                "2024-06-06T01:02:51.123456789",
                "2024-06-06T01:02:51.123456",
            ),
            ("2024-06-06T01:02:51-0500", "2024-06-06T01:02:51-05:00"),
            (
                "2024-06-06T01:02:51\u{2212}05:00",
                "2024-06-06T01:02:51-05:00",
            ),
            ("1700000000.123456789", "2023-11-14T22:13:20.123457Z"),
            ("17000000001234", "2508-09-16T06:13:21.234000Z"),
            ("-1", "1969-12-31T23:59:59Z"),
        ] {
            assert_eq!(show(input), want, "{input}");
        }
        for bad in [
            "2024-06-06T24:00:00",
            "2024-06-06T23:59:60",
            "0000-01-01T00:00:00",
            "2024-06-06T01:02:51+05",
            "1e9",
            "2024-06-06T",
            "2023-02-29",
        ] {
            assert!(show(bad).starts_with("error"), "{bad} -> {}", show(bad));
        }
    }

    #[test]
    fn numbers_like_pydantic() {
        assert_eq!(
            Timestamp::from_unix(20_000_000_001, 0).unwrap().to_string(),
            "1970-08-20T11:33:20.001000Z"
        );
        assert_eq!(
            Timestamp::from_unix_f64(1_700_000_000_123.456)
                .unwrap()
                .to_string(),
            "2023-11-14T22:13:20.123456Z"
        );
        assert_eq!(
            Timestamp::from_unix_f64(-1.5).unwrap().to_string(),
            "1969-12-31T23:59:58.500000Z"
        );
        assert!(Timestamp::from_unix_f64(1e20).is_err());
    }

    fn show_value(json: &str) -> String {
        let mut de = serde_json::Deserializer::from_str(json);
        Timestamp::deserialize(&mut de).map_or_else(|e| format!("error: {e}"), |t| t.to_string())
    }

    // Issue 9, items 4, 5, 8 and 12: each expected value is langsmith 0.14.17's dump of
    // `end_time` for the same JSON value.
    #[test]
    fn unix_times_as_the_sdk_reads_them() {
        for (json, want) in [
            (r#""30000000000000.5""#, "2920-08-30T05:20:00.000500Z"),
            (r#""12856484257956.8""#, "2377-05-28T21:37:37.956801Z"),
            ("-1.25", "1969-12-31T23:59:58.750000Z"),
            ("-1e-30", "1970-01-01T00:00:00Z"),
            ("20000000000.5", "1970-08-20T11:33:20.000500Z"),
            (
                r#""7506810761610450554836801826.9e-16""#,
                "1993-10-15T10:31:16.161045Z",
            ),
        ] {
            assert_eq!(show_value(json), want, "{json}");
        }
        assert!(show_value(r#""-79928484880568.5""#).starts_with("error"));
    }
}
