//! Which field types a `#[model(...)]` constraint applies to, decided by trait rather than by
//! the type's name, so `type Cents = i64` takes `ge = 0` and a wrong use is a compile error that
//! names the type. The derive calls [`number`], [`text`] and [`items_of`] in code that never
//! runs, only to have these bounds checked.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashSet, LinkedList, VecDeque};
use std::rc::Rc;
use std::sync::Arc;

/// A numeric type: `ge`, `gt`, `le`, `lt` and `multiple_of` apply.
#[diagnostic::on_unimplemented(
    message = "number constraints (`ge`, `gt`, `le`, `lt`, `multiple_of`) apply to numbers, not to `{Self}`",
    label = "not a number type"
)]
pub trait Number {}

/// A string type: `min_length`, `max_length` and `pattern` apply.
#[diagnostic::on_unimplemented(
    message = "string constraints (`min_length`, `max_length`, `pattern`) apply to strings, not to `{Self}`",
    label = "not a string type"
)]
pub trait Text {}

/// A list type: `min_items`, `max_items` and `items(...)` apply.
#[diagnostic::on_unimplemented(
    message = "list constraints (`min_items`, `max_items`, `items(...)`) apply to lists, not to `{Self}`",
    label = "not a list type"
)]
pub trait Items {
    /// The item type, which `items(...)` constrains.
    type Item: ?Sized;
}

macro_rules! marks {
    ($trait:ident: $($t:ty),*) => {$(impl $trait for $t {})*};
}
marks!(Number: i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize, f32, f64);
// Not the decimal types: they are written as strings, which `minimum` and its kin ignore, so
// `from_json` could not check them.
marks!(Number: crate::wire::Int, crate::wire::Float);
marks!(Text: String, str, Box<str>, Rc<str>, Arc<str>, Cow<'_, str>);

impl<T: Number> Number for Option<T> {}
impl<T: Number + ?Sized> Number for Box<T> {}
impl<T: Text> Text for Option<T> {}

impl<T: Items> Items for Option<T> {
    type Item = T::Item;
}

macro_rules! lists {
    ($($t:ident),*) => {$(
        impl<T> Items for $t<T> {
            type Item = T;
        }
    )*};
}
lists!(Vec, VecDeque, LinkedList, BTreeSet);

impl<T, S> Items for HashSet<T, S> {
    type Item = T;
}

impl<T> Items for [T] {
    type Item = T;
}

impl<T, const N: usize> Items for [T; N] {
    type Item = T;
}

impl<T> Items for Box<[T]> {
    type Item = T;
}

/// Compiles only for number types.
pub fn number<T: Number + ?Sized>() {}

/// Compiles only for string types.
pub fn text<T: Text + ?Sized>() {}

/// Compiles only for list types.
pub fn items<T: Items + ?Sized>() {}

/// Compiles only for lists of numbers (`items(ge = ...)`).
pub fn items_of_numbers<T: Items + ?Sized>()
where
    T::Item: Number,
{
}

/// Compiles only for lists of strings (`items(min_length = ...)`).
pub fn items_of_text<T: Items + ?Sized>()
where
    T::Item: Text,
{
}

/// Compiles only for lists of lists (`items(min_items = ...)`).
pub fn items_of_items<T: Items + ?Sized>()
where
    T::Item: Items,
{
}
