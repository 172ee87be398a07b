//! What `Example` adds to its generated fields: its `created_at` default and `url` property.

use crate::wire::Timestamp;
use crate::Example;

/// `datetime.fromtimestamp(0, tz=timezone.utc)`: the SDK's default `created_at`.
pub(crate) fn epoch() -> Timestamp {
    use chrono::Offset as _;
    Timestamp::aware(chrono::DateTime::UNIX_EPOCH.naive_utc(), chrono::Utc.fix())
}

impl Example {
    /// The example's URL in the app, as the SDK's `url` property:
    /// `{host}/o/{tenant_id}/datasets/{dataset_id}/e/{id}` (without `/o/{tenant_id}` when no
    /// tenant is set); `None` without a host URL.
    #[must_use]
    pub fn url(&self) -> Option<String> {
        let host = self.host_url.as_deref().filter(|h| !h.is_empty())?;
        let path = format!("/datasets/{}/e/{}", self.dataset_id, self.id);
        Some(match &self.tenant_id {
            Some(tenant) => format!("{host}/o/{tenant}{path}"),
            None => format!("{host}{path}"),
        })
    }
}
