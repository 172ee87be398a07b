//! `cargo xtask`: the project's own commands (see `cargo xtask --help`).

mod bench;
mod conformance;
mod oracle_batch;
mod sdk_drift;
mod sdk_import;

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Project automation for tracer-schema.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write the JSON Schema of every registered model, in both modes, into `schemas/`
    /// (`tracer-schema gen-schema`; see `cargo xtask gen-schema --help`).
    #[command(disable_help_flag = true)]
    GenSchema {
        /// Passed to `tracer-schema gen-schema`.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<std::ffi::OsString>,
    },
    /// Compare the installed Python SDK's models with ours; exit 1 on any difference.
    SdkDrift(sdk_drift::Args),
    /// Write the Rust models of Run, Example, Dataset and Feedback from the installed SDK
    /// (`--check`: exit 1 when the committed files differ).
    SdkImport(sdk_import::Args),
    /// Check stored payloads against a model or schema (`tracer-schema validate`; with no
    /// model, schema or path: everything `schemas/validate.toml` lists).
    #[command(disable_help_flag = true)]
    Validate {
        /// Passed to `tracer-schema validate`.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<std::ffi::OsString>,
    },
    /// Measure validation speed and memory against a parse-only baseline.
    Bench(bench::Args),
    /// Run `validate --schema` on the JSON Schema Test Suite (draft 2020-12).
    Conformance(conformance::Args),
    /// What tracer-schema makes of `{"model", "input"}` lines on stdin (for the SDK fuzzer).
    #[command(hide = true)]
    OracleBatch,
}

/// The workspace root (xtask lives one level below it).
fn project_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map_or(manifest.clone(), PathBuf::from)
}

/// `cargo xtask gen-schema`: the CLI's, writing into this repository's `schemas/`.
fn gen_schema(args: Vec<std::ffi::OsString>) -> ExitCode {
    let mut forwarded: Vec<std::ffi::OsString> = vec!["cargo xtask".into(), "gen-schema".into()];
    if !args.iter().any(|a| {
        a.to_str()
            .is_some_and(|a| a == "--out" || a.starts_with("--out="))
    }) {
        forwarded.push("--out".into());
        forwarded.push(project_root().join("schemas").into());
    }
    forwarded.push("--fix-command".into());
    forwarded.push("cargo xtask gen-schema".into());
    forwarded.extend(args);
    tracer_schema_cli::run_from(&tracer_schema::Registry::builtin(), forwarded)
}

/// `cargo xtask validate`: the CLI's; with neither `--model` nor `--schema` it checks what
/// `schemas/validate.toml` lists, from the repository root.
fn validate(args: Vec<std::ffi::OsString>) -> anyhow::Result<ExitCode> {
    let names_target = args.iter().any(|a| {
        a.to_str().is_some_and(|a| {
            matches!(a, "--model" | "--schema" | "--help" | "-h")
                || a.starts_with("--model=")
                || a.starts_with("--schema=")
        })
    });
    if !names_target {
        let root = project_root();
        std::env::set_current_dir(&root)
            .map_err(|e| anyhow::anyhow!("entering {}: {e}", root.display()))?;
    }
    let mut forwarded: Vec<std::ffi::OsString> = vec!["cargo xtask".into(), "validate".into()];
    forwarded.extend(args);
    Ok(tracer_schema_cli::run_from(
        &tracer_schema::Registry::builtin(),
        forwarded,
    ))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::GenSchema { args } => Ok(gen_schema(args)),
        Command::SdkDrift(args) => sdk_drift::run(&args),
        Command::SdkImport(args) => sdk_import::run(&args, &project_root()),
        Command::Validate { args } => validate(args),
        Command::Bench(args) => bench::run(&args, &project_root()),
        Command::OracleBatch => oracle_batch::run(),
        Command::Conformance(args) => conformance::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            // A closed stderr must not turn an error into a panic.
            let _ = writeln!(std::io::stderr(), "error: {e:#}");
            ExitCode::from(2)
        }
    }
}
