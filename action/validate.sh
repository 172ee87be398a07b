#!/usr/bin/env bash
# The action's validate step (action.yml), kept as a script so that CI can run it without
# GitHub: INPUT_PATHS (space- or newline-separated), INPUT_MODEL or INPUT_SCHEMA, INPUT_MODE.
# Errors come out as GitHub workflow commands, shown inline on the pull request.
set -euo pipefail
bin=${TRACER_SCHEMA_BIN:-tracer-schema}
args=(validate --format github --mode "${INPUT_MODE:-validation}")
if [ -n "${INPUT_SCHEMA:-}" ]; then
  args+=(--schema "$INPUT_SCHEMA")
elif [ -n "${INPUT_MODEL:-}" ]; then
  args+=(--model "$INPUT_MODEL")
else
  echo "::error title=tracer-schema::give the action a model or a schema input" >&2
  exit 2
fi
paths=()
while IFS= read -r path; do
  [ -n "$path" ] && paths+=("$path")
done < <(printf '%s\n' ${INPUT_PATHS:-})
if [ ${#paths[@]} -eq 0 ]; then
  echo "::error title=tracer-schema::the paths input is empty" >&2
  exit 2
fi
exec "$bin" "${args[@]}" "${paths[@]}"
