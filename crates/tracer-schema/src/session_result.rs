//! `TracerSessionResult`: a project with its run statistics, as the SDK's
//! `langsmith.schemas.TracerSessionResult` (a subclass of `TracerSession`).

use serde::{Deserialize, Serialize};

use crate::check_only::{extend, Field, Kind, Plan};
use crate::session::{self, session_members, utc_start_time};
use crate::wire::{Decimal, Duration, Float, Int, Object, Timestamp, Uuid};
use crate::TracerSession;

/// A project, hydrated with additional information.
///
/// Sessions are also referred to as "Projects" in the UI.
// The base fields of `TracerSession` come first, in the SDK's order, then the statistics, as
// pydantic lays out a subclass.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, tracer_schema_derive::Model)]
// Read only from a JSON object, as pydantic reads a model (see `object_only`).
#[serde(remote = "Self")]
#[model(
    extend_schema = "crate::object_only::refuse_self_in_schema",
    __check_only = "CHECK_ONLY"
)]
pub struct TracerSessionResult {
    /// The ID of the project.
    pub id: Uuid,
    /// The time the project was created.
    #[serde(default = "Timestamp::now_utc", deserialize_with = "utc_start_time")]
    #[model(schema_as = Timestamp)]
    pub start_time: Timestamp,
    /// The time the project was ended.
    #[serde(default)]
    pub end_time: Option<Timestamp>,
    /// The description of the project.
    #[serde(default)]
    pub description: Option<String>,
    /// The name of the session.
    #[serde(default)]
    pub name: Option<String>,
    /// Extra metadata for the project.
    #[serde(default)]
    pub extra: Option<Object>,
    /// The tenant ID this project belongs to.
    pub tenant_id: Uuid,
    /// The reference dataset IDs this project's runs were generated on.
    #[serde(with = "crate::required_nullable")]
    pub reference_dataset_id: Option<Uuid>,
    /// The number of runs in the project.
    #[serde(default)]
    pub run_count: Option<Int>,
    /// The median (50th percentile) latency for the project.
    #[serde(default)]
    pub latency_p50: Option<Duration>,
    /// The 99th percentile latency for the project.
    #[serde(default)]
    pub latency_p99: Option<Duration>,
    /// The total number of tokens consumed in the project.
    #[serde(default)]
    pub total_tokens: Option<Int>,
    /// The total number of prompt tokens consumed in the project.
    #[serde(default)]
    pub prompt_tokens: Option<Int>,
    /// The total number of completion tokens consumed in the project.
    #[serde(default)]
    pub completion_tokens: Option<Int>,
    /// The start time of the last run in the project.
    #[serde(default)]
    pub last_run_start_time: Option<Timestamp>,
    /// Feedback stats for the project.
    #[serde(default)]
    pub feedback_stats: Option<Object>,
    /// Summary feedback stats for the project.
    #[serde(default)]
    pub session_feedback_stats: Option<Object>,
    /// Facets for the runs in the project.
    #[serde(default, deserialize_with = "crate::wire::object_list::optional")]
    #[model(schema_as = Option<Vec<Object>>)]
    pub run_facets: Option<Vec<Object>>,
    /// The total estimated LLM cost associated with the completion tokens.
    #[serde(default)]
    pub total_cost: Option<Decimal>,
    /// The estimated cost associated with the prompt (input) tokens.
    #[serde(default)]
    pub prompt_cost: Option<Decimal>,
    /// The estimated cost associated with the completion tokens.
    #[serde(default)]
    pub completion_cost: Option<Decimal>,
    /// The median (50th percentile) time to process the first token.
    #[serde(default)]
    pub first_token_p50: Option<Duration>,
    /// The 99th percentile time to process the first token.
    #[serde(default)]
    pub first_token_p99: Option<Duration>,
    /// The error rate for the project.
    #[serde(default)]
    pub error_rate: Option<Float>,
    /// The app's base URL, used by [`TracerSessionResult::url`]; never serialized.
    #[serde(skip)]
    pub host_url: Option<String>,
}

/// The fields above as serde reads them: the base's, then the statistics.
static CHECK_ONLY_FIELDS: [Field; 24] = extend(
    session::CHECK_ONLY_FIELDS,
    [
        Field::optional("run_count", Kind::INT),
        Field::optional("latency_p50", Kind::DURATION),
        Field::optional("latency_p99", Kind::DURATION),
        Field::optional("total_tokens", Kind::INT),
        Field::optional("prompt_tokens", Kind::INT),
        Field::optional("completion_tokens", Kind::INT),
        Field::optional("last_run_start_time", Kind::TIMESTAMP),
        Field::optional("feedback_stats", Kind::Object),
        Field::optional("session_feedback_stats", Kind::Object),
        Field::optional("run_facets", Kind::ObjectList),
        Field::optional("total_cost", Kind::DECIMAL),
        Field::optional("prompt_cost", Kind::DECIMAL),
        Field::optional("completion_cost", Kind::DECIMAL),
        Field::optional("first_token_p50", Kind::DURATION),
        Field::optional("first_token_p99", Kind::DURATION),
        Field::optional("error_rate", Kind::FLOAT),
    ],
);

/// The check-only reading of a [`TracerSessionResult`].
pub(crate) static CHECK_ONLY: Plan = Plan::new(&CHECK_ONLY_FIELDS, session::REFUSED_KEYS);

session_members!(TracerSessionResult);
// The SDK's `__init__` (inherited by the result) cannot take a `self` key.
crate::object_only::object_only!(
    TracerSessionResult,
    init = crate::object_only::plain_init,
    keys = crate::object_only::KeyRules::INIT
);

impl TracerSessionResult {
    /// The project without its statistics, as the SDK's base class sees it.
    #[must_use]
    pub fn session(&self) -> TracerSession {
        TracerSession {
            id: self.id,
            start_time: self.start_time,
            end_time: self.end_time,
            description: self.description.clone(),
            name: self.name.clone(),
            extra: self.extra.clone(),
            tenant_id: self.tenant_id,
            reference_dataset_id: self.reference_dataset_id,
            host_url: self.host_url.clone(),
        }
    }
}

impl From<TracerSessionResult> for TracerSession {
    fn from(r: TracerSessionResult) -> Self {
        TracerSession {
            id: r.id,
            start_time: r.start_time,
            end_time: r.end_time,
            description: r.description,
            name: r.name,
            extra: r.extra,
            tenant_id: r.tenant_id,
            reference_dataset_id: r.reference_dataset_id,
            host_url: r.host_url,
        }
    }
}
