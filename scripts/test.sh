#!/usr/bin/env bash
# The whole test suite, one command (README "Testing"; CI runs exactly this):
#   static checks of the template and state machines, unit + integration tests (Java and Node) against a local
#   AWS endpoint, then `sam build` of every function and layer, and every sample event run on those artifacts.
# Needs JAVA_HOME pointing at JDK 21+ (the Maven enforcer checks it), Python 3.10+, Node.js 20+.
set -euo pipefail
cd "$(dirname "$0")/.."

export SAM_CLI_TELEMETRY=0
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-us-east-1}"

step() {
  local name=$1; shift
  local start=$SECONDS
  echo "==> $name"
  "$@"
  echo "<== $name: ok ($((SECONDS - start)) s)"
}

validate_state_machines() {
  shopt -s nullglob
  local files=(statemachines/*.asl.json)
  if [ ${#files[@]} -eq 0 ]; then
    echo "no state machines yet"
    return 0
  fi
  local file
  for file in "${files[@]}"; do
    npx --no-install asl-validator --json-path "$file"
  done
}

step "install test tools" scripts/setup-tools.sh
step "cfn-lint template.yaml" .venv/bin/cfn-lint template.yaml
step "sam validate --lint" .venv/bin/sam validate --lint
step "asl-validator statemachines/*.asl.json" validate_state_machines
step "template audit (checkov, accepted findings in audit/)" scripts/audit-template.sh
step "maven verify (unit + integration tests)" ./mvnw -B -ntp verify
if [ -f edge-origin-request/package.json ]; then
  step "node tests (edge-origin-request)" npm --prefix edge-origin-request test
fi
step "sam build (every function and layer)" .venv/bin/sam build
# every sample event through scripts/local-invoke (the sam build artifacts on AWS's Runtime Interface Emulator)
step "local invoke of every sample event (events/*.json)" .venv/bin/python -m pytest -q -p no:cacheprovider tools/local_invoke/tests
