//! `cargo xtask conformance --suite DIR`: `validate --schema` on the official JSON Schema Test
//! Suite (draft 2020-12), in process: every required test with formats as annotations (the
//! draft's default, `--format-annotation`), every optional/format test with formats asserted
//! (our default), remote references resolved from the suite's `remotes/` (`--ref-dir`).
//!
//! The suite comes with python-jsonschema's source distribution on the package registry:
//! `pip download jsonschema==4.26.0 --no-binary :all: --no-deps`, then `json/` inside it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use serde_json::Value;
use tracer_schema_cli::engine::{SchemaOptions, Target};

/// Options of `conformance`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The suite's root (holding tests/draft2020-12 and remotes).
    #[arg(long, value_name = "DIR")]
    suite: PathBuf,
    /// Fail when fewer required tests than this pass (a percentage).
    #[arg(long, default_value_t = 0.0)]
    min_required: f64,
    /// Fail when fewer optional/format tests than this pass (a percentage).
    #[arg(long, default_value_t = 0.0)]
    min_format: f64,
}

#[derive(Default)]
struct Tally {
    passed: usize,
    total: usize,
    failures: Vec<String>,
}

fn run_file(
    file: &Path,
    options: &SchemaOptions,
    scratch: &Path,
    tally: &mut Tally,
) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(file).with_context(|| file.display().to_string())?;
    let groups: Vec<Value> =
        serde_json::from_str(&text).with_context(|| file.display().to_string())?;
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("?");
    for (g, group) in groups.iter().enumerate() {
        let schema_path = scratch.join(format!("{name}-{g}.schema.json"));
        std::fs::write(&schema_path, group["schema"].to_string())?;
        let target = Target::schema_file_with(&schema_path, options);
        for test in group["tests"].as_array().into_iter().flatten() {
            tally.total += 1;
            let want = test["valid"].as_bool().unwrap_or(false);
            let got = match &target {
                Ok(target) => Some(target.check(&test["data"].to_string()).is_empty()),
                Err(_) => None,
            };
            if got == Some(want) {
                tally.passed += 1;
            } else {
                tally.failures.push(format!(
                    "{name}: {} / {}: expected {}, got {}",
                    group["description"].as_str().unwrap_or("?"),
                    test["description"].as_str().unwrap_or("?"),
                    if want { "valid" } else { "invalid" },
                    match (&target, got) {
                        (Err(e), _) => format!("a schema error: {e}"),
                        (_, Some(true)) => "valid".into(),
                        _ => "invalid".into(),
                    }
                ));
            }
        }
    }
    Ok(())
}

fn json_files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| dir.display().to_string())?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    Ok(files)
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let tests = args.suite.join("tests").join("draft2020-12");
    let remotes = args.suite.join("remotes");
    if !tests.is_dir() || !remotes.is_dir() {
        bail!(
            "{}: not the JSON Schema Test Suite (no tests/draft2020-12 and remotes)",
            args.suite.display()
        );
    }
    let scratch =
        std::env::temp_dir().join(format!("tracer-schema-conformance-{}", std::process::id()));
    std::fs::create_dir_all(&scratch)?;
    let mut report = String::new();
    let mut ok = true;
    for (label, dir, annotations, min) in [
        (
            "required (--format-annotation)",
            tests.clone(),
            true,
            args.min_required,
        ),
        (
            "optional/format (formats asserted)",
            tests.join("optional").join("format"),
            false,
            args.min_format,
        ),
    ] {
        let options = SchemaOptions {
            formats_as_annotations: annotations,
            ref_dir: Some(remotes.clone()),
        };
        let mut tally = Tally::default();
        for file in json_files(&dir)? {
            run_file(&file, &options, &scratch, &mut tally)?;
        }
        let pct = 100.0 * tally.passed as f64 / tally.total.max(1) as f64;
        let _ = writeln!(
            report,
            "{label}: {}/{} ({pct:.2}%)",
            tally.passed, tally.total
        );
        for failure in &tally.failures {
            let _ = writeln!(report, "  FAIL {failure}");
        }
        ok &= pct >= min;
    }
    let _ = std::fs::remove_dir_all(&scratch);
    print!("{report}");
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
