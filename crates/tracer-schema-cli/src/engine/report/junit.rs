//! The JUnit format: one test suite per input, one test case per record; unreadable inputs
//! are errors, invalid records failures.

use std::fmt::Write as _;
use std::io::Write;

use super::describe;
use crate::engine::outcome::RecordOutcome;

/// Test cases held in memory before they spill to a scratch file: a suite's counts come
/// before its cases in the XML, so the cases of a big input wait on disk, not in memory.
const SPILL_BYTES: usize = 4 << 20;

/// The test cases of the input being reported, written out when it is done.
#[derive(Default)]
pub(super) struct Junit {
    path: Option<String>,
    cases: String,
    /// Cases already moved out of memory, in order.
    spilled: Option<(std::path::PathBuf, std::fs::File)>,
    tests: u64,
    failures: u64,
    errors: u64,
    started: bool,
}

impl Drop for Junit {
    fn drop(&mut self) {
        if let Some((path, _)) = self.spilled.take() {
            let _ = std::fs::remove_file(path);
        }
    }
}

impl Junit {
    /// Moves the cases in memory to the scratch file once they are many.
    fn spill(&mut self) -> std::io::Result<()> {
        if self.cases.len() < SPILL_BYTES {
            return Ok(());
        }
        if self.spilled.is_none() {
            let path = std::env::temp_dir().join(format!(
                "tracer-schema-junit-{}-{:p}.xml",
                std::process::id(),
                std::ptr::from_ref(self)
            ));
            let file = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create_new(true)
                .open(&path)?;
            self.spilled = Some((path, file));
        }
        if let Some((_, file)) = &mut self.spilled {
            file.write_all(self.cases.as_bytes())?;
        }
        self.cases.clear();
        Ok(())
    }

    pub(super) fn record(
        &mut self,
        out: &mut dyn Write,
        path: &str,
        outcome: &RecordOutcome,
        target: &str,
    ) -> std::io::Result<()> {
        self.switch(out, path)?;
        self.tests += 1;
        let name = xml(&format!("{path}:{}", outcome.line));
        if outcome.is_valid() {
            let _ = writeln!(
                self.cases,
                "    <testcase classname=\"{}\" name=\"{name}\"/>",
                xml(path)
            );
        } else {
            self.failures += 1;
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
                self.cases,
                "    <testcase classname=\"{}\" name=\"{name}\">\n      <failure message=\"{}\" type=\"{}\">{}</failure>\n    </testcase>",
                xml(path),
                xml(&first),
                xml(target),
                xml(&details.join("\n"))
            );
        }
        self.spill()
    }

    pub(super) fn io_error(
        &mut self,
        out: &mut dyn Write,
        path: &str,
        message: &str,
    ) -> std::io::Result<()> {
        self.switch(out, path)?;
        self.tests += 1;
        self.errors += 1;
        let _ = writeln!(
            self.cases,
            "    <testcase classname=\"{0}\" name=\"{0}\">\n      <error message=\"{1}\" type=\"io\">{1}</error>\n    </testcase>",
            xml(path),
            xml(message)
        );
        self.spill()
    }

    fn switch(&mut self, out: &mut dyn Write, path: &str) -> std::io::Result<()> {
        if self.path.as_deref() != Some(path) {
            self.flush(out)?;
            self.path = Some(path.to_owned());
        }
        Ok(())
    }

    fn flush(&mut self, out: &mut dyn Write) -> std::io::Result<()> {
        if !self.started {
            writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"tracer-schema validate\">")?;
            self.started = true;
        }
        if let Some(path) = self.path.take() {
            writeln!(
                out,
                "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\">",
                xml(&path),
                self.tests,
                self.failures,
                self.errors
            )?;
            if let Some((spill_path, mut file)) = self.spilled.take() {
                use std::io::Seek as _;
                file.seek(std::io::SeekFrom::Start(0))?;
                std::io::copy(&mut file, out)?;
                drop(file);
                let _ = std::fs::remove_file(spill_path);
            }
            out.write_all(self.cases.as_bytes())?;
            writeln!(out, "  </testsuite>")?;
        }
        self.cases.clear();
        (self.tests, self.failures, self.errors) = (0, 0, 0);
        Ok(())
    }

    pub(super) fn finish(&mut self, out: &mut dyn Write) -> std::io::Result<()> {
        self.flush(out)?;
        writeln!(out, "</testsuites>")
    }
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
