//! The downstream crate's own validator: `tracer-schema`'s whole command line (validate,
//! gen-schema, schema, models) over its models and the built-in ones, in one call.

fn main() -> std::process::ExitCode {
    tracer_schema_cli::run(tracer_schema_downstream::registry())
}
