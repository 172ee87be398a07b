#!/usr/bin/env python3
"""python-jsonschema's view of the derive's agreement cases (tests/downstream/tests/agreement.rs).

The Rust harness writes every generated input with serde's expected verdict (serde reads it and
the value meets the model's constraints), the documented deviation that explains a schema
disagreeing with it (tests/downstream/deviations.tsv) and the value serde wrote back:

    TRACER_SCHEMA_AGREEMENT_OUT=$PWD/target/agreement.jsonl \\
        cargo test -p tracer-schema-downstream --test agreement
    python tests/external/check_derive_agreement.py target/agreement.jsonl

For each model, the validation schema (tests/downstream/schemas/<Model>.schema.json, draft
2020-12 with format assertion) must agree with the expected verdict on >= 99.9% of the inputs
outside the documented deviations, every disagreement must carry a deviation id, and every
written value must be valid against <Model>.serialization.schema.json.

Exit status 0 when every target is met, 1 otherwise.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "tests/downstream/schemas"
MIN_AGREEMENT = 0.999


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
    """Strict JSON: Python's json module would also accept NaN, Infinity and unpaired
    surrogate escapes, which serde_json (and Unicode) does not."""
    try:
        doc = json.loads(text, parse_constant=_reject_constant)
    except ValueError:
        return None, False
    return (None, False) if _has_lone_surrogate(doc) else (doc, True)


def validator(path: Path) -> Draft202012Validator:
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        cases = [json.loads(line) for line in f if line.strip()]
    models = sorted({c["model"] for c in cases})
    validators = {
        m: (validator(SCHEMAS / f"{m}.schema.json"), validator(SCHEMAS / f"{m}.serialization.schema.json"))
        for m in models
    }
    failed = False
    print(f"python-jsonschema {len(cases)} cases")
    print(f"{'model':<12} {'cases':>6} {'agree':>8} {'outside deviations':>19} {'written':>11}  explained deviations")
    for model in models:
        mine = [c for c in cases if c["model"] == model]
        validation, serialization = validators[model]
        agree, outside, outside_agree = 0, 0, 0
        explained: Counter[str] = Counter()
        unexplained, bad_written = [], []
        written_checked = 0
        for case in mine:
            doc, ok = parse(case["text"])
            ours = ok and validation.is_valid(doc)
            if case["deviation"] is None:
                outside += 1
                outside_agree += ours == case["expected"]
            if ours == case["expected"]:
                agree += 1
            elif case["deviation"] is not None:
                explained[case["deviation"]] += 1
            else:
                unexplained.append((case, ours))
            if case["written"] is not None:
                written_checked += 1
                if not serialization.is_valid(case["written"]):
                    bad_written.append(case)
        share = outside_agree / outside if outside else 1.0
        print(
            f"{model:<12} {len(mine):>6} {100 * agree / len(mine):>7.2f}% {100 * share:>18.2f}% "
            f"{written_checked - len(bad_written):>5}/{written_checked:<5}  "
            + ", ".join(f"{k} {v}" for k, v in sorted(explained.items()))
        )
        if share < MIN_AGREEMENT or unexplained or bad_written:
            failed = True
        for case, ours in unexplained[:20]:
            print(f"  unexplained: expected={case['expected']} python-jsonschema={ours}: {case['text'][:300]}")
            doc, ok = parse(case["text"])
            if ok:
                for error in list(validation.iter_errors(doc))[:3]:
                    print(f"    {'/'.join(map(str, error.absolute_path)) or '(document)'}: {error.message[:200]}")
        for case in bad_written[:5]:
            errors = [e.message[:200] for e in serialization.iter_errors(case["written"])][:3]
            print(f"  written value refused by the serialization schema: {json.dumps(case['written'])[:300]}: {errors}")
    print("FAILED" if failed else "ok")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
