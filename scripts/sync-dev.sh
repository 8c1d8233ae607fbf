#!/usr/bin/env bash
# `sam sync --watch` against the dev stack (samconfig.toml [dev]), with the watch exclusions a Maven reactor needs.
#
# Every Java function's CodeUri is the repository root (the makefile build runs the whole reactor), so SAM watches
# the whole tree for each of them: Maven's target/ output, the Python .venv and benchmark results would re-trigger
# a build after every build. This passes `--watch-exclude <LogicalId>=<dir>` for every function and layer in
# template.yaml. SAM turns each exclude into the regex ^.*<dir>.*$ over the changed path.
#   scripts/sync-dev.sh            # runs sam sync --config-env dev --watch ...
#   PRINT_ONLY=1 scripts/sync-dev.sh   # prints the command instead (used by the tests)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/java.sh
[ -n "${PRINT_ONLY:-}" ] || require_jdk

EXCLUDED_DIRS=(/target/ /.venv/ /.git/ /benchmarks/results/ /.idea/)

mapfile -t resources < <(.venv/bin/python - <<'PY'
from samcli.yamlhelper import yaml_parse
with open("template.yaml", encoding="utf-8") as f:
    template = yaml_parse(f.read())
for logical_id, resource in template.get("Resources", {}).items():
    if resource.get("Type") in ("AWS::Serverless::Function", "AWS::Serverless::LayerVersion"):
        print(logical_id)
PY
)

args=(sync --config-env dev --watch)
for resource in "${resources[@]}"; do
  for dir in "${EXCLUDED_DIRS[@]}"; do
    args+=(--watch-exclude "$resource=$dir")
  done
done

if [ -n "${PRINT_ONLY:-}" ]; then
  printf '%q ' .venv/bin/sam "${args[@]}"
  echo
else
  exec .venv/bin/sam "${args[@]}"
fi
