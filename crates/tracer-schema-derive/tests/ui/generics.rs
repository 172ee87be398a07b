use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, tracer_schema::Model)]
struct Wrapper<T> {
    inner: T,
}

fn main() {}
