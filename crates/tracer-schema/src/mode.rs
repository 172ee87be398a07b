//! Which side of the wire a schema describes: a leaf that the schema builders, the wire types
//! and the models all use.

use schemars::SchemaGenerator;

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

/// The mode a schema generator was configured for (see [`crate::schema::generator`]).
#[doc(hidden)]
#[must_use]
pub fn mode_of(generator: &SchemaGenerator) -> Mode {
    if generator.contract().is_serialize() {
        Mode::Serialization
    } else {
        Mode::Validation
    }
}
