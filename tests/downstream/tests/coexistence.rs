//! A crate that also uses schemars: a type that only derives `schemars::JsonSchema` is a field
//! of a `Model`, and importing schemars' trait beside ours leaves every documented call
//! unambiguous (`Model::schema` is not `JsonSchema::json_schema`).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use tracer_schema::{Mode, Model};

/// Only schemars knows this type's schema.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
struct Address {
    /// The city.
    city: String,
    /// A postcode of at least three characters, as schemars' own attribute says.
    #[schemars(length(min = 3))]
    postcode: String,
}

/// A model with a schemars-only field.
#[derive(Debug, Serialize, Deserialize, Model)]
struct Customer {
    name: String,
    address: Address,
}

#[test]
fn a_schemars_only_type_is_a_field() {
    let schema = Customer::schema(Mode::Validation);
    assert_eq!(schema["properties"]["address"]["$ref"], "#/$defs/Address");
    assert_eq!(
        schema["$defs"]["Address"]["properties"]["postcode"]["minLength"],
        3
    );
    let customer = Customer::from_json(
        r#"{"name": "Ada", "address": {"city": "London", "postcode": "N1 9GU"}}"#,
    )
    .unwrap();
    assert_eq!(customer.address.city, "London");
    // Both traits' calls, side by side, with no disambiguation.
    assert_eq!(<Customer as JsonSchema>::schema_name(), "Customer");
    assert_eq!(Customer::NAME, "Customer");
    assert_eq!(Address::schema_name(), "Address");
}

#[test]
fn refusals_name_the_schemars_type_field() {
    let errors =
        Customer::from_json(r#"{"name": "Ada", "address": {"city": 1, "postcode": "N1"}}"#)
            .unwrap_err()
            .errors;
    // serde refuses the number for `city`; the schema pass explains every problem it sees.
    let pointers: Vec<&str> = errors.iter().map(|e| e.pointer.as_str()).collect();
    assert!(pointers.contains(&"/address/city"), "{errors:?}");
}
