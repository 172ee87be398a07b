//! `schemas/validate.toml`: which stored payloads CI checks against which model, so that
//! `cargo xtask validate` with no arguments checks them all.
//!
//! ```toml
//! [[check]]
//! paths = ["tests/fixtures/payloads/**/*.json"]
//! model = "TracerSessionResult"
//! mode = "validation"            # or "serialization"; validation by default
//! ```

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSetBuilder};
use serde::Deserialize;

use super::input::{kind_of, Input};
use super::EngineError;
use crate::Mode;

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The checks, in order.
    #[serde(default, rename = "check")]
    pub checks: Vec<Check>,
}

/// One `[[check]]`: globs (relative to the project root) and what to check them against.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    /// Glob patterns of files to check.
    pub paths: Vec<String>,
    /// The registered model.
    pub model: String,
    /// `validation` (default) or `serialization`.
    #[serde(default)]
    pub mode: Option<String>,
}

impl Check {
    /// The mode, validation by default.
    pub fn mode(&self, config: &Path) -> Result<Mode, EngineError> {
        self.mode.as_deref().map_or(Ok(Mode::Validation), |m| {
            m.parse().map_err(|message| EngineError::Config {
                path: config.to_owned(),
                message,
            })
        })
    }

    /// The files under `root` that match this check's globs, sorted.
    pub fn inputs(&self, root: &Path, config: &Path) -> Result<Vec<Input>, EngineError> {
        let mut builder = GlobSetBuilder::new();
        for pattern in &self.paths {
            let glob = Glob::new(pattern).map_err(|e| EngineError::Config {
                path: config.to_owned(),
                message: e.to_string(),
            })?;
            builder.add(glob);
        }
        let set = builder.build().map_err(|e| EngineError::Config {
            path: config.to_owned(),
            message: e.to_string(),
        })?;
        let mut found: Vec<Input> = walkdir::WalkDir::new(root)
            .into_iter()
            .filter_entry(|e| {
                e.file_name() != "target"
                    && e.file_name() != ".git"
                    && e.file_name() != "node_modules"
            })
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .filter_map(|e| {
                let relative = e.path().strip_prefix(root).ok()?.to_owned();
                (set.is_match(&relative)).then(|| {
                    kind_of(&relative).map(|kind| Input {
                        path: relative,
                        kind,
                    })
                })?
            })
            .collect();
        found.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(found)
    }
}

/// Reads and parses a config file; parse errors name the line and column.
pub fn load(path: &Path) -> Result<Config, EngineError> {
    let text = std::fs::read_to_string(path).map_err(|e| EngineError::Config {
        path: path.to_owned(),
        message: e.to_string(),
    })?;
    toml::from_str(&text).map_err(|e| EngineError::Config {
        path: path.to_owned(),
        message: e.to_string(),
    })
}

/// The default config location under the project root.
#[must_use]
pub fn default_path(root: &Path) -> PathBuf {
    root.join("schemas").join("validate.toml")
}
