//! `cargo xtask oracle-batch`: reads `{"model": ..., "input": ...}` lines on standard input and
//! writes what tracer-schema makes of each, one JSON line per input, for the differential
//! fuzzer (`tests/fixtures/fuzz/fuzz.py`), which compares them with the SDK's.
//!
//! Output: `{"ok": true, "plain": <serde_json::to_string>, "pydantic": <to_pydantic_json>}` or
//! `{"ok": false, "error": "..."}`, each with `"engine": <bool>`, the validator's verdict (its
//! check-only reading, fast path and explain path), which must equal `ok`.

use std::io::{BufRead, BufWriter, Write};
use std::process::ExitCode;

use anyhow::Context;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use tracer_schema::{
    to_pydantic_json, Dataset, Example, Feedback, Mode, Run, TracerSession, TracerSessionResult,
};

#[derive(Deserialize)]
struct Request {
    model: String,
    input: String,
}

fn judge<T: tracer_schema::Model>(input: &str) -> serde_json::Value {
    let engine = T::info()
        .check_at_most(input, Mode::Validation, 1)
        .0
        .is_empty();
    let mut answer = read::<T>(input);
    answer["engine"] = serde_json::Value::Bool(engine);
    answer
}

fn read<T: DeserializeOwned + Serialize>(input: &str) -> serde_json::Value {
    let outcome = tracer_schema::from_pydantic_json::<T>(input)
        .map_err(|e| e.to_string())
        .and_then(|m| {
            let plain = serde_json::to_string(&m).map_err(|e| e.to_string())?;
            let pydantic = to_pydantic_json(&m).map_err(|e| e.to_string())?;
            Ok((plain, pydantic))
        });
    match outcome {
        Ok((plain, pydantic)) => {
            serde_json::json!({"ok": true, "plain": plain, "pydantic": pydantic})
        }
        Err(error) => serde_json::json!({"ok": false, "error": error}),
    }
}

pub fn run() -> anyhow::Result<ExitCode> {
    let stdin = std::io::stdin();
    let mut out = BufWriter::new(std::io::stdout().lock());
    for line in stdin.lock().lines() {
        let line = line.context("reading a request")?;
        if line.trim().is_empty() {
            continue;
        }
        let request: Request = serde_json::from_str(&line).context("a request line")?;
        let answer = match request.model.as_str() {
            "TracerSession" => judge::<TracerSession>(&request.input),
            "TracerSessionResult" => judge::<TracerSessionResult>(&request.input),
            "Run" => judge::<Run>(&request.input),
            "Example" => judge::<Example>(&request.input),
            "Dataset" => judge::<Dataset>(&request.input),
            "Feedback" => judge::<Feedback>(&request.input),
            other => serde_json::json!({"ok": false, "error": format!("unknown model {other}")}),
        };
        writeln!(out, "{answer}")?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
