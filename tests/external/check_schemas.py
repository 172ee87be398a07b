#!/usr/bin/env python3
"""Third-party check of schemas/ with python-jsonschema, beside pydantic's own schemas.

For each model: the validation schema must judge the oracle corpus as the SDK does (>= 99.5%,
format assertion off and on), every SDK dump must be valid against the serialization schema,
and input-only forms (a float latency, a numeric cost) must not be. pydantic's own
`model_json_schema()` is measured on the same corpus for comparison (reported, not asserted).

    python tests/external/check_schemas.py [--pydantic]

Exit status 0 when every target is met, 1 otherwise.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker

ROOT = Path(__file__).resolve().parents[2]
MODELS = ("TracerSession", "TracerSessionResult")


def load_cases():
    with open(ROOT / "tests/fixtures/oracle/cases.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def _reject_constant(name: str):
    raise ValueError(f"not JSON: {name}")


def _has_lone_surrogate(value) -> bool:
    if isinstance(value, str):
        return any(0xD800 <= ord(c) <= 0xDFFF for c in value)
    if isinstance(value, dict):
        return any(_has_lone_surrogate(k) or _has_lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_lone_surrogate(v) for v in value)
    return False


def parse(text: str):
    """Strict JSON, as the SDK's parser reads it: Python's json module would also accept NaN,
    Infinity and unpaired surrogate escapes (`"\\ud800"`), which are not Unicode text."""
    try:
        doc = json.loads(text, parse_constant=_reject_constant)
    except ValueError:
        return None, False
    return (None, False) if _has_lone_surrogate(doc) else (doc, True)


def validator(schema: dict, formats: bool) -> Draft202012Validator:
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker() if formats else None)


def agreement(cases, schemas: dict, formats: bool):
    validators = {m: validator(schemas[m], formats) for m in MODELS}
    agree, wrong = 0, []
    for case in cases:
        doc, ok = parse(case["input"])
        ours = ok and validators[case["model"]].is_valid(doc)
        if ours == case["valid"]:
            agree += 1
        else:
            wrong.append(case)
    return agree, wrong


def main() -> int:
    cases = load_cases()
    ours_val = {m: json.loads((ROOT / f"schemas/{m}.schema.json").read_text()) for m in MODELS}
    ours_ser = {m: json.loads((ROOT / f"schemas/{m}.serialization.schema.json").read_text()) for m in MODELS}
    failed = False
    for formats in (False, True):
        agree, wrong = agreement(cases, ours_val, formats)
        pct = 100 * agree / len(cases)
        print(f"python-jsonschema, ours, formats={'on' if formats else 'off'}: {agree}/{len(cases)} ({pct:.2f}%)")
        if pct < 99.5:
            failed = True
            for case in wrong[:20]:
                print(f"  case {case['id']} {case['family']} sdk={case['valid']}: {case['input'][:160]}")
        validators = {m: validator(ours_ser[m], formats) for m in MODELS}
        bad_dumps = [c for c in cases if c["valid"] and not validators[c["model"]].is_valid(json.loads(c["dump"]))]
        dumps = sum(1 for c in cases if c["valid"])
        print(f"  SDK dumps valid against the serialization schema: {dumps - len(bad_dumps)}/{dumps}")
        if bad_dumps:
            failed = True
            for case in bad_dumps[:5]:
                errors = [e.message for e in validators[case["model"]].iter_errors(json.loads(case["dump"]))]
                print(f"  case {case['id']}: {errors[:3]}")
        # Input-only forms are not what the SDK writes.
        sample = json.loads(next(c["dump"] for c in cases if c["valid"] and c["model"] == "TracerSessionResult"))
        for key, value in (("latency_p50", 7.896), ("total_cost", 0.2), ("start_time", 1700000000), ("run_count", "3")):
            doc = dict(sample, **{key: value})
            if validators["TracerSessionResult"].is_valid(doc):
                failed = True
                print(f"  serialization schema accepts input-only form {key}={value!r}")

    if "--pydantic" in sys.argv:
        from langsmith import schemas as sdk

        for mode in ("validation", "serialization"):
            theirs = {m: getattr(sdk, m).model_json_schema(mode=mode) for m in MODELS}
            if mode == "validation":
                for formats in (False, True):
                    agree, _ = agreement(cases, theirs, formats)
                    print(f"python-jsonschema, pydantic's model_json_schema(), formats={'on' if formats else 'off'}: "
                          f"{agree}/{len(cases)} ({100 * agree / len(cases):.2f}%)")
            else:
                for formats in (False, True):
                    validators = {m: validator(theirs[m], formats) for m in MODELS}
                    dumps = [c for c in cases if c["valid"]]
                    good = sum(1 for c in dumps if validators[c["model"]].is_valid(json.loads(c["dump"])))
                    print(f"  SDK dumps valid against pydantic's serialization schema, formats={'on' if formats else 'off'}: "
                          f"{good}/{len(dumps)}")
    print("FAILED" if failed else "ok")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
