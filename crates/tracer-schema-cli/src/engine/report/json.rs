//! The JSON format: one object per record (JSON Lines), for programs.

use std::fmt::Write as _;

use crate::engine::outcome::RecordOutcome;

/// One JSON line, with DEL and the C1 controls escaped too (JSON requires it only below
/// U+0020; a terminal would act on U+009B, CSI).
pub(super) fn json_line(value: &serde_json::Value) -> String {
    let text = value.to_string();
    if !text.chars().any(|c| ('\u{7f}'..='\u{9f}').contains(&c)) {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if ('\u{7f}'..='\u{9f}').contains(&c) {
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

/// One record's line.
pub(super) fn record(path: &str, outcome: &RecordOutcome) -> String {
    let mut line = serde_json::json!({"path": path, "line": outcome.line, "valid": outcome.is_valid(), "errors": outcome.errors});
    if outcome.more_errors > 0 {
        line["more_errors"] = outcome.more_errors.into();
    }
    json_line(&line)
}

/// An unreadable input's line.
pub(super) fn io_error(path: &str, message: &str) -> String {
    let line = serde_json::json!({"path": path, "line": null, "valid": false,
        "errors": [{"pointer": "", "line": null, "column": null, "message": message, "keyword": "io"}]});
    json_line(&line)
}
