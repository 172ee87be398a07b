//! Enum schemas for `#[derive(Model)]`, one per serde tagging, in pydantic's style: a
//! discriminated union (`oneOf`, each branch pinning its tag) for tagged enums, a string `enum`
//! for unit variants, and `anyOf` (first match wins, so branches may overlap) for untagged ones.
//!
//! The validation schema follows serde_json's reading exactly where JSON Schema can say it:
//! variant aliases, `#[serde(other)]`, a unit variant written as `{"name": null}`, unknown keys
//! ignored unless `deny_unknown_fields`. The errors they produce are turned into user terms
//! ("unknown variant", "missing tag") when a refused document is explained.

use schemars::{json_schema, Schema, SchemaGenerator};
use serde_json::{Map, Value};

use crate::mode::{mode_of, Mode};

/// How an enum is tagged on the wire (serde's four representations).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tagging {
    /// `{"Variant": content}`, or `"Variant"` for a unit variant (serde's default).
    External,
    /// `{"tag": "Variant", ...fields}` (`#[serde(tag = "...")]`).
    Internal(&'static str),
    /// `{"tag": "Variant", "content": content}` (`#[serde(tag = "...", content = "...")]`).
    Adjacent(&'static str, &'static str),
    /// The content alone; the first variant that reads it wins (`#[serde(untagged)]`).
    Untagged,
}

/// One variant as the derive describes it.
#[derive(Debug, Clone, Copy)]
pub struct VariantSpec {
    /// The name read from input (after renames).
    pub name: &'static str,
    /// Other names read from input (`#[serde(alias)]`).
    pub aliases: &'static [&'static str],
    /// The name written to output.
    pub output_name: &'static str,
    /// Its doc comment.
    pub description: &'static str,
    /// Read from input (not `skip_deserializing`).
    pub in_input: bool,
    /// Written (not `skip_serializing`).
    pub in_output: bool,
    /// `#[serde(other)]`: read for any tag no other variant claims.
    pub other: bool,
    /// `#[serde(untagged)]` on the variant: tried as untagged content after the tagged ones.
    pub untagged: bool,
}

/// A variant's content.
#[derive(Debug, Clone)]
pub enum Content {
    /// No content.
    Unit,
    /// One value (`Variant(T)`).
    Newtype(Schema),
    /// A fixed-length array (`Variant(A, B)`).
    Tuple(Vec<Schema>),
    /// An object (`Variant { .. }`), built with [`crate::schema::ObjectSchema`].
    Struct(Schema),
}

impl Content {
    /// The content as a value of its own (untagged, external or adjacent content).
    fn alone(&self) -> Value {
        match self {
            Content::Unit => serde_json::json!({"type": "null"}),
            Content::Newtype(schema) | Content::Struct(schema) => schema.as_value().clone(),
            Content::Tuple(items) => tuple(items),
        }
    }
}

/// An array of exactly these items.
pub(crate) fn tuple(items: &[Schema]) -> Value {
    if items.is_empty() {
        // `prefixItems` may not be empty.
        return serde_json::json!({"type": "array", "maxItems": 0});
    }
    serde_json::json!({
        "type": "array",
        "prefixItems": items,
        "items": false,
        "minItems": items.len(),
        "maxItems": items.len(),
    })
}

/// Builds an enum's schema variant by variant; used by `#[derive(Model)]`.
pub struct EnumSchema<'g> {
    generator: &'g mut SchemaGenerator,
    tagging: Tagging,
    deny_unknown_fields: bool,
    positional: bool,
    variants: Vec<(VariantSpec, Content)>,
}

impl<'g> EnumSchema<'g> {
    /// An enum with no variants yet. `positional` says serde's derive reads it, so that an
    /// internally tagged enum also reads its positional form (`["Tag", field, ...]`).
    pub fn new(
        generator: &'g mut SchemaGenerator,
        tagging: Tagging,
        deny_unknown_fields: bool,
        positional: bool,
    ) -> Self {
        EnumSchema {
            generator,
            tagging,
            deny_unknown_fields,
            positional,
            variants: Vec::new(),
        }
    }

    /// The generator, for the variants' content schemas.
    pub fn generator(&mut self) -> &mut SchemaGenerator {
        self.generator
    }

    /// Adds a variant.
    pub fn variant(&mut self, spec: &VariantSpec, content: Content) {
        self.variants.push((*spec, content));
    }

    /// The enum's schema.
    #[must_use]
    pub fn finish(self, title: &str, description: &str) -> Schema {
        let mode = mode_of(self.generator);
        let present: Vec<&(VariantSpec, Content)> = self
            .variants
            .iter()
            .filter(|(spec, _)| match mode {
                Mode::Validation => spec.in_input,
                Mode::Serialization => spec.in_output,
            })
            .collect();
        let (tagged, untagged): (Vec<_>, Vec<_>) = present
            .into_iter()
            .partition(|(spec, _)| !spec.untagged || self.tagging == Tagging::Untagged);
        // An internally tagged newtype's struct gets the tag beside its fields: inlined, so that
        // its `additionalProperties: false` (written output, `deny_unknown_fields`) allows it.
        let inlined: Vec<(VariantSpec, Content)> = tagged
            .iter()
            .map(|(spec, content)| match (content, self.tagging) {
                (Content::Newtype(schema), Tagging::Internal(_)) => {
                    let inlined = crate::schema::resolve_ref(self.generator, schema.as_value());
                    let inlined = Schema::try_from(inlined).unwrap_or_else(|_| schema.clone());
                    (*spec, Content::Newtype(inlined))
                }
                _ => (*spec, content.clone()),
            })
            .collect();
        let tagged: Vec<(VariantSpec, &Content)> = inlined.iter().map(|(s, c)| (*s, c)).collect();
        let mut union = match self.tagging {
            Tagging::External => external(&tagged, mode),
            Tagging::Internal(tag) => internal(
                tag,
                &tagged,
                mode,
                self.positional && mode == Mode::Validation,
            ),
            Tagging::Adjacent(tag, content) => adjacent(
                (tag, content),
                &tagged,
                mode,
                (
                    self.deny_unknown_fields,
                    self.positional,
                    !untagged.is_empty(),
                ),
            ),
            Tagging::Untagged => any_of(tagged.iter().map(|(_, c)| untagged_content(c)).collect()),
        };
        if !untagged.is_empty() {
            let mut branches = vec![Value::Object(union)];
            branches.extend(untagged.iter().map(|(_, c)| untagged_content(c)));
            union = any_of(branches);
        }
        let mut out = Map::new();
        out.insert("title".into(), title.into());
        if !description.is_empty() {
            out.insert("description".into(), description.into());
        }
        out.extend(union);
        Schema::from(out)
    }
}

/// The names a variant is read by (or written as).
fn names(spec: &VariantSpec, mode: Mode) -> Vec<Value> {
    match mode {
        Mode::Validation => std::iter::once(spec.name)
            .chain(spec.aliases.iter().copied())
            .map(Value::from)
            .collect(),
        Mode::Serialization => vec![spec.output_name.into()],
    }
}

/// `{"const": x}` for one name, `{"enum": [...]}` for several.
fn one_of_names(names: Vec<Value>) -> Value {
    if names.len() == 1 {
        let mut names = names;
        serde_json::json!({"const": names.remove(0)})
    } else {
        serde_json::json!({"enum": names})
    }
}

/// The names claimed by every variant but `other` ones: what an `other` variant's tag is not.
fn claimed(variants: &[(VariantSpec, &Content)], mode: Mode) -> Vec<Value> {
    variants
        .iter()
        .filter(|(spec, _)| !spec.other)
        .flat_map(|(spec, _)| names(spec, mode))
        .collect()
}

/// The schema a variant's tag value must match. An adjacently tagged enum's tag is read as a
/// variant name, which serde_json also takes in its unit-variant map form `{"Name": null}`.
fn tag_schema(
    spec: &VariantSpec,
    variants: &[(VariantSpec, &Content)],
    mode: Mode,
    map_form: bool,
) -> Value {
    let string = if spec.other && mode == Mode::Validation {
        serde_json::json!({"type": "string", "not": {"enum": claimed(variants, mode)}})
    } else {
        one_of_names(names(spec, mode))
    };
    if !map_form || mode == Mode::Serialization {
        return string;
    }
    let map = if spec.other {
        serde_json::json!({
            "type": "object",
            "minProperties": 1,
            "maxProperties": 1,
            "propertyNames": {"not": {"enum": claimed(variants, mode)}},
            "additionalProperties": {"type": "null"},
        })
    } else {
        let mut properties = Map::new();
        for name in names(spec, mode) {
            if let Value::String(name) = name {
                properties.insert(name, serde_json::json!({"type": "null"}));
            }
        }
        serde_json::json!({
            "type": "object",
            "properties": properties,
            "minProperties": 1,
            "maxProperties": 1,
            "additionalProperties": false,
        })
    };
    serde_json::json!({"anyOf": [string, map]})
}

fn any_of(branches: Vec<Value>) -> Map<String, Value> {
    if branches.is_empty() {
        return one_of(branches);
    }
    let mut out = Map::new();
    out.insert("anyOf".into(), Value::Array(branches));
    out
}

fn one_of(branches: Vec<Value>) -> Map<String, Value> {
    one_of_keeping(branches, false)
}

/// `oneOf` of `branches`; a single branch stands alone unless `keep` (a tagged enum's one
/// variant stays a union, so that a wrong tag is explained as an unknown variant).
fn one_of_keeping(mut branches: Vec<Value>, keep: bool) -> Map<String, Value> {
    if branches.is_empty() {
        // An enum with no variants reads nothing.
        let mut out = Map::new();
        out.insert("not".into(), Value::Object(Map::new()));
        return out;
    }
    if branches.len() == 1 && !keep {
        if let Value::Object(only) = branches.remove(0) {
            return only;
        }
        return Map::new();
    }
    let mut out = Map::new();
    out.insert("oneOf".into(), Value::Array(branches));
    out
}

/// `"Unit"` or `{"Variant": content}`.
fn external(variants: &[(VariantSpec, &Content)], mode: Mode) -> Map<String, Value> {
    let mut branches = Vec::new();
    let units: Vec<Value> = variants
        .iter()
        .filter(|(spec, c)| matches!(c, Content::Unit) && !(spec.other && mode == Mode::Validation))
        .flat_map(|(spec, _)| names(spec, mode))
        .collect();
    let other = mode == Mode::Validation && variants.iter().any(|(spec, _)| spec.other);
    if other {
        // `#[serde(other)]` takes any name no variant claims, as a string or `{"name": null}`;
        // a variant with content named as a string is still an error.
        let with_content: Vec<Value> = variants
            .iter()
            .filter(|(_, c)| !matches!(c, Content::Unit))
            .flat_map(|(spec, _)| names(spec, mode))
            .collect();
        branches.push(serde_json::json!({"type": "string", "not": {"enum": with_content}}));
        branches.push(serde_json::json!({
            "type": "object",
            "minProperties": 1,
            "maxProperties": 1,
            "propertyNames": {"not": {"enum": claimed(variants, mode)}},
            "additionalProperties": {"type": "null"},
        }));
    } else if !units.is_empty() {
        let mut unit = one_of_names(units);
        if let Value::Object(unit) = &mut unit {
            unit.insert("type".into(), "string".into());
        }
        branches.push(unit);
    }
    for (spec, content) in variants {
        // serde_json also reads a unit variant as `{"Unit": null}`; it writes the string.
        if matches!(content, Content::Unit) && mode == Mode::Serialization
            || spec.other && mode == Mode::Validation
        {
            continue;
        }
        let mut properties = Map::new();
        let variant_names = names(spec, mode);
        for name in &variant_names {
            if let Value::String(name) = name {
                properties.insert(name.clone(), content.alone());
            }
        }
        let mut branch = serde_json::json!({
            "type": "object",
            "properties": properties,
            "minProperties": 1,
            "maxProperties": 1,
            "additionalProperties": false,
        });
        if variant_names.len() == 1 {
            branch["required"] = Value::Array(variant_names);
        } else {
            // Read under any of its names: the branch says which, for "expected one of".
            branch["propertyNames"] = serde_json::json!({"enum": variant_names});
        }
        if !spec.description.is_empty() {
            branch["description"] = spec.description.into();
        }
        branches.push(branch);
    }
    one_of(branches)
}

/// An untagged variant's content: serde reads an untagged struct variant from an object only
/// (its derive gives those no positional form).
fn untagged_content(content: &Content) -> Value {
    let mut value = content.alone();
    if let (Content::Struct(_), Value::Object(object)) = (content, &mut value) {
        for key in POSITIONAL {
            object.remove(key);
        }
        object.insert("type".into(), "object".into());
    }
    value
}

/// A newtype's content when the tag sits beside its keys: an enum's branches may not refuse the
/// tag as an unknown key, so their `additionalProperties: false` becomes one
/// `unevaluatedProperties: false` around the union (which sees the keys its branches and the
/// tag evaluate).
pub(crate) fn open_union(mut schema: Value) -> Value {
    let Value::Object(object) = &mut schema else {
        return schema;
    };
    let mut closed = false;
    for key in ["oneOf", "anyOf"] {
        if let Some(Value::Array(branches)) = object.get_mut(key) {
            closed |= open_branches(branches);
        }
    }
    if closed {
        object.insert("unevaluatedProperties".into(), false.into());
    }
    schema
}

/// Lets a union's branches take keys beside their own (a tag, a flattening struct's fields):
/// removes `additionalProperties: false`, and an externally tagged variant's one-key bounds.
/// Whether any branch was closed, so that the caller closes the whole with
/// `unevaluatedProperties`.
pub(crate) fn open_branches(branches: &mut [Value]) -> bool {
    let mut closed = false;
    for branch in branches.iter_mut().filter_map(Value::as_object_mut) {
        if branch.get("additionalProperties") == Some(&Value::Bool(false)) {
            branch.remove("additionalProperties");
            closed = true;
        }
        branch.remove("minProperties");
        branch.remove("maxProperties");
    }
    closed
}

/// Whether `schema` accepts `null` (an `Option`'s content, which serde reads when it is missing).
fn takes_null(schema: &Value) -> bool {
    match schema {
        Value::Bool(b) => *b,
        Value::Object(o) => {
            let typed = |t: &Value| match t {
                Value::String(s) => s == "null",
                Value::Array(ts) => ts.iter().any(|t| t == "null"),
                _ => false,
            };
            o.get("type").is_some_and(typed)
                || o.get("anyOf")
                    .and_then(Value::as_array)
                    .is_some_and(|bs| bs.iter().any(takes_null))
                || (o.is_empty())
        }
        _ => false,
    }
}

/// The keywords of a struct's positional array form (see `ObjectSchema::finish`).
const POSITIONAL: [&str; 4] = ["prefixItems", "items", "minItems", "maxItems"];

/// `{"tag": "Variant", ...fields}`, and with `positional` serde's `["Variant", field, ...]`.
fn internal(
    tag: &str,
    variants: &[(VariantSpec, &Content)],
    mode: Mode,
    positional: bool,
) -> Map<String, Value> {
    // serde ignores other keys beside a unit variant's tag even with `deny_unknown_fields`; a
    // struct variant's own schema already carries the setting.
    let branches = variants
        .iter()
        .map(|(spec, content)| {
            let tag_value = tag_schema(spec, variants, mode, false);
            let mut branch = match content {
                // Fields and any other keys are the struct's business (or ignored for a unit).
                Content::Struct(schema) | Content::Newtype(schema) => match schema.as_value() {
                    // A newtype of `serde_json::Value` (or anything): the rest of the map.
                    Value::Bool(true) => serde_json::json!({}),
                    other => open_union(other.clone()),
                },
                Content::Unit => serde_json::json!({"type": "object"}),
                // serde refuses tuple variants in internally tagged enums at compile time.
                Content::Tuple(items) => tuple(items),
            };
            if let Value::Object(object) = &mut branch {
                if object.contains_key("$ref") {
                    // A newtype's struct: its own keywords apply, the tag sits beside them.
                    let inner = std::mem::take(object);
                    object.insert("allOf".into(), Value::Array(vec![Value::Object(inner)]));
                }
                // The content's own positional form, after the tag in serde's sequence form.
                let mut sequence: Vec<Option<Value>> =
                    POSITIONAL.iter().map(|k| object.remove(*k)).collect();
                object.insert("type".into(), "object".into());
                if positional {
                    let items = match (content, &mut sequence[0]) {
                        (_, Some(Value::Array(fields))) => {
                            let mut items = vec![tag_value.clone()];
                            items.append(fields);
                            Some(items)
                        }
                        // A unit variant reads `["Tag"]`.
                        (Content::Unit, _) => {
                            sequence[1] = Some(false.into());
                            sequence[2] = Some(0.into());
                            sequence[3] = Some(0.into());
                            Some(vec![tag_value.clone()])
                        }
                        _ => None,
                    };
                    if let Some(items) = items {
                        let bump =
                            |v: &Option<Value>| v.as_ref().and_then(Value::as_u64).map(|n| n + 1);
                        object.insert("type".into(), serde_json::json!(["object", "array"]));
                        object.insert("prefixItems".into(), Value::Array(items));
                        if let Some(rest) = sequence[1].take() {
                            object.insert("items".into(), rest);
                        }
                        if let Some(n) = bump(&sequence[2]) {
                            object.insert("minItems".into(), n.into());
                        }
                        if let Some(n) = bump(&sequence[3]) {
                            object.insert("maxItems".into(), n.into());
                        }
                    }
                }
                if let Some(Value::Array(order)) = object.get_mut(crate::schema_order::ORDER_KEY) {
                    order.insert(0, tag.into());
                }
                let properties = object
                    .entry("properties")
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(properties) = properties {
                    let mut fields = std::mem::take(properties);
                    properties.insert(tag.into(), tag_value);
                    properties.append(&mut fields);
                }
                let required = object
                    .entry("required")
                    .or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(required) = required {
                    required.insert(0, tag.into());
                }
                if !spec.description.is_empty() && !object.contains_key("description") {
                    object.insert("description".into(), spec.description.into());
                }
            }
            branch
        })
        .collect();
    one_of_keeping(branches, true)
}

/// `{"tag": "Variant", "content": content}`.
fn adjacent(
    (tag, content_key): (&str, &str),
    variants: &[(VariantSpec, &Content)],
    mode: Mode,
    (deny_unknown_fields, positional, buffered): (bool, bool, bool),
) -> Map<String, Value> {
    let branches = variants
        .iter()
        .enumerate()
        .map(|(index, (spec, content))| {
            let mut properties = Map::new();
            properties.insert(tag.into(), tag_schema(spec, variants, mode, true));
            let mut required = vec![Value::from(tag)];
            // serde reads an adjacently tagged struct variant's content from an object only.
            let alone = untagged_content(content);
            // A unit variant's content (and an `Option`'s) may be left out, or be `null`; a unit
            // variant's is never written.
            if matches!(content, Content::Unit) {
                if mode == Mode::Validation {
                    properties.insert(content_key.into(), alone.clone());
                }
            } else {
                if mode == Mode::Serialization || !takes_null(&alone) {
                    required.push(content_key.into());
                }
                properties.insert(content_key.into(), alone.clone());
            }
            let mut branch = serde_json::json!({
                "type": "object",
                "properties": properties,
                "required": required,
            });
            if deny_unknown_fields || mode == Mode::Serialization {
                branch["additionalProperties"] = false.into();
            }
            if positional && mode == Mode::Validation {
                // serde's sequence form: `["Tag", content]` (a unit variant's content `null`);
                // there the tag is a name, and when serde buffers the enum (it has untagged
                // variants) also the variant's index.
                let name = if buffered {
                    serde_json::json!({"anyOf": [
                        tag_schema(spec, variants, mode, false),
                        {"const": index},
                    ]})
                } else {
                    tag_schema(spec, variants, mode, false)
                };
                branch["type"] = serde_json::json!(["object", "array"]);
                branch["prefixItems"] = serde_json::json!([name, alone]);
                branch["items"] = false.into();
                branch["minItems"] = 2.into();
                branch["maxItems"] = 2.into();
            }
            if !spec.description.is_empty() {
                branch["description"] = spec.description.into();
            }
            branch
        })
        .collect();
    one_of_keeping(branches, true)
}

/// A unit struct: `null`.
#[must_use]
pub fn unit_struct(title: &str, description: &str) -> Schema {
    let mut schema = json_schema!({"title": title, "type": "null"});
    if !description.is_empty() {
        schema.insert("description".into(), description.into());
    }
    schema
}

/// A tuple struct: an array of exactly its fields.
#[must_use]
pub fn tuple_struct(title: &str, description: &str, items: &[Schema]) -> Schema {
    let mut out = Map::new();
    out.insert("title".into(), title.into());
    if !description.is_empty() {
        out.insert("description".into(), description.into());
    }
    if let Value::Object(body) = tuple(items) {
        out.extend(body);
    }
    Schema::from(out)
}

/// A newtype or transparent struct: its one field's schema, titled (a `$ref` is wrapped so that
/// the title does not hide the referenced definition's own).
#[must_use]
pub fn newtype_struct(title: &str, description: &str, inner: Schema) -> Schema {
    let mut out = Map::new();
    out.insert("title".into(), title.into());
    if !description.is_empty() {
        out.insert("description".into(), description.into());
    }
    match inner.to_value() {
        Value::Object(body) => {
            for (key, value) in body {
                if key != "title" && !(key == "description" && out.contains_key("description")) {
                    out.insert(key, value);
                }
            }
        }
        // `true`: anything; `false`: nothing.
        Value::Bool(false) => {
            out.insert("not".into(), Value::Object(Map::new()));
        }
        _ => {}
    }
    Schema::from(out)
}
