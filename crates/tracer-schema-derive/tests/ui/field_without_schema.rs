use serde::{Deserialize, Serialize};
use tracer_schema::Model;

#[derive(Serialize, Deserialize)]
pub struct Opaque {
    pub a: u8,
}

/// A field type with neither a `Model` nor a `schemars::JsonSchema` impl.
#[derive(Serialize, Deserialize, Model)]
pub struct Holder {
    pub inner: Opaque,
}

fn main() {}
