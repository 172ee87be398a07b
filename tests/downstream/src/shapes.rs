//! One model per serde data shape `#[derive(Model)]` supports; the agreement tests read each
//! with serde, `from_json` and its schemas.

use std::collections::{BTreeMap, HashMap};

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
