use serde::{Deserialize, Serialize};
use tracer_schema::Model;

/// Constraints no value meets, or that JSON Schema cannot hold, are refused where written.
#[derive(Serialize, Deserialize, Model)]
pub struct Impossible {
    #[model(multiple_of = 0)]
    pub step: i64,
    #[model(ge = 10, le = 1)]
    pub level: i64,
    #[model(min_length = 5, max_length = 2)]
    pub code: String,
    #[model(le = 100000000000000000000)]
    pub huge: i128,
}

/// An untagged variant's constraints could not be checked on the written value.
#[derive(Serialize, Deserialize, Model)]
#[serde(untagged)]
pub enum Loose {
    Short(#[model(max_length = 3)] String),
    Any(String),
}

fn main() {}
