//! Writing outcomes: rustc-style snippets for people, JSON Lines for programs, GitHub workflow
//! commands and JUnit XML for CI.

use std::fmt::Write as _;
use std::io::Write;
use std::sync::atomic::Ordering;

use super::input::Input;
use super::outcome::RecordOutcome;
use super::{EngineError, Summary};
use crate::locate::{locate_span, offset_of};
use crate::validate::FieldError;

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
                    let text = human(&path, outcome, self.color);
                    self.out.write_all(text.as_bytes())?;
                }
            }
            Format::Json => {
                let line = serde_json::json!({"path": path, "line": outcome.line, "valid": outcome.is_valid(), "errors": outcome.errors});
                writeln!(self.out, "{line}")?;
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
                    let details: Vec<String> = outcome
                        .errors
                        .iter()
                        .map(|e| format!("{path}:{}:{}: {}", e.line, e.column, describe(e)))
                        .collect();
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
            Format::Human => writeln!(self.out, "error: {path}: {message}")?,
            Format::Json => {
                let line = serde_json::json!({"path": path, "line": null, "valid": false,
                    "errors": [{"pointer": "", "line": null, "column": null, "message": message, "keyword": "io"}]});
                writeln!(self.out, "{line}")?;
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
                self.junit.failures += 1;
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
                "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\">",
                xml(&path),
                suite.tests,
                suite.failures
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
            writeln!(self.out, "checked against {}", self.target)?;
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
    let (start, end) = (span.start, span.end);
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
    let excerpt = source[from..to].replace('\t', " ");
    let pad = lead.len() + source[from..start].chars().count();
    let carets = source[start..end.clamp(start, to)].chars().count().max(1);
    let gutter = " ".repeat(line.to_string().len());
    let Style {
        error,
        gutter: g,
        bold,
        reset,
    } = style;
    let _ = writeln!(out, "{error}error{reset}{bold}: {}{reset}", describe(e));
    let _ = writeln!(out, "{gutter}{g}-->{reset} {path}:{}:{}", e.line, e.column);
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
        let end = locate_span(source, &e.pointer)
            .filter(|s| s.start == start)
            .map_or(start + 1, |s| s.end);
        snippet(&mut out, path, source, e, start..end, style);
    }
    out
}

/// Escapes a GitHub workflow command's message.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
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
            // XML 1.0 cannot carry most control characters, even escaped.
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\r' | '\t') => {
                let _ = write!(out, "\\u{{{:04x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}
