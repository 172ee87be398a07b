use serde::{Deserialize, Serialize};
use tracer_schema::Model;

/// A Decimal is written as a string, which `minimum` ignores: its bounds could not be checked.
#[derive(Serialize, Deserialize, Model)]
pub struct Price {
    #[model(ge = 0)]
    pub amount: tracer_schema::wire::Decimal,
}

fn main() {}
