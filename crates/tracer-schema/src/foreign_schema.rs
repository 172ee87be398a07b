//! JSON Schemas for the foreign scalar types that models hold (chrono's date-times and dates,
//! uuid's `Uuid`, rust_decimal's `Decimal`), accepting exactly the JSON values that those types'
//! own serde `Deserialize` impls accept from `serde_json` (chrono 0.4.45, uuid 1.29, rust_decimal
//! 1.43 with its plain `serde` feature).
//!
//! JSON Schema's `format` keywords do not describe these types: chrono reads
//! `"2024-1-2 3:4:5 utc"`, which is no `date-time`; uuid reads braced and `urn:uuid:`
//! spellings, which are no `uuid`; rust_decimal reads `"1_000"` and `"1e3"` as well as JSON
//! numbers. So each grammar below is re-derived from the crate's parser (named at each piece)
//! and written with `type`, `pattern` (ECMA-262 without look-around or back-references, as
//! jsonschema runs it on the `regex` crate; `[0-9]` rather than `\d` and whitespace spelled out,
//! so that other regex engines read the same), `anyOf` and `minimum`/`maximum` only.
//!
//! Shape: a schema's top-level `pattern` is the grammar with every single-field range, anchored
//! at both ends. Its `anyOf` adds what couples fields: the month must have the day, and
//! February 29 needs a leap year; on the first and last day of chrono's range the offset must
//! not move the instant out of range; a decimal's digit count and exponent together bound its
//! value. These conditions run on text
//! the grammar has accepted, so each starts with `^`, skips from one field to the next over
//! whatever separates them (`[^0-9]+`), and stops once it has seen what it checks (`pattern`
//! is a search). A nested object with both a `pattern` and an `anyOf` is a conjunction.
//!
//! The same schemas describe what the types write: chrono, uuid and rust_decimal serialize into
//! what they read, except for `DateTime<FixedOffset>` values that chrono cannot read back either
//! (see [`date_time_fixed_offset`]).
//!
//! The tests (`cargo test -p tracer-schema --features validate foreign_schema`) check every
//! schema against the crates on pinned edge cases, on property-generated near misses and on
//! serialized random values.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde_json::{json, Value};

#[cfg(all(test, feature = "validate"))]
mod tests;

/// The schema of `chrono::DateTime<chrono::Utc>`.
///
/// chrono reads it exactly like a `DateTime<FixedOffset>` and then converts to UTC, which cannot
/// fail, so the grammar is [`date_time_fixed_offset`]'s; chrono writes it with a `Z`.
pub(crate) fn date_time_utc() -> Value {
    date_time_schema(
        "An RFC 3339-like date-time as chrono reads it into a DateTime<Utc> (converting from its \
         offset): a 'T', 't' or space between date and time, optional whitespace around fields, \
         unpadded numbers, signed years beyond 0000-9999, a leap second :60, any number of \
         fractional digits, and an offset Z, UTC or ±hh[:]mm.",
    )
}

/// The schema of `chrono::DateTime<chrono::FixedOffset>`: chrono's `parse_rfc3339_relaxed`
/// (`format/parse.rs`), then `Parsed::to_datetime`.
///
/// Grammar (`WS` is any Unicode `White_Space` character, which chrono's `trim_start` skips):
/// `WS* year WS* - WS* month WS* - WS* day [Tt ] WS* hour WS* : WS* minute WS* : WS* second
/// (.digits)? WS* (Z | z | UTC in any case | sign hh (: or WS)* mm) WS*`, where
/// - the year is 1 to 4 digits, or `+`/`-` and any number of digits, between -262143 and
///   +262142 (`NaiveDate::MIN`/`MAX`);
/// - month, day, hour, minute and second are 1 or 2 digits (leading zeros optional), the day
///   exists in that month and year (February 29 only in leap years, proleptic Gregorian), the
///   hour is at most 23, the minute at most 59 and the second at most 60 (a leap second, in any
///   minute);
/// - the fraction has at least one digit and any number of them (the tenth and later are
///   ignored);
/// - the offset's sign is `+`, `-` or U+2212, its hours are 00 to 23 and its minutes 00 to 59,
///   each exactly two digits;
/// - on the first and last day of the range (-262143-01-01 and +262142-12-31) the instant in UTC
///   must stay inside that range too.
///
/// What chrono writes for a `DateTime<FixedOffset>` is accepted, except where chrono cannot read
/// it back either (so the schema still agrees with chrono): an offset that is not a whole number
/// of minutes is written rounded to minutes, and from 23:59:30 on that spells `+24:00` or
/// `-24:00` (`1970-01-01T23:59:59+24:00` for the epoch at +23:59:59). A value whose local time
/// falls outside chrono's range (`DateTime::<Utc>::MAX_UTC` at +01:00) is not written at all:
/// chrono's `Serialize` panics.
pub(crate) fn date_time_fixed_offset() -> Value {
    date_time_schema(
        "An RFC 3339-like date-time as chrono reads it into a DateTime<FixedOffset>: a 'T', 't' \
         or space between date and time, optional whitespace around fields, unpadded numbers, \
         signed years beyond 0000-9999, a leap second :60, any number of fractional digits, and \
         an offset Z, UTC or ±hh[:]mm.",
    )
}

/// The schema of `chrono::NaiveDateTime`: its `FromStr`, the items
/// `%Y-%m-%dT%H:%M:%S%.f` with chrono's lenient parsing (`naive/datetime/mod.rs`).
///
/// Grammar: `WS* year WS* - WS* month WS* - WS* day WS* T WS* hour WS* : WS* minute WS* : WS*
/// second (.digits)? WS*` with [`date_time_fixed_offset`]'s fields, an upper-case `T` only
/// (whitespace may stand before it, not instead of it), and no offset. Every date in chrono's
/// range is fine with every time, so nothing couples the date to the time.
pub(crate) fn naive_date_time() -> Value {
    let ws = ws();
    let grammar = format!(
        "^{ws}{year}{ws}-{ws}{month_day}{ws}T{ws}{time}{ws}$",
        year = year(),
        month_day = month_and_day(),
        time = time(),
    );
    json!({
        "description": "A date and time without offset as chrono reads a NaiveDateTime: \
            year-month-day, an upper-case 'T', hour:minute:second and an optional fraction, with \
            optional whitespace around fields, unpadded numbers, signed years beyond 0000-9999 \
            and a leap second :60.",
        "type": "string",
        "pattern": grammar,
        "anyOf": naive_calendar_conditions(),
    })
}

/// The schema of `chrono::NaiveDate`: its `FromStr`, the items `%Y-%m-%d` with chrono's lenient
/// parsing (`naive/date/mod.rs`).
///
/// Grammar: `WS* year WS* - WS* month WS* - WS* day WS*` with [`date_time_fixed_offset`]'s
/// year, month and day.
pub(crate) fn naive_date() -> Value {
    let ws = ws();
    let grammar = format!(
        "^{ws}{year}{ws}-{ws}{month_day}{ws}$",
        year = year(),
        month_day = month_and_day(),
    );
    json!({
        "description": "A date as chrono reads a NaiveDate: year-month-day with optional \
            whitespace around fields, an unpadded month and day, and signed years beyond \
            0000-9999.",
        "type": "string",
        "pattern": grammar,
        "anyOf": naive_calendar_conditions(),
    })
}

/// The schema of `uuid::Uuid`: `Uuid::parse_str` (`parser.rs`), which serde's human-readable
/// path calls (`serde_json` never takes the byte-array path).
///
/// Grammar, by byte length: 32 hex digits; 36 bytes hyphenated `8-4-4-4-12`; 38 bytes, the
/// hyphenated form in `{` `}`; 45 bytes, `urn:uuid:` (ASCII case-insensitive) and the hyphenated
/// form. Hex digits are `0-9`, `a-f` and `A-F`. uuid writes the lower-case hyphenated form.
pub(crate) fn uuid() -> Value {
    const HEX: &str = "[0-9a-fA-F]";
    let simple = format!("{HEX}{{32}}");
    let hyphenated = format!("{HEX}{{8}}-{HEX}{{4}}-{HEX}{{4}}-{HEX}{{4}}-{HEX}{{12}}");
    let grammar = format!(
        "^{}$",
        alternatives([
            simple,
            hyphenated.clone(),
            format!(r"\{{{hyphenated}\}}"),
            format!("{}{hyphenated}", ascii_case_insensitive("urn:uuid:")),
        ])
    );
    json!({
        "description": "A UUID as the uuid crate reads it: 32 hex digits in either case, plain, \
            hyphenated 8-4-4-4-12, hyphenated in braces, or hyphenated after urn:uuid: in any \
            case.",
        "type": "string",
        "pattern": grammar,
    })
}

/// The schema of `rust_decimal::Decimal` with the `serde` feature alone: `deserialize_any`, so a
/// JSON number or a string (`serde.rs`, `DecimalVisitor`).
///
/// Numbers: serde_json hands integers that fit `u64`/`i64` to `visit_u64`/`visit_i64`, which
/// always succeed, and every other number to `visit_f64`, which parses `f64::to_string` (plain
/// digits, never an exponent) with `Decimal::from_str`. That fails exactly when the printed
/// integer part reaches 2^96, i.e. for the `f64` values 2^96 and beyond; the largest accepted one
/// is 2^96 - 2^43 = 79228162514264328797450928128. Tiny numbers round to 0 and are accepted.
/// The bound applies to the `f64` that serde_json makes of the text, as jsonschema compares it;
/// a validator that compares the text's exact value instead rejects the integers from
/// 79228162514264328797450928129 to 79228162514264333195497439231 (2^96 - 2^42 - 1), such as
/// `79228162514264330000000000001`, which serde_json rounds down to the bound and rust_decimal
/// reads.
///
/// Strings: `Decimal::from_str`, then `Decimal::from_scientific` (`str.rs`, `decimal.rs`):
/// - syntax: `[+-]? mantissa ([eE] exponent)?` where the mantissa is digits and `_` starting
///   with a digit, then optionally `.` and more digits and `_` (`"5."`, `"5._"` and `"1__0"` are
///   fine), or `.` followed by a digit and more digits and `_` (`".5"`); the exponent is `-`
///   optionally, then what `u32::from_str` reads (an optional `+`, so `"1e-+5"` is fine), with a
///   value of at most 28 (`Decimal::MAX_SCALE`, for positive exponents too, even on `"0e29"`);
/// - value: digits past the 28th decimal, or past the 96-bit mantissa, are rounded half-up at
///   the first dropped digit (`"0.00000000000000000000000000005"` is 1e-28, never an error), and
///   the string is rejected exactly when the value, multiplied by 10^exponent for a positive
///   exponent, is at least `Decimal::MAX` + 0.5 (79228162514264337593543950335.5) in magnitude:
///   `"79228162514264337593543950335.4"` and `"7.9228162514264337593543950335e28"` are read,
///   `"79228162514264337593543950335.5"` and `"7.9228162514264337593543950336e28"` are not.
///
/// rust_decimal writes a plain string such as `"-1.50"`.
pub(crate) fn decimal() -> Value {
    json!({
        "description": "A rust_decimal Decimal: a JSON number below 2^96 in magnitude, or a \
            string of decimal digits with an optional sign, '_' separators, a '.' and an \
            exponent of at most 28 (e-28 to e+28) whose value rounds to less than 2^96 in \
            magnitude.",
        "anyOf": [
            {
                "type": "number",
                "minimum": -largest_decimal_f64(),
                "maximum": largest_decimal_f64(),
            },
            decimal_string(),
        ],
    })
}

// ---------------------------------------------------------------------------------------------
// Regex building blocks.

/// `(?:a|b|...)`.
fn alternatives<I>(items: I) -> String
where
    I: IntoIterator,
    I::Item: AsRef<str>,
{
    let items: Vec<String> = items.into_iter().map(|s| s.as_ref().to_owned()).collect();
    format!("(?:{})", items.join("|"))
}

/// The digits `low..=high` (both at most 9) as a character class, or the digit itself.
fn digit_range(low: u32, high: u32) -> String {
    if low == high {
        low.to_string()
    } else {
        format!("[{low}-{high}]")
    }
}

/// Exactly `count` decimal digits.
fn any_digits(count: usize) -> String {
    match count {
        0 => String::new(),
        1 => "[0-9]".to_owned(),
        _ => format!("[0-9]{{{count}}}"),
    }
}

/// The decimal digits of `value`, most significant first.
fn digits_of(value: &impl ToString) -> Vec<u32> {
    value
        .to_string()
        .bytes()
        .map(|b| u32::from(b - b'0'))
        .collect()
}

/// Digit strings with any number of leading zeros whose value is at most `max`: a number with
/// fewer significant digits than `max`, or as many that is smaller at its first difference (or
/// equal).
fn at_most(max: u64) -> String {
    let digits = digits_of(&max);
    let spelled: String = digits.iter().map(ToString::to_string).collect();
    let mut shorter_or_smaller = Vec::new();
    match digits.len() {
        1 => {}
        2 => shorter_or_smaller.push("[0-9]".to_owned()),
        len => shorter_or_smaller.push(format!("[0-9]{{1,{}}}", len - 1)),
    }
    for (i, &digit) in digits.iter().enumerate() {
        if digit > 0 {
            shorter_or_smaller.push(format!(
                "{}{}{}",
                &spelled[..i],
                digit_range(0, digit - 1),
                any_digits(digits.len() - 1 - i)
            ));
        }
    }
    shorter_or_smaller.push(spelled);
    format!("0*{}", alternatives(shorter_or_smaller))
}

/// Exactly two digits with a value of at most `max` (at most 99).
fn two_digits_at_most(max: u32) -> String {
    let (tens, units) = (max / 10, max % 10);
    let mut options = Vec::new();
    if tens > 0 {
        options.push(format!("{}[0-9]", digit_range(0, tens - 1)));
    }
    options.push(format!("{tens}{}", digit_range(0, units)));
    alternatives(options)
}

/// `text` with every ASCII letter matching either case (`[uU][rR][nN]:`).
fn ascii_case_insensitive(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphabetic() {
                format!("[{}{}]", c.to_ascii_lowercase(), c.to_ascii_uppercase())
            } else {
                c.to_string()
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// chrono.

/// The characters `str::trim_start` strips (Unicode `White_Space`): chrono's parser skips them
/// before every number, around the date's `-` and the time's `:` and before the offset. Spelled
/// out rather than `\s`, whose ECMA-262 meaning has U+FEFF and lacks U+0085.
const WS_CHARS: &str =
    r"\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000";

/// Any run of whitespace, including none.
fn ws() -> String {
    format!("[{WS_CHARS}]*")
}

/// A year chrono reads and `NaiveDate` holds. Without a sign chrono takes at most 4 digits (a
/// fifth one is left over and fails the `-` after it); with `+` or `-` it takes any number of
/// digits (`scan::number` up to `i64`), so leading zeros are fine; the value must lie in
/// `NaiveDate::MIN.year()..=NaiveDate::MAX.year()` (-262143..=262142).
fn year() -> String {
    let (min, max) = year_range();
    alternatives([
        "[0-9]{1,4}".to_owned(),
        format!(r"\+{}", at_most(max.unsigned_abs().into())),
        format!("-{}", at_most(min.unsigned_abs().into())),
    ])
}

/// `NaiveDate::MIN.year()` and `NaiveDate::MAX.year()`.
fn year_range() -> (i32, i32) {
    (NaiveDate::MIN.year(), NaiveDate::MAX.year())
}

/// Months (`scan::number(s, 1, 2)`: one or two digits, leading zero optional).
const MONTH: &str = "(?:0?[1-9]|1[0-2])";
/// Months with a 30th day (all but February).
const MONTH_NOT_FEB: &str = "(?:0?[13-9]|1[0-2])";
/// Months with a 31st day.
const MONTH_31_DAYS: &str = "(?:0?[13578]|1[02])";
/// Days every month has.
const DAY_UP_TO_28: &str = "(?:0?[1-9]|1[0-9]|2[0-8])";
/// What follows a day: not another digit (a third digit would be left over and fail).
const AFTER_DAY: &str = "(?:[^0-9]|$)";
/// The conditions in `anyOf` run on text the grammar has accepted, so they skip from one field
/// to the next over whatever separates them.
const SKIP: &str = "[^0-9]+";
/// In a condition, the whitespace before a year, up to its sign or first digit.
const BEFORE_YEAR: &str = r"^[^0-9+\-]*";

/// `month WS* - WS* day`, with a day from 1 to 31: whether the month has that day (in that
/// year) is left to the conditions.
fn month_and_day() -> String {
    let ws = ws();
    format!("{MONTH}{ws}-{ws}(?:0?[1-9]|[12][0-9]|3[01])")
}

/// Year digits (no sign, any leading zeros) of a leap year in the proleptic Gregorian calendar:
/// divisible by 4 and not by 100, or by 400. Divisibility by 4 shows in the last two digits, so
/// a century year is a leap year when the digits before its `00` are divisible by 4. Negative
/// years follow the same rule (chrono: -4 and -400 are leap years, -100 is not).
fn leap_year_digits() -> String {
    const MULTIPLE_OF_4: &str = "(?:[02468][048]|[13579][26])";
    alternatives([
        // Not a century year: the last two digits are a non-zero multiple of 4.
        "[0-9]*(?:0[48]|[2468][048]|[13579][26])".to_owned(),
        "[48]".to_owned(),
        // A century year whose century is a multiple of 4.
        format!("(?:[0-9]*{MULTIPLE_OF_4}|[048])00"),
        // Year 0, however many zeros spell it.
        "0+".to_owned(),
    ])
}

/// February 29 of a leap year (the grammar checked the year's range).
fn february_29_in_leap_year() -> String {
    format!(
        "{BEFORE_YEAR}[+-]?{}{SKIP}0?2{SKIP}29{AFTER_DAY}",
        leap_year_digits()
    )
}

/// A day that exists in every year: not February 29, and not a 30th or 31st its month lacks
/// (the grammar checked everything else).
fn not_february_29() -> String {
    format!(
        "{BEFORE_YEAR}[+-]?[0-9]+{SKIP}{}{AFTER_DAY}",
        alternatives([
            format!("{MONTH}{SKIP}{DAY_UP_TO_28}"),
            format!("{MONTH_NOT_FEB}{SKIP}(?:29|30)"),
            format!("{MONTH_31_DAYS}{SKIP}31"),
        ])
    )
}

/// The calendar conditions of the naive types: a day every year has, or February 29 of a leap
/// year.
fn naive_calendar_conditions() -> Value {
    json!([
        {"pattern": not_february_29()},
        {"pattern": february_29_in_leap_year()},
    ])
}

/// Hours (0-23), minutes (0-59) and seconds (0-60, a leap second in any minute, which
/// `Parsed::to_naive_time` turns into 59 s plus a second's nanoseconds), each one or two digits,
/// with whitespace around the colons, and a fraction of at least one digit (`scan::nanosecond`
/// reads 9 and skips the rest). The fraction's `.` must follow the seconds directly.
fn time() -> String {
    let ws = ws();
    format!(r"(?:[01]?[0-9]|2[0-3]){ws}:{ws}[0-5]?[0-9]{ws}:{ws}(?:[0-5]?[0-9]|60)(?:\.[0-9]+)?")
}

/// An offset as `parse_rfc3339_relaxed` reads it: `UTC` in any case, or `scan::timezone_offset`
/// with `Z`/`z` allowed, the sign `+`, `-` or U+2212 MINUS SIGN, two hour digits, any run of
/// colons and whitespace (`scan::colon_or_space`), and two minute digits (00-59, required).
/// `FixedOffset::east_opt` then needs less than 24 hours.
fn offset() -> String {
    format!(r"(?:[uU][tT][cC]|[zZ]|[+\-\u2212](?:[01][0-9]|2[0-3])[:{WS_CHARS}]*[0-5][0-9])")
}

/// The schema shared by `DateTime<Utc>` and `DateTime<FixedOffset>`.
fn date_time_schema(description: &str) -> Value {
    let ws = ws();
    let grammar = format!(
        "^{ws}{year}{ws}-{ws}{month_day}[Tt ]{ws}{time}{ws}{offset}{ws}$",
        year = year(),
        month_day = month_and_day(),
        time = time(),
        offset = offset(),
    );
    json!({
        "description": description,
        "type": "string",
        "pattern": grammar,
        "anyOf": [
            {"pattern": ordinary_date_time_day()},
            {"pattern": february_29_in_leap_year()},
            last_day_condition(),
            first_day_condition(),
        ],
    })
}

/// A day that exists in every year and is not one of the range's two end days, on which any time
/// and offset is fine.
fn ordinary_date_time_day() -> String {
    let (min, max) = year_range();
    // Years other than the last (+262142) and the first (-262143), spelled any way.
    let not_last_year = alternatives([
        "[0-9]+".to_owned(),
        "-[0-9]+".to_owned(),
        format!(r"\+{}", at_most(u64::from(max.unsigned_abs()) - 1)),
    ]);
    let not_first_year = alternatives([
        "[0-9]+".to_owned(),
        r"\+[0-9]+".to_owned(),
        format!("-{}", at_most(u64::from(min.unsigned_abs()) - 1)),
    ]);
    let any_year = "[+-]?[0-9]+";
    format!(
        "{BEFORE_YEAR}{}{AFTER_DAY}",
        alternatives([
            format!(
                "{any_year}{SKIP}{}",
                alternatives([
                    format!("{MONTH}{SKIP}(?:0?[2-9]|1[0-9]|2[0-8])"),
                    format!("(?:0?[2-9]|1[0-2]){SKIP}0?1"),
                    format!("{MONTH_NOT_FEB}{SKIP}(?:29|30)"),
                    format!("(?:0?[13578]|10){SKIP}31"),
                ])
            ),
            format!("{not_last_year}{SKIP}12{SKIP}31"),
            format!("{not_first_year}{SKIP}0?1{SKIP}0?1"),
        ])
    )
}

/// Skips from the hour to the offset's sign: the time holds no sign characters.
const NO_SIGN: &str = r"[^+\-\u2212]*";
/// A negative offset's sign.
const MINUS: &str = r"[\-\u2212]";

/// An hour with the value `hour`, one or two digits, and the character after it.
fn hour_value(hour: u32) -> String {
    if hour < 10 {
        format!("0?{hour}[^0-9]")
    } else {
        format!("{hour}[^0-9]")
    }
}

/// The pieces of the two end-day conditions, which relate the local time `H:M` to the offset
/// `h:m` (the seconds never matter: they cannot carry into the minute).
struct EndDay {
    /// From the start of the string to the hour.
    prefix: String,
    /// The offset's sign that can move the instant out of range (`-` on the last day, `+` on the
    /// first).
    sign: &'static str,
}

impl EndDay {
    /// `^prefix` and either an offset without `sign` (harmless) or one of `related`, each
    /// starting at the hour.
    fn pattern(&self, related: Vec<String>) -> String {
        let other_sign = if self.sign == MINUS {
            r"(?:\+|$)"
        } else {
            r"(?:[\-\u2212]|$)"
        };
        let mut options = vec![format!("{NO_SIGN}{other_sign}")];
        options.extend(related);
        format!("{}{}", self.prefix, alternatives(options))
    }

    /// The hour `H` and offset hours `h` with `h <= bound(H)` (`None`: no `h` at all).
    fn hours(&self, bound: impl Fn(u32) -> Option<u32>) -> String {
        let related = (0..=23)
            .filter_map(|hour| {
                bound(hour).map(|max| {
                    format!(
                        "{}{NO_SIGN}{}{}",
                        hour_value(hour),
                        self.sign,
                        two_digits_at_most(max)
                    )
                })
            })
            .collect();
        self.pattern(related)
    }

    /// The local minute's tens digit `a` (0 for one digit) and the offset minutes' tens digit
    /// `c` with `c <= bound(a)`.
    fn minute_tens(&self, bound: impl Fn(u32) -> Option<u32>) -> String {
        let related = (0..=5)
            .filter_map(|tens| {
                bound(tens).map(|max| {
                    let minute = if tens == 0 {
                        "0?[0-9]".to_owned()
                    } else {
                        format!("{tens}[0-9]")
                    };
                    format!(
                        "[0-9]+{SKIP}{minute}[^0-9]{NO_SIGN}{}[0-9]{{2}}[^0-9]*{}[0-9]",
                        self.sign,
                        digit_range(0, max)
                    )
                })
            })
            .collect();
        self.pattern(related)
    }

    /// The local minute's units digit `b` and the offset minutes' units digit `d` with
    /// `d <= bound(b)`.
    fn minute_units(&self, bound: impl Fn(u32) -> u32) -> String {
        let related = (0..=9)
            .map(|units| {
                format!(
                    "[0-9]+{SKIP}[0-5]?{units}[^0-9]{NO_SIGN}{}[0-9]{{2}}[^0-9]*[0-9]{}",
                    self.sign,
                    digit_range(0, bound(units))
                )
            })
            .collect();
        self.pattern(related)
    }
}

/// On +262142-12-31, `from_local_datetime` subtracts the offset and a negative offset `-h:m`
/// must not carry the instant into the next day: `60 (H + h) + M + m <= 1439`, i.e.
/// `H + h <= 23` and (`H + h <= 22` or `M + m <= 59`), and `M + m <= 59` with `M = 10a + b` and
/// `m = 10c + d` is `a + c <= 5` and (`a + c <= 4` or `b + d <= 9`).
fn last_day_condition() -> Value {
    let (_, max) = year_range();
    let day = EndDay {
        prefix: format!(r"{BEFORE_YEAR}\+0*{max}{SKIP}12{SKIP}31{SKIP}"),
        sign: MINUS,
    };
    json!({
        "pattern": day.hours(|hour| 23u32.checked_sub(hour)),
        "anyOf": [
            {"pattern": day.hours(|hour| 22u32.checked_sub(hour))},
            {
                "pattern": day.minute_tens(|tens| 5u32.checked_sub(tens)),
                "anyOf": [
                    {"pattern": day.minute_tens(|tens| 4u32.checked_sub(tens))},
                    {"pattern": day.minute_units(|units| 9 - units)},
                ],
            },
        ],
    })
}

/// On -262143-01-01 a positive offset `+h:m` must not carry the instant into the day before:
/// `60 H + M >= 60 h + m`, i.e. `H >= h` and (`H > h` or `M >= m`), and `M >= m` is `a >= c` and
/// (`a > c` or `b >= d`).
fn first_day_condition() -> Value {
    let (min, _) = year_range();
    let day = EndDay {
        prefix: format!(
            "{BEFORE_YEAR}-0*{}{SKIP}0?1{SKIP}0?1{SKIP}",
            min.unsigned_abs()
        ),
        sign: r"\+",
    };
    json!({
        "pattern": day.hours(Some),
        "anyOf": [
            {"pattern": day.hours(|hour| hour.checked_sub(1))},
            {
                "pattern": day.minute_tens(Some),
                "anyOf": [
                    {"pattern": day.minute_tens(|tens| tens.checked_sub(1))},
                    {"pattern": day.minute_units(|units| units)},
                ],
            },
        ],
    })
}

// ---------------------------------------------------------------------------------------------
// rust_decimal.

/// The largest `f64` that `visit_f64` accepts: the one just below 2^96 (2^96 - 2^43), whose
/// shortest spelling `79228162514264330000000000000` is below `Decimal::MAX`; 2^96 itself prints
/// as `79228162514264340000000000000`.
fn largest_decimal_f64() -> f64 {
    let two_to_the_96 = (1u128 << 96) as f64;
    f64::from_bits(two_to_the_96.to_bits() - 1)
}

/// The string branch of [`decimal`].
fn decimal_string() -> Value {
    let max_scale = u64::from(Decimal::MAX_SCALE);
    // What `u32::from_str` reads (an optional `+`, leading zeros) up to `MAX_SCALE`, after an
    // optional `-` that `from_scientific` strips first.
    let exponent = format!(r"[eE]-?\+?{}", at_most(max_scale));
    // `parse_str_radix_10`: a sign only first; `_` only after a digit; one `.`; a digit
    // somewhere before the end.
    let mantissa = r"(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)";
    let grammar = format!("^[+-]?{mantissa}(?:{exponent})?$");

    // n = significant integer digits (none for `0.5`), k = the exponent if positive (else 0):
    // the value scaled by 10^k has n + k integer digits. `Decimal::MAX` has 29, so the value
    // fits when n + k < 29, never when n + k > 29, and at n + k = 29 its digits decide
    // ([`below_decimal_max`]).
    let limit = digits_of(&Decimal::MAX).len() as u64;
    let fraction = r"(?:\.[0-9_]*)?";
    // No exponent, a negative one, or one that is zero.
    let no_shift = r"(?:$|[eE](?:-|\+?0+$))";
    let shift = |k: u64| format!(r"[eE]\+?0*{k}$");
    let exponent_tail = |k: u64| {
        if k == 0 {
            no_shift.to_owned()
        } else {
            shift(k)
        }
    };
    let at_most_significant = |n: u64| match n {
        0 => "[0_]*".to_owned(),
        1 => "[0_]*[1-9]?_*".to_owned(),
        _ => format!("[0_]*(?:[1-9](?:_*[0-9]){{0,{}}})?_*", n - 1),
    };
    let fits = format!(
        "^[+-]?{}",
        alternatives((0..=max_scale).filter(|&k| k < limit).map(|k| format!(
            "{}{fraction}{}",
            at_most_significant(limit - 1 - k),
            exponent_tail(k)
        )))
    );
    let exactly_significant = |n: u64| match n {
        1 => "[1-9]_*".to_owned(),
        _ => format!("[1-9](?:_*[0-9]){{{}}}_*", n - 1),
    };
    // At the limit: 29 integer digits unshifted, or fewer shifted up to 29.
    let at_the_limit = |ks: std::ops::RangeInclusive<u64>| {
        format!(
            "^[+-]?[0_]*{}",
            alternatives(ks.filter(|&k| k < limit).map(|k| format!(
                "{}{fraction}{}",
                exactly_significant(limit - k),
                exponent_tail(k)
            )))
        )
    };
    json!({
        "type": "string",
        "pattern": grammar,
        "anyOf": [
            {"pattern": fits},
            {
                "pattern": below_decimal_max(),
                "anyOf": [
                    {"pattern": at_the_limit(0..=0)},
                    {"pattern": at_the_limit(1..=max_scale)},
                ],
            },
        ],
    })
}

/// The significant digits (skipping leading zeros, `_` and the `.`), padded with zeros, are less
/// than `Decimal::MAX`'s 29 digits followed by 5: the 96-bit mantissa is at most `Decimal::MAX`
/// and the first digit that does not fit rounds it down (half-up rounding at a 5 would carry it
/// to 2^96). Checked on strings whose first significant digit is an integer digit.
fn below_decimal_max() -> String {
    let mut target = digits_of(&Decimal::MAX);
    target.push(5);
    let end = "(?:[eE]|$)";
    let mut rest = String::new();
    for (i, &digit) in target.iter().enumerate().rev() {
        let lowest = u32::from(i == 0);
        let mut options = Vec::new();
        if digit > lowest {
            options.push(digit_range(lowest, digit - 1));
        }
        if i > 0 {
            // The digits end here: the remaining target digits are not all zero.
            options.push(end.to_owned());
        }
        if !rest.is_empty() {
            options.push(format!("{digit}[._]*{rest}"));
        }
        rest = alternatives(options);
    }
    format!("^[+-]?[0_]*{rest}")
}
