//! Building JSON Schema documents: schemars' generator in the right contract, then the
//! document-level keys (`$schema`, `$id`, title) in a fixed order so output is byte-stable.

use schemars::generate::{Contract, SchemaSettings};
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde_json::{Map, Value};

use crate::mode::{mode_of, Mode};

/// The `$id` base used when a registry sets none.
pub const DEFAULT_ID_BASE: &str = "urn:tracer-schema:";

/// The JSON Schema dialect every document declares.
pub const DRAFT_2020_12: &str = "https://json-schema.org/draft/2020-12/schema";

/// A schemars generator for `mode`: pydantic's validation mode is schemars' deserialize
/// contract, its serialization mode the serialize contract.
#[must_use]
pub fn generator(mode: Mode) -> SchemaGenerator {
    SchemaSettings::draft2020_12()
        .with(|s| {
            s.contract = match mode {
                Mode::Validation => Contract::Deserialize,
                Mode::Serialization => Contract::Serialize,
            };
        })
        .with_transform(schemars::transform::RecursiveTransform(
            drop_nonstandard_format,
        ))
        .into_generator()
}

/// The `format` values JSON Schema 2020-12 defines; schemars adds others (`int64`, `double`,
/// `uint8`) that strict validators such as ajv refuse.
const STANDARD_FORMATS: &[&str] = &[
    "date-time",
    "date",
    "time",
    "duration",
    "email",
    "idn-email",
    "hostname",
    "idn-hostname",
    "ipv4",
    "ipv6",
    "uri",
    "uri-reference",
    "iri",
    "iri-reference",
    "uuid",
    "uri-template",
    "json-pointer",
    "relative-json-pointer",
    "regex",
];

fn drop_nonstandard_format(schema: &mut Schema) {
    let nonstandard = schema
        .get("format")
        .and_then(Value::as_str)
        .is_some_and(|f| !STANDARD_FORMATS.contains(&f));
    if nonstandard {
        schema.remove("format");
    }
}

/// The complete schema document of `T`, called `name`, in `mode`.
pub(crate) fn document<T: JsonSchema>(name: &str, mode: Mode, id_base: Option<&str>) -> Value {
    let schema = generator(mode).into_root_schema_for::<T>();
    let mut body = match schema.to_value() {
        Value::Object(map) => map,
        other => return other,
    };
    let mut doc = Map::new();
    doc.insert("$schema".into(), DRAFT_2020_12.into());
    let id = format!(
        "{}{}",
        id_base.unwrap_or(DEFAULT_ID_BASE),
        mode.file_name(name)
    );
    doc.insert("$id".into(), id.into());
    body.remove("$schema");
    for key in [
        "title",
        "description",
        "type",
        "properties",
        "required",
        "additionalProperties",
    ] {
        if let Some(v) = body.remove(key) {
            doc.insert(key.into(), v);
        }
    }
    let defs = body.remove("$defs");
    doc.extend(body);
    if let Some(Value::Object(mut defs)) = defs {
        defs.sort_keys();
        doc.insert("$defs".into(), Value::Object(defs));
    }
    Value::Object(doc)
}

/// A schema keyword and a function producing its value (a `const` cannot hold a `Value`).
pub type Keyword = (&'static str, fn() -> Value);

/// One field as the derive describes it to [`ObjectSchema::field`].
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    /// The key read from input (after serde renames).
    pub name: &'static str,
    /// Other keys read from input (`#[serde(alias)]`).
    pub aliases: &'static [&'static str],
    /// The key written to output (after serde renames).
    pub output_name: &'static str,
    /// The Rust field name, from which pydantic-style titles are made.
    pub rust_name: &'static str,
    /// The title, when given; otherwise pydantic's title for the name ("Start Time").
    pub title: Option<&'static str>,
    /// Its doc comment.
    pub description: &'static str,
    /// Whether the field is read from input (not `skip_deserializing`).
    pub in_input: bool,
    /// Whether the field is written (not `skip_serializing`).
    pub in_output: bool,
    /// Whether a document must contain the key to be accepted.
    pub required_in_input: bool,
    /// Whether every written document contains the key.
    pub always_written: bool,
    /// The constant default, for the schema's `default` (none for factory defaults).
    pub default: Option<fn() -> Value>,
    /// Extra keywords (`minimum`, `maxLength`, …) with their values.
    pub keywords: &'static [Keyword],
    /// Keywords for each item of a list (`#[model(items(...))]`).
    pub item_keywords: &'static [Keyword],
    /// Whether serde fills the field in when a positional array (serde's other form of a
    /// struct) ends before it: only a `#[serde(default)]` on the field or the struct does.
    pub seq_default: bool,
}

/// Whether a value read (`in_input`) or written (`in_output`) belongs in `generator`'s mode.
#[doc(hidden)]
#[must_use]
pub fn present(generator: &SchemaGenerator, in_input: bool, in_output: bool) -> bool {
    match mode_of(generator) {
        Mode::Validation => in_input,
        Mode::Serialization => in_output,
    }
}

/// Adds `keywords` to `schema`, and `item_keywords` to its items (merged into an `items`
/// schema it has, else beside it: `items` only constrains arrays, so an `Option`'s `null` and
/// a `$ref` are unaffected).
#[doc(hidden)]
pub fn constrain(schema: &mut Schema, keywords: &[Keyword], item_keywords: &[Keyword]) {
    if keywords.is_empty() && item_keywords.is_empty() {
        return;
    }
    // An `Option` written as `anyOf: [T, null]`: the constraints belong to `T` (strict
    // validators such as ajv refuse `maxItems` beside an `anyOf` with no `type`).
    if let Some(Value::Array(branches)) = schema.get_mut("anyOf") {
        if let Some(inner) = non_null_index(branches).map(|i| &mut branches[i]) {
            if let Ok(mut inner_schema) = Schema::try_from(std::mem::take(inner)) {
                constrain(&mut inner_schema, keywords, item_keywords);
                *inner = inner_schema.to_value();
                return;
            }
        }
    }
    let obj = schema.ensure_object();
    for (keyword, value) in keywords {
        obj.insert((*keyword).into(), value());
    }
    if item_keywords.is_empty() {
        return;
    }
    let items = obj
        .entry("items")
        .or_insert_with(|| Value::Object(Map::new()));
    if *items == Value::Bool(true) {
        *items = Value::Object(Map::new());
    }
    if let Value::Object(items) = items {
        for (keyword, value) in item_keywords {
            items.insert((*keyword).into(), value());
        }
    }
}

/// Accumulates a struct's properties in declaration order; used by `#[derive(Model)]`.
pub struct ObjectSchema<'g> {
    generator: &'g mut SchemaGenerator,
    properties: Map<String, Value>,
    required: Vec<Value>,
    /// Keys required under one of several names (a field with aliases).
    required_one_of: Vec<Vec<Value>>,
    /// Property names in declaration order (the map itself is sorted).
    order: Vec<Value>,
    /// A flattened map's value schema: what any other key must hold.
    other_keys: Option<Value>,
    /// The fields serde reads from a positional array, in order, each with whether a default
    /// fills it in when the array ends before it.
    sequence: Vec<(Value, bool)>,
    /// Whether a field was flattened (serde then reads only the object form).
    flattened: bool,
    /// Names that are one field (a name and its aliases): giving two is serde's duplicate field.
    exclusive: Vec<Vec<Value>>,
    /// Schemas every document must also match: a flattened enum, a flattened struct's own
    /// `allOf` (its fields read under aliases).
    all_of: Vec<Value>,
    /// Whether a flattened enum's keys count as known (`unevaluatedProperties`, which sees
    /// into its branches) instead of `additionalProperties`, which would not.
    unevaluated: bool,
}

impl<'g> ObjectSchema<'g> {
    /// An object with no properties yet.
    pub fn new(generator: &'g mut SchemaGenerator) -> Self {
        ObjectSchema {
            generator,
            properties: Map::new(),
            required: Vec::new(),
            required_one_of: Vec::new(),
            order: Vec::new(),
            other_keys: None,
            sequence: Vec::new(),
            flattened: false,
            exclusive: Vec::new(),
            all_of: Vec::new(),
            unevaluated: false,
        }
    }

    /// The generator, for the fields' schemas.
    pub fn generator(&mut self) -> &mut SchemaGenerator {
        self.generator
    }

    /// Adds the field `spec` whose schema `schema` makes.
    pub fn field(&mut self, spec: &FieldSpec, schema: impl FnOnce(&mut SchemaGenerator) -> Schema) {
        let mode = mode_of(self.generator);
        let present = match mode {
            Mode::Validation => spec.in_input,
            Mode::Serialization => spec.in_output,
        };
        if !present {
            return;
        }
        let mut schema = schema(self.generator);
        constrain(&mut schema, spec.keywords, spec.item_keywords);
        let obj = schema.ensure_object();
        let required = match mode {
            Mode::Validation => spec.required_in_input,
            Mode::Serialization => spec.always_written,
        };
        if let (Some(default), Mode::Validation) = (spec.default, mode) {
            obj.insert("default".into(), default());
        }
        if !spec.description.is_empty() {
            obj.insert("description".into(), spec.description.into());
        }
        let title = spec
            .title
            .map_or_else(|| field_title(spec.rust_name), str::to_owned);
        obj.insert("title".into(), title.into());
        let key = match mode {
            Mode::Validation => spec.name,
            Mode::Serialization => spec.output_name,
        };
        let aliases = match mode {
            Mode::Validation => spec.aliases,
            Mode::Serialization => &[],
        };
        if required && aliases.is_empty() {
            self.required.push(key.into());
        } else if required {
            let names = std::iter::once(key).chain(aliases.iter().copied());
            self.required_one_of.push(names.map(Value::from).collect());
        }
        let value = schema.to_value();
        if mode == Mode::Validation {
            self.sequence.push((value.clone(), spec.seq_default));
            if !aliases.is_empty() {
                let names = std::iter::once(key).chain(aliases.iter().copied());
                self.exclusive.push(names.map(Value::from).collect());
            }
        }
        for alias in aliases {
            self.order.push((*alias).into());
            self.properties.insert((*alias).into(), value.clone());
        }
        self.order
            .insert(self.order.len() - aliases.len(), key.into());
        self.properties.insert(key.into(), value);
    }

    /// Adds a `#[serde(flatten)]`ed field whose schema `schema` makes: a struct's properties
    /// (in its order), or a map's value schema for every other key.
    pub fn flatten(&mut self, schema: impl FnOnce(&mut SchemaGenerator) -> Schema) {
        self.flattened = true;
        let before: std::collections::HashSet<String> =
            self.generator.definitions().keys().cloned().collect();
        let schema = schema(self.generator);
        let inner = resolve_ref(self.generator, schema.as_value());
        // The struct's properties are copied in: a definition made only for this is not kept.
        if let Some(name) = ref_name(schema.as_value()) {
            if !before.contains(name) {
                self.generator.definitions_mut().remove(name);
            }
        }
        if let Some(Value::Object(props)) = inner.get("properties") {
            self.properties.extend(props.clone());
            let recorded = inner
                .as_object()
                .map(crate::schema_order::recorded)
                .unwrap_or_default();
            if recorded.is_empty() {
                self.order.extend(props.keys().cloned().map(Value::from));
            } else {
                self.order.extend(recorded.into_iter().map(Value::from));
            }
        }
        if let Some(Value::Array(required)) = inner.get("required") {
            self.required.extend(required.iter().cloned());
        }
        if let Some(Value::Array(all)) = inner.get("allOf") {
            self.all_of.extend(all.iter().cloned());
        }
        if let Some(present) = optional_branch(&inner) {
            // A flattened `Option<T>`: serde reads `None` whenever `T` cannot be read, so any
            // keys are accepted; `Some` writes `T`'s keys, none of them always.
            if mode_of(self.generator) == Mode::Serialization {
                let present = resolve_ref(self.generator, &present);
                if let Some(Value::Object(props)) = present.get("properties") {
                    self.properties.extend(props.clone());
                    self.order.extend(props.keys().cloned().map(Value::from));
                }
            }
            return;
        }
        if let Some(union) = ["oneOf", "anyOf"].iter().find_map(|k| inner.get(*k)) {
            // A flattened enum: its keys sit beside ours, so no branch may refuse the others.
            let mut union = union.clone();
            if let Value::Array(branches) = &mut union {
                crate::enum_schema::open_branches(branches);
            }
            let key = if inner.get("oneOf").is_some() {
                "oneOf"
            } else {
                "anyOf"
            };
            let mut wrapper = Map::new();
            wrapper.insert(key.into(), union);
            self.all_of.push(Value::Object(wrapper));
            self.unevaluated = true;
        }
        if let Some(values) = inner.get("additionalProperties") {
            if *values != Value::Bool(false) {
                self.other_keys = Some(values.clone());
            }
        } else if inner.get("type") == Some(&Value::from("object"))
            && inner.get("properties").is_none()
        {
            // A map of anything (`serde_json::Map`, a `HashMap` of `Value`s).
            self.other_keys = Some(Value::Bool(true));
        }
    }

    /// A struct's `#[serde(tag = "...")]`: serde writes the tag (the struct's name) first and
    /// reads it as any other unknown key, so only the written side changes.
    pub fn struct_tag(&mut self, tag: &'static str, name: &'static str) {
        if mode_of(self.generator) == Mode::Serialization {
            self.properties
                .insert(tag.into(), serde_json::json!({"const": name}));
            self.required.insert(0, tag.into());
            self.order.insert(0, tag.into());
        }
    }

    /// The object schema; unknown keys are refused in serialization mode (the model writes only
    /// its own) and in validation mode only with `deny_unknown_fields`. A flattened map takes
    /// every other key in both modes.
    ///
    /// With `positional`, the validation schema also takes serde's positional form of a struct
    /// whose fields read all have to be given: an array of exactly those fields, in order. The derive passes `false` for a struct whose `Deserialize` is not serde's
    /// derive (`#[serde(remote = "Self")]` with a hand-written impl), and serde has no such
    /// form once a field is flattened.
    #[must_use]
    pub fn finish(
        self,
        title: &str,
        description: &str,
        deny_unknown_fields: bool,
        positional: bool,
    ) -> Schema {
        let mode = mode_of(self.generator);
        // Only a form of fixed length is described: with defaults the array may stop early,
        // and a tuple of varying length is what strict validators (ajv's `strictTuples`) refuse
        // as a likely mistake; that case stays a documented deviation.
        let positional = positional
            && mode == Mode::Validation
            && !self.flattened
            && self.sequence.iter().all(|(_, defaulted)| !defaulted);
        let mut obj = Map::new();
        obj.insert("title".into(), title.into());
        if !description.is_empty() {
            obj.insert("description".into(), description.into());
        }
        if positional {
            obj.insert("type".into(), serde_json::json!(["object", "array"]));
        } else {
            obj.insert("type".into(), "object".into());
        }
        obj.insert("properties".into(), Value::Object(self.properties));
        obj.insert("required".into(), Value::Array(self.required));
        obj.insert(
            crate::schema_order::ORDER_KEY.into(),
            Value::Array(self.order),
        );
        if let Some(values) = self.other_keys {
            obj.insert("additionalProperties".into(), values);
        } else if (deny_unknown_fields || mode == Mode::Serialization) && self.unevaluated {
            obj.insert("unevaluatedProperties".into(), false.into());
        } else if deny_unknown_fields || mode == Mode::Serialization {
            obj.insert("additionalProperties".into(), false.into());
        }
        let mut all: Vec<Value> = self.all_of;
        all.extend(self.required_one_of.into_iter().map(|names| {
            // Each branch names its property, so strict validators (ajv) know the key.
            let any: Vec<Value> = names
                .into_iter()
                .map(|n| {
                    let mut properties = Map::new();
                    if let Value::String(name) = &n {
                        properties.insert(name.clone(), Value::Bool(true));
                    }
                    serde_json::json!({"properties": properties, "required": [n]})
                })
                .collect();
            serde_json::json!({"anyOf": any})
        }));
        for names in self.exclusive {
            // serde refuses a field given twice, under its name and an alias, or two aliases.
            for (i, first) in names.iter().enumerate() {
                for second in &names[i + 1..] {
                    let mut properties = Map::new();
                    for name in [first, second] {
                        if let Value::String(name) = name {
                            properties.insert(name.clone(), Value::Bool(true));
                        }
                    }
                    all.push(serde_json::json!({"not": {
                        "type": "object",
                        "properties": properties,
                        "required": [first, second],
                    }}));
                }
            }
        }
        if !all.is_empty() {
            obj.insert("allOf".into(), Value::Array(all));
        }
        if positional {
            let fields = self.sequence.len();
            let items: Vec<Value> = self.sequence.into_iter().map(|(s, _)| s).collect();
            // `prefixItems` may not be empty: a struct of no fields reads `[]`.
            if !items.is_empty() {
                obj.insert("prefixItems".into(), Value::Array(items));
                obj.insert("items".into(), false.into());
                obj.insert("minItems".into(), fields.into());
            }
            obj.insert("maxItems".into(), fields.into());
        }
        Schema::from(obj)
    }
}

/// The definition name a local `$ref` (`#/$defs/Name`) points at.
pub(crate) fn ref_name(schema: &Value) -> Option<&str> {
    schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.rsplit_once('/'))
        .map(|(_, name)| name)
}

/// `schema` with a local `$ref` replaced by the definition in `generator` it names.
pub(crate) fn resolve_ref(generator: &SchemaGenerator, schema: &Value) -> Value {
    ref_name(schema)
        .and_then(|name| generator.definitions().get(name))
        .map_or_else(|| schema.clone(), Clone::clone)
}

/// Where `T` is among an `Option`'s two `anyOf` branches, `[T, null]` or `[null, T]`.
fn non_null_index(branches: &[Value]) -> Option<usize> {
    let is_null = |b: &Value| b.get("type") == Some(&Value::from("null"));
    match branches {
        [a, b] if is_null(b) && !is_null(a) => Some(0),
        [a, b] if is_null(a) && !is_null(b) => Some(1),
        _ => None,
    }
}

/// The non-null branch of an `Option`'s `anyOf: [T, null]`.
fn optional_branch(schema: &Value) -> Option<Value> {
    let branches = schema.get("anyOf")?.as_array()?;
    non_null_index(branches).map(|i| branches[i].clone())
}

/// The JSON value of `T::default()`, for a field's schema `default`.
#[must_use]
pub fn default_value<T: Default + serde::Serialize>() -> Value {
    serde_json::to_value(T::default()).unwrap_or(Value::Null)
}

/// pydantic's default field title: words split on `_`, each capitalised as Python's
/// `str.title()` does (`latency_p50` is `Latency P50`).
#[must_use]
pub fn field_title(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut start_of_word = true;
    for c in name.replace('_', " ").chars() {
        if c.is_alphabetic() {
            if start_of_word {
                out.extend(c.to_uppercase());
            } else {
                out.extend(c.to_lowercase());
            }
            start_of_word = false;
        } else {
            out.push(c);
            start_of_word = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::field_title;

    // pydantic's titles for these names, read from TracerSessionResult.model_json_schema().
    #[test]
    fn titles_like_pydantic() {
        assert_eq!(field_title("start_time"), "Start Time");
        assert_eq!(field_title("latency_p50"), "Latency P50");
        assert_eq!(field_title("id"), "Id");
    }
}
