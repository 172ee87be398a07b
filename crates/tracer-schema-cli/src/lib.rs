//! The `tracer-schema` command line, as a library: [`run`] gives a binary (ours, or a
//! downstream crate's with its own models) the whole command line over a [`Registry`].
//!
//! ```no_run
//! use tracer_schema::Registry;
//!
//! fn main() -> std::process::ExitCode {
//!     // A downstream binary: its own models beside the built-in ones.
//!     tracer_schema_cli::run(Registry::builtin() /* .with::<MyModel>() */)
//! }
//! ```
//!
//! Subcommands: `validate` (stored payloads: files, folders, JSON Lines, stdin), `gen-schema`
//! (write or check the schema files), `schema` (one schema on stdout), `models` (the registered
//! models), `completions` and `man`.

use std::ffi::OsString;
use std::io::Write as _;
use std::process::ExitCode;

use clap::Parser as _;
use tracer_schema::Registry;

mod cli;
mod commands;
pub mod engine;

/// Parses the process's arguments and runs the command over `registry`.
#[must_use]
// By value: a binary builds its registry inline (`run(Registry::builtin().with::<M>())`).
#[allow(clippy::needless_pass_by_value)]
pub fn run(registry: Registry) -> ExitCode {
    run_from(&registry, std::env::args_os())
}

/// [`run`] with explicit arguments (the first is the program name), for tests and for tools
/// that build the argument list themselves (an xtask).
pub fn run_from<I, T>(registry: &Registry, args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match cli::Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            // `--help` and `--version` are not errors; a closed pipe is not worth a panic.
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    // An interrupted gen-schema leaves no temporary file behind; 130 is the shell's status
    // for a run ended by SIGINT.
    let _ = ctrlc::set_handler(|| {
        tracer_schema::codegen::remove_temporary_file();
        std::process::exit(130);
    });
    match commands::run(cli, registry) {
        Ok(code) => code,
        Err(e) => {
            // A closed stderr must not turn an error into a panic.
            // Paths and names in it come from the user: no raw control characters.
            let message = engine::report::terminal_safe(&format!("{e:#}"));
            let _ = writeln!(std::io::stderr(), "error: {message}");
            ExitCode::from(2)
        }
    }
}
