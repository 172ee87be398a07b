//! `Map<V>`: a Python `dict[str, V]` field, with the order and duplicate-key rule of a dict.
//!
//! pydantic's parser builds a Python dict: a repeated key keeps its first position and takes its
//! last value, and every value is then validated as `V`. `Map` does the same (in linear time),
//! and writes its entries in that order.

use std::collections::HashMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{
    self, Deserialize, DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, Visitor,
};
use serde::ser::{Serialize, SerializeMap, Serializer};

use super::raw::value_text;

/// An insertion-ordered string-keyed map with Python dict semantics for repeated keys.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Map<V> {
    entries: Vec<(String, V)>,
}

impl<V> Map<V> {
    /// An empty map.
    #[must_use]
    pub fn new() -> Self {
        Map {
            entries: Vec::new(),
        }
    }

    /// The value under `key`.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&V> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Sets `key` to `value`: in place when the key is present (as a Python dict does),
    /// appended otherwise.
    pub fn insert(&mut self, key: impl Into<String>, value: V) {
        let key = key.into();
        match self.entries.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => self.entries.push((key, value)),
        }
    }

    /// The entries in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &V)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// The number of entries.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the map has no entries.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl<V> Default for Map<V> {
    fn default() -> Self {
        Self::new()
    }
}

impl<K: Into<String>, V> FromIterator<(K, V)> for Map<V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut map = Map::new();
        for (k, v) in iter {
            map.insert(k, v);
        }
        map
    }
}

impl<V: Serialize> Serialize for Map<V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.entries.len()))?;
        for (k, v) in &self.entries {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de, V: DeserializeOwned> Deserialize<'de> for Map<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<V>(PhantomData<V>);

        impl<'de, V: DeserializeOwned> Visitor<'de> for MapVisitor<V> {
            type Value = Map<V>;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Map<V>, A::Error> {
                // pydantic validates the dict its parser built, so a repeated key's earlier
                // values are never validated: values are kept as text until the last one wins.
                let mut entries: Vec<(String, String)> = Vec::new();
                // Where each key sits, so a repeated key is found without a scan.
                let mut index: HashMap<String, usize> = HashMap::new();
                while let Some(key) = access.next_key::<String>()? {
                    let value = access.next_value_seed(ValueText)?;
                    if let Some(&at) = index.get(&key) {
                        entries[at].1 = value;
                    } else {
                        index.insert(key.clone(), entries.len());
                        entries.push((key, value));
                    }
                }
                let entries = entries
                    .into_iter()
                    .map(|(key, text)| {
                        let mut de = serde_json::Deserializer::from_str(&text);
                        V::deserialize(&mut de)
                            .map(|value| (key.clone(), value))
                            .map_err(|e| {
                                let message = e.to_string();
                                let message = message.split(" at line ").next().unwrap_or_default();
                                de::Error::custom(format_args!("{key}: {message}"))
                            })
                    })
                    .collect::<Result<Vec<_>, A::Error>>()?;
                Ok(Map { entries })
            }
        }

        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}

/// One value's JSON text (see [`value_text`]).
struct ValueText;

impl<'de> DeserializeSeed<'de> for ValueText {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        value_text(d)
    }
}

/// An object whose values all have `V`'s schema (in the generator's mode).
impl<V: schemars::JsonSchema> schemars::JsonSchema for Map<V> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Map_{}", V::schema_name()).into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "object",
            "additionalProperties": generator.subschema_for::<V>(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::Int;

    // langsmith 0.14.17, Run.prompt_token_details (dict[str, int]):
    // {"a":1,"b":2,"a":3} is written {"a":3,"b":2}.
    #[test]
    fn repeated_keys_keep_their_first_place_and_last_value() {
        let map: Map<Int> = serde_json::from_str(r#"{"a":1,"b":2,"a":3}"#).unwrap();
        assert_eq!(serde_json::to_string(&map).unwrap(), r#"{"a":3,"b":2}"#);
        assert!(serde_json::from_str::<Map<Int>>("[]").is_err());
        assert!(serde_json::from_str::<Map<Int>>(r#"{"a":1.5}"#).is_err());
        // Only the last value of a repeated key is validated: {"a":"x","a":1} is {"a":1}.
        let map: Map<Int> = serde_json::from_str(r#"{"a":"x","a":1}"#).unwrap();
        assert_eq!(serde_json::to_string(&map).unwrap(), r#"{"a":1}"#);
    }
}
