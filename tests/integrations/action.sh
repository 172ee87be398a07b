#!/usr/bin/env bash
# action.yml's steps, run here without GitHub: install the CLI the way the action does (into a
# scratch root), then the validate step on good and bad payloads, checking exit statuses and
# the ::error lines.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo install --quiet --locked --root "$work/root" --path "$repo/crates/tracer-schema-cli"
export TRACER_SCHEMA_BIN="$work/root/bin/tracer-schema" GITHUB_ACTION_PATH="$repo"
good="$repo/tests/fixtures/api/derived/lcdocs-fetch-perf-metrics-1-uuidfilled.json"
bad="$repo/tests/fixtures/api/real/lcdocs-fetch-perf-metrics-1.json"
INPUT_PATHS="$good" INPUT_MODEL=TracerSessionResult bash "$repo/action/validate.sh"
echo "action: good payload passes"
set +e
out=$(INPUT_PATHS="$good
$bad" INPUT_MODEL=TracerSessionResult bash "$repo/action/validate.sh")
code=$?
set -e
[ "$code" -eq 1 ] || { echo "expected exit 1 on a bad payload, got $code" >&2; exit 1; }
grep -q '^::error file=.*lcdocs-fetch-perf-metrics-1.json,line=' <<<"$out" || { echo "$out"; exit 1; }
echo "action: bad payload fails with ::error lines"
if INPUT_PATHS="$good" bash "$repo/action/validate.sh" 2>/dev/null; then
  echo "the action ran without a model or schema" >&2
  exit 1
fi
echo "action: a missing model input is an error"
