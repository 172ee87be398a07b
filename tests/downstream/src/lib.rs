//! Models that a team building on `LangSmith` might declare in its own crate, using only
//! `tracer-schema`'s public surface. The strict lints prove the derive's output is clean.

#![deny(warnings, clippy::pedantic)]

pub mod shapes;

use serde::{Deserialize, Serialize};
use tracer_schema::wire::{Float, Int, Timestamp, Uuid};
use tracer_schema::{Model, Registry, TracerSessionResult};

/// A stored copy of a project's statistics, taken at a point in time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
pub struct ProjectSnapshot {
    /// The project as the API returned it; its fields come first, in its order.
    #[serde(flatten)]
    pub project: TracerSessionResult,
    /// The snapshot's own ID.
    pub snapshot_id: Uuid,
    /// When the snapshot was taken.
    pub taken_at: Timestamp,
}

/// A spending limit for a project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
pub struct Budget {
    /// The limit in cents.
    #[model(ge = 0)]
    pub limit: Int,
    /// A short code for reports.
    #[model(min_length = 1, max_length = 8)]
    pub code: String,
    /// Lower-case letters only.
    #[model(pattern = "^[a-z]+$")]
    pub slug: String,
    /// Who may change the budget.
    #[model(min_items = 1, max_items = 3)]
    pub owners: Vec<String>,
    /// The share of the limit that triggers an alert.
    #[model(gt = 0, le = 1)]
    pub alert_ratio: Float,
    /// Rounding step in cents.
    #[model(multiple_of = 5)]
    #[serde(default)]
    pub step: i64,
}

/// A review of an experiment; the reviewer must be named, even if as `null`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[serde(rename_all = "camelCase")]
#[model(title = "ExperimentReview")]
pub struct Review {
    /// The reviewed project.
    pub project_id: Uuid,
    /// Who reviewed it; `null` for an automated review.
    #[serde(with = "tracer_schema::required_nullable")]
    pub reviewer: Option<String>,
    /// Free-text notes.
    #[serde(default)]
    pub review_notes: Option<String>,
    /// Not part of the wire format.
    #[serde(skip)]
    pub cached_score: Option<f64>,
}

/// This crate's registry: the built-in models plus its own, for its own `gen-schema`.
#[must_use]
pub fn registry() -> Registry {
    Registry::builtin()
        .with::<ProjectSnapshot>()
        .with::<Budget>()
        .with::<Review>()
        .with::<shapes::Status>()
        .with::<shapes::Shape>()
        .with::<shapes::Event>()
        .with::<shapes::Message>()
        .with::<shapes::Score>()
        .with::<shapes::Email>()
        .with::<shapes::Range>()
        .with::<shapes::Nothing>()
        .with::<shapes::Tags>()
        .with::<shapes::Page<shapes::Limit>>()
        .with::<shapes::Account>()
        .with::<shapes::Command>()
        .with::<shapes::Settings>()
        .with::<shapes::Order>()
        .with::<shapes::Tree>()
        .with::<shapes::Step>()
        .with::<shapes::Op>()
        .with::<shapes::Bag>()
        .with::<shapes::Ledger>()
        .with_id_base("https://example.com/schemas/")
}
