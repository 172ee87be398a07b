use serde::{Deserialize, Serialize};

// Patterns are compiled at run time by the linear-time `regex` engine: look-around and
// back-references cannot run there, so they are refused here, at the attribute.
#[derive(Serialize, Deserialize, tracer_schema::Model)]
struct Project {
    #[model(pattern = "^(?=a)a+$")]
    name: String,
    #[model(pattern = "^(a)\\1$")]
    code: String,
    #[model(pattern = "^[a-z]+$")]
    slug: String,
}

fn main() {}
