#!/usr/bin/env node
// ajv's check of schemas/: Ajv2020 in strict mode (union types allowed) with ajv-formats.
// The validation schema must judge the oracle corpus as the SDK does (>= 99.5%, formats on and
// off); every SDK dump must be valid against the serialization schema, and input-only forms
// must not be. Exit status 0 when every target is met.
"use strict";

const fs = require("fs");
const path = require("path");
const Ajv2020 = require("ajv/dist/2020");
const addFormats = require("ajv-formats");

const root = path.resolve(__dirname, "..", "..");
const models = ["TracerSession", "TracerSessionResult"];
const cases = fs
  .readFileSync(path.join(root, "tests/fixtures/oracle/cases.jsonl"), "utf8")
  .split("\n")
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l));
const schema = (name) => JSON.parse(fs.readFileSync(path.join(root, "schemas", name), "utf8"));

function compile(formats) {
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, validateFormats: formats });
  addFormats(ajv);
  const out = {};
  for (const m of models) {
    out[m] = {
      validation: ajv.compile(schema(`${m}.schema.json`)),
      serialization: ajv.compile(schema(`${m}.serialization.schema.json`)),
    };
  }
  return out;
}

// JSON.parse accepts unpaired surrogate escapes, which the SDK's parser (and Unicode) does not.
function hasLoneSurrogate(v) {
  if (typeof v === "string") return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(v);
  if (Array.isArray(v)) return v.some(hasLoneSurrogate);
  if (v && typeof v === "object") return Object.entries(v).some(([k, x]) => hasLoneSurrogate(k) || hasLoneSurrogate(x));
  return false;
}

// A number beyond the double range becomes Infinity in JavaScript, which ajv (rightly) does not
// count as a JSON number; such inputs cannot be judged here and are reported separately.
function hasInfinity(v) {
  if (typeof v === "number") return !Number.isFinite(v);
  if (Array.isArray(v)) return v.some(hasInfinity);
  if (v && typeof v === "object") return Object.values(v).some(hasInfinity);
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

let failed = false;
for (const formats of [false, true]) {
  const v = compile(formats);
  let agree = 0;
  let judged = 0;
  let unrepresentable = 0;
  const wrong = [];
  for (const c of cases) {
    const [doc, ok] = parse(c.input);
    if (ok && hasInfinity(doc)) {
      unrepresentable += 1;
      continue;
    }
    judged += 1;
    const ours = ok && v[c.model].validation(doc);
    if (ours === c.valid) agree += 1;
    else wrong.push(c);
  }
  const pct = (100 * agree) / judged;
  console.log(
    `ajv (Ajv2020 strict), ours, formats=${formats ? "on" : "off"}: ${agree}/${judged} (${pct.toFixed(2)}%), ` +
      `${unrepresentable} inputs with numbers beyond the double range not judged`,
  );
  if (pct < 99.5) {
    failed = true;
    for (const c of wrong.slice(0, 20)) console.log(`  case ${c.id} ${c.family} sdk=${c.valid}: ${c.input.slice(0, 160)}`);
  }
  const dumps = cases.filter((c) => c.valid);
  const bad = dumps.filter((c) => !v[c.model].serialization(JSON.parse(c.dump)));
  console.log(`  SDK dumps valid against the serialization schema: ${dumps.length - bad.length}/${dumps.length}`);
  if (bad.length) {
    failed = true;
    for (const c of bad.slice(0, 5)) {
      v[c.model].serialization(JSON.parse(c.dump));
      console.log(`  case ${c.id}: ${JSON.stringify(v[c.model].serialization.errors).slice(0, 300)}`);
    }
  }
  const sample = JSON.parse(dumps.find((c) => c.model === "TracerSessionResult").dump);
  for (const [key, value] of [["latency_p50", 7.896], ["total_cost", 0.2], ["start_time", 1700000000], ["run_count", "3"]]) {
    if (v.TracerSessionResult.serialization({ ...sample, [key]: value })) {
      failed = true;
      console.log(`  serialization schema accepts input-only form ${key}=${JSON.stringify(value)}`);
    }
  }
}
console.log(failed ? "FAILED" : "ok");
process.exit(failed ? 1 : 0);
