use serde::{Deserialize, Serialize};
use tracer_schema::Model;

#[derive(Serialize, Deserialize, Model)]
pub struct Tagged {
    #[model(items(colour = 1))]
    pub tags: Vec<String>,
}

#[derive(Serialize, Deserialize, Model)]
#[model(crate = "not a path")]
pub struct Renamed {
    pub a: i64,
}

#[derive(Serialize, Deserialize, Model)]
#[model(extend_schema = "not a path")]
pub struct Extended {
    pub a: i64,
}

fn main() {}
