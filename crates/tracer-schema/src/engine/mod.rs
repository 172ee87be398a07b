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
pub use target::Target;

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

/// Called as records are checked, with the running totals (for progress bars).
pub type Progress<'a> = &'a (dyn Fn(&Summary) + Sync);

/// Checks every input against `target`, writing outcomes to `reporter` in input order.
pub fn run(
    inputs: &[Input],
    target: &Target,
    reporter: &mut Reporter,
    progress: Progress<'_>,
) -> Result<Summary, EngineError> {
    let summary = Summary::default();
    for input in inputs {
        records::check_input(input, target, reporter, &summary, progress)?;
    }
    reporter.finish(&summary)?;
    Ok(summary)
}
