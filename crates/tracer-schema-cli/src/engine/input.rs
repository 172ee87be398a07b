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
    /// Something named (or found in a folder) that cannot be read: [`Input::problem`] says why.
    /// It is reported in every format and makes the exit status 2.
    Unreadable,
}

/// One thing to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The path as reported (`-` for standard input).
    pub path: PathBuf,
    /// How to cut it into records.
    pub kind: InputKind,
    /// Why it cannot be read, for [`InputKind::Unreadable`].
    pub problem: Option<String>,
}

impl Input {
    /// An input to read.
    #[must_use]
    pub fn new(path: PathBuf, kind: InputKind) -> Self {
        Input {
            path,
            kind,
            problem: None,
        }
    }

    /// Something that cannot be read, and why.
    #[must_use]
    pub fn unreadable(path: PathBuf, problem: impl Into<String>) -> Self {
        Input {
            path,
            kind: InputKind::Unreadable,
            problem: Some(problem.into()),
        }
    }

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

/// Why a file that looks like one of ours cannot be read as a file, if so: FIFOs, devices and
/// sockets would block or never end (a FIFO, `/dev/zero`), so they are named, not read.
fn not_regular(meta: &std::fs::Metadata) -> Option<&'static str> {
    (!meta.is_file()).then_some(
        "not a regular file (a FIFO, device or socket); pipe it into `-` to read a stream",
    )
}

/// What a command-line path names, in order: inputs to read, and the problems found on the way
/// (a missing path, an unreadable folder entry, a dangling link, a FIFO), each as an
/// [`InputKind::Unreadable`] input so that every report format carries it.
#[must_use]
pub fn expand(arg: &Path) -> Vec<Input> {
    if arg.as_os_str() == "-" {
        return vec![Input::new(arg.to_owned(), InputKind::Stdin)];
    }
    let meta = match std::fs::metadata(arg) {
        Ok(meta) => meta,
        Err(e) => return vec![Input::unreadable(arg.to_owned(), e.to_string())],
    };
    if !meta.is_dir() {
        if let Some(problem) = not_regular(&meta) {
            return vec![Input::unreadable(arg.to_owned(), problem)];
        }
        // A file named explicitly is read even with another extension, as one document.
        let kind = kind_of(arg).unwrap_or(InputKind::Json);
        return vec![Input::new(arg.to_owned(), kind)];
    }
    let mut found = Vec::new();
    // Hidden files and folders (`.git`, `.venv`, editors' `.#draft.json`) are not inputs, as
    // in ripgrep and ruff; the folder named on the command line is scanned even if hidden.
    let walk = walkdir::WalkDir::new(arg)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walk {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                // A dangling link, a folder without permission, a link loop: never skipped
                // silently.
                let path = e.path().map_or_else(|| arg.to_owned(), Path::to_owned);
                let message = e
                    .io_error()
                    .map_or_else(|| e.to_string(), ToString::to_string);
                found.push(Input::unreadable(path, message));
                continue;
            }
        };
        if entry.file_type().is_dir() {
            continue;
        }
        let Some(kind) = kind_of(entry.path()) else {
            continue;
        };
        match entry.metadata() {
            Ok(meta) if not_regular(&meta).is_some() => {
                found.push(Input::unreadable(
                    entry.into_path(),
                    not_regular(&meta).unwrap_or_default(),
                ));
            }
            Ok(_) => found.push(Input::new(entry.into_path(), kind)),
            Err(e) => found.push(Input::unreadable(entry.into_path(), e.to_string())),
        }
    }
    found.sort_by(|a, b| a.path.cmp(&b.path));
    if found.is_empty() {
        found.push(Input::unreadable(
            arg.to_owned(),
            "no inputs: the folder holds no .json, .jsonl or .ndjson files",
        ));
    }
    found
}

/// Expands every argument, in order.
#[must_use]
pub fn expand_all(args: &[PathBuf]) -> Vec<Input> {
    args.iter().flat_map(|arg| expand(arg)).collect()
}

/// A `PathBuf` for standard input.
#[must_use]
pub fn stdin_path() -> PathBuf {
    PathBuf::from("-")
}
