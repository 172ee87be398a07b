//! Key order in written schema documents.
//!
//! serde_json's map is sorted (we do not switch on `preserve_order`, which would change every
//! other crate's maps), but a schema reads best, and compares best with pydantic's, with its
//! keywords in a conventional order and its properties in field order. Object schemas carry
//! their property order under [`ORDER_KEY`] while they are built; [`to_pretty`] writes by it,
//! and [`strip`] removes it from the documents handed to users and validators.

use std::fmt::Write as _;

use serde_json::{Map, Value};

/// Where an object schema keeps the order of its `properties` until it is written.
pub(crate) const ORDER_KEY: &str = "x-tracer-schema-property-order";

/// Keywords in the order they are written; others follow alphabetically.
const KEYWORD_ORDER: &[&str] = &[
    "$schema",
    "$id",
    "$ref",
    "title",
    "description",
    "type",
    "format",
    "const",
    "enum",
    "pattern",
    "minimum",
    "exclusiveMinimum",
    "maximum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "items",
    "properties",
    "required",
    "additionalProperties",
    "anyOf",
    "oneOf",
    "allOf",
    "default",
    "$defs",
];

/// Removes every [`ORDER_KEY`] annotation.
pub(crate) fn strip(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.remove(ORDER_KEY);
            map.values_mut().for_each(strip);
        }
        Value::Array(items) => items.iter_mut().for_each(strip),
        _ => {}
    }
}

/// The property names recorded for `schema`, if any.
pub(crate) fn recorded(schema: &Map<String, Value>) -> Vec<String> {
    match schema.get(ORDER_KEY) {
        Some(Value::Array(names)) => names
            .iter()
            .filter_map(|n| n.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

fn keyword_rank(key: &str) -> usize {
    KEYWORD_ORDER
        .iter()
        .position(|k| *k == key)
        .unwrap_or(KEYWORD_ORDER.len())
}

/// `value` pretty-printed as serde_json does (two-space indent), keywords and properties in
/// order, annotations left out.
pub(crate) fn to_pretty(value: &Value) -> String {
    let mut out = String::new();
    write(&mut out, value, 0, None);
    out
}

fn newline(out: &mut String, indent: usize) {
    out.push('\n');
    out.extend(std::iter::repeat_n("  ", indent));
}

fn write(out: &mut String, value: &Value, indent: usize, order: Option<&[String]>) {
    match value {
        Value::Array(items) if !items.is_empty() => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, indent + 1);
                write(out, item, indent + 1, None);
            }
            newline(out, indent);
            out.push(']');
        }
        Value::Object(map) if map.keys().any(|k| k != ORDER_KEY) => {
            let mut keys: Vec<&String> = map.keys().filter(|k| *k != ORDER_KEY).collect();
            match order {
                // The `properties` of an object schema: field order, then anything unrecorded.
                Some(order) => keys.sort_by_key(|k| {
                    (
                        order.iter().position(|o| o == *k).unwrap_or(usize::MAX),
                        (*k).clone(),
                    )
                }),
                None => keys.sort_by_key(|k| (keyword_rank(k), (*k).clone())),
            }
            let properties_order = recorded(map);
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, indent + 1);
                let _ = write!(out, "{}: ", Value::String(key.clone()));
                let inner_order =
                    (order.is_none() && key == "properties").then_some(properties_order.as_slice());
                write(out, &map[key], indent + 1, inner_order);
            }
            newline(out, indent);
            out.push('}');
        }
        Value::Object(_) => out.push_str("{}"),
        other => {
            let _ = write!(out, "{other}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_keywords_and_properties_in_order() {
        let schema = serde_json::json!({
            "type": "object",
            "title": "T",
            "required": ["b"],
            "properties": {"a": {"type": "string", "title": "A"}, "b": {}},
            ORDER_KEY: ["b", "a"],
            "$schema": "s",
        });
        assert_eq!(
            to_pretty(&schema),
            "{\n  \"$schema\": \"s\",\n  \"title\": \"T\",\n  \"type\": \"object\",\n  \"properties\": {\n    \"b\": {},\n    \"a\": {\n      \"title\": \"A\",\n      \"type\": \"string\"\n    }\n  },\n  \"required\": [\n    \"b\"\n  ]\n}"
        );
        let mut stripped = schema.clone();
        strip(&mut stripped);
        assert!(stripped.get(ORDER_KEY).is_none());
    }
}
