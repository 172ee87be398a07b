//! `#[serde(with = "tracer_schema::required_nullable")]`: a field that must be present but may
//! be `null`, as pydantic's `Optional[X]` without a default.
//!
//! serde fills a missing `Option` field with `None` unless the field has its own
//! deserializer, so this one attribute both makes serde refuse a missing key and tells
//! `#[derive(Model)]` to mark the field required and nullable in the schema.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Writes the value, or `null`.
pub fn serialize<T: Serialize, S: Serializer>(
    value: &Option<T>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    value.serialize(serializer)
}

/// Reads the value or `null`; a missing key is an error (`missing field`).
pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    Option::<T>::deserialize(deserializer)
}
