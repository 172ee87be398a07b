//! `gen-schema`: writes the registry's schema files, or checks that they are current.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use tracer_schema::codegen::{self, SyncMode};
use tracer_schema::Registry;

/// Options of `gen-schema`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write nothing; exit 1 with a diff when a file is stale, missing, or belongs to no model.
    #[arg(long)]
    check: bool,
    /// Write into this folder instead of `schemas/` (under the current directory).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// List the registered models and the files they produce, then exit.
    #[arg(long)]
    list: bool,
    /// Also remove schema files that an earlier gen-schema wrote for models that no longer
    /// exist. Files it did not write are never removed.
    #[arg(long, conflicts_with = "check")]
    prune: bool,
    /// How to name the fixing command in --check's message (an xtask names itself).
    #[arg(long, hide = true)]
    fix_command: Option<String>,
}

/// The command that fixes drift, for messages (the xtask names itself through `--fix-command`).
const FIX: &str = "tracer-schema gen-schema";

pub fn run(args: &Args, registry: &Registry) -> anyhow::Result<ExitCode> {
    if args.list {
        for model in registry.models() {
            let files: Vec<String> = tracer_schema::Mode::ALL
                .iter()
                .map(|m| m.file_name(model.name()))
                .collect();
            println!("{}\t{}", model.name(), files.join("\t"));
        }
        return Ok(ExitCode::SUCCESS);
    }
    let dir = args.out.clone().unwrap_or_else(|| PathBuf::from("schemas"));
    let files = codegen::render(registry).context("rendering schemas")?;
    let mode = if args.check {
        SyncMode::Check
    } else if args.prune {
        SyncMode::WritePrune
    } else {
        SyncMode::Write
    };
    let report =
        codegen::sync(&dir, &files, mode).with_context(|| format!("syncing {}", dir.display()))?;
    if args.check {
        if report.drift.is_empty() {
            println!(
                "{} schema files in {} are up to date",
                report.unchanged.len(),
                dir.display()
            );
            return Ok(ExitCode::SUCCESS);
        }
        // The command that fixes exactly this drift: with the same folder, and --prune when a
        // leftover of a removed model is part of it.
        let mut fix = args.fix_command.clone().unwrap_or_else(|| FIX.to_owned());
        if let Some(out) = &args.out {
            fix = format!("{fix} --out {}", out.display());
        }
        if report
            .drift
            .iter()
            .any(|d| matches!(d, tracer_schema::codegen::Drift::Orphan(_)))
        {
            fix.push_str(" --prune");
        }
        eprint!("{}", report.describe_drift(&fix));
        return Ok(ExitCode::from(1));
    }
    for name in &report.changed {
        let verb = if files.iter().any(|f| &f.name == name) {
            "wrote"
        } else {
            "removed"
        };
        println!("{verb} {}", dir.join(name).display());
    }
    for drift in &report.drift {
        if let (tracer_schema::codegen::Drift::Orphan(name), SyncMode::Write) = (drift, mode) {
            println!(
                "left {}: written for a model that no longer exists (--prune removes it)",
                dir.join(name).display()
            );
        }
    }
    for name in &report.foreign {
        println!(
            "left {}: not written by gen-schema",
            dir.join(name).display()
        );
    }
    println!(
        "{} schema files in {} ({} unchanged)",
        files.len(),
        dir.display(),
        report.unchanged.len()
    );
    Ok(ExitCode::SUCCESS)
}
