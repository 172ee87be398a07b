//! Cutting inputs into records and checking them: whole documents, or JSON Lines streamed in
//! blocks that are checked in parallel while the next block is read, so memory stays bounded
//! and outcomes come out in file order.
//!
//! Memory is bounded by bytes: a block holds at most [`BLOCK_BYTES`] (plus one record) and
//! [`BLOCK_RECORDS`] records, a record at most [`Limits::max_record_bytes`] (a longer one is
//! skipped to its line end without being held), and an outcome at most
//! [`Limits::max_errors`] errors with shortened messages.

use std::io::Read;
use std::sync::atomic::Ordering;

use rayon::prelude::*;

use super::input::{Input, InputKind};
use super::outcome::RecordOutcome;
use super::report::Reporter;
use super::target::Target;
use super::{EngineError, Limits, Progress, Summary};
use tracer_schema::__engine::Position;
use tracer_schema::validate::{ErrorKind, FieldError};

/// How much of a JSON Lines file is read at a time (plus the rest of its last line).
const BLOCK_BYTES: usize = 4 << 20;
/// How much is read from the input at a time, up to a block.
const READ_BYTES: usize = 256 << 10;
/// At most this many records a block, so that a block of tiny invalid records (`{}` lines)
/// cannot hold millions of outcomes.
pub(crate) const BLOCK_RECORDS: usize = 2048;
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

/// A record over the limit: `bytes` is its size, or `None` when it was not read to its end.
fn too_large(first_line: usize, bytes: Option<u64>, limits: &Limits) -> RecordOutcome {
    let size = bytes.map_or_else(
        || format!("more than {} bytes", limits.max_record_bytes),
        |b| format!("{b} bytes"),
    );
    RecordOutcome {
        line: first_line,
        errors: vec![FieldError {
            pointer: String::new(),
            line: first_line,
            column: 1,
            message: format!(
                "record of {size} is larger than the limit of {} bytes (--max-record-bytes); not checked",
                limits.max_record_bytes
            ),
            keyword: ErrorKind::Limit,
        }],
        source: None,
        more_errors: 0,
    }
}

/// Checks one record's bytes with the default [`Limits`]. `first_line` is where the record
/// starts in its input.
#[must_use]
pub fn check_record(bytes: &[u8], first_line: usize, target: &Target) -> RecordOutcome {
    check_record_with(bytes, first_line, target, &Limits::default())
}

/// Checks one record's bytes within `limits`.
#[must_use]
pub fn check_record_with(
    bytes: &[u8],
    first_line: usize,
    target: &Target,
    limits: &Limits,
) -> RecordOutcome {
    if bytes.len() > limits.max_record_bytes {
        return too_large(first_line, Some(bytes.len() as u64), limits);
    }
    let mut overflow = 0;
    let utf8 = std::str::from_utf8(bytes);
    let mut errors = match utf8 {
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
        Ok(text) => {
            let (errors, more) = target.check_at_most(text, limits.max_errors);
            overflow = more;
            errors
        }
    };
    let more_errors = errors.len().saturating_sub(limits.max_errors) + overflow;
    errors.truncate(limits.max_errors);
    for e in &mut errors {
        e.line += first_line - 1;
    }
    // Almost always UTF-8 (only a record that is not gets the lossy copy).
    let source = (!errors.is_empty()).then(|| match utf8 {
        Ok(text) => text.to_owned(),
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    });
    RecordOutcome {
        line: first_line,
        errors,
        source,
        more_errors,
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

/// A block of complete lines and the lines in it that were too long to keep (each stands in
/// the block as an empty line, so line numbers stay right).
#[derive(Default)]
struct Block {
    bytes: Vec<u8>,
    /// The lines that hold a record, found while reading: (line index within the block, start,
    /// end). At most [`BLOCK_RECORDS`] (blank lines are not listed), so that the block is cut
    /// into lines once, not again when it is checked.
    records: Vec<(usize, usize, usize)>,
    /// (line index within the block, the line's length in bytes).
    oversized: Vec<(usize, u64)>,
    /// How many line ends the block holds.
    newlines: usize,
    /// Whether the input ended.
    end: bool,
}

impl Block {
    /// Lines that hold a record, or held one too long to keep (blank lines make no outcome,
    /// so they do not count to the cap).
    fn lines_held(&self) -> usize {
        self.records.len() + self.oversized.len()
    }
}

/// Whether a line holds no record (blank lines make no outcome, so they do not count): only
/// JSON's white space. A form feed is not (Rust's `is_ascii_whitespace` says it is): a line of
/// one is a record the SDK refuses.
fn is_blank(line: &[u8]) -> bool {
    line.iter()
        .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
}

/// The lines of `bytes` that hold a record, and its line ends, found by cutting it again: what
/// [`read_block`] lists as it reads (checked equal in debug builds, so every engine test checks
/// the list read once against this).
#[cfg(debug_assertions)]
fn lines_of(bytes: &[u8], oversized: &[(usize, u64)]) -> (Vec<(usize, usize, usize)>, usize) {
    let mut records = Vec::new();
    let mut start = 0;
    let mut newlines = 0;
    let ends = memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len()));
    for (i, end) in ends.enumerate() {
        newlines = i;
        if !oversized.iter().any(|&(index, _)| index == i) && !is_blank(&bytes[start..end]) {
            records.push((i, start, end));
        }
        start = end + 1;
    }
    (records, newlines)
}

/// The records of a block of complete lines starting at `first_line`, checked in parallel,
/// and the number of line ends in the block.
fn check_lines(
    block: &Block,
    first_line: usize,
    target: &Target,
    limits: &Limits,
) -> (Vec<RecordOutcome>, usize) {
    let bytes = &block.bytes;
    #[cfg(debug_assertions)]
    assert_eq!(
        (block.records.clone(), block.newlines),
        lines_of(bytes, &block.oversized),
        "the lines read once are the block's lines"
    );
    let mut lines: Vec<(usize, &[u8])> = Vec::with_capacity(block.records.len());
    let mut oversized = block.oversized.iter().peekable();
    let mut outcomes_before: Vec<(usize, RecordOutcome)> = Vec::new();
    for &(i, start, end) in &block.records {
        while let Some(&(index, length)) = oversized.next_if(|&&(index, _)| index < i) {
            outcomes_before.push((
                lines.len(),
                too_large(first_line + index, Some(length), limits),
            ));
        }
        let line = &bytes[start..end];
        lines.push((first_line + i, line.strip_suffix(b"\r").unwrap_or(line)));
    }
    for &(index, length) in oversized {
        outcomes_before.push((
            lines.len(),
            too_large(first_line + index, Some(length), limits),
        ));
    }
    let newlines = block.newlines;
    let checked: Vec<RecordOutcome> = lines
        .par_iter()
        .with_min_len(MIN_RECORDS_PER_TASK)
        .map(|(n, line)| check_record_with(line, *n, target, limits))
        .collect();
    if outcomes_before.is_empty() {
        return (checked, newlines);
    }
    // Put the oversized records back in file order.
    let mut outcomes = Vec::with_capacity(checked.len() + outcomes_before.len());
    let mut extra = outcomes_before.into_iter().peekable();
    for (i, outcome) in checked.into_iter().enumerate() {
        while let Some((_, o)) = extra.next_if(|(at, _)| *at == i) {
            outcomes.push(o);
        }
        outcomes.push(outcome);
    }
    outcomes.extend(extra.map(|(_, o)| o));
    (outcomes, newlines)
}

/// Reads the next block: up to [`BLOCK_BYTES`] or [`BLOCK_RECORDS`] lines, then to the end of
/// the last line. `carry` holds what was read past the block's last line end. A line longer
/// than the record limit is not kept: it is read past, in bounded memory, to its line end.
///
/// The block is read into `buffer`, a finished block's: reusing it keeps the bytes in pages
/// that are already mapped (a fresh 4 MiB buffer a block cost a page fault every 4 KiB and
/// made reading the file several times slower than copying it).
fn read_block(
    reader: &mut impl Read,
    carry: &mut Vec<u8>,
    limits: &Limits,
    buffer: Vec<u8>,
) -> std::io::Result<Block> {
    let mut block = Block {
        bytes: buffer,
        ..Block::default()
    };
    block.bytes.clear();
    block.bytes.extend_from_slice(carry);
    carry.clear();
    block
        .bytes
        .reserve(BLOCK_BYTES.min(limits.max_record_bytes.saturating_add(1 << 16)));
    // Where the line being read starts (`block.newlines` counts the line ends before it).
    let mut line_start = 0usize;
    let mut scanned = 0;
    loop {
        // Line ends seen so far; stop at the record cap.
        for at in memchr::memchr_iter(b'\n', &block.bytes[scanned..]) {
            let end = scanned + at;
            if !is_blank(&block.bytes[line_start..end]) {
                block.records.push((block.newlines, line_start, end));
            }
            block.newlines += 1;
            line_start = end + 1;
            if block.lines_held() >= BLOCK_RECORDS {
                keep_tail(&mut block.bytes, line_start, carry);
                return Ok(block);
            }
        }
        scanned = block.bytes.len();
        if block.bytes.len() >= BLOCK_BYTES && line_start > 0 {
            keep_tail(&mut block.bytes, line_start, carry);
            return Ok(block);
        }
        // One byte of slack: a `\r` before the line end is not part of the record.
        if block.bytes.len() - line_start > limits.max_record_bytes.saturating_add(1) {
            // An endless or huge line: drop it, read past it, and leave an empty line.
            let mut length = (block.bytes.len() - line_start) as u64;
            block.bytes.truncate(line_start);
            let (skipped, rest, end) = skip_line(reader)?;
            length += skipped;
            block.oversized.push((block.newlines, length));
            if end {
                block.end = true;
                return Ok(block);
            }
            block.bytes.push(b'\n');
            scanned = block.bytes.len();
            block.newlines += 1;
            line_start = scanned;
            block.bytes.extend_from_slice(&rest);
            if block.lines_held() >= BLOCK_RECORDS {
                keep_tail(&mut block.bytes, line_start, carry);
                return Ok(block);
            }
            continue;
        }
        // `read_to_end` on a `Take` fills the spare capacity without zeroing it first. A read
        // is at most `READ_BYTES`: what a block reads past its record cap is copied into the
        // next block, so reading a whole `BLOCK_BYTES` at once copied most records twice.
        let want = BLOCK_BYTES
            .saturating_sub(block.bytes.len())
            .clamp(1 << 16, READ_BYTES) as u64;
        let n = reader.by_ref().take(want).read_to_end(&mut block.bytes)?;
        if n == 0 {
            // The last line, if it has no line end.
            if !is_blank(&block.bytes[line_start..]) {
                block
                    .records
                    .push((block.newlines, line_start, block.bytes.len()));
            }
            block.end = true;
            return Ok(block);
        }
    }
}

/// Moves `bytes[from..]` into `carry` (reusing its allocation).
fn keep_tail(bytes: &mut Vec<u8>, from: usize, carry: &mut Vec<u8>) {
    carry.clear();
    carry.extend_from_slice(&bytes[from..]);
    bytes.truncate(from);
}

/// Reads past the rest of a line in bounded memory: the bytes skipped, what follows the line
/// end, and whether the input ended first.
fn skip_line(reader: &mut impl Read) -> std::io::Result<(u64, Vec<u8>, bool)> {
    let mut buf = vec![0u8; 1 << 16];
    let mut skipped = 0u64;
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => return Ok((skipped, Vec::new(), true)),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if let Some(at) = memchr::memchr(b'\n', &buf[..n]) {
            skipped += at as u64;
            return Ok((skipped, buf[at + 1..n].to_vec(), false));
        }
        skipped += n as u64;
    }
}

fn stream_lines(
    input: &Input,
    mut reader: impl Read + Send,
    target: &Target,
    reporter: &mut Reporter,
    summary: &Summary,
    progress: Progress<'_>,
    limits: &Limits,
) -> Result<(), EngineError> {
    let mut carry = Vec::new();
    let mut first_line = 1;
    let mut records = 0usize;
    let mut spare = Vec::new();
    let mut block = match read_block(&mut reader, &mut carry, limits, Vec::new()) {
        Ok(b) => b,
        Err(e) => return io_error(input, &e, reporter, summary),
    };
    // While one block is checked, the previous block's outcomes are reported and the next
    // block is read, so the serial work stays off the critical path.
    let mut pending: Vec<RecordOutcome> = Vec::new();
    loop {
        let last = block.end && carry.is_empty();
        let (side, (outcomes, newlines)) = rayon::join(
            || -> Result<std::io::Result<Block>, EngineError> {
                emit(input, &pending, reporter, summary)?;
                progress(summary);
                if last {
                    return Ok(Ok(Block::default()));
                }
                Ok(read_block(
                    &mut reader,
                    &mut carry,
                    limits,
                    std::mem::take(&mut spare),
                ))
            },
            || check_lines(&block, first_line, target, limits),
        );
        summary
            .bytes
            .fetch_add(block.bytes.len() as u64, Ordering::Relaxed);
        first_line += newlines;
        records += outcomes.len();
        pending = outcomes;
        if last {
            break;
        }
        let next = match side? {
            Ok(b) => b,
            Err(e) => {
                emit(input, &pending, reporter, summary)?;
                return io_error(input, &e, reporter, summary);
            }
        };
        spare = std::mem::replace(&mut block, next).bytes;
        if block.bytes.is_empty() && block.oversized.is_empty() && block.end && carry.is_empty() {
            break;
        }
    }
    if records == 0 && pending.is_empty() {
        // An empty file is an invalid record, as an empty `.json` document is.
        pending.push(RecordOutcome {
            line: 1,
            errors: vec![FieldError {
                pointer: String::new(),
                line: 1,
                column: 1,
                message: "empty document: no records".into(),
                keyword: ErrorKind::Syntax,
            }],
            source: Some(String::new()),
            more_errors: 0,
        });
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

/// Reads one document file, at most `limits.max_record_bytes` of it (a larger file is an
/// invalid record, and the rest is never read).
fn read_document(
    input: &Input,
    target: &Target,
    limits: &Limits,
) -> std::io::Result<(RecordOutcome, usize)> {
    let file = std::fs::File::open(&input.path)?;
    let mut bytes = Vec::new();
    let cap = (limits.max_record_bytes as u64).saturating_add(1);
    file.take(cap).read_to_end(&mut bytes)?;
    if bytes.len() > limits.max_record_bytes {
        let size = std::fs::metadata(&input.path).map_or(bytes.len() as u64, |m| m.len());
        return Ok((too_large(1, Some(size), limits), bytes.len()));
    }
    Ok((check_record_with(&bytes, 1, target, limits), bytes.len()))
}

/// Reads and checks single-document files in parallel, reporting them in order.
pub fn check_documents(
    inputs: &[Input],
    target: &Target,
    reporter: &mut Reporter,
    summary: &Summary,
    progress: Progress<'_>,
) -> Result<(), EngineError> {
    check_documents_with(
        inputs,
        target,
        reporter,
        summary,
        progress,
        &Limits::default(),
    )
}

fn check_documents_with(
    inputs: &[Input],
    target: &Target,
    reporter: &mut Reporter,
    summary: &Summary,
    progress: Progress<'_>,
    limits: &Limits,
) -> Result<(), EngineError> {
    let outcomes: Vec<std::io::Result<(RecordOutcome, usize)>> = inputs
        .par_iter()
        .map(|input| read_document(input, target, limits))
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
    limits: &Limits,
) -> Result<(), EngineError> {
    match input.kind {
        InputKind::Unreadable => {
            summary.inputs.fetch_add(1, Ordering::Relaxed);
            let message = input.problem.as_deref().unwrap_or("cannot be read");
            summary.io_errors.fetch_add(1, Ordering::Relaxed);
            reporter.io_error(input, message)
        }
        // One path for single documents; it counts the input itself.
        InputKind::Json => check_documents_with(
            std::slice::from_ref(input),
            target,
            reporter,
            summary,
            progress,
            limits,
        ),
        InputKind::JsonLines => {
            summary.inputs.fetch_add(1, Ordering::Relaxed);
            match std::fs::File::open(&input.path) {
                Ok(file) => stream_lines(input, file, target, reporter, summary, progress, limits),
                Err(e) => io_error(input, &e, reporter, summary),
            }
        }
        InputKind::Stdin => check_stdin(input, target, reporter, summary, progress, limits),
    }
}

/// Standard input: one document if the whole text is one (and no longer than the record
/// limit), JSON Lines otherwise, streamed in bounded memory like a file.
fn check_stdin(
    input: &Input,
    target: &Target,
    reporter: &mut Reporter,
    summary: &Summary,
    progress: Progress<'_>,
    limits: &Limits,
) -> Result<(), EngineError> {
    summary.inputs.fetch_add(1, Ordering::Relaxed);
    let mut reader = std::io::stdin();
    // Enough to decide: the whole input when it fits in a block.
    let probe = BLOCK_BYTES;
    let mut head = Vec::new();
    if let Err(e) = reader.by_ref().take(probe as u64).read_to_end(&mut head) {
        return io_error(input, &e, reporter, summary);
    }
    let ended = head.len() < probe;
    if ended && is_blank(&head) {
        summary.io_errors.fetch_add(1, Ordering::Relaxed);
        return reporter.io_error(input, "no inputs: standard input is empty");
    }
    // One document when the whole input is one. Past the probe, one document only when it is
    // visibly a large pretty-printed one: its first non-blank line ends within the probe,
    // opens an object or array, and is not a whole value itself. Anything else streams as
    // JSON Lines, so that no record is ever swallowed by a wrong guess.
    let document = if ended {
        is_one_document(&head)
    } else {
        // Complete lines only: the piece after the last line end may be cut.
        let complete = memchr::memrchr(b'\n', &head).map_or(&head[..0], |at| &head[..at]);
        complete
            .split(|b| *b == b'\n')
            .find(|line| !is_blank(line))
            .is_some_and(|line| {
                let trimmed = line.trim_ascii_start();
                trimmed.starts_with(b"{") || trimmed.starts_with(b"[")
            } && !is_one_document(line))
    };
    if document {
        if !ended {
            let room = limits
                .max_record_bytes
                .saturating_add(1)
                .saturating_sub(head.len()) as u64;
            if let Err(e) = reader.by_ref().take(room).read_to_end(&mut head) {
                return io_error(input, &e, reporter, summary);
            }
        }
        summary
            .bytes
            .fetch_add(head.len() as u64, Ordering::Relaxed);
        // Read to the limit and one byte more: past it, the size is not known.
        let outcome = if head.len() > limits.max_record_bytes && !ended {
            too_large(1, None, limits)
        } else {
            check_record_with(&head, 1, target, limits)
        };
        emit(input, &[outcome], reporter, summary)?;
        progress(summary);
        return Ok(());
    }
    let rest = std::io::Cursor::new(head).chain(reader);
    stream_lines(input, rest, target, reporter, summary, progress, limits)
}
