//! Ordinary serde code beside tracer-schema: each shape reads as it does in a build without us.
//! These are the seven shapes that failed while tracer-schema switched on serde_json's
//! `arbitrary_precision` and `preserve_order` for every crate in the build.

// The values compared are exactly representable; equality is what is being tested.
#![allow(clippy::float_cmp)]

use std::str::FromStr;

use tracer_schema_neighbour::{Adjacent, Inner, Internal, Outer, Price, Untagged, WithMap};

#[test]
fn untagged_enum_with_a_float() {
    assert_eq!(
        serde_json::from_str::<Untagged>("1.5").unwrap(),
        Untagged::Number(1.5)
    );
    assert_eq!(
        serde_json::from_str::<Vec<Untagged>>(r#"[1.5, "a"]"#).unwrap(),
        [Untagged::Number(1.5), Untagged::Text("a".into())]
    );
}

#[test]
fn internally_tagged_enum_with_a_float() {
    assert_eq!(
        serde_json::from_str::<Internal>(r#"{"type": "Circle", "radius": 1.5}"#).unwrap(),
        Internal::Circle { radius: 1.5 }
    );
}

#[test]
fn adjacently_tagged_enum_content_first() {
    assert_eq!(
        serde_json::from_str::<Adjacent>(r#"{"c": 1.5, "t": "Weight"}"#).unwrap(),
        Adjacent::Weight(1.5)
    );
}

#[test]
fn flattened_struct_and_map_of_floats() {
    assert_eq!(
        serde_json::from_str::<Outer>(r#"{"name": "a", "score": 0.5}"#).unwrap(),
        Outer {
            name: "a".into(),
            inner: Inner { score: 0.5 }
        }
    );
    let with_map = serde_json::from_str::<WithMap>(r#"{"name": "a", "x": 1.5, "y": 2}"#).unwrap();
    assert_eq!(with_map.rest["x"], 1.5);
    assert_eq!(with_map.rest["y"], 2.0);
}

#[test]
fn rust_decimal_from_a_json_number() {
    assert_eq!(
        serde_json::from_str::<Price>(r#"{"amount": 1.25}"#).unwrap(),
        Price {
            amount: rust_decimal::Decimal::from_str("1.25").unwrap()
        }
    );
}

#[test]
fn serde_json_keeps_its_default_behaviour() {
    // Without `preserve_order` a `Map` is sorted; without `arbitrary_precision` a wide integer
    // is read as the nearest `f64`.
    let value: serde_json::Value = serde_json::from_str(r#"{"b": 1, "a": 2}"#).unwrap();
    let keys: Vec<&String> = value.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["a", "b"]);
    let wide: serde_json::Value = serde_json::from_str("123456789012345678901234567890").unwrap();
    assert!(wide.is_f64());
}

#[test]
fn tracer_schema_still_keeps_order_and_spelling() {
    // The same build: tracer-schema's free-form fields keep what the SDK keeps, on their own.
    let text = r#"{"id": "00000000-0000-4000-8000-000000000001", "tenant_id": "00000000-0000-4000-8000-000000000002",
                   "reference_dataset_id": null, "start_time": "2024-01-01T00:00:00Z",
                   "extra": {"b": 1.50, "a": 123456789012345678901234567890}}"#;
    let session: schema_kit::TracerSession = serde_json::from_str(text).unwrap();
    let written = serde_json::to_string(&session).unwrap();
    assert!(
        written.contains(r#""extra":{"b":1.50,"a":123456789012345678901234567890}"#),
        "{written}"
    );
    assert!(schema_kit::to_pydantic_json(&session)
        .unwrap()
        .contains(r#""extra":{"b":1.5,"a":123456789012345678901234567890}"#));
}

#[test]
fn a_renamed_dependency_derives_with_model_crate() {
    use schema_kit::{Mode, Model};
    let schema = tracer_schema_neighbour::Invoice::schema(Mode::Validation);
    assert_eq!(schema["title"], "Invoice");
    assert_eq!(schema["properties"]["lines"]["minimum"], 0);
    let invoice: tracer_schema_neighbour::Invoice =
        serde_json::from_str(r#"{"amount": "1.5", "lines": 2, "issued": null}"#).unwrap();
    assert_eq!(invoice.amount.to_string(), "1.5");
}
