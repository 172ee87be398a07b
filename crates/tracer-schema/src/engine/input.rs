//! What to read: files by kind, folders searched for them, standard input.

use std::path::{Path, PathBuf};

/// How an input's bytes are cut into records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// One JSON document (`.json`).
    Json,
    /// One JSON document per line (`.jsonl`, `.ndjson`).
    JsonLines,
    /// Standard input: one document if the whole text is one, JSON Lines otherwise.
    Stdin,
}

/// One thing to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The path as reported (`-` for standard input).
    pub path: PathBuf,
    /// How to cut it into records.
    pub kind: InputKind,
}

impl Input {
    /// The name reports use.
    #[must_use]
    pub fn display(&self) -> String {
        self.path.display().to_string()
    }
}

/// The kind a file name implies, if it is one we read.
#[must_use]
pub fn kind_of(path: &Path) -> Option<InputKind> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("json") => Some(InputKind::Json),
        Some("jsonl" | "ndjson") => Some(InputKind::JsonLines),
        _ => None,
    }
}

/// What a command-line path names. A missing path is an error for the caller to report.
pub fn expand(arg: &Path) -> Result<Vec<Input>, std::io::Error> {
    if arg.as_os_str() == "-" {
        return Ok(vec![Input {
            path: arg.to_owned(),
            kind: InputKind::Stdin,
        }]);
    }
    let meta = std::fs::metadata(arg)?;
    if meta.is_dir() {
        let mut found: Vec<Input> = walkdir::WalkDir::new(arg)
            .follow_links(true)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .filter_map(|e| {
                kind_of(e.path()).map(|kind| Input {
                    path: e.into_path(),
                    kind,
                })
            })
            .collect();
        found.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(found)
    } else {
        // A file named explicitly is read even with another extension, as one document.
        Ok(vec![Input {
            path: arg.to_owned(),
            kind: kind_of(arg).unwrap_or(InputKind::Json),
        }])
    }
}

/// Expands every argument, in order, keeping going past missing paths.
#[must_use]
pub fn expand_all(args: &[PathBuf]) -> (Vec<Input>, Vec<(PathBuf, std::io::Error)>) {
    let (mut inputs, mut missing) = (Vec::new(), Vec::new());
    for arg in args {
        match expand(arg) {
            Ok(found) => inputs.extend(found),
            Err(e) => missing.push((arg.clone(), e)),
        }
    }
    (inputs, missing)
}

/// A `PathBuf` for standard input.
#[must_use]
pub fn stdin_path() -> PathBuf {
    PathBuf::from("-")
}
