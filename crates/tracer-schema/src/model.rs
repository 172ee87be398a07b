//! The `Model` trait: what `#[derive(Model)]` gives a type, and what the registry enumerates.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::schema;

/// Which side of the wire a schema describes, as pydantic's `model_json_schema(mode=...)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mode {
    /// What the SDK accepts (`model_validate_json`): lax numbers, naive timestamps, unknown keys.
    Validation,
    /// What the SDK writes (`model_dump_json`): canonical spellings and every key.
    Serialization,
}

impl Mode {
    /// Both modes, validation first.
    pub const ALL: [Mode; 2] = [Mode::Validation, Mode::Serialization];

    /// `validation` or `serialization`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Validation => "validation",
            Mode::Serialization => "serialization",
        }
    }

    /// The schema file name for a model in this mode: `<Model>.schema.json` for validation,
    /// `<Model>.serialization.schema.json` for serialization.
    #[must_use]
    pub fn file_name(self, model: &str) -> String {
        match self {
            Mode::Validation => format!("{model}.schema.json"),
            Mode::Serialization => format!("{model}.serialization.schema.json"),
        }
    }
}

impl std::str::FromStr for Mode {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "validation" => Ok(Mode::Validation),
            "serialization" => Ok(Mode::Serialization),
            other => Err(format!(
                "unknown mode `{other}`, expected `validation` or `serialization`"
            )),
        }
    }
}

/// A pydantic-style model: a serde type with a JSON Schema per [`Mode`] and a name and
/// description for the registry. Implement it with `#[derive(tracer_schema::Model)]`.
pub trait Model: Serialize + DeserializeOwned + schemars::JsonSchema {
    /// The model's name, as pydantic's schema `title` (the type's name unless overridden).
    const NAME: &'static str;
    /// The model's description (its doc comment).
    const DESCRIPTION: &'static str;

    /// The complete JSON Schema document (draft 2020-12) for `mode`.
    #[must_use]
    fn json_schema(mode: Mode) -> Value {
        schema::document::<Self>(mode, None)
    }

    /// This model's entry for a [`Registry`](crate::Registry).
    #[must_use]
    fn info() -> ModelInfo {
        ModelInfo {
            name: Self::NAME,
            description: Self::DESCRIPTION,
            schema: schema::document::<Self>,
        }
    }
}

/// A registered model, without its type: what `cargo xtask gen-schema` and `validate` need.
#[derive(Debug, Clone, Copy)]
pub struct ModelInfo {
    /// The model's name (file names and `--model` use it).
    pub name: &'static str,
    /// The model's description.
    pub description: &'static str,
    /// Builds the schema document for a mode, with an optional `$id` base URI.
    pub schema: fn(Mode, Option<&str>) -> Value,
}

impl ModelInfo {
    /// The schema document for `mode`, with `$id` under `id_base` (or the crate default).
    #[must_use]
    pub fn schema(&self, mode: Mode, id_base: Option<&str>) -> Value {
        (self.schema)(mode, id_base)
    }
}
