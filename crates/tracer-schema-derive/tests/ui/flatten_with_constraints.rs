use serde::{Deserialize, Serialize};
use tracer_schema::TracerSession;

#[derive(Serialize, Deserialize, tracer_schema::Model)]
struct Snapshot {
    #[serde(flatten)]
    #[model(min_length = 1)]
    session: TracerSession,
}

fn main() {}
