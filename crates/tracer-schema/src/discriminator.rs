//! Tagged unions rewritten for evaluation: a `oneOf` whose branches each pin the same key to
//! their own tag becomes one `if`/`then` per branch, so that a validator descends only into the
//! branch the tag names.
//!
//! JSON Schema evaluates every branch of a `oneOf` (it must count the matches), so a recursive
//! tagged enum costs branches^depth: a 300-byte refused document took seconds and gigabytes to
//! explain. The schemas we publish keep pydantic's `oneOf` (other tools read it as a
//! discriminated union); only the validators compiled for `from_json` and the engine use this
//! form. The two accept the same documents when the tags are disjoint, which the derive's
//! enums guarantee (serde refuses two variants with one name); `tests/findings.rs` and the
//! agreement harness check it.

use serde_json::{Map, Value};

/// Rewrites every tagged `oneOf` in `schema`, innermost first.
pub(crate) fn rewrite(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            for value in map.values_mut() {
                rewrite(value);
            }
            rewrite_union(map);
        }
        Value::Array(items) => items.iter_mut().for_each(rewrite),
        _ => {}
    }
}

/// The key every branch requires and pins with `const`, `enum` or `anyOf` of those (a tag read
/// as a name or as `{"Name": null}`), if there is one.
fn tag_key(branches: &[Value]) -> Option<String> {
    let first = branches.first()?;
    let candidates = first.get("required")?.as_array()?;
    candidates.iter().filter_map(Value::as_str).find_map(|key| {
        let pinned = |branch: &Value| {
            let required = branch
                .get("required")
                .and_then(Value::as_array)
                .is_some_and(|r| r.iter().any(|k| k == key));
            let tag = branch.get("properties").and_then(|p| p.get(key));
            required
                && tag.is_some_and(|t| {
                    t.get("const").is_some()
                        || t.get("enum").is_some()
                        || t.get("anyOf").is_some()
                        || t.get("not").is_some()
                })
        };
        branches.iter().all(pinned).then(|| key.to_owned())
    })
}

/// What selects `branch`: its tag for an object and, when it has serde's positional form, its
/// first item for an array. A branch without that form never takes an array.
fn selector(branch: &Value, key: &str) -> Value {
    let mut properties = Map::new();
    if let Some(tag) = branch.get("properties").and_then(|p| p.get(key)) {
        properties.insert(key.to_owned(), tag.clone());
    }
    let mut out = Map::new();
    out.insert("properties".into(), Value::Object(properties));
    out.insert("required".into(), Value::Array(vec![key.into()]));
    match branch
        .get("prefixItems")
        .and_then(Value::as_array)
        .and_then(|items| items.first())
    {
        Some(first) => {
            out.insert("prefixItems".into(), Value::Array(vec![first.clone()]));
            out.insert("minItems".into(), 1.into());
        }
        None => {
            out.insert("type".into(), "object".into());
        }
    }
    Value::Object(out)
}

fn rewrite_union(map: &mut Map<String, Value>) {
    let Some(Value::Array(branches)) = map.get("oneOf") else {
        return;
    };
    if branches.is_empty() {
        return;
    }
    let Some(key) = tag_key(branches) else {
        return;
    };
    let Some(Value::Array(branches)) = map.remove("oneOf") else {
        return;
    };
    let selectors: Vec<Value> = branches.iter().map(|b| selector(b, &key)).collect();
    let mut all = match map.remove("allOf") {
        Some(Value::Array(all)) => all,
        _ => Vec::new(),
    };
    // Some branch's tag must match (else the union refuses: an unknown or missing tag) ...
    let mut any = Map::new();
    any.insert("anyOf".into(), Value::Array(selectors.clone()));
    all.push(Value::Object(any));
    // ... and the branch it names must hold.
    for (selector, branch) in selectors.into_iter().zip(branches) {
        let mut conditional = Map::new();
        conditional.insert("if".into(), selector);
        conditional.insert("then".into(), branch);
        all.push(Value::Object(conditional));
    }
    map.insert("allOf".into(), Value::Array(all));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_tagged_one_of_becomes_conditionals() {
        let mut schema = json!({"oneOf": [
            {"type": "object", "properties": {"t": {"const": "a"}, "x": {"type": "integer"}}, "required": ["t", "x"]},
            {"type": "object", "properties": {"t": {"const": "b"}}, "required": ["t"]},
        ]});
        rewrite(&mut schema);
        assert!(schema.get("oneOf").is_none());
        let all = schema["allOf"].as_array().unwrap();
        assert_eq!(all.len(), 3);
        assert_eq!(all[1]["if"]["properties"]["t"], json!({"const": "a"}));
        assert_eq!(all[1]["then"]["required"], json!(["t", "x"]));
    }

    #[test]
    fn other_unions_stay() {
        let mut schema = json!({"oneOf": [{"type": "string"}, {"type": "integer"}]});
        let before = schema.clone();
        rewrite(&mut schema);
        assert_eq!(schema, before);
    }
}
