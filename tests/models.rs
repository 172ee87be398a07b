//! The models' own behaviour: required-ness, computed members, unknown keys.

use tracer_schema::{TracerSession, TracerSessionResult};

const IDS: &str = r#""id": "00000000-0000-4000-8000-000000000001", "tenant_id": "00000000-0000-4000-8000-000000000002""#;

#[test]
fn reference_dataset_id_is_required_but_nullable() {
    let missing = format!("{{{IDS}}}");
    let err = serde_json::from_str::<TracerSession>(&missing).expect_err("missing key");
    assert!(
        err.to_string()
            .contains("missing field `reference_dataset_id`"),
        "{err}"
    );
    let null = format!("{{{IDS}, \"reference_dataset_id\": null}}");
    assert_eq!(
        serde_json::from_str::<TracerSession>(&null)
            .expect("null is allowed")
            .reference_dataset_id,
        None
    );
}

#[test]
fn start_time_defaults_to_now_in_utc() {
    let text = format!("{{{IDS}, \"reference_dataset_id\": null}}");
    let s: TracerSessionResult = serde_json::from_str(&text).expect("valid");
    let age = chrono_age(&s.start_time.to_string());
    assert!(s
        .start_time
        .offset()
        .is_some_and(|o| o.local_minus_utc() == 0));
    assert!((0..600).contains(&age), "start_time is {age}s old");
}

fn chrono_age(text: &str) -> i64 {
    let t: tracer_schema::wire::Timestamp = text.parse().expect("timestamp");
    let then = t.to_datetime().expect("aware").timestamp();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64;
    now - then
}

#[test]
fn computed_members() {
    let text = format!(
        "{{{IDS}, \"reference_dataset_id\": null, \"extra\": {{\"metadata\": {{\"a\": 1}}, \"tags\": [\"x\", 2, \"y\"]}}}}"
    );
    let s: TracerSession = serde_json::from_str(&text).expect("valid");
    assert_eq!(s.url(), None);
    let s = s.with_host_url("https://smith.example");
    assert_eq!(
        s.url().as_deref(),
        Some("https://smith.example/o/00000000-0000-4000-8000-000000000002/projects/p/00000000-0000-4000-8000-000000000001")
    );
    assert_eq!(
        s.metadata()
            .and_then(|m| m.get("a"))
            .and_then(|n| n.as_i64()),
        Some(1)
    );
    assert_eq!(s.tags(), ["x", "y"]);
    // The host URL is not part of the wire format.
    assert!(!serde_json::to_string(&s)
        .expect("serializes")
        .contains("smith.example"));

    let odd = format!("{{{IDS}, \"reference_dataset_id\": null, \"extra\": {{\"metadata\": 5, \"tags\": \"a\"}}}}");
    let s: TracerSession = serde_json::from_str(&odd).expect("the SDK accepts any extra dict");
    assert!(s.metadata().is_none());
    assert!(s.tags().is_empty());
}

#[test]
fn unknown_keys_are_dropped_and_all_keys_written() {
    let text = format!("{{{IDS}, \"reference_dataset_id\": null, \"trace_tier\": \"longlived\", \"start_time\": \"2024-01-01\"}}");
    let s: TracerSessionResult = serde_json::from_str(&text).expect("valid");
    let out = serde_json::to_string(&s).expect("serializes");
    assert!(!out.contains("trace_tier"));
    let keys: Vec<String> = tracer_schema::wire::Object::from_json(&out)
        .expect("object")
        .keys()
        .map(std::borrow::Cow::into_owned)
        .collect();
    assert_eq!(keys.len(), 24);
    assert_eq!(
        keys[..8],
        [
            "id",
            "start_time",
            "end_time",
            "description",
            "name",
            "extra",
            "tenant_id",
            "reference_dataset_id"
        ]
    );
    assert_eq!(keys[23], "error_rate");
}
