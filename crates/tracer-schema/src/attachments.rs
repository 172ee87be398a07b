//! Attachments as the SDK reads them from JSON: `Run.attachments` and `Example.attachments`.
//!
//! `Run.attachments` is `dict[str, tuple[str, bytes] | Attachment | tuple[str, Path]] |
//! dict[str, AttachmentInfo]`. From JSON an entry is a pair `[mime_type, data]` of strings, or
//! an object with exactly the keys `mime_type` and `data` (the `Attachment` named tuple); both
//! are written as the pair. `bytes` are read from and written as UTF-8 text, so `data` is a
//! `String` here. `AttachmentInfo` holds a Python file object (`reader`) that JSON cannot
//! express, so a map of them is only ever empty.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeTuple, Serializer};

/// One attachment: a MIME type and its data.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Attachment {
    /// The MIME type, e.g. `text/plain`.
    pub mime_type: String,
    /// The data, as text (the SDK's `bytes` read from and written as UTF-8).
    pub data: String,
}

impl Serialize for Attachment {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut pair = s.serialize_tuple(2)?;
        pair.serialize_element(&self.mime_type)?;
        pair.serialize_element(&self.data)?;
        pair.end()
    }
}

impl<'de> Deserialize<'de> for Attachment {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct PairVisitor;

        impl<'de> Visitor<'de> for PairVisitor {
            type Value = Attachment;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a pair [mime_type, data] of strings or an object with `mime_type` and `data`",
                )
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Attachment, A::Error> {
                let mime_type: String = seq
                    .next_element()?
                    .ok_or_else(|| de::Error::invalid_length(0, &self))?;
                let data: String = seq
                    .next_element()?
                    .ok_or_else(|| de::Error::invalid_length(1, &self))?;
                if seq.next_element::<IgnoredAny>()?.is_some() {
                    return Err(de::Error::invalid_length(3, &self));
                }
                Ok(Attachment { mime_type, data })
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Attachment, A::Error> {
                let (mut mime_type, mut data) = (None, None);
                while let Some(key) = map.next_key::<String>()? {
                    // A repeated key takes its last value, as the parser's dict does.
                    match key.as_str() {
                        "mime_type" => mime_type = Some(map.next_value::<String>()?),
                        "data" => data = Some(map.next_value::<String>()?),
                        other => {
                            return Err(de::Error::unknown_field(other, &["mime_type", "data"]))
                        }
                    }
                }
                Ok(Attachment {
                    mime_type: mime_type.ok_or_else(|| de::Error::missing_field("mime_type"))?,
                    data: data.ok_or_else(|| de::Error::missing_field("data"))?,
                })
            }
        }

        d.deserialize_any(PairVisitor)
    }
}

/// Validation: the pair or the object. Serialization: the pair.
impl schemars::JsonSchema for Attachment {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Attachment".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let pair = serde_json::json!({
            "type": "array",
            "prefixItems": [{"type": "string"}, {"type": "string"}],
            "items": false,
            "minItems": 2,
        });
        match crate::mode::mode_of(generator) {
            crate::mode::Mode::Validation => schemars::json_schema!({
                "description": "An attachment: [mime_type, data], or an object with exactly `mime_type` and `data`.",
                "anyOf": [
                    pair,
                    {
                        "type": "object",
                        "properties": {"mime_type": {"type": "string"}, "data": {"type": "string"}},
                        "required": ["mime_type", "data"],
                        "additionalProperties": false,
                    },
                ],
            }),
            crate::mode::Mode::Serialization => {
                let mut schema =
                    schemars::json_schema!({"description": "An attachment: [mime_type, data]."});
                if let (Some(obj), serde_json::Value::Object(pair)) = (schema.as_object_mut(), pair)
                {
                    obj.extend(pair);
                }
                schema
            }
        }
    }
}

/// The SDK's `AttachmentInfo`: a presigned URL, a MIME type and a Python file object
/// (`reader`). JSON cannot hold the file object, so no value of this type can be read; a map of
/// them (`Example.attachments`) is always empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AttachmentInfo {}

impl Serialize for AttachmentInfo {
    fn serialize<S: Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        match *self {}
    }
}

impl<'de> Deserialize<'de> for AttachmentInfo {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        IgnoredAny::deserialize(d)?;
        Err(de::Error::custom(
            "an AttachmentInfo holds a Python file object (`reader`), which JSON cannot express",
        ))
    }
}

/// Nothing matches: `reader` is required and no value is allowed for it (so the refusal reads
/// as the SDK's, "reader: Field required").
impl schemars::JsonSchema for AttachmentInfo {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "AttachmentInfo".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "An attachment's presigned URL, MIME type and reader (a Python file object, which JSON cannot hold: no value matches).",
            "type": "object",
            "properties": {"reader": false},
            "required": ["reader"],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::Map;

    // langsmith 0.14.17, Run.attachments: what model_dump_json() writes, or a rejection.
    #[test]
    fn pairs_and_objects_are_written_as_pairs() {
        let read = |json: &str| {
            serde_json::from_str::<Map<Attachment>>(json)
                .ok()
                .and_then(|m| serde_json::to_string(&m).ok())
        };
        assert_eq!(
            read(r#"{"a":["t","d"]}"#).as_deref(),
            Some(r#"{"a":["t","d"]}"#)
        );
        assert_eq!(
            read(r#"{"a":{"data":"d","mime_type":"t"}}"#).as_deref(),
            Some(r#"{"a":["t","d"]}"#)
        );
        assert_eq!(
            read(r#"{"a":["t","d"],"a":["u","e"]}"#).as_deref(),
            Some(r#"{"a":["u","e"]}"#)
        );
        for bad in [
            r#"{"a":{"mime_type":"t","data":"d","x":1}}"#,
            r#"{"a":{"mime_type":"t"}}"#,
            r#"{"a":["t"]}"#,
            r#"{"a":["t","d","x"]}"#,
            r#"{"a":["t",null]}"#,
            r#"{"a":["t",1.5]}"#,
            r#"{"a":"td"}"#,
        ] {
            assert_eq!(read(bad), None, "{bad}");
        }
        assert!(serde_json::from_str::<Map<AttachmentInfo>>("{}").is_ok());
        assert!(serde_json::from_str::<Map<AttachmentInfo>>(r#"{"a":{}}"#).is_err());
    }
}
