//! `cargo xtask bench`: validation speed beside a parse-only baseline, on three generated
//! corpora: two of `TracerSessionResult` records, `stats` (about 1.3 KB each, 5% invalid, nested
//! free-form statistics, shaped like the API's `include_stats` responses) and `short` (about 750
//! bytes, 4% invalid, few free-form fields: the shape of a corpus we did not pick), and one of
//! `Run` records, `runs` (LLM, chain, retriever and tool runs with nested inputs and outputs:
//! several KB each, a few far larger, 4% invalid).
//!
//! Figures per corpus: the baseline (plain serde_json, default features, reading each line into
//! a `Value` and dropping it, one thread), `validate` on one thread and on every core, and the
//! cost of an invalid record (the explain path) against parsing one; with `--rss-gib N`, the
//! peak memory of a `validate` child process on an N GiB file of each corpus.

use std::fmt::Write as _;
use std::io::{BufRead, BufWriter, Write};
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

/// A JSON value as the `Run` generator builds it, written compact or with Python's `", "`
/// separators, with non-ASCII text raw or escaped (`ensure_ascii`).
#[derive(Debug, Clone)]
enum J {
    Null,
    Bool(bool),
    /// Written verbatim: a number, or a string already escaped and quoted.
    Raw(String),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

/// How a record is written.
#[derive(Debug, Clone, Copy)]
struct Style {
    /// Non-ASCII characters as `\uXXXX` escapes (surrogate pairs above U+FFFF).
    ascii: bool,
    /// `", "` and `": "` between items, as Python's `json.dumps`; else compact.
    spaced: bool,
}

fn obj<const N: usize>(pairs: [(&str, J); N]) -> J {
    J::Obj(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}

fn s(text: impl Into<String>) -> J {
    J::Str(text.into())
}

fn num(n: impl std::fmt::Display) -> J {
    J::Raw(n.to_string())
}

impl J {
    fn write(&self, out: &mut String, style: Style) {
        match self {
            J::Null => out.push_str("null"),
            J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            J::Raw(raw) => out.push_str(raw),
            J::Str(text) => push_json_str(out, text, style.ascii),
            J::Arr(items) => {
                out.push('[');
                for (n, item) in items.iter().enumerate() {
                    if n > 0 {
                        out.push_str(if style.spaced { ", " } else { "," });
                    }
                    item.write(out, style);
                }
                out.push(']');
            }
            J::Obj(pairs) => {
                out.push('{');
                for (n, (key, value)) in pairs.iter().enumerate() {
                    if n > 0 {
                        out.push_str(if style.spaced { ", " } else { "," });
                    }
                    push_json_str(out, key, style.ascii);
                    out.push_str(if style.spaced { ": " } else { ":" });
                    value.write(out, style);
                }
                out.push('}');
            }
        }
    }

    fn get_mut(&mut self, key: &str) -> Option<&mut J> {
        match self {
            J::Obj(pairs) => pairs.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Sets `key` (replacing its value, or adding it at the end).
    fn set(&mut self, key: &str, value: J) {
        if let Some(slot) = self.get_mut(key) {
            *slot = value;
        } else if let J::Obj(pairs) = self {
            pairs.push((key.to_owned(), value));
        }
    }

    fn remove(&mut self, key: &str) {
        if let J::Obj(pairs) = self {
            pairs.retain(|(k, _)| k != key);
        }
    }

    /// The length of the longest string inside.
    fn longest_str(&self) -> usize {
        match self {
            J::Str(text) => text.len(),
            J::Arr(items) => items.iter().map(J::longest_str).max().unwrap_or(0),
            J::Obj(pairs) => pairs
                .iter()
                .map(|(_, v)| v.longest_str())
                .max()
                .unwrap_or(0),
            _ => 0,
        }
    }

    /// Replaces the first string of `len` bytes with `f` of it; whether one was found.
    fn replace_str(&mut self, len: usize, f: &mut dyn FnMut(&str) -> J) -> bool {
        match self {
            J::Str(text) if text.len() == len => {
                *self = f(text);
                true
            }
            J::Arr(items) => items.iter_mut().any(|item| item.replace_str(len, f)),
            J::Obj(pairs) => pairs.iter_mut().any(|(_, v)| v.replace_str(len, f)),
            _ => false,
        }
    }
}

/// `text` as a JSON string: quotes, backslashes and control characters escaped, and with
/// `ascii` every non-ASCII character too.
fn push_json_str(out: &mut String, text: &str, ascii: bool) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c if ascii && !c.is_ascii() => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Everyday words of the prose in prompts, answers and documents.
const WORDS: &[&str] = &[
    "the",
    "the",
    "the",
    "a",
    "a",
    "an",
    "of",
    "of",
    "to",
    "to",
    "and",
    "and",
    "in",
    "in",
    "for",
    "with",
    "on",
    "from",
    "into",
    "by",
    "is",
    "is",
    "are",
    "was",
    "can",
    "should",
    "will",
    "must",
    "may",
    "not",
    "when",
    "if",
    "then",
    "because",
    "after",
    "before",
    "each",
    "every",
    "this",
    "that",
    "these",
    "our",
    "your",
    "their",
    "it",
    "we",
    "you",
    "they",
    "new",
    "old",
    "first",
    "last",
    "next",
    "same",
    "other",
    "trace",
    "run",
    "model",
    "agent",
    "tool",
    "query",
    "document",
    "answer",
    "retrieval",
    "context",
    "index",
    "vector",
    "store",
    "embedding",
    "latency",
    "token",
    "prompt",
    "chain",
    "dataset",
    "evaluation",
    "feedback",
    "project",
    "customer",
    "order",
    "invoice",
    "refund",
    "policy",
    "shipping",
    "account",
    "password",
    "error",
    "timeout",
    "request",
    "response",
    "service",
    "database",
    "table",
    "column",
    "schema",
    "migration",
    "deployment",
    "cluster",
    "region",
    "billing",
    "plan",
    "support",
    "ticket",
    "priority",
    "returns",
    "calls",
    "reads",
    "writes",
    "checks",
    "updates",
    "creates",
    "deletes",
    "sends",
    "receives",
    "fails",
    "retries",
    "configure",
    "enable",
    "install",
    "use",
    "set",
    "find",
    "search",
    "summarize",
    "explain",
    "compare",
    "include",
    "quickly",
    "usually",
    "only",
    "also",
    "still",
    "already",
    "API",
    "SDK",
    "JSON",
    "Python",
    "TypeScript",
    "LangChain",
    "Postgres",
    "webhook",
    "endpoint",
    "cache",
    "limit",
    "quota",
    "version",
    "release",
    "settings",
    "workspace",
    "team",
    "user",
    "users",
    "report",
    "monthly",
    "daily",
    "2024",
    "v2",
    "three",
    "seven",
    "12",
    "40%",
];

/// Rarer words: accented Latin, CJK, symbols and emoji (outside the BMP: surrogate pairs
/// when escaped).
const RARE_WORDS: &[&str] = &[
    "café",
    "naïve",
    "Zürich",
    "São Paulo",
    "日本語",
    "résumé",
    "—",
    "≈",
    "🚀",
    "✅",
    "€12.50",
    "Ångström",
    "Dvořák",
    "東京",
    "😊",
];

const TOPICS: &[&str] = &[
    "reset my password",
    "get a refund for a duplicate charge",
    "change the shipping address on order 4471",
    "export traces to S3",
    "rotate an API key",
    "raise the rate limit on the batch endpoint",
    "add a teammate to the workspace",
    "migrate the vector index to Postgres",
    "read the monthly usage report",
    "cancel the annual plan",
];

const TOOLS: &[(&str, &str)] = &[
    (
        "search_docs",
        "Search the product documentation and return the most relevant passages.",
    ),
    (
        "get_order",
        "Look up an order by its id and return its status, items and shipping details.",
    ),
    (
        "create_ticket",
        "Open a support ticket with a title, a body and a priority.",
    ),
    (
        "run_sql",
        "Run a read-only SQL query against the analytics warehouse.",
    ),
    ("calculator", "Evaluate an arithmetic expression."),
];

impl Rng {
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn between(&mut self, low: u64, high: u64) -> u64 {
        low + self.below(high - low + 1)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    fn sentence(&mut self, out: &mut String) {
        let words = self.between(6, 22);
        for n in 0..words {
            if n > 0 {
                out.push(if self.chance(6) && n + 1 < words {
                    ','
                } else {
                    ' '
                });
                if out.ends_with(',') {
                    out.push(' ');
                }
            }
            let word = if self.chance(2) {
                self.pick(RARE_WORDS)
            } else {
                self.pick(WORDS)
            };
            if n == 0 {
                let mut chars = word.chars();
                if let Some(c) = chars.next() {
                    out.extend(c.to_uppercase());
                    out.push_str(chars.as_str());
                }
            } else {
                match self.below(100) {
                    0 => {
                        let _ = write!(out, "\"{word}\"");
                    }
                    1 => {
                        let _ = write!(out, "`{word}.yaml`");
                    }
                    _ => out.push_str(word),
                }
            }
        }
        let end: &&str = self.pick(&[".", ".", ".", ".", "?", "!", ":"]);
        out.push_str(end);
    }

    /// Prose of `low` to `high` characters.
    fn prose_of(&mut self, low: u64, high: u64) -> String {
        let chars = self.between(low, high) as usize;
        self.prose(chars)
    }

    /// About `chars` characters of prose in paragraphs, with now and then a code block or a
    /// Windows path (quotes, backslashes, tabs and newlines to escape).
    fn prose(&mut self, chars: usize) -> String {
        let mut out = String::with_capacity(chars + 200);
        let mut paragraph = 0;
        while out.len() < chars {
            if paragraph > 0 {
                out.push_str("\n\n");
            }
            let start = out.len();
            while out.len() - start < 400 && out.len() < chars {
                if out.len() > start {
                    out.push(' ');
                }
                self.sentence(&mut out);
            }
            if self.chance(4) {
                out.push_str(
                    "\n\n```python\nfrom langsmith import traceable\n\n@traceable(run_type=\"chain\")\ndef answer(question: str) -> str:\n\treturn llm.invoke(question).content\n```",
                );
            } else if self.chance(2) {
                out.push_str(" The export is in C:\\Users\\ada\\Downloads\\traces.jsonl.");
            }
            paragraph += 1;
        }
        out
    }

    fn call_id(&mut self) -> String {
        let mut id = String::from("call_");
        for _ in 0..24 {
            let c = self.below(62) as u8;
            id.push(match c {
                0..=9 => char::from(b'0' + c),
                10..=35 => char::from(b'a' + c - 10),
                _ => char::from(b'A' + c - 36),
            });
        }
        id
    }

    /// `bytes` random bytes in base64, as an attachment's data.
    fn base64(&mut self, bytes: usize) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::with_capacity(bytes / 3 * 4 + 4);
        for _ in 0..bytes / 3 {
            let v = self.next();
            for shift in [18, 12, 6, 0] {
                out.push(char::from(ALPHABET[((v >> shift) & 63) as usize]));
            }
        }
        out
    }
}

/// A point in June 2024, in microseconds from its start.
#[derive(Debug, Clone, Copy)]
struct Instant2024(u64);

impl Instant2024 {
    fn parts(self) -> (u64, u64, u64, u64, u64) {
        let (secs, micros) = (self.0 / 1_000_000, self.0 % 1_000_000);
        (
            1 + secs / 86_400,
            secs / 3600 % 24,
            secs / 60 % 60,
            secs % 60,
            micros,
        )
    }

    /// As the API writes it: naive (UTC), or with `Z` or `+00:00`.
    fn iso(self, suffix: &str) -> String {
        let (day, h, m, sec, micros) = self.parts();
        format!("2024-06-{day:02}T{h:02}:{m:02}:{sec:02}.{micros:06}{suffix}")
    }

    /// As a dotted order writes it: `20240606T010251299960Z`.
    fn dotted(self) -> String {
        let (day, h, m, sec, micros) = self.parts();
        format!("202406{day:02}T{h:02}{m:02}{sec:02}{micros:06}Z")
    }

    fn plus_ms(self, ms: u64) -> Self {
        Instant2024(self.0 + ms * 1000 + ms % 997)
    }
}

/// What kind of run a generated run is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RunKind {
    Llm,
    Chain,
    Retriever,
    Tool,
    Prompt,
    Parser,
}

impl RunKind {
    fn run_type(self) -> &'static str {
        match self {
            RunKind::Llm => "llm",
            RunKind::Chain => "chain",
            RunKind::Retriever => "retriever",
            RunKind::Tool => "tool",
            RunKind::Prompt => "prompt",
            RunKind::Parser => "parser",
        }
    }
}

/// How a `Run` record is made invalid, in ways stored runs go wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flaw {
    /// No `name`.
    NoName,
    /// `trace_id: null` (a missing one is the run's `id`; a null one is refused).
    NullTraceId,
    /// `inputs` a bare prompt string instead of an object.
    InputsString,
    /// `start_time` or `end_time` on June 31st.
    BadTimestamp,
    /// A score-like fraction (`0.87`) in `total_tokens`.
    FractionalTokens,
    /// An output string cut in the middle of an emoji: a lone `\ud83d` escape.
    LoneSurrogate,
    /// A child run with `start_time: null`.
    ChildNoStart,
}

const FLAWS: [Flaw; 7] = [
    Flaw::NoName,
    Flaw::NullTraceId,
    Flaw::InputsString,
    Flaw::BadTimestamp,
    Flaw::FractionalTokens,
    Flaw::LoneSurrogate,
    Flaw::ChildNoStart,
];

/// Where a run sits in its trace.
struct Lineage {
    trace_id: String,
    parent_id: Option<String>,
    dotted_order: String,
    depth: u64,
}

/// Token counts and costs a run reports (a chain reports its children's sums).
#[derive(Debug, Clone, Copy, Default)]
struct Usage {
    prompt: u64,
    completion: u64,
    cache_read: u64,
    reasoning: u64,
}

impl Usage {
    fn add(&mut self, other: Usage) {
        self.prompt += other.prompt;
        self.completion += other.completion;
        self.cache_read += other.cache_read;
        self.reasoning += other.reasoning;
    }
}

/// What a record's runs share: their tenant and project, and how their times are written.
struct Ids {
    tenant: String,
    session: String,
    /// After `start_time` and `end_time`: nothing (naive, UTC), `Z` or `+00:00`.
    time_suffix: &'static str,
}

/// The `extra` of a run: invocation parameters for LLM runs, metadata, runtime.
fn run_extra(
    rng: &mut Rng,
    kind: RunKind,
    model: &str,
    temperature: &str,
    streaming: bool,
    depth: u64,
) -> J {
    let mut metadata = vec![
        ("ls_run_depth".to_owned(), num(depth)),
        (
            "revision_id".to_owned(),
            s(format!(
                "v1.{}.{}-{}-g{:07x}",
                rng.below(9),
                rng.below(20),
                rng.below(40),
                rng.next() >> 36
            )),
        ),
        ("thread_id".to_owned(), s(rng.uuid())),
        (
            "user_id".to_owned(),
            s(format!("user_{}", rng.below(100_000))),
        ),
        ("LANGSMITH_PROJECT".to_owned(), s("support-assistant-prod")),
    ];
    if kind == RunKind::Llm {
        metadata.extend([
            (
                "ls_provider".to_owned(),
                s(if model.starts_with("claude") {
                    "anthropic"
                } else {
                    "openai"
                }),
            ),
            ("ls_model_name".to_owned(), s(model)),
            ("ls_model_type".to_owned(), s("chat")),
            ("ls_temperature".to_owned(), num(temperature)),
        ]);
    }
    if rng.chance(20) {
        metadata.push((
            "git".to_owned(),
            obj([
                ("branch", s(format!("feature/rag-{}", rng.below(300)))),
                (
                    "commit",
                    s(format!("{:016x}{:016x}", rng.next(), rng.next())),
                ),
                ("dirty", J::Bool(rng.chance(30))),
                ("tags", J::Null),
            ]),
        ));
    }
    let mut extra = vec![("metadata".to_owned(), J::Obj(metadata))];
    if kind == RunKind::Llm {
        extra.insert(
            0,
            (
                "invocation_params".to_owned(),
                obj([
                    ("model", s(model)),
                    ("model_name", s(model)),
                    ("stream", J::Bool(streaming)),
                    ("n", num(1)),
                    ("temperature", num(temperature)),
                    (
                        "max_tokens",
                        if rng.chance(50) {
                            J::Null
                        } else {
                            num(256 << rng.below(4))
                        },
                    ),
                    ("_type", s("openai-chat")),
                    ("stop", J::Null),
                ]),
            ),
        );
        extra.insert(1, ("options".to_owned(), obj([("stop", J::Null)])));
        extra.insert(2, ("batch_size".to_owned(), num(1)));
    }
    extra.push((
        "runtime".to_owned(),
        obj([
            ("sdk", s("langsmith-py")),
            ("sdk_version", s(format!("0.1.{}", 120 + rng.below(30)))),
            ("library", s("langchain-core")),
            (
                "platform",
                s("Linux-6.1.0-18-cloud-amd64-x86_64-with-glibc2.36"),
            ),
            ("runtime", s("python")),
            ("py_implementation", s("CPython")),
            ("runtime_version", s(format!("3.11.{}", rng.below(10)))),
            ("langchain_version", s("0.3.7")),
            (
                "langchain_core_version",
                s(format!("0.3.{}", 10 + rng.below(15))),
            ),
        ]),
    ));
    J::Obj(extra)
}

/// A chat message, OpenAI style.
fn message(role: &str, content: String) -> J {
    obj([("role", s(role)), ("content", s(content))])
}

/// A chat message as LangChain serializes it.
fn lc_message(class: &str, kind: &str, content: J, more: Vec<(String, J)>) -> J {
    let mut kwargs = vec![
        ("content".to_owned(), content),
        ("type".to_owned(), s(kind)),
    ];
    kwargs.extend(more);
    obj([
        ("lc", num(1)),
        ("type", s("constructor")),
        (
            "id",
            J::Arr(["langchain", "schema", "messages", class].map(s).to_vec()),
        ),
        ("kwargs", J::Obj(kwargs)),
    ])
}

fn tool_call(rng: &mut Rng, question: &str) -> (J, J, String) {
    let (name, _) = *rng.pick(TOOLS);
    let id = rng.call_id();
    let args = format!(
        "{{\"query\": \"{}\", \"k\": {}}}",
        question.replace('"', "'"),
        rng.between(2, 8)
    );
    let openai = obj([
        ("id", s(id.clone())),
        ("type", s("function")),
        (
            "function",
            obj([("name", s(name)), ("arguments", s(args.clone()))]),
        ),
    ]);
    let langchain = obj([
        ("name", s(name)),
        ("args", obj([("query", s(question)), ("k", num(4))])),
        ("id", s(id.clone())),
        ("type", s("tool_call")),
    ]);
    (openai, langchain, id)
}

fn document(rng: &mut Rng, chars: usize, when: Instant2024) -> J {
    let slug = *rng.pick(&[
        "getting-started",
        "tracing",
        "billing",
        "api-keys",
        "exports",
        "rate-limits",
        "teams",
    ]);
    obj([
        ("id", s(rng.uuid())),
        (
            "metadata",
            obj([
                (
                    "source",
                    s(format!(
                        "https://docs.example.com/guides/{slug}#section-{}",
                        rng.below(12)
                    )),
                ),
                (
                    "title",
                    s(format!(
                        "{} guide, part {}",
                        slug.replace('-', " "),
                        1 + rng.below(5)
                    )),
                ),
                ("chunk", num(rng.below(60))),
                (
                    "score",
                    num(format!("{:.4}", 0.5 + rng.below(5000) as f64 / 10_000.0)),
                ),
                ("last_modified", s(when.iso("Z"))),
            ]),
        ),
        ("page_content", s(rng.prose(chars))),
        ("type", s("Document")),
    ])
}

/// A generated run: its fields, and the tokens it reports (for its parent chain to sum).
struct GenRun {
    fields: J,
    usage: Usage,
}

/// Builds one run (and, for a chain with `children`, its one to three child runs).
#[allow(clippy::too_many_lines)]
fn gen_run(
    rng: &mut Rng,
    ids: &Ids,
    kind: RunKind,
    start: Instant2024,
    lineage: &Lineage,
    huge: bool,
    children: bool,
) -> GenRun {
    let id = rng.uuid();
    let latency_ms = match kind {
        RunKind::Llm | RunKind::Chain => rng.between(300, 25_000),
        RunKind::Retriever | RunKind::Tool => rng.between(20, 3_000),
        RunKind::Prompt | RunKind::Parser => rng.between(1, 15),
    };
    let end = start.plus_ms(latency_ms);
    let dotted = if lineage.dotted_order.is_empty() {
        format!("{}{id}", start.dotted())
    } else {
        format!("{}.{}{id}", lineage.dotted_order, start.dotted())
    };
    let trace_id = if lineage.trace_id.is_empty() {
        id.clone()
    } else {
        lineage.trace_id.clone()
    };
    let question = format!(
        "{} {}",
        *rng.pick(&[
            "How do I",
            "Can you help me",
            "What is the fastest way to",
            "Why can't I"
        ]),
        rng.pick(TOPICS)
    );
    let model = *rng.pick(&[
        "gpt-4o-mini",
        "gpt-4o-mini",
        "gpt-4o",
        "claude-3-5-sonnet-20240620",
    ]);
    let temperature = format!("{:.1}", rng.below(10) as f64 / 10.0);
    let failed = rng.chance(3);
    let streaming = kind == RunKind::Llm && rng.chance(15);
    let mut usage = Usage::default();
    let mut events = vec![obj([
        ("name", s("start")),
        ("time", s(start.iso("+00:00"))),
    ])];
    let mut child_runs = Vec::new();
    let (name, inputs, outputs) = match kind {
        RunKind::Llm => {
            let system = if huge {
                rng.prose(20_000)
            } else {
                rng.prose_of(200, 1000)
            };
            let history = if huge {
                rng.between(20, 60)
            } else {
                rng.below(5)
            };
            let answer = rng.prose_of(100, 1500);
            let with_tool = rng.chance(25);
            let (tool_openai, tool_lc, tool_id) = tool_call(rng, &question);
            let lc = rng.chance(50);
            let mut turns = vec![("system", system)];
            for n in 0..history {
                let role = if n % 2 == 0 { "user" } else { "assistant" };
                turns.push((role, rng.prose_of(40, 600)));
            }
            turns.push(("user", question.clone()));
            usage.prompt = turns.iter().map(|(_, t)| t.len() as u64 / 4 + 4).sum();
            usage.completion = answer.len() as u64 / 4 + 1;
            usage.cache_read = if rng.chance(40) { usage.prompt / 2 } else { 0 };
            usage.reasoning = if model == "gpt-4o" {
                0
            } else {
                rng.below(3) * 64
            };
            let usage_openai = obj([
                ("prompt_tokens", num(usage.prompt)),
                ("completion_tokens", num(usage.completion)),
                ("total_tokens", num(usage.prompt + usage.completion)),
                (
                    "prompt_tokens_details",
                    obj([
                        ("cached_tokens", num(usage.cache_read)),
                        ("audio_tokens", num(0)),
                    ]),
                ),
                (
                    "completion_tokens_details",
                    obj([
                        ("reasoning_tokens", num(usage.reasoning)),
                        ("audio_tokens", num(0)),
                    ]),
                ),
            ]);
            let fingerprint = format!("fp_{:010x}", rng.next() >> 24);
            let (name, inputs, outputs) = if lc {
                let messages: Vec<J> = turns
                    .into_iter()
                    .map(|(role, text)| match role {
                        "system" => lc_message("SystemMessage", "system", s(text), vec![]),
                        "user" => lc_message("HumanMessage", "human", s(text), vec![]),
                        _ => lc_message(
                            "AIMessage",
                            "ai",
                            s(text),
                            vec![("tool_calls".to_owned(), J::Arr(vec![]))],
                        ),
                    })
                    .collect();
                let ai = lc_message(
                    "AIMessage",
                    "ai",
                    s(answer.clone()),
                    vec![
                        (
                            "additional_kwargs".to_owned(),
                            if with_tool {
                                obj([("tool_calls", J::Arr(vec![tool_openai]))])
                            } else {
                                obj([])
                            },
                        ),
                        (
                            "response_metadata".to_owned(),
                            obj([
                                ("token_usage", usage_openai.clone()),
                                ("model_name", s(model)),
                                ("system_fingerprint", s(fingerprint.clone())),
                                (
                                    "finish_reason",
                                    s(if with_tool { "tool_calls" } else { "stop" }),
                                ),
                                ("logprobs", J::Null),
                            ]),
                        ),
                        ("id".to_owned(), s(format!("run-{id}-0"))),
                        (
                            "tool_calls".to_owned(),
                            J::Arr(if with_tool { vec![tool_lc] } else { vec![] }),
                        ),
                        (
                            "usage_metadata".to_owned(),
                            obj([
                                ("input_tokens", num(usage.prompt)),
                                ("output_tokens", num(usage.completion)),
                                ("total_tokens", num(usage.prompt + usage.completion)),
                                (
                                    "input_token_details",
                                    obj([("cache_read", num(usage.cache_read))]),
                                ),
                                (
                                    "output_token_details",
                                    obj([("reasoning", num(usage.reasoning))]),
                                ),
                            ]),
                        ),
                        ("invalid_tool_calls".to_owned(), J::Arr(vec![])),
                    ],
                );
                let outputs = obj([
                    (
                        "generations",
                        J::Arr(vec![J::Arr(vec![obj([
                            ("text", s(answer.clone())),
                            (
                                "generation_info",
                                obj([("finish_reason", s("stop")), ("logprobs", J::Null)]),
                            ),
                            ("type", s("ChatGeneration")),
                            ("message", ai),
                        ])])]),
                    ),
                    (
                        "llm_output",
                        obj([
                            ("token_usage", usage_openai),
                            ("model_name", s(model)),
                            ("system_fingerprint", s(fingerprint)),
                        ]),
                    ),
                    ("run", J::Null),
                    ("type", s("LLMResult")),
                ]);
                (
                    if model.starts_with("claude") {
                        "ChatAnthropic"
                    } else {
                        "ChatOpenAI"
                    },
                    obj([("messages", J::Arr(vec![J::Arr(messages)]))]),
                    outputs,
                )
            } else {
                let mut messages: Vec<J> = turns
                    .into_iter()
                    .map(|(role, text)| message(role, text))
                    .collect();
                if with_tool && rng.chance(50) {
                    // A second round: the tool's result is in the prompt.
                    messages.push(obj([
                        ("role", s("assistant")),
                        ("content", J::Null),
                        ("tool_calls", J::Arr(vec![tool_openai.clone()])),
                    ]));
                    messages.push(obj([
                        ("role", s("tool")),
                        ("tool_call_id", s(tool_id)),
                        (
                            "content",
                            s(format!(
                                "{{\"results\": [\"{}\"]}}",
                                rng.prose(300).replace(['"', '\n', '\\'], " ")
                            )),
                        ),
                    ]));
                }
                let tools: Vec<J> = TOOLS
                    .iter()
                    .take(rng.between(1, TOOLS.len() as u64) as usize)
                    .map(|(name, description)| {
                        obj([
                            ("type", s("function")),
                            (
                                "function",
                                obj([
                                    ("name", s(*name)),
                                    ("description", s(*description)),
                                    (
                                        "parameters",
                                        obj([
                                            ("type", s("object")),
                                            (
                                                "properties",
                                                obj([
                                                    (
                                                        "query",
                                                        obj([
                                                            ("type", s("string")),
                                                            ("description", s("What to look for.")),
                                                        ]),
                                                    ),
                                                    (
                                                        "k",
                                                        obj([
                                                            ("type", s("integer")),
                                                            ("default", num(4)),
                                                        ]),
                                                    ),
                                                ]),
                                            ),
                                            ("required", J::Arr(vec![s("query")])),
                                        ]),
                                    ),
                                ]),
                            ),
                        ])
                    })
                    .collect();
                let outputs = obj([
                    ("id", s(format!("chatcmpl-{}", rng.call_id()))),
                    (
                        "choices",
                        J::Arr(vec![obj([
                            ("index", num(0)),
                            (
                                "message",
                                obj([
                                    ("role", s("assistant")),
                                    ("content", s(answer.clone())),
                                    (
                                        "tool_calls",
                                        if with_tool {
                                            J::Arr(vec![tool_openai])
                                        } else {
                                            J::Null
                                        },
                                    ),
                                    ("refusal", J::Null),
                                ]),
                            ),
                            (
                                "finish_reason",
                                s(if with_tool { "tool_calls" } else { "stop" }),
                            ),
                            ("logprobs", J::Null),
                        ])]),
                    ),
                    ("created", num(1_717_200_000 + start.0 / 1_000_000)),
                    ("model", s(format!("{model}-2024-07-18"))),
                    ("object", s("chat.completion")),
                    ("system_fingerprint", s(fingerprint)),
                    ("usage", usage_openai),
                ]);
                (
                    "ChatOpenAI",
                    obj([
                        ("messages", J::Arr(messages)),
                        ("model", s(model)),
                        ("temperature", num(&temperature)),
                        ("stream", J::Bool(streaming)),
                        ("tools", J::Arr(tools)),
                    ]),
                    outputs,
                )
            };
            if streaming {
                let mut at = start.plus_ms(rng.between(150, 900));
                for word in answer.split(' ').take(150) {
                    events.push(obj([
                        ("name", s("new_token")),
                        ("time", s(at.iso("+00:00"))),
                        ("kwargs", obj([("token", s(format!("{word} ")))])),
                    ]));
                    at = at.plus_ms(rng.between(5, 40));
                }
            }
            (name, inputs, outputs)
        }
        RunKind::Chain => {
            let history: Vec<J> = (0..if huge {
                rng.between(30, 80)
            } else {
                rng.below(6)
            })
                .map(|n| {
                    message(
                        if n % 2 == 0 { "user" } else { "assistant" },
                        rng.prose_of(40, 500),
                    )
                })
                .collect();
            let docs: Vec<J> = (0..if huge {
                rng.between(20, 40)
            } else {
                rng.between(2, 5)
            })
                .map(|_| {
                    let chars = if huge {
                        rng.between(1500, 4000)
                    } else {
                        rng.between(200, 900)
                    };
                    document(rng, chars as usize, start)
                })
                .collect();
            let answer = rng.prose_of(150, 1200);
            if children {
                let mut at = start.plus_ms(rng.between(1, 20));
                let child_lineage = Lineage {
                    trace_id: trace_id.clone(),
                    parent_id: Some(id.clone()),
                    dotted_order: dotted.clone(),
                    depth: lineage.depth + 1,
                };
                for _ in 0..rng.between(1, 3) {
                    let kind = *rng.pick(&[
                        RunKind::Retriever,
                        RunKind::Llm,
                        RunKind::Llm,
                        RunKind::Prompt,
                        RunKind::Tool,
                        RunKind::Parser,
                    ]);
                    let child = gen_run(rng, ids, kind, at, &child_lineage, false, false);
                    usage.add(child.usage);
                    child_runs.push(child.fields);
                    at = at.plus_ms(rng.between(100, 4000));
                }
            } else if rng.chance(70) {
                usage.prompt = rng.between(800, 12_000);
                usage.completion = rng.between(50, 900);
            }
            let name = *rng.pick(&[
                "RunnableSequence",
                "AgentExecutor",
                "retrieval_qa",
                "answer_question",
                "LangGraph",
            ]);
            let outputs = if rng.chance(50) {
                obj([("answer", s(answer)), ("context", J::Arr(docs))])
            } else {
                obj([
                    ("output", s(answer)),
                    (
                        "intermediate_steps",
                        J::Arr(vec![J::Arr(vec![
                            obj([
                                ("tool", s("search_docs")),
                                ("tool_input", obj([("query", s(question.clone()))])),
                                ("log", s(format!("Invoking: `search_docs` with `{{'query': '{question}'}}`\n\n\n"))),
                                ("type", s("AgentActionMessageLog")),
                            ]),
                            J::Arr(docs),
                        ])]),
                    ),
                ])
            };
            (
                name,
                obj([
                    ("question", s(question.clone())),
                    ("chat_history", J::Arr(history)),
                ]),
                outputs,
            )
        }
        RunKind::Retriever => {
            let docs: Vec<J> = (0..rng.between(2, 8))
                .map(|_| {
                    let chars = if huge {
                        rng.between(3000, 8000)
                    } else {
                        rng.between(200, 900)
                    };
                    document(rng, chars as usize, start)
                })
                .collect();
            (
                "VectorStoreRetriever",
                obj([("query", s(question.clone()))]),
                obj([("documents", J::Arr(docs))]),
            )
        }
        RunKind::Tool => {
            let (name, _) = *rng.pick(TOOLS);
            let output = if name == "run_sql" {
                let rows: Vec<String> = (0..if huge { 2000 } else { rng.between(1, 40) })
                    .map(|n| {
                        format!(
                            "{{\"day\": \"2024-06-{:02}\", \"orders\": {}, \"revenue\": {:.2}}}",
                            1 + n % 28,
                            rng.below(900),
                            rng.below(9_000_000) as f64 / 100.0
                        )
                    })
                    .collect();
                format!("[{}]", rows.join(", "))
            } else if huge {
                rng.prose(40_000)
            } else {
                rng.prose_of(50, 1000)
            };
            let inputs = match rng.below(3) {
                0 => obj([(
                    "input",
                    s(format!(
                        "{{'query': '{}', 'k': 4}}",
                        question.replace('\'', " ")
                    )),
                )]),
                1 => obj([("query", s(question.clone())), ("k", num(4))]),
                _ => J::Null,
            };
            (name, inputs, obj([("output", s(output))]))
        }
        RunKind::Prompt => {
            let context = rng.prose_of(200, 2000);
            let messages = vec![
                lc_message(
                    "SystemMessage",
                    "system",
                    s(format!("Answer from the context only.\n\n{context}")),
                    vec![],
                ),
                lc_message("HumanMessage", "human", s(question.clone()), vec![]),
            ];
            (
                "ChatPromptTemplate",
                obj([("question", s(question.clone())), ("context", s(context))]),
                obj([
                    ("lc", num(1)),
                    ("type", s("constructor")),
                    (
                        "id",
                        J::Arr(
                            ["langchain", "prompts", "chat", "ChatPromptValue"]
                                .map(s)
                                .to_vec(),
                        ),
                    ),
                    ("kwargs", obj([("messages", J::Arr(messages))])),
                ]),
            )
        }
        RunKind::Parser => {
            let text = rng.prose_of(100, 1500);
            (
                "StrOutputParser",
                obj([(
                    "input",
                    lc_message("AIMessageChunk", "AIMessageChunk", s(text.clone()), vec![]),
                )]),
                obj([("output", s(text))]),
            )
        }
    };
    if !failed {
        events.push(obj([("name", s("end")), ("time", s(end.iso("+00:00")))]));
    }
    let pending = !failed && rng.chance(1);
    let (outputs, error, status) = if failed {
        let error = format!(
            "{}\n\nTraceback (most recent call last):\n  File \"/app/.venv/lib/python3.11/site-packages/langchain_core/runnables/base.py\", line 3024, in invoke\n    input = context.run(step.invoke, input, config)\n  File \"/app/.venv/lib/python3.11/site-packages/openai/_base_client.py\", line 1059, in _request\n    raise self._make_status_error_from_response(err.response) from None\n{}",
            *rng.pick(&["RateLimitError('Error code: 429')", "APITimeoutError('Request timed out.')", "ValueError('No documents found')", "KeyError('answer')"]),
            rng.pick(&["openai.RateLimitError: Error code: 429 - {'error': {'message': 'Rate limit reached for gpt-4o-mini', 'type': 'tokens', 'code': 'rate_limit_exceeded'}}", "httpx.ReadTimeout: The read operation timed out"]),
        );
        (J::Null, s(error), "error")
    } else if pending {
        (J::Null, J::Null, "pending")
    } else {
        (outputs, J::Null, "success")
    };
    let has_usage = usage.prompt + usage.completion > 0;
    let tokens = |n: u64| {
        if has_usage {
            num(n)
        } else if matches!(kind, RunKind::Retriever | RunKind::Tool) {
            num(0)
        } else {
            J::Null
        }
    };
    // Costs at gpt-4o-mini's prices, as numbers or decimal strings.
    let prompt_cost = usage.prompt as f64 * 1.5e-7;
    let completion_cost = usage.completion as f64 * 6e-7;
    let as_string = rng.chance(50);
    let cost = |c: f64| {
        if !has_usage {
            J::Null
        } else if as_string {
            s(format!("{c:.10}"))
        } else {
            num(format!("{c:e}"))
        }
    };
    let mut fields = vec![
        ("id", s(id.clone())),
        ("name", s(name)),
        ("start_time", s(start.iso(ids.time_suffix))),
        ("run_type", s(kind.run_type())),
        (
            "end_time",
            if pending {
                J::Null
            } else {
                s(end.iso(ids.time_suffix))
            },
        ),
        (
            "extra",
            run_extra(rng, kind, model, &temperature, streaming, lineage.depth),
        ),
        ("error", error),
        (
            "serialized",
            if kind == RunKind::Llm && rng.chance(10) {
                obj([
                    ("lc", num(1)),
                    ("type", s("constructor")),
                    (
                        "id",
                        J::Arr(
                            ["langchain", "chat_models", "openai", "ChatOpenAI"]
                                .map(s)
                                .to_vec(),
                        ),
                    ),
                    (
                        "kwargs",
                        obj([
                            ("model_name", s(model)),
                            ("temperature", num(&temperature)),
                            (
                                "openai_api_key",
                                obj([
                                    ("lc", num(1)),
                                    ("type", s("secret")),
                                    ("id", J::Arr(vec![s("OPENAI_API_KEY")])),
                                ]),
                            ),
                        ]),
                    ),
                    ("name", s(name)),
                ])
            } else {
                J::Null
            },
        ),
        ("events", J::Arr(events)),
        ("inputs", inputs),
        ("outputs", outputs),
        (
            "reference_example_id",
            if rng.chance(10) {
                s(rng.uuid())
            } else {
                J::Null
            },
        ),
        (
            "parent_run_id",
            lineage.parent_id.clone().map_or(J::Null, s),
        ),
        (
            "tags",
            match rng.below(4) {
                0 => J::Null,
                1 => J::Arr(vec![]),
                _ => J::Arr(
                    ["prod", "rag", "v2", "seq:step:1", "eval"]
                        .iter()
                        .take(rng.between(1, 4) as usize)
                        .map(|t| s(*t))
                        .collect(),
                ),
            },
        ),
        ("attachments", obj([])),
        ("session_id", s(ids.session.clone())),
        (
            "child_run_ids",
            if child_runs.is_empty() {
                J::Null
            } else {
                J::Arr(
                    child_runs
                        .iter()
                        .map(|c| match c {
                            J::Obj(pairs) => pairs[0].1.clone(),
                            _ => J::Null,
                        })
                        .collect(),
                )
            },
        ),
        (
            "child_runs",
            if child_runs.is_empty() {
                J::Null
            } else {
                J::Arr(child_runs)
            },
        ),
        (
            "feedback_stats",
            if rng.chance(15) {
                obj([(
                    "correctness",
                    obj([
                        ("n", num(1)),
                        ("avg", num(format!("{:.1}", rng.below(2) as f64))),
                        ("stdev", num(0.0)),
                        ("errors", num(0)),
                        ("values", obj([])),
                        ("comments", J::Arr(vec![s(rng.prose(120))])),
                        (
                            "sources",
                            J::Arr(vec![s(
                                "{\"type\": \"api\", \"metadata\": {\"__run\": null}}",
                            )]),
                        ),
                    ]),
                )])
            } else {
                J::Null
            },
        ),
        (
            "app_path",
            s(format!(
                "/o/{}/projects/p/{}/r/{id}?trace_id={trace_id}&start_time={}",
                ids.tenant,
                ids.session,
                start.iso("")
            )),
        ),
        ("manifest_id", J::Null),
        ("status", s(status)),
        ("prompt_tokens", tokens(usage.prompt)),
        ("completion_tokens", tokens(usage.completion)),
        ("total_tokens", tokens(usage.prompt + usage.completion)),
        (
            "prompt_token_details",
            if has_usage {
                obj([("cache_read", num(usage.cache_read)), ("audio", num(0))])
            } else {
                J::Null
            },
        ),
        (
            "completion_token_details",
            if has_usage {
                obj([("reasoning", num(usage.reasoning)), ("audio", num(0))])
            } else {
                J::Null
            },
        ),
        (
            "first_token_time",
            if streaming {
                s(start.plus_ms(300).iso(""))
            } else {
                J::Null
            },
        ),
        ("total_cost", cost(prompt_cost + completion_cost)),
        ("prompt_cost", cost(prompt_cost)),
        ("completion_cost", cost(completion_cost)),
        (
            "prompt_cost_details",
            if has_usage {
                obj([("cache_read", cost(usage.cache_read as f64 * 7.5e-8))])
            } else {
                J::Null
            },
        ),
        (
            "completion_cost_details",
            if has_usage {
                obj([("reasoning", cost(usage.reasoning as f64 * 6e-7))])
            } else {
                J::Null
            },
        ),
        (
            "parent_run_ids",
            J::Arr(lineage.parent_id.iter().map(|p| s(p.clone())).collect()),
        ),
        ("trace_id", s(trace_id)),
        ("dotted_order", s(dotted)),
        (
            "in_dataset",
            if rng.chance(50) {
                J::Bool(false)
            } else {
                J::Null
            },
        ),
    ];
    if rng.chance(5) {
        // A run sent by the SDK: `trace_id` left out (it is then the run's `id`) for a root.
        if lineage.parent_id.is_none() {
            fields.retain(|(k, _)| *k != "trace_id");
        }
    }
    GenRun {
        fields: J::Obj(fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()),
        usage,
    }
}

/// One `Run` record as the API's run queries return them (a trace's root, or any run within
/// one), and whether it was made invalid (4%).
fn run_record(rng: &mut Rng) -> (String, bool) {
    let flaw = rng.chance(4).then(|| *rng.pick(&FLAWS));
    (run_record_with(rng, flaw), flaw.is_some())
}

/// One `Run` record with `flaw`, if any.
fn run_record_with(rng: &mut Rng, flaw: Option<Flaw>) -> String {
    let style = Style {
        ascii: rng.chance(25),
        spaced: rng.chance(50),
    };
    let suffix = *rng.pick(&["", "", "Z", "+00:00"]);
    let huge = rng.chance(2);
    let ids = Ids {
        tenant: Rng(0x5EED_7E4A_4701).uuid(),
        session: Rng(0x5EED_0000_0001 + rng.below(6)).uuid(),
        time_suffix: suffix,
    };
    let mut kind = match rng.below(100) {
        0..=39 => RunKind::Llm,
        40..=74 => RunKind::Chain,
        75..=84 => RunKind::Retriever,
        85..=94 => RunKind::Tool,
        95..=97 => RunKind::Prompt,
        _ => RunKind::Parser,
    };
    let mut children = kind == RunKind::Chain && rng.chance(25);
    if flaw == Some(Flaw::ChildNoStart) {
        (kind, children) = (RunKind::Chain, true);
    }
    let start = Instant2024(rng.below(28 * 86_400 * 1_000_000));
    // Chains are roots; other runs are roots half the time, else one or two levels down.
    let lineage = if kind == RunKind::Chain || rng.chance(50) {
        Lineage {
            trace_id: String::new(),
            parent_id: None,
            dotted_order: String::new(),
            depth: 0,
        }
    } else {
        let trace = rng.uuid();
        let root_start = Instant2024(start.0.saturating_sub(rng.below(20_000_000)));
        let mut dotted = format!("{}{trace}", root_start.dotted());
        let mut parent = trace.clone();
        let depth = rng.between(1, 2);
        if depth == 2 {
            parent = rng.uuid();
            let _ = write!(
                dotted,
                ".{}{parent}",
                Instant2024(root_start.0 + 1_000).dotted()
            );
        }
        Lineage {
            trace_id: trace,
            parent_id: Some(parent),
            dotted_order: dotted,
            depth,
        }
    };
    let mut run = gen_run(rng, &ids, kind, start, &lineage, huge, children).fields;
    if rng.chance(4) {
        let mut attachments = Vec::new();
        for n in 0..rng.between(1, 2) {
            let entry = if rng.chance(60) {
                let bytes = if huge {
                    150_000
                } else {
                    rng.between(2_000, 24_000) as usize
                };
                J::Arr(vec![s("image/png"), s(rng.base64(bytes))])
            } else {
                obj([
                    ("mime_type", s("text/plain")),
                    ("data", {
                        let chars = rng.between(200, 4000) as usize;
                        s(rng.prose(chars))
                    }),
                ])
            };
            attachments.push((format!("attachment_{n}"), entry));
        }
        run.set("attachments", J::Obj(attachments));
    } else if rng.chance(20) {
        run.remove("attachments");
    }
    if rng.chance(50) {
        add_api_keys(rng, &mut run, start);
    }
    if let Some(flaw) = flaw {
        spoil(rng, &mut run, flaw, start, suffix, style);
    }
    let mut out = String::with_capacity(8192);
    run.write(&mut out, style);
    out
}

/// Keys the API adds to a run that the model does not declare (ignored, as the SDK ignores
/// them).
fn add_api_keys(rng: &mut Rng, run: &mut J, start: Instant2024) {
    let preview = rng.prose(150);
    for (key, value) in [
        ("inputs_preview", s(preview)),
        ("outputs_preview", J::Null),
        ("share_token", J::Null),
        ("trace_min_start_time", s(start.iso(""))),
        (
            "trace_max_start_time",
            s(start.plus_ms(rng.below(30_000)).iso("")),
        ),
        (
            "trace_first_received_at",
            s(start.plus_ms(rng.below(2_000)).iso("")),
        ),
        ("ttl_seconds", num(1_209_600)),
        ("trace_tier", s("longlived")),
        ("price_model_id", s(rng.uuid())),
        ("thread_id", J::Null),
    ] {
        run.set(key, value);
    }
}

/// Makes `run` invalid in the way `flaw` says.
fn spoil(rng: &mut Rng, run: &mut J, flaw: Flaw, start: Instant2024, suffix: &str, style: Style) {
    match flaw {
        Flaw::NoName => run.remove("name"),
        Flaw::NullTraceId => run.set("trace_id", J::Null),
        Flaw::InputsString => {
            let prompt = rng.prose(200);
            run.set("inputs", s(prompt));
        }
        Flaw::BadTimestamp => {
            let (_, h, m, sec, micros) = start.parts();
            let key = if rng.chance(50) {
                "start_time"
            } else {
                "end_time"
            };
            run.set(
                key,
                s(format!(
                    "2024-06-31T{h:02}:{m:02}:{sec:02}.{micros:06}{suffix}"
                )),
            );
        }
        Flaw::FractionalTokens => {
            run.set("total_tokens", num(format!("0.{:02}", rng.between(1, 99))));
        }
        Flaw::LoneSurrogate => {
            if run.get_mut("outputs").is_none_or(|o| o.longest_str() == 0) {
                let text = rng.prose(600);
                run.set("outputs", obj([("output", s(text))]));
            }
            if let Some(outputs) = run.get_mut("outputs") {
                let len = outputs.longest_str();
                outputs.replace_str(len, &mut |text: &str| {
                    // A stream cut in the middle of an emoji: its high surrogate alone.
                    let mut cut = text.len() * 2 / 3;
                    while !text.is_char_boundary(cut) {
                        cut -= 1;
                    }
                    let mut raw = String::new();
                    push_json_str(&mut raw, &text[..cut], style.ascii);
                    raw.pop();
                    raw.push_str("\\ud83d\"");
                    J::Raw(raw)
                });
            }
        }
        Flaw::ChildNoStart => {
            if let Some(J::Arr(children)) = run.get_mut("child_runs") {
                let n = rng.below(children.len() as u64) as usize;
                children[n].set("start_time", J::Null);
            }
        }
    }
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
            Shape::Runs => run_record(&mut rng),
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

/// Parses each line into a `serde_json::Value` and drops it; the number of lines (a line
/// serde_json refuses, such as one with a lone surrogate escape, counts too: it was read).
fn baseline(path: &Path) -> anyhow::Result<usize> {
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
/// the build is fresh) against the installed binary on a one-record file.
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

/// Times one corpus: baseline, validate on 1 and N threads, and the invalid records alone.
fn measure(args: &Args, path: &Path, model: &str, invalid: Option<&Path>) -> anyhow::Result<()> {
    let bytes = std::fs::metadata(path)
        .with_context(|| format!("reading {}", path.display()))?
        .len();
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let mb = bytes as f64 / 1e6;
    let (t_base, parsed) = best(args.runs, || baseline(path))?;
    let (t_one, one) = best(args.runs, || validate(path, model, 1))?;
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
        "| run | wall time (best of {}) | throughput | vs baseline |",
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
        // An installed binary older than the model (`unknown model`) is reported, not fatal.
        Some(cli) => match best(args.runs, || cli_process(&cli, path, model)) {
            Ok((t_cli, ())) => {
                let _ = writeln!(
                    table,
                    "installed binary end to end (tracer-schema validate, a whole process, {cores} threads): {t_cli:.3} s, {:.2}x the baseline",
                    t_cli / t_base
                );
            }
            Err(e) => {
                let _ = writeln!(
                    table,
                    "installed binary not measured ({e}): rebuild it with cargo build --release -p tracer-schema-cli"
                );
            }
        },
        None => {
            let _ = writeln!(
                table,
                "installed binary not measured: build it with cargo build --release -p tracer-schema-cli"
            );
        }
    }
    if let Some(invalid) = invalid.filter(|p| p.exists()) {
        let (t_bad_base, n) = best(args.runs, || baseline(invalid))?;
        let (t_bad, bad) = best(args.runs, || validate(invalid, model, 1))?;
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
            let (line, invalid) = run_record(&mut rng);
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
        for flaw in FLAWS {
            for n in 0..20 {
                let line = run_record_with(&mut rng, Some(flaw));
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
