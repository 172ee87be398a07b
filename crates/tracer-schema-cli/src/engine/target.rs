//! What a record is checked against: a registered model (typed fast path, schema to explain)
//! or any JSON Schema file.

use std::path::Path;
use std::sync::Arc;

use serde_json::Value;

use super::EngineError;
use tracer_schema::__engine::{schema_errors, syntax_error};
use tracer_schema::validate::FieldError;
use tracer_schema::{Mode, ModelInfo};

/// The schema a record must satisfy.
#[derive(Clone)]
pub enum Target {
    /// A registered model in a mode.
    Model {
        /// The model.
        info: ModelInfo,
        /// Which of its schemas.
        mode: Mode,
    },
    /// A schema file.
    Schema {
        /// The compiled schema.
        validator: Arc<jsonschema::Validator>,
        /// Its file name, for reports.
        name: String,
    },
}

impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label())
    }
}

impl Target {
    /// A registered model's schema in `mode`.
    #[must_use]
    pub fn model(info: ModelInfo, mode: Mode) -> Self {
        Target::Model { info, mode }
    }

    /// Any JSON Schema file. Remote `$ref`s are never fetched: the validator is built without
    /// network or file retrieval, so such a reference is an error here.
    pub fn schema_file(path: &Path) -> Result<Self, EngineError> {
        let err = |message: String| EngineError::Schema {
            path: path.to_owned(),
            message,
        };
        let text = std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
        let schema: Value = serde_json::from_str(&text).map_err(|e| {
            let e = syntax_error(&text, &e);
            err(format!(
                "line {}, column {}: {}",
                e.line, e.column, e.message
            ))
        })?;
        let validator = jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .map_err(|e| err(e.to_string()))?;
        Ok(Target::Schema {
            validator: Arc::new(validator),
            name: path.display().to_string(),
        })
    }

    /// What reports call it: `TracerSessionResult (validation)` or the schema's path.
    #[must_use]
    pub fn label(&self) -> String {
        match self {
            Target::Model { info, mode } => format!("{} ({})", info.name(), mode.as_str()),
            Target::Schema { name, .. } => name.clone(),
        }
    }

    /// Every error in one record's text, located within it (empty when valid).
    #[must_use]
    pub fn check(&self, text: &str) -> Vec<FieldError> {
        match self {
            // Typed deserialization decides nearly every record without building a tree;
            // only a record it refuses is explained.
            Target::Model { info, mode } => info.check(text, *mode),
            Target::Schema { validator, .. } => against(text, validator),
        }
    }
}

fn against(text: &str, validator: &jsonschema::Validator) -> Vec<FieldError> {
    match serde_json::from_str::<Value>(text) {
        Ok(doc) => schema_errors(validator, text, &doc),
        Err(e) => vec![syntax_error(text, &e)],
    }
}
