//! `cargo xtask sdk-import`: writes the Rust models of the SDK's stored data from the installed
//! LangSmith SDK (`sdk_import.py` introspects it), or with `--check` fails when the committed
//! files differ from what the SDK would generate.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use anyhow::{bail, Context};
use serde::Deserialize;

/// The models imported, in file order; the types they hold come with them.
pub const ROOTS: [&str; 4] = ["Run", "Example", "Dataset", "Feedback"];

/// The folder of generated files, relative to the workspace root.
const OUT_DIR: &str = "crates/tracer-schema/src/generated";

/// Options of `sdk-import`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The Python interpreter that has langsmith installed.
    #[arg(long, default_value = "python3", value_name = "PATH")]
    python: PathBuf,
    /// Write nothing; exit 1 when a committed file differs from what the SDK generates.
    #[arg(long)]
    check: bool,
}

/// What `sdk_import.py` prints.
#[derive(Debug, Deserialize)]
struct Import {
    version: String,
    files: BTreeMap<String, String>,
    covered: Vec<String>,
    sdk_models: Vec<String>,
    errors: Vec<String>,
}

fn join(names: &[&String]) -> String {
    names
        .iter()
        .map(|n| n.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The lines that differ, as a unified diff (at most 80 lines per file).
fn diff(path: &str, committed: &str, generated: &str) -> String {
    let text = similar::TextDiff::from_lines(committed, generated)
        .unified_diff()
        .context_radius(1)
        .header(
            &format!("a/{path} (committed)"),
            &format!("b/{path} (generated)"),
        )
        .to_string();
    let mut lines: Vec<&str> = text.lines().collect();
    let cut = lines.len() > 80;
    lines.truncate(80);
    let mut out = lines.join("\n");
    out.push('\n');
    if cut {
        out.push_str("...\n");
    }
    out
}

/// `text` as rustfmt writes it (the workspace's edition and settings).
fn rustfmt(text: &str, root: &Path) -> anyhow::Result<String> {
    let mut child = Command::new("rustfmt")
        .args(["--edition", "2021", "--emit", "stdout", "--quiet"])
        .current_dir(root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("running rustfmt (rustup component add rustfmt)")?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(text.as_bytes())?;
    }
    let out = child.wait_with_output()?;
    if !out.status.success() {
        bail!(
            "rustfmt refused the generated code:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(String::from_utf8(out.stdout)?)
}

pub fn run(args: &Args, root: &Path) -> anyhow::Result<ExitCode> {
    let output = Command::new(&args.python)
        .arg("-c")
        .arg(include_str!("sdk_import.py"))
        .args(ROOTS)
        .output()
        .with_context(|| format!("running {}", args.python.display()))?;
    if !output.status.success() {
        bail!(
            "{} could not read the SDK (is langsmith installed?):\n{}",
            args.python.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let import: Import =
        serde_json::from_slice(&output.stdout).context("reading what sdk_import.py printed")?;
    if !import.errors.is_empty() {
        bail!(
            "langsmith {} has types the generator cannot map; add them to HAND_WRITTEN in xtask/src/sdk_import.py:\n  {}",
            import.version,
            import.errors.join("\n  ")
        );
    }
    let models: Vec<&String> = import
        .covered
        .iter()
        .filter(|c| import.sdk_models.contains(c))
        .collect();
    let others: Vec<&String> = import
        .covered
        .iter()
        .filter(|c| !import.sdk_models.contains(c))
        .collect();
    println!(
        "langsmith {}: generates {} of the SDK's {} pydantic models ({}) and the types they hold ({}); TracerSession and TracerSessionResult are hand-written, the rest are not imported",
        import.version,
        models.len(),
        import.sdk_models.len(),
        join(&models),
        join(&others)
    );
    let mut differing = Vec::new();
    for (path, text) in &import.files {
        let formatted = rustfmt(text, root)?;
        let file = root.join(path);
        let committed = std::fs::read_to_string(&file).unwrap_or_default();
        if committed == formatted {
            continue;
        }
        differing.push(path.clone());
        if args.check {
            // Shown, so that a report-only run against a new release says what would change.
            print!("{}", diff(path, &committed, &formatted));
        } else {
            if let Some(dir) = file.parent() {
                std::fs::create_dir_all(dir)?;
            }
            std::fs::write(&file, formatted).with_context(|| format!("writing {path}"))?;
        }
    }
    // Generated files the SDK no longer produces (a model renamed or removed).
    let dir = root.join(OUT_DIR);
    for entry in std::fs::read_dir(&dir).with_context(|| format!("reading {OUT_DIR}"))? {
        let path = entry?.path();
        let relative = format!(
            "{OUT_DIR}/{}",
            path.file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
        );
        let generated = std::fs::read_to_string(&path)
            .is_ok_and(|t| t.contains("@generated by `cargo xtask sdk-import`"));
        if generated && !import.files.contains_key(&relative) {
            differing.push(relative.clone());
            if !args.check {
                std::fs::remove_file(&path).with_context(|| format!("removing {relative}"))?;
            }
        }
    }
    if differing.is_empty() {
        println!("{OUT_DIR}: up to date");
        return Ok(ExitCode::SUCCESS);
    }
    if args.check {
        for path in &differing {
            println!(
                "{path}: differs from what langsmith {} generates",
                import.version
            );
        }
        println!("run `cargo xtask sdk-import` and review the diff");
        return Ok(ExitCode::from(1));
    }
    for path in &differing {
        println!("{path}: written");
    }
    Ok(ExitCode::SUCCESS)
}
