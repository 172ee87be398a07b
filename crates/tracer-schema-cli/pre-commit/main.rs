//! The pre-commit hook's binary: `tracer-schema` under another name, built by pre-commit's
//! `language: rust` (which runs `cargo install --path .` at the repository root, so the root
//! manifest is a package as well as the workspace).

fn main() -> std::process::ExitCode {
    tracer_schema_cli::run(tracer_schema::Registry::builtin())
}
