"""Writes the Rust model files for `cargo xtask sdk-import` from the installed LangSmith SDK.

Reads `langsmith.schemas` (the models named on the command line and every model, TypedDict and
enum they contain), introspects `model_fields` (order, annotation, default, required-ness) and
the class sources (docstrings), and prints JSON: {"version", "files": {path: text}, "covered",
"hand_written"}. The xtask formats the files with rustfmt and writes or checks them.

What introspection cannot know (the SDK's custom `__init__`, unions pydantic decides in smart
mode, Python objects JSON cannot hold) is named in HAND_WRITTEN below and implemented in Rust
files that regeneration never touches.
"""

from __future__ import annotations

import ast
import datetime
import decimal
import enum
import inspect
import json
import sys
import textwrap
import types
import typing
import uuid

import langsmith
import pydantic
from langsmith import schemas
from pydantic_core import PydanticUndefined

OUT_DIR = "crates/tracer-schema/src/generated"

# Field types and attributes for what introspection cannot decide, keyed by "Model.field".
# Each names hand-written Rust (outside OUT_DIR). "type" replaces the Rust type, "serde" and
# "model" add attributes (the generated default attribute is dropped when "serde" is given).
HAND_WRITTEN: dict[str, dict] = {
    # RunBase/Run.__init__: naive times are UTC; `inputs` falsy -> {}; `trace_id` defaults to
    # `id`; an empty `dotted_order` is filled in (crate::run::init).
    "RunBase.start_time": {
        "serde": 'deserialize_with = "crate::session::utc_start_time"',
        "model": "schema_as = Timestamp",
    },
    "RunBase.end_time": {
        "serde": 'default, deserialize_with = "crate::run::optional_utc"',
        "model": "schema_as = Option<Timestamp>",
    },
    "RunBase.inputs": {
        "serde": 'default, deserialize_with = "crate::run::inputs"',
        "model": "schema_as = crate::run::Inputs",
    },
    "Run.trace_id": {"serde": 'default = "crate::run::trace_id_unset"'},
    "RunBase.extra": {"serde": 'default = "crate::run::default_extra"'},
    "RunBase.events": {
        "serde": 'default, deserialize_with = "crate::wire::object_list::optional"',
        "model": "schema_as = Option<Vec<Object>>",
    },
    # `dict[str, tuple[str, bytes] | Attachment | tuple[str, Path]] | dict[str, AttachmentInfo]`
    "RunBase.attachments": {"type": "Map<Attachment>"},
    "Example.created_at": {"serde": 'default = "crate::example::epoch"'},
    # Strict smart-mode unions (crate::unions).
    "FeedbackBase.score": {"type": "Option<Score>"},
    "FeedbackBase.value": {"type": "Option<FeedbackValue>"},
    "FeedbackBase.correction": {"type": "Option<Correction>"},
    "FeedbackSourceBase.user_id": {"type": "Option<UserId>"},
}

# SDK types that JSON cannot hold, replaced by hand-written Rust types of the same name.
HAND_WRITTEN_TYPES = {
    # A TypedDict whose `reader` is a Python file object (crate::attachments).
    "AttachmentInfo": "AttachmentInfo",
}

# `__init__` hooks, keyed by model: (hook, key rules) for `object_only!`.
INIT_HOOKS = {
    "Run": ("crate::run::init", "crate::run::KEYS"),
    # Dataset.__init__ reads `inputs_schema_definition` as `inputs_schema` (and outputs).
    "Dataset": ("crate::dataset::init", "crate::dataset::KEYS"),
}
# Any other model that overrides `__init__(self, ..., **kwargs)` refuses a `self` key.
PLAIN_INIT = ("crate::object_only::plain_init", "crate::object_only::KeyRules::INIT")
# What the `__init__` hooks do, in the validation schema.
INIT_SCHEMAS = {"Dataset": "crate::dataset::extend_schema"}
PLAIN_INIT_SCHEMA = "crate::object_only::refuse_self_in_schema"

SCALARS = {
    uuid.UUID: "Uuid",
    str: "String",
    int: "Int",
    float: "Float",
    bool: "Bool",
    decimal.Decimal: "Decimal",
    datetime.datetime: "Timestamp",
    datetime.timedelta: "Duration",
}


class Unsupported(Exception):
    """An annotation with no generic mapping and no HAND_WRITTEN entry."""


def is_typeddict(t) -> bool:
    return isinstance(t, type) and issubclass(t, dict) and hasattr(t, "__total__")


def is_model(t) -> bool:
    return isinstance(t, type) and issubclass(t, pydantic.BaseModel)


def is_enum(t) -> bool:
    return isinstance(t, type) and issubclass(t, enum.Enum)


def split_optional(annotation):
    """(inner annotation, nullable)."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType) and type(None) in args:
        rest = tuple(a for a in args if a is not type(None))
        inner = rest[0] if len(rest) == 1 else typing.Union[rest]
        return inner, True
    return annotation, False


class Generator:
    def __init__(self):
        self.nested: list[type] = []  # models, TypedDicts and enums to emit, in discovery order

    def need(self, t):
        if t not in self.nested:
            self.nested.append(t)

    def rust_type(self, annotation) -> str:
        """The Rust type for a non-optional annotation."""
        if annotation in SCALARS:
            return SCALARS[annotation]
        if annotation is dict:
            return "Object"
        origin, args = typing.get_origin(annotation), typing.get_args(annotation)
        if origin is typing.Annotated:
            return self.rust_type(args[0])
        if origin is dict:
            key, value = args
            if key is not str:
                raise Unsupported(f"dict key {key!r}")
            if value is typing.Any:
                return "Object"
            return f"Map<{self.rust_type(value)}>"
        if origin is list:
            (item,) = args
            if item is dict:
                return "Vec<Object>"
            return f"Vec<{self.rust_type(item)}>"
        if origin in (typing.Union, types.UnionType):
            # `Literal[...] | str` and `StrEnum | str`: any string.
            if str in args and all(
                a is str or typing.get_origin(a) is typing.Literal for a in args
            ):
                return "String"
            raise Unsupported(f"union {annotation!r}")
        if typing.get_origin(annotation) is typing.Literal:
            raise Unsupported(f"literal {annotation!r}")
        if getattr(annotation, "__name__", None) in HAND_WRITTEN_TYPES:
            return HAND_WRITTEN_TYPES[annotation.__name__]
        if is_model(annotation) or is_typeddict(annotation) or is_enum(annotation):
            self.need(annotation)
            return annotation.__name__
        raise Unsupported(repr(annotation))


def attribute_docs(cls) -> dict[str, str]:
    """Docstrings written under annotated attributes, from the class and its bases."""
    docs: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        if klass.__module__ != schemas.__name__:
            continue
        try:
            tree = ast.parse(textwrap.dedent(inspect.getsource(klass)))
        except (OSError, TypeError):
            continue
        body = tree.body[0].body
        for stmt, after in zip(body, body[1:]):
            if (
                isinstance(stmt, ast.AnnAssign)
                and isinstance(stmt.target, ast.Name)
                and isinstance(after, ast.Expr)
                and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)
            ):
                docs[stmt.target.id] = inspect.cleandoc(after.value.value)
    return docs


def doc_lines(text: str | None, indent: str) -> list[str]:
    if not text:
        return []
    # Lines are left-aligned: an indented docstring line would be a Rust code block (a doctest).
    lines = [line.strip() for line in inspect.cleandoc(text).splitlines()]
    return [f"{indent}///{(' ' + line) if line else ''}" for line in lines]


def defining_class(cls, field: str) -> str:
    """The SDK class whose annotation declares `field` (for HAND_WRITTEN keys)."""
    for klass in cls.__mro__:
        if field in getattr(klass, "__annotations__", {}):
            return klass.__name__
    return cls.__name__


def default_attr(field, rust: str, nullable: bool) -> str | None:
    """The `#[serde(...)]` default for a pydantic field, or None when required."""
    if field.is_required():
        return 'with = "crate::required_nullable"' if nullable else None
    factory = field.default_factory
    if factory is not None:
        if factory in (dict, list) and not nullable:
            return "default"
        if factory is dict and nullable:
            return 'default = "crate::defaults::some_empty_object"'
        raise Unsupported(f"default factory {factory!r}")
    value = field.default
    if value is None and nullable:
        return "default"
    if value == "" or value == uuid.UUID(int=0):
        return "default"
    raise Unsupported(f"default {value!r}")


RUST_KEYWORDS = {"type", "match", "ref", "self", "move", "loop", "mod", "use", "where", "impl", "fn", "in", "as", "box"}


def rust_ident(name: str) -> str:
    """A field name as a Rust identifier (serde reads `r#type` as `type`)."""
    return f"r#{name}" if name in RUST_KEYWORDS else name


def holds_model(annotation) -> bool:
    """Whether values of `annotation` hold a model or TypedDict (not a hand-written type)."""
    if getattr(annotation, "__name__", None) in HAND_WRITTEN_TYPES:
        return False
    if is_model(annotation) or is_typeddict(annotation):
        return True
    return any(holds_model(a) for a in typing.get_args(annotation))


def has_init(cls) -> bool:
    """Whether pydantic reads the model through an `__init__` of the SDK's (it calls an
    overridden `__init__` with the parsed keys)."""
    return cls.__name__ in INIT_HOOKS or cls.__init__ is not pydantic.BaseModel.__init__


def model_struct(gen: Generator, cls) -> list[str]:
    docs = attribute_docs(cls)
    lines = doc_lines(cls.__doc__, "")
    lines.append("#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, tracer_schema_derive::Model)]")
    lines.append("// Read only from a JSON object, as pydantic reads a model (see `object_only`).")
    lines.append('#[serde(remote = "Self")]')
    if has_init(cls):
        lines.append(f'#[model(extend_schema = "{INIT_SCHEMAS.get(cls.__name__, PLAIN_INIT_SCHEMA)}")]')
    lines.append(f"pub struct {cls.__name__} {{")
    for name, field in cls.model_fields.items():
        key = f"{defining_class(cls, name)}.{name}"
        hand = HAND_WRITTEN.get(key, {})
        inner, nullable = split_optional(field.annotation)
        rust = hand.get("type")
        if rust is None:
            rust = gen.rust_type(inner)
            if nullable:
                rust = f"Option<{rust}>"
        serde = hand.get("serde") or default_attr(field, rust, nullable)
        model_attr = hand.get("model")
        if not hand and holds_model(inner):
            # Checked as a whole against the parser's nesting limit (crate::nesting).
            serde = ", ".join(filter(None, [serde, 'deserialize_with = "crate::nesting::checked"']))
            model_attr = f"schema_as = {rust}"
        lines += doc_lines(docs.get(name, f"The `{name}` field."), "    ")
        if serde:
            lines.append(f"    #[serde({serde})]")
        if model_attr:
            lines.append(f"    #[model({model_attr})]")
        lines.append(f"    pub {rust_ident(name)}: {rust},")
    for private in getattr(cls, "__private_attributes__", {}):
        public = private.lstrip("_")
        rust = "Option<Uuid>" if "tenant" in private else "Option<String>"
        lines.append(f"    /// The SDK's private `{private}` (used by computed members); never serialized.")
        lines.append("    #[serde(skip)]")
        lines.append(f"    pub {public}: {rust},")
    lines.append("}")
    lines.append("")
    hook, keys = INIT_HOOKS.get(cls.__name__, PLAIN_INIT)
    if has_init(cls):
        lines.append(f"crate::object_only::object_only!({cls.__name__}, init = {hook}, keys = {keys});")
    else:
        lines.append(f"crate::object_only::object_only!({cls.__name__});")
    return lines


def typeddict_struct(gen: Generator, cls) -> list[str]:
    docs = attribute_docs(cls)
    hints = typing.get_type_hints(cls)
    lines = doc_lines(cls.__doc__, "")
    lines.append("///")
    lines.append("/// A `TypedDict`: keys the SDK does not declare are dropped; absent keys stay absent.")
    lines.append("#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, tracer_schema_derive::Model)]")
    lines.append('#[serde(remote = "Self")]')
    lines.append(f"pub struct {cls.__name__} {{")
    for name, annotation in hints.items():
        rust = gen.rust_type(annotation)
        lines += doc_lines(docs.get(name, f"The `{name}` key."), "    ")
        if name in cls.__required_keys__:
            lines.append(f"    pub {name}: {rust},")
        else:
            lines.append(
                '    #[serde(default, deserialize_with = "crate::defaults::present", '
                'skip_serializing_if = "Option::is_none")]'
            )
            lines.append(f"    #[model(schema_as = {rust})]")
            lines.append(f"    pub {name}: Option<{rust}>,")
    lines.append("}")
    lines.append("")
    lines.append(f"crate::object_only::object_only!({cls.__name__});")
    return lines


def variant_name(value: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in value.split("_"))


def enum_type(cls) -> list[str]:
    lines = doc_lines(cls.__doc__, "")
    lines.append("#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, tracer_schema_derive::Model)]")
    lines.append(f"pub enum {cls.__name__} {{")
    for member in cls:
        if not isinstance(member.value, str):
            raise Unsupported(f"enum value {member.value!r}")
        lines.append(f"    /// `{member.value}`")
        lines.append(f'    #[serde(rename = "{member.value}")]')
        lines.append(f"    {variant_name(member.value)},")
    lines.append("}")
    return lines


def file_for(gen: Generator, root) -> str:
    """One root model and the nested types first met under it."""
    before = len(gen.nested)
    body = model_struct(gen, root)
    chunks = [body]
    i = before
    while i < len(gen.nested):
        t = gen.nested[i]
        if t is not root and t.__name__ not in ROOTS:
            if is_model(t):
                chunks.append(model_struct(gen, t))
            elif is_typeddict(t):
                chunks.append(typeddict_struct(gen, t))
            else:
                chunks.append(enum_type(t))
            EMITTED.append(t.__name__)
        i += 1
    text = [
        # The SDK's version is named once, in mod.rs, so a new release that changes nothing in a
        # model leaves its file alone.
        f"//! `{root.__name__}` and the types it holds, as `langsmith.schemas` declares them.",
        "//!",
        "//! @generated by `cargo xtask sdk-import`; do not edit. Hand-written behaviour lives outside",
        "//! `generated/` (see `xtask/src/sdk_import.py`, `HAND_WRITTEN`).",
        "",
        "#![allow(unused_imports)]",
        "",
        "use serde::{Deserialize, Serialize};",
        "",
        "use crate::wire::{Bool, Decimal, Duration, Float, Int, Map, Object, Timestamp, Uuid};",
        "use crate::{Attachment, AttachmentInfo, Correction, FeedbackValue, Score, UserId};",
        "",
    ]
    for chunk in chunks:
        text += chunk
        text.append("")
    return "\n".join(text)


ROOTS: list[str] = []
EMITTED: list[str] = []


def main() -> int:
    ROOTS.extend(sys.argv[1:])
    gen = Generator()
    files = {}
    errors = []
    for name in ROOTS:
        cls = getattr(schemas, name)
        try:
            files[f"{OUT_DIR}/{name.lower()}.rs"] = file_for(gen, cls)
        except Unsupported as e:
            errors.append(f"{name}: {e}")
    mod = [
        f"//! The SDK's stored-data models, generated from `langsmith.schemas` {langsmith.__version__}.",
        "//!",
        "//! @generated by `cargo xtask sdk-import`; do not edit.",
        "",
    ]
    for name in ROOTS:
        mod.append(f"mod {name.lower()};")
    mod.append("")
    for name in ROOTS:
        mod.append(f"pub use {name.lower()}::*;")
    files[f"{OUT_DIR}/mod.rs"] = "\n".join(mod) + "\n"
    print(
        json.dumps(
            {
                "version": langsmith.__version__,
                "files": files,
                "covered": ROOTS + EMITTED,
                "sdk_models": sorted(
                    n for n, t in vars(schemas).items()
                    if is_model(t) and t.__module__ == schemas.__name__
                ),
                "errors": errors,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
