//! One module per subcommand.

use std::io::Write as _;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::CommandFactory as _;
use tracer_schema::{Mode, Registry};

use crate::cli::{Cli, Command, SchemaArgs};

pub(crate) mod gen_schema;
pub(crate) mod validate;

/// Runs one parsed command line.
pub(crate) fn run(cli: Cli, registry: &Registry) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Validate(args) => validate::run(&args, registry),
        Command::GenSchema(args) => gen_schema::run(&args, registry),
        Command::Schema(args) => schema(&args, registry),
        Command::Models => Ok(models(registry)),
        Command::Completions { shell } => {
            let mut command = Cli::command();
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut command, "tracer-schema", &mut script);
            let mut script = String::from_utf8_lossy(&script).into_owned();
            if shell == clap_complete::Shell::Bash {
                // clap_complete names the bash cases of a hyphenated program inconsistently
                // (`tracer__subcmd__schema__...` against `tracer__schema__...`), so nothing
                // completes after a subcommand; the names are made to agree.
                script = script.replace("tracer__subcmd__schema", "tracer__schema");
            }
            let _ = std::io::stdout().write_all(script.as_bytes());
            Ok(ExitCode::SUCCESS)
        }
        Command::Man { out } => {
            let command = Cli::command();
            let page = clap_mangen::Man::new(command.clone());
            match out {
                Some(dir) => {
                    page.generate_to(&dir)
                        .with_context(|| format!("writing the man page into {}", dir.display()))?;
                    // The main page's SUBCOMMANDS section names a page per subcommand
                    // (`tracer-schema-validate(1)`): write them too.
                    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
                        let name = format!("{}-{}", command.get_name(), sub.get_name());
                        let path = dir.join(format!("{name}.1"));
                        // clap names take `&'static str`: a few bytes, once per process.
                        let name: &'static str = Box::leak(name.into_boxed_str());
                        let sub = sub.clone().name(name).version(env!("CARGO_PKG_VERSION"));
                        let mut text = Vec::new();
                        clap_mangen::Man::new(sub)
                            .render(&mut text)
                            .and_then(|()| std::fs::write(&path, text))
                            .with_context(|| format!("writing {}", path.display()))?;
                    }
                }
                None => page
                    .render(&mut std::io::stdout())
                    .context("writing the man page")?,
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn unknown_model(registry: &Registry, name: &str) -> anyhow::Error {
    anyhow::anyhow!(
        "unknown model `{name}`; registered: {}",
        registry.names().collect::<Vec<_>>().join(", ")
    )
}

fn schema(args: &SchemaArgs, registry: &Registry) -> anyhow::Result<ExitCode> {
    let mode: Mode = args.mode.parse().map_err(anyhow::Error::msg)?;
    let info = registry
        .get(&args.model)
        .ok_or_else(|| unknown_model(registry, &args.model))?;
    let text = info.schema_text(mode, registry.id_base());
    let mut out = std::io::stdout().lock();
    // A closed pipe (`| head`) is the reader's choice, not an error.
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
    Ok(ExitCode::SUCCESS)
}

fn models(registry: &Registry) -> ExitCode {
    let mut out = std::io::stdout().lock();
    for model in registry.models() {
        let summary = model.description().lines().next().unwrap_or_default();
        if writeln!(out, "{}\t{summary}", model.name()).is_err() {
            break;
        }
    }
    ExitCode::SUCCESS
}
