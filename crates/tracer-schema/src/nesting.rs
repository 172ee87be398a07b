//! The SDK parser's limits for fields that hold models (`Run.child_runs`,
//! `Feedback.feedback_source`, `Dataset.transformations`).
//!
//! pydantic's parser refuses a document nested more than 200 levels deep anywhere. The wire
//! types check the values they read against that limit counting from a top-level member, which
//! is exact for the fields of a top-level model but too lenient inside a nested one (a child run's
//! `extra` sits two containers deeper). So a field that holds models is checked as a whole, as a
//! member of the top-level document, before it is read: that check covers everything inside it,
//! and the lenient inner checks can then never accept what it refuses.

use serde::de::{DeserializeOwned, Deserializer};

use crate::object_only::relocated;
use crate::wire::json_text;
use crate::wire::raw::value_text;

/// Reads a field holding models after checking its whole text against the parser's limits.
pub(crate) fn checked<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<T, D::Error> {
    let text = value_text(d)?;
    // A member of the top-level object sits in one container.
    json_text::compact(&text, 1).map_err(serde::de::Error::custom)?;
    let mut de = serde_json::Deserializer::from_str(&text);
    T::deserialize(&mut de).map_err(relocated)
}
