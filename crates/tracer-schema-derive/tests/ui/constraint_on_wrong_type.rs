use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, tracer_schema::Model)]
struct Project {
    #[model(ge = 0)]
    name: String,
    #[model(min_length = 1)]
    runs: Option<i64>,
    #[model(max_items = 2)]
    tag: String,
    #[model(pattern = "^a")]
    tags: Vec<String>,
}

fn main() {}
