//! Free-form JSON objects (`extra`, `feedback_stats`, `run_facets` items) kept as the SDK keeps
//! them: key order and number spelling intact, checked against the SDK's parser limits.
//!
//! An [`Object`] holds its compact source text. Reading one copies the text once (no tree is
//! built, which keeps validation fast), and lookups walk the text. [`Json`] is a borrowed view
//! of one value inside it.

use std::borrow::Cow;
use std::fmt;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Unexpected,
    Visitor,
};
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};

use super::json_text;
use super::raw::{TextSeed, TextWriter, RAW_VALUE_TOKEN};

/// A JSON object with its members in input order and its numbers spelled as written.
///
/// pydantic keeps a `dict[str, Any]` field in a Python `dict`: ordered, with Python `int`s of any
/// size and floats. `Object` keeps the compact source text instead, so that `serde_json`
/// writes the members back in the same order with the same digits, and
/// [`to_pydantic_json`](crate::to_pydantic_json) respells numbers as the SDK does.
///
/// ```
/// use tracer_schema::wire::Object;
///
/// let extra: Object = serde_json::from_str(r#"{"b": 1.50, "a": {"tags": ["x", "y"]}}"#)?;
/// assert_eq!(extra.to_string(), r#"{"b":1.50,"a":{"tags":["x","y"]}}"#);
/// assert_eq!(extra.get("b").and_then(|v| v.as_f64()), Some(1.5));
/// let tags: Vec<String> = extra.get("a").and_then(|a| a.get("tags")).unwrap().deserialize()?;
/// assert_eq!(tags, ["x", "y"]);
/// # Ok::<(), serde_json::Error>(())
/// ```
///
/// Equality compares the text: `{"a": 1.0}` and `{"a": 1}` are different objects, as they are
/// different values in Python.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Object {
    /// Compact JSON text of an object (`{...}`), checked by [`json_text::compact`].
    text: String,
}

impl Object {
    /// Reads an object from JSON text, with the SDK's limits (nesting, surrogate escapes,
    /// integer digits) counted as if it were a member of a top-level document.
    pub fn from_json(text: &str) -> Result<Object, serde_json::Error> {
        let mut de = serde_json::Deserializer::from_str(text);
        let object = <Object as Deserialize>::deserialize(&mut de)?;
        de.end()?;
        Ok(object)
    }

    /// The object as compact JSON text, members and numbers as they were written.
    #[must_use]
    pub fn as_json_text(&self) -> &str {
        &self.text
    }

    /// A view of the whole object.
    #[must_use]
    pub fn as_json(&self) -> Json<'_> {
        Json { text: &self.text }
    }

    /// The value of the first member called `key` (Python keeps the last of duplicate keys; the
    /// SDK's own payloads have none).
    #[must_use]
    pub fn get(&self, key: &str) -> Option<Json<'_>> {
        self.as_json().get(key)
    }

    /// Whether a member called `key` exists.
    #[must_use]
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The members in order: unescaped keys and their values.
    pub fn iter(&self) -> impl Iterator<Item = (Cow<'_, str>, Json<'_>)> {
        json_text::members(&self.text).map(|(k, v)| (json_text::unescape(k), Json { text: v }))
    }

    /// The keys in order.
    pub fn keys(&self) -> impl Iterator<Item = Cow<'_, str>> {
        self.iter().map(|(k, _)| k)
    }

    /// The number of members.
    #[must_use]
    pub fn len(&self) -> usize {
        json_text::members(&self.text).count()
    }

    /// Whether the object has no members.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        &*self.text == "{}"
    }

    /// The object as a `serde_json::Value` (in serde_json's own map order and number types).
    /// An error where a `Value` cannot hold what the SDK accepts: a number beyond `f64`
    /// (`1e400`) or more than 128 levels of nesting.
    pub fn to_value(&self) -> Result<serde_json::Value, serde_json::Error> {
        self.as_json().to_value()
    }

    /// Reads the object into any type.
    pub fn deserialize<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_str(&self.text)
    }

    pub(crate) fn from_raw<E: de::Error>(raw: &str, depth: usize) -> Result<Object, E> {
        match raw.trim_start().as_bytes().first() {
            Some(b'{') => json_text::compact(raw, depth)
                .map(|text| Object { text })
                .map_err(E::custom),
            first => Err(E::invalid_type(unexpected(first), &"an object")),
        }
    }
}

fn unexpected(first: Option<&u8>) -> Unexpected<'static> {
    match first {
        Some(b'[') => Unexpected::Seq,
        Some(b'"') => Unexpected::Other("string"),
        Some(b't' | b'f') => Unexpected::Other("boolean"),
        Some(b'n') => Unexpected::Unit,
        _ => Unexpected::Other("number"),
    }
}

impl fmt::Display for Object {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for Object {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Object({})", self.text)
    }
}

impl Default for Object {
    fn default() -> Self {
        Object { text: "{}".into() }
    }
}

impl From<serde_json::Map<String, serde_json::Value>> for Object {
    fn from(map: serde_json::Map<String, serde_json::Value>) -> Self {
        // A `Value` always serializes; its numbers are finite and its strings valid.
        Object {
            text: serde_json::to_string(&map).unwrap_or_default(),
        }
    }
}

impl Serialize for Object {
    /// serde_json writes the text as it is (the `raw_value` protocol); `serde_json::to_value`
    /// parses it into a `Value`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct(RAW_VALUE_TOKEN, 1)?;
        s.serialize_field(RAW_VALUE_TOKEN, &*self.text)?;
        s.end()
    }
}

/// Reads an object whose enclosing document has `depth` non-empty containers around it.
#[derive(Clone, Copy)]
pub(crate) struct ObjectSeed {
    pub(crate) depth: usize,
    /// Whether the deserializer is serde's buffered content (it answered the source-text request
    /// with `visit_newtype_struct`): then every key is data, even one spelling serde_json's
    /// private markers.
    pub(crate) buffered: bool,
}

impl<'de> DeserializeSeed<'de> for ObjectSeed {
    type Value = Object;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Object, D::Error> {
        d.deserialize_newtype_struct(RAW_VALUE_TOKEN, self)
    }
}

impl<'de> Visitor<'de> for ObjectSeed {
    type Value = Object;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Object, D::Error> {
        d.deserialize_any(ObjectSeed {
            buffered: true,
            ..self
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Object, A::Error> {
        let mut text = String::new();
        if self.buffered {
            // Written as the data it is (a buffered number becomes digits, refused below).
            TextWriter(&mut text).visit_map(map)?;
            return Object::from_raw(&text, self.depth);
        }
        // serde_json answering the source-text request: one entry, the object's text.
        match map.next_key_seed(TextSeed)? {
            Some(key) if key == RAW_VALUE_TOKEN => {
                let raw = map.next_value_seed(TextSeed)?;
                return Object::from_raw(&raw, self.depth);
            }
            Some(key) => TextWriter(&mut text).map_after_key(&key, map)?,
            None => text.push_str("{}"),
        }
        Object::from_raw(&text, self.depth)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Object, A::Error> {
        Err(de::Error::invalid_type(Unexpected::Seq, &self))
    }
}

impl<'de> Deserialize<'de> for Object {
    /// Reads an object as a member of a top-level document (for the SDK's nesting limit).
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        ObjectSeed {
            depth: 1,
            buffered: false,
        }
        .deserialize(d)
    }
}

impl schemars::JsonSchema for Object {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Object")
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "object", "additionalProperties": true })
    }
}

/// One JSON value inside an [`Object`], as its compact text.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Json<'a> {
    text: &'a str,
}

impl<'a> Json<'a> {
    /// The value's compact JSON text, as written in the input.
    #[must_use]
    pub fn as_json_text(&self) -> &'a str {
        self.text
    }

    fn first(&self) -> u8 {
        self.text.as_bytes().first().copied().unwrap_or(b'n')
    }

    /// Whether the value is `null`.
    #[must_use]
    pub fn is_null(&self) -> bool {
        self.text == "null"
    }

    /// Whether the value is an object.
    #[must_use]
    pub fn is_object(&self) -> bool {
        self.first() == b'{'
    }

    /// Whether the value is an array.
    #[must_use]
    pub fn is_array(&self) -> bool {
        self.first() == b'['
    }

    /// The boolean, if the value is one.
    #[must_use]
    pub fn as_bool(&self) -> Option<bool> {
        match self.text {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }
    }

    /// The string, unescaped, if the value is one.
    #[must_use]
    pub fn as_str(&self) -> Option<Cow<'a, str>> {
        (self.first() == b'"').then(|| json_text::unescape(self.text))
    }

    /// The number as written (`1.50`, `-0`, `1e400`), if the value is one.
    #[must_use]
    pub fn as_number_text(&self) -> Option<&'a str> {
        matches!(self.first(), b'-' | b'0'..=b'9').then_some(self.text)
    }

    /// The number as an `f64`, as Python's `float()` reads what the SDK holds: an integer
    /// (`-0` is the integer 0) too large for a float is `None` (Python raises), a float beyond
    /// range is infinite.
    #[must_use]
    pub fn as_f64(&self) -> Option<f64> {
        let text = self.as_number_text()?;
        let value: f64 = text.parse().ok()?;
        if text.bytes().any(|b| matches!(b, b'.' | b'e' | b'E')) {
            Some(value)
        } else if value.is_infinite() {
            None
        } else {
            // Integers have no negative zero.
            Some(value + 0.0)
        }
    }

    /// The number as an `i64`, if it is an integer in range.
    #[must_use]
    pub fn as_i64(&self) -> Option<i64> {
        self.as_number_text()?.parse().ok()
    }

    /// The number as a `u64`, if it is a non-negative integer in range.
    #[must_use]
    pub fn as_u64(&self) -> Option<u64> {
        self.as_number_text()?.parse().ok()
    }

    /// The member called `key`, if the value is an object that has one.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<Json<'a>> {
        self.members().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The members in order, if the value is an object (empty otherwise).
    pub fn members(&self) -> impl Iterator<Item = (Cow<'a, str>, Json<'a>)> {
        let text = if self.is_object() { self.text } else { "{}" };
        json_text::members(text).map(|(k, v)| (json_text::unescape(k), Json { text: v }))
    }

    /// The items in order, if the value is an array (empty otherwise).
    pub fn items(&self) -> impl Iterator<Item = Json<'a>> {
        let text = if self.is_array() { self.text } else { "[]" };
        json_text::items(text).map(|v| Json { text: v })
    }

    /// The value as an owned [`Object`], if it is one.
    #[must_use]
    pub fn to_object(&self) -> Option<Object> {
        self.is_object().then(|| Object {
            text: self.text.into(),
        })
    }

    /// The value as a `serde_json::Value`; an error where a `Value` cannot hold it (a number
    /// beyond `f64`, more than 128 levels of nesting).
    pub fn to_value(&self) -> Result<serde_json::Value, serde_json::Error> {
        serde_json::from_str(self.text)
    }

    /// Reads the value into any type.
    pub fn deserialize<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_str(self.text)
    }
}

impl fmt::Display for Json<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text)
    }
}

impl fmt::Debug for Json<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Json({})", self.text)
    }
}

/// A list of objects (`run_facets`): the items sit one level deeper than the list.
pub(crate) mod list {
    use super::{Object, ObjectSeed};
    use serde::de::{self, Deserializer, SeqAccess, Visitor};
    use std::fmt;

    struct ListVisitor;

    impl<'de> Visitor<'de> for ListVisitor {
        type Value = Vec<Object>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list of objects")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Object>, A::Error> {
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
            while let Some(item) = seq.next_element_seed(ObjectSeed {
                depth: 2,
                buffered: false,
            })? {
                out.push(item);
            }
            Ok(out)
        }
    }

    struct OptionalListVisitor;

    impl<'de> Visitor<'de> for OptionalListVisitor {
        type Value = Option<Vec<Object>>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list of objects or null")
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_seq(ListVisitor).map(Some)
        }
    }

    /// `Option<Vec<Object>>` as a member of a top-level document.
    pub(crate) fn optional<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Vec<Object>>, D::Error> {
        d.deserialize_option(OptionalListVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize, serde::Serialize)]
    struct S {
        #[serde(default)]
        extra: Option<Object>,
        #[serde(default, deserialize_with = "list::optional")]
        facets: Option<Vec<Object>>,
    }

    #[test]
    fn reads_objects_and_lists_of_objects() {
        for (text, ok) in [
            (
                r#"{"extra": {"a": [1, {"b": 1e400}]}, "facets": [{}, {"x": 1}]}"#,
                true,
            ),
            (r#"{"extra": null, "facets": null}"#, true),
            ("{}", true),
            (r#"{"extra": []}"#, false),
            (r#"{"extra": "{}"}"#, false),
            (r#"{"extra": {"a": "\ud800"}}"#, false),
            (r#"{"facets": [{"a": "\udfff"}]}"#, false),
            (r#"{"facets": [1]}"#, false),
            (r#"{"facets": {}}"#, false),
        ] {
            assert_eq!(serde_json::from_str::<S>(text).is_ok(), ok, "{text}");
        }
    }

    #[test]
    fn writes_what_it_read() {
        let text = r#"{"extra":{"z":1.50,"a":-0,"m":[1E2,"\u00e9"]},"facets":[{"b":1},{}]}"#;
        let s: S = serde_json::from_str(text).unwrap();
        assert_eq!(serde_json::to_string(&s).unwrap(), text);
        let value = serde_json::to_value(&s).unwrap();
        assert_eq!(value["extra"]["z"], 1.5);
    }

    // Found by a hostile-input run: keys spelling serde_json's private markers, read through
    // serde's buffered content, were pasted in as raw JSON. They are data, as in the SDK.
    #[test]
    fn marker_keys_are_data_in_buffered_content() {
        #[derive(serde::Deserialize)]
        struct Outer {
            #[serde(flatten)]
            inner: S,
        }
        for extra in [
            r#"{"$serde_json::private::RawValue": "{\"injected\": true}"}"#,
            r#"{"$serde_json::private::RawValue": "{\"zz\""}"#,
            r#"{"zz": {"$serde_json::private::RawValue": "]]]}}}"}}"#,
            r#"{"zz": {"$serde_json::private::Number": "not a number"}}"#,
            r#"{"$serde_json::private::Number": "1"}"#,
        ] {
            let outer: Outer = serde_json::from_str(&format!(r#"{{"extra": {extra}}}"#))
                .unwrap_or_else(|e| panic!("{extra}: {e}"));
            let object = outer.inner.extra.expect("extra");
            let direct = Object::from_json(extra).expect("direct");
            assert_eq!(object, direct, "{extra}");
            assert_eq!(object.len(), 1);
            // Well-formed JSON text that reads back as itself. (Not through `Value`: serde_json's
            // own `Value` takes such a key as its marker when `raw_value` is on.)
            assert_eq!(Object::from_json(object.as_json_text()).ok(), Some(object));
        }
    }

    // langsmith 0.14.17: `extra={"b": 1e400, "d": -1e999999999999}` is dumped as
    // `{"b":null,"d":null}` (pydantic's parser reads an infinity, written `null`).
    #[test]
    fn floats_beyond_a_double_are_null() {
        let o = Object::from_json(
            r#"{"a": 1, "b": 1e400, "c": -0, "d": -1e999999999999, "e": 1.5e-400}"#,
        )
        .unwrap();
        assert_eq!(
            o.as_json_text(),
            r#"{"a":1,"b":null,"c":-0,"d":null,"e":1.5e-400}"#
        );
        assert!(o.get("b").unwrap().is_null());
        assert!(o.to_value().is_ok());
        assert_eq!(o.get("a").unwrap().to_value().unwrap(), 1);
        assert_eq!(
            o.get("c").unwrap().as_f64().map(f64::is_sign_negative),
            Some(false)
        );
        let big = Object::from_json(&format!(r#"{{"n": {}}}"#, "9".repeat(400))).unwrap();
        assert_eq!(big.get("n").unwrap().as_f64(), None);
    }

    #[test]
    fn buffered_content_keeps_order() {
        // `#[serde(flatten)]` reads through serde's buffered content, not serde_json's text.
        #[derive(serde::Deserialize)]
        struct Outer {
            #[serde(flatten)]
            inner: S,
        }
        let outer: Outer =
            serde_json::from_str(r#"{"extra": {"z": 1, "a": [true, null, 2.5, "x"]}}"#).unwrap();
        assert_eq!(
            outer.inner.extra.unwrap().to_string(),
            r#"{"z":1,"a":[true,null,2.5,"x"]}"#
        );
    }

    #[test]
    fn the_sdk_nesting_limit_counts_the_document() {
        let nested = |n: usize| format!("{}1{}", "{\"a\":".repeat(n), "}".repeat(n));
        let doc = |n: usize| format!("{{\"extra\": {}}}", nested(n));
        assert!(serde_json::from_str::<S>(&doc(199)).is_ok());
        assert!(serde_json::from_str::<S>(&doc(200)).is_err());
    }

    #[test]
    fn lookups() {
        let o = Object::from_json(r#"{"metadata": {"k": "v"}, "tags": ["a", 1, "b\n"], "n": 3}"#)
            .unwrap();
        assert_eq!(o.len(), 3);
        assert_eq!(o.keys().collect::<Vec<_>>(), ["metadata", "tags", "n"]);
        assert_eq!(
            o.get("metadata")
                .unwrap()
                .get("k")
                .unwrap()
                .as_str()
                .unwrap(),
            "v"
        );
        let tags: Vec<_> = o
            .get("tags")
            .unwrap()
            .items()
            .filter_map(|t| t.as_str())
            .collect();
        assert_eq!(tags, ["a", "b\n"]);
        assert_eq!(o.get("n").unwrap().as_i64(), Some(3));
        assert!(o.get("missing").is_none());
        assert!(Object::from_json("[]").is_err());
        assert!(Object::default().is_empty());
    }
}
