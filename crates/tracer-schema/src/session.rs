//! `TracerSession`: a LangSmith project as the Python SDK's `langsmith.schemas.TracerSession`.

use serde::{Deserialize, Deserializer, Serialize};

use crate::check_only::{Field, Kind, Plan};
use crate::wire::{Object, Timestamp, Uuid};

/// TracerSession schema for the API.
///
/// Sessions are also referred to as "Projects" in the UI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, tracer_schema_derive::Model)]
// Read only from a JSON object, as pydantic reads a model (see `object_only`).
#[serde(remote = "Self")]
#[model(
    extend_schema = "crate::object_only::refuse_self_in_schema",
    __check_only = "CHECK_ONLY"
)]
pub struct TracerSession {
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
    /// The app's base URL, used by [`TracerSession::url`]; never serialized (a private
    /// attribute in the SDK).
    #[serde(skip)]
    pub host_url: Option<String>,
}

/// The fields above as serde reads them, for the check-only reading of a [`TracerSession`] and
/// of a `TracerSessionResult`, which starts with them.
pub(crate) const CHECK_ONLY_FIELDS: [Field; 8] = [
    Field::required("id", Kind::Uuid),
    Field::defaulted("start_time", Kind::TIMESTAMP),
    Field::optional("end_time", Kind::TIMESTAMP),
    Field::optional("description", Kind::Str),
    Field::optional("name", Kind::Str),
    Field::optional("extra", Kind::Object),
    Field::required("tenant_id", Kind::Uuid),
    Field::required_nullable("reference_dataset_id", Kind::Uuid),
];

/// The check-only reading of a [`TracerSession`].
pub(crate) static CHECK_ONLY: Plan = Plan::new(&CHECK_ONLY_FIELDS, REFUSED_KEYS);

/// The keys the SDK's `__init__` refuses (`KeyRules::INIT`), for the check-only readings.
pub(crate) const REFUSED_KEYS: &[&str] = &["self"];

/// The SDK's `__init__` marks a naive `start_time` as UTC (without shifting it).
pub(crate) fn utc_start_time<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Timestamp, D::Error> {
    Timestamp::deserialize(deserializer).map(Timestamp::assume_utc)
}

/// The computed members the SDK defines on `TracerSession`, shared with `TracerSessionResult`.
pub(crate) mod computed {
    use std::borrow::Cow;

    use crate::wire::{Json, Object, Uuid};

    pub(crate) fn url(host_url: Option<&str>, tenant_id: &Uuid, id: &Uuid) -> Option<String> {
        host_url
            .filter(|h| !h.is_empty())
            .map(|h| format!("{h}/o/{tenant_id}/projects/p/{id}"))
    }

    pub(crate) fn metadata(extra: Option<&Object>) -> Option<Json<'_>> {
        extra
            .and_then(|e| e.get("metadata"))
            .filter(Json::is_object)
    }

    pub(crate) fn tags(extra: Option<&Object>) -> Vec<Cow<'_, str>> {
        extra
            .and_then(|e| e.get("tags"))
            .map(|tags| tags.items().filter_map(|t| t.as_str()).collect())
            .unwrap_or_default()
    }
}

/// Implements the SDK's `url`, `metadata` and `tags` properties for a session-shaped model.
macro_rules! session_members {
    ($model:ty) => {
        impl $model {
            /// The project's URL in the app, `{host}/o/{tenant_id}/projects/p/{id}`, or `None`
            /// without a host URL (as the SDK's `url` property).
            #[must_use]
            pub fn url(&self) -> Option<String> {
                crate::session::computed::url(self.host_url.as_deref(), &self.tenant_id, &self.id)
            }

            /// Sets the host URL that [`Self::url`] builds on.
            #[must_use]
            pub fn with_host_url(mut self, host_url: impl Into<String>) -> Self {
                self.host_url = Some(host_url.into());
                self
            }

            /// `extra["metadata"]` when it is an object; `None` when `extra`, the key or an
            /// object value is missing. The SDK returns `{}` when the key is absent and whatever
            /// is stored otherwise; a non-object is reachable through `extra` directly.
            #[must_use]
            pub fn metadata(&self) -> Option<crate::wire::Json<'_>> {
                crate::session::computed::metadata(self.extra.as_ref())
            }

            /// The strings in `extra["tags"]`; empty when the key is absent or not a list.
            /// Non-string items are skipped (the SDK annotates the list as `list[str]`).
            #[must_use]
            pub fn tags(&self) -> Vec<std::borrow::Cow<'_, str>> {
                crate::session::computed::tags(self.extra.as_ref())
            }
        }
    };
}
pub(crate) use session_members;

session_members!(TracerSession);
// The SDK's `__init__` (inherited by the result) cannot take a `self` key.
crate::object_only::object_only!(
    TracerSession,
    init = crate::object_only::plain_init,
    keys = crate::object_only::KeyRules::INIT
);
