//! Reusable wire types: Python's scalar types with pydantic's exact reading and writing rules.
//!
//! Each type accepts what pydantic accepts in lax JSON mode and serializes to what
//! `model_dump_json()` writes. Downstream models use them as field types directly.

mod bool;
mod decimal;
mod duration;
mod error;
mod float;
pub(crate) mod float_spelling;
mod int;
pub(crate) mod json_text;
mod map;
mod object;
mod patterns;
pub(crate) mod raw;
pub(crate) mod scalar;
mod timestamp;
mod uuid;

pub use self::bool::Bool;
pub use self::uuid::{Uuid, UuidError};
pub use decimal::Decimal;
pub use duration::Duration;
pub use error::WireError;
pub use float::Float;
pub use int::Int;
pub use map::Map;
pub(crate) use object::list as object_list;
pub use object::{Json, Object};
pub use timestamp::Timestamp;
