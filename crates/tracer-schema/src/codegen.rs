//! Schema files on disk: render every registered model in both modes, then write them
//! atomically or check that the files on disk are current (`cargo xtask gen-schema [--check]`).
//!
//! One function, [`sync`], does all writing, after rust-analyzer's `ensure_file_contents`:
//! unchanged files are left alone, changed ones are replaced through a temporary file and a
//! rename, so an interrupted run never leaves a half-written schema.

use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::{Mode, Registry};

/// What went wrong while rendering or syncing schema files.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CodegenError {
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A generated schema is not a valid draft 2020-12 schema (a bug in a model or wire type).
    #[error("generated schema {file} is not a valid draft 2020-12 schema: {message}")]
    InvalidSchema {
        /// The file name.
        file: String,
        /// What the meta-schema check said.
        message: String,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> CodegenError + '_ {
    move |source| CodegenError::Io {
        path: path.to_owned(),
        source,
    }
}

/// One file to be written: its name inside the schema folder and its exact contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaFile {
    /// The file name, e.g. `TracerSession.schema.json`.
    pub name: String,
    /// Pretty-printed JSON with a trailing newline.
    pub contents: String,
}

/// Renders every model of `registry` in both modes, each checked against the meta-schema.
pub fn render(registry: &Registry) -> Result<Vec<SchemaFile>, CodegenError> {
    let mut files = Vec::new();
    for model in registry.models() {
        for mode in Mode::ALL {
            let name = mode.file_name(model.name());
            let schema = model.schema(mode, registry.id_base());
            check_meta_schema(&name, &schema)?;
            let contents = model.schema_text(mode, registry.id_base());
            files.push(SchemaFile { name, contents });
        }
    }
    Ok(files)
}

fn check_meta_schema(name: &str, schema: &Value) -> Result<(), CodegenError> {
    jsonschema::meta::validate(schema).map_err(|e| CodegenError::InvalidSchema {
        file: name.to_owned(),
        message: e.to_string(),
    })?;
    // Compiling catches what the meta-schema cannot: patterns that are not regular expressions.
    // With the options the schema will run with, so that what renders also runs.
    crate::validate::compile(schema)
        .map(drop)
        .map_err(|message| CodegenError::InvalidSchema {
            file: name.to_owned(),
            message,
        })
}

/// A file whose contents on disk differ from what the models produce.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drift {
    /// The file is missing.
    Missing(String),
    /// The file differs; the unified diff goes from disk to generated.
    Stale {
        /// The file name.
        name: String,
        /// A unified diff, disk -> generated.
        diff: String,
    },
    /// A `*.schema.json` file that an earlier `gen-schema` wrote (its `$id` names it) and that
    /// belongs to no registered model now. Only [`SyncMode::WritePrune`] removes it.
    Orphan(String),
}

impl Drift {
    /// The file name.
    #[must_use]
    pub fn name(&self) -> &str {
        match self {
            Drift::Missing(n) | Drift::Orphan(n) | Drift::Stale { name: n, .. } => n,
        }
    }
}

/// What [`sync`] found or did.
#[derive(Debug, Default)]
pub struct SyncReport {
    /// Files that differed from the models (in check mode: the failures).
    pub drift: Vec<Drift>,
    /// Files written or removed (write mode only).
    pub changed: Vec<String>,
    /// Files already up to date.
    pub unchanged: Vec<String>,
    /// `*.schema.json` files that tracer-schema did not write: never touched, never drift.
    pub foreign: Vec<String>,
}

impl SyncReport {
    /// A readable account of the drift, with diffs and the command that fixes it.
    #[must_use]
    pub fn describe_drift(&self, fix_command: &str) -> String {
        let mut out = String::new();
        for d in &self.drift {
            match d {
                Drift::Missing(n) => {
                    let _ = writeln!(out, "missing: {n}");
                }
                Drift::Orphan(n) => {
                    let _ = writeln!(out, "belongs to no model: {n}");
                }
                Drift::Stale { name, diff } => {
                    let _ = writeln!(out, "stale: {name}\n{diff}");
                }
            }
        }
        let _ = writeln!(
            out,
            "schema files are out of date: run `{fix_command}` and commit the result"
        );
        out
    }
}

/// Whether [`sync`] writes or only compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncMode {
    /// Write changed files; leave every other file alone (orphans are reported).
    Write,
    /// Write changed files and remove orphans: regular files whose `$id` shows that
    /// `gen-schema` wrote them. Nothing else is ever removed.
    WritePrune,
    /// Write nothing; report drift.
    Check,
}

fn is_schema_file(name: &str) -> bool {
    name.ends_with(".schema.json")
}

/// Brings `dir` in line with `files` (or, in check mode, reports how it differs).
pub fn sync(dir: &Path, files: &[SchemaFile], mode: SyncMode) -> Result<SyncReport, CodegenError> {
    let mut report = SyncReport::default();
    let writing = matches!(mode, SyncMode::Write | SyncMode::WritePrune);
    if writing {
        fs::create_dir_all(dir).map_err(io(dir))?;
        let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        sweep_temporary_files(dir, &names);
    }
    for file in files {
        let path = dir.join(&file.name);
        let current = match fs::read_to_string(&path) {
            Ok(text) => Some(text.replace("\r\n", "\n")),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(io(&path)(e)),
        };
        match current {
            Some(text) if text == file.contents => report.unchanged.push(file.name.clone()),
            other => {
                report.drift.push(match other {
                    None => Drift::Missing(file.name.clone()),
                    Some(text) => Drift::Stale {
                        name: file.name.clone(),
                        diff: unified_diff(&file.name, &text, &file.contents),
                    },
                });
                if writing {
                    write_atomically(&path, &file.contents)?;
                    report.changed.push(file.name.clone());
                }
            }
        }
    }
    if dir.is_dir() {
        let base = id_base(files);
        let mut orphans: Vec<String> = fs::read_dir(dir)
            .map_err(io(dir))?
            .filter_map(Result::ok)
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| is_schema_file(n) && !files.iter().any(|f| &f.name == n))
            .collect();
        orphans.sort();
        for name in orphans {
            let path = dir.join(&name);
            if !written_by_gen_schema(&path, &name, base.as_deref()) {
                report.foreign.push(name);
                continue;
            }
            if mode == SyncMode::WritePrune {
                fs::remove_file(&path).map_err(io(&path))?;
                report.changed.push(name.clone());
            }
            report.drift.push(Drift::Orphan(name));
        }
    }
    Ok(report)
}

/// The `$id` of a generated document, read from its text.
fn id_of(text: &str) -> Option<String> {
    serde_json::from_str::<Value>(text)
        .ok()?
        .get("$id")?
        .as_str()
        .map(str::to_owned)
}

/// The `$id` base the files being written share (`urn:tracer-schema:` unless the registry sets
/// another): every generated `$id` is the base followed by the file name.
fn id_base(files: &[SchemaFile]) -> Option<String> {
    let file = files.first()?;
    id_of(&file.contents)?
        .strip_suffix(&file.name)
        .map(str::to_owned)
}

/// Whether `path` is a regular file (not a link) that this registry's `gen-schema` wrote: its
/// `$id` is exactly this registry's base followed by its own file name. A hand-written schema,
/// even one that names itself in its `$id`, is never taken for ours.
fn written_by_gen_schema(path: &Path, name: &str, base: Option<&str>) -> bool {
    const LARGEST_GENERATED: u64 = 16 << 20;
    let Some(base) = base else {
        return false;
    };
    let regular = fs::symlink_metadata(path)
        .is_ok_and(|m| m.file_type().is_file() && m.len() <= LARGEST_GENERATED);
    if !regular {
        return false;
    }
    fs::read_to_string(path)
        .ok()
        .and_then(|text| id_of(&text))
        .is_some_and(|id| id == format!("{base}{name}"))
}

/// The temporary file being written, if any, for [`remove_temporary_file`].
static WRITING: std::sync::Mutex<Option<PathBuf>> = std::sync::Mutex::new(None);

/// Removes the temporary file a write in progress left, if any. A binary calls it from its
/// interrupt (Ctrl-C) handler, so that an interrupted `gen-schema` leaves nothing behind.
pub fn remove_temporary_file() {
    if let Ok(mut slot) = WRITING.lock() {
        if let Some(tmp) = slot.take() {
            let _ = fs::remove_file(tmp);
        }
    }
}

/// The temporary name of `file_name` for this process.
fn temporary_name(file_name: &str) -> String {
    format!(".{file_name}.{}.tmp", std::process::id())
}

/// Removes temporary files that an interrupted earlier run left for `names` (`.<name>.<pid>.tmp`,
/// a pattern only this module writes).
fn sweep_temporary_files(dir: &Path, names: &[&str]) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name();
        let Some(file) = file.to_str() else {
            continue;
        };
        let leftover = names.iter().any(|name| {
            file.strip_prefix(&format!(".{name}."))
                .and_then(|rest| rest.strip_suffix(".tmp"))
                .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
        });
        let regular = entry.file_type().is_ok_and(|t| t.is_file());
        if leftover && regular {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Writes through a temporary file in the same folder and renames it over `path`.
fn write_atomically(path: &Path, contents: &str) -> Result<(), CodegenError> {
    let file_name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("schema");
    let tmp = path.with_file_name(temporary_name(file_name));
    if let Ok(mut slot) = WRITING.lock() {
        *slot = Some(tmp.clone());
    }
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(contents.as_bytes())?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if let Ok(mut slot) = WRITING.lock() {
        *slot = None;
    }
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(io(path))
}

fn unified_diff(name: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(2)
        .header(
            &format!("a/{name} (on disk)"),
            &format!("b/{name} (generated)"),
        )
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tempdir(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "tracer-schema-codegen-{tag}-{}",
            std::process::id()
        ));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn write_then_check_is_clean_and_drift_is_reported() {
        let dir = tempdir("sync");
        let files = render(&Registry::builtin()).unwrap();
        // Two schemas (validation, serialization) for each of the six built-in models.
        assert_eq!(files.len(), 12);
        let first = sync(&dir, &files, SyncMode::Write).unwrap();
        assert_eq!(first.changed.len(), 12);
        assert!(sync(&dir, &files, SyncMode::Check)
            .unwrap()
            .drift
            .is_empty());

        fs::write(dir.join("TracerSession.schema.json"), "{}\n").unwrap();
        fs::write(
            dir.join("Gone.schema.json"),
            r#"{"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "urn:tracer-schema:Gone.schema.json"}"#,
        )
        .unwrap();
        fs::remove_file(dir.join("TracerSessionResult.schema.json")).unwrap();
        let report = sync(&dir, &files, SyncMode::Check).unwrap();
        let names: Vec<_> = report.drift.iter().map(Drift::name).collect();
        assert_eq!(
            names,
            [
                "TracerSession.schema.json",
                "TracerSessionResult.schema.json",
                "Gone.schema.json"
            ]
        );
        let text = report.describe_drift("cargo xtask gen-schema");
        assert!(
            text.contains("-{}") && text.contains("belongs to no model: Gone.schema.json"),
            "{text}"
        );
        // Check mode wrote nothing.
        assert_eq!(
            fs::read_to_string(dir.join("TracerSession.schema.json")).unwrap(),
            "{}\n"
        );

        // Writing leaves the orphan (and reports it); pruning removes it.
        sync(&dir, &files, SyncMode::Write).unwrap();
        assert!(dir.join("Gone.schema.json").exists());
        sync(&dir, &files, SyncMode::WritePrune).unwrap();
        assert!(sync(&dir, &files, SyncMode::Check)
            .unwrap()
            .drift
            .is_empty());
        assert!(!dir.join("Gone.schema.json").exists());
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn rendering_is_byte_stable() {
        let registry = Registry::builtin();
        assert_eq!(render(&registry).unwrap(), render(&registry).unwrap());
    }

    #[test]
    fn removes_only_what_it_wrote_and_only_when_asked() {
        let dir = tempdir("prune");
        fs::create_dir_all(&dir).unwrap();
        let ours = r#"{"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "urn:tracer-schema:Gone.schema.json"}"#;
        fs::write(dir.join("Gone.schema.json"), ours).unwrap();
        fs::write(dir.join("Theirs.schema.json"), r#"{"type": "object"}"#).unwrap();
        // A hand-written schema that names itself in its `$id` is still not ours.
        let named = r#"{"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "https://example.com/Named.schema.json"}"#;
        fs::write(dir.join("Named.schema.json"), named).unwrap();
        fs::write(dir.join("Broken.schema.json"), "not json").unwrap();
        let elsewhere = dir.join("elsewhere.json");
        fs::write(&elsewhere, ours.replace("Gone", "Linked")).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&elsewhere, dir.join("Linked.schema.json")).unwrap();
        // What an interrupted run leaves: ours by name, swept on the next write.
        fs::write(dir.join(".TracerSession.schema.json.4242.tmp"), "partial").unwrap();
        fs::write(dir.join(".notes.4242.tmp"), "not ours").unwrap();
        let files = render(&Registry::builtin()).unwrap();

        let report = sync(&dir, &files, SyncMode::Write).unwrap();
        assert!(
            dir.join("Gone.schema.json").exists(),
            "write mode removes nothing"
        );
        assert_eq!(
            report
                .drift
                .iter()
                .filter(|d| matches!(d, Drift::Orphan(_)))
                .count(),
            1
        );
        assert_eq!(report.foreign.len(), if cfg!(unix) { 4 } else { 3 });

        let report = sync(&dir, &files, SyncMode::WritePrune).unwrap();
        assert_eq!(report.changed, ["Gone.schema.json"]);
        assert!(!dir.join("Gone.schema.json").exists());
        for kept in [
            "Theirs.schema.json",
            "Named.schema.json",
            "Broken.schema.json",
            "elsewhere.json",
        ] {
            assert!(dir.join(kept).exists(), "{kept}");
        }
        let check = sync(&dir, &files, SyncMode::Check).unwrap();
        assert!(check.drift.is_empty(), "foreign files are not drift");
        fs::remove_dir_all(&dir).unwrap();
    }
}
