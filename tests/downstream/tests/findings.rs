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
        serde_json::from_str::<M>(text).is_ok(),
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
    M::from_json(text).expect_err("refused").errors[0].message.clone()
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
