//! The schemas against the crates themselves: (a) hand-picked edge cases, whose verdicts are
//! pinned and must be the crate's and the schema's; (b) property tests on near-valid text, where
//! the schema must agree with the crate on every case; (c) random values serialized with
//! serde_json, which the schema must accept.

use std::fmt::Write as _;
use std::sync::LazyLock;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use proptest::prelude::*;
use proptest::sample::{select, Index};
use proptest::test_runner::Config;
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

use super::*;

// ---------------------------------------------------------------------------------------------
// Harness.

fn compile(schema: &Value) -> jsonschema::Validator {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .with_pattern_options(jsonschema::PatternOptions::regex())
        .build(schema)
        .expect("the schema compiles")
}

static UTC: LazyLock<jsonschema::Validator> = LazyLock::new(|| compile(&date_time_utc()));
static FIXED: LazyLock<jsonschema::Validator> =
    LazyLock::new(|| compile(&date_time_fixed_offset()));
static NAIVE_DATE_TIME: LazyLock<jsonschema::Validator> =
    LazyLock::new(|| compile(&naive_date_time()));
static NAIVE_DATE: LazyLock<jsonschema::Validator> = LazyLock::new(|| compile(&naive_date()));
static UUID: LazyLock<jsonschema::Validator> = LazyLock::new(|| compile(&uuid()));
static DECIMAL: LazyLock<jsonschema::Validator> = LazyLock::new(|| compile(&decimal()));

/// Whether `T`'s serde impl reads the JSON text `json`, and whether the schema accepts it (a text
/// that is not JSON is rejected by both).
fn verdicts<T: DeserializeOwned>(validator: &jsonschema::Validator, json: &str) -> (bool, bool) {
    let by_crate = serde_json::from_str::<T>(json).is_ok();
    let by_schema =
        serde_json::from_str::<Value>(json).is_ok_and(|value| validator.is_valid(&value));
    (by_crate, by_schema)
}

/// `Err` with both verdicts unless the crate and the schema agree on `json`.
fn agree<T: DeserializeOwned>(validator: &jsonschema::Validator, json: &str) -> Result<(), String> {
    match verdicts::<T>(validator, json) {
        (by_crate, by_schema) if by_crate == by_schema => Ok(()),
        (by_crate, by_schema) => Err(format!(
            "{json}: {} reads it: {by_crate}, the schema accepts it: {by_schema}",
            std::any::type_name::<T>()
        )),
    }
}

/// The JSON text of a string.
fn quoted(text: &str) -> String {
    serde_json::to_string(text).expect("a string serializes")
}

/// Checks pinned verdicts: each must be the crate's, and the schema must agree. Collects every
/// mismatch before failing.
fn check_pinned<T: DeserializeOwned>(
    validator: &jsonschema::Validator,
    strings: &[(&str, bool)],
    other_json: &[(&str, bool)],
) {
    let mut failures = String::new();
    let cases = strings
        .iter()
        .map(|&(text, expected)| (quoted(text), expected))
        .chain(
            other_json
                .iter()
                .map(|&(json, expected)| (json.to_owned(), expected)),
        );
    for (json, expected) in cases {
        let (by_crate, by_schema) = verdicts::<T>(validator, &json);
        if by_crate != expected || by_schema != expected {
            let _ = writeln!(
                failures,
                "{json}: pinned {expected}, crate {by_crate}, schema {by_schema}"
            );
        }
    }
    assert!(
        failures.is_empty(),
        "{}:\n{failures}",
        std::any::type_name::<T>()
    );
}

/// Serializes `value` with serde_json and checks that the schema accepts it and the crate reads
/// it back.
fn written_is_accepted<T: Serialize + DeserializeOwned>(
    validator: &jsonschema::Validator,
    value: &T,
) -> Result<(), String> {
    let json = serde_json::to_string(value).map_err(|e| e.to_string())?;
    match verdicts::<T>(validator, &json) {
        (true, true) => Ok(()),
        (by_crate, by_schema) => Err(format!(
            "{json} (written): read back {by_crate}, accepted by the schema {by_schema}"
        )),
    }
}

fn config(cases: u32) -> Config {
    Config {
        cases,
        // No regression files in the source tree; a failure prints its shrunk input.
        failure_persistence: None,
        ..Config::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Generators.

/// One of `options`.
fn one_of(options: &'static [&'static str]) -> BoxedStrategy<String> {
    select(options).prop_map(str::to_owned).boxed()
}

/// Mostly nothing, sometimes whitespace chrono skips, sometimes a look-alike it does not.
fn space() -> BoxedStrategy<String> {
    prop_oneof![
        12 => Just(String::new()),
        1 => one_of(&[
            " ", "  ", "\t", "\n", "\r", "\u{b}", "\u{c}", "\u{85}", "\u{a0}", "\u{1680}",
            "\u{2000}", "\u{200a}", "\u{2028}", "\u{2029}", "\u{202f}", "\u{205f}", "\u{3000}",
            "\u{feff}", "\u{200b}", "\u{180e}", "\u{1c}", " \t ",
        ]),
    ]
    .boxed()
}

/// `value` in decimal, zero-padded to `width` digits.
fn padded(value: u64, width: usize) -> String {
    format!("{value:0width$}")
}

/// A number in `0..=max` (mostly `0..=usual`), zero-padded to one or two digits, or sometimes
/// to `widest`.
fn field(usual: u64, max: u64, widest: usize) -> BoxedStrategy<String> {
    (
        prop_oneof![12 => 0..=usual, 1 => 0..=max],
        prop_oneof![12 => 1..=2usize, 1 => 1..=widest],
    )
        .prop_map(|(value, width)| padded(value, width))
        .boxed()
}

/// Years near every boundary, with every sign and padding.
fn year() -> BoxedStrategy<String> {
    let value = prop_oneof![
        0u64..=30,
        0u64..=2500,
        9990u64..=10010,
        99_990u64..=100_010,
        262_130u64..=262_150,
        0u64..=1_000_000,
        Just(9_223_372_036_854_775_807),
        Just(9_223_372_036_854_775_808),
        Just(u64::MAX),
    ];
    prop_oneof![
        6 => (0u64..=9999, prop_oneof![8 => 1usize..=4, 1 => Just(5usize)]).prop_map(|(v, w)| padded(v, w)),
        3 => (one_of(&["+", "-"]), value, 0usize..=8).prop_map(|(sign, v, zeros)| {
            format!("{sign}{}{v}", "0".repeat(zeros))
        }),
        1 => (one_of(&["", "\u{2212}", "+-", "--", "+ ", "- "]), 0u64..=300_000)
            .prop_map(|(sign, v)| format!("{sign}{v}")),
        // Leap-year candidates.
        1 => (one_of(&["", "+", "-"]), 0u64..=30, 0usize..=3)
            .prop_map(|(sign, v, zeros)| format!("{sign}{}{}", "0".repeat(zeros), v * 4)),
        2 => (one_of(&["", "+", "-"]), 0u64..=65_536, 0usize..=2)
            .prop_map(|(sign, v, zeros)| format!("{sign}{}{}", "0".repeat(zeros), v * 4)),
        2 => (one_of(&["", "+", "-"]), 0u64..=2_622, 0usize..=2)
            .prop_map(|(sign, v, zeros)| format!("{sign}{}{}", "0".repeat(zeros), v * 100)),
        1 => one_of(&["", "+", "-", "a", "2O24"]),
    ]
    .boxed()
}

/// Month and day, biased to February and to month ends.
fn month_and_day() -> BoxedStrategy<(String, String)> {
    prop_oneof![
        3 => (field(12, 13, 3), field(28, 32, 3)),
        2 => (one_of(&["2", "02", "002", "12", "1", "01", "4", "04", "11", "13", "0"]),
              one_of(&["28", "29", "30", "31", "1", "01", "001", "0", "00", "32", "9", "019"])),
    ]
    .boxed()
}

/// The text between date fields or time fields.
fn separator(usual: &'static str, others: &'static [&'static str]) -> BoxedStrategy<String> {
    prop_oneof![20 => Just(usual.to_owned()), 1 => one_of(others)].boxed()
}

/// `WS year WS - WS month WS - WS day`, with near misses.
fn date_text() -> BoxedStrategy<String> {
    let dash = || separator("-", &["", "/", "--", "\u{2212}", "_", " "]);
    (
        space(),
        year(),
        space(),
        dash(),
        space(),
        month_and_day(),
        space(),
        dash(),
        space(),
    )
        .prop_map(|(w1, year, w2, d1, w3, (month, day), w4, d2, w5)| {
            format!("{w1}{year}{w2}{d1}{w3}{month}{w4}{d2}{w5}{day}")
        })
        .boxed()
}

/// `hour WS : WS minute WS : WS second fraction`, with near misses.
fn time_text() -> BoxedStrategy<String> {
    let colon = || separator(":", &["", ".", "::", " ", ";"]);
    let fraction = prop_oneof![
        8 => Just(String::new()),
        6 => proptest::string::string_regex("\\.[0-9]{1,12}").expect("a valid regex"),
        1 => one_of(&[".", ",5", " .5", ".5.5", ".a", "._5"]),
    ];
    (
        field(23, 25, 3),
        space(),
        colon(),
        space(),
        field(59, 61, 3),
        space(),
        colon(),
        space(),
        field(59, 61, 3),
        fraction,
    )
        .prop_map(|(h, w1, c1, w2, m, w3, c2, w4, s, f)| {
            format!("{h}{w1}{c1}{w2}{m}{w3}{c2}{w4}{s}{f}")
        })
        .boxed()
}

/// Offsets, with near misses.
fn offset_text() -> BoxedStrategy<String> {
    let signed = (
        prop_oneof![
            12 => one_of(&["+", "-", "\u{2212}"]),
            1 => one_of(&["", "\u{2013}", "++", " "]),
        ],
        prop_oneof![12 => (0u64..=23, Just(2usize)), 1 => (0u64..=30, 1usize..=3)],
        prop_oneof![
            12 => one_of(&[":", ""]),
            1 => one_of(&[" ", "::", ": ", " : ", "\u{3000}", "-", ".", "\t:"]),
        ],
        prop_oneof![12 => (0u64..=59, Just(2usize)), 1 => (0u64..=99, 0usize..=3)],
    )
        .prop_map(|(sign, (h, hw), sep, (m, mw))| {
            let minutes = if mw == 0 {
                String::new()
            } else {
                padded(m, mw)
            };
            format!("{sign}{}{sep}{minutes}", padded(h, hw))
        });
    prop_oneof![
        3 => one_of(&["Z", "z", "UTC", "utc", "uTc"]),
        1 => one_of(&["UT", "GMT", "ZZ", "", "Z0", "UTC+1", "U", "+", "-"]),
        8 => signed,
    ]
    .boxed()
}

/// What may follow a complete value.
fn trailing() -> BoxedStrategy<String> {
    (
        space(),
        prop_oneof![12 => Just(String::new()), 1 => one_of(&["x", "Z", "0", ":", "."])],
    )
        .prop_map(|(w, t)| format!("{w}{t}"))
        .boxed()
}

/// Date-times for `DateTime<Tz>`.
fn date_time_text() -> BoxedStrategy<String> {
    (
        date_text(),
        separator("T", &["t", " ", "  ", "\t", "_", "", " T", "\u{3000}"]),
        space(),
        time_text(),
        space(),
        offset_text(),
        trailing(),
    )
        .prop_map(|(d, t, w1, time, w2, o, rest)| format!("{d}{t}{w1}{time}{w2}{o}{rest}"))
        .boxed()
}

/// Date-times on and next to the first and last days, whose offsets must keep the instant in
/// range.
fn end_day_text() -> BoxedStrategy<String> {
    let day = one_of(&[
        "+262142-12-31",
        "+0262142-12-31",
        " +262142 - 12 - 31",
        "+262142-12-30",
        "+262141-12-31",
        "-262143-01-01",
        "-000262143-1-1",
        "-262143-01-02",
        "-262142-01-01",
        "-262143-1-01",
        "+262142-1-1",
        "-262143-12-31",
    ]);
    let time = (
        0u64..=23,
        1usize..=2,
        0u64..=59,
        1usize..=2,
        0u64..=60,
        one_of(&["", ".5"]),
    )
        .prop_map(|(h, hw, m, mw, s, f)| format!("{}:{}:{s:02}{f}", padded(h, hw), padded(m, mw)));
    let offset = prop_oneof![
        1 => one_of(&["Z", "utc", "+00:00", "-00:00", "\u{2212}0000"]),
        8 => (one_of(&["+", "-", "\u{2212}"]), 0u64..=23, one_of(&[":", "", " "]), 0u64..=59)
            .prop_map(|(sign, h, sep, m)| format!("{sign}{h:02}{sep}{m:02}")),
    ];
    let anywhere = (day.clone(), one_of(&["T", " ", "t"]), time, space(), offset)
        .prop_map(|(day, t, time, w, offset)| format!("{day}{t}{time}{w}{offset}"));
    // Local time and offset a minute or two either side of carrying the instant over midnight.
    let near_midnight = (
        day,
        0u32..1440,
        -2i32..=2,
        1usize..=2,
        one_of(&["+", "-", "\u{2212}"]),
        0u32..=60,
    )
        .prop_filter_map(
            "an offset under a day",
            |(day, local, nudge, width, sign, second)| {
                let carry = if sign == "+" {
                    local.checked_add_signed(nudge)?
                } else {
                    (1440 - local).checked_add_signed(nudge)?
                };
                (carry < 1440).then(|| {
                    let (h, m) = (u64::from(local / 60), u64::from(local % 60));
                    format!(
                        "{day}T{}:{}:{second:02}{sign}{:02}:{:02}",
                        padded(h, width),
                        padded(m, width),
                        carry / 60,
                        carry % 60
                    )
                })
            },
        );
    prop_oneof![anywhere, near_midnight].boxed()
}

/// Date-times for `NaiveDateTime`.
fn naive_date_time_text() -> BoxedStrategy<String> {
    (
        date_text(),
        space(),
        separator("T", &["t", " ", "", "TT"]),
        space(),
        time_text(),
        trailing(),
    )
        .prop_map(|(d, w1, t, w2, time, rest)| format!("{d}{w1}{t}{w2}{time}{rest}"))
        .boxed()
}

/// Dates for `NaiveDate`.
fn naive_date_text() -> BoxedStrategy<String> {
    (date_text(), trailing())
        .prop_map(|(d, rest)| format!("{d}{rest}"))
        .boxed()
}

/// `text` with up to three random one-character edits (insert, delete or replace) drawn from
/// `alphabet`.
fn mutated(text: BoxedStrategy<String>, alphabet: &'static [char]) -> BoxedStrategy<String> {
    let edit = (0u8..3, any::<Index>(), select(alphabet));
    (text, proptest::collection::vec(edit, 1..=3))
        .prop_map(|(text, edits)| {
            let mut chars: Vec<char> = text.chars().collect();
            for (kind, at, c) in edits {
                match kind {
                    0 => chars.insert(at.index(chars.len() + 1), c),
                    _ if chars.is_empty() => {}
                    1 => {
                        chars.remove(at.index(chars.len()));
                    }
                    _ => {
                        let i = at.index(chars.len());
                        chars[i] = c;
                    }
                }
            }
            chars.into_iter().collect()
        })
        .boxed()
}

const DATE_TIME_ALPHABET: &[char] = &[
    '0', '1', '2', '3', '5', '6', '9', '-', ':', 'T', 't', ' ', '.', '+', 'Z', 'U', 'C',
    '\u{3000}', '\u{2212}', '\u{feff}', '_', 'e', '\t',
];

/// Instants anywhere in `DateTime<Utc>`'s range, leap seconds included.
fn any_utc() -> BoxedStrategy<DateTime<Utc>> {
    let (min, max) = (
        DateTime::<Utc>::MIN_UTC.timestamp(),
        DateTime::<Utc>::MAX_UTC.timestamp(),
    );
    let seconds = prop_oneof![
        min..=max,
        -100_000_000_000i64..=100_000_000_000,
        min..=min + 200_000,
        max - 200_000..=max
    ];
    (
        seconds,
        0u32..1_000_000_000,
        prop_oneof![9 => Just(false), 1 => Just(true)],
        0u8..4,
    )
        .prop_filter_map("in range", |(secs, nanos, leap, precision)| {
            // Whole seconds, milliseconds, microseconds or nanoseconds, as chrono writes them.
            let nanos = match precision {
                0 => 0,
                1 => nanos / 1_000_000 * 1_000_000,
                2 => nanos / 1_000 * 1_000,
                _ => nanos,
            };
            if leap {
                let secs = secs - secs.rem_euclid(60) + 59;
                DateTime::from_timestamp(secs, nanos + 1_000_000_000)
            } else {
                DateTime::from_timestamp(secs, nanos)
            }
        })
        .boxed()
}

/// Any `NaiveDate`.
fn any_naive_date() -> BoxedStrategy<NaiveDate> {
    let (min, max) = (
        NaiveDate::MIN.num_days_from_ce(),
        NaiveDate::MAX.num_days_from_ce(),
    );
    prop_oneof![
        min..=max,
        -1_000_000..=1_000_000,
        min..=min + 800,
        max - 800..=max
    ]
    .prop_filter_map("in range", NaiveDate::from_num_days_from_ce_opt)
    .boxed()
}

/// Any `NaiveDateTime`, leap seconds included.
fn any_naive_date_time() -> BoxedStrategy<NaiveDateTime> {
    (any_naive_date(), 0u32..86_400, 0u32..2_000_000_000)
        .prop_filter_map("a valid time", |(date, secs, nanos)| {
            let nanos = if secs % 60 == 59 {
                nanos
            } else {
                nanos % 1_000_000_000
            };
            NaiveTime::from_num_seconds_from_midnight_opt(secs, nanos).map(|t| date.and_time(t))
        })
        .boxed()
}

// ---------------------------------------------------------------------------------------------
// chrono.

const DATE_TIME_PINNED: &[(&str, bool)] = &[
    ("2024-06-06T01:02:51Z", true),
    ("2024-06-06T01:02:51.123456+05:30", true),
    // Leap years.
    ("2024-02-29T00:00:00Z", true),
    ("2023-02-29T00:00:00Z", false),
    ("1900-02-29T00:00:00Z", false),
    ("2000-02-29T00:00:00Z", true),
    ("0000-02-29T00:00:00Z", true),
    ("0-2-29T0:0:0Z", true),
    ("-0004-02-29T00:00:00Z", true),
    ("-0100-02-29T00:00:00Z", false),
    ("-0400-02-29T00:00:00Z", true),
    ("+262140-02-29T00:00:00Z", true),
    ("+0000100-02-29T00:00:00Z", false),
    ("+0000400-02-29T00:00:00Z", true),
    ("2024-02-30T00:00:00Z", false),
    ("2024-04-31T00:00:00Z", false),
    ("2024-04-30T00:00:00Z", true),
    ("2024-12-31T00:00:00Z", true),
    ("2024-13-01T00:00:00Z", false),
    ("2024-00-01T00:00:00Z", false),
    ("2024-01-00T00:00:00Z", false),
    // Time fields.
    ("2024-12-31T23:59:60Z", true),
    ("2024-12-31T12:34:60.5Z", true),
    ("2024-12-31T24:00:00Z", false),
    ("2024-12-31T23:60:00Z", false),
    ("2024-12-31T23:59:61Z", false),
    ("2024-01-02T03:04Z", false),
    ("2024-01-02T03:04:05.Z", false),
    ("2024-01-02T03:04:05.123456789123Z", true),
    ("2024-01-02T03:04:05 .5Z", false),
    ("2024-01-02T03:04:05,5Z", false),
    ("2024-01-02T003:04:05Z", false),
    // Padding and whitespace.
    ("2024-1-2T3:4:5Z", true),
    ("2024-01-02 03:04:05z", true),
    ("2024-01-02t03:04:05 utc", true),
    ("2024-01-02T03:04:05UTC", true),
    (" 2024 - 01 - 02T 03 : 04 : 05 Z ", true),
    ("\u{3000}2024-01-02T03:04:05Z\u{2028}", true),
    ("\u{85}2024-01-02T03:04:05Z", true),
    ("\u{feff}2024-01-02T03:04:05Z", false),
    ("\u{200b}2024-01-02T03:04:05Z", false),
    ("2024-01-02\t03:04:05Z", false),
    ("2024-01-02  03:04:05Z", true),
    ("2024-01-02 T03:04:05Z", false),
    ("2024-01-02T03:04:05", false),
    ("2024-01-02", false),
    ("", false),
    // Offsets.
    ("2024-01-02T03:04:05+0100", true),
    ("2024-01-02T03:04:05+01 : 00", true),
    ("2024-01-02T03:04:05+01::\u{3000}00", true),
    ("2024-01-02T03:04:05+01", false),
    ("2024-01-02T03:04:05+01:", false),
    ("2024-01-02T03:04:05+01:0", false),
    ("2024-01-02T03:04:05+1:00", false),
    ("2024-01-02T03:04:05+01:000", false),
    ("2024-01-02T03:04:05+24:00", false),
    ("2024-01-02T03:04:05+23:59", true),
    ("2024-01-02T03:04:05-23:59", true),
    ("2024-01-02T03:04:05\u{2212}05:00", true),
    ("2024-01-02T03:04:05+05:60", false),
    ("2024-01-02T03:04:05UT", false),
    ("2024-01-02T03:04:05GMT", false),
    ("2024-01-02T03:04:05ZZ", false),
    ("2024-01-02T03:04:05UTC+01:00", false),
    // Years.
    ("20240-01-02T03:04:05Z", false),
    ("+20240-01-02T03:04:05Z", true),
    ("02024-01-02T03:04:05Z", false),
    ("+0000000000000002024-01-02T03:04:05Z", true),
    ("-0-01-02T03:04:05Z", true),
    ("+-1-01-02T03:04:05Z", false),
    ("- 1-01-02T03:04:05Z", false),
    ("+99999999999999999999-01-02T03:04:05Z", false),
    ("+262143-01-01T00:00:00+01:00", false),
    ("-262144-12-31T23:00:00-01:00", false),
    // The range's ends: the instant in UTC must stay in range.
    ("+262142-12-31T23:59:59.999999999Z", true),
    ("+262142-12-31T23:59:60.999999999Z", true),
    ("+262142-12-31T23:59:59-00:01", false),
    ("+262142-12-31T23:58:59-00:01", true),
    ("+262142-12-31T23:58:60-00:01", true),
    ("+262142-12-31T22:59:59-01:00", true),
    ("+262142-12-31T23:00:00-01:00", false),
    ("+262142-12-31T00:00:00-23:59", true),
    ("+262142-12-31T00:01:00-23:59", false),
    ("+262142-12-31T12:34:56-11:25", true),
    ("+262142-12-31T12:34:56-11:26", false),
    ("+262142-12-31T23:59:59+23:59", true),
    ("+262142-12-31T23:59:59-00:00", true),
    ("-262143-01-01T00:00:00Z", true),
    ("-262143-01-01T00:00:00+00:01", false),
    ("-262143-01-01T00:01:00+00:01", true),
    ("-262143-01-01T23:59:59+23:59", true),
    ("-262143-01-01T23:58:59+23:59", false),
    ("-262143-01-01T12:34:56+12:34", true),
    ("-262143-01-01T12:34:56+12:35", false),
    ("-262143-01-01T00:00:00-23:59", true),
    ("-262143-01-01T00:00:00+00:00", true),
];

const NOT_STRINGS: &[(&str, bool)] = &[
    ("null", false),
    ("0", false),
    ("1704164645", false),
    ("[]", false),
    ("{}", false),
    ("true", false),
];

#[test]
fn date_time_pinned() {
    check_pinned::<DateTime<Utc>>(&UTC, DATE_TIME_PINNED, NOT_STRINGS);
    check_pinned::<DateTime<FixedOffset>>(&FIXED, DATE_TIME_PINNED, NOT_STRINGS);
}

#[test]
fn naive_date_time_pinned() {
    check_pinned::<NaiveDateTime>(
        &NAIVE_DATE_TIME,
        &[
            ("2015-09-18T23:56:04", true),
            ("2015-09-18T23:56:04.123456789123", true),
            ("2015-09-18 23:56:04", false),
            ("2015-09-18t23:56:04", false),
            ("2015-09-18 T23:56:04", true),
            ("2015-09-18T 23:56:04 ", true),
            ("+12345-6-7T7:59:60.5", true),
            ("2015-09-18T23:56:04Z", false),
            ("2015-09-18T23:56", false),
            ("2015-02-29T00:00:00", false),
            ("2016-02-29T00:00:00", true),
            ("+262142-12-31T23:59:59.999999999", true),
            ("-262143-01-01T00:00:00", true),
            ("+262143-01-01T00:00:00", false),
            ("-262144-12-31T23:59:59", false),
        ],
        NOT_STRINGS,
    );
}

#[test]
fn naive_date_pinned() {
    check_pinned::<NaiveDate>(
        &NAIVE_DATE,
        &[
            ("2015-09-18", true),
            ("+12345-6-7", true),
            (" 2015 - 9 - 18 ", true),
            ("2015-09-18T", false),
            ("2015/09/18", false),
            ("99999-01-01", false),
            ("02015-09-18", false),
            ("2015-09-018", false),
            ("-262143-01-01", true),
            ("-262144-12-31", false),
            ("+262142-12-31", true),
            ("+262143-01-01", false),
            ("2100-02-29", false),
            ("2400-02-29", true),
            ("4-02-29", true),
            ("-4-02-29", true),
        ],
        NOT_STRINGS,
    );
}

proptest! {
    #![proptest_config(config(25_000))]

    #[test]
    fn date_time_agrees(text in date_time_text()) {
        let json = quoted(&text);
        agree::<DateTime<Utc>>(&UTC, &json).map_err(TestCaseError::fail)?;
        agree::<DateTime<FixedOffset>>(&FIXED, &json).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn naive_date_time_agrees(text in naive_date_time_text()) {
        agree::<NaiveDateTime>(&NAIVE_DATE_TIME, &quoted(&text)).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn naive_date_agrees(text in naive_date_text()) {
        agree::<NaiveDate>(&NAIVE_DATE, &quoted(&text)).map_err(TestCaseError::fail)?;
    }
}

proptest! {
    #![proptest_config(config(20_000))]

    #[test]
    fn date_time_end_days_agree(text in end_day_text()) {
        let json = quoted(&text);
        agree::<DateTime<Utc>>(&UTC, &json).map_err(TestCaseError::fail)?;
        agree::<DateTime<FixedOffset>>(&FIXED, &json).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn date_time_mutations_agree(
        text in mutated(any_utc().prop_map(|dt| dt.to_rfc3339()).boxed(), DATE_TIME_ALPHABET)
    ) {
        let json = quoted(&text);
        agree::<DateTime<Utc>>(&UTC, &json).map_err(TestCaseError::fail)?;
        agree::<DateTime<FixedOffset>>(&FIXED, &json).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn naive_date_time_mutations_agree(
        text in mutated(any_naive_date_time().prop_map(|dt| format!("{dt:?}")).boxed(), DATE_TIME_ALPHABET)
    ) {
        agree::<NaiveDateTime>(&NAIVE_DATE_TIME, &quoted(&text)).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn naive_date_mutations_agree(
        text in mutated(any_naive_date().prop_map(|d| format!("{d:?}")).boxed(), DATE_TIME_ALPHABET)
    ) {
        agree::<NaiveDate>(&NAIVE_DATE, &quoted(&text)).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn written_date_times_are_accepted(utc in any_utc(), minutes in -1439i32..=1439) {
        written_is_accepted(&UTC, &utc).map_err(TestCaseError::fail)?;
        let offset = FixedOffset::east_opt(minutes * 60).expect("less than a day");
        // chrono's Serialize panics when the local time is out of its range.
        if utc.naive_utc().checked_add_offset(offset).is_some() {
            written_is_accepted(&FIXED, &utc.with_timezone(&offset)).map_err(TestCaseError::fail)?;
        }
    }

    #[test]
    fn written_naive_values_are_accepted(date_time in any_naive_date_time()) {
        written_is_accepted(&NAIVE_DATE_TIME, &date_time).map_err(TestCaseError::fail)?;
        written_is_accepted(&NAIVE_DATE, &date_time.date()).map_err(TestCaseError::fail)?;
    }

    /// Offsets with seconds are written rounded to minutes: the schema still agrees with what
    /// chrono reads back, even where that is nothing (`+24:00`).
    #[test]
    fn written_odd_offsets_agree(utc in any_utc(), seconds in -86_399i32..=86_399) {
        let offset = FixedOffset::east_opt(seconds).expect("less than a day");
        if utc.naive_utc().checked_add_offset(offset).is_some() {
            let json = serde_json::to_string(&utc.with_timezone(&offset)).expect("serializes");
            agree::<DateTime<FixedOffset>>(&FIXED, &json).map_err(TestCaseError::fail)?;
        }
    }
}

/// An offset that rounds to 24 hours is written as `+24:00`, which neither chrono nor the
/// schema reads.
#[test]
fn offset_rounding_to_a_day_is_not_read_back() {
    let offset = FixedOffset::east_opt(86_399).expect("less than a day");
    let value = DateTime::<Utc>::UNIX_EPOCH.with_timezone(&offset);
    let json = serde_json::to_string(&value).expect("serializes");
    assert_eq!(json, r#""1970-01-01T23:59:59+24:00""#);
    assert_eq!(
        verdicts::<DateTime<FixedOffset>>(&FIXED, &json),
        (false, false)
    );
}

// ---------------------------------------------------------------------------------------------
// uuid.

#[test]
fn uuid_pinned() {
    check_pinned::<Uuid>(
        &UUID,
        &[
            ("67e55044-10b1-426f-9247-bb680e5fe0c8", true),
            ("67E55044-10B1-426F-9247-BB680E5FE0C8", true),
            ("67e5504410b1426f9247bb680e5fe0c8", true),
            ("{67e55044-10b1-426f-9247-bb680e5fe0c8}", true),
            ("urn:uuid:67e55044-10b1-426f-9247-bb680e5fe0c8", true),
            ("URN:UUID:67E55044-10B1-426F-9247-BB680E5FE0C8", true),
            ("uRn:uUiD:67e55044-10b1-426f-9247-bb680e5fe0c8", true),
            ("{67e5504410b1426f9247bb680e5fe0c8}", false),
            ("urn:uuid:67e5504410b1426f9247bb680e5fe0c8", false),
            ("urn:uuid:{67e55044-10b1-426f-9247-bb680e5fe0c8}", false),
            ("{67e55044-10b1-426f-9247-bb680e5fe0c8", false),
            ("67e55044-10b1-426f-9247-bb680e5fe0c", false),
            ("67e55044-10b1-426f-9247-bb680e5fe0c8 ", false),
            (" 67e55044-10b1-426f-9247-bb680e5fe0c8", false),
            ("67e55044-10b1-426f-9247-bb680e5fe0cg", false),
            ("67e5504410b1-426f-9247-bb680e5fe0c8-", false),
            ("67e55044-10b1-426f-9247bb680e5fe0c8", false),
            ("67e55044-10b1-426f-9247-bb680e5fe0c8\u{0}", false),
            ("", false),
        ],
        &[
            ("null", false),
            ("0", false),
            (
                "[103,229,80,68,16,177,66,111,146,71,187,104,14,95,224,200]",
                false,
            ),
            ("{}", false),
        ],
    );
}

const UUID_ALPHABET: &[char] = &[
    '0', '9', 'a', 'f', 'A', 'F', 'g', 'G', '-', '{', '}', ':', 'u', 'r', 'n', ' ', '\u{e9}',
];

/// UUID spellings with wrong lengths, hyphens, prefixes, braces and digits.
fn uuid_text() -> BoxedStrategy<String> {
    let hex = prop_oneof![
        30 => select(&['0', '1', '7', '9', 'a', 'c', 'f', 'A', 'D', 'F'][..]),
        1 => select(&['g', 'G', 'x', ' ', '-', '\u{e9}', '_'][..]),
    ];
    let digits = prop_oneof![
        8 => proptest::collection::vec(hex.clone(), 32..=32),
        1 => proptest::collection::vec(hex, 30..=34),
    ];
    let hyphens = prop_oneof![
        4 => Just(vec![8usize, 12, 16, 20]),
        2 => Just(vec![]),
        1 => proptest::collection::vec(0usize..=34, 0..=5),
    ];
    let prefix = prop_oneof![
        6 => Just(String::new()),
        2 => one_of(&["urn:uuid:", "URN:UUID:", "Urn:Uuid:", "{"]),
        1 => one_of(&["urn:uuid", "urn:uid:", "urn:uuid:{", "(", "uuid:", " "]),
    ];
    let suffix = prop_oneof![6 => Just(String::new()), 1 => one_of(&["}", " ", "-", "0", "}}"])];
    (prefix, digits, hyphens, suffix)
        .prop_map(|(prefix, digits, hyphens, suffix)| {
            let mut body = String::new();
            for (i, c) in digits.iter().enumerate() {
                for _ in hyphens.iter().filter(|&&at| at == i) {
                    body.push('-');
                }
                body.push(*c);
            }
            // A braced prefix gets its closing brace most of the time.
            let suffix = if prefix == "{" && suffix.is_empty() {
                "}".to_owned()
            } else {
                suffix
            };
            format!("{prefix}{body}{suffix}")
        })
        .boxed()
}

/// Valid spellings of random UUIDs.
fn uuid_spelling() -> BoxedStrategy<String> {
    (any::<u128>(), 0u8..6)
        .prop_map(|(bits, form)| {
            let id = Uuid::from_u128(bits);
            match form {
                0 => id.hyphenated().to_string(),
                1 => id.simple().to_string().to_uppercase(),
                2 => id.braced().to_string(),
                3 => id.urn().to_string(),
                4 => id.urn().to_string().to_uppercase(),
                _ => id.simple().to_string(),
            }
        })
        .boxed()
}

proptest! {
    #![proptest_config(config(25_000))]

    #[test]
    fn uuid_agrees(text in uuid_text()) {
        agree::<Uuid>(&UUID, &quoted(&text)).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn uuid_mutations_agree(text in mutated(uuid_spelling(), UUID_ALPHABET)) {
        agree::<Uuid>(&UUID, &quoted(&text)).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn written_uuids_are_accepted(bits in any::<u128>()) {
        written_is_accepted(&UUID, &Uuid::from_u128(bits)).map_err(TestCaseError::fail)?;
    }
}

// ---------------------------------------------------------------------------------------------
// rust_decimal.

const DECIMAL_STRINGS_PINNED: &[(&str, bool)] = &[
    ("1", true),
    ("-1.50", true),
    (".5", true),
    ("5.", true),
    ("-.5", true),
    ("1_000", true),
    ("1__0", true),
    ("1_", true),
    ("_1", false),
    ("+1", true),
    ("+-1", false),
    ("--1", false),
    ("", false),
    (".", false),
    ("-", false),
    ("+", false),
    ("._5", false),
    ("0._5", true),
    ("5._", true),
    ("1.2.3", false),
    ("1e5", true),
    ("1E5", true),
    ("1e+5", true),
    ("1e-5", true),
    ("1e-+5", true),
    ("1e+-5", false),
    ("1e--5", false),
    ("1e", false),
    ("1e+", false),
    ("1e-", false),
    ("e5", false),
    (".e5", false),
    ("1e5e5", false),
    ("1e1_0", false),
    ("1e28", true),
    ("1e29", false),
    ("0e28", true),
    ("0e29", false),
    ("1e-28", true),
    ("1e-29", false),
    ("1.5e-28", true),
    ("1e0000000000000000000000028", true),
    ("0.00000000000000000000000000005", true),
    ("0.0000000000000000000000000000000000001", true),
    ("0.00000000000000000000000000000000000009e28", true),
    ("79228162514264337593543950335", true),
    ("-79228162514264337593543950335", true),
    ("079_228_162_514_264_337_593_543_950_335", true),
    ("79228162514264337593543950336", false),
    ("100000000000000000000000000000", false),
    ("79228162514264337593543950335.4", true),
    ("79228162514264337593543950335.49999", true),
    ("79228162514264337593543950335.5", false),
    ("79228162514264337593543950335._5", false),
    ("-79228162514264337593543950335.5", false),
    ("79228162514264337593543950334.9", true),
    ("7922816251426433759354395033.59", true),
    ("7.9228162514264337593543950335e28", true),
    ("7.9228162514264337593543950336e28", false),
    ("7.92281625142643375935439503354e28", true),
    ("7.92281625142643375935439503355e28", false),
    ("7.92281625142643375935439503359e27", true),
    ("7922816251426433759354395033.5e1", true),
    ("7922816251426433759354395033.6e1", false),
    ("7922816251426433759354395034e1", false),
    ("792281625142643375935439503355e-1", false),
    ("0.79228162514264337593543950335e29", false),
    (" 1", false),
    ("1 ", false),
    ("1,5", false),
    ("NaN", false),
    ("inf", false),
    ("0x10", false),
    ("\u{661}", false),
];

#[test]
fn decimal_pinned() {
    check_pinned::<Decimal>(
        &DECIMAL,
        DECIMAL_STRINGS_PINNED,
        &[
            ("1", true),
            ("-1", true),
            ("-0", true),
            ("1.5", true),
            ("1e28", true),
            ("1e29", false),
            ("1e30", false),
            ("1e-30", true),
            ("5e-324", true),
            ("18446744073709551615", true),
            ("-9223372036854775808", true),
            ("18446744073709551616", true),
            ("79228162514264337593543950335", false),
            ("79228162514264330000000000000", true),
            // serde_json rounds to the nearest f64: below the midpoint to 2^96 is the bound.
            ("79228162514264333195497439231", true),
            ("79228162514264333195497439232", false),
            ("-79228162514264330000000000000", true),
            ("1.7976931348623157e308", false),
            ("null", false),
            ("true", false),
            ("[1]", false),
            ("{}", false),
        ],
    );
}

/// The number bound is the largest `f64` rust_decimal reads.
#[test]
fn decimal_number_bound() {
    let bound = largest_decimal_f64();
    assert_eq!(bound.to_string(), "79228162514264330000000000000");
    let above = f64::from_bits(bound.to_bits() + 1);
    for (value, read) in [
        (bound, true),
        (-bound, true),
        (above, false),
        (-above, false),
    ] {
        let json = serde_json::to_string(&value).expect("finite");
        assert_eq!(verdicts::<Decimal>(&DECIMAL, &json), (read, read), "{json}");
    }
}

/// Digits and underscores: `count` digits, some of them leading zeros, with underscores
/// sprinkled after some digits.
fn digit_run(count: std::ops::RangeInclusive<usize>) -> BoxedStrategy<String> {
    (
        proptest::collection::vec(
            (
                prop_oneof![8 => Just(false), 1 => Just(true)],
                select(&["0", "1", "3", "5", "7", "9", "2", "4", "6", "8"][..]),
            ),
            count,
        ),
        prop_oneof![3 => Just(0usize), 1 => 0usize..=3],
    )
        .prop_map(|(digits, zeros)| {
            let mut out = "0".repeat(zeros);
            for (underscore, digit) in digits {
                out.push_str(digit);
                if underscore {
                    out.push('_');
                }
            }
            out
        })
        .boxed()
}

/// The exponent part, with near misses.
fn exponent() -> BoxedStrategy<String> {
    prop_oneof![
        4 => Just(String::new()),
        6 => (
            one_of(&["e", "E"]),
            prop_oneof![6 => one_of(&["", "-", "+"]), 1 => one_of(&["-+", "+-", "--", "_", "++"])],
            prop_oneof![8 => (0u64..=32, 0usize..=2).prop_map(|(v, z)| format!("{}{v}", "0".repeat(z))),
                        1 => one_of(&["", "1_0", "4294967296", "00000000000000000000028", "a"])],
        )
            .prop_map(|(e, sign, value)| format!("{e}{sign}{value}")),
    ]
    .boxed()
}

/// Decimal strings of every shape.
fn decimal_text() -> BoxedStrategy<String> {
    let sign = prop_oneof![8 => one_of(&["", "-", "+"]), 1 => one_of(&["--", "+-", " ", "_"])];
    let mantissa = prop_oneof![
        6 => (digit_run(1..=32), prop_oneof![1 => Just(None), 2 => digit_run(0..=32).prop_map(Some)]),
        1 => digit_run(1..=32).prop_map(|f| (String::new(), Some(f))),
        1 => one_of(&["", ".", "_1", "._5", "1..2", "1.2.3", "0x1", "1 0"]).prop_map(|m| (m, None)),
    ];
    (sign, mantissa, exponent())
        .prop_map(|(sign, (int, fraction), exponent)| match fraction {
            Some(fraction) => format!("{sign}{int}.{fraction}{exponent}"),
            None => format!("{sign}{int}{exponent}"),
        })
        .boxed()
}

/// Strings at the edge of the 96-bit range: `Decimal::MAX`'s digits, changed a little, with the
/// point anywhere and an exponent that shifts them back to about 29 integer digits.
fn decimal_edge_text() -> BoxedStrategy<String> {
    let max = Decimal::MAX.to_string();
    (
        one_of(&["", "-", "+", "0", "00_"]),
        any::<Index>(),
        prop_oneof![2 => Just(None), 1 => (0u8..=9).prop_map(Some)],
        prop_oneof![2 => Just(String::new()), 1 => proptest::string::string_regex("[0-9]{1,4}").expect("a valid regex")],
        0usize..=30,
        -2i64..=2,
        prop_oneof![3 => Just(false), 1 => Just(true)],
        prop_oneof![3 => Just(false), 1 => Just(true)],
    )
        .prop_map(move |(sign, at, digit, extra, point, nudge, truncate, underscores)| {
            let mut digits: Vec<char> = max.chars().collect();
            if let Some(d) = digit {
                let i = at.index(digits.len());
                digits[i] = char::from(b'0' + d);
            }
            if truncate {
                digits.truncate(at.index(digits.len()) + 1);
            }
            digits.extend(extra.chars());
            let point = point.min(digits.len());
            let mut text = sign;
            for (i, c) in digits.iter().enumerate() {
                if i == point && point > 0 {
                    text.push('.');
                }
                text.push(*c);
                if underscores && i % 3 == 1 {
                    text.push('_');
                }
            }
            // Shift back by the digits moved behind the point, give or take.
            let moved = if point > 0 { digits.len() - point } else { 0 };
            let k = i64::try_from(moved).unwrap_or(0) + nudge;
            match k {
                0 if nudge == 0 => text,
                k if k < 0 => format!("{text}e{k}"),
                k => format!("{text}e{k}"),
            }
        })
        .boxed()
}

/// JSON numbers: integers of every size, floats near 2^96 and anywhere.
fn decimal_number() -> BoxedStrategy<String> {
    let two_to_96 = largest_decimal_f64().to_bits() + 1;
    prop_oneof![
        any::<i64>().prop_map(|v| v.to_string()),
        any::<u64>().prop_map(|v| v.to_string()),
        any::<f64>()
            .prop_filter("finite", |v| v.is_finite())
            .prop_map(|v| serde_json::to_string(&v).expect("finite")),
        (two_to_96 - 300..=two_to_96 + 300, any::<bool>()).prop_map(|(bits, negative)| {
            let v = f64::from_bits(bits);
            serde_json::to_string(&if negative { -v } else { v }).expect("finite")
        }),
        (proptest::string::string_regex("-?[1-9][0-9]{18,34}").expect("a valid regex")),
        (proptest::string::string_regex("-?7922816251426433[0-9]{13}(\\.[0-9]{1,3})?")
            .expect("a valid regex")),
        (-9i64..=9, 0u32..=999, -340i32..=340).prop_map(|(a, b, e)| format!("{a}.{b}e{e}")),
        one_of(&["-0", "0.0", "-0.0", "1E+2", "1e-0", "0e400"]),
    ]
    .boxed()
}

const DECIMAL_ALPHABET: &[char] = &['0', '1', '5', '9', '.', '_', 'e', 'E', '-', '+', ' '];

proptest! {
    #![proptest_config(config(25_000))]

    #[test]
    fn decimal_strings_agree(text in decimal_text()) {
        agree::<Decimal>(&DECIMAL, &quoted(&text)).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn decimal_edge_strings_agree(text in decimal_edge_text()) {
        agree::<Decimal>(&DECIMAL, &quoted(&text)).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn decimal_numbers_agree(json in decimal_number()) {
        agree::<Decimal>(&DECIMAL, &json).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn decimal_mutations_agree(
        text in mutated(
            (any::<u32>(), any::<u32>(), any::<u32>(), any::<bool>(), 0u32..=28)
                .prop_map(|(lo, mid, hi, negative, scale)| Decimal::from_parts(lo, mid, hi, negative, scale).to_string())
                .boxed(),
            DECIMAL_ALPHABET,
        )
    ) {
        agree::<Decimal>(&DECIMAL, &quoted(&text)).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn written_decimals_are_accepted(
        lo in any::<u32>(), mid in any::<u32>(), hi in any::<u32>(), negative in any::<bool>(), scale in 0u32..=28,
    ) {
        let value = Decimal::from_parts(lo, mid, hi, negative, scale);
        written_is_accepted(&DECIMAL, &value).map_err(TestCaseError::fail)?;
    }
}
