//! The error every wire type returns when text or a number is not a value of its kind.

use thiserror::Error;

/// Why a value was rejected; the messages follow pydantic's wording where it has one.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum WireError {
    /// Not a datetime pydantic would accept.
    #[error("input should be a valid datetime, {0}")]
    Timestamp(&'static str),
    /// Not a duration pydantic would accept.
    #[error("input should be a valid duration, {0}")]
    Duration(&'static str),
    /// Not a decimal number.
    #[error("input should be a valid decimal")]
    Decimal,
    /// A NaN or an infinity where only finite numbers are allowed.
    #[error("input should be a finite number")]
    NotFinite,
    /// Not an integer.
    #[error("input should be a valid integer, unable to parse string as an integer")]
    IntParsing,
    /// A number with a fractional part where an integer is expected.
    #[error("input should be a valid integer, got a number with a fractional part")]
    IntFromFloat,
    /// An integer Python accepts but the Rust type cannot hold (beyond 128 bits for [`Int`],
    /// or where pydantic itself limits a float to 64 bits).
    ///
    /// [`Int`]: crate::wire::Int
    #[error("integer out of range")]
    IntOutOfRange,
    /// Not a float.
    #[error("input should be a valid number, unable to parse string as a number")]
    FloatParsing,
    /// An integer too large for a float (Python's `float(int)` raises `OverflowError`).
    #[error("input should be a valid number, the integer is too large to convert to a float")]
    FloatTooLarge,
    /// Not a boolean pydantic would accept.
    #[error("input should be a valid boolean, unable to interpret input")]
    BoolParsing,
}
