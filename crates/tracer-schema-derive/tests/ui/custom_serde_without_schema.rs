use serde::{Deserialize, Serialize};
use tracer_schema::Model;

mod seconds {
    pub fn serialize<S: serde::Serializer>(v: &i64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(*v)
    }
    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
        serde::Deserialize::deserialize(d)
    }
}

fn read_twice<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    serde::Deserialize::deserialize(d)
}

/// `with` and friends change the wire; the derive asks for the schema instead of guessing.
#[derive(Serialize, Deserialize, Model)]
pub enum Event {
    Started {
        #[serde(with = "seconds")]
        at: i64,
        #[serde(deserialize_with = "read_twice")]
        by: String,
    },
    #[serde(deserialize_with = "read_twice")]
    Named(String),
}

fn main() {}
