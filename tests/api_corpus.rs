//! The documented API payloads in `tests/fixtures/api`: accepted once their redacted ids are
//! filled in, and rejected on exactly those ids as published.

use tracer_schema::{TracerSession, TracerSessionResult};
use tracer_schema_tests::api_corpus;

const FIELDS: [&str; 3] = ["id", "tenant_id", "reference_dataset_id"];
const FILLED: [&str; 3] = [
    "00000000-0000-4000-8000-000000000001",
    "00000000-0000-4000-8000-000000000002",
    "00000000-0000-4000-8000-000000000003",
];

fn read(folder: &str, name: &str) -> String {
    let path = api_corpus().join(folder).join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn accepts(text: &str) -> bool {
    serde_json::from_str::<TracerSessionResult>(text).is_ok()
        && serde_json::from_str::<TracerSession>(text).is_ok()
}

/// Replaces the placeholder of each field whose bit is set in `mask`.
fn fill(real: &str, placeholder: &str, mask: u8) -> String {
    let mut text = real.to_owned();
    for (i, field) in FIELDS.iter().enumerate() {
        if mask & (1 << i) != 0 {
            let from = format!("\"{field}\": \"{placeholder}\"");
            assert!(
                text.contains(&from),
                "{field} has no placeholder {placeholder:?}"
            );
            text = text.replace(&from, &format!("\"{field}\": \"{}\"", FILLED[i]));
        }
    }
    text
}

fn check(real_name: &str, derived_name: &str, placeholder: &str) {
    let real = read("real", real_name);
    let derived = read("derived", derived_name);
    assert!(accepts(&derived), "{derived_name} must be accepted");
    let parsed: TracerSessionResult = serde_json::from_str(&derived).expect("accepted above");
    assert_eq!(parsed.id.to_string(), FILLED[0]);
    // Every proper subset of the three placeholders left in place is still rejected, so the
    // rejection rests on each of them and on nothing else; filling all three gives the
    // derived file byte for byte, which is accepted.
    for mask in 0..7u8 {
        let partly = fill(&real, placeholder, mask);
        assert!(
            !accepts(&partly),
            "{real_name} with fields {mask:03b} filled must be rejected"
        );
        let err = serde_json::from_str::<TracerSessionResult>(&partly).expect_err("rejected");
        assert!(
            err.to_string().contains("UUID") || err.to_string().contains("uuid"),
            "{err}"
        );
    }
    assert_eq!(fill(&real, placeholder, 7), derived);
}

#[test]
fn perf_metrics_payload() {
    check(
        "lcdocs-fetch-perf-metrics-1.json",
        "lcdocs-fetch-perf-metrics-1-uuidfilled.json",
        "...",
    );
}

#[test]
fn upload_experiment_payload() {
    check(
        "lcdocs-upload-existing-experiments-1.json",
        "lcdocs-upload-existing-experiments-1-uuidfilled.json",
        "<<uuid>>",
    );
}

#[test]
fn derived_payload_values() {
    let text = read("derived", "lcdocs-fetch-perf-metrics-1-uuidfilled.json");
    let s: TracerSessionResult = serde_json::from_str(&text).expect("accepted");
    // Naive start_time becomes UTC (SDK __init__); naive last_run_start_time stays naive.
    assert_eq!(s.start_time.to_string(), "2024-06-06T01:02:51.299960Z");
    assert_eq!(
        s.last_run_start_time
            .as_ref()
            .map(ToString::to_string)
            .as_deref(),
        Some("2024-06-06T01:02:51.366397")
    );
    assert_eq!(
        s.latency_p50.as_ref().map(ToString::to_string).as_deref(),
        Some("PT7.896S")
    );
    assert_eq!(
        s.total_cost.as_ref().map(ToString::to_string).as_deref(),
        Some("0.206485")
    );
    assert_eq!(s.error_rate.map(|f| f.0), Some(0.0));
    assert_eq!(
        s.metadata()
            .and_then(|m| m.get("num_repetitions"))
            .and_then(|n| n.as_u64()),
        Some(3)
    );
}

/// Line and column (1-based, characters) of the value in the line `"key": value`, found by a
/// plain text search, independent of the locator under test.
fn value_position(text: &str, key: &str) -> (usize, usize) {
    let needle = format!("\"{key}\": ");
    text.lines()
        .enumerate()
        .find_map(|(i, line)| {
            line.find(&needle)
                .map(|at| (i + 1, line[..at + needle.len()].chars().count() + 1))
        })
        .unwrap_or_else(|| panic!("no {key} in text"))
}

#[test]
fn from_json_reports_exactly_the_placeholder_ids_with_locations() {
    use tracer_schema::Model;
    for name in [
        "lcdocs-fetch-perf-metrics-1.json",
        "lcdocs-upload-existing-experiments-1.json",
    ] {
        let text = read("real", name);
        let err = TracerSessionResult::from_json(&text).expect_err("placeholders are not UUIDs");
        let mut got: Vec<(String, usize, usize)> = err
            .errors
            .iter()
            .map(|e| (e.pointer.clone(), e.line, e.column))
            .collect();
        got.sort();
        let mut want: Vec<(String, usize, usize)> = FIELDS
            .iter()
            .map(|f| {
                let (line, column) = value_position(&text, f);
                (format!("/{f}"), line, column)
            })
            .collect();
        want.sort();
        assert_eq!(got, want, "{name}: {err}");
        assert!(err.errors.iter().all(|e| e.keyword == "pattern"), "{err}");
        let derived = read("derived", &name.replace(".json", "-uuidfilled.json"));
        TracerSessionResult::from_json(&derived).expect("the filled-in payload is valid");
        TracerSession::from_json(&derived).expect("the filled-in payload is valid");
    }
}
