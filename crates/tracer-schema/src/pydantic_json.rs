//! `to_pydantic_json`: the exact bytes `model_dump_json()` writes for the same value; and
//! `from_pydantic_json`: reading text as `model_validate_json` reads it.
//!
//! serde_json already writes the same values; what differs is spelling. pydantic writes compact
//! JSON, floats in its own notation (`0.00001`, `1e-7`, `1e+16`, `100.0`), integers as Python
//! does (`-0` is `0`), and non-finite floats as `null`. Decimals, durations and timestamps are
//! strings that the wire types already spell as pydantic does.

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::wire::json_text::{as_the_sdk_reads, respell_pydantic, Unreadable};

/// Why a value could not be written as pydantic JSON.
#[derive(Debug, thiserror::Error)]
#[error("cannot serialize value as JSON")]
pub struct PydanticJsonError(
    #[from]
    #[source]
    serde_json::Error,
);

/// Serializes `value` to the text pydantic's `model_dump_json()` produces for the same data.
pub fn to_pydantic_json<T: Serialize + ?Sized>(value: &T) -> Result<String, PydanticJsonError> {
    // serde_json writes compact text (free-form objects as they were read); the respelling
    // pass then writes numbers and escapes as pydantic does.
    let text = serde_json::to_string(value)?;
    let mut out = String::with_capacity(text.len() + 16);
    respell_pydantic(&text, &mut out);
    Ok(out)
}

/// Reads `text` as the SDK's `model_validate_json` reads it: as `serde_json::from_str` does, except
/// that a key repeated in an object means its last value, as in the Python `dict` pydantic's
/// parser builds (serde's derive refuses a repeated field: "duplicate field"), and that the
/// literals `NaN`, `Infinity` and `-Infinity` are read as pydantic's parser reads them (a
/// float field takes them and writes `null`, as a free-form value does; other types refuse them).
///
/// Use this (or `Model::from_json` (feature `validate`), which also locates errors)
/// instead of `serde_json::from_str` for text from outside. It costs nothing more on the text
/// `serde_json` accepts: only a refused document is looked at again, and read again as the SDK
/// reads it when that differs. The error is `serde_json::from_str`'s for `text`; for a document
/// read again, the second reading's, without a position (it is not the text's).
pub fn from_pydantic_json<T: DeserializeOwned>(text: &str) -> Result<T, serde_json::Error> {
    serde_json::from_str(text).or_else(|error| match as_the_sdk_reads(text) {
        Ok(Some(read)) => serde_json::from_str(&read).map_err(crate::object_only::relocated),
        // serde stopped at a repeated key or a literal, which the SDK reads; the document's
        // real problem is that its parser refuses it, further on.
        Err(Unreadable::Limit(at, e)) if is_duplicate_field(&error) || error.is_syntax() => {
            let line = 1 + text[..at].matches('\n').count();
            let column = 1 + at - text[..at].rfind('\n').map_or(0, |n| n + 1);
            Err(serde::de::Error::custom(format!(
                "{e} at line {line} column {column}"
            )))
        }
        Err(Unreadable::Syntax(e)) if is_duplicate_field(&error) => Err(e),
        Ok(None) | Err(_) => Err(error),
    })
}

/// Whether serde refused a document for naming a field twice (serde's derive words it so).
pub(crate) fn is_duplicate_field(error: &serde_json::Error) -> bool {
    error.to_string().starts_with("duplicate field `")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn respells_numbers_like_pydantic() {
        let value: crate::wire::Object = serde_json::from_str(r#"{"a": 1.50, "b": 1e2, "d": -0.0, "e": -0, "f": [1e-5, 1e16, 2.5e-7], "g": 123456789012345678901234567890}"#).unwrap();
        // Produced by pydantic's model_dump_json() for the same `extra` dict.
        assert_eq!(
            to_pydantic_json(&value).unwrap(),
            r#"{"a":1.5,"b":100.0,"d":-0.0,"e":0,"f":[0.00001,1e+16,2.5e-7],"g":123456789012345678901234567890}"#
        );
    }

    const SESSION: &str = r#""id": "00000000-0000-4000-8000-000000000001", "tenant_id": "00000000-0000-4000-8000-000000000002", "reference_dataset_id": null"#;

    // Verdicts and values from langsmith 0.14.17's model_validate_json on the same texts.
    #[test]
    fn a_repeated_key_means_its_last_value() {
        let read = |members: &str| {
            from_pydantic_json::<crate::TracerSession>(&format!("{{{SESSION}, {members}}}"))
        };
        // The first value is never validated, only parsed...
        let session = read(r#""name": 5, "name": "last""#).expect("the SDK accepts it");
        assert_eq!(session.name.as_deref(), Some("last"));
        // ...so an invalid last value is refused, whatever came first...
        let refused = read(r#""name": "first", "name": 5"#).expect_err("the SDK refuses it");
        assert!(
            refused.to_string().contains("invalid type: integer `5`"),
            "{refused}"
        );
        // ...and the first must still be JSON the SDK's parser takes.
        assert!(read(r#""name": "\ud800", "name": "last""#).is_err());
        // Free-form objects keep a repeated key at its first place.
        let session = read(r#""extra": {"a": 1, "b": 2}, "extra": {"b": 3, "a": 4, "b": 5}"#)
            .expect("the SDK accepts it");
        assert_eq!(
            serde_json::to_string(&session.extra).expect("serializes"),
            r#"{"b":5,"a":4}"#
        );
        // Inside nested models too.
        let feedback = r#"{"id": "00000000-0000-4000-8000-000000000001", "created_at": "2024-01-01T00:00:00Z", "modified_at": "2024-01-01T00:00:00Z", "run_id": null, "trace_id": null, "key": "k", "feedback_source": {"type": 1, "type": "api", "user_id": "u"}}"#;
        let feedback = from_pydantic_json::<crate::Feedback>(feedback).expect("the SDK accepts it");
        assert_eq!(
            feedback.feedback_source.map(|source| source.r#type),
            Some("api".to_owned())
        );
    }

    #[test]
    fn errors_without_repeated_keys_are_serde_json_s() {
        let text = format!("{{{SESSION},\n \"name\": 5}}");
        let ours = from_pydantic_json::<crate::TracerSession>(&text).expect_err("refused");
        let theirs = serde_json::from_str::<crate::TracerSession>(&text).expect_err("refused");
        assert_eq!(ours.to_string(), theirs.to_string());
        assert_eq!((ours.line(), ours.column()), (2, 10));
    }

    #[test]
    fn a_repeated_key_does_not_hide_what_the_sdk_refuses() {
        // Found by the hostile trial: serde stops at the repeated key, which the SDK reads; the
        // SDK refuses these documents for what comes after it.
        let text = format!("{{{SESSION}, \"name\": \"a\", \"name\": \"b\", \"zz\": \"\\ud800\"}}");
        let error = from_pydantic_json::<crate::TracerSession>(&text).expect_err("refused");
        assert!(
            error.to_string().starts_with("lone surrogate escape"),
            "{error}"
        );
        assert!(error
            .to_string()
            .ends_with(&format!("at line 1 column {}", text.len() - 8)));
        let text = format!("{{{SESSION}, \"name\": \"a\", \"name\": \"b\"}} x");
        let error = from_pydantic_json::<crate::TracerSession>(&text).expect_err("refused");
        assert!(
            error.to_string().starts_with("trailing characters"),
            "{error}"
        );
    }

    // Verdicts and values from langsmith 0.14.17 (`TracerSessionResult.model_validate_json`).
    #[test]
    fn nan_and_the_infinities_are_read_as_the_sdk_reads_them() {
        const RESULT: &str = r#""id": "00000000-0000-4000-8000-000000000001", "tenant_id": "00000000-0000-4000-8000-000000000002", "reference_dataset_id": null, "start_time": "2024-01-01T00:00:00Z""#;
        let read = |members: &str| {
            from_pydantic_json::<crate::TracerSessionResult>(&format!("{{{RESULT}, {members}}}"))
        };
        let rate = |members: &str| read(members).expect("the SDK accepts it").error_rate;
        assert!(rate(r#""error_rate": NaN"#).is_some_and(|r| r.is_nan()));
        assert_eq!(
            rate(r#""error_rate": -Infinity"#).map(|r| *r),
            Some(f64::NEG_INFINITY)
        );
        // Written as the SDK writes them: `null`, in a float field and in a free-form one.
        let result = read(r#""extra": {"a": NaN, "b": [Infinity]}, "error_rate": NaN"#)
            .expect("the SDK accepts it");
        let written = to_pydantic_json(&result).expect("serializes");
        assert!(
            written.contains(r#""extra":{"a":null,"b":[null]}"#),
            "{written}"
        );
        assert!(written.contains(r#""error_rate":null"#), "{written}");
        // Refused where the SDK refuses a non-finite float, and `-NaN` is not read at all.
        for refused in [
            r#""run_count": NaN"#,
            r#""total_cost": NaN"#,
            r#""name": NaN"#,
            r#""latency_p50": Infinity"#,
            r#""error_rate": -NaN"#,
            r#""error_rate": NaN, "run_count": 1.5"#,
            // Found by the hostile trial: a literal run together with a number is no number.
            r#""error_rate": 1NaN"#,
            r#""error_rate": NaN1"#,
            r#""error_rate": 1.Infinity"#,
            r#""error_rate": -Infinity1"#,
            r#""extra": {"a": 0.0NaN}"#,
        ] {
            assert!(read(refused).is_err(), "{refused}");
        }
        // Inside a string, the word is a word.
        let result = read(r#""name": "NaN", "error_rate": Infinity"#).expect("accepted");
        assert_eq!(result.name.as_deref(), Some("NaN"));
    }
}
