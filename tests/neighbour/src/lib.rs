//! A neighbour of tracer-schema in a user's build: ordinary serde shapes that break when a
//! dependency switches on serde_json's `arbitrary_precision` or `preserve_order`. The tests
//! read them while tracer-schema is linked into the same build.

use std::collections::HashMap;

use serde::Deserialize;

/// An untagged enum with a float variant.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Untagged {
    /// A number.
    Number(f64),
    /// A string.
    Text(String),
}

/// An internally tagged enum with a float field.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(tag = "type")]
pub enum Internal {
    /// A circle.
    Circle {
        /// Its radius.
        radius: f64,
    },
}

/// An adjacently tagged enum (its content may come before its tag).
#[derive(Debug, PartialEq, Deserialize)]
#[serde(tag = "t", content = "c")]
pub enum Adjacent {
    /// A weight.
    Weight(f64),
}

/// A struct flattened into another, holding a float.
#[derive(Debug, PartialEq, Deserialize)]
pub struct Inner {
    /// A score.
    pub score: f64,
}

/// Flattening a struct and a map of floats.
#[derive(Debug, PartialEq, Deserialize)]
pub struct Outer {
    /// The name.
    pub name: String,
    /// The flattened struct.
    #[serde(flatten)]
    pub inner: Inner,
}

/// Flattening a map of floats.
#[derive(Debug, PartialEq, Deserialize)]
pub struct WithMap {
    /// The name.
    pub name: String,
    /// Every other key.
    #[serde(flatten)]
    pub rest: HashMap<String, f64>,
}

/// A price read from a JSON number by rust_decimal's own serde support.
#[derive(Debug, PartialEq, Deserialize)]
pub struct Price {
    /// The amount.
    pub amount: rust_decimal::Decimal,
}

/// A model in a crate that reaches tracer-schema under another name (`schema_kit`): the derive
/// is told where it is with `#[model(crate = "...")]`, as serde's `#[serde(crate = "...")]`.
#[derive(Debug, PartialEq, serde::Serialize, Deserialize, schema_kit::Model)]
#[model(crate = "schema_kit")]
pub struct Invoice {
    /// The amount, read by rust_decimal's own serde support.
    pub amount: rust_decimal::Decimal,
    /// The number of lines.
    #[model(ge = 0)]
    pub lines: i64,
    /// When it was issued.
    pub issued: Option<String>,
}
