//! Writing outcomes, one module per format: rustc-style snippets for people ([`human`]), JSON
//! Lines for programs ([`json`]), GitHub workflow commands ([`github`]), JUnit XML ([`junit`])
//! and SARIF 2.1.0 ([`sarif`]) for CI.

use std::fmt::Write as _;
use std::io::Write;
use std::sync::atomic::Ordering;

use super::input::Input;
use super::outcome::RecordOutcome;
use super::{EngineError, Summary};
use tracer_schema::validate::FieldError;

mod github;
mod human;
mod json;
mod junit;
mod sarif;

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
    /// A SARIF 2.1.0 log, one result per error (GitHub code scanning).
    Sarif,
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "human" => Ok(Format::Human),
            "json" => Ok(Format::Json),
            "github" => Ok(Format::Github),
            "junit" => Ok(Format::Junit),
            "sarif" => Ok(Format::Sarif),
            other => Err(format!(
                "unknown format `{other}`, expected human, json, github, junit or sarif"
            )),
        }
    }
}

/// What a format keeps between records.
enum State {
    Stateless,
    Junit(junit::Junit),
    Sarif(sarif::Sarif),
}

/// Writes outcomes in one [`Format`].
pub struct Reporter {
    format: Format,
    out: Box<dyn Write + Send>,
    color: bool,
    target: String,
    state: State,
}

impl Reporter {
    /// A reporter writing `format` to `out`; `color` adds ANSI styles (human format only);
    /// `target` names what records are checked against.
    #[must_use]
    pub fn new(format: Format, out: Box<dyn Write + Send>, color: bool, target: String) -> Self {
        let state = match format {
            Format::Junit => State::Junit(junit::Junit::default()),
            Format::Sarif => State::Sarif(sarif::Sarif::default()),
            Format::Human | Format::Json | Format::Github => State::Stateless,
        };
        Reporter {
            format,
            out,
            color,
            target,
            state,
        }
    }

    /// Reports one record.
    pub fn record(&mut self, input: &Input, outcome: &RecordOutcome) -> Result<(), EngineError> {
        // The human format says nothing of a valid record: no need to spell its path.
        if outcome.is_valid()
            && matches!(
                (&self.state, self.format),
                (State::Stateless, Format::Human)
            )
        {
            return Ok(());
        }
        let path = input.display();
        match (&mut self.state, self.format) {
            (State::Junit(junit), _) => {
                junit.record(&mut self.out, &path, outcome, &self.target)?;
            }
            (State::Sarif(sarif), _) => sarif.record(&mut self.out, &path, outcome)?,
            (State::Stateless, Format::Human) => {
                if !outcome.is_valid() {
                    let mut text = human::record(&path, outcome, self.color);
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
            (State::Stateless, Format::Json) => {
                writeln!(self.out, "{}", json::record(&path, outcome))?;
            }
            (State::Stateless, _) => self
                .out
                .write_all(github::record(&path, outcome).as_bytes())?,
        }
        Ok(())
    }

    /// Reports an input that could not be read.
    pub fn io_error(&mut self, input: &Input, message: &str) -> Result<(), EngineError> {
        let path = input.display();
        match (&mut self.state, self.format) {
            (State::Junit(junit), _) => junit.io_error(&mut self.out, &path, message)?,
            (State::Sarif(sarif), _) => sarif.io_error(&mut self.out, &path, message)?,
            (State::Stateless, Format::Human) => writeln!(
                self.out,
                "error: {}: {}",
                terminal_safe(&path),
                terminal_safe(message)
            )?,
            (State::Stateless, Format::Json) => {
                writeln!(self.out, "{}", json::io_error(&path, message))?;
            }
            (State::Stateless, _) => self
                .out
                .write_all(github::io_error(&path, message).as_bytes())?,
        }
        Ok(())
    }

    /// Ends the report.
    pub fn finish(&mut self, summary: &Summary) -> Result<(), EngineError> {
        match &mut self.state {
            State::Junit(junit) => junit.finish(&mut self.out)?,
            State::Sarif(sarif) => sarif.finish(&mut self.out, &self.target)?,
            State::Stateless => {}
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

/// Whether `s` surely has no character [`shown`] changes: no byte below 0x20 or of DEL, and no
/// 0xC2 lead byte (which starts U+0080 to U+00BF, the C1 controls among them).
fn plain(s: &str) -> bool {
    s.bytes().all(|b| b >= 0x20 && b != 0x7f && b != 0xc2)
}

/// `s` with every control character escaped (see [`shown`]); newlines too.
pub(crate) fn terminal_safe(s: &str) -> String {
    if plain(s) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        shown(c, &mut out);
    }
    out
}

/// The width `s` takes once shown.
fn shown_width(s: &str) -> usize {
    if plain(s) {
        return s.chars().count();
    }
    let mut buf = String::new();
    s.chars()
        .map(|c| {
            buf.clear();
            shown(c, &mut buf);
            buf.chars().count()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shortcut for plain text gives what escaping character by character gives.
    #[test]
    fn plain_text_shortcut_changes_nothing() {
        let pool = [
            'a', ' ', '\t', '\n', '\u{0}', '\u{1f}', '\u{7f}', '\u{80}', '\u{9f}', '\u{a0}',
            '\u{bf}', 'é', 'ÿ', '中', '🙂', '"', '\\',
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..5_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let s: String = (0..(state % 12))
                .map(|i| pool[((state >> (i * 4)) % pool.len() as u64) as usize])
                .collect();
            let mut slow = String::new();
            for c in s.chars() {
                shown(c, &mut slow);
            }
            assert_eq!(terminal_safe(&s), slow, "{s:?}");
            assert_eq!(shown_width(&s), slow.chars().count(), "{s:?}");
        }
    }
}
