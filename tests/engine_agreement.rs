//! The validation engine (what `cargo xtask validate` runs per record) judges the oracle corpus
//! as the SDK does, in validation mode, and accepts every SDK dump in serialization mode.

use tracer_schema::{Mode, Registry};
use tracer_schema_cli::engine::records::check_record;
use tracer_schema_cli::engine::Target;
use tracer_schema_tests::{listed_deviations, model_oracle_cases, oracle_cases, MODELS};

#[test]
fn engine_verdicts_agree_with_the_sdk() {
    let registry = Registry::builtin();
    let target = |model: &str, mode| Target::model(*registry.get(model).expect("registered"), mode);
    let validation: Vec<(&str, Target)> = MODELS
        .iter()
        .map(|m| (*m, target(m, Mode::Validation)))
        .collect();
    let serialization: Vec<(&str, Target)> = MODELS
        .iter()
        .map(|m| (*m, target(m, Mode::Serialization)))
        .collect();
    let pick = |set: &[(&str, Target)], model: &str| {
        set.iter()
            .find(|(m, _)| *m == model)
            .expect("model")
            .1
            .clone()
    };
    let mut cases = oracle_cases();
    cases.extend(model_oracle_cases());
    let listed = listed_deviations();
    let (mut disagreements, mut unlisted) = (0, Vec::new());
    for case in &cases {
        let outcome = check_record(case.input.as_bytes(), 1, &pick(&validation, &case.model));
        if outcome.is_valid() != case.valid {
            disagreements += 1;
            // A verdict the engine gets wrong must be one the model gets wrong too, and known.
            if !listed.contains_key(&(case.id, "verdict".to_owned())) {
                unlisted.push(format!(
                    "{} {} {}: sdk={} engine={:?}",
                    case.id,
                    case.model,
                    case.family,
                    case.valid,
                    outcome.errors.first().map(|e| &e.message)
                ));
            }
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
    println!(
        "engine verdicts agree with the SDK on {} of {} inputs; the rest are listed deviations",
        cases.len() - disagreements,
        cases.len()
    );
    assert!(unlisted.is_empty(), "{}", unlisted.join("\n"));
}
