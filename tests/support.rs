//! Shared helpers for the workspace's integration tests: fixture paths and the oracle corpus.

use std::path::PathBuf;

use serde::Deserialize;
use serde_json::Value;
use tracer_schema::wire::{Json, Object};

/// The workspace root.
#[must_use]
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The documented API payloads, copied into `tests/fixtures/api` from the project's reference
/// shelf (each folder's `SOURCES.md` says where every file came from).
#[must_use]
pub fn api_corpus() -> PathBuf {
    workspace_root().join("tests").join("fixtures").join("api")
}

/// Every built-in model (`Registry::builtin()`), in its order.
pub const MODELS: [&str; 6] = [
    "TracerSession",
    "TracerSessionResult",
    "Run",
    "Example",
    "Dataset",
    "Feedback",
];

/// One SDK verdict from `tests/fixtures/oracle/cases.jsonl` (written by `generate.py`).
#[derive(Debug, Clone, Deserialize)]
pub struct OracleCase {
    /// Stable case number (the generator is seeded).
    pub id: usize,
    /// `TracerSession` or `TracerSessionResult`.
    pub model: String,
    /// What the case exercises, e.g. `field:latency_p50`.
    pub family: String,
    /// The JSON text handed to `model_validate_json`.
    pub input: String,
    /// Whether the SDK accepted it.
    pub valid: bool,
    /// `model_dump_json()` of the accepted value.
    pub dump: Option<String>,
    /// pydantic's error locations and types for a rejected input.
    #[serde(default)]
    pub errors: Vec<Value>,
    /// The input had no `start_time`, so the SDK filled in the current time.
    pub start_time_default: bool,
}

/// Loads every oracle case.
///
/// # Panics
/// When the fixture is missing or malformed.
#[must_use]
pub fn oracle_cases() -> Vec<OracleCase> {
    oracle_file("cases.jsonl")
}

/// Loads the oracle cases of the SDK's stored-data models, `Run`, `Example`, `Dataset` and
/// `Feedback` (`tests/fixtures/oracle/models.jsonl`, written by `generate_models.py`).
///
/// # Panics
/// When the fixture is missing or malformed.
#[must_use]
pub fn model_oracle_cases() -> Vec<OracleCase> {
    oracle_file("models.jsonl")
}

fn oracle_file(name: &str) -> Vec<OracleCase> {
    let path = workspace_root().join("tests/fixtures/oracle").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .enumerate()
        .map(|(i, line)| {
            serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{}:{}: {e}", path.display(), i + 1))
        })
        .collect()
}

/// The differential fuzzer's findings, judged by the SDK (`tests/fixtures/fuzz/findings.jsonl`,
/// written by `fuzz.py`): one minimal document per root cause it (or an earlier campaign) found.
///
/// # Panics
/// When the file is missing or a line is not a case.
#[must_use]
pub fn fuzz_findings() -> Vec<OracleCase> {
    let path = workspace_root().join("tests/fixtures/fuzz/findings.jsonl");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .enumerate()
        .map(|(i, line)| {
            serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{}:{}: {e}", path.display(), i + 1))
        })
        .collect()
}

/// Whether two JSON documents (objects, as text) hold the same values: keys in the same order,
/// numbers compared by value (`1.0` and `1.00` agree; `-0` and `0` agree as integers), strings
/// compared unescaped. Read in order through `wire::Object`, since a `serde_json::Value` map is
/// sorted and cannot hold `1e400`.
#[must_use]
pub fn same_json(a: &str, b: &str) -> bool {
    match (Object::from_json(a), Object::from_json(b)) {
        (Ok(x), Ok(y)) => same_value(x.as_json(), y.as_json()),
        _ => false,
    }
}

fn same_value(a: Json<'_>, b: Json<'_>) -> bool {
    if let (Some(x), Some(y)) = (a.as_number_text(), b.as_number_text()) {
        let is_float = |s: &str| s.bytes().any(|c| matches!(c, b'.' | b'e' | b'E'));
        return if is_float(x) || is_float(y) {
            x.parse::<f64>().ok() == y.parse::<f64>().ok()
        } else {
            x.trim_start_matches('-') == "0" && y.trim_start_matches('-') == "0" || x == y
        };
    }
    if a.is_object() && b.is_object() {
        let (x, y): (Vec<_>, Vec<_>) = (a.members().collect(), b.members().collect());
        return x.len() == y.len()
            && x.into_iter()
                .zip(y)
                .all(|((ka, va), (kb, vb))| ka == kb && same_value(va, vb));
    }
    if a.is_array() && b.is_array() {
        let (x, y): (Vec<_>, Vec<_>) = (a.items().collect(), b.items().collect());
        return x.len() == y.len() && x.into_iter().zip(y).all(|(a, b)| same_value(a, b));
    }
    match (a.as_str(), b.as_str()) {
        (Some(x), Some(y)) => x == y,
        _ => a.as_json_text() == b.as_json_text(),
    }
}

/// Replaces the value of the top-level `"start_time":"..."` in compact JSON text with `null`.
#[must_use]
pub fn mask_start_time(text: &str) -> String {
    const KEY: &str = "\"start_time\":\"";
    match text.find(KEY) {
        Some(at) => {
            let value_start = at + KEY.len() - 1;
            let value_end = text[value_start + 1..]
                .find('"')
                .map_or(text.len(), |i| value_start + i + 2);
            format!("{}null{}", &text[..value_start], &text[value_end..])
        }
        None => text.to_owned(),
    }
}

/// `tests/fixtures/oracle/deviations.tsv`: the disagreements with the SDK we know of, keyed by
/// `(case id, kind)` (`verdict`, `value` or `bytes`), with the reason.
///
/// # Panics
/// On a malformed line.
#[must_use]
pub fn listed_deviations() -> std::collections::BTreeMap<(usize, String), String> {
    let path = workspace_root().join("tests/fixtures/oracle/deviations.tsv");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|line| {
            let mut cols = line.splitn(3, '\t');
            let id = cols
                .next()
                .and_then(|c| c.parse().ok())
                .unwrap_or_else(|| panic!("bad line in deviations.tsv: {line}"));
            let kind = cols.next().unwrap_or_default().to_owned();
            ((id, kind), cols.next().unwrap_or_default().to_owned())
        })
        .collect()
}
