//! The command line's shape (clap), shared by the binary, `run`, completions and the man page.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::commands::{gen_schema, validate};

/// Validate stored LangSmith payloads against the Python SDK's models, and write or print the
/// models' JSON Schemas.
#[derive(Debug, Parser)]
#[command(name = "tracer-schema", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check stored payloads (files, folders, JSON Lines, stdin) against a model or schema.
    Validate(validate::Args),
    /// Write the JSON Schema of every registered model, in both modes, or check them.
    GenSchema(gen_schema::Args),
    /// Print one model's JSON Schema (byte for byte what gen-schema writes).
    Schema(SchemaArgs),
    /// List the registered models with their descriptions.
    Models,
    /// Print a shell completion script.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    Man {
        /// Write it into this folder as tracer-schema.1, with a page per subcommand
        /// (tracer-schema-validate.1, ...), instead of the main page to standard output.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
}

/// Options of `schema`.
#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// The registered model.
    pub model: String,
    /// Which of its schemas.
    #[arg(long, default_value = "validation", value_parser = ["validation", "serialization"])]
    pub mode: String,
}
