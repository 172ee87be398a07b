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

use globset::Glob;
use serde::Deserialize;

use super::input::{kind_of, Input};
use super::EngineError;
use tracer_schema::Mode;

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

    /// The files that match this check's globs, sorted. Patterns are relative to `root` and
    /// may start with `..`; each is searched from its literal leading folders.
    pub fn inputs(&self, root: &Path, config: &Path) -> Result<Vec<Input>, EngineError> {
        let bad = |message: String| EngineError::Config {
            path: config.to_owned(),
            message,
        };
        let mut found = Vec::new();
        for pattern in &self.paths {
            let matcher = Glob::new(pattern)
                .map_err(|e| bad(e.to_string()))?
                .compile_matcher();
            let base: PathBuf = Path::new(pattern)
                .components()
                .take_while(|c| {
                    !c.as_os_str()
                        .to_string_lossy()
                        .contains(['*', '?', '[', '{'])
                })
                .collect();
            let start = root.join(&base);
            if !start.exists() {
                continue;
            }
            for entry in walkdir::WalkDir::new(&start).follow_links(true) {
                let entry = match entry {
                    Ok(entry) => entry,
                    Err(e) => {
                        // Never skipped silently: named, and the exit status is 2.
                        let path = e.path().map_or_else(|| start.clone(), Path::to_owned);
                        let relative = path.strip_prefix(root).unwrap_or(&path).to_owned();
                        let message = e
                            .io_error()
                            .map_or_else(|| e.to_string(), ToString::to_string);
                        found.push(Input::unreadable(relative, message));
                        continue;
                    }
                };
                if entry.file_type().is_dir() {
                    continue;
                }
                let Ok(relative) = entry.path().strip_prefix(root) else {
                    continue;
                };
                if let (true, Some(kind)) = (matcher.is_match(relative), kind_of(relative)) {
                    let regular = entry.metadata().map(|m| m.is_file());
                    found.push(match regular {
                        Ok(true) => Input::new(relative.to_owned(), kind),
                        Ok(false) => Input::unreadable(relative.to_owned(), "not a regular file"),
                        Err(e) => Input::unreadable(relative.to_owned(), e.to_string()),
                    });
                }
            }
        }
        found.sort_by(|a, b| a.path.cmp(&b.path));
        found.dedup();
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
