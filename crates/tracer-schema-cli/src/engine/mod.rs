//! The validation engine behind `cargo xtask validate`: stored payloads (JSON files, JSON Lines
//! files, folders, standard input) checked against a registered model or any schema file, every
//! error of every record located, fast and in bounded memory.
//!
//! The data path reads top-down: [`input`] finds and reads the bytes, [`records`] cuts them into
//! records, [`target`] checks each record, [`report`] writes the outcomes ([`RecordOutcome`]).

pub mod config;
pub mod input;
mod outcome;
pub mod records;
pub mod report;
pub mod target;

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

pub use input::{Input, InputKind};
pub use outcome::RecordOutcome;
pub use report::{Format, Reporter};
pub use target::{SchemaOptions, Target};

/// Errors that stop the engine before it checks anything (bad usage, unreadable schema).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EngineError {
    /// A schema file could not be read, parsed or compiled.
    #[error("{path}: {message}")]
    Schema {
        /// The schema file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// No registered model has that name.
    #[error("unknown model `{name}`; registered: {known}")]
    UnknownModel {
        /// The name asked for.
        name: String,
        /// The registered names.
        known: String,
    },
    /// The config file is missing or malformed.
    #[error("{path}: {message}")]
    Config {
        /// The config file.
        path: PathBuf,
        /// What went wrong, with line and column where the parser gives them.
        message: String,
    },
    /// Writing the report failed.
    #[error("writing the report: {0}")]
    Output(#[from] std::io::Error),
}

/// Counts for the whole run; they decide the exit status.
#[derive(Debug, Default)]
pub struct Summary {
    /// Inputs (files or standard input) read.
    pub inputs: AtomicU64,
    /// Records checked.
    pub records: AtomicU64,
    /// Records with at least one error.
    pub invalid: AtomicU64,
    /// Inputs that could not be read.
    pub io_errors: AtomicU64,
    /// Bytes read.
    pub bytes: AtomicU64,
    /// Whether the reader of the report went away (a closed pipe, as under `| head`): the
    /// run stopped quietly there.
    pub output_closed: std::sync::atomic::AtomicBool,
}

impl Summary {
    /// The exit status: 2 when an input could not be read, 1 when a record is invalid, else 0.
    #[must_use]
    pub fn exit_code(&self) -> u8 {
        if self.io_errors.load(Ordering::Relaxed) > 0 {
            2
        } else {
            u8::from(self.invalid.load(Ordering::Relaxed) > 0)
        }
    }

    /// A one-line account of the run.
    #[must_use]
    pub fn describe(&self) -> String {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        format!(
            "{} record(s) in {} input(s): {} valid, {} invalid, {} unreadable input(s)",
            get(&self.records),
            get(&self.inputs),
            get(&self.records) - get(&self.invalid),
            get(&self.invalid),
            get(&self.io_errors)
        )
    }
}

/// Bounds on what one record may cost: how big it may be, and how many errors are reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// A larger record (a JSON Lines line, a `.json` file, a document on standard input) is an
    /// invalid record saying so; it is never held in memory whole.
    pub max_record_bytes: usize,
    /// Errors reported per record; the rest are counted.
    pub max_errors: usize,
}

impl Limits {
    /// The default record limit: 64 MiB.
    pub const DEFAULT_MAX_RECORD_BYTES: usize = 64 << 20;
    /// The default error limit per record.
    pub const DEFAULT_MAX_ERRORS: usize = 100;
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_record_bytes: Self::DEFAULT_MAX_RECORD_BYTES,
            max_errors: Self::DEFAULT_MAX_ERRORS,
        }
    }
}

/// Called as records are checked, with the running totals (for progress bars).
pub type Progress<'a> = &'a (dyn Fn(&Summary) + Sync);

/// Checks every input against `target` with the default [`Limits`], writing outcomes to
/// `reporter` in input order.
pub fn run(
    inputs: &[Input],
    target: &Target,
    reporter: &mut Reporter,
    progress: Progress<'_>,
) -> Result<Summary, EngineError> {
    run_with(inputs, target, reporter, progress, &Limits::default())
}

/// [`run`] within `limits`.
pub fn run_with(
    inputs: &[Input],
    target: &Target,
    reporter: &mut Reporter,
    progress: Progress<'_>,
    limits: &Limits,
) -> Result<Summary, EngineError> {
    let summary = Summary::default();
    // On one of the pool's threads: each block's `rayon::join` then starts on the thread that
    // goes on to check the block, where called from outside the pool it costs two wake-ups
    // between threads a block (measured: about 6% of a one-thread process on short records).
    let result = rayon::scope(|_| {
        inputs
            .iter()
            .try_for_each(|input| {
                records::check_input(input, target, reporter, &summary, progress, limits)
            })
            .and_then(|()| reporter.finish(&summary))
    });
    match result {
        Ok(()) => Ok(summary),
        // The reader stopped reading (`validate ... | head`): end quietly, as `head` expects.
        Err(EngineError::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            summary.output_closed.store(true, Ordering::Relaxed);
            Ok(summary)
        }
        Err(e) => Err(e),
    }
}
