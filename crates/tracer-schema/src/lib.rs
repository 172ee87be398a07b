//! LangSmith's stored-data models with the exact wire semantics of the Python SDK (langsmith
//! 0.14.17, pydantic 2): the projects, [`TracerSession`] and [`TracerSessionResult`], and
//! [`Run`], [`Example`], [`Dataset`] and [`Feedback`] with the types they hold (generated from
//! the SDK by `cargo xtask sdk-import`).
//!
//! `serde_json::from_str::<TracerSessionResult>(text)` accepts what the SDK's
//! `TracerSessionResult.model_validate_json(text)` accepts, and `serde_json::to_string` writes the
//! same values as `model_dump_json()`; [`to_pydantic_json`] writes the same bytes. The building
//! blocks are public in [`wire`] for downstream models.
//!
//! ```
//! use tracer_schema::TracerSessionResult;
//!
//! let text = r#"{"id": "00000000-0000-4000-8000-000000000001",
//!               "tenant_id": "00000000-0000-4000-8000-000000000002",
//!               "reference_dataset_id": null, "start_time": "2024-06-06T01:02:51",
//!               "latency_p50": 7.896, "total_cost": 0.206485}"#;
//! let session: TracerSessionResult = serde_json::from_str(text)?;
//! assert_eq!(session.latency_p50.unwrap().to_string(), "PT7.896S");
//! assert!(tracer_schema::to_pydantic_json(&session)?.contains(r#""total_cost":"0.206485""#));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![deny(missing_docs)]

// Lets `#[derive(Model)]`'s `::tracer_schema::...` paths resolve inside this crate too.
extern crate self as tracer_schema;

mod attachments;
mod check_only;
#[cfg(feature = "codegen")]
pub mod codegen;
mod constraint;
mod dataset;
mod defaults;
#[cfg(feature = "validate")]
mod discriminator;
mod enum_schema;
mod example;
mod field_schema;
mod foreign_schema;
mod generated;
#[cfg(feature = "validate")]
pub(crate) mod locate;
mod mode;
mod model;
mod nesting;
mod object_only;
mod pydantic_json;
mod registry;
pub mod required_nullable;
mod run;
mod schema;
mod schema_order;
mod session;
mod session_result;
mod unions;
#[cfg(feature = "validate")]
pub mod validate;
pub mod wire;

pub use mode::Mode;
pub use model::{Model, ModelInfo};
pub use pydantic_json::{from_pydantic_json, to_pydantic_json, PydanticJsonError};
pub use registry::Registry;
/// `#[derive(Model)]`; see the [`tracer_schema_derive`] crate for its attributes.
#[cfg(feature = "derive")]
pub use tracer_schema_derive::Model;

/// What the `tracer-schema-cli` crate's validation engine builds on: locating errors in text and
/// checking against an arbitrary schema file. Not public API; it follows that crate's needs.
#[cfg(feature = "validate")]
#[doc(hidden)]
pub mod __engine {
    pub use crate::locate::{locate_span, offset_of, Position};
    pub use crate::validate::{
        schema_errors, schema_errors_at_most, shorten_quoted, syntax_error, uncompilable,
    };

    /// A model schema compiled as `from_json` and the engine evaluate it (tagged unions as
    /// conditionals); the agreement harness checks it judges as the published schema does.
    ///
    /// # Errors
    /// Why the schema does not compile.
    pub fn evaluation_validator(
        schema: &serde_json::Value,
    ) -> Result<jsonschema::Validator, String> {
        crate::validate::compile(schema)
    }

    /// The options every generated schema is compiled with (and `--schema` files too).
    #[must_use]
    pub fn validator_options() -> jsonschema::ValidationOptions<'static> {
        crate::validate::options()
    }

    /// For a record `M`'s check-only reading explains (one it calls surely invalid): its
    /// errors as that explanation gives them, and as the schema gives them for the whole
    /// record. The two must be equal; `tests/fast_path.rs` checks it.
    #[must_use]
    pub fn check_only_explanations<M: crate::Model>(
        text: &str,
        max: usize,
    ) -> Option<[(Vec<crate::validate::FieldError>, usize); 2]> {
        let validator = crate::model::validator::<M>;
        let checked = crate::validate::explain_checked(text, M::__check_only()?, validator, max)?;
        let full = crate::validate::explain_typed_refusal::<M>(text, validator, max);
        Some([checked, full])
    }
}

/// What `#[derive(Model)]` expands to refers to; not public API.
#[doc(hidden)]
pub mod __private {
    pub use std::borrow::Cow;

    pub use schemars;
    pub use serde_json::{json, Value};

    pub use crate::check_only::Plan as CheckOnly;
    pub use crate::constraint::{
        items, items_of_items, items_of_numbers, items_of_text, number, text, Items, Number, Text,
    };
    pub use crate::enum_schema::{
        newtype_struct, tuple_struct, unit_struct, Content, EnumSchema, Tagging, VariantSpec,
    };
    pub use crate::field_schema::{ConstrainedOnce, Probe, ViaSchemars, ViaWire, WireSchema};
    pub use crate::mode::{mode_of, Mode};
    pub use crate::model::cache_for;
    pub use crate::model::{Model, ValidatorCache};
    pub use crate::schema::{constrain, default_value, present, FieldSpec, ObjectSchema};
    pub use serde::de::DeserializeOwned;
    pub use serde::Serialize;
}
pub use attachments::{Attachment, AttachmentInfo};
pub use generated::{
    DataType, Dataset, DatasetTransformation, Example, Feedback, FeedbackSourceBase, Run,
};
pub use session::TracerSession;
pub use session_result::TracerSessionResult;
pub use unions::{Correction, FeedbackValue, Score, UserId};
