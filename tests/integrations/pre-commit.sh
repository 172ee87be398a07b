#!/usr/bin/env bash
# The pre-commit hook from a consumer's point of view: a throwaway git repository whose
# .pre-commit-config.yaml points at this checkout (repo: its path, rev: HEAD). pre-commit builds
# the hook with cargo (language: rust); `pre-commit run --files good.json` must pass and
# `bad.json` must fail. Needs a python with pre-commit installed: $1 (default: python3).
set -euo pipefail
python=${1:-python3}
# An absolute path: the script works in a scratch directory.
case "$python" in */*) python="$(cd "$(dirname "$python")" && pwd)/$(basename "$python")" ;; esac
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
rev=$(git -C "$repo" rev-parse HEAD)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/cache"
cd "$work"
git init -q consumer
cd consumer
git config user.email ci@example.invalid
git config user.name ci
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $repo
    rev: $rev
    hooks:
      - id: tracer-schema-validate
        args: [--model, TracerSessionResult]
YAML
cp "$repo/tests/fixtures/api/derived/lcdocs-fetch-perf-metrics-1-uuidfilled.json" good.json
cp "$repo/tests/fixtures/api/real/lcdocs-fetch-perf-metrics-1.json" bad.json
git add .
"$python" -m pre_commit run --files good.json
echo "pre-commit passes on good.json"
if "$python" -m pre_commit run --files bad.json > bad.out 2>&1; then
  cat bad.out
  echo "pre-commit passed on bad.json, which holds redacted ids" >&2
  exit 1
fi
grep -q "reference_dataset_id" bad.out || { cat bad.out; echo "the hook's report does not name the bad field" >&2; exit 1; }
echo "pre-commit fails on bad.json, naming its errors"
