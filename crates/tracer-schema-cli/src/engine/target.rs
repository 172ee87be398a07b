//! What a record is checked against: a registered model (typed fast path, schema to explain)
//! or any JSON Schema file.

use std::path::Path;
use std::sync::Arc;

use serde_json::Value;

use super::EngineError;
use tracer_schema::__engine::{schema_errors_at_most, syntax_error};
use tracer_schema::validate::FieldError;
use tracer_schema::{Mode, ModelInfo};

/// How a `--schema` file is compiled.
#[derive(Debug, Clone, Default)]
pub struct SchemaOptions {
    /// Treat `format` as an annotation, as draft 2020-12 says by default (formats are
    /// asserted otherwise, as check-jsonschema and most users expect).
    pub formats_as_annotations: bool,
    /// Where remote `$ref`s are looked up: the URI's path under this folder
    /// (`http://localhost:1234/a/b.json` is `DIR/a/b.json`). Nothing is ever fetched.
    pub ref_dir: Option<std::path::PathBuf>,
}

/// Resolves remote `$ref`s from local files only, with errors in a user's terms.
struct LocalRefs {
    dir: Option<std::path::PathBuf>,
}

impl jsonschema::Retrieve for LocalRefs {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let Some(dir) = &self.dir else {
            return Err(format!(
                "the schema refers to {uri}, which is never fetched (tracer-schema does not use the network); give --ref-dir DIR with a local copy at DIR{}",
                uri.path()
            )
            .into());
        };
        let relative = uri.path().as_str().trim_start_matches('/');
        let mut file = dir.clone();
        for part in relative.split('/') {
            if part.is_empty() || part == "." || part == ".." {
                return Err(format!("{uri}: no such local copy under --ref-dir").into());
            }
            file.push(part);
        }
        let meta = std::fs::metadata(&file)
            .map_err(|e| format!("{uri}: no local copy at {} ({e})", file.display()))?;
        if !meta.is_file() || meta.len() > LARGEST_SCHEMA {
            return Err(format!("{uri}: {} is not a schema file", file.display()).into());
        }
        let text = std::fs::read_to_string(&file)?;
        Ok(serde_json::from_str(&text).map_err(|e| format!("{}: {e}", file.display()))?)
    }
}

/// The most `$ref`s a schema file may hold.
pub const MOST_REFS: usize = 10_000;

/// The `$ref` keywords in a schema, counted without recursion.
fn count_refs(schema: &Value) -> usize {
    let mut stack = vec![schema];
    let mut refs = 0;
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(map) => {
                refs += usize::from(map.contains_key("$ref"));
                stack.extend(map.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    refs
}

/// The largest schema file read.
pub const LARGEST_SCHEMA: u64 = 64 << 20;

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

    /// Any JSON Schema file (a regular file, at most [`LARGEST_SCHEMA`] bytes: no FIFO or
    /// device). Remote `$ref`s are never fetched: the validator is built without
    /// network or file retrieval, so such a reference is an error here.
    pub fn schema_file(path: &Path) -> Result<Self, EngineError> {
        Target::schema_file_with(path, &SchemaOptions::default())
    }

    /// [`Target::schema_file`] with options: formats as annotations, local copies of remote
    /// references.
    pub fn schema_file_with(path: &Path, options: &SchemaOptions) -> Result<Self, EngineError> {
        let err = |message: String| EngineError::Schema {
            path: path.to_owned(),
            message,
        };
        let meta = std::fs::metadata(path).map_err(|e| err(e.to_string()))?;
        if !meta.is_file() {
            return Err(err("not a regular file".into()));
        }
        if meta.len() > LARGEST_SCHEMA {
            return Err(err(format!("larger than {LARGEST_SCHEMA} bytes")));
        }
        let text = std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
        let schema: Value = serde_json::from_str(&text).map_err(|e| {
            let e = syntax_error(&text, &e);
            err(format!(
                "line {}, column {}: {}",
                e.line, e.column, e.message
            ))
        })?;
        // Compiling and validating follow `$ref`s by recursion: past this many, a chain could
        // exhaust any stack, and a schema that large is not one a person wrote.
        let refs = count_refs(&schema);
        if refs > MOST_REFS {
            return Err(err(format!(
                "{refs} `$ref`s; more than {MOST_REFS} are refused (their chains overflow the stack)"
            )));
        }
        // Compiling follows `$ref` chains by recursion: a thread with a large stack keeps a long
        // chain from overflowing the main thread's (only the pages used are ever touched).
        let assert_formats = !options.formats_as_annotations;
        let retriever = LocalRefs {
            dir: options.ref_dir.clone(),
        };
        let compiled = std::thread::Builder::new()
            .stack_size(1 << 30)
            .spawn(move || {
                jsonschema::options()
                    .should_validate_formats(assert_formats)
                    .with_retriever(retriever)
                    .build(&schema)
                    .map_err(|e| e.to_string())
            })
            .map_err(|e| err(e.to_string()))?
            .join()
            .map_err(|_| err("the schema could not be compiled".into()))?;
        let validator = compiled.map_err(|message| err(cut(&message, 500)))?;
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
        self.check_at_most(text, usize::MAX).0
    }

    /// At most `max` of the errors in one record's text, and how many more there are.
    #[must_use]
    pub fn check_at_most(&self, text: &str, max: usize) -> (Vec<FieldError>, usize) {
        match self {
            // Typed deserialization decides nearly every record without building a tree;
            // only a record it refuses is explained.
            Target::Model { info, mode } => info.check_at_most(text, *mode, max),
            Target::Schema { validator, .. } => against(text, validator, max),
        }
    }
}

/// `message` cut to `chars` characters (a compile error may quote a 20 MB pattern).
fn cut(message: &str, chars: usize) -> String {
    if message.chars().count() <= chars {
        return message.to_owned();
    }
    let mut out: String = message.chars().take(chars).collect();
    out.push('…');
    out
}

fn against(text: &str, validator: &jsonschema::Validator, max: usize) -> (Vec<FieldError>, usize) {
    match serde_json::from_str::<Value>(text) {
        Ok(doc) => schema_errors_at_most(validator, text, &doc, max),
        Err(e) => (vec![syntax_error(text, &e)], 0),
    }
}
