use serde::{Deserialize, Serialize};
use tracer_schema::Model;

/// A borrowed model cannot be read from any text.
#[derive(Serialize, Deserialize, Model)]
pub struct Borrowed<'a> {
    pub name: &'a str,
}

/// A constraint on a field that is never written cannot be checked.
#[derive(Serialize, Deserialize, Model)]
pub struct Hidden {
    #[serde(skip_serializing)]
    #[model(ge = 0)]
    pub secret: i64,
}

fn main() {}
