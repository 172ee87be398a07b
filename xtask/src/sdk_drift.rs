//! `cargo xtask sdk-drift`: compares the installed Python SDK's models with ours.
//!
//! A Python with langsmith installed describes each model's fields (name, order, type,
//! nullability, required-ness); the same facts are read off our validation-mode schemas. Any
//! difference means a new SDK release changed the wire format and the Rust models need a look.

use std::path::PathBuf;
use std::process::{Command, ExitCode};

use anyhow::{bail, Context};
use serde_json::Value;
use tracer_schema::{Mode, Registry};

/// The SDK version the models follow.
pub const PINNED: &str = "0.14.17";

/// Options of `sdk-drift`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The Python interpreter that has langsmith installed.
    #[arg(long, default_value = "python3", value_name = "PATH")]
    python: PathBuf,
}

/// One field as both sides describe it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FieldShape {
    name: String,
    type_name: String,
    nullable: bool,
    required: bool,
}

impl std::fmt::Display for FieldShape {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let nullable = if self.nullable { " | None" } else { "" };
        let required = if self.required {
            "required"
        } else {
            "optional"
        };
        write!(
            f,
            "{}: {}{nullable} ({required})",
            self.name, self.type_name
        )
    }
}

/// The Python type name our schema stands for.
fn python_type(schema: &Value) -> String {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        return match r.rsplit('/').next().unwrap_or_default() {
            "Uuid" => "UUID",
            "Timestamp" => "datetime",
            "Duration" => "timedelta",
            "Decimal" => "Decimal",
            "Int" => "int",
            "Float" => "float",
            "Bool" => "bool",
            // Run.inputs as read: a dict, or what Python deems false.
            "RunInputs" => "dict",
            // The SDK's unions, decided as pydantic's smart mode does (crate::unions).
            "Score" | "FeedbackValue" | "Correction" | "UserId" => "Union",
            // A model's reference to itself (Run.child_runs).
            "#" | "" => "Self",
            other => other,
        }
        .to_owned();
    }
    let types: Vec<&str> = match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .filter(|t| *t != "null")
            .collect(),
        _ => Vec::new(),
    };
    match types.first().copied() {
        Some("string") => "str".to_owned(),
        Some("object") => "dict".to_owned(),
        Some("integer") => "int".to_owned(),
        Some("number") => "float".to_owned(),
        Some("boolean") => "bool".to_owned(),
        Some("array") => format!(
            "list[{}]",
            schema
                .get("items")
                .map_or_else(|| "Any".to_owned(), python_type)
        ),
        _ => "Any".to_owned(),
    }
}

/// The fields of a written schema document (`ModelInfo::schema_text`), in field order.
fn ours(text: &str) -> Vec<FieldShape> {
    let Ok(schema) = serde_json::from_str::<Value>(text) else {
        return Vec::new();
    };
    // A `Value`'s map is sorted; the written text keeps field order.
    let order: Vec<String> = tracer_schema::wire::Object::from_json(text)
        .ok()
        .and_then(|doc| {
            doc.get("properties")
                .map(|p| p.members().map(|(k, _)| k.into_owned()).collect())
        })
        .unwrap_or_default();
    let required: Vec<&str> = schema["required"]
        .as_array()
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let Some(props) = schema["properties"].as_object() else {
        return Vec::new();
    };
    order
        .iter()
        .filter_map(|name| props.get(name).map(|p| (name, p)))
        // Keys that are not fields: refused ones (`self: false`) and keys read under another
        // field's name (`writeOnly`, Dataset's `inputs_schema_definition`).
        .filter(|(_, p)| {
            !(p.as_bool() == Some(false) || p.get("writeOnly") == Some(&Value::Bool(true)))
        })
        .map(|(name, p)| {
            let (core, nullable) = if let Some(branches) = p.get("anyOf").and_then(Value::as_array)
            {
                let null = Value::from("null");
                let non_null: Vec<&Value> = branches
                    .iter()
                    .filter(|b| b.get("type") != Some(&null))
                    .collect();
                (
                    non_null.first().copied().cloned().unwrap_or(Value::Null),
                    non_null.len() < branches.len(),
                )
            } else {
                let nullable = p
                    .get("type")
                    .and_then(Value::as_array)
                    .is_some_and(|t| t.contains(&Value::from("null")));
                (p.clone(), nullable)
            };
            FieldShape {
                name: name.clone(),
                type_name: python_type(&core),
                nullable,
                required: required.contains(&name.as_str()),
            }
        })
        .collect()
}

fn theirs(fields: &Value) -> Vec<FieldShape> {
    fields
        .as_array()
        .map(|fs| {
            fs.iter()
                .map(|f| FieldShape {
                    name: f["name"].as_str().unwrap_or_default().to_owned(),
                    type_name: f["type"].as_str().unwrap_or_default().to_owned(),
                    nullable: f["nullable"].as_bool().unwrap_or_default(),
                    required: f["required"].as_bool().unwrap_or_default(),
                })
                .collect()
        })
        .unwrap_or_default()
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let registry = Registry::builtin();
    let names: Vec<&str> = registry.names().collect();
    let output = Command::new(&args.python)
        .arg("-c")
        .arg(include_str!("sdk_fields.py"))
        .args(&names)
        .output()
        .with_context(|| format!("running {}", args.python.display()))?;
    if !output.status.success() {
        bail!(
            "{} could not describe the SDK (is langsmith installed?):\n{}",
            args.python.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let report: Value =
        serde_json::from_slice(&output.stdout).context("reading the SDK description")?;
    let version = report["version"].as_str().unwrap_or("unknown");
    println!("langsmith {version} (models follow {PINNED})");
    let mut drift = 0;
    for model in registry.models() {
        let sdk = &report["models"][model.name()];
        if sdk.is_null() {
            println!("{}: not in the SDK any more", model.name());
            drift += 1;
            continue;
        }
        let (ours, theirs) = (
            ours(&model.schema_text(Mode::Validation, None)),
            theirs(sdk),
        );
        if ours == theirs {
            println!("{}: {} fields match", model.name(), ours.len());
            continue;
        }
        for i in 0..ours.len().max(theirs.len()) {
            match (ours.get(i), theirs.get(i)) {
                (Some(o), Some(t)) if o == t => {}
                (o, t) => {
                    drift += 1;
                    let show = |f: Option<&FieldShape>| {
                        f.map_or_else(|| "(none)".to_owned(), ToString::to_string)
                    };
                    println!(
                        "{} field {i}: ours {} / SDK {}",
                        model.name(),
                        show(o),
                        show(t)
                    );
                }
            }
        }
    }
    if drift > 0 {
        println!("{drift} difference(s): the SDK's models changed; update the Rust models and regenerate the oracle corpus");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tracer_schema::{Model, TracerSessionResult};

    #[test]
    fn reads_our_schema_as_the_sdk_describes_it() {
        let shapes = ours(&TracerSessionResult::info().schema_text(Mode::Validation, None));
        let show: Vec<String> = shapes.iter().map(ToString::to_string).collect();
        // As langsmith 0.14.17's sdk_fields.py prints them (checked by running it).
        assert_eq!(show[0], "id: UUID (required)");
        assert_eq!(show[1], "start_time: datetime (optional)");
        assert_eq!(show[7], "reference_dataset_id: UUID | None (required)");
        assert_eq!(show[9], "latency_p50: timedelta | None (optional)");
        assert_eq!(show[17], "run_facets: list[dict] | None (optional)");
        assert_eq!(show[18], "total_cost: Decimal | None (optional)");
    }
}
