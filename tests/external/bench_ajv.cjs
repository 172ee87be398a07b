#!/usr/bin/env node
// For BENCHMARKS.md: ajv looping over a JSON Lines file, validating each record against
// schemas/TracerSessionResult.schema.json, beside JSON.parse alone.
//   node tests/external/bench_ajv.cjs target/bench/corpus-200000.jsonl
"use strict";

const fs = require("fs");
const path = require("path");
const readline = require("readline");
const Ajv2020 = require("ajv/dist/2020");
const addFormats = require("ajv-formats");

const root = path.resolve(__dirname, "..", "..");
const file = process.argv[2];
const ajv = new Ajv2020({ strict: true, allowUnionTypes: true });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(root, "schemas/TracerSessionResult.schema.json"), "utf8")));

async function run(check) {
  const start = process.hrtime.bigint();
  let records = 0;
  let invalid = 0;
  const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    records += 1;
    let doc;
    try {
      doc = JSON.parse(line);
    } catch {
      invalid += 1;
      continue;
    }
    if (check && !validate(doc)) invalid += 1;
  }
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, records, invalid };
}

(async () => {
  const parse = await run(false);
  const full = await run(true);
  console.log(`JSON.parse per line: ${parse.seconds.toFixed(3)} s (${parse.records} records)`);
  console.log(`ajv per line: ${full.seconds.toFixed(3)} s (${full.invalid} invalid)`);
})();
