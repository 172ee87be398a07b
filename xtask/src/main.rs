//! `cargo xtask`: the project's own commands (see `cargo xtask --help`).

mod bench;
mod gen_schema;
mod oracle_batch;
mod sdk_drift;
mod validate;

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
    /// Write the JSON Schema of every registered model, in both modes, into `schemas/`.
    GenSchema(gen_schema::Args),
    /// Compare the installed Python SDK's models with ours; exit 1 on any difference.
    SdkDrift(sdk_drift::Args),
    /// Check stored payloads (files, folders, JSON Lines, stdin) against a model or schema.
    Validate(validate::Args),
    /// Measure validation speed and memory against a parse-only baseline.
    Bench(bench::Args),
    /// What tracer-schema makes of `{"model", "input"}` lines on stdin (for the SDK fuzzer).
    #[command(hide = true)]
    OracleBatch,
}

/// The workspace root (xtask lives one level below it).
fn project_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map_or(manifest.clone(), PathBuf::from)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // An interrupted gen-schema leaves no temporary file behind; 130 is the shell's status for
    // a run ended by SIGINT.
    let _ = ctrlc::set_handler(|| {
        tracer_schema::codegen::remove_temporary_file();
        std::process::exit(130);
    });
    let result = match cli.command {
        Command::GenSchema(args) => gen_schema::run(&args, &project_root()),
        Command::SdkDrift(args) => sdk_drift::run(&args),
        Command::Validate(args) => validate::run(&args, &project_root()),
        Command::Bench(args) => bench::run(&args, &project_root()),
        Command::OracleBatch => oracle_batch::run(),
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
