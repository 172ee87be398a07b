//! Validation with located errors: text -> JSON -> schema -> typed value, every error with its
//! JSON pointer (serde names), line and column.

use std::fmt;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{JsonType, ValidationError};
use serde_json::Value;

use crate::check_only::{Plan, Reduced};
use crate::locate::{escape_token, locate, locate_all, positions, Position};
use crate::mode::Mode;
use crate::wire::json_text::{as_the_sdk_reads, spell_infinities, unspelled, Unreadable};

/// One problem in a document.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldError {
    /// RFC 6901 pointer to the offending value (or to a missing or unexpected key).
    pub pointer: String,
    /// 1-based line of the offending value in the source text.
    pub line: usize,
    /// 1-based column (in characters) of the offending value.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// What kind of check failed: a JSON Schema keyword, or a stage before the schema.
    pub keyword: ErrorKind,
}

/// What kind of check an error comes from; written as its name (`syntax`, `required`, ...).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The text is not JSON (or breaks a limit of the SDK's parser).
    Syntax,
    /// The record is larger than the reader's size limit, so it was not checked.
    Limit,
    /// The input could not be read.
    Io,
    /// The typed model refused the value.
    Deserialize,
    /// The value read could not be written back.
    Serialize,
    /// A JSON Schema keyword (`type`, `required`, `pattern`, ...).
    Schema(String),
}

impl ErrorKind {
    /// The name used in reports: `syntax`, `limit`, `io`, `deserialize`, `serialize` or the
    /// keyword.
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            ErrorKind::Syntax => "syntax",
            ErrorKind::Limit => "limit",
            ErrorKind::Io => "io",
            ErrorKind::Deserialize => "deserialize",
            ErrorKind::Serialize => "serialize",
            ErrorKind::Schema(keyword) => keyword,
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for ErrorKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl PartialEq<&str> for ErrorKind {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pointer = if self.pointer.is_empty() {
            "(document)"
        } else {
            &self.pointer
        };
        write!(
            f,
            "{}:{}: {pointer}: {}",
            self.line, self.column, self.message
        )
    }
}

/// Every error found in a document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct FromJsonError {
    /// The errors, in document order.
    pub errors: Vec<FieldError>,
}

impl fmt::Display for FromJsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.errors.len();
        write!(f, "{n} validation error{}", if n == 1 { "" } else { "s" })?;
        for e in &self.errors {
            write!(f, "\n  {e}")?;
        }
        Ok(())
    }
}

/// The one set of options every generated schema is compiled with: by `from_json`, by the
/// engine and by `gen-schema`'s own check, so a schema that renders also runs.
pub(crate) fn options() -> jsonschema::ValidationOptions<'static> {
    // The linear-time `regex` engine: generated patterns use no look-around or back-references
    // (the derive refuses them at the attribute), and it is faster than the backtracking one.
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .with_pattern_options(jsonschema::PatternOptions::regex())
}

/// Compiles a generated schema; the error says why it cannot run.
pub(crate) fn compile(schema: &Value) -> Result<jsonschema::Validator, String> {
    // Evaluated with tagged unions as conditionals: linear where `oneOf` is exponential.
    let mut schema = schema.clone();
    crate::discriminator::rewrite(&mut schema);
    options()
        .build(&schema)
        .map_err(|e| format!("the model's schema does not compile: {e}"))
}

/// An error for a model whose schema does not compile (a hand-written `JsonSchema` impl).
#[doc(hidden)]
#[must_use]
pub fn uncompilable(message: &str) -> FieldError {
    FieldError {
        pointer: String::new(),
        line: 1,
        column: 1,
        message: message.to_owned(),
        keyword: ErrorKind::Schema("$schema".into()),
    }
}

/// A syntax error from serde_json, located.
#[doc(hidden)]
#[must_use]
pub fn syntax_error(text: &str, e: &serde_json::Error) -> FieldError {
    let position = line_column_to_position(text, e.line(), e.column());
    FieldError {
        pointer: String::new(),
        line: position.line,
        column: position.column,
        message: strip_location(&e.to_string()),
        keyword: ErrorKind::Syntax,
    }
}

/// serde_json's column counts bytes; ours counts characters.
fn line_column_to_position(text: &str, line: usize, byte_column: usize) -> Position {
    Position::at(
        text,
        crate::locate::line_start(text, line) + byte_column.saturating_sub(1),
    )
}

fn strip_location(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

fn is_null_type_error(e: &ValidationError<'_>) -> bool {
    matches!(
        e.kind(),
        ValidationErrorKind::Type {
            kind: TypeKind::Single(JsonType::Null)
        }
    )
}

/// An error to show: a validator error, or one written in user terms for a union whose
/// branches were eliminated (an unknown variant, a missing tag).
enum Shown<'a> {
    /// As the validator reported it.
    Error(&'a ValidationError<'a>),
    /// Our own: (pointer, where to locate it, message, keyword).
    Made(String, String, String, &'static str),
}

/// The errors worth showing for `e`. A failed union (`anyOf`, `oneOf`: an `Option`, an enum,
/// a field read under aliases) is explained by the branch the value was meant for, chosen the
/// way serde chooses: by the variant's tag or name; when no branch claims the value the error
/// says so in serde's terms ("unknown variant", "missing tag") rather than the keyword's.
fn explain<'a>(e: &'a ValidationError<'a>, out: &mut Vec<Shown<'a>>) {
    let (ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context }) =
        e.kind()
    else {
        out.push(Shown::Error(e));
        return;
    };
    // An `Option`: the value was not `null`, so the other branch explains it.
    let mut not_null = context
        .iter()
        .filter(|branch| !branch.iter().all(is_null_type_error));
    if let (Some(only), None, true) = (not_null.next(), not_null.next(), context.len() > 1) {
        if !only.is_empty() {
            for inner in only {
                explain(inner, out);
            }
            return;
        }
    }
    let base = e.schema_path().as_str();
    let here = e.instance_path().as_str();
    // The tag key: one whose `const`/`enum`/`not` in a branch's `properties` failed, or, when
    // the document lacks it, the one key every branch misses.
    let tag = context
        .iter()
        .flatten()
        .find_map(|inner| {
            let rest = branch_rest(base, inner)?;
            let mut parts = rest.split('/');
            match (parts.next(), parts.next(), parts.next(), parts.next()) {
                (Some("properties"), Some(key), Some("const" | "enum" | "not" | "anyOf"), None)
                    if inner.instance_path().as_str() == format!("{here}/{key}") =>
                {
                    Some(unescape_token(key))
                }
                _ => None,
            }
        })
        .or_else(|| common_missing(base, here, context));
    let mismatch = |inner: &ValidationError<'_>| -> bool {
        let Some(rest) = branch_rest(base, inner) else {
            return false;
        };
        let at_union = inner.instance_path().as_str() == here;
        match rest.as_str() {
            // A tagged branch whose tag matched owns its other keys' errors.
            "additionalProperties" | "minProperties" | "maxProperties" if tag.is_some() => false,
            "type"
            | "const"
            | "enum"
            | "additionalProperties"
            | "minProperties"
            | "maxProperties"
            | "not"
            | "minItems"
            | "maxItems"
            | "false" => at_union,
            "required" => {
                at_union
                    && match (&tag, inner.kind()) {
                        (Some(tag), ValidationErrorKind::Required { property }) => {
                            property.as_str() == Some(tag.as_str())
                        }
                        _ => true,
                    }
            }
            _ => tag.as_ref().is_some_and(|tag| {
                inner.instance_path().as_str() == format!("{here}/{}", escape_token(tag))
                    && rest
                        .strip_prefix("properties/")
                        .and_then(|r| r.split('/').next())
                        .is_some_and(|key| unescape_token(key) == *tag)
            }),
        }
    };
    let selected: Vec<&Vec<ValidationError<'static>>> = context
        .iter()
        .filter(|branch| !branch.is_empty() && !branch.iter().any(&mismatch))
        .collect();
    if let [only] = selected.as_slice() {
        for inner in *only {
            explain(inner, out);
        }
        return;
    }
    if selected.len() > 1 {
        // Several branches could take the value (an untagged enum): the closest one explains.
        if let Some(best) = selected.iter().min_by_key(|b| b.len()) {
            for inner in *best {
                explain(inner, out);
            }
            return;
        }
    }
    out.push(unclaimed(e, context, base, tag.as_deref()));
}

/// The key every branch of a union reports missing (an internally or adjacently tagged enum's
/// tag, when the document has none); `None` for one branch or none in common.
fn common_missing(
    base: &str,
    here: &str,
    context: &[Vec<ValidationError<'static>>],
) -> Option<String> {
    // One branch: only the tag selector of a one-variant tagged enum, which the evaluated form
    // puts under `allOf` (an untagged enum's one variant is not a tag).
    let selector = base.rsplit('/').nth(2) == Some("allOf");
    if context.len() < 2 && !(context.len() == 1 && selector) {
        return None;
    }
    let missing = |branch: &Vec<ValidationError<'static>>| -> Vec<String> {
        branch
            .iter()
            .filter(|inner| {
                inner.instance_path().as_str() == here
                    && branch_rest(base, inner).as_deref() == Some("required")
            })
            .filter_map(|inner| match inner.kind() {
                ValidationErrorKind::Required { property } => property.as_str().map(str::to_owned),
                _ => None,
            })
            .collect()
    };
    let first = missing(&context[0]);
    first
        .into_iter()
        .find(|key| context[1..].iter().all(|b| missing(b).contains(key)))
}

/// The rest of `inner`'s schema path after the union at `base` and its branch index.
fn branch_rest(base: &str, inner: &ValidationError<'_>) -> Option<String> {
    let path = inner.schema_path().as_str();
    let rest = path.strip_prefix(base)?.strip_prefix('/')?;
    let (_, rest) = rest.split_once('/')?;
    Some(rest.to_owned())
}

fn unescape_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// The error for a union no branch claims, in serde's terms.
fn unclaimed<'a>(
    e: &'a ValidationError<'a>,
    context: &[Vec<ValidationError<'static>>],
    base: &str,
    tag: Option<&str>,
) -> Shown<'a> {
    let here = e.instance_path().as_str().to_owned();
    let instance = e.instance();
    let at_branch = |inner: &ValidationError<'static>| {
        branch_rest(base, inner).is_some() && inner.instance_path().as_str() == here
    };
    let all: Vec<&ValidationError<'static>> = context.iter().flatten().collect();
    // A key read under several names (aliases): every branch is one missing name.
    let required: Vec<String> = all
        .iter()
        .filter(|inner| at_branch(inner))
        .filter_map(|inner| match inner.kind() {
            ValidationErrorKind::Required { property } => property.as_str().map(str::to_owned),
            _ => None,
        })
        .collect();
    // The derive's rule for a field read under aliases sits in an `allOf`, one name a branch.
    let alias_rule = base
        .rsplit('/')
        .nth(2)
        .is_some_and(|segment| segment == "allOf")
        && base.ends_with("/anyOf");
    let mut distinct = required.clone();
    distinct.dedup();
    if alias_rule
        && distinct.len() > 1
        && context.iter().all(|b| {
            b.len() == 1
                && matches!(b[0].kind(), ValidationErrorKind::Required { .. })
                && at_branch(&b[0])
        })
    {
        let (name, aliases) = required.split_at(1);
        let aliases: Vec<String> = aliases.iter().map(|a| format!("`{a}`")).collect();
        let pointer = format!("{here}/{}", escape_token(&name[0]));
        let message = format!(
            "missing field `{}` (also read as {})",
            name[0],
            aliases.join(", ")
        );
        return Shown::Made(pointer, here, message, "required");
    }
    let mut names: Vec<String> = Vec::new();
    let mut add = |value: &Value| {
        if let Value::String(s) = value {
            if !names.contains(s) {
                names.push(s.clone());
            }
        }
    };
    if let Some(tag) = tag {
        let pointer = format!("{here}/{}", escape_token(tag));
        let Some(value) = instance.get(tag) else {
            let message = format!("missing tag `{tag}`");
            return Shown::Made(pointer, here, message, "required");
        };
        names_in(&all, &mut add);
        let message = unknown_variant(value, &names);
        return Shown::Made(pointer.clone(), pointer, message, "oneOf");
    }
    for inner in all.iter().filter(|inner| at_branch(inner)) {
        match inner.kind() {
            ValidationErrorKind::Constant { expected_value } => add(expected_value),
            ValidationErrorKind::Enum { options } => {
                options.as_array().into_iter().flatten().for_each(&mut add);
            }
            ValidationErrorKind::Required { property } => add(property),
            // A variant read under several names lists them in `propertyNames`.
            ValidationErrorKind::PropertyNames { error } => {
                if let ValidationErrorKind::Enum { options } = error.kind() {
                    options.as_array().into_iter().flatten().for_each(&mut add);
                }
            }
            _ => {}
        }
    }
    let keyword = match e.kind() {
        ValidationErrorKind::AnyOf { .. } => "anyOf",
        _ => "oneOf",
    };
    if let Some(message) = wrong_kind(context, &all, &at_branch, instance) {
        return Shown::Made(here.clone(), here, message, "type");
    }
    // An untagged enum (`anyOf`) has no variant names on the wire: a one-key object there is a
    // value, not a name.
    let spoken = match instance.as_ref() {
        Value::String(_) => Some(instance.as_ref().clone()),
        Value::Object(map) if map.len() == 1 && keyword == "oneOf" => {
            map.keys().next().cloned().map(Value::String)
        }
        _ => None,
    };
    match spoken {
        Some(name)
            if !names.is_empty() && !names.iter().any(|n| Some(n.as_str()) == name.as_str()) =>
        {
            Shown::Made(here.clone(), here, unknown_variant(&name, &names), keyword)
        }
        _ => {
            let shown = shorten_value(&instance.to_string());
            let message = format!("{shown} does not match any variant");
            Shown::Made(here.clone(), here, message, keyword)
        }
    }
}

/// Collects the variant names that `errors` say were expected (`const`/`enum`, also inside a
/// tag read as a name or as `{"Name": null}`).
fn names_in(errors: &[&ValidationError<'_>], add: &mut dyn FnMut(&Value)) {
    for inner in errors {
        match inner.kind() {
            ValidationErrorKind::Constant { expected_value } => add(expected_value),
            ValidationErrorKind::Enum { options } => {
                options.as_array().into_iter().flatten().for_each(&mut *add);
            }
            // A tag read as a name or as `{"Name": null}`: the names are inside.
            ValidationErrorKind::AnyOf { context } => {
                let nested: Vec<&ValidationError<'_>> = context.iter().flatten().collect();
                names_in(&nested, add);
            }
            _ => {}
        }
    }
}

/// When every branch of a union wanted another kind of value: which kinds.
fn wrong_kind(
    context: &[Vec<ValidationError<'static>>],
    all: &[&ValidationError<'static>],
    at_branch: &dyn Fn(&ValidationError<'static>) -> bool,
    instance: &Value,
) -> Option<String> {
    // Every branch wanted another kind of value: say which kinds.
    let kinds: Vec<String> = all
        .iter()
        .filter(|inner| at_branch(inner))
        .filter_map(|inner| match inner.kind() {
            ValidationErrorKind::Type { kind } => Some(match kind {
                TypeKind::Single(t) => vec![t.to_string()],
                TypeKind::Multiple(ts) => {
                    let ts: Vec<String> = ts.iter().map(|t| t.to_string()).collect();
                    // `["object", "array"]` is a struct with serde's positional form.
                    if ts.len() == 2
                        && ts.contains(&"object".to_owned())
                        && ts.contains(&"array".to_owned())
                    {
                        vec!["object".to_owned()]
                    } else {
                        ts
                    }
                }
            }),
            _ => None,
        })
        .flatten()
        .collect();
    let typed_branches = context.iter().filter(|b| {
        b.iter().any(|inner| {
            at_branch(inner) && matches!(inner.kind(), ValidationErrorKind::Type { .. })
        })
    });
    if typed_branches.count() == context.len() && !kinds.is_empty() {
        let mut kinds = kinds;
        kinds.sort();
        kinds.dedup();
        let kinds: Vec<String> = kinds.iter().map(|k| format!("\"{k}\"")).collect();
        let shown = shorten_value(&instance.to_string());
        let message = format!("{shown} is not of type {}", kinds.join(", "));
        return Some(message);
    }
    None
}

/// serde's message for a tag no variant has.
fn unknown_variant(value: &Value, names: &[String]) -> String {
    let expected: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    let value = match value {
        Value::String(s) => shorten_value(s),
        other => {
            let shown = shorten_value(&other.to_string());
            return match expected.as_slice() {
                [] => format!("invalid tag {shown}: a variant name is a string"),
                _ => format!(
                    "invalid tag {shown}: expected a variant name, one of {}",
                    expected.join(", ")
                ),
            };
        }
    };
    match expected.as_slice() {
        [] => format!("unknown variant `{value}`"),
        [one] => format!("unknown variant `{value}`, expected {one}"),
        _ => format!(
            "unknown variant `{value}`, expected one of {}",
            expected.join(", ")
        ),
    }
}

/// Values quoted in messages are cut to this many characters (a 100 MB string must not make a
/// 100 MB message).
const QUOTED_CHARS: usize = 100;

/// `value` (a JSON rendering) cut to [`QUOTED_CHARS`] characters with an ellipsis; a string
/// keeps its closing quote.
fn shorten_value(value: &str) -> String {
    if value.chars().count() <= QUOTED_CHARS {
        return value.to_owned();
    }
    let head: String = value.chars().take(QUOTED_CHARS).collect();
    if value.starts_with('"') {
        format!("{head}…\"")
    } else {
        format!("{head}…")
    }
}

/// `message` with every double-quoted run longer than [`QUOTED_CHARS`] cut (serde quotes the
/// offending string in its messages, escaping quotes inside it), and every backquoted one (serde
/// names an unknown variant or field between backquotes).
#[doc(hidden)]
#[must_use]
pub fn shorten_quoted(message: &str) -> String {
    shorten_backquoted(&shorten_double_quoted(message))
}

fn shorten_backquoted(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(4 * QUOTED_CHARS));
    for (i, part) in message.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        // Odd parts are inside backquotes.
        if i % 2 == 1 && part.chars().count() > QUOTED_CHARS {
            out.extend(part.chars().take(QUOTED_CHARS));
            out.push('…');
        } else {
            out.push_str(part);
        }
    }
    out
}

fn shorten_double_quoted(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(4 * QUOTED_CHARS));
    let mut rest = message;
    while let Some(open) = rest.find('"') {
        out.push_str(&rest[..=open]);
        rest = &rest[open + 1..];
        // The closing quote: the first one not escaped by a backslash.
        let mut close = None;
        let mut escaped = false;
        for (i, c) in rest.char_indices() {
            match c {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => {
                    close = Some(i);
                    break;
                }
                _ => escaped = false,
            }
        }
        let Some(close) = close else {
            out.push_str(&shorten_value(rest));
            return out;
        };
        let inner = &rest[..close];
        if inner.chars().count() > QUOTED_CHARS {
            out.extend(inner.chars().take(QUOTED_CHARS));
            out.push('…');
        } else {
            out.push_str(inner);
        }
        out.push('"');
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

/// The message for one error: a pattern mismatch in a shared type names the type instead of
/// printing its (long) regular expression, and the offending value is cut to a readable size.
fn message(e: &ValidationError<'_>) -> String {
    // `Run.inputs`: an object, or a value Python deems false (read as `{}`).
    if let ValidationErrorKind::Enum { options } = e.kind() {
        if **options == serde_json::json!([null, false, 0, "", []]) {
            let shown = shorten_value(&e.instance().to_string());
            return format!(
                "{shown} is not an object (null, false, 0, \"\" and [] are read as {{}})"
            );
        }
    }
    // A struct's schema also takes serde's positional array form; users write objects.
    if let ValidationErrorKind::Type {
        kind: TypeKind::Multiple(types),
    } = e.kind()
    {
        let mut types: Vec<JsonType> = types.iter().collect();
        types.sort_by_key(ToString::to_string);
        if types == [JsonType::Array, JsonType::Object] {
            let shown = shorten_value(&e.instance().to_string());
            return format!("{shown} is not of type \"object\"");
        }
    }
    // A field given under its name and an alias (serde's duplicate field).
    if let ValidationErrorKind::FalseSchema = e.kind() {
        let schema_path = e.schema_path().to_string();
        if schema_path.ends_with("/properties/self") {
            return "`self` cannot be a key here: the SDK's __init__ takes it as its own argument"
                .to_owned();
        }
        if schema_path.ends_with("/properties/reader") {
            return "`reader` is a Python file object (an AttachmentInfo's), which JSON cannot hold: read from JSON, `attachments` can only be empty".to_owned();
        }
        let shown = shorten_value(&e.instance().to_string());
        return format!("{shown} is refused: nothing is allowed here");
    }
    if let ValidationErrorKind::Not { schema } = e.kind() {
        if schema.as_object().is_some_and(serde_json::Map::is_empty) {
            let shown = shorten_value(&e.instance().to_string());
            return format!(
                "{shown} is refused: the type has no values (an enum with no variants)"
            );
        }
        if let Some(Value::Array(names)) = schema.get("required") {
            let names: Vec<String> = names
                .iter()
                .filter_map(Value::as_str)
                .map(|n| format!("`{}`", shorten_value(n)))
                .collect();
            return format!(
                "duplicate field: {} name the same field; give one",
                names.join(" and ")
            );
        }
    }
    if let ValidationErrorKind::AdditionalProperties { unexpected } = e.kind() {
        // Each key cut, and at most five of them named.
        let named: Vec<String> = unexpected
            .iter()
            .take(5)
            .map(|k| {
                let k = shorten_value(k);
                format!("'{k}'")
            })
            .collect();
        let rest = unexpected.len().saturating_sub(named.len());
        let others = if rest > 0 {
            format!(" and {rest} more")
        } else {
            String::new()
        };
        let verb = if unexpected.len() == 1 { "was" } else { "were" };
        return format!(
            "Additional properties are not allowed ({}{others} {verb} unexpected)",
            named.join(", ")
        );
    }
    let instance = e.instance().to_string();
    let shown = shorten_value(&instance);
    let path = e.schema_path().as_str();
    if let (ValidationErrorKind::Pattern { .. }, Some(rest)) =
        (e.kind(), path.split_once("/$defs/"))
    {
        let type_name = rest.1.split('/').next().unwrap_or_default();
        let type_name = crate::field_schema::display_name(type_name);
        return format!("{shown} is not a valid {type_name}");
    }
    let full = e.to_string();
    match full.strip_prefix(&instance) {
        Some(rest) => format!("{shown}{}", shorten_quoted(rest)),
        None => shorten_quoted(&full),
    }
}

/// Where an error points (`pointer`) and where it is located in the text (`at`).
fn pointers(e: &ValidationError<'_>) -> (String, String) {
    let path = e.instance_path().as_str().to_owned();
    match e.kind() {
        // Name the missing key; point at the object that lacks it.
        ValidationErrorKind::Required { property } => {
            let key = property
                .as_str()
                .map_or_else(|| property.to_string(), ToOwned::to_owned);
            (format!("{path}/{}", escape_token(&key)), path)
        }
        ValidationErrorKind::AdditionalProperties { unexpected } if unexpected.len() == 1 => {
            let pointer = format!("{path}/{}", escape_token(&unexpected[0]));
            (pointer.clone(), pointer)
        }
        _ => (path.clone(), path),
    }
}

/// Every schema error in `doc`, located in `text` (the source `doc` was parsed from). All of
/// them are located in one pass over the text, so the cost stays linear however many there are.
#[doc(hidden)]
#[must_use]
pub fn schema_errors(
    validator: &jsonschema::Validator,
    text: &str,
    doc: &Value,
) -> Vec<FieldError> {
    schema_errors_at_most(validator, text, doc, usize::MAX).0
}

/// [`schema_errors`], keeping the first `max` of them in document order (and counting the
/// rest). jsonschema builds every error of a document (a few KB each, with their paths, and
/// every branch's errors for a union) before it hands out the first, so this costs memory in
/// proportion to the errors: models explain only records up to [`EXPLAIN_TREE_LIMIT`].
#[doc(hidden)]
#[must_use]
pub fn schema_errors_at_most(
    validator: &jsonschema::Validator,
    text: &str,
    doc: &Value,
    max: usize,
) -> (Vec<FieldError>, usize) {
    schema_errors_placed(validator, text, doc, max, |at| {
        locate_all(text, at)
            .into_iter()
            .map(Option::unwrap_or_default)
            .collect()
    })
}

/// [`schema_errors_at_most`] for a `doc` that is not `text`'s tree: `offsets_of` says where in
/// `text` each error's pointer is.
fn schema_errors_placed(
    validator: &jsonschema::Validator,
    text: &str,
    doc: &Value,
    max: usize,
    offsets_of: impl FnOnce(&[&str]) -> Vec<usize>,
) -> (Vec<FieldError>, usize) {
    let raws: Vec<ValidationError<'_>> = validator.iter_errors(doc).collect();
    // (pointer, where to locate it, message, keyword): no validator error is kept.
    let mut kept: Vec<(String, String, String, String)> = Vec::new();
    for raw in &raws {
        let mut shown = Vec::new();
        explain(raw, &mut shown);
        for e in shown {
            match e {
                Shown::Error(e) => {
                    let (pointer, at) = pointers(e);
                    kept.push((pointer, at, message(e), e.kind().keyword().to_owned()));
                }
                Shown::Made(pointer, at, message, keyword) => {
                    kept.push((pointer, at, message, keyword.to_owned()));
                }
            }
        }
    }
    drop(raws);
    let at: Vec<&str> = kept.iter().map(|(_, at, _, _)| at.as_str()).collect();
    let offsets = offsets_of(&at);
    let places = positions(text, &offsets);
    let mut errors: Vec<FieldError> = kept
        .into_iter()
        .zip(places)
        .map(|((pointer, _, message, keyword), place)| FieldError {
            pointer,
            line: place.line,
            column: place.column,
            message,
            keyword: ErrorKind::Schema(keyword),
        })
        .collect();
    errors.sort_by_key(|e| (e.line, e.column));
    errors.dedup();
    // The first `max` in the document, not in the schema's (alphabetical) order.
    let more = errors.len().saturating_sub(max);
    errors.truncate(max);
    (errors, more)
}

/// A type's compiled schemas, one per mode (or why they cannot compile).
pub(crate) type Validators = fn(Mode) -> Result<&'static jsonschema::Validator, &'static str>;

/// Reads `text` as `M`, as serde does; the verdict is exactly serde's (plus the model's
/// constraints, which serde cannot see). Only a refused document is explained: its errors come
/// from the validation schema, located, or from serde's own error when the schema finds none.
///
/// `constrained` says whether the type declares constraints; `validator` gives its compiled
/// schemas (see [`Model::from_json`](crate::Model::from_json), which passes both).
pub(crate) fn from_json<M: serde::de::DeserializeOwned + serde::Serialize>(
    text: &str,
    constrained: bool,
    validator: Validators,
) -> Result<M, FromJsonError> {
    read(text, constrained, validator, usize::MAX).map_err(|(errors, _)| FromJsonError { errors })
}

/// [`from_json`] keeping at most `max` errors; the error side also counts the rest.
pub(crate) fn read<M: serde::de::DeserializeOwned + serde::Serialize>(
    text: &str,
    constrained: bool,
    validator: Validators,
    max: usize,
) -> Result<M, (Vec<FieldError>, usize)> {
    let model = match read_typed::<M>(text) {
        Ok(model) => model,
        Err(why) => return Err(explain_refusal(text, || why, validator, max)),
    };
    if !constrained {
        return Ok(model);
    }
    // Constraints meet the coerced values (`"-3"` is `-3`) in the serialization schema.
    // Serializing the value just read does not depend on the text: a failure is the model's.
    let (errors, more) = match constraint_errors(&model, text, validator, max) {
        Ok(found) => found,
        Err(error) => (vec![error], 0),
    };
    if errors.is_empty() {
        Ok(model)
    } else {
        Err((errors, more))
    }
}

/// Explains why `M` refused `text`, which the caller has just seen it refuse (the validator's
/// fast path): the schema's errors, and only when it finds none, the typed read's, which is
/// then read again to find where it stopped.
pub(crate) fn explain_typed_refusal<M: serde::de::DeserializeOwned>(
    text: &str,
    validator: Validators,
    max: usize,
) -> (Vec<FieldError>, usize) {
    let why = || match read_typed::<M>(text) {
        Err(why) => why,
        // Not expected (the caller saw the refusal); the verdict stays "refused".
        Ok(_) => Why::Found(FieldError {
            pointer: String::new(),
            line: 1,
            column: 1,
            message: "refused by the model but no error could be located".into(),
            keyword: ErrorKind::Deserialize,
        }),
    };
    explain_refusal(text, why, validator, max)
}

/// The errors of a record that a model's check-only reading called surely invalid, from the
/// schema on the record cut down to the members that decide them (`reduced`, from
/// [`Plan::read`]), placed in the record: the same errors as the schema finds in the whole
/// record (`tests/fast_path.rs` checks it), without a tree of the rest. `None` when this cannot
/// explain it, for the caller to explain it in full.
pub(crate) fn explain_reduced(
    text: &str,
    reduced: &Reduced,
    validator: Validators,
    max: usize,
) -> Option<(Vec<FieldError>, usize)> {
    if text.len() > EXPLAIN_TREE_LIMIT {
        return None;
    }
    let doc: Value = serde_json::from_str(&reduced.text).ok()?;
    let validator = validator(Mode::Validation).ok()?;
    let (errors, more) = schema_errors_placed(validator, text, &doc, max, |at| {
        locate_all(&reduced.text, at)
            .into_iter()
            .map(|found| found.map_or(0, |offset| reduced.original(offset)))
            .collect()
    });
    (!errors.is_empty()).then_some((errors, more))
}

/// [`explain_reduced`] for a record `plan` calls surely invalid (`None` for any other).
pub(crate) fn explain_checked(
    text: &str,
    plan: &Plan,
    validator: Validators,
    max: usize,
) -> Option<(Vec<FieldError>, usize)> {
    explain_reduced(text, &plan.reduced(text)?, validator, max)
}

/// Why the typed read refused a document.
enum Why {
    /// serde stopped at `pointer`; `in_text` says whether the error's position is `text`'s
    /// (not the merged document's).
    Typed {
        pointer: String,
        error: serde_json::Error,
        in_text: bool,
    },
    /// An error already placed in the text.
    Found(FieldError),
}

/// Reads `text` as `M` as [`crate::from_pydantic_json`] does (a repeated key's last value
/// counts), naming where serde stopped when it refuses.
fn read_typed<M: serde::de::DeserializeOwned>(text: &str) -> Result<M, Why> {
    match typed::<M>(text) {
        Ok(model) => Ok(model),
        Err(Refusal::Trailing(e)) => Err(Why::Found(syntax_error(text, &e))),
        Err(Refusal::At(pointer, e)) => match as_the_sdk_reads(text) {
            // pydantic reads a repeated key's last value and the NaN literals: so does the
            // document read again. Its refusal names a pointer into `text` too, but its position
            // is the other text's.
            Ok(Some(merged)) => match typed::<M>(&merged) {
                Ok(model) => Ok(model),
                Err(Refusal::At(pointer, error)) => Err(Why::Typed {
                    pointer,
                    error,
                    in_text: false,
                }),
                // The merged text is one compact value: nothing can follow it.
                Err(Refusal::Trailing(error)) => Err(Why::Typed {
                    pointer: String::new(),
                    error,
                    in_text: false,
                }),
            },
            // serde stopped at a repeated key or a literal, which the SDK reads; its parser
            // refuses the document further on (syntax errors are found by `explain_refusal`).
            Err(Unreadable::Limit(at, limit))
                if crate::pydantic_json::is_duplicate_field(&e) || e.is_syntax() =>
            {
                let place = Position::at(text, at);
                Err(Why::Found(FieldError {
                    pointer: String::new(),
                    line: place.line,
                    column: place.column,
                    message: limit.to_string(),
                    keyword: ErrorKind::Syntax,
                }))
            }
            Ok(None) | Err(_) => Err(Why::Typed {
                pointer,
                error: e,
                in_text: true,
            }),
        },
    }
}

/// Why serde refused a document: at a JSON pointer, or for text after the value.
enum Refusal {
    At(String, serde_json::Error),
    Trailing(serde_json::Error),
}

/// Reads the whole of `text` as `M`, naming where serde stopped.
fn typed<M: serde::de::DeserializeOwned>(text: &str) -> Result<M, Refusal> {
    let mut de = serde_json::Deserializer::from_str(text);
    let model = serde_path_to_error::deserialize::<_, M>(&mut de).map_err(|e| {
        let pointer = e.path().iter().fold(String::new(), |mut out, segment| {
            use serde_path_to_error::Segment;
            // serde_path_to_error writes `[1]` for an index and `?` where it lost track
            // (inside buffered content); a JSON pointer has `/1`, and nothing for the latter.
            match segment {
                Segment::Seq { index } => {
                    out.push('/');
                    out.push_str(&index.to_string());
                }
                Segment::Map { key } => {
                    out.push('/');
                    out.push_str(&escape_token(key));
                }
                Segment::Enum { variant } => {
                    out.push('/');
                    out.push_str(&escape_token(variant));
                }
                Segment::Unknown => {}
            }
            out
        });
        Refusal::At(pointer, e.into_inner())
    })?;
    de.end().map_err(Refusal::Trailing)?;
    Ok(model)
}

/// The constraint errors of a value serde read from `text`: the value as written, against the
/// serialization schema (constraints meet the coerced values). A value serde_json cannot hold
/// as a tree (an `i128` beyond 64 bits) is checked as read, against the validation schema.
pub(crate) fn constraint_errors<M: serde::Serialize>(
    model: &M,
    text: &str,
    validator: Validators,
    max: usize,
) -> Result<(Vec<FieldError>, usize), FieldError> {
    let (mode, doc) = match serde_json::to_value(model) {
        Ok(written) => (Mode::Serialization, written),
        Err(e) => match serde_json::from_str::<Value>(text) {
            Ok(read) => (Mode::Validation, read),
            Err(_) => {
                return Err(FieldError {
                    pointer: String::new(),
                    line: 1,
                    column: 1,
                    message: e.to_string(),
                    keyword: ErrorKind::Serialize,
                })
            }
        },
    };
    match validator(mode) {
        Ok(validator) => Ok(schema_errors_at_most(validator, text, &doc, max)),
        Err(message) => Ok((vec![uncompilable(message)], 0)),
    }
}

/// Records larger than this are explained by serde's error alone (one error, located): the
/// schema pass needs the record as a tree and builds every error before the first, which for a
/// record with an error per value costs several hundred times its size (a 2 MB record of
/// invalid child runs took 1 GB).
pub(crate) const EXPLAIN_TREE_LIMIT: usize = 64 << 10;

/// The errors of a document the typed model refused, at most `max` (and the count of the rest).
fn explain_refusal(
    text: &str,
    why: impl FnOnce() -> Why,
    validator: Validators,
    max: usize,
) -> (Vec<FieldError>, usize) {
    // A syntax error later in the text explains more than a type error before it. serde_json
    // also calls some refusals of well-formed JSON syntax errors (`[1, 2, 3]` for a pair is
    // "trailing characters"): only text that is not JSON is reported as syntax. A document
    // that parses as a tree is JSON, so the separate syntax pass is for the others.
    let syntax = || {
        let error = serde_json::from_str::<serde::de::IgnoredAny>(text).err()?;
        // The NaN literals are not JSON, but the SDK's parser reads them: a syntax error is
        // then one in the text as the SDK reads it, placed back in `text`.
        let Some((spelled, grown)) = spell_infinities(text) else {
            return Some((vec![syntax_error(text, &error)], 0));
        };
        let error = serde_json::from_str::<serde::de::IgnoredAny>(&spelled).err()?;
        let in_spelled = line_column_to_position(&spelled, error.line(), error.column());
        let place = Position::at(text, unspelled(&grown, in_spelled.offset));
        let found = FieldError {
            pointer: String::new(),
            line: place.line,
            column: place.column,
            message: strip_location(&error.to_string()),
            keyword: ErrorKind::Syntax,
        };
        Some((vec![found], 0))
    };
    if text.len() <= EXPLAIN_TREE_LIMIT {
        match serde_json::from_str::<Value>(text) {
            Ok(doc) => {
                if let Ok(validator) = validator(Mode::Validation) {
                    let (errors, more) = schema_errors_at_most(validator, text, &doc, max);
                    if !errors.is_empty() {
                        return (errors, more);
                    }
                }
            }
            Err(_) => {
                if let Some(found) = syntax() {
                    return found;
                }
            }
        }
    } else if let Some(found) = syntax() {
        return found;
    }
    let (pointer, inner, inner_in_text) = match why() {
        Why::Found(error) => return (vec![error], 0),
        Why::Typed {
            pointer,
            error,
            in_text,
        } => (pointer, error, in_text),
    };
    let position = locate(text, &pointer)
        .filter(|_| !pointer.is_empty())
        .unwrap_or_else(|| {
            if inner_in_text {
                line_column_to_position(text, inner.line(), inner.column())
            } else {
                // A refusal of the merged document that no pointer places (a missing field):
                // the end of the object, where serde places it in the text itself.
                let end = text.trim_end().len().saturating_sub(1);
                Position::at(text, end)
            }
        });
    let error = FieldError {
        pointer,
        line: position.line,
        column: position.column,
        message: shorten_quoted(&strip_location(&inner.to_string())),
        keyword: ErrorKind::Deserialize,
    };
    (vec![error], 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_in_messages_are_cut() {
        let long = "x".repeat(5000);
        let message = format!("invalid type: string \"{long}\", expected a UUID");
        let short = shorten_quoted(&message);
        assert!(short.len() < 200, "{short}");
        assert!(short.starts_with("invalid type: string \"xxx"));
        assert!(short.ends_with("…\", expected a UUID"), "{short}");
        let escaped = r#"string "a\"b" and "c""#;
        assert_eq!(shorten_quoted(escaped), escaped);
        assert_eq!(shorten_value("[1, 2]"), "[1, 2]");
        assert_eq!(shorten_value(&format!("\"{long}\"")).chars().count(), 102);
    }

    fn errors_of<M: crate::Model>(text: &str) -> Vec<(String, usize, usize, String)> {
        match M::from_json(text) {
            Ok(_) => Vec::new(),
            Err(e) => e
                .errors
                .into_iter()
                .map(|e| (e.pointer, e.line, e.column, e.message))
                .collect(),
        }
    }

    // Found by the hostile trial of repeated keys; verdicts from langsmith 0.14.17.
    #[test]
    fn repeated_keys_are_read_and_errors_placed_in_the_text() {
        const BASE: &str = r#""id": "00000000-0000-4000-8000-000000000001", "tenant_id": "00000000-0000-4000-8000-000000000002", "reference_dataset_id": null"#;
        // The last value counts: accepted, and a bad last value is found where it is written.
        assert!(errors_of::<crate::TracerSession>(&format!(
            r#"{{{BASE}, "name": 1, "name": "a"}}"#
        ))
        .is_empty());
        let text = format!("{{{BASE},\n\"name\": \"a\", \"name\": 1}}");
        let errors = errors_of::<crate::TracerSession>(&text);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(
            (errors[0].0.as_str(), errors[0].1, errors[0].2),
            ("/name", 2, 22)
        );
        // What the SDK's parser refuses after a repeated key is the error, not the repetition.
        let text = format!("{{{BASE},\n\"name\": \"a\", \"name\": \"b\", \"zz\": \"\\ud800\"}}");
        let errors = errors_of::<crate::TracerSession>(&text);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!((errors[0].1, errors[0].2), (2, 33));
        assert!(
            errors[0].3.starts_with("lone surrogate escape"),
            "{errors:?}"
        );
        // A field missing from a large merged record is placed at the object's end, as serde
        // places it in a record without repetitions.
        let text = format!(
            r#"{{"zz": "{}", "id": "00000000-0000-4000-8000-000000000001", "id": "00000000-0000-4000-8000-000000000001", "reference_dataset_id": null}}"#,
            "p".repeat(70_000)
        );
        let errors = errors_of::<crate::TracerSession>(&text);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!((errors[0].1, errors[0].2), (1, text.len()), "{errors:?}");
        assert!(errors[0].3.contains("tenant_id"), "{errors:?}");
    }

    // Found by the hostile trial of the NaN literals; positions from the SDK's own message.
    #[test]
    fn syntax_errors_after_a_nan_literal_are_placed_where_they_are() {
        const BASE: &str = r#""id": "00000000-0000-4000-8000-000000000001", "tenant_id": "00000000-0000-4000-8000-000000000002", "reference_dataset_id": null"#;
        let text = format!("{{{BASE},\n\"extra\": {{\"a\": NaN, \"b\": Infinity}},\n\"x\": [1,]}}");
        let errors = errors_of::<crate::TracerSessionResult>(&text);
        assert_eq!(errors.len(), 1, "{errors:?}");
        // The `]` after the trailing comma, not the `NaN`.
        assert_eq!((errors[0].1, errors[0].2), (3, 9), "{errors:?}");
        // The literal alone is read, as the SDK reads it.
        let text = format!("{{{BASE},\n\"extra\": {{\"a\": NaN}}, \"error_rate\": Infinity}}");
        assert!(errors_of::<crate::TracerSessionResult>(&text).is_empty());
    }
}
