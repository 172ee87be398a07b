//! What `Dataset` adds to its generated fields: the SDK's `__init__` and its `url` property.

use crate::object_only::{plain_init, InitError, KeyRules, Keys};
use crate::Dataset;

/// `Dataset.__init__` reads `inputs_schema_definition` (as the API names it) as
/// `inputs_schema`, and likewise for outputs; the `_definition` key wins when both are given, in either order.
pub(crate) const KEYS: KeyRules = KeyRules {
    watch: &["self"],
    renames: &[
        ("inputs_schema_definition", "inputs_schema"),
        ("outputs_schema_definition", "outputs_schema"),
    ],
    lookahead: true,
};

/// Nothing left to do once the keys are read (but refuse a `self` key).
pub(crate) fn init(dataset: Dataset, keys: Keys<'_>) -> Result<Dataset, InitError> {
    plain_init(dataset, keys)
}

/// The schema side of [`KEYS`] (validation mode): a `*_definition` key holds what its field
/// would (marked `writeOnly`: read, never written), and a `self` key is refused.
pub(crate) fn extend_schema(schema: &mut schemars::Schema, mode: crate::Mode) {
    crate::object_only::refuse_self_in_schema(schema, mode);
    if mode != crate::Mode::Validation {
        return;
    }
    for (from, to) in KEYS.renames {
        let mut field = schema
            .get("properties")
            .and_then(|p| p.get(*to))
            .cloned()
            .unwrap_or_else(|| serde_json::json!({}));
        if let Some(field) = field.as_object_mut() {
            field.insert(
                "description".into(),
                format!("Read as `{to}`, which it replaces (the SDK's `Dataset.__init__`).").into(),
            );
            field.insert("writeOnly".into(), true.into());
        }
        crate::object_only::add_property(schema, from, field);
    }
}

impl Dataset {
    /// The dataset's URL in the app, as the SDK's `url` property: the public path when set,
    /// else `{host}/o/{tenant_id}/datasets/{id}` or `{host}/datasets/{id}`; `None` without a
    /// host URL.
    #[must_use]
    pub fn url(&self) -> Option<String> {
        let host = self.host_url.as_deref().filter(|h| !h.is_empty())?;
        Some(match (&self.public_path, &self.tenant_id) {
            (Some(path), _) if !path.is_empty() => format!("{host}{path}"),
            (_, Some(tenant)) => format!("{host}/o/{tenant}/datasets/{}", self.id),
            _ => format!("{host}/datasets/{}", self.id),
        })
    }
}
