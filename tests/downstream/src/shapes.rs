//! One model per serde data shape `#[derive(Model)]` supports; the agreement tests read each
//! with serde, `from_json` and its schemas.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};
use tracer_schema::Model;

/// A plan's state: a unit-only enum is a string `enum`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Running.
    Active,
    /// Waiting for a person.
    #[serde(alias = "review")]
    InReview,
}

/// Externally tagged (serde's default), with every kind of variant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
pub enum Shape {
    /// Nothing at all.
    Empty,
    /// A circle's radius.
    Circle(f64),
    /// Width and height.
    Rect(u32, u32),
    /// A labelled point.
    Point {
        /// Horizontal.
        x: i32,
        /// Vertical.
        y: i32,
        /// An optional label.
        #[serde(default)]
        label: Option<String>,
    },
}

/// Internally tagged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    /// A run started.
    Started {
        /// Which run.
        run: String,
    },
    /// A run finished, with a score.
    Finished {
        /// Which run.
        run: String,
        /// Between 0 and 1.
        #[model(ge = 0, le = 1)]
        score: f64,
    },
    /// A heartbeat.
    Ping,
    /// A nested struct as the variant's content.
    Budget(Limit),
}

/// A limit, used as a newtype variant's content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
pub struct Limit {
    /// Cents.
    #[model(ge = 0)]
    pub cents: i64,
}

/// Adjacently tagged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[serde(tag = "t", content = "c")]
pub enum Message {
    /// Text.
    Text(String),
    /// A pair of numbers.
    Pair(i8, i8),
    /// Nothing.
    Quit,
    /// Anything else.
    #[serde(other)]
    Unknown,
}

/// Untagged: the first variant that reads the value wins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[serde(untagged)]
pub enum Score {
    /// A yes/no verdict.
    Verdict(bool),
    /// A number.
    Number(f64),
    /// A labelled score.
    Labelled {
        /// The label.
        label: String,
    },
}

/// A newtype struct is its content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
pub struct Email(#[model(pattern = "^[^@]+@[^@]+$")] pub String);

/// A tuple struct is an array of exactly its fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
pub struct Range(pub u16, pub u16);

/// A unit struct is `null`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
pub struct Nothing;

/// `#[serde(transparent)]` is its one field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[serde(transparent)]
pub struct Tags {
    /// The tags.
    #[model(max_items = 3, items(min_length = 1))]
    pub tags: Vec<String>,
}

/// A generic page; each instantiation has its own schema name (`Page_Limit`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
pub struct Page<Item> {
    /// The items.
    pub items: Vec<Item>,
    /// The next page's cursor.
    pub next: Option<String>,
}

/// Cents, through a type alias: constraints apply by trait, not by name.
pub type Cents = i64;

/// Field shapes: aliases, flattened maps, items constraints, std integers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
pub struct Account {
    /// Its name; `title` is read too.
    #[serde(alias = "title")]
    pub name: String,
    /// Balance.
    #[model(ge = 0)]
    pub balance: Cents,
    /// A small number.
    pub level: u8,
    /// Per-day limits.
    #[serde(default)]
    pub limits: BTreeMap<String, u32>,
    /// Status.
    pub status: Status,
    /// Everything else.
    #[serde(flatten)]
    pub extra: HashMap<String, String>,
}

/// Struct variants that refuse unknown fields, with renamed variants and fields: `kebab-case`
/// variant names, `camelCase` field names, a renamed variant with an alias.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[serde(
    deny_unknown_fields,
    rename_all = "kebab-case",
    rename_all_fields = "camelCase"
)]
pub enum Command {
    /// Move by an offset.
    MoveBy {
        /// Horizontal offset.
        delta_x: i16,
        /// Vertical offset.
        delta_y: i16,
    },
    /// Say something.
    SayText {
        /// What to say.
        #[model(min_length = 1, max_length = 10)]
        text: String,
        /// Shout it.
        #[serde(default)]
        is_loud: bool,
    },
    /// Stop everything.
    FullStop,
    /// Go at a speed.
    #[serde(rename = "go", alias = "start")]
    GoAt(#[model(le = 100)] u8),
}

/// Settings with container defaults: every field may be missing; unknown fields are refused.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// How often to retry.
    #[model(ge = 1, le = 10)]
    pub retries: u32,
    /// Talk more.
    pub verbose: bool,
    /// A name, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            retries: 3,
            verbose: false,
            name: None,
        }
    }
}

/// The default priority of an [`Order`].
#[must_use]
pub fn default_priority() -> u8 {
    3
}

/// Enums, maps and optional lists inside a struct.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
pub struct Order {
    /// An externally tagged enum.
    pub shape: Shape,
    /// Internally tagged enums in a list.
    pub events: Vec<Event>,
    /// An adjacently tagged enum, optional.
    #[serde(default)]
    pub message: Option<Message>,
    /// A unit-only enum, `null` or missing (serde reads a missing `Option` as `None`).
    pub status: Option<Status>,
    /// Untagged enums.
    #[serde(default)]
    pub scores: Vec<Score>,
    /// Models by name.
    pub limits: HashMap<String, Limit>,
    /// Labels, each 1 to 4 characters, at most 3; left out when absent.
    #[model(max_items = 3, items(min_length = 1, max_length = 4))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<Vec<String>>,
    /// Required on input, left out on output when empty.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub code: String,
    /// From 1 to 5; 3 when missing.
    #[model(ge = 1, le = 5)]
    #[serde(default = "default_priority")]
    pub priority: u8,
    /// Settings with defaults of their own.
    #[serde(default)]
    pub settings: Settings,
    /// A command, read strictly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<Command>,
}

/// A recursive type: a labelled tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
pub struct Tree {
    /// A non-empty label.
    #[model(min_length = 1)]
    pub label: String,
    /// A weight, at most 9.
    #[serde(default)]
    #[model(le = 9)]
    pub weight: i8,
    /// The subtrees.
    #[serde(default)]
    pub children: Vec<Tree>,
}

/// Internally tagged, refusing unknown fields: only the tag and the variant's fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
pub enum Step {
    /// Wait a while (`pause` is read too).
    #[serde(alias = "pause")]
    Wait {
        /// At most a minute.
        #[model(le = 60)]
        secs: u32,
    },
    /// Stop.
    Stop,
    /// A limit as the variant's content (its own fields, read as `Limit` reads them).
    Budget(Limit),
}

/// Adjacently tagged, refusing unknown fields, with an untagged fallback variant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[serde(tag = "op", content = "arg", deny_unknown_fields)]
pub enum Op {
    /// Add a number (`plus` is read too).
    #[serde(alias = "plus")]
    Add(i32),
    /// Negate.
    Neg,
    /// Anything written as a plain string.
    #[serde(untagged)]
    Raw(String),
}

/// Fixed-size arrays, tuples, sets and boxes as fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
pub struct Bag {
    /// Two small numbers.
    pub corner: [i8; 2],
    /// A number and a name.
    pub pair: (u8, String),
    /// One or two keys; serde reads repeated keys as one.
    #[model(min_items = 1, max_items = 2)]
    pub keys: BTreeSet<String>,
    /// A boxed model.
    pub boxed: Box<Limit>,
}

/// `chrono`, `uuid` and `rust_decimal` values as plain field types.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
pub struct Ledger {
    /// An instant, written in UTC.
    pub at: chrono::DateTime<chrono::Utc>,
    /// An instant with its offset.
    pub local: chrono::DateTime<chrono::FixedOffset>,
    /// A date and time without an offset.
    pub naive: chrono::NaiveDateTime,
    /// A date.
    pub day: chrono::NaiveDate,
    /// An ID.
    pub id: uuid::Uuid,
    /// An amount, read from a string or a number, written as a string.
    pub amount: rust_decimal::Decimal,
    /// A due date, if any.
    #[serde(default)]
    pub due: Option<chrono::NaiveDate>,
}
