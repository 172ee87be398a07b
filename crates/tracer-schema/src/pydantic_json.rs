//! `to_pydantic_json`: the exact bytes `model_dump_json()` writes for the same value.
//!
//! serde_json already writes the same values; what differs is spelling. pydantic writes compact
//! JSON, floats in its own notation (`0.00001`, `1e-7`, `1e+16`, `100.0`), integers as Python
//! does (`-0` is `0`), and non-finite floats as `null`. Decimals, durations and timestamps are
//! strings that the wire types already spell as pydantic does.

use std::io::Write;

use serde::Serialize;
use serde_json::{Number, Value};

use crate::wire::float_spelling::pydantic_json;

/// Why a value could not be written as pydantic JSON.
#[derive(Debug, thiserror::Error)]
#[error("cannot serialize value as JSON: {0}")]
pub struct PydanticJsonError(#[from] serde_json::Error);

/// Serializes `value` to the text pydantic's `model_dump_json()` produces for the same data.
pub fn to_pydantic_json<T: Serialize + ?Sized>(value: &T) -> Result<String, PydanticJsonError> {
    let value = serde_json::to_value(value)?;
    let mut out = Vec::with_capacity(512);
    write_value(&mut out, &value)?;
    // Every byte written is either ASCII or copied from a valid `str`.
    Ok(String::from_utf8_lossy(&out).into_owned())
}

fn write_number(out: &mut Vec<u8>, n: &Number) {
    let text = n.to_string();
    if text.bytes().any(|b| matches!(b, b'.' | b'e' | b'E')) {
        match text.parse::<f64>() {
            Ok(f) if f.is_finite() => out.extend_from_slice(pydantic_json(f).as_bytes()),
            _ => out.extend_from_slice(b"null"),
        }
    } else if text == "-0" {
        out.push(b'0');
    } else {
        out.extend_from_slice(text.as_bytes());
    }
}

fn write_value(out: &mut Vec<u8>, value: &Value) -> Result<(), serde_json::Error> {
    match value {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Value::Number(n) => write_number(out, n),
        Value::String(s) => serde_json::to_writer(&mut *out, s)?,
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_value(out, item)?;
            }
            out.push(b']');
        }
        Value::Object(map) => {
            out.push(b'{');
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                serde_json::to_writer(&mut *out, key)?;
                out.push(b':');
                write_value(out, item)?;
            }
            out.push(b'}');
        }
    }
    out.flush().map_err(serde_json::Error::io)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn respells_numbers_like_pydantic() {
        let value: Value = serde_json::from_str(r#"{"a": 1.50, "b": 1e2, "d": -0.0, "e": -0, "f": [1e-5, 1e16, 2.5e-7], "g": 123456789012345678901234567890}"#).unwrap();
        // Produced by pydantic's model_dump_json() for the same `extra` dict.
        assert_eq!(
            to_pydantic_json(&value).unwrap(),
            r#"{"a":1.5,"b":100.0,"d":-0.0,"e":0,"f":[0.00001,1e+16,2.5e-7],"g":123456789012345678901234567890}"#
        );
    }
}
