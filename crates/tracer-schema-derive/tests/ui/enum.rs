use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, tracer_schema::Model)]
enum Tier {
    Longlived,
    Shortlived,
}

fn main() {}
