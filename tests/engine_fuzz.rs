//! A bounded fuzz run over the validation engine's input path: records cut from blocks, long
//! and endless lines, locating errors, and every report format. For random (seeded) JSON Lines
//! inputs built from valid records, hostile bytes and structure, it asserts that nothing
//! panics, that every format reports every record, and that all formats give the same verdicts.

use std::io::Write;
use std::sync::{Arc, Mutex};

use tracer_schema::{Mode, Registry};
use tracer_schema_cli::engine::{self, Format, Input, InputKind, Limits, Reporter, Target};
use tracer_schema_tests::oracle_cases;

/// A deterministic generator (xorshift), so that a failure reproduces from its seed.
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

/// A writer the test can read back after the reporter is done with it.
#[derive(Clone, Default)]
struct Shared(Arc<Mutex<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

const HOSTILE: &[&[u8]] = &[
    b"\xff\xfe",
    b"\xc3",
    "é".as_bytes(),
    "日本".as_bytes(),
    b"\x1b[2J",
    b"\x00",
    b"\r",
    b"\t",
    b"\\ud800",
    b"{",
    b"}",
    b"[[[[[[[[",
    b"\"",
    b",",
    b"1e400",
    b"\xef\xbb\xbf",
];

/// One line: a valid or invalid record from the oracle corpus, mutated or not.
fn line(rng: &mut Rng, records: &[String]) -> Vec<u8> {
    let mut bytes = records[rng.below(records.len())].clone().into_bytes();
    match rng.below(8) {
        0 => bytes.truncate(rng.below(bytes.len() + 1)),
        1 => {
            let at = rng.below(bytes.len() + 1);
            let junk = HOSTILE[rng.below(HOSTILE.len())];
            bytes.splice(at..at, junk.iter().copied());
        }
        2 => {
            bytes = (0..rng.below(300))
                .map(|_| rng.next() as u8)
                .filter(|b| *b != b'\n')
                .collect();
        }
        3 => bytes = b"   ".to_vec(),
        4 => bytes.extend(std::iter::repeat_n(b'x', rng.below(3000))),
        _ => {}
    }
    bytes
}

/// What one format says, by its own output: the records it lists (human and GitHub list only
/// errors) and the invalid records (for human and GitHub: the errors, at least one a record).
fn read_report(format: Format, out: &[u8]) -> (Option<usize>, usize) {
    let text = String::from_utf8_lossy(out);
    match format {
        Format::Json => {
            let records: Vec<serde_json::Value> = text
                .lines()
                .map(|l| serde_json::from_str(l).expect("each line is JSON"))
                .collect();
            let invalid = records.iter().filter(|r| r["valid"] == false).count();
            (Some(records.len()), invalid)
        }
        Format::Junit => (
            Some(text.matches("<testcase ").count()),
            text.matches("<failure ").count(),
        ),
        Format::Human => (
            None,
            text.lines()
                .filter(|l| l.trim_start().starts_with("--> "))
                .count(),
        ),
        Format::Github => (None, text.lines().count()),
        Format::Sarif => {
            let log: serde_json::Value =
                serde_json::from_str(&text).expect("the SARIF log is JSON");
            let results = log["runs"][0]["results"].as_array().map_or(0, Vec::len);
            (None, results)
        }
    }
}

#[test]
fn engine_input_path_never_panics_and_formats_agree() {
    let mut records: Vec<String> = oracle_cases()
        .into_iter()
        .filter(|c| c.model == "TracerSessionResult" && !c.input.contains('\n'))
        .map(|c| c.input)
        .collect();
    records.truncate(400);
    let registry = Registry::builtin();
    let target = Target::model(
        *registry.get("TracerSessionResult").expect("registered"),
        Mode::Validation,
    );
    let dir =
        std::env::temp_dir().join(format!("tracer-schema-engine-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    for round in 0..24 {
        // Some rounds cross the 2,048-record block boundary; some use a tiny record limit.
        let n = if round % 4 == 0 {
            2_100 + rng.below(200)
        } else {
            1 + rng.below(60)
        };
        let mut file = Vec::new();
        for _ in 0..n {
            file.extend(line(&mut rng, &records));
            file.extend_from_slice(if rng.below(10) == 0 { b"\r\n" } else { b"\n" });
        }
        let limits = Limits {
            max_record_bytes: if round % 3 == 0 { 400 } else { 1 << 20 },
            max_errors: 1 + rng.below(5),
        };
        let path = dir.join(format!("round-{round}.jsonl"));
        std::fs::write(&path, &file).expect("writes");
        let input = [Input::new(path.clone(), InputKind::JsonLines)];
        let mut seen: Option<(u64, u64)> = None;
        for format in [
            Format::Json,
            Format::Human,
            Format::Github,
            Format::Junit,
            Format::Sarif,
        ] {
            let out = Shared::default();
            let mut reporter = Reporter::new(format, Box::new(out.clone()), false, target.label());
            let summary = engine::run_with(&input, &target, &mut reporter, &|_| {}, &limits)
                .expect("the engine runs");
            drop(reporter);
            let counts = (
                summary.records.load(std::sync::atomic::Ordering::Relaxed),
                summary.invalid.load(std::sync::atomic::Ordering::Relaxed),
            );
            // The same verdicts whatever the format.
            assert_eq!(
                *seen.get_or_insert(counts),
                counts,
                "round {round} {format:?}"
            );
            let bytes = out.0.lock().expect("lock").clone();
            let (listed, flagged) = read_report(format, &bytes);
            if let Some(listed) = listed {
                assert_eq!(
                    listed as u64, counts.0,
                    "round {round} {format:?}: every record reported"
                );
                assert_eq!(flagged as u64, counts.1, "round {round} {format:?}");
            } else {
                assert!(
                    flagged as u64 >= counts.1,
                    "round {round} {format:?}: one error at least per invalid record"
                );
            }
        }
        let expected = file
            .split(|b| *b == b'\n')
            .filter(|l| {
                let l = l.strip_suffix(b"\r").unwrap_or(l);
                l.len() > limits.max_record_bytes || !l.iter().all(u8::is_ascii_whitespace)
            })
            .count();
        let (records_seen, _) = seen.expect("measured");
        assert_eq!(
            records_seen as usize, expected,
            "round {round}: one outcome per record"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
