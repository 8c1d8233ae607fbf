#!/usr/bin/env bash
# Loads reference data into the reference table: batch-orchestrator/load-reference.sh <table> <reference.csv>
# Uses the usual AWS environment (AWS_REGION, credentials or AWS_PROFILE; AWS_ENDPOINT_URL for a local endpoint).
# Needs JAVA_HOME at JDK 21+.
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 <reference-table-name> <reference.csv>" >&2
  exit 2
fi
csv=$(realpath "$2")
cd "$(dirname "$0")/.."
CP_FILE="$PWD/batch-orchestrator/target/runtime.classpath"
./mvnw -B -q -pl batch-orchestrator -am compile dependency:build-classpath \
  -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=runtime
"${JAVA_HOME:-/usr}/bin/java" -cp "batch-orchestrator/target/classes:$(cat "$CP_FILE")" \
  com.example.serverless.batch.enrich.ReferenceLoader "$1" "$csv"
