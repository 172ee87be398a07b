//! The registry of models that `cargo xtask gen-schema` writes and `cargo xtask validate` checks.

use crate::model::{Model, ModelInfo};

/// An ordered set of models, with the base URI their schemas' `$id`s share.
///
/// ```
/// use tracer_schema::{Registry, TracerSession, TracerSessionResult};
///
/// let registry = Registry::new().with::<TracerSession>().with::<TracerSessionResult>();
/// assert_eq!(registry.names().collect::<Vec<_>>(), ["TracerSession", "TracerSessionResult"]);
/// ```
#[derive(Debug, Clone, Default)]
pub struct Registry {
    models: Vec<ModelInfo>,
    id_base: Option<String>,
}

impl Registry {
    /// An empty registry.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// The registry of this crate's own models: `TracerSession`, `TracerSessionResult`, `Run`,
    /// `Example`, `Dataset` and `Feedback`.
    #[must_use]
    pub fn builtin() -> Self {
        Self::new()
            .with::<crate::TracerSession>()
            .with::<crate::TracerSessionResult>()
            .with::<crate::Run>()
            .with::<crate::Example>()
            .with::<crate::Dataset>()
            .with::<crate::Feedback>()
    }

    /// Adds `M`; a later model with the same name replaces the earlier one.
    #[must_use]
    pub fn with<M: Model>(mut self) -> Self {
        self.add(M::info());
        self
    }

    /// Adds a model by its [`ModelInfo`].
    pub fn add(&mut self, info: ModelInfo) {
        match self.models.iter_mut().find(|m| m.name() == info.name()) {
            Some(slot) => *slot = info,
            None => self.models.push(info),
        }
    }

    /// Sets the base URI of every schema's `$id` (default `urn:tracer-schema:`).
    #[must_use]
    pub fn with_id_base(mut self, base: impl Into<String>) -> Self {
        self.id_base = Some(base.into());
        self
    }

    /// The `$id` base URI, if set.
    #[must_use]
    pub fn id_base(&self) -> Option<&str> {
        self.id_base.as_deref()
    }

    /// The registered models, in registration order.
    pub fn models(&self) -> impl Iterator<Item = &ModelInfo> {
        self.models.iter()
    }

    /// The registered models' names.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.models.iter().map(ModelInfo::name)
    }

    /// The model called `name`.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&ModelInfo> {
        self.models.iter().find(|m| m.name() == name)
    }
}
