//! `to_pydantic_json`: the exact bytes `model_dump_json()` writes for the same value.
//!
//! serde_json already writes the same values; what differs is spelling. pydantic writes compact
//! JSON, floats in its own notation (`0.00001`, `1e-7`, `1e+16`, `100.0`), integers as Python
//! does (`-0` is `0`), and non-finite floats as `null`. Decimals, durations and timestamps are
//! strings that the wire types already spell as pydantic does.

use serde::Serialize;

use crate::wire::json_text::respell_pydantic;

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
}
