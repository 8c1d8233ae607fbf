#!/usr/bin/env bash
# Installs the test tools from the project's own pinned files, idempotently:
#   Python (moto_server, cfn-lint, sam) -> .venv        from requirements-dev.txt
#   Node   (asl-validator, edge deps)   -> node_modules from package-lock.json
# Re-runs only when the pins change.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
want=$(sha256sum requirements-dev.txt | cut -d' ' -f1)
if [ ! -x .venv/bin/moto_server ] || [ "$(cat .venv/.requirements-sha 2>/dev/null)" != "$want" ]; then
  echo "setup-tools: installing Python test tools into .venv"
  "$PYTHON" -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
  echo "$want" > .venv/.requirements-sha
fi

want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -d node_modules ] || [ "$(cat node_modules/.lock-sha 2>/dev/null)" != "$want" ]; then
  echo "setup-tools: installing Node tools (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > node_modules/.lock-sha
fi

want=$(sha256sum edge-origin-request/package-lock.json | cut -d' ' -f1)
if [ ! -d edge-origin-request/node_modules ] || [ "$(cat edge-origin-request/node_modules/.lock-sha 2>/dev/null)" != "$want" ]; then echo "setup-tools: installing edge-origin-request test deps (npm ci)"; npm ci --prefix edge-origin-request --no-audit --no-fund --loglevel=error; echo "$want" > edge-origin-request/node_modules/.lock-sha; fi
