//! `tracer-schema`: validate stored LangSmith payloads, write and print the models' schemas.

use std::process::ExitCode;

fn main() -> ExitCode {
    tracer_schema_cli::run(tracer_schema::Registry::builtin())
}
