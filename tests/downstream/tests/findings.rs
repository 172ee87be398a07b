//! Regression tests for what a new user's trial and a hostile run found in the derive: each
//! test names the finding and checks serde, `from_json` and the schemas agree on it.

use serde::{Deserialize, Serialize};
use tracer_schema::{Mode, Model};

fn schema_accepts<M: Model>(mode: Mode, text: &str) -> bool {
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .with_pattern_options(jsonschema::PatternOptions::regex())
        .build(&M::schema(mode))
        .expect("the schema compiles");
    validator.is_valid(&serde_json::from_str(text).expect("JSON"))
}

/// serde's verdict, `from_json`'s and the validation schema's, for a model without constraints.
fn verdicts<M: Model + std::fmt::Debug>(text: &str) -> (bool, bool, bool) {
    (
        tracer_schema::from_pydantic_json::<M>(text).is_ok(),
        M::from_json(text).is_ok(),
        schema_accepts::<M>(Mode::Validation, text),
    )
}

#[derive(Debug, Serialize, Deserialize, Model)]
struct Tree {
    label: String,
    children: Vec<Tree>,
    next: Option<Box<Tree>>,
}

#[test]
fn recursive_models_read_without_overflowing() {
    let text = r#"{"label": "a", "children": [{"label": "b", "children": [], "next": null}], "next": null}"#;
    assert_eq!(verdicts::<Tree>(text), (true, true, true));
}

#[derive(Debug, Serialize, Deserialize, Model)]
#[serde(tag = "kind")]
enum Kind {
    Cat {
        #[model(le = 9)]
        lives: u8,
    },
    Dog,
}

#[derive(Debug, Serialize, Deserialize, Model)]
struct Pet {
    id: u8,
    #[serde(flatten)]
    kind: Kind,
}

#[test]
fn a_flattened_enum_is_part_of_both_schemas() {
    assert_eq!(
        verdicts::<Pet>(r#"{"id": 1, "kind": "Dog"}"#),
        (true, true, true)
    );
    assert_eq!(
        verdicts::<Pet>(r#"{"id": 1, "kind": "Cat", "lives": 3}"#),
        (true, true, true)
    );
    assert_eq!(verdicts::<Pet>(r#"{"id": 1}"#), (false, false, false));
    assert_eq!(
        verdicts::<Pet>(r#"{"id": 1, "kind": "Cow"}"#),
        (false, false, false)
    );
    // The constraint inside the flattened enum is enforced.
    assert!(Pet::from_json(r#"{"id": 1, "kind": "Cat", "lives": 10}"#).is_err());
    let written = serde_json::to_string(&Pet {
        id: 1,
        kind: Kind::Cat { lives: 3 },
    })
    .unwrap();
    assert!(
        schema_accepts::<Pet>(Mode::Serialization, &written),
        "{written}"
    );
    assert!(!schema_accepts::<Pet>(
        Mode::Serialization,
        r#"{"id": 1, "kind": "Dog", "x": 1}"#
    ));
}

#[derive(Debug, Serialize, Deserialize, Model)]
#[serde(tag = "type")]
struct Tagged {
    #[model(ge = 1)]
    a: u8,
}

#[test]
fn a_tagged_struct_writes_its_tag() {
    let written = serde_json::to_string(&Tagged { a: 1 }).unwrap();
    assert_eq!(written, r#"{"type":"Tagged","a":1}"#);
    assert!(schema_accepts::<Tagged>(Mode::Serialization, &written));
    assert!(Tagged::from_json(r#"{"a": 1}"#).is_ok());
    assert!(Tagged::from_json(r#"{"type": "Tagged", "a": 1}"#).is_ok());
    assert!(Tagged::from_json(r#"{"a": 0}"#).is_err());
}

#[derive(Debug, Serialize, Deserialize, Model)]
struct Big {
    #[model(ge = 0)]
    small: i32,
    huge: i128,
}

#[test]
fn constraints_are_checked_beside_numbers_no_tree_can_hold() {
    let huge = i128::MAX;
    assert!(Big::from_json(&format!(r#"{{"small": 1, "huge": {huge}}}"#)).is_ok());
    let errors = Big::from_json(&format!(r#"{{"small": -1, "huge": {huge}}}"#))
        .unwrap_err()
        .errors;
    assert_eq!(errors[0].pointer, "/small", "{errors:?}");
}

#[derive(Debug, Serialize, Deserialize, Model)]
struct Page<T> {
    first: Option<T>,
    items: Vec<T>,
}

#[test]
fn a_generic_option_field_derives() {
    let text = r#"{"first": null, "items": [1, 2]}"#;
    assert_eq!(verdicts::<Page<u8>>(text), (true, true, true));
    assert_eq!(<Page<u8> as Model>::info().name(), "Page_uint8");
}

#[derive(Debug, Serialize, Deserialize, Model)]
#[serde(rename_all = "kebab-case")]
enum Color {
    DarkRed,
    Rgb(u8, u8, u8),
    #[serde(other)]
    Other,
}

#[test]
fn other_takes_unclaimed_names_in_an_externally_tagged_enum() {
    assert_eq!(verdicts::<Color>(r#""purple""#), (true, true, true));
    assert_eq!(verdicts::<Color>(r#"{"purple": null}"#), (true, true, true));
    assert_eq!(verdicts::<Color>(r#""dark-red""#), (true, true, true));
    assert_eq!(verdicts::<Color>(r#""rgb""#), (false, false, false));
    assert_eq!(verdicts::<Color>(r#"{"purple": 1}"#), (false, false, false));
}

#[derive(Debug, Serialize, Deserialize, Model)]
struct AliasInner {
    #[serde(alias = "aa")]
    a: u8,
}

#[derive(Debug, Serialize, Deserialize, Model)]
struct FlatAlias {
    #[serde(flatten)]
    inner: AliasInner,
    z: u8,
}

#[test]
fn a_flattened_struct_keeps_its_alias_rules() {
    assert_eq!(verdicts::<FlatAlias>(r#"{"z": 2}"#), (false, false, false));
    assert_eq!(
        verdicts::<FlatAlias>(r#"{"aa": 1, "z": 2}"#),
        (true, true, true)
    );
    assert_eq!(
        verdicts::<FlatAlias>(r#"{"a": 1, "aa": 1, "z": 2}"#),
        (false, false, false)
    );
}

#[derive(Debug, Serialize, Deserialize, Model)]
struct Single {
    x: f32,
}

#[derive(Debug, Serialize, Deserialize, Model)]
enum Never {}

#[test]
fn f32_range_and_empty_enums() {
    assert_eq!(
        verdicts::<Single>(r#"{"x": 3.5e38}"#),
        (false, false, false)
    );
    assert_eq!(verdicts::<Single>(r#"{"x": 3.4e38}"#), (true, true, true));
    assert_eq!(verdicts::<Never>(r#""a""#), (false, false, false));
}

#[derive(Debug, Serialize, Deserialize, Model)]
#[serde(untagged)]
enum Untag {
    Obj { a: u8 },
    Text(String),
}

#[derive(Debug, Serialize, Deserialize, Model)]
#[serde(tag = "kind")]
enum Job {
    Run { id: u8 },
    Stop,
}

#[derive(Debug, Serialize, Deserialize, Model)]
struct Priced {
    price: rust_decimal::Decimal,
    id: uuid::Uuid,
}

fn first_message<M: Model + std::fmt::Debug>(text: &str) -> String {
    M::from_json(text).expect_err("refused").errors[0]
        .message
        .clone()
}

#[test]
fn refusals_read_in_user_terms() {
    // An untagged enum has no names on the wire: a one-key object is a value.
    assert!(!first_message::<Untag>(r#"{"b": 1}"#).contains("unknown variant"));
    // A tag that is not a string.
    assert_eq!(
        first_message::<Job>(r#"{"kind": 7}"#),
        "invalid tag 7: expected a variant name, one of `Run`, `Stop`"
    );
    // Every branch wanted another kind of value.
    assert_eq!(
        first_message::<Priced>(r#"{"price": null, "id": "67e55044-10b1-426f-9247-bb680e5fe0c8"}"#),
        r#"null is not of type "number", "string""#
    );
    // Foreign types by their names.
    assert_eq!(
        first_message::<Priced>(r#"{"price": "1", "id": "nope"}"#),
        r#""nope" is not a valid uuid::Uuid"#
    );
}

#[derive(Debug, Serialize, Deserialize, Model)]
#[serde(tag = "t")]
enum Chain {
    A { next: Option<Box<Chain>> },
    B { next: Option<Box<Chain>> },
    End { v: u8 },
}

#[test]
fn a_deep_refused_tagged_chain_is_explained_at_its_leaf() {
    // Every level of a `oneOf` used to be evaluated for every branch: 3^depth. At depth 24 that
    // would not finish; the evaluated form descends only into the branch the tag names.
    let depth = 24;
    let mut text = String::from(r#"{"t":"End","v":300}"#);
    for level in 0..depth {
        let tag = if level % 2 == 0 { "A" } else { "B" };
        text = format!(r#"{{"t":"{tag}","next":{text}}}"#);
    }
    let errors = Chain::from_json(&text).expect_err("300 is not a u8").errors;
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].pointer, format!("{}/v", "/next".repeat(depth)));
    // And the wrong variant is not blamed one level down.
    let errors = Chain::from_json(r#"{"t":"A","next":{"t":"End","v":300}}"#)
        .expect_err("300 is not a u8")
        .errors;
    assert_eq!(errors[0].pointer, "/next/v", "{errors:?}");
}

#[derive(Debug, Serialize, Deserialize, Model)]
struct Inner {
    a: i32,
}

#[derive(Debug, Serialize, Deserialize, Model)]
struct FlatOpt {
    id: i32,
    #[serde(flatten)]
    inner: Option<Inner>,
}

#[derive(Debug, Serialize, Deserialize, Model)]
enum Ext {
    Circle(f64),
    Square { side: u8 },
}

#[derive(Debug, Serialize, Deserialize, Model)]
struct FlatExt {
    id: i32,
    #[serde(flatten)]
    shape: Ext,
}

#[test]
fn flattened_options_and_externally_tagged_enums() {
    for text in [
        r#"{"id": 1, "a": 2}"#,
        r#"{"id": 1}"#,
        r#"{"id": 1, "a": "x"}"#,
    ] {
        assert_eq!(verdicts::<FlatOpt>(text), (true, true, true), "{text}");
    }
    let written = serde_json::to_string(&FlatOpt {
        id: 1,
        inner: Some(Inner { a: 2 }),
    })
    .unwrap();
    assert!(
        schema_accepts::<FlatOpt>(Mode::Serialization, &written),
        "{written}"
    );
    assert_eq!(
        verdicts::<FlatExt>(r#"{"id": 1, "Circle": 2.0}"#),
        (true, true, true)
    );
    assert_eq!(
        verdicts::<FlatExt>(r#"{"id": 1, "Square": {"side": 3}}"#),
        (true, true, true)
    );
    assert_eq!(verdicts::<FlatExt>(r#"{"id": 1}"#), (false, false, false));
    let written = serde_json::to_string(&FlatExt {
        id: 1,
        shape: Ext::Circle(2.0),
    })
    .unwrap();
    assert!(
        schema_accepts::<FlatExt>(Mode::Serialization, &written),
        "{written}"
    );
}

#[derive(Debug, Serialize, Deserialize, Model)]
#[serde(tag = "t", content = "c")]
enum Adj {
    Go(u8),
    Maybe(Option<u8>),
    Move { x: i8 },
    Stop,
}

#[derive(Debug, Serialize, Deserialize, Model)]
#[serde(tag = "kind")]
enum Task {
    Nested(Adj),
    Raw(serde_json::Value),
    Wait {
        #[model(le = 100)]
        secs: u32,
    },
}

#[test]
fn internally_tagged_newtypes_of_enums_and_values() {
    assert_eq!(
        verdicts::<Task>(r#"{"kind": "Nested", "t": "Go", "c": 3}"#),
        (true, true, true)
    );
    assert_eq!(
        verdicts::<Task>(r#"{"kind": "Raw", "x": 1}"#),
        (true, true, true)
    );
    assert_eq!(
        verdicts::<Task>(r#"{"kind": "Wait", "secs": 5}"#),
        (true, true, true)
    );
    assert_eq!(
        verdicts::<Task>(r#"{"kind": "Else"}"#),
        (false, false, false)
    );
    let written = serde_json::to_string(&Task::Nested(Adj::Go(3))).unwrap();
    assert!(
        schema_accepts::<Task>(Mode::Serialization, &written),
        "{written}"
    );
    assert!(Task::from_json(r#"{"kind": "Wait", "secs": 500}"#).is_err());
}

#[test]
fn adjacently_tagged_content_rules() {
    // An `Option`'s content may be left out; a struct variant's is an object only.
    assert_eq!(verdicts::<Adj>(r#"{"t": "Maybe"}"#), (true, true, true));
    assert_eq!(verdicts::<Adj>(r#"{"t": "Go"}"#), (false, false, false));
    assert_eq!(
        verdicts::<Adj>(r#"{"t": "Move", "c": [-3]}"#),
        (false, false, false)
    );
    assert_eq!(verdicts::<Adj>(r#"["Go", 1]"#), (true, true, true));
    assert_eq!(verdicts::<Adj>("[0, 1]"), (false, false, false));
}

#[derive(Debug, Serialize, Deserialize, Model)]
struct NoFields {}

#[derive(Debug, Serialize, Deserialize, Model)]
struct NoItems();

#[test]
fn empty_shapes_have_schemas_that_compile() {
    assert_eq!(verdicts::<NoFields>("{}"), (true, true, true));
    assert_eq!(verdicts::<NoFields>("[]"), (true, true, true));
    assert_eq!(verdicts::<NoItems>("[]"), (true, true, true));
    assert_eq!(verdicts::<NoItems>("[1]"), (false, false, false));
}

#[derive(Debug, Serialize, Deserialize, Model)]
struct Wide {
    #[model(le = 10_000_000_000)]
    n: i64,
}

#[derive(Debug, Serialize, Deserialize, Model)]
#[serde(tag = "t")]
enum Small {
    X { v: u8 },
    Y,
}

#[derive(Debug, Serialize, Deserialize, Model)]
#[serde(untagged)]
enum Either {
    A { a: i32 },
    B { b: i32 },
}

#[derive(Debug, Serialize, Deserialize, Model)]
struct Lists {
    list: Vec<u8>,
}

#[test]
fn bounds_beyond_32_bits_tags_and_pointers() {
    assert!(Wide::from_json(r#"{"n": 9999999999}"#).is_ok());
    assert!(Wide::from_json(r#"{"n": 10000000001}"#).is_err());
    assert_eq!(first_message::<Small>(r#"{"v": 1}"#), "missing tag `t`");
    assert!(!first_message::<Either>("{}").contains("also read as"));
    // A refusal only serde sees (an integral float) has an RFC 6901 pointer.
    let errors = Lists::from_json(r#"{"list": [1, 2.0]}"#)
        .expect_err("2.0 is not a u8")
        .errors;
    assert_eq!(errors[0].pointer, "/list/1", "{errors:?}");
    assert_eq!(
        first_message::<Never>("{}"),
        "{} is refused: the type has no values (an enum with no variants)"
    );
}

/// Not on the wire, and with no serde or schema impls of its own.
#[derive(Debug, Default)]
struct Cache(u32);

#[derive(Debug, Serialize, Deserialize, Model)]
struct WithCache {
    #[serde(skip)]
    cache: Cache,
    x: i32,
}

#[derive(Debug, Serialize, Deserialize, Model)]
#[serde(tag = "outer")]
enum Lone {
    W { inner: u8 },
}

#[test]
fn skipped_fields_and_one_variant_tagged_enums() {
    assert_eq!(verdicts::<WithCache>(r#"{"x": 1}"#), (true, true, true));
    assert_eq!(
        WithCache::from_json(r#"{"x": 1}"#).map(|w| w.cache.0),
        Ok(0)
    );
    assert_eq!(
        first_message::<Lone>(r#"{"outer": "X", "inner": 1}"#),
        "unknown variant `X`, expected `W`"
    );
    assert_eq!(
        first_message::<Lone>(r#"{"inner": 1}"#),
        "missing tag `outer`"
    );
    assert_eq!(
        verdicts::<Lone>(r#"{"outer": "W", "inner": 1}"#),
        (true, true, true)
    );
}
