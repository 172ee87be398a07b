//! `cargo xtask validate` end to end: every format, every exit status, every kind of bad input,
//! JSON Lines line numbers and error locations inside nested values.

mod support;

use std::path::Path;

use serde_json::Value;
use support::{json_lines, tempdir, write, xtask, GOOD};

/// 1-based line and column of the first `needle` in `text`, by plain search.
fn find(text: &str, needle: &str) -> (u64, u64) {
    text.lines()
        .enumerate()
        .find_map(|(i, line)| {
            line.find(needle)
                .map(|at| (i as u64 + 1, line[..at].chars().count() as u64 + 1))
        })
        .unwrap_or_else(|| panic!("{needle:?} not found"))
}

#[test]
fn jsonl_line_numbers_and_nested_locations_in_json_format() {
    let dir = tempdir("jsonl");
    let bad_latency = GOOD.replace("7.896", "\"soon\"");
    let nested = GOOD.replace(
        "\"latency_p50\": 7.896",
        "\"run_facets\": [{}, 5], \"feedback_stats\": {\"a\": 1}",
    );
    // Line 6 holds a form feed: not JSON white space, so a record (which the SDK refuses).
    let text = format!("{GOOD}\n\n{bad_latency}\r\n{nested}\n{{\"id\": \n\x0c\n");
    let path = write(&dir, "records.jsonl", text.as_bytes());
    let run = xtask(
        &["--model", "TracerSessionResult", "--format", "json", &path],
        None,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let records = json_lines(&run.stdout);
    let lines: Vec<u64> = records
        .iter()
        .map(|r| r["line"].as_u64().expect("line"))
        .collect();
    assert_eq!(lines, [1, 3, 4, 5, 6], "the blank line 2 holds no record");
    let valid: Vec<bool> = records
        .iter()
        .map(|r| r["valid"].as_bool().expect("valid"))
        .collect();
    assert_eq!(valid, [true, false, false, false, false]);

    let e = &records[1]["errors"][0];
    assert_eq!(
        (
            e["pointer"].as_str(),
            e["line"].as_u64(),
            e["column"].as_u64()
        ),
        (
            Some("/latency_p50"),
            Some(3),
            Some(find(&bad_latency, "\"soon\"").1)
        )
    );
    let e = &records[2]["errors"][0];
    assert_eq!(
        (
            e["pointer"].as_str(),
            e["line"].as_u64(),
            e["column"].as_u64()
        ),
        (Some("/run_facets/1"), Some(4), Some(find(&nested, "5]").1))
    );
    assert_eq!(e["keyword"], "type");
    let e = &records[3]["errors"][0];
    assert_eq!(
        (e["keyword"].as_str(), e["line"].as_u64()),
        (Some("syntax"), Some(5))
    );
    assert!(records.iter().all(|r| r["path"] == path.as_str()));
}

#[test]
fn every_error_of_a_record_in_human_format() {
    let real = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/api/real/lcdocs-fetch-perf-metrics-1.json");
    let text = std::fs::read_to_string(&real).expect("api fixture");
    let run = xtask(
        &[
            "--model",
            "TracerSessionResult",
            real.to_str().expect("utf-8"),
        ],
        None,
    );
    assert_eq!(run.code, 1);
    for field in ["reference_dataset_id", "id", "tenant_id"] {
        let (line, column) = find(&text, &format!("\"{field}\": \"...\""));
        let column = column + field.len() as u64 + 4;
        assert!(
            run.stdout
                .contains(&format!("error: /{field}: \"...\" is not a valid Uuid")),
            "{}",
            run.stdout
        );
        assert!(
            run.stdout.contains(&format!(":{line}:{column}\n")),
            "{field} at {line}:{column}\n{}",
            run.stdout
        );
    }
    assert_eq!(run.stdout.matches("error:").count(), 3, "{}", run.stdout);
    assert!(run.stdout.contains("^^^^^ pattern"));
    assert!(run
        .stderr
        .contains("1 record(s) in 1 input(s): 0 valid, 1 invalid"));
}

#[test]
fn github_and_junit_formats() {
    let dir = tempdir("ci");
    let path = write(
        &dir,
        "r.jsonl",
        format!("{GOOD}\n{}\n", GOOD.replace("7.896", "\"a,b:c\"")).as_bytes(),
    );
    let run = xtask(
        &[
            "--model",
            "TracerSessionResult",
            "--format",
            "github",
            &path,
        ],
        None,
    );
    assert_eq!(run.code, 1);
    let line = run.stdout.lines().next().expect("one annotation");
    assert!(
        line.starts_with(&format!(
            "::error file={},line=2,col=",
            path.replace(':', "%3A").replace(',', "%2C")
        )),
        "{line}"
    );
    assert!(line.contains(",title=pattern::/latency_p50: "), "{line}");

    let run = xtask(
        &["--model", "TracerSessionResult", "--format", "junit", &path],
        None,
    );
    assert_eq!(run.code, 1);
    let xml = &run.stdout;
    assert!(
        xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites"),
        "{xml}"
    );
    assert!(
        xml.contains(&format!(
            "<testsuite name=\"{path}\" tests=\"2\" failures=\"1\""
        )),
        "{xml}"
    );
    assert_eq!(xml.matches("<testcase ").count(), 2);
    assert_eq!(xml.matches("<failure ").count(), 1);
    assert!(xml.trim_end().ends_with("</testsuites>"));
}

#[test]
fn exit_status_zero_one_two() {
    let dir = tempdir("exit");
    let good = write(&dir, "good.json", GOOD.as_bytes());
    assert_eq!(
        xtask(&["--model", "TracerSession", "--quiet", &good], None).code,
        0
    );
    let bad = write(
        &dir,
        "bad.json",
        GOOD.replace("00000000-0000-4000-8000-000000000001", "x")
            .as_bytes(),
    );
    assert_eq!(
        xtask(&["--model", "TracerSession", &good, &bad], None).code,
        1
    );
    let missing = dir.join("missing.json").display().to_string();
    let run = xtask(
        &[
            "--model",
            "TracerSession",
            "--format",
            "json",
            &missing,
            &good,
        ],
        None,
    );
    assert_eq!(run.code, 2, "a missing path is an error");
    assert!(run.stderr.contains("missing.json"), "{}", run.stderr);
    let records = json_lines(&run.stdout);
    assert_eq!(
        records.len(),
        2,
        "the missing input is reported, the other still checked"
    );
    assert_eq!(records[0]["errors"][0]["keyword"], "io", "{records:?}");
    assert_eq!(records[1]["valid"], true);
    let run = xtask(&["--model", "NoSuchModel", &good], None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "unknown model `NoSuchModel`; registered: TracerSession, TracerSessionResult"
        ),
        "{}",
        run.stderr
    );
}

#[test]
// One table of bad inputs, each checked the same way; splitting it would hide that.
#[allow(clippy::too_many_lines)]
fn bad_inputs_are_reported_not_fatal() {
    let dir = tempdir("bad");
    let deep = format!(
        "{{\"extra\": {{\"a\": {}1{}}}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let big = GOOD.replace(
        "7.896",
        "123456789012345678901234567890123456789012345678901234567890",
    );
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "truncated.json",
            GOOD.as_bytes()[..60].to_vec(),
            "EOF while parsing",
        ),
        (
            "utf8.json",
            [&GOOD.as_bytes()[..20], b"\xff\xfe", &GOOD.as_bytes()[20..]].concat(),
            "invalid UTF-8 at byte 20",
        ),
        (
            "bom.json",
            [b"\xef\xbb\xbf".as_slice(), GOOD.as_bytes()].concat(),
            "byte-order mark",
        ),
        ("empty.json", Vec::new(), "empty document"),
        (
            "deep.json",
            deep.into_bytes(),
            "nested more than 200 levels deep",
        ),
        // pydantic reads a model only from an object; serde would take a positional array.
        (
            "array.json",
            b"[\"00000000-0000-4000-8000-000000000001\"]".to_vec(),
            "is not of type \\\"object\\\"",
        ),
        ("big.json", big.into_bytes(), "latency_p50"),
        (
            "binary.json",
            (0u8..=255).cycle().take(4096).collect(),
            "invalid UTF-8",
        ),
        (
            "malformed.json",
            b"{\"id\": 1,, }".to_vec(),
            "key must be a string",
        ),
    ];
    let mut paths = Vec::new();
    for (name, bytes, _) in &cases {
        paths.push(write(&dir, name, bytes));
    }
    // Root reads any file, so an unreadable input is one whose read fails: /proc/self/mem.
    #[cfg(target_os = "linux")]
    let unreadable = {
        let link = dir.join("unreadable.json");
        std::os::unix::fs::symlink("/proc/self/mem", &link).expect("symlink");
        link.display().to_string()
    };
    let good = write(&dir, "zz-good.json", GOOD.as_bytes());
    let mut args: Vec<&str> = vec!["--model", "TracerSessionResult", "--format", "json"];
    args.extend(paths.iter().map(String::as_str));
    #[cfg(target_os = "linux")]
    args.push(&unreadable);
    args.push(&good);
    let before: Vec<Vec<u8>> = paths
        .iter()
        .map(|p| std::fs::read(p).expect("fixture"))
        .collect();
    let run = xtask(&args, None);
    let records = json_lines(&run.stdout);
    for ((name, _, expected), path) in cases.iter().zip(&paths) {
        let record = records
            .iter()
            .find(|r| r["path"] == path.as_str())
            .unwrap_or_else(|| panic!("{name} not reported"));
        assert_eq!(record["valid"], false, "{name}");
        let messages = record["errors"].to_string();
        assert!(messages.contains(expected), "{name}: {messages}");
        assert!(
            record["errors"][0]["line"].as_u64().is_some(),
            "{name} has a line"
        );
    }
    #[cfg(target_os = "linux")]
    {
        let record = records
            .iter()
            .find(|r| r["path"] == unreadable.as_str())
            .expect("unreadable reported");
        assert_eq!(record["errors"][0]["keyword"], "io");
        assert_eq!(run.code, 2, "an unreadable input makes the status 2");
    }
    let last = records.last().expect("records");
    assert_eq!(
        (last["path"].as_str(), last["valid"].as_bool()),
        (Some(good.as_str()), Some(true)),
        "later inputs are still checked"
    );
    let after: Vec<Vec<u8>> = paths
        .iter()
        .map(|p| std::fs::read(p).expect("fixture"))
        .collect();
    assert_eq!(before, after, "inputs are never written");
}

#[test]
fn stdin_folders_and_schema_files() {
    let run = xtask(
        &["--model", "TracerSession", "--format", "json", "-"],
        Some(format!("{GOOD}\n{GOOD}\n").as_bytes()),
    );
    assert_eq!(json_lines(&run.stdout).len(), 2, "JSON Lines on stdin");
    let pretty = serde_json::to_string_pretty(&serde_json::from_str::<Value>(GOOD).expect("json"))
        .expect("pretty");
    let run = xtask(
        &["--model", "TracerSession", "--format", "json", "-"],
        Some(pretty.as_bytes()),
    );
    assert_eq!(
        (json_lines(&run.stdout).len(), run.code),
        (1, 0),
        "one pretty document on stdin"
    );

    let dir = tempdir("folder");
    std::fs::create_dir_all(dir.join("nested")).expect("dir");
    write(&dir, "a.json", GOOD.as_bytes());
    write(
        &dir.join("nested"),
        "b.ndjson",
        format!("{GOOD}\n").as_bytes(),
    );
    write(&dir, "notes.txt", b"not json");
    // Hidden files and folders are not inputs.
    std::fs::create_dir_all(dir.join(".cache")).expect("dir");
    write(&dir.join(".cache"), "old.json", b"not json");
    write(&dir, ".draft.json", b"not json");
    let run = xtask(
        &[
            "--model",
            "TracerSession",
            "--format",
            "json",
            dir.to_str().expect("utf-8"),
        ],
        None,
    );
    let paths: Vec<String> = json_lines(&run.stdout)
        .iter()
        .map(|r| r["path"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(paths.len(), 2, "{paths:?}");
    assert!(paths[0].ends_with("a.json") && paths[1].ends_with("b.ndjson"));

    let schema = write(&dir, "schema.json", br#"{"type": "object", "required": ["name"], "properties": {"name": {"type": "string", "minLength": 2}}}"#);
    let doc = write(
        &dir,
        "doc.jsonl",
        b"{\"name\": \"ab\"}\n{\"name\": \"a\"}\n{}\n",
    );
    let run = xtask(&["--schema", &schema, "--format", "json", &doc], None);
    let keywords: Vec<String> = json_lines(&run.stdout)
        .iter()
        .map(|r| r["errors"][0]["keyword"].as_str().unwrap_or("-").to_owned())
        .collect();
    assert_eq!(keywords, ["-", "minLength", "required"]);

    let remote = write(
        &dir,
        "remote.json",
        br#"{"$ref": "https://example.com/schema.json"}"#,
    );
    let run = xtask(&["--schema", &remote, &doc], None);
    assert_eq!(run.code, 2, "remote refs are never fetched: {}", run.stderr);
}

#[test]
fn config_checks_everything_listed() {
    let run = xtask(&["--quiet"], None);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

#[test]
fn a_config_check_that_matches_nothing_is_an_error() {
    let dir = tempdir("config");
    let config = write(
        &dir,
        "validate.toml",
        b"[[check]]\npaths = [\"no/such/folder/*.json\"]\nmodel = \"TracerSession\"\n",
    );
    let run = xtask(&["--config", &config], None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no files match no/such/folder/*.json"),
        "{}",
        run.stderr
    );
    let bad = write(&dir, "bad.toml", b"[[check]]\npaths = 5\n");
    let run = xtask(&["--config", &bad], None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("bad.toml") && run.stderr.contains("line 2"),
        "{}",
        run.stderr
    );
}
