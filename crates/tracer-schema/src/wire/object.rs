//! Object-valued fields (`extra`, `feedback_stats`, `run_facets` items) and the engine's
//! check-only reading of them.
//!
//! When the validation engine only needs a verdict, building these free-form maps is most of
//! the work; inside [`check_only`] the fields are checked for shape (an object, or a list of
//! objects) and their contents skipped. Use the functions as
//! `#[serde(default, deserialize_with = "tracer_schema::wire::object::optional")]`.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

thread_local! {
    static CHECK_ONLY: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` with object-valued fields checked but not built (their values come out empty).
pub fn check_only<T>(f: impl FnOnce() -> T) -> T {
    struct Reset(bool);
    impl Drop for Reset {
        fn drop(&mut self) {
            CHECK_ONLY.with(|c| c.set(self.0));
        }
    }
    let _reset = Reset(CHECK_ONLY.with(|c| c.replace(true)));
    f()
}

fn checking() -> bool {
    CHECK_ONLY.with(Cell::get)
}

/// Accepts an object and skips its members.
#[derive(Clone, Copy)]
struct SkipObject;

impl<'de> Visitor<'de> for SkipObject {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(())
    }
}

/// `null` or an object.
struct SkipOptional<V>(V);

impl<'de, V: Visitor<'de, Value = ()> + Copy> Visitor<'de> for SkipOptional<V> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.0.expecting(f)?;
        f.write_str(" or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self.0)
    }
}

/// Accepts a list of objects and skips them.
#[derive(Clone, Copy)]
struct SkipObjectList;

struct ObjectSeed;

impl<'de> de::DeserializeSeed<'de> for ObjectSeed {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(SkipObject)
    }
}

impl<'de> Visitor<'de> for SkipObjectList {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of objects")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(ObjectSeed)?.is_some() {}
        Ok(())
    }
}

/// An optional object field (`Option<Map<String, Value>>`).
pub fn optional<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Map<String, Value>>, D::Error> {
    if checking() {
        d.deserialize_option(SkipOptional(SkipObject))
            .map(|()| None)
    } else {
        Option::deserialize(d)
    }
}

/// An optional list-of-objects field (`Option<Vec<Map<String, Value>>>`).
pub fn optional_list<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Vec<Map<String, Value>>>, D::Error> {
    if checking() {
        d.deserialize_option(SkipOptional(SkipObjectList))
            .map(|()| None)
    } else {
        Option::deserialize(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    struct S {
        #[serde(default, deserialize_with = "optional")]
        extra: Option<Map<String, Value>>,
        #[serde(default, deserialize_with = "optional_list")]
        facets: Option<Vec<Map<String, Value>>>,
    }

    #[test]
    fn check_only_agrees_with_building() {
        for (text, ok) in [
            (
                r#"{"extra": {"a": [1, {"b": 1e400}]}, "facets": [{}, {"x": 1}]}"#,
                true,
            ),
            (r#"{"extra": null, "facets": null}"#, true),
            ("{}", true),
            (r#"{"extra": []}"#, false),
            (r#"{"extra": "{}"}"#, false),
            (r#"{"facets": [1]}"#, false),
            (r#"{"facets": {}}"#, false),
        ] {
            let built = serde_json::from_str::<S>(text);
            let checked = check_only(|| serde_json::from_str::<S>(text));
            assert_eq!((built.is_ok(), checked.is_ok()), (ok, ok), "{text}");
        }
        let built: S = serde_json::from_str(r#"{"extra": {"a": 1}}"#).unwrap();
        assert_eq!(built.extra.map(|m| m.len()), Some(1));
        assert!(built.facets.is_none());
    }
}
