use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, tracer_schema::Model)]
struct Project {
    #[serde(default, with = "tracer_schema::required_nullable")]
    reference: Option<String>,
    #[serde(with = "tracer_schema::required_nullable")]
    owner: String,
    #[model(ge = 0, gt = 1, ge = 2)]
    runs: i64,
}

fn main() {}
