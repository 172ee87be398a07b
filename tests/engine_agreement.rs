//! The validation engine (what `cargo xtask validate` runs per record) judges the oracle corpus
//! as the SDK does, in validation mode, and accepts every SDK dump in serialization mode.

use tracer_schema::{Mode, Registry};
use tracer_schema_cli::engine::records::check_record;
use tracer_schema_cli::engine::Target;
use tracer_schema_tests::oracle_cases;

#[test]
fn engine_verdicts_agree_with_the_sdk() {
    let registry = Registry::builtin();
    let target = |model: &str, mode| Target::model(*registry.get(model).expect("registered"), mode);
    let validation = [
        ("TracerSession", target("TracerSession", Mode::Validation)),
        (
            "TracerSessionResult",
            target("TracerSessionResult", Mode::Validation),
        ),
    ];
    let serialization = [
        (
            "TracerSession",
            target("TracerSession", Mode::Serialization),
        ),
        (
            "TracerSessionResult",
            target("TracerSessionResult", Mode::Serialization),
        ),
    ];
    let pick = |set: &[(&str, Target); 2], model: &str| {
        set.iter()
            .find(|(m, _)| *m == model)
            .expect("model")
            .1
            .clone()
    };
    let cases = oracle_cases();
    let mut disagreements = Vec::new();
    for case in &cases {
        let outcome = check_record(case.input.as_bytes(), 1, &pick(&validation, &case.model));
        if outcome.is_valid() != case.valid {
            disagreements.push(format!(
                "{} {}: sdk={} engine={:?}",
                case.id,
                case.family,
                case.valid,
                outcome.errors.first().map(|e| &e.message)
            ));
        }
        // Rejections always come with at least one located error.
        if !outcome.is_valid() {
            assert!(
                outcome.errors.iter().all(|e| e.line >= 1 && e.column >= 1),
                "case {}",
                case.id
            );
        }
        if let Some(dump) = &case.dump {
            let written = check_record(dump.as_bytes(), 1, &pick(&serialization, &case.model));
            assert!(
                written.is_valid(),
                "case {}: SDK dump fails serialization mode: {:?}",
                case.id,
                written.errors
            );
        }
    }
    let agree = cases.len() - disagreements.len();
    let pct = 100.0 * agree as f64 / cases.len() as f64;
    println!(
        "engine verdicts agree with the SDK: {agree}/{} ({pct:.2}%)",
        cases.len()
    );
    assert!(pct >= 99.5, "{pct:.2}%\n{}", disagreements.join("\n"));
}
