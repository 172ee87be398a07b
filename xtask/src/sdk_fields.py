"""Prints the installed LangSmith SDK's model fields as JSON, for `cargo xtask sdk-drift`."""

import json
import sys
import types
import typing

import langsmith
from langsmith import schemas


def describe(annotation):
    """(type name, nullable) with Optional[...] unwrapped and containers named by their items."""
    nullable = False
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        rest = [a for a in args if a is not type(None)]
        nullable = len(rest) < len(args)
        annotation = rest[0] if len(rest) == 1 else annotation
        origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is dict:
        return "dict", nullable
    if origin is list:
        return f"list[{describe(args[0])[0]}]", nullable
    return getattr(annotation, "__name__", str(annotation)), nullable


out = {"version": langsmith.__version__, "models": {}}
for name in sys.argv[1:]:
    model = getattr(schemas, name, None)
    if model is None:
        out["models"][name] = None
        continue
    fields = []
    for field_name, field in model.model_fields.items():
        type_name, nullable = describe(field.annotation)
        fields.append({"name": field_name, "type": type_name, "nullable": nullable, "required": field.is_required()})
    out["models"][name] = fields
print(json.dumps(out))
