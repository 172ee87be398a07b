use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, tracer_schema::Model)]
#[model(colour = "red")]
struct Project {
    #[model(minimum = 0)]
    runs: i64,
    #[model(title = "Name", shade)]
    name: String,
}

fn main() {}
