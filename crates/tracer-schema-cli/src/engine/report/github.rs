//! The GitHub format: workflow commands (`::error file=,line=,col=::`), shown inline on pull
//! requests.

use std::fmt::Write as _;

use super::describe;
use crate::engine::outcome::RecordOutcome;

/// Escapes a GitHub workflow command's message (and any other control character, which the
/// runner's log would otherwise pass to a terminal).
pub(super) fn data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// Escapes a GitHub workflow command's property value.
pub(super) fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One record's commands: one per error.
pub(super) fn record(path: &str, outcome: &RecordOutcome) -> String {
    let mut out = String::new();
    for e in &outcome.errors {
        let _ = writeln!(
            out,
            "::error file={},line={},col={},title={}::{}",
            property(path),
            e.line,
            e.column,
            property(e.keyword.as_str()),
            data(&describe(e))
        );
    }
    if outcome.more_errors > 0 {
        let _ = writeln!(
            out,
            "::error file={},line={},title=more errors::{} more error(s) in this record (--max-errors)",
            property(path),
            outcome.line,
            outcome.more_errors
        );
    }
    out
}

/// An unreadable input's command.
pub(super) fn io_error(path: &str, message: &str) -> String {
    format!(
        "::error file={},title=io::{}\n",
        property(path),
        data(message)
    )
}
