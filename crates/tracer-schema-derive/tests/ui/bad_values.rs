use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, tracer_schema::Model)]
struct Project {
    #[model(ge = "zero")]
    runs: i64,
    #[model(min_length = -1, pattern = 5)]
    name: String,
}

fn main() {}
