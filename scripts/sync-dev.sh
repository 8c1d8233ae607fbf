#!/usr/bin/env bash
# `sam sync --watch` against the dev stack (samconfig.toml [dev]), watching for each function and layer only what
# its artifact is built from.
#
# Every Java function's CodeUri is the repository root (the makefile build runs the Maven reactor), so by default
# SAM would rebuild all functions and the layer on any save, and Maven's own target/ output would re-trigger a build
# after every build. scripts/lib/watch_excludes.py derives, per function and layer, the folders it is built from
# (its build.mk folder plus the reactor modules it depends on, read from the POMs, plus the root build files) and
# passes `--watch-exclude <LogicalId>=<regex>` for everything else: a save in demo-api/ rebuilds HelloFunction only,
# a save in common/ every function whose module depends on common.
#   scripts/sync-dev.sh                 # runs sam sync --config-env dev --watch ...
#   PRINT_ONLY=1 scripts/sync-dev.sh    # prints the command instead (scripts/tests/sync_watch_test.py reads it)
#   .venv/bin/python scripts/lib/watch_excludes.py --plan   # what each function and layer watches
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/java.sh
[ -n "${PRINT_ONLY:-}" ] || require_jdk

args=(sync --config-env dev --watch)
while read -r resource exclude; do
  args+=(--watch-exclude "$resource=$exclude")
done < <(.venv/bin/python scripts/lib/watch_excludes.py)

if [ -n "${PRINT_ONLY:-}" ]; then
  printf '%q ' env SAM_CLI_TELEMETRY=0 .venv/bin/sam "${args[@]}"
  echo
else
  SAM_CLI_TELEMETRY=0 exec .venv/bin/sam "${args[@]}"
fi
