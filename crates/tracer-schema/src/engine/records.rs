//! Cutting inputs into records and checking them: whole documents, or JSON Lines streamed in
//! blocks that are checked in parallel while the next block is read, so memory stays bounded
//! and outcomes come out in file order.

use std::io::Read;
use std::sync::atomic::Ordering;

use rayon::prelude::*;

use super::input::{Input, InputKind};
use super::outcome::RecordOutcome;
use super::report::Reporter;
use super::target::Target;
use super::{EngineError, Progress, Summary};
use crate::locate::Position;
use crate::validate::{ErrorKind, FieldError};

/// How much of a JSON Lines file is read at a time (plus the rest of its last line).
const BLOCK_BYTES: usize = 4 << 20;
/// Fewer records than this are not worth splitting across threads.
const MIN_RECORDS_PER_TASK: usize = 64;

fn error_at(text: &str, offset: usize, message: String, keyword: ErrorKind) -> FieldError {
    let p = Position::at(text, offset);
    FieldError {
        pointer: String::new(),
        line: p.line,
        column: p.column,
        message,
        keyword,
    }
}

/// Checks one record's bytes. `first_line` is where the record starts in its input.
#[must_use]
pub fn check_record(bytes: &[u8], first_line: usize, target: &Target) -> RecordOutcome {
    let mut errors = match std::str::from_utf8(bytes) {
        Err(e) => {
            let valid = String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned();
            vec![error_at(
                &valid,
                e.valid_up_to(),
                format!("invalid UTF-8 at byte {}", e.valid_up_to()),
                ErrorKind::Syntax,
            )]
        }
        Ok(text) if text.starts_with('\u{feff}') => {
            vec![error_at(
                text,
                0,
                "the text starts with a byte-order mark (U+FEFF), which JSON does not allow".into(),
                ErrorKind::Syntax,
            )]
        }
        Ok(text) if text.trim().is_empty() => {
            vec![error_at(
                text,
                0,
                "empty document".into(),
                ErrorKind::Syntax,
            )]
        }
        Ok(text) => target.check(text),
    };
    for e in &mut errors {
        e.line += first_line - 1;
    }
    let source = (!errors.is_empty()).then(|| String::from_utf8_lossy(bytes).into_owned());
    RecordOutcome {
        line: first_line,
        errors,
        source,
    }
}

fn emit(
    input: &Input,
    outcomes: &[RecordOutcome],
    reporter: &mut Reporter,
    summary: &Summary,
) -> Result<(), EngineError> {
    summary
        .records
        .fetch_add(outcomes.len() as u64, Ordering::Relaxed);
    for outcome in outcomes {
        if !outcome.is_valid() {
            summary.invalid.fetch_add(1, Ordering::Relaxed);
        }
        reporter.record(input, outcome)?;
    }
    Ok(())
}

/// The records of a block of complete lines starting at `first_line`, checked in parallel,
/// and the number of line ends in the block.
fn check_lines(block: &[u8], first_line: usize, target: &Target) -> (Vec<RecordOutcome>, usize) {
    let mut lines: Vec<(usize, &[u8])> = Vec::with_capacity(block.len() / 512);
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', block).chain(std::iter::once(block.len()));
    let mut newlines = 0;
    for (i, end) in ends.enumerate() {
        newlines = i;
        let line = &block[start..end];
        start = end + 1;
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        // Blank lines (and the empty piece after a final newline) hold no record.
        if !line.iter().all(u8::is_ascii_whitespace) {
            lines.push((first_line + i, line));
        }
    }
    let outcomes = lines
        .par_iter()
        .with_min_len(MIN_RECORDS_PER_TASK)
        .map(|(n, line)| check_record(line, *n, target))
        .collect();
    (outcomes, newlines)
}

/// Reads up to [`BLOCK_BYTES`] and then to the end of that line; `carry` holds what was read
/// past the last newline. An empty block means the end of the input.
fn read_block(reader: &mut impl Read, carry: &mut Vec<u8>) -> std::io::Result<Vec<u8>> {
    let mut block = std::mem::take(carry);
    block.reserve(BLOCK_BYTES);
    let mut scanned = 0;
    loop {
        // `read_to_end` on a `Take` fills the spare capacity without zeroing it first.
        let want = BLOCK_BYTES.saturating_sub(block.len()).max(1 << 16) as u64;
        let n = reader.by_ref().take(want).read_to_end(&mut block)?;
        let has_newline = memchr::memrchr(b'\n', &block[scanned..]).map(|i| scanned + i);
        scanned = block.len();
        match has_newline {
            _ if n == 0 => return Ok(block),
            Some(last_newline) if block.len() >= BLOCK_BYTES => {
                *carry = block.split_off(last_newline + 1);
                return Ok(block);
            }
            _ => {}
        }
    }
}

fn stream_lines(
    input: &Input,
    mut reader: impl Read + Send,
    target: &Target,
    reporter: &mut Reporter,
    summary: &Summary,
    progress: Progress<'_>,
) -> Result<(), EngineError> {
    let mut carry = Vec::new();
    let mut first_line = 1;
    let mut block = match read_block(&mut reader, &mut carry) {
        Ok(b) => b,
        Err(e) => return io_error(input, &e, reporter, summary),
    };
    // While one block is checked, the previous block's outcomes are reported and the next
    // block is read, so the serial work stays off the critical path.
    let mut pending: Vec<RecordOutcome> = Vec::new();
    while !block.is_empty() {
        let (side, (outcomes, newlines)) = rayon::join(
            || -> Result<std::io::Result<Vec<u8>>, EngineError> {
                emit(input, &pending, reporter, summary)?;
                progress(summary);
                Ok(read_block(&mut reader, &mut carry))
            },
            || check_lines(&block, first_line, target),
        );
        summary
            .bytes
            .fetch_add(block.len() as u64, Ordering::Relaxed);
        first_line += newlines;
        pending = outcomes;
        block = match side? {
            Ok(b) => b,
            Err(e) => {
                emit(input, &pending, reporter, summary)?;
                return io_error(input, &e, reporter, summary);
            }
        };
    }
    emit(input, &pending, reporter, summary)?;
    progress(summary);
    Ok(())
}

fn io_error(
    input: &Input,
    e: &std::io::Error,
    reporter: &mut Reporter,
    summary: &Summary,
) -> Result<(), EngineError> {
    summary.io_errors.fetch_add(1, Ordering::Relaxed);
    reporter.io_error(input, &e.to_string())
}

/// Whether standard input holds one document (possibly pretty-printed) rather than lines.
fn is_one_document(bytes: &[u8]) -> bool {
    let mut stream =
        serde_json::Deserializer::from_slice(bytes).into_iter::<serde::de::IgnoredAny>();
    matches!(stream.next(), Some(Ok(_))) && stream.next().is_none()
}

/// Reads and checks single-document files in parallel, reporting them in order.
pub fn check_documents(
    inputs: &[Input],
    target: &Target,
    reporter: &mut Reporter,
    summary: &Summary,
    progress: Progress<'_>,
) -> Result<(), EngineError> {
    let outcomes: Vec<std::io::Result<(RecordOutcome, usize)>> = inputs
        .par_iter()
        .map(|input| {
            std::fs::read(&input.path).map(|bytes| (check_record(&bytes, 1, target), bytes.len()))
        })
        .collect();
    for (input, outcome) in inputs.iter().zip(outcomes) {
        summary.inputs.fetch_add(1, Ordering::Relaxed);
        match outcome {
            Ok((outcome, len)) => {
                summary.bytes.fetch_add(len as u64, Ordering::Relaxed);
                emit(input, std::slice::from_ref(&outcome), reporter, summary)?;
            }
            Err(e) => io_error(input, &e, reporter, summary)?,
        }
    }
    progress(summary);
    Ok(())
}

/// Reads `input` and checks its records, reporting them in order.
pub fn check_input(
    input: &Input,
    target: &Target,
    reporter: &mut Reporter,
    summary: &Summary,
    progress: Progress<'_>,
) -> Result<(), EngineError> {
    if input.kind == InputKind::Json {
        // One path for single documents; it counts the input itself.
        return check_documents(
            std::slice::from_ref(input),
            target,
            reporter,
            summary,
            progress,
        );
    }
    summary.inputs.fetch_add(1, Ordering::Relaxed);
    let bytes = if input.kind == InputKind::Stdin {
        let mut bytes = Vec::new();
        if let Err(e) = std::io::stdin().lock().read_to_end(&mut bytes) {
            return io_error(input, &e, reporter, summary);
        }
        if is_one_document(&bytes) {
            emit(input, &[check_record(&bytes, 1, target)], reporter, summary)?;
            progress(summary);
            return Ok(());
        }
        bytes
    } else {
        return match std::fs::File::open(&input.path) {
            Ok(file) => stream_lines(input, file, target, reporter, summary, progress),
            Err(e) => io_error(input, &e, reporter, summary),
        };
    };
    stream_lines(input, bytes.as_slice(), target, reporter, summary, progress)
}
