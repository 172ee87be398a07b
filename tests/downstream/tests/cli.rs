//! The downstream validator binary (`tracer_schema_cli::run` over the crate's registry) lists,
//! prints and validates the crate's own models.

use std::io::Write;
use std::process::{Command, Stdio};

fn run(args: &[&str], stdin: &str) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_downstream-validate"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("writes");
    let out = child.wait_with_output().expect("finishes");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn its_own_models_are_listed_printed_and_validated() {
    let (code, models) = run(&["models"], "");
    assert_eq!(code, 0);
    for name in ["TracerSession", "Budget", "ProjectSnapshot"] {
        assert!(models.contains(name), "{models}");
    }
    let (code, schema) = run(&["schema", "Budget"], "");
    assert_eq!(code, 0);
    assert!(schema.contains(r#""title": "Budget""#), "{schema}");

    let good = r#"{"limit": 5, "code": "OPS", "slug": "ops", "owners": ["a"], "alert_ratio": 0.5, "step": 10}"#;
    let bad = r#"{"limit": -5, "code": "OPS", "slug": "ops", "owners": ["a"], "alert_ratio": 0.5, "step": 10}"#;
    let (code, out) = run(
        &["validate", "--model", "Budget", "--format", "json", "-"],
        &format!("{good}\n{bad}\n"),
    );
    assert_eq!(code, 1, "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(lines[0].contains(r#""valid":true"#), "{out}");
    assert!(lines[1].contains("/limit"), "{out}");
}
