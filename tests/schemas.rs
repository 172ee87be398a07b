//! The committed `schemas/` must be what the models generate (rust-analyzer's "generated files
//! are up to date" check): `cargo test` fails on a stale tree with the diff and the fix.

use tracer_schema::codegen::{self, SyncMode};
use tracer_schema::Registry;
use tracer_schema_tests::workspace_root;

#[test]
fn committed_schemas_are_up_to_date() {
    let files =
        codegen::render(&Registry::builtin()).expect("schemas render and pass the meta-schema");
    let report = codegen::sync(&workspace_root().join("schemas"), &files, SyncMode::Check)
        .expect("schemas/ is readable");
    assert!(
        report.drift.is_empty(),
        "{}",
        report.describe_drift("cargo xtask gen-schema")
    );
}
