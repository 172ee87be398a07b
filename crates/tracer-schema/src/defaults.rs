//! Field defaults and readers the generated models name (`xtask/src/sdk_import.py`).

use serde::{Deserialize, Deserializer};

use crate::wire::Object;

/// `Optional[dict] = Field(default_factory=dict)`: absent is `{}`, `null` stays `None`.
// serde's `default = "..."` needs a function returning the field's type.
#[allow(clippy::unnecessary_wraps)]
pub(crate) fn some_empty_object() -> Option<Object> {
    Some(Object::default())
}

/// A `TypedDict` key that may be absent but not `null`: present values are read as `T`.
pub(crate) fn present<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}
