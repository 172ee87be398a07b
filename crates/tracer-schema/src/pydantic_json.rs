//! `to_pydantic_json`: the exact bytes `model_dump_json()` writes for the same value; and
//! `from_pydantic_json`: reading text as `model_validate_json` reads it.
//!
//! serde_json already writes the same values; what differs is spelling. pydantic writes compact
//! JSON, floats in its own notation (`0.00001`, `1e-7`, `1e+16`, `100.0`), integers as Python
//! does (`-0` is `0`), and non-finite floats as `null`. Decimals, durations and timestamps are
//! strings that the wire types already spell as pydantic does.

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::wire::json_text::{merge_duplicate_keys, respell_pydantic, Unreadable};

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
/// parser builds (serde's derive refuses a repeated field: "duplicate field").
///
/// Use this (or [`Model::from_json`](crate::Model::from_json), which also locates errors)
/// instead of `serde_json::from_str` for text from outside. It costs nothing more on the text
/// `serde_json` accepts: only a refused document is looked at for repeated keys, and read again
/// with them merged. The error is `serde_json::from_str`'s for `text`; for a document with
/// repeated keys, the merged document's, without a position (it is not the text's).
pub fn from_pydantic_json<T: DeserializeOwned>(text: &str) -> Result<T, serde_json::Error> {
    serde_json::from_str(text).or_else(|error| match merge_duplicate_keys(text) {
        Ok(Some(merged)) => serde_json::from_str(&merged).map_err(crate::object_only::relocated),
        // serde stopped at the repeated key, which the SDK reads; the document's real problem
        // is that its parser refuses it, further on.
        Err(unreadable) if is_duplicate_field(&error) => Err(match unreadable {
            Unreadable::Syntax(e) => e,
            Unreadable::Limit(at, e) => {
                let line = 1 + text[..at].matches('\n').count();
                let column = 1 + at - text[..at].rfind('\n').map_or(0, |n| n + 1);
                serde::de::Error::custom(format!("{e} at line {line} column {column}"))
            }
        }),
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
}
