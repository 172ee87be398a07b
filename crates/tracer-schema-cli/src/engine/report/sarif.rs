//! The SARIF format (2.1.0): one result per error, with the file's URI, start line and column
//! and a rule per keyword, for GitHub code scanning and other SARIF viewers.
//!
//! Results are streamed as they come; the run's `tool` (with the rules seen) is written after
//! them, which JSON allows, so memory does not grow with the number of results.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::Write;

use serde_json::json;

use super::describe;
use crate::engine::outcome::RecordOutcome;

/// What a SARIF run has written so far.
#[derive(Default)]
pub(super) struct Sarif {
    started: bool,
    results: u64,
    rules: BTreeSet<String>,
}

/// A path as a SARIF artifact URI: relative paths stay relative (to the run's working
/// directory), with `/` separators and percent-encoding where URIs need it.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/:".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

impl Sarif {
    fn begin(&mut self, out: &mut dyn Write) -> std::io::Result<()> {
        if !self.started {
            write!(
                out,
                r#"{{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[{{"results":["#
            )?;
            self.started = true;
        }
        Ok(())
    }

    fn result(&mut self, out: &mut dyn Write, result: &serde_json::Value) -> std::io::Result<()> {
        self.begin(out)?;
        if self.results > 0 {
            out.write_all(b",")?;
        }
        self.results += 1;
        writeln!(out, "{}", super::json::json_line(result))
    }

    pub(super) fn record(
        &mut self,
        out: &mut dyn Write,
        path: &str,
        outcome: &RecordOutcome,
    ) -> std::io::Result<()> {
        for e in &outcome.errors {
            let rule = e.keyword.as_str().to_owned();
            let result = json!({
                "ruleId": rule,
                "level": "error",
                "message": {"text": describe(e)},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": uri(path)},
                    "region": {"startLine": e.line, "startColumn": e.column}
                }}]
            });
            self.rules.insert(rule);
            self.result(out, &result)?;
        }
        if outcome.more_errors > 0 {
            let result = json!({
                "ruleId": "max-errors",
                "level": "error",
                "message": {"text": format!("{} more error(s) in this record (--max-errors)", outcome.more_errors)},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": uri(path)},
                    "region": {"startLine": outcome.line}
                }}]
            });
            self.rules.insert("max-errors".into());
            self.result(out, &result)?;
        }
        Ok(())
    }

    pub(super) fn io_error(
        &mut self,
        out: &mut dyn Write,
        path: &str,
        message: &str,
    ) -> std::io::Result<()> {
        let result = json!({
            "ruleId": "io",
            "level": "error",
            "message": {"text": message},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(path)}}}]
        });
        self.rules.insert("io".into());
        self.result(out, &result)
    }

    pub(super) fn finish(&mut self, out: &mut dyn Write, target: &str) -> std::io::Result<()> {
        self.begin(out)?;
        let rules: Vec<serde_json::Value> = self
            .rules
            .iter()
            .map(|id| {
                let text = match id.as_str() {
                    "io" => "The input could not be read.".to_owned(),
                    "syntax" => "The record is not JSON the SDK's parser accepts.".to_owned(),
                    "limit" => {
                        "The record is larger than --max-record-bytes; not checked.".to_owned()
                    }
                    "deserialize" => "The model refuses the value.".to_owned(),
                    "max-errors" => "More errors than --max-errors allows to report.".to_owned(),
                    keyword => format!("The JSON Schema keyword `{keyword}` fails."),
                };
                json!({"id": id, "shortDescription": {"text": text}})
            })
            .collect();
        let tool = json!({"driver": {
            "name": "tracer-schema",
            "version": env!("CARGO_PKG_VERSION"),
            "rules": rules
        }});
        let invocation = json!({
            "executionSuccessful": true,
            "properties": {"checkedAgainst": target}
        });
        writeln!(
            out,
            r#"],"tool":{},"invocations":[{}]}}]}}"#,
            super::json::json_line(&tool),
            super::json::json_line(&invocation)
        )
    }
}
