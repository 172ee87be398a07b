//! The verdict on one record: what [`super::records`] produces and [`super::report`] writes.

use tracer_schema::validate::FieldError;

/// The verdict on one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordOutcome {
    /// The record's first line in its input (1 for a `.json` document).
    pub line: usize,
    /// Its errors, with lines relative to the input; empty when valid.
    pub errors: Vec<FieldError>,
    /// The record's text, kept for invalid records so reports can quote it.
    pub source: Option<String>,
    /// Errors found beyond the reported ones (`--max-errors`).
    pub more_errors: usize,
}

impl RecordOutcome {
    /// Whether the record has no errors.
    #[must_use]
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }
}
