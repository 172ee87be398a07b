//! The derive's agreement harness, with serde as the oracle.
//!
//! For every model of `tracer_schema_downstream::shapes`, property-based inputs (proptest, with
//! a fixed seed per model) are built from valid documents (written by hand, and serialized
//! from generated Rust values) and near-valid ones (one or two mutations of a valid document).
//! Each input is judged four ways:
//!
//! 1. serde, as the SDK reads JSON: `tracer_schema::from_pydantic_json::<M>(text).is_ok()`;
//! 2. the expected verdict: serde accepts AND the value written back is valid against the
//!    serialization schema; `M::from_json` must agree with it on every input;
//! 3. the validation schema (`jsonschema` crate, draft 2020-12, formats asserted): every
//!    disagreement with the expected verdict must be one of the documented deviations of
//!    `tests/downstream/deviations.tsv`, recognised here by a classifier (an exact normalization
//!    that JSON Schema validators apply, or a witness in the input with a counterfactual check)
//!    that also says which verdict the schema must then give; on the inputs outside those
//!    deviations the schema must agree on >= 99.9% (the table shows the raw agreement over all
//!    inputs too: the mutations aim at the deviations on purpose);
//! 4. for every input serde accepts, the written value is valid against the serialization
//!    schema exactly when it meets the model's declared constraints (checked here by hand,
//!    independently of the derive).
//!
//! `TRACER_SCHEMA_AGREEMENT_OUT=/absolute/path` (the test runs in `tests/downstream`) also
//! writes every case as JSON Lines for `tests/external/check_derive_agreement.{py,cjs}`
//! (python-jsonschema and ajv).

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt::Write as _;
use std::io::Write as _;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::{json, Value};
use tracer_schema::{Mode, Model};
use tracer_schema_downstream::shapes::{
    Account, Bag, Command, Email, Event, Ledger, Limit, Message, Nothing, Op, Order, Page, Range,
    Score, Settings, Shape, Status, Step, Tags, Tree,
};

/// Rust values generated per model and serialized as valid seeds.
const GENERATED_SEEDS: usize = 60;
/// The least number of distinct inputs per model.
const MIN_CASES: usize = 2_000;
/// The least share of a model's inputs outside the documented deviations (those without a
/// deviation id) on which the validation schema agrees with the expected verdict.
const MIN_SCHEMA_AGREEMENT: f64 = 0.999;
/// The regression cases: minimized or otherwise interesting inputs found by this harness.
const REGRESSIONS: &str = include_str!("../agreement-regressions.jsonl");

// ---------------------------------------------------------------------------------------------
// Documents that keep what a `Value` loses: key order, duplicate keys and number spelling.

/// A JSON document as written: object members in order (duplicates kept), numbers as text.
#[derive(Debug, Clone, PartialEq)]
enum Doc {
    Null,
    Bool(bool),
    /// A number token, spelled as in the text (`1.0`, `1e2`, `18446744073709551616`).
    Num(String),
    Str(String),
    Arr(Vec<Doc>),
    Obj(Vec<(String, Doc)>),
}

impl Doc {
    fn num<T: std::fmt::Display + ?Sized>(n: &T) -> Doc {
        Doc::Num(n.to_string())
    }

    fn str(s: &str) -> Doc {
        Doc::Str(s.to_owned())
    }

    /// Compact JSON text.
    fn text(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Doc::Null => out.push_str("null"),
            Doc::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Doc::Num(n) => out.push_str(n),
            Doc::Str(s) => out.push_str(&quote(s)),
            Doc::Arr(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Doc::Obj(members) => {
                out.push('{');
                for (i, (key, value)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&quote(key));
                    out.push(':');
                    value.write(out);
                }
                out.push('}');
            }
        }
    }

    /// Every node's path (indices into arrays and object members), the root first.
    fn paths(&self) -> Vec<Vec<usize>> {
        fn walk(doc: &Doc, path: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
            out.push(path.clone());
            let n = match doc {
                Doc::Arr(items) => items.len(),
                Doc::Obj(members) => members.len(),
                _ => 0,
            };
            for i in 0..n {
                path.push(i);
                walk(doc.child(i).expect("child"), path, out);
                path.pop();
            }
        }
        let mut out = Vec::new();
        walk(self, &mut Vec::new(), &mut out);
        out
    }

    fn child(&self, i: usize) -> Option<&Doc> {
        match self {
            Doc::Arr(items) => items.get(i),
            Doc::Obj(members) => members.get(i).map(|(_, v)| v),
            _ => None,
        }
    }

    fn child_mut(&mut self, i: usize) -> Option<&mut Doc> {
        match self {
            Doc::Arr(items) => items.get_mut(i),
            Doc::Obj(members) => members.get_mut(i).map(|(_, v)| v),
            _ => None,
        }
    }

    fn at_mut(&mut self, path: &[usize]) -> &mut Doc {
        path.iter()
            .fold(self, |doc, &i| doc.child_mut(i).expect("path"))
    }

    fn at(&self, path: &[usize]) -> &Doc {
        path.iter()
            .fold(self, |doc, &i| doc.child(i).expect("path"))
    }

    /// What every JSON parser of the validators (and `from_pydantic_json`) builds: the last
    /// value of a repeated key, at the place of its first occurrence.
    fn last_wins(&self) -> Doc {
        match self {
            Doc::Arr(items) => Doc::Arr(items.iter().map(Doc::last_wins).collect()),
            Doc::Obj(members) => {
                let mut out: Vec<(String, Doc)> = Vec::new();
                for (k, v) in members {
                    let v = v.last_wins();
                    match out.iter_mut().find(|(key, _)| key == k) {
                        Some(slot) => slot.1 = v,
                        None => out.push((k.clone(), v)),
                    }
                }
                Doc::Obj(out)
            }
            other => other.clone(),
        }
    }

    /// Integral numbers spelled with a fraction or exponent (`1.0`, `1e2`) spelled as
    /// integers: the same JSON Schema instance (the data model has one number type).
    fn integral_floats_as_integers(&self) -> Doc {
        match self {
            Doc::Num(n) => Doc::Num(integral_spelling(n).unwrap_or_else(|| n.clone())),
            Doc::Arr(items) => {
                Doc::Arr(items.iter().map(Doc::integral_floats_as_integers).collect())
            }
            Doc::Obj(members) => Doc::Obj(
                members
                    .iter()
                    .map(|(k, v)| (k.clone(), v.integral_floats_as_integers()))
                    .collect(),
            ),
            other => other.clone(),
        }
    }

    /// Whether a number token is beyond the double range (`1e400`).
    fn has_infinite_number(&self) -> bool {
        match self {
            Doc::Num(n) => n.parse::<f64>().is_ok_and(f64::is_infinite),
            Doc::Arr(items) => items.iter().any(Doc::has_infinite_number),
            Doc::Obj(members) => members.iter().any(|(_, v)| v.has_infinite_number()),
            _ => false,
        }
    }

    /// Whether a number token is an integer a double cannot hold exactly (|n| > 2^53).
    fn has_inexact_integer(&self) -> bool {
        match self {
            Doc::Num(n) => {
                is_integer_token(n)
                    && n.trim_start_matches('-')
                        .parse::<u128>()
                        .is_ok_and(|m| m > 1 << 53)
            }
            Doc::Arr(items) => items.iter().any(Doc::has_inexact_integer),
            Doc::Obj(members) => members.iter().any(|(_, v)| v.has_inexact_integer()),
            _ => false,
        }
    }
}

fn quote(s: &str) -> String {
    serde_json::to_string(s).expect("a string serializes")
}

fn is_integer_token(n: &str) -> bool {
    !n.contains(['.', 'e', 'E'])
}

/// `1.0` -> `1`, `1e2` -> `100`, `-0.0` -> `0`, `5.2e18` -> `5200000000000000000`: the exact
/// value of the double the token reads as, when it is integral; `None` for integer tokens and
/// fractions.
fn integral_spelling(n: &str) -> Option<String> {
    if is_integer_token(n) {
        return None;
    }
    let value: f64 = n.parse().ok()?;
    (value.is_finite() && value.fract() == 0.0)
        .then(|| format!("{:.0}", value.abs()))
        .map(|digits| {
            if value < 0.0 && digits != "0" {
                format!("-{digits}")
            } else {
                digits
            }
        })
}

/// JSON's number grammar: `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`, of any magnitude.
fn is_json_number(token: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let unsigned = token.strip_prefix('-').unwrap_or(token);
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (&unsigned[..at], Some(&unsigned[at + 1..])),
        None => (unsigned, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((int, frac)) => (int, Some(frac)),
        None => (mantissa, None),
    };
    digits(int)
        && (int == "0" || !int.starts_with('0'))
        && frac.is_none_or(digits)
        && exponent.is_none_or(|e| digits(e.strip_prefix(['+', '-']).unwrap_or(e)))
}

/// A small JSON parser that keeps key order, duplicate keys and number spelling.
struct Parser<'a> {
    text: &'a str,
    at: usize,
}

impl Parser<'_> {
    fn parse(text: &str) -> Option<Doc> {
        let mut p = Parser { text, at: 0 };
        let doc = p.value()?;
        p.ws();
        (p.at == text.len()).then_some(doc)
    }

    fn ws(&mut self) {
        while self.text[self.at..].starts_with([' ', '\n', '\r', '\t']) {
            self.at += 1;
        }
    }

    fn eat(&mut self, c: char) -> bool {
        self.ws();
        if self.text[self.at..].starts_with(c) {
            self.at += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn value(&mut self) -> Option<Doc> {
        self.ws();
        let rest = &self.text[self.at..];
        for (word, doc) in [
            ("null", Doc::Null),
            ("true", Doc::Bool(true)),
            ("false", Doc::Bool(false)),
        ] {
            if rest.starts_with(word) {
                self.at += word.len();
                return Some(doc);
            }
        }
        match rest.chars().next()? {
            '"' => self.string().map(Doc::Str),
            '[' => {
                self.at += 1;
                let mut items = Vec::new();
                if self.eat(']') {
                    return Some(Doc::Arr(items));
                }
                loop {
                    items.push(self.value()?);
                    if self.eat(']') {
                        return Some(Doc::Arr(items));
                    }
                    if !self.eat(',') {
                        return None;
                    }
                }
            }
            '{' => {
                self.at += 1;
                let mut members = Vec::new();
                if self.eat('}') {
                    return Some(Doc::Obj(members));
                }
                loop {
                    self.ws();
                    let key = self.string()?;
                    if !self.eat(':') {
                        return None;
                    }
                    members.push((key, self.value()?));
                    if self.eat('}') {
                        return Some(Doc::Obj(members));
                    }
                    if !self.eat(',') {
                        return None;
                    }
                }
            }
            _ => {
                let len = rest
                    .find(|c: char| !matches!(c, '0'..='9' | '-' | '+' | '.' | 'e' | 'E'))
                    .unwrap_or(rest.len());
                let token = &rest[..len];
                if !is_json_number(token) {
                    return None;
                }
                self.at += len;
                Some(Doc::Num(token.to_owned()))
            }
        }
    }

    fn string(&mut self) -> Option<String> {
        let rest = &self.text[self.at..];
        if !rest.starts_with('"') {
            return None;
        }
        let mut escaped = false;
        for (i, c) in rest.char_indices().skip(1) {
            match (escaped, c) {
                (false, '\\') => escaped = true,
                (false, '"') => {
                    self.at += i + 1;
                    return serde_json::from_str(&rest[..=i]).ok();
                }
                _ => escaped = false,
            }
        }
        None
    }
}

// ---------------------------------------------------------------------------------------------
// The models under test: their constraints (by hand), valid seeds and value strategies.

/// A model under test.
trait Subject: Model + std::fmt::Debug + Clone + 'static {
    /// Whether the value meets the model's `#[model(...)]` constraints, written by hand from
    /// the attributes in `shapes.rs` (independent of the derive's schemas).
    fn constraints_ok(&self) -> bool;
    /// Valid documents, written by hand.
    fn seeds() -> &'static [&'static str];
    /// Rust values to serialize as further seeds (some of them break the constraints).
    fn strategy() -> BoxedStrategy<Self>;
    /// Distinct inputs to generate.
    const CASES: usize = 2_400;
    /// Keys that name one field (a name and its aliases), anywhere in the model.
    fn aliases() -> &'static [&'static [&'static str]] {
        &[]
    }
}

fn chars_between(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.chars().count())
}

fn word() -> BoxedStrategy<String> {
    prop_oneof![
        4 => "[a-z]{1,6}",
        1 => "[a-zA-Z0-9é@_ -]{0,12}",
        1 => Just(String::new()),
    ]
    .boxed()
}

fn finite() -> BoxedStrategy<f64> {
    prop_oneof![
        -1.0e6..1.0e6f64,
        -0.5..1.5f64,
        Just(0.0),
        Just(1.0),
        any::<i32>().prop_map(f64::from),
    ]
    .boxed()
}

fn status() -> BoxedStrategy<Status> {
    prop_oneof![Just(Status::Active), Just(Status::InReview)].boxed()
}

fn limit() -> BoxedStrategy<Limit> {
    prop_oneof![3 => 0..1_000i64, 1 => any::<i64>(), 1 => -3..0i64]
        .prop_map(|cents| Limit { cents })
        .boxed()
}

impl Subject for Status {
    fn constraints_ok(&self) -> bool {
        true
    }
    fn seeds() -> &'static [&'static str] {
        &[
            r#""active""#,
            r#""in_review""#,
            r#""review""#,
            r#"{"active":null}"#,
            r#"{"review":null}"#,
        ]
    }
    fn strategy() -> BoxedStrategy<Self> {
        status()
    }
    fn aliases() -> &'static [&'static [&'static str]] {
        &[&["in_review", "review"]]
    }
}

impl Subject for Shape {
    fn constraints_ok(&self) -> bool {
        true
    }
    fn seeds() -> &'static [&'static str] {
        &[
            r#""Empty""#,
            r#"{"Empty":null}"#,
            r#"{"Circle":1.5}"#,
            r#"{"Circle":2}"#,
            r#"{"Rect":[1,2]}"#,
            r#"{"Point":{"x":1,"y":-2}}"#,
            r#"{"Point":{"x":1,"y":2,"label":"a"}}"#,
            r#"{"Point":{"label":null,"y":2,"x":0}}"#,
        ]
    }
    fn strategy() -> BoxedStrategy<Self> {
        prop_oneof![
            Just(Shape::Empty),
            finite().prop_map(Shape::Circle),
            (any::<u32>(), any::<u32>()).prop_map(|(w, h)| Shape::Rect(w, h)),
            (any::<i32>(), any::<i32>(), proptest::option::of(word()))
                .prop_map(|(x, y, label)| Shape::Point { x, y, label }),
        ]
        .boxed()
    }
}

fn event() -> BoxedStrategy<Event> {
    prop_oneof![
        word().prop_map(|run| Event::Started { run }),
        (word(), finite()).prop_map(|(run, score)| Event::Finished { run, score }),
        (word(), 0.0..=1.0f64).prop_map(|(run, score)| Event::Finished { run, score }),
        Just(Event::Ping),
        limit().prop_map(Event::Budget),
    ]
    .boxed()
}

fn event_ok(e: &Event) -> bool {
    match e {
        Event::Finished { score, .. } => (0.0..=1.0).contains(score),
        Event::Budget(limit) => limit.cents >= 0,
        Event::Started { .. } | Event::Ping => true,
    }
}

impl Subject for Event {
    fn constraints_ok(&self) -> bool {
        event_ok(self)
    }
    fn seeds() -> &'static [&'static str] {
        &[
            r#"{"type":"started","run":"a"}"#,
            r#"{"run":"a","type":"started"}"#,
            r#"{"type":"finished","run":"a","score":0.5}"#,
            r#"{"type":"finished","run":"b","score":1}"#,
            r#"{"type":"ping"}"#,
            r#"{"type":"ping","run":"a"}"#,
            r#"{"type":"budget","cents":5}"#,
            r#"{"cents":0,"type":"budget","note":"x"}"#,
        ]
    }
    fn strategy() -> BoxedStrategy<Self> {
        event()
    }
}

fn message() -> BoxedStrategy<Message> {
    prop_oneof![
        word().prop_map(Message::Text),
        (any::<i8>(), any::<i8>()).prop_map(|(a, b)| Message::Pair(a, b)),
        Just(Message::Quit),
        Just(Message::Unknown),
    ]
    .boxed()
}

impl Subject for Message {
    fn constraints_ok(&self) -> bool {
        true
    }
    fn seeds() -> &'static [&'static str] {
        &[
            r#"{"t":"Text","c":"hi"}"#,
            r#"{"c":"hi","t":"Text"}"#,
            r#"{"t":"Pair","c":[1,-2]}"#,
            r#"{"t":"Quit"}"#,
            r#"{"t":"Quit","c":null}"#,
            r#"{"t":"Other"}"#,
            r#"{"t":"Unknown","c":null}"#,
            r#"{"t":"Text","c":"x","z":1}"#,
        ]
    }
    fn strategy() -> BoxedStrategy<Self> {
        message()
    }
}

fn score() -> BoxedStrategy<Score> {
    prop_oneof![
        any::<bool>().prop_map(Score::Verdict),
        finite().prop_map(Score::Number),
        word().prop_map(|label| Score::Labelled { label }),
    ]
    .boxed()
}

impl Subject for Score {
    fn constraints_ok(&self) -> bool {
        true
    }
    fn seeds() -> &'static [&'static str] {
        &[
            "true",
            "false",
            "1.5",
            "-3",
            r#"{"label":"a"}"#,
            r#"{"label":"","x":[1]}"#,
        ]
    }
    fn strategy() -> BoxedStrategy<Self> {
        score()
    }
}

impl Subject for Email {
    fn constraints_ok(&self) -> bool {
        // `^[^@]+@[^@]+$`: exactly one `@`, with something on each side.
        let parts: Vec<&str> = self.0.split('@').collect();
        parts.len() == 2 && parts.iter().all(|p| !p.is_empty())
    }
    fn seeds() -> &'static [&'static str] {
        &[r#""a@b.c""#, r#""é@x""#, r#""first last@host""#]
    }
    fn strategy() -> BoxedStrategy<Self> {
        prop_oneof![
            "[a-z]{1,5}@[a-z.]{1,5}",
            "[a-z@ ]{0,6}",
            "\\PC{1,3}@\\PC{1,3}"
        ]
        .prop_map(Email)
        .boxed()
    }
}

impl Subject for Range {
    fn constraints_ok(&self) -> bool {
        true
    }
    fn seeds() -> &'static [&'static str] {
        &["[1,2]", "[0,65535]", "[7,3]"]
    }
    fn strategy() -> BoxedStrategy<Self> {
        (any::<u16>(), any::<u16>())
            .prop_map(|(a, b)| Range(a, b))
            .boxed()
    }
}

impl Subject for Nothing {
    fn constraints_ok(&self) -> bool {
        true
    }
    fn seeds() -> &'static [&'static str] {
        &["null"]
    }
    fn strategy() -> BoxedStrategy<Self> {
        Just(Nothing).boxed()
    }
}

impl Subject for Tags {
    fn constraints_ok(&self) -> bool {
        self.tags.len() <= 3 && self.tags.iter().all(|t| chars_between(t, 1, usize::MAX))
    }
    fn seeds() -> &'static [&'static str] {
        &["[]", r#"["a"]"#, r#"["a","bc","é"]"#]
    }
    fn strategy() -> BoxedStrategy<Self> {
        proptest::collection::vec(
            prop_oneof![4 => "[a-z]{1,3}", 1 => Just(String::new())],
            0..5,
        )
        .prop_map(|tags| Tags { tags })
        .boxed()
    }
}

impl Subject for Page<Limit> {
    fn constraints_ok(&self) -> bool {
        self.items.iter().all(|l| l.cents >= 0)
    }
    fn seeds() -> &'static [&'static str] {
        &[
            r#"{"items":[],"next":null}"#,
            r#"{"items":[{"cents":1},{"cents":0}],"next":"abc"}"#,
            r#"{"items":[{"cents":3}]}"#,
            r#"{"next":"x","items":[{"cents":9,"other":true}],"extra":1}"#,
        ]
    }
    fn strategy() -> BoxedStrategy<Self> {
        (
            proptest::collection::vec(limit(), 0..4),
            proptest::option::of(word()),
        )
            .prop_map(|(items, next)| Page { items, next })
            .boxed()
    }
}

impl Subject for Account {
    fn constraints_ok(&self) -> bool {
        self.balance >= 0
    }
    fn seeds() -> &'static [&'static str] {
        &[
            r#"{"name":"a","balance":1,"level":3,"status":"active"}"#,
            r#"{"title":"a","balance":0,"level":255,"status":"review","x":"y"}"#,
            r#"{"name":"b","balance":10,"level":0,"limits":{"mon":5},"status":{"in_review":null},"note":""}"#,
        ]
    }
    fn strategy() -> BoxedStrategy<Self> {
        (
            word(),
            prop_oneof![0..1_000_000i64, any::<i64>()],
            any::<u8>(),
            proptest::collection::btree_map("[a-z]{1,3}", any::<u32>(), 0..3),
            status(),
            // At most one entry: a `HashMap` writes its entries in a random order, and the
            // seeds must not depend on it (mutations add more keys).
            proptest::collection::hash_map("x_[a-z]{0,3}", word(), 0..2),
        )
            .prop_map(|(name, balance, level, limits, status, extra)| Account {
                name,
                balance,
                level,
                limits,
                status,
                extra,
            })
            .boxed()
    }
    fn aliases() -> &'static [&'static [&'static str]] {
        &[&["name", "title"], &["in_review", "review"]]
    }
}

fn command() -> BoxedStrategy<Command> {
    prop_oneof![
        (any::<i16>(), any::<i16>())
            .prop_map(|(delta_x, delta_y)| Command::MoveBy { delta_x, delta_y }),
        (
            prop_oneof![3 => "[a-z ]{1,10}", 1 => "[a-z]{0,14}"],
            any::<bool>()
        )
            .prop_map(|(text, is_loud)| Command::SayText { text, is_loud }),
        Just(Command::FullStop),
        prop_oneof![0..=100u8, any::<u8>()].prop_map(Command::GoAt),
    ]
    .boxed()
}

fn command_ok(c: &Command) -> bool {
    match c {
        Command::SayText { text, .. } => chars_between(text, 1, 10),
        Command::GoAt(speed) => *speed <= 100,
        Command::MoveBy { .. } | Command::FullStop => true,
    }
}

impl Subject for Command {
    fn constraints_ok(&self) -> bool {
        command_ok(self)
    }
    fn seeds() -> &'static [&'static str] {
        &[
            r#"{"move-by":{"deltaX":1,"deltaY":-2}}"#,
            r#"{"say-text":{"text":"hello"}}"#,
            r#"{"say-text":{"isLoud":true,"text":"hey"}}"#,
            r#""full-stop""#,
            r#"{"full-stop":null}"#,
            r#"{"go":7}"#,
            r#"{"start":100}"#,
        ]
    }
    fn strategy() -> BoxedStrategy<Self> {
        command()
    }
    fn aliases() -> &'static [&'static [&'static str]] {
        &[&["go", "start"]]
    }
}

fn settings() -> BoxedStrategy<Settings> {
    (
        prop_oneof![1..=10u32, 0..20u32],
        any::<bool>(),
        proptest::option::of(word()),
    )
        .prop_map(|(retries, verbose, name)| Settings {
            retries,
            verbose,
            name,
        })
        .boxed()
}

fn settings_ok(s: &Settings) -> bool {
    (1..=10).contains(&s.retries)
}

impl Subject for Settings {
    fn constraints_ok(&self) -> bool {
        settings_ok(self)
    }
    fn seeds() -> &'static [&'static str] {
        &[
            "{}",
            r#"{"retries":1}"#,
            r#"{"verbose":true,"name":"n"}"#,
            r#"{"retries":10,"verbose":false,"name":null}"#,
        ]
    }
    fn strategy() -> BoxedStrategy<Self> {
        settings()
    }
}

impl Subject for Order {
    fn constraints_ok(&self) -> bool {
        self.events.iter().all(event_ok)
            && self.limits.values().all(|l| l.cents >= 0)
            && self.labels.as_ref().is_none_or(|labels| {
                labels.len() <= 3 && labels.iter().all(|l| chars_between(l, 1, 4))
            })
            && (1..=5).contains(&self.priority)
            && settings_ok(&self.settings)
            && self.command.as_ref().is_none_or(command_ok)
    }
    fn seeds() -> &'static [&'static str] {
        &[
            r#"{"shape":"Empty","events":[],"status":null,"limits":{},"code":"a"}"#,
            r#"{"shape":{"Circle":1},"events":[{"type":"ping"},{"type":"budget","cents":2}],"message":{"t":"Text","c":"x"},"status":"active","scores":[true,{"label":"l"}],"limits":{"a":{"cents":1}},"labels":["ab"],"code":"c","priority":5,"settings":{"retries":2},"command":{"go":3}}"#,
            r#"{"shape":{"Point":{"x":1,"y":2}},"events":[{"type":"finished","run":"r","score":0}],"limits":{},"code":"","settings":{},"command":"full-stop"}"#,
        ]
    }
    fn strategy() -> BoxedStrategy<Self> {
        let labels = proptest::option::of(proptest::collection::vec(
            prop_oneof![4 => "[a-z]{1,4}", 1 => "[a-z]{0,6}"],
            0..5,
        ));
        (
            <Shape as Subject>::strategy(),
            proptest::collection::vec(event(), 0..3),
            proptest::option::of(message()),
            proptest::option::of(status()),
            proptest::collection::vec(score(), 0..3),
            // At most one entry, as for `Account`.
            proptest::collection::hash_map("[a-z]{1,3}", limit(), 0..2),
            labels,
            word(),
            prop_oneof![4 => 1..=5u8, 1 => any::<u8>()],
            settings(),
            proptest::option::of(command()),
        )
            .prop_map(
                |(
                    shape,
                    events,
                    message,
                    status,
                    scores,
                    limits,
                    labels,
                    code,
                    priority,
                    settings,
                    command,
                )| Order {
                    shape,
                    events,
                    message,
                    status,
                    scores,
                    limits,
                    labels,
                    code,
                    priority,
                    settings,
                    command,
                },
            )
            .boxed()
    }
    fn aliases() -> &'static [&'static [&'static str]] {
        &[&["in_review", "review"], &["go", "start"]]
    }
}

fn tree_ok(t: &Tree) -> bool {
    chars_between(&t.label, 1, usize::MAX) && t.weight <= 9 && t.children.iter().all(tree_ok)
}

impl Subject for Tree {
    fn constraints_ok(&self) -> bool {
        tree_ok(self)
    }
    fn seeds() -> &'static [&'static str] {
        &[
            r#"{"label":"a"}"#,
            r#"{"label":"a","weight":-3,"children":[{"label":"b","children":[]},{"label":"c","weight":9}]}"#,
            r#"{"label":"r","children":[{"label":"s","children":[{"label":"t"}]}]}"#,
        ]
    }
    fn strategy() -> BoxedStrategy<Self> {
        let leaf =
            (word(), prop_oneof![4 => -9..=9i8, 1 => any::<i8>()]).prop_map(|(label, weight)| {
                Tree {
                    label,
                    weight,
                    children: Vec::new(),
                }
            });
        leaf.prop_recursive(3, 12, 3, |inner| {
            (word(), -9..=9i8, proptest::collection::vec(inner, 0..3)).prop_map(
                |(label, weight, children)| Tree {
                    label,
                    weight,
                    children,
                },
            )
        })
        .boxed()
    }
}

impl Subject for Step {
    fn constraints_ok(&self) -> bool {
        match self {
            Step::Wait { secs } => *secs <= 60,
            Step::Budget(limit) => limit.cents >= 0,
            Step::Stop => true,
        }
    }
    fn seeds() -> &'static [&'static str] {
        &[
            r#"{"kind":"wait","secs":5}"#,
            r#"{"secs":60,"kind":"wait"}"#,
            r#"{"kind":"pause","secs":0}"#,
            r#"{"kind":"stop"}"#,
            r#"{"kind":"budget","cents":7}"#,
            r#"{"kind":"budget","cents":0,"note":"x"}"#,
        ]
    }
    fn strategy() -> BoxedStrategy<Self> {
        prop_oneof![
            prop_oneof![0..=60u32, any::<u32>()].prop_map(|secs| Step::Wait { secs }),
            Just(Step::Stop),
            limit().prop_map(Step::Budget),
        ]
        .boxed()
    }
}

impl Subject for Op {
    fn constraints_ok(&self) -> bool {
        true
    }
    fn seeds() -> &'static [&'static str] {
        &[
            r#"{"op":"Add","arg":3}"#,
            r#"{"arg":-3,"op":"Add"}"#,
            r#"{"op":"plus","arg":1}"#,
            r#"{"op":"Neg"}"#,
            r#"{"op":"Neg","arg":null}"#,
            r#""raw""#,
            r#""""#,
        ]
    }
    fn strategy() -> BoxedStrategy<Self> {
        prop_oneof![
            any::<i32>().prop_map(Op::Add),
            Just(Op::Neg),
            word().prop_map(Op::Raw)
        ]
        .boxed()
    }
}

impl Subject for Bag {
    fn constraints_ok(&self) -> bool {
        (1..=2).contains(&self.keys.len()) && self.boxed.cents >= 0
    }
    fn seeds() -> &'static [&'static str] {
        &[
            r#"{"corner":[1,-1],"pair":[3,"a"],"keys":["k"],"boxed":{"cents":1}}"#,
            r#"{"corner":[127,-128],"pair":[255,""],"keys":["b","a"],"boxed":{"cents":0}}"#,
        ]
    }
    fn strategy() -> BoxedStrategy<Self> {
        (
            any::<[i8; 2]>(),
            (any::<u8>(), word()),
            proptest::collection::btree_set("[a-c]", 0..4),
            limit(),
        )
            .prop_map(|(corner, pair, keys, boxed)| Bag {
                corner,
                pair,
                keys,
                boxed: Box::new(boxed),
            })
            .boxed()
    }
}

fn naive_date_time() -> BoxedStrategy<chrono::NaiveDateTime> {
    // Years about -150000 to +150000 (chrono's range is +-262143), any nanosecond.
    (
        -5_000_000_000_000i64..5_000_000_000_000,
        0..1_000_000_000u32,
        any::<bool>(),
    )
        .prop_map(|(secs, nanos, whole)| {
            let nanos = if whole { 0 } else { nanos };
            chrono::DateTime::from_timestamp(secs, nanos)
                .expect("in range")
                .naive_utc()
        })
        .boxed()
}

fn naive_date() -> BoxedStrategy<chrono::NaiveDate> {
    prop_oneof![-50_000_000..50_000_000i32, 700_000..750_000i32,]
        .prop_map(|days| chrono::NaiveDate::from_num_days_from_ce_opt(days).expect("in range"))
        .boxed()
}

impl Subject for Ledger {
    // The grammars of chrono, uuid and rust_decimal are the largest schemas here.
    const CASES: usize = 8_000;
    fn constraints_ok(&self) -> bool {
        true
    }
    fn seeds() -> &'static [&'static str] {
        &[
            r#"{"at":"2024-06-07T08:09:10Z","local":"2024-06-07T08:09:10+02:00","naive":"2024-06-07T08:09:10","day":"2024-06-07","id":"67e55044-10b1-426f-9247-bb680e5fe0c8","amount":"12.50"}"#,
            r#"{"at":"2024-06-07 08:09:10.123456789 UTC","local":"2024-06-07t08:09:10-05:30","naive":"2024-02-29T23:59:59.5","day":"2024-02-29","id":"67E55044-10B1-426F-9247-BB680E5FE0C8","amount":12.5,"due":null}"#,
            r#"{"at":"1970-01-01T00:00:00+00:00","local":"0001-01-01T00:00:00Z","naive":"1999-12-31T23:59:60","day":"0001-01-01","id":"00000000-0000-0000-0000-000000000000","amount":-3,"due":"2025-01-31"}"#,
        ]
    }
    fn strategy() -> BoxedStrategy<Self> {
        let offset = prop_oneof![(-1_439..1_440i32).prop_map(|m| m * 60), -86_399..86_400i32,];
        let amount = (any::<i64>(), 0..12u32)
            .prop_map(|(mantissa, scale)| rust_decimal::Decimal::new(mantissa, scale));
        (
            naive_date_time(),
            (naive_date_time(), offset),
            naive_date_time(),
            naive_date(),
            any::<u128>(),
            amount,
            proptest::option::of(naive_date()),
        )
            .prop_map(
                |(at, (local, offset), naive, day, id, amount, due)| Ledger {
                    at: at.and_utc(),
                    local: local
                        .and_utc()
                        .with_timezone(&chrono::FixedOffset::east_opt(offset).expect("offset")),
                    naive,
                    day,
                    id: uuid::Uuid::from_u128(id),
                    amount,
                    due,
                },
            )
            .boxed()
    }
}

// ---------------------------------------------------------------------------------------------
// Judging one input.

/// The options `from_json` compiles with (and the brief prescribes).
fn compile(schema: &Value) -> jsonschema::Validator {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .with_pattern_options(jsonschema::PatternOptions::regex())
        .build(schema)
        .expect("the schema compiles")
}

/// serde's reading of one text, and the verdict it implies.
struct Expect {
    /// serde read the text.
    serde_ok: bool,
    /// serde's error.
    serde_error: Option<String>,
    /// The value read, written back.
    written: Option<Value>,
    /// The written value is valid against the serialization schema.
    written_valid: bool,
    /// The value read meets the declared constraints (by hand).
    constraints_ok: bool,
}

impl Expect {
    /// serde accepts and the written value is valid against the serialization schema.
    fn verdict(&self) -> bool {
        self.serde_ok && self.written_valid
    }
}

/// A model's compiled schemas and the functions that judge its inputs.
struct Judge<M> {
    validation: jsonschema::Validator,
    /// The validation schema as `from_json` evaluates it (tagged unions as conditionals).
    evaluated: jsonschema::Validator,
    /// The validation schema as a validator that reads numbers as doubles (ajv) sees it.
    validation_in_doubles: jsonschema::Validator,
    serialization: jsonschema::Validator,
    names: Vec<String>,
    _model: std::marker::PhantomData<M>,
}

impl<M: Subject> Judge<M> {
    fn new() -> Self {
        let validation_schema = M::schema(Mode::Validation);
        let evaluated = tracer_schema::__engine::evaluation_validator(&validation_schema)
            .expect("the evaluated form compiles");
        let mut names = BTreeSet::new();
        collect_names(&validation_schema, &mut names);
        Judge {
            evaluated,
            validation: compile(&validation_schema),
            validation_in_doubles: compile(&in_doubles(&validation_schema)),
            serialization: compile(&M::schema(Mode::Serialization)),
            names: names.into_iter().collect(),
            _model: std::marker::PhantomData,
        }
    }

    fn expect(&self, text: &str) -> Expect {
        match tracer_schema::from_pydantic_json::<M>(text) {
            Ok(value) => {
                let written = serde_json::to_value(&value).expect("a value read serializes");
                Expect {
                    serde_ok: true,
                    serde_error: None,
                    written_valid: self.serialization.is_valid(&written),
                    written: Some(written),
                    constraints_ok: value.constraints_ok(),
                }
            }
            Err(e) => Expect {
                serde_ok: false,
                serde_error: Some(e.to_string()),
                written: None,
                written_valid: false,
                constraints_ok: false,
            },
        }
    }

    /// The validation schema's verdict; text that is not JSON is refused.
    fn schema(&self, text: &str) -> bool {
        serde_json::from_str::<Value>(text).is_ok_and(|doc| self.validation.is_valid(&doc))
    }

    /// The verdict of the validation schema as `from_json` evaluates it.
    fn evaluated(&self, text: &str) -> bool {
        serde_json::from_str::<Value>(text).is_ok_and(|doc| self.evaluated.is_valid(&doc))
    }

    /// The validation schema's verdict with numbers read as doubles, schema and input alike.
    fn schema_in_doubles(&self, text: &str) -> bool {
        serde_json::from_str::<Value>(text)
            .is_ok_and(|doc| self.validation_in_doubles.is_valid(&in_doubles(&doc)))
    }
}

/// `value` with every integer a double cannot hold exactly (|n| > 2^53) rounded to a double, as
/// JavaScript's `JSON.parse` reads it.
fn in_doubles(value: &Value) -> Value {
    match value {
        Value::Number(n)
            if (n.is_i64() || n.is_u64())
                && n.as_f64()
                    .is_some_and(|f| f.abs() > 9_007_199_254_740_992.0) =>
        {
            n.as_f64()
                .and_then(serde_json::Number::from_f64)
                .map_or(Value::Null, Value::Number)
        }
        Value::Array(items) => Value::Array(items.iter().map(in_doubles).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), in_doubles(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Property names and string constants of a schema: tags, variant names, field names.
fn collect_names(schema: &Value, out: &mut BTreeSet<String>) {
    match schema {
        Value::Object(map) => {
            for (key, value) in map {
                match key.as_str() {
                    "properties" => {
                        if let Value::Object(props) = value {
                            out.extend(props.keys().cloned());
                        }
                    }
                    "const" | "enum" | "required" => {
                        let values = value
                            .as_array()
                            .cloned()
                            .unwrap_or_else(|| vec![value.clone()]);
                        out.extend(values.iter().filter_map(Value::as_str).map(str::to_owned));
                    }
                    _ => {}
                }
                collect_names(value, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_names(v, out)),
        _ => {}
    }
}

/// The classification of one input.
struct Class {
    /// The verdict a JSON Schema validator (with exact 64-bit integers) can give.
    target: bool,
    /// The deviation that moves `target` away from the expected verdict, if any.
    deviation: Option<&'static str>,
}

/// An exact normalization: its deviation id and what it does to a document.
type Normalization = (&'static str, fn(&Doc) -> Doc);

/// Classifies an input: which documented deviation (if any) lets a JSON Schema validator's
/// verdict differ from the expected one, and what the verdict of a validator with exact
/// 64-bit integers (the `jsonschema` crate, python-jsonschema) must then be.
///
/// Exact normalizations are what every validator's parser or data model does to the input;
/// re-judging the normalized text with serde gives the verdict the schema can give. Witness
/// classes are forms serde reads that the schemas do not describe; each needs the form in the
/// input and a counterfactual that confirms it is the cause.
fn classify<M: Subject>(judge: &Judge<M>, doc: Option<&Doc>, expect: &Expect) -> Class {
    let verdict = expect.verdict();
    let Some(doc) = doc else {
        return Class {
            target: verdict,
            deviation: None,
        };
    };
    let mut deviation = None;
    // The typed read (`from_pydantic_json`) and every validator's parser keep a repeated
    // key's last value: the same document, so no deviation.
    let mut current = doc.last_wins();
    let mut current_expect = None::<Expect>;
    let steps: [Normalization; 1] = [("integral-float", Doc::integral_floats_as_integers)];
    for (id, step) in steps {
        let next = step(&current);
        if next != current {
            let next_expect = judge.expect(&next.text());
            let before = current_expect.as_ref().map_or(verdict, Expect::verdict);
            if next_expect.verdict() != before && deviation.is_none() {
                deviation = Some(id);
            }
            current = next;
            current_expect = Some(next_expect);
        }
    }
    let normalized = current_expect.as_ref().unwrap_or(expect);
    let mut target = normalized.verdict();
    if let Some(id) = witness(judge, &current, normalized) {
        deviation = deviation.or(Some(id));
        target = !target;
    }
    let deviation = if target == verdict { None } else { deviation };
    // Integers a double cannot hold: validators that read numbers as doubles (ajv) compare
    // them, and the schema's 64-bit bounds, after rounding. Counterfactual: the schema judged
    // in doubles gives another verdict.
    let inexact = || {
        let text = current.text();
        current.has_inexact_integer() && judge.schema_in_doubles(&text) != judge.schema(&text)
    };
    let deviation = deviation.or_else(|| inexact().then_some("inexact-integer"));
    // Numbers beyond the double range: serde_json refuses them, Python reads `inf` and
    // JavaScript `Infinity`.
    let deviation = deviation.or_else(|| {
        current
            .has_infinite_number()
            .then_some("number-out-of-range")
    });
    Class { target, deviation }
}

/// A form serde reads whose verdict the schema cannot share: its id, when the input has it.
fn witness<M: Subject>(judge: &Judge<M>, doc: &Doc, expect: &Expect) -> Option<&'static str> {
    if let Some(written) = expect.written.as_ref().filter(|_| expect.verdict()) {
        // serde read an array where it writes an object: the positional form of a struct
        // (or struct variant, or tagged enum). Counterfactual: with the object form in every
        // such place, the schema accepts.
        let positional = |d: &Doc, w: &Value| matches!((d, w), (Doc::Arr(_), Value::Object(_)));
        if form_difference(doc, written, &positional).is_some() {
            let mut fixed = doc.clone();
            while let Some(path) = form_difference(&fixed, written, &positional) {
                fixed = replace_at(&fixed, &path, written);
            }
            // The schema describes most positional forms itself: only one it refuses counts.
            if judge.schema(&fixed.text()) && !judge.schema(&doc.text()) {
                return Some("positional");
            }
        }
    }
    if let Some(written) = expect.written.as_ref() {
        // serde read a set: repeated items count once, so a count constraint (`min_items`,
        // `max_items`) meets fewer items than the input has. Counterfactual: with the repeats
        // removed, the schema gives the expected verdict.
        let collapsed = |d: &Doc, w: &Value| match (d, w) {
            (Doc::Arr(items), Value::Array(values)) => values.len() < items.len(),
            _ => false,
        };
        if form_difference(doc, written, &collapsed).is_some() {
            let mut fixed = doc.clone();
            for _ in 0..16 {
                let Some(path) = form_difference(&fixed, written, &collapsed) else {
                    break;
                };
                let indices: Vec<usize> = path.iter().map(|(i, _)| *i).collect();
                if let Doc::Arr(items) = fixed.at_mut(&indices) {
                    let mut distinct: Vec<Doc> = Vec::new();
                    for item in items.drain(..) {
                        if !distinct.contains(&item) {
                            distinct.push(item);
                        }
                    }
                    *items = distinct;
                }
            }
            let fixed_text = fixed.text();
            if judge.schema(&fixed_text) == expect.verdict()
                && judge.schema(&doc.text()) != expect.verdict()
                && judge.expect(&fixed_text).verdict() == expect.verdict()
            {
                return Some("set-repeats");
            }
        }
    }
    if !expect.serde_ok
        && expect
            .serde_error
            .as_deref()
            .is_some_and(|e| e.contains("duplicate field"))
        && judge.schema(&doc.text())
    {
        // A field under two of its names: serde refuses "duplicate field", and the schema (whose
        // not-both rule should refuse it too) accepts. Counterfactual: without the later name,
        // serde reads it.
        for path in doc.paths() {
            let Doc::Obj(members) = doc.at(&path) else {
                continue;
            };
            for group in M::aliases() {
                let present: Vec<usize> = members
                    .iter()
                    .enumerate()
                    .filter(|(_, (k, _))| group.contains(&k.as_str()))
                    .map(|(i, _)| i)
                    .collect();
                if present.len() < 2 {
                    continue;
                }
                let mut fixed = doc.clone();
                if let Doc::Obj(members) = fixed.at_mut(&path) {
                    members.remove(present[present.len() - 1]);
                }
                if judge.expect(&fixed.text()).serde_ok {
                    return Some("name-and-alias");
                }
            }
        }
    }
    None
}

/// The path of the first node (pre-order) where `doc` and `written` differ as `differs` says,
/// walking objects by key and arrays by index.
fn form_difference(
    doc: &Doc,
    written: &Value,
    differs: &dyn Fn(&Doc, &Value) -> bool,
) -> Option<Vec<(usize, Option<String>)>> {
    fn walk(
        doc: &Doc,
        written: &Value,
        path: &mut Vec<(usize, Option<String>)>,
        differs: &dyn Fn(&Doc, &Value) -> bool,
    ) -> Option<Vec<(usize, Option<String>)>> {
        if differs(doc, written) {
            return Some(path.clone());
        }
        match (doc, written) {
            (Doc::Arr(items), Value::Array(values)) => {
                for (i, (item, value)) in items.iter().zip(values).enumerate() {
                    path.push((i, None));
                    let found = walk(item, value, path, differs);
                    path.pop();
                    if found.is_some() {
                        return found;
                    }
                }
            }
            (Doc::Obj(members), Value::Object(map)) => {
                for (i, (key, item)) in members.iter().enumerate() {
                    if let Some(value) = map.get(key) {
                        path.push((i, Some(key.clone())));
                        let found = walk(item, value, path, differs);
                        path.pop();
                        if found.is_some() {
                            return found;
                        }
                    }
                }
            }
            _ => {}
        }
        None
    }
    walk(doc, written, &mut Vec::new(), differs)
}

/// `doc` with the node at `path` replaced by the written value at the same place.
fn replace_at(doc: &Doc, path: &[(usize, Option<String>)], written: &Value) -> Doc {
    let mut out = doc.clone();
    let mut value = written;
    for (i, key) in path {
        value = match key {
            Some(key) => &value[key.as_str()],
            None => &value[*i],
        };
    }
    let indices: Vec<usize> = path.iter().map(|(i, _)| *i).collect();
    *out.at_mut(&indices) = Parser::parse(&value.to_string()).expect("a written value parses");
    out
}

// ---------------------------------------------------------------------------------------------
// Mutations.

/// Values that break things: every JSON type, integer bounds and their neighbours.
fn hostile(names: &[String]) -> Vec<Doc> {
    let mut pool = vec![
        Doc::Null,
        Doc::Bool(true),
        Doc::Bool(false),
        Doc::str(""),
        Doc::str("x"),
        Doc::str("a@b"),
        Doc::str("1"),
        Doc::str("null"),
        Doc::str("\u{e9}\u{1f600}"),
        Doc::str(&"long".repeat(5)),
        Doc::Arr(vec![]),
        Doc::Obj(vec![]),
        Doc::Arr(vec![Doc::num(&1)]),
        Doc::Arr(vec![Doc::num(&1), Doc::num(&2)]),
        Doc::Arr(vec![Doc::str("x")]),
        Doc::Arr(vec![Doc::Null]),
        Doc::Obj(vec![("x".into(), Doc::num(&1))]),
        Doc::Obj(vec![(
            "a".into(),
            Doc::Obj(vec![("b".into(), Doc::Obj(vec![]))]),
        )]),
        Doc::Obj(vec![("cents".into(), Doc::num(&1))]),
        Doc::Obj(vec![("label".into(), Doc::str("l"))]),
    ];
    for n in [
        "0",
        "-1",
        "1",
        "2",
        "3",
        "1.5",
        "-0.5",
        "1.0",
        "1e2",
        "-0.0",
        "0.1",
        "9",
        "10",
        "11",
        "100",
        "101",
        "127",
        "128",
        "-128",
        "-129",
        "255",
        "256",
        "65535",
        "65536",
        "2147483647",
        "2147483648",
        "-2147483648",
        "-2147483649",
        "4294967295",
        "4294967296",
        "9007199254740993",
        "9223372036854775807",
        "9223372036854775808",
        "-9223372036854775808",
        "-9223372036854775809",
        "18446744073709551615",
        "18446744073709551616",
        "1e300",
    ] {
        pool.push(Doc::num(n));
    }
    pool.extend(names.iter().map(|n| Doc::str(n)));
    pool
}

/// Keys one edit away from `key`: other case, other word separator, a letter more or less.
fn near_misses(key: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = key.chars();
    if let Some(first) = chars.next() {
        let flipped: String = if first.is_uppercase() {
            first.to_lowercase().chain(chars.clone()).collect()
        } else {
            first.to_uppercase().chain(chars.clone()).collect()
        };
        out.push(flipped);
    }
    out.push(key.to_uppercase());
    out.push(format!("{key}s"));
    out.push(format!(" {key}"));
    if key.len() > 1 {
        out.push(key[..key.len() - key.chars().last().map_or(1, char::len_utf8)].to_owned());
    }
    if key.contains(['_', '-']) {
        out.push(key.replace(['_', '-'], ""));
        out.push(key.replace('_', "-"));
        out.push(key.replace('-', "_"));
    }
    let snake: String = key
        .chars()
        .flat_map(|c| {
            if c.is_uppercase() {
                vec!['_', c.to_ascii_lowercase()]
            } else {
                vec![c]
            }
        })
        .collect();
    if snake != key {
        out.push(snake);
    }
    out
}

/// A fresh scalar: an integer of any size, a fraction, a short word, a name with a typo.
fn random_scalar(rng: &mut TestRng, names: &[String]) -> Doc {
    match rng.random_range(0..5) {
        0 => Doc::num(&rng.random_range(-1_000..1_000)),
        1 => Doc::num(&(rng.random::<i64>() >> rng.random_range(0..63))),
        2 => Doc::num(&(f64::from(rng.random_range(-1_000..1_000)) / 8.0)),
        3 => {
            let len = rng.random_range(0..6);
            Doc::Str(
                (0..len)
                    .map(|_| char::from(rng.random_range(b'a'..=b'z')))
                    .collect(),
            )
        }
        _ if !names.is_empty() => {
            let mut name: Vec<char> = pick(rng, names).chars().collect();
            let at = rng.random_range(0..=name.len());
            if at < name.len() && rng.random_bool(0.5) {
                name.remove(at);
            } else {
                name.insert(at, char::from(rng.random_range(b'a'..=b'z')));
            }
            Doc::Str(name.into_iter().collect())
        }
        _ => Doc::Null,
    }
}

/// `s` with one character replaced, removed or inserted (digits and the separators of dates,
/// numbers and IDs are likely).
fn edit_char(rng: &mut TestRng, s: &str) -> String {
    const ALPHABET: &[char] = &[
        '0', '1', '2', '5', '9', '-', ':', '.', 'T', 't', ' ', 'Z', '+', 'e', '_', '{', '}', 'x',
        '\u{2212}', '\u{a0}',
    ];
    let mut chars: Vec<char> = s.chars().collect();
    let at = rng.random_range(0..=chars.len());
    let c = *pick(rng, ALPHABET);
    match rng.random_range(0..3) {
        0 if at < chars.len() => chars[at] = c,
        1 if at < chars.len() => {
            chars.remove(at);
        }
        _ => chars.insert(at, c),
    }
    chars.into_iter().collect()
}

fn pick<'a, T>(rng: &mut TestRng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

/// What mutations draw from: the hostile values, the model's names and its alias groups.
struct Mutator<'a> {
    pool: &'a [Doc],
    names: &'a [String],
    aliases: &'a [&'a [&'a str]],
}

impl Mutator<'_> {
    /// Applies one random mutation to one random node of `doc`.
    fn mutate(&self, doc: &mut Doc, rng: &mut TestRng) {
        let paths = doc.paths();
        let path = pick(rng, &paths).clone();
        // Choose among the mutations that apply here; some kinds are weighted up.
        for _ in 0..20 {
            if self.apply(rng.random_range(0..18), doc, &paths, &path, rng) {
                return;
            }
        }
        *doc.at_mut(&path) = pick(rng, self.pool).clone();
    }

    /// Mutation `kind` at `path`; `false` when it does not apply there.
    fn apply(
        &self,
        kind: u32,
        doc: &mut Doc,
        paths: &[Vec<usize>],
        path: &[usize],
        rng: &mut TestRng,
    ) -> bool {
        match kind {
            0..=2 => *doc.at_mut(path) = pick(rng, self.pool).clone(),
            3 => *doc.at_mut(path) = random_scalar(rng, self.names),
            4 | 6 | 7 | 12 => {
                let Some((&index, parent)) = path.split_last() else {
                    return false;
                };
                let Doc::Obj(members) = doc.at_mut(parent) else {
                    return false;
                };
                self.member(kind, members, index, rng);
            }
            5 => {
                let Doc::Obj(members) = doc.at_mut(path) else {
                    return false;
                };
                let key = if rng.random_bool(0.5) && !self.names.is_empty() {
                    pick(rng, self.names).clone()
                } else {
                    (*pick(rng, &["zzz", "extra", "x", "type", "t", "c"])).to_owned()
                };
                let value = pick(rng, self.pool).clone();
                members.insert(rng.random_range(0..=members.len()), (key, value));
            }
            8 => {
                // A tag or variant name replaced by another, a number, an unknown name.
                let Doc::Str(s) = doc.at(path) else {
                    return false;
                };
                if !self.names.contains(s) {
                    return false;
                }
                let replacement = match rng.random_range(0..4) {
                    0 => Doc::num(&rng.random_range(0..5)),
                    1 => pick(
                        rng,
                        &[
                            Doc::str("Nope"),
                            Doc::Null,
                            Doc::Bool(true),
                            Doc::str(&s.to_uppercase()),
                        ],
                    )
                    .clone(),
                    _ => Doc::Str(pick(rng, self.names).clone()),
                };
                *doc.at_mut(path) = replacement;
            }
            9..=11 | 13 | 14 => return self.reshape(kind, doc.at_mut(path), rng),
            15 => return tweak(doc.at_mut(path), rng),
            _ => {
                // One to three character edits of one string anywhere in the document.
                let strings: Vec<&Vec<usize>> = paths
                    .iter()
                    .filter(|p| matches!(doc.at(p), Doc::Str(_)))
                    .collect();
                if strings.is_empty() {
                    return false;
                }
                let at = (*pick(rng, &strings)).clone();
                for _ in 0..rng.random_range(1..=3) {
                    if let Doc::Str(s) = doc.at_mut(&at) {
                        *s = edit_char(rng, s);
                    }
                }
            }
        }
        true
    }

    /// Mutations of an object member: delete it, rename its key (to an alias, another name of
    /// the model or a near miss), or repeat it (under its own key or an alias).
    fn member(&self, kind: u32, members: &mut Vec<(String, Doc)>, index: usize, rng: &mut TestRng) {
        let (key, value) = members[index].clone();
        let partners: Vec<String> = self
            .aliases
            .iter()
            .filter(|g| g.contains(&key.as_str()))
            .flat_map(|g| g.iter().map(|s| (*s).to_owned()))
            .filter(|k| *k != key)
            .collect();
        match kind {
            4 => {
                members.remove(index);
            }
            6 | 7 => {
                let choices = match rng.random_range(0..3) {
                    0 if !partners.is_empty() => partners,
                    1 if !self.names.is_empty() => self.names.to_vec(),
                    _ => near_misses(&key),
                };
                members[index].0.clone_from(pick(rng, &choices));
            }
            _ => {
                let key = match partners.first() {
                    Some(partner) if rng.random_bool(0.6) => partner.clone(),
                    _ => key,
                };
                let value = if rng.random_bool(0.5) {
                    value
                } else {
                    pick(rng, self.pool).clone()
                };
                members.insert(rng.random_range(0..=members.len()), (key, value));
            }
        }
    }

    /// Mutations of a node's shape: wrap it in an array, an object as the array of its values
    /// (serde's positional form), unwrap a one-member object or one-item array, a name as a
    /// one-key object, drop or repeat an item, swap two members.
    fn reshape(&self, kind: u32, node: &mut Doc, rng: &mut TestRng) -> bool {
        match (kind, &mut *node) {
            (9, _) => *node = Doc::Arr(vec![node.clone()]),
            (10 | 11, Doc::Obj(members)) => {
                *node = Doc::Arr(members.iter().map(|(_, v)| v.clone()).collect());
            }
            (13, Doc::Obj(members)) if members.len() == 1 => {
                *node = if rng.random_bool(0.5) {
                    Doc::Str(members[0].0.clone())
                } else {
                    members[0].1.clone()
                };
            }
            (13, Doc::Arr(items)) if items.len() == 1 => *node = items[0].clone(),
            (13, Doc::Str(s)) if self.names.contains(s) => {
                *node = Doc::Obj(vec![(s.clone(), pick(rng, self.pool).clone())]);
            }
            (14, Doc::Arr(items)) if !items.is_empty() => {
                let i = rng.random_range(0..items.len());
                if rng.random_bool(0.5) {
                    items.remove(i);
                } else {
                    let item = items[i].clone();
                    items.insert(i, item);
                }
            }
            (14, Doc::Obj(members)) if members.len() > 1 => {
                let i = rng.random_range(0..members.len());
                let j = rng.random_range(0..members.len());
                members.swap(i, j);
            }
            _ => return false,
        }
        true
    }
}

/// A number one off, negated or spelled as a float; a string emptied, extended or edited.
fn tweak(node: &mut Doc, rng: &mut TestRng) -> bool {
    match node {
        Doc::Num(n) => {
            *node = Doc::Num(match n.parse::<i128>() {
                Ok(v) => match rng.random_range(0..4) {
                    0 => (v + 1).to_string(),
                    1 => (v - 1).to_string(),
                    2 => (-v).to_string(),
                    _ => format!("{v}.0"),
                },
                Err(_) => format!("{n}1"),
            });
        }
        Doc::Str(s) => {
            *node = Doc::Str(match rng.random_range(0..6) {
                0 => String::new(),
                1 => format!("{s}@"),
                2 => s.repeat(3) + "abcdefghijk",
                _ => edit_char(rng, s),
            });
        }
        _ => return false,
    }
    true
}

// ---------------------------------------------------------------------------------------------
// Running a model.

/// One judged input, for the JSON Lines file.
struct Case {
    text: String,
    expected: bool,
    deviation: Option<&'static str>,
    written: Option<Value>,
}

/// A model's figures and failures.
#[derive(Default)]
struct Report {
    model: String,
    cases: usize,
    serde_accepted: usize,
    expected_accepted: usize,
    from_json_agree: usize,
    /// Written values the serialization schema judges as the constraints do.
    written_agree: usize,
    schema_agree: usize,
    /// Inputs outside the documented deviations (no deviation id), and the schema's agreement
    /// on them.
    outside: usize,
    outside_agree: usize,
    explained: BTreeMap<&'static str, usize>,
    failures: Vec<String>,
    lines: Vec<Case>,
}

/// A fixed seed per model, so that adding a model changes no other model's inputs.
fn rng_for(model: &str) -> TestRng {
    let mut seed = [0u8; 32];
    for (i, b) in format!("tracer-schema agreement {model}")
        .bytes()
        .enumerate()
    {
        seed[i % 32] = seed[i % 32].wrapping_mul(31).wrapping_add(b);
    }
    TestRng::from_seed(RngAlgorithm::ChaCha, &seed)
}

/// The valid seeds of `M`: by hand, then serialized from generated values.
fn seeds<M: Subject>(runner: &mut TestRunner) -> Vec<String> {
    let mut out: Vec<String> = M::seeds().iter().map(|s| (*s).to_owned()).collect();
    let strategy = M::strategy();
    for _ in 0..GENERATED_SEEDS {
        let value = strategy.new_tree(runner).expect("a value").current();
        out.push(serde_json::to_string(&value).expect("a generated value serializes"));
    }
    out
}

/// The regression cases recorded for `model`: each text and the deviation it is classified as.
fn regressions(model: &str) -> Vec<(String, Option<String>)> {
    REGRESSIONS
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str::<Value>(l).expect("a regression line is JSON"))
        .filter(|v| v["model"] == model)
        .map(|v| {
            let text = v["text"].as_str().expect("a regression text").to_owned();
            (text, v["deviation"].as_str().map(str::to_owned))
        })
        .collect()
}

fn run_model<M: Subject>() -> Report {
    let name = M::info().name().to_owned();
    let judge = Judge::<M>::new();
    let config = Config {
        rng_algorithm: RngAlgorithm::ChaCha,
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner = TestRunner::new_with_rng(config, rng_for(&name));
    for seed in M::seeds() {
        assert!(
            judge.expect(seed).verdict(),
            "{name}: the hand-written seed {seed} is not valid"
        );
    }
    let seed_texts = seeds::<M>(&mut runner);
    let seed_docs: Vec<Doc> = seed_texts
        .iter()
        .map(|t| Parser::parse(t).expect("a seed parses"))
        .collect();
    let pool = hostile(&judge.names);
    let recorded = regressions(&name);
    let mut texts: Vec<String> = Vec::new();
    let mut seen = HashSet::new();
    for text in recorded.iter().map(|(t, _)| t.clone()).chain(seed_texts) {
        if seen.insert(text.clone()) {
            texts.push(text);
        }
    }
    let mutator = Mutator {
        pool: &pool,
        names: &judge.names,
        aliases: M::aliases(),
    };
    let rng = runner.rng();
    let mut attempts = 0;
    while texts.len() < M::CASES && attempts < M::CASES * 20 {
        attempts += 1;
        let mut doc = pick(rng, &seed_docs).clone();
        let rounds = if rng.random_bool(0.75) { 1 } else { 2 };
        for _ in 0..rounds {
            mutator.mutate(&mut doc, rng);
        }
        let text = doc.text();
        if seen.insert(text.clone()) {
            texts.push(text);
        }
    }
    let mut report = Report {
        model: name,
        ..Report::default()
    };
    for text in texts {
        judge_case(&judge, &text, &mut report);
    }
    // The classifier still sees each recorded case as it was recorded.
    for (text, deviation) in recorded {
        let class = evaluate(&judge, &text).class;
        if class.deviation != deviation.as_deref() {
            report.failures.push(format!(
                "{}: the regression case {text} is classified as {:?}, recorded as {deviation:?}",
                report.model, class.deviation
            ));
        }
    }
    report
}

/// Everything known about one input.
struct Outcome {
    expect: Expect,
    from_json: Result<(), String>,
    schema: bool,
    class: Class,
}

/// What can go wrong with one input.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Problem {
    /// `from_json` disagrees with the expected verdict.
    FromJson,
    /// The serialization schema misjudges a written value (against the constraints).
    Written,
    /// The validation schema disagrees with the expected verdict, and no deviation explains it.
    Schema,
}

impl Problem {
    fn describe(self) -> &'static str {
        match self {
            Problem::FromJson => "from_json disagrees with serde + constraints",
            Problem::Written => {
                "the serialization schema misjudges a written value (constraints by hand)"
            }
            Problem::Schema => "the validation schema disagrees, unexplained",
        }
    }
}

fn evaluate<M: Subject>(judge: &Judge<M>, text: &str) -> Outcome {
    let expect = judge.expect(text);
    let from_json = M::from_json(text).map(|_| ()).map_err(|e| e.to_string());
    let schema = judge.schema(text);
    let class = classify(judge, Parser::parse(text).as_ref(), &expect);
    Outcome {
        expect,
        from_json,
        schema,
        class,
    }
}

impl Outcome {
    fn problems(&self) -> Vec<Problem> {
        let verdict = self.expect.verdict();
        let mut out = Vec::new();
        if self.from_json.is_ok() != verdict {
            out.push(Problem::FromJson);
        }
        if self.expect.serde_ok && self.expect.written_valid != self.expect.constraints_ok {
            out.push(Problem::Written);
        }
        if self.schema != verdict
            && (self.class.deviation.is_none() || self.class.target != self.schema)
        {
            out.push(Problem::Schema);
        }
        out
    }

    fn describe(&self, model: &str, text: &str, problem: Problem) -> String {
        let e = &self.expect;
        let mut s = format!(
            "{model}: {}
    input: {text}
    serde: {}",
            problem.describe(),
            e.serde_ok
        );
        if let Some(error) = &e.serde_error {
            let _ = write!(s, " ({error})");
        }
        let _ = write!(
            s,
            "\n    expected: {}, from_json: {}, schema: {}, classified: {:?} (target {})",
            e.verdict(),
            self.from_json.is_ok(),
            self.schema,
            self.class.deviation,
            self.class.target,
        );
        if let Some(w) = &e.written {
            let _ = write!(
                s,
                "\n    written: {w} (serialization schema: {}, constraints by hand: {})",
                e.written_valid, e.constraints_ok
            );
        }
        if let Err(error) = &self.from_json {
            let _ = write!(s, "\n    from_json: {}", error.replace('\n', "\n      "));
        }
        s
    }
}

/// A smaller input with the same problem: members, items and subtrees removed or simplified
/// while the problem stays (greedy, bounded).
fn shrink<M: Subject>(judge: &Judge<M>, text: &str, problem: Problem) -> String {
    let Some(mut doc) = Parser::parse(text) else {
        return text.to_owned();
    };
    let fails = |d: &Doc| evaluate(judge, &d.text()).problems().contains(&problem);
    for _ in 0..200 {
        let mut progress = false;
        'paths: for path in doc.paths().into_iter().rev() {
            let node = doc.at(&path).clone();
            let mut candidates: Vec<Doc> = Vec::new();
            if let Some((&i, parent)) = path.split_last() {
                let mut without = doc.clone();
                match without.at_mut(parent) {
                    Doc::Arr(items) => {
                        items.remove(i);
                    }
                    Doc::Obj(members) => {
                        members.remove(i);
                    }
                    _ => {}
                }
                candidates.push(without);
            }
            let simpler: Vec<Doc> = match &node {
                Doc::Arr(items) => items.clone(),
                Doc::Obj(members) => members.iter().map(|(_, v)| v.clone()).collect(),
                Doc::Str(s) if s.chars().count() > 1 => vec![Doc::Str(s.chars().take(1).collect())],
                Doc::Num(n) if n != "0" => vec![Doc::num(&0), Doc::num(&1)],
                _ => Vec::new(),
            };
            for replacement in simpler {
                let mut replaced = doc.clone();
                *replaced.at_mut(&path) = replacement;
                candidates.push(replaced);
            }
            for candidate in candidates {
                if candidate.text().len() < doc.text().len() && fails(&candidate) {
                    doc = candidate;
                    progress = true;
                    break 'paths;
                }
            }
        }
        if !progress {
            break;
        }
    }
    doc.text()
}

fn judge_case<M: Subject>(judge: &Judge<M>, text: &str, report: &mut Report) {
    let outcome = evaluate(judge, text);
    let verdict = outcome.expect.verdict();
    report.cases += 1;
    report.serde_accepted += usize::from(outcome.expect.serde_ok);
    report.expected_accepted += usize::from(verdict);
    report.from_json_agree += usize::from(outcome.from_json.is_ok() == verdict);
    report.written_agree += usize::from(
        outcome.expect.serde_ok && outcome.expect.written_valid == outcome.expect.constraints_ok,
    );
    report.schema_agree += usize::from(outcome.schema == verdict);
    if outcome.class.deviation.is_none() {
        report.outside += 1;
        report.outside_agree += usize::from(outcome.schema == verdict);
    }
    if judge.evaluated(text) != outcome.schema {
        report.failures.push(format!(
            "{}: the evaluated form of the validation schema (tagged unions as conditionals) disagrees with the published one\n    input: {text}",
            report.model
        ));
    }
    let problems = outcome.problems();
    if outcome.schema != verdict && !problems.contains(&Problem::Schema) {
        if let Some(id) = outcome.class.deviation {
            *report.explained.entry(id).or_default() += 1;
        }
    }
    for problem in problems {
        let mut message = outcome.describe(&report.model, text, problem);
        let small = shrink(judge, text, problem);
        if small != text {
            let _ = write!(message, "\n    minimized: {small}");
        }
        report.failures.push(message);
    }
    report.lines.push(Case {
        text: text.to_owned(),
        expected: verdict,
        deviation: outcome.class.deviation,
        written: outcome.expect.written.filter(|_| verdict),
    });
}

/// Prints the per-model table; returns the failures: the targets missed, then every problem.
fn table(reports: &[Report]) -> Vec<String> {
    println!(
        "{:<12} {:>6} {:>6} {:>8} {:>10} {:>11} {:>8} {:>19}  explained deviations",
        "model",
        "cases",
        "serde",
        "expected",
        "from_json",
        "written",
        "schema",
        "outside deviations"
    );
    let mut failures = Vec::new();
    for r in reports {
        let pct = |n: usize, of: usize| 100.0 * n as f64 / of.max(1) as f64;
        let explained: Vec<String> = r
            .explained
            .iter()
            .map(|(id, n)| format!("{id} {n}"))
            .collect();
        println!(
            "{:<12} {:>6} {:>6} {:>8} {:>9.2}% {:>11} {:>7.2}% {:>18.2}%  {}",
            r.model,
            r.cases,
            r.serde_accepted,
            r.expected_accepted,
            pct(r.from_json_agree, r.cases),
            format!("{}/{}", r.written_agree, r.serde_accepted),
            pct(r.schema_agree, r.cases),
            pct(r.outside_agree, r.outside),
            explained.join(", ")
        );
        if (r.outside_agree as f64) < MIN_SCHEMA_AGREEMENT * r.outside as f64 {
            failures.push(format!(
                "{}: outside the documented deviations, the validation schema agrees on {:.2}% of the inputs (target {:.1}%)",
                r.model,
                pct(r.outside_agree, r.outside),
                100.0 * MIN_SCHEMA_AGREEMENT
            ));
        }
        if r.cases < MIN_CASES {
            failures.push(format!(
                "{}: only {} distinct inputs (target {MIN_CASES})",
                r.model, r.cases
            ));
        }
        failures.extend(r.failures.iter().cloned());
    }
    failures
}

/// Writes every case as one JSON line to the file `TRACER_SCHEMA_AGREEMENT_OUT` names, if any.
fn write_cases(reports: &[Report]) {
    if let Some(path) = std::env::var_os("TRACER_SCHEMA_AGREEMENT_OUT") {
        let mut out =
            std::io::BufWriter::new(std::fs::File::create(&path).expect("the output file"));
        for r in reports {
            for case in &r.lines {
                let line = json!({
                    "model": r.model,
                    "text": case.text,
                    "expected": case.expected,
                    "deviation": case.deviation,
                    "written": case.written,
                });
                writeln!(out, "{line}").expect("write a case");
            }
        }
        out.flush().expect("write the cases");
    }
}

#[test]
fn the_schemas_agree_with_serde() {
    let runs: Vec<fn() -> Report> = vec![
        run_model::<Status>,
        run_model::<Shape>,
        run_model::<Event>,
        run_model::<Message>,
        run_model::<Score>,
        run_model::<Email>,
        run_model::<Range>,
        run_model::<Nothing>,
        run_model::<Tags>,
        run_model::<Page<Limit>>,
        run_model::<Account>,
        run_model::<Command>,
        run_model::<Settings>,
        run_model::<Order>,
        run_model::<Tree>,
        run_model::<Step>,
        run_model::<Op>,
        run_model::<Bag>,
        run_model::<Ledger>,
    ];
    let reports: Vec<Report> = std::thread::scope(|scope| {
        let handles: Vec<_> = runs.iter().map(|run| scope.spawn(run)).collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a model's run"))
            .collect()
    });

    let failures = table(&reports);
    write_cases(&reports);
    assert!(
        failures.is_empty(),
        "{} failures (the first 40):\n{}",
        failures.len(),
        failures
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
