//! pydantic reads a model only from a JSON object; serde's derived `Deserialize` for a struct
//! also takes an array of its fields in order (`["id", "start", ...]`), which the SDK rejects
//! (`model_type`). The models deserialize through [`ObjectOnly`], which asks for a map.

use serde::de::{Deserializer, Visitor};

/// A deserializer that reads a struct only from a map.
pub(crate) struct ObjectOnly<D>(pub(crate) D);

impl<'de, D: Deserializer<'de>> Deserializer<'de> for ObjectOnly<D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(visitor)
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
        ignored_any
    }
}

/// Implements `Deserialize` for a model whose derived impl is `#[serde(remote = "Self")]`
/// (an inherent `deserialize`), reading it only from a JSON object; and `Serialize` likewise.
macro_rules! object_only {
    ($model:ty) => {
        impl<'de> serde::Deserialize<'de> for $model {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                <$model>::deserialize(crate::object_only::ObjectOnly(d))
            }
        }

        impl serde::Serialize for $model {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                <$model>::serialize(self, s)
            }
        }
    };
}
pub(crate) use object_only;
