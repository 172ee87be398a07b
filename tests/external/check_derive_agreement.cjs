#!/usr/bin/env node
// ajv's view of the derive's agreement cases (tests/downstream/tests/agreement.rs): Ajv2020 in
// strict mode (union types allowed) with ajv-formats, as check_schemas.cjs compiles schemas/.
//
//   TRACER_SCHEMA_AGREEMENT_OUT=$PWD/target/agreement.jsonl \
//       cargo test -p tracer-schema-downstream --test agreement
//   node tests/external/check_derive_agreement.cjs target/agreement.jsonl
//
// For each model, the validation schema (tests/downstream/schemas/<Model>.schema.json) must
// agree with serde's expected verdict on >= 99.9% of the inputs outside the documented
// deviations (tests/downstream/deviations.tsv), every disagreement must carry a deviation id,
// and every value serde wrote back must be valid against <Model>.serialization.schema.json.
// Exit status 0 when every target is met.
"use strict";

const fs = require("fs");
const path = require("path");
const Ajv2020 = require("ajv/dist/2020");
const addFormats = require("ajv-formats");

const MIN_AGREEMENT = 0.999;
const root = path.resolve(__dirname, "..", "..");
const file = process.argv[2];
if (!file) {
  console.error("usage: node check_derive_agreement.cjs CASES.jsonl");
  process.exit(2);
}
const cases = fs
  .readFileSync(file, "utf8")
  .split("\n")
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l));
const schema = (name) =>
  JSON.parse(fs.readFileSync(path.join(root, "tests/downstream/schemas", name), "utf8"));

// JSON.parse accepts unpaired surrogate escapes, which serde_json (and Unicode) does not.
function hasLoneSurrogate(v) {
  if (typeof v === "string") return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(v);
  if (Array.isArray(v)) return v.some(hasLoneSurrogate);
  if (v && typeof v === "object") return Object.entries(v).some(([k, x]) => hasLoneSurrogate(k) || hasLoneSurrogate(x));
  return false;
}

function parse(text) {
  try {
    const doc = JSON.parse(text);
    return hasLoneSurrogate(doc) ? [null, false] : [doc, true];
  } catch {
    return [null, false];
  }
}

const ajv = new Ajv2020({ strict: true, allowUnionTypes: true });
addFormats(ajv);
const models = [...new Set(cases.map((c) => c.model))].sort();
const validators = {};
let failed = false;
for (const m of models) {
  try {
    validators[m] = {
      validation: ajv.compile(schema(`${m}.schema.json`)),
      serialization: ajv.compile(schema(`${m}.serialization.schema.json`)),
    };
  } catch (e) {
    // A schema strict mode refuses is a failure of its own; the other models are still judged.
    failed = true;
    console.log(`${m}: schema does not compile: ${e.message}`);
  }
}

console.log(`ajv (Ajv2020 strict) ${cases.length} cases`);
console.log(`${"model".padEnd(12)} ${"cases".padStart(6)} ${"agree".padStart(8)} ${"outside deviations".padStart(19)} ${"written".padStart(11)}  explained deviations`);
for (const model of models) {
  const mine = cases.filter((c) => c.model === model);
  const v = validators[model];
  if (!v) continue;
  let agree = 0;
  let outside = 0;
  let outsideAgree = 0;
  let writtenChecked = 0;
  const explained = {};
  const unexplained = [];
  const badWritten = [];
  for (const c of mine) {
    const [doc, ok] = parse(c.text);
    const ours = ok && v.validation(doc);
    if (c.deviation === null) {
      outside += 1;
      if (ours === c.expected) outsideAgree += 1;
    }
    if (ours === c.expected) agree += 1;
    else if (c.deviation !== null) explained[c.deviation] = (explained[c.deviation] || 0) + 1;
    else unexplained.push([c, ours, ok ? v.validation.errors : null]);
    if (c.written !== null) {
      writtenChecked += 1;
      if (!v.serialization(c.written)) badWritten.push([c, v.serialization.errors]);
    }
  }
  const share = outside ? outsideAgree / outside : 1;
  const counts = Object.keys(explained)
    .sort()
    .map((k) => `${k} ${explained[k]}`)
    .join(", ");
  console.log(
    `${model.padEnd(12)} ${String(mine.length).padStart(6)} ${((100 * agree) / mine.length).toFixed(2).padStart(7)}% ` +
      `${(100 * share).toFixed(2).padStart(18)}% ${`${writtenChecked - badWritten.length}/${writtenChecked}`.padStart(11)}  ${counts}`,
  );
  if (share < MIN_AGREEMENT || unexplained.length || badWritten.length) failed = true;
  for (const [c, ours, errors] of unexplained.slice(0, 20)) {
    console.log(`  unexplained: expected=${c.expected} ajv=${ours}: ${c.text.slice(0, 300)}`);
    if (errors) console.log(`    ${JSON.stringify(errors.slice(0, 3)).slice(0, 400)}`);
  }
  for (const [c, errors] of badWritten.slice(0, 5)) {
    console.log(
      `  written value refused by the serialization schema: ${JSON.stringify(c.written).slice(0, 300)}: ` +
        JSON.stringify(errors.slice(0, 3)).slice(0, 300),
    );
  }
}
console.log(failed ? "FAILED" : "ok");
process.exit(failed ? 1 : 0);
