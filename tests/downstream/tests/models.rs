//! The downstream models: schemas in both modes, payloads validated with every error located.

use serde_json::{json, Value};
use tracer_schema::codegen::{self, SyncMode};
use tracer_schema::validate::FieldError;
use tracer_schema::{Mode, Model, TracerSessionResult};
use tracer_schema_downstream::{registry, Budget, ProjectSnapshot, Review};

/// Line and column (1-based, in characters) of the first occurrence of `needle`, by plain
/// text search: the expected positions are independent of the locator under test.
fn find(text: &str, needle: &str) -> (usize, usize) {
    text.lines()
        .enumerate()
        .find_map(|(i, line)| {
            line.find(needle)
                .map(|at| (i + 1, line[..at].chars().count() + 1))
        })
        .unwrap_or_else(|| panic!("{needle:?} not in text"))
}

fn errors<M: Model + std::fmt::Debug>(text: &str) -> Vec<FieldError> {
    M::from_json(text).expect_err("invalid").errors
}

#[test]
fn snapshot_embeds_the_project_fields_first_in_order() {
    // The written schema keeps field order (a `Value`'s map is sorted); read it in order.
    let property_order = |info: &tracer_schema::ModelInfo| -> Vec<String> {
        let text = info.schema_text(Mode::Validation, None);
        let doc = tracer_schema::wire::Object::from_json(&text).expect("schema is an object");
        doc.get("properties")
            .expect("properties")
            .members()
            // A `false` property is a refused key (`self`), not a field.
            .filter(|(_, v)| v.as_bool() != Some(false))
            .map(|(k, _)| k.into_owned())
            .collect()
    };
    let schema = ProjectSnapshot::schema(Mode::Validation);
    let keys = property_order(&ProjectSnapshot::info());
    let base = property_order(&TracerSessionResult::info());
    assert_eq!(
        keys[..base.len()],
        base[..],
        "the embedded model's fields come first, in order"
    );
    assert_eq!(keys[base.len()..], ["snapshot_id", "taken_at"]);
    let required: Vec<&str> = schema["required"]
        .as_array()
        .expect("required")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(
        required,
        [
            "id",
            "tenant_id",
            "reference_dataset_id",
            "snapshot_id",
            "taken_at"
        ]
    );
    // serde writes them in the same order.
    let text = r#"{"snapshot_id": "00000000-0000-4000-8000-00000000000a", "taken_at": "2024-06-07", "id": "00000000-0000-4000-8000-000000000001", "tenant_id": "00000000-0000-4000-8000-000000000002", "reference_dataset_id": null}"#;
    let written = serde_json::to_string(&ProjectSnapshot::from_json(text).expect("valid"))
        .expect("serializes");
    let written_keys: Vec<String> = tracer_schema::wire::Object::from_json(&written)
        .expect("object")
        .keys()
        .map(std::borrow::Cow::into_owned)
        .collect();
    assert_eq!(written_keys, keys);
    assert_eq!(
        schema["$defs"]["Duration"]["type"],
        json!(["number", "boolean", "string"])
    );
}

#[test]
fn snapshot_round_trips_an_api_payload() {
    let text = r#"{"snapshot_id": "00000000-0000-4000-8000-00000000000a", "taken_at": "2024-06-07",
        "id": "00000000-0000-4000-8000-000000000001", "tenant_id": "00000000-0000-4000-8000-000000000002",
        "reference_dataset_id": null, "latency_p50": 7.896, "total_tokens": "35573", "trace_tier": "longlived"}"#;
    let snapshot = ProjectSnapshot::from_json(text).expect("valid");
    assert_eq!(
        snapshot
            .project
            .latency_p50
            .map(|d| d.to_string())
            .as_deref(),
        Some("PT7.896S")
    );
    assert_eq!(snapshot.project.total_tokens.map(|i| i.0), Some(35573));
    let written = serde_json::to_value(&snapshot).expect("serializes");
    let v = jsonschema::validator_for(&ProjectSnapshot::schema(Mode::Serialization))
        .expect("schema compiles");
    assert!(v.is_valid(&written), "{written}");
}

#[test]
fn constraints_in_schema_and_enforced() {
    let schema = Budget::schema(Mode::Validation);
    let p = &schema["properties"];
    assert_eq!(
        (
            p["limit"]["minimum"].clone(),
            p["code"]["minLength"].clone(),
            p["code"]["maxLength"].clone()
        ),
        (json!(0), json!(1), json!(8))
    );
    assert_eq!(p["slug"]["pattern"], "^[a-z]+$");
    assert_eq!(
        (
            p["owners"]["minItems"].clone(),
            p["owners"]["maxItems"].clone()
        ),
        (json!(1), json!(3))
    );
    assert_eq!(
        (
            p["alert_ratio"]["exclusiveMinimum"].clone(),
            p["alert_ratio"]["maximum"].clone()
        ),
        (json!(0), json!(1))
    );
    assert_eq!(
        (
            p["step"]["multipleOf"].clone(),
            p["step"]["default"].clone()
        ),
        (json!(5), json!(0))
    );
    // No non-standard formats such as schemars' `int64`, which strict validators refuse.
    assert!(p["step"].get("format").is_none());

    let good = r#"{"limit": "1_000", "code": "ÉTÉ", "slug": "ops", "owners": ["a"], "alert_ratio": "0.5"}"#;
    let budget = Budget::from_json(good).expect("valid: lengths count characters, strings coerce");
    assert_eq!(budget.limit.0, 1000);

    let bad = "{\n  \"limit\": -5,\n  \"code\": \"TOOLONGCODE\",\n  \"slug\": \"Ops\",\n  \"owners\": [],\n  \"alert_ratio\": 0,\n  \"step\": 7\n}";
    let got: Vec<(String, usize, usize, String)> = errors::<Budget>(bad)
        .into_iter()
        .map(|e| (e.pointer, e.line, e.column, e.keyword.to_string()))
        .collect();
    let at = |needle: &str| find(bad, needle);
    let want = vec![
        (
            "/limit".to_owned(),
            at("-5").0,
            at("-5").1,
            "minimum".to_owned(),
        ),
        (
            "/code".into(),
            at("\"TOOLONG").0,
            at("\"TOOLONG").1,
            "maxLength".into(),
        ),
        (
            "/slug".into(),
            at("\"Ops").0,
            at("\"Ops").1,
            "pattern".into(),
        ),
        ("/owners".into(), at("[]").0, at("[]").1, "minItems".into()),
        (
            "/alert_ratio".into(),
            at("0,").0,
            at("0,").1,
            "exclusiveMinimum".into(),
        ),
        (
            "/step".into(),
            at("\"step\"").0,
            at("\"step\"").1 + 8,
            "multipleOf".into(),
        ),
    ];
    assert_eq!(got, want);

    // A lax string passes the input schema, then the coerced value meets the constraint.
    let coerced = r#"{"limit": "-3", "code": "a", "slug": "a", "owners": ["a"], "alert_ratio": 1}"#;
    let got = errors::<Budget>(coerced);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        (
            got[0].pointer.as_str(),
            got[0].keyword.as_str(),
            got[0].column
        ),
        ("/limit", "minimum", find(coerced, "\"-3\"").1)
    );
}

#[test]
fn required_but_nullable_and_renames() {
    let schema = Review::schema(Mode::Validation);
    assert_eq!(schema["title"], "ExperimentReview");
    assert_eq!(schema["required"], json!(["projectId", "reviewer"]));
    assert_eq!(
        schema["properties"]["reviewer"]["type"],
        json!(["string", "null"])
    );
    assert!(schema["properties"]["reviewer"].get("default").is_none());
    assert_eq!(schema["properties"]["reviewNotes"]["default"], Value::Null);
    assert_eq!(schema["properties"]["reviewNotes"]["title"], "Review Notes");
    assert!(schema["properties"].get("cachedScore").is_none());

    Review::from_json(r#"{"projectId": "00000000-0000-4000-8000-000000000001", "reviewer": null}"#)
        .expect("null is fine");
    let text = "{\n  \"projectId\": \"00000000-0000-4000-8000-000000000001\"\n}";
    let got = errors::<Review>(text);
    assert_eq!(got.len(), 1);
    assert_eq!(
        (
            got[0].pointer.as_str(),
            got[0].line,
            got[0].column,
            got[0].keyword.as_str()
        ),
        ("/reviewer", 1, 1, "required")
    );
    // serde alone refuses the missing key too.
    assert!(serde_json::from_str::<Review>(text)
        .unwrap_err()
        .to_string()
        .contains("missing field `reviewer`"));
}

#[test]
fn nested_errors_are_located() {
    let text = "{\n  \"snapshot_id\": \"00000000-0000-4000-8000-00000000000a\",\n  \"taken_at\": \"yesterday\",\n  \"id\": \"00000000-0000-4000-8000-000000000001\",\n  \"tenant_id\": \"00000000-0000-4000-8000-000000000002\",\n  \"reference_dataset_id\": null,\n  \"run_facets\": [{}, 5],\n  \"latency_p50\": \"soon\"\n}";
    let got: Vec<(String, usize, usize)> = errors::<ProjectSnapshot>(text)
        .into_iter()
        .map(|e| (e.pointer, e.line, e.column))
        .collect();
    let at = |n: &str| find(text, n);
    assert_eq!(
        got,
        vec![
            (
                "/taken_at".to_owned(),
                at("\"yesterday").0,
                at("\"yesterday").1
            ),
            ("/run_facets/1".into(), at("5]").0, at("5]").1),
            ("/latency_p50".into(), at("\"soon").0, at("\"soon").1),
        ]
    );
}

#[test]
fn syntax_errors_are_located() {
    let text = "{\n  \"limit\": 1,\n  \"code\": \"a\"\n  \"slug\": \"a\"\n}";
    let got = errors::<Budget>(text);
    assert_eq!(
        (got[0].keyword.as_str(), got[0].line, got[0].column),
        ("syntax", 4, 3)
    );
}

#[test]
fn downstream_registry_reuses_gen_schema() {
    let files = codegen::render(&registry()).expect("renders");
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    assert!(
        names.contains(&"ExperimentReview.schema.json")
            && names.contains(&"Budget.serialization.schema.json"),
        "{names:?}"
    );
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
    let mode = if std::env::var_os("TRACER_SCHEMA_DOWNSTREAM_WRITE").is_some() {
        SyncMode::Write
    } else {
        SyncMode::Check
    };
    let report = codegen::sync(&dir, &files, mode).expect("readable");
    if mode == SyncMode::Write {
        return;
    }
    assert!(
        report.drift.is_empty(),
        "{}",
        report.describe_drift(
            "TRACER_SCHEMA_DOWNSTREAM_WRITE=1 cargo test -p tracer-schema-downstream"
        )
    );
}

/// A field type with a hand-written schema that the validator's regex engine cannot run (the
/// derive refuses such a `pattern` attribute at compile time; a hand-written impl gets past it).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct LookAhead(String);

impl schemars::JsonSchema for LookAhead {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "LookAhead".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"type": "string", "pattern": "^(?=a)a+$"})
    }
}

#[derive(Debug, serde::Serialize, serde::Deserialize, tracer_schema::Model)]
struct WithLookAhead {
    code: LookAhead,
    #[model(ge = 0)]
    count: i64,
}

#[test]
fn a_schema_that_cannot_run_is_an_error_not_a_panic() {
    let err =
        WithLookAhead::from_json(r#"{"code": "aa", "count": 1}"#).expect_err("cannot be checked");
    assert!(err.errors[0].message.contains("does not compile"), "{err}");
    let registry = tracer_schema::Registry::new().with::<WithLookAhead>();
    let rendered = codegen::render(&registry);
    assert!(
        rendered.is_err_and(|e| e.to_string().contains("WithLookAhead")),
        "gen-schema compiles with the same options and refuses it"
    );
}
