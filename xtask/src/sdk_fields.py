"""Prints the installed LangSmith SDK's model fields as JSON, for `cargo xtask sdk-drift`."""

import json
import sys
import types
import typing

import langsmith
from langsmith import schemas

# Fields that `model_fields` calls required but the model's own `__init__` fills in when the
# key is missing (Run.__init__: `trace_id` defaults to `id`): required-ness as pydantic reads
# JSON through that `__init__`.
FILLED_BY_INIT = {("Run", "trace_id")}


def describe(annotation, model_name):
    """(type name, nullable) with Optional[...] unwrapped and containers named by their items."""
    nullable = False
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        rest = [a for a in args if a is not type(None)]
        nullable = len(rest) < len(args)
        annotation = rest[0] if len(rest) == 1 else annotation
        origin, args = typing.get_origin(annotation), typing.get_args(annotation)
        # A union of dicts (Run.attachments) is a dict on the wire.
        if origin in (typing.Union, types.UnionType) and all(typing.get_origin(a) is dict for a in args):
            return "dict", nullable
    if origin is dict:
        return "dict", nullable
    if origin is list:
        item = describe(args[0], model_name)[0]
        return f"list[{'Self' if item == model_name else item}]", nullable
    return getattr(annotation, "__name__", str(annotation)), nullable


out = {"version": langsmith.__version__, "models": {}}
for name in sys.argv[1:]:
    model = getattr(schemas, name, None)
    if model is None:
        out["models"][name] = None
        continue
    fields = []
    for field_name, field in model.model_fields.items():
        type_name, nullable = describe(field.annotation, name)
        required = field.is_required() and (name, field_name) not in FILLED_BY_INIT
        fields.append({"name": field_name, "type": type_name, "nullable": nullable, "required": required})
    out["models"][name] = fields
print(json.dumps(out))
