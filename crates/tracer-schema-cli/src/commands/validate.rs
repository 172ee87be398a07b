//! `validate`: the validation engine behind a command line, with a progress bar on terminals.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::engine::report::terminal_safe;
use crate::engine::{self, config, input, Format, Input, Reporter, Summary, Target};
use anyhow::{bail, Context};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tracer_schema::{Mode, Registry};

/// Writes a line to standard error, ignoring a closed stderr (`2>&1 | head`): the report is
/// what matters, and a message nobody reads is no reason to fail or panic.
macro_rules! note {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// Options of `validate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Check against this registered model.
    #[arg(long, conflicts_with = "schema")]
    model: Option<String>,
    /// Check against this JSON Schema file instead (remote `$ref`s are never fetched).
    #[arg(long, value_name = "FILE")]
    schema: Option<PathBuf>,
    /// With --schema: treat `format` as an annotation (draft 2020-12's default); formats are
    /// asserted otherwise.
    #[arg(long, requires = "schema", conflicts_with = "model")]
    format_annotation: bool,
    /// With --schema: resolve remote `$ref`s from local copies, the URI's path under DIR
    /// (`https://example.com/defs/a.json` is DIR/defs/a.json). Nothing is ever fetched.
    #[arg(
        long,
        value_name = "DIR",
        requires = "schema",
        conflicts_with = "model"
    )]
    ref_dir: Option<PathBuf>,
    /// Which of the model's schemas.
    #[arg(long, default_value = "validation", value_parser = ["validation", "serialization"])]
    mode: String,
    /// Output format.
    #[arg(long, default_value = "human", value_parser = ["human", "json", "github", "junit", "sarif"])]
    format: String,
    /// No progress bar.
    #[arg(long, short)]
    quiet: bool,
    /// Worker threads (default: one per core; at most 4 per core).
    #[arg(long, value_name = "N")]
    jobs: Option<usize>,
    /// A record larger than this many bytes is reported as invalid, unread.
    #[arg(long, value_name = "BYTES", default_value_t = engine::Limits::DEFAULT_MAX_RECORD_BYTES)]
    max_record_bytes: usize,
    /// Errors reported per record; the rest are counted.
    #[arg(long, value_name = "N", default_value_t = engine::Limits::DEFAULT_MAX_ERRORS)]
    max_errors: usize,
    /// The config used when no PATH and no --model/--schema are given (default:
    /// schemas/validate.toml; its globs are relative to the current directory).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Print timing, throughput and peak memory to standard error.
    #[arg(long)]
    stats: bool,
    /// `.json` files, `.jsonl`/`.ndjson` files, folders, or `-` for standard input.
    paths: Vec<PathBuf>,
}

/// Shows records and throughput on a terminal once a run has lasted more than a moment.
struct ProgressView {
    start: Instant,
    bar: Mutex<Option<ProgressBar>>,
    enabled: bool,
}

impl ProgressView {
    fn new(quiet: bool) -> Self {
        ProgressView {
            start: Instant::now(),
            bar: Mutex::new(None),
            enabled: !quiet && std::io::stderr().is_terminal(),
        }
    }

    fn update(&self, summary: &Summary) {
        if !self.enabled || self.start.elapsed() < Duration::from_millis(500) {
            return;
        }
        let Ok(mut slot) = self.bar.lock() else {
            return;
        };
        let bar = slot.get_or_insert_with(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template("{spinner} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar
        });
        let secs = self.start.elapsed().as_secs_f64().max(1e-9);
        let (records, bytes) = (
            summary.records.load(Ordering::Relaxed),
            summary.bytes.load(Ordering::Relaxed),
        );
        bar.set_message(format!(
            "{records} records, {} invalid, {:.0} records/s, {:.1} MB/s",
            summary.invalid.load(Ordering::Relaxed),
            records as f64 / secs,
            bytes as f64 / secs / 1e6
        ));
        bar.tick();
    }

    fn finish(&self) {
        if let Ok(mut slot) = self.bar.lock() {
            if let Some(bar) = slot.take() {
                bar.finish_and_clear();
            }
        }
    }
}

fn target(args: &Args, registry: &Registry) -> anyhow::Result<Target> {
    let mode: Mode = args.mode.parse().map_err(anyhow::Error::msg)?;
    if let Some(schema) = &args.schema {
        let options = engine::SchemaOptions {
            formats_as_annotations: args.format_annotation,
            ref_dir: args.ref_dir.clone(),
        };
        return Ok(Target::schema_file_with(schema, &options)?);
    }
    let name = args.model.as_deref().context("no model given")?;
    let info = registry.get(name).copied().ok_or_else(|| {
        let known: Vec<&str> = registry.names().collect();
        engine::EngineError::UnknownModel {
            name: name.to_owned(),
            known: known.join(", "),
        }
    })?;
    Ok(Target::model(info, mode))
}

/// Peak resident memory of this process, from `/proc` (Linux only).
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// One batch of inputs against one target, written to standard output.
fn check(
    inputs: &[Input],
    target: &Target,
    format: Format,
    view: &ProgressView,
    limits: &engine::Limits,
) -> anyhow::Result<Summary> {
    let color = format == Format::Human
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none();
    let out = Box::new(std::io::BufWriter::with_capacity(
        1 << 16,
        std::io::stdout(),
    ));
    let mut reporter = Reporter::new(format, out, color, target.label());
    let progress = |s: &Summary| view.update(s);
    Ok(engine::run_with(
        inputs,
        target,
        &mut reporter,
        &progress,
        limits,
    )?)
}

/// Starts the worker threads (`--jobs`, clamped to 1..=4 per core, saying so) and reads the
/// per-record limits.
fn settings(args: &Args) -> anyhow::Result<engine::Limits> {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let jobs = args.jobs.map_or(cores, |asked| {
        let jobs = asked.clamp(1, 4 * cores);
        if jobs != asked {
            note!("note: --jobs {asked} is out of range; using {jobs} (1 to 4 per core, {cores} cores)");
        }
        jobs
    });
    // Large stacks: validating against a deeply recursive `--schema` recurses (only the pages
    // used are touched). A pool already started by the embedding program is kept.
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .stack_size(256 << 20)
        .build_global();
    if args.max_record_bytes == 0 || args.max_errors == 0 {
        bail!("--max-record-bytes and --max-errors must be at least 1");
    }
    Ok(engine::Limits {
        max_record_bytes: args.max_record_bytes,
        max_errors: args.max_errors,
    })
}

/// `--stats`: records, throughput and peak memory, on standard error.
fn print_stats(start: Instant, totals: (u64, u64, u64)) {
    let secs = start.elapsed().as_secs_f64();
    note!(
        "stats: {} records ({} invalid), {:.1} MB in {secs:.3} s: {:.0} records/s, {:.1} MB/s, peak RSS {} KiB, {} threads",
        totals.0,
        totals.1,
        totals.2 as f64 / 1e6,
        totals.0 as f64 / secs,
        totals.2 as f64 / secs / 1e6,
        peak_rss_kib().unwrap_or(0),
        rayon::current_num_threads()
    );
}

pub fn run(args: &Args, registry: &Registry) -> anyhow::Result<ExitCode> {
    let limits = settings(args)?;
    let root = Path::new(".");
    let format: Format = args.format.parse().map_err(anyhow::Error::msg)?;
    let view = ProgressView::new(args.quiet);
    let start = Instant::now();
    let mut code = 0u8;
    let mut totals = (0u64, 0u64, 0u64);

    if args.paths.is_empty() && args.model.is_none() && args.schema.is_none() {
        let config_path = args
            .config
            .clone()
            .unwrap_or_else(|| config::default_path(root));
        let config = config::load(&config_path)?;
        if config.checks.is_empty() {
            bail!("{}: no [[check]] entries", config_path.display());
        }
        // Globs are relative to the current directory, and so are the paths reports show.
        for check_entry in &config.checks {
            let mode = check_entry.mode(&config_path)?;
            let info = registry.get(&check_entry.model).copied().ok_or_else(|| {
                engine::EngineError::UnknownModel {
                    name: check_entry.model.clone(),
                    known: registry.names().collect::<Vec<_>>().join(", "),
                }
            })?;
            let inputs = check_entry.inputs(Path::new(""), &config_path)?;
            if inputs.is_empty() {
                // A check that matches nothing is almost always a moved folder or a typo.
                note!(
                    "error: {}: no files match {}",
                    terminal_safe(&config_path.display().to_string()),
                    terminal_safe(&check_entry.paths.join(", "))
                );
                code = 2;
                continue;
            }
            let summary = check(&inputs, &Target::model(info, mode), format, &view, &limits)?;
            code = code.max(summary.exit_code());
            if summary.output_closed.load(Ordering::Relaxed) {
                view.finish();
                return Ok(ExitCode::from(code));
            }
            totals.0 += summary.records.load(Ordering::Relaxed);
            totals.1 += summary.invalid.load(Ordering::Relaxed);
            totals.2 += summary.bytes.load(Ordering::Relaxed);
            // The progress line goes before the summary is written (the next check starts a
            // new one), or the summary would be written after it on the same line.
            view.finish();
            if !args.quiet {
                note!(
                    "{} against {} ({}): {}",
                    terminal_safe(&check_entry.paths.join(", ")),
                    info.name(),
                    mode.as_str(),
                    summary.describe()
                );
            }
        }
    } else {
        if args.model.is_none() && args.schema.is_none() {
            bail!("give --model NAME or --schema FILE with the paths to check");
        }
        let target = target(args, registry)?;
        let paths = if args.paths.is_empty() {
            if std::io::stdin().is_terminal() {
                bail!("give the paths to check, or `-` to read standard input");
            }
            vec![input::stdin_path()]
        } else {
            args.paths.clone()
        };
        let inputs = input::expand_all(&paths);
        // Problems are inputs too (reported in order, in every format); on a terminal they
        // also go to standard error when the report goes elsewhere.
        if format != Format::Human {
            for bad in inputs
                .iter()
                .filter(|i| i.kind == input::InputKind::Unreadable)
            {
                note!(
                    "error: {}: {}",
                    terminal_safe(&bad.display()),
                    terminal_safe(bad.problem.as_deref().unwrap_or_default())
                );
            }
        }
        let summary = check(&inputs, &target, format, &view, &limits)?;
        code = summary.exit_code();
        if summary.output_closed.load(Ordering::Relaxed) {
            view.finish();
            return Ok(ExitCode::from(code));
        }
        totals = (
            summary.records.load(Ordering::Relaxed),
            summary.invalid.load(Ordering::Relaxed),
            summary.bytes.load(Ordering::Relaxed),
        );
        view.finish();
        if !args.quiet {
            note!("{}", summary.describe());
        }
    }
    if args.stats {
        print_stats(start, totals);
    }
    Ok(ExitCode::from(code))
}
