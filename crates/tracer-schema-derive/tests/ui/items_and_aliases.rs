use serde::{Deserialize, Serialize};
use tracer_schema::Model;

/// Applicability is decided by trait: the alias takes `ge`, the others fail at their constraint.
type Cents = i64;

#[derive(Serialize, Deserialize, Model)]
pub struct Budget {
    #[model(ge = 0)]
    pub limit: Cents,
    #[model(items(min_length = 1))]
    pub amounts: Vec<Cents>,
    #[model(items(ge = 0))]
    pub name: String,
}

fn main() {}
