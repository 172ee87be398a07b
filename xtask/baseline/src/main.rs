//! `bench-baseline FILE RUNS`: parses each line of FILE into a `serde_json::Value` and drops it,
//! RUNS times, and prints the fastest run's seconds and the number of lines read, as
//! `seconds lines`. A line serde_json refuses (a lone surrogate escape, say) counts too: it was
//! read. This is what a user who only parses the file pays; `cargo xtask bench` compares the
//! validator with it.

use std::io::BufRead;
use std::process::ExitCode;
use std::time::Instant;

fn parse_lines(path: &str) -> std::io::Result<usize> {
    let mut reader = std::io::BufReader::with_capacity(1 << 20, std::fs::File::open(path)?);
    let mut line = Vec::new();
    let mut n = 0;
    while reader.read_until(b'\n', &mut line)? > 0 {
        if let Ok(v) = serde_json::from_slice::<serde_json::Value>(&line) {
            drop(v);
        }
        n += 1;
        line.clear();
    }
    Ok(n)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(path), Some(Ok(runs))) = (args.first(), args.get(1).map(|r| r.parse::<usize>()))
    else {
        eprintln!("usage: bench-baseline FILE RUNS");
        return ExitCode::from(2);
    };
    let mut best = f64::INFINITY;
    let mut lines = 0;
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        match parse_lines(path) {
            Ok(n) => lines = n,
            Err(e) => {
                eprintln!("bench-baseline: {path}: {e}");
                return ExitCode::FAILURE;
            }
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    println!("{best} {lines}");
    ExitCode::SUCCESS
}
