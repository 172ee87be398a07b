//! `Uuid`: a UUID read exactly as pydantic reads it and written in canonical form.
//!
//! pydantic-core parses with the `uuid` crate, so this type does too; the one difference is the
//! `urn:uuid:` prefix, which pydantic's parser only accepts in lower case while newer `uuid`
//! releases accept any case. Hyphenated, simple (32 hex digits) and braced forms are accepted in
//! any letter case; output is lowercase and hyphenated.

use std::fmt;
use std::ops::Deref;
use std::str::FromStr;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::{Serialize, Serializer};

/// A UUID with pydantic's parsing rules; dereferences to `uuid::Uuid`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Uuid(pub uuid::Uuid);

/// Why a UUID string was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("input should be a valid UUID, {0}")]
pub struct UuidError(String);

impl FromStr for Uuid {
    type Err = UuidError;

    fn from_str(text: &str) -> Result<Self, UuidError> {
        let prefix = text.get(..9);
        if prefix.is_some_and(|p| p.eq_ignore_ascii_case("urn:uuid:") && p != "urn:uuid:") {
            return Err(UuidError("the urn:uuid: prefix must be lower case".into()));
        }
        uuid::Uuid::try_parse(text)
            .map(Uuid)
            .map_err(|e| UuidError(e.to_string()))
    }
}

impl Deref for Uuid {
    type Target = uuid::Uuid;

    fn deref(&self) -> &uuid::Uuid {
        &self.0
    }
}

impl From<uuid::Uuid> for Uuid {
    fn from(value: uuid::Uuid) -> Self {
        Uuid(value)
    }
}

impl From<Uuid> for uuid::Uuid {
    fn from(value: Uuid) -> Self {
        value.0
    }
}

impl fmt::Display for Uuid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

impl Serialize for Uuid {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Uuid {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct UuidVisitor;

        impl Visitor<'_> for UuidVisitor {
            type Value = Uuid;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a UUID string")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Uuid, E> {
                v.parse().map_err(E::custom)
            }
        }

        deserializer.deserialize_str(UuidVisitor)
    }
}

/// Validation: the forms pydantic reads. Serialization: canonical lowercase.
impl schemars::JsonSchema for Uuid {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Uuid".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        const H: &str = "[0-9a-fA-F]";
        match crate::mode::mode_of(generator) {
            crate::mode::Mode::Validation => {
                let hyphenated = format!("{H}{{8}}-{H}{{4}}-{H}{{4}}-{H}{{4}}-{H}{{12}}");
                schemars::json_schema!({
                    "description": "A UUID: hyphenated, 32 hex digits, braced, or with a lower-case `urn:uuid:` prefix; any letter case.",
                    "type": "string",
                    "pattern": format!("^(?:{H}{{32}}|{hyphenated}|\\{{{hyphenated}\\}}|urn:uuid:{hyphenated})$"),
                })
            }
            crate::mode::Mode::Serialization => schemars::json_schema!({
                "type": "string",
                "format": "uuid",
                "pattern": "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Verdicts checked against pydantic on the same strings (TracerSession.id).
    #[test]
    fn forms_like_pydantic() {
        let canonical = "00000000-0000-4000-8000-00000000000a";
        for ok in [
            "00000000-0000-4000-8000-00000000000A",
            "0000000000004000800000000000000a",
            "{00000000-0000-4000-8000-00000000000a}",
            "urn:uuid:00000000-0000-4000-8000-00000000000a",
        ] {
            assert_eq!(ok.parse::<Uuid>().unwrap().to_string(), canonical, "{ok}");
        }
        for bad in [
            "URN:UUID:00000000-0000-4000-8000-00000000000a",
            "{0000000000004000800000000000000a}",
            "urn:uuid:0000000000004000800000000000000a",
            "...",
            "",
        ] {
            assert!(bad.parse::<Uuid>().is_err(), "{bad}");
        }
    }
}
