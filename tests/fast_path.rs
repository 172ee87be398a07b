//! The validator's fast path may never disagree with the model: on the oracle corpus and on
//! mutations of it (escapes, truncation, every field's hostile values, structure), the engine's
//! verdict, serde's verdict and `from_json`'s verdict are the same, every time.

use tracer_schema::{
    Dataset, Example, Feedback, Mode, Model, Registry, Run, TracerSession, TracerSessionResult,
};
use tracer_schema_cli::engine::Target;
use tracer_schema_tests::{model_oracle_cases, oracle_cases, MODELS};

/// A small deterministic generator (xorshift), so that failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn hostile_values() -> Vec<String> {
    let mut pool: Vec<String> = [
        r#""\ud800""#,
        r#""\udc00x""#,
        r#""\ud800\udc00""#,
        r#"{"a": "\ud800"}"#,
        r#"{"\udfff": 1}"#,
        r#"[{"a": "\ud800"}]"#,
        r#"[{}, {"k": [1, 2.50, -0]}]"#,
        r#"{"a": 1, "a": 2}"#,
        r#"{"metadata": {"x": 1}, "tags": ["a", 1]}"#,
        "1e400",
        "-1e400",
        "-0",
        "1E2",
        "0.1",
        "20000000000.5",
        "-1.25",
        r#""1e1000000000000000000""#,
        r#""30000000000000.5""#,
        r#""\u001c1""#,
        "[]",
        "{}",
        "null",
        "true",
        r#""""#,
        r#""x""#,
        "9.3e18",
        r#""00000000-0000-4000-8000-000000000009""#,
        r#""P1DT2H""#,
        r#""2024-06-06T01:02:51""#,
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    pool.push("9".repeat(4301));
    pool.push(format!("[{}]", "9".repeat(4300)));
    pool.push(format!("{}1{}", "{\"a\":".repeat(199), "}".repeat(199)));
    pool.push(format!("{}1{}", "{\"a\":".repeat(200), "}".repeat(200)));
    pool.push(format!("{}{}", "[".repeat(300), "]".repeat(300)));
    pool
}

const FIELDS: &[&str] = &[
    "id",
    "start_time",
    "end_time",
    "description",
    "name",
    "extra",
    "tenant_id",
    "reference_dataset_id",
    "run_count",
    "latency_p50",
    "total_tokens",
    "feedback_stats",
    "session_feedback_stats",
    "run_facets",
    "total_cost",
    "error_rate",
    "unknown_key",
    // Run, Example, Dataset, Feedback.
    "inputs",
    "outputs",
    "trace_id",
    "dotted_order",
    "parent_run_id",
    "child_runs",
    "attachments",
    "prompt_token_details",
    "prompt_cost_details",
    "in_dataset",
    "events",
    "metadata",
    "dataset_id",
    "inputs_schema",
    "inputs_schema_definition",
    "data_type",
    "transformations",
    "score",
    "value",
    "correction",
    "feedback_source",
    "self",
];

/// One mutation of `text`.
fn mutate(text: &str, rng: &mut Rng, pool: &[String]) -> String {
    match rng.below(4) {
        // Truncate.
        0 => {
            let mut at = rng.below(text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            text[..at].to_owned()
        }
        // Put a lone surrogate escape inside some string.
        1 => match text.match_indices('"').nth(rng.below(40)) {
            Some((i, _)) => format!("{}\\ud83d{}", &text[..=i], &text[i + 1..]),
            None => text.to_owned(),
        },
        // Set a field (known or not) to a hostile value, as the last member.
        _ => {
            let field = FIELDS[rng.below(FIELDS.len())];
            let value = &pool[rng.below(pool.len())];
            match text.trim_end().strip_suffix('}') {
                Some(body) if body.trim_end().ends_with('{') => {
                    format!("{body}\"{field}\": {value}}}")
                }
                Some(body) => format!("{body}, \"{field}\": {value}}}"),
                None => text.to_owned(),
            }
        }
    }
}

fn verdicts<M: Model>(target: &Target, text: &str) -> (bool, bool, bool) {
    (
        target.check(text).is_empty(),
        tracer_schema::from_pydantic_json::<M>(text).is_ok(),
        M::from_json(text).is_ok(),
    )
}

/// The three verdicts for one input of `model`.
fn verdicts_of(model: &str, target: &Target, text: &str) -> (bool, bool, bool) {
    match model {
        "TracerSession" => verdicts::<TracerSession>(target, text),
        "TracerSessionResult" => verdicts::<TracerSessionResult>(target, text),
        "Run" => verdicts::<Run>(target, text),
        "Example" => verdicts::<Example>(target, text),
        "Dataset" => verdicts::<Dataset>(target, text),
        "Feedback" => verdicts::<Feedback>(target, text),
        other => panic!("unknown model {other}"),
    }
}

#[test]
fn fast_path_equals_full_deserialization() {
    let registry = Registry::builtin();
    let target =
        |name: &str| Target::model(*registry.get(name).expect("registered"), Mode::Validation);
    let pool = hostile_values();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut checked, mut disagreements) = (0usize, Vec::new());
    let mut cases = oracle_cases();
    cases.extend(model_oracle_cases());
    let targets: Vec<(String, Target)> = MODELS
        .iter()
        .map(|m| ((*m).to_owned(), target(m)))
        .collect();
    for case in cases {
        let target = &targets
            .iter()
            .find(|(m, _)| *m == case.model)
            .expect("a built-in model")
            .1;
        let mut inputs = vec![case.input.clone()];
        for _ in 0..4 {
            let base = inputs[rng.below(inputs.len())].clone();
            inputs.push(mutate(&base, &mut rng, &pool));
        }
        for text in &inputs {
            let got = verdicts_of(&case.model, target, text);
            checked += 1;
            if !(got.0 == got.1 && got.1 == got.2) {
                disagreements.push(format!(
                    "{} (engine, serde, from_json) = {got:?}: {}",
                    case.model,
                    text.chars().take(300).collect::<String>()
                ));
            }
        }
    }
    println!("fast path agrees with full deserialization on {checked} inputs");
    assert!(checked > 50_000, "only {checked} inputs");
    assert!(
        disagreements.is_empty(),
        "{} disagreements:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}

/// Values aimed at the check-only reading's shortcuts: escapes it must not take at face value,
/// numbers at the edges of JSON's grammar and of each wire type, and every JSON kind.
fn check_only_values() -> Vec<String> {
    let mut values = hostile_values();
    values.extend(
        [
            r#""\u0030""#,
            r#""\"""#,
            r#""a\\b""#,
            r#""\/""#,
            r#""\ud83d\ude00""#,
            r#""\uD83D\uDE00""#,
            r#""\ud83d\u0041""#,
            r#""\x""#,
            r#""\u00e9t\u00E9""#,
            r#""é🙂""#,
            "\"a\u{7f}b\"",
            "0",
            "-0.0",
            "1.0",
            "1.5e3",
            "1E+2",
            "1e-7",
            "2.5E-3",
            "12345678901234567890",
            "-9223372036854775809",
            "340282366920938463463374607431768211456",
            "1e308",
            "1e309",
            "0.000000000000000000000000000001",
            "123456789.123456789123456789",
            r#""1e3""#,
            r#"" 12 ""#,
            r#""1_000""#,
            r#""0x10""#,
            r#""-0""#,
            r#""NaN""#,
            r#""inf""#,
            r#""PT1H""#,
            r#""P1Y""#,
            r#""-P1D""#,
            r#""12:30""#,
            r#""2024-02-30T00:00:00Z""#,
            r#""2024-06-06""#,
            r#""2024-06-06T01:02:51.123456789+05:30""#,
            r#""2024-06-06 01:02:51""#,
            "1717636971",
            "1717636971.5",
            "-1",
            "true",
            "false",
            r#""true""#,
            r#""{00000000-0000-4000-8000-000000000009}""#,
            r#""urn:uuid:00000000-0000-4000-8000-000000000009""#,
            r#""URN:UUID:00000000-0000-4000-8000-000000000009""#,
            r#""000000000000400080000000000000009""#,
            r#"[{"a": 1}, null]"#,
            r#"[{"a": NaN}]"#,
            r#"{"a": Infinity}"#,
            r#"{"a": [1, 2,]}"#,
            r#"{"a" 1}"#,
            "NaN",
            "-Infinity",
            "nul",
            "[",
            "{",
            r#"""#,
        ]
        .iter()
        .map(|s| (*s).to_owned()),
    );
    values
}

/// The check-only reading of the built-in models says "surely valid" only of records the model
/// accepts and "surely invalid" only of records it refuses, and explains those exactly as the
/// schema explains the whole record, on the oracle corpus, its mutations and every field set
/// to every value above; and it decides most records, or it would be no faster.
#[test]
fn check_only_verdicts_are_the_models() {
    /// The check-only verdict (`None`: unsure) and the model's; and for a record it refuses,
    /// whether its explanation differs from the whole record's (`Some(true)`).
    fn read<M: Model>(text: &str) -> (Option<bool>, bool, Option<bool>) {
        let plan = M::__check_only().expect("the model has a check-only reading");
        // Where the whole record does not parse as a tree (a number beyond a double, such as
        // `1e400`, which the SDK reads), the whole-record explanation falls back to the
        // parser's complaint; the reduced one names the refused fields, which is better.
        let explained = tracer_schema::__engine::check_only_explanations::<M>(text, 100)
            .filter(|_| serde_json::from_str::<serde_json::Value>(text).is_ok())
            .map(|[checked, full]| checked != full);
        (
            plan.verdict(text),
            tracer_schema::from_pydantic_json::<M>(text).is_ok(),
            explained,
        )
    }
    let values = check_only_values();
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let (mut checked, mut decided, mut valid_plain, mut vouched_plain) = (0, 0, 0, 0);
    let mut explained_count = 0;
    let mut wrong = Vec::new();
    for case in oracle_cases() {
        let fields: Vec<&str> = FIELDS
            .iter()
            .copied()
            .chain([
                "start_time",
                "end_time",
                "prompt_tokens",
                "completion_tokens",
            ])
            .chain(["latency_p99", "last_run_start_time", "prompt_cost"])
            .chain([
                "completion_cost",
                "first_token_p50",
                "first_token_p99",
                "host_url",
            ])
            .collect();
        let mut inputs = vec![case.input.clone()];
        for _ in 0..6 {
            let base = inputs[rng.below(inputs.len())].clone();
            inputs.push(mutate(&base, &mut rng, &values));
        }
        if let Some(body) = case.input.trim_end().strip_suffix('}') {
            let sep = if body.trim_end().ends_with('{') {
                ""
            } else {
                ", "
            };
            for _ in 0..8 {
                let field = fields[rng.below(fields.len())];
                let value = &values[rng.below(values.len())];
                inputs.push(format!("{body}{sep}\"{field}\": {value}}}"));
            }
        }
        for (n, text) in inputs.iter().enumerate() {
            let (verdict, accepted, explained) = match case.model.as_str() {
                "TracerSession" => read::<TracerSession>(text),
                "TracerSessionResult" => read::<TracerSessionResult>(text),
                other => panic!("unexpected model {other}"),
            };
            checked += 1;
            decided += usize::from(verdict.is_some());
            explained_count += usize::from(explained.is_some());
            if explained == Some(true) {
                wrong.push(format!(
                    "{} explained differently from the whole record: {}",
                    case.model,
                    text.chars().take(300).collect::<String>()
                ));
            }
            if n == 0 && accepted {
                valid_plain += 1;
                vouched_plain += usize::from(verdict == Some(true));
            }
            if verdict.is_some_and(|v| v != accepted) {
                wrong.push(format!(
                    "{} check-only {verdict:?}, model {accepted}: {}",
                    case.model,
                    text.chars().take(300).collect::<String>()
                ));
            }
        }
    }
    println!(
        "check-only reading: {checked} inputs, {decided} decided, {explained_count} explained; {vouched_plain} of {valid_plain} valid oracle inputs vouched for"
    );
    assert!(checked > 20_000, "only {checked} inputs");
    assert!(
        wrong.is_empty(),
        "{} verdicts differ from the model's:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    // The oracle corpus is made of edge cases; most still take the check-only reading.
    assert!(
        vouched_plain * 2 > valid_plain,
        "{vouched_plain} of {valid_plain}"
    );
}
