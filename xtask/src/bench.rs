//! `cargo xtask bench`: validation speed beside a parse-only baseline, on three generated
//! corpora: two of `TracerSessionResult` records, `stats` (about 1.3 KB each, 5% invalid, nested
//! free-form statistics, shaped like the API's `include_stats` responses) and `short` (about 750
//! bytes, 4% invalid, few free-form fields: the shape of a corpus we did not pick), and one of
//! `Run` records, `runs` (LLM, chain, retriever and tool runs with nested inputs and outputs:
//! several KB each, a few far larger, 4% invalid).
//!
//! Figures per corpus: the baseline (plain serde_json, default features, reading each line into
//! a `Value` and dropping it, one thread: the `bench-baseline` package, built on its own so that
//! it gets exactly that build), `validate` on one thread (timed alternately with the baseline)
//! and on every core, and the
//! cost of an invalid record (the explain path) against parsing one; with `--rss-gib N`, the
//! peak memory of a `validate` child process on an N GiB file of each corpus.

mod runs;

use std::fmt::Write as _;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use anyhow::{bail, Context};
use tracer_schema::{Mode, Registry};
use tracer_schema_cli::engine::{self, Format, Input, InputKind, Reporter, Summary, Target};

/// Options of `bench`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Records in each corpus.
    #[arg(long, default_value_t = 200_000)]
    records: usize,
    /// Which generated corpora to measure.
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_values_t = [Shape::Stats, Shape::Short, Shape::Runs]
    )]
    shape: Vec<Shape>,
    /// Timed repetitions of each measurement (the best is reported).
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Measure this JSON Lines file instead of the generated corpus.
    #[arg(long, value_name = "FILE")]
    corpus: Option<PathBuf>,
    /// The model a `--corpus` file is checked against (generated corpora name their own).
    #[arg(
        long,
        value_name = "MODEL",
        default_value = "TracerSessionResult",
        requires = "corpus"
    )]
    model: String,
    /// Also measure peak memory of `validate` on a file of this many GiB.
    #[arg(long, value_name = "GIB")]
    rss_gib: Option<f64>,
}

/// A generated corpus's record shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Shape {
    /// About 1.3 KB records with nested feedback statistics and metadata, 5% invalid.
    Stats,
    /// About 750-byte records with few free-form fields, 4% invalid.
    Short,
    /// `Run` records: LLM, chain, retriever and tool runs with nested inputs and outputs
    /// (several KB each, a few far larger), 4% invalid.
    Runs,
}

impl Shape {
    /// The model its records are checked against.
    fn model(self) -> &'static str {
        match self {
            Shape::Stats | Shape::Short => "TracerSessionResult",
            Shape::Runs => "Run",
        }
    }

    /// Its file name's stem under `target/bench/`.
    fn stem(self) -> &'static str {
        match self {
            Shape::Stats => "corpus",
            Shape::Short => "short",
            Shape::Runs => "runs",
        }
    }
}

/// A small deterministic generator (xorshift), so corpora are the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn uuid(&mut self) -> String {
        let (a, b) = (self.next(), self.next());
        format!(
            "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xfff,
            b >> 52,
            b & 0xffff_ffff_ffff
        )
    }

    fn timestamp(&mut self, naive: bool) -> String {
        let (day, secs, micros) = (
            1 + self.below(28),
            self.below(86_400),
            self.below(1_000_000),
        );
        let offset = if naive { "" } else { "+00:00" };
        format!(
            "2024-06-{day:02}T{:02}:{:02}:{:02}.{micros:06}{offset}",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        )
    }
}

/// One record shaped like the API's `GET /sessions/{id}?include_stats=true` responses, and
/// whether it was made invalid.
fn record(rng: &mut Rng, i: usize) -> (String, bool) {
    let runs = rng.below(5000);
    let tags: Vec<String> = (0..rng.below(4))
        .map(|t| format!("\"tag-{t}-{}\"", rng.below(100)))
        .collect();
    let feedback: Vec<String> = (0..=rng.below(3))
        .map(|k| {
            let n = 1 + rng.below(50);
            format!(
                "\"metric {k}\": {{\"n\": {n}, \"avg\": {:.16}, \"values\": {{\"CORRECT\": {}, \"INCORRECT\": {}}}}}",
                rng.below(1000) as f64 / 997.0,
                rng.below(n),
                rng.below(n)
            )
        })
        .collect();
    let mut fields = vec![
        format!("\"start_time\": \"{}\"", rng.timestamp(true)),
        format!("\"end_time\": \"{}\"", rng.timestamp(false)),
        format!(
            "\"extra\": {{\"metadata\": {{\"git\": {{\"dirty\": {}, \"branch\": \"feature/{}\", \"commit\": \"{:016x}\", \"author_name\": \"Ada Lovelace\"}}, \"revision_id\": null, \"dataset_splits\": [\"base\"], \"dataset_version\": \"{}\", \"num_repetitions\": {}}}, \"tags\": [{}]}}",
            rng.below(2) == 0,
            rng.below(1000),
            rng.next(),
            rng.timestamp(false),
            1 + rng.below(5),
            tags.join(", ")
        ),
        format!("\"name\": \"Experiment {i}-{:08x}\"", rng.next() >> 32),
        "\"description\": null".to_owned(),
        "\"default_dataset_id\": null".to_owned(),
        format!("\"reference_dataset_id\": \"{}\"", rng.uuid()),
        format!("\"id\": \"{}\"", rng.uuid()),
        format!("\"run_count\": {runs}"),
        format!("\"latency_p50\": {:.5}", rng.below(20_000) as f64 / 1000.0),
        format!("\"latency_p99\": {:.5}", rng.below(60_000) as f64 / 1000.0),
        "\"first_token_p50\": null".to_owned(),
        "\"first_token_p99\": null".to_owned(),
        format!("\"total_tokens\": {}", runs * 4),
        format!("\"prompt_tokens\": {}", runs * 3),
        format!("\"completion_tokens\": {runs}"),
        format!("\"total_cost\": {:.6}", rng.below(1_000_000) as f64 / 1e6),
        format!("\"prompt_cost\": {:.6}", rng.below(1_000_000) as f64 / 1e6),
        format!("\"completion_cost\": {:.6}", rng.below(1_000_000) as f64 / 1e6),
        format!("\"tenant_id\": \"{}\"", rng.uuid()),
        format!("\"last_run_start_time\": \"{}\"", rng.timestamp(true)),
        "\"last_run_start_time_live\": null".to_owned(),
        format!("\"feedback_stats\": {{{}}}", feedback.join(", ")),
        "\"session_feedback_stats\": {}".to_owned(),
        "\"run_facets\": []".to_owned(),
        format!("\"error_rate\": {}", rng.below(100) as f64 / 100.0),
        "\"streaming_rate\": 0".to_owned(),
        format!("\"test_run_number\": {}", rng.below(50)),
    ];
    // About 5% invalid, in the ways stored payloads go wrong.
    let invalid = rng.below(100) < 5;
    if invalid {
        match rng.below(4) {
            0 => "\"id\": \"...\"".clone_into(&mut fields[7]),
            1 => "\"latency_p50\": \"soon\"".clone_into(&mut fields[9]),
            2 => "\"run_count\": 2.5".clone_into(&mut fields[8]),
            _ => fields.retain(|f| !f.starts_with("\"tenant_id\"")),
        }
    }
    (format!("{{{}}}", fields.join(", ")), invalid)
}

/// A short record (about 750 bytes): a project with run statistics but hardly any free-form
/// data, compact JSON, and whether it was made invalid (4%).
fn short_record(rng: &mut Rng, i: usize) -> (String, bool) {
    let runs = rng.below(100_000);
    let extra = match rng.below(3) {
        0 => "null".to_owned(),
        1 => "{}".to_owned(),
        _ => format!("{{\"metadata\":{{\"owner\":\"team-{}\"}}}}", rng.below(40)),
    };
    let mut fields = vec![
        format!("\"id\":\"{}\"", rng.uuid()),
        format!("\"tenant_id\":\"{}\"", rng.uuid()),
        format!("\"name\":\"nightly-eval-{i}\""),
        format!(
            "\"description\":\"Regression suite run {} on branch release/{}\"",
            rng.below(1000),
            rng.below(30)
        ),
        format!("\"start_time\":\"{}Z\"", rng.timestamp(true)),
        format!("\"end_time\":\"{}\"", rng.timestamp(false)),
        "\"reference_dataset_id\":null".to_owned(),
        format!("\"extra\":{extra}"),
        format!("\"run_count\":{runs}"),
        format!("\"latency_p50\":{:.3}", rng.below(20_000) as f64 / 1000.0),
        format!("\"latency_p99\":{:.3}", rng.below(60_000) as f64 / 1000.0),
        format!("\"total_tokens\":{}", runs * 41),
        format!("\"prompt_tokens\":{}", runs * 30),
        format!("\"completion_tokens\":{}", runs * 11),
        format!("\"last_run_start_time\":\"{}\"", rng.timestamp(true)),
        "\"feedback_stats\":null".to_owned(),
        "\"session_feedback_stats\":null".to_owned(),
        "\"run_facets\":null".to_owned(),
        format!(
            "\"total_cost\":\"{:.6}\"",
            rng.below(1_000_000) as f64 / 1e4
        ),
        format!(
            "\"prompt_cost\":\"{:.6}\"",
            rng.below(1_000_000) as f64 / 1e4
        ),
        format!(
            "\"completion_cost\":\"{:.6}\"",
            rng.below(1_000_000) as f64 / 1e4
        ),
        format!(
            "\"first_token_p50\":\"PT{}.{:03}S\"",
            rng.below(3),
            rng.below(1000)
        ),
        "\"first_token_p99\":null".to_owned(),
        format!("\"error_rate\":{:.4}", rng.below(10_000) as f64 / 10_000.0),
    ];
    let invalid = rng.below(100) < 4;
    if invalid {
        match rng.below(5) {
            0 => "\"id\":\"not-a-uuid\"".clone_into(&mut fields[0]),
            1 => "\"start_time\":\"2024-13-01T00:00:00Z\"".clone_into(&mut fields[4]),
            2 => "\"run_count\":\"many\"".clone_into(&mut fields[8]),
            3 => "\"extra\":[\"tag\"]".clone_into(&mut fields[7]),
            _ => {
                fields.remove(1);
            }
        }
    }
    (format!("{{{}}}", fields.join(",")), invalid)
}

/// Writes the corpus (and, beside it, its invalid records alone) once and reuses them.
fn corpus(path: &Path, records: usize, shape: Shape) -> anyhow::Result<u64> {
    let invalid_path = path.with_extension("invalid.jsonl");
    if let (Ok(meta), true) = (std::fs::metadata(path), invalid_path.exists()) {
        return Ok(meta.len());
    }
    std::fs::create_dir_all(path.parent().unwrap_or(Path::new(".")))
        .context("creating target/bench")?;
    let tmp = path.with_extension("tmp");
    let mut out = BufWriter::new(
        std::fs::File::create(&tmp).with_context(|| format!("creating {}", tmp.display()))?,
    );
    let mut invalid_out = BufWriter::new(std::fs::File::create(&invalid_path)?);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for i in 0..records {
        let (line, invalid) = match shape {
            Shape::Stats => record(&mut rng, i),
            Shape::Short => short_record(&mut rng, i),
            Shape::Runs => runs::run_record(&mut rng),
        };
        writeln!(out, "{line}")?;
        if invalid {
            writeln!(invalid_out, "{line}")?;
        }
    }
    out.flush()?;
    invalid_out.flush()?;
    drop(out);
    std::fs::rename(&tmp, path)?;
    Ok(std::fs::metadata(path)?.len())
}

/// The parse-only baseline: the `bench-baseline` binary (serde_json with default features, each
/// line parsed into a `Value` and dropped), built on its own so that no feature this workspace
/// switches on for serde_json (jsonschema's `float_roundtrip`) slows it down.
struct Baseline(PathBuf);

impl Baseline {
    /// Builds the baseline (release) and finds it beside this xtask.
    fn build() -> anyhow::Result<Self> {
        let status = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
            .args(["build", "--release", "--quiet", "-p", "bench-baseline"])
            .status()
            .context("running cargo build -p bench-baseline")?;
        if !status.success() {
            bail!("cargo build -p bench-baseline failed ({status})");
        }
        let exe = std::env::current_exe()?;
        let bin = exe.with_file_name(format!("bench-baseline{}", std::env::consts::EXE_SUFFIX));
        if !bin.exists() {
            bail!("{} was not built", bin.display());
        }
        Ok(Baseline(bin))
    }

    /// One timed parse of `path`: seconds, and lines read (a line serde_json refuses counts
    /// too: it was read).
    fn time(&self, path: &Path) -> anyhow::Result<(f64, usize)> {
        let out = Command::new(&self.0)
            .arg(path)
            .arg("1")
            .output()
            .with_context(|| format!("running {}", self.0.display()))?;
        if !out.status.success() {
            bail!(
                "bench-baseline failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            );
        }
        let text = String::from_utf8_lossy(&out.stdout);
        let mut words = text.split_whitespace();
        let seconds = words.next().and_then(|w| w.parse().ok());
        let lines = words.next().and_then(|w| w.parse().ok());
        seconds
            .zip(lines)
            .context("bench-baseline printed no timing")
    }
}

/// The best of `runs` alternating timings of the baseline and of `f` on `path`: alternating
/// keeps a machine that speeds up or slows down during the bench from favouring either.
fn best_against<T>(
    baseline: &Baseline,
    path: &Path,
    runs: usize,
    mut f: impl FnMut() -> anyhow::Result<T>,
) -> anyhow::Result<((f64, usize), (f64, T))> {
    let (mut t_base, mut t_f, mut lines, mut last) = (f64::INFINITY, f64::INFINITY, 0, None);
    for _ in 0..runs.max(1) {
        let (t, n) = baseline.time(path)?;
        t_base = t_base.min(t);
        lines = n;
        let start = Instant::now();
        last = Some(f()?);
        t_f = t_f.min(start.elapsed().as_secs_f64());
    }
    Ok(((t_base, lines), (t_f, last.context("no run")?)))
}

fn validate(path: &Path, model: &str, threads: usize) -> anyhow::Result<Summary> {
    let info = *Registry::builtin()
        .get(model)
        .with_context(|| format!("no model {model}"))?;
    let target = Target::model(info, Mode::Validation);
    let inputs = [Input::new(path.to_owned(), InputKind::JsonLines)];
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()?;
    pool.install(|| {
        let mut reporter = Reporter::new(
            Format::Human,
            Box::new(std::io::sink()),
            false,
            target.label(),
        );
        Ok(engine::run(
            &inputs,
            &target,
            &mut reporter,
            &|_: &Summary| {},
        )?)
    })
}

fn best<T>(runs: usize, mut f: impl FnMut() -> anyhow::Result<T>) -> anyhow::Result<(f64, T)> {
    let mut best = f64::INFINITY;
    let mut last = None;
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        let out = f()?;
        best = best.min(start.elapsed().as_secs_f64());
        last = Some(out);
    }
    Ok((best, last.context("no run")?))
}

/// The installed CLI beside this xtask (same target folder, release), if built.
fn cli_binary() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let cli = exe.with_file_name(format!("tracer-schema{}", std::env::consts::EXE_SUFFIX));
    cli.exists().then_some(cli)
}

/// One whole `tracer-schema validate` process on `file` (start-up, reading, reporting to a
/// discarded stdout), as a user runs it.
fn cli_process(cli: &Path, file: &Path, model: &str) -> anyhow::Result<()> {
    let out = Command::new(cli)
        .args(["validate", "--model", model, "--quiet", "--format", "json"])
        .arg(file)
        .stdout(std::process::Stdio::null())
        .output()?;
    // 1 means invalid records were found, which the corpora hold on purpose.
    if out.status.code().is_some_and(|c| c <= 1) {
        Ok(())
    } else {
        let stderr = String::from_utf8_lossy(&out.stderr);
        bail!(
            "tracer-schema exited with {}: {}",
            out.status,
            stderr.lines().next().unwrap_or_default()
        )
    }
}

/// Peak memory of a `validate --stats` child reading `file`, named on the command line or,
/// with `stdin`, piped into standard input (`-`).
fn peak_rss(file: &Path, model: &str, stdin: bool) -> anyhow::Result<String> {
    let exe = std::env::current_exe()?;
    let mut command = Command::new(exe);
    command.args([
        "validate", "--model", model, "--quiet", "--stats", "--format", "json",
    ]);
    if stdin {
        command.arg("-").stdin(std::fs::File::open(file)?);
    } else {
        command.arg(file);
    }
    let out = command.stdout(std::process::Stdio::null()).output()?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    stderr
        .lines()
        .find(|l| l.starts_with("stats:"))
        .map(str::to_owned)
        .context("no stats from the child")
}

pub fn run(args: &Args, root: &Path) -> anyhow::Result<ExitCode> {
    let dir = root.join("target").join("bench");
    if args.corpus.is_none() && args.records < SMALLEST_MEANINGFUL {
        // The CI smoke run: start-up and thread start dominate, so ratios mean nothing.
        println!(
            "note: {} records a corpus is a smoke run; its ratios are noise (BENCHMARKS.md uses the default, 200,000)",
            args.records
        );
    }
    // (file, model, stem of its repeated file for --rss-gib)
    let mut measured: Vec<(PathBuf, String, String)> = Vec::new();
    match &args.corpus {
        Some(path) => {
            measure(args, path, &args.model, None)?;
            let stem = path
                .file_stem()
                .map_or_else(|| "corpus".into(), |s| s.to_string_lossy().into_owned());
            measured.push((path.clone(), args.model.clone(), stem));
        }
        None => {
            for shape in &args.shape {
                let path = dir.join(format!("{}-{}.jsonl", shape.stem(), args.records));
                corpus(&path, args.records, *shape)?;
                measure(
                    args,
                    &path,
                    shape.model(),
                    Some(&path.with_extension("invalid.jsonl")),
                )?;
                measured.push((path, shape.model().to_owned(), shape.stem().to_owned()));
            }
        }
    }
    if let Some(cli) = cli_binary() {
        startup(args, &dir, &cli)?;
    }
    if let Some(gib) = args.rss_gib {
        for (path, model, stem) in &measured {
            let target_bytes = (gib * f64::from(1u32 << 30)) as u64;
            // A corpus already that large is measured as it is.
            let big = if std::fs::metadata(path)?.len() >= target_bytes {
                path.clone()
            } else {
                dir.join(format!("{stem}-{gib}gib.jsonl"))
            };
            if !big.exists() {
                let tmp = big.with_extension("tmp");
                let mut out = BufWriter::new(std::fs::File::create(&tmp)?);
                let unit = std::fs::read(path)?;
                let mut written = 0u64;
                while written < target_bytes {
                    out.write_all(&unit)?;
                    written += unit.len() as u64;
                }
                out.flush()?;
                drop(out);
                std::fs::rename(&tmp, &big)?;
            }
            println!(
                "{} ({:.2} GiB, {model}): {}",
                big.display(),
                std::fs::metadata(&big)?.len() as f64 / f64::from(1u32 << 30),
                peak_rss(&big, model, false)?
            );
            println!(
                "the same piped into standard input: {}",
                peak_rss(&big, model, true)?
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// What `cargo xtask validate` costs before any record is read: cargo's own start-up (checking
/// the build is fresh) against the CLI binary beside xtask on a one-record file.
fn startup(args: &Args, dir: &Path, cli: &Path) -> anyhow::Result<()> {
    let tiny = dir.join("one-record.jsonl");
    std::fs::write(&tiny, format!("{}\n", record(&mut Rng(7), 0).0))?;
    let (t_cli, ()) = best(args.runs, || cli_process(cli, &tiny, "TracerSessionResult"))?;
    let (t_cargo, ()) = best(args.runs, || {
        let status = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
            .args([
                "xtask",
                "validate",
                "--model",
                "TracerSessionResult",
                "--quiet",
                "--format",
                "json",
            ])
            .arg(&tiny)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()?;
        if status.code().is_some_and(|c| c <= 1) {
            Ok(())
        } else {
            bail!("cargo xtask validate exited with {status}")
        }
    })?;
    println!(
        "start-up on one record: tracer-schema {:.1} ms, cargo xtask validate {:.1} ms (cargo's own overhead {:.1} ms)",
        t_cli * 1e3,
        t_cargo * 1e3,
        (t_cargo - t_cli) * 1e3
    );
    Ok(())
}

/// Fewer records a corpus than this make a smoke run, whose figures are start-up and noise.
const SMALLEST_MEANINGFUL: usize = 20_000;

/// Times one corpus: baseline, validate on 1 and N threads, and the invalid records alone.
fn measure(args: &Args, path: &Path, model: &str, invalid: Option<&Path>) -> anyhow::Result<()> {
    let bytes = std::fs::metadata(path)
        .with_context(|| format!("reading {}", path.display()))?
        .len();
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let mb = bytes as f64 / 1e6;
    let baseline = Baseline::build()?;
    let ((t_base, parsed), (t_one, one)) =
        best_against(&baseline, path, args.runs, || validate(path, model, 1))?;
    let (t_all, all) = best(args.runs, || validate(path, model, cores))?;
    let records = one.records.load(std::sync::atomic::Ordering::Relaxed);
    if parsed as u64 != records
        || all.invalid.load(std::sync::atomic::Ordering::Relaxed)
            != one.invalid.load(std::sync::atomic::Ordering::Relaxed)
    {
        bail!("runs disagree: baseline parsed {parsed}, validate saw {records}");
    }
    let mut table = String::new();
    let _ = writeln!(
        table,
        "corpus: {} against {model} ({records} records, {mb:.1} MB, {:.0} bytes a record, {} invalid)",
        path.display(),
        bytes as f64 / records.max(1) as f64,
        one.invalid.load(std::sync::atomic::Ordering::Relaxed)
    );
    let _ = writeln!(
        table,
        "| run | wall time (best of {}) | throughput | time vs baseline (lower is faster) |",
        args.runs
    );
    let _ = writeln!(table, "| --- | --- | --- | --- |");
    for (name, t) in [
        ("baseline: serde_json -> Value per line, 1 thread", t_base),
        ("validate, 1 thread", t_one),
        (&*format!("validate, {cores} threads"), t_all),
    ] {
        let _ = writeln!(
            table,
            "| {name} | {t:.3} s | {:.0} MB/s | {:.2}x |",
            mb / t,
            t / t_base
        );
    }
    let _ = writeln!(
        table,
        "speed-up of {cores} threads over 1: {:.2}x",
        t_one / t_all
    );
    match cli_binary() {
        // A CLI binary older than the model (`unknown model`) is reported, not fatal.
        Some(cli) => match best(args.runs, || cli_process(&cli, path, model)) {
            Ok((t_cli, ())) => {
                let _ = writeln!(
                    table,
                    "CLI binary end to end (target/release/tracer-schema validate, a whole process, {cores} threads): {t_cli:.3} s, {:.2}x the baseline",
                    t_cli / t_base
                );
            }
            Err(e) => {
                let _ = writeln!(
                    table,
                    "CLI binary not measured ({e}): rebuild it with cargo build --release -p tracer-schema-cli"
                );
            }
        },
        None => {
            let _ = writeln!(
                table,
                "CLI binary not measured: build it with cargo build --release -p tracer-schema-cli"
            );
        }
    }
    if let Some(invalid) = invalid.filter(|p| p.exists()) {
        let ((t_bad_base, n), (t_bad, bad)) = best_against(&baseline, invalid, args.runs, || {
            validate(invalid, model, 1)
        })?;
        let n_bad = bad.invalid.load(std::sync::atomic::Ordering::Relaxed);
        if n_bad != n as u64 {
            bail!("{n_bad} of {n} invalid records were found invalid");
        }
        // The generator's labels and the engine agree on the whole corpus, not only on the
        // invalid file: as many records found invalid as were made so.
        let found = one.invalid.load(std::sync::atomic::Ordering::Relaxed);
        if found != n as u64 {
            bail!(
                "{found} records found invalid in {}, {n} made so",
                path.display()
            );
        }
        let per = |t: f64| t / n.max(1) as f64 * 1e6;
        let _ = writeln!(
            table,
            "invalid records alone ({n}): {:.1} us each to check and explain, {:.1} us to parse: {:.1}x a parse",
            per(t_bad),
            per(t_bad_base),
            t_bad / t_bad_base
        );
    }
    print!("{table}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(model: &str) -> Target {
        Target::model(
            *Registry::builtin().get(model).expect("registered"),
            Mode::Validation,
        )
    }

    /// Whether `line` is accepted, by typed deserialization and by the engine the bench times,
    /// which must agree with each other and with the generator's label.
    fn check<T: serde::de::DeserializeOwned>(
        line: &str,
        invalid: bool,
        what: &str,
        target: &Target,
    ) {
        let typed = serde_json::from_str::<T>(line).map(drop);
        let mut cut = line.len().min(3000);
        while !line.is_char_boundary(cut) {
            cut -= 1;
        }
        let shown = &line[..cut];
        assert_eq!(
            typed.is_err(),
            invalid,
            "{what}: labelled {}, typed deserialization says {typed:?}\n{shown}",
            if invalid { "invalid" } else { "valid" },
        );
        let outcome = engine::records::check_record(line.as_bytes(), 1, target);
        assert_eq!(
            !outcome.is_valid(),
            invalid,
            "{what}: the engine says {:?}\n{shown}",
            outcome.errors
        );
    }

    /// The `runs` corpus cannot drift from the model: each record it calls valid is a `Run`
    /// to `serde_json::from_str`, each it calls invalid is refused (every flaw, many times).
    #[test]
    fn run_records_are_valid_exactly_when_labelled_so() {
        let target = target("Run");
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let (mut invalid_seen, mut children, mut attachments, mut largest, mut bytes) =
            (0, 0, 0, 0, 0);
        for i in 0..300 {
            let (line, invalid) = runs::run_record(&mut rng);
            check::<tracer_schema::Run>(&line, invalid, &format!("record {i}"), &target);
            invalid_seen += usize::from(invalid);
            bytes += line.len();
            largest = largest.max(line.len());
            if !invalid {
                let run: tracer_schema::Run = serde_json::from_str(&line).expect("valid");
                children += usize::from(run.child_runs.as_ref().is_some_and(|c| !c.is_empty()));
                attachments += usize::from(!run.attachments.is_empty());
            }
        }
        for flaw in runs::FLAWS {
            for n in 0..20 {
                let line = runs::run_record_with(&mut rng, Some(flaw));
                check::<tracer_schema::Run>(&line, true, &format!("{flaw:?} #{n}"), &target);
            }
        }
        // What the corpus is for: big nested payloads, child runs, attachments, a few invalid.
        assert!(bytes / 300 > 3000, "{} bytes a record", bytes / 300);
        assert!(largest > 50_000, "the largest record has {largest} bytes");
        assert!(
            children > 10 && attachments > 2,
            "{children} with children, {attachments} with attachments"
        );
        assert!(
            (3..=30).contains(&invalid_seen),
            "{invalid_seen} invalid of 300"
        );
    }

    /// The same for the two `TracerSessionResult` corpora.
    #[test]
    fn session_records_are_valid_exactly_when_labelled_so() {
        let target = target("TracerSessionResult");
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for i in 0..400 {
            let (line, invalid) = record(&mut rng, i);
            check::<tracer_schema::TracerSessionResult>(
                &line,
                invalid,
                &format!("stats {i}"),
                &target,
            );
            let (line, invalid) = short_record(&mut rng, i);
            check::<tracer_schema::TracerSessionResult>(
                &line,
                invalid,
                &format!("short {i}"),
                &target,
            );
        }
    }
}
