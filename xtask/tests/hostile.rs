//! `cargo xtask validate` under hostile input: one regression test per way it used to fail
//! (panics, unbounded memory, quadratic time, inputs skipped or misreported silently).
//! Nothing here asserts time; memory is read from the process's own `--stats`.

mod support;

use std::io::Read;
use std::process::{Command, Stdio};

use support::{json_lines, tempdir, write, xtask, GOOD};

/// A record with an error on a non-ASCII character, and records after it.
#[test]
fn snippets_never_split_a_character() {
    let dir = tempdir("chars");
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "accent.jsonl",
            format!("{{\"a\": é}}\n{GOOD}\n{{\"id\": 1}}\n").into_bytes(),
        ),
        (
            "utf8.jsonl",
            [
                b"{\"id\": \"\xff\xfe\"}\n".as_slice(),
                GOOD.as_bytes(),
                b"\n{\"id\": 1}\n",
            ]
            .concat(),
        ),
        (
            "binary.json",
            (0u8..=255).rev().cycle().take(5000).collect(),
        ),
        (
            "wide.jsonl",
            "{\"id\": \"日本語\", \"tenant_id\": 5}\n{\"id\": 1}\n".into(),
        ),
    ];
    for (name, bytes) in cases {
        let path = write(&dir, name, &bytes);
        let run = xtask(&["--model", "TracerSession", &path], None);
        assert_eq!(run.code, 1, "{name}: {}", run.stderr);
        if std::path::Path::new(name)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("jsonl"))
        {
            // The record after the bad one is still reported.
            let last_line = String::from_utf8_lossy(&bytes).lines().count();
            assert!(
                run.stdout.contains(&format!("{name}:{last_line}:")),
                "{name}: {}",
                run.stdout
            );
        }
    }
}

/// `validate ... | head -1` and a closed stderr end quietly: no panic, no error message.
#[test]
fn closed_pipes_end_the_run_quietly() {
    let dir = tempdir("pipes");
    let many = format!("{}\n", "{\"id\": 1}").repeat(20_000);
    let path = write(&dir, "many.jsonl", many.as_bytes());
    for closed in ["stdout", "stderr"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(["validate", "--model", "TracerSession", &path])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("runs");
        let (mut out, mut err) = (child.stdout.take(), child.stderr.take());
        let mut first = [0u8; 64];
        if closed == "stdout" {
            let mut reader = out.take().expect("stdout");
            reader.read_exact(&mut first).expect("some output");
            drop(reader);
        } else {
            drop(err.take());
        }
        let mut stderr = String::new();
        if let Some(mut e) = err {
            e.read_to_string(&mut stderr).expect("stderr");
        }
        if let Some(mut o) = out {
            let _ = std::io::copy(&mut o, &mut std::io::sink());
        }
        let status = child.wait().expect("exits");
        assert_ne!(status.code(), Some(101), "{closed}: panicked: {stderr}");
        assert!(!stderr.contains("panicked"), "{closed}: {stderr}");
        assert!(!stderr.contains("Broken pipe"), "{closed}: {stderr}");
    }
}

/// Endless inputs: a link to `/dev/zero` is named as not a regular file; an endless line on
/// standard input is one invalid record, read past in bounded memory.
#[cfg(target_os = "linux")]
#[test]
fn endless_inputs_are_bounded() {
    let dir = tempdir("endless");
    for name in ["zero.jsonl", "zero.json"] {
        let link = dir.join(name);
        std::os::unix::fs::symlink("/dev/zero", &link).expect("symlink");
        let path = link.display().to_string();
        let run = xtask(
            &["--model", "TracerSession", "--format", "json", &path, "-"],
            Some(GOOD.as_bytes()),
        );
        assert_eq!(run.code, 2, "{name}");
        let records = json_lines(&run.stdout);
        assert!(
            records[0]["errors"][0]["message"]
                .as_str()
                .is_some_and(|m| m.contains("not a regular file")),
            "{records:?}"
        );
        assert_eq!(records[1]["valid"], true, "the next input is still checked");
    }
    let zeros = vec![0u8; 3 << 20];
    let run = xtask(
        &[
            "--model",
            "TracerSession",
            "--format",
            "json",
            "--max-record-bytes",
            "100000",
            "-",
        ],
        Some(&zeros),
    );
    assert_eq!(run.code, 1);
    let records = json_lines(&run.stdout);
    assert_eq!(records.len(), 1);
    assert!(records[0]["errors"][0]["message"]
        .as_str()
        .is_some_and(|m| m.contains("larger than the limit of 100000 bytes")));
    // Not checked is not "not JSON": its own kind.
    assert_eq!(records[0]["errors"][0]["keyword"], "limit");
}

/// Peak memory from the child's own `--stats` line.
fn peak_rss_kib(stderr: &str) -> u64 {
    let line = stderr
        .lines()
        .find(|l| l.starts_with("stats:"))
        .unwrap_or_else(|| panic!("no stats: {stderr}"));
    line.split("peak RSS ")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no peak RSS: {line}"))
}

/// Millions of tiny invalid records: memory stays bounded by bytes, not by records or errors.
#[cfg(target_os = "linux")]
#[test]
fn tiny_invalid_records_stay_in_bounded_memory() {
    let dir = tempdir("tiny");
    // 0.9 MB: in serialization mode this peaked at 1.5 GB before outcomes were bounded.
    let path = write(&dir, "braces.jsonl", "{}\n".repeat(300_000).as_bytes());
    for (mode, format) in [
        ("validation", "json"),
        ("serialization", "json"),
        // JUnit writes a suite's counts before its cases: the cases wait on disk, not in memory.
        ("validation", "junit"),
    ] {
        let run = xtask(
            &[
                "--model",
                "TracerSession",
                "--mode",
                mode,
                "--format",
                format,
                "--quiet",
                "--stats",
                &path,
            ],
            None,
        );
        assert_eq!(run.code, 1);
        let reported = if format == "junit" {
            run.stdout.matches("<testcase ").count()
        } else {
            run.stdout.lines().count()
        };
        assert_eq!(reported, 300_000, "every record reported");
        let kib = peak_rss_kib(&run.stderr);
        assert!(kib < 256 * 1024, "{mode}: peak RSS {kib} KiB");
    }
}

/// A record over `--max-record-bytes` is one invalid record with the limit in its message; the
/// records after it keep their line numbers. A `.json` file over it is not read.
#[test]
fn records_over_the_limit() {
    let dir = tempdir("limit");
    let big = format!("{{\"id\": \"{}\"}}", "x".repeat(5000));
    let lines = format!("{GOOD}\n{big}\n{GOOD}\n{{\"id\": 1}}\n");
    let jsonl = write(&dir, "lines.jsonl", lines.as_bytes());
    let json = write(&dir, "big.json", big.as_bytes());
    let run = xtask(
        &[
            "--model",
            "TracerSession",
            "--format",
            "json",
            "--max-record-bytes",
            "1000",
            &jsonl,
            &json,
        ],
        None,
    );
    assert_eq!(run.code, 1);
    let records = json_lines(&run.stdout);
    let lines: Vec<(u64, bool)> = records
        .iter()
        .map(|r| (r["line"].as_u64().unwrap_or(0), r["valid"] == true))
        .collect();
    assert_eq!(
        lines,
        [(1, true), (2, false), (3, true), (4, false), (1, false)]
    );
    for at in [1, 4] {
        assert!(records[at]["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("--max-record-bytes")));
    }
}

/// A huge offending value is cut in every format's messages (in a record small enough to be
/// explained by the schema, which quotes values).
#[test]
fn embedded_values_are_cut() {
    let dir = tempdir("cut");
    let huge = "y".repeat(60_000);
    let path = write(
        &dir,
        "huge.jsonl",
        format!("{{\"id\": \"{huge}\", \"tenant_id\": 3}}\n").as_bytes(),
    );
    for format in ["human", "json", "github", "junit"] {
        let run = xtask(
            &["--model", "TracerSession", "--format", format, &path],
            None,
        );
        assert_eq!(run.code, 1, "{format}");
        assert!(
            run.stdout.len() < 20_000,
            "{format}: {} bytes of output",
            run.stdout.len()
        );
        assert!(
            run.stdout.contains('…'),
            "{format}: {}",
            &run.stdout[..500.min(run.stdout.len())]
        );
    }
}

/// 30,000 errors in one line: the first `--max-errors` (in document order) are reported, the
/// rest counted.
#[test]
fn many_errors_are_capped_and_counted() {
    let dir = tempdir("many-errors");
    let facets = vec!["1"; 30_000].join(",");
    let line = format!(
        "{{\"id\": \"00000000-0000-4000-8000-000000000001\", \"tenant_id\": \"00000000-0000-4000-8000-000000000002\", \"reference_dataset_id\": null, \"run_facets\": [{facets}]}}\n"
    );
    let path = write(&dir, "errors.jsonl", line.as_bytes());
    let run = xtask(
        &["--model", "TracerSessionResult", "--format", "json", &path],
        None,
    );
    assert_eq!(run.code, 1);
    let records = json_lines(&run.stdout);
    assert_eq!(records[0]["errors"].as_array().map(Vec::len), Some(100));
    assert_eq!(records[0]["more_errors"], 29_900);
    assert_eq!(records[0]["errors"][0]["pointer"], "/run_facets/0");
    let run = xtask(
        &["--model", "TracerSessionResult", "--max-errors", "3", &path],
        None,
    );
    assert!(run.stdout.contains("29997 more error(s)"), "{}", run.stdout);
}

/// A refused record over 64 KiB is explained by the typed model's one located error: the
/// schema pass would build every error first (2 MB of invalid child runs took 1 GB).
#[test]
fn large_records_are_explained_by_one_error() {
    let dir = tempdir("large-errors");
    let children = vec![r#"{"id": 5}"#; 200_000].join(",");
    let line = format!(
        "{{\"id\": \"00000000-0000-4000-8000-000000000001\", \"name\": \"n\", \"start_time\": \"2024-01-01T00:00:00Z\", \"run_type\": \"chain\", \"child_runs\": [{children}]}}\n"
    );
    let path = write(&dir, "large.jsonl", line.as_bytes());
    let run = xtask(&["--model", "Run", "--format", "json", &path], None);
    assert_eq!(run.code, 1);
    let records = json_lines(&run.stdout);
    assert_eq!(records[0]["errors"].as_array().map(Vec::len), Some(1));
    assert_eq!(records[0]["errors"][0]["pointer"], "/child_runs");
    assert!(records[0]["errors"][0]["message"]
        .as_str()
        .is_some_and(|m| m.contains("UUID")));
}

/// `--jobs` out of range is clamped, and says so.
#[test]
fn jobs_are_clamped() {
    let dir = tempdir("jobs");
    let path = write(&dir, "good.jsonl", format!("{GOOD}\n").as_bytes());
    for jobs in ["0", "100000"] {
        let run = xtask(&["--model", "TracerSession", "--jobs", jobs, &path], None);
        assert_eq!(run.code, 0, "--jobs {jobs}: {}", run.stderr);
        assert!(run.stderr.contains("out of range"), "{}", run.stderr);
    }
}

/// Unreadable folder entries, FIFOs and missing paths are named in every format and give exit
/// status 2; the other inputs are still checked.
#[cfg(unix)]
#[test]
fn unreadable_inputs_are_never_skipped_silently() {
    let dir = tempdir("unreadable");
    let folder = dir.join("folder");
    std::fs::create_dir_all(&folder).expect("folder");
    write(&folder, "good.json", GOOD.as_bytes());
    std::os::unix::fs::symlink(folder.join("nowhere.json"), folder.join("dangling.json"))
        .expect("symlink");
    let fifo = dir.join("pipe.jsonl");
    let made = Command::new("mkfifo").arg(&fifo).status();
    let folder = folder.display().to_string();
    let fifo = fifo.display().to_string();
    let missing = dir.join("missing.json").display().to_string();
    let mut args = vec![
        "--model",
        "TracerSession",
        "--format",
        "json",
        &folder,
        &missing,
    ];
    if made.is_ok_and(|s| s.success()) {
        args.push(&fifo);
    }
    let run = xtask(&args, None);
    assert_eq!(run.code, 2, "{}", run.stdout);
    let records = json_lines(&run.stdout);
    let io: Vec<&str> = records
        .iter()
        .filter(|r| r["errors"][0]["keyword"] == "io")
        .filter_map(|r| r["path"].as_str())
        .collect();
    assert!(io.iter().any(|p| p.ends_with("dangling.json")), "{io:?}");
    assert!(io.iter().any(|p| p.ends_with("missing.json")), "{io:?}");
    if args.len() == 7 {
        assert!(io.iter().any(|p| p.ends_with("pipe.jsonl")), "{io:?}");
    }
    assert!(
        records.iter().any(|r| r["valid"] == true),
        "good.json still checked"
    );

    // JUnit counts unreadable inputs as errors, not failures.
    let mut junit_args = args.clone();
    junit_args[3] = "junit";
    let run = xtask(&junit_args, None);
    assert!(run.stdout.contains("errors=\"1\""), "{}", run.stdout);
    assert!(
        !run.stdout.contains("failures=\"1\" errors=\"0\""),
        "{}",
        run.stdout
    );
}

/// Empty inputs: an empty file is an invalid record; an empty folder, a folder without JSON
/// files and empty standard input are "no inputs" (exit status 2).
#[test]
fn empty_inputs() {
    let dir = tempdir("empty");
    for name in ["empty.json", "empty.jsonl"] {
        let path = write(&dir, name, b"");
        let run = xtask(
            &["--model", "TracerSession", "--format", "json", &path],
            None,
        );
        assert_eq!(run.code, 1, "{name}");
        assert!(
            run.stdout.contains("empty document"),
            "{name}: {}",
            run.stdout
        );
    }
    let empty_folder = dir.join("nothing");
    std::fs::create_dir_all(&empty_folder).expect("folder");
    let other = dir.join("other");
    std::fs::create_dir_all(&other).expect("folder");
    write(&other, "notes.txt", b"hello");
    for folder in [&empty_folder, &other] {
        let path = folder.display().to_string();
        let run = xtask(&["--model", "TracerSession", &path], None);
        assert_eq!(run.code, 2, "{path}");
        assert!(run.stdout.contains("no inputs"), "{}", run.stdout);
    }
    let run = xtask(&["--model", "TracerSession", "-"], Some(b""));
    assert_eq!(run.code, 2);
    assert!(run.stdout.contains("no inputs"), "{}", run.stdout);
}

/// Control characters from the input never reach the terminal raw, in any format; JUnit stays
/// well-formed with U+FFFE and U+FFFF in messages.
#[test]
fn control_characters_are_escaped() {
    let dir = tempdir("controls");
    let nasty = "{\"id\": \"\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}\", \"name\": \"\u{fffe}\u{ffff}\", \"tenant_id\": 1}\n";
    let path = write(&dir, "nasty.jsonl", nasty.as_bytes());
    for format in ["human", "github", "junit", "json"] {
        let run = xtask(
            &["--model", "TracerSession", "--format", format, &path],
            None,
        );
        assert_eq!(run.code, 1, "{format}");
        assert!(
            !run.stdout.contains(['\u{1b}', '\u{7}', '\u{9b}']),
            "{format}: {:?}",
            run.stdout
        );
        if format == "junit" {
            assert!(
                !run.stdout.contains(['\u{fffe}', '\u{ffff}']),
                "{:?}",
                run.stdout
            );
        }
    }
}

/// Standard input holding JSON Lines is read as records, each with its line.
#[test]
fn stdin_lines_are_streamed() {
    let lines = format!("{GOOD}\n{{\"id\": 2}}\n{GOOD}\n");
    let run = xtask(
        &["--model", "TracerSession", "--format", "json", "-"],
        Some(lines.as_bytes()),
    );
    assert_eq!(run.code, 1);
    let records = json_lines(&run.stdout);
    assert_eq!(records.len(), 3);
    assert_eq!(records[1]["line"], 2);
}
