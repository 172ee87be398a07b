//! The human format: rustc-style snippets, the error under the offending value.

use std::fmt::Write as _;

use super::{describe, shown_width, terminal_safe};
use crate::engine::outcome::RecordOutcome;
use tracer_schema::__engine::{locate_span, offset_of};
use tracer_schema::validate::FieldError;

/// Characters of a long line shown before and after the error (JSON Lines records are often
/// one long line, and a terminal would cut the rest off anyway).
const WINDOW_BEFORE: usize = 60;
const WINDOW_AFTER: usize = 80;

/// ANSI styles for the human format, or none.
struct Style {
    error: &'static str,
    gutter: &'static str,
    bold: &'static str,
    reset: &'static str,
}

const COLOR: Style = Style {
    error: "\x1b[1;31m",
    gutter: "\x1b[1;34m",
    bold: "\x1b[1m",
    reset: "\x1b[0m",
};
const PLAIN: Style = Style {
    error: "",
    gutter: "",
    bold: "",
    reset: "",
};

/// One error, rustc style: the message, `--> path:line:column`, the source line (a window of
/// it when long) and carets under the offending value.
fn snippet(
    out: &mut String,
    path: &str,
    source: &str,
    e: &FieldError,
    span: std::ops::Range<usize>,
    style: &Style,
) {
    // Offsets come from the locator and are clamped to character boundaries here, so no input
    // (binary, invalid UTF-8 shown as U+FFFD, multi-byte characters) can split a character.
    let floor = |mut i: usize| {
        i = i.min(source.len());
        while !source.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let start = floor(span.start);
    let end = floor(span.end).max(start);
    let line = e.line;
    let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = source[start..]
        .find('\n')
        .map_or(source.len(), |i| start + i);
    let from = source[line_start..start]
        .char_indices()
        .rev()
        .nth(WINDOW_BEFORE - 1)
        .map_or(line_start, |(i, _)| line_start + i);
    let to = source[start..line_end]
        .char_indices()
        .nth(WINDOW_AFTER)
        .map_or(line_end, |(i, _)| start + i);
    let (lead, tail) = (
        if from > line_start { "..." } else { "" },
        if to < line_end { "..." } else { "" },
    );
    let excerpt = terminal_safe(&source[from..to]);
    let pad = lead.len() + shown_width(&source[from..start]);
    let carets = shown_width(&source[start..end.clamp(start, to)]).max(1);
    let gutter = " ".repeat(line.to_string().len());
    let Style {
        error,
        gutter: g,
        bold,
        reset,
    } = style;
    let _ = writeln!(
        out,
        "{error}error{reset}{bold}: {}{reset}",
        terminal_safe(&describe(e))
    );
    let _ = writeln!(
        out,
        "{gutter}{g}-->{reset} {}:{}:{}",
        terminal_safe(path),
        e.line,
        e.column
    );
    let _ = writeln!(out, "{gutter} {g}|{reset}");
    let _ = writeln!(out, "{g}{line} |{reset} {lead}{excerpt}{tail}");
    let _ = writeln!(
        out,
        "{gutter} {g}|{reset} {}{error}{} {}{reset}\n",
        " ".repeat(pad),
        "^".repeat(carets),
        e.keyword
    );
}

pub(super) fn record(path: &str, outcome: &RecordOutcome, color: bool) -> String {
    let source = outcome.source.as_deref().unwrap_or_default();
    let style = if color { &COLOR } else { &PLAIN };
    let mut out = String::new();
    for e in &outcome.errors {
        let start = offset_of(source, e.line + 1 - outcome.line, e.column).min(source.len());
        // One character when the value's extent is unknown.
        let one_char = source[start..].chars().next().map_or(0, char::len_utf8);
        let end = locate_span(source, &e.pointer)
            .filter(|s| s.start == start && e.keyword != tracer_schema::validate::ErrorKind::Syntax)
            .map_or(start + one_char, |s| s.end);
        snippet(&mut out, path, source, e, start..end, style);
    }
    out
}
