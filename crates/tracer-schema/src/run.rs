//! What `Run` adds to its generated fields: the SDK's `Run.__init__`, which runs when pydantic
//! reads a `Run` (the class overrides `__init__`), and its computed members.
//!
//! `__init__` does four things, mirrored here:
//! - a missing `trace_id` is the run's `id` (a `null` one stays and is refused);
//! - `inputs` that Python deems false (`null`, `false`, `0`, `0.0`, `""`, `[]`, `{}`) are `{}`;
//! - a naive `start_time` or `end_time` is marked UTC (not shifted);
//! - a `dotted_order` that is empty after Python's `str.strip()` is `start_time.isoformat()`
//!   followed by the `id`, unless the run has a `parent_run_id`.

use std::borrow::Cow;

use serde::de::{self, Deserialize, Deserializer};

use crate::object_only::{refuse_self_key, InitError, KeyRules, Keys};
use crate::wire::raw::value_text;
use crate::wire::{Json, Object, Timestamp, Uuid};
use crate::Run;

/// `Run.__init__` asks whether `trace_id` was given (and cannot take a `self` key).
pub(crate) const KEYS: KeyRules = KeyRules {
    watch: &["trace_id", "self"],
    renames: &[],
    lookahead: false,
};

/// Stands in for a missing `trace_id` until [`init`] sets it to the `id`.
pub(crate) fn trace_id_unset() -> Uuid {
    Uuid::default()
}

/// `RunBase.extra`'s default: `{"metadata": {}}`.
pub(crate) fn default_extra() -> Option<Object> {
    Object::from_json(r#"{"metadata":{}}"#).ok()
}

/// The rest of `Run.__init__`, after the fields are read.
pub(crate) fn init(mut run: Run, keys: Keys<'_>) -> Result<Run, InitError> {
    refuse_self_key(keys)?;
    if !keys.seen("trace_id") {
        run.trace_id = run.id;
    }
    if run.dotted_order.chars().all(python_space) && run.parent_run_id.is_none() {
        run.dotted_order = format!("{}{}", run.start_time.isoformat(), run.id);
    }
    Ok(run)
}

/// Whether Python's `str.isspace()` holds for `c` (which `str.strip()` removes): Unicode
/// whitespace plus the separators U+001C..U+001F, which Rust's `char::is_whitespace` omits.
fn python_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// `end_time`: a naive time is marked UTC.
pub(crate) fn optional_utc<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Timestamp>, D::Error> {
    Option::<Timestamp>::deserialize(d).map(|t| t.map(Timestamp::assume_utc))
}

/// `inputs`: `kwargs.pop("inputs", None) or {}`, then validated as a dict.
pub(crate) fn inputs<'de, D: Deserializer<'de>>(d: D) -> Result<Object, D::Error> {
    let text = value_text(d)?;
    let value = text.trim();
    let falsy = match value.as_bytes().first() {
        Some(b'n' | b'f') => true,
        Some(b'"') => value == "\"\"",
        Some(b'[' | b'{') => value[1..value.len() - 1].trim().is_empty(),
        Some(b't') | None => false,
        // A number: Python's zero, `-0`, `0.0`, `0e5` and underflowing `1e-400` included.
        Some(_) => value.parse::<f64>().is_ok_and(|v| v == 0.0),
    };
    if falsy {
        return Ok(Object::default());
    }
    Object::from_raw(&text, 1).map_err(|e: serde_json::Error| de::Error::custom(e))
}

/// The schema of `inputs` as read: an object, or a value Python deems false.
#[doc(hidden)]
pub struct Inputs;

impl schemars::JsonSchema for Inputs {
    fn schema_name() -> Cow<'static, str> {
        "RunInputs".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        match crate::mode::mode_of(generator) {
            // Not an `anyOf`: a refused value is then explained against the falsy values.
            crate::mode::Mode::Validation => schemars::json_schema!({
                "description": "An object; null, false, 0, \"\" and [] (false in Python) stand for {}.",
                "if": {"type": "object"},
                "else": {"enum": [null, false, 0, "", []]},
            }),
            crate::mode::Mode::Serialization => schemars::json_schema!({"type": "object"}),
        }
    }
}

impl Run {
    /// The run's URL in the app, `{host}{app_path}`, as the SDK's `url` property; `None`
    /// without both.
    #[must_use]
    pub fn url(&self) -> Option<String> {
        let host = self.host_url.as_deref().filter(|h| !h.is_empty())?;
        let path = self.app_path.as_deref().filter(|p| !p.is_empty())?;
        Some(format!("{host}{path}"))
    }

    /// Sets the host URL that [`Self::url`] builds on.
    #[must_use]
    pub fn with_host_url(mut self, host_url: impl Into<String>) -> Self {
        self.host_url = Some(host_url.into());
        self
    }

    /// `extra["metadata"]`, as the SDK's `metadata` property reads it (the SDK creates an empty
    /// one when it is missing; this returns `None` instead of changing the run).
    #[must_use]
    pub fn metadata(&self) -> Option<Json<'_>> {
        self.extra.as_ref()?.get("metadata")
    }

    /// `metadata["revision_id"]`, as the SDK's `revision_id` property.
    #[must_use]
    pub fn revision_id(&self) -> Option<Json<'_>> {
        self.metadata()?.get("revision_id")
    }

    /// `end_time - start_time` in seconds, as the SDK's `latency` property; `None` without an
    /// end time.
    #[must_use]
    pub fn latency(&self) -> Option<f64> {
        let (start, end) = (
            self.start_time.to_datetime()?,
            self.end_time?.to_datetime()?,
        );
        let delta = end.signed_duration_since(start);
        Some(delta.num_microseconds().map_or_else(
            || delta.num_milliseconds() as f64 / 1e3,
            |us| us as f64 / 1e6,
        ))
    }

    /// `prompt_tokens` (the SDK's `input_tokens` alias).
    #[must_use]
    pub fn input_tokens(&self) -> Option<crate::wire::Int> {
        self.prompt_tokens
    }

    /// `completion_tokens` (the SDK's `output_tokens` alias).
    #[must_use]
    pub fn output_tokens(&self) -> Option<crate::wire::Int> {
        self.completion_tokens
    }
}
