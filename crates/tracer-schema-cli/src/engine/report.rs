//! Writing outcomes: rustc-style snippets for people, JSON Lines for programs, GitHub workflow
//! commands and JUnit XML for CI.

use std::fmt::Write as _;
use std::io::Write;
use std::sync::atomic::Ordering;

use super::input::Input;
use super::outcome::RecordOutcome;
use super::{EngineError, Summary};
use tracer_schema::__engine::{locate_span, offset_of};
use tracer_schema::validate::FieldError;

/// How outcomes are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Source snippets with the error under the offending value, for people.
    Human,
    /// One JSON object per record (JSON Lines).
    Json,
    /// GitHub Actions `::error` workflow commands.
    Github,
    /// A JUnit XML report, one test case per record.
    Junit,
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "human" => Ok(Format::Human),
            "json" => Ok(Format::Json),
            "github" => Ok(Format::Github),
            "junit" => Ok(Format::Junit),
            other => Err(format!(
                "unknown format `{other}`, expected human, json, github or junit"
            )),
        }
    }
}

/// The JUnit test cases of the input being reported, written out when it is done.
#[derive(Default)]
struct JunitSuite {
    path: Option<String>,
    cases: String,
    tests: u64,
    failures: u64,
    errors: u64,
}

/// Writes outcomes in one [`Format`].
pub struct Reporter {
    format: Format,
    out: Box<dyn Write + Send>,
    color: bool,
    target: String,
    junit: JunitSuite,
    junit_started: bool,
}

impl Reporter {
    /// A reporter writing `format` to `out`; `color` adds ANSI styles (human format only);
    /// `target` names what records are checked against.
    #[must_use]
    pub fn new(format: Format, out: Box<dyn Write + Send>, color: bool, target: String) -> Self {
        Reporter {
            format,
            out,
            color,
            target,
            junit: JunitSuite::default(),
            junit_started: false,
        }
    }

    /// Reports one record.
    pub fn record(&mut self, input: &Input, outcome: &RecordOutcome) -> Result<(), EngineError> {
        let path = input.display();
        match self.format {
            Format::Human => {
                if !outcome.is_valid() {
                    let mut text = human(&path, outcome, self.color);
                    if outcome.more_errors > 0 {
                        let _ = writeln!(
                            text,
                            "... and {} more error(s) in the record at {}:{} (--max-errors)\n",
                            outcome.more_errors,
                            terminal_safe(&path),
                            outcome.line
                        );
                    }
                    self.out.write_all(text.as_bytes())?;
                }
            }
            Format::Json => {
                let mut line = serde_json::json!({"path": path, "line": outcome.line, "valid": outcome.is_valid(), "errors": outcome.errors});
                if outcome.more_errors > 0 {
                    line["more_errors"] = outcome.more_errors.into();
                }
                writeln!(self.out, "{}", json_line(&line))?;
            }
            Format::Github => {
                for e in &outcome.errors {
                    writeln!(
                        self.out,
                        "::error file={},line={},col={},title={}::{}",
                        property(&path),
                        e.line,
                        e.column,
                        property(e.keyword.as_str()),
                        data(&describe(e))
                    )?;
                }
                if outcome.more_errors > 0 {
                    writeln!(
                        self.out,
                        "::error file={},line={},title=more errors::{} more error(s) in this record (--max-errors)",
                        property(&path),
                        outcome.line,
                        outcome.more_errors
                    )?;
                }
            }
            Format::Junit => {
                self.junit_switch(&path)?;
                let suite = &mut self.junit;
                suite.tests += 1;
                let name = xml(&format!("{path}:{}", outcome.line));
                if outcome.is_valid() {
                    let _ = writeln!(
                        suite.cases,
                        "    <testcase classname=\"{}\" name=\"{name}\"/>",
                        xml(&path)
                    );
                } else {
                    suite.failures += 1;
                    let mut details: Vec<String> = outcome
                        .errors
                        .iter()
                        .map(|e| format!("{path}:{}:{}: {}", e.line, e.column, describe(e)))
                        .collect();
                    if outcome.more_errors > 0 {
                        details.push(format!(
                            "... and {} more error(s) (--max-errors)",
                            outcome.more_errors
                        ));
                    }
                    let first = outcome.errors.first().map(describe).unwrap_or_default();
                    let _ = writeln!(
                        suite.cases,
                        "    <testcase classname=\"{}\" name=\"{name}\">\n      <failure message=\"{}\" type=\"{}\">{}</failure>\n    </testcase>",
                        xml(&path),
                        xml(&first),
                        xml(&self.target),
                        xml(&details.join("\n"))
                    );
                }
            }
        }
        Ok(())
    }

    /// Reports an input that could not be read.
    pub fn io_error(&mut self, input: &Input, message: &str) -> Result<(), EngineError> {
        let path = input.display();
        match self.format {
            Format::Human => writeln!(
                self.out,
                "error: {}: {}",
                terminal_safe(&path),
                terminal_safe(message)
            )?,
            Format::Json => {
                let line = serde_json::json!({"path": path, "line": null, "valid": false,
                    "errors": [{"pointer": "", "line": null, "column": null, "message": message, "keyword": "io"}]});
                writeln!(self.out, "{}", json_line(&line))?;
            }
            Format::Github => writeln!(
                self.out,
                "::error file={},title=io::{}",
                property(&path),
                data(message)
            )?,
            Format::Junit => {
                self.junit_switch(&path)?;
                self.junit.tests += 1;
                self.junit.errors += 1;
                let _ = writeln!(
                    self.junit.cases,
                    "    <testcase classname=\"{0}\" name=\"{0}\">\n      <error message=\"{1}\" type=\"io\">{1}</error>\n    </testcase>",
                    xml(&path),
                    xml(message)
                );
            }
        }
        Ok(())
    }

    fn junit_switch(&mut self, path: &str) -> std::io::Result<()> {
        if self.junit.path.as_deref() != Some(path) {
            self.junit_flush()?;
            self.junit.path = Some(path.to_owned());
        }
        Ok(())
    }

    fn junit_flush(&mut self) -> std::io::Result<()> {
        if !self.junit_started {
            writeln!(self.out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"tracer-schema validate\">")?;
            self.junit_started = true;
        }
        let suite = std::mem::take(&mut self.junit);
        if let Some(path) = suite.path {
            writeln!(
                self.out,
                "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\">",
                xml(&path),
                suite.tests,
                suite.failures,
                suite.errors
            )?;
            self.out.write_all(suite.cases.as_bytes())?;
            writeln!(self.out, "  </testsuite>")?;
        }
        Ok(())
    }

    /// Ends the report.
    pub fn finish(&mut self, summary: &Summary) -> Result<(), EngineError> {
        if self.format == Format::Junit {
            self.junit_flush()?;
            writeln!(self.out, "</testsuites>")?;
        }
        if self.format == Format::Human
            && summary.invalid.load(Ordering::Relaxed) + summary.io_errors.load(Ordering::Relaxed)
                > 0
        {
            writeln!(self.out, "checked against {}", terminal_safe(&self.target))?;
        }
        self.out.flush()?;
        Ok(())
    }
}

/// `pointer: message`, or the message alone for document-level errors.
fn describe(e: &FieldError) -> String {
    if e.pointer.is_empty() {
        e.message.clone()
    } else {
        format!("{}: {}", e.pointer, e.message)
    }
}

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

/// How a character of the input is shown on a terminal: tabs as a space, other control
/// characters (C0, DEL, C1) escaped, so that input can never move the cursor, retitle or clear
/// the terminal.
fn shown(c: char, out: &mut String) {
    match c {
        '\t' => out.push(' '),
        c if c.is_control() => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
        c => out.push(c),
    }
}

/// `s` with every control character escaped (see [`shown`]); newlines too.
pub(crate) fn terminal_safe(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        shown(c, &mut out);
    }
    out
}

/// The width `s` takes once shown.
fn shown_width(s: &str) -> usize {
    let mut buf = String::new();
    s.chars()
        .map(|c| {
            buf.clear();
            shown(c, &mut buf);
            buf.chars().count()
        })
        .sum()
}

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

fn human(path: &str, outcome: &RecordOutcome, color: bool) -> String {
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

/// One JSON line, with DEL and the C1 controls escaped too (JSON requires it only below
/// U+0020; a terminal would act on U+009B, CSI).
fn json_line(value: &serde_json::Value) -> String {
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

/// Escapes a GitHub workflow command's message (and any other control character, which the
/// runner's log would otherwise pass to a terminal).
fn data(s: &str) -> String {
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
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 cannot carry most control characters, nor U+FFFE and U+FFFF, even
            // escaped; DEL and the C1 controls are allowed but would reach a terminal.
            c if (c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
                || matches!(c, '\u{fffe}' | '\u{ffff}') =>
            {
                let _ = write!(out, "\\u{{{:04x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}
