//! The `runs` corpus: `Run` records as LangSmith stores them (LLM, chain, retriever, tool,
//! prompt and parser runs with nested inputs and outputs, events, child runs, attachments), a
//! realistic share of them invalid in one of [`FLAWS`]' ways.

use std::fmt::Write as _;

use super::Rng;

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
pub(super) enum Flaw {
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

pub(super) const FLAWS: [Flaw; 7] = [
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

/// `count` retrieved documents, each of `low..=high` characters (drawn per document).
fn documents(rng: &mut Rng, count: u64, (low, high): (u64, u64), when: Instant2024) -> Vec<J> {
    (0..count)
        .map(|_| {
            let chars = rng.between(low, high);
            document(rng, chars as usize, when)
        })
        .collect()
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
            let count = if huge {
                rng.between(20, 40)
            } else {
                rng.between(2, 5)
            };
            let chars = if huge { (1500, 4000) } else { (200, 900) };
            let docs = documents(rng, count, chars, start);
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
            let count = rng.between(2, 8);
            let chars = if huge { (3000, 8000) } else { (200, 900) };
            let docs = documents(rng, count, chars, start);
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
pub(super) fn run_record(rng: &mut Rng) -> (String, bool) {
    let flaw = rng.chance(4).then(|| *rng.pick(&FLAWS));
    (run_record_with(rng, flaw), flaw.is_some())
}

/// One `Run` record with `flaw`, if any.
pub(super) fn run_record_with(rng: &mut Rng, flaw: Option<Flaw>) -> String {
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
